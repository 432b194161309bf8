import { describe, expect, it } from 'vitest';
import { claimsProblem, readPayload } from '../../../../src-main/agent/runtimes/images/cosign-payload';
import { simpleSigningPayload } from '../../../harness/cosign';

const D = `sha256:${'1'.repeat(64)}`;
const OTHER = `sha256:${'2'.repeat(64)}`;
const claimsOf = (buf: Buffer) => {
  const r = readPayload(buf);
  if (!r.ok) throw new Error(r.reason);
  return r.claims;
};

describe('simple-signing payload checks', () => {
  it('accepts what cosign writes, including index.docker.io for Docker Hub', () => {
    expect(claimsProblem(claimsOf(simpleSigningPayload('127.0.0.1:5000/t/app', D)), '127.0.0.1:5000/t/app', D)).toBeNull();
    expect(claimsProblem(claimsOf(simpleSigningPayload('index.docker.io/library/nginx', D)), 'docker.io/library/nginx', D)).toBeNull();
  });
  it('tolerates a tag on docker-reference (signed with --sign-container-identity)', () => {
    expect(claimsProblem(claimsOf(simpleSigningPayload('ghcr.io/o/a:v1', D)), 'ghcr.io/o/a', D)).toBeNull();
  });
  it('refuses another manifest digest (a signature replayed from another image)', () => {
    expect(claimsProblem(claimsOf(simpleSigningPayload('ghcr.io/o/a', OTHER)), 'ghcr.io/o/a', D)).toBe(`the payload is for ${OTHER}, not ${D}`);
  });
  it('refuses another repository', () => {
    expect(claimsProblem(claimsOf(simpleSigningPayload('ghcr.io/o/other', D)), 'ghcr.io/o/a', D)).toMatch(/names "ghcr.io\/o\/other", not ghcr.io\/o\/a/);
    expect(claimsProblem(claimsOf(simpleSigningPayload('localhost@sha256', D)), 'localhost:5000/a', D)).toMatch(/names/);
  });
  it('refuses another payload type', () => {
    const payload = Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'ghcr.io/o/a' }, image: { 'docker-manifest-digest': D }, type: 'atomic container signature' } }));
    expect(claimsProblem(claimsOf(payload), 'ghcr.io/o/a', D)).toMatch(/payload type is "atomic container signature"/);
  });
  it('refuses what is not a payload', () => {
    expect(readPayload(Buffer.from('nope'))).toEqual({ ok: false, reason: 'the payload is not JSON' });
    expect(readPayload(Buffer.from('{}'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no "critical"/) });
    expect(readPayload(Buffer.from('{"critical":{"type":"x"}}'))).toMatchObject({ ok: false });
  });
});
