// The runner's fault paths, on a scripted engine: a container Docker signals from outside ends
// `stopped` whatever its exit code says, an engine that dies mid-job is a lost contact (not a hang),
// and the Island's own abort still wins over both.
import { describe, expect, it } from 'vitest';
import { ContainerRunError, runContainer, type ContainerExit, type ContainerRunOptions } from '../../../../src-main/agent/runtimes/container/container-run';
import { createTestLogger } from '../../../helpers/test-logger';
import { waitUntil } from '../../../helpers/wait-until';
import { FakeDocker, type FakeContainer } from './fake-docker';

function start(engine: FakeDocker, extra: Partial<ContainerRunOptions> = {}) {
  const out: string[] = [];
  const leftBehind: string[] = [];
  const controller = new AbortController();
  const result: Promise<ContainerExit> = runContainer({
    docker: engine.asDocker(),
    create: { Image: 'cargo:1' },
    input: { prompt: 'hi' },
    signal: controller.signal,
    stdout: (b) => out.push(Buffer.from(b).toString()),
    stderr: () => undefined,
    log: createTestLogger(),
    onLeftBehind: (id) => leftBehind.push(id),
    drainMs: 50,
    ...extra,
  });
  return { result, out, leftBehind, controller };
}

async function running(engine: FakeDocker): Promise<FakeContainer> {
  await waitUntil(() => engine.containers[0]?.running === true, 'the container to start', 2_000, 1);
  return engine.containers[0]!;
}

describe('runContainer on a scripted engine', () => {
  it('a container that ends by itself: its exit code, the input written to stdin, the container removed', async () => {
    const engine = new FakeDocker();
    const { result, out } = start(engine);
    const c = await running(engine);
    c.print('{"type":"token","content":"a"}\n');
    c.exit(3);
    expect(await result).toEqual({ kind: 'exited', exitCode: 3, oomKilled: false });
    expect(out.join('')).toBe('{"type":"token","content":"a"}\n');
    expect(c.stdin).toBe('{"prompt":"hi"}\n');
    expect(c.removed).toBe(true);
  });

  it('Docker sends SIGTERM (dockerd shutting down, docker stop) and the Cargo exits 0: `stopped`, never a success', async () => {
    const engine = new FakeDocker();
    const { result } = start(engine);
    const c = await running(engine);
    c.print('{"type":"token","content":"half"}\n');
    engine.stopFromOutside(c, '15', 0);
    expect(await result).toEqual({ kind: 'stopped', signal: 'SIGTERM' });
    expect(c.kills).toEqual([]);
    expect(c.removed).toBe(true);
  });

  it('ends as soon as the signal arrives, without waiting for the stop timeout', async () => {
    const engine = new FakeDocker();
    const { result } = start(engine);
    const c = await running(engine);
    engine.event(c.id, 'kill', { signal: 'SIGTERM' });
    // The container has not exited (it ignores SIGTERM); the job is over anyway, and removal kills it.
    expect(await result).toEqual({ kind: 'stopped', signal: 'SIGTERM' });
    expect(c.removed).toBe(true);
  });

  it('a kill event that arrives just after wait() answered still counts (the die comes after it)', async () => {
    const engine = new FakeDocker();
    const { result } = start(engine);
    const c = await running(engine);
    c.exit(0, { dieEvent: false });
    setTimeout(() => {
      engine.event(c.id, 'kill', { signal: '15' });
      engine.event(c.id, 'die', { exitCode: '0' });
    }, 30);
    expect(await result).toEqual({ kind: 'stopped', signal: 'SIGTERM' });
  });

  it('the engine dying mid-job is lost contact (phase run, Docker unreachable), and the container is left for a retry', async () => {
    const engine = new FakeDocker();
    const { result, leftBehind } = start(engine);
    const c = await running(engine);
    engine.crash();
    const err = await result.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ContainerRunError);
    expect((err as ContainerRunError).phase).toBe('run');
    expect((err as ContainerRunError).dockerUnreachable).toBe(true);
    expect(leftBehind).toEqual([c.id]);
  });

  it('the Island’s own abort wins: its SIGKILL shows in the events but the result is `aborted`', async () => {
    const engine = new FakeDocker();
    const { result, controller } = start(engine);
    const c = await running(engine);
    controller.abort({ kind: 'cancel' });
    expect(await result).toEqual({ kind: 'aborted' });
    expect(c.kills).toEqual(['SIGKILL']);
    expect(c.removed).toBe(true);
  });

  it('an engine that cannot open the event stream fails the job before the container starts', async () => {
    const engine = new FakeDocker();
    engine.getEvents = async () => {
      throw Object.assign(new Error('(HTTP code 500) server error - events unavailable'), { statusCode: 500, json: { message: 'events unavailable' } });
    };
    const { result } = start(engine);
    const err = await result.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ContainerRunError);
    expect((err as Error).message).toBe("Could not follow the container's events: events unavailable");
    expect(engine.containers[0]!.running).toBe(false);
    expect(engine.containers[0]!.removed).toBe(true);
  });
});
