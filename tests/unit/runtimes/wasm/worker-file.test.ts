// Where the job worker's entry file is found: next to the bundle (dist/wasm-worker.mjs, the
// second esbuild entry point) or next to the source (wasm-worker.ts, run by Node's type stripping).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findWorkerFile } from '../../../../src-main/agent/runtimes/wasm/worker-file';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findWorkerFile', () => {
  it('prefers the bundled worker beside the bundle, then the source file, else none', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'worker-file-'));
    const from = pathToFileURL(path.join(dir, 'cli.mjs')).href;
    expect(findWorkerFile(from)).toBeNull();
    writeFileSync(path.join(dir, 'wasm-worker.ts'), '');
    expect(findWorkerFile(from)).toBe(path.join(dir, 'wasm-worker.ts'));
    writeFileSync(path.join(dir, 'wasm-worker.mjs'), '');
    expect(findWorkerFile(from)).toBe(path.join(dir, 'wasm-worker.mjs'));
  });

  it('finds the source worker when run from source', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'worker-file-'));
    expect(findWorkerFile()).toMatch(/src-main\/agent\/runtimes\/wasm\/wasm-worker\.ts$/);
  });
});
