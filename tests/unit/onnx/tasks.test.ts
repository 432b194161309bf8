import { describe, expect, it } from 'vitest';
import { needsTokenizer, routeTask } from '../../../src-shared/domain/onnx/tasks';

describe('routeTask (§8.2 task routing)', () => {
  it('defaults a null onnx_task_type to text-classification (§3.4)', () => {
    expect(routeTask(null)).toEqual({ task: 'text-classification', requested: 'text-classification', known: true, modality: 'text' });
  });

  it('gives each task it can do its own pipeline', () => {
    expect(routeTask('question-answering')).toMatchObject({ task: 'question-answering', known: true, modality: 'text' });
    expect(routeTask('fill-mask')).toMatchObject({ task: 'fill-mask', known: true });
    expect(routeTask('token-classification')).toMatchObject({ task: 'token-classification', known: true });
    expect(routeTask('object-detection')).toMatchObject({ task: 'object-detection', modality: 'image' });
    expect(routeTask('image-classification')).toMatchObject({ task: 'image-classification', modality: 'image' });
  });

  it('runs an unknown task as text-classification and says it was unknown', () => {
    expect(routeTask('summarization')).toEqual({ task: 'text-classification', requested: 'summarization', known: false, modality: 'text' });
  });

  it('needs a tokenizer for text tasks only', () => {
    expect(needsTokenizer('feature-extraction')).toBe(true);
    expect(needsTokenizer('zero-shot-classification')).toBe(true);
    expect(needsTokenizer('image-segmentation')).toBe(false);
  });
});
