// An inference process started for the GGUF runtime sees only the offered GPUs: the Island's
// CUDA_VISIBLE_DEVICES reaches the real forked child (which prints its environment), and nothing
// is added when every GPU is offered.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cudaEnv } from '../../../src-main/agent/availability/gpu-offer';
import { InferenceChild } from '../../../src-main/agent/runtimes/gguf/inference-child';
import { createTestLogger } from '../../helpers/test-logger';

const dir = mkdtempSync(path.join(tmpdir(), 'child-env-'));
const script = path.join(dir, 'print-env.mjs');
writeFileSync(script, "console.log(JSON.stringify({ cuda: process.env.CUDA_VISIBLE_DEVICES ?? null, order: process.env.CUDA_DEVICE_ORDER ?? null }));\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function childEnv(extra: Record<string, string>): Promise<unknown> {
  const log = createTestLogger();
  let ended: () => void = () => {};
  const done = new Promise<void>((r) => (ended = r));
  new InferenceChild({ file: script, execArgv: [] }, log, { message: () => {}, violation: () => {}, exit: () => ended() }, process.execPath, extra);
  await done;
  const out = log.find((r) => r.msg === 'inference process stdout');
  return JSON.parse(String(out?.fields.text));
}

describe('inference process GPUs', () => {
  it('gets CUDA_VISIBLE_DEVICES with only the offered GPU', async () => {
    const env = cudaEnv([{ index: 0, uuid: 'GPU-aaa' }, { index: 1, uuid: 'GPU-bbb' }], new Set([1]));
    expect(await childEnv(env)).toEqual({ cuda: 'GPU-bbb', order: null });
  });

  it('gets no GPU at all when none is offered', async () => {
    expect(await childEnv(cudaEnv([{ index: 0, uuid: null }], new Set()))).toEqual({ cuda: '', order: null });
  });
});
