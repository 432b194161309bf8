// [availability] in config.toml: every mistake named by its key (and line), and the policy it yields.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src-shared/config/validate';
import { formatKeyPath } from '../../../src-shared/config/keys';
import { policyFromConfig } from '../../../src-shared/domain/availability';
import { parseConfigText } from '../../../src-main/agent/config/parse-config-text';
import { ConfigError } from '../../../src-shared/errors';

const errorsFor = (availability: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  validateConfig({ coordinator: { nats_url: 'nats://x' }, availability, ...extra }).errors.map((e) => `${formatKeyPath(e.path)}: ${e.message}`);
const configWith = (availability: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const v = validateConfig({ coordinator: { nats_url: 'nats://x' }, availability, ...extra });
  if (!v.config) throw new Error(v.errors.map((e) => e.message).join('; '));
  return v.config;
};

describe('[availability] validation', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ schedule: [{ start: '18:00', end: '23:30' }, { start: '6pm', end: '23:00' }] }, 'availability.schedule[1].start: expected "HH:MM" on a 24-hour clock, got "6pm"'],
    [{ schedule: [{ start: '24:00', end: '23:00' }] }, 'availability.schedule[0].start: expected "HH:MM" on a 24-hour clock, got "24:00"'],
    [{ schedule: [{ start: '18:00', end: '25:00' }] }, 'availability.schedule[0].end: expected "HH:MM" on a 24-hour clock (24:00 allowed as an end), got "25:00"'],
    [{ schedule: [{ start: '18:00' }] }, 'availability.schedule[0].end: required key is missing (expected a time "HH:MM" (00:00 to 24:00))'],
    [{ schedule: [{ start: '00:00', end: '24:00', days: ['monday'] }] }, 'availability.schedule[0].days[0]: expected "mon", "tue", "wed", "thu", "fri", "sat", "sun", got "monday"'],
    [{ schedule: [{ start: '00:00', end: '24:00', days: [] }] }, 'availability.schedule[0].days: expected at least one day (leave days out for every day)'],
    [{ schedule: [{ start: '18:00', end: '18:00' }] }, 'availability.schedule[0].end: must differ from start ("18:00"); for a whole day write start = "00:00", end = "24:00"'],
    [{ schedule: { start: '18:00', end: '19:00' } }, 'availability.schedule: expected an array of tables ([[availability.schedule]]), got a table'],
    [{ timezone: 'Mars/Olympus' }, 'availability.timezone: expected an IANA time zone such as "Europe/Berlin" or "America/New_York", got "Mars/Olympus"'],
    [{ thermal_pause_c: 80, thermal_resume_c: 85 }, 'availability.thermal_resume_c: thermal_resume_c must be below thermal_pause_c (80), got 85'],
    [{ thermal_pause_c: 80, thermal_resume_c: 80 }, 'availability.thermal_resume_c: thermal_resume_c must be below thermal_pause_c (80), got 80'],
    [{ thermal_resume_c: 70 }, 'availability.thermal_resume_c: needs thermal_pause_c as well (the temperature to pause at)'],
    [{ cpu_thermal_pause_c: 90, cpu_thermal_resume_c: 95 }, 'availability.cpu_thermal_resume_c: cpu_thermal_resume_c must be below cpu_thermal_pause_c (90), got 95'],
    [{ thermal_pause_c: 150 }, 'availability.thermal_pause_c: expected a temperature in °C (30 to 110), got 150'],
    [{ idle_minutes: 0 }, 'availability.idle_minutes: expected a whole number of minutes (1 to 1440), got 0'],
    [{ power_limit_w: -5 }, 'availability.power_limit_w: expected a power limit in watts (1 to 5000), got -5'],
    [{ on_pause: 'kill' }, 'availability.on_pause: expected "finish" or "cancel", got "kill"'],
    [{ game_processes: 'steam.exe' }, 'availability.game_processes: expected an array of strings, got "steam.exe"'],
    [{ paused_until: '14:30' }, 'availability.paused_until: expected a date-time with an offset, such as "2026-11-22T14:30:00+01:00" or "2026-11-22T13:30:00Z", got "14:30"'],
    [{ paused_until: '2026-11-22T14:30:00' }, 'availability.paused_until: expected a date-time with an offset, such as "2026-11-22T14:30:00+01:00" or "2026-11-22T13:30:00Z", got "2026-11-22T14:30:00"'],
  ])('%j → %s', (availability, message) => {
    expect(errorsFor(availability)).toEqual([message]);
  });

  it('reports every mistake at once', () => {
    expect(errorsFor({ idle_minutes: 0, timezone: 'Nowhere', schedule: [{ start: 'x', end: 'y' }] })).toHaveLength(4);
  });

  it('names the file, line and key when read from config.toml', () => {
    const text = ['[coordinator]', 'nats_url = "nats://x"', '[availability]', 'thermal_pause_c = 80', 'thermal_resume_c = 90', '[[availability.schedule]]', 'start = "18:00"', 'end = "7pm"'].join('\n');
    const err = (() => {
      try {
        parseConfigText(text, '/home/me/config.toml');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.text)).toEqual([
      '/home/me/config.toml:5: availability.thermal_resume_c: thermal_resume_c must be below thermal_pause_c (80), got 90',
      '/home/me/config.toml:8: availability.schedule[0].end: expected "HH:MM" on a 24-hour clock (24:00 allowed as an end), got "7pm"',
    ]);
  });

  it('accepts a bare TOML date-time for paused_until (one without an offset is in the machine\'s zone)', () => {
    const base = '[coordinator]\nnats_url = "nats://x"\n[availability]\nmode = "paused"\n';
    const withOffset = parseConfigText(`${base}paused_until = 2026-11-22T14:30:00+01:00\n`, 'c.toml').config;
    expect(Date.parse(withOffset.availability.paused_until!)).toBe(Date.parse('2026-11-22T13:30:00Z'));
    const local = parseConfigText(`${base}paused_until = 2026-11-22T14:30:00\n`, 'c.toml').config;
    expect(Date.parse(local.availability.paused_until!)).toBe(new Date(2026, 10, 22, 14, 30).getTime());
    expect(() => parseConfigText(`${base}paused_until = "soon"\n`, 'c.toml')).toThrow(/c\.toml:5: availability\.paused_until: expected a date-time with an offset/);
  });

  it('warns about a misspelt availability key with a suggestion', () => {
    const v = validateConfig({ coordinator: { nats_url: 'nats://x' }, availability: { idle_minute: 5 } });
    expect(v.warnings.map((w) => `${formatKeyPath(w.path)}: ${w.message}`)).toEqual(['availability.idle_minute: unknown key (did you mean "idle_minutes"?); ignored']);
  });
});

describe('policyFromConfig', () => {
  it('turns the defaults into "always online, every GPU, finish running jobs"', () => {
    const c = configWith({});
    expect(policyFromConfig(c.availability, c.workload)).toEqual({
      manual: { kind: 'online' },
      schedule: { kind: 'always' },
      timeZone: { kind: 'system' },
      idle: { kind: 'off' },
      game: { kind: 'off' },
      thermal: { gpu: null, cpu: null },
      gpus: { kind: 'all', except: [] },
      powerLimitW: null,
      caps: { cpuPercent: null, memoryMb: 8192, cacheDiskGb: null },
      onPause: { runningJobs: 'finish', unloadModels: false },
    });
  });

  it('maps every key', () => {
    const c = configWith(
      {
        mode: 'paused',
        paused_until: '2026-11-22T14:30:00+01:00',
        timezone: 'Asia/Kolkata',
        schedule: [{ days: ['sat', 'sun'], start: '22:00', end: '06:00' }, { start: '00:00', end: '24:00', days: ['wed'] }],
        idle_only: true,
        idle_minutes: 5,
        game_mode: true,
        game_processes: ['eldenring.exe'],
        pause_on_fullscreen: false,
        thermal_pause_c: 85,
        cpu_thermal_pause_c: 95,
        cpu_thermal_resume_c: 90,
        power_limit_w: 250,
        on_pause: 'cancel',
        unload_models_on_pause: true,
        exclude_gpus: ['GPU-abc'],
      },
      { workload: { gpu_devices: ['0', '1'], resource_limits: { cpu_percent: 200, memory_mb: 4096 } } },
    );
    expect(policyFromConfig(c.availability, c.workload, { imageCacheGb: 50, modelCacheGb: 20 })).toEqual({
      manual: { kind: 'paused_until', until: Date.parse('2026-11-22T13:30:00Z') },
      schedule: { kind: 'windows', windows: [{ days: ['sat', 'sun'], start: 1320, end: 360 }, { days: ['wed'], start: 0, end: 1440 }] },
      timeZone: { kind: 'named', name: 'Asia/Kolkata' },
      idle: { kind: 'after', minutes: 5 },
      game: { kind: 'on', processes: ['eldenring.exe'], pauseOnFullscreen: false },
      thermal: { gpu: { pauseAtC: 85, resumeBelowC: 75 }, cpu: { pauseAtC: 95, resumeBelowC: 90 } },
      gpus: { kind: 'only', ids: ['0', '1'], except: ['GPU-abc'] },
      powerLimitW: 250,
      caps: { cpuPercent: 200, memoryMb: 4096, cacheDiskGb: 70 },
      onPause: { runningJobs: 'cancel', unloadModels: true },
    });
  });

  it('a schedule window with no days runs every day', () => {
    const c = configWith({ schedule: [{ start: '18:00', end: '19:00' }] });
    const p = policyFromConfig(c.availability, c.workload);
    expect(p.schedule).toEqual({ kind: 'windows', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: 1080, end: 1140 }] });
  });

  it('paused_until counts only with mode = "paused"; gpu_devices ["all"] offers all, [] none', () => {
    const online = configWith({ mode: 'online', paused_until: '2026-11-22T13:30:00Z' });
    expect(policyFromConfig(online.availability, online.workload).manual).toEqual({ kind: 'online' });
    const all = configWith({}, { workload: { gpu_devices: ['all'] } });
    expect(policyFromConfig(all.availability, all.workload).gpus).toEqual({ kind: 'all', except: [] });
    const none = configWith({}, { workload: { gpu_devices: [] } });
    expect(policyFromConfig(none.availability, none.workload).gpus).toEqual({ kind: 'only', ids: [], except: [] });
  });
});
