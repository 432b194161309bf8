// RUST_LOG-style log filters, so that an owner's existing `RUST_LOG=warn,nats=debug` keeps working:
// comma-separated directives, each a level (the default), `target=level`, or a bare target
// (= everything from it, as env_logger does). The most specific matching target wins.
//
// Targets are module paths separated by `::` or `.`. A leading crate name (`island`,
// `archipelag_agent`) is dropped, so `island::jobs=trace` and `jobs=trace` mean the same thing and
// `island=debug` means "all of the Island".

export const FILTER_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'off'] as const;
export type FilterLevel = (typeof FILTER_LEVELS)[number];
/** Levels a record can have (`off` is only a threshold). */
export type RecordLevel = Exclude<FilterLevel, 'off'>;

export interface LogFilterRule {
  /** Normalised: segments joined by `.`, crate prefix dropped; `''` matches every module. */
  target: string;
  level: FilterLevel;
}

export interface LogFilter {
  defaultLevel: FilterLevel;
  rules: readonly LogFilterRule[];
}

export interface ParsedLogFilter {
  filter: LogFilter;
  /** Directives that were not understood and were ignored, explained. */
  warnings: string[];
}

const CRATE_NAMES = new Set(['island', 'archipelag_agent', 'archipelag-agent']);
const RANK: Record<FilterLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

export function isFilterLevel(value: string): value is FilterLevel {
  return (FILTER_LEVELS as readonly string[]).includes(value);
}

/** Splits a module path or target into segments, without the crate prefix. */
export function moduleSegments(path: string): string[] {
  const parts = path.split(/::|\./).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length > 0 && CRATE_NAMES.has(parts[0]!.toLowerCase())) parts.shift();
  return parts;
}

export function parseLogFilter(spec: string | undefined, fallback: FilterLevel = 'info'): ParsedLogFilter {
  const warnings: string[] = [];
  let defaultLevel = fallback;
  const rules = new Map<string, FilterLevel>();
  let text = (spec ?? '').trim();
  const slash = text.indexOf('/');
  if (slash >= 0) {
    warnings.push(`log filter: message filters ("/${text.slice(slash + 1)}") are not supported; ignored`);
    text = text.slice(0, slash);
  }
  for (const raw of text.split(',')) {
    const directive = raw.trim();
    if (directive === '') continue;
    if (/[[\]{}]/.test(directive)) {
      warnings.push(`log filter: span and field filters are not supported in "${directive}"; ignored`);
      continue;
    }
    const eq = directive.indexOf('=');
    if (eq < 0) {
      const asLevel = directive.toLowerCase();
      if (isFilterLevel(asLevel)) defaultLevel = asLevel;
      else rules.set(moduleSegments(directive).join('.'), 'trace');
      continue;
    }
    const target = directive.slice(0, eq).trim();
    const levelText = directive.slice(eq + 1).trim().toLowerCase();
    if (!isFilterLevel(levelText)) {
      warnings.push(`log filter: unknown level "${directive.slice(eq + 1).trim()}" in "${directive}" (use ${FILTER_LEVELS.join(', ')}); ignored`);
      continue;
    }
    if (target === '') {
      warnings.push(`log filter: "${directive}" names no target; ignored`);
      continue;
    }
    // A later directive for the same target replaces the earlier one, as in env_logger.
    rules.set(moduleSegments(target).join('.'), levelText);
  }
  return {
    filter: { defaultLevel, rules: [...rules].map(([target, level]) => ({ target, level })) },
    warnings,
  };
}

/** The threshold for `module`: the rule with the longest matching target prefix, else the default. */
export function levelFor(filter: LogFilter, module: string): FilterLevel {
  const segments = moduleSegments(module);
  let best: LogFilterRule | undefined;
  let bestLength = -1;
  for (const rule of filter.rules) {
    const target = rule.target === '' ? [] : rule.target.split('.');
    if (target.length <= bestLength || target.length > segments.length) continue;
    if (target.every((seg, i) => seg === segments[i])) {
      best = rule;
      bestLength = target.length;
    }
  }
  return best ? best.level : filter.defaultLevel;
}

/** Whether a record at `level` passes a `threshold`. */
export function levelEnabled(threshold: FilterLevel, level: RecordLevel): boolean {
  return RANK[level] >= RANK[threshold];
}

/** The most verbose threshold anywhere in the filter: below it, nothing can be logged. */
export function mostVerboseLevel(filter: LogFilter): FilterLevel {
  return [filter.defaultLevel, ...filter.rules.map((r) => r.level)].reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}
