// Where a model's companion files are (§8.2): tokenizer.json, tokenizer_config.json and
// config.json sit next to the model. `hf://<repo>[:<file>]` → `hf://<repo>:<name>` (the repo's
// root, as the Rust Island does); `https://x/y/model.onnx` → `https://x/y/<name>`.

export type SidecarName = 'tokenizer.json' | 'tokenizer_config.json' | 'config.json';

/** The URI of `name` beside `modelUri`, or null when none can be derived (no path to replace). */
export function sidecarUri(modelUri: string, name: SidecarName): string | null {
  if (modelUri.startsWith('hf://')) {
    const rest = modelUri.slice('hf://'.length);
    const repo = rest.split(':', 1)[0]!;
    return repo ? `hf://${repo}:${name}` : null;
  }
  let url: URL;
  try {
    url = new URL(modelUri);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const slash = url.pathname.lastIndexOf('/');
  url.pathname = `${url.pathname.slice(0, slash + 1)}${name}`;
  // A signed or versioned query belongs to the model file, not to its neighbours.
  url.search = '';
  url.hash = '';
  return url.toString();
}
