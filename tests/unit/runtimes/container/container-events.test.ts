// Reading Docker's event stream for one container: which kills came from outside, when the die is
// in, and the stream breaking (the engine went away) told apart from the Island closing it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ContainerEventWatch, describeSignal, readContainerEvent } from '../../../../src-main/agent/runtimes/container/container-events';
import { DockerGoneError, isDockerUnreachable } from '../../../../src-main/agent/runtimes/container/docker-errors';

const line = (action: string, attributes: Record<string, string> = {}) =>
  `${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: 'c1', Attributes: attributes } })}\n`;

describe('readContainerEvent', () => {
  it('reads the action and a kill’s signal', () => {
    expect(readContainerEvent(line('kill', { signal: '15', image: 'x' }))).toEqual({ action: 'kill', signal: '15' });
    expect(readContainerEvent(line('die', { exitCode: '0' }))).toEqual({ action: 'die' });
  });

  it('ignores what is not a container event, and junk', () => {
    expect(readContainerEvent(JSON.stringify({ Type: 'network', Action: 'connect' }))).toBeNull();
    expect(readContainerEvent('not json')).toBeNull();
    expect(readContainerEvent('null')).toBeNull();
    expect(readContainerEvent(JSON.stringify({ Type: 'container' }))).toBeNull();
  });
});

describe('describeSignal', () => {
  it('names numbers and bare names as SIG…', () => {
    expect(describeSignal('15')).toBe('SIGTERM');
    expect(describeSignal('9')).toBe('SIGKILL');
    expect(describeSignal('TERM')).toBe('SIGTERM');
    expect(describeSignal('sigusr1')).toBe('SIGUSR1');
    expect(describeSignal('31')).toBe('signal 31');
    expect(describeSignal('')).toBe('a signal');
  });
});

describe('ContainerEventWatch', () => {
  it('keeps the first kill, even when its line arrives in pieces', async () => {
    const s = new PassThrough();
    const w = new ContainerEventWatch(s);
    const text = line('kill', { signal: '15' }) + line('kill', { signal: '9' });
    s.write(text.slice(0, 17));
    s.write(text.slice(17));
    expect(await w.signalled).toBe('SIGTERM');
    expect(w.foreignSignal).toBe('SIGTERM');
  });

  it('untilDied resolves on the die, or after its time limit', async () => {
    const s = new PassThrough();
    const w = new ContainerEventWatch(s);
    const t0 = Date.now();
    await w.untilDied(50);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    const waiting = w.untilDied(10_000);
    s.write(line('die', { exitCode: '0' }));
    await waiting;
    expect(w.foreignSignal).toBeNull();
  });

  it('a broken stream means the engine went away: lost resolves with an unreachable-Docker error', async () => {
    const s = new PassThrough();
    const w = new ContainerEventWatch(s);
    s.destroy(new Error('aborted'));
    const err = await w.lost;
    expect(err).toBeInstanceOf(DockerGoneError);
    expect(isDockerUnreachable(err)).toBe(true);
    await w.untilDied(10_000); // returns at once: nothing more will come
  });

  it('closing it is not losing it', async () => {
    const s = new PassThrough();
    const w = new ContainerEventWatch(s);
    w.close();
    const lost = await Promise.race([w.lost.then(() => 'lost'), new Promise((r) => setTimeout(() => r('not lost'), 50))]);
    expect(lost).toBe('not lost');
    expect(s.destroyed).toBe(true);
  });
});
