// A real image registry for integration tests: Debian's `docker-registry` (distribution 2.8) on
// 127.0.0.1, optionally behind htpasswd basic auth, plus helpers that build tiny busybox images
// `FROM scratch` and push them there through the real dockerd (requireDocker is in ./docker). 127.0.0.0/8 is an insecure
// registry by default, so Docker pushes and pulls over plain http without any daemon config.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { staticBusybox } from './docker';
import { LOOPBACK, freePort } from './net';
import { findBinary, requireBinary } from './services';

export interface RegistryLogin {
  username: string;
  password: string;
}

export interface RegistryHandle {
  /** `127.0.0.1:<port>`: the registry part of image references. */
  readonly host: string;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly login: RegistryLogin | null;
  /** The registry's log (stderr), for assertion messages. */
  log(): string;
  /** Stops the registry and removes its storage. Safe to call twice. */
  stop(): Promise<void>;
}

/** The registry binary, or null after a loud warning (an Error under CI). */
export function requireRegistryBinary(): string | null {
  return requireBinary('docker-registry', { neededBy: 'the image integration tests' });
}

/**
 * One htpasswd line with a bcrypt hash (the only scheme distribution accepts), made with the C
 * library's crypt(3) through perl: Debian's libxcrypt does bcrypt, `htpasswd` (apache2-utils) is
 * not installed, and Node has no bcrypt. Returns null when this system's crypt cannot do it.
 */
export function bcryptHtpasswdLine(login: RegistryLogin): string | null {
  const perl = findBinary('perl');
  if (!perl) return null;
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const salt = Array.from(randomBytes(22), (b) => alphabet[b % 64]).join('');
  const out = spawnSync(perl, ['-e', 'print crypt($ARGV[0], $ARGV[1])', login.password, `$2y$05$${salt}`], { encoding: 'utf8' });
  const hash = out.stdout?.trim() ?? '';
  return /^\$2[aby]\$05\$[./A-Za-z0-9]{53}$/.test(hash) ? `${login.username}:${hash}` : null;
}

export interface StartRegistryOptions {
  /** Require this login (htpasswd basic auth). */
  login?: RegistryLogin;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<RegistryHandle> {
  const bin = findBinary('docker-registry');
  if (!bin) throw new Error('docker-registry not found; install it with: apt-get install docker-registry');
  const dir = mkdtempSync(join(tmpdir(), 'island-registry-'));
  let auth = '';
  if (opts.login) {
    const line = bcryptHtpasswdLine(opts.login);
    if (!line) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('cannot make a bcrypt htpasswd entry here (perl crypt(3) without bcrypt)');
    }
    writeFileSync(join(dir, 'htpasswd'), `${line}\n`);
    auth = `auth:\n  htpasswd:\n    realm: island-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  // A free port is racy; a registry that loses the race exits at once, so try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      `version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: ${LOOPBACK}:${port}\n${auth}`,
    );
    try {
      return await launch(bin, config, port, dir, opts.login ?? null);
    } catch (err) {
      lastError = err;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function launch(bin: string, config: string, port: number, dir: string, login: RegistryLogin | null): Promise<RegistryHandle> {
  const child = spawn(bin, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  installExitHook();
  const lines: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    if (lines.length > 500) lines.splice(0, lines.length - 500);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      live.delete(child);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://${LOOPBACK}:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited at start: ${lines.slice(-5).join(' | ')}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not answer on ${url} within 15 s: ${lines.slice(-5).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { host: `${LOOPBACK}:${port}`, url, login, log: () => lines.join('\n'), stop: async () => { await stop(); } };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test run that dies must not leave registries behind.
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export interface PushedImage {
  /** `127.0.0.1:<port>/<repo>:<tag>`. */
  ref: string;
  /** `127.0.0.1:<port>/<repo>`. */
  repository: string;
  /** The manifest digest the registry holds (`sha256:…`). */
  digest: string;
  /** Docker's image id of the built image. */
  imageId: string;
}

export interface PushOptions {
  /** Keep the built image in the local Docker (default: remove it, so the Island must pull). */
  keepLocal?: boolean;
  /**
   * Add a layer of this many random bytes. Docker reports no per-byte progress for a layer that
   * downloads at once, so a test that wants progress events needs a layer of a few MB.
   */
  padBytes?: number;
}

/**
 * Builds `FROM scratch` + Debian's static busybox + `script` as `/run.sh` (the entrypoint), pushes
 * it to `registry` as `<repo>:<tag>` and returns its manifest digest. Each call makes a distinct
 * image (a random nonce in run.sh), so two pushes never share a digest or a top layer by accident.
 */
export async function pushTestImage(docker: Docker, registry: RegistryHandle, repo: string, tag: string, script: string, opts: PushOptions = {}): Promise<PushedImage> {
  const busybox = staticBusybox();
  const context = mkdtempSync(join(tmpdir(), 'island-image-'));
  const repository = `${registry.host}/${repo}`;
  const ref = `${repository}:${tag}`;
  try {
    copyFileSync(busybox, join(context, 'busybox'));
    // The nonce makes the run.sh layer unique, so a pull always downloads at least one layer.
    const nonce = randomBytes(8).toString('hex');
    writeFileSync(join(context, 'run.sh'), `${script.endsWith('\n') ? script : `${script}\n`}# ${nonce}\n`);
    if (opts.padBytes) writeFileSync(join(context, 'pad.bin'), randomBytes(opts.padBytes));
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
        'COPY run.sh /run.sh',
        ...(opts.padBytes ? ['COPY pad.bin /pad.bin'] : []),
        `LABEL io.archipelag.test.nonce="${nonce}"`,
        'USER 65534:65534',
        'ENTRYPOINT ["/bin/sh", "/run.sh"]',
        '',
      ].join('\n'),
    );
    const src = ['Dockerfile', 'busybox', 'run.sh', ...(opts.padBytes ? ['pad.bin'] : [])];
    const build = await docker.buildImage({ context, src }, { t: ref, rm: true, forcerm: true });
    await followOrThrow(docker, build, `build ${ref}`);
    const image = docker.getImage(ref);
    const { Id } = await image.inspect();
    const auth = dockerAuth(registry);
    const push = await image.push({ tag, ...(auth ? { authconfig: auth } : {}) });
    const events = await followOrThrow(docker, push, `push ${ref}`);
    const digest = events.map((e) => (e.aux as { Digest?: string } | undefined)?.Digest).find((d) => d !== undefined);
    if (!digest) throw new Error(`push ${ref} reported no digest`);
    if (!opts.keepLocal) await docker.getImage(Id).remove({ force: true });
    return { ref, repository, digest, imageId: Id };
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

type ProgressEvent = Record<string, unknown> & { error?: string; errorDetail?: { message?: string } };

async function followOrThrow(docker: Docker, stream: NodeJS.ReadableStream, what: string): Promise<ProgressEvent[]> {
  const events = await new Promise<ProgressEvent[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: ProgressEvent[]) => (err ? reject(err) : resolve(out)));
  });
  const failed = events.find((e) => e.error || e.errorDetail);
  if (failed) throw new Error(`${what} failed: ${failed.errorDetail?.message ?? failed.error}`);
  return events;
}

/** Removes every local image with a tag or digest in `registry` (test cleanup). */
export async function removeLocalImagesOf(docker: Docker, registry: RegistryHandle): Promise<void> {
  const images = await docker.listImages({ all: true });
  const prefix = `${registry.host}/`;
  for (const img of images) {
    const refs = [...(img.RepoTags ?? []), ...(img.RepoDigests ?? [])];
    if (refs.some((r) => r.startsWith(prefix))) {
      await docker
        .getImage(img.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
}

/** Credentials in the form Docker's API takes them. */
export function dockerAuth(registry: RegistryHandle): Docker.AuthConfig | undefined {
  return registry.login ? { username: registry.login.username, password: registry.login.password, serveraddress: registry.host } : undefined;
}
