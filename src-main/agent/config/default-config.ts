// The config.toml written at first start, generated from the key list so that it always shows every
// key, at the default the Island really uses, with a one-line comment. Keys that are unset by
// default are written commented out with an example. Loading it gives exactly defaultConfig().
import { describeConfigKeys } from '../../../src-shared/config/keys';
import type { ConfigKeyInfo } from '../../../src-shared/config/keys';

const HEADER = `# Island configuration.
#
# Every key is listed at its default; keys that are unset by default are commented out.
# Sections marked "Island desktop" are ours: the Rust Island ignores them, so this file
# also works with it. Environment: ISLAND_LOG or RUST_LOG (log filter, e.g. "warn,nats=debug"),
# ARCHIPELAG_LOG_JSON=true (JSON logs), HF_TOKEN, DOCKER_HOST, ISLAND_HOME.
`;

interface Section {
  info: ConfigKeyInfo | undefined;
  path: string;
  keys: ConfigKeyInfo[];
  /** Sub-tables and maps, written as their own [headers] after this table's keys. */
  tables: Section[];
  /** Arrays of tables, written last (commented) so that uncommenting one cannot capture later keys. */
  arrays: { info: ConfigKeyInfo; fields: ConfigKeyInfo[] }[];
}

function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  throw new Error(`default-config: cannot write ${typeof value} as a TOML value`);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function leaf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function buildSections(): Section {
  const root: Section = { info: undefined, path: '', keys: [], tables: [], arrays: [] };
  const byPath = new Map<string, Section>([['', root]]);
  for (const info of describeConfigKeys()) {
    if (info.path.includes('[]')) {
      const arrayPath = info.path.slice(0, info.path.indexOf('[]'));
      const parent = byPath.get(arrayPath.slice(0, Math.max(0, arrayPath.lastIndexOf('.'))));
      parent?.arrays.find((a) => a.info.path === arrayPath)?.fields.push(info);
      continue;
    }
    const parentPath = info.path.includes('.') ? info.path.slice(0, info.path.lastIndexOf('.')) : '';
    const parent = byPath.get(parentPath);
    if (!parent) throw new Error(`default-config: ${info.path} is listed before its table`);
    if (info.kind === 'table' || info.kind === 'map') {
      const section: Section = { info, path: info.path, keys: [], tables: [], arrays: [] };
      byPath.set(info.path, section);
      parent.tables.push(section);
    } else if (info.kind === 'table[]') {
      parent.arrays.push({ info, fields: [] });
    } else {
      parent.keys.push(info);
    }
  }
  return root;
}

function comment(info: ConfigKeyInfo): string {
  const ours = info.origin === 'island-desktop' && info.kind === 'table' ? ' (Island desktop)' : '';
  return `# ${info.meaning}${ours}`;
}

function keyLine(info: ConfigKeyInfo): string[] {
  const name = tomlKey(leaf(info.path));
  if (info.default !== undefined) return [comment(info), `${name} = ${tomlValue(info.default)}`];
  return [comment(info), `# ${name} = ${tomlValue(info.example)}`];
}

function renderSection(section: Section, out: string[]): void {
  if (section.info) {
    out.push('', comment(section.info), `[${section.path}]`);
    if (section.info.kind === 'map' && section.info.example && typeof section.info.example === 'object') {
      for (const [k, v] of Object.entries(section.info.example)) out.push(`# ${tomlKey(k)} = ${tomlValue(v)}`);
    }
  }
  for (const key of section.keys) out.push(...keyLine(key));
  for (const table of section.tables) renderSection(table, out);
  for (const array of section.arrays) {
    out.push('', comment(array.info), `# [[${array.info.path}]]`);
    for (const field of array.fields) out.push(`# ${tomlKey(leaf(field.path))} = ${tomlValue(field.example)}    ${comment(field)}`);
  }
}

let cached: string | undefined;

/** The text of a fresh config.toml. */
export function defaultConfigToml(): string {
  if (cached) return cached;
  const out: string[] = [HEADER];
  renderSection(buildSections(), out);
  cached = `${out.join('\n')}\n`;
  return cached;
}
