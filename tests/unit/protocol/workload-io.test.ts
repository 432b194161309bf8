import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_LINE_BYTES,
  isLineTooLong,
  JsonLineSplitter,
  LINE_TOO_LONG,
  parseWorkloadLine,
} from '../../../src-shared/protocol/workload-io';
import type { WorkloadLine } from '../../../src-shared/protocol/messages';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

function line(text: string): WorkloadLine {
  const r = parseWorkloadLine(text);
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}

function lineError(text: string): string {
  const r = parseWorkloadLine(text);
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('parseWorkloadLine: §3.14 examples and §13 messages', () => {
  it('status', () => {
    expect(line('{"type":"status","message":"Loading model..."}')).toEqual({ type: 'status', message: 'Loading model...' });
  });

  it('token', () => {
    expect(line('{"type":"token","content":"Hello"}')).toEqual({ type: 'token', content: 'Hello' });
  });

  it('progress', () => {
    expect(line('{"type":"progress","step":5,"total":20}')).toEqual({ type: 'progress', step: 5, total: 20 });
  });

  it('image', () => {
    expect(line('{"type":"image","data":"base64data","format":"png","width":512,"height":512}')).toEqual({
      type: 'image',
      data: 'base64data',
      format: 'png',
      width: 512,
      height: 512,
    });
  });

  it('done with usage, seed none', () => {
    expect(line('{"type":"done","usage":{"prompt_tokens":10,"completion_tokens":25}}')).toEqual({
      type: 'done',
      usage: { prompt_tokens: 10, completion_tokens: 25 },
    });
  });

  it('done with usage and seed', () => {
    expect(line('{"type":"done","usage":{"prompt_tokens":128,"completion_tokens":512},"seed":42}')).toEqual({
      type: 'done',
      usage: { prompt_tokens: 128, completion_tokens: 512 },
      seed: 42,
    });
  });

  it('bare done, usage and seed none', () => {
    expect(line('{"type":"done"}')).toEqual({ type: 'done' });
  });

  it('error', () => {
    expect(line('{"type":"error","message":"OOM killed"}')).toEqual({ type: 'error', message: 'OOM killed' });
  });
});

describe('parseWorkloadLine: serde rules', () => {
  it('ignores unknown fields and treats null optionals as absent', () => {
    expect(line('{"type":"token","content":"x","logprob":-0.1}')).toEqual({ type: 'token', content: 'x' });
    expect(line('{"type":"done","usage":null,"seed":null}')).toEqual({ type: 'done' });
    expect(line('{"type":"done","usage":{"prompt_tokens":null}}')).toEqual({ type: 'done', usage: {} });
  });

  it('keeps a u64 seed beyond 2^53 instead of losing the done line', () => {
    const r = line('{"type":"done","seed":18446744073709551615}');
    // u64::MAX is nearest to 2^64 as a double.
    expect(r.type === 'done' && r.seed).toBe(2 ** 64);
  });

  it('rejects an upper-case or unknown type', () => {
    expect(lineError('{"type":"Status","message":"x"}')).toContain('unknown type "Status"');
    expect(lineError('{"type":"log","message":"x"}')).toContain('unknown type "log"');
    expect(lineError('{"message":"x"}')).toContain('field "type": missing (expected a string)');
    expect(lineError('{"type":1}')).toContain('field "type": expected a string, got integer 1');
  });

  it('rejects missing and ill-typed fields', () => {
    expect(lineError('{"type":"status"}')).toContain('field "message": missing (expected a string)');
    expect(lineError('{"type":"token","content":5}')).toContain('field "content": expected a string, got integer 5');
    expect(lineError('{"type":"progress","step":5}')).toContain('field "total": missing');
    expect(lineError('{"type":"progress","step":-1,"total":20}')).toContain('field "step"');
    expect(lineError('{"type":"progress","step":5.0,"total":20}')).toContain('field "step": expected an integer, got float 5.0');
    expect(lineError('{"type":"image","data":"x","format":"png","width":"512","height":512}')).toContain('field "width"');
    expect(lineError('{"type":"done","usage":{"prompt_tokens":1.5}}')).toContain('field "usage.prompt_tokens"');
    expect(lineError('{"type":"done","seed":-1}')).toContain('field "seed"');
  });

  it('rejects invalid JSON and non-objects, carrying the raw line (§13 executor)', () => {
    const e = lineError('not json at all');
    expect(e).toMatch(/^invalid workload line: not JSON/);
    expect(e).toContain('(line: not json at all)');
    expect(lineError('[1,2]')).toContain('expected a JSON object, got array');
    expect(lineError(LINE_TOO_LONG)).toMatch(/not JSON/);
  });

  it('shortens a long raw line in the error', () => {
    const e = lineError(`{"type":"token","content":5,"pad":"${'x'.repeat(1000)}"}`);
    expect(e.length).toBeLessThan(400);
    expect(e).toContain('…');
  });
});

describe('JsonLineSplitter: §13 executor helpers', () => {
  it('a single line parses to status "Loading" with nothing left over', () => {
    const s = new JsonLineSplitter();
    const lines = s.push(bytes('{"type":"status","message":"Loading"}\n'));
    expect(lines.map(line)).toEqual([{ type: 'status', message: 'Loading' }]);
    expect(s.pendingBytes).toBe(0);
    expect(s.flush()).toBeNull();
  });

  it('two token lines give two results', () => {
    const s = new JsonLineSplitter();
    expect(s.push(bytes('{"type":"token","content":"a"}\n{"type":"token","content":"b"}\n'))).toHaveLength(2);
  });

  it('keeps an incomplete trailing line buffered', () => {
    const s = new JsonLineSplitter();
    expect(s.push(bytes('{"type":"token","content":"a"}\n{"type":"tok'))).toEqual(['{"type":"token","content":"a"}']);
    expect(s.pendingBytes).toBe(12);
    expect(s.push(bytes('en","content":"b"}\n'))).toEqual(['{"type":"token","content":"b"}']);
    expect(s.pendingBytes).toBe(0);
  });

  it('skips empty and whitespace-only lines', () => {
    const s = new JsonLineSplitter();
    expect(s.push(bytes('\n   \n\t\r\n{"type":"done"}\n\n'))).toEqual(['{"type":"done"}']);
  });

  it('passes invalid JSON lines through for the parser to reject with the raw line', () => {
    const s = new JsonLineSplitter();
    const [raw] = s.push(bytes('oops\n'));
    expect(raw).toBe('oops');
    expect(lineError(raw!)).toContain('(line: oops)');
  });

  it('without a newline parses nothing and keeps everything', () => {
    const s = new JsonLineSplitter();
    expect(s.push(bytes('{"type":"done"}'))).toEqual([]);
    expect(s.pendingBytes).toBe(15);
    expect(s.flush()).toBe('{"type":"done"}');
    expect(s.pendingBytes).toBe(0);
  });
});

describe('JsonLineSplitter: bytes and limits', () => {
  it('keeps a multi-byte UTF-8 character split across chunks', () => {
    const s = new JsonLineSplitter();
    const all = bytes('{"type":"token","content":"é€😀"}\n');
    const out: string[] = [];
    for (let i = 0; i < all.length; i++) out.push(...s.push(all.subarray(i, i + 1)));
    expect(out.map(line)).toEqual([{ type: 'token', content: 'é€😀' }]);
  });

  it('copies held bytes, so a reused chunk buffer does not corrupt the line', () => {
    const s = new JsonLineSplitter();
    const chunk = bytes('{"type":"done"');
    s.push(chunk);
    chunk.fill(0x20);
    expect(s.push(bytes('}\n'))).toEqual(['{"type":"done"}']);
  });

  it('handles CRLF line endings', () => {
    const s = new JsonLineSplitter();
    const [raw] = s.push(bytes('{"type":"token","content":"x"}\r\n'));
    expect(line(raw!)).toEqual({ type: 'token', content: 'x' });
  });

  it('replaces invalid UTF-8 with U+FFFD instead of dropping the line', () => {
    const s = new JsonLineSplitter();
    const [raw] = s.push(new Uint8Array([...bytes('{"type":"token","content":"'), 0xff, ...bytes('"}\n')]));
    expect(line(raw!)).toEqual({ type: 'token', content: '\ufffd' });
  });

  it('flush returns null for nothing or blanks', () => {
    const s = new JsonLineSplitter();
    expect(s.flush()).toBeNull();
    s.push(bytes('   '));
    expect(s.flush()).toBeNull();
  });

  it('defaults to a 1 MiB line limit', () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBe(1024 * 1024);
    const s = new JsonLineSplitter();
    const ok = `{"type":"token","content":"${'a'.repeat(DEFAULT_MAX_LINE_BYTES - 29)}"}`;
    expect(bytes(ok).length).toBe(DEFAULT_MAX_LINE_BYTES);
    expect(s.push(bytes(`${ok}\n`))).toEqual([ok]);
    expect(s.push(bytes(`${ok} \n`))).toEqual([LINE_TOO_LONG]);
  });

  it('reports a too-long line once, as soon as it overflows, then resumes after its newline', () => {
    const s = new JsonLineSplitter({ maxLineBytes: 10 });
    expect(s.push(bytes('12345'))).toEqual([]);
    const overflow = s.push(bytes('678901'));
    expect(overflow).toEqual([LINE_TOO_LONG]);
    expect(isLineTooLong(overflow[0]!)).toBe(true);
    expect(s.pendingBytes).toBe(0);
    expect(s.push(bytes('more of the same line'))).toEqual([]);
    expect(s.pendingBytes).toBe(0);
    expect(s.push(bytes(' end\n{"a":1}\n'))).toEqual(['{"a":1}']);
    expect(s.droppedLines).toBe(1);
  });

  it('reports a too-long complete line within one chunk and keeps the next', () => {
    const s = new JsonLineSplitter({ maxLineBytes: 10 });
    expect(s.push(bytes('12345678901\n{"a":1}\n123'))).toEqual([LINE_TOO_LONG, '{"a":1}']);
    expect(s.flush()).toBe('123');
  });

  it('does not return the rest of a too-long line from flush', () => {
    const s = new JsonLineSplitter({ maxLineBytes: 4 });
    expect(s.push(bytes('abcdefgh'))).toEqual([LINE_TOO_LONG]);
    expect(s.flush()).toBeNull();
    expect(s.push(bytes('ok\n'))).toEqual(['ok']);
  });

  it('never mistakes a real line for the marker', () => {
    const s = new JsonLineSplitter();
    for (const l of s.push(bytes('[line too long]\n\n[line too long]\n'))) expect(isLineTooLong(l)).toBe(false);
  });
});
