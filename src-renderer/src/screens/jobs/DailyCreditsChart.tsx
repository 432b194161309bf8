import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { DailyEarnings } from '../../../../src-shared/api/views';
import { ChartFrame } from '../../components/ChartFrame';
import { formatCredits } from '../../format/units';

export const DailyCreditsChart = memo(function DailyCreditsChart({ days }: { days: readonly DailyEarnings[] }) {
  if (days.length === 0) return <p className="chart-empty">No credits earned in the last 30 days.</p>;
  const total = days.reduce((sum, d) => sum + d.credits, 0);
  return (
    <ChartFrame label={`Credits per day over ${days.length} days, ${formatCredits(total)} in all`}>
      {(width, height) => (
        <BarChart width={width} height={height} data={[...days]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" stroke="var(--text-muted)" tickFormatter={(d: string) => d.slice(5)} />
          <YAxis stroke="var(--text-muted)" width={48} />
          <Tooltip formatter={(v) => [formatCredits(Number(v)), 'credits']} />
          <Bar dataKey="credits" name="Credits" fill="var(--chart-1)" isAnimationActive={false} />
        </BarChart>
      )}
    </ChartFrame>
  );
});
