import { describe, expect, it } from 'vitest';
import { createTestLogger } from '../../helpers/test-logger';

describe('createTestLogger', () => {
  it('records every level from the logger and its children, redacted like the real one', () => {
    const log = createTestLogger({ now: () => 5 });
    log.info('hello', { a: 1 });
    log.child('nats').warn('dropped nats://u:p@h', { password: 'x' });
    log.child('jobs').child('docker').trace('deep');
    expect(log.records).toEqual([
      { time: 5, level: 'info', module: 'island', msg: 'hello', fields: { a: 1 } },
      { time: 5, level: 'warn', module: 'nats', msg: 'dropped nats://u:***@h', fields: { password: '[redacted]' } },
      { time: 5, level: 'trace', module: 'jobs.docker', msg: 'deep', fields: {} },
    ]);
  });

  it('finds records by level, module, message and fields', () => {
    const log = createTestLogger();
    log.child('nats').error('connection lost', { server: 'nats://h:4222', attempt: 3 });
    log.info('connection restored');
    expect(log.find({ level: 'error' })?.module).toBe('nats');
    expect(log.find({ msg: /restored$/ })?.level).toBe('info');
    expect(log.has({ module: 'nats', fields: { attempt: 3 } })).toBe(true);
    expect(log.has({ module: 'nats', fields: { attempt: 4 } })).toBe(false);
    expect(log.filter({ msg: 'connection' })).toHaveLength(2);
    expect(log.filter((r) => r.level === 'info')).toHaveLength(1);
    expect(log.messages('error')).toEqual(['connection lost']);
    expect(log.dump()).toContain('ERROR nats: connection lost server="nats://h:4222" attempt=3');
    log.clear();
    expect(log.records).toEqual([]);
  });
});
