// Which GPU backend the inference process asks node-llama-cpp for. "auto" makes it try CUDA, then
// Vulkan, then fall back to the CPU, which costs time and loads driver libraries; on a machine
// with no GPU it asks for none (`false`) and never probes. How many layers go to the GPU is
// node-llama-cpp's fitting against the free VRAM (and the context's KV cache), done in the child.
export type GgufGpu = 'auto' | 'cuda' | 'vulkan' | 'metal' | false;

export interface GpuFacts {
  platform: string;
  /** An NVIDIA device node or driver is present (Linux: /dev/nvidiactl). */
  nvidiaDevice: boolean;
}

export function chooseGpu(facts: GpuFacts, override?: GgufGpu): GgufGpu {
  if (override !== undefined) return override;
  // Apple silicon always has Metal, and node-llama-cpp's macOS build uses it.
  if (facts.platform === 'darwin') return 'auto';
  // Windows has no cheap device check; node-llama-cpp's own probe decides there.
  if (facts.platform === 'win32') return 'auto';
  // Linux: CUDA needs the NVIDIA driver. AMD and Intel GPUs (Vulkan) are used only when asked
  // for, since an integrated GPU is often slower than the CPU.
  return facts.nvidiaDevice ? 'auto' : false;
}
