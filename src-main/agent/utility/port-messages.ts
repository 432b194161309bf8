// The messages between Electron main and the agent in its utility process (over
// `process.parentPort`). API frames ride inside unchanged, tagged with the client they belong to:
// main multiplexes every dashboard window and its own tray onto one agent. Both sides decode what
// they receive: a message that does not fit is logged and dropped, never trusted.
import { z } from 'zod';
import type { EventFrame, RequestFrame, ResponseFrame } from '../../../src-shared/api/frames';

/** Who sent a request: 0 is main itself (the tray), any other number a dashboard window. */
export type ClientId = number;
export const TRAY_CLIENT: ClientId = 0;

export interface DrainReport {
  finished: number;
  aborted: string[];
}

export type MainToAgent =
  | { type: 'request'; client: ClientId; frame: RequestFrame }
  /** Stop taking jobs, let running ones finish (the agent's drain timeout), close, then exit. */
  | { type: 'drain' }
  /** Seconds since the owner last touched keyboard or mouse (Electron's powerMonitor), for idle-only mode. */
  | { type: 'idle'; seconds: number };

export type AgentToMain =
  /** The Island opened its state and started: the agent is healthy. */
  | { type: 'ready'; version: string; hostId: string; drainTimeoutMs: number }
  | { type: 'response'; client: ClientId; frame: ResponseFrame }
  | { type: 'event'; frame: EventFrame }
  /** Start-up failed (a bad config, an unreadable ledger): restarting alone will not fix it. */
  | { type: 'fatal'; message: string }
  | { type: 'drained'; report: DrainReport };

const clientId = z.number().int().min(0).max(2 ** 31);
const frameObject = z.looseObject({ kind: z.string() });

const mainToAgentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request'), client: clientId, frame: z.unknown() }),
  z.strictObject({ type: z.literal('drain') }),
  z.strictObject({ type: z.literal('idle'), seconds: z.number().min(0).max(10 * 365 * 86_400) }),
]);

const agentToMainSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), version: z.string(), hostId: z.string(), drainTimeoutMs: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('response'), client: clientId, frame: frameObject.extend({ kind: z.literal('response'), id: z.number() }) }),
  z.strictObject({ type: z.literal('event'), frame: frameObject.extend({ kind: z.literal('event'), event: z.looseObject({ type: z.string() }) }) }),
  z.strictObject({ type: z.literal('fatal'), message: z.string() }),
  z.strictObject({ type: z.literal('drained'), report: z.strictObject({ finished: z.number().int().min(0), aborted: z.array(z.string()) }) }),
]);

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'message';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/**
 * What the agent receives from main. The request's frame stays `unknown` here: the agent's API
 * decodes it (decodeRequestFrame) like any other transport's, so main's check is not the only one.
 */
export function decodeMainToAgent(raw: unknown): Decoded<{ type: 'request'; client: ClientId; frame: unknown } | { type: 'drain' } | { type: 'idle'; seconds: number }> {
  const r = mainToAgentSchema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describe(r.error) };
}

/** What main receives from the agent: the envelope is checked; frames keep the agent's shapes. */
export function decodeAgentToMain(raw: unknown): Decoded<AgentToMain> {
  const r = agentToMainSchema.safeParse(raw);
  return r.success ? { ok: true, value: r.data as AgentToMain } : { ok: false, error: describe(r.error) };
}
