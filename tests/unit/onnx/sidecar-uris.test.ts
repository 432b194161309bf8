import { describe, expect, it } from 'vitest';
import { sidecarUri } from '../../../src-shared/domain/onnx/sidecar-uris';

describe('sidecarUri (§8.2 tokenizer URI derivation)', () => {
  it('hf://repo[:file] → hf://repo:<name>', () => {
    expect(sidecarUri('hf://Xenova/bert-base:onnx/model.onnx', 'tokenizer.json')).toBe('hf://Xenova/bert-base:tokenizer.json');
    expect(sidecarUri('hf://distilbert/sst2', 'config.json')).toBe('hf://distilbert/sst2:config.json');
  });

  it('https://x/y/model.onnx → https://x/y/<name>, without the model\'s query', () => {
    expect(sidecarUri('https://x.test/y/model.onnx', 'tokenizer.json')).toBe('https://x.test/y/tokenizer.json');
    expect(sidecarUri('https://x.test/y/model.onnx?download=1#frag', 'tokenizer_config.json')).toBe('https://x.test/y/tokenizer_config.json');
  });

  it('gives nothing for what has no neighbour', () => {
    expect(sidecarUri('hf://', 'tokenizer.json')).toBeNull();
    expect(sidecarUri('/local/model.onnx', 'tokenizer.json')).toBeNull();
    expect(sidecarUri('ftp://x/y/model.onnx', 'tokenizer.json')).toBeNull();
  });
});
