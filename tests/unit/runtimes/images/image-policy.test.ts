import { describe, expect, it } from 'vitest';
import { ImageRejectedError } from '../../../../src-main/agent/runtimes/container/image-supply';
import { checkImage, registryPolicyOf, type RegistryPolicy } from '../../../../src-main/agent/runtimes/images/image-policy';
import { defaultConfig, islandConfigSchema } from '../../../../src-shared/config/schema';

const HEX = 'b'.repeat(64);
const policy = (p: Partial<RegistryPolicy> = {}): RegistryPolicy => ({ ...registryPolicyOf(defaultConfig()), ...p });
const rejection = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImageRejectedError);
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('checkImage: the §4.10 texts', () => {
  it('registry not allowed names registry/namespace and the image', () => {
    expect(rejection(() => checkImage('evil.io/malware', null, policy()))).toBe('Image not allowed: Registry not allowed: evil.io/library. Image: evil.io/malware');
    expect(rejection(() => checkImage('ghcr.io/archipelag-io-evil/x:1', null, policy()))).toBe(
      'Image not allowed: Registry not allowed: ghcr.io/archipelag-io-evil. Image: ghcr.io/archipelag-io-evil/x:1',
    );
  });
  it('an empty reference', () => {
    expect(rejection(() => checkImage(' ', null, policy()))).toBe('Image not allowed: Invalid image reference: Empty image reference');
  });
  it('require_digest: nginx rejected, nginx@sha256 allowed, and an image_digest in the job counts', () => {
    const p = policy({ requireDigest: true });
    expect(rejection(() => checkImage('nginx', null, p))).toBe('Image not allowed: Image must have a digest: nginx');
    expect(checkImage(`nginx@sha256:${HEX}`, null, p).pinned).toBe(`sha256:${HEX}`);
    expect(checkImage('nginx:1', HEX, p).pinned).toBe(`sha256:${HEX}`);
    expect(rejection(() => checkImage('nginx', '', p))).toMatch(/must have a digest/);
  });
  it('a disabled allowlist allows everything that is a valid reference (Rust test)', () => {
    const p = policy({ enabled: false });
    expect(checkImage('evil.io/malware', null, p).ref.registry).toBe('evil.io');
    expect(checkImage('anything:goes', null, p).ref.tag).toBe('goes');
  });
  it('the allowlist in force comes from the config, defaults when empty', () => {
    const cfg = islandConfigSchema.parse({ coordinator: { nats_url: 'nats://h' }, registry: { allowed: ['127.0.0.1:5000'] } });
    expect(checkImage('127.0.0.1:5000/t/a:1', null, registryPolicyOf(cfg)).ref.path).toBe('t/a');
    expect(() => checkImage('nginx', null, registryPolicyOf(cfg))).toThrow(/Registry not allowed: docker.io\/library/);
  });
});

describe('checkImage: digest pinning', () => {
  it('accepts bare hex and sha256:hex', () => {
    expect(checkImage('nginx', HEX, policy())).toMatchObject({ pinned: `sha256:${HEX}`, digestCaseChanged: false });
    expect(checkImage('nginx', `sha256:${HEX}`, policy()).pinned).toBe(`sha256:${HEX}`);
  });
  it('lower-cases upper-case hex and says so', () => {
    expect(checkImage('nginx', `sha256:${HEX.toUpperCase()}`, policy())).toMatchObject({ pinned: `sha256:${HEX}`, digestCaseChanged: true });
  });
  it('refuses a digest that is not sha256 hex', () => {
    expect(rejection(() => checkImage('nginx', 'sha256:abc', policy()))).toBe(
      'Image not allowed: Invalid image_digest "sha256:abc": expected sha256:<64 hex digits> or the 64 hex digits alone. Image: nginx',
    );
  });
  it('refuses a job digest that contradicts the reference', () => {
    expect(rejection(() => checkImage(`nginx@sha256:${HEX}`, 'c'.repeat(64), policy()))).toMatch(
      /Image digest verification failed: the image reference pins sha256:b+ but the job's image_digest is sha256:c+/,
    );
  });
  it('no digest anywhere: nothing pinned', () => {
    expect(checkImage('nginx:1', null, policy()).pinned).toBeNull();
  });
});
