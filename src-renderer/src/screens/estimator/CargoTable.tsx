import type { EarningsEstimate } from '../../../../src-shared/domain/estimator';
import { earningsText, fitText, throughputText } from './estimator-text';

/** The per-Cargo table: Cargo | Fit | Throughput | Earnings; rows the GPU cannot run are greyed. */
export function CargoTable({ estimate }: { estimate: EarningsEstimate }) {
  return (
    <div className="table-wrap">
      <table data-testid="estimator-cargos">
        <caption className="visually-hidden">What each reference Cargo would do on this GPU</caption>
        <thead>
          <tr>
            <th scope="col">Cargo</th>
            <th scope="col">Fit</th>
            <th scope="col" className="num">
              Throughput
            </th>
            <th scope="col" className="num">
              Earnings
            </th>
          </tr>
        </thead>
        <tbody>
          {estimate.cargos.map((c) => {
            const best = c.kind === 'runs' && c.workload.id === estimate.best.workload.id;
            return (
              <tr key={c.workload.id} className={c.kind === 'cannot-run' ? 'muted' : best ? 'selected' : undefined} data-testid={`estimator-cargo-${c.workload.id}`}>
                <td>
                  {c.workload.name}
                  {best && <span className="visually-hidden"> (best)</span>}
                </td>
                <td>
                  <span className={`badge ${c.kind === 'cannot-run' ? '' : c.fit === 'perfect' ? 'ok' : 'warn'}`}>{fitText(c)}</span>
                </td>
                <td className="num">{c.kind === 'runs' ? throughputText(c.throughput) : '—'}</td>
                <td className="num">{earningsText(c)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
