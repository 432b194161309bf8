export * from './types';
export { evaluateAlerts, type AlertEvaluation } from './evaluate';
export { likelyIdleReasons } from './idle-reason';
export { nextStreak, NO_STREAK, type FailureStreak, type JobOutcomeKind } from './failure-streak';
