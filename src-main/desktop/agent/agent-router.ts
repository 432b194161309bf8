// One agent, many clients: the tray (client 0) and each dashboard window (its webContents id).
// Requests go to the agent tagged with their client; answers come back to that client only;
// pushed events go to every client. When the agent is down a request is answered at once with
// `not-available` (the dashboard shows why instead of waiting 30 s), and a crash tells every
// client its link closed so pending calls fail rather than hang.
import type { ApiTransport } from '../../../src-shared/api/client';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import type { AgentToMain, ClientId, MainToAgent } from '../../agent/utility/port-messages';
import type { AgentState } from './agent-supervisor';

export interface AgentLink {
  send(message: MainToAgent): boolean;
  onMessage(fn: (m: AgentToMain) => void): () => void;
  onState(fn: (s: AgentState) => void): () => void;
  readonly state: AgentState;
}

export interface ClientSink {
  frame(frame: ServerFrame): void;
  close(reason: string): void;
  /** The agent (re)started and answers again. */
  ready?(): void;
}

export class AgentRouter {
  private readonly sinks = new Map<ClientId, Set<ClientSink>>();
  private wasRunning: boolean;

  constructor(private readonly link: AgentLink) {
    this.wasRunning = isUp(link.state);
    link.onMessage((m) => {
      if (m.type === 'response') this.deliver(m.client, m.frame);
      else if (m.type === 'event') for (const [client] of this.sinks) this.deliver(client, m.frame);
      else if (m.type === 'ready') for (const set of this.sinks.values()) for (const sink of set) sink.ready?.();
    });
    link.onState((s) => {
      const running = isUp(s);
      if (this.wasRunning && !running) this.closeAll(closeReason(s));
      this.wasRunning = running;
    });
  }

  /** Registers a client's sink; returns the function that removes it. */
  attach(client: ClientId, sink: ClientSink): () => void {
    let set = this.sinks.get(client);
    if (!set) this.sinks.set(client, (set = new Set()));
    set.add(sink);
    return () => {
      set.delete(sink);
      if (set.size === 0) this.sinks.delete(client);
    };
  }

  /** Forwards an already validated request, or answers it at once when the agent is down. */
  request(client: ClientId, frame: RequestFrame): void {
    if (this.link.send({ type: 'request', client, frame })) return;
    this.deliver(client, {
      kind: 'response',
      id: frame.id,
      ok: false,
      error: { code: 'not-available', message: unavailableReason(this.link.state) },
    });
  }

  /** Answers a client from main itself (a request main handled without the agent). */
  answer(client: ClientId, frame: ServerFrame): void {
    this.deliver(client, frame);
  }

  /** An ApiTransport for a client inside main (the tray's ApiClient). */
  transport(client: ClientId): ApiTransport {
    const frameFns = new Set<(f: ServerFrame) => void>();
    const closeFns = new Set<(r: string) => void>();
    this.attach(client, {
      frame: (f) => frameFns.forEach((fn) => fn(f)),
      close: (r) => closeFns.forEach((fn) => fn(r)),
    });
    const add = <T>(set: Set<T>, fn: T) => {
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    };
    return {
      send: (frame) => this.request(client, frame),
      onFrame: (fn) => add(frameFns, fn),
      onClose: (fn) => add(closeFns, fn),
    };
  }

  private deliver(client: ClientId, frame: ServerFrame): void {
    for (const sink of this.sinks.get(client) ?? []) sink.frame(frame);
  }

  private closeAll(reason: string): void {
    for (const set of this.sinks.values()) for (const sink of set) sink.close(reason);
  }
}

function isUp(s: AgentState): boolean {
  return s.type === 'running' || s.type === 'draining';
}

function closeReason(s: AgentState): string {
  if (s.type === 'waiting') return s.fatal ? `the Island stopped: ${s.fatal}` : 'the Island stopped unexpectedly and is restarting';
  return 'the Island stopped';
}

function unavailableReason(s: AgentState): string {
  switch (s.type) {
    case 'waiting':
      return s.fatal ? `the Island could not start: ${s.fatal}` : 'the Island is restarting after a crash';
    case 'starting':
      return 'the Island is starting';
    case 'running':
      return 'the Island is not answering';
    case 'draining':
    case 'exited':
      return 'the Island is shutting down';
    case 'stopped':
      return 'the Island has not started';
  }
}
