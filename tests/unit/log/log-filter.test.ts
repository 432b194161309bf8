import { describe, expect, it } from 'vitest';
import { levelEnabled, levelFor, mostVerboseLevel, moduleSegments, parseLogFilter } from '../../../src-shared/log-filter';

describe('parseLogFilter', () => {
  it.each([
    ['info', { defaultLevel: 'info', rules: [] }],
    ['debug', { defaultLevel: 'debug', rules: [] }],
    ['WARN', { defaultLevel: 'warn', rules: [] }],
    ['warn,nats=debug', { defaultLevel: 'warn', rules: [{ target: 'nats', level: 'debug' }] }],
    ['island::jobs=trace', { defaultLevel: 'info', rules: [{ target: 'jobs', level: 'trace' }] }],
    ['jobs=off', { defaultLevel: 'info', rules: [{ target: 'jobs', level: 'off' }] }],
    ['archipelag_agent::nats=debug', { defaultLevel: 'info', rules: [{ target: 'nats', level: 'debug' }] }],
    ['jobs.docker=error', { defaultLevel: 'info', rules: [{ target: 'jobs.docker', level: 'error' }] }],
    ['island=debug', { defaultLevel: 'info', rules: [{ target: '', level: 'debug' }] }],
    [' error , nats = trace ,', { defaultLevel: 'error', rules: [{ target: 'nats', level: 'trace' }] }],
    ['', { defaultLevel: 'info', rules: [] }],
  ])('%j', (spec, filter) => {
    expect(parseLogFilter(spec)).toEqual({ filter, warnings: [] });
  });

  it('a bare target means everything from it (env_logger)', () => {
    expect(parseLogFilter('nats').filter.rules).toEqual([{ target: 'nats', level: 'trace' }]);
  });

  it('a later directive for the same target wins', () => {
    expect(parseLogFilter('nats=debug,island::nats=warn').filter.rules).toEqual([{ target: 'nats', level: 'warn' }]);
  });

  it('unknown levels give a warning, not a crash, and are ignored', () => {
    const r = parseLogFilter('warn,nats=loud,jobs=debug');
    expect(r.filter).toEqual({ defaultLevel: 'warn', rules: [{ target: 'jobs', level: 'debug' }] });
    expect(r.warnings).toEqual(['log filter: unknown level "loud" in "nats=loud" (use trace, debug, info, warn, error, off); ignored']);
  });

  it('unsupported syntax is reported and skipped', () => {
    expect(parseLogFilter('info/foo').warnings).toEqual(['log filter: message filters ("/foo") are not supported; ignored']);
    expect(parseLogFilter('jobs[span{a=1}]=debug,warn').warnings[0]).toMatch(/span and field filters are not supported/);
    expect(parseLogFilter('jobs[span{a=1}]=debug,warn').filter.defaultLevel).toBe('warn');
    expect(parseLogFilter('=debug').warnings[0]).toMatch(/names no target/);
  });

  it('takes a fallback default', () => {
    expect(parseLogFilter(undefined, 'warn').filter.defaultLevel).toBe('warn');
  });
});

describe('levelFor', () => {
  const { filter } = parseLogFilter('warn,nats=debug,jobs=info,jobs.docker=trace,jobs.wasm=off');

  it('uses the longest matching target prefix', () => {
    expect(levelFor(filter, 'nats')).toBe('debug');
    expect(levelFor(filter, 'nats.jetstream')).toBe('debug');
    expect(levelFor(filter, 'jobs')).toBe('info');
    expect(levelFor(filter, 'jobs.source')).toBe('info');
    expect(levelFor(filter, 'jobs.docker')).toBe('trace');
    expect(levelFor(filter, 'jobs.docker.pull')).toBe('trace');
    expect(levelFor(filter, 'jobs.wasm')).toBe('off');
    expect(levelFor(filter, 'heartbeat')).toBe('warn');
  });

  it('matches whole segments only', () => {
    expect(levelFor(filter, 'natsy')).toBe('warn');
    expect(levelFor(filter, 'jobsx.docker')).toBe('warn');
  });

  it('accepts :: and . and the crate prefix in module names', () => {
    expect(levelFor(filter, 'jobs::docker')).toBe('trace');
    expect(levelFor(filter, 'island::nats')).toBe('debug');
    expect(levelFor(filter, 'island')).toBe('warn');
  });

  it('a crate-wide rule applies everywhere but loses to a more specific one', () => {
    const f = parseLogFilter('error,island=debug,nats=warn').filter;
    expect(levelFor(f, 'heartbeat')).toBe('debug');
    expect(levelFor(f, 'island')).toBe('debug');
    expect(levelFor(f, 'nats.x')).toBe('warn');
  });
});

describe('levels', () => {
  it('levelEnabled compares by severity', () => {
    expect(levelEnabled('info', 'warn')).toBe(true);
    expect(levelEnabled('info', 'info')).toBe(true);
    expect(levelEnabled('info', 'debug')).toBe(false);
    expect(levelEnabled('off', 'error')).toBe(false);
    expect(levelEnabled('trace', 'trace')).toBe(true);
  });
  it('mostVerboseLevel', () => {
    expect(mostVerboseLevel(parseLogFilter('warn,nats=debug').filter)).toBe('debug');
    expect(mostVerboseLevel(parseLogFilter('off').filter)).toBe('off');
  });
  it('moduleSegments', () => {
    expect(moduleSegments('island::jobs::docker')).toEqual(['jobs', 'docker']);
    expect(moduleSegments('a.b')).toEqual(['a', 'b']);
    expect(moduleSegments('')).toEqual([]);
  });
});
