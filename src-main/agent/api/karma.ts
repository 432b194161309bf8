// Karma as the dashboard shows it: the coordinator's score and history when its API answers, and
// always the track record this Island measured itself from its ledger, labelled local.
import type { KarmaView, LocalTrackRecord } from '../../../src-shared/api/views';
import type { KarmaHistoryResponse, KarmaResponse } from '../../../src-shared/coordinator-api/schemas';
import { errorMessage } from '../../../src-shared/errors';
import type { JobLedger } from '../ledger/job-ledger';
import { NO_API_URL } from './market-rates';

export interface KarmaSource {
  karma(hostId: string): Promise<KarmaResponse>;
  karmaHistory(hostId: string): Promise<KarmaHistoryResponse>;
}

export async function karmaView(api: KarmaSource | null, hostId: string, ledger: JobLedger): Promise<KarmaView> {
  const local: LocalTrackRecord = ledger.summary();
  if (!api) return { local, remote: 'unavailable', reason: NO_API_URL };
  try {
    const [k, h] = await Promise.all([api.karma(hostId), api.karmaHistory(hostId)]);
    return {
      local,
      remote: 'ok',
      karma: k.karma,
      completedJobs: k.completed_jobs,
      failedJobs: k.failed_jobs,
      successRate: k.success_rate,
      avgLatencyMs: k.avg_latency_ms,
      monetizationUnlocked: k.monetization_unlocked,
      history: h.history.map((e) => ({ at: e.timestamp, karma: e.karma, reason: e.reason })),
    };
  } catch (err) {
    return { local, remote: 'unavailable', reason: errorMessage(err) };
  }
}
