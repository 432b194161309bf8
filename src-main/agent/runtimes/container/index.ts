// The container runtime's public face: what create-runtimes.ts wires, and what the image supply
// shares (the same dockerode client, so both halves of a job talk to the same engine).
import type Docker from 'dockerode';
import type { RuntimeContext } from '../create-runtimes';
import { ContainerRuntime, type HealthTimings } from './container-runtime';
import { openDocker } from './docker-client';
import type { ImageSupply } from './image-supply';
import { instanceIdFor, newSessionId } from './labels';
import type { TierTimeouts } from './sandbox-plan';
import { loadSeccompProfiles } from './seccomp-profiles';

export interface ContainerRuntimeDeps {
  supply: ImageSupply;
  /** The client to use; default: createDockerClient(ctx.settings.dockerHost). */
  docker?: Docker;
  /** Labels containers with the Island's host id (informational; orphans are matched by install). */
  hostId?: string;
  /** Default: `seccomp/` of this checkout or installation. */
  seccompDir?: string;
  tierTimeouts?: Partial<TierTimeouts>;
  health?: HealthTimings;
}

/**
 * The container runtime, with Docker checked once so that `availability()` is right from the
 * first heartbeat. A missing Docker or a bad DOCKER_HOST only makes it unavailable; it throws only
 * when the seccomp profiles cannot be read, because running Cargos without them is not an option.
 */
export async function createContainerRuntime(ctx: RuntimeContext, deps: ContainerRuntimeDeps): Promise<ContainerRuntime> {
  const profiles = loadSeccompProfiles(deps.seccompDir);
  const connection = openDocker(ctx.settings.dockerHost);
  const runtime = new ContainerRuntime({
    config: ctx.config,
    log: ctx.log.child('container'),
    events: ctx.events,
    docker: deps.docker ?? connection.docker,
    endpoint: connection.endpoint,
    ...(connection.problem ? { dockerProblem: connection.problem } : {}),
    supply: deps.supply,
    profiles,
    owner: { instanceId: instanceIdFor(ctx.paths.home), sessionId: newSessionId(), hostId: deps.hostId },
    ...(deps.tierTimeouts ? { tierTimeouts: deps.tierTimeouts } : {}),
    ...(deps.health ? { health: deps.health } : {}),
  });
  await runtime.health.check();
  return runtime;
}

export { ContainerRuntime, noDockerError, OOM_ERROR, outcomeOf } from './container-runtime';
export type { ContainerRuntimeOptions, HealthTimings } from './container-runtime';
export { createDockerClient, dockerEndpoint, describeEndpoint, openDocker } from './docker-client';
export type { DockerConnection } from './docker-client';
export { ImageRejectedError } from './image-supply';
export type { ImageSupply, PreparedImage, SignatureVerdict } from './image-supply';
export { planSandbox, DEFAULT_TIER_TIMEOUTS } from './sandbox-plan';
export type { SandboxPlan, TierTimeouts } from './sandbox-plan';
export { loadSeccompProfiles, SECCOMP_PROFILE_NAMES } from './seccomp-profiles';
export { LABEL_ISLAND, LABEL_JOB, LABEL_HOST, LABEL_INSTANCE, LABEL_SESSION, instanceIdFor } from './labels';
