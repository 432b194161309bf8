// How the runtime finds its worker and node-llama-cpp, and checks its options, before any job.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNodeLlamaCpp } from '../../../src-main/agent/runtimes/gguf/availability';
import { GgufRuntime } from '../../../src-main/agent/runtimes/gguf/gguf-runtime';
import { resolveGgufOptions } from '../../../src-main/agent/runtimes/gguf/options';
import { findWorkerCommand, workerCommandFor } from '../../../src-main/agent/runtimes/gguf/worker-file';
import { FileModelStore } from '../../helpers/file-model-store';
import { runJob } from '../runtimes/wasm/run-job';
import { createTestLogger } from '../../helpers/test-logger';

const here = pathToFileURL(path.resolve('src-main/agent/runtimes/gguf/gguf-runtime.ts')).href;
const scratch = mkdtempSync(path.join(tmpdir(), 'gguf-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('findWorkerCommand', () => {
  it('runs the source worker under the tsx loader (it imports project modules Node cannot resolve alone)', () => {
    const cmd = findWorkerCommand(here);
    expect(cmd?.file).toBe(path.resolve('src-main/agent/runtimes/gguf/gguf-worker.ts'));
    expect(cmd?.execArgv).toEqual(['--import', expect.stringMatching(/^file:\/\/.*\/tsx\/dist\/loader\.mjs$/)]);
  });

  it('prefers the bundle beside the bundled agent, with no loader', () => {
    const dist = mkdtempSync(path.join(scratch, 'dist-'));
    writeFileSync(path.join(dist, 'gguf-worker.mjs'), '');
    expect(findWorkerCommand(pathToFileURL(path.join(dist, 'cli.mjs')).href)).toEqual({ file: path.join(dist, 'gguf-worker.mjs'), execArgv: [] });
  });

  it('finds nothing where neither file is', () => {
    const empty = mkdtempSync(path.join(scratch, 'none-'));
    expect(findWorkerCommand(pathToFileURL(path.join(empty, 'cli.mjs')).href)).toBeNull();
  });

  it('runs a named .mjs as it is', () => {
    expect(workerCommandFor('/x/gguf-worker.mjs')).toEqual({ file: '/x/gguf-worker.mjs', execArgv: [] });
  });
});

describe('checkNodeLlamaCpp', () => {
  it('finds node-llama-cpp and its prebuilt binary here without loading it', () => {
    expect(checkNodeLlamaCpp(here)).toEqual({ available: true });
  });

  it('names the platform when no prebuilt binary exists for it', () => {
    expect(checkNodeLlamaCpp(here, 'linux', 'ppc64')).toEqual({
      available: false,
      reason: 'node-llama-cpp has no prebuilt binary installed for linux-ppc64 (expected: none is published for linux-ppc64)',
    });
  });

  it('says so when node-llama-cpp is not installed', () => {
    const lonely = mkdtempSync(path.join(scratch, 'nolib-'));
    mkdirSync(path.join(lonely, 'src'));
    const r = checkNodeLlamaCpp(pathToFileURL(path.join(lonely, 'src', 'x.mjs')).href);
    expect(r.available).toBe(false);
    if (!r.available) expect(r.reason).toMatch(/^node-llama-cpp is not installed: Cannot find module 'node-llama-cpp'/);
  });
});

describe('GGUF runtime options', () => {
  it('defaults to a 10 min idle unload, one model, two sequences, 600 s per job', () => {
    expect(resolveGgufOptions()).toEqual({
      idleUnloadMs: 600_000,
      maxLoadedModels: 1,
      sequencesPerModel: 2,
      timeoutSeconds: 600,
      loadTimeoutMs: 900_000,
      cancelGraceMs: 5_000,
      unloadGraceMs: 5_000,
    });
  });

  it('refuses nonsense, naming the option', () => {
    expect(() => resolveGgufOptions({ threads: 0 })).toThrow('GGUF runtime option threads must be a whole number of 1 or more, got 0');
    expect(() => resolveGgufOptions({ sequencesPerModel: 1.5 })).toThrow('sequencesPerModel');
  });

  it('reports itself unavailable, with the reason, when its check fails, and fails jobs saying why', async () => {
    const runtime = new GgufRuntime(
      { models: new FileModelStore({}), log: createTestLogger(), checkAvailability: () => ({ available: false, reason: 'no prebuilt binary for linux-ppc64' }) },
      {},
    );
    expect(runtime.type).toBe('llmcpp');
    expect(runtime.seqBase).toBe(0);
    expect(runtime.availability()).toEqual({ available: false, reason: 'no prebuilt binary for linux-ppc64' });
    const run = await runJob(runtime, { runtime_type: 'llmcpp', model_url: 'https://models.test/m.gguf', input: { prompt: 'hi' } });
    expect(run.terminal).toBe('failed: GGUF runtime unavailable: no prebuilt binary for linux-ppc64');
  });
});
