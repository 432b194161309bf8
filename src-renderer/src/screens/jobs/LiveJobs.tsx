import type { LiveJob } from './job-feed';
import { useNow } from '../../components/use-now';
import { formatDuration } from '../../format/units';

export function LiveJobs({ jobs }: { jobs: readonly LiveJob[] }) {
  const now = useNow(1000);
  if (jobs.length === 0) return <p className="muted">No job is running.</p>;
  return (
    <ul className="stack" aria-label="Running jobs">
      {jobs.map((j) => (
        <li key={j.jobId} className="card" data-testid={`live-job-${j.jobId}`}>
          <div className="spread">
            <div>
              <strong>{j.workloadId ?? 'unknown Cargo'}</strong> <span className="muted">{j.runtime && `on ${j.runtime}`}</span>
            </div>
            <div className="muted small">
              {formatDuration(Math.max(0, now - j.startedAt))} · <span data-testid={`live-tokens-${j.jobId}`}>{j.tokens}</span> tokens
            </div>
          </div>
          <div className="muted small mono">{j.jobId}</div>
          {j.tail && (
            <pre className="output-tail" aria-label={`Latest output of job ${j.jobId}`} data-testid={`live-output-${j.jobId}`}>
              {j.tail}
            </pre>
          )}
        </li>
      ))}
    </ul>
  );
}
