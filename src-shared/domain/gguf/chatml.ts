// The chat format for a model that has no chat template of its own: ChatML, exactly as the Rust
// Island writes it (§8.1): `<|im_start|>{role}\n{content}<|im_end|>\n` per message, then
// `<|im_start|>assistant\n`. The scaffolding and the contents are kept apart so that the
// scaffolding can become special tokens where the model has them while a message's content is
// always plain text (a user cannot type a special token into the prompt).
import type { ChatMessage } from './prompt';

export type PromptSegment = { kind: 'special'; text: string } | { kind: 'text'; text: string };

/** Where a ChatML answer ends, besides the end-of-sequence token. */
export const CHATML_STOP_TRIGGERS: readonly string[] = ['<|im_end|>'];

export function chatMlSegments(messages: readonly ChatMessage[]): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const m of messages) {
    segments.push({ kind: 'special', text: `<|im_start|>${m.role}\n` });
    if (m.content !== '') segments.push({ kind: 'text', text: m.content });
    segments.push({ kind: 'special', text: '<|im_end|>\n' });
  }
  segments.push({ kind: 'special', text: '<|im_start|>assistant\n' });
  return segments;
}

/** The prompt as one string (what the Rust Island tokenizes). */
export function segmentsText(segments: readonly PromptSegment[]): string {
  return segments.map((s) => s.text).join('');
}
