// `<cache_dir>/models.json`: what the directory names cannot tell after a restart: the URI and
// URL an entry came from (for the dashboard), its verified SHA-256 (so a cached file is not
// re-hashed for every job that names a hash), and which file `hf://<repo>` resolved to (so a
// cached model is found without asking the Hugging Face API again, which the Rust Island did,
// §7.1 quirk). A top-level file: the Rust Island's scan reads subdirectories only.
// Losing it costs nothing but these facts, so a corrupt one is moved aside with a warning.
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import type { ModelFs } from './model-fs';
import { isErrno } from './model-fs';

const entrySchema = z.object({
  uri: z.string().nullable(),
  url: z.string().nullable(),
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});
const metaSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string().regex(/^[0-9a-f]{64}$/), entrySchema),
  resolved: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

export type EntryMeta = z.infer<typeof entrySchema>;
export type CacheMetaData = z.infer<typeof metaSchema>;

export const META_FILE = 'models.json';

export class CacheMeta {
  private data: CacheMetaData = { version: 1, entries: {}, resolved: {} };
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly fs: ModelFs,
    private readonly log: Logger,
  ) {}

  private get file(): string {
    return path.join(this.dir, META_FILE);
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file, 'utf8');
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) this.log.warn('cannot read the model cache index; continuing without it', { file: this.file, error: errorMessage(err) });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return this.moveAside(`not JSON (${errorMessage(err)})`);
    }
    const checked = metaSchema.safeParse(parsed);
    if (!checked.success) return this.moveAside(checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).slice(0, 3).join('; '));
    this.data = checked.data;
  }

  entry(key: string): EntryMeta | undefined {
    return this.data.entries[key];
  }

  resolvedKey(uri: string): string | undefined {
    return this.data.resolved[uri];
  }

  setEntry(key: string, meta: EntryMeta, resolvedFrom?: string): Promise<void> {
    this.data.entries[key] = meta;
    if (resolvedFrom !== undefined) this.data.resolved[resolvedFrom] = key;
    return this.save();
  }

  removeEntries(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return this.writing;
    const gone = new Set(keys);
    for (const k of keys) delete this.data.entries[k];
    for (const [uri, k] of Object.entries(this.data.resolved)) if (gone.has(k)) delete this.data.resolved[uri];
    return this.save();
  }

  /** Forgets what is not on disk any more (after the start-up scan). */
  retainOnly(keys: ReadonlySet<string>): Promise<void> {
    return this.removeEntries(Object.keys(this.data.entries).filter((k) => !keys.has(k)));
  }

  /** Writes are serialised and atomic (temp file + rename); a failure is logged, never thrown. */
  private save(): Promise<void> {
    const text = JSON.stringify(this.data);
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await this.fs.writeFile(tmp, text);
        await this.fs.rename(tmp, this.file);
      } catch (err) {
        this.log.warn('cannot write the model cache index', { file: this.file, error: errorMessage(err) });
        await this.fs.rm(tmp, { force: true }).catch(() => undefined);
      }
    });
    return this.writing;
  }

  private async moveAside(problem: string): Promise<void> {
    const aside = `${this.file}.corrupt-${Date.now()}`;
    this.log.warn('the model cache index is corrupt; moved it aside and rebuilt the cache from the files', { file: this.file, movedTo: aside, problem });
    await this.fs.rename(this.file, aside).catch((err: unknown) => this.log.warn('cannot move the corrupt index aside', { error: errorMessage(err) }));
  }
}
