// The requests the dashboard (and the tray) may make of the agent: one zod schema per method for
// its params, validated on the receiving side (the agent never trusts the UI process or a browser
// tab), and the result type each answers with. Adding a method means adding it here, to ApiResults,
// and to the agent's handler table; the compiler then finds every place that must follow.
import { z } from 'zod';
import { validatePrice } from '../domain/pricing';
import type {
  AvailabilityPolicyView,
  DailyEarnings,
  JobView,
  KarmaView,
  LogEntry,
  MetricsSample,
  HardwareInfo,
  PairingView,
  PricesView,
  SettingsView,
  StatusView,
  StorageView,
} from './views';

const empty = z.strictObject({});

/** A price as the owner typed it: validated by the same rule the config file uses. */
const price = z.string().superRefine((text, ctx) => {
  const problem = validatePrice(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A Cargo slug: what the coordinator and config.toml use as a key. */
const slug = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a Cargo slug uses letters, digits, ".", "_" and "-"')
  .refine((s) => s !== '_default', 'use prices.setDefault for the default price');

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

export const apiParamSchemas = {
  'status.get': empty,
  /** Go online, or pause (optionally for N minutes, then resume by itself). */
  'availability.set': z.strictObject({
    mode: z.enum(['online', 'paused']),
    forMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
  }),
  /** The owner's availability policy (`[availability]` in config.toml) and what it decides now. */
  'availability.get': empty,
  /**
   * Changes keys of `[availability]` (snake_case, as in config.toml; null removes an optional key).
   * Validated by the config schema when written; the running Island applies it at once.
   */
  'availability.setPolicy': z.strictObject({
    timezone: z.string().max(64).nullable().optional(),
    schedule: z.array(z.strictObject({ days: z.array(z.string().max(3)).max(7).optional(), start: z.string().max(5), end: z.string().max(5) })).max(64).optional(),
    idle_only: z.boolean().optional(),
    idle_minutes: z.number().int().optional(),
    game_mode: z.boolean().optional(),
    game_processes: z.array(z.string().min(1).max(256)).max(256).optional(),
    pause_on_fullscreen: z.boolean().optional(),
    thermal_pause_c: z.number().int().nullable().optional(),
    thermal_resume_c: z.number().int().nullable().optional(),
    power_limit_w: z.number().int().nullable().optional(),
    on_pause: z.enum(['finish', 'cancel']).optional(),
    unload_models_on_pause: z.boolean().optional(),
    exclude_gpus: z.array(z.string().regex(/^\d+$|^GPU-[0-9a-fA-F-]+$/, 'a GPU index or UUID')).max(64).optional(),
  }),
  'prices.get': empty,
  /** null removes the Cargo's own price (the default applies again). */
  'prices.set': z.strictObject({ slug, price: price.nullable() }),
  'prices.setDefault': z.strictObject({ price: price.nullable() }),
  'karma.get': empty,
  'jobs.history': z.strictObject({
    limit: z.number().int().min(1).max(1000).default(100),
    /** Only jobs started before this time (ms), for paging. */
    before: z.number().int().min(0).optional(),
  }),
  'earnings.daily': z.strictObject({ days: z.number().int().min(1).max(366).default(30) }),
  'pairing.refresh': empty,
  'storage.get': empty,
  /** Removes cached items not in use: one item by id, or every one of a kind. */
  'storage.free': z.union([
    z.strictObject({ id: z.string().min(1).max(512) }),
    z.strictObject({ kind: z.enum(['model', 'image', 'all']) }),
  ]),
  'hardware.get': empty,
  'logs.get': z.strictObject({
    limit: z.number().int().min(1).max(5000).default(500),
    minLevel: z.enum(LOG_LEVELS).default('info'),
    jobId: z.string().min(1).max(256).optional(),
    /** Only entries with a larger seq. */
    after: z.number().int().min(0).optional(),
  }),
  'settings.get': empty,
  /** Only the keys given change; each is written to config.toml keeping its comments. */
  'settings.set': z.strictObject({
    /** May carry credentials (nats://user:pass@host:4222); stored in config.toml, never shown back. */
    natsUrl: z.string().min(1).max(2048).optional(),
    apiUrl: z.string().max(2048).nullable().optional(),
    memoryMb: z.number().int().min(256).max(1 << 22).optional(),
    cpuPercent: z.number().int().min(1).max(100).nullable().optional(),
    networkDisabled: z.boolean().optional(),
    maxConcurrentJobs: z.number().int().min(1).max(256).nullable().optional(),
    modelCacheGb: z.number().int().min(1).max(100_000).optional(),
    imageCacheGb: z.number().int().min(1).max(100_000).optional(),
    gpuDevices: z.array(z.string().regex(/^\d+$|^GPU-[0-9a-fA-F-]+$/, 'a GPU index or UUID')).max(64).nullable().optional(),
  }),
} as const;

export type ApiMethod = keyof typeof apiParamSchemas;

/** Params as the caller writes them (defaults may be left out). */
export type ApiParamsIn<M extends ApiMethod> = z.input<(typeof apiParamSchemas)[M]>;
/** Params as the handler receives them (validated, defaults filled in). */
export type ApiParams<M extends ApiMethod> = z.output<(typeof apiParamSchemas)[M]>;

export interface ApiResults {
  'status.get': StatusView;
  'availability.set': StatusView;
  'availability.get': AvailabilityPolicyView;
  'availability.setPolicy': AvailabilityPolicyView;
  'prices.get': PricesView;
  'prices.set': PricesView;
  'prices.setDefault': PricesView;
  'karma.get': KarmaView;
  'jobs.history': JobView[];
  'earnings.daily': DailyEarnings[];
  'pairing.refresh': PairingView;
  'storage.get': StorageView;
  'storage.free': StorageView & { freedBytes: number };
  'hardware.get': { info: HardwareInfo; samples: MetricsSample[] };
  'logs.get': LogEntry[];
  'settings.get': SettingsView;
  'settings.set': { settings: SettingsView; restartRequired: boolean };
}

export type ApiResult<M extends ApiMethod> = ApiResults[M];

export const API_METHODS = Object.keys(apiParamSchemas) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiParamSchemas, name);
}
