// Fixtures name GPUs as the reference prints them; the API takes ids.
import { listEstimatorGpus, type EstimatorGpu } from '../../../src-shared/domain/estimator';

export function gpuNamed(name: string): EstimatorGpu {
  const gpu = listEstimatorGpus().find((g) => g.name === name);
  if (gpu === undefined) throw new Error(`no estimator GPU named ${name}`);
  return gpu;
}
