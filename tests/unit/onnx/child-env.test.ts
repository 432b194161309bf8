import { describe, expect, it } from 'vitest';
import { childEnv } from '../../../src-main/agent/runtimes/onnx/child-env';

describe('childEnv', () => {
  it('passes what native code and GPUs need, and no secrets', () => {
    const env = childEnv({ PATH: '/bin', LD_LIBRARY_PATH: '/cuda', CUDA_VISIBLE_DEVICES: '1', HF_TOKEN: 'hf_secret', NATS_URL: 'nats://u:p@h', NODE_OPTIONS: '--inspect' }, false);
    expect(env).toEqual({ PATH: '/bin', LD_LIBRARY_PATH: '/cuda', CUDA_VISIBLE_DEVICES: '1' });
  });

  it('makes an Electron binary run as Node', () => {
    expect(childEnv({}, true)).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });
});
