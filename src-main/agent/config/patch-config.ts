// Edits config.toml in place (the dashboard saves asking prices, availability, ... through it).
// Only the values that changed are rewritten, with toml-patch, so the owner's comments, layout and
// unknown keys survive. The result is validated and re-read before it replaces the file, so an
// invalid change is refused with the file untouched. Calls for the same file run one after the
// other, each reading the file afresh, so concurrent edits never lose one another.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { patch } from '@decimalturn/toml-patch';
import writeFileAtomic from 'write-file-atomic';
import { ConfigError, IslandError } from '../../../src-shared/errors';
import { isPlainTable } from '../../../src-shared/config/check-keys';
import type { IslandConfig } from '../../../src-shared/config/schema';
import { validateConfig } from '../../../src-shared/config/validate';
import { parseConfigText, toProblem } from './parse-config-text';
import type { ConfigWarning } from './parse-config-text';

export type ConfigMutation = (config: IslandConfig) => IslandConfig | Promise<IslandConfig>;

export interface PatchedConfig {
  config: IslandConfig;
  warnings: ConfigWarning[];
  /** False when the mutation changed nothing (the file was not written). */
  changed: boolean;
}

type Path = string[];
interface Change {
  path: Path;
  /** `undefined` removes the key. */
  value: unknown;
}

const queues = new Map<string, Promise<unknown>>();

export function patchConfigFile(file: string, mutate: ConfigMutation): Promise<PatchedConfig> {
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(
    () => patchNow(key, mutate),
    () => patchNow(key, mutate),
  );
  queues.set(key, run);
  // Forget the queue once it drains, so the map does not grow with every file ever patched.
  const forget = () => {
    if (queues.get(key) === run) queues.delete(key);
  };
  run.then(forget, forget);
  return run;
}

async function patchNow(file: string, mutate: ConfigMutation): Promise<PatchedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw ConfigError.forFile(file, `cannot read config file ${file}: ${(cause as Error).message}`, { cause });
  }
  const current = parseConfigText(text, file);
  const wanted = await mutate(structuredClone(current.config));
  const checked = validateConfig(wanted);
  if (!checked.config) {
    const problems = checked.errors.map((e) => toProblem(file, { ...e, message: `${e.message} (change refused)` }, undefined));
    throw new ConfigError(file, problems);
  }
  const desired = checked.config;
  const changes: Change[] = [];
  diff(current.config, desired, [], changes);
  if (changes.length === 0) return { config: current.config, warnings: current.warnings, changed: false };

  const updatedRaw = structuredClone(current.raw);
  for (const change of changes) applyChange(updatedRaw, change);
  keepSigningMeaning(current.raw, updatedRaw, desired);

  const newText = patch(text, updatedRaw);
  const reread = parseConfigText(newText, file);
  if (!isDeepStrictEqual(plain(reread.config), plain(desired))) {
    throw new IslandError(`config patch of ${file} did not read back as intended; the file was left unchanged`);
  }
  await writeFileAtomic(file, newText);
  return { config: reread.config, warnings: reread.warnings, changed: true };
}

/** Leaf-level differences; arrays are compared whole, tables key by key. */
function diff(before: unknown, after: unknown, at: Path, out: Change[]): void {
  if (isPlainTable(before) && isPlainTable(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) diff(before[k], after[k], [...at, k], out);
    return;
  }
  if (!isDeepStrictEqual(before, after)) out.push({ path: at, value: after });
}

function applyChange(raw: Record<string, unknown>, { path: at, value }: Change): void {
  if (at.length === 1 && at[0] === 'host_id') {
    // A host id that the file kept under [host] (Rust example layout) moves to the top level.
    const host = raw.host;
    if (isPlainTable(host)) delete host.host_id;
  }
  let table = raw;
  for (const part of at.slice(0, -1)) {
    const next = table[part];
    if (isPlainTable(next)) table = next;
    else {
      if (value === undefined) return;
      const created: Record<string, unknown> = {};
      table[part] = created;
      table = created;
    }
  }
  const last = at[at.length - 1]!;
  if (value === undefined) delete table[last];
  else table[last] = value;
}

/**
 * Writing any [signing] key into a file without a [signing] table creates the table, and with it
 * the quirk-9 default `enabled = true`. Write `enabled` explicitly so the meaning does not flip.
 */
function keepSigningMeaning(before: Record<string, unknown>, after: Record<string, unknown>, desired: IslandConfig): void {
  const signing = after.signing;
  if (!isPlainTable(before.signing) && isPlainTable(signing) && !('enabled' in signing)) {
    signing.enabled = desired.signing.enabled;
  }
}

/** Parser output has null-prototype tables; compare by value only. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
