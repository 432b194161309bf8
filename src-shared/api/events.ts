// What the agent pushes to every connected dashboard without being asked. Token output is
// batched by the agent (at most a few events per second per job), so a fast model cannot flood
// a UI; the dashboard keeps only the tail it shows.
import type { AlertView, DownloadView, JobView, LogEntry, MetricsSample, PricesView, StatusView } from './views';

export type ApiEvent =
  | { type: 'status'; status: StatusView }
  /** A job started or ended (the history row as it now stands). */
  | { type: 'job'; job: JobView }
  /** Output of a running job since the last event: text appended and the running token count. */
  | { type: 'job-output'; jobId: string; text: string; tokens: number }
  | { type: 'download'; download: DownloadView }
  | { type: 'metrics'; sample: MetricsSample }
  | { type: 'log'; entry: LogEntry }
  | { type: 'prices'; prices: PricesView }
  /** Something the owner should hear about now; the desktop shows it as an OS notification. */
  | { type: 'alert'; alert: AlertView };

export type ApiEventType = ApiEvent['type'];
export type ApiEventOf<T extends ApiEventType> = Extract<ApiEvent, { type: T }>;
