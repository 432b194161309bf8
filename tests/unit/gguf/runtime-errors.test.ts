// The errors a GGUF job gets before any inference process starts (§4.10): a missing model_url,
// unusable input, and a model that cannot be downloaded; nothing is loaded and no lease is kept.
import { describe, expect, it } from 'vitest';
import { GgufRuntime } from '../../../src-main/agent/runtimes/gguf/gguf-runtime';
import { FileModelStore } from '../../helpers/file-model-store';
import { createTestLogger } from '../../helpers/test-logger';
import { runJob } from '../runtimes/wasm/run-job';

function runtime(store = new FileModelStore({})): GgufRuntime {
  return new GgufRuntime({ models: store, log: createTestLogger(), checkAvailability: () => ({ available: true }) });
}

describe('GgufRuntime errors before loading', () => {
  it("fails a job without model_url with the reference's text", async () => {
    const run = await runJob(runtime(), { runtime_type: 'llmcpp', input: { prompt: 'hi' } });
    expect(run.terminal).toBe('failed: GGUF workload missing model_url');
    expect(run.reporter.outputsOf(run.job.job_id)).toEqual([]);
  });

  it('fails bad input before downloading anything', async () => {
    const store = new FileModelStore({});
    const run = await runJob(runtime(store), { runtime_type: 'llmcpp', model_url: 'https://models.test/m.gguf', input: { max_tokens: 3 } });
    expect(run.terminal).toBe("failed: GGUF workload requires 'prompt', 'messages', or 'text' in input");
    const badTokens = await runJob(runtime(store), { runtime_type: 'llmcpp', model_url: 'https://models.test/m.gguf', input: { prompt: 'x', max_tokens: -1 } });
    expect(badTokens.terminal).toBe('failed: GGUF workload input.max_tokens must be a whole number of 1 or more, got -1');
    expect(store.requests).toEqual([]);
  });

  it('names the URL and the reason when the model cannot be fetched, and passes the hash to the cache', async () => {
    const store = new FileModelStore({});
    const run = await runJob(runtime(store), {
      runtime_type: 'llmcpp',
      model_url: 'https://models.test/missing.gguf',
      model_hash: 'sha256:' + 'a'.repeat(64),
      input: { prompt: 'hi' },
    });
    expect(run.terminal).toBe('failed: Failed to download GGUF model: https://models.test/missing.gguf: model https://models.test/missing.gguf not found (404)');
    expect(store.requests).toMatchObject([{ uri: 'https://models.test/missing.gguf', sha256: 'sha256:' + 'a'.repeat(64), purpose: 'job' }]);
    expect(store.live).toBe(0);
  });

  it('ends `cancelled` when cancelled while the model is being fetched', async () => {
    const controller = new AbortController();
    controller.abort({ kind: 'cancel' });
    const run = await runJob(runtime(), { runtime_type: 'llmcpp', model_url: 'https://models.test/m.gguf', input: { prompt: 'hi' } }, { controller });
    expect(run.terminal).toBe('cancelled');
  });
});
