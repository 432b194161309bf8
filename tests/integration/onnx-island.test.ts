// An ONNX job end to end: the reference coordinator dispatches `runtime_type:"onnx"` over a real
// nats-server to a real Island, whose ONNX runtime runs a real model in its inference process.
// The coordinator decodes every message strictly (no violations allowed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxRuntime } from '../../src-main/agent/runtimes/onnx/index';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { classifierLogits, softmaxOf } from '../fixtures/onnx/expected';
import { textLinePng } from '../fixtures/onnx/images';
import { createModelFiles, paddleClsModelPath, type ModelFiles } from '../fixtures/onnx/model-files';
import { classifierModel } from '../fixtures/onnx/text-models';
import { idsOf } from '../fixtures/onnx/tokenizer';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { createTestLogger } from '../helpers/test-logger';
import { readFileSync } from 'node:fs';

const natsBin = requireBinary('nats-server', { neededBy: 'the ONNX runtime end-to-end test' });

describe.skipIf(!natsBin)('ONNX runtime ↔ reference coordinator (real nats-server, real Island)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let fixture: IslandFixture;
  let files: ModelFiles;
  let runtime: OnnxRuntime;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    files = createModelFiles();
    runtime = new OnnxRuntime({ models: files.store, log: createTestLogger({ module: 'onnx' }) });
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await runtime?.close();
    await coord?.close();
    await nats?.stop();
    files?.cleanup();
  });

  it('advertises onnx, runs a text job: started, one final chunk at seq 0 with the result, succeeded', async () => {
    const host = await coord.waitForHeartbeats(fixture.hostId, 1);
    expect(host.heartbeats.at(-1)!.message.performance_estimates?.supported_runtimes).toContain('onnx');
    const uri = files.add('sentiment', classifierModel(), { config: { id2label: { 0: 'NEGATIVE', 1: 'NEUTRAL', 2: 'POSITIVE' } } });
    const jobId = await coord.dispatch(fixture.hostId, {
      workload_id: 'distilbert-sentiment',
      runtime_type: 'onnx',
      onnx_model_url: uri,
      onnx_model_hash: null,
      onnx_task_type: 'text-classification',
      input: { text: 'I love this movie!' },
    });
    const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 30_000 });
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'succeeded']);
    expect(job.outputs.map((o) => [o.message.seq, o.message.is_final])).toEqual([[0, true]]);
    const result = JSON.parse(job.outputs[0]!.message.chunk) as { label: string; scores: number[]; task: string };
    const probs = softmaxOf(classifierLogits(idsOf(['i', 'love', 'this', 'movie', '!'])));
    expect(result.task).toBe('text-classification');
    result.scores.forEach((s, i) => expect(s).toBeCloseTo(probs[i]!, 5));
    expect(job.violations).toEqual([]);
    coord.assertNoViolations();
  });

  it('runs an image job on the real PaddleOCR classifier, and fails a bad one with the field named', async () => {
    const uri = files.add('paddle', readFileSync(paddleClsModelPath()), { tokenizer: false, tokenizerConfig: false });
    const ok = await coord.dispatch(fixture.hostId, {
      runtime_type: 'onnx',
      onnx_model_url: uri,
      onnx_task_type: 'image-classification',
      input: { image: textLinePng('HELLO WORLD', { rotated: true }), mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], height: 48 },
    });
    const job = await coord.waitForJobState(ok, 'terminal', { timeoutMs: 30_000 });
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'succeeded']);
    expect(job.outputs.map((o) => [o.message.seq, o.message.is_final])).toEqual([[0, true]]);
    expect(JSON.parse(job.outputs[0]!.message.chunk)).toMatchObject({ label: 'LABEL_1', task: 'image-classification' });

    const bad = await coord.dispatch(fixture.hostId, { runtime_type: 'onnx', onnx_model_url: uri, onnx_task_type: 'image-classification', input: { picture: 'x' } });
    const failed = await coord.waitForJobState(bad, 'terminal', { timeoutMs: 30_000 });
    expect(failed.statuses.map((s) => [s.message.state, s.message.error])).toEqual([
      ['started', undefined],
      ['failed', 'ONNX error: image-classification requires input.image (a base64 PNG or JPEG), got nothing'],
    ]);
    expect(failed.outputs).toEqual([]);
    coord.assertNoViolations();
  });
});
