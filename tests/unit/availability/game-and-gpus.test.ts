import { describe, expect, it } from 'vitest';
import { decideAvailability, INITIAL_AVAILABILITY_STATE, offeredGpus } from '../../../src-shared/domain/availability';
import type { GameRule } from '../../../src-shared/domain/availability';
import { findListedProcess } from '../../../src-shared/domain/availability/rules/game';
import { at, policy, readings } from './fixtures';

const NOW = at('2026-06-01T12:00:00Z');
const game = (rule: GameRule, names: string[] | null, fullscreen: boolean | null = null) =>
  decideAvailability(policy({ game: rule }), readings({ processes: names === null ? { kind: 'unknown' } : { kind: 'listed', names }, fullscreen }), INITIAL_AVAILABILITY_STATE, NOW);

describe('game mode', () => {
  it.each([
    [['EldenRing.exe'], ['eldenring.exe'], 'eldenring.exe'],
    [['eldenring'], ['ELDENRING.EXE'], 'ELDENRING.EXE'],
    [['eldenring.exe'], ['C:\\Games\\Elden Ring\\eldenring.exe'], 'eldenring.exe'],
    [['steam'], ['/usr/bin/steam'], 'steam'],
    [['cs2'], ['bash', 'cs2'], 'cs2'],
  ])('listed %j matches running %j', (listed, running, shown) => {
    expect(findListedProcess(listed, { kind: 'listed', names: running })).toBe(shown);
  });

  it.each([
    [['eldenring'], ['eldenring2.exe']],
    [['ring'], ['eldenring.exe']],
    [['steam.exe'], ['steamwebhelper.exe']],
    [[''], ['']],
  ])('listed %j does not match running %j', (listed, running) => {
    expect(findListedProcess(listed, { kind: 'listed', names: running })).toBeNull();
  });

  it('pauses while a listed game runs, and names it', () => {
    expect(game({ kind: 'on', processes: ['eldenring.exe'], pauseOnFullscreen: false }, ['eldenring.exe'])).toMatchObject({
      available: false,
      decidedBy: 'game',
      reason: { code: 'game_running', text: 'Game running: eldenring.exe', process: 'eldenring.exe' },
      nextCheckAt: null,
    });
  });

  it('pauses for a full-screen app only when asked to, and never on an unknown reading', () => {
    const on = { kind: 'on', processes: [], pauseOnFullscreen: true } as const;
    expect(game(on, [], true).reason.code).toBe('fullscreen_app');
    expect(game({ ...on, pauseOnFullscreen: false }, [], true).available).toBe(true);
    expect(game(on, null, null).available).toBe(true);
    expect(game({ kind: 'off' }, ['eldenring.exe'], true).available).toBe(true);
  });
});

describe('offeredGpus', () => {
  const all = [
    { index: 0, uuid: 'GPU-AAAA', name: 'display' },
    { index: 1, uuid: 'GPU-BBBB', name: 'compute' },
    { index: 2, uuid: null, name: 'old' },
  ];
  const names = (s: Parameters<typeof offeredGpus>[0]) => offeredGpus(s, all).map((g) => g.name);

  it('offers all, a listed subset by index or UUID (any case), and never an excluded one', () => {
    expect(names({ kind: 'all', except: [] })).toEqual(['display', 'compute', 'old']);
    expect(names({ kind: 'all', except: ['0'] })).toEqual(['compute', 'old']);
    expect(names({ kind: 'only', ids: ['gpu-bbbb', '2'], except: [] })).toEqual(['compute', 'old']);
    expect(names({ kind: 'only', ids: ['0', '1'], except: ['GPU-AAAA'] })).toEqual(['compute']);
    expect(names({ kind: 'only', ids: [], except: [] })).toEqual([]);
    expect(names({ kind: 'only', ids: ['7'], except: [] })).toEqual([]);
  });
});
