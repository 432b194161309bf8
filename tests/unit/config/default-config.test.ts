import { parse } from '@decimalturn/toml-patch';
import { describe, expect, it } from 'vitest';
import { describeConfigKeys } from '../../../src-shared/config/keys';
import { defaultConfig } from '../../../src-shared/config/schema';
import { defaultConfigToml } from '../../../src-main/agent/config/default-config';
import { parseConfigText } from '../../../src-main/agent/config/parse-config-text';

describe('the default config.toml', () => {
  const text = defaultConfigToml();

  it('loads back to exactly defaultConfig(), without warnings', () => {
    const parsed = parseConfigText(text, 'config.toml');
    expect(parsed.config).toEqual(defaultConfig());
    expect(JSON.parse(JSON.stringify(parsed.config))).toStrictEqual(JSON.parse(JSON.stringify(defaultConfig())));
    expect(parsed.warnings).toEqual([]);
  });

  it('shows every key, set at its default or commented out', () => {
    for (const key of describeConfigKeys()) {
      const leaf = key.path.split('.').pop()!;
      if (key.kind === 'table' || key.kind === 'map') {
        expect(text, key.path).toContain(`\n[${key.path}]\n`);
      } else if (key.kind === 'table[]') {
        expect(text, key.path).toContain(`# [[${key.path}]]`);
      } else if (key.default === undefined || key.path.includes('[]')) {
        expect(text, key.path).toMatch(new RegExp(`^# ${leaf} = `, 'm'));
      } else {
        expect(text, key.path).toMatch(new RegExp(`^${leaf} = `, 'm'));
      }
    }
  });

  it('gives every key a one-line comment just above it', () => {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^(# )?[a-z_]+ = /.test(line) && !line.startsWith('# [[')) {
        const above = lines[i - 1] ?? '';
        expect(above.startsWith('# ') || line.includes('    # '), `line ${i + 1}: ${line}`).toBe(true);
      }
    });
  });

  it('puts host_id before any table, and nats_url at the Rust default', () => {
    expect(text.indexOf('# host_id =')).toBeLessThan(text.indexOf('\n['));
    expect(parse(text).coordinator.nats_url).toBe('nats://localhost:4222');
  });

  it('writes signing off explicitly (the table exists, so a missing key would mean on)', () => {
    expect(text).toMatch(/\[signing\]\n(#.*\n)*enabled = false\n/);
  });

  it('uncommenting every example still gives a valid config', () => {
    const uncommented = text
      .split('\n')
      .map((l) => (/^# (\[\[|[a-z_"-]+(-[a-z]+)* = )/.test(l) ? l.slice(2).replace(/\s{4}#.*$/, '') : l))
      .join('\n');
    const parsed = parseConfigText(uncommented, 'config.toml');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.config.host_id).toBe('my-island-01');
    expect(parsed.config.signing.trusted_keys).toHaveLength(1);
    expect(parsed.config.signing.keys_url).toBe('https://archipelag.io/keys.json');
    expect(parsed.config.pricing.workloads).toEqual({ 'llm-chat': '2.0', 'image-gen': '5.0' });
    expect(parsed.config.jobs.max_concurrent).toBe(2);
  });
});
