import { describe, expect, it } from 'vitest';
import {
  consumerName,
  hostIdFromSubject,
  hostSubjects,
  JOBS_STREAM,
  PAIRING_SUBJECT,
  REGISTER_SUBJECT,
  validateHostId,
} from '../../../src-shared/protocol/subjects';

describe('subject constants (§2.1, §13 nats)', () => {
  it('match the coordinator subjects and stream', () => {
    expect(REGISTER_SUBJECT).toBe('coordinator.hosts.register');
    expect(PAIRING_SUBJECT).toBe('coordinator.hosts.pairing');
    expect(JOBS_STREAM).toBe('JOBS');
  });
});

describe('hostSubjects', () => {
  it('builds the §13 vectors', () => {
    expect(hostSubjects('abc-123').jobs).toBe('host.abc-123.jobs');
    expect(hostSubjects('host-1').status).toBe('host.host-1.status');
    expect(hostSubjects('host-1').output).toBe('host.host-1.output');
    expect(hostSubjects('id-42').heartbeat).toBe('host.id-42.heartbeat');
    expect(hostSubjects('h').cancel).toBe('host.h.cancel');
    expect(hostSubjects('host-1').lease).toBe('host.host-1.lease');
    expect(hostSubjects('host-1').preload).toBe('host.host-1.preload');
  });

  it('covers every per-host subject of §2.1', () => {
    expect(hostSubjects('X')).toEqual({
      jobs: 'host.X.jobs',
      cancel: 'host.X.cancel',
      preload: 'host.X.preload',
      probe: 'host.X.probe',
      ping: 'host.X.ping',
      heartbeat: 'host.X.heartbeat',
      status: 'host.X.status',
      output: 'host.X.output',
      progress: 'host.X.progress',
      image: 'host.X.image',
      lease: 'host.X.lease',
    });
  });
});

describe('consumerName', () => {
  it('is host- followed by the full host id (§2.2)', () => {
    expect(consumerName('550e8400-e29b-41d4-a716-446655440000')).toBe('host-550e8400-e29b-41d4-a716-446655440000');
  });
});

describe('hostIdFromSubject', () => {
  it('reads the id from every per-host subject', () => {
    const id = '550e8400-e29b-41d4-a716-446655440000';
    for (const subject of Object.values(hostSubjects(id))) expect(hostIdFromSubject(subject)).toBe(id);
    expect(hostIdFromSubject('host.X.heartbeat')).toBe('X');
  });

  it('rejects subjects that are not per-host subjects', () => {
    expect(hostIdFromSubject('coordinator.hosts.register')).toBeNull();
    expect(hostIdFromSubject('host..heartbeat')).toBeNull();
    expect(hostIdFromSubject('host.X.unknown')).toBeNull();
    expect(hostIdFromSubject('host.X.heartbeat.extra')).toBeNull();
    expect(hostIdFromSubject('ring.X.status')).toBeNull();
    expect(hostIdFromSubject('host.*.heartbeat')).toBeNull();
    expect(hostIdFromSubject('')).toBeNull();
  });
});

describe('validateHostId', () => {
  it('accepts UUIDs and other printable ids up to 128 characters', () => {
    expect(validateHostId('550e8400-e29b-41d4-a716-446655440000')).toBeNull();
    expect(validateHostId('h')).toBeNull();
    expect(validateHostId('my_island-01')).toBeNull();
    expect(validateHostId('île-ß')).toBeNull();
    expect(validateHostId('a'.repeat(128))).toBeNull();
  });

  it('rejects empty and overlong ids', () => {
    expect(validateHostId('')).toMatch(/empty/);
    expect(validateHostId('a'.repeat(129))).toMatch(/at most 128/);
  });

  it.each(['.', '*', '>', '/', '\\'])('rejects %s, which breaks subjects or durable names', (c) => {
    expect(validateHostId(`a${c}b`)).toContain(`"${c}"`);
  });

  it.each([' ', '\t', '\n', '\u00a0', '\u2003', '\u0000', '\u007f', '\u200b', '\ud800'])(
    'rejects whitespace and non-printable U+%s',
    (c) => {
      expect(validateHostId(`a${c}b`)).toMatch(/printable/);
    },
  );
});
