import { describe, expect, it } from 'vitest';
import {
  ALREADY_PAIRED_ERROR,
  generatePairingCode,
  PAIRING_ALPHABET,
  PairingDesk,
  pairUrlFor,
} from '../../harness/coordinator/pairing';

describe('pairing codes (product.md §4.1)', () => {
  it('uses 6 characters without I, O, 1 or 0', () => {
    expect(PAIRING_ALPHABET).not.toMatch(/[IO10]/);
    expect(PAIRING_ALPHABET).toHaveLength(32);
    for (let i = 0; i < 200; i++) expect(generatePairingCode()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  });

  it('puts the code in the pair URL', () => {
    expect(pairUrlFor('https://app.archipelag.io/pair', 'A3X9K2')).toBe('https://app.archipelag.io/pair?code=A3X9K2');
  });
});

describe('PairingDesk', () => {
  const fixed = (): number => 0; // always 'A'

  it('issues a code valid 600 s, and the same code while it is valid', () => {
    const desk = new PairingDesk({ random: fixed });
    const first = desk.answer('h1', 0);
    expect(first).toEqual({ success: true, code: 'AAAAAA', expires_in_seconds: 600, pair_url: 'https://app.archipelag.io/pair?code=AAAAAA' });
    expect(desk.answer('h1', 100_000)).toMatchObject({ code: 'AAAAAA', expires_in_seconds: 500 });
    expect(desk.codeFor('h1')).toBe('AAAAAA');
  });

  it('issues a new code after expiry', () => {
    let n = 0;
    const desk = new PairingDesk({ random: () => n++ % 32 });
    const a = desk.answer('h1', 0);
    const b = desk.answer('h1', 600_000);
    expect(a?.code).not.toBe(b?.code);
  });

  it('answers "host already paired" once approved', () => {
    const desk = new PairingDesk();
    desk.answer('h1', 0);
    desk.approve('h1', 'acct-1', 5);
    expect(desk.answer('h1', 10)).toEqual({ success: false, error: ALREADY_PAIRED_ERROR });
    expect(desk.pairedAccount('h1')).toEqual({ accountId: 'acct-1', at: 5 });
    expect(desk.codeFor('h1')).toBeNull();
    expect(desk.answer('h2', 10)?.success).toBe(true);
  });

  it('can answer with an error or not at all', () => {
    const desk = new PairingDesk({ mode: 'error' });
    expect(desk.answer('h1', 0)).toEqual({ success: false, error: 'host not approved' });
    desk.configure({ mode: 'error', error: 'pairing disabled' });
    expect(desk.answer('h1', 0)).toEqual({ success: false, error: 'pairing disabled' });
    desk.configure({ mode: 'silent' });
    expect(desk.answer('h1', 0)).toBeNull();
  });

  it('honours a custom URL and expiry', () => {
    const desk = new PairingDesk({ pairUrl: 'https://example.test/p', expiresInSeconds: 300, random: fixed });
    expect(desk.answer('h1', 0)).toMatchObject({ expires_in_seconds: 300, pair_url: 'https://example.test/p?code=AAAAAA' });
  });
});
