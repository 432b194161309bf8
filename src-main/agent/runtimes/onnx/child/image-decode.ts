// A job's base64 image → RGBA pixels (pngjs, jpeg-js: pure JavaScript, no native code), with the
// errors naming input.image.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { errorMessage } from '../../../../../src-shared/errors';
import { MAX_IMAGE_PIXELS, pngSize, sniffImageFormat } from '../../../../../src-shared/domain/onnx/image-format';
import type { RgbaImage } from '../../../../../src-shared/domain/onnx/image-tensor';
import { TaskError } from './task-error';

export function decodeImage(base64: string, maxPixels = MAX_IMAGE_PIXELS): RgbaImage {
  const bytes = Buffer.from(base64, 'base64');
  const format = sniffImageFormat(bytes);
  if (!format) throw new TaskError('input.image is not a PNG or JPEG image');
  if (format === 'png') {
    const size = pngSize(bytes);
    if (size && size.width * size.height > maxPixels) throw tooLarge(size.width, size.height, maxPixels);
    try {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    } catch (err) {
      throw new TaskError(`input.image could not be decoded as PNG: ${errorMessage(err)}`);
    }
  }
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1_000_000, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  } catch (err) {
    throw new TaskError(`input.image could not be decoded as JPEG: ${errorMessage(err)}`);
  }
}

function tooLarge(width: number, height: number, max: number): TaskError {
  return new TaskError(`input.image is too large: ${width}×${height} pixels (the limit is ${(max / 1_000_000).toFixed(0)} megapixels)`);
}
