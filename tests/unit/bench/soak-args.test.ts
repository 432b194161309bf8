// The soak's flags: defaults that scale with the run, and a message naming the flag and the value
// for every bad one.
import { describe, expect, it } from 'vitest';
import { parseSoakArgs } from '../../../bench/lib/soak-args';

describe('soak arguments', () => {
  it('defaults to an hour at one job a second, 5 minutes of warm-up, a sample every 5 s', () => {
    expect(parseSoakArgs([])).toEqual({ minutes: 60, rate: 1, warmupMinutes: 5, sampleSeconds: 5, concurrency: 3, mix: 'all', heapSnapshots: false, out: null });
  });

  it('scales warm-up and sampling down for a short run, so its halves still have points', () => {
    expect(parseSoakArgs(['--minutes', '0.75'])).toMatchObject({ minutes: 0.75, warmupMinutes: 0.15, sampleSeconds: 1 });
    expect(parseSoakArgs(['--minutes', '5'])).toMatchObject({ warmupMinutes: 1, sampleSeconds: 2.5 });
  });

  it('takes each flag as `--flag value` or `--flag=value`', () => {
    expect(parseSoakArgs(['--rate=2', '--minutes', '10', '--warmup-minutes=2', '--sample-seconds', '3', '--concurrency', '4', '--mix', 'wasm', '--heap-snapshots', '--out', '/tmp/x'])).toEqual({
      minutes: 10,
      rate: 2,
      warmupMinutes: 2,
      sampleSeconds: 3,
      concurrency: 4,
      mix: 'wasm',
      heapSnapshots: true,
      out: '/tmp/x',
    });
  });

  it('names the flag and the value it could not use', () => {
    expect(() => parseSoakArgs(['--minutes', 'abc'])).toThrow('--minutes: expected a number above 0 and at most 1440, got "abc"');
    expect(() => parseSoakArgs(['--rate', '0'])).toThrow('--rate: expected a number above 0 and at most 50, got "0"');
    expect(() => parseSoakArgs(['--rate'])).toThrow('--rate: expected a number above 0 and at most 50, got nothing');
    expect(() => parseSoakArgs(['--concurrency', '2.5'])).toThrow('--concurrency: expected a whole number of job slots, got 2.5');
    expect(() => parseSoakArgs(['--out'])).toThrow('--out: expected a directory');
    expect(() => parseSoakArgs(['--heap-snapshots=yes'])).toThrow('--heap-snapshots takes no value');
    expect(() => parseSoakArgs(['--mix', 'gguf'])).toThrow('--mix: expected one of all, wasm, container, got "gguf"');
  });

  it('refuses an unknown flag, listing the known ones', () => {
    expect(() => parseSoakArgs(['--minute', '5'])).toThrow('unknown argument "--minute"; expected one of --minutes, --rate, --warmup-minutes, --sample-seconds, --concurrency, --mix, --heap-snapshots, --out');
  });

  it('refuses a warm-up that leaves no second half to measure', () => {
    expect(() => parseSoakArgs(['--minutes', '10', '--warmup-minutes', '5'])).toThrow('--warmup-minutes: 5 leaves no second half to measure in a 10-minute run; keep it under 5');
  });
});
