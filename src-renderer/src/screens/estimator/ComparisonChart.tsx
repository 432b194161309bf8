// The comparison bar chart (product.md §1.8): one bar per GPU in its tier's colour, the selected
// GPU in solid teal, "credits / month" on the y axis.
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { GpuComparison } from '../../../../src-shared/domain/estimator';
import { ChartFrame } from '../../components/ChartFrame';
import { credits } from './estimator-text';

const SELECTED_COLOR = 'rgb(13,148,136)';

export function ComparisonChart({ comparison, selectedId }: { comparison: GpuComparison; selectedId: string | null }) {
  const data = comparison.rows.map((r) => ({ id: r.gpu.id, name: r.gpu.name, monthly: r.monthlyCredits, color: r.gpu.id === selectedId ? SELECTED_COLOR : r.tier.chartColor, sweet: r.sweetSpot }));
  const top = comparison.rows[0];
  return (
    <>
      <p className="chart-caption" aria-hidden="true">
        credits / month
      </p>
      <ChartFrame label={`Monthly credits of every GPU at ${comparison.hoursPerDay}h/day${top ? `, highest ${top.gpu.name} with ${credits(top.monthlyCredits)}` : ''}`} height={260}>
        {(width, height) => (
          <BarChart width={width} height={height} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" hide />
            <YAxis width={64} stroke="var(--text-muted)" tickFormatter={(v: number) => credits(v)} />
            <Tooltip formatter={(v) => [credits(Number(v)), 'credits / month']} />
            <Bar dataKey="monthly" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.id} fill={d.color} stroke={d.sweet ? 'var(--warn)' : undefined} strokeWidth={d.sweet ? 2 : 0} />
              ))}
            </Bar>
          </BarChart>
        )}
      </ChartFrame>
    </>
  );
}
