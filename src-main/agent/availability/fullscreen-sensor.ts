// Game mode's "a full-screen app is in front" sensor: best effort, cheap, asynchronous. It looks
// at most every `minIntervalMs` (a faster caller gets the last answer), never has two looks in
// flight, gives up on a look after `timeoutMs` (the tool is killed), and answers null (unknown,
// which never blocks) where it cannot tell. A lasting reason (no display, Wayland, no tool,
// macOS) is logged once at debug and the tool is not run again.
import { lookAsReading, unknownLook, type FullscreenLook } from '../../../src-shared/domain/fullscreen/index';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { SYSTEM_CLOCK, type Clock } from './clock';
import { lookWindows } from './fullscreen-windows';
import { lookX11, x11Unavailable } from './fullscreen-x11';
import { runProbe, type RunProbe } from './fullscreen-run';

export type FullscreenSensor = () => Promise<boolean | null>;

export interface FullscreenSensorOptions {
  log: Logger;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: RunProbe;
  clock?: Clock;
  /** xprop answers in milliseconds; PowerShell's start and Add-Type need longer. */
  timeoutMs?: number;
  minIntervalMs?: number;
}

type Look = (run: RunProbe, signal: AbortSignal) => Promise<FullscreenLook>;

export const MACOS_REASON =
  'macOS: telling a full-screen app needs the Screen Recording or Accessibility permission, which the Island does not ask for; game mode still pauses for the listed processes';

/** How this platform looks, or why it cannot (lasting). */
export function platformLook(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Look | string {
  if (platform === 'win32') return lookWindows;
  if (platform === 'darwin') return MACOS_REASON;
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return x11Unavailable(env) ?? lookX11;
  return `full-screen apps cannot be told on ${platform}`;
}

export function fullscreenSensor(o: FullscreenSensorOptions): FullscreenSensor {
  const platform = o.platform ?? process.platform;
  const look = platformLook(platform, o.env ?? process.env);
  const run = o.run ?? runProbe;
  const clock = o.clock ?? SYSTEM_CLOCK;
  const timeoutMs = o.timeoutMs ?? (platform === 'win32' ? 5_000 : 2_000);
  const minIntervalMs = o.minIntervalMs ?? 10_000;
  let lasting: string | null = typeof look === 'string' ? look : null;
  let lastLogged: string | null = null;
  let last: { value: boolean | null; at: number } | null = null;
  let inFlight: Promise<boolean | null> | null = null;

  const note = (result: FullscreenLook): boolean | null => {
    if (result.kind === 'unknown') {
      if (result.lasting) lasting = result.reason;
      if (result.reason !== lastLogged) o.log.debug(`full-screen sensor: ${result.reason}`, { lasting: result.lasting });
      lastLogged = result.reason;
    } else {
      lastLogged = null;
    }
    return lookAsReading(result);
  };

  return () => {
    if (lasting !== null || typeof look === 'string') {
      note(unknownLook(lasting ?? 'no way to look', true));
      return Promise.resolve(null);
    }
    if (inFlight) return inFlight;
    if (last && clock.now() - last.at < minIntervalMs) return Promise.resolve(last.value);
    inFlight = withDeadline(look, run, clock, timeoutMs)
      .then(note)
      .then((value) => {
        last = { value, at: clock.now() };
        return value;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}

function withDeadline(look: Look, run: RunProbe, clock: Clock, timeoutMs: number): Promise<FullscreenLook> {
  const abort = new AbortController();
  return new Promise<FullscreenLook>((resolve) => {
    const timer = clock.setTimeout(() => {
      abort.abort();
      resolve(unknownLook(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    timer.unref?.();
    look(run, abort.signal).then(
      (result) => {
        clock.clearTimeout(timer);
        resolve(result);
      },
      // The platform looks catch their own failures; this is a bug guard, not a code path.
      (err: unknown) => {
        clock.clearTimeout(timer);
        resolve(unknownLook(`the full-screen look failed: ${errorMessage(err)}`));
      },
    );
  });
}
