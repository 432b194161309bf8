import { describe, expect, it } from 'vitest';
import { checkWasmHash, checkWasmUrl, MISSING_WASM_URL, wasmCacheFile } from '../../../../src-main/agent/runtimes/wasm/wasm-url';

describe('checkWasmUrl', () => {
  it('accepts http and https URLs only', () => {
    expect(checkWasmUrl('https://example.com/module.wasm')).toMatchObject({ ok: true });
    expect(checkWasmUrl('http://127.0.0.1:8080/m.wasm?v=2')).toMatchObject({ ok: true });
    expect(checkWasmUrl('HTTPS://EXAMPLE.COM/m.wasm')).toMatchObject({ ok: true });
  });

  it('says a missing URL the way the Rust Island does', () => {
    for (const raw of [null, undefined, '', '   ']) expect(checkWasmUrl(raw)).toEqual({ ok: false, error: MISSING_WASM_URL });
    expect(MISSING_WASM_URL).toBe('WASM workload missing wasm_url');
  });

  it('refuses local paths and every other scheme (§12.2 quirk 11)', () => {
    for (const raw of ['/usr/bin/evil.wasm', './m.wasm', 'm.wasm', 'C:\\m.wasm', 'file:///etc/passwd', 'ftp://h/m.wasm', 'data:application/wasm;base64,AGFzbQ==']) {
      const checked = checkWasmUrl(raw);
      expect(checked).toEqual({ ok: false, error: `wasm_url must be an http:// or https:// URL, got ${JSON.stringify(raw)} (local files are never run)` });
    }
  });

  it('shortens a very long refused URL in the message', () => {
    const checked = checkWasmUrl(`file:///${'a'.repeat(500)}`);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.length).toBeLessThan(250);
  });
});

describe('checkWasmHash', () => {
  const hex = 'ab'.repeat(32);
  it('normalises sha256: prefixes and case, and treats absent or empty as "not checked"', () => {
    expect(checkWasmHash(hex)).toEqual({ ok: true, value: hex });
    expect(checkWasmHash(`sha256:${hex.toUpperCase()}`)).toEqual({ ok: true, value: hex });
    expect(checkWasmHash(null)).toEqual({ ok: true, value: null });
    expect(checkWasmHash('')).toEqual({ ok: true, value: null });
  });

  it('refuses what can never be a SHA-256', () => {
    expect(checkWasmHash('sha256:abc')).toEqual({ ok: false, error: 'wasm_hash is not a SHA-256 digest: "sha256:abc"' });
    expect(checkWasmHash(`md5:${hex}`).ok).toBe(false);
  });
});

describe('wasmCacheFile', () => {
  it('uses the Rust layout: the first 16 hex digits of sha256(url) plus .wasm', () => {
    // printf 'https://example.com/module.wasm' | sha256sum → 02455a699abc4fd9e7a4…
    expect(wasmCacheFile('/home/o/.island/wasm-cache', 'https://example.com/module.wasm')).toBe(
      '/home/o/.island/wasm-cache/02455a699abc4fd9.wasm',
    );
  });
});
