// Checks the shape of what the agent sends before the client routes it. The agent is ours, but a
// half-upgraded one (or a proxy page) can send anything, and a frame that would throw deep inside a
// hook is better dropped here with a message that says what was wrong.
import type { ServerFrame } from '../../../src-shared/api/frames';

export type ParsedFrame = { ok: true; frame: ServerFrame } | { ok: false; problem: string };

export function parseServerFrame(data: unknown): ParsedFrame {
  if (typeof data !== 'string') return { ok: false, problem: `expected a text frame, got ${typeof data}` };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (err) {
    return { ok: false, problem: `frame is not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'frame is not an object' };
  const v = value as Record<string, unknown>;
  if (v.kind === 'event') {
    const event = v.event as Record<string, unknown> | null | undefined;
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return { ok: false, problem: 'event frame: event.type is missing' };
    return { ok: true, frame: value as ServerFrame };
  }
  if (v.kind === 'response') {
    if (typeof v.id !== 'number') return { ok: false, problem: 'response frame: id is not a number' };
    if (v.ok === true) return { ok: true, frame: value as ServerFrame };
    const error = v.error as Record<string, unknown> | null | undefined;
    if (v.ok === false && typeof error === 'object' && error !== null && typeof error.message === 'string') return { ok: true, frame: value as ServerFrame };
    return { ok: false, problem: `response frame ${v.id}: neither ok with a result nor an error with a message` };
  }
  return { ok: false, problem: `unknown frame kind ${JSON.stringify(v.kind)}` };
}
