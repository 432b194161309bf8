// The model's tokenizer (tokenizer.json, with tokenizer_config.json when there is one) through
// @huggingface/tokenizers, a pure-JavaScript implementation of the Hugging Face formats.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { errorMessage } from '../../../../../src-shared/errors';
import { maxTokensFrom } from '../../../../../src-shared/domain/onnx/encoding-fit';
import { TaskError } from './task-error';

export interface TextEncoding {
  ids: number[];
  mask: number[];
  types: number[];
  tokens: string[];
  /** True for special tokens ([CLS], [SEP], <s>, ...). */
  special: boolean[];
}

export class TextTokenizer {
  readonly maxTokens: number;
  readonly padId: number;
  readonly maskToken: string | null;
  readonly maskId: number | null;
  private readonly specialIds: ReadonlySet<number>;

  private constructor(
    private readonly tokenizer: Tokenizer,
    config: Record<string, unknown>,
  ) {
    this.maxTokens = maxTokensFrom(config);
    const added = tokenizer.get_added_tokens_decoder();
    this.specialIds = new Set([...added.values()].filter((t) => t.special).map((t) => t.id));
    const named = (key: string, fallbacks: string[]) => specialToken(tokenizer, config[key], fallbacks);
    this.padId = named('pad_token', ['[PAD]', '<pad>'])?.id ?? 0;
    const mask = named('mask_token', ['[MASK]', '<mask>']);
    this.maskToken = mask?.token ?? null;
    this.maskId = mask?.id ?? null;
  }

  /** Reads and parses the files; an error names the file that is wrong. */
  static load(tokenizerFile: string, configFile: string | null): TextTokenizer {
    const json = readJson(tokenizerFile, 'tokenizer.json');
    const config = configFile ? readJson(configFile, 'tokenizer_config.json') : {};
    try {
      return new TextTokenizer(new Tokenizer(json, config), config as Record<string, unknown>);
    } catch (err) {
      throw new TaskError(`the tokenizer (${path.basename(tokenizerFile)}) could not be loaded: ${errorMessage(err)}`);
    }
  }

  encode(text: string, pair?: string): TextEncoding {
    const enc = this.tokenizer.encode(text, { ...(pair === undefined ? {} : { text_pair: pair }), return_token_type_ids: true });
    return {
      ids: enc.ids,
      mask: enc.attention_mask,
      types: enc.token_type_ids ?? enc.ids.map(() => 0),
      tokens: enc.tokens,
      special: enc.ids.map((i) => this.specialIds.has(i)),
    };
  }

  /** Ids of `text` alone, without special tokens (to find it again inside a pair encoding). */
  idsWithoutSpecials(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: number[]): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: true });
  }

  tokenOf(id: number): string {
    return this.tokenizer.id_to_token(id) ?? `[${id}]`;
  }
}

/**
 * A special token named in tokenizer_config.json (a string, or an AddedToken object with
 * `content`), else the first of the usual spellings the vocabulary has.
 */
function specialToken(tokenizer: Tokenizer, configured: unknown, fallbacks: string[]): { token: string; id: number } | null {
  const content = typeof configured === 'object' && configured !== null ? (configured as { content?: unknown }).content : configured;
  for (const token of [...(typeof content === 'string' ? [content] : []), ...fallbacks]) {
    const id = tokenizer.token_to_id(token);
    if (id !== undefined) return { token, id };
  }
  return null;
}

function readJson(file: string, what: string): object {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TaskError(`${what} (${file}) could not be read: ${errorMessage(err)}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value;
  } catch (err) {
    throw new TaskError(`${what} (${path.basename(file)}) is not valid JSON: ${errorMessage(err)}`);
  }
}
