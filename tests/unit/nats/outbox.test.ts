// The outbox against a fake server: what the server confirmed is never sent again, what it did
// not is sent again after a reconnect, in order, and a long outage drops output but never a status.
import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxWire } from '../../../src-main/agent/nats/outbox';
import { OutboxReporter } from '../../../src-main/agent/nats/outbox-reporter';
import { hostSubjects } from '../../../src-shared/protocol/subjects';
import { createTestLogger } from '../../helpers/test-logger';

/** A connection whose flushes the test resolves or breaks, and a server that keeps what it got. */
class FakeConnection implements OutboxWire {
  /** What the client handed over (it may still be lost if the connection drops). */
  handed: string[] = [];
  /** What the server holds for sure. */
  server: string[] = [];
  closed = false;
  private flushes: Array<{ upTo: number; resolve: () => void; reject: (e: Error) => void }> = [];

  publish(_subject: string, payload: string): void {
    if (this.closed) throw new Error('connection closed');
    this.handed.push(payload);
  }

  flush(): Promise<void> {
    return new Promise((resolve, reject) => this.flushes.push({ upTo: this.handed.length, resolve, reject }));
  }

  /** The server answers every pending flush: everything handed so far arrived. */
  answer(): void {
    this.server.push(...this.handed);
    this.handed = [];
    for (const f of this.flushes.splice(0)) f.resolve();
  }

  /** Answers until no flush is pending (the outbox sends a new PING when more went out meanwhile). */
  async answerAll(): Promise<void> {
    do {
      this.answer();
      await tick();
    } while (this.flushes.length > 0);
  }

  /** The connection drops: what was handed but not confirmed is lost with it. */
  drop(): void {
    this.handed = [];
    for (const f of this.flushes.splice(0)) f.reject(new Error('connection disconnected'));
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(maxBytes?: number) {
  const conn = new FakeConnection();
  const log = createTestLogger();
  const outbox = new Outbox({ wire: () => conn, log, ...(maxBytes ? { maxBytes } : {}) });
  return { conn, log, outbox };
}

describe('Outbox', () => {
  it('sends at once while the link is up, and forgets what the server confirmed', async () => {
    const { conn, outbox } = setup();
    outbox.linkUp();
    outbox.send('s', 'a', true);
    outbox.send('s', 'b', true);
    expect(conn.handed).toEqual(['a', 'b']);
    expect(outbox.unconfirmed).toBe(2);
    await conn.answerAll();
    expect(outbox.unconfirmed).toBe(0);
    expect(conn.server).toEqual(['a', 'b']);
  });

  it('holds messages while the link is down and sends them, in order, once it is back', async () => {
    const { conn, outbox } = setup();
    outbox.send('s', 'before connecting', false);
    expect(conn.handed).toEqual([]);
    outbox.linkUp();
    outbox.send('s', 'after', false);
    conn.answer();
    await tick();
    expect(conn.server).toEqual(['before connecting', 'after']);
  });

  it('sends again what a dropped connection lost, once, before anything newer', async () => {
    const { conn, outbox } = setup();
    outbox.linkUp();
    outbox.send('s', '1', true);
    conn.answer();
    await tick();
    outbox.send('s', '2', true);
    outbox.send('s', '3', true);
    conn.drop(); // 2 and 3 were handed to a socket that died
    await tick();
    outbox.linkDown();
    outbox.send('s', '4', true);
    outbox.linkUp();
    outbox.send('s', '5', true);
    await conn.answerAll();
    expect(conn.server).toEqual(['1', '2', '3', '4', '5']);
    expect(outbox.unconfirmed).toBe(0);
  });

  it('a flush answered after the link changed confirms nothing: those messages go again', async () => {
    const { conn, outbox } = setup();
    outbox.linkUp();
    outbox.send('s', 'x', true);
    const stale = conn as unknown as { flushes: Array<{ resolve: () => void }> };
    const late = stale.flushes.splice(0);
    outbox.linkDown();
    outbox.linkUp();
    late[0]!.resolve(); // an answer from the old connection
    await tick();
    expect(outbox.unconfirmed).toBe(1);
    conn.answer();
    await tick();
    expect(conn.server).toEqual(['x', 'x']); // sent on both connections; confirmed once the new one answers
    expect(outbox.unconfirmed).toBe(0);
  });

  it('past its cap drops output but never a status, and the job is then reported failed', async () => {
    const { conn, log, outbox } = setup(400);
    const subjects = hostSubjects('h');
    const reporter = new OutboxReporter(subjects, outbox, () => 1);
    reporter.status('j', 'started');
    for (let i = 0; i < 20; i++) reporter.output({ job_id: 'j', seq: i + 1, chunk: 'token', is_final: false });
    reporter.status('j', 'succeeded');
    outbox.linkUp();
    conn.answer();
    await tick();
    const statuses = conn.server.filter((p) => p.includes('"state"')).map((p) => JSON.parse(p) as { state: string; error?: string });
    expect(statuses.map((s) => s.state)).toEqual(['started', 'failed']);
    expect(statuses[1]!.error).toMatch(/^the coordinator was unreachable too long: \d+ output message\(s\) could not be kept/);
    const outputs = conn.server.filter((p) => p.includes('"seq"'));
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.length).toBeLessThan(20);
    expect(log.filter({ msg: /dropping this job’s output/ })).toHaveLength(1);
    expect(outbox.droppedFor('j')).toBe(0); // forgotten once the job ended
  });

  it('settle() waits for the last confirmation, or gives up after its timeout and says what is left', async () => {
    const { conn, outbox } = setup();
    outbox.linkUp();
    outbox.send('s', 'last status', false);
    const settled = outbox.settle(5_000);
    conn.answer();
    expect(await settled).toBe(0);
    outbox.linkDown();
    outbox.send('s', 'stranded', false);
    expect(await outbox.settle(20)).toBe(1);
  });
});
