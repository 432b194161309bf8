import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_OPTIONS, parseTaskInput } from '../../../src-shared/domain/onnx/job-input';

describe('parseTaskInput', () => {
  it('takes text for text tasks, with normalize for embeddings', () => {
    expect(parseTaskInput('text-classification', { text: 'hi' })).toEqual({ ok: true, value: { kind: 'text', text: 'hi', normalize: false } });
    expect(parseTaskInput('feature-extraction', { text: 'hi', normalize: true })).toMatchObject({ value: { normalize: true } });
  });

  it('names the missing or wrong field', () => {
    expect(parseTaskInput('text-classification', {})).toEqual({ ok: false, error: 'text-classification requires input.text (a non-empty string), got nothing' });
    expect(parseTaskInput('question-answering', { question: 'q', context: 7 })).toEqual({ ok: false, error: 'question-answering requires input.context (a non-empty string), got number 7' });
    expect(parseTaskInput('fill-mask', 'hello')).toEqual({ ok: false, error: 'fill-mask needs input to be a JSON object, got "hello"' });
    expect(parseTaskInput('feature-extraction', { text: 'x', normalize: 'yes' })).toEqual({ ok: false, error: 'input.normalize must be true or false, got "yes"' });
  });

  it('takes a base64 image (bare or as a data URL) with detection options', () => {
    const parsed = parseTaskInput('object-detection', { image: 'data:image/png;base64,iVBO\nRw==', threshold: 0.25 });
    expect(parsed).toEqual({ ok: true, value: { kind: 'image', imageBase64: 'iVBORw==', options: { ...DEFAULT_IMAGE_OPTIONS, threshold: 0.25 } } });
    expect(parseTaskInput('image-classification', { image: 'AAAA', height: 48 })).toMatchObject({ value: { options: { height: 48, width: null } } });
    expect(parseTaskInput('image-classification', { image: 'AAAA', width: 0 })).toEqual({ ok: false, error: 'input.width must be a whole number of pixels from 1 to 4096, got number 0' });
  });

  it('rejects an image that is not base64 and options out of range', () => {
    expect(parseTaskInput('image-classification', { image: 'not base64!' })).toEqual({ ok: false, error: 'input.image is not valid base64 (standard alphabet, padded)' });
    expect(parseTaskInput('object-detection', {})).toEqual({ ok: false, error: 'object-detection requires input.image (a base64 PNG or JPEG), got nothing' });
    expect(parseTaskInput('object-detection', { image: 'AAAA', threshold: 2 })).toEqual({ ok: false, error: 'input.threshold must be a number from 0 to 1, got number 2' });
    expect(parseTaskInput('image-classification', { image: 'AAAA', std: [1, 0, 1] })).toEqual({ ok: false, error: 'input.std must be three positive numbers (R, G, B), got an array' });
  });

  it('reads zero-shot candidate labels from a list or a comma-separated string', () => {
    expect(parseTaskInput('zero-shot-classification', { text: 't', candidate_labels: 'a, b ,c' })).toMatchObject({ value: { candidateLabels: ['a', 'b', 'c'], template: 'This example is {}.', multiLabel: false } });
    expect(parseTaskInput('zero-shot-classification', { text: 't' })).toMatchObject({ value: { candidateLabels: null } });
    expect(parseTaskInput('zero-shot-classification', { text: 't', hypothesis_template: 'About' })).toEqual({ ok: false, error: 'input.hypothesis_template must be a string containing "{}", got "About"' });
  });
});
