// Private-registry logins from `[registry.auth."host[:port]"]`. A login is looked up by the exact
// registry of the image being pulled, so it is never offered to any other registry (quirk 19: the
// Rust Island had no auth at all; Docker's own credential store is not read either).
import type { IslandConfig, RegistryAuthConfig } from '../../../../src-shared/config/schema';
import { normaliseRegistry } from './image-ref';

export type RegistryLogin = RegistryAuthConfig;

export class RegistryLogins {
  private readonly byHost = new Map<string, RegistryLogin>();

  constructor(config: Record<string, RegistryLogin>) {
    for (const [host, login] of Object.entries(config)) this.byHost.set(normaliseRegistry(host), login);
  }

  static fromConfig(config: IslandConfig): RegistryLogins {
    return new RegistryLogins(config.registry.auth);
  }

  /** The login configured for exactly this registry (`docker.io`, `127.0.0.1:5000`), if any. */
  forRegistry(registry: string): RegistryLogin | undefined {
    return this.byHost.get(normaliseRegistry(registry));
  }
}

/** Docker Engine's X-Registry-Auth for a pull from `registry`. */
export function dockerAuthConfig(registry: string, login: RegistryLogin): { username?: string; password?: string; identitytoken?: string; serveraddress: string } {
  const serveraddress = registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
  if (login.username !== undefined && login.password !== undefined) return { username: login.username, password: login.password, serveraddress };
  return { identitytoken: login.identity_token, serveraddress };
}

export function basicAuthorization(login: RegistryLogin): string | undefined {
  if (login.username === undefined || login.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
}

export interface AuthChallenge {
  scheme: 'bearer' | 'basic';
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or Basic). */
export function parseChallenge(header: string | null): AuthChallenge | null {
  if (!header) return null;
  const m = /^\s*(Bearer|Basic)\b(.*)$/i.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: m[1]!.toLowerCase() as 'bearer' | 'basic', params };
}
