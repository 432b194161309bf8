// Turns Docker's per-layer pull messages into one byte count per image for the dashboard, at most
// a few updates a second: a pull of a large image sends thousands of messages, and each update
// crosses to the UI.

/** One JSON message of Docker's `/images/create` stream. */
export interface DockerPullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

export interface PullBytes {
  currentBytes: number;
  /** Sum of the layer sizes known so far; undefined until one is known. */
  totalBytes?: number;
}

const DONE_STATUSES = /^(Download complete|Pull complete|Already exists|Verifying Checksum)$/;

export class PullProgress {
  private readonly layers = new Map<string, { current: number; total: number | undefined }>();

  /** Folds a message in; returns true when the byte counts changed. */
  add(msg: DockerPullMessage): boolean {
    const id = msg.id;
    const status = msg.status ?? '';
    // Messages without a layer id (the "Pulling from", "Digest:", "Status:" lines) carry no bytes.
    if (!id || status.startsWith('Pulling from')) return false;
    const layer = this.layers.get(id) ?? { current: 0, total: undefined };
    const before = `${layer.current}/${layer.total}`;
    if (status === 'Downloading') {
      const { current, total } = msg.progressDetail ?? {};
      if (typeof total === 'number' && total > 0) layer.total = total;
      if (typeof current === 'number') layer.current = Math.max(layer.current, current);
    } else if (DONE_STATUSES.test(status) && layer.total !== undefined) {
      layer.current = layer.total;
    }
    this.layers.set(id, layer);
    return `${layer.current}/${layer.total}` !== before;
  }

  bytes(): PullBytes {
    let current = 0;
    let total = 0;
    let anyTotal = false;
    for (const layer of this.layers.values()) {
      current += layer.current;
      if (layer.total !== undefined) {
        total += layer.total;
        anyTotal = true;
      }
    }
    return anyTotal ? { currentBytes: current, totalBytes: total } : { currentBytes: current };
  }
}

/** Calls `fn` at most once per `intervalMs`; a request inside the interval is delayed, not dropped. */
export class Throttle {
  private last = -Infinity;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) {
      this.fire();
    } else if (!this.pending) {
      this.pending = setTimeout(() => this.fire(), wait);
      this.pending.unref();
    }
  }

  /** Drops a pending call (the caller reports the final state itself). */
  cancel(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }

  private fire(): void {
    this.cancel();
    this.last = this.now();
    this.fn();
  }
}

/** Docker's error message in a pull stream, if the stream reported one. */
export function pullStreamError(msg: DockerPullMessage): string | undefined {
  return msg.errorDetail?.message ?? msg.error;
}
