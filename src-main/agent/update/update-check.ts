// One call of the coordinator's update endpoint: `GET {api_url}/api/v1/agent/update?version=…&
// platform=…&host_id=…` (island-protocol.md §10.1). The base is `[coordinator] api_url` (the Rust
// Island derived it from the NATS URL by string replacement, which breaks on tls://, credentials
// and other ports). The answer is decoded with the same strict rules as the Rust Island's serde.
import { decodeUpdateInfo } from '../../../src-shared/protocol/decode';
import type { UpdateInfo } from '../../../src-shared/protocol/messages';
import { errorMessage } from '../../../src-shared/errors';

export const UPDATE_PATH = '/api/v1/agent/update';

export interface UpdateQuery {
  version: string;
  platform: string;
  hostId: string;
}

export type UpdateCheckResult = { ok: true; info: UpdateInfo } | { ok: false; error: string };

/** The request URL; a path prefix in api_url is kept (`https://host/coordinator` → `/coordinator/api/v1/…`). */
export function updateCheckUrl(apiUrl: string, q: UpdateQuery): string {
  const url = new URL(apiUrl.replace(/\/+$/, '') + UPDATE_PATH);
  url.search = new URLSearchParams({ version: q.version, platform: q.platform, host_id: q.hostId }).toString();
  return url.toString();
}

const MAX_BODY_CHARS = 64 * 1024;

export async function checkForUpdate(apiUrl: string, q: UpdateQuery, opts: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<UpdateCheckResult> {
  const url = updateCheckUrl(apiUrl, q);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let status: number;
  let text: string;
  try {
    const res = await (opts.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    status = res.status;
    text = await res.text();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, error: `GET ${UPDATE_PATH}: no answer within ${timeoutMs / 1000} s` };
    return { ok: false, error: `GET ${UPDATE_PATH}: cannot reach ${new URL(url).origin}: ${e.cause?.code ?? errorMessage(err)}` };
  }
  if (status < 200 || status > 299) return { ok: false, error: `GET ${UPDATE_PATH}: HTTP ${status}${text && text.length < 200 && !text.startsWith('<') ? `: ${text.trim()}` : ''}` };
  if (text.length > MAX_BODY_CHARS) return { ok: false, error: `GET ${UPDATE_PATH}: the answer is larger than ${MAX_BODY_CHARS} characters` };
  const decoded = decodeUpdateInfo(text);
  return decoded.ok ? { ok: true, info: decoded.value } : { ok: false, error: `GET ${UPDATE_PATH}: unexpected answer: ${decoded.error}` };
}
