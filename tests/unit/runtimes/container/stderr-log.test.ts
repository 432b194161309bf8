// A Cargo's stderr in the job's log, bounded, with a tail for failures.
import { describe, expect, it } from 'vitest';
import { StderrLog } from '../../../../src-main/agent/runtimes/container/stderr-log';
import { createTestLogger } from '../../../helpers/test-logger';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('StderrLog', () => {
  it('logs each line once complete, and the unfinished last line at the end', () => {
    const log = createTestLogger();
    const s = new StderrLog(log);
    s.push(bytes('first li'));
    expect(log.records).toEqual([]);
    s.push(bytes('ne\r\nsecond\n\nthird'));
    s.end();
    expect(log.messages('info')).toEqual(['stderr: first line', 'stderr: second', 'stderr: third']);
  });

  it('stops logging at the budget and says how much it left out', () => {
    const log = createTestLogger();
    const s = new StderrLog(log, { logBudgetBytes: 20 });
    s.push(bytes('0123456789\n0123456789\nabc\n'));
    s.end();
    expect(log.messages('info')).toEqual(['stderr: 0123456789', 'stderr: 15 more bytes not logged (the log keeps 20 bytes per job)']);
  });

  it('keeps the last bytes for the failure report, whatever was logged', () => {
    const s = new StderrLog(createTestLogger(), { logBudgetBytes: 0, tailBytes: 1024 });
    for (let i = 0; i < 500; i += 1) s.push(bytes(`line ${i}\n`));
    expect(s.tail(27)).toBe('line 497\nline 498\nline 499\n');
    expect(s.tail(100000).startsWith('line 499')).toBe(false);
    expect(s.tail(100000).length).toBeLessThanOrEqual(1024 + 10);
  });

  it('logs a line with no end in sight in pieces instead of holding it', () => {
    const log = createTestLogger();
    const s = new StderrLog(log);
    s.push(bytes('y'.repeat(10_000)));
    expect(log.messages('info')).toHaveLength(1);
    expect(log.messages('info')[0]!.length).toBeLessThan(4_100);
  });
});
