// The environment of an inference process. It parses and runs model files from the network, so
// it gets only what loading a GPU backend and Node need, never the Island's own secrets (NATS
// credentials, Hugging Face token, ...).
const NAMES = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TMPDIR', 'TMP', 'TEMP', 'TZ',
  'LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH',
  // Windows needs these to start a process and find its DLLs.
  'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA', 'ProgramFiles', 'ProgramFiles(x86)', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE',
]);
const PREFIXES = ['CUDA_', 'NVIDIA_', 'GGML_', 'NODE_LLAMA_CPP_', 'HIP_', 'ROCR_', 'HSA_', 'VK_', 'MESA_', '__GL'];

/** Used by both native runtimes (GGUF, ONNX). `electron`: the parent is Electron, whose binary must run the child as Node. */
export function inferenceChildEnv(env: Readonly<Record<string, string | undefined>>, electron = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === 'ELECTRON_RUN_AS_NODE') continue;
    if (NAMES.has(key) || PREFIXES.some((p) => key.startsWith(p))) out[key] = value;
  }
  if (electron) out.ELECTRON_RUN_AS_NODE = '1';
  return out;
}
