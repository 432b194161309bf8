// The soak's command line: `--minutes 60 --rate 1 [--warmup-minutes W] [--sample-seconds S]
// [--concurrency N] [--mix all|wasm|container] [--heap-snapshots] [--out DIR]`. Pure, so a bad flag gets its message in a unit test.

export interface SoakOptions {
  minutes: number;
  /** Jobs dispatched per second, on a fixed schedule (not waiting for the previous job). */
  rate: number;
  /** Default: a fifth of the run, at most 5 minutes. */
  warmupMinutes: number;
  /** Default: the run / 120, between 1 and 5 s (a short run needs points for its slope). */
  sampleSeconds: number;
  /** The Island's `[jobs] max_concurrent` (its hardware default on 2 cores is 1: no overlap). */
  concurrency: number;
  /** Which jobs: all of the cycle, or one runtime's only (to find which one a failing soak blames). */
  mix: SoakMix;
  /** A heap snapshot at warm-up end and after the last job, to diff when heapUsed grew. */
  heapSnapshots: boolean;
  /** Where the raw samples go; default bench/out/soak-<time>. */
  out: string | null;
}

export const SOAK_MIXES = ['all', 'wasm', 'container'] as const;
export type SoakMix = (typeof SOAK_MIXES)[number];

const FLAGS = ['--minutes', '--rate', '--warmup-minutes', '--sample-seconds', '--concurrency', '--mix', '--heap-snapshots', '--out'] as const;
type Flag = (typeof FLAGS)[number];

function positive(flag: Flag, text: string | undefined, max: number): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
    throw new Error(`${flag}: expected a number above 0 and at most ${max}, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  }
  return n;
}

export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const given = new Map<Flag, string | undefined>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!(FLAGS as readonly string[]).includes(name)) throw new Error(`unknown argument ${JSON.stringify(arg)}; expected one of ${FLAGS.join(', ')}`);
    if (name === '--heap-snapshots') {
      if (inline !== undefined) throw new Error('--heap-snapshots takes no value');
      given.set(name, 'yes');
      continue;
    }
    if (inline === undefined) i += 1;
    given.set(name as Flag, inline ?? argv[i]);
  }
  const minutes = given.has('--minutes') ? positive('--minutes', given.get('--minutes'), 24 * 60) : 60;
  const rate = given.has('--rate') ? positive('--rate', given.get('--rate'), 50) : 1;
  const warmupMinutes = given.has('--warmup-minutes') ? positive('--warmup-minutes', given.get('--warmup-minutes'), 24 * 60) : Math.min(5, minutes / 5);
  if (warmupMinutes >= minutes / 2) {
    throw new Error(`--warmup-minutes: ${warmupMinutes} leaves no second half to measure in a ${minutes}-minute run; keep it under ${minutes / 2}`);
  }
  const sampleSeconds = given.has('--sample-seconds') ? positive('--sample-seconds', given.get('--sample-seconds'), 600) : Math.min(5, Math.max(1, (minutes * 60) / 120));
  const concurrency = given.has('--concurrency') ? positive('--concurrency', given.get('--concurrency'), 64) : 3;
  if (!Number.isInteger(concurrency)) throw new Error(`--concurrency: expected a whole number of job slots, got ${concurrency}`);
  const mix = given.get('--mix') ?? 'all';
  if (!(SOAK_MIXES as readonly string[]).includes(mix)) throw new Error(`--mix: expected one of ${SOAK_MIXES.join(', ')}, got ${JSON.stringify(mix)}`);
  const out = given.get('--out');
  if (given.has('--out') && !out) throw new Error('--out: expected a directory');
  return { minutes, rate, warmupMinutes, sampleSeconds, concurrency, mix: mix as SoakMix, heapSnapshots: given.has('--heap-snapshots'), out: out ?? null };
}
