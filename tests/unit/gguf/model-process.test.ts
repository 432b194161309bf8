// How the Island treats its inference process, with a scripted stand-in that speaks the IPC
// protocol (tests/fixtures/gguf/scripted-worker.mjs) in a real child process: tokens and usage,
// jobs queued for a sequence, a process that breaks the protocol, ignores a cancel, never loads,
// or abort()s, and unloading.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelProcess, type GenerationInput, type StartResult } from '../../../src-main/agent/runtimes/gguf/model-process';
import { processAlive } from '../../fixtures/gguf/process-alive';
import { createTestLogger } from '../../helpers/test-logger';

const worker = path.resolve('tests/fixtures/gguf/scripted-worker.mjs');
const input: GenerationInput = { prompt: { kind: 'text', text: 'hi' }, maxTokens: 4, sampling: { temperature: 0, topP: 1, topK: 0, seed: 1, stop: [] } };
const started: ModelProcess[] = [];

async function start(script: string, opts: { sequences?: number; loadTimeoutMs?: number; cancelGraceMs?: number } = {}): Promise<StartResult> {
  const result = await ModelProcess.start({
    command: { file: worker, execArgv: [] },
    load: { modelPath: `script:${script}`, contextSize: 64, sequences: opts.sequences ?? 1, threads: 1, gpu: false },
    log: createTestLogger(),
    loadTimeoutMs: opts.loadTimeoutMs ?? 10_000,
    cancelGraceMs: opts.cancelGraceMs ?? 5_000,
    unloadGraceMs: 2_000,
  });
  if (result.ok) started.push(result.process);
  return result;
}

async function loaded(script: string, opts: Parameters<typeof start>[1] = {}): Promise<ModelProcess> {
  const r = await start(script, opts);
  if (!r.ok) throw new Error(r.failure.message);
  return r.process;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.unload('test over')));
});

describe('ModelProcess', () => {
  it('streams the tokens of a generation and ends with its usage', async () => {
    const p = await loaded('ok');
    expect(p.info).toMatchObject({ sequences: 1, chatFormat: 'chatml' });
    const texts: string[] = [];
    const outcome = await p.generate(input, (t) => texts.push(t), new AbortController().signal);
    expect(texts).toEqual(['a0', 'b0']);
    expect(outcome).toEqual({ kind: 'done', usage: { promptTokens: 3, completionTokens: 2 }, stopReason: 'maxTokens' });
  });

  it('runs no more generations at once than the context has sequences; the rest wait their turn', async () => {
    const p = await loaded('hold', { sequences: 1 });
    const first = new AbortController();
    const texts: string[] = [];
    const a = p.generate(input, (t) => texts.push(t), first.signal);
    const waiting = new AbortController();
    const b = p.generate(input, (t) => texts.push(t), waiting.signal);
    const c = p.generate(input, (t) => texts.push(t), new AbortController().signal);
    await new Promise((r) => setTimeout(r, 100));
    expect(texts).toEqual(['a0']);
    expect(p.activeGenerations).toBe(3);
    // A job cancelled while it waits leaves the queue without touching the process.
    waiting.abort();
    await expect(b).resolves.toEqual({ kind: 'aborted' });
    // Cancelling the running one frees its sequence once the process says it stopped.
    first.abort();
    await expect(a).resolves.toEqual({ kind: 'aborted' });
    await new Promise((r) => setTimeout(r, 100));
    expect(texts).toEqual(['a0', 'a1']);
    expect(p.activeGenerations).toBe(1);
    void c;
  });

  it('kills a process that breaks the protocol and fails its job saying how', async () => {
    const p = await loaded('bad-message');
    const outcome = await p.generate(input, () => undefined, new AbortController().signal);
    expect(outcome).toEqual({
      kind: 'failed',
      error: 'the inference process broke the protocol (invalid message from the inference process (type "token"): text: Invalid input: expected string, received number)',
    });
    expect(p.alive).toBe(false);
  });

  it('treats output for a generation that is not running as a protocol violation', async () => {
    const p = await loaded('unknown-id');
    const outcome = await p.generate(input, () => undefined, new AbortController().signal);
    expect(outcome).toEqual({ kind: 'failed', error: 'the inference process broke the protocol ("token" for generation 100, which is not running)' });
  });

  it('kills a process whose cancelled generation does not stop within the grace period', async () => {
    const p = await loaded('ignore-cancel', { sequences: 2, cancelGraceMs: 200 });
    const cancelled = new AbortController();
    const a = p.generate(input, () => undefined, cancelled.signal);
    const other = p.generate(input, () => undefined, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    cancelled.abort();
    await expect(a).resolves.toEqual({ kind: 'aborted' });
    await expect(other).resolves.toEqual({ kind: 'failed', error: 'the inference process was killed: a cancelled generation did not stop within 200 ms' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(processAlive(p.pid)).toBe(false);
  });

  it('says so when the inference process cannot even be started', async () => {
    const r = await ModelProcess.start({
      command: { file: worker, execArgv: [] },
      execPath: '/nonexistent/node',
      load: { modelPath: 'script:ok', contextSize: 64, sequences: 1, threads: 1, gpu: false },
      log: createTestLogger(),
      loadTimeoutMs: 10_000,
      cancelGraceMs: 1_000,
      unloadGraceMs: 1_000,
    });
    expect(r).toEqual({ ok: false, failure: { kind: 'crashed', message: 'the inference process could not be started: spawn /nonexistent/node ENOENT' } });
  });

  it('gives up on a load that never answers', async () => {
    const r = await start('never-load', { loadTimeoutMs: 300 });
    expect(r).toEqual({ ok: false, failure: { kind: 'timeout', message: 'loading the model took longer than 0.3 s' } });
  });

  it('reports a native library that cannot run as a binary failure', async () => {
    expect(await start('load-failed-binary')).toEqual({ ok: false, failure: { kind: 'binary', message: 'no prebuilt binary for this platform' } });
  });

  it('explains an abort() while loading with the signal and the failed assertion', async () => {
    expect(await start('abort-on-load')).toEqual({
      ok: false,
      failure: { kind: 'crashed', message: 'the model crashed the inference process (signal SIGABRT) while loading: llama-model.cpp:42: GGML_ASSERT(n_ff > 0) failed' },
    });
  });

  it('fails the generation an abort() interrupts, after the tokens it had sent', async () => {
    const p = await loaded('abort-on-generate');
    const ends: string[] = [];
    p.onEnd((why, expected) => ends.push(`${expected}: ${why}`));
    const texts: string[] = [];
    const outcome = await p.generate(input, (t) => texts.push(t), new AbortController().signal);
    const why = 'the model crashed the inference process (signal SIGABRT) while generating: ggml.c:1500: GGML_ASSERT(tensor->ne[0] > 0) failed';
    expect(texts).toEqual(['partial']);
    expect(outcome).toEqual({ kind: 'failed', error: why });
    expect(ends).toEqual([`false: ${why}`]);
  });

  it('unloads on request: the process exits and a job still on it learns why', async () => {
    const p = await loaded('hold');
    const ends: boolean[] = [];
    p.onEnd((_why, expected) => ends.push(expected));
    const gen = p.generate(input, () => undefined, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 50));
    await p.unload('demand');
    await expect(gen).resolves.toEqual({ kind: 'failed', error: 'the model was unloaded (demand) before the job finished' });
    expect(processAlive(p.pid)).toBe(false);
    expect(ends).toEqual([true]);
    await expect(p.generate(input, () => undefined, new AbortController().signal)).resolves.toMatchObject({ kind: 'failed' });
  });
});
