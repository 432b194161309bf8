// Docker availability without a real engine: transitions, reasons an owner can act on, polling.
import type Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DockerHealth, unavailableReason } from '../../../../src-main/agent/runtimes/container/docker-health';
import type { RuntimeEvent } from '../../../../src-main/agent/runtimes/runtime-events';
import { createTestLogger } from '../../../helpers/test-logger';

function errno(code: string): NodeJS.ErrnoException {
  const e = new Error(`connect ${code} /var/run/docker.sock`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

class FakeDocker {
  up = true;
  pings = 0;
  hang = false;
  runtimes: Record<string, unknown> = { runc: {} };
  async ping() {
    this.pings += 1;
    if (this.hang) return new Promise(() => undefined);
    if (!this.up) throw errno('ENOENT');
    return 'OK';
  }
  async info() {
    return { ServerVersion: '20.10.24', Runtimes: this.runtimes };
  }
}

function make(fake: FakeDocker, extra: Partial<ConstructorParameters<typeof DockerHealth>[0]> = {}) {
  const events: RuntimeEvent[] = [];
  const log = createTestLogger();
  const onAvailable = vi.fn();
  const health = new DockerHealth({
    docker: fake as unknown as Docker,
    endpoint: '/var/run/docker.sock',
    log,
    events: (e) => events.push(e),
    onAvailable,
    downInitialMs: 1_000,
    downMaxMs: 8_000,
    upIntervalMs: 30_000,
    ...extra,
  });
  return { health, events, log, onAvailable };
}

afterEach(() => vi.useRealTimers());

describe('DockerHealth', () => {
  it('is not available before the first check, then reports what Docker is', async () => {
    const fake = new FakeDocker();
    fake.runtimes = { runc: {}, nvidia: { path: 'nvidia-container-runtime' } };
    const { health, events, onAvailable } = make(fake);
    expect(health.availability()).toEqual({ available: false, reason: 'Docker has not been checked yet' });
    expect(await health.check()).toBe(true);
    expect(health.availability()).toEqual({ available: true });
    expect(health.facts).toEqual({ serverVersion: '20.10.24', runtimes: ['runc', 'nvidia'], nvidiaRuntime: true });
    expect(events).toEqual([{ type: 'availability', runtime: 'container', available: true }]);
    expect(onAvailable).toHaveBeenCalledTimes(1);
  });

  it('reports each change once, with a reason an owner can act on', async () => {
    const fake = new FakeDocker();
    fake.up = false;
    const { health, events, log } = make(fake);
    await health.check();
    await health.check();
    fake.up = true;
    await health.check();
    await health.check();
    fake.up = false;
    await health.check();
    const reason = 'Docker is not available: no Docker engine at /var/run/docker.sock (is Docker installed and running?)';
    expect(events).toEqual([
      { type: 'availability', runtime: 'container', available: false, reason },
      { type: 'availability', runtime: 'container', available: true },
      { type: 'availability', runtime: 'container', available: false, reason },
    ]);
    expect(log.filter({ level: 'warn', msg: /WASM Cargos still run/ })).toHaveLength(2);
  });

  it('words the usual failures', () => {
    expect(unavailableReason(errno('ECONNREFUSED'), 'tcp://127.0.0.1:2375')).toBe('Docker is not available: nothing is listening at tcp://127.0.0.1:2375 (is the Docker engine running?)');
    expect(unavailableReason(errno('EACCES'), '/var/run/docker.sock')).toBe('Docker is not available: permission denied on /var/run/docker.sock (add this user to the "docker" group)');
    expect(unavailableReason(new Error('(HTTP code 500) server error'), 'x')).toBe('Docker is not available at x: (HTTP code 500) server error');
  });

  it('gives up on a ping that never answers', async () => {
    const fake = new FakeDocker();
    fake.hang = true;
    const { health } = make(fake, { pingTimeoutMs: 50 });
    expect(await health.check()).toBe(false);
    expect(health.availability()).toEqual({ available: false, reason: 'Docker is not available at /var/run/docker.sock: Docker did not answer a ping within 50 ms' });
  });

  it('polls with backoff while Docker is down, slowly while up, and at once after a job failure', async () => {
    vi.useFakeTimers();
    const fake = new FakeDocker();
    fake.up = false;
    const { health, onAvailable } = make(fake);
    await health.check();
    health.start();
    expect(fake.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(1_300); // ~1 s (±25 %)
    expect(fake.pings).toBe(2);
    await vi.advanceTimersByTimeAsync(2_600); // ~2 s
    expect(fake.pings).toBe(3);
    fake.up = true;
    await vi.advanceTimersByTimeAsync(5_100); // ~4 s
    expect(fake.pings).toBe(4);
    expect(health.available).toBe(true);
    expect(onAvailable).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(25_000); // up: every 30 s
    expect(fake.pings).toBe(4);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(fake.pings).toBe(5);
    fake.up = false;
    health.reportFailure();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.pings).toBe(6);
    expect(health.available).toBe(false);
    health.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.pings).toBe(6);
  });

  it('shares one probe between callers that ask at the same time', async () => {
    const fake = new FakeDocker();
    const { health } = make(fake);
    await Promise.all([health.check(), health.check(), health.check()]);
    expect(fake.pings).toBe(1);
  });
});
