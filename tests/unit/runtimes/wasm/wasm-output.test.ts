// §3.15's WASM column, through the engine's real emitter.
import { describe, expect, it } from 'vitest';
import { SeqEmitter } from '../../../../src-main/agent/jobs/emitter';
import { WasmOutput } from '../../../../src-main/agent/runtimes/wasm/wasm-output';
import { RecordingReporter } from '../../../helpers/recording-reporter';
import { createTestLogger } from '../../../helpers/test-logger';

const enc = new TextEncoder();

function setup(maxLineBytes = 1024) {
  const reporter = new RecordingReporter();
  const log = createTestLogger();
  const out = new WasmOutput(new SeqEmitter('j', 1, reporter), log, maxLineBytes);
  const sent = () => reporter.messages.map((m) => (m.kind === 'status' ? `status ${m.state}` : m.kind === 'output' ? `output ${m.msg.seq} ${JSON.stringify(m.msg.chunk)} ${m.msg.is_final}` : m.kind));
  return { reporter, log, out, sent };
}

describe('WasmOutput', () => {
  it('sends streaming on any status line, once; tokens from seq 1; the final chunk for done; nothing after it', () => {
    const { out, sent } = setup();
    out.push(enc.encode('{"type":"status","message":"loading weights"}\n{"type":"token","content":"a"}\n'));
    out.push(enc.encode('{"type":"status","message":"ready"}\n{"type":"progress","step":1,"total":3}\n'));
    out.push(enc.encode('{"type":"image","data":"aGk=","format":"png","width":2,"height":1}\n'));
    out.push(enc.encode('{"type":"done","usage":{"completion_tokens":1}}\n{"type":"done"}\n{"type":"token","content":"late"}\n'));
    expect(sent()).toEqual(['status streaming', 'output 1 "a" false', 'progress', 'image', 'output 2 "" true']);
  });

  it('logs error lines and ignores unparseable ones, publishing nothing for either', () => {
    const { out, sent, log } = setup();
    out.push(enc.encode('{"type":"error","message":"model missing"}\nnot json\n{"type":"TOKEN","content":"x"}\n{"type":"token"}\n\n  \n'));
    out.end();
    expect(sent()).toEqual([]);
    expect(log.has({ level: 'warn', msg: 'wasm module reported an error', fields: { message: 'model missing' } })).toBe(true);
    expect(out.ignoredLines).toBe(3);
  });

  it('keeps a character split across writes, and counts a last line without its newline', () => {
    const { out, sent } = setup();
    const bytes = enc.encode('{"type":"token","content":"né"}\n{"type":"token","content":"end"}');
    const cut = bytes.indexOf(0xc3) + 1; // inside "é"
    out.push(bytes.subarray(0, cut));
    out.push(bytes.subarray(cut));
    expect(sent()).toEqual(['output 1 "né" false']);
    out.end();
    expect(sent()).toEqual(['output 1 "né" false', 'output 2 "end" false']);
  });

  it('ignores a line over the length limit and carries on with the next', () => {
    const { out, sent } = setup(64);
    out.push(enc.encode(`{"type":"token","content":"${'x'.repeat(100)}"}\n{"type":"token","content":"ok"}\n`));
    expect(sent()).toEqual(['output 1 "ok" false']);
    expect(out.ignoredLines).toBe(1);
  });

  it('logs the first 20 junk or error lines of a job, then only counts them, and says how many at the end', () => {
    const { out, sent, log } = setup();
    for (let i = 0; i < 500; i++) out.push(enc.encode(`junk ${i}\n{"type":"error","message":"flood ${i}"}\n`));
    out.end();
    expect(sent()).toEqual([]);
    expect(out.ignoredLines).toBe(500);
    const notes = log.filter((r) => r.msg === 'ignored a wasm output line' || r.msg === 'wasm module reported an error');
    expect(notes.map((r) => r.level)).toEqual(Array.from({ length: 10 }, () => ['debug', 'warn']).flat());
    expect(notes[1]!.fields.message).toBe('flood 0');
    expect(log.messages('info')).toEqual(['stdout: 980 more ignored or error lines not logged (the log keeps 20 per job)']);
  });
});
