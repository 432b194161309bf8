// Reads a QR code the way a phone would: from the pixels. The dashboard draws its QR as an SVG,
// so the test takes a PNG screenshot of that element and hands the pixels to jsQR (a decoder that
// knows nothing of our encoder, `qrcode`).
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code in a PNG image, or null when no code can be read from it. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return code ? code.data : null;
}
