// The seccomp profiles in `seccomp/` (Docker's JSON format), read once at start, checked, and
// handed to Docker as JSON text (`seccomp=<json>`; a path would be read by the CLI, not the API).
// A job may need two of them at once (a GPU job that may also use the network): their allow rules
// are merged, so each file stays a plain profile that also works on its own.
import { errorMessage } from '../../../../src-shared/errors';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SECCOMP_PROFILE_NAMES = ['minimal', 'default', 'network', 'gpu'] as const;
export type SeccompProfileName = (typeof SECCOMP_PROFILE_NAMES)[number];

export interface SeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

export interface SeccompRule {
  names: string[];
  action: string;
  args?: SeccompArg[];
  errnoRet?: number;
  comment?: string;
}

export interface SeccompProfile {
  comment?: string;
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  syscalls: SeccompRule[];
}

export class SeccompProfiles {
  private readonly texts = new Map<string, string>();

  constructor(readonly byName: Readonly<Record<SeccompProfileName, SeccompProfile>>) {}

  /** The profile for `names` (one, or several merged) as compact JSON text. */
  text(names: readonly SeccompProfileName[]): string {
    const key = names.join('+');
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(mergeProfiles(names.map((n) => this.byName[n])));
      this.texts.set(key, text);
    }
    return text;
  }
}

/**
 * The union of several profiles: the first one's rules, then every other rule the first does not
 * already have. Names allowed unconditionally are not repeated (libseccomp refuses some duplicates).
 */
export function mergeProfiles(profiles: readonly SeccompProfile[]): SeccompProfile {
  const [base, ...rest] = profiles;
  if (!base) throw new Error('no seccomp profile to merge');
  const allowed = new Set(base.syscalls.filter(isPlainAllow).flatMap((r) => r.names));
  const seen = new Set(base.syscalls.map((r) => ruleKey(r)));
  const syscalls = [...base.syscalls];
  for (const p of rest) {
    if (p.defaultAction !== base.defaultAction) throw new Error('cannot merge seccomp profiles with different default actions');
    for (const rule of p.syscalls) {
      if (isPlainAllow(rule)) {
        const names = rule.names.filter((n) => !allowed.has(n));
        names.forEach((n) => allowed.add(n));
        if (names.length > 0) syscalls.push({ ...rule, names });
      } else if (!seen.has(ruleKey(rule))) {
        seen.add(ruleKey(rule));
        syscalls.push(rule);
      }
    }
  }
  const comment = profiles.map((p) => p.comment ?? '').filter(Boolean).join(' + ');
  return { ...base, ...(comment ? { comment } : {}), syscalls };
}

function isPlainAllow(r: SeccompRule): boolean {
  return r.action === 'SCMP_ACT_ALLOW' && (r.args === undefined || r.args.length === 0);
}

function ruleKey(r: SeccompRule): string {
  return JSON.stringify({ names: r.names, action: r.action, args: r.args, errnoRet: r.errnoRet });
}

/** Reads and checks `<dir>/<name>.json` for every profile; throws naming the file at fault. */
export function loadSeccompProfiles(dir: string = findSeccompDir()): SeccompProfiles {
  const byName = {} as Record<SeccompProfileName, SeccompProfile>;
  for (const name of SECCOMP_PROFILE_NAMES) {
    const file = path.join(dir, `${name}.json`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read seccomp profile ${file}: ${errorMessage(err)}`);
    }
    const problem = profileProblem(raw);
    if (problem) throw new Error(`seccomp profile ${file} is not usable: ${problem}`);
    byName[name] = raw as SeccompProfile;
  }
  return new SeccompProfiles(byName);
}

/** What is wrong with a profile, or null. Checks what a typo would silently break. */
export function profileProblem(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'expected a JSON object';
  const p = raw as Partial<SeccompProfile>;
  // An allowlist only: a profile that allows by default would block nothing it does not name.
  if (p.defaultAction !== 'SCMP_ACT_ERRNO') return `defaultAction must be "SCMP_ACT_ERRNO" (got ${JSON.stringify(p.defaultAction)})`;
  if (!Array.isArray(p.architectures) || p.architectures.length === 0) return 'architectures must be a non-empty list';
  if (!Array.isArray(p.syscalls) || p.syscalls.length === 0) return 'syscalls must be a non-empty list';
  for (const [i, r] of p.syscalls.entries()) {
    if (!Array.isArray(r?.names) || r.names.length === 0 || !r.names.every((n) => typeof n === 'string' && /^[a-z0-9_]+$/.test(n))) {
      return `syscalls[${i}].names must be a non-empty list of syscall names`;
    }
    if (typeof r.action !== 'string' || !r.action.startsWith('SCMP_ACT_')) return `syscalls[${i}].action must be an SCMP_ACT_* action`;
  }
  const allowed = new Set(p.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names));
  // Without these runc cannot start the entrypoint (the Rust Minimal profile lacks execve).
  for (const needed of ['execve', 'exit_group', 'fstatfs']) {
    if (!allowed.has(needed)) return `it must allow "${needed}", or no container can start under it`;
  }
  return null;
}

/**
 * `seccomp/` of this checkout or installation: next to the bundle (dist/), above the sources, or
 * in Electron's resources folder.
 */
export function findSeccompDir(start: string = import.meta.dirname): string {
  const candidates: string[] = [];
  for (let dir = start, i = 0; i < 8; i += 1, dir = path.dirname(dir)) candidates.push(path.join(dir, 'seccomp'));
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, 'seccomp'));
  const found = candidates.find((d) => existsSync(path.join(d, 'default.json')));
  if (!found) throw new Error(`seccomp profiles not found: looked for seccomp/default.json in ${candidates.join(', ')}`);
  return found;
}
