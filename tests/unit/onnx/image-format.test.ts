import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pngSize, sniffImageFormat } from '../../../src-shared/domain/onnx/image-format';

describe('image format sniffing', () => {
  it('recognises PNG and JPEG signatures and nothing else', () => {
    const png = PNG.sync.write(Object.assign(new PNG({ width: 3, height: 2 }), {}));
    expect(sniffImageFormat(png)).toBe('png');
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    expect(sniffImageFormat(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(pngSize(png.subarray(0, 10))).toBeNull();
  });
});
