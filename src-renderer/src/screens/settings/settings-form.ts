// The settings form as text fields, turned into a settings.set request: only what changed,
// numbers parsed, and the ranges checked by the agent's own schema (so the form and the agent
// never disagree). NATS credentials are write-only: an empty field keeps the stored ones.
import { apiParamSchemas, type ApiParamsIn } from '../../../../src-shared/api/methods';
import type { SettingsView } from '../../../../src-shared/api/views';

export type SettingsChanges = ApiParamsIn<'settings.set'>;

export interface SettingsForm {
  natsUrl: string;
  /** "user:password" or a token; empty keeps what config.toml has. */
  credentials: string;
  apiUrl: string;
  memoryMb: string;
  cpuPercent: string;
  networkDisabled: boolean;
  maxConcurrentJobs: string;
  modelCacheGb: string;
  imageCacheGb: string;
  /** GPU indexes offered; null: every GPU. */
  gpuDevices: string[] | null;
}

export type FormField = keyof SettingsForm;
export type FieldErrors = Partial<Record<FormField, string>>;

export function formFromSettings(s: SettingsView): SettingsForm {
  return {
    natsUrl: s.natsUrl,
    credentials: '',
    apiUrl: s.apiUrl ?? '',
    memoryMb: String(s.memoryMb),
    cpuPercent: s.cpuPercent === null ? '' : String(s.cpuPercent),
    networkDisabled: s.networkDisabled,
    maxConcurrentJobs: s.maxConcurrentJobs === null ? '' : String(s.maxConcurrentJobs),
    modelCacheGb: String(s.modelCacheGb),
    imageCacheGb: String(s.imageCacheGb),
    gpuDevices: s.gpuDevices,
  };
}

/** `nats://host:4222` with `user:pass` (or a token) put in as URL userinfo. */
export function withCredentials(url: string, credentials: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/]*@)?(.*)$/i.exec(url.trim());
  if (!m) return url;
  const colon = credentials.indexOf(':');
  const userinfo =
    colon < 0 ? encodeURIComponent(credentials) : `${encodeURIComponent(credentials.slice(0, colon))}:${encodeURIComponent(credentials.slice(colon + 1))}`;
  return `${m[1]}${userinfo}@${m[2]}`;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function wholeNumber(text: string, optional: boolean): Parsed<number | null> {
  const t = text.trim();
  if (t === '') return optional ? { ok: true, value: null } : { ok: false, error: 'required' };
  if (!/^\d+$/.test(t)) return { ok: false, error: `"${text}" is not a whole number` };
  return { ok: true, value: Number(t) };
}

function sameDevices(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

export interface BuiltRequest {
  changes: SettingsChanges;
  errors: FieldErrors;
}

/** The request for what differs from `current`, or the errors that stop it, each under its field. */
export function buildChanges(form: SettingsForm, current: SettingsView): BuiltRequest {
  const errors: FieldErrors = {};
  const changes: Record<string, unknown> = {};

  const url = form.natsUrl.trim();
  if (url === '') errors.natsUrl = 'required';
  else if (!/^(nats|tls|ws|wss):\/\/[^\s]+$/i.test(url)) errors.natsUrl = 'use a nats://, tls://, ws:// or wss:// URL';
  else if (/^[a-z]+:\/\/[^/]*@/i.test(url)) errors.natsUrl = 'put the user and password in the credentials field';
  else if (url !== current.natsUrl || form.credentials !== '') changes.natsUrl = form.credentials === '' ? url : withCredentials(url, form.credentials);

  const api = form.apiUrl.trim();
  if (api !== '' && !/^https?:\/\/[^\s]+$/i.test(api)) errors.apiUrl = 'use an http:// or https:// URL, or leave it empty';
  else if ((api === '' ? null : api) !== current.apiUrl) changes.apiUrl = api === '' ? null : api;

  const numbers: Array<[FormField & keyof SettingsView, boolean]> = [
    ['memoryMb', false],
    ['cpuPercent', true],
    ['maxConcurrentJobs', true],
    ['modelCacheGb', false],
    ['imageCacheGb', false],
  ];
  for (const [field, optional] of numbers) {
    const parsed = wholeNumber(form[field] as string, optional);
    if (!parsed.ok) errors[field] = parsed.error;
    else if (parsed.value !== current[field]) changes[field] = parsed.value;
  }

  if (form.networkDisabled !== current.networkDisabled) changes.networkDisabled = form.networkDisabled;
  if (form.gpuDevices !== null && form.gpuDevices.length === 0) errors.gpuDevices = 'offer at least one GPU, or pause the Island instead';
  else if (!sameDevices(form.gpuDevices, current.gpuDevices)) changes.gpuDevices = form.gpuDevices;

  // The agent's schema has the ranges; its messages go under the field they name.
  const checked = apiParamSchemas['settings.set'].safeParse(changes);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && !(field in errors)) errors[field as FormField] = friendly(issue);
    }
  }
  return { changes: changes as SettingsChanges, errors };
}

function friendly(issue: { code: string; message: string; minimum?: unknown; maximum?: unknown }): string {
  if (issue.code === 'too_small' && issue.minimum !== undefined) return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.maximum !== undefined) return `must be at most ${String(issue.maximum)}`;
  return issue.message;
}
