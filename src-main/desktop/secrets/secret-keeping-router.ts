// On the desktop, a coordinator URL with credentials typed into the dashboard's settings goes to
// the OS keychain (CredentialStore → ISLAND_NATS_URL at the next agent start), and config.toml
// gets the URL without them. Headless has no keychain, so there the agent writes the URL as given.
// Main sees the request before the agent does, so this is where the secret is taken out.
import type { ClientId } from '../../agent/utility/port-messages';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import { errorMessage } from '../../../src-shared/errors';
import { parseNatsUrl } from '../../../src-shared/protocol/nats-url';
import type { Logger } from '../../agent/log/types';
import type { CredentialStore } from './credential-store';

export interface RequestSink {
  request(client: ClientId, frame: RequestFrame): void;
}

export type SecretStore = Pick<CredentialStore, 'set' | 'load' | 'unavailableReason'>;

export class SecretKeepingRouter implements RequestSink {
  constructor(
    private readonly inner: RequestSink,
    private readonly store: SecretStore,
    /** Answers a request here in main (when storing the secret failed). */
    private readonly reply: (client: ClientId, frame: ServerFrame) => void,
    private readonly log: Logger,
  ) {}

  request(client: ClientId, frame: RequestFrame): void {
    const natsUrl = frame.method === 'settings.set' ? (frame.params as { natsUrl?: unknown } | null)?.natsUrl : undefined;
    if (typeof natsUrl !== 'string') return this.inner.request(client, frame);
    this.keep(natsUrl).then(
      (forwarded) => this.inner.request(client, { ...frame, params: { ...(frame.params as object), natsUrl: forwarded } }),
      (err: unknown) => {
        this.log.warn('could not keep the coordinator credentials in the keychain', { error: errorMessage(err) });
        this.reply(client, { kind: 'response', id: frame.id, ok: false, error: { code: 'conflict', message: errorMessage(err), field: 'params.natsUrl' } });
      },
    );
  }

  /** Stores what must be secret; returns the URL config.toml may hold. */
  private async keep(url: string): Promise<string> {
    const parsed = parseNatsUrl(url);
    const hasCredentials = parsed.user !== null || parsed.pass !== null;
    if (this.store.unavailableReason() !== null) {
      if (hasCredentials) this.log.warn('no keychain here: the coordinator credentials go to config.toml, as in headless mode');
      return url;
    }
    if (hasCredentials) {
      await this.store.set('natsUrl', url);
      this.log.info('coordinator credentials kept in the keychain; the Island uses them from its next start');
      return parsed.url;
    }
    // A URL without credentials keeps the stored ones for the same server, and drops them for
    // another: they belong to the server they were given for.
    const stored = (await this.store.load()).natsUrl;
    if (stored !== undefined && parseNatsUrl(stored).url !== parsed.url) await this.store.set('natsUrl', null);
    return url;
  }
}
