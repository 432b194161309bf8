// One job inside the inference process: the task's pipeline for its (already validated) input.
import type { RunMessage } from '../worker-protocol';
import { imageClassification, imageSegmentation, objectDetection } from './image-tasks';
import { questionAnswering, zeroShot } from './pair-tasks';
import type { TaskEnv, TaskOutput } from './task-env';
import { TaskError } from './task-error';
import { featureExtraction, fillMask, textClassification, tokenClassification } from './text-tasks';

export async function runTask(env: TaskEnv, input: RunMessage['input']): Promise<TaskOutput> {
  const mismatch = () => new TaskError(`${env.task} cannot take a ${input.kind} input`);
  switch (env.task) {
    case 'question-answering':
      if (input.kind !== 'qa') throw mismatch();
      return questionAnswering(env, input.question, input.context);
    case 'zero-shot-classification':
      if (input.kind !== 'zero-shot') throw mismatch();
      return zeroShot(env, input.text, input.candidateLabels, input.template, input.multiLabel);
    case 'object-detection':
    case 'image-segmentation':
    case 'image-classification': {
      if (input.kind !== 'image') throw mismatch();
      const run = { 'object-detection': objectDetection, 'image-segmentation': imageSegmentation, 'image-classification': imageClassification }[env.task];
      return run(env, input.imageBase64, input.options);
    }
    default:
      if (input.kind !== 'text') throw mismatch();
      if (env.task === 'feature-extraction') return featureExtraction(env, input.text, input.normalize);
      if (env.task === 'token-classification') return tokenClassification(env, input.text);
      if (env.task === 'fill-mask') return fillMask(env, input.text);
      return textClassification(env, input.text);
  }
}
