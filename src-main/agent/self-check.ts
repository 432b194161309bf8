// `island --test-job <prompt>` / `--test-job-file <job.json>`: runs one job through the same
// engine and runtimes as the Island, without a coordinator, and prints every message it would
// publish. The Rust Island's --test-job runs its container without the sandbox; this one runs
// it exactly as a coordinator's job would be run.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { encodeAssignJob } from '../../src-shared/protocol/encode';
import { hostSubjects } from '../../src-shared/protocol/subjects';
import { bootstrap } from './bootstrap';
import { JobEngine, type JobEvent } from './jobs/job-engine';
import { PrintReporter } from './jobs/wire-reporter';
import { RuntimeRegistry } from './jobs/runtime-registry';
import { RuntimeEventHub } from './runtimes/runtime-events';
import { createModelCache } from './models/create-model-cache';
import { createRuntimes } from './runtimes/create-runtimes';

export interface SelfCheckOptions {
  configPath?: string | undefined;
  prompt?: string | undefined;
  jobFile?: string | undefined;
  write?: (line: string) => void;
}

export async function runSelfCheck(opts: SelfCheckOptions): Promise<number> {
  const { loaded, paths, log } = bootstrap({ configPath: opts.configPath, stream: process.stderr });
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const events = new RuntimeEventHub().emit;
  // A --test-job-file may name a GGUF or ONNX model: it is fetched through the real model cache.
  const models = createModelCache({ config: loaded.config, paths, settings: loaded.runtime, log: log.child('models'), events });
  const runtimes = await createRuntimes({ config: loaded.config, paths, log: log.child('runtimes'), settings: loaded.runtime, events, models });
  const registry = new RuntimeRegistry(runtimes);
  const assignment = opts.jobFile
    ? await readFile(opts.jobFile, 'utf8')
    : encodeAssignJob({
        job_id: `self-check-${randomUUID().slice(0, 8)}`,
        input: { prompt: opts.prompt ?? 'Hello', max_tokens: 512, temperature: 0.7 },
        lease_expires: Date.now() + 300_000,
        runtime_type: 'container',
        container_image: loaded.config.workload.llm_chat_image,
      });

  const finished = new Promise<Extract<JobEvent, { type: 'finished' | 'rejected' }>>((resolve) => {
    const engine = new JobEngine({
      maxConcurrent: 1,
      registry,
      reporter: new PrintReporter(hostSubjects('self-check'), write),
      log: log.child('jobs'),
      onEvent: (e) => {
        if (e.type === 'finished' || e.type === 'rejected') resolve(e);
      },
    });
    engine.enqueue(new TextEncoder().encode(assignment));
  });
  const result = await finished;
  let code: number;
  if (result.type === 'rejected') {
    log.error(`self-check: the job was refused: ${result.error}`);
    code = 1;
  } else if (result.finish.state === 'succeeded') {
    log.info(`self-check passed: ${result.job.runtime_type} job succeeded in ${Math.round(result.finish.durationMs)} ms with ${result.finish.tokens} output chunk(s)`);
    code = 0;
  } else {
    log.error(`self-check failed: ${result.finish.state}${result.finish.error ? `: ${result.finish.error}` : ''}`);
    code = 1;
  }
  for (const r of runtimes) await r.close?.().catch(() => undefined);
  await models.close();
  await log.close();
  return code;
}
