// CPU, RAM and each GPU: what they are, and temperature and utilisation over time
// (hardware.get's recent samples, then 'metrics' events).
import type { GpuInfo, MetricsSample } from '../../../../src-shared/api/views';
import { useApiEvent } from '../../api/use-event';
import { useQuery } from '../../api/use-query';
import { Loaded } from '../../components/Loaded';
import { formatMb } from '../../format/units';
import { PercentChart } from './PercentChart';
import { appendSample, gpuSeries, systemSeries } from './samples';

export default function HardwareScreen() {
  const hw = useQuery('hardware.get');
  useApiEvent('metrics', (e) => hw.patch((prev) => ({ ...prev, samples: appendSample(prev.samples, e.sample) })));
  return (
    <section className="screen">
      <h1 id="screen-title">Hardware</h1>
      <Loaded query={hw} what="hardware">
        {({ info, samples }) => {
          const last = samples[samples.length - 1];
          return (
            <>
              <div className="card">
                <h2>System</h2>
                <dl className="facts">
                  <dt>CPU</dt>
                  <dd data-testid="cpu-model">
                    {info.cpuModel ?? 'unknown'} ({info.cpuCores} cores)
                  </dd>
                  <dt>Memory</dt>
                  <dd data-testid="ram-total">{formatMb(info.ramMb)}</dd>
                  <dt>OS</dt>
                  <dd>{info.os}</dd>
                  {last && (
                    <>
                      <dt>Now</dt>
                      <dd data-testid="system-now">
                        CPU {Math.round(last.cpuPercent)}% · RAM {formatMb(last.ramUsedMb)} of {formatMb(last.ramTotalMb)}
                      </dd>
                    </>
                  )}
                </dl>
                <PercentChart
                  label="CPU and memory use over time"
                  data={systemSeries(samples)}
                  lines={[
                    { key: 'cpu', name: 'CPU', unit: '%', color: 'var(--chart-1)' },
                    { key: 'ram', name: 'RAM', unit: '%', color: 'var(--chart-2)' },
                  ]}
                />
              </div>
              {info.gpus.length === 0 && (
                <div className="card">
                  <h2>GPUs</h2>
                  <p className="muted">No GPU was detected (nvidia-smi found none). CPU and WASM Cargos can still run.</p>
                </div>
              )}
              {info.gpus.map((gpu) => (
                <GpuCard key={gpu.index} gpu={gpu} samples={samples} />
              ))}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function GpuCard({ gpu, samples }: { gpu: GpuInfo; samples: readonly MetricsSample[] }) {
  const series = gpuSeries(samples, gpu.index);
  const now = series[series.length - 1];
  return (
    <div className="card" data-testid={`gpu-${gpu.index}`}>
      <div className="spread">
        <h2>
          GPU {gpu.index}: {gpu.name}
        </h2>
        <span className={`badge ${gpu.offered ? 'ok' : 'warn'}`}>{gpu.offered ? 'offered' : 'not offered'}</span>
      </div>
      <p className="muted small">
        {formatMb(gpu.vramMb)} memory
        {now && (
          <span data-testid={`gpu-now-${gpu.index}`}>
            {' '}
            · {now.temperature === null ? '—' : `${now.temperature} °C`} · {now.utilization === null ? '—' : `${now.utilization}% busy`}
          </span>
        )}
      </p>
      <PercentChart
        label={`GPU ${gpu.index} temperature and utilisation over time`}
        data={series}
        lines={[
          { key: 'utilization', name: 'Utilisation', unit: '%', color: 'var(--chart-1)' },
          { key: 'temperature', name: 'Temperature', unit: '°C', color: 'var(--chart-3)' },
        ]}
      />
    </div>
  );
}
