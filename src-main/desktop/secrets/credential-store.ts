// Secrets the owner gives the desktop app (the NATS URL with its password, a Hugging Face token)
// are kept encrypted with the OS keychain through Electron's safeStorage: one blob in userData,
// decrypted only to start the agent, which gets them in its environment. Without a real keychain
// (Linux with no secret service falls back to a hard-coded key) nothing is stored and the owner
// is told why. A blob that cannot be decrypted is moved aside, never silently overwritten.
import { IslandError, errorMessage } from '../../../src-shared/errors';

export type CredentialName = 'natsUrl' | 'hfToken';

/** The agent reads these (HF_TOKEN: runtime-settings.ts; ISLAND_NATS_URL: see the report). */
export const CREDENTIAL_ENV: Record<CredentialName, string> = {
  natsUrl: 'ISLAND_NATS_URL',
  hfToken: 'HF_TOKEN',
};

export type Credentials = Partial<Record<CredentialName, string>>;

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain, just obfuscation. */
  getSelectedStorageBackend?(): string;
}

export interface BlobFile {
  /** null when the file does not exist. */
  read(): Promise<Buffer | null>;
  /** Atomic write, owner-only permissions. */
  write(data: Buffer): Promise<void>;
  /** Renames the file aside; returns the new name. */
  moveAside(): Promise<string>;
}

export class CredentialError extends IslandError {
  override name = 'CredentialError';
}

const BLOB_VERSION = 1;

export class CredentialStore {
  constructor(
    private readonly storage: SafeStorageLike,
    private readonly file: BlobFile,
  ) {}

  /** Why secrets cannot be stored here, or null when they can. */
  unavailableReason(): string | null {
    if (!this.storage.isEncryptionAvailable()) return 'the operating system offers no encryption for stored secrets';
    const backend = this.storage.getSelectedStorageBackend?.();
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'no keyring (GNOME Keyring, KWallet) is running, so a stored secret would only be obfuscated';
    }
    return null;
  }

  async load(): Promise<Credentials> {
    const data = await this.file.read();
    if (data === null) return {};
    let text: string;
    try {
      text = this.storage.decryptString(data);
    } catch (err) {
      const aside = await this.file.moveAside();
      throw new CredentialError(`the stored credentials cannot be decrypted (moved aside to ${aside}): ${errorMessage(err)}`, { cause: err });
    }
    const parsed = parseBlob(text);
    if (!parsed) {
      const aside = await this.file.moveAside();
      throw new CredentialError(`the stored credentials are not in the expected format (moved aside to ${aside})`);
    }
    return parsed;
  }

  /** Sets (or with null, removes) one secret. */
  async set(name: CredentialName, value: string | null): Promise<void> {
    const reason = this.unavailableReason();
    if (reason) throw new CredentialError(`cannot store the ${name === 'natsUrl' ? 'NATS URL' : 'Hugging Face token'}: ${reason}; put it in config.toml instead`);
    const current = await this.load();
    if (value === null || value === '') delete current[name];
    else current[name] = value;
    await this.file.write(this.storage.encryptString(JSON.stringify({ version: BLOB_VERSION, ...current })));
  }

  /** The agent's environment additions, for the next fork. */
  async env(): Promise<Record<string, string>> {
    const creds = await this.load();
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(creds) as Array<[CredentialName, string]>) env[CREDENTIAL_ENV[name]] = value;
    return env;
  }
}

function parseBlob(text: string): Credentials | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== BLOB_VERSION) return null;
  const out: Credentials = {};
  for (const name of Object.keys(CREDENTIAL_ENV) as CredentialName[]) {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v === 'string') out[name] = v;
    else if (v !== undefined) return null;
  }
  return out;
}
