// One dockerode client per Island, built from `settings.dockerHost` (DOCKER_HOST, else
// `[docker] socket`, else the platform's default). The image supply should use the same instance,
// so that both halves of a container job talk to the same engine.
import { errorMessage } from '../../../../src-shared/errors';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';

export type DockerEndpoint =
  | { kind: 'socket'; socketPath: string }
  | { kind: 'tcp'; protocol: 'http' | 'https'; host: string; port: number };

const WINDOWS_PIPE = '//./pipe/docker_engine';
const UNIX_SOCKET = '/var/run/docker.sock';

/**
 * Where the engine is. Accepts `unix:///path`, `npipe:////./pipe/name`, `tcp://host:port`
 * (https on 2376, as the docker CLI does), `http://` and `https://`.
 */
export function dockerEndpoint(dockerHost: string | undefined, platform: NodeJS.Platform = process.platform): DockerEndpoint {
  const host = dockerHost?.trim();
  if (!host) return { kind: 'socket', socketPath: defaultSocket(platform) };
  if (host.startsWith('unix://')) return { kind: 'socket', socketPath: host.slice('unix://'.length) || defaultSocket(platform) };
  if (host.startsWith('npipe://')) return { kind: 'socket', socketPath: host.slice('npipe://'.length) || WINDOWS_PIPE };
  let url: URL;
  try {
    url = new URL(host.includes('://') ? host : `tcp://${host}`);
  } catch {
    throw new Error(`Docker host "${host}" is not a valid address: expected unix:///path, npipe:////./pipe/name or tcp://host:port`);
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) {
    throw new Error(`Docker host "${host}" uses ${url.protocol.slice(0, -1)}://, which the Island does not support: use unix://, npipe:// or tcp://`);
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 2376 : 2375;
  const protocol = url.protocol === 'https:' || (url.protocol === 'tcp:' && port === 2376) ? 'https' : 'http';
  return { kind: 'tcp', protocol, host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Docker Desktop on macOS may only offer the per-user socket. */
function defaultSocket(platform: NodeJS.Platform): string {
  if (platform === 'win32') return WINDOWS_PIPE;
  if (platform === 'darwin' && !existsSync(UNIX_SOCKET)) {
    const desktop = path.join(homedir(), '.docker', 'run', 'docker.sock');
    if (existsSync(desktop)) return desktop;
  }
  return UNIX_SOCKET;
}

export function describeEndpoint(e: DockerEndpoint): string {
  return e.kind === 'socket' ? e.socketPath : `${e.protocol}://${e.host}:${e.port}`;
}

export interface DockerConnection {
  docker: Docker;
  /** Where the engine is, for messages. */
  endpoint: string;
  /** Why `dockerHost` cannot be used (the client then reaches nothing, and Docker is reported unavailable). */
  problem?: string;
}

// A socket that cannot exist: with an unusable DOCKER_HOST every call fails at once with ENOENT,
// rather than silently talking to some other engine.
const NOWHERE = '/nonexistent/invalid-docker-host.sock';

/** The client for `dockerHost`; never throws, so a bad DOCKER_HOST cannot stop the Island (WASM still runs). */
export function openDocker(dockerHost?: string): DockerConnection {
  let e: DockerEndpoint;
  try {
    e = dockerEndpoint(dockerHost);
  } catch (err) {
    return { docker: new Docker({ socketPath: NOWHERE }), endpoint: dockerHost ?? '', problem: errorMessage(err) };
  }
  const docker = e.kind === 'socket' ? new Docker({ socketPath: e.socketPath }) : new Docker({ protocol: e.protocol, host: e.host, port: e.port });
  return { docker, endpoint: describeEndpoint(e) };
}

/**
 * The client for `dockerHost` (pass `settings.dockerHost`; this never reads process.env). Give the
 * same instance to the image supply and to createContainerRuntime.
 */
export function createDockerClient(dockerHost?: string): Docker {
  return openDocker(dockerHost).docker;
}
