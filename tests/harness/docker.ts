// The real Docker engine for tests and benchmarks: finding it (a failure under CI=true, a loud skip
// elsewhere), building tiny test images FROM scratch with Debian's static busybox (nothing is ever
// pulled), listing containers by label, and a socket proxy that can make Docker "go away" and
// "come back" without touching the machine's dockerd, which other people use.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { createDockerClient, dockerEndpoint } from '../../src-main/agent/runtimes/container/docker-client';
import { findBinary } from './services';

/** DOCKER_HOST as the Island would read it (tests may point elsewhere). */
export function testDockerHost(): string | undefined {
  return process.env.DOCKER_HOST?.trim() || undefined;
}

export function testDockerClient(): Docker {
  return createDockerClient(testDockerHost());
}

/**
 * A client for a dockerd that answers, or — when there is none — an Error under `CI=true` and
 * otherwise `null` after a loud warning, for `describe.skipIf(!docker)`.
 */
export async function requireDocker(neededBy = 'the container tests'): Promise<Docker | null> {
  const docker = testDockerClient();
  try {
    await Promise.race([docker.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5_000).unref())]);
    return docker;
  } catch (err) {
    const message =
      `Docker is not reachable (${err instanceof Error ? err.message : String(err)}), needed by ${neededBy}; ` +
      'install it with: apt-get install docker.io, then start it: setsid dockerd &';
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING: ${message}\n!! (under CI=true this is a failure, not a skip)\n${'!'.repeat(78)}\n`);
    return null;
  }
}

/** Debian's busybox-static; a dynamically linked busybox cannot run FROM scratch. */
export function staticBusybox(): string {
  const bin = findBinary('busybox');
  if (!bin) throw new Error('busybox not found; install it with: apt-get install busybox-static');
  if (hasInterpreter(readFileSync(bin))) {
    throw new Error(`${bin} is dynamically linked and cannot run in a FROM scratch image; install busybox-static instead`);
  }
  return bin;
}

/** An ELF64 little-endian executable with a PT_INTERP program header is dynamically linked. */
function hasInterpreter(elf: Buffer): boolean {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const size = elf.readUInt16LE(0x36);
  const count = elf.readUInt16LE(0x38);
  for (let i = 0; i < count; i += 1) if (elf.readUInt32LE(phoff + i * size) === 3) return true;
  return false;
}

export interface TestImageOptions {
  /** USER of the image (default 65534:65534, nobody). */
  user?: string;
  /** VOLUME lines of the Dockerfile. */
  volumes?: string[];
  /** ENTRYPOINT (default ["/bin/sh", "/run.sh"]). */
  entrypoint?: string[];
  /** The engine to build in (default: testDockerClient()). */
  docker?: Docker;
}

const HASH_LABEL = 'io.archipelag.test.hash';

/**
 * Builds `tag`: FROM scratch, busybox installed in /bin, `script` as /run.sh, run by /bin/sh.
 * An image already built from the same script and busybox is reused. The engine is `opts.docker`
 * or testDockerClient(); it may also come first: buildTestImage(docker, tag, script).
 */
export async function buildTestImage(tag: string, script: string, opts?: TestImageOptions): Promise<string>;
export async function buildTestImage(docker: Docker, tag: string, script: string, opts?: TestImageOptions): Promise<string>;
export async function buildTestImage(...args: [string, string, TestImageOptions?] | [Docker, string, string, TestImageOptions?]): Promise<string> {
  const tagFirst = typeof args[0] === 'string';
  const opts = ((tagFirst ? args[2] : args[3]) as TestImageOptions | undefined) ?? {};
  const docker = tagFirst ? (opts.docker ?? testDockerClient()) : (args[0] as Docker);
  const tag = (tagFirst ? args[0] : args[1]) as string;
  const script = (tagFirst ? args[1] : args[2]) as string;
  const busybox = staticBusybox();
  const user = opts.user ?? '65534:65534';
  const dockerfile = [
    'FROM scratch',
    'COPY busybox /bin/busybox',
    'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    'COPY run.sh /run.sh',
    ...(opts.volumes ?? []).map((v) => `VOLUME ${v}`),
    `USER ${user}`,
    `ENTRYPOINT ${JSON.stringify(opts.entrypoint ?? ['/bin/sh', '/run.sh'])}`,
  ].join('\n');
  const hash = createHash('sha256').update(dockerfile).update(script).update(readFileSync(busybox)).digest('hex').slice(0, 16);
  const existing = await docker
    .getImage(tag)
    .inspect()
    .catch(() => null);
  if (existing?.Config?.Labels?.[HASH_LABEL] === hash) return tag;

  const dir = mkdtempSync(path.join(tmpdir(), 'island-test-image-'));
  try {
    copyFileSync(busybox, path.join(dir, 'busybox'));
    writeFileSync(path.join(dir, 'run.sh'), script);
    writeFileSync(path.join(dir, 'Dockerfile'), `${dockerfile}\nLABEL ${HASH_LABEL}=${hash}\n`);
    const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', 'busybox', 'run.sh'] }, { t: tag, rm: true, forcerm: true });
    const output = await new Promise<Array<{ error?: string; stream?: string }>>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, res: Array<{ error?: string }>) => (err ? reject(err) : resolve(res))),
    );
    const failure = output.find((o) => o.error);
    if (failure) throw new Error(`building ${tag} failed: ${failure.error}`);
    // The build it replaces is now untagged: drop it rather than leave a dangling image per change.
    if (existing?.Config?.Labels?.[HASH_LABEL]) await docker.getImage(existing.Id).remove().catch(() => undefined);
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Containers (running or not) carrying all `labels` (`key` or `key=value`). */
export async function listContainersByLabel(docker: Docker, labels: string | string[]): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: Array.isArray(labels) ? labels : [labels] } });
}

export async function removeContainersByLabel(docker: Docker, labels: string | string[]): Promise<number> {
  const found = await listContainersByLabel(docker, labels);
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return found.length;
}

export interface DockerProxy {
  /** `unix://<socket>`: give it to the Island as its DOCKER_HOST. */
  readonly dockerHost: string;
  readonly socketPath: string;
  readonly listening: boolean;
  /** Docker "comes back". */
  start(): Promise<void>;
  /** Docker "goes away": stops listening and cuts every open connection. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Unix socket that forwards to the real engine while started. Created stopped: nothing listens
 * at `dockerHost` until start().
 */
export function createDockerProxy(target: string | undefined = testDockerHost()): DockerProxy {
  const endpoint = dockerEndpoint(target);
  if (endpoint.kind !== 'socket') throw new Error('the Docker proxy forwards to a Unix socket only');
  const dir = mkdtempSync(path.join(tmpdir(), 'island-docker-proxy-'));
  const socketPath = path.join(dir, 'docker.sock');
  const sockets = new Set<Socket>();
  let server: Server | null = null;

  const onConnection = (client: Socket) => {
    const upstream = createConnection(endpoint.socketPath);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };

  const proxy: DockerProxy = {
    dockerHost: `unix://${socketPath}`,
    socketPath,
    get listening() {
      return server !== null;
    },
    start: () =>
      new Promise<void>((resolve, reject) => {
        if (server) return resolve();
        rmSync(socketPath, { force: true });
        const s = createServer({ allowHalfOpen: true }, onConnection);
        s.once('error', reject);
        s.listen(socketPath, () => {
          server = s;
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = null;
        for (const sock of sockets) sock.destroy();
        if (!s) return resolve();
        s.close(() => resolve());
      }),
    close: async () => {
      await proxy.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return proxy;
}
