// Jobs: the live feed (streamed output tails), the history from the ledger plus what ended since
// the page opened, and credits per day.
import { useEffect, useMemo, useState } from 'react';
import type { JobView } from '../../../../src-shared/api/views';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { describeError } from '../../components/errors';
import { Loaded } from '../../components/Loaded';
import { DailyCreditsChart } from './DailyCreditsChart';
import { JobHistory } from './JobHistory';
import { mergeHistory } from './job-feed';
import { LiveJobs } from './LiveJobs';
import { useJobFeed } from './use-job-feed';

const PAGE = 100;

export default function JobsScreen() {
  const api = useApi();
  const status = useQuery('status.get');
  const history = useQuery('jobs.history', { limit: PAGE });
  const daily = useQuery('earnings.daily', { days: 30 });
  const feed = useJobFeed(status.data?.activeJobs);
  const [older, setOlder] = useState<{ jobs: JobView[]; done: boolean; error: string | null }>({ jobs: [], done: false, error: null });

  // Credits per day move when a job ends: reload the chart then (at most once per feed batch).
  const endedCount = feed.recent.length;
  const reloadDaily = daily.reload;
  useEffect(() => {
    if (endedCount > 0) reloadDaily();
  }, [endedCount, reloadDaily]);

  // Streamed output re-renders this screen a few times a second; the history and the chart only
  // change when a job ends, so they are memoised and skip those renders.
  const loaded = useMemo(() => [...(history.data ?? []), ...older.jobs], [history.data, older.jobs]);
  const rows = useMemo(() => mergeHistory(feed.recent, loaded), [feed.recent, loaded]);

  const loadOlder = async () => {
    const oldest = loaded[loaded.length - 1];
    try {
      const more = await api.call('jobs.history', oldest ? { limit: PAGE, before: oldest.startedAt } : { limit: PAGE });
      setOlder((prev) => ({ jobs: [...prev.jobs, ...more], done: more.length < PAGE, error: null }));
    } catch (err) {
      setOlder((prev) => ({ ...prev, error: describeError(err) }));
    }
  };

  return (
    <section className="screen">
      <h1 id="screen-title">Jobs</h1>
      <div className="card">
        <h2>Running now</h2>
        <LiveJobs jobs={feed.live} />
      </div>
      <div className="card">
        <h2>Credits per day</h2>
        <Loaded query={daily} what="daily earnings">
          {(days) => <DailyCreditsChart days={days} />}
        </Loaded>
      </div>
      <div className="card">
        <h2>History</h2>
        <Loaded query={history} what="the job history">
          {() => (
            <>
              <JobHistory jobs={rows} />
              {!older.done && (history.data?.length ?? 0) >= PAGE && (
                <button type="button" onClick={() => void loadOlder()}>
                  Show older jobs
                </button>
              )}
              {older.error && <p className="field-error">Could not load older jobs: {older.error}</p>}
            </>
          )}
        </Loaded>
      </div>
    </section>
  );
}
