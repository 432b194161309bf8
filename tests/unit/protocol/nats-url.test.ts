import { describe, expect, it } from 'vitest';
import { parseNatsUrl } from '../../../src-shared/protocol/nats-url';

describe('parseNatsUrl (§1.2 test vectors)', () => {
  it('leaves a plain URL unchanged, without credentials', () => {
    expect(parseNatsUrl('nats://host:4222')).toEqual({ url: 'nats://host:4222', user: null, pass: null });
  });

  it('strips user:pass@ and returns them', () => {
    expect(parseNatsUrl('tls://user:pass@host:4222')).toEqual({ url: 'tls://host:4222', user: 'user', pass: 'pass' });
  });

  it('leaves a scheme-less host:port unchanged', () => {
    expect(parseNatsUrl('host:4222')).toEqual({ url: 'host:4222', user: null, pass: null });
  });

  it('does not percent-decode the password', () => {
    expect(parseNatsUrl('nats://admin:p%40ss@sail.example.com:4222')).toEqual({
      url: 'nats://sail.example.com:4222',
      user: 'admin',
      pass: 'p%40ss',
    });
  });
});

describe('parseNatsUrl edge cases', () => {
  it('splits the password at the first colon and the userinfo at the first @', () => {
    expect(parseNatsUrl('nats://u:p:q@host:4222')).toEqual({ url: 'nats://host:4222', user: 'u', pass: 'p:q' });
    expect(parseNatsUrl('nats://u:p@q@host:4222')).toEqual({ url: 'nats://q@host:4222', user: 'u', pass: 'p' });
  });

  it('takes userinfo without a colon as a user with no password', () => {
    expect(parseNatsUrl('nats://token@host:4222')).toEqual({ url: 'nats://host:4222', user: 'token', pass: null });
  });

  it('treats userinfo from the start of the string when there is no scheme', () => {
    expect(parseNatsUrl('user:pass@host:4222')).toEqual({ url: 'host:4222', user: 'user', pass: 'pass' });
  });

  it('does not take a :// after the @ for the scheme', () => {
    expect(parseNatsUrl('u:p@host://x')).toEqual({ url: 'host://x', user: 'u', pass: 'p' });
  });
});
