// The container column of §3.15, on bytes as Docker delivers them.
import { describe, expect, it } from 'vitest';
import type { ImageOutput, JobEmitter } from '../../../../src-main/agent/jobs/runtime';
import { CargoStdout } from '../../../../src-main/agent/runtimes/container/cargo-stdout';
import { createTestLogger } from '../../../helpers/test-logger';

class RecordingEmitter implements JobEmitter {
  readonly calls: unknown[] = [];
  tokensSent = 0;
  streaming() {
    this.calls.push('streaming');
  }
  token(text: string) {
    this.tokensSent += 1;
    this.calls.push(['token', text]);
  }
  final(chunk = '') {
    this.calls.push(['final', chunk]);
  }
  progress(step: number, total: number) {
    this.calls.push(['progress', step, total]);
  }
  image(image: ImageOutput) {
    this.calls.push(['image', image]);
  }
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('CargoStdout', () => {
  it('translates each line type as the container path does', () => {
    const emit = new RecordingEmitter();
    const log = createTestLogger();
    const out = new CargoStdout(emit, log);
    out.push(
      bytes(
        [
          '{"type":"status","message":"Loading model..."}',
          '{"type":"status","message":"ready"}',
          '{"type":"token","content":"Hi"}',
          '{"type":"progress","step":5,"total":20}',
          '{"type":"image","data":"AAAA","format":"png","width":2,"height":3}',
          '{"type":"done","usage":{"prompt_tokens":10,"completion_tokens":25},"seed":42}',
          '{"type":"error","message":"OOM killed"}',
          '',
          '   ',
          '',
        ].join('\n'),
      ),
    );
    out.end();
    expect(emit.calls).toEqual([
      'streaming',
      ['token', 'Hi'],
      ['progress', 5, 20],
      ['image', { data: 'AAAA', format: 'png', width: 2, height: 3 }],
    ]);
    expect(log.has({ level: 'warn', msg: 'Cargo reported an error: OOM killed' })).toBe(true);
    expect(log.has({ level: 'debug', msg: 'Cargo status: Loading model...' })).toBe(true);
  });

  it('ignores lines that are not workload lines, with a debug record each', () => {
    const emit = new RecordingEmitter();
    const log = createTestLogger();
    const out = new CargoStdout(emit, log);
    out.push(bytes('not json\n{"type":"Token","content":"x"}\n{"type":"token"}\n{"type":"progress","step":1.5,"total":2}\n[1]\n'));
    expect(emit.calls).toEqual([]);
    expect(out.ignored).toBe(5);
    expect(log.filter({ level: 'debug', msg: /^ignored stdout line: invalid workload line/ })).toHaveLength(5);
  });

  it("caps the log records a Cargo's stdout can cause, then says how many more there were", () => {
    const emit = new RecordingEmitter();
    const log = createTestLogger();
    const out = new CargoStdout(emit, log, 1024, 3);
    out.push(bytes('junk\n{"type":"error","message":"e"}\n'.repeat(5)));
    out.end();
    const notes = log.filter({ msg: /^(ignored stdout line|Cargo reported an error)/ });
    expect(notes).toHaveLength(3);
    expect(log.has({ level: 'info', msg: 'stdout: 7 more ignored, error or status lines not logged (the log keeps 3 per job)' })).toBe(true);
  });

  it('keeps a UTF-8 character split across chunks, and drops a last line without newline at the end', () => {
    const emit = new RecordingEmitter();
    const log = createTestLogger();
    const out = new CargoStdout(emit, log);
    const line = bytes('{"type":"token","content":"日本"}\n{"type":"token","content":"lost"}');
    for (const b of line) out.push(new Uint8Array([b]));
    out.end();
    expect(emit.calls).toEqual([['token', '日本']]);
    expect(log.has({ level: 'debug', msg: /discarded the last stdout line/ })).toBe(true);
  });

  it('skips a line beyond the limit and goes on with the next one', () => {
    const emit = new RecordingEmitter();
    const log = createTestLogger();
    const out = new CargoStdout(emit, log, 64);
    out.push(bytes(`{"type":"token","content":"${'x'.repeat(100)}"}\n{"type":"token","content":"ok"}\n`));
    expect(emit.calls).toEqual([['token', 'ok']]);
    expect(log.has({ level: 'warn', msg: /skipped a stdout line longer than/ })).toBe(true);
  });

  it('holds a base64 image line of several MiB whole', () => {
    const emit = new RecordingEmitter();
    const out = new CargoStdout(emit, createTestLogger());
    const data = 'A'.repeat(6 * 1024 * 1024);
    const line = bytes(`{"type":"image","data":"${data}","format":"png","width":4096,"height":4096}\n`);
    for (let i = 0; i < line.length; i += 65536) out.push(line.subarray(i, i + 65536));
    expect(emit.calls).toEqual([['image', { data, format: 'png', width: 4096, height: 4096 }]]);
  });
});
