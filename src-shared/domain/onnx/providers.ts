// Which execution providers an ONNX session asks for, and how many threads it gets. Decided
// from facts the runtime gathers (platform, an NVIDIA GPU, onnxruntime-node's CUDA libraries),
// so the decision itself is testable anywhere.

export type ExecutionProvider = 'cuda' | 'cpu';

/** `auto`: CUDA when the host can run it; `cpu`: never CUDA; `cuda`: always try it first. */
export type ProviderPreference = 'auto' | 'cpu' | 'cuda';

export interface ProviderFacts {
  platform: string;
  arch: string;
  /** An NVIDIA GPU and its driver are visible (device nodes, or nvidia-smi answered). */
  nvidiaGpu: boolean;
  /** onnxruntime-node's CUDA provider libraries are installed beside its binding. */
  cudaLibraries: boolean;
}

export interface ProviderChoice {
  providers: ExecutionProvider[];
  /** Why, in words for the log. */
  reason: string;
}

/** onnxruntime-node publishes its CUDA provider for these platforms only. */
const CUDA_PLATFORMS: ReadonlySet<string> = new Set(['linux/x64', 'win32/x64']);

export function chooseProviders(preference: ProviderPreference, facts: ProviderFacts): ProviderChoice {
  if (preference === 'cpu') return { providers: ['cpu'], reason: 'CPU requested by configuration' };
  // Forced CUDA still lists the CPU: a session that cannot start on the GPU falls back.
  if (preference === 'cuda') return { providers: ['cuda', 'cpu'], reason: 'CUDA requested by configuration' };
  if (!CUDA_PLATFORMS.has(`${facts.platform}/${facts.arch}`)) {
    return { providers: ['cpu'], reason: `onnxruntime-node has no CUDA provider for ${facts.platform}/${facts.arch}` };
  }
  if (!facts.nvidiaGpu) return { providers: ['cpu'], reason: 'no NVIDIA GPU found' };
  if (!facts.cudaLibraries) {
    return { providers: ['cpu'], reason: "an NVIDIA GPU is present but onnxruntime-node's CUDA provider libraries are not installed" };
  }
  return { providers: ['cuda', 'cpu'], reason: 'NVIDIA GPU and CUDA provider libraries found' };
}

/** The Rust Island uses min(cores, 4) intra-op threads (§4.5.4); physical cores avoid SMT contention. */
export const MAX_DEFAULT_THREADS = 4;

export function intraOpThreads(physicalCores: number, override?: number): number {
  if (override !== undefined) {
    if (!Number.isInteger(override) || override < 1) throw new RangeError(`ONNX threads must be a positive integer, got ${override}`);
    return override;
  }
  return Math.max(1, Math.min(physicalCores, MAX_DEFAULT_THREADS));
}

/**
 * Physical cores from Linux's /proc/cpuinfo: distinct (physical id, core id) pairs. Null when
 * the text does not say (some VMs and ARM kernels omit core ids), so the caller uses another count.
 */
export function physicalCoresFromCpuinfo(text: string): number | null {
  const cores = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (core !== undefined) cores.add(`${physical ?? '0'}:${core}`);
  }
  return cores.size > 0 ? cores.size : null;
}
