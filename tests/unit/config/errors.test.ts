import { describe, expect, it } from 'vitest';
import { ConfigError, IslandError, StateError, formatProblemText } from '../../../src-shared/errors';

describe('errors', () => {
  it('carry a name, a cause and their data', () => {
    const cause = new Error('root');
    const e = ConfigError.forFile('/x/config.toml', 'config file not found: /x/config.toml', { cause });
    expect(e).toBeInstanceOf(IslandError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ConfigError');
    expect(e.cause).toBe(cause);
    expect(e.file).toBe('/x/config.toml');
    expect(e.message).toBe('config file not found: /x/config.toml');
    expect(String(e)).toBe('ConfigError: config file not found: /x/config.toml');
    const s = new StateError('/x/state.json', 'nope');
    expect([s.name, s.file, s.cause]).toEqual(['StateError', '/x/state.json', undefined]);
    expect(new IslandError('x').name).toBe('IslandError');
  });

  it('a ConfigError lists all its problems, one per line', () => {
    const problems = [
      { file: 'f', line: 1, key: 'a', message: 'm1', text: 'f:1: a: m1' },
      { file: 'f', line: 2, key: 'b', message: 'm2', text: 'f:2: b: m2' },
    ];
    expect(new ConfigError('f', problems).message).toBe('f:1: a: m1\nf:2: b: m2');
  });

  it('formatProblemText leaves out what is unknown', () => {
    expect(formatProblemText({ file: 'f', line: 3, column: 7, message: 'bad' })).toBe('f:3:7: bad');
    expect(formatProblemText({ file: 'f', key: 'k', message: 'bad' })).toBe('f: k: bad');
    expect(formatProblemText({ file: 'f', column: 7, message: 'bad' })).toBe('f: bad');
  });
});
