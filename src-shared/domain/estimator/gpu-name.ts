// GPU names as nvidia-smi, the OS or a GL renderer string spell them, reduced to the words that
// identify the model. Matching is on whole words, never substrings: "rtx 4060" must not be found
// inside "rtx 4060 ti", nor "l4" inside "l40s".

export interface GpuNameParts {
  /** Identifying words in order, e.g. ["rtx", "4070", "ti", "super"]. */
  tokens: readonly string[];
  /** A memory size the name itself states ("A100-SXM4-80GB" → 80), else null. */
  sizeGb: number | null;
  /** A mobile part: slower than the desktop card of the same name. */
  laptop: boolean;
}

/** Words that say who made it, how it is packaged or which memory it uses, not which GPU it is. */
const NOISE = new Set([
  'nvidia', 'geforce', 'amd', 'radeon', 'tesla', 'intel', 'graphics', 'gpu',
  'pcie', 'sxm', 'sxm2', 'sxm3', 'sxm4', 'sxm5', 'nvl', 'sse2',
  'hbm2', 'hbm2e', 'hbm3', 'hbm3e', 'gddr5', 'gddr5x', 'gddr6', 'gddr6x', 'gddr7',
]);

const LAPTOP = /\blaptop\b|\bmobile\b|\bmax-q\b|\bwith max-q design\b/;

export function parseGpuName(name: string): GpuNameParts {
  let s = name.toLowerCase();
  const laptop = LAPTOP.test(s);
  s = s
    .replace(/with max-q design|max-q|laptop|mobile/g, ' ')
    .replace(/\((r|tm)\)/g, ' ')
    // "RTX 3060Ti", "RX 7900XTX": the suffix is its own word.
    .replace(/(\d)(ti|super|xtx|xt)\b/g, '$1 $2')
    .replace(/[-_/,()[\]]+/g, ' ');
  let sizeGb: number | null = null;
  const tokens: string[] = [];
  for (const word of s.split(/\s+/)) {
    if (word === '' || NOISE.has(word)) continue;
    const size = /^(\d+)gb$/.exec(word);
    if (size?.[1] !== undefined) {
      sizeGb = Number(size[1]);
      continue;
    }
    tokens.push(word);
  }
  return { tokens, sizeGb, laptop };
}

/** The tokens as one comparable key. */
export function nameKey(parts: GpuNameParts): string {
  return parts.tokens.join(' ');
}
