// Walks a parsed config file against the key list: unknown keys and sections become warnings
// (the Rust Island ignores them silently, so an owner's typo used to do nothing at all), and the
// loose typing of the Rust `config` crate is accepted with a warning, so that a file the Rust
// Island read keeps working: `memory_mb = "4096"`, `default_price = 1.5`, `enabled = "true"`.
import { describeValue } from './describe-value';
import { describeConfigKeys } from './keys';
import type { ConfigKeyInfo, ConfigKeyKind } from './keys';
import { closestMatch } from './suggest';

export type KeyPath = (string | number)[];

export interface ConfigIssue {
  path: KeyPath;
  message: string;
}

interface KeyNode {
  info?: ConfigKeyInfo;
  children: Map<string, KeyNode>;
}

const ARRAY_ITEM = '[]';

/** Sections that appear in Rust example files but that no Island reads. */
const IGNORED_SECTIONS: Readonly<Record<string, string>> = {
  security: 'not read by the Island (TLS pinning is not implemented, in the Rust Island either); ignored',
};

/** Field names that the Rust example file uses by mistake for trusted keys (§12.1). */
const RENAMED: Readonly<Record<string, string>> = {
  'signing.trusted_keys[].name': 'key_id',
  'signing.trusted_keys[].key': 'public_key',
};

let tree: KeyNode | undefined;

function keyTree(): KeyNode {
  if (tree) return tree;
  const root: KeyNode = { children: new Map() };
  for (const info of describeConfigKeys()) {
    let node = root;
    for (const part of info.path.replace(/\[\]/g, `.${ARRAY_ITEM}`).split('.')) {
      let next = node.children.get(part);
      if (!next) {
        next = { children: new Map() };
        node.children.set(part, next);
      }
      node = next;
    }
    node.info = info;
  }
  tree = root;
  return root;
}

export function isPlainTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Checks `raw` in place: applies the compatible coercions and reports what it did and what it ignored. */
export function checkKeys(raw: Record<string, unknown>, warnings: ConfigIssue[]): void {
  walkTable(raw, keyTree(), [], warnings);
}

function walkTable(table: Record<string, unknown>, node: KeyNode, path: KeyPath, warnings: ConfigIssue[]): void {
  for (const key of Object.keys(table)) {
    const child = node.children.get(key);
    const here = [...path, key];
    if (!child?.info) {
      warnings.push({ path: here, message: unknownKeyMessage(key, table[key], node, path) });
      continue;
    }
    const kind = child.info.kind;
    const value = table[key];
    if (kind === 'table' && isPlainTable(value)) {
      walkTable(value, child, here, warnings);
    } else if (kind === 'table[]' && Array.isArray(value)) {
      const itemNode = child.children.get(ARRAY_ITEM);
      value.forEach((item, i) => {
        if (itemNode && isPlainTable(item)) walkTable(item, itemNode, [...here, i], warnings);
      });
    } else if (kind === 'map' && isPlainTable(value)) {
      for (const slug of Object.keys(value)) coerce(value, slug, 'string', [...here, slug], warnings);
    } else {
      coerce(table, key, kind, here, warnings);
    }
  }
}

function unknownKeyMessage(key: string, value: unknown, parent: KeyNode, path: KeyPath): string {
  const what = isPlainTable(value) ? 'unknown section' : 'unknown key';
  if (path.length === 0 && IGNORED_SECTIONS[key]) return IGNORED_SECTIONS[key];
  const templatePath = [...path.filter((p) => typeof p === 'string'), key].join('.');
  const pattern = path.some((p) => typeof p === 'number') ? templatePathWithItems(path, key) : templatePath;
  const renamed = RENAMED[pattern];
  if (renamed) return `${what}; the field is called "${renamed}" (the Rust Island's example file is wrong here); ignored`;
  const sibling = closestMatch(key, [...parent.children.keys()].filter((k) => k !== ARRAY_ITEM));
  if (sibling) return `${what} (did you mean "${sibling}"?); ignored`;
  const elsewhere = findElsewhere(key);
  if (elsewhere) return `${what} here (did you mean ${elsewhere}?); ignored`;
  return `${what}; ignored`;
}

function templatePathWithItems(path: KeyPath, key: string): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? ARRAY_ITEM : out === '' ? part : `.${part}`;
  return `${out}.${key}`;
}

/** `nats_url` at the top level → `[coordinator] nats_url`. */
function findElsewhere(key: string): string | undefined {
  const hits = describeConfigKeys().filter((k) => !k.path.includes('[]') && k.path.split('.').pop() === key);
  if (hits.length !== 1) return undefined;
  const parts = hits[0]!.path.split('.');
  return parts.length === 1 ? `top-level ${key}` : `[${parts.slice(0, -1).join('.')}] ${key}`;
}

const INT_KINDS: ReadonlySet<ConfigKeyKind> = new Set(['uint', 'posint', 'port']);
const STRING_KINDS: ReadonlySet<ConfigKeyKind> = new Set(['string', 'host_id', 'url', 'enum']);

function coerce(table: Record<string, unknown>, key: string, kind: ConfigKeyKind, path: KeyPath, warnings: ConfigIssue[]): void {
  const value = table[key];
  let converted: unknown;
  let hint = '';
  if (INT_KINDS.has(kind) && typeof value === 'string' && /^\+?\d{1,15}$/.test(value.trim())) {
    converted = Number(value.trim());
    hint = 'write it without quotes';
  } else if (kind === 'bool' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    converted = value.trim().toLowerCase() === 'true';
    hint = 'write it without quotes';
  } else if (STRING_KINDS.has(kind) && (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')) {
    converted = String(value);
    hint = 'put it in quotes';
  } else {
    return;
  }
  table[key] = converted;
  warnings.push({
    path,
    message: `${describeValue(value)} has the wrong type; read as ${describeValue(converted)} for compatibility (${hint})`,
  });
}
