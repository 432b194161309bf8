// A dockerd of a test's own, for fault tests that stop, restart or crash the engine: the machine's
// dockerd (/var/run/docker.sock) is shared with everyone else's tests and must never be touched.
// It runs with its own data root, exec root (and so its own managed containerd), pidfile and
// socket, as root, in a network namespace of its own (`unshare --net`): a dockerd started with
// `--bridge=none` deletes any `docker0` it can see, and the machine's dockerd needs its docker0.
// Its containers get no network (no bridge, no iptables); clients reach it through its Unix socket,
// which a network namespace does not hide. Everything lives under one short /tmp/island-pd-XXXXXX
// folder: Unix socket paths must stay under 108 bytes.
// stop() kills what is left (dockerd, its containerd, container shims), unmounts what dockerd
// mounted there and removes the folder; a test runner that died without stop() is cleaned up after
// by the next start (its folder names the runner's pid) and, where Node still can, at exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Docker from 'dockerode';
import { requireBinary } from './services';

export interface PrivateDockerd {
  /** The engine's socket (`<dir>/docker.sock`). */
  readonly socketPath: string;
  /** `unix://<socketPath>`: DOCKER_HOST for an Island. */
  readonly dockerHost: string;
  readonly docker: Docker;
  /** dockerd's pid (a new one after restart()). */
  readonly pid: number;
  /** As `systemctl restart docker` does: SIGTERM, wait for the exit, start again, wait until it answers. */
  restart(): Promise<void>;
  /** Stops the engine and everything it started, unmounts and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** The engine's log so far (both runs after a restart), for failure messages. */
  log(): string;
}

export interface PrivateDockerdOptions {
  /** How long start-up may take (default 60 s: a loaded 2-core machine). */
  readyTimeoutMs?: number;
}

const DIR_PREFIX = '/tmp/island-pd-';
const MARKER = 'island-private-dockerd';
const LOG_LINES_KEPT = 2000;
const live = new Set<PrivateDockerdProcess>();
let exitHookInstalled = false;

/**
 * Whether a private dockerd can be started here: dockerd and containerd are installed and this is
 * root. Under CI=true a missing piece is an Error; elsewhere a loud warning and false (skip).
 */
export function privateDockerdAvailable(neededBy: string): boolean {
  const bins = [
    ...['dockerd', 'containerd'].map((name) => requireBinary(name, { neededBy, aptPackage: 'docker.io' })),
    requireBinary('unshare', { neededBy, aptPackage: 'util-linux' }),
  ];
  if (bins.some((b) => b === null)) return false;
  if (process.getuid?.() === 0) return true;
  const message = `a private dockerd needs root (needed by ${neededBy}); run the tests as root, as .ci/run does`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING: ${message}\n!! (under CI=true this is a failure, not a skip)\n${'!'.repeat(78)}\n`);
  return false;
}

/** Starts a private dockerd and waits until it answers; a failure names its log. */
export async function startPrivateDockerd(opts: PrivateDockerdOptions = {}): Promise<PrivateDockerd> {
  sweepAbandoned();
  const d = new PrivateDockerdProcess(opts.readyTimeoutMs ?? 60_000);
  live.add(d);
  installExitHook();
  try {
    await d.start();
  } catch (err) {
    await d.stop();
    throw err;
  }
  return d;
}

class PrivateDockerdProcess implements PrivateDockerd {
  readonly dir: string;
  readonly socketPath: string;
  readonly dockerHost: string;
  readonly docker: Docker;
  private readonly binary: string;
  private readonly unshare: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private lines: string[] = [];
  private stopped = false;

  constructor(private readonly readyTimeoutMs: number) {
    const bin = requireBinary('dockerd', { aptPackage: 'docker.io' });
    if (!bin) throw new Error('dockerd not found; install it with: apt-get install docker.io');
    this.binary = bin;
    const unshare = requireBinary('unshare', { aptPackage: 'util-linux' });
    if (!unshare) throw new Error('unshare not found; install it with: apt-get install util-linux');
    this.unshare = unshare;
    this.dir = mkdtempSync(DIR_PREFIX);
    writeFileSync(path.join(this.dir, MARKER), `${process.pid}\n`);
    // The machine's /etc/docker/daemon.json (hosts, data-root, ...) must not leak into this engine.
    writeFileSync(path.join(this.dir, 'daemon.json'), '{}\n');
    this.socketPath = path.join(this.dir, 'docker.sock');
    this.dockerHost = `unix://${this.socketPath}`;
    this.docker = new Docker({ socketPath: this.socketPath });
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  private get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.lines.join('\n');
  }

  async start(): Promise<void> {
    const bridgesBefore = hostBridges();
    const d = this.dir;
    const args = [
      '--config-file', path.join(d, 'daemon.json'),
      '--data-root', path.join(d, 'data'),
      '--exec-root', path.join(d, 'exec'),
      '--pidfile', path.join(d, 'dockerd.pid'),
      '-H', this.dockerHost,
      '--bridge=none', '--iptables=false', '--ip6tables=false', '--ip-masq=false', '--ip-forward=false', '--userland-proxy=false',
    ];
    // unshare execs dockerd in place (no fork), so the child's pid is dockerd's.
    const command = ['--net', '--', this.binary, ...args];
    this.note(`$ ${this.unshare} ${command.join(' ')}`);
    const child = spawn(this.unshare, command, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.note(`(dockerd exited: code ${code}, signal ${signal})`);
        resolve();
      });
    });
    pipeLines(child, (line) => this.note(line));
    child.once('error', (err) => this.note(`(dockerd could not be started: ${err.message})`));
    await this.waitForAnswer(child);
    // The machine's dockerd must keep its bridge: say so loudly if this engine took it away.
    const gone = bridgesBefore.filter((b) => !hostBridges().includes(b));
    if (gone.length > 0) throw this.failure(`the machine's network bridge(s) ${gone.join(', ')} disappeared when it started`);
  }

  async restart(): Promise<void> {
    await this.terminate(60_000);
    await this.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    if (this.running) {
      // Containers left running would each cost the engine its 10 s stop timeout at shutdown.
      await removeAllContainers(this.docker).catch(() => undefined);
      await this.terminate(30_000);
    }
    cleanUpDir(this.dir);
  }

  /** Synchronous last resort at process exit: no time to wait for a graceful shutdown. */
  killNow(): void {
    if (this.running) this.child?.kill('SIGKILL');
    cleanUpDir(this.dir);
  }

  private async terminate(timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    // dockerd stops its managed containerd on the way out; wait for that too, or the next start
    // finds the old one still holding the exec root.
    await waitForExit(pidFromFile(path.join(this.dir, 'exec', 'containerd', 'containerd.pid')), 10_000);
  }

  private async waitForAnswer(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw this.failure('it exited before it answered');
      try {
        await withTimeout(this.docker.ping(), 2_000);
        return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw this.failure(`no answer on ${this.socketPath} after ${this.readyTimeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private failure(why: string): Error {
    const tail = this.lines.slice(-60).join('\n');
    return new Error(`the private dockerd did not start: ${why}\n--- its log (last 60 lines; ${this.dir} is removed) ---\n${tail}`);
  }

  private note(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.splice(0, this.lines.length - LOG_LINES_KEPT);
  }
}

async function removeAllContainers(docker: Docker): Promise<void> {
  const all = await withTimeout(docker.listContainers({ all: true }), 10_000);
  await Promise.all(all.map((c) => withTimeout(docker.getContainer(c.Id).remove({ force: true, v: true }), 15_000).catch(() => undefined)));
}

/**
 * Kills whatever of this folder's engine still runs (dockerd, containerd, shims: each by pid,
 * checked to belong to this folder), unmounts what is mounted under it, and removes it.
 */
function cleanUpDir(dir: string): void {
  for (const pid of [...processesUsing(dir), ...containerProcesses(dir)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const mounts = mountPointsUnder(dir).sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

/** Pids whose command line names `dir` (dockerd, its containerd, containerd-shim-runc-v2). */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const argv = cmdline.split('\0');
    const exe = path.basename(argv[0] ?? '');
    if (!/^(dockerd|containerd|containerd-shim.*)$/.test(exe)) continue;
    if (argv.some((a) => a === dir || a.startsWith(`${dir}/`) || a.includes(`${dir}/`))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Processes still inside this engine's containers (their shims are gone with the engine, but the
 * processes are not), found through each container's cgroup (cgroupfs driver, v1 or v2).
 */
function containerProcesses(dir: string): number[] {
  let ids: string[];
  try {
    ids = readdirSync(path.join(dir, 'data', 'containers'));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const id of ids) {
    for (const base of ['/sys/fs/cgroup/pids/docker', '/sys/fs/cgroup/memory/docker', '/sys/fs/cgroup/docker']) {
      try {
        for (const p of readFileSync(path.join(base, id, 'cgroup.procs'), 'utf8').split('\n')) if (/^\d+$/.test(p)) pids.push(Number(p));
      } catch {
        // not this hierarchy, or already gone
      }
    }
  }
  return [...new Set(pids)];
}

/** The network bridges of the machine (this process's network namespace). */
function hostBridges(): string[] {
  try {
    return readdirSync('/sys/class/net').filter((n) => existsSync(`/sys/class/net/${n}/bridge`));
  } catch {
    return [];
  }
}

function mountPointsUnder(dir: string): string[] {
  let info: string;
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return info
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
}

/** Folders of runners that died without stop(): their engines are ended and the folders removed. */
function sweepAbandoned(): void {
  let entries: string[];
  try {
    entries = readdirSync('/tmp').filter((e) => e.startsWith(path.basename(DIR_PREFIX)));
  } catch {
    return;
  }
  for (const e of entries) {
    const dir = path.join('/tmp', e);
    const marker = path.join(dir, MARKER);
    const owner = pidFromFile(marker);
    if (!existsSync(marker) || (owner !== null && isAlive(owner))) continue;
    cleanUpDir(dir);
  }
}

function pidFromFile(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number | null, timeoutMs: number): Promise<void> {
  if (pid === null) return;
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', onLine);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const d of live) d.killNow();
  });
}
