// From a model URI to the URL to download, the file name to keep and the cache key (§7.1, §7.2).
// `hf://<repo>` asks the Hugging Face API for the repo's files and picks one by the Rust
// Island's rules; everything else is resolved without the network. The Hugging Face base URL is
// injectable (tests point it at a local server), and the token goes to Hugging Face hosts only.
import { createHash } from 'node:crypto';
import { chooseHfModelFile } from '../../../src-shared/domain/models/hf-file-choice';
import { isHuggingFaceUrl } from '../../../src-shared/domain/models/hf-hosts';
import { hfApiModelUrl, hfResolveUrl, isSafeRelativePath, parseModelUri, type ModelSource } from '../../../src-shared/domain/models/model-uri';
import { errorMessage } from '../../../src-shared/errors';
import { httpGet, NetworkError } from './http-get';
import { ModelFetchError } from './model-store';

export interface ResolvedModel {
  uri: string;
  /** Download URL, exactly as the cache key hashes it. */
  url: string;
  fileName: string;
  /** Lower-case hex SHA-256 of `url`. */
  key: string;
}

export interface ResolverOptions {
  hfBase: string;
  hfToken: string | undefined;
  userAgent: string;
  idleTimeoutMs: number;
}

const MAX_API_BODY = 8 * 1024 * 1024;

export function cacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

export class ModelResolver {
  private readonly base: URL;

  constructor(private readonly opts: ResolverOptions) {
    this.base = new URL(opts.hfBase);
  }

  /** `Bearer <token>` for Hugging Face URLs, nothing for any other. */
  readonly authorization = (url: URL): string | undefined =>
    this.opts.hfToken !== undefined && isHuggingFaceUrl(url, this.base) ? `Bearer ${this.opts.hfToken}` : undefined;

  parse(uri: string): ModelSource {
    const parsed = parseModelUri(uri);
    if (!parsed.ok) throw new ModelFetchError('bad-uri', parsed.error);
    return parsed.value;
  }

  /** The resolution when no network is needed (`hf://repo:file`, URLs), else null (`hf://repo`). */
  resolveOffline(uri: string): ResolvedModel | null {
    const source = this.parse(uri);
    switch (source.kind) {
      case 'url':
        return this.resolved(uri, source.url, source.fileName);
      case 'hf-file':
        return this.resolved(uri, hfResolveUrl(this.opts.hfBase, source.repo, source.file), source.file);
      case 'hf-repo':
        return null;
    }
  }

  async resolve(uri: string, signal: AbortSignal): Promise<ResolvedModel> {
    const offline = this.resolveOffline(uri);
    if (offline) return offline;
    const source = this.parse(uri);
    if (source.kind !== 'hf-repo') throw new Error('unreachable');
    const files = await this.listRepo(source.repo, signal);
    const chosen = chooseHfModelFile(source.repo, files);
    if (!chosen.ok) throw new ModelFetchError('not-found', chosen.error);
    if (!isSafeRelativePath(chosen.value)) throw new ModelFetchError('bad-uri', `Hugging Face repo ${source.repo} lists an unusable file name ${JSON.stringify(chosen.value)}`);
    return this.resolved(uri, hfResolveUrl(this.opts.hfBase, source.repo, chosen.value), chosen.value);
  }

  private resolved(uri: string, url: string, fileName: string): ResolvedModel {
    return { uri, url, fileName, key: cacheKey(url) };
  }

  /** `siblings[].rfilename` of `GET <base>/api/models/<repo>`, in the order listed. */
  private async listRepo(repo: string, signal: AbortSignal): Promise<string[]> {
    const url = new URL(hfApiModelUrl(this.opts.hfBase, repo));
    let text: string;
    try {
      const answer = await httpGet(url, {
        headers: { 'user-agent': this.opts.userAgent, accept: 'application/json' },
        authorization: this.authorization,
        signal,
        idleTimeoutMs: this.opts.idleTimeoutMs,
      });
      if (answer.status < 200 || answer.status > 299) {
        answer.body.resume();
        const hint = answer.status === 401 || answer.status === 403 ? '; a gated or private repo needs [model_cache] hf_token or HF_TOKEN' : '';
        throw new ModelFetchError('not-found', `Hugging Face API returned HTTP ${answer.status} for repo ${repo}${hint}`);
      }
      text = await readText(answer.body, MAX_API_BODY);
    } catch (err) {
      if (err instanceof ModelFetchError) throw err;
      if (signal.aborted) throw new ModelFetchError('aborted', `resolving ${repo} was cancelled`);
      throw new ModelFetchError('network', `cannot list the files of Hugging Face repo ${repo}: ${errorMessage(err)}`);
    }
    return parseSiblings(repo, text);
  }
}

function parseSiblings(repo: string, text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ModelFetchError('network', `Hugging Face API answered for repo ${repo} with something that is not JSON`);
  }
  const siblings = (body as { siblings?: unknown } | null)?.siblings;
  if (!Array.isArray(siblings) || siblings.length === 0) {
    throw new ModelFetchError('not-found', `Hugging Face repo ${repo} lists no files (no "siblings" in the API answer)`);
  }
  const files: string[] = [];
  for (const [i, s] of siblings.entries()) {
    const name = (s as { rfilename?: unknown } | null)?.rfilename;
    if (typeof name !== 'string') throw new ModelFetchError('network', `Hugging Face API answer for repo ${repo}: siblings[${i}].rfilename is not a string`);
    files.push(name);
  }
  return files;
}

async function readText(body: AsyncIterable<Buffer>, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += c.length;
    if (n > max) throw new NetworkError(`answer larger than ${max} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}
