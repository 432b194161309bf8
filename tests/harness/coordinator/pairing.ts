// Pairing as product.md §4.1 describes it: a 6-character code without look-alike characters,
// valid 10 minutes, typed by the owner at app.archipelag.io/pair. Once a host is approved, the
// coordinator answers "host already paired", which is the string the Island looks for (§3.12).
import { randomInt } from 'node:crypto';
import type { PairingResponse } from '../../../src-shared/protocol/messages';

/** A–Z and 2–9 without I, O, 1 and 0 (product.md §4.1, "no ambiguous characters"). */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 6;
export const DEFAULT_PAIR_URL = 'https://app.archipelag.io/pair';
export const DEFAULT_PAIRING_EXPIRY_S = 600;
export const ALREADY_PAIRED_ERROR = 'host already paired';

export interface PairingOptions {
  /** `code` (default) issues codes; `error` answers `{success:false, error}`; `silent` never answers. */
  mode?: 'code' | 'error' | 'silent';
  /** The error for `mode: 'error'` (default "host not approved", the reference's example). */
  error?: string;
  /** Base of `pair_url`; the code is appended as `?code=`. */
  pairUrl?: string;
  expiresInSeconds?: number;
  /** Source of randomness, for deterministic tests: returns an integer in [0, n). */
  random?: (n: number) => number;
}

export function generatePairingCode(random: (n: number) => number = (n) => randomInt(n)): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[random(PAIRING_ALPHABET.length)];
  return code;
}

export function pairUrlFor(base: string, code: string): string {
  const url = new URL(base);
  url.searchParams.set('code', code);
  return url.toString();
}

export type PairingAnswer = Partial<PairingResponse> & { success: boolean };

interface IssuedCode {
  code: string;
  expiresAt: number;
}

/** Which code each host holds, and who is paired. Answers are plain objects for the encoder. */
export class PairingDesk {
  private options: Required<Omit<PairingOptions, 'random'>> & Pick<PairingOptions, 'random'>;
  private readonly issued = new Map<string, IssuedCode>();
  private readonly paired = new Map<string, { accountId: string; at: number }>();

  constructor(options: PairingOptions = {}) {
    this.options = withDefaults(options);
  }

  configure(options: PairingOptions): void {
    this.options = withDefaults({ ...this.options, ...options });
  }

  /** The reply to send, or null to stay silent. */
  answer(hostId: string, now: number): PairingAnswer | null {
    if (this.paired.has(hostId)) return { success: false, error: ALREADY_PAIRED_ERROR };
    const { mode, error, expiresInSeconds, pairUrl } = this.options;
    if (mode === 'silent') return null;
    if (mode === 'error') return { success: false, error };
    // A host that asks again while its code is valid gets the same code, so a restart of the
    // Island does not invalidate what the owner may be typing right now.
    let issued = this.issued.get(hostId);
    if (!issued || issued.expiresAt <= now) {
      issued = { code: generatePairingCode(this.options.random), expiresAt: now + expiresInSeconds * 1000 };
      this.issued.set(hostId, issued);
    }
    return {
      success: true,
      code: issued.code,
      expires_in_seconds: Math.max(0, Math.ceil((issued.expiresAt - now) / 1000)),
      pair_url: pairUrlFor(pairUrl, issued.code),
    };
  }

  approve(hostId: string, accountId: string, now: number): void {
    this.paired.set(hostId, { accountId, at: now });
    this.issued.delete(hostId);
  }

  codeFor(hostId: string): string | null {
    return this.issued.get(hostId)?.code ?? null;
  }

  pairedAccount(hostId: string): { accountId: string; at: number } | null {
    return this.paired.get(hostId) ?? null;
  }
}

function withDefaults(o: PairingOptions): Required<Omit<PairingOptions, 'random'>> & Pick<PairingOptions, 'random'> {
  return {
    mode: o.mode ?? 'code',
    error: o.error ?? 'host not approved',
    pairUrl: o.pairUrl ?? DEFAULT_PAIR_URL,
    expiresInSeconds: o.expiresInSeconds ?? DEFAULT_PAIRING_EXPIRY_S,
    random: o.random,
  };
}
