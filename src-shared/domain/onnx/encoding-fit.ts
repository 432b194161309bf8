// Fitting a tokenizer's encoding to the model: truncated to the longest sequence it takes (the
// last token, [SEP] or </s>, is kept), and padded to a static length with the pad id and mask 0.

export interface Encoded {
  ids: number[];
  mask: number[];
  types: number[];
}

export interface Fitted extends Encoded {
  /** Tokens cut off the end of the text (0 when it fit). */
  truncatedTokens: number;
}

/** Without a limit from the tokenizer or the model, BERT's 512. */
export const DEFAULT_MAX_TOKENS = 512;

export function fitEncoding(enc: Encoded, maxTokens: number, fixedLength: number | null, padId: number): Fitted {
  const limit = Math.max(2, fixedLength ?? maxTokens);
  let { ids, mask, types } = enc;
  let truncatedTokens = 0;
  if (ids.length > limit) {
    truncatedTokens = ids.length - limit;
    const keep = (a: number[]) => [...a.slice(0, limit - 1), a[a.length - 1]!];
    ids = keep(ids);
    mask = keep(mask);
    types = keep(types);
  }
  if (fixedLength !== null && ids.length < fixedLength) {
    const pad = fixedLength - ids.length;
    ids = [...ids, ...new Array<number>(pad).fill(padId)];
    mask = [...mask, ...new Array<number>(pad).fill(0)];
    types = [...types, ...new Array<number>(pad).fill(0)];
  }
  return { ids, mask, types, truncatedTokens };
}

/** The tokenizer's own limit (tokenizer_config.json model_max_length) when it is a sane number. */
export function maxTokensFrom(tokenizerConfig: unknown): number {
  const v = typeof tokenizerConfig === 'object' && tokenizerConfig !== null ? (tokenizerConfig as Record<string, unknown>)['model_max_length'] : undefined;
  // Hugging Face writes 1e30 when a tokenizer has no limit.
  return typeof v === 'number' && Number.isInteger(v) && v > 1 && v <= 1_000_000 ? v : DEFAULT_MAX_TOKENS;
}
