// Karma as the coordinator reports it (product.md §2: its model is the coordinator's, not
// hard-coded here), and the track record this Island measured itself, labelled as local.
import type { KarmaView, LocalTrackRecord } from '../../../../src-shared/api/views';
import { useQuery } from '../../api/use-query';
import { Stat } from '../../components/Fact';
import { Loaded } from '../../components/Loaded';
import { formatCredits, formatDuration, formatPercent } from '../../format/units';
import { KarmaHistoryChart } from './KarmaHistoryChart';

export default function KarmaScreen() {
  const karma = useQuery('karma.get');
  return (
    <section className="screen">
      <h1 id="screen-title">Karma</h1>
      <Loaded query={karma} what="karma">
        {(view) => (
          <>
            <Remote view={view} />
            <Local record={view.local} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Remote({ view }: { view: KarmaView }) {
  if (view.remote === 'unavailable') {
    return (
      <div className="card" data-testid="karma-unavailable">
        <h2>From the coordinator</h2>
        <p>Karma from the coordinator is unavailable: {view.reason}</p>
        <p className="muted small">The track record below is what this machine measured itself.</p>
      </div>
    );
  }
  return (
    <div className="card">
      <h2>From the coordinator</h2>
      <div className="grid">
        <Stat label="karma" value={view.karma} testId="karma-score" />
        <Stat label="completed jobs" value={view.completedJobs} />
        <Stat label="failed jobs" value={view.failedJobs} />
        <Stat label="success rate" value={formatPercent(view.successRate)} />
        <Stat label="avg. latency" value={view.avgLatencyMs === null ? '—' : `${Math.round(view.avgLatencyMs)} ms`} />
      </div>
      <p className="small">
        {view.monetizationUnlocked ? <span className="badge ok">Monetization unlocked</span> : <span className="badge warn">Monetization not unlocked yet</span>}
      </p>
      <h3>History</h3>
      <KarmaHistoryChart history={view.history} />
    </div>
  );
}

function Local({ record }: { record: LocalTrackRecord }) {
  return (
    <div className="card" data-testid="local-track-record">
      <h2>Track record — measured on this machine</h2>
      <p className="muted small">From this Island's own job ledger, not from the coordinator.</p>
      <div className="grid">
        <Stat label="completed jobs" value={record.succeeded} testId="local-completed" />
        <Stat label="success rate" value={formatPercent(record.successRate)} testId="local-success-rate" />
        <Stat label="avg. duration" value={formatDuration(record.avgDurationMs)} testId="local-avg-duration" />
        <Stat label="credits" value={formatCredits(record.credits)} testId="local-credits" />
      </div>
      <p className="muted small">
        {record.jobs} jobs in all: {record.succeeded} succeeded, {record.failed} failed, {record.cancelled} cancelled.
      </p>
    </div>
  );
}
