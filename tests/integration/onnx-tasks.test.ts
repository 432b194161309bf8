// Every ONNX task through the real runtime: a real inference process (child_process.fork of
// onnx-worker.ts), real onnxruntime-node, the real tokenizer library. Text models are generated
// with known weights and their expected outputs recomputed here independently; the image
// classifier is PaddleOCR's real text-orientation model.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxRuntime } from '../../src-main/agent/runtimes/onnx/index';
import { classifierLogits, range, softmaxOf, wordSpans } from '../fixtures/onnx/expected';
import { halvesPng, solidPng, textLinePng } from '../fixtures/onnx/images';
import { createModelFiles, paddleClsModelPath, type ModelFiles } from '../fixtures/onnx/model-files';
import { runOnnxJob } from '../fixtures/onnx/run-onnx-job';
import { classifierModel, embed, endScore, featureModel, fillMaskModel, mlmW, NER_LABELS, qaModel, startScore, tokenClassModel, tokenClassW } from '../fixtures/onnx/text-models';
import { ID, idsOf, MASK, VOCAB } from '../fixtures/onnx/tokenizer';
import { redGreenSegmenter, rowsDetector, yolov8Detector } from '../fixtures/onnx/vision-models';
import { createTestLogger } from '../helpers/test-logger';

describe('ONNX tasks (real inference process, real onnxruntime-node)', () => {
  let files: ModelFiles;
  let runtime: OnnxRuntime;
  const log = createTestLogger();
  const uris: Record<string, string> = {};

  beforeAll(() => {
    files = createModelFiles();
    uris.cls = files.add('cls', classifierModel(), { config: { id2label: { 0: 'NEGATIVE', 1: 'NEUTRAL', 2: 'POSITIVE' } } });
    uris.feat = files.add('feat', featureModel(6));
    uris.qa = files.add('qa', qaModel());
    uris.ner = files.add('ner', tokenClassModel(NER_LABELS.length), { config: { id2label: Object.fromEntries(NER_LABELS.map((l, i) => [i, l])) } });
    uris.mlm = files.add('mlm', fillMaskModel());
    uris.nli = files.add('nli', classifierModel({ withTokenTypes: true }), { config: { id2label: { 0: 'contradiction', 1: 'neutral', 2: 'entailment' } } });
    uris.paddle = files.add('paddle', readFileSync(paddleClsModelPath()), { tokenizer: false, tokenizerConfig: false });
    uris.paddleText = files.add('paddle-text', readFileSync(paddleClsModelPath()));
    uris.rows = files.add('rows', rowsDetector(64, [
      [32, 32, 20, 10, 0.3, 2],
      [33, 32, 20, 10, 0.6, 2],
      [10, 18, 8, 8, 0.9, 1],
      [50, 50, 4, 4, 0.2, 0],
    ]), { tokenizer: false });
    const anchors = range(10).map(() => [0, 0, 0, 0, 0, 0, 0]);
    anchors[0] = [100, 100, 50, 50, 0.1, 0.8, 0.05];
    anchors[1] = [104, 100, 50, 50, 0.1, 0.7, 0];
    anchors[2] = [400, 300, 60, 40, 0.9, 0, 0];
    uris.v8 = files.add('v8', yolov8Detector(['h', 'w'], anchors), { tokenizer: false });
    uris.seg = files.add('seg', redGreenSegmenter(32), { tokenizer: false, config: { id2label: { 0: 'green', 1: 'red' } } });
    // Up to 4 models stay loaded; the rest are unloaded as others are needed.
    runtime = new OnnxRuntime({ models: files.store, log }, { maxLoadedModels: 4 });
  });
  afterAll(async () => {
    await runtime?.close();
    files?.cleanup();
  });

  const run = (onnx_model_url: string, onnx_task_type: string | null, input: unknown) => runOnnxJob(runtime, { onnx_model_url, onnx_task_type, input }, { log });

  it('text-classification: softmax of the pooled logits, named by config.json, one final chunk at seq 0', async () => {
    const r = await run(uris.cls!, null, { text: 'This movie was great!' });
    expect(r.terminal, log.dump()).toBe('succeeded');
    const probs = softmaxOf(classifierLogits(idsOf(['this', 'movie', 'was', 'great', '!'])));
    const best = probs.indexOf(Math.max(...probs));
    expect(r.result).toMatchObject({ label: ['NEGATIVE', 'NEUTRAL', 'POSITIVE'][best], task: 'text-classification' });
    expect(r.result!.score).toBeCloseTo(probs[best]!, 5);
    (r.result!.scores as number[]).forEach((s, i) => expect(s).toBeCloseTo(probs[i]!, 5));
    expect(r.reporter.outputsOf(r.job.job_id)).toEqual([{ job_id: r.job.job_id, seq: 0, chunk: expect.any(String), is_final: true }]);
    expect(r.reporter.statesOf(r.job.job_id)).toEqual(['succeeded']);
  });

  it('an unknown task runs as text-classification and is logged', async () => {
    const r = await run(uris.cls!, 'summarization', { text: 'a bad film' });
    expect(r.terminal).toBe('succeeded');
    const probs = softmaxOf(classifierLogits(idsOf(['a', 'bad', 'film'])));
    expect(r.result!.task).toBe('text-classification');
    (r.result!.scores as number[]).forEach((s, i) => expect(s).toBeCloseTo(probs[i]!, 5));
    expect(log.has({ level: 'warn', msg: 'unknown onnx_task_type: running it as text-classification', fields: { task: 'summarization' } })).toBe(true);
  });

  it('feature-extraction: mean of the token vectors over the attention mask, normalised on request', async () => {
    const ids = idsOf(['i', 'love', 'paris']);
    const mean = range(6).map((h) => ids.reduce((s, v) => s + Math.tanh(embed(v, h)), 0) / ids.length);
    const plain = await run(uris.feat!, 'feature-extraction', { text: 'I love Paris' });
    expect(plain.result).toMatchObject({ dimensions: 6, normalized: false, task: 'feature-extraction' });
    (plain.result!.embedding as number[]).forEach((v, i) => expect(v).toBeCloseTo(mean[i]!, 5));
    const norm = Math.hypot(...mean);
    const unit = await run(uris.feat!, 'feature-extraction', { text: 'I love Paris', normalize: true });
    (unit.result!.embedding as number[]).forEach((v, i) => expect(v).toBeCloseTo(mean[i]! / norm, 5));
  });

  it('question-answering: the best span inside the context, cut from the original text', async () => {
    const question = 'Where is the capital?';
    const context = 'The capital of France is New York.';
    const q = ['where', 'is', 'the', 'capital', '?'];
    const c = ['the', 'capital', 'of', 'france', 'is', 'new', 'york', '.'];
    const ids = idsOf(q, c);
    const from = q.length + 2;
    let best = { i: 0, j: 0, score: -Infinity };
    for (let i = 0; i < c.length; i++) for (let j = i; j < c.length; j++) {
      const score = startScore(ids[from + i]!) + endScore(ids[from + j]!);
      if (score > best.score) best = { i, j, score };
    }
    const spans = wordSpans(context, c);
    const r = await run(uris.qa!, 'question-answering', { question, context });
    expect(r.terminal, log.dump()).toBe('succeeded');
    expect(r.result).toMatchObject({
      answer: context.slice(spans[best.i]![0], spans[best.j]![1]),
      start: from + best.i,
      end: from + best.j,
      answer_start: spans[best.i]![0],
      answer_end: spans[best.j]![1],
      task: 'question-answering',
    });
    expect(r.result!.answer).toBe('New York');
    expect(r.result!.score).toBeCloseTo(best.score, 5);
  });

  it('token-classification: a label per token and entities with the original casing', async () => {
    const text = 'Ada lives in London.';
    const r = await run(uris.ner!, 'token-classification', { text });
    expect(r.terminal).toBe('succeeded');
    const words = ['ada', 'lives', 'in', 'london', '.'];
    const expected = words.map((w) => {
      const p = softmaxOf(range(NER_LABELS.length).map((c) => tokenClassW(ID[w]!, c)));
      return { token: w, label: NER_LABELS[p.indexOf(Math.max(...p))], score: Math.max(...p) };
    });
    const tokens = r.result!.tokens as Array<{ token: string; label: string; score: number; start: number }>;
    expect(tokens.map((t) => [t.token, t.label])).toEqual(expected.map((e) => [e.token, e.label]));
    tokens.forEach((t, i) => expect(t.score).toBeCloseTo(expected[i]!.score, 5));
    expect((r.result!.entities as Array<{ entity_group: string; word: string }>).map((e) => [e.entity_group, e.word])).toEqual([
      ['PER', 'Ada'],
      ['LOC', 'London'],
    ]);
  });

  it('fill-mask: the most likely tokens at [MASK] with their probabilities', async () => {
    const r = await run(uris.mlm!, 'fill-mask', { text: 'I love this [MASK].' });
    expect(r.terminal).toBe('succeeded');
    const p = softmaxOf(range(VOCAB.length).map((v) => mlmW(MASK, v)));
    const top = range(VOCAB.length).sort((a, b) => p[b]! - p[a]!).slice(0, 5);
    const preds = r.result!.predictions as Array<{ token: number; token_str: string; score: number; sequence: string }>;
    expect(preds.map((x) => x.token)).toEqual(top);
    preds.forEach((x, i) => expect(x.score).toBeCloseTo(p[top[i]!]!, 5));
    expect(preds[0]).toMatchObject({ token_str: 'movie', sequence: expect.stringMatching(/^i love this movie ?\.$/) });
  });

  it('fill-mask without a mask token in the text fails naming it', async () => {
    const r = await run(uris.mlm!, 'fill-mask', { text: 'I love this movie.' });
    expect(r.terminal).toBe('failed: ONNX error: fill-mask requires input.text to contain the mask token [MASK]');
  });

  it('zero-shot-classification: one NLI pair per candidate, ranked by entailment', async () => {
    const text = 'I love this movie.';
    const t = ['i', 'love', 'this', 'movie', '.'];
    const candidates = ['good', 'bad', 'great'];
    const entail = candidates.map((label) => {
      const ids = idsOf(t, ['this', 'is', label]);
      const types = ids.map((_, k) => (k < t.length + 2 ? 0 : 1));
      return classifierLogits(ids, { types })[2]!;
    });
    const scores = softmaxOf(entail);
    const order = range(3).sort((a, b) => scores[b]! - scores[a]!);
    const r = await run(uris.nli!, 'zero-shot-classification', { text, candidate_labels: candidates, hypothesis_template: 'this is {}' });
    expect(r.terminal, log.dump()).toBe('succeeded');
    expect(r.result).toMatchObject({ sequence: text, labels: order.map((i) => candidates[i]), task: 'zero-shot-classification' });
    (r.result!.scores as number[]).forEach((s, k) => expect(s).toBeCloseTo(scores[order[k]!]!, 5));
  });

  it("image-classification on PaddleOCR's orientation model: upright text is 0°, the same text turned 180° is 180°", async () => {
    // PaddleOCR's input is [N, 3, H, W], all dynamic: the job names the 48-pixel height the model
    // was trained on (the width follows the aspect ratio) and PaddleOCR's normalisation to [-1, 1].
    const norm = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], height: 48 };
    const upright = await run(uris.paddle!, 'image-classification', { image: textLinePng('HELLO WORLD'), ...norm });
    const turned = await run(uris.paddle!, 'image-classification', { image: textLinePng('HELLO WORLD', { rotated: true }), ...norm });
    expect(upright.terminal, log.dump()).toBe('succeeded');
    expect(upright.result).toMatchObject({ label: 'LABEL_0', class_id: 0, task: 'image-classification' });
    expect(turned.result).toMatchObject({ label: 'LABEL_1', class_id: 1 });
    expect(upright.result!.score).toBeGreaterThan(0.9);
    expect(turned.result!.score).toBeGreaterThan(0.9);
    for (const r of [upright, turned]) expect((r.result!.scores as number[]).reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    const again = await run(uris.paddle!, 'image-classification', { image: textLinePng('HELLO WORLD'), ...norm });
    expect(again.result).toEqual(upright.result);
  });

  it('object-detection [1, N, 6]: letterboxed to the model\'s 64×64, threshold, NMS, boxes in the image\'s pixels', async () => {
    // 128×64 → scale 0.5, 64×32 inside the input, 16 rows of grey 114 above and below.
    const colour: [number, number, number] = [200, 100, 50];
    const mean = 0.5 * ((200 + 100 + 50) / 3 / 255) + 0.5 * (114 / 255);
    const r = await run(uris.rows!, 'object-detection', { image: solidPng(128, 64, colour) });
    expect(r.terminal, log.dump()).toBe('succeeded');
    expect(r.result).toMatchObject({ count: 2, task: 'object-detection', image_size: [128, 64], input_size: [64, 64] });
    const [first, second] = r.result!.detections as Array<Record<string, number>>;
    // Row 0 (0.3 + the image's mean) beats row 1 (0.6), which overlaps it: row 1 is suppressed.
    expect(first).toMatchObject({ class_id: 1, x_center: 20, y_center: 6, width: 16, height: 12 });
    expect(first!.confidence).toBeCloseTo(0.9, 5);
    expect(second).toMatchObject({ class_id: 2, x_center: 64, y_center: 32, width: 40, height: 20 });
    expect(second!.confidence).toBeCloseTo(0.3 + mean, 4);
  });

  it("object-detection in YOLOv8's [1, 4+C, anchors] layout, a dynamic input sized 640", async () => {
    const r = await run(uris.v8!, 'object-detection', { image: solidPng(320, 320, [10, 20, 30]), threshold: 0.5 });
    expect(r.terminal, log.dump()).toBe('succeeded');
    expect(r.result).toMatchObject({ count: 2, input_size: [640, 640] });
    const boxes = (r.result!.detections as Array<Record<string, number>>).map((d) => [d.class_id, d.x_center, d.y_center, d.width, d.height]);
    expect(boxes).toEqual([
      [0, 200, 150, 30, 20],
      [1, 50, 50, 25, 25],
    ]);
  });

  it('image-segmentation: §8.2 metadata plus how much of the image each class covers', async () => {
    const r = await run(uris.seg!, 'image-segmentation', { image: halvesPng(64, 32, [255, 0, 0], [0, 255, 0]) });
    expect(r.terminal, log.dump()).toBe('succeeded');
    expect(r.result).toEqual({
      output_shape: [1, 2, 32, 32],
      num_classes: 2,
      original_size: [64, 32],
      input_size: [32, 32],
      classes: [
        { class_id: 0, label: 'green', pixels: 512, fraction: 0.5 },
        { class_id: 1, label: 'red', pixels: 512, fraction: 0.5 },
      ],
      task: 'image-segmentation',
    });
  });

  it('bad input is a clear failure naming the field, before anything is downloaded', async () => {
    const before = files.store.requests.length;
    expect((await run(uris.cls!, null, { prompt: 'hi' })).terminal).toBe('failed: ONNX error: text-classification requires input.text (a non-empty string), got nothing');
    expect((await run(uris.paddle!, 'image-classification', { image: '%%%' })).terminal).toBe('failed: ONNX error: input.image is not valid base64 (standard alphabet, padded)');
    expect(files.store.requests.length).toBe(before);
    const gif = Buffer.from('GIF89a-not-really').toString('base64');
    expect((await run(uris.paddle!, 'image-classification', { image: gif })).terminal).toBe('failed: ONNX error: input.image is not a PNG or JPEG image');
  });

  it("a model that does not fit the task fails explaining the model's inputs or outputs", async () => {
    const text = await run(uris.paddleText!, 'text-classification', { text: 'hello' });
    expect(text.terminal).toBe(
      "failed: ONNX error: the model has no input_ids input. The model's inputs are x: float32 [p2o.DynamicDimension.0, 3, p2o.DynamicDimension.1, p2o.DynamicDimension.2]; text-classification feeds input_ids (int64 or int32, [1, seq]) with attention_mask, and token_type_ids and position_ids when the model has them",
    );
    const detection = await run(uris.paddle!, 'object-detection', { image: solidPng(8, 8, [0, 0, 0]) });
    expect(detection.terminal).toBe("failed: ONNX error: object-detection expects output [1, N, 6] or YOLOv8's [1, 4+classes, anchors], the model gives [1, 2]");
  });

  it('a model that cannot be fetched fails naming its URI', async () => {
    const r = await run('https://models.test/nowhere/model.onnx', 'image-classification', { image: solidPng(8, 8, [0, 0, 0]) });
    expect(r.terminal).toBe('failed: Failed to download ONNX model: https://models.test/nowhere/model.onnx: model https://models.test/nowhere/model.onnx not found (404)');
  });
});
