import { describe, expect, it } from 'vitest';
import { planImageInput } from '../../../src-shared/domain/onnx/image-input';
import { imageTensor, placement, resizeBilinear } from '../../../src-shared/domain/onnx/image-tensor';

const src = { width: 200, height: 100 };

describe('planImageInput (size from the model, not a fixed 640)', () => {
  it('uses a static NCHW size as it is', () => {
    expect(planImageInput([1, 3, 320, 256], 'object-detection', src)).toEqual({ ok: true, plan: { layout: 'nchw', channels: 3, width: 256, height: 320, resize: 'letterbox' } });
  });

  it('keeps the aspect ratio for a dynamic width (PaddleOCR: [N, 3, 48, W])', () => {
    expect(planImageInput(['N', 3, 48, 'W'], 'image-classification', src)).toMatchObject({ ok: true, plan: { width: 96, height: 48, resize: 'stretch' } });
  });

  it('falls back to 640 for a fully dynamic detector and 224 for a classifier', () => {
    expect(planImageInput([1, 3, 'h', 'w'], 'object-detection', src)).toMatchObject({ plan: { width: 640, height: 640 } });
    expect(planImageInput([1, 3, 'h', 'w'], 'image-classification', src)).toMatchObject({ plan: { width: 224, height: 224 } });
  });

  it('recognises NHWC and single-channel inputs', () => {
    expect(planImageInput([1, 224, 224, 3], 'image-classification', src)).toMatchObject({ plan: { layout: 'nhwc', channels: 3 } });
    expect(planImageInput([1, 1, 28, 28], 'image-classification', src)).toMatchObject({ plan: { layout: 'nchw', channels: 1, width: 28 } });
  });

  it('explains inputs it cannot feed', () => {
    expect(planImageInput([1, 3, 224], 'image-classification', src)).toEqual({ ok: false, error: "the model's image input must have 4 dimensions ([1, 3, H, W] or [1, H, W, 3]), it has [1, 3, 224]" });
    expect(planImageInput([4, 3, 8, 8], 'image-classification', src)).toMatchObject({ ok: false, error: expect.stringMatching(/fixed batch of 4/) });
    expect(planImageInput([1, 5, 8, 8], 'image-classification', src)).toMatchObject({ ok: false, error: expect.stringMatching(/has 5 channels/) });
  });
});

describe('imageTensor', () => {
  // 2×1 RGBA image: a red pixel and a blue one.
  const image = { width: 2, height: 1, data: [255, 0, 0, 255, 0, 0, 255, 255] };

  it('lays out NCHW planes, scaled to [0, 1] and normalised per channel', () => {
    const t = imageTensor(image, { layout: 'nchw', channels: 3, width: 2, height: 1, resize: 'stretch' }, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(t.dims).toEqual([1, 3, 1, 2]);
    // R plane [1, -1], G plane [-1, -1], B plane [-1, 1]
    expect(Array.from(t.data)).toEqual([1, -1, -1, -1, -1, 1]);
  });

  it('lays out NHWC pixels and converts to grey for one channel', () => {
    const nhwc = imageTensor(image, { layout: 'nhwc', channels: 3, width: 2, height: 1, resize: 'stretch' }, { mean: [0, 0, 0], std: [1, 1, 1] });
    expect(Array.from(nhwc.data)).toEqual([1, 0, 0, 0, 0, 1]);
    const grey = imageTensor(image, { layout: 'nchw', channels: 1, width: 2, height: 1, resize: 'stretch' }, { mean: [0, 0, 0], std: [1, 1, 1] });
    expect(grey.data[0]).toBeCloseTo(0.299, 5);
    expect(grey.data[1]).toBeCloseTo(0.114, 5);
  });

  it('letterboxes with grey 114 around the centred, resized image', () => {
    const white = { width: 4, height: 2, data: new Array(4 * 2 * 4).fill(255) };
    const t = imageTensor(white, { layout: 'nchw', channels: 3, width: 4, height: 4, resize: 'letterbox' }, { mean: [0, 0, 0], std: [1, 1, 1] });
    expect(t.placement).toEqual({ scale: 1, padX: 0, padY: 1, width: 4, height: 2 });
    const r = Array.from(t.data.slice(0, 16));
    const g = 114 / 255;
    expect(r).toEqual([g, g, g, g, 1, 1, 1, 1, 1, 1, 1, 1, g, g, g, g].map((v) => Math.fround(v)));
  });

  it('stretch placement scales each axis', () => {
    expect(placement(src, { width: 100, height: 100, resize: 'stretch' })).toMatchObject({ padX: 0, padY: 0, width: 100, height: 100 });
  });
});

describe('resizeBilinear', () => {
  it('interpolates between pixel centres', () => {
    // 2×1 black→white upscaled to 4×1: centres at 0.25, 0.75 … of the source.
    const img = { width: 2, height: 1, data: [0, 0, 0, 255, 255, 255, 255, 255] };
    const out = resizeBilinear(img, 4, 1);
    expect([out[0], out[3], out[6], out[9]]).toEqual([0, 63.75, 191.25, 255]);
  });

  it('keeps a solid colour solid', () => {
    const img = { width: 3, height: 3, data: new Array(36).fill(0).map((_, i) => (i % 4 === 0 ? 200 : 10)) };
    expect(new Set(resizeBilinear(img, 5, 2).filter((_, i) => i % 3 === 0))).toEqual(new Set([200]));
  });
});

describe('planImageInput with sizes from the job', () => {
  it('fills dynamic sides from input.width / input.height, never static ones', () => {
    expect(planImageInput(['N', 3, 'H', 'W'], 'image-classification', src, { width: null, height: 48 })).toMatchObject({ plan: { width: 96, height: 48 } });
    expect(planImageInput(['N', 3, 'H', 'W'], 'image-classification', src, { width: 320, height: 32 })).toMatchObject({ plan: { width: 320, height: 32 } });
    expect(planImageInput([1, 3, 64, 64], 'object-detection', src, { width: 320, height: 320 })).toMatchObject({ plan: { width: 64, height: 64 } });
  });
});
