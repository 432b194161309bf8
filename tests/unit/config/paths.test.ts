import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandHome, islandPaths, legacyIslandHome, resolveIslandHome, resolveModelCacheDir } from '../../../src-main/agent/paths';

const home = path.resolve('/home/owner');

describe('island home', () => {
  it('defaults to ~/.island', () => {
    expect(resolveIslandHome({}, home)).toBe(path.join(home, '.island'));
    expect(resolveIslandHome({ ISLAND_HOME: '  ' }, home)).toBe(path.join(home, '.island'));
  });
  it('honours $ISLAND_HOME, with ~ expanded and made absolute', () => {
    expect(resolveIslandHome({ ISLAND_HOME: path.resolve('/srv/island') }, home)).toBe(path.resolve('/srv/island'));
    expect(resolveIslandHome({ ISLAND_HOME: '~/isl' }, home)).toBe(path.join(home, 'isl'));
    expect(resolveIslandHome({ ISLAND_HOME: 'rel' }, home)).toBe(path.resolve('rel'));
  });
  it('knows where Rust ≤0.3 kept its state', () => {
    expect(legacyIslandHome(home)).toBe(path.join(home, '.archipelag'));
  });
});

describe('islandPaths', () => {
  it('puts everything under the home', () => {
    const h = path.join(home, '.island');
    expect(islandPaths(h)).toEqual({
      home: h,
      config: path.join(h, 'config.toml'),
      state: path.join(h, 'state.json'),
      logsDir: path.join(h, 'logs'),
      logFile: path.join(h, 'logs', 'island.log'),
      wasmCache: path.join(h, 'wasm-cache'),
      modelCache: path.join(h, 'model-cache'),
      ledger: path.join(h, 'ledger.sqlite'),
    });
  });
  it('resolves the model cache dir from config', () => {
    const p = islandPaths(path.join(home, '.island'));
    expect(resolveModelCacheDir(undefined, p, home)).toBe(p.modelCache);
    expect(resolveModelCacheDir('~/models', p, home)).toBe(path.join(home, 'models'));
    expect(resolveModelCacheDir('models', p, home)).toBe(path.join(p.home, 'models'));
  });
  it('expandHome leaves other paths alone', () => {
    expect(expandHome('~', home)).toBe(home);
    expect(expandHome('/abs/~x', home)).toBe('/abs/~x');
    expect(expandHome('~other/x', home)).toBe('~other/x');
  });
});
