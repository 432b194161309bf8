// A container Cargo's stdout becomes job output by the container column of §3.15, against the
// real dockerd: seq from 1, `ready` → streaming once, junk ignored, the partial last line dropped,
// UTF-8 split across Docker frames intact, the final chunk at last+1, exit codes as §4.10.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireDocker } from '../../../harness/docker';
import { fixtureImage, makeJob, runJob, startRuntime, type RuntimeFixture } from './runtime-fixture';

const docker = await requireDocker('the container output tests');

describe.skipIf(!docker)('container Cargo output (real dockerd)', { timeout: 30_000 }, () => {
  let fx: RuntimeFixture;
  let stream: string;
  let exitCode: string;

  beforeAll(async () => {
    [stream, exitCode] = await Promise.all([fixtureImage(docker!, 'stream'), fixtureImage(docker!, 'exit-code')]);
    fx = await startRuntime({ docker: docker! });
  }, 60_000);
  afterAll(async () => fx?.close());
  afterEach(async () => {
    expect(await fx.containers()).toEqual([]);
  });

  it('streams tokens, progress and an image with the reference seq rules, then the final chunk and succeeded', async () => {
    const job = makeJob({ container_image: stream, input: { prompt: 'Ada' }, workload_id: 'llm-chat' });
    const { finish, reporter, states } = await runJob(fx, job);
    expect(finish.state).toBe('succeeded');
    expect(states).toEqual(['streaming', 'succeeded']);
    expect(reporter.outputsOf(job.job_id)).toEqual([
      { job_id: job.job_id, seq: 1, chunk: 'Hello Ada', is_final: false },
      { job_id: job.job_id, seq: 2, chunk: '世界', is_final: false },
      { job_id: job.job_id, seq: 3, chunk: '', is_final: true },
    ]);
    const kinds = reporter.messages.map((m) => m.kind);
    expect(kinds).toEqual(['status', 'output', 'progress', 'output', 'image', 'output', 'status']);
    expect(reporter.messages).toContainEqual({ kind: 'progress', msg: { job_id: job.job_id, step: 1, total: 2 } });
    expect(reporter.messages).toContainEqual({
      kind: 'image',
      msg: { job_id: job.job_id, image_data: 'iVBORw0KGgo=', format: 'png', width: 1, height: 1 },
    });
    const jobLog = fx.log.filter({ module: `job.${job.job_id}` });
    expect(jobLog.some((r) => r.level === 'info' && r.msg === 'stderr: a line on stderr')).toBe(true);
    expect(jobLog.some((r) => r.level === 'warn' && r.msg.includes('a complaint the exit code overrules'))).toBe(true);
    expect(jobLog.some((r) => r.level === 'debug' && r.msg.startsWith('ignored stdout line') && r.msg.includes('this line is not JSON'))).toBe(true);
    expect(jobLog.some((r) => r.msg.includes('discarded the last stdout line'))).toBe(true);
    expect(fx.supply.runs.at(-1)).toEqual({ workloadId: 'llm-chat', image: stream, succeeded: true });
  });

  it('ends failed with the reference crash text for a non-zero exit, with no final chunk', async () => {
    for (const [code, text] of [
      [1, 'Container crash: General error (application failure)'],
      [42, 'Container crash: Unknown error (code 42)'],
      [139, 'Container crash: SIGSEGV (segmentation fault)'],
    ] as const) {
      const job = makeJob({ container_image: exitCode, input: { code } });
      const { states, reporter } = await runJob(fx, job);
      expect(states).toEqual([`failed: ${text}`]);
      expect(reporter.outputsOf(job.job_id)).toEqual([{ job_id: job.job_id, seq: 1, chunk: 'exiting', is_final: false }]);
    }
  });

  it('sends the final chunk at seq 1 when a Cargo exits 0 without tokens of its own', async () => {
    const job = makeJob({ container_image: exitCode, input: { code: 0 } });
    const { states, reporter } = await runJob(fx, job);
    expect(states).toEqual(['succeeded']);
    expect(reporter.outputsOf(job.job_id).map((o) => [o.seq, o.is_final])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('delivers a large input whole on stdin (written before start, then closed)', async () => {
    const sizer = await fixtureImage(docker!, 'input-size');
    const input = { prompt: 'x'.repeat(2 * 1024 * 1024), max_tokens: 1 };
    const { states, tokens } = await runJob(fx, makeJob({ container_image: sizer, input }));
    expect(states).toEqual(['succeeded']);
    expect(tokens).toEqual([String(JSON.stringify(input).length)]);
    // `null` input (the key is required, the value may be null) arrives as `null`.
    expect((await runJob(fx, makeJob({ container_image: sizer, input: null }))).tokens).toEqual(['4']);
  });

  it('falls back to [workload] llm_chat_image when the job names no image', async () => {
    const own = await startRuntime({ docker: docker!, toml: `[workload]\nllm_chat_image = "${stream}"\n` });
    try {
      const job = makeJob({ input: { prompt: 'default' } });
      const { states, tokens } = await runJob(own, job);
      expect(states).toEqual(['streaming', 'succeeded']);
      expect(tokens[0]).toBe('Hello default');
      expect(own.supply.prepared.at(-1)).toMatchObject({ image: stream, jobId: job.job_id });
    } finally {
      await own.close();
    }
  });

  it('fails with the supply’s message when the image is refused, and never creates a container', async () => {
    const own = await startRuntime({ docker: docker! });
    try {
      const refused = 'Image not allowed: Registry not allowed: evil.io/x. Image: evil.io/x/y:1';
      (own.supply as unknown as { opts: { reject: Record<string, string> } }).opts.reject = { 'evil.io/x/y:1': refused };
      const job = makeJob({ container_image: 'evil.io/x/y:1' });
      expect((await runJob(own, job)).states).toEqual([`failed: ${refused}`]);
      const missing = makeJob({ container_image: 'island-test/not-built:never' });
      expect((await runJob(own, missing)).states[0]).toMatch(/^failed: Image not available: island-test\/not-built:never/);
      expect(await own.containers()).toEqual([]);
      expect(own.supply.runs).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('fails (never succeeds, quirk 1) when the container cannot start, with Docker’s reason', async () => {
    // Create works; start fails inside the OCI runtime because the entrypoint does not exist.
    const broken = await fixtureImage(docker!, 'exit-code', { tag: 'island-test/no-entrypoint:latest', entrypoint: ['/missing'] });
    const job = makeJob({ container_image: broken });
    const { states } = await runJob(fx, job);
    expect(states).toHaveLength(1);
    expect(states[0]).toMatch(/^failed: Container could not be started: .*missing/);
    expect(fx.supply.runs.at(-1)).toEqual({ workloadId: null, image: broken, succeeded: false });
  });
});
