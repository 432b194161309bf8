import { describe, expect, it } from 'vitest';
import { fitEncoding, maxTokensFrom } from '../../../src-shared/domain/onnx/encoding-fit';
import { describeTensors, pickOutputs, planImageFeed, planTextFeeds } from '../../../src-shared/domain/onnx/model-io';

describe('fitEncoding', () => {
  const enc = { ids: [101, 7, 8, 9, 102], mask: [1, 1, 1, 1, 1], types: [0, 0, 0, 0, 0] };

  it('truncates to the limit, keeping the closing special token', () => {
    expect(fitEncoding(enc, 4, null, 0)).toEqual({ ids: [101, 7, 8, 102], mask: [1, 1, 1, 1], types: [0, 0, 0, 0], truncatedTokens: 1 });
  });

  it('pads to a static length with the pad id and mask 0', () => {
    expect(fitEncoding(enc, 512, 7, 3)).toEqual({ ids: [101, 7, 8, 9, 102, 3, 3], mask: [1, 1, 1, 1, 1, 0, 0], types: [0, 0, 0, 0, 0, 0, 0], truncatedTokens: 0 });
  });

  it("reads tokenizer_config's model_max_length, ignoring Hugging Face's 'no limit' 1e30", () => {
    expect(maxTokensFrom({ model_max_length: 128 })).toBe(128);
    expect(maxTokensFrom({ model_max_length: 1e30 })).toBe(512);
    expect(maxTokensFrom(null)).toBe(512);
  });
});

describe('planTextFeeds', () => {
  const ids = { name: 'input_ids', type: 'int64', dims: [1, 'seq'] };
  const mask = { name: 'attention_mask', type: 'int64', dims: [1, 'seq'] };

  it('feeds the inputs the model has, by name', () => {
    const plan = planTextFeeds([ids, mask, { name: 'token_type_ids', type: 'int32', dims: ['batch', 128] }], 'text-classification');
    expect(plan).toEqual({
      ok: true,
      plan: {
        feeds: [
          { name: 'input_ids', source: 'ids', type: 'int64' },
          { name: 'attention_mask', source: 'mask', type: 'int64' },
          { name: 'token_type_ids', source: 'types', type: 'int32' },
        ],
        fixedLength: 128,
      },
    });
  });

  it("explains a mismatch with the model's real inputs", () => {
    const plan = planTextFeeds([{ name: 'x', type: 'float32', dims: ['N', 3, 48, 'W'] }], 'text-classification');
    expect(plan).toEqual({
      ok: false,
      error:
        "the model has no input_ids input. The model's inputs are x: float32 [N, 3, 48, W]; text-classification feeds input_ids (int64 or int32, [1, seq]) with attention_mask, and token_type_ids and position_ids when the model has them",
    });
    expect(planTextFeeds([ids, { name: 'pixel_values', type: 'float32', dims: [1, 3] }], 'fill-mask')).toMatchObject({ error: expect.stringMatching(/^the model's input pixel_values is not one a text task can fill/) });
    expect(planTextFeeds([{ ...ids, type: 'float32' }], 'fill-mask')).toMatchObject({ error: expect.stringMatching(/^input_ids is float32, not an integer tensor/) });
  });
});

describe('planImageFeed and outputs', () => {
  it('takes one float32 input and explains anything else', () => {
    const x = { name: 'x', type: 'float32', dims: ['N', 3, 48, 'W'] };
    expect(planImageFeed([x], 'image-classification')).toEqual({ ok: true, plan: x });
    expect(planImageFeed([{ name: 'input_ids', type: 'int64', dims: [1, 'seq'] }], 'object-detection')).toEqual({
      ok: false,
      error: "input_ids is int64, not float32. The model's inputs are input_ids: int64 [1, seq]; object-detection feeds one float32 image [1, 3, H, W] (or [1, H, W, 3])",
    });
    expect(planImageFeed([x, x], 'object-detection')).toMatchObject({ error: expect.stringMatching(/^the model takes 2 inputs/) });
    expect(describeTensors([])).toBe('(none)');
  });

  it('picks start and end logits by name for question answering, else the first output', () => {
    expect(pickOutputs(['end_logits', 'start_logits'], 'question-answering')).toEqual(['start_logits', 'end_logits']);
    expect(pickOutputs(['a', 'b'], 'question-answering')).toEqual(['a', 'b']);
    expect(pickOutputs(['logits', 'hidden'], 'text-classification')).toEqual(['logits']);
  });
});
