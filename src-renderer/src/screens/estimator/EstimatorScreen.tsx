// The earnings estimator (product.md §1, WEB@SPEC: 20 % fee, $0.01/credit, 15 % utilization):
// the detected GPU preselected, any GPU selectable, hours per day on a slider, the best single
// Cargo's credits per day and month and USD, the per-Cargo table, and every GPU compared. Every
// figure comes from the estimator module; this screen only writes them down.
import { useId, useMemo, useState } from 'react';
import {
  compareAllGpus,
  earningsByHours,
  estimateEarnings,
  ESTIMATOR_CONSTANTS,
  hardwareTierText,
  HOURS_PER_DAY,
  listEstimatorGpus,
  type GpuMatch,
} from '../../../../src-shared/domain/estimator';
import { useQuery } from '../../api/use-query';
import { Stat } from '../../components/Fact';
import { CargoTable } from './CargoTable';
import { ComparisonChart } from './ComparisonChart';
import { ComparisonTable } from './ComparisonTable';
import { detectGpu, type Detection } from './detected-gpu';
import { credits, hoursText, usd } from './estimator-text';
import { HoursChart } from './HoursChart';

export default function EstimatorScreen() {
  const status = useQuery('status.get');
  const detection = useMemo(() => (status.data ? detectGpu(status.data.hardware) : null), [status.data]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [hours, setHours] = useState<number>(HOURS_PER_DAY.default);
  const gpus = listEstimatorGpus();
  const selectedId = chosen ?? (detection?.match.kind === 'matched' ? detection.match.gpu.id : null);
  const estimate = useMemo(() => (selectedId ? estimateEarnings({ gpuId: selectedId, hoursPerDay: hours }) : null), [selectedId, hours]);
  const byHours = useMemo(() => (selectedId ? earningsByHours(selectedId) : null), [selectedId]);
  const comparison = useMemo(() => compareAllGpus(hours), [hours]);
  const gpuId = useId();
  const hoursId = useId();
  const utilization = `${Math.round(ESTIMATOR_CONSTANTS.utilization * 100)}%`;

  return (
    <section className="screen">
      <h1 id="screen-title">Earnings estimator</h1>
      <p className="muted">What can you earn? The Archipelag.io calculator's model: best-case, one Cargo at a time, {utilization} utilization.</p>
      <div className="card stack">
        <div className="row">
          <label htmlFor={gpuId}>
            GPU
            <select id={gpuId} value={selectedId ?? ''} onChange={(e) => setChosen(e.target.value || null)} data-testid="estimator-gpu">
              <option value="">Select your GPU…</option>
              {gpus.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={hoursId}>
            Hours online per day: <strong data-testid="estimator-hours-value">{hoursText(hours)}</strong>
            <input
              id={hoursId}
              type="range"
              min={HOURS_PER_DAY.min}
              max={HOURS_PER_DAY.max}
              step={1}
              value={hours}
              aria-valuetext={`${hours} hours`}
              onChange={(e) => setHours(Number(e.target.value))}
              data-testid="estimator-hours"
            />
          </label>
        </div>
        {detection && <DetectedNote detection={detection} onPick={setChosen} />}
      </div>
      {estimate && byHours ? (
        <>
          <div className="card">
            <div className="grid">
              <Stat label="credits / day" value={credits(estimate.creditsPerDay)} testId="calc-daily" />
              <Stat label="credits / month" value={credits(estimate.creditsPerMonth)} testId="calc-monthly" />
              {estimate.usdPerMonth !== null && <Stat label="est. USD / month" value={usd(estimate.usdPerMonth)} testId="calc-usd" />}
            </div>
            <p data-testid="estimator-tier">
              Hardware tier: <strong>{hardwareTierText(estimate.gpu.tier)}</strong>
            </p>
            <p className="muted small" data-testid="estimator-best">
              Best Cargo: {estimate.best.workload.name}
            </p>
            <CargoTable estimate={estimate} />
          </div>
          <div className="card">
            <h2>By hours online</h2>
            <HoursChart points={byHours} hours={hours} gpuName={estimate.gpu.name} />
          </div>
        </>
      ) : (
        <p className="card muted">Select your GPU to see its estimate.</p>
      )}
      <div className="card">
        <h2>All GPUs compared</h2>
        <p className="muted small" data-testid="comparison-subtitle">
          Best-case monthly earnings at <span data-testid="comp-hours">{hours}</span>h/day, {utilization} utilization, $0.01/credit.
        </p>
        <ComparisonChart comparison={comparison} selectedId={selectedId} />
        <ComparisonTable comparison={comparison} selectedId={selectedId} />
      </div>
      <p className="muted small" data-testid="estimator-disclaimer">
        Estimates assume {utilization} utilization at beta pricing ($0.01/credit). Actual earnings depend on network demand, your asking price, uptime, and karma score.
      </p>
    </section>
  );
}

function DetectedNote({ detection, onPick }: { detection: Detection; onPick: (id: string) => void }) {
  const m: GpuMatch = detection.match;
  if (m.kind === 'matched') {
    if (m.basis === 'no-gpu') return <p className="notice">No GPU detected: showing the CPU-only estimate.</p>;
    return (
      <p className="notice" data-testid="estimator-detected">
        Detected {detection.name}
        {m.vram === 'differs' ? ` (its memory differs from the listed ${m.gpu.vramGb} GB)` : ''}.
      </p>
    );
  }
  const why = m.reason === 'laptop' ? 'a laptop GPU, slower than the desktop card of the same name' : m.reason === 'ambiguous' ? 'more than one entry fits' : 'not in the calculator\'s list';
  return (
    <div className="notice" data-testid="estimator-detected">
      Detected {detection.name}: {why}.{' '}
      {m.suggestions.length > 0 && (
        <>
          Closest:{' '}
          {m.suggestions.map((g) => (
            <button key={g.id} type="button" onClick={() => onPick(g.id)}>
              {g.name}
            </button>
          ))}
        </>
      )}
    </div>
  );
}
