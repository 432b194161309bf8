// Whether onnxruntime-node can run here, decided without loading it: loading the native binding
// costs start-up time, and the Island loads it only in the inference child process.

export interface OrtInstallFacts {
  platform: string;
  arch: string;
  /** onnxruntime-node's package.json could be resolved. */
  packageFound: boolean;
  /** Its native binding for this platform exists (`bin/napi-v6/<platform>/<arch>/onnxruntime_binding.node`). */
  bindingFound: boolean;
  /** The inference child's entry file (onnx-worker.mjs, or .ts from source) exists. */
  workerFound: boolean;
}

export type OrtSupport = { available: true } | { available: false; reason: string };

export function ortSupport(f: OrtInstallFacts): OrtSupport {
  if (!f.workerFound) return { available: false, reason: 'the ONNX inference process (onnx-worker.mjs) is missing from this installation' };
  if (!f.packageFound) return { available: false, reason: 'onnxruntime-node is not installed' };
  if (!f.bindingFound) return { available: false, reason: `onnxruntime-node has no native binding for ${f.platform}/${f.arch}` };
  return { available: true };
}

/** Path of the binding inside the package, relative to its root. */
export function ortBindingDir(platform: string, arch: string): string {
  return `bin/napi-v6/${platform}/${arch}`;
}

/** The CUDA provider library's file name on platforms that have one. */
export function cudaProviderLibrary(platform: string): string | null {
  if (platform === 'linux') return 'libonnxruntime_providers_cuda.so';
  if (platform === 'win32') return 'onnxruntime_providers_cuda.dll';
  return null;
}
