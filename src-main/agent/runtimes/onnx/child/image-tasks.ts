// Image tasks (§8.2): the image decoded, fitted to the size the model's input declares, run,
// and decoded as detections (in the original image's pixels), a segmentation summary, or classes.
import { classify } from '../../../../../src-shared/domain/onnx/classification';
import { decodeDetections } from '../../../../../src-shared/domain/onnx/detection';
import { planImageInput } from '../../../../../src-shared/domain/onnx/image-input';
import { imageTensor, type Placement, type RgbaImage } from '../../../../../src-shared/domain/onnx/image-tensor';
import type { ImageOptions } from '../../../../../src-shared/domain/onnx/job-input';
import { planImageFeed } from '../../../../../src-shared/domain/onnx/model-io';
import { classCoverage, numClasses } from '../../../../../src-shared/domain/onnx/segmentation';
import { decodeImage } from './image-decode';
import type { OutputTensor } from './session';
import type { TaskEnv, TaskOutput } from './task-env';
import { decodeOrFail, TaskError } from './task-error';

interface ImageRun {
  image: RgbaImage;
  placement: Placement;
  inputSize: [number, number];
  output: OutputTensor;
}

async function runImage(env: TaskEnv, base64: string, options: ImageOptions): Promise<ImageRun> {
  const feed = planImageFeed(env.session.inputs, env.task);
  if (!feed.ok) throw new TaskError(feed.error);
  const image = decodeImage(base64);
  const planned = planImageInput(feed.plan.dims, env.task, image, options);
  if (!planned.ok) throw new TaskError(planned.error);
  const tensor = imageTensor(image, planned.plan, options);
  const result = await env.session.run({ [feed.plan.name]: { type: 'float32', data: tensor.data, dims: tensor.dims } });
  const first = env.session.outputs.find((o) => o.name in result);
  if (!first) throw new TaskError('the model produced no output');
  return { image, placement: tensor.placement, inputSize: [planned.plan.width, planned.plan.height], output: result[first.name]! };
}

export async function objectDetection(env: TaskEnv, base64: string, options: ImageOptions): Promise<TaskOutput> {
  const run = await runImage(env, base64, options);
  const detections = decodeOrFail(() => decodeDetections(run.output.data, run.output.dims, options, run.placement, run.image));
  return {
    detections,
    count: detections.length,
    task: 'object-detection',
    image_size: [run.image.width, run.image.height],
    input_size: run.inputSize,
  };
}

export async function imageSegmentation(env: TaskEnv, base64: string, options: ImageOptions): Promise<TaskOutput> {
  const run = await runImage(env, base64, options);
  const classes = classCoverage(run.output.data, run.output.dims, env.labels);
  return {
    output_shape: run.output.dims,
    num_classes: numClasses(run.output.dims),
    original_size: [run.image.width, run.image.height],
    input_size: run.inputSize,
    ...(classes ? { classes } : {}),
    task: 'image-segmentation',
  };
}

export async function imageClassification(env: TaskEnv, base64: string, options: ImageOptions): Promise<TaskOutput> {
  const run = await runImage(env, base64, options);
  const c = decodeOrFail(() => classify(run.output.data, run.output.dims, env.labels));
  return { label: c.label, score: c.score, scores: c.scores, class_id: c.classId, task: 'image-classification' };
}
