// Finding the real programs the tests start (nats-server, dockerd, docker-registry, chromium, ...).
// DESIGN.md: a test that needs one fails under CI=true and may only skip, loudly, on a developer's
// machine. So this module never skips silently: it either throws (CI) or warns and returns null.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian package that provides each program, for the error message. */
const APT_PACKAGES: Record<string, string> = {
  'nats-server': 'nats-server',
  dockerd: 'docker.io',
  docker: 'docker.io',
  'docker-registry': 'docker-registry',
  chromium: 'chromium',
  skopeo: 'skopeo',
  busybox: 'busybox-static',
  '7za': 'p7zip-full',
  lspci: 'pciutils',
};

// Debian installs daemons in sbin, which is missing from many users' PATH (nats-server lives in
// /usr/sbin on this machine even though most docs say /usr/bin).
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export interface RequireBinaryOptions {
  /** The apt package to name when it is missing, if not in the built-in table. */
  aptPackage?: string;
  /** What needs it, for the message ("the NATS integration tests"). */
  neededBy?: string;
  /** Environment overrides (tests of this function); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Absolute path of an executable named `name`, or null if none is found. Never throws. */
export function findBinary(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of new Set(dirs)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/**
 * Path of the program, or — when it is missing — an Error under `CI=true` and otherwise `null`
 * after a loud warning, so the caller can `describe.skipIf(!bin)`.
 */
export function requireBinary(name: string, opts: RequireBinaryOptions = {}): string | null {
  const env = opts.env ?? process.env;
  const found = findBinary(name, env);
  if (found) return found;
  const pkg = opts.aptPackage ?? APT_PACKAGES[name] ?? name;
  const who = opts.neededBy ? ` (needed by ${opts.neededBy})` : '';
  const message = `${name} not found on PATH or in sbin${who}; install it with: apt-get install ${pkg}`;
  if (env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING: ${message}\n!! (under CI=true this is a failure, not a skip)\n${'!'.repeat(78)}\n`);
  return null;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
