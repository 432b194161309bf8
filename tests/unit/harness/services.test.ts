import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findBinary, requireBinary } from '../../harness/services';

const dir = mkdtempSync(join(tmpdir(), 'island-bin-'));
writeFileSync(join(dir, 'fake-tool'), '#!/bin/sh\n');
chmodSync(join(dir, 'fake-tool'), 0o755);
writeFileSync(join(dir, 'not-executable'), '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('requireBinary', () => {
  it('finds programs on PATH', () => {
    expect(findBinary('fake-tool', { PATH: dir })).toBe(join(dir, 'fake-tool'));
    expect(requireBinary('fake-tool', { env: { PATH: dir, CI: 'true' } })).toBe(join(dir, 'fake-tool'));
  });

  it('ignores files that are not executable', () => {
    expect(findBinary('not-executable', { PATH: dir })).toBeNull();
  });

  it('throws under CI=true, naming the apt package', () => {
    expect(() => requireBinary('docker-registry-missing', { env: { PATH: dir, CI: 'true' }, aptPackage: 'docker-registry' })).toThrow(
      /docker-registry-missing not found.*apt-get install docker-registry/,
    );
  });

  it('knows the packages of the services the tests use', () => {
    const env = { PATH: '/nonexistent', CI: 'true' };
    // Only meaningful where these are absent; the message is what matters.
    for (const [name, pkg] of [['chromium', 'chromium'], ['dockerd', 'docker.io']] as const) {
      if (findBinary(name, { PATH: '/nonexistent' })) continue;
      expect(() => requireBinary(name, { env })).toThrow(`apt-get install ${pkg}`);
    }
  });

  it('warns loudly and returns null outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireBinary('surely-missing-tool', { env: { PATH: dir }, neededBy: 'a test' })).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/SKIPPING: surely-missing-tool not found.*needed by a test/));
    warn.mockRestore();
  });
});
