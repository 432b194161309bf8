import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLogFilter } from '../../../src-shared/log-filter';
import { createLogger } from '../../../src-main/agent/log/logger';
import type { CreateLoggerOptions } from '../../../src-main/agent/log/logger';
import type { LogRecord } from '../../../src-main/agent/log/types';

const T0 = Date.parse('2026-11-22T10:00:00.123Z');
const ESC = '\x1b[';

class Capture extends Writable {
  chunks: string[] = [];
  isTTY = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString());
    done();
  }
  get text() {
    return this.chunks.join('');
  }
  get lines() {
    return this.text.split('\n').filter(Boolean);
  }
}

function make(spec: string, opts: Partial<CreateLoggerOptions> = {}) {
  const out = new Capture();
  const records: LogRecord[] = [];
  const log = createLogger({
    filter: parseLogFilter(spec).filter,
    json: false,
    stream: out,
    now: () => T0,
    onRecord: (r) => records.push(r),
    ...opts,
  });
  return { out, log, records };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'island-log-'));
  dirs.push(d);
  return d;
}

describe('human format', () => {
  it('one line per record: time, level, module, message, fields', () => {
    const { out, log } = make('info');
    log.child('nats').info('connected to nats://127.0.0.1:4222', { server_id: 'NABC', port: 4222, tls: false });
    log.warn('low disk', { free_gb: 1.5, path: '/var/lib/x y' });
    log.error('boom', { err: new Error('bad thing') });
    expect(out.lines).toEqual([
      '2026-11-22T10:00:00.123Z INFO  nats: connected to nats://127.0.0.1:4222 server_id=NABC port=4222 tls=false',
      '2026-11-22T10:00:00.123Z WARN  island: low disk free_gb=1.5 path="/var/lib/x y"',
      '2026-11-22T10:00:00.123Z ERROR island: boom err="Error: bad thing"',
    ]);
  });

  it('has no colours when the stream is not a TTY, and colours when asked', () => {
    const plain = make('info');
    plain.log.info('hello');
    expect(plain.out.text).not.toContain(ESC);
    const coloured = make('info', { colour: true });
    coloured.log.info('hello');
    expect(coloured.out.text).toContain(`${ESC}32mINFO ${ESC}0m`);
  });

  it('a newline in a message cannot forge a record', () => {
    const { out, log } = make('info');
    log.info('line one\n2026-11-22T10:00:00.123Z ERROR island: forged', { note: 'a\nb' });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toContain('line one\\n2026');
    expect(out.lines[0]).toContain('note="a\\nb"');
  });

  it('nests module names for children of children', () => {
    const { out, log } = make('trace');
    log.child('jobs').child('docker').debug('pulled');
    expect(out.lines[0]).toBe('2026-11-22T10:00:00.123Z DEBUG jobs.docker: pulled');
  });
});

describe('JSON format', () => {
  it('one object per line with time, level, module, msg and the fields', () => {
    const { out, log } = make('info', { json: true });
    log.child('nats').info('connected', { server_id: 'NABC', port: 4222, nested: { a: [1, 2] } });
    const line = JSON.parse(out.lines[0]!);
    expect(line).toEqual({ time: '2026-11-22T10:00:00.123Z', level: 'info', module: 'nats', msg: 'connected', server_id: 'NABC', port: 4222, nested: { a: [1, 2] } });
  });

  it('keeps error details and renames fields that clash with the record keys', () => {
    const { out, log } = make('info', { json: true });
    log.error('failed', { err: new TypeError('nope'), level: 3, msg: 'x', module: 'y', time: 1 });
    const line = JSON.parse(out.lines[0]!);
    expect(line).toMatchObject({ level: 'error', module: 'island', msg: 'failed', _level: 3, _msg: 'x', _module: 'y', _time: 1 });
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'nope' });
    expect(line.err.stack).toContain('TypeError: nope');
  });
});

describe('levels per module', () => {
  it('follows the filter', () => {
    const { out, log } = make('warn,nats=debug,jobs.docker=off');
    log.info('root info');
    log.warn('root warn');
    log.child('nats').debug('nats debug');
    log.child('nats').trace('nats trace');
    log.child('jobs').warn('jobs warn');
    log.child('jobs').child('docker').error('docker error');
    expect(out.lines.map((l) => l.slice(25))).toEqual(['WARN  island: root warn', 'DEBUG nats: nats debug', 'WARN  jobs: jobs warn']);
  });
});

describe('onRecord', () => {
  it('receives every record that passes the filter, redacted', () => {
    const { log, records } = make('info,nats=debug');
    log.debug('hidden');
    log.child('nats').debug('shown', { password: 'p' });
    log.info('url nats://a:b@h');
    expect(records).toEqual([
      { time: T0, level: 'debug', module: 'nats', msg: 'shown', fields: { password: '[redacted]' } },
      { time: T0, level: 'info', module: 'island', msg: 'url nats://a:***@h', fields: {} },
    ]);
  });

  it('a throwing listener breaks neither logging nor the caller', () => {
    const out = new Capture();
    const log = createLogger({ filter: parseLogFilter('info').filter, json: false, stream: out, onRecord: () => { throw new Error('listener'); } });
    expect(() => log.info('still logged')).not.toThrow();
    expect(out.lines).toHaveLength(1);
  });
});

describe('redaction', () => {
  it.each([false, true])('hides secrets in fields, URLs and messages (json=%s)', (json) => {
    const { out, log } = make('info', { json });
    log.info('connecting to tls://island:s3cret-pw@sail.archipelag.io:4222', {
      nats_url: 'tls://island:s3cret-pw@sail.archipelag.io:4222',
      hf_token: 'hf_abcdefghijklmnopqrstuvwxyz',
      headers: { Authorization: 'Bearer abcdefghijklmnop' },
      password: 'hunter2',
      secret: 'x',
    });
    expect(out.text).not.toContain('s3cret-pw');
    expect(out.text).not.toContain('hf_abcdefghijklmnopqrstuvwxyz');
    expect(out.text).not.toContain('abcdefghijklmnop');
    expect(out.text).not.toContain('hunter2');
    expect(out.text).toContain('island:***@sail.archipelag.io');
  });
});

describe('file sink', () => {
  it('writes the same lines, without colours, to the log file', async () => {
    const dir = tempDir();
    const { log, out } = make('info', { colour: true, file: { path: path.join(dir, 'island.log'), maxBytes: 1_000_000, keep: 2 } });
    log.info('to the file', { a: 1 });
    await log.flush();
    await log.close();
    expect(fs.readdirSync(dir)).toEqual(['island.1.log']);
    expect(fs.readFileSync(path.join(dir, 'island.1.log'), 'utf8')).toBe('2026-11-22T10:00:00.123Z INFO  island: to the file a=1\n');
    expect(out.text).toContain(ESC);
  });

  it('JSON mode writes JSON lines to the file', async () => {
    const dir = tempDir();
    const { log } = make('info', { json: true, file: { path: path.join(dir, 'island.log'), maxBytes: 1_000_000, keep: 1 } });
    log.info('x');
    await log.close();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'island.1.log'), 'utf8'))).toMatchObject({ msg: 'x', level: 'info' });
  });

  it('lines logged before the file is open are kept, in order', async () => {
    const dir = tempDir();
    const { log } = make('info', { file: { path: path.join(dir, 'sub', 'island.log'), maxBytes: 1_000_000, keep: 1 } });
    for (let i = 0; i < 50; i++) log.info(`line ${i}`);
    await log.close();
    const lines = fs.readFileSync(path.join(dir, 'sub', 'island.1.log'), 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(': ')[1])).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
  });

  it('is size-capped and keeps `keep` rotated files', async () => {
    const dir = tempDir();
    const { log } = make('info', { file: { path: path.join(dir, 'island.log'), maxBytes: 400, keep: 2 } });
    for (let i = 0; i < 40; i++) {
      log.info(`message number ${i} with some padding to fill the file`);
      await log.flush();
    }
    await log.close();
    const deadline = Date.now() + 2_000;
    // Old files are deleted in the background after each rotation.
    while (fs.readdirSync(dir).length > 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const files = fs.readdirSync(dir).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(files.length).toBe(3);
    expect(files.every((f) => /^island\.\d+\.log$/.test(f))).toBe(true);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThan(400 + 200);
    const all = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(all).toContain('message number 39');
    expect(all).not.toContain('message number 0 ');
  });

  it('a log file that cannot be opened is reported once on the stream, and logging goes on', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    const { log, out } = make('info', { file: { path: path.join(blocker, 'island.log'), maxBytes: 1000, keep: 1 } });
    log.info('first');
    await log.flush();
    log.info('second');
    await log.close();
    expect(out.lines.filter((l) => l.includes('log file disabled'))).toHaveLength(1);
    expect(out.text).toContain('island: second');
  });
});
