import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-shared/config/schema';
import type { IslandConfig } from '../../../src-shared/config/schema';
import { envFlag, resolveRuntimeSettings } from '../../../src-main/agent/config/runtime-settings';

const withConfig = (edit: (c: IslandConfig) => void) => {
  const c = defaultConfig();
  edit(c);
  return c;
};

describe('log filter from ISLAND_LOG / RUST_LOG', () => {
  it('defaults to info', () => {
    const s = resolveRuntimeSettings(defaultConfig(), {});
    expect(s.logFilter).toEqual({ defaultLevel: 'info', rules: [] });
    expect(s.logFilterSource).toBe('default');
  });
  it('reads RUST_LOG', () => {
    const s = resolveRuntimeSettings(defaultConfig(), { RUST_LOG: 'warn,nats=debug' });
    expect(s.logFilter).toEqual({ defaultLevel: 'warn', rules: [{ target: 'nats', level: 'debug' }] });
    expect(s.logFilterSource).toBe('RUST_LOG');
  });
  it('ISLAND_LOG wins over RUST_LOG', () => {
    const s = resolveRuntimeSettings(defaultConfig(), { RUST_LOG: 'warn', ISLAND_LOG: 'trace' });
    expect(s.logFilter.defaultLevel).toBe('trace');
    expect(s.logFilterSpec).toBe('trace');
    expect(s.logFilterSource).toBe('ISLAND_LOG');
  });
  it('an empty ISLAND_LOG counts as unset', () => {
    expect(resolveRuntimeSettings(defaultConfig(), { RUST_LOG: 'error', ISLAND_LOG: ' ' }).logFilter.defaultLevel).toBe('error');
  });
  it('reports what it could not understand, without failing', () => {
    const s = resolveRuntimeSettings(defaultConfig(), { RUST_LOG: 'verbose,nats=loud' });
    expect(s.logFilter.defaultLevel).toBe('info');
    expect(s.warnings).toEqual([expect.stringMatching(/^RUST_LOG: log filter: unknown level "loud"/)]);
  });
});

describe('ARCHIPELAG_LOG_JSON', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['FALSE', false],
    ['1', true],
    ['true', true],
    ['yes', true],
    ['anything', true],
  ])('%j → %s', (value, json) => {
    expect(envFlag(value)).toBe(json);
    expect(resolveRuntimeSettings(defaultConfig(), { ARCHIPELAG_LOG_JSON: value }).logJson).toBe(json);
  });
});

describe('HF token', () => {
  it('config wins, env HF_TOKEN is the fallback', () => {
    expect(resolveRuntimeSettings(defaultConfig(), {}).hfToken).toBeUndefined();
    const fromEnv = resolveRuntimeSettings(defaultConfig(), { HF_TOKEN: 'hf_env' });
    expect([fromEnv.hfToken, fromEnv.hfTokenSource]).toEqual(['hf_env', 'env']);
    const fromConfig = resolveRuntimeSettings(withConfig((c) => (c.model_cache.hf_token = 'hf_cfg')), { HF_TOKEN: 'hf_env' });
    expect([fromConfig.hfToken, fromConfig.hfTokenSource]).toEqual(['hf_cfg', 'config']);
  });
  it('an empty value is no token', () => {
    expect(resolveRuntimeSettings(withConfig((c) => (c.model_cache.hf_token = '')), { HF_TOKEN: '' }).hfToken).toBeUndefined();
  });
});

describe('Docker host', () => {
  it('DOCKER_HOST, else [docker] socket, else the platform default', () => {
    expect(resolveRuntimeSettings(defaultConfig(), {}).dockerHost).toBeUndefined();
    expect(resolveRuntimeSettings(withConfig((c) => (c.docker.socket = '/run/user/1000/docker.sock')), {}).dockerHost).toBe('unix:///run/user/1000/docker.sock');
    expect(resolveRuntimeSettings(withConfig((c) => (c.docker.socket = 'tcp://10.0.0.2:2375')), {}).dockerHost).toBe('tcp://10.0.0.2:2375');
    expect(resolveRuntimeSettings(withConfig((c) => (c.docker.socket = '//./pipe/docker_engine')), {}).dockerHost).toBe('npipe:////./pipe/docker_engine');
    expect(resolveRuntimeSettings(withConfig((c) => (c.docker.socket = '/x.sock')), { DOCKER_HOST: 'unix:///env.sock' }).dockerHost).toBe('unix:///env.sock');
  });
});
