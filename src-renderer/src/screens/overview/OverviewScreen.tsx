// Status at a glance: phase and why (with the deciding rule and a countdown), the switch, the coordinator link, jobs and runtimes.
import type { StatusView } from '../../../../src-shared/api/views';
import { useStatus } from '../../api/use-status';
import { Loaded } from '../../components/Loaded';
import { useNow } from '../../components/use-now';
import { formatDuration } from '../../format/units';
import { AvailabilityToggle } from './AvailabilityToggle';
import { DecisionLine } from './DecisionLine';
import { phaseLabel } from './phase';

export default function OverviewScreen() {
  const status = useStatus();
  return (
    <section className="screen">
      <h1 id="screen-title">Overview</h1>
      <Loaded query={status} what="the Island's status">
        {(s) => <Overview status={s} onStatus={status.set} />}
      </Loaded>
    </section>
  );
}

function Overview({ status, onStatus }: { status: StatusView; onStatus: (s: StatusView) => void }) {
  const { label, tone } = phaseLabel(status.phase);
  const c = status.coordinator;
  return (
    <>
      <div className="grid">
        <div className="card" aria-labelledby="phase-heading">
          <h2 id="phase-heading">Status</h2>
          <p>
            <span className={`badge ${tone}`} data-testid="phase">
              {label}
            </span>
          </p>
          <p data-testid="availability-reason">{status.availability.reason}</p>
          <DecisionLine availability={status.availability} />
          <AvailabilityToggle availability={status.availability} onStatus={onStatus} />
        </div>
        <div className="card">
          <h2>Coordinator</h2>
          <dl className="facts">
            <dt>Server</dt>
            <dd className="mono">{c.server}</dd>
            <dt>Connection</dt>
            <dd data-testid="coordinator-connected">
              <span className={`badge ${c.connected ? 'ok' : 'error'}`}>{c.connected ? 'Connected' : 'Not connected'}</span>
            </dd>
            <dt>NATS round trip</dt>
            <dd data-testid="nats-rtt">{c.rttMs === null ? 'not measured yet' : `${c.rttMs.toFixed(c.rttMs < 10 ? 1 : 0)} ms`}</dd>
            <dt>Job delivery</dt>
            <dd>{deliveryText(c.jobDelivery)}</dd>
            {c.lastError && (
              <>
                <dt>Last error</dt>
                <dd className="field-error">{c.lastError}</dd>
              </>
            )}
          </dl>
        </div>
      </div>
      <div className="grid">
        <ActiveJobs status={status} />
        <div className="card">
          <h2>Runtimes</h2>
          {status.runtimes.length === 0 ? (
            <p className="muted">No runtime is offered.</p>
          ) : (
            <ul className="stack" aria-label="Runtimes">
              {status.runtimes.map((r) => (
                <li key={r.type} className="row" data-testid={`runtime-${r.type}`}>
                  <span className={`badge ${r.available ? 'ok' : 'error'}`}>{r.available ? 'available' : 'unavailable'}</span>
                  <strong>{r.type}</strong>
                  {r.reason && <span className="muted small">{r.reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="card">
        <h2>This Island</h2>
        <dl className="facts">
          <dt>Host id</dt>
          <dd className="mono" data-testid="host-id">
            {status.hostId}
          </dd>
          <dt>Version</dt>
          <dd data-testid="version">{status.version}</dd>
          <dt>Pairing</dt>
          <dd>{status.pairing.state === 'paired' ? 'Paired' : status.pairing.state === 'code' ? `Not paired yet (code ${status.pairing.code})` : 'Not paired'}</dd>
        </dl>
      </div>
    </>
  );
}

function ActiveJobs({ status }: { status: StatusView }) {
  const now = useNow();
  return (
    <div className="card">
      <h2>
        Active jobs{' '}
        <span className="muted small" data-testid="active-job-count">
          {status.activeJobs.length} of {status.maxConcurrentJobs}
        </span>
      </h2>
      {status.activeJobs.length === 0 ? (
        <p className="muted">No job is running.</p>
      ) : (
        <ul className="stack">
          {status.activeJobs.map((j) => (
            <li key={j.jobId}>
              <strong>{j.workloadId ?? 'unknown Cargo'}</strong> <span className="muted">on {j.runtime}</span> · {formatDuration(now - j.startedAt)}
              {j.tokens > 0 && ` · ${j.tokens} tokens`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function deliveryText(d: StatusView['coordinator']['jobDelivery']): string {
  if (d === 'jetstream') return 'JetStream';
  if (d === 'core') return 'core NATS (fallback)';
  return 'stopped';
}
