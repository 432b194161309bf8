// The GGUF runtime for real: inference processes started with child_process.fork running
// node-llama-cpp on GGUF files written by the tests (llama architecture, random weights,
// byte-fallback tokenizer), jobs run through the engine's own execution path. The output is
// compared with node-llama-cpp generating directly in this process with the same settings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AssignJob } from '../../src-shared/protocol/messages';
import { GgufRuntime, type GgufEvent, type GgufRuntimeOptions } from '../../src-main/agent/runtimes/gguf/index';
import { chatPrompt, openDirect, type DirectModel } from '../fixtures/gguf/direct-llama';
import { processAlive } from '../fixtures/gguf/process-alive';
import { writeTinyLlamaGguf } from '../fixtures/gguf/tiny-gguf';
import { bundleGgufWorker } from '../fixtures/gguf/worker-bundle';
import { FileModelStore } from '../helpers/file-model-store';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';
import { runJob, type JobRun } from '../unit/runtimes/wasm/run-job';

const CTX = 512;
const TEMPLATE =
  "{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + '</s>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";
// Greedy, this prompt makes the random tiny model repeat " llama" without ever ending: a job that
// runs until it is stopped.
const ENDLESS = { prompt: 'hello world, the tiny llama', max_tokens: 1_000_000, temperature: 0 };
const MESSAGES = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: 'hello tiny model' },
];

let dir: string;
let workerFile: string;
let store: FileModelStore;
let direct: DirectModel;
const runtimes: GgufRuntime[] = [];
const url = (name: string) => `https://models.test/${name}.gguf`;

function runtime(opts: GgufRuntimeOptions = {}, events: GgufEvent[] = []): GgufRuntime {
  const r = new GgufRuntime(
    { models: store, log: createTestLogger({ module: 'gguf' }), onEvent: (e) => events.push(e) },
    { workerFile, threads: 1, ...opts },
  );
  runtimes.push(r);
  return r;
}

function llmJob(model: string, input: unknown, fields: Partial<AssignJob> = {}): Partial<AssignJob> {
  return { runtime_type: 'llmcpp', model_url: url(model), model_context_size: CTX, input, ...fields };
}

function tokensOf(run: JobRun) {
  const outputs = run.reporter.outputsOf(run.job.job_id);
  return { tokens: outputs.filter((o) => !o.is_final), final: outputs.filter((o) => o.is_final) };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gguf-it-'));
  workerFile = await bundleGgufWorker(dir);
  const file = (name: string) => path.join(dir, `${name}.gguf`);
  writeTinyLlamaGguf(file('tiny'));
  writeTinyLlamaGguf(file('templated'), { chatTemplate: TEMPLATE });
  writeTinyLlamaGguf(file('abort'), { omitKeys: ['llama.feed_forward_length'] });
  writeFileSync(file('garbage'), 'this is not a GGUF file');
  store = new FileModelStore(Object.fromEntries(['tiny', 'templated', 'abort', 'garbage'].map((n) => [url(n), file(n)])));
  direct = await openDirect(file('tiny'), { contextSize: CTX, threads: 1 });
});

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await direct?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GGUF runtime (real inference processes, real node-llama-cpp)', () => {
  it('streams the tokens from seq 0 and ends with the usage: the same text and counts as node-llama-cpp directly', async () => {
    const rt = runtime();
    const prompt = 'hello world, the tiny llama';
    const run = await runJob(rt, llmJob('tiny', { prompt, max_tokens: 24, temperature: 0 }));
    const expected = await direct.generate(prompt, { maxTokens: 24 });
    expect(run.terminal).toBe('succeeded');
    const { tokens, final } = tokensOf(run);
    expect(tokens.map((o) => o.seq)).toEqual(tokens.map((_, i) => i));
    expect(tokens.every((o) => o.chunk.length > 0)).toBe(true);
    expect(tokens.map((o) => o.chunk)).toEqual(expected.chunks);
    expect(expected.completionTokens).toBeGreaterThan(0);
    expect(final).toHaveLength(1);
    expect(final[0]!.seq).toBe(tokens.length);
    expect(JSON.parse(final[0]!.chunk)).toEqual({
      type: 'done',
      usage: {
        completion_tokens: expected.completionTokens,
        prompt_tokens: expected.promptTokens,
        total_tokens: expected.promptTokens + expected.completionTokens,
      },
    });
    expect(run.finish.tokens).toBe(tokens.length);
  });

  it('samples as asked (temperature, top_p, top_k, seed) and sends only whole characters', async () => {
    const rt = runtime();
    const sampling = { temperature: 1.5, topP: 0.95, topK: 0, seed: 1234 };
    const input = { prompt: 'the tiny', max_tokens: 120, temperature: 1.5, top_p: 0.95, top_k: 0, seed: 1234 };
    const run = await runJob(rt, llmJob('tiny', input, { model_temperature: 0.1 }));
    const expected = await direct.generate('the tiny', { maxTokens: 120, sampling });
    const chunks = tokensOf(run).tokens.map((o) => o.chunk);
    expect(chunks).toEqual(expected.chunks);
    // At this temperature the random model picks byte tokens; node-llama-cpp joins them into
    // characters (or U+FFFD for bytes that form none), never half a character.
    expect(chunks.every((c) => c.length > 0 && Buffer.from(c, 'utf8').toString('utf8') === c)).toBe(true);
    expect(chunks.join('')).not.toBe((await direct.generate('the tiny', { maxTokens: 120 })).text);
  });

  it('keeps the model loaded: the next job starts no process, and its first token comes far sooner', async () => {
    const events: GgufEvent[] = [];
    const rt = runtime({}, events);
    const cold = await runJob(rt, llmJob('tiny', { prompt: 'the model', max_tokens: 8, temperature: 0 }));
    const pid = rt.loadedModels()[0]!.pid;
    const warm = await runJob(rt, llmJob('tiny', { prompt: 'the model', max_tokens: 8, temperature: 0 }));
    expect([cold.terminal, warm.terminal]).toEqual(['succeeded', 'succeeded']);
    expect(rt.loads).toBe(1);
    expect(events.filter((e) => e.type === 'model-loaded')).toHaveLength(1);
    expect(rt.loadedModels().map((m) => m.pid)).toEqual([pid]);
    const coldFirst = cold.reporter.times[0]!;
    const warmFirst = warm.reporter.times[0]!;
    // Cold: fork, import node-llama-cpp, load; warm: the prompt and one token.
    expect(warmFirst * 5).toBeLessThan(coldFirst);
    expect(tokensOf(warm).tokens.map((o) => o.chunk)).toEqual(tokensOf(cold).tokens.map((o) => o.chunk));
    expect(store.live).toBe(1);
  });

  it('ends a cancelled job `cancelled` promptly, sends nothing after, and the model stays loaded and usable', async () => {
    // One sequence: the next job can only run once the process has really stopped the first.
    const rt = runtime({ sequencesPerModel: 1 });
    const controller = new AbortController();
    const running = runJob(rt, llmJob('tiny', ENDLESS), { controller });
    await waitUntil(() => runtimes[0]!.loadedModels().length === 1, 'the model to load', 30_000);
    const pid = rt.loadedModels()[0]!.pid;
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    controller.abort({ kind: 'cancel' });
    const run = await running;
    const stoppedMs = performance.now() - t0;
    expect(run.terminal).toBe('cancelled');
    expect(stoppedMs).toBeLessThan(500);
    const { tokens, final } = tokensOf(run);
    expect(tokens.length).toBeGreaterThan(0);
    expect(final).toEqual([]);
    const next = await runJob(rt, llmJob('tiny', { prompt: 'hello', max_tokens: 5 }));
    expect(next.terminal).toBe('succeeded');
    // Far less than the cancelled job's million tokens would take: its sequence was freed.
    expect(next.endedAt).toBeLessThan(5_000);
    expect(rt.loads).toBe(1);
    expect(rt.loadedModels()[0]!.pid).toBe(pid);
  });

  it('runs two jobs on one loaded model at once, each on its own sequence', async () => {
    const rt = runtime();
    const [a, b] = await Promise.all([
      runJob(rt, llmJob('tiny', { prompt: 'hello world', max_tokens: 200, temperature: 0 })),
      runJob(rt, llmJob('tiny', { prompt: 'the tiny llama', max_tokens: 200, temperature: 0 })),
    ]);
    expect([a.terminal, b.terminal]).toEqual(['succeeded', 'succeeded']);
    expect(rt.loads).toBe(1);
    // Both clocks started in the same tick: each streamed its first token before the other ended.
    expect(a.reporter.times[0]!).toBeLessThan(b.endedAt);
    expect(b.reporter.times[0]!).toBeLessThan(a.endedAt);
    expect(tokensOf(a).final).toHaveLength(1);
    expect(tokensOf(b).final).toHaveLength(1);
  });

  it('unloads a model after idleUnloadMs: its process exits and its file lease is released; the next job loads again', async () => {
    const events: GgufEvent[] = [];
    const rt = runtime({ idleUnloadMs: 400 }, events);
    await runJob(rt, llmJob('tiny', { prompt: 'hi', max_tokens: 3 }));
    const pid = rt.loadedModels()[0]!.pid;
    expect(processAlive(pid)).toBe(true);
    await waitUntil(() => rt.loadedModels().length === 0 && !processAlive(pid), 'the idle model to be unloaded', 5_000);
    expect(store.live).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['model-loaded', 'model-unloaded']);
    expect(events[1]).toMatchObject({ reason: 'idle', pid });
    const again = await runJob(rt, llmJob('tiny', { prompt: 'hi', max_tokens: 3 }));
    expect(again.terminal).toBe('succeeded');
    expect(rt.loads).toBe(2);
  });

  it('fails the job whose model makes llama.cpp abort(), with the assertion, and the next job works', async () => {
    const rt = runtime();
    const bad = await runJob(rt, llmJob('abort', { prompt: 'hi', max_tokens: 3 }));
    expect(bad.terminal).toMatch(
      /^failed: GGUF error: the model crashed the inference process \(signal SIGABRT\) while loading: llama-model-loader\.cpp:\d+: GGML_ASSERT\(t_meta\.ne\[dim\] >= 1\) failed \(model https:\/\/models\.test\/abort\.gguf, file .*abort\.gguf\)$/,
    );
    const good = await runJob(rt, llmJob('tiny', { prompt: 'hi', max_tokens: 3 }));
    expect(good.terminal).toBe('succeeded');
    expect(store.live).toBe(1);
  });

  it('fails a job whose process dies while generating, and starts a fresh process for the next', async () => {
    const rt = runtime();
    const running = runJob(rt, llmJob('tiny', ENDLESS));
    await waitUntil(() => rt.loadedModels().length === 1, 'the model to load', 30_000);
    const pid = rt.loadedModels()[0]!.pid!;
    await new Promise((r) => setTimeout(r, 200));
    process.kill(pid, 'SIGABRT');
    const run = await running;
    expect(run.terminal).toMatch(/^failed: GGUF error: the model crashed the inference process \(signal SIGABRT\) while generating/);
    const next = await runJob(rt, llmJob('tiny', { prompt: 'hello', max_tokens: 3 }));
    expect(next.terminal).toBe('succeeded');
    expect(rt.loadedModels()[0]!.pid).not.toBe(pid);
  });

  it('names the model and its file when the file is not a GGUF model', async () => {
    const run = await runJob(runtime(), llmJob('garbage', { prompt: 'hi' }));
    expect(run.terminal).toBe(
      `failed: GGUF error: cannot load https://models.test/garbage.gguf (file ${path.join(dir, 'garbage.gguf')}) as a GGUF model: Invalid GGUF magic. Expected "GGUF" but got "this".`,
    );
    expect(store.live).toBe(0);
  });

  it("renders messages with the model's own chat template", async () => {
    const events: GgufEvent[] = [];
    const rt = runtime({}, events);
    const run = await runJob(rt, llmJob('templated', { messages: MESSAGES, max_tokens: 16, temperature: 0 }));
    expect(run.terminal).toBe('succeeded');
    expect(events[0]).toMatchObject({ type: 'model-loaded', info: { chatFormat: 'template:JinjaTemplate' } });
    const templated = await openDirect(path.join(dir, 'templated.gguf'), { contextSize: CTX, threads: 1 });
    try {
      // What the template in the file renders for these messages.
      const rendered = chatPrompt([
        ['special', '<|system|>\n'],
        ['text', 'You are helpful.'],
        ['special', '</s>\n<|user|>\n'],
        ['text', 'hello tiny model'],
        ['special', '</s>\n<|assistant|>\n'],
      ]);
      const expected = await templated.generate(rendered, { maxTokens: 16, stop: [chatPrompt([['special', '</s>\n']])] });
      expect(tokensOf(run).tokens.map((o) => o.chunk)).toEqual(expected.chunks);
      expect(JSON.parse(tokensOf(run).final[0]!.chunk).usage.prompt_tokens).toBe(expected.promptTokens);
    } finally {
      await templated.close();
    }
  });

  it('renders messages as ChatML (as the Rust Island) for a model without a template', async () => {
    const events: GgufEvent[] = [];
    const rt = runtime({}, events);
    const run = await runJob(rt, llmJob('tiny', { messages: MESSAGES, max_tokens: 16, temperature: 0 }));
    expect(run.terminal).toBe('succeeded');
    expect(events[0]).toMatchObject({ info: { chatFormat: 'chatml' } });
    const rendered = chatPrompt([
      ['special', '<|im_start|>system\n'],
      ['text', 'You are helpful.'],
      ['special', '<|im_end|>\n<|im_start|>user\n'],
      ['text', 'hello tiny model'],
      ['special', '<|im_end|>\n<|im_start|>assistant\n'],
    ]);
    const expected = await direct.generate(rendered, { maxTokens: 16, stop: ['<|im_end|>'] });
    expect(tokensOf(run).tokens.map((o) => o.chunk)).toEqual(expected.chunks);
    expect(JSON.parse(tokensOf(run).final[0]!.chunk).usage.prompt_tokens).toBe(expected.promptTokens);
  });

  it("stops before the input's stop string", async () => {
    const prompt = 'hello world, the tiny llama';
    const full = await direct.generate(prompt, { maxTokens: 24 });
    const stop = full.text.slice(Math.floor(full.text.length / 2), Math.floor(full.text.length / 2) + 3);
    const run = await runJob(runtime(), llmJob('tiny', { prompt, max_tokens: 24, temperature: 0, stop: [stop] }));
    const text = tokensOf(run).tokens.map((o) => o.chunk).join('');
    expect(run.terminal).toBe('succeeded');
    expect(text).toBe(full.text.slice(0, full.text.indexOf(stop)));
  });

  it('unloadAll gives the memory back at once; a job still generating fails saying so', async () => {
    const rt = runtime();
    const running = runJob(rt, llmJob('tiny', ENDLESS));
    await waitUntil(() => rt.loadedModels().length === 1, 'the model to load', 30_000);
    const pid = rt.loadedModels()[0]!.pid;
    await new Promise((r) => setTimeout(r, 200));
    await rt.unloadAll();
    expect(processAlive(pid)).toBe(false);
    expect((await running).terminal).toBe('failed: GGUF error: the model was unloaded (demand) before the job finished');
    expect(store.live).toBe(0);
  });
});
