// An llmcpp Cargo end to end: the reference coordinator dispatches over a real nats-server to a
// real Island whose GGUF runtime forks its inference process from source (gguf-worker.ts under
// tsx, as `npm test` runs it) and generates with node-llama-cpp. The coordinator decodes every
// message strictly and records violations; none may occur.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GgufRuntime } from '../../src-main/agent/runtimes/gguf/index';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { JobRecord, ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { writeTinyLlamaGguf } from '../fixtures/gguf/tiny-gguf';
import { FileModelStore } from '../helpers/file-model-store';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { createTestLogger } from '../helpers/test-logger';

const natsBin = requireBinary('nats-server', { neededBy: 'the GGUF runtime end-to-end test' });
const MODEL_URL = 'hf://island-tests/tiny-llama:tiny.gguf';

const states = (job: JobRecord) => job.statuses.map((s) => (s.message.error ? `${s.message.state}: ${s.message.error}` : s.message.state));

describe.skipIf(!natsBin)('llmcpp Cargo ↔ reference coordinator (real nats-server, real Island, real node-llama-cpp)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let fixture: IslandFixture;
  let dir: string;
  let runtime: GgufRuntime;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    dir = mkdtempSync(path.join(tmpdir(), 'gguf-island-'));
    const store = new FileModelStore({ [MODEL_URL]: writeTinyLlamaGguf(path.join(dir, 'tiny.gguf')) });
    runtime = new GgufRuntime({ models: store, log: createTestLogger({ module: 'gguf' }) }, { threads: 1 });
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await runtime?.close();
    await coord?.close();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => coord.assertNoViolations());

  it('advertises llmcpp in its heartbeat', async () => {
    const host = await coord.waitForHeartbeats(fixture.hostId, 1);
    expect(host.heartbeats.at(-1)!.message.performance_estimates?.supported_runtimes).toContain('llmcpp');
  });

  it('streams an llmcpp job: started, tokens from seq 0, the done chunk with its usage, succeeded', async () => {
    const jobId = await coord.dispatch(fixture.hostId, {
      runtime_type: 'llmcpp',
      model_url: MODEL_URL,
      model_context_size: 512,
      model_temperature: 0.7,
      input: { messages: [{ role: 'user', content: 'hello tiny model' }], max_tokens: 12, temperature: 0 },
    });
    const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 45_000 });
    // No `streaming` status: native runtimes never send one (§12.2 quirk 4).
    expect(states(job)).toEqual(['started', 'succeeded']);
    const outputs = job.outputs.map((o) => o.message);
    const tokens = outputs.filter((o) => !o.is_final);
    const final = outputs.filter((o) => o.is_final);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((o) => o.seq)).toEqual(tokens.map((_, i) => i));
    expect(tokens.every((o) => o.chunk !== '')).toBe(true);
    expect(final).toHaveLength(1);
    expect(final[0]!.seq).toBe(tokens.length);
    const done = JSON.parse(final[0]!.chunk) as { type: string; usage: Record<string, number> };
    expect(done.type).toBe('done');
    expect(done.usage.completion_tokens).toBeGreaterThanOrEqual(tokens.length);
    expect(done.usage.completion_tokens).toBeLessThanOrEqual(12);
    expect(done.usage.total_tokens).toBe(done.usage.prompt_tokens! + done.usage.completion_tokens!);
  });

  it('ends a job the coordinator cancels mid-generation `cancelled`, and the next job on the warm model succeeds', async () => {
    const jobId = await coord.dispatch(fixture.hostId, {
      runtime_type: 'llmcpp',
      model_url: MODEL_URL,
      model_context_size: 512,
      input: { prompt: 'hello world, the tiny llama', max_tokens: 1_000_000, temperature: 0 },
    });
    await coord.waitFor('tokens streaming', () => (coord.job(jobId)?.outputs.length ?? 0) > 5, { timeoutMs: 30_000 });
    await coord.cancel(fixture.hostId, jobId);
    const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 5_000 });
    expect(states(job)).toEqual(['started', 'cancelled']);
    expect(job.outputs.some((o) => o.message.is_final)).toBe(false);
    const next = await coord.dispatch(fixture.hostId, { runtime_type: 'llmcpp', model_url: MODEL_URL, model_context_size: 512, input: { prompt: 'hi', max_tokens: 4 } });
    expect(states(await coord.waitForJobState(next, 'terminal', { timeoutMs: 15_000 }))).toEqual(['started', 'succeeded']);
    expect(runtime.loads).toBe(1);
  });
});
