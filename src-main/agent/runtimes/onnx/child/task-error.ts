// An error in a job's input or in how the model fits its task: reported as the job's failure
// (`ONNX error: <message>`), while the inference process carries on with the next job.
import { IslandError, errorMessage } from '../../../../../src-shared/errors';

export class TaskError extends IslandError {
  override name = 'TaskError';
}

/** Runs a pure decoder; the shape mismatch it explains in its message becomes the job's error. */
export function decodeOrFail<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw err instanceof TaskError ? err : new TaskError(errorMessage(err));
  }
}
