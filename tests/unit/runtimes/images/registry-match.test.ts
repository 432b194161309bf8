import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY_ALLOWLIST } from '../../../../src-shared/config/schema';
import { parseImageRef } from '../../../../src-main/agent/runtimes/images/image-ref';
import { entrySegments, findMatchingEntry, matchesEntry } from '../../../../src-main/agent/runtimes/images/registry-match';

const allowed = (image: string, entries: readonly string[]) => findMatchingEntry(parseImageRef(image), entries) !== undefined;

describe('allowlist by registry and whole path segments (quirk 12 fixed)', () => {
  it('a namespace entry allows its images and sub-namespaces', () => {
    expect(allowed('ghcr.io/archipelag-io/x', ['ghcr.io/archipelag-io'])).toBe(true);
    expect(allowed('ghcr.io/archipelag-io/team/x:1', ['ghcr.io/archipelag-io'])).toBe(true);
  });
  it('does NOT allow a namespace that merely starts with the same text', () => {
    expect(allowed('ghcr.io/archipelag-io-evil/x', ['ghcr.io/archipelag-io'])).toBe(false);
    expect(allowed('ghcr.io.evil.com/archipelag-io/x', ['ghcr.io'])).toBe(false);
  });
  it('a registry-only entry allows the whole registry', () => {
    expect(allowed('ghcr.io/anyone/anything', ['ghcr.io'])).toBe(true);
    expect(allowed('ghcr.iox/a/b', ['ghcr.io'])).toBe(false);
  });
  it('registries with ports are distinct registries', () => {
    expect(allowed('127.0.0.1:5000/test/app:1', ['127.0.0.1:5000'])).toBe(true);
    expect(allowed('localhost:5000/app', ['localhost:5000'])).toBe(true);
    expect(allowed('127.0.0.1:5001/test/app', ['127.0.0.1:5000'])).toBe(false);
    expect(allowed('127.0.0.1/test/app', ['127.0.0.1:5000'])).toBe(false);
    expect(allowed('127.0.0.1:50000/x/y', ['127.0.0.1:5000'])).toBe(false);
    expect(allowed('localhost:5000/team/app', ['localhost:5000/team'])).toBe(true);
    expect(allowed('localhost:5000/teamx/app', ['localhost:5000/team'])).toBe(false);
  });
  it('an entry naming a full repository allows exactly that repository', () => {
    expect(allowed('ghcr.io/org/app:1', ['ghcr.io/org/app'])).toBe(true);
    expect(allowed('ghcr.io/org/app2:1', ['ghcr.io/org/app'])).toBe(false);
  });
  it('the defaults (Rust test): archipelag-io, docker.io/archipelag and official images', () => {
    expect(allowed('ghcr.io/archipelag-io/test', DEFAULT_REGISTRY_ALLOWLIST)).toBe(true);
    expect(allowed('docker.io/library/nginx', DEFAULT_REGISTRY_ALLOWLIST)).toBe(true);
    expect(allowed('nginx', DEFAULT_REGISTRY_ALLOWLIST)).toBe(true);
    expect(allowed('archipelag/llm:1', DEFAULT_REGISTRY_ALLOWLIST)).toBe(true);
    expect(allowed('evil.io/malware', DEFAULT_REGISTRY_ALLOWLIST)).toBe(false);
    expect(allowed('quay.io/test/image', DEFAULT_REGISTRY_ALLOWLIST)).toBe(false);
    expect(allowed('archipelagx/llm', DEFAULT_REGISTRY_ALLOWLIST)).toBe(false);
  });
  it('unsigned-allowed prefix localhost:5000 (Rust test): matches localhost:5000/test:latest, not ghcr', () => {
    expect(allowed('localhost:5000/test:latest', ['localhost:5000'])).toBe(true);
    expect(allowed('ghcr.io/archipelag-io/x', ['localhost:5000'])).toBe(false);
  });
  it('entries are normalised: scheme, trailing slash, case of the host, index.docker.io', () => {
    expect(entrySegments(' https://GHCR.io/org/ ')).toEqual(['ghcr.io', 'org']);
    expect(entrySegments('index.docker.io/library')).toEqual(['docker.io', 'library']);
    expect(entrySegments('')).toBeNull();
    expect(entrySegments('ghcr.io//org')).toBeNull();
    expect(matchesEntry(parseImageRef('nginx'), 'index.docker.io/library')).toBe(true);
  });
});
