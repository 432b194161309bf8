// How online hours move the selected GPU's estimate (1–24 h), the slider's value marked.
import { CartesianGrid, Line, LineChart, ReferenceDot, Tooltip, XAxis, YAxis } from 'recharts';
import type { HoursPoint } from '../../../../src-shared/domain/estimator';
import { ChartFrame } from '../../components/ChartFrame';
import { credits, hoursText } from './estimator-text';

export function HoursChart({ points, hours, gpuName }: { points: readonly HoursPoint[]; hours: number; gpuName: string }) {
  const current = points.find((p) => p.hoursPerDay === hours);
  return (
    <ChartFrame label={`Credits per month of the ${gpuName} for 1 to 24 hours online a day`} height={200}>
      {(width, height) => (
        <LineChart width={width} height={height} data={[...points]} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
          <XAxis dataKey="hoursPerDay" type="number" domain={[1, 24]} ticks={[1, 4, 8, 12, 16, 20, 24]} tickFormatter={hoursText} stroke="var(--text-muted)" />
          <YAxis width={64} stroke="var(--text-muted)" tickFormatter={(v: number) => credits(v)} />
          <Tooltip labelFormatter={(h) => `${hoursText(Number(h))}/day`} formatter={(v) => [credits(Number(v)), 'credits / month']} />
          <Line dataKey="creditsPerMonth" stroke="var(--chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
          {current && <ReferenceDot x={current.hoursPerDay} y={current.creditsPerMonth} r={5} fill="var(--chart-1)" stroke="var(--surface)" />}
        </LineChart>
      )}
    </ChartFrame>
  );
}
