// The rule that preloads never delay a job, as the gate enforces it: job downloads never wait;
// preloads run one at a time and only while no job download runs; a running preload is paused
// when a job download starts; a preload a job needs is promoted and never paused again.
import { describe, expect, it } from 'vitest';
import { DownloadGate } from '../../../src-main/agent/models/download-gate';

const never = new AbortController().signal;
const settled = async <T>(p: Promise<T>): Promise<{ value: T } | 'pending'> => {
  let out: { value: T } | 'pending' = 'pending';
  p.then((value) => (out = { value }));
  await new Promise((r) => setImmediate(r));
  return out;
};

describe('DownloadGate', () => {
  it('a job ticket never waits and has no pause signal', async () => {
    const gate = new DownloadGate();
    const job = gate.ticket('job');
    expect(await job.take(never)).toBeNull();
    expect(gate.jobDownloads).toBe(1);
    job.close();
    expect(gate.jobDownloads).toBe(0);
  });

  it('preloads take turns one at a time', async () => {
    const gate = new DownloadGate();
    const a = gate.ticket('preload');
    const b = gate.ticket('preload');
    const ta = await a.take(never);
    expect(ta).toBeInstanceOf(AbortSignal);
    const tb = b.take(never);
    expect(await settled(tb)).toBe('pending');
    a.give();
    expect(await settled(tb)).not.toBe('pending');
  });

  it('a job download pauses the running preload, which waits until every job download is over', async () => {
    const gate = new DownloadGate();
    const pre = gate.ticket('preload');
    const pause = (await pre.take(never))!;
    const job1 = gate.ticket('job');
    const job2 = gate.ticket('job');
    expect(pause.aborted).toBe(true);
    pre.give();
    const again = pre.take(never);
    job1.close();
    expect(await settled(again)).toBe('pending');
    job2.close();
    const next = await settled(again);
    expect(next).not.toBe('pending');
    expect((next as { value: AbortSignal }).value.aborted).toBe(false);
  });

  it('promotion: a waiting preload runs at once; a running one is not paused by its own promotion', async () => {
    const gate = new DownloadGate();
    const job = gate.ticket('job');
    const waiting = gate.ticket('preload');
    const turn = waiting.take(never);
    expect(await settled(turn)).toBe('pending');
    waiting.promote();
    expect(await settled(turn)).toEqual({ value: null });
    expect(gate.jobDownloads).toBe(2);
    expect(waiting.priority).toBe('job');
    job.close();
    waiting.close();

    const running = gate.ticket('preload');
    const pause = (await running.take(never))!;
    running.promote();
    expect(pause.aborted).toBe(false);
    // …but another preload waits behind it now.
    const other = gate.ticket('preload');
    const otherTurn = other.take(never);
    expect(await settled(otherTurn)).toBe('pending');
    running.close();
    expect(await settled(otherTurn)).not.toBe('pending');
  });

  it('a preload that stops waiting (aborted) leaves the line', async () => {
    const gate = new DownloadGate();
    const job = gate.ticket('job');
    const pre = gate.ticket('preload');
    const ctl = new AbortController();
    const turn = pre.take(ctl.signal);
    ctl.abort(new Error('stopped'));
    await expect(turn).rejects.toThrow('stopped');
    job.close();
    const next = gate.ticket('preload');
    expect(await settled(next.take(never))).not.toBe('pending');
  });
});
