// Collects items pushed at any rate and hands them over in batches at most every `flushMs`, so a
// burst of events costs one render per batch instead of one per event.
import { useCallback, useEffect, useRef } from 'react';

export function useBuffered<T>(onFlush: (items: T[]) => void, flushMs: number): (item: T) => void {
  const buffer = useRef<T[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(onFlush);
  useEffect(() => {
    latest.current = onFlush;
  });

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return useCallback(
    (item: T) => {
      buffer.current.push(item);
      if (timer.current !== null) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        const items = buffer.current;
        buffer.current = [];
        latest.current(items);
      }, flushMs);
    },
    [flushMs],
  );
}
