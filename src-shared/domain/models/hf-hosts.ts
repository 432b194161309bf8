// Where a Hugging Face token may go: to Hugging Face and nowhere else (the Rust Island sent it
// to every model URL, §12.2 quirk 11). "Hugging Face" is the configured base's origin (tests
// point it at a local server) plus, over https only, huggingface.co, hf.co and their subdomains,
// which is where the Hub's own redirects (LFS/Xet storage) lead.

const HF_DOMAINS = ['huggingface.co', 'hf.co'] as const;

export function isHuggingFaceUrl(url: URL, hfBase: URL): boolean {
  if (url.origin === hfBase.origin) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return HF_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}
