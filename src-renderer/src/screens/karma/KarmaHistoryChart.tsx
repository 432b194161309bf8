import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { KarmaView } from '../../../../src-shared/api/views';
import { ChartFrame } from '../../components/ChartFrame';
import { formatDateTime } from '../../format/units';

type History = Extract<KarmaView, { remote: 'ok' }>['history'];

export function KarmaHistoryChart({ history }: { history: History }) {
  if (history.length === 0) return <p className="chart-empty">The coordinator has no karma history for this Island yet.</p>;
  const first = history[0];
  const last = history[history.length - 1];
  const label = `Karma history: ${history.length} points${first && last ? `, from ${first.karma} to ${last.karma}` : ''}`;
  return (
    <ChartFrame label={label}>
      {(width, height) => (
        <LineChart width={width} height={height} data={[...history]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={(t: number) => new Date(t).toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} stroke="var(--text-muted)" />
          <YAxis stroke="var(--text-muted)" width={40} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => formatDateTime(Number(t))} />
          <Line type="monotone" dataKey="karma" name="Karma" stroke="var(--chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      )}
    </ChartFrame>
  );
}
