// The live log ring: newest entries kept, filters by level, job and seq, fields made plain.
import { describe, expect, it } from 'vitest';
import { LogRing } from '../../../src-main/agent/api/log-ring';
import type { LogRecord } from '../../../src-main/agent/log/types';

const rec = (i: number, level: LogRecord['level'], fields: LogRecord['fields'] = {}): LogRecord => ({ time: i, level, module: 'jobs', msg: `m${i}`, fields });

describe('LogRing', () => {
  it('keeps the newest entries, oldest first, and filters by level, job and seq', () => {
    const ring = new LogRing(5);
    const seen: number[] = [];
    ring.onEntry((e) => seen.push(e.seq));
    for (let i = 1; i <= 8; i++) ring.push(rec(i, i % 2 === 0 ? 'warn' : 'debug', i >= 6 ? { job_id: 'j' } : {}));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ring.query({ limit: 100, minLevel: 'trace' }).map((e) => e.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(ring.query({ limit: 100, minLevel: 'warn' }).map((e) => e.seq)).toEqual([4, 6, 8]);
    expect(ring.query({ limit: 2, minLevel: 'trace' }).map((e) => e.seq)).toEqual([7, 8]);
    expect(ring.query({ limit: 100, minLevel: 'trace', jobId: 'j' }).map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(ring.query({ limit: 100, minLevel: 'trace', after: 6 }).map((e) => e.seq)).toEqual([7, 8]);
    expect(ring.query({ limit: 100, minLevel: 'error' })).toEqual([]);
  });

  it('turns fields into plain values and names the job', () => {
    const ring = new LogRing();
    ring.push({ time: 5, level: 'info', module: 'jobs.docker', msg: 'job started', fields: { job_id: 'j1', ms: 3, ok: true, none: null, obj: { a: [1] }, long: 'x'.repeat(3000) } });
    const [e] = ring.query({ limit: 1, minLevel: 'info' });
    expect(e).toMatchObject({ seq: 1, at: 5, level: 'info', scope: 'jobs.docker', message: 'job started', jobId: 'j1' });
    expect(e!.fields).toMatchObject({ job_id: 'j1', ms: 3, ok: true, none: null, obj: '{"a":[1]}' });
    expect(String(e!.fields.long).length).toBe(2001);
  });
});
