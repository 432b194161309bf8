import { describe, expect, it } from 'vitest';
import {
  formatSha256,
  isModelHashCheckSkipped,
  isSha256Hex,
  modelHashMatches,
  normalizeSha256,
  wasmHashMatches,
} from '../../../src-shared/protocol/hash';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HELLO_WORLD = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

describe('normalizeSha256 (§13 state)', () => {
  it('strips sha256: and lower-cases', () => {
    expect(normalizeSha256('sha256:ABC123')).toBe('abc123');
    expect(normalizeSha256('ABC123')).toBe('abc123');
    expect(normalizeSha256('sha256:DEADBEEF')).toBe('deadbeef');
  });

  it('keeps lower-case input unchanged', () => {
    expect(normalizeSha256('abc123')).toBe('abc123');
    expect(normalizeSha256(EMPTY)).toBe(EMPTY);
  });

  it('strips only a lower-case prefix, once', () => {
    expect(normalizeSha256('sha256:sha256:ab')).toBe('sha256:ab');
    expect(normalizeSha256('SHA256:AB')).toBe('sha256:ab');
  });
});

describe('formatSha256', () => {
  it('prefixes sha256: to lower-case hex', () => {
    expect(formatSha256(EMPTY)).toBe(`sha256:${EMPTY}`);
    expect(formatSha256('ABCDEF')).toBe('sha256:abcdef');
  });
});

describe('isSha256Hex', () => {
  it('accepts 64 hex digits in either case', () => {
    expect(isSha256Hex(EMPTY)).toBe(true);
    expect(isSha256Hex(HELLO_WORLD.toUpperCase())).toBe(true);
  });

  it('rejects prefixes, wrong lengths and non-hex', () => {
    expect(isSha256Hex(`sha256:${EMPTY}`)).toBe(false);
    expect(isSha256Hex(EMPTY.slice(1))).toBe(false);
    expect(isSha256Hex(`${EMPTY}0`)).toBe(false);
    expect(isSha256Hex('g'.repeat(64))).toBe(false);
    expect(isSha256Hex('')).toBe(false);
  });
});

describe('wasmHashMatches (§6.7, §13 wasm)', () => {
  it('matches bare, prefixed and upper-case expectations', () => {
    expect(wasmHashMatches(HELLO_WORLD, HELLO_WORLD)).toBe(true);
    expect(wasmHashMatches(`sha256:${HELLO_WORLD}`, HELLO_WORLD)).toBe(true);
    expect(wasmHashMatches(HELLO_WORLD.toUpperCase(), HELLO_WORLD)).toBe(true);
    expect(wasmHashMatches(EMPTY, EMPTY)).toBe(true);
  });

  it('rejects a different hash', () => {
    expect(wasmHashMatches(EMPTY, HELLO_WORLD)).toBe(false);
  });
});

describe('model hash rules (§7.3)', () => {
  it('skips verification for null, empty and the placeholder', () => {
    expect(isModelHashCheckSkipped(null)).toBe(true);
    expect(isModelHashCheckSkipped(undefined)).toBe(true);
    expect(isModelHashCheckSkipped('')).toBe(true);
    expect(isModelHashCheckSkipped('sha256:placeholder')).toBe(true);
    expect(isModelHashCheckSkipped(`sha256:${EMPTY}`)).toBe(false);
  });

  it('compares exactly with sha256:<lower-case hex>', () => {
    expect(modelHashMatches(`sha256:${EMPTY}`, EMPTY)).toBe(true);
    expect(modelHashMatches(EMPTY, EMPTY)).toBe(false);
    expect(modelHashMatches(`sha256:${EMPTY.toUpperCase()}`, EMPTY)).toBe(false);
    expect(modelHashMatches('sha256:wrong', EMPTY)).toBe(false);
  });
});
