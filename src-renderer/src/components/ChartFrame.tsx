// Gives a recharts chart its pixel width from the space it is laid out in. recharts' own
// ResponsiveContainer needs ResizeObserver at import time in some paths; this falls back to a
// fixed width where there is none (jsdom), and the chart is named for screen readers, whose users
// get the same figures from the table next to it.
import { useEffect, useRef, useState, type ReactNode } from 'react';

const FALLBACK_WIDTH = 640;

export function ChartFrame({ label, height = 220, children }: { label: string; height?: number; children: (width: number, height: number) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={ref} className="chart" role="img" aria-label={label} style={{ height }}>
      {children(width > 0 ? width : FALLBACK_WIDTH, height)}
    </div>
  );
}
