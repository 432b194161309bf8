// A time series chart with one or two lines on a 0–100 scale (percent and °C both fit).
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '../../components/ChartFrame';
import { formatTime } from '../../format/units';

export interface SeriesLine {
  key: string;
  name: string;
  unit: string;
  color: string;
}

export function PercentChart<P extends { at: number }>({ label, data, lines }: { label: string; data: readonly P[]; lines: readonly SeriesLine[] }) {
  if (data.length === 0) return <p className="chart-empty">No samples yet.</p>;
  return (
    <ChartFrame label={label} height={180}>
      {(width, height) => (
        <LineChart width={width} height={height} data={[...data]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} minTickGap={48} tickFormatter={(t: number) => formatTime(t).slice(0, 5)} stroke="var(--text-muted)" />
          <YAxis domain={[0, 100]} width={36} stroke="var(--text-muted)" />
          <Tooltip labelFormatter={(t) => formatTime(Number(t))} />
          <Legend />
          {lines.map((l) => (
            <Line key={l.key} dataKey={l.key} name={`${l.name} (${l.unit})`} stroke={l.color} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
