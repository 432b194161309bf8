// The test model writer: a GGUF file that node-llama-cpp's own parser reads back with the
// metadata, vocabulary and tensors llama.cpp needs, and that can leave a key out on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyLlamaGguf } from '../../fixtures/gguf/tiny-gguf';

const dir = mkdtempSync(path.join(tmpdir(), 'tiny-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeTinyLlamaGguf', () => {
  it('writes GGUF v3 with the llama metadata, a byte-fallback vocabulary and every tensor', async () => {
    const info = await readGgufFileInfo(writeTinyLlamaGguf(path.join(dir, 'a.gguf'), { layers: 2, chatTemplate: '{{ x }}' }));
    expect(info.version).toBe(3);
    const meta = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(meta.general).toMatchObject({ architecture: 'llama', name: 'tiny-llama-test' });
    expect(meta.llama).toMatchObject({ embedding_length: 64, block_count: 2, feed_forward_length: 256, context_length: 512 });
    const tokenizer = meta.tokenizer!.ggml as { model: string; tokens: string[]; token_type: number[] };
    expect(tokenizer.model).toBe('llama');
    expect(tokenizer.tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(tokenizer.tokens.filter((t) => /^<0x[0-9A-F]{2}>$/.test(t))).toHaveLength(256);
    expect(tokenizer.token_type.filter((t) => t === 6)).toHaveLength(256);
    expect(meta.tokenizer!.chat_template).toBe('{{ x }}');
    expect(info.tensorInfo?.map((t) => t.name)).toEqual([
      'token_embd.weight',
      'output_norm.weight',
      ...[0, 1].flatMap((l) => ['attn_norm', 'attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_norm', 'ffn_gate', 'ffn_up', 'ffn_down'].map((n) => `blk.${l}.${n}.weight`)),
    ]);
  });

  it('leaves out the keys it is told to, and writes the same bytes for the same seed', async () => {
    const file = writeTinyLlamaGguf(path.join(dir, 'b.gguf'), { omitKeys: ['llama.feed_forward_length'] });
    const meta = (await readGgufFileInfo(file)).metadata as unknown as { llama: Record<string, unknown> };
    expect(meta.llama.feed_forward_length).toBeUndefined();
    expect(meta.llama.embedding_length).toBe(64);
    const { buildTinyLlamaGguf } = await import('../../fixtures/gguf/tiny-gguf');
    expect(Buffer.from(buildTinyLlamaGguf({ seed: 3 })).equals(Buffer.from(buildTinyLlamaGguf({ seed: 3 })))).toBe(true);
    expect(Buffer.from(buildTinyLlamaGguf({ seed: 3 })).equals(Buffer.from(buildTinyLlamaGguf({ seed: 4 })))).toBe(false);
  });
});
