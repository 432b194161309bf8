// The inference process's environment: only what loading native code and finding a GPU needs.
// Secrets in the Island's environment (a Hugging Face token, NATS credentials) stay out of a
// process that parses model files from the network.
const KEEP = /^(PATH|Path|HOME|USERPROFILE|TMPDIR|TEMP|TMP|SystemRoot|windir|LD_LIBRARY_PATH|DYLD_LIBRARY_PATH|LANG|LC_[A-Z]+|CUDA_[A-Z_]+|NVIDIA_[A-Z_]+)$/;

export function childEnv(env: NodeJS.ProcessEnv = process.env, electron = process.versions.electron !== undefined): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && KEEP.test(k)) out[k] = v;
  // Inside Electron, process.execPath is the Electron binary: this makes it behave as Node.
  if (electron) out['ELECTRON_RUN_AS_NODE'] = '1';
  return out;
}
