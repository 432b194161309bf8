import { describe, expect, it } from 'vitest';
import { containerCrashError, interpretExitCode, signalName } from '../../../src-shared/protocol/exit-codes';

describe('interpretExitCode (§13 docker)', () => {
  it('0 is an unknown error', () => {
    expect(interpretExitCode(0)).toContain('Unknown error');
  });

  it('names the shell codes', () => {
    expect(interpretExitCode(1)).toContain('General error');
    expect(interpretExitCode(2)).toContain('Misuse of shell');
    expect(interpretExitCode(126)).toContain('not executable');
    expect(interpretExitCode(127)).toContain('not found');
    expect(interpretExitCode(128)).toContain('Invalid exit');
  });

  it('137 mentions SIGKILL and OOM', () => {
    expect(interpretExitCode(137)).toContain('SIGKILL');
    expect(interpretExitCode(137)).toContain('OOM');
  });

  it('139 is SIGSEGV and 143 SIGTERM', () => {
    expect(interpretExitCode(139)).toContain('SIGSEGV');
    expect(interpretExitCode(143)).toContain('SIGTERM');
  });

  it('138 is signal 10, SIGUSR1', () => {
    expect(interpretExitCode(138)).toContain('signal 10');
    expect(interpretExitCode(138)).toContain('SIGUSR1');
  });

  it('42 is an unknown error that carries the code', () => {
    expect(interpretExitCode(42)).toContain('Unknown error');
    expect(interpretExitCode(42)).toContain('42');
  });
});

describe('interpretExitCode catalogue (§4.10), verbatim', () => {
  it.each([
    [1, 'General error (application failure)'],
    [2, 'Misuse of shell command or incorrect arguments'],
    [126, 'Command not executable (permission denied or not a binary)'],
    [127, 'Command not found'],
    [128, 'Invalid exit argument'],
    [129, 'SIGHUP (hangup)'],
    [130, 'SIGINT (interrupt from keyboard, Ctrl+C)'],
    [131, 'SIGQUIT (quit from keyboard)'],
    [132, 'SIGILL (illegal instruction)'],
    [133, 'SIGTRAP (trace/breakpoint trap)'],
    [134, 'SIGABRT (abort signal)'],
    [135, 'SIGBUS (bus error)'],
    [136, 'SIGFPE (floating-point exception)'],
    [137, 'SIGKILL (killed, possibly by OOM killer or external signal)'],
    [138, 'Killed by signal 10 (SIGUSR1)'],
    [139, 'SIGSEGV (segmentation fault)'],
    [140, 'Killed by signal 12 (SIGUSR2)'],
    [141, 'SIGPIPE (broken pipe)'],
    [142, 'Killed by signal 14 (SIGALRM)'],
    [143, 'SIGTERM (terminated)'],
    [144, 'Killed by signal 16 (unknown)'],
    [191, 'Killed by signal 63 (unknown)'],
    [192, 'Unknown error (code 192)'],
    [255, 'Exit status out of range or SSH error'],
    [0, 'Unknown error (code 0)'],
    [-1, 'Unknown error (code -1)'],
    [42, 'Unknown error (code 42)'],
  ])('%i → %s', (code, text) => {
    expect(interpretExitCode(code)).toBe(text);
  });

  it('wraps the reason for the failed status', () => {
    expect(containerCrashError(139)).toBe('Container crash: SIGSEGV (segmentation fault)');
  });
});

describe('signalName', () => {
  it('names 1, 2, 9, 11 and 15 (§13)', () => {
    expect(signalName(1)).toBe('SIGHUP');
    expect(signalName(2)).toBe('SIGINT');
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(11)).toBe('SIGSEGV');
    expect(signalName(15)).toBe('SIGTERM');
  });

  it('names every signal of the table', () => {
    expect([3, 4, 5, 6, 7, 8, 10, 12, 13, 14].map(signalName)).toEqual([
      'SIGQUIT',
      'SIGILL',
      'SIGTRAP',
      'SIGABRT',
      'SIGBUS',
      'SIGFPE',
      'SIGUSR1',
      'SIGUSR2',
      'SIGPIPE',
      'SIGALRM',
    ]);
  });

  it('is unknown for 99 and 0 (§13) and for anything off the table', () => {
    expect(signalName(99)).toBe('unknown');
    expect(signalName(0)).toBe('unknown');
    expect(signalName(16)).toBe('unknown');
    expect(signalName(1.5)).toBe('unknown');
  });
});
