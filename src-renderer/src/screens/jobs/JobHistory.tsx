import { memo } from 'react';
import type { JobOutcome, JobView } from '../../../../src-shared/api/views';
import { formatCredits, formatDateTime, formatDuration } from '../../format/units';

const OUTCOME: Record<JobOutcome, { text: string; tone: string }> = {
  running: { text: 'running', tone: 'accent' },
  succeeded: { text: 'succeeded', tone: 'ok' },
  failed: { text: 'failed', tone: 'error' },
  cancelled: { text: 'cancelled', tone: 'warn' },
};

export const JobHistory = memo(function JobHistory({ jobs }: { jobs: readonly JobView[] }) {
  if (jobs.length === 0) return <p className="muted">No job has run yet.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="job-history">
        <caption className="visually-hidden">Finished jobs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Cargo</th>
            <th scope="col">Runtime</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Outcome</th>
            <th scope="col" className="num">
              Credits
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.jobId} data-testid={`history-row-${j.jobId}`}>
              <td>
                {j.workloadId ?? <span className="muted">unknown</span>}
                <div className="muted small mono">{j.jobId}</div>
              </td>
              <td>{j.runtime}</td>
              <td>{formatDateTime(j.startedAt)}</td>
              <td className="num">{formatDuration(j.durationMs)}</td>
              <td>
                <span className={`badge ${OUTCOME[j.state].tone}`}>{OUTCOME[j.state].text}</span>
                {j.error && <div className="field-error small">{j.error}</div>}
              </td>
              <td className="num">{formatCredits(j.credits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
