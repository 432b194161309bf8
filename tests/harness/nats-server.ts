// Starts Debian's real nats-server for integration tests, benchmarks and the demo.
// Loopback only; the server picks its own port (`-p -1`) and we read it from its log, which avoids
// the race of "find a free port, then hope nobody takes it". restart() reuses that port and the
// store dir, so JetStream streams and consumers survive it like they survive a production restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK, waitForPort } from './net';
import { findBinary } from './services';

export interface NatsServerOptions {
  /** Start with `-js` (default true). */
  jetstream?: boolean;
  /** JetStream store dir; default a fresh temp dir, removed by stop(). */
  storeDir?: string;
  /** Fixed port; default: one the server picks. */
  port?: number;
  /** Path to the binary; default: found on PATH or in sbin. */
  binary?: string;
  /** How long to wait for "Server is ready" (default 15 s). */
  readyTimeoutMs?: number;
  /** Pass `-D` (debug log) for diagnosing a test. */
  debug?: boolean;
  /** More command-line options (TLS, users, a monitoring port). */
  extraArgs?: string[];
}

export interface NatsServerHandle {
  /** `nats://127.0.0.1:<port>`; stable across restart(). */
  readonly url: string;
  readonly port: number;
  /** Pid of the current process (changes on restart). */
  readonly pid: number;
  readonly storeDir: string;
  readonly running: boolean;
  /** The captured server log (last lines), for assertion messages. */
  log(): string;
  /** SIGTERM, wait for exit, remove the temp store dir if we made it. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait; keeps the store dir so restart() can recover from it. */
  kill(): Promise<void>;
  /** Stop (SIGTERM) if running, then start again on the same port and store dir. */
  restart(): Promise<void>;
}

const LOG_LINES_KEPT = 1000;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const server = new NatsServerProcess(opts);
  try {
    await server.start();
  } catch (err) {
    // A server that hung instead of exiting is still running; and the temp dir is ours to remove.
    await server.stop();
    throw err;
  }
  return server;
}

class NatsServerProcess implements NatsServerHandle {
  readonly storeDir: string;
  private readonly ownsStoreDir: boolean;
  private readonly binary: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private lines: string[] = [];
  private boundPort: number | null;

  constructor(private readonly opts: NatsServerOptions) {
    const bin = opts.binary ?? findBinary('nats-server');
    if (!bin) throw new Error('nats-server not found; install it with: apt-get install nats-server');
    this.binary = bin;
    this.ownsStoreDir = opts.storeDir === undefined;
    this.storeDir = opts.storeDir ?? mkdtempSync(join(tmpdir(), 'island-nats-'));
    this.boundPort = opts.port ?? null;
  }

  get port(): number {
    if (this.boundPort === null) throw new Error('nats-server has not started yet');
    return this.boundPort;
  }
  get url(): string {
    return `nats://${LOOPBACK}:${this.port}`;
  }
  get pid(): number {
    return this.child?.pid ?? -1;
  }
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.lines.join('\n');
  }

  async start(): Promise<void> {
    if (this.running) throw new Error('nats-server is already running');
    const args = ['-a', LOOPBACK, '-p', String(this.boundPort ?? -1)];
    if (this.opts.jetstream ?? true) args.push('-js', '-sd', this.storeDir);
    if (this.opts.debug) args.push('-D');
    args.push(...(this.opts.extraArgs ?? []));
    this.note(`$ ${this.binary} ${args.join(' ')}`);

    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    installExitHook();
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.note(`(nats-server exited: code ${code}, signal ${signal})`);
        resolve();
      });
    });

    const ready = this.waitForReady(child);
    pipeLines(child, (line) => this.note(line));
    const port = await ready;
    this.boundPort = port;
    // The log line comes after the listener is up, but check the socket anyway: it is cheap and
    // it is what a client will actually need.
    await waitForPort(port, 2000, `nats-server on 127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
    if (this.ownsStoreDir) rmSync(this.storeDir, { recursive: true, force: true });
  }

  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.terminate('SIGTERM');
    await this.start();
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  private waitForReady(child: ChildProcess): Promise<number> {
    const timeoutMs = this.opts.readyTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      let port: number | null = null;
      const fail = (why: string): void => {
        cleanup();
        reject(new Error(`nats-server did not start: ${why}\n--- nats-server log ---\n${this.log()}`));
      };
      const onLine = (line: string): void => {
        const m = /Listening for client connections on [\d.]+:(\d+)/.exec(line);
        if (m?.[1]) port = Number(m[1]);
        if (line.includes('Server is ready')) {
          cleanup();
          if (port === null) reject(new Error(`nats-server is ready but logged no client port\n${this.log()}`));
          else resolve(port);
        }
      };
      const onExit = (code: number | null): void => fail(`exited with code ${code} before it was ready`);
      const onError = (err: Error): void => fail(err.message);
      const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.lineListeners.delete(onLine);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      this.lineListeners.add(onLine);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  }

  private readonly lineListeners = new Set<(line: string) => void>();

  private note(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.splice(0, this.lines.length - LOG_LINES_KEPT);
    for (const l of this.lineListeners) l(line);
  }
}

function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  }
}

// A test runner that dies mid-test must not leave servers behind holding ports and temp dirs.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}
