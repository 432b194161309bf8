// What a GGUF job asks the model (island-protocol.md §8.1): `input.prompt` (raw text), else
// `input.messages` (a chat, rendered with the model's template), else `input.text` (raw), first
// match wins. Unlike the Rust Island, a field that is present with the wrong type is an error
// that names it, rather than silently falling through to the next field.
import { bad, isRecord, ok, shown, type Checked } from './checked';

export const MISSING_PROMPT = "GGUF workload requires 'prompt', 'messages', or 'text' in input";

export interface ChatMessage {
  role: string;
  content: string;
}

export type GgufPrompt = { kind: 'text'; text: string } | { kind: 'chat'; messages: ChatMessage[] };

// A role ends up inside the chat scaffolding (ChatML writes it verbatim), so it may not carry
// markup of its own.
const ROLE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const MAX_MESSAGES = 10_000;

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function extractPrompt(input: unknown): Checked<GgufPrompt> {
  if (!isRecord(input)) return bad(MISSING_PROMPT);
  if (present(input.prompt)) {
    if (typeof input.prompt !== 'string') return bad(`GGUF workload input.prompt must be a string, got ${shown(input.prompt)}`);
    return ok({ kind: 'text', text: input.prompt });
  }
  if (present(input.messages)) return extractMessages(input.messages);
  if (present(input.text)) {
    if (typeof input.text !== 'string') return bad(`GGUF workload input.text must be a string, got ${shown(input.text)}`);
    return ok({ kind: 'text', text: input.text });
  }
  return bad(MISSING_PROMPT);
}

function extractMessages(raw: unknown): Checked<GgufPrompt> {
  if (!Array.isArray(raw)) return bad(`GGUF workload input.messages must be an array of {role, content}, got ${shown(raw)}`);
  if (raw.length === 0) return bad('GGUF workload input.messages is empty: give at least one {role, content} message');
  if (raw.length > MAX_MESSAGES) return bad(`GGUF workload input.messages has ${raw.length} messages, more than ${MAX_MESSAGES}`);
  const messages: ChatMessage[] = [];
  for (const [i, item] of raw.entries()) {
    const where = `input.messages[${i}]`;
    if (!isRecord(item)) return bad(`GGUF workload ${where} must be an object with role and content, got ${shown(item)}`);
    // As the Rust Island: role defaults to "user", content to "".
    const role = present(item.role) ? item.role : 'user';
    if (typeof role !== 'string' || !ROLE.test(role)) {
      return bad(`GGUF workload ${where}.role must be a name such as "system", "user" or "assistant" (letters, digits, _ or -), got ${shown(item.role)}`);
    }
    const content = contentText(item.content);
    if (content === null) {
      return bad(`GGUF workload ${where}.content must be a string or an array of {"type":"text","text":…} parts, got ${shown(item.content)}`);
    }
    messages.push({ role, content });
  }
  return ok({ kind: 'chat', messages });
}

/** A string, or OpenAI-style text parts joined; null for anything else. */
function contentText(content: unknown): string | null {
  if (!present(content)) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  let text = '';
  for (const part of content) {
    if (!isRecord(part) || part.type !== 'text' || typeof part.text !== 'string') return null;
    text += part.text;
  }
  return text;
}
