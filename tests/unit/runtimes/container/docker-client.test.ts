// Where Docker is: DOCKER_HOST / [docker] socket forms, and the platform defaults.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfigText } from '../../../../src-main/agent/config/parse-config-text';
import { resolveRuntimeSettings } from '../../../../src-main/agent/config/runtime-settings';
import { islandPaths } from '../../../../src-main/agent/paths';
import { describeEndpoint, dockerEndpoint, openDocker } from '../../../../src-main/agent/runtimes/container/docker-client';
import { createContainerRuntime } from '../../../../src-main/agent/runtimes/container/index';
import type { RuntimeEvent } from '../../../../src-main/agent/runtimes/runtime-events';
import { LocalImageSupply } from '../../../helpers/local-image-supply';
import { createTestLogger } from '../../../helpers/test-logger';

describe('dockerEndpoint', () => {
  it('defaults to the platform socket', () => {
    expect(dockerEndpoint(undefined, 'linux')).toEqual({ kind: 'socket', socketPath: '/var/run/docker.sock' });
    expect(dockerEndpoint('  ', 'linux')).toEqual({ kind: 'socket', socketPath: '/var/run/docker.sock' });
    expect(dockerEndpoint(undefined, 'win32')).toEqual({ kind: 'socket', socketPath: '//./pipe/docker_engine' });
  });

  it('reads unix://, npipe:// and tcp:// addresses', () => {
    expect(dockerEndpoint('unix:///run/user/1000/docker.sock', 'linux')).toEqual({ kind: 'socket', socketPath: '/run/user/1000/docker.sock' });
    expect(dockerEndpoint('npipe:////./pipe/docker_engine_linux', 'win32')).toEqual({ kind: 'socket', socketPath: '//./pipe/docker_engine_linux' });
    expect(dockerEndpoint('tcp://127.0.0.1:2375')).toEqual({ kind: 'tcp', protocol: 'http', host: '127.0.0.1', port: 2375 });
    expect(dockerEndpoint('tcp://docker.local:2376')).toEqual({ kind: 'tcp', protocol: 'https', host: 'docker.local', port: 2376 });
    expect(dockerEndpoint('127.0.0.1:2375')).toEqual({ kind: 'tcp', protocol: 'http', host: '127.0.0.1', port: 2375 });
    expect(dockerEndpoint('https://[::1]:9999')).toEqual({ kind: 'tcp', protocol: 'https', host: '::1', port: 9999 });
  });

  it('refuses what it cannot use, saying what it accepts', () => {
    expect(() => dockerEndpoint('ssh://me@host')).toThrow('Docker host "ssh://me@host" uses ssh://, which the Island does not support: use unix://, npipe:// or tcp://');
    expect(() => dockerEndpoint('tcp://exa mple:1')).toThrow(/is not a valid address/);
  });

  it('describes an endpoint for messages', () => {
    expect(describeEndpoint(dockerEndpoint('tcp://127.0.0.1:2375'))).toBe('http://127.0.0.1:2375');
    expect(describeEndpoint(dockerEndpoint('unix:///x.sock'))).toBe('/x.sock');
  });

  it('openDocker never throws: a bad address gives a client that reaches nothing, and the reason', async () => {
    const c = openDocker('ssh://me@host');
    expect(c.problem).toBe('Docker host "ssh://me@host" uses ssh://, which the Island does not support: use unix://, npipe:// or tcp://');
    await expect(c.docker.ping()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(openDocker('unix:///x.sock')).toMatchObject({ endpoint: '/x.sock' });
    expect(openDocker('unix:///x.sock').problem).toBeUndefined();
  });

  it('a bad DOCKER_HOST leaves the container runtime unavailable with the reason, without stopping the Island', async () => {
    const paths = islandPaths(mkdtempSync(path.join(tmpdir(), 'island-badhost-')));
    const { config } = parseConfigText('[coordinator]\nnats_url = "nats://127.0.0.1:4222"\n', paths.config);
    const events: RuntimeEvent[] = [];
    const runtime = await createContainerRuntime(
      { config, paths, log: createTestLogger(), settings: resolveRuntimeSettings(config, { DOCKER_HOST: 'ssh://me@host' }), events: (e) => events.push(e) },
      { supply: new LocalImageSupply(openDocker().docker) },
    );
    const reason = 'Docker is not available: Docker host "ssh://me@host" uses ssh://, which the Island does not support: use unix://, npipe:// or tcp://';
    expect(runtime.availability()).toEqual({ available: false, reason });
    expect(events).toEqual([{ type: 'availability', runtime: 'container', available: false, reason }]);
    await runtime.close();
  });
});
