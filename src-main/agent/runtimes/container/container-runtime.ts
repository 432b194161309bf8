// Container Cargos (`runtime_type: "container"`, island-protocol.md §4.5.1) with the fixes the
// design asks for: every failure is `failed` with its reason (never `succeeded`, quirk 1), a
// cancelled or timed-out container is killed and removed, the sandbox is always on (sandbox-plan),
// and the Island notices Docker leaving and coming back (docker-health) without a restart. A job
// whose container Docker stopped or lost (dockerd restarted mid-job) fails saying so (docker-gone).
import { containerGpuDevices, type GpuOffer } from '../../availability/gpu-offer';
import type Docker from 'dockerode';
import type { IslandConfig } from '../../../../src-shared/config/schema';
import { containerCrashError } from '../../../../src-shared/protocol/exit-codes';
import type { AssignJob, CacheMetricsSnapshot } from '../../../../src-shared/protocol/messages';
import type { JobContext, Runtime, RuntimeAvailability, RuntimeResult } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import type { RuntimeEventSink } from '../runtime-events';
import { CargoStdout } from './cargo-stdout';
import { ContainerRunError, runContainer, type ContainerExit } from './container-run';
import { containerCreateOptions } from './container-spec';
import { dockerMessage, isDockerUnreachable } from './docker-errors';
import { dockerGoneError, stoppedByDockerError } from './docker-gone';
import { DockerHealth, type DockerHealthOptions } from './docker-health';
import { ImageRejectedError, type ImageSupply, type PreparedImage } from './image-supply';
import { ImageVolumes } from './image-volumes';
import { containerName, jobLabels, type LabelOwner } from './labels';
import { LeftBehind, removeOrphans } from './orphans';
import { DEFAULT_TIER_TIMEOUTS, planSandbox, tierKind, type OwnerLimits, type TierTimeouts } from './sandbox-plan';
import type { SeccompProfiles } from './seccomp-profiles';
import { StderrLog } from './stderr-log';

export type HealthTimings = Pick<DockerHealthOptions, 'pingTimeoutMs' | 'upIntervalMs' | 'downInitialMs' | 'downMaxMs'>;

export interface ContainerRuntimeOptions {
  config: IslandConfig;
  log: Logger;
  events: RuntimeEventSink;
  docker: Docker;
  /** Where Docker is, for messages. */
  endpoint: string;
  /** Why the configured Docker address cannot be used, if it cannot. */
  dockerProblem?: string;
  supply: ImageSupply;
  profiles: SeccompProfiles;
  owner: LabelOwner;
  /** Per-tier wall-clock limits (tests shorten them). */
  tierTimeouts?: Partial<TierTimeouts>;
  health?: HealthTimings;
}

export function noDockerError(jobId: string): string {
  return `Job ${jobId} requires Docker but Docker is not available. Install Docker to run container workloads.`;
}

export const OOM_ERROR = 'Out of memory: container exceeded memory limit';

export class ContainerRuntime implements Runtime {
  readonly type = 'container' as const;
  readonly seqBase = 1 as const;
  /** The image is pulled and verified first; the tier's timeout starts once it is ready. */
  readonly preparesFirst = true;
  readonly health: DockerHealth;
  private readonly timeouts: TierTimeouts;
  private owner: OwnerLimits;
  private readonly leftBehind = new LeftBehind();
  private readonly volumes: ImageVolumes;
  private started = false;
  private supplyStarted = false;
  private dockerBack: Promise<void> | null = null;

  constructor(private readonly o: ContainerRuntimeOptions) {
    this.timeouts = { ...DEFAULT_TIER_TIMEOUTS, ...o.tierTimeouts };
    const limits = o.config.workload.resource_limits;
    this.owner = {
      memoryMb: limits.memory_mb,
      readOnlyRootfs: limits.read_only_rootfs,
      tmpfsSizeMb: limits.tmpfs_size_mb,
      cpuPercent: limits.cpu_percent,
      networkDisabled: limits.network_disabled,
      gpuDevices: o.config.workload.gpu_devices,
    };
    this.volumes = new ImageVolumes(o.docker);
    this.health = new DockerHealth({
      docker: o.docker,
      endpoint: o.endpoint,
      log: o.log,
      events: o.events,
      ...o.health,
      ...(o.dockerProblem ? { problem: o.dockerProblem } : {}),
      onAvailable: () => {
        if (this.started) void this.whenDockerBack();
      },
    });
  }

  availability(): RuntimeAvailability {
    return this.health.availability();
  }

  /** `[workload] gpu_devices` less the GPUs the owner excluded: those never reach a container. */
  restrictGpus(offer: GpuOffer): void {
    this.owner = { ...this.owner, gpuDevices: containerGpuDevices(this.o.config.workload.gpu_devices, offer) };
  }

  timeoutSeconds(job: AssignJob): number {
    return this.timeouts[tierKind(job.sandbox_tier)];
  }

  cacheMetrics(): CacheMetricsSnapshot {
    return this.o.supply.metrics();
  }

  /** Removes orphans, starts the image supply once Docker answers, and keeps watching Docker. */
  async start(): Promise<void> {
    this.started = true;
    const up = this.health.available || (await this.health.check());
    this.health.start();
    if (up) await this.whenDockerBack();
  }

  async close(): Promise<void> {
    this.started = false;
    this.health.stop();
    this.leftBehind.stop();
    if (this.leftBehind.size > 0) await this.leftBehind.retry(this.o.docker, this.o.log);
    if (this.supplyStarted) await this.o.supply.close().catch((err: unknown) => this.o.log.warn('image supply did not close cleanly', { error: String(err) }));
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const { job, log } = ctx;
    if (!this.health.available && !(await this.health.check())) return failed(noDockerError(job.job_id));
    const image = job.container_image ?? this.o.config.workload.llm_chat_image;
    let prepared: PreparedImage;
    try {
      prepared = await this.o.supply.prepare(image, job.image_digest, { signal: ctx.signal, jobId: job.job_id });
    } catch (err) {
      return this.prepareFailed(err, image, log);
    }
    ctx.prepared();
    let result: RuntimeResult;
    try {
      result = await this.runPrepared(ctx, prepared);
    } catch (err) {
      result = this.runFailed(err, ctx);
    }
    if (!ctx.signal.aborted) this.o.supply.recordRun(job.workload_id, image, result.outcome === 'succeeded');
    return result;
  }

  private async runPrepared(ctx: JobContext, prepared: PreparedImage): Promise<RuntimeResult> {
    const { job, emit, log, signal } = ctx;
    const plan = planSandbox(job.sandbox_tier, this.owner, { nvidiaRuntime: this.health.facts?.nvidiaRuntime ?? false }, this.timeouts);
    for (const note of plan.notes) log.info(note);
    const volumes = await this.volumes.of(prepared.ref, prepared.imageId);
    const name = containerName();
    const create = containerCreateOptions({
      name,
      image: prepared.ref,
      labels: jobLabels(this.o.owner, job.job_id),
      plan,
      seccomp: this.o.profiles.text(plan.seccomp),
      volumes,
    });
    log.debug('creating the job container', {
      container: name,
      image: prepared.ref,
      tier: plan.tier,
      seccomp: plan.seccomp.join('+'),
      network: plan.network,
      memory_mb: plan.memoryBytes / 1048576,
      gpu: plan.gpuDevices?.join(',') ?? 'none',
    });
    const stdout = new CargoStdout(emit, log);
    const stderr = new StderrLog(log);
    let exit: ContainerExit;
    try {
      exit = await runContainer({
        docker: this.o.docker,
        create,
        input: job.input,
        signal,
        stdout: (b) => stdout.push(b),
        stderr: (b) => stderr.push(b),
        log,
        onLeftBehind: (id) => {
          this.leftBehind.add(id);
          this.leftBehind.retryLater(this.o.docker, this.o.log);
        },
      });
    } finally {
      stdout.end();
      stderr.end();
    }
    // The engine reports cancel / timeout / shutdown itself, with the real limit.
    if (exit.kind === 'aborted') return failed('aborted');
    if (exit.kind === 'stopped') {
      // Docker may be on its way down: let the heartbeat stop offering containers without delay.
      this.health.reportFailure();
      const error = stoppedByDockerError(exit.signal);
      log.warn(error, { container: name });
      return failed(error);
    }
    const result = outcomeOf(exit);
    if (result.outcome === 'failed') {
      const tail = stderr.tail(2048).trim();
      log.warn(`container Cargo failed: ${result.error}`, { container: name, ...(tail ? { stderr_tail: tail } : {}) });
      return result;
    }
    emit.final('');
    return result;
  }

  private prepareFailed(err: unknown, image: string, log: Logger): RuntimeResult {
    if (err instanceof ImageRejectedError) {
      log.warn(`image refused: ${err.message}`, { image });
      return failed(err.message);
    }
    if (isDockerUnreachable(err)) this.health.reportFailure();
    return failed(`Failed to ensure container image: ${dockerMessage(err)}`);
  }

  private runFailed(err: unknown, ctx: JobContext): RuntimeResult {
    if (err instanceof ContainerRunError && err.dockerUnreachable) {
      this.health.reportFailure();
      const message = dockerGoneError(err.phase, this.o.endpoint);
      ctx.log.warn(message, { cause: dockerMessage(err.cause) });
      return failed(message);
    }
    const message = err instanceof ContainerRunError ? err.message : `Container runtime error: ${dockerMessage(err)}`;
    ctx.log.warn(message);
    return failed(message);
  }

  /** Docker answered (at start, or after being away): clean up after earlier runs, start the supply. */
  private whenDockerBack(): Promise<void> {
    this.dockerBack ??= (async () => {
      const { docker, log } = this.o;
      try {
        await removeOrphans(docker, this.o.owner, log);
        if (this.leftBehind.size > 0) await this.leftBehind.retry(docker, log);
      } catch (err) {
        log.warn(`could not look for leftover job containers: ${dockerMessage(err)}`);
      }
      if (!this.supplyStarted) {
        this.supplyStarted = true;
        await this.o.supply.start().catch((err: unknown) => log.error('image supply failed to start', { error: String(err) }));
      }
    })().finally(() => {
      this.dockerBack = null;
    });
    return this.dockerBack;
  }
}

/** §4.5.1 terminal outcomes: OOM is checked first, then the exit code. */
export function outcomeOf(exit: { exitCode: number; oomKilled: boolean }): RuntimeResult {
  if (exit.oomKilled) return failed(OOM_ERROR);
  if (exit.exitCode !== 0) return failed(containerCrashError(exit.exitCode));
  return { outcome: 'succeeded' };
}

function failed(error: string): RuntimeResult {
  return { outcome: 'failed', error };
}
