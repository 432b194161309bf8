import { describe, expect, it } from 'vitest';
import { describeJsonError, emptyState, readStateText, salvageHostId, serializeState } from '../../../src-main/agent/state/state-file';

describe('salvageHostId', () => {
  it('finds a safe host id in broken JSON', () => {
    expect(salvageHostId('{"host_id": "550e8400-e29b-41d4-a716-446655440000", "paired": tr')).toBe('550e8400-e29b-41d4-a716-446655440000');
    expect(salvageHostId('{\n  "host_id":"abc"')).toBe('abc');
  });
  it('finds nothing unsafe or absent', () => {
    expect(salvageHostId('{"host_id": "a.b"}')).toBeUndefined();
    expect(salvageHostId('{"host_id": null}')).toBeUndefined();
    expect(salvageHostId('{"host_id": "abc')).toBeUndefined();
    expect(salvageHostId('garbage')).toBeUndefined();
  });
});

describe('describeJsonError', () => {
  const messageFor = (text: string) => {
    try {
      JSON.parse(text);
    } catch (e) {
      return describeJsonError(e, text);
    }
    return '';
  };
  it('names line and column', () => {
    expect(messageFor('{\n  "a": 1,\n  x\n}')).toMatch(/line 3,? column 3/);
    expect(messageFor('{\n "a": ')).toMatch(/line 2/);
  });
});

describe('readStateText', () => {
  it('reads the four Rust keys and ours', () => {
    const r = readStateText(JSON.stringify({ host_id: 'h', paired: true, account_id: 'a', paired_at: '5', pairing: { code: 'C', pair_url: 'u', expires_at_ms: 9 } }));
    expect(r).toEqual({
      ok: true,
      incomplete: false,
      notes: [],
      data: { hostId: 'h', paired: true, accountId: 'a', pairedAt: '5', pairing: { code: 'C', pairUrl: 'u', expiresAtMs: 9 }, extra: {} },
    });
  });
  it('marks a file the Rust Island could not read as incomplete', () => {
    const r = readStateText('{"host_id":"h"}');
    expect(r.ok && r.incomplete).toBe(true);
    expect(r.ok && r.data.paired).toBe(false);
  });
  it('accepts paired_at written as a number', () => {
    const r = readStateText('{"host_id":"h","paired":true,"account_id":null,"paired_at":1708300800}');
    expect(r.ok && r.data.pairedAt).toBe('1708300800');
  });
  it.each([
    ['[]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['{"host_id": 5}', /host_id is not a string/],
    ['{"host_id": "a b"}', /unsafe host_id/],
    ['{"host_id": "h", "account_id": 5}', /account_id has the wrong type/],
    ['{"host_id": "h", "paired_at": true}', /paired_at has the wrong type/],
  ])('refuses %s', (text, reason) => {
    const r = readStateText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('serializeState', () => {
  it('writes pretty JSON with the Rust keys first, and extras last', () => {
    const text = serializeState({ ...emptyState(), hostId: 'h', extra: { z: 1, paired: 'ignored' } });
    expect(text).toBe('{\n  "host_id": "h",\n  "paired": false,\n  "account_id": null,\n  "paired_at": null,\n  "pairing": null,\n  "z": 1\n}\n');
  });
});
