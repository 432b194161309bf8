// Logs: logs.get for what happened before, 'log' events for what happens now; filter by level and
// job; "follow" keeps the newest line in view and can be turned off to read.
import { useEffect, useId, useRef, useState } from 'react';
import type { LogEntry, LogLevel } from '../../../../src-shared/api/views';
import { useApiEvent } from '../../api/use-event';
import { useQuery } from '../../api/use-query';
import { useBuffered } from '../../components/use-buffered';
import { useDebounced } from '../../components/use-debounced';
import { Loaded } from '../../components/Loaded';
import { formatTime } from '../../format/units';
import { LOG_LEVELS, MAX_LOG_ENTRIES, mergeLogs, passes } from './log-filter';

export default function LogsScreen() {
  const [minLevel, setMinLevel] = useState<LogLevel>('info');
  const [jobId, setJobId] = useState('');
  const [follow, setFollow] = useState(true);
  const [live, setLive] = useState<LogEntry[]>([]);
  const settledJob = useDebounced(jobId.trim(), 300);
  const logs = useQuery('logs.get', settledJob === '' ? { limit: 500, minLevel } : { limit: 500, minLevel, jobId: settledJob });
  const push = useBuffered<LogEntry>((entries) => setLive((prev) => mergeLogs([], [...prev, ...entries])), 200);
  useApiEvent('log', (e) => push(e.entry));

  const filter = { minLevel, jobId };
  const shown = mergeLogs(logs.data ?? [], live, MAX_LOG_ENTRIES).filter((e) => passes(e, filter));
  const levelId = useId();
  const jobFieldId = useId();

  return (
    <section className="screen">
      <h1 id="screen-title">Logs</h1>
      <div className="card row" role="group" aria-label="Log filters">
        <label htmlFor={levelId} className="inline">
          Level
          <select id={levelId} value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel)} data-testid="log-level">
            {LOG_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={jobFieldId} className="inline">
          Job id
          <input id={jobFieldId} type="search" value={jobId} placeholder="any job" onChange={(e) => setJobId(e.target.value)} data-testid="log-job" />
        </label>
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow new entries
        </label>
        <span className="muted small" aria-live="polite">
          {shown.length} entries
        </span>
      </div>
      <Loaded query={logs} what="logs">
        {() => <LogList entries={shown} follow={follow} />}
      </Loaded>
    </section>
  );
}

function LogList({ entries, follow }: { entries: readonly LogEntry[]; follow: boolean }) {
  const ref = useRef<HTMLOListElement>(null);
  const newest = entries[entries.length - 1]?.seq;
  useEffect(() => {
    if (follow && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [follow, newest]);
  if (entries.length === 0) return <p className="muted">No log entries match.</p>;
  return (
    <ol ref={ref} className="log-list" aria-label="Log entries" tabIndex={0} data-testid="log-list">
      {entries.map((e) => (
        <li key={e.seq} className="log-line" data-testid="log-entry" data-level={e.level}>
          <span className="muted">{formatTime(e.at)}</span> <span className={`lvl-${e.level}`}>{e.level.toUpperCase().padEnd(5)}</span> <span className="muted">{e.scope}</span>{' '}
          {e.message}
          {e.jobId && <span className="muted"> job={e.jobId}</span>}
          {Object.entries(e.fields).map(([k, v]) => (
            <span key={k} className="muted">
              {' '}
              {k}={String(v)}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}
