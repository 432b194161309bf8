// Turns a parsed config file (a plain object from the TOML parser) into an IslandConfig, collecting
// every error and warning with the key path it belongs to. Pure, so the loader, the settings
// editor and the dashboard all validate the same way; the loader adds file and line.
import { checkKeys, isPlainTable } from './check-keys';
import type { ConfigIssue, KeyPath } from './check-keys';
import { describeValue } from './describe-value';
import { islandConfigSchema } from './schema';
import type { IslandConfig } from './schema';

export type { ConfigIssue, KeyPath };

export interface ConfigValidation {
  /** Present when there are no errors. */
  config: IslandConfig | undefined;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const PRICE = /^\d+(\.\d+)?$/;

export function validateConfig(raw: unknown): ConfigValidation {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  if (!isPlainTable(raw)) {
    return { config: undefined, errors: [{ path: [], message: `expected a table of settings, got ${describeValue(raw)}` }], warnings };
  }
  const input = cloneTables(raw);
  const movedHostId = liftHostId(input, warnings);
  checkKeys(input, warnings);

  const result = islandConfigSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      let path: KeyPath = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      if (movedHostId && path.length === 1 && path[0] === 'host_id') path = ['host', 'host_id'];
      errors.push({ path, message: issue.message });
    }
    return { config: undefined, errors, warnings };
  }
  warnAboutPrices(result.data, warnings);
  return { config: result.data, errors, warnings };
}

/**
 * The Rust Island's example file puts host_id under [host], where the Rust Island never reads it.
 * An owner who wrote it there meant it, so it is honoured (unless a top-level one exists).
 * Returns true when the value was moved.
 */
function liftHostId(input: Record<string, unknown>, warnings: ConfigIssue[]): boolean {
  const host = input.host;
  if (!isPlainTable(host) || !('host_id' in host)) return false;
  const value = host.host_id;
  delete host.host_id;
  if (input.host_id !== undefined) {
    warnings.push({ path: ['host', 'host_id'], message: 'ignored: the top-level host_id is used instead' });
    return false;
  }
  input.host_id = value;
  warnings.push({
    path: ['host', 'host_id'],
    message: 'host_id belongs at the top of the file, before any [table]; it is used from [host] for now',
  });
  return true;
}

function warnAboutPrices(config: IslandConfig, warnings: ConfigIssue[]): void {
  const check = (path: KeyPath, price: string) => {
    if (!PRICE.test(price)) {
      warnings.push({ path, message: `${describeValue(price)} is not a decimal number of credits; it is sent to the coordinator as written` });
    }
  };
  if (config.pricing.default_price !== undefined) check(['pricing', 'default_price'], config.pricing.default_price);
  for (const [slug, price] of Object.entries(config.pricing.workloads)) check(['pricing', 'workloads', slug], price);
}

/** Copies tables and arrays (the parser's objects have a null prototype) so checks can edit freely. */
function cloneTables<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneTables(v)) as T;
  if (isPlainTable(value)) {
    const out: Record<string, unknown> = {};
    // defineProperty, so that a key named "__proto__" stays a key and never becomes a prototype.
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: cloneTables(v), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}
