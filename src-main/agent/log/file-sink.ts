// The log file: size-capped and rotated by pino-roll (`island.1.log`, `island.2.log`, ...; the
// oldest beyond `keep` are deleted), written asynchronously so logging never blocks the event loop.
// pino-roll opens its stream asynchronously, so lines logged before it is ready are held and
// written in order once it is.
import path from 'node:path';
import pinoRoll from 'pino-roll';

export interface FileSinkOptions {
  /** Base path, e.g. `<home>/logs/island.log`; files are numbered before the extension. */
  path: string;
  maxBytes: number;
  /** Rotated files kept besides the one being written. */
  keep: number;
}

export interface FileSink {
  write(line: string): void;
  /** Resolves once every line written so far is on disk (or the sink has failed). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const MAX_HELD_LINES = 10_000;

export function createFileSink(options: FileSinkOptions, onError: (err: Error) => void): FileSink {
  const ext = path.extname(options.path);
  let held: string[] | undefined = [];
  let failed = false;
  let pendingBytes = 0;
  let waiters: (() => void)[] = [];
  let stream: Awaited<ReturnType<typeof pinoRoll>> | undefined;
  const settle = () => {
    if (pendingBytes > 0 && !failed) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const fail = (err: Error) => {
    if (failed) return;
    failed = true;
    held = undefined;
    onError(err);
    settle();
  };

  const ready = pinoRoll({
    file: options.path,
    extension: ext || '.log',
    size: `${Math.max(1, Math.floor(options.maxBytes))}b`,
    // `count` old files besides the one being written, counted over the whole directory so the
    // cap also holds across restarts.
    limit: { count: Math.max(1, options.keep), removeOtherLogFiles: true },
    mkdir: true,
  }).then(
    (opened) => {
      opened.on('write', (bytes) => {
        pendingBytes = Math.max(0, pendingBytes - bytes);
        settle();
      });
      opened.on('error', fail);
      const lines = held ?? [];
      held = undefined;
      stream = opened;
      for (const line of lines) opened.write(line);
      return opened;
    },
    (err: unknown) => {
      fail(err instanceof Error ? err : new Error(String(err)));
      return undefined;
    },
  );
  const flush = async () => {
    await ready;
    if (pendingBytes === 0 || failed) return;
    await new Promise<void>((resolve) => waiters.push(resolve));
  };

  return {
    write(line) {
      if (failed) return;
      pendingBytes += Buffer.byteLength(line);
      if (stream) stream.write(line);
      else if (held && held.length < MAX_HELD_LINES) held.push(line);
      else pendingBytes -= Buffer.byteLength(line);
    },
    flush,
    async close() {
      await flush();
      const s = await ready;
      if (!s || s.destroyed) return;
      if (failed) {
        s.destroy();
        return;
      }
      await new Promise<void>((resolve) => {
        s.once('close', resolve);
        s.end();
      });
    },
  };
}
