// Shared by the container runtime's tests against the real dockerd: the test images (built FROM
// scratch from tests/fixtures/container/*.sh), a runtime in a throwaway home (so its containers carry
// their own instance label and parallel test files never see each other's), and one job run through
// the engine's own executeJob, so cancel, timeout and seq rules are the real ones.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { parseConfigText } from '../../../../src-main/agent/config/parse-config-text';
import { resolveRuntimeSettings } from '../../../../src-main/agent/config/runtime-settings';
import { executeJob, type JobFinish } from '../../../../src-main/agent/jobs/job-execution';
import { islandPaths } from '../../../../src-main/agent/paths';
import { createContainerRuntime, type ContainerRuntime, type ContainerRuntimeDeps } from '../../../../src-main/agent/runtimes/container/index';
import { instanceIdFor, LABEL_INSTANCE } from '../../../../src-main/agent/runtimes/container/labels';
import type { RuntimeEvent } from '../../../../src-main/agent/runtimes/runtime-events';
import type { AssignJob } from '../../../../src-shared/protocol/messages';
import { buildTestImage, listContainersByLabel, testDockerHost, type TestImageOptions } from '../../../harness/docker';
import { LocalImageSupply } from '../../../helpers/local-image-supply';
import { RecordingReporter } from '../../../helpers/recording-reporter';
import { createTestLogger, type TestLogger } from '../../../helpers/test-logger';

const FIXTURES = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'container');

export type FixtureName = 'stream' | 'exit-code' | 'ticker' | 'sandbox-probe' | 'misbehave' | 'input-size';

/** `island-test/<name>:latest`, built from tests/fixtures/container/<name>.sh (reused when unchanged). */
export function fixtureImage(docker: Docker, name: FixtureName, opts: TestImageOptions & { tag?: string } = {}): Promise<string> {
  const script = readFileSync(path.join(FIXTURES, `${name}.sh`), 'utf8');
  return buildTestImage(opts.tag ?? `island-test/${name}:latest`, script, { ...opts, docker });
}

let jobCounter = 0;

export function makeJob(fields: Partial<AssignJob> = {}): AssignJob {
  jobCounter += 1;
  return {
    job_id: `job-${process.pid}-${Date.now()}-${jobCounter}`,
    workload_id: null,
    input: {},
    lease_expires: Date.now() + 60_000,
    runtime_type: 'container',
    container_image: null,
    image_digest: null,
    wasm_url: null,
    wasm_hash: null,
    model_url: null,
    model_hash: null,
    model_context_size: null,
    model_temperature: null,
    onnx_model_url: null,
    onnx_model_hash: null,
    onnx_task_type: null,
    sandbox_tier: 'standard',
    pipeline_config: null,
    expert_config: null,
    speculative_config: null,
    training_config: null,
    ...fields,
  };
}

export interface RuntimeFixture {
  runtime: ContainerRuntime;
  supply: LocalImageSupply;
  log: TestLogger;
  events: RuntimeEvent[];
  home: string;
  instanceId: string;
  /** Containers of this runtime that still exist. */
  containers(): Promise<Docker.ContainerInfo[]>;
  close(): Promise<void>;
}

export interface RuntimeFixtureOptions extends Partial<Omit<ContainerRuntimeDeps, 'supply'>> {
  docker: Docker;
  /** Lines appended to config.toml (e.g. `[workload.resource_limits]` ...). */
  toml?: string;
  dockerHost?: string;
  supply?: LocalImageSupply;
  home?: string;
  /** Call start() (orphan cleanup, health polling); default true. */
  start?: boolean;
}

export async function startRuntime(opts: RuntimeFixtureOptions): Promise<RuntimeFixture> {
  const home = opts.home ?? mkdtempSync(path.join(tmpdir(), 'island-container-'));
  const paths = islandPaths(home);
  const { config } = parseConfigText(`[coordinator]\nnats_url = "nats://127.0.0.1:4222"\n${opts.toml ?? ''}\n`, paths.config);
  const log = createTestLogger();
  const events: RuntimeEvent[] = [];
  const supply = opts.supply ?? new LocalImageSupply(opts.docker);
  const dockerHost = opts.dockerHost ?? testDockerHost();
  const runtime = await createContainerRuntime(
    {
      config,
      paths,
      log,
      settings: resolveRuntimeSettings(config, { DOCKER_HOST: dockerHost }),
      events: (e) => events.push(e),
    },
    {
      supply,
      ...(opts.dockerHost ? {} : { docker: opts.docker }),
      ...(opts.hostId ? { hostId: opts.hostId } : {}),
      ...(opts.tierTimeouts ? { tierTimeouts: opts.tierTimeouts } : {}),
      health: opts.health ?? { downInitialMs: 100, downMaxMs: 300, upIntervalMs: 500 },
    },
  );
  if (opts.start !== false) await runtime.start();
  const instanceId = instanceIdFor(home);
  return {
    runtime,
    supply,
    log,
    events,
    home,
    instanceId,
    containers: () => listContainersByLabel(opts.docker, `${LABEL_INSTANCE}=${instanceId}`),
    close: async () => {
      await runtime.close();
      if (!opts.home) rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface JobRun {
  finish: JobFinish;
  reporter: RecordingReporter;
  /** Statuses as `state` or `state: error`. */
  states: string[];
  tokens: string[];
}

export interface RunJobOptions {
  /** Abort (as a cancel) when this returns true for a token. */
  cancelOn?: (token: string) => boolean;
  controller?: AbortController;
  reporter?: RecordingReporter;
}

/** Runs `job` through the engine's executeJob (real timeout, cancel and seq handling). */
export async function runJob(fx: RuntimeFixture, job: AssignJob, opts: RunJobOptions = {}): Promise<JobRun> {
  const reporter = opts.reporter ?? new RecordingReporter();
  const controller = opts.controller ?? new AbortController();
  const tokens: string[] = [];
  const onToken = (t: string) => {
    tokens.push(t);
    if (opts.cancelOn?.(t)) controller.abort({ kind: 'cancel' });
  };
  const jobLog = fx.log.child(`job.${job.job_id}`);
  const finish = await executeJob(
    job,
    fx.runtime,
    controller,
    reporter,
    jobLog,
    { leaseIntervalMs: 30_000, leaseExtendSeconds: 60, abortGraceMs: 10_000, prepareTimeoutSeconds: 1_800 },
    onToken,
  );
  return { finish, reporter, states: reporter.statesOf(job.job_id), tokens };
}

/** The `key=value` facts a sandbox-probe run reported. */
export function facts(tokens: string[]): Record<string, string> {
  return Object.fromEntries(
    tokens.map((t) => {
      const i = t.search(/[=:]/);
      return [t.slice(0, i), t.slice(i + 1)];
    }),
  );
}
