// Decoded RGBA pixels → the model's float input: resized (bilinear) or letterboxed to the planned
// size, scaled to [0, 1], normalised per channel, laid out NCHW or NHWC.
import type { ImagePlan } from './image-input';

export interface RgbaImage {
  width: number;
  height: number;
  /** 4 bytes per pixel, row by row. */
  data: ArrayLike<number>;
}

/** Where the source image lies inside the model's input: x_model = x_source × scale + padX. */
export interface Placement {
  scale: number;
  padX: number;
  padY: number;
  /** The resized image's size inside the input. */
  width: number;
  height: number;
}

/** YOLO pads with grey 114. */
export const LETTERBOX_PAD = 114;

export function placement(source: { width: number; height: number }, plan: Pick<ImagePlan, 'width' | 'height' | 'resize'>): Placement {
  if (plan.resize === 'stretch') return { scale: plan.width / source.width, padX: 0, padY: 0, width: plan.width, height: plan.height };
  const scale = Math.min(plan.width / source.width, plan.height / source.height);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  return { scale, padX: Math.floor((plan.width - width) / 2), padY: Math.floor((plan.height - height) / 2), width, height };
}

export interface Normalisation {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export function imageTensor(image: RgbaImage, plan: ImagePlan, norm: Normalisation): { data: Float32Array; dims: number[]; placement: Placement } {
  const place = placement(image, plan);
  const { width: W, height: H, channels: C } = plan;
  const plane = W * H;
  const data = new Float32Array(C * plane);
  const resized = resizeBilinear(image, place.width, place.height);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const sx = x - place.padX;
      const sy = y - place.padY;
      const inside = sx >= 0 && sy >= 0 && sx < place.width && sy < place.height;
      const p = (sy * place.width + sx) * 3;
      const rgb = inside ? [resized[p]!, resized[p + 1]!, resized[p + 2]!] : [LETTERBOX_PAD, LETTERBOX_PAD, LETTERBOX_PAD];
      const values = C === 1 ? [0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!] : rgb;
      for (let c = 0; c < C; c++) {
        const v = (values[c]! / 255 - norm.mean[c]!) / norm.std[c]!;
        data[plan.layout === 'nchw' ? c * plane + y * W + x : (y * W + x) * C + c] = v;
      }
    }
  }
  const dims = plan.layout === 'nchw' ? [1, C, H, W] : [1, H, W, C];
  return { data, dims, placement: place };
}

/** Bilinear resampling with pixel centres aligned (as OpenCV's INTER_LINEAR), RGBA → RGB floats. */
export function resizeBilinear(image: RgbaImage, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3);
  const sx = image.width / width;
  const sy = image.height / height;
  const px = (x: number, y: number, c: number) => image.data[(y * image.width + x) * 4 + c]!;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = px(x0, y0, c) * (1 - wx) + px(x1, y0, c) * wx;
        const bottom = px(x0, y1, c) * (1 - wx) + px(x1, y1, c) * wx;
        out[(y * width + x) * 3 + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}
