// Hostile Cargos (issue 8): images that try to escape or abuse the Island — ptrace, raw sockets,
// namespaces, mount, keyctl, bpf (a static C probe), the host through /proc and /sys, writes
// outside the tmpfs, a fork bomb, a memory bomb, sleeping past the timeout, flooding stdout.
// Each runs as a real job through the container runtime and the real dockerd, in every tier where
// it matters; the fork bomb and the memory bomb also go through a real Island, nats-server and the
// reference coordinator, to prove what the coordinator sees. After every case: none of the
// runtime's containers is left, the host's mounts are unchanged, and a normal job still succeeds.
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src-main/agent/config/parse-config-text';
import { resolveRuntimeSettings } from '../../src-main/agent/config/runtime-settings';
import { executeJob } from '../../src-main/agent/jobs/job-execution';
import { islandPaths } from '../../src-main/agent/paths';
import { MAX_STDOUT_LOG_RECORDS } from '../../src-main/agent/runtimes/container/cargo-stdout';
import { createContainerRuntime } from '../../src-main/agent/runtimes/container/index';
import { instanceIdFor, LABEL_INSTANCE } from '../../src-main/agent/runtimes/container/labels';
import { RuntimeEventHub } from '../../src-main/agent/runtimes/runtime-events';
import type { JobOutput } from '../../src-shared/protocol/messages';
import { watchContainer } from '../fixtures/hostile/container-watch';
import { hostileImage, probeImage } from '../fixtures/hostile/hostile-images';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { listContainersByLabel, requireDocker, testDockerHost } from '../harness/docker';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { LocalImageSupply } from '../helpers/local-image-supply';
import { RecordingReporter } from '../helpers/recording-reporter';
import { createTestLogger } from '../helpers/test-logger';
import { facts, makeJob, runJob, startRuntime, type RuntimeFixture } from '../unit/runtimes/container/runtime-fixture';

const docker = await requireDocker('the hostile Cargo suite');
const gcc = requireBinary('gcc', { neededBy: 'the hostile Cargo suite (its static C probe)' });
const natsBin = requireBinary('nats-server');

const TIMEOUT_S = 3;
const SHORT = { restricted: TIMEOUT_S, standard: TIMEOUT_S, elevated: TIMEOUT_S, none: TIMEOUT_S, unknown: TIMEOUT_S };
/** Every tier, as the job names it: the three of §6.1 and none at all. */
const TIERS = ['restricted', 'standard', 'elevated', null] as const;
type Tier = (typeof TIERS)[number];
const tierName = (t: Tier) => t ?? 'no tier';
const MIB = 1024 * 1024;
// A full collection on demand, to tell memory a flood left behind from garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe.skipIf(!docker || !gcc || !natsBin)('hostile Cargos are contained, killed where needed, and reported', { timeout: 60_000 }, () => {
  const d = docker!;
  let images: Record<'syscalls' | 'filesystem' | 'forkBomb' | 'memoryBomb' | 'sleeper' | 'flood' | 'ok', string>;
  /** The owner allows networking: the most a Cargo can get (elevated and no tier get eth0). */
  let open: RuntimeFixture;
  /** The owner caps memory at 128 MiB, a ceiling no tier can raise. */
  let capped: RuntimeFixture;
  let hostMounts: string[];

  beforeAll(async () => {
    const [syscalls, filesystem, forkBomb, memoryBomb, sleeper, flood, ok] = await Promise.all([
      probeImage(d, gcc!, 'syscalls'),
      hostileImage(d, 'filesystem'),
      probeImage(d, gcc!, 'fork-bomb'),
      hostileImage(d, 'memory-bomb'),
      hostileImage(d, 'sleeper'),
      hostileImage(d, 'flood'),
      hostileImage(d, 'well-behaved'),
    ]);
    images = { syscalls, filesystem, forkBomb, memoryBomb, sleeper, flood, ok };
    open = await startRuntime({ docker: d, tierTimeouts: SHORT, toml: '[workload.resource_limits]\nnetwork_disabled = false\ncpu_percent = 50\n' });
    capped = await startRuntime({ docker: d, tierTimeouts: SHORT, toml: '[workload.resource_limits]\nmemory_mb = 128\ncpu_percent = 50\n' });
  }, 120_000);
  afterAll(async () => {
    await open?.close();
    await capped?.close();
  });
  beforeEach(() => {
    hostMounts = ownMounts();
  });
  afterEach(async () => {
    expect(await open.containers()).toEqual([]);
    expect(await capped.containers()).toEqual([]);
    expect(ownMounts()).toEqual(hostMounts);
    for (const fx of [open, capped]) {
      const { states, tokens } = await runJob(fx, makeJob({ container_image: images.ok, sandbox_tier: 'restricted' }));
      expect(states).toEqual(['succeeded']);
      expect(tokens).toEqual(['still here']);
    }
  });

  const run = (fx: RuntimeFixture, image: string, tier: Tier, input: unknown = {}) => runJob(fx, makeJob({ container_image: image, sandbox_tier: tier, input }));

  describe('system calls an escape starts with (static C probe)', () => {
    // Denied everywhere, whatever the tier: seccomp answers EPERM (its defaultErrnoRet), or the
    // kernel does for want of a capability; clone3 answers ENOSYS so libc falls back to clone,
    // whose namespace flags the filter can see.
    const ALWAYS_DENIED = {
      ptrace_traceme: 'EPERM',
      ptrace_attach: 'EPERM',
      process_vm_readv: 'EPERM',
      socket_packet_raw: 'EPERM',
      socket_inet_raw: 'EPERM',
      socket_vsock: 'EPERM',
      socket_alg: 'EPERM',
      unshare_user: 'EPERM',
      unshare_mount: 'EPERM',
      clone_newuser: 'EPERM',
      clone3_newuser: 'ENOSYS',
      setns: 'EPERM',
      mount_tmpfs: 'EPERM',
      mount_bind_root: 'EPERM',
      umount_proc: 'EPERM',
      chroot: 'EPERM',
      pivot_root: 'EPERM',
      keyctl: 'EPERM',
      add_key: 'EPERM',
      bpf: 'EPERM',
      perf_event_open: 'EPERM',
      userfaultfd: 'EPERM',
      io_uring_setup: 'EPERM',
      init_module: 'EPERM',
      kexec_load: 'EPERM',
      reboot: 'EPERM',
      syslog_read: 'EPERM',
      open_by_handle_at: 'EPERM',
      mknod_dev: 'EPERM',
      iopl: 'EPERM',
      sethostname: 'EPERM',
      setuid_root: 'EPERM',
    };
    // What differs by tier: an ordinary socket only with the network profile; running a copy of
    // itself from a memfd (no file, so /tmp's noexec is not involved) is refused by `minimal` only.
    const BY_TIER: Record<string, Record<string, string>> = {
      restricted: { socket_inet_tcp: 'EPERM', socket_unix: 'EPERM', memfd_exec: 'EPERM' },
      standard: { socket_inet_tcp: 'EPERM', socket_unix: 'EPERM', memfd_exec: 'ok' },
      elevated: { socket_inet_tcp: 'ok', socket_unix: 'ok', memfd_exec: 'ok' },
      'no tier': { socket_inet_tcp: 'ok', socket_unix: 'ok', memfd_exec: 'ok' },
    };
    for (const tier of TIERS) {
      it(`${tierName(tier)}: ptrace, raw and packet sockets, namespaces, mount, keyctl, bpf, modules… all denied, each reported`, async () => {
        const { states, tokens } = await run(open, images.syscalls, tier);
        expect(states).toEqual(['succeeded']);
        expect(facts(tokens)).toEqual({ ...ALWAYS_DENIED, ...BY_TIER[tierName(tier)] });
      });
    }
  });

  describe('the filesystem: mount, writes outside the tmpfs, exec from /tmp, the host through /proc and /sys', () => {
    for (const tier of TIERS) {
      it(`${tierName(tier)}: every attempt denied, masked /proc files empty, only the container's own processes, no network unless allowed`, async () => {
        const { states, tokens } = await run(open, images.filesystem, tier);
        expect(states).toEqual(['succeeded']);
        const seen = facts(tokens);
        const attempts = Object.fromEntries(Object.entries(seen).filter(([, v]) => v === 'denied' || v === 'ALLOWED'));
        expect(attempts).toEqual({
          mount_tmpfs: 'denied',
          mount_proc: 'denied',
          mount_bind: 'denied',
          remount_root_rw: 'denied',
          write_rootfs: 'denied',
          overwrite_busybox: 'denied',
          // The one writable place, and the only one: a size-capped tmpfs.
          write_tmp: 'ALLOWED',
          exec_tmp_binary: 'denied',
          exec_tmp_script: 'denied',
          write_sysrq: 'denied',
          write_proc_sys: 'denied',
          write_core_pattern: 'denied',
          write_uevent_helper: 'denied',
          write_cgroup_memory: 'denied',
          write_release_agent: 'denied',
          dmesg: 'denied',
        });
        // Docker masks /proc/kcore and /proc/keys with an empty file: readable, nothing in them.
        expect(seen.kcore_bytes).toBe('0');
        expect(seen.keys_bytes).toBe('0');
        // PID 1 is the Cargo itself: the host's processes are not in its /proc.
        expect(seen.pid1).toBe('/bin/sh /run.sh ');
        expect(Number(seen.processes)).toBeLessThan(10);
        // The binary refused above really was in /tmp: noexec refused it, not a failed copy.
        expect(seen.tmp_copy).toBe('made');
        // Known and harmless (docs/SECURITY.md): Docker's overlay mount names its host directories
        // in /proc/self/mountinfo; the Cargo can read those names, not reach or write them.
        expect(Number(seen.mountinfo_host_paths)).toBeGreaterThan(0);
        expect(seen.ifaces).toBe(tier === 'elevated' || tier === null ? 'eth0,lo,' : 'lo,');
      });
    }
  });

  describe('sleeping past the timeout', () => {
    it('every tier: SIGTERM ignored, yet killed and removed at the timeout, reported `failed` with the limit', async () => {
      const started = Date.now();
      const runs = await Promise.all(TIERS.map((tier) => run(open, images.sleeper, tier)));
      for (const { states } of runs) expect(states).toEqual(['streaming', `failed: Timeout: job exceeded ${TIMEOUT_S}s limit`]);
      expect(Date.now() - started).toBeLessThan((TIMEOUT_S + 4) * 1000);
    });
  });

  describe('a memory bomb', () => {
    it('every tier under the owner’s 128 MiB ceiling: OOM-killed, reported `failed` as out of memory', async () => {
      const runs = await Promise.all(TIERS.map((tier) => run(capped, images.memoryBomb, tier, { mb: 512 })));
      for (const { states, tokens } of runs) {
        expect(tokens).toEqual(['allocating 512 MiB']);
        expect(states).toEqual(['failed: Out of memory: container exceeded memory limit']);
      }
    });

    it('restricted on its own limit (256 MiB, owner allows 8 GiB): OOM-killed too', async () => {
      const { states, tokens } = await run(open, images.memoryBomb, 'restricted', { mb: 512 });
      expect(tokens).toEqual(['allocating 512 MiB']);
      expect(states).toEqual(['failed: Out of memory: container exceeded memory limit']);
    });
  });

  describe('flooding stdout', () => {
    /**
     * Runs `work` while sampling the test process (the runtime runs in it): peak RSS growth (GC
     * churn included), the heap still held once it is over (what the flood left behind), and the
     * longest event-loop stall.
     */
    async function watched<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number; retainedHeapMb: number; maxLoopDelayMs: number }> {
      gc();
      const base = process.memoryUsage();
      let peak = base.rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      try {
        const result = await work();
        gc();
        return {
          result,
          peakRssMb: (peak - base.rss) / MIB,
          retainedHeapMb: (process.memoryUsage().heapUsed - base.heapUsed) / MIB,
          maxLoopDelayMs: loop.max / 1e6,
        };
      } finally {
        clearInterval(sampler);
        loop.disable();
      }
    }

    const report = (name: string, m: { peakRssMb: number; retainedHeapMb: number; maxLoopDelayMs: number }) =>
      console.info(`${name}: peak RSS +${m.peakRssMb.toFixed(0)} MiB, heap retained ${m.retainedHeapMb.toFixed(1)} MiB, max event-loop delay ${m.maxLoopDelayMs.toFixed(0)} ms`);

    it('one endless line without a newline: dropped past the line limit, memory bounded, killed at the timeout', async () => {
      const m = await watched(() => run(open, images.flood, 'standard', { kind: 'line' }));
      report('flood, one endless line', m);
      expect(m.result.states).toEqual(['streaming', `failed: Timeout: job exceeded ${TIMEOUT_S}s limit`]);
      expect(m.result.tokens).toEqual([]);
      // The splitter holds at most one line's worth (32 MiB) before it discards the rest.
      expect(m.peakRssMb).toBeLessThan(256);
      expect(m.retainedHeapMb).toBeLessThan(16);
      expect(m.maxLoopDelayMs).toBeLessThan(1_000);
      expect(open.log.messages('warn')).toContainEqual(expect.stringMatching(/^skipped a stdout line longer than 33554432 bytes/));
    });

    it('endless junk and `error` lines: ignored, the log capped, memory bounded, killed at the timeout', async () => {
      const job = makeJob({ container_image: images.flood, sandbox_tier: 'restricted', input: { kind: 'junk' } });
      const m = await watched(() => runJob(open, job));
      report('flood, lines of junk', m);
      expect(m.result.states).toEqual(['streaming', `failed: Timeout: job exceeded ${TIMEOUT_S}s limit`]);
      expect(m.result.tokens).toEqual([]);
      // The log got the first 20 lines' notes and a count, not one record per junk or error line.
      const jobLog = open.log.filter({ module: `job.${job.job_id}` });
      const notes = jobLog.filter((r) => r.msg.startsWith('ignored stdout line') || r.msg.startsWith('Cargo reported an error'));
      expect(notes).toHaveLength(MAX_STDOUT_LOG_RECORDS);
      expect(notes.some((r) => r.level === 'warn')).toBe(true);
      const skipped = jobLog.map((r) => /^stdout: (\d+) more ignored, error or status lines not logged/.exec(r.msg)?.[1]).find(Boolean);
      expect(Number(skipped)).toBeGreaterThan(10_000);
      expect(m.peakRssMb).toBeLessThan(256);
      expect(m.retainedHeapMb).toBeLessThan(16);
      expect(m.maxLoopDelayMs).toBeLessThan(1_000);
    });

    it('endless valid tokens: each one published in order, memory bounded, killed at the timeout', async () => {
      // executeJob itself, not runJob: runJob keeps every token, which would measure the test.
      const reporter = new CountingReporter();
      const job = makeJob({ container_image: images.flood, sandbox_tier: null, input: { kind: 'tokens' } });
      const timings = { leaseIntervalMs: 30_000, leaseExtendSeconds: 60, abortGraceMs: 10_000, prepareTimeoutSeconds: 1_800 };
      const m = await watched(() => executeJob(job, open.runtime, new AbortController(), reporter, open.log, timings));
      report(`flood, ${reporter.outputs} valid tokens`, m);
      expect(reporter.statesOf(job.job_id)).toEqual(['streaming', `failed: Timeout: job exceeded ${TIMEOUT_S}s limit`]);
      expect(reporter.outputs).toBeGreaterThan(100_000);
      expect(reporter.outOfOrder).toBe(0);
      // Millions of messages pass through, none is kept: the heap ends where it began.
      expect(m.retainedHeapMb).toBeLessThan(16);
      expect(m.peakRssMb).toBeLessThan(512);
      expect(m.maxLoopDelayMs).toBeLessThan(1_000);
    });
  });

  describe('through a real Island and the reference coordinator (nats-server)', () => {
    let nats: NatsServerHandle;
    let coord: ReferenceCoordinator;
    let fixture: IslandFixture;
    let home: string;

    beforeAll(async () => {
      nats = await startNatsServer();
      coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
      home = mkdtempSync(path.join(tmpdir(), 'island-hostile-'));
      const paths = islandPaths(home);
      const toml = '[workload.resource_limits]\nmemory_mb = 128\ncpu_percent = 50\n';
      const { config } = parseConfigText(`[coordinator]\nnats_url = "${nats.url}"\n${toml}\n`, paths.config);
      const hub = new RuntimeEventHub();
      const runtime = await createContainerRuntime(
        { config, paths, log: createTestLogger(), settings: resolveRuntimeSettings(config, { DOCKER_HOST: testDockerHost() }), events: hub.emit },
        { supply: new LocalImageSupply(d), tierTimeouts: SHORT, health: { downInitialMs: 100, downMaxMs: 300, upIntervalMs: 500 } },
      );
      fixture = await startIsland({ natsUrl: nats.url, home, toml, runtimes: [runtime], runtimeEvents: hub, timings: { heartbeatIntervalMs: 500 } });
      await coord.waitForHeartbeats(fixture.hostId, 1);
    }, 60_000);
    afterAll(async () => {
      await fixture?.cleanup();
      expect(await listContainersByLabel(d, `${LABEL_INSTANCE}=${instanceIdFor(home)}`)).toEqual([]);
      rmSync(home, { recursive: true, force: true });
      await coord?.close();
      await nats?.stop();
    });
    afterEach(async () => {
      expect(await listContainersByLabel(d, `${LABEL_INSTANCE}=${instanceIdFor(home)}`)).toEqual([]);
      const next = await coord.dispatch(fixture.hostId, { runtime_type: 'container', container_image: images.ok, sandbox_tier: 'restricted' });
      expect((await coord.waitForJobState(next, 'succeeded')).text).toBe('still here');
      coord.assertNoViolations();
    });

    for (const tier of ['restricted', 'standard', 'elevated'] as const) {
      it(`a fork bomb (${tier}): the pids limit holds, CPU stays at the owner's 50 %, heartbeats keep coming, \`failed\` at the timeout`, async () => {
        const { hostId } = fixture;
        const beats = coord.host(hostId)!.heartbeats.length;
        const jobId = await coord.dispatch(hostId, { runtime_type: 'container', container_image: images.forkBomb, sandbox_tier: tier });
        const sample = await watchContainer(d, jobId, () => coord.job(jobId)?.state === 'failed');
        const job = await coord.waitForJobState(jobId, 'failed', { timeoutMs: 15_000 });
        expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'failed']);
        expect(job.statuses.at(-1)!.message.error).toBe(`Timeout: job exceeded ${TIMEOUT_S}s limit`);
        const limit = { restricted: 64, standard: 256, elevated: 1024 }[tier];
        expect(sample.pidsLimit).toBe(limit);
        // The bomb reached the limit and never passed it.
        expect(sample.maxPids).toBeGreaterThan(limit / 2);
        expect(sample.maxPids).toBeLessThanOrEqual(limit);
        // CPU time used over the bomb's life: at most the owner's half CPU, with slack for sampling.
        expect(sample.cpuShare).toBeLessThan(0.75);
        // The Island kept its heartbeat (every 500 ms) going while the bomb ran.
        expect(coord.host(hostId)!.heartbeats.length - beats).toBeGreaterThanOrEqual(TIMEOUT_S);
      });
    }

    it('a memory bomb with no tier: the coordinator sees `failed` with the out-of-memory reason', async () => {
      const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'container', container_image: images.memoryBomb, sandbox_tier: null, input: { mb: 512 } });
      const job = await coord.waitForJobState(jobId, 'failed', { timeoutMs: 15_000 });
      expect(job.text).toBe('allocating 512 MiB');
      expect(job.statuses.at(-1)!.message.error).toBe('Out of memory: container exceeded memory limit');
      expect(job.outputs.some((o) => o.message.is_final)).toBe(false);
    });
  });
});

/**
 * This machine's mounts, less Docker's own per-container mounts (other people's containers come
 * and go on the shared dockerd): a mount a Cargo managed to make on the host would show here.
 */
function ownMounts(): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .filter((line) => !/ \/(var\/lib|run)\/docker\/\S+ /.test(line));
}

/** Counts outputs instead of keeping them, so a flood measures the runtime, not the recorder. */
class CountingReporter extends RecordingReporter {
  outputs = 0;
  outOfOrder = 0;
  private lastSeq = 0;

  override output(msg: JobOutput): void {
    this.outputs += 1;
    if (msg.seq !== this.lastSeq + 1) this.outOfOrder += 1;
    this.lastSeq = msg.seq;
  }
}
