// Feeds 'job' and 'job-output' events into the job feed in batches: events are buffered and
// applied at most every FLUSH_MS, so 50 token events a second cost about four renders.
import { useEffect, useState } from 'react';
import type { ActiveJobView } from '../../../../src-shared/api/views';
import { useApiEvent } from '../../api/use-event';
import { useBuffered } from '../../components/use-buffered';
import { applyFeedEvents, EMPTY_FEED, seedLive, type FeedEvent, type FeedState } from './job-feed';

export const FLUSH_MS = 250;

export function useJobFeed(active: readonly ActiveJobView[] | undefined, flushMs = FLUSH_MS): FeedState {
  const [feed, setFeed] = useState<FeedState>(EMPTY_FEED);
  const push = useBuffered<FeedEvent>((events) => setFeed((prev) => applyFeedEvents(prev, events)), flushMs);

  useApiEvent('job', push);
  useApiEvent('job-output', push);

  useEffect(() => {
    if (active) setFeed((prev) => seedLive(prev, active));
  }, [active]);

  return feed;
}
