import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { DockerPuller, PullAbortedError } from '../../../../src-main/agent/runtimes/images/docker-pull';
import type { RuntimeEvent } from '../../../../src-main/agent/runtimes/runtime-events';
import { createTestLogger } from '../../../helpers/test-logger';

// Just enough of dockerode for the puller: createImage hands back a stream the test writes
// Docker's JSON lines into, and followProgress is dockerode's real one.
function fakeDocker() {
  const calls: { auth: unknown; opts: Record<string, unknown>; stream: PassThrough }[] = [];
  const docker = {
    createImage: async (auth: unknown, opts: Record<string, unknown>) => {
      const stream = new PassThrough();
      calls.push({ auth, opts, stream });
      (opts.abortSignal as AbortSignal | undefined)?.addEventListener('abort', () => stream.destroy(new Error('aborted')));
      return stream;
    },
    modem: {
      followProgress(stream: NodeJS.ReadableStream, done: (err: Error | null, out: unknown[]) => void, onProgress: (m: unknown) => void) {
        let buf = '';
        stream.on('data', (d: Buffer) => {
          buf += d.toString();
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line) onProgress(JSON.parse(line));
          }
        });
        stream.on('error', (e: Error) => done(e, []));
        stream.on('end', () => done(null, []));
      },
    },
  } as unknown as Dockerode;
  return { docker, calls };
}

const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('DockerPuller', () => {
  it('pulls a tag (never an empty tag), with progress events and auth', async () => {
    const { docker, calls } = fakeDocker();
    const events: RuntimeEvent[] = [];
    const puller = new DockerPuller(docker, (e) => events.push(e), createTestLogger());
    const done = puller.pull({ ref: 'r/x:latest', repository: 'r/x', tagOrDigest: 'latest', auth: { username: 'u', password: 'p', serveraddress: 'r' } }, new AbortController().signal);
    await tick();
    expect(calls[0]!.opts).toMatchObject({ fromImage: 'r/x', tag: 'latest' });
    expect(calls[0]!.auth).toEqual({ username: 'u', password: 'p', serveraddress: 'r' });
    calls[0]!.stream.end(line({ status: 'Downloading', id: 'l1', progressDetail: { current: 5, total: 10 } }) + line({ status: 'Pull complete', id: 'l1' }));
    await done;
    expect(events.map((e) => (e as { phase: string }).phase)).toEqual(['started', 'progress', 'done']);
    expect(events.at(-1)).toEqual({ type: 'image-pull', image: 'r/x:latest', phase: 'done', currentBytes: 10, totalBytes: 10 });
  });

  it('one pull per image: a second job shares the pull under way', async () => {
    const { docker, calls } = fakeDocker();
    const puller = new DockerPuller(docker, () => undefined, createTestLogger());
    const req = { ref: 'r/x:1', repository: 'r/x', tagOrDigest: '1' };
    const a = puller.pull(req, new AbortController().signal);
    const b = puller.pull(req, new AbortController().signal);
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.stream.end();
    await Promise.all([a, b]);
  });

  it('a cancelled job stops waiting, the pull goes on for the other; when nobody waits it is aborted', async () => {
    const { docker, calls } = fakeDocker();
    const events: RuntimeEvent[] = [];
    const puller = new DockerPuller(docker, (e) => events.push(e), createTestLogger());
    const req = { ref: 'r/x:1', repository: 'r/x', tagOrDigest: '1' };
    const ca = new AbortController();
    const cb = new AbortController();
    const a = puller.pull(req, ca.signal);
    const b = puller.pull(req, cb.signal);
    await tick();
    ca.abort();
    await expect(a).rejects.toBeInstanceOf(PullAbortedError);
    expect(calls[0]!.stream.destroyed).toBe(false);
    cb.abort();
    await expect(b).rejects.toBeInstanceOf(PullAbortedError);
    await tick();
    expect(calls[0]!.stream.destroyed).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'failed', error: 'pull aborted' });
    // A later job starts a fresh pull.
    const c = puller.pull(req, new AbortController().signal);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.stream.end();
    await c;
  });

  it('Docker\'s error in the stream fails the pull with its message', async () => {
    const { docker, calls } = fakeDocker();
    const events: RuntimeEvent[] = [];
    const puller = new DockerPuller(docker, (e) => events.push(e), createTestLogger());
    const p = puller.pull({ ref: 'r/x:1', repository: 'r/x', tagOrDigest: '1' }, new AbortController().signal);
    await tick();
    calls[0]!.stream.end(line({ errorDetail: { message: 'manifest for r/x:1 not found' }, error: 'x' }));
    await expect(p).rejects.toThrow('manifest for r/x:1 not found');
    expect(events.at(-1)).toMatchObject({ phase: 'failed', error: 'manifest for r/x:1 not found' });
  });
});
