// The real runner against real processes: a missing tool is told apart from a failing one, and
// the sensor's abort kills the child at once.
import { describe, expect, it } from 'vitest';
import { isMissingBinary, probeFailure, runProbe } from '../../../src-main/agent/availability/fullscreen-run';

describe('runProbe (real child processes)', () => {
  it('a tool that is not installed is a missing binary', async () => {
    const err = await runProbe('island-no-such-tool-xprop', [], new AbortController().signal).catch((e: unknown) => e);
    expect(isMissingBinary(err)).toBe(true);
  });

  it('a failing tool is not a missing binary, and its stderr is the reason', async () => {
    const err = await runProbe('sh', ['-c', 'echo "X Error of failed request:  BadWindow" >&2; exit 1'], new AbortController().signal).catch((e: unknown) => e);
    expect(isMissingBinary(err)).toBe(false);
    expect(probeFailure(err)).toBe('X Error of failed request:  BadWindow');
  });

  it('prints stdout and aborts a hung tool without waiting for it', async () => {
    await expect(runProbe('sh', ['-c', 'echo hello'], new AbortController().signal)).resolves.toBe('hello\n');
    const abort = new AbortController();
    const started = Date.now();
    const pending = runProbe('sleep', ['5'], abort.signal).catch((e: unknown) => e);
    setTimeout(() => abort.abort(), 50);
    const err = await pending;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(isMissingBinary(err)).toBe(false);
    expect((err as Error).name).toBe('AbortError');
  });
});
