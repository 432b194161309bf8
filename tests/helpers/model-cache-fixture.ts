// A ModelCache in a fresh directory with fast retries, its events and log recorded, plus the
// things model cache tests keep needing: random model bytes with their hash, and a file system
// that runs out of space after a number of bytes.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelCache, type ModelCacheOptions } from '../../src-main/agent/models/model-cache';
import { ModelFetchError } from '../../src-main/agent/models/model-store';
import { nodeModelFs, type ModelFs } from '../../src-main/agent/models/model-fs';
import type { DownloadEvent, RuntimeEvent } from '../../src-main/agent/runtimes/runtime-events';
import { createTestLogger, type TestLogger } from './test-logger';

export const MIB = 1024 * 1024;

export interface CacheFixture {
  cache: ModelCache;
  events: RuntimeEvent[];
  log: TestLogger;
  downloads(): DownloadEvent[];
}

export function tempCacheDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'island-models-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeCache(dir: string, over: Partial<ModelCacheOptions> = {}): CacheFixture {
  const events: RuntimeEvent[] = [];
  const log = createTestLogger({ module: 'models' });
  const cache = new ModelCache({
    dir,
    maxBytes: 64 * MIB,
    log,
    events: (e) => events.push(e),
    retries: 3,
    backoff: { initialMs: 10, maxMs: 40 },
    idleTimeoutMs: 5_000,
    ...over,
  });
  return { cache, events, log, downloads: () => events.filter((e): e is DownloadEvent => e.type === 'download') };
}

export function model(bytes: number): { bytes: Buffer; sha256: string } {
  const b = randomBytes(bytes);
  return { bytes: b, sha256: createHash('sha256').update(b).digest('hex') };
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** node:fs/promises, except that writes to `*.tmp` files fail with ENOSPC once `capacity` bytes were written. */
export function fullDiskFs(capacity: number): ModelFs & { written(): number } {
  let written = 0;
  const open = async (file: string, flags?: string | number): Promise<FileHandle> => {
    const handle = await fsp.open(file, flags);
    if (!String(file).endsWith('.tmp') || flags === 'r') return handle;
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'writev') {
          return async (buffers: Uint8Array[], position?: number) => {
            const n = buffers.reduce((s, b) => s + b.length, 0);
            if (written + n > capacity) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
            written += n;
            return target.writev(buffers, position);
          };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  };
  return { ...nodeModelFs, open: open as ModelFs['open'], written: () => written };
}

/** The ModelFetchError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function fetchFailure(p: Promise<unknown>): Promise<ModelFetchError> {
  const err = await p.then(
    () => new Error('expected a ModelFetchError, but it succeeded'),
    (e: unknown) => e,
  );
  if (!(err instanceof ModelFetchError)) throw err instanceof Error ? err : new Error(String(err));
  return err;
}
