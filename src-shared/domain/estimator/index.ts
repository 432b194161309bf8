// The earnings estimator's public API (product.md §1): what the estimator and comparison screens
// call. Everything here is pure and synchronous; bad input throws EstimatorInputError naming the
// field.

export type {
  CannotRunReason,
  CargoEstimate,
  DetectedGpu,
  EarningsEstimate,
  EarningsPoint,
  EstimateInput,
  EstimatorGpu,
  EstimatorVersion,
  EstimatorVersionRules,
  FitReason,
  GpuComparison,
  GpuComparisonRow,
  GpuMatch,
  HardwareTier,
  HoursPoint,
  ReferenceWorkload,
  RunningCargoEstimate,
  SeriesInput,
  Throughput,
  TierKey,
  WorkloadId,
} from './types';

export {
  DAYS_PER_MONTH,
  DEFAULT_VERSION,
  ESTIMATOR_CONSTANTS,
  HOURS_PER_DAY,
  HARDWARE_TIERS,
  VERSION_RULES,
  hardwareTier,
  hardwareTierText,
} from './constants';
export { ESTIMATOR_GPUS, findEstimatorGpu, listEstimatorGpus } from './gpus';
export { REFERENCE_WORKLOADS } from './workloads';
export { EstimatorInputError } from './input';
export { estimateCargo } from './cargo-estimate';
export { estimateEarnings } from './estimate';
export { compareAllGpus } from './compare';
export { earningsByHours, earningsSeries } from './series';
export { matchDetectedGpu } from './gpu-match';
