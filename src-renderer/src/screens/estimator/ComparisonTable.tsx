import type { GpuComparison } from '../../../../src-shared/domain/estimator';
import { credits, usd, vramText } from './estimator-text';

const BADGE_TONE = { perfect: 'accent', good: 'ok', tight: '' } as const;

/** Section 04, "All GPUs compared": sorted by monthly credits, the ★ sweet spot marked. */
export function ComparisonTable({ comparison, selectedId }: { comparison: GpuComparison; selectedId: string | null }) {
  const showUsd = comparison.rules.usdPerCredit !== null;
  return (
    <div className="table-wrap">
      <table data-testid="estimator-comparison">
        <caption className="visually-hidden">All GPUs compared</caption>
        <thead>
          <tr>
            <th scope="col">GPU</th>
            <th scope="col">Tier</th>
            <th scope="col" className="num">
              VRAM
            </th>
            <th scope="col">Best Cargo</th>
            <th scope="col" className="num">
              Monthly Credits
            </th>
            {showUsd && (
              <th scope="col" className="num">
                Est. USD
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {comparison.rows.map((row) => (
            <tr key={row.gpu.id} className={row.gpu.id === selectedId ? 'selected' : undefined} data-testid={`compare-row-${row.gpu.id}`} aria-current={row.gpu.id === selectedId ? 'true' : undefined}>
              <td>
                {row.gpu.name}
                {row.sweetSpot && (
                  <span className="sweet" title="best credits/VRAM ratio" data-testid="sweet-spot">
                    {' '}
                    ★
                  </span>
                )}
              </td>
              <td>
                <span className={`badge ${BADGE_TONE[row.tier.comparisonBadge]}`}>{row.tier.label}</span>
              </td>
              <td className="num">{vramText(row.gpu)}</td>
              <td>{row.bestWorkload.name}</td>
              <td className="num" data-testid="compare-monthly">
                {credits(row.monthlyCredits)}
              </td>
              {showUsd && <td className="num">{usd(row.usd)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">★ = best credits/VRAM ratio</p>
    </div>
  );
}
