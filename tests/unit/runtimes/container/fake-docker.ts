// A scriptable stand-in for dockerode, for the fault paths a real engine cannot be made to take on
// cue in a unit test: Docker signalling a container from outside (dockerd shutting down, `docker
// stop`), the engine dying mid-job, removals failing while it is away. It speaks the same shapes
// the runner reads: the multiplexed attach stream, `GET /events` JSON lines, wait and inspect.
import { Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';

export function errno(code: string, socket = '/fake/docker.sock'): NodeJS.ErrnoException {
  const e = new Error(`connect ${code} ${socket}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** One frame of Docker's multiplexed attach stream (1 = stdout, 2 = stderr). */
function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

export class FakeContainer {
  running = false;
  removed = false;
  exitCode: number | null = null;
  /** Signals the runner sent through kill(). */
  readonly kills: string[] = [];
  stdin = '';
  private attached: Duplex | null = null;
  private exited!: () => void;
  private readonly exitedOnce = new Promise<void>((r) => (this.exited = r));

  constructor(
    private readonly engine: FakeDocker,
    readonly id: string,
  ) {}

  async attach(): Promise<NodeJS.ReadWriteStream> {
    this.engine.check();
    this.attached = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer, _enc, cb) => {
        this.stdin += chunk.toString();
        cb();
      },
    });
    return this.attached as unknown as NodeJS.ReadWriteStream;
  }

  async start(): Promise<void> {
    this.engine.check();
    this.running = true;
    this.engine.event(this.id, 'start');
  }

  /** Never settles once the engine has crashed: dockerode's wait() does not on a dropped connection. */
  async wait(): Promise<{ StatusCode: number }> {
    this.engine.check();
    await this.exitedOnce;
    if (!this.engine.up) return new Promise(() => undefined);
    return { StatusCode: this.exitCode ?? 0 };
  }

  async inspect(): Promise<{ Id: string; State: { Running: boolean; ExitCode: number; OOMKilled: boolean } }> {
    this.engine.check();
    return { Id: this.id, State: { Running: this.running, ExitCode: this.exitCode ?? 0, OOMKilled: false } };
  }

  async kill(opts: { signal: string }): Promise<void> {
    this.engine.check();
    this.kills.push(opts.signal);
    this.engine.event(this.id, 'kill', { signal: opts.signal === 'SIGKILL' ? '9' : opts.signal });
    this.exit(137);
  }

  async remove(): Promise<void> {
    this.engine.check();
    if (this.running) this.exit(137);
    this.removed = true;
    this.engine.removedIds.push(this.id);
  }

  /** The Cargo writes a line on stdout. */
  print(text: string): void {
    this.attached?.push(frame(1, text));
  }

  /** The container stops with `code`: output ends, `die` is sent, wait() answers. */
  exit(code: number, opts: { dieEvent?: boolean } = {}): void {
    if (!this.running) return;
    this.running = false;
    this.exitCode = code;
    this.attached?.push(null);
    if (opts.dieEvent !== false) this.engine.event(this.id, 'die', { exitCode: String(code) });
    this.exited();
  }
}

export class FakeDocker {
  up = true;
  readonly containers: FakeContainer[] = [];
  readonly removedIds: string[] = [];
  private readonly streams = new Map<string, Set<PassThrough>>();
  private counter = 0;

  /** Throws as dockerode does when nothing listens on the socket. */
  check(): void {
    if (!this.up) throw errno('ENOENT');
  }

  asDocker(): Docker {
    return this as unknown as Docker;
  }

  async ping(): Promise<string> {
    this.check();
    return 'OK';
  }

  async info(): Promise<{ ServerVersion: string; Runtimes: Record<string, unknown> }> {
    this.check();
    return { ServerVersion: '20.10.24', Runtimes: { runc: {} } };
  }

  async listContainers(): Promise<unknown[]> {
    this.check();
    return [];
  }

  getImage(ref: string): { inspect: () => Promise<unknown> } {
    return {
      inspect: async () => {
        this.check();
        return { Id: `sha256:${ref.length.toString(16).padStart(64, '0')}`, RepoDigests: [], Config: {} };
      },
    };
  }

  async createContainer(): Promise<FakeContainer> {
    this.check();
    this.counter += 1;
    const c = new FakeContainer(this, `fake${this.counter}`);
    this.containers.push(c);
    return c;
  }

  getContainer(id: string): FakeContainer {
    const c = this.containers.find((x) => x.id === id);
    if (!c) throw new Error(`no fake container ${id}`);
    return c;
  }

  async getEvents(opts: { filters: { container: string[] } }): Promise<NodeJS.ReadableStream> {
    this.check();
    const id = opts.filters.container[0]!;
    const s = new PassThrough();
    const set = this.streams.get(id) ?? new Set();
    set.add(s);
    this.streams.set(id, set);
    s.on('close', () => set.delete(s));
    return s;
  }

  /** A container event as `GET /events` writes it. */
  event(id: string, action: string, attributes: Record<string, string> = {}): void {
    const line = `${JSON.stringify({ Type: 'container', Action: action, status: action, id, Actor: { ID: id, Attributes: { image: 'x', ...attributes } } })}\n`;
    for (const s of this.streams.get(id) ?? []) s.write(line);
  }

  /** dockerd stops the container as it does at shutdown or for `docker stop`: a kill, then the exit. */
  stopFromOutside(c: FakeContainer, signal: string, code: number): void {
    this.event(c.id, 'kill', { signal });
    c.exit(code);
  }

  /** dockerd dies (SIGKILL): every connection breaks, and nothing answers until `up` again. */
  crash(): void {
    this.up = false;
    for (const set of this.streams.values()) for (const s of set) s.destroy(new Error('aborted'));
    for (const c of this.containers) c.exit(137, { dieEvent: false });
  }
}
