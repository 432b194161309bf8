import { describe, expect, it } from 'vitest';
import { inferenceChildEnv as childEnv } from '../../../../src-shared/domain/inference-child-env';

describe('the inference processes\' environment', () => {
  it('passes what native code and GPUs need, and no secrets', () => {
    const env = childEnv({ PATH: '/bin', LD_LIBRARY_PATH: '/cuda', CUDA_VISIBLE_DEVICES: '1', HF_TOKEN: 'hf_secret', NATS_URL: 'nats://u:p@h', NODE_OPTIONS: '--inspect' }, false);
    expect(env).toEqual({ PATH: '/bin', LD_LIBRARY_PATH: '/cuda', CUDA_VISIBLE_DEVICES: '1' });
  });

  it('makes an Electron binary run as Node', () => {
    expect(childEnv({}, true)).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });
});

describe('outsideAsar', () => {
  it('starts a worker from the unpacked copy beside app.asar when there is one', async () => {
    const { outsideAsar } = await import('../../../../src-main/agent/runtimes/worker-entry');
    const sep = (await import('node:path')).sep;
    const inAsar = ['', 'opt', 'Island', 'resources', 'app.asar', 'dist', 'onnx-worker.mjs'].join(sep);
    const unpacked = inAsar.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
    expect(outsideAsar(inAsar, (f) => f === unpacked)).toBe(unpacked);
    expect(outsideAsar(inAsar, () => false)).toBe(inAsar);
    expect(outsideAsar('/repo/dist/onnx-worker.mjs', () => true)).toBe('/repo/dist/onnx-worker.mjs');
  });
});
