import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobFileFetcher } from '../../../src-main/agent/runtimes/onnx/job-files';
import { FileModelStore } from '../../helpers/file-model-store';
import { createTestLogger } from '../../helpers/test-logger';

function setup(names: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'onnx-files-'));
  const files: Record<string, string> = {};
  for (const n of names) {
    const f = path.join(dir, n);
    writeFileSync(f, '{}');
    files[`https://m.test/a/${n}`] = f;
  }
  const store = new FileModelStore(files);
  let now = 0;
  const fetcher = new JobFileFetcher(store, createTestLogger(), 60_000, () => now);
  return { store, fetcher, advance: (ms: number) => (now += ms) };
}

const req = (needsTokenizer: boolean) => ({ modelUri: 'https://m.test/a/model.onnx', modelHash: 'sha256:ab', task: 'text-classification' as const, needsTokenizer, signal: new AbortController().signal });

describe('JobFileFetcher', () => {
  it('fetches the model with its hash and the tokenizer, and releases every lease', async () => {
    const { store, fetcher } = setup(['model.onnx', 'tokenizer.json', 'config.json']);
    const out = await fetcher.fetch(req(true));
    if (!out.ok) throw new Error(out.error);
    expect(out.files.tokenizer?.key).toBe('https://m.test/a/tokenizer.json');
    expect(out.files.tokenizerConfig).toBeNull();
    expect(out.files.config?.key).toBe('https://m.test/a/config.json');
    expect(store.requests.find((r) => r.purpose === 'job')).toMatchObject({ uri: 'https://m.test/a/model.onnx', sha256: 'sha256:ab' });
    expect(store.live).toBe(3);
    out.files.release();
    out.files.release();
    expect(store.live).toBe(0);
  });

  it('fails a text task without a tokenizer, naming the URI, and leaks no lease', async () => {
    const { store, fetcher } = setup(['model.onnx']);
    expect(await fetcher.fetch(req(true))).toEqual({
      ok: false,
      aborted: false,
      error: "ONNX error: text-classification needs the model's tokenizer, and https://m.test/a/tokenizer.json could not be fetched: model https://m.test/a/tokenizer.json not found (404)",
    });
    expect(store.live).toBe(0);
  });

  it('names the model URI when the model cannot be had', async () => {
    const { fetcher } = setup([]);
    expect(await fetcher.fetch(req(false))).toMatchObject({ ok: false, error: 'Failed to download ONNX model: https://m.test/a/model.onnx: model https://m.test/a/model.onnx not found (404)' });
  });

  it('does not ask again for a missing optional file until the TTL passes', async () => {
    const { store, fetcher, advance } = setup(['model.onnx']);
    const count = () => store.requests.filter((r) => r.uri.endsWith('config.json')).length;
    (await fetcher.fetch(req(false)).then((o) => (o.ok ? o.files : null)))?.release();
    (await fetcher.fetch(req(false)).then((o) => (o.ok ? o.files : null)))?.release();
    expect(count()).toBe(1);
    advance(60_001);
    await fetcher.fetch(req(false));
    expect(count()).toBe(2);
  });

  it('reports an abort as such', async () => {
    const { fetcher } = setup(['model.onnx']);
    const c = new AbortController();
    c.abort();
    expect(await fetcher.fetch({ ...req(false), signal: c.signal })).toEqual({ ok: false, aborted: true, error: 'aborted' });
  });
});
