// Records each job in the ledger as the engine reports it — the row is written before `started`
// goes out, so a crash right after is still reported at the next start — then passes the event on.
import { priceFor, type PricingSettings } from '../../../src-shared/domain/pricing';
import type { JobLedger } from '../ledger/job-ledger';
import type { JobEvent } from './job-engine';

export class JobEventRecorder {
  constructor(
    private readonly ledger: JobLedger,
    private readonly pricing: PricingSettings,
    private readonly forward: (event: JobEvent) => void,
  ) {}

  record(e: JobEvent): void {
    if (e.type === 'started') {
      // The price asked when the job started is the price it clears at (first-price auction).
      const price = priceFor(this.pricing, e.job.workload_id);
      this.ledger.recordStarted({ job_id: e.job.job_id, workload_id: e.job.workload_id, runtime: e.job.runtime_type, started_at: e.at, price });
    } else if (e.type === 'finished') {
      this.ledger.recordFinished(e.job.job_id, { ...e.finish, at: e.at });
    }
    this.forward(e);
  }
}
