// The availability policy as form fields, turned into an availability.setPolicy request: only the
// keys that changed, numbers parsed, and everything checked by the agent's own schemas before it
// is sent (the API's param schema, then the [availability] table of the config schema that the
// agent writes it through), so the form and the agent never disagree. Errors are keyed by the
// param path the agent would name ("thermal_resume_c", "schedule.0.start"), so an error the agent
// sends back lands beside the same field.
import { apiParamSchemas, type ApiParamsIn } from '../../../../src-shared/api/methods';
import type { AvailabilitySettings } from '../../../../src-shared/api/views';
import { islandConfigSchema } from '../../../../src-shared/config/schema';
import { WEEKDAYS, type Weekday } from '../../../../src-shared/domain/availability/types';
import { parseWallMinute } from '../../../../src-shared/domain/availability/wall-minute';

export type PolicyChanges = ApiParamsIn<'availability.setPolicy'>;

export interface WindowForm {
  /** Stable across edits, for React keys. */
  key: number;
  days: Weekday[];
  start: string;
  end: string;
}

export interface PolicyForm {
  /** '' = the Island's system time zone (the key is removed). */
  timezone: string;
  schedule: WindowForm[];
  idleOnly: boolean;
  idleMinutes: string;
  gameMode: boolean;
  /** One process name per line. */
  gameProcesses: string;
  pauseOnFullscreen: boolean;
  thermalPause: string;
  thermalResume: string;
  powerLimit: string;
  onPause: 'finish' | 'cancel';
  unloadModels: boolean;
  excludeGpus: string[];
}

/** Param path → message ("thermal_resume_c", "schedule.1.days"). */
export type PolicyErrors = Record<string, string>;

let nextKey = 1;
export function newWindow(over: Partial<Omit<WindowForm, 'key'>> = {}): WindowForm {
  return { key: nextKey++, days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', ...over };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function formFromSettings(s: AvailabilitySettings): PolicyForm {
  return {
    timezone: s.timezone ?? '',
    schedule: s.schedule.map((w) => newWindow({ days: [...w.days], start: w.start, end: w.end })),
    idleOnly: s.idle_only,
    idleMinutes: String(s.idle_minutes),
    gameMode: s.game_mode,
    gameProcesses: s.game_processes.join('\n'),
    pauseOnFullscreen: s.pause_on_fullscreen,
    thermalPause: text(s.thermal_pause_c),
    thermalResume: text(s.thermal_resume_c),
    powerLimit: text(s.power_limit_w),
    onPause: s.on_pause,
    unloadModels: s.unload_models_on_pause,
    excludeGpus: [...s.exclude_gpus],
  };
}

type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

function wholeNumber(raw: string, optional: boolean): Parsed {
  const t = raw.trim();
  if (t === '') return optional ? { ok: true, value: null } : { ok: false, error: 'required' };
  if (!/^\d+$/.test(t)) return { ok: false, error: `"${raw}" is not a whole number` };
  return { ok: true, value: Number(t) };
}

function processList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Days in the week's order, so ticking Tue then Mon reads the same as Mon then Tue. */
const ordered = (days: readonly Weekday[]) => WEEKDAYS.filter((d) => days.includes(d));

export interface BuiltPolicy {
  changes: PolicyChanges;
  errors: PolicyErrors;
}

/** The request for what differs from `current`, or the errors that stop it, each under its field. */
export function buildPolicyChanges(form: PolicyForm, current: AvailabilitySettings): BuiltPolicy {
  const errors: PolicyErrors = {};
  const changes: Record<string, unknown> = {};
  const change = (key: string, value: unknown, was: unknown) => {
    if (!same(value ?? null, was ?? null)) changes[key] = value;
  };

  change('timezone', form.timezone === '' ? null : form.timezone, current.timezone);

  const schedule = form.schedule.map((w, i) => {
    if (w.days.length === 0) errors[`schedule.${i}.days`] = 'pick at least one day';
    const start = parseWallMinute(w.start);
    const end = parseWallMinute(w.end, true);
    if (start === null) errors[`schedule.${i}.start`] = `"${w.start}" is not a time (HH:MM, 00:00 to 23:59)`;
    if (end === null) errors[`schedule.${i}.end`] = `"${w.end}" is not a time (HH:MM, 00:00 to 24:00)`;
    else if (start !== null && start === end) errors[`schedule.${i}.end`] = 'must differ from the start (for a whole day: 00:00 to 24:00)';
    return { days: ordered(w.days), start: w.start, end: w.end };
  });
  change('schedule', schedule, current.schedule.map((w) => ({ days: ordered(w.days), start: w.start, end: w.end })));

  change('idle_only', form.idleOnly, current.idle_only);
  const idle = wholeNumber(form.idleMinutes, false);
  if (!idle.ok) errors.idle_minutes = idle.error;
  else change('idle_minutes', idle.value, current.idle_minutes);

  change('game_mode', form.gameMode, current.game_mode);
  change('game_processes', processList(form.gameProcesses), current.game_processes);
  change('pause_on_fullscreen', form.pauseOnFullscreen, current.pause_on_fullscreen);

  const pause = wholeNumber(form.thermalPause, true);
  const resume = wholeNumber(form.thermalResume, true);
  if (!pause.ok) errors.thermal_pause_c = pause.error;
  else change('thermal_pause_c', pause.value, current.thermal_pause_c);
  if (!resume.ok) errors.thermal_resume_c = resume.error;
  else if (resume.value !== null && pause.ok && pause.value === null) errors.thermal_resume_c = 'set the temperature to pause at as well';
  else if (resume.value !== null && pause.ok && pause.value !== null && resume.value >= pause.value) {
    errors.thermal_resume_c = `must be below the pause temperature (${pause.value} °C), so a GPU near the line cannot switch on and off`;
  } else change('thermal_resume_c', resume.value, current.thermal_resume_c);

  const power = wholeNumber(form.powerLimit, true);
  if (!power.ok) errors.power_limit_w = power.error;
  else change('power_limit_w', power.value, current.power_limit_w);

  change('on_pause', form.onPause, current.on_pause);
  change('unload_models_on_pause', form.unloadModels, current.unload_models_on_pause);
  change('exclude_gpus', [...form.excludeGpus].sort(), [...current.exclude_gpus].sort());

  // The API's limits, then the config file's rules (ranges, one window's start ≠ end, ...), on the
  // table as it would be written.
  collect(errors, apiParamSchemas['availability.setPolicy'].safeParse(changes));
  collect(errors, islandConfigSchema.shape.availability.safeParse(applied(current, changes)));
  return { changes: changes as PolicyChanges, errors };
}

/** `current` with the changes applied as the agent applies them (null removes the key). */
function applied(current: AvailabilitySettings, changes: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code: string;
  minimum?: unknown;
  maximum?: unknown;
}

function collect(errors: PolicyErrors, result: { success: boolean; error?: { issues: Issue[] } }): void {
  if (result.success || !result.error) return;
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    if (key !== '' && !(key in errors)) errors[key] = friendly(issue);
  }
}

function friendly(issue: Issue): string {
  if (issue.code === 'too_small' && issue.minimum !== undefined && issue.path.length === 1) return `must be at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.maximum !== undefined && issue.path.length === 1) return `must be at most ${String(issue.maximum)}`;
  return issue.message;
}

/** Fields the editor shows an error beside; an error elsewhere is shown above the Save button. */
const SHOWN = new Set(['timezone', 'schedule', 'idle_minutes', 'game_processes', 'thermal_pause_c', 'thermal_resume_c', 'power_limit_w', 'exclude_gpus']);

/** The key an error the agent sent back is shown under ("params.schedule.0.start" → "schedule.0.start"), or null. */
export function shownField(field: string | null, form: PolicyForm): string | null {
  if (field === null) return null;
  const m = /^schedule\.(\d+)\.(days|start|end)(?:\.\d+)?$/.exec(field);
  if (m) return Number(m[1]) < form.schedule.length ? `schedule.${m[1]}.${m[2]}` : 'schedule';
  const top = field.split('.')[0] ?? '';
  return SHOWN.has(top) ? top : null;
}

/** Errors by the field they are shown beside; the rest (with their key) for the general message. */
export function placeErrors(errors: PolicyErrors, form: PolicyForm): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    const at = shownField(key, form);
    if (at === null) other.push(`${key}: ${message}`);
    else byField[at] ??= at === key ? message : `${key}: ${message}`;
  }
  return { byField, other };
}
