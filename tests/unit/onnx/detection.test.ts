import { describe, expect, it } from 'vitest';
import { decodeDetections, detectLayout, iou, nonMaxSuppression, readCandidates, toImagePixels, type Detection } from '../../../src-shared/domain/onnx/detection';
import { placement } from '../../../src-shared/domain/onnx/image-tensor';

const det = (x: number, y: number, w: number, h: number, confidence: number, class_id = 0): Detection => ({ x_center: x, y_center: y, width: w, height: h, confidence, class_id });

describe('detection layouts', () => {
  it('tells rows, YOLOv5 and YOLOv8 outputs apart by shape', () => {
    expect(detectLayout([1, 25200, 6])).toBe('rows');
    expect(detectLayout([1, 100, 5])).toBe('rows');
    expect(detectLayout([1, 25200, 85])).toBe('yolov5');
    expect(detectLayout([1, 84, 8400])).toBe('yolov8');
    expect(() => detectLayout([1, 8400])).toThrow(/expects output \[1, N, 6\]/);
  });

  it('reads [xc, yc, w, h, conf, class] rows above the threshold (the Rust reading)', () => {
    const rows = [10, 20, 4, 6, 0.9, 2, 30, 40, 8, 8, 0.3, 1];
    expect(readCandidates(rows, [1, 2, 6], 0.5)).toEqual([det(10, 20, 4, 6, 0.9, 2)]);
  });

  it('reads YOLOv5 rows as objectness × best class score', () => {
    // box, obj 0.8, classes [0.1, 0.9, 0.2]
    const [d] = readCandidates([5, 5, 2, 2, 0.8, 0.1, 0.9, 0.2], [1, 1, 8], 0.5);
    expect(d).toMatchObject({ class_id: 1 });
    expect(d!.confidence).toBeCloseTo(0.72, 10);
  });

  it("reads YOLOv8's transposed [1, 4+C, anchors] column by column", () => {
    // 2 classes, 8 anchors (always more anchors than fields), field-major as the model writes it.
    const fields = [
      [10, 50, 90, 1, 1, 1, 1, 1], // xc
      [11, 51, 91, 1, 1, 1, 1, 1], // yc
      [4, 5, 6, 1, 1, 1, 1, 1], // w
      [7, 8, 9, 1, 1, 1, 1, 1], // h
      [0.2, 0.95, 0.1, 0, 0, 0, 0, 0], // class 0
      [0.7, 0.05, 0.3, 0, 0, 0, 0, 0], // class 1
    ];
    const got = readCandidates(fields.flat(), [1, 6, 8], 0.5);
    expect(got).toEqual([det(10, 11, 4, 7, 0.7, 1), det(50, 51, 5, 8, 0.95, 0)]);
  });
});

describe('non-maximum suppression', () => {
  it('computes IoU of centre-format boxes', () => {
    // Two 2×2 boxes overlapping by a 1×2 strip: 2 / (4 + 4 − 2).
    expect(iou(det(1, 1, 2, 2, 1), det(2, 1, 2, 2, 1))).toBeCloseTo(1 / 3, 10);
    expect(iou(det(0, 0, 2, 2, 1), det(10, 10, 2, 2, 1))).toBe(0);
  });

  it('drops an overlapping lower box of the same class, keeps other classes and distant boxes', () => {
    const kept = nonMaxSuppression([det(10, 10, 10, 10, 0.8), det(11, 10, 10, 10, 0.9), det(11, 10, 10, 10, 0.7, 1), det(50, 50, 10, 10, 0.6)], 0.45, 300);
    expect(kept.map((d) => [d.confidence, d.class_id])).toEqual([[0.9, 0], [0.7, 1], [0.6, 0]]);
  });

  it('keeps at most maxDetections, best first', () => {
    expect(nonMaxSuppression([det(0, 0, 1, 1, 0.5), det(9, 9, 1, 1, 0.9), det(20, 20, 1, 1, 0.7)], 0.5, 2).map((d) => d.confidence)).toEqual([0.9, 0.7]);
  });
});

describe('back to the original image', () => {
  it('undoes the letterbox: a 200×100 image in a 64×64 input is scaled 0.32 and padded 16 rows top', () => {
    const place = placement({ width: 200, height: 100 }, { width: 64, height: 64, resize: 'letterbox' });
    expect(place).toEqual({ scale: 0.32, padX: 0, padY: 16, width: 64, height: 32 });
    // A box covering the whole resized image in input pixels covers the whole original.
    expect(toImagePixels(det(32, 32, 64, 32, 1), place, { width: 200, height: 100 })).toEqual(det(100, 50, 200, 100, 1));
    // A box reaching into the padding is clipped to the image.
    expect(toImagePixels(det(8, 16, 16, 16, 1), place, { width: 200, height: 100 })).toEqual(det(25, 12.5, 50, 25, 1));
  });

  it('decodes, filters, suppresses and maps in one go', () => {
    const place = placement({ width: 64, height: 64 }, { width: 64, height: 64, resize: 'letterbox' });
    const out = decodeDetections([10, 10, 4, 4, 0.9, 0, 10.5, 10, 4, 4, 0.8, 0, 40, 40, 4, 4, 0.1, 0], [1, 3, 6], { threshold: 0.5, iouThreshold: 0.45, maxDetections: 10 }, place, { width: 64, height: 64 });
    expect(out).toEqual([det(10, 10, 4, 4, 0.9)]);
  });
});
