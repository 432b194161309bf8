import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CacheBook } from '../../../../src-main/agent/runtimes/images/cache-book';
import { loadBook, saveBook } from '../../../../src-main/agent/runtimes/images/cache-file';
import { createTestLogger } from '../../../helpers/test-logger';

const limits = { maxImages: 20, maxBytes: 1e12, warmTtlMs: 3600_000 };

const root = mkdtempSync(join(tmpdir(), 'island-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('image-cache.json', () => {
  it('round-trips images, warm Cargos and verified signatures', async () => {
    const file = join(mkdtempSync(join(root, 'c-')), 'image-cache.json');
    const a = new CacheBook(limits, () => 1000);
    a.recordUse('sha256:a', ['r/x:1'], 42, true);
    a.recordRun('w', 'r/x:1');
    a.rememberVerified('sha256:d', 'k', 'f'.repeat(64));
    await saveBook(a, file);
    const b = new CacheBook(limits, () => 2000);
    await loadBook(b, file, createTestLogger());
    expect([...b.images.values()]).toEqual([...a.images.values()]);
    expect([...b.warm.values()]).toEqual([...a.warm.values()]);
    expect(b.verified.get('sha256:d')).toEqual({ keyId: 'k', fingerprint: 'f'.repeat(64), at: 1000 });
  });
  it('a corrupt file is moved aside with an error, not silently reset', async () => {
    const dir = mkdtempSync(join(root, 'c-'));
    const file = join(dir, 'image-cache.json');
    writeFileSync(file, '{"version":1,"images":[');
    const log = createTestLogger();
    const b = new CacheBook(limits);
    await loadBook(b, file, log);
    expect(b.images.size).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((n) => n.startsWith('image-cache.json.corrupt-'))).toBe(true);
    expect(log.has({ level: 'error', msg: /is unusable .* moved it to/ })).toBe(true);
  });
  it('a missing file is an empty cache, quietly', async () => {
    const log = createTestLogger();
    await loadBook(new CacheBook(limits), join(tmpdir(), 'does-not-exist', 'x.json'), log);
    expect(log.records).toEqual([]);
  });
});
