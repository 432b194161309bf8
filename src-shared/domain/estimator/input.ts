// Checks on what a screen passes in. The UI's controls only produce valid values, so a bad one is
// a bug upstream: it throws, naming the field and the value, rather than estimating nonsense.

import { IslandError } from '../../errors';
import { DEFAULT_VERSION, VERSION_RULES } from './constants';
import type { EstimatorVersion, EstimatorVersionRules } from './types';

export class EstimatorInputError extends IslandError {
  override name = 'EstimatorInputError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`estimator input ${field}: ${problem}`);
    this.field = field;
  }
}

const MAX_HOURS = 24;

/** 0–24 hours; fractions are allowed (the formula is linear in hours). */
export function checkHoursPerDay(hours: unknown, field = 'hoursPerDay'): number {
  if (typeof hours !== 'number' || !Number.isFinite(hours)) {
    throw new EstimatorInputError(field, `must be a finite number of hours, got ${String(hours)}`);
  }
  if (hours < 0 || hours > MAX_HOURS) {
    throw new EstimatorInputError(field, `must be between 0 and ${MAX_HOURS}, got ${hours}`);
  }
  return hours;
}

export function rulesFor(version: EstimatorVersion | undefined): EstimatorVersionRules {
  const v = version ?? DEFAULT_VERSION;
  const rules = (VERSION_RULES as Partial<Record<string, EstimatorVersionRules>>)[v];
  if (rules === undefined) {
    throw new EstimatorInputError('version', `"${String(v)}" is not a version: use ${Object.keys(VERSION_RULES).join(' or ')}`);
  }
  return rules;
}

/** A whole number of chart points, 1 or more. */
export function checkCount(count: unknown, field = 'count'): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new EstimatorInputError(field, `must be a whole number of 1 or more, got ${String(count)}`);
  }
  return count;
}
