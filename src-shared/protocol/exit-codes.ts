// Container exit codes as the Rust Island words them in `failed` statuses (§4.10). WIRE: the
// coordinator and owners see these strings, so they are kept verbatim.

const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
};

const EXIT_REASONS: Readonly<Record<number, string>> = {
  1: 'General error (application failure)',
  2: 'Misuse of shell command or incorrect arguments',
  126: 'Command not executable (permission denied or not a binary)',
  127: 'Command not found',
  128: 'Invalid exit argument',
  129: 'SIGHUP (hangup)',
  130: 'SIGINT (interrupt from keyboard, Ctrl+C)',
  131: 'SIGQUIT (quit from keyboard)',
  132: 'SIGILL (illegal instruction)',
  133: 'SIGTRAP (trace/breakpoint trap)',
  134: 'SIGABRT (abort signal)',
  135: 'SIGBUS (bus error)',
  136: 'SIGFPE (floating-point exception)',
  137: 'SIGKILL (killed, possibly by OOM killer or external signal)',
  139: 'SIGSEGV (segmentation fault)',
  141: 'SIGPIPE (broken pipe)',
  143: 'SIGTERM (terminated)',
  255: 'Exit status out of range or SSH error',
};

/** `SIGKILL` for 9; `unknown` for anything outside 1–15 (the Rust Island's table). */
export function signalName(n: number): string {
  return Object.hasOwn(SIGNAL_NAMES, n) ? (SIGNAL_NAMES[n] as string) : 'unknown';
}

/** Why a container exited with `code`; the `{reason}` of `Container crash: {reason}`. */
export function interpretExitCode(code: number): string {
  if (Object.hasOwn(EXIT_REASONS, code)) return EXIT_REASONS[code] as string;
  if (Number.isInteger(code) && code >= 129 && code <= 191) {
    return `Killed by signal ${code - 128} (${signalName(code - 128)})`;
  }
  return `Unknown error (code ${code})`;
}

/** The whole `error` text of a `failed` status for a crashed container. */
export function containerCrashError(code: number): string {
  return `Container crash: ${interpretExitCode(code)}`;
}
