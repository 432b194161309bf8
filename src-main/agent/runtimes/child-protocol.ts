// Decoding the messages between the Island and an inference process (GGUF, ONNX). Each side
// checks what it receives against the other's schema: a child running a hostile model file may
// send anything, and the Island must say what was wrong rather than act on it.
import type { z } from 'zod';

export type Decoded<T> = { ok: true; message: T } | { ok: false; error: string };

export function decodeWith<T>(schema: z.ZodType<T>, raw: unknown, from: string): Decoded<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'message';
  // Only a string type is shown: JSON.stringify throws on a BigInt, and a long one is cut.
  const sent = typeof raw === 'object' && raw !== null && 'type' in raw ? (raw as { type: unknown }).type : undefined;
  const type = typeof sent === 'string' ? ` (type ${JSON.stringify(sent.slice(0, 64))})` : '';
  return { ok: false, error: `invalid message from the ${from}${type}: ${where}: ${issue?.message ?? 'does not match the protocol'}` };
}
