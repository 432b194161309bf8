// config.toml over hostile text: parseConfigText (and loadConfig, which reads the file) either
// returns a config or throws a ConfigError that names the file, and for a bad key its line and
// key path; never any other exception. Structured mutations start from the default file the Island
// writes on first run, so every key the owner is likely to edit gets wrong types and odd values.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfigToml } from '../../../src-main/agent/config/default-config';
import { loadConfig } from '../../../src-main/agent/config/load-config';
import { parseConfigText, type ParsedConfigText } from '../../../src-main/agent/config/parse-config-text';
import { ConfigError } from '../../../src-shared/errors';
import { tempDir } from '../config/tmp-dir';
import { hostileBytes, runs, thrownBy, withinBudget } from './hostile';

const FILE = '/home/owner/.island/config.toml';
const BUDGET_MS = 500;

/** Parses, and returns the result or the ConfigError; anything else thrown fails the property. */
function parse(text: string | Uint8Array): ParsedConfigText | ConfigError {
  let result: ParsedConfigText | undefined;
  const err = withinBudget(BUDGET_MS, () => thrownBy(() => (result = parseConfigText(text, FILE))));
  if (err === null) return result!;
  expect(err, `threw ${String(err)}`).toBeInstanceOf(ConfigError);
  const ce = err as ConfigError;
  expect(ce.file).toBe(FILE);
  expect(ce.problems.length).toBeGreaterThan(0);
  for (const p of ce.problems) {
    expect(p.file).toBe(FILE);
    expect(p.text.startsWith(FILE)).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
  }
  return ce;
}

// ---------------------------------------------------------------- the default file, line by line

interface KeyLine {
  /** 0-based index into the lines. */
  index: number;
  key: string;
  section: string;
  value: string;
}

const DEFAULT_TEXT = defaultConfigToml();
const DEFAULT_LINES = DEFAULT_TEXT.split('\n');

function keyLinesOf(lines: readonly string[]): KeyLine[] {
  const out: KeyLine[] = [];
  let section = '';
  lines.forEach((line, index) => {
    const header = /^\[([A-Za-z0-9_.]+)\]\s*$/.exec(line);
    if (header) section = header[1]!;
    const kv = /^([A-Za-z0-9_]+) = (.+)$/.exec(line);
    if (kv) out.push({ index, key: `${section}.${kv[1]!}`.replace(/^\./, ''), section, value: kv[2]! });
  });
  return out;
}

const KEY_LINES = keyLinesOf(DEFAULT_LINES);
/** Sections whose keys are free-form (a Cargo slug, a registry host), so no key there is unknown. */
const OPEN_SECTIONS = new Set(['pricing.workloads', 'registry.auth']);
const SECTIONS = [...new Set(DEFAULT_LINES.flatMap((l) => /^\[([A-Za-z0-9_.]+)\]\s*$/.exec(l)?.[1] ?? []))].filter((s) => !OPEN_SECTIONS.has(s));

/** TOML literals of another type than `value` (the default file's spelling tells the type). */
function wrongTypesFor(value: string): string[] {
  const all = ['"text"', '42', '-7', '3.5', 'true', '[1, 2]', '["a", 3]', '{ a = 1 }', '1979-05-27T07:32:00Z', 'nan', 'inf', '-inf'];
  if (value.startsWith('"')) return all.filter((v) => !v.startsWith('"'));
  if (value === 'true' || value === 'false') return all.filter((v) => v !== 'true');
  if (value.startsWith('[')) return all.filter((v) => !v.startsWith('['));
  return all.filter((v) => !/^-?\d+$/.test(v));
}

const outOfRange = ['-1', '0', '-9223372036854775808', '9223372036854775807', '1e308', '4294967296'];

function withLine(index: number, line: string): string {
  return DEFAULT_LINES.map((l, i) => (i === index ? line : l)).join('\n');
}

describe('config.toml over arbitrary text', () => {
  it('arbitrary text and bytes: a config or a ConfigError, nothing else', () => {
    const tomlish = fc
      .array(fc.oneof(fc.constantFrom('[', ']', '[[', '=', '"', "'", '"""', '\n', '#', '.', ',', '{', '}', 'a', 'jobs', 'port', '7780', '1e999', 'nan', '\\u', '\\', '\u0000', '\ud800', ' '), fc.string({ maxLength: 6 })), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(tomlish, fc.string({ unit: 'binary', maxLength: 200 }), hostileBytes), (text) => {
        parse(text);
      }),
      runs(300),
    );
  });

  it('the default file with random lines appended or replaced: a config or a ConfigError', () => {
    const line = fc.oneof(
      fc.tuple(fc.constantFrom(...KEY_LINES.map((k) => k.key.split('.').at(-1)!)), fc.constantFrom('=', ' = ', '=='), fc.string({ maxLength: 12 })).map(([k, eq, v]) => `${k}${eq}${v}`),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.nat({ max: DEFAULT_LINES.length }), line, fc.boolean(), (at, text, replace) => {
        const lines = [...DEFAULT_LINES];
        lines.splice(at, replace ? 1 : 0, text);
        parse(lines.join('\n'));
      }),
      runs(200),
    );
  });
});

describe('structured mutations of the default config', () => {
  it('parses as is, and every key line is a key the schema knows', () => {
    const r = parse(DEFAULT_TEXT);
    expect(r).not.toBeInstanceOf(ConfigError);
    expect((r as ParsedConfigText).warnings).toEqual([]);
    expect(KEY_LINES.length).toBeGreaterThan(20);
  });

  it('a value of the wrong type is refused, or read with a warning, naming the file, the line and the key', () => {
    const mutation = fc.constantFrom(...KEY_LINES).chain((k) => fc.tuple(fc.constant(k), fc.constantFrom(...wrongTypesFor(k.value))));
    fc.assert(
      fc.property(mutation, ([k, bad]) => {
        const r = parse(withLine(k.index, `${k.key.split('.').at(-1)!} = ${bad}`));
        // Like the Rust Island, a few string keys read a bare number as its text, with a warning.
        const problems = r instanceof ConfigError ? r.problems : r.warnings;
        const problem = problems.find((p) => p.key === k.key || p.key?.startsWith(`${k.key}[`));
        expect(problem, `nothing names ${k.key} = ${bad}: ${JSON.stringify(problems)}`).toBeDefined();
        expect(problem!.line).toBe(k.index + 1);
        expect(problem!.text).toContain(`${FILE}:${k.index + 1}`);
      }),
      runs(200),
    );
  });

  it('an out-of-range number is either accepted or refused by file, line and key', () => {
    const numeric = KEY_LINES.filter((k) => /^\d+$/.test(k.value));
    fc.assert(
      fc.property(fc.constantFrom(...numeric), fc.constantFrom(...outOfRange), (k, n) => {
        const r = parse(withLine(k.index, `${k.key.split('.').at(-1)!} = ${n}`));
        if (r instanceof ConfigError) {
          expect(r.problems.some((p) => p.key === k.key && p.line === k.index + 1), r.message).toBe(true);
        }
      }),
      runs(100),
    );
  });

  it('an unknown key is a warning naming its line and key, and the rest still loads', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SECTIONS), fc.stringMatching(/^[a-z][a-z_]{0,10}$/), fc.constantFrom('1', '"x"', 'true', '[]'), (section, name, value) => {
        const headerIndex = DEFAULT_LINES.findIndex((l) => l === `[${section}]`);
        const lines = [...DEFAULT_LINES];
        lines.splice(headerIndex + 1, 0, `zz_${name} = ${value}`);
        const r = parse(lines.join('\n'));
        expect(r, r instanceof ConfigError ? r.message : '').not.toBeInstanceOf(ConfigError);
        const warning = (r as ParsedConfigText).warnings.find((w) => w.key === `${section}.zz_${name}`);
        expect(warning, JSON.stringify((r as ParsedConfigText).warnings)).toBeDefined();
        expect(warning!.line).toBe(headerIndex + 2);
      }),
      runs(100),
    );
  });
});

describe('loadConfig reads the file and keeps the same promise', () => {
  it('arbitrary file contents and ISLAND_NATS_URL values: a loaded config or a ConfigError naming the file', () => {
    const file = path.join(tempDir(), 'config.toml');
    fc.assert(
      fc.property(fc.oneof(hostileBytes, fc.constant(new TextEncoder().encode(DEFAULT_TEXT))), fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }), (bytes, natsUrl) => {
        fs.writeFileSync(file, bytes);
        const env = natsUrl === undefined ? {} : { ISLAND_NATS_URL: natsUrl };
        const err = thrownBy(() => loadConfig({ path: file, explicit: true, env }));
        if (err !== null) {
          expect(err, String(err)).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).file).toBe(file);
        }
      }),
      runs(100),
    );
  });
});
