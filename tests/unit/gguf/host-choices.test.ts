// Thread count, GPU backend, the inference process's environment, and the prebuilt binary
// packages: what the runtime decides about the machine before it loads anything.
import { describe, expect, it } from 'vitest';
import { inferenceChildEnv } from '../../../src-shared/domain/inference-child-env';
import { chooseGpu } from '../../../src-shared/domain/gguf/gpu';
import { prebuiltPackagesFor } from '../../../src-shared/domain/gguf/prebuilt';
import { chooseThreads } from '../../../src-shared/domain/gguf/threads';

describe('chooseThreads', () => {
  it("leaves a core free and never uses llama.cpp's default of 4 on a 2-core machine", () => {
    expect(chooseThreads({ mathCores: 2 })).toBe(1);
    expect(chooseThreads({ mathCores: 1 })).toBe(1);
    expect(chooseThreads({ mathCores: 8 })).toBe(7);
    expect(chooseThreads({ mathCores: Number.NaN })).toBe(1);
  });

  it('takes an override as given and refuses a nonsense one', () => {
    expect(chooseThreads({ mathCores: 16, override: 2 })).toBe(2);
    expect(() => chooseThreads({ mathCores: 4, override: 0 })).toThrow('threads must be a whole number of 1 or more, got 0');
  });
});

describe('chooseGpu', () => {
  it('asks for no GPU on a Linux machine without the NVIDIA driver, so nothing probes CUDA or Vulkan', () => {
    expect(chooseGpu({ platform: 'linux', nvidiaDevice: false })).toBe(false);
  });

  it('lets node-llama-cpp choose where a GPU can be there', () => {
    expect(chooseGpu({ platform: 'linux', nvidiaDevice: true })).toBe('auto');
    expect(chooseGpu({ platform: 'darwin', nvidiaDevice: false })).toBe('auto');
    expect(chooseGpu({ platform: 'win32', nvidiaDevice: false })).toBe('auto');
  });

  it('follows an explicit choice', () => {
    expect(chooseGpu({ platform: 'linux', nvidiaDevice: false }, 'vulkan')).toBe('vulkan');
    expect(chooseGpu({ platform: 'linux', nvidiaDevice: true }, false)).toBe(false);
  });
});

describe('inferenceChildEnv', () => {
  it("passes what Node and the GPU libraries need and none of the Island's secrets", () => {
    const env = inferenceChildEnv({
      PATH: '/usr/bin',
      HOME: '/home/o',
      CUDA_VISIBLE_DEVICES: '0',
      GGML_CUDA_NO_PINNED: '1',
      ELECTRON_RUN_AS_NODE: '1',
      HF_TOKEN: 'hf_secret',
      NATS_URL: 'nats://u:p@h',
      ISLAND_HOME: '/x',
      AWS_SECRET_ACCESS_KEY: 'k',
      EMPTY: undefined,
    });
    // ELECTRON_RUN_AS_NODE is the parent's business: set only when the parent is Electron.
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/o', CUDA_VISIBLE_DEVICES: '0', GGML_CUDA_NO_PINNED: '1' });
    expect(inferenceChildEnv({ PATH: '/usr/bin' }, true)).toEqual({ PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' });
  });
});

describe('prebuiltPackagesFor', () => {
  const known = ['@node-llama-cpp/linux-x64', '@node-llama-cpp/linux-x64-cuda', '@node-llama-cpp/linux-x64-vulkan', '@node-llama-cpp/linux-arm64', '@node-llama-cpp/mac-arm64-metal', '@node-llama-cpp/win-x64'];

  it('lists the packages for this OS and CPU, GPU variants included', () => {
    expect(prebuiltPackagesFor('linux', 'x64', known)).toEqual(['@node-llama-cpp/linux-x64', '@node-llama-cpp/linux-x64-cuda', '@node-llama-cpp/linux-x64-vulkan']);
    expect(prebuiltPackagesFor('darwin', 'arm64', known)).toEqual(['@node-llama-cpp/mac-arm64-metal']);
    expect(prebuiltPackagesFor('win32', 'x64', known)).toEqual(['@node-llama-cpp/win-x64']);
  });

  it('finds none for a platform node-llama-cpp does not publish', () => {
    expect(prebuiltPackagesFor('freebsd', 'x64', known)).toEqual([]);
    expect(prebuiltPackagesFor('linux', 'riscv64', known)).toEqual([]);
  });
});
