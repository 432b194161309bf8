import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretKey, redactText, sanitizeFields } from '../../../src-main/agent/log/redact';

describe('isSecretKey', () => {
  it.each(['password', 'pass', 'token', 'hf_token', 'hfToken', 'HF_TOKEN', 'authorization', 'Authorization', 'secret', 'client_secret', 'api_key', 'apiKey', 'x-api-key', 'cookie', 'credentials', 'private_key', 'accessToken'])('%s is secret', (k) => {
    expect(isSecretKey(k)).toBe(true);
  });
  it.each(['tokens_generated', 'max_tokens', 'key_id', 'public_key', 'passes', 'author', 'host_id', 'nats_url', 'compass'])('%s is not', (k) => {
    expect(isSecretKey(k)).toBe(false);
  });
});

describe('redactText', () => {
  it.each([
    ['connected to nats://island:s3cret@sail.archipelag.io:4222', 'connected to nats://island:***@sail.archipelag.io:4222'],
    ['tls://island:p@ss@host:4222/x', 'tls://island:***@host:4222/x'],
    ['https://user:pw@example.com/a?b=c and https://example.com/', 'https://user:***@example.com/a?b=c and https://example.com/'],
    ['nats://tok3n@host:4222', 'nats://***@host:4222'],
    ['nats://host:4222', 'nats://host:4222'],
    ['host:4222 user@example.com', 'host:4222 user@example.com'],
    ['Authorization: Bearer abcdefghijkl.mnop', 'Authorization: Bearer ***'],
    ['token hf_AbCdEfGhIjKlMnOpQrSt1234 used', 'token hf_*** used'],
    // A URL without a scheme, as the Rust Island's config also accepts (§1.2).
    ['coordinator=island:s3cret@127.0.0.1:4222', 'coordinator=island:***@127.0.0.1:4222'],
    ['island:s3cret@sail.archipelag.io:4222', 'island:***@sail.archipelag.io:4222'],
  ])('%s', (input, output) => {
    expect(redactText(input)).toBe(output);
  });
});

describe('sanitizeFields', () => {
  it('redacts by key at any depth, and in strings', () => {
    expect(
      sanitizeFields({
        password: 'hunter2',
        config: { model_cache: { hf_token: 'hf_x' }, coordinator: { nats_url: 'tls://a:b@h:1' } },
        headers: [{ Authorization: 'Bearer x' }],
        credentials: { user: 'u', pass: 'p' },
      }),
    ).toEqual({
      password: REDACTED,
      config: { model_cache: { hf_token: REDACTED }, coordinator: { nats_url: 'tls://a:***@h:1' } },
      headers: [{ Authorization: REDACTED }],
      credentials: REDACTED,
    });
  });

  it('keeps numbers, booleans and empty values under secret-sounding names', () => {
    expect(sanitizeFields({ token_count: 5, password_set: true, token: null, secret: '' })).toEqual({ token_count: 5, password_set: true, token: null, secret: '' });
  });

  it('makes values JSON-safe', () => {
    const err = Object.assign(new Error('failed for nats://u:p@h'), { code: 'ECONNREFUSED' });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const out = sanitizeFields({ err, n: 10n, when: new Date(0), buf: Buffer.from('abc'), cyclic, map: new Map([['k', 'v']]), set: new Set([1]), fn: () => 1 });
    expect(out.err).toMatchObject({ type: 'Error', message: 'failed for nats://u:***@h', code: 'ECONNREFUSED' });
    expect((out.err as { stack: string }).stack).not.toContain('u:p@');
    expect(out.n).toBe('10');
    expect(out.when).toBe('1970-01-01T00:00:00.000Z');
    expect(out.buf).toBe('[3 bytes]');
    expect(out.cyclic).toEqual({ a: 1, self: '[circular]' });
    expect(out.map).toEqual({ k: 'v' });
    expect(out.set).toEqual([1]);
    expect(out.fn).toBe('[function]');
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('includes an error cause', () => {
    const out = sanitizeFields({ err: new Error('outer', { cause: new Error('inner') }) });
    expect((out.err as { cause: { message: string } }).cause.message).toBe('inner');
  });

  it('caps depth', () => {
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(sanitizeFields(deep))).toContain('[…]');
  });

  it('the same object twice is not circular', () => {
    const shared = { a: 1 };
    expect(sanitizeFields({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });
});
