// The WASM runtime's shared output buffers are reused from job to job (output-buffers.ts): the
// pool itself, and that a reused set never shows one job's stdout or stderr to the next.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputBufferPool } from '../../../../src-main/agent/runtimes/wasm/output-buffers';
import { HEADER_BYTES, readStderr } from '../../../../src-main/agent/runtimes/wasm/shared-output';
import { WasmRuntime } from '../../../../src-main/agent/runtimes/wasm/index';
import { buildCargo, buildStreamCargo } from '../../../fixtures/wasm/cargos';
import { startModuleServer, type ModuleServer } from '../../../fixtures/wasm/module-server';
import { createTestLogger } from '../../../helpers/test-logger';
import { runJob } from './run-job';

describe('OutputBufferPool', () => {
  it('hands a returned set out again with its counts cleared, and allocates only when none is free', () => {
    const pool = new OutputBufferPool(1024, 256);
    const a = pool.take();
    expect([a.stdoutRing.byteLength, a.stderrBuffer.byteLength]).toEqual([HEADER_BYTES + 1024, HEADER_BYTES + 256]);
    new Int32Array(a.stdoutRing, 0, 4).set([700, 650, 1, 0]);
    new Int32Array(a.stderrBuffer, 0, 4).set([5, 9, 0, 0]);
    const b = pool.take();
    expect(b).not.toBe(a);
    pool.give(a);
    const again = pool.take();
    expect(again).toBe(a);
    expect([...new Int32Array(again.stdoutRing, 0, 4)]).toEqual([0, 0, 0, 0]);
    expect(readStderr(again.stderrBuffer)).toEqual({ text: '', dropped: 0 });
  });

  it('keeps at most maxKept sets: a burst beyond them leaves the rest to the GC', () => {
    const pool = new OutputBufferPool(64, 64, 2);
    const sets = [pool.take(), pool.take(), pool.take()];
    for (const s of sets) pool.give(s);
    const back = [pool.take(), pool.take(), pool.take()];
    expect(back.filter((s) => sets.includes(s))).toHaveLength(2);
  });
});

describe('WASM runtime: reused output buffers', () => {
  let server: ModuleServer;
  let home: string;
  let rt: WasmRuntime;
  beforeAll(async () => {
    server = await startModuleServer();
    home = mkdtempSync(path.join(tmpdir(), 'island-wasm-pool-'));
    rt = new WasmRuntime({ cacheDir: home, log: createTestLogger(), events: () => undefined });
    server.serve('stream', { bytes: await buildStreamCargo(5) });
    server.serve('hello', { bytes: await buildCargo('hello') });
  });
  afterAll(async () => {
    await rt.close();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('a job after a longer one sees only its own output and stderr', async () => {
    for (let i = 0; i < 3; i++) {
      const long = await runJob(rt, { wasm_url: server.url('stream') });
      expect(long.reporter.outputsOf(long.job.job_id).map((o) => o.chunk)).toEqual(['Hello', ' world', '']);
      expect(long.log.find({ msg: 'wasm module stderr' })?.fields.text).toBe('stream: diagnostics on stderr\n');
      const short = await runJob(rt, { wasm_url: server.url('hello') });
      expect(short.reporter.outputsOf(short.job.job_id).map((o) => o.chunk)).toEqual(['Hello', '']);
      expect(short.log.has({ msg: 'wasm module stderr' })).toBe(false);
    }
  });
});
