import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src-shared/errors';
import { loadConfig } from '../../../src-main/agent/config/load-config';
import { patchConfigFile } from '../../../src-main/agent/config/patch-config';
import { tempDir } from './tmp-dir';

const OWNER_FILE = `# My Island — do not lose this comment
[coordinator]
nats_url = "tls://island:secret@sail.archipelag.io:4222" # shared secret

[workload.resource_limits]
memory_mb = 4096   # half my RAM

# prices I picked after reading the forum
[pricing]
default_price = "1.0"

[pricing.workloads]
"llm-chat" = "2.0" # popular

[my_notes]
colour = "blue"
`;

function ownerFile(text = OWNER_FILE): string {
  const file = path.join(tempDir(), 'config.toml');
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('patchConfigFile', () => {
  it('changes a value and keeps comments, layout and unknown keys', async () => {
    const file = ownerFile();
    const result = await patchConfigFile(file, (cfg) => {
      cfg.pricing.workloads['llm-chat'] = '2.5';
      return cfg;
    });
    expect(result.changed).toBe(true);
    expect(result.config.pricing.workloads['llm-chat']).toBe('2.5');
    expect(read(file)).toBe(OWNER_FILE.replace('"llm-chat" = "2.0"', '"llm-chat" = "2.5"'));
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('adds and removes keys without touching the rest', async () => {
    const file = ownerFile();
    await patchConfigFile(file, (cfg) => {
      cfg.pricing.workloads['image-gen'] = '5.0';
      delete cfg.pricing.default_price;
      cfg.availability.mode = 'paused';
      return cfg;
    });
    const text = read(file);
    expect(text).toContain('# My Island — do not lose this comment');
    expect(text).toContain('memory_mb = 4096   # half my RAM');
    expect(text).toContain('"llm-chat" = "2.0" # popular');
    expect(text).toContain('[my_notes]\ncolour = "blue"');
    expect(text).not.toContain('default_price');
    const loaded = loadConfig({ path: file, explicit: true, env: {} });
    expect(loaded.config.pricing).toEqual({ workloads: { 'llm-chat': '2.0', 'image-gen': '5.0' } });
    expect(loaded.config.availability.mode).toBe('paused');
    // Defaults the owner never wrote stay unwritten.
    expect(text).not.toContain('max_cached_images');
  });

  it('does not write when nothing changed', async () => {
    const file = ownerFile();
    const before = fs.statSync(file).mtimeMs;
    const result = await patchConfigFile(file, (cfg) => cfg);
    expect(result.changed).toBe(false);
    expect(read(file)).toBe(OWNER_FILE);
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('refuses an invalid result and leaves the file untouched', async () => {
    const file = ownerFile();
    const attempt = patchConfigFile(file, (cfg) => {
      cfg.dashboard.port = 70000;
      (cfg.workload.resource_limits as { memory_mb: unknown }).memory_mb = 'lots';
      return cfg;
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(`${file}: dashboard.port: expected a port number (0 to 65535), got 70000 (change refused)`);
    await expect(attempt).rejects.toThrow('workload.resource_limits.memory_mb: expected a non-negative integer, got "lots" (change refused)');
    expect(read(file)).toBe(OWNER_FILE);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.toml']);
  });

  it('refuses to edit a file that is already invalid', async () => {
    const broken = '[coordinator]\nnats_url = 5\n[[[\n';
    const file = ownerFile(broken);
    await expect(patchConfigFile(file, (cfg) => cfg)).rejects.toBeInstanceOf(ConfigError);
    expect(read(file)).toBe(broken);
  });

  it('a missing file is an error, not a new file', async () => {
    const file = path.join(tempDir(), 'config.toml');
    await expect(patchConfigFile(file, (cfg) => cfg)).rejects.toThrow(/cannot read config file/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('serialises concurrent edits of the same file: none is lost', async () => {
    const file = ownerFile();
    const slugs = Array.from({ length: 12 }, (_, i) => `cargo-${i}`);
    await Promise.all(
      slugs.map((slug, i) =>
        patchConfigFile(file, async (cfg) => {
          await new Promise((r) => setTimeout(r, (i * 7) % 5));
          cfg.pricing.workloads[slug] = `${i}.0`;
          return cfg;
        }),
      ),
    );
    const { config } = loadConfig({ path: file, explicit: true, env: {} });
    for (const [i, slug] of slugs.entries()) expect(config.pricing.workloads[slug]).toBe(`${i}.0`);
    expect(read(file)).toContain('# prices I picked after reading the forum');
  });

  it('a failed edit does not block the next one', async () => {
    const file = ownerFile();
    const bad = patchConfigFile(file, () => {
      throw new Error('mutator failed');
    });
    const good = patchConfigFile(file, (cfg) => ({ ...cfg, availability: { ...cfg.availability, mode: 'paused' } }));
    await expect(bad).rejects.toThrow('mutator failed');
    await expect(good).resolves.toMatchObject({ changed: true });
  });

  it('keeps signing off when it creates the [signing] table', async () => {
    const file = ownerFile('[coordinator]\nnats_url = "nats://h"\n');
    await patchConfigFile(file, (cfg) => {
      cfg.signing.require_signature = true;
      return cfg;
    });
    const { config } = loadConfig({ path: file, explicit: true, env: {} });
    expect(config.signing).toMatchObject({ enabled: false, require_signature: true });
  });

  it('moves a host_id kept under [host] to the top when it changes', async () => {
    const file = ownerFile('[host]\nhost_id = "old-id"\nregion = "eu"\n[coordinator]\nnats_url = "nats://h"\n');
    await patchConfigFile(file, (cfg) => ({ ...cfg, host_id: 'new-id' }));
    const loaded = loadConfig({ path: file, explicit: true, env: {} });
    expect(loaded.config.host_id).toBe('new-id');
    expect(loaded.config.host.region).toBe('eu');
    expect(loaded.warnings).toEqual([]);
  });

  it('writes new sections the file did not have', async () => {
    const file = ownerFile('# minimal\n[coordinator]\nnats_url = "nats://h"\n');
    await patchConfigFile(file, (cfg) => {
      cfg.pricing.workloads['llm-chat'] = '3.0';
      cfg.jobs.max_concurrent = 2;
      return cfg;
    });
    const { config, warnings } = loadConfig({ path: file, explicit: true, env: {} });
    expect(warnings).toEqual([]);
    expect(config.pricing.workloads).toEqual({ 'llm-chat': '3.0' });
    expect(config.jobs.max_concurrent).toBe(2);
    expect(read(file).startsWith('# minimal\n')).toBe(true);
  });
});
