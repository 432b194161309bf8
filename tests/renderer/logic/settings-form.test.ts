import { describe, expect, it } from 'vitest';
import { buildChanges, formFromSettings, withCredentials } from '../../../src-renderer/src/screens/settings/settings-form';
import { settings } from '../fixtures';

describe('settings form', () => {
  it('puts credentials into the URL as escaped userinfo, replacing any there', () => {
    expect(withCredentials('nats://host:4222', 'u:p@ss')).toBe('nats://u:p%40ss@host:4222');
    expect(withCredentials('tls://old:x@host:4222', 'tok3n')).toBe('tls://tok3n@host:4222');
  });

  it('sends nothing when nothing changed', () => {
    const view = settings();
    expect(buildChanges(formFromSettings(view), view)).toEqual({ changes: {}, errors: {} });
  });

  it('turns empty optional numbers into null and parses the rest', () => {
    const view = settings();
    const form = { ...formFromSettings(view), maxConcurrentJobs: '', imageCacheGb: ' 80 ', apiUrl: '' };
    expect(buildChanges(form, view)).toEqual({ changes: { maxConcurrentJobs: null, imageCacheGb: 80, apiUrl: null }, errors: {} });
  });

  it('refuses credentials typed into the URL field (they belong in the write-only field)', () => {
    const view = settings();
    const { errors } = buildChanges({ ...formFromSettings(view), natsUrl: 'nats://u:p@host:4222' }, view);
    expect(errors.natsUrl).toBe('put the user and password in the credentials field');
  });

  it('checks ranges with the agent schema and names the field', () => {
    const view = settings();
    const { errors } = buildChanges({ ...formFromSettings(view), maxConcurrentJobs: '0', imageCacheGb: '200000' }, view);
    expect(errors).toEqual({ maxConcurrentJobs: 'must be at least 1', imageCacheGb: 'must be at most 100000' });
  });
});
