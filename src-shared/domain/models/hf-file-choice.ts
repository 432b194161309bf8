// Which file of a Hugging Face repo `hf://<repo>` (no file named) means (island-protocol.md §7.1):
// the Rust Island's priority list, in its order, so both Islands pick the same file and share
// cache keys.
import type { Parsed } from './model-uri';

const GGUF_QUANT_PREFERENCE = ['Q4_K_M', 'Q4_K_S', 'Q5_K_M', 'Q8_0'] as const;
const ANY_MODEL_EXTENSION = ['.bin', '.safetensors', '.onnx', '.gguf', '.pt'] as const;

/** `files` in the order the HF API listed them (`siblings[].rfilename`). */
export function chooseHfModelFile(repo: string, files: readonly string[]): Parsed<string> {
  const chosen = ggufChoice(files) ?? onnxChoice(files) ?? exactly(files, 'model.safetensors', 'diffusion_pytorch_model.safetensors', 'pytorch_model.bin')
    ?? files.find((f) => ANY_MODEL_EXTENSION.some((ext) => f.endsWith(ext)));
  if (chosen !== undefined) return { ok: true, value: chosen };
  const listed = files.slice(0, 10).map((f) => JSON.stringify(f)).join(', ');
  return { ok: false, error: `Could not find a model file in HF repo ${repo}. Files: [${listed}]` };
}

function ggufChoice(files: readonly string[]): string | undefined {
  const gguf = files.filter((f) => f.endsWith('.gguf'));
  for (const quant of GGUF_QUANT_PREFERENCE) {
    const hit = gguf.find((f) => f.includes(quant));
    if (hit !== undefined) return hit;
  }
  return gguf[0];
}

function onnxChoice(files: readonly string[]): string | undefined {
  return exactly(files, 'model.onnx', 'onnx/model.onnx') ?? files.find((f) => f.endsWith('.onnx'));
}

/** The first of `names` (in the order given) that the repo has. */
function exactly(files: readonly string[], ...names: string[]): string | undefined {
  return names.find((n) => files.includes(n));
}
