import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src-shared/errors';
import { defaultConfig } from '../../../src-shared/config/schema';
import { loadConfig } from '../../../src-main/agent/config/load-config';
import { tempDir } from './tmp-dir';

function write(text: string): string {
  const file = path.join(tempDir(), 'config.toml');
  fs.writeFileSync(file, text);
  return file;
}

function loadError(file: string): ConfigError {
  try {
    loadConfig({ path: file, explicit: true, env: {} });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('missing file', () => {
  it('named with --config: an error that says so', () => {
    const file = path.join(tempDir(), 'nope.toml');
    const err = loadError(file);
    expect(err.message).toBe(`config file not found: ${file}`);
    expect(err.name).toBe('ConfigError');
    expect(err.file).toBe(file);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('the default path: the template is written (0600, directories created) and loaded', () => {
    const file = path.join(tempDir(), 'deep', 'island', 'config.toml');
    const loaded = loadConfig({ path: file, explicit: false, env: {} });
    expect(loaded.created).toBe(true);
    expect(loaded.path).toBe(file);
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.warnings).toEqual([]);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.toml']);

    const again = loadConfig({ path: file, explicit: false, env: {} });
    expect(again.created).toBe(false);
    expect(again.config).toEqual(defaultConfig());
  });

  it('a relative path is reported absolute', () => {
    const file = path.join(tempDir(), 'config.toml');
    const loaded = loadConfig({ path: path.relative(process.cwd(), file), explicit: false, env: {} });
    expect(loaded.path).toBe(file);
  });
});

describe('errors name the file, line and key', () => {
  it('a schema error (the issue example)', () => {
    const file = write(['[coordinator]', 'nats_url = "nats://localhost:4222"', '', '[workload]', 'llm_chat_image = "x"', '', '[workload.resource_limits]', '# comment', '', '', '', 'memory_mb = "lots"', ''].join('\n'));
    const err = loadError(file);
    expect(err.message).toBe(`${file}:12: workload.resource_limits.memory_mb: expected a non-negative integer, got "lots"`);
    expect(err.problems).toEqual([
      { file, line: 12, key: 'workload.resource_limits.memory_mb', message: 'expected a non-negative integer, got "lots"', text: err.message },
    ]);
  });

  it('every error is reported, in line order', () => {
    const file = write(['host_id = "a.b"', '[coordinator]', 'nats_url = "http://x"', '[dashboard]', 'port = 99999', '[availability]', 'mode = "away"'].join('\n'));
    const lines = loadError(file).message.split('\n');
    expect(lines).toEqual([
      `${file}:1: host_id: invalid host id "a.b": must not contain "." (it would break NATS subjects or file names)`,
      `${file}:3: coordinator.nats_url: expected a nats:// or tls:// URL, got "http://x"`,
      `${file}:5: dashboard.port: expected a port number (0 to 65535), got 99999`,
      `${file}:7: availability.mode: expected "online" or "paused", got "away"`,
    ]);
  });

  it('a missing key is reported at its table', () => {
    const file = write('# my island\n\n[coordinator]\napi_url = "https://api.example.com"\n');
    expect(loadError(file).message).toBe(
      `${file}:3: coordinator.nats_url: required key is missing (expected a NATS URL such as "nats://localhost:4222")`,
    );
  });

  it('a missing table has no line to name', () => {
    const file = write('[host]\nregion = "eu"\n');
    expect(loadError(file).message).toBe(
      `${file}: coordinator.nats_url: required key is missing (expected a NATS URL such as "nats://localhost:4222")`,
    );
  });

  it('errors inside arrays of tables and inline tables', () => {
    const file = write(['[coordinator]', 'nats_url = "nats://h"', '[[signing.trusted_keys]]', 'key_id = "a"', 'public_key = "p"', '[[signing.trusted_keys]]', 'key_id = [7]', 'public_key = "p"', '[workload]', 'gpu_devices = [', '  "0",', '  1,', ']'].join('\n'));
    expect(loadError(file).message.split('\n')).toEqual([
      `${file}:7: signing.trusted_keys[1].key_id: expected a string, got an array`,
      `${file}:12: workload.gpu_devices[1]: expected a string, got 1`,
    ]);
  });

  it('the warnings found alongside errors travel with the error', () => {
    const file = write('[coordinator]\nnats_ur = "nats://h"\n');
    const err = loadError(file);
    expect(err.warnings.map((w) => w.text)).toEqual([`${file}:2: coordinator.nats_ur: unknown key (did you mean "nats_url"?); ignored`]);
  });

  it('a TOML syntax error gives line, column and the parser reason', () => {
    const file = write('[coordinator]\nnats_url = "nats://h"\nport = \n');
    const err = loadError(file);
    expect(err.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: invalid TOML: \\S`));
    expect(err.problems[0]?.line).toBe(3);
    expect(err.problems[0]?.column).toBeGreaterThan(0);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('a duplicate key is a syntax error', () => {
    const err = loadError(write('[coordinator]\nnats_url = "a"\nnats_url = "b"\n'));
    expect(err.message).toMatch(/:3:1: invalid TOML: .*nats_url/);
  });

  it('invalid UTF-8 is refused clearly', () => {
    const file = path.join(tempDir(), 'config.toml');
    fs.writeFileSync(file, Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0xff, 0xfe]));
    expect(loadError(file).message).toBe(`${file}: not valid UTF-8 text (TOML files must be UTF-8)`);
  });

  it('a directory in place of the file', () => {
    const file = path.join(tempDir(), 'config.toml');
    fs.mkdirSync(file);
    expect(loadError(file).message).toMatch(new RegExp(`^cannot read config file .*config\\.toml: .*EISDIR`));
  });
});

describe('warnings', () => {
  it('unknown keys carry file:line:key', () => {
    const file = write('[coordinator]\nnats_url = "nats://h"\n\n[dashbord]\nport = 1\n[cache]\nmax_cached = 3\n');
    const loaded = loadConfig({ path: file, explicit: true, env: {} });
    expect(loaded.warnings.map((w) => w.text)).toEqual([
      `${file}:4: dashbord: unknown section (did you mean "dashboard"?); ignored`,
      `${file}:7: cache.max_cached: unknown key (did you mean "max_cache_gb"?); ignored`,
    ]);
    expect(loaded.warnings[0]).toMatchObject({ file, line: 4, key: 'dashbord' });
  });

  it('dotted keys and inline tables are located', () => {
    const file = write('coordinator.nats_url = "nats://h"\nworkload = { resource_limits = { memory_mb = 1, colour = "x" } }\n');
    const loaded = loadConfig({ path: file, explicit: true, env: {} });
    expect(loaded.config.workload.resource_limits.memory_mb).toBe(1);
    expect(loaded.warnings.map((w) => w.text)).toEqual([`${file}:2: workload.resource_limits.colour: unknown key; ignored`]);
  });
});

describe('a Rust Island config loads unchanged', () => {
  it('the install.sh config', () => {
    const file = write(`[host]
name = "gpu-box"
region = "auto"

[coordinator]
nats_url = "tls://island:secret@sail.archipelag.io:4222"

[workload]
llm_chat_image = "ghcr.io/archipelag-io/llm-chat:latest"
gpu_devices = []

[workload.resource_limits]
memory_mb = 4096
read_only_rootfs = true
tmpfs_size_mb = 256
network_disabled = true

[cache]
enable_preload = false
max_cached_images = 10

[signing]
enabled = true
require_signature = false

[registry]
enabled = true
require_digest = false

[pricing]
default_price = "1.0"

[pricing.workloads]
"llm-chat" = "2.0"
"image-gen" = "5.0"
`);
    const { config, warnings } = loadConfig({ path: file, explicit: true, env: {} });
    expect(warnings).toEqual([]);
    expect(config.coordinator.nats_url).toBe('tls://island:secret@sail.archipelag.io:4222');
    expect(config.workload.resource_limits.memory_mb).toBe(4096);
    expect(config.workload.gpu_devices).toEqual([]);
    expect(config.signing.enabled).toBe(true);
    expect(config.pricing).toEqual({ default_price: '1.0', workloads: { 'llm-chat': '2.0', 'image-gen': '5.0' } });
    expect(config.dashboard.port).toBe(7780);
  });

  it('the signing quirk holds through the loader', () => {
    const withTable = loadConfig({ path: write('[coordinator]\nnats_url = "nats://h"\n[signing]\nrequire_signature = true\n'), explicit: true, env: {} });
    expect(withTable.config.signing.enabled).toBe(true);
    const without = loadConfig({ path: write('[coordinator]\nnats_url = "nats://h"\n'), explicit: true, env: {} });
    expect(without.config.signing.enabled).toBe(false);
  });
});

describe('environment', () => {
  it('runtime settings come with the config', () => {
    const file = write('[coordinator]\nnats_url = "nats://h"\n[model_cache]\n');
    const loaded = loadConfig({ path: file, explicit: true, env: { HF_TOKEN: 'hf_env', RUST_LOG: 'debug', ARCHIPELAG_LOG_JSON: '1', DOCKER_HOST: 'tcp://d:2375' } });
    expect(loaded.runtime.hfToken).toBe('hf_env');
    expect(loaded.runtime.logFilter.defaultLevel).toBe('debug');
    expect(loaded.runtime.logJson).toBe(true);
    expect(loaded.runtime.dockerHost).toBe('tcp://d:2375');
  });

  it('no environment variable overrides a config key (as in the Rust Island)', () => {
    const file = write('[coordinator]\nnats_url = "nats://h"\n');
    const loaded = loadConfig({ path: file, explicit: true, env: { ARCHIPELAG_COORDINATOR_NATS_URL: 'nats://other', NATS_URL: 'nats://other' } });
    expect(loaded.config.coordinator.nats_url).toBe('nats://h');
  });
});

describe('ISLAND_NATS_URL (the desktop app hands over a URL with credentials from the keychain)', () => {
  it('replaces [coordinator] nats_url', () => {
    const file = write('[coordinator]\nnats_url = "nats://coordinator:4222"\n');
    const loaded = loadConfig({ path: file, explicit: true, env: { ISLAND_NATS_URL: 'nats://owner:s3cret@coordinator:4222' } });
    expect(loaded.config.coordinator.nats_url).toBe('nats://owner:s3cret@coordinator:4222');
  });

  it('a malformed one is an error that names the variable and does not echo the secret', () => {
    const file = write('[coordinator]\nnats_url = "nats://coordinator:4222"\n');
    let err: unknown;
    try {
      loadConfig({ path: file, explicit: true, env: { ISLAND_NATS_URL: 'http://owner:s3cret@coordinator/x' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/ISLAND_NATS_URL: expected a nats:\/\/ or tls:\/\/ URL/);
    expect((err as Error).message).not.toContain('s3cret');
  });
});
