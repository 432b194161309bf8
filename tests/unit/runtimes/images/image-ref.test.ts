import { describe, expect, it } from 'vitest';
import { InvalidImageRefError, parseImageRef, repositoryOf, repositoryOfDockerRef, taggedRefOf } from '../../../../src-main/agent/runtimes/images/image-ref';

const HEX = 'a'.repeat(64);

describe('parseImageRef (§6.4 rules, Rust security tests)', () => {
  it('nginx → docker.io/library/nginx, no tag, no digest', () => {
    expect(parseImageRef('nginx')).toMatchObject({ registry: 'docker.io', namespace: 'library', name: 'nginx', path: 'library/nginx', tag: null, digest: null });
  });
  it('nginx:1.24 → tag 1.24', () => {
    expect(parseImageRef('nginx:1.24').tag).toBe('1.24');
  });
  it('myuser/myimage → docker.io, namespace myuser', () => {
    expect(parseImageRef('myuser/myimage')).toMatchObject({ registry: 'docker.io', namespace: 'myuser', name: 'myimage', path: 'myuser/myimage' });
  });
  it('ghcr.io/archipelag-io/llm-chat:v1 → registry, namespace, name and tag', () => {
    expect(parseImageRef('ghcr.io/archipelag-io/llm-chat:v1')).toMatchObject({ registry: 'ghcr.io', namespace: 'archipelag-io', name: 'llm-chat', tag: 'v1', path: 'archipelag-io/llm-chat' });
  });
  it('a digest after @', () => {
    expect(parseImageRef(`nginx@sha256:${HEX}`).digest).toBe(`sha256:${HEX}`);
  });
  it('trims whitespace', () => {
    expect(parseImageRef('  nginx:1  ').text).toBe('nginx:1');
  });
});

describe('registries with ports, tags and digests together', () => {
  it('registry:port without a tag: the colon belongs to the port', () => {
    expect(parseImageRef('localhost:5000/x')).toMatchObject({ registry: 'localhost:5000', namespace: 'library', name: 'x', path: 'x', tag: null });
  });
  it('registry:port with a tag and nested namespaces', () => {
    expect(parseImageRef('127.0.0.1:5000/team/sub/app:2.0')).toMatchObject({ registry: '127.0.0.1:5000', namespace: 'team/sub', name: 'app', path: 'team/sub/app', tag: '2.0' });
  });
  it('registry:port with tag and digest', () => {
    const ref = parseImageRef(`localhost:5000/x:tag@sha256:${HEX}`);
    expect(ref).toMatchObject({ registry: 'localhost:5000', tag: 'tag', digest: `sha256:${HEX}` });
  });
  it('localhost without a port is a registry', () => {
    expect(parseImageRef('localhost/app').registry).toBe('localhost');
  });
  it('upper-case digest hex is lower-cased (Docker writes lower case)', () => {
    expect(parseImageRef(`x@sha256:${'A'.repeat(64)}`).digest).toBe(`sha256:${HEX}`);
  });
  it('docker.io and index.docker.io written out are Docker Hub, with library/ for official images', () => {
    expect(repositoryOf(parseImageRef('docker.io/nginx'))).toBe('docker.io/library/nginx');
    expect(repositoryOf(parseImageRef('index.docker.io/library/nginx'))).toBe('docker.io/library/nginx');
    expect(repositoryOf(parseImageRef('DOCKER.IO/library/nginx'))).toBe('docker.io/library/nginx');
  });
  it('untagged means :latest (quirk 19)', () => {
    expect(taggedRefOf(parseImageRef('nginx'))).toBe('docker.io/library/nginx:latest');
    expect(taggedRefOf(parseImageRef('localhost:5000/app'))).toBe('localhost:5000/app:latest');
  });
  it('reads Docker RepoTags/RepoDigests in their familiar form', () => {
    expect(repositoryOfDockerRef(`nginx@sha256:${HEX}`)).toBe('docker.io/library/nginx');
    expect(repositoryOfDockerRef('127.0.0.1:5000/t/a:1')).toBe('127.0.0.1:5000/t/a');
    expect(repositoryOfDockerRef('<none>:<none>')).toBeNull();
  });
});

describe('invalid references are refused (their parts end up in URLs and API calls)', () => {
  it.each([
    ['', /Empty image reference/],
    ['   ', /Empty image reference/],
    ['Nginx', /lower case/],
    ['a//b', /empty path component/],
    ['ghcr.io/../etc/passwd', /invalid repository name/],
    ['x/y?z=1', /invalid repository name/],
    ['nginx:bad tag', /invalid tag|invalid repository/],
    ['nginx@sha256:abc123', /invalid digest/],
    ['nginx@md5:' + HEX, /invalid digest/],
    ['-bad.io/x/y', /not a registry host/],
  ])('%j', (input, why) => {
    expect(() => parseImageRef(input)).toThrow(InvalidImageRefError);
    expect(() => parseImageRef(input)).toThrow(why);
  });
});
