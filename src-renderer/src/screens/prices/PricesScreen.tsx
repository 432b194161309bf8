// Asking prices per Cargo (product.md §3.1): the owner's price, the market rate beside it and
// what the next heartbeat will ask. Saved per row; the agent writes config.toml and answers with
// the new view.
import { useId, useState } from 'react';
import type { CargoPriceView, PricesView } from '../../../../src-shared/api/views';
import { useApi } from '../../api/api-context';
import { usePrices } from '../../api/use-status';
import { Loaded } from '../../components/Loaded';
import { formatCredits } from '../../format/units';
import { ApiSyncNote } from './ApiSyncNote';
import { matchesCargo } from './cargo-filter';
import { PriceForm } from './PriceForm';

export default function PricesScreen() {
  const prices = usePrices();
  return (
    <section className="screen">
      <h1 id="screen-title">Asking prices</h1>
      <p className="muted">
        Credits per job. The coordinator only considers this Island for jobs whose budget covers your price; you earn your own asking price.
      </p>
      <Loaded query={prices} what="prices">
        {(view) => <Prices view={view} onView={prices.set} />}
      </Loaded>
    </section>
  );
}

function Prices({ view, onView }: { view: PricesView; onView: (v: PricesView) => void }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const filterId = useId();
  const shown = view.cargos.filter((c) => matchesCargo(c, query));
  return (
    <>
      {view.marketUnavailable && (
        <div className="banner info" role="status" data-testid="market-unavailable">
          Market rates are unavailable: {view.marketUnavailable}
        </div>
      )}
      <div className="card">
        <h2>Default price</h2>
        <p className="muted small">Asked for every Cargo that has no price of its own. Empty: the coordinator's default for each Cargo.</p>
        <PriceForm
          label="Default asking price"
          subject="the default"
          current={view.defaultPrice}
          clearText="Remove default"
          placeholder="none"
          testId="_default"
          onSave={async (price) => onView(await api.call('prices.setDefault', { price }))}
        />
        <ApiSyncNote sync={view.apiSync} />
      </div>
      <div className="card table-wrap">
        <label htmlFor={filterId} className="inline">
          Filter Cargos
          <input id={filterId} type="search" value={query} placeholder="name or slug" onChange={(e) => setQuery(e.target.value)} data-testid="price-filter" />
        </label>
        <table>
          <caption className="visually-hidden">Asking price per Cargo</caption>
          <thead>
            <tr>
              <th scope="col">Cargo</th>
              <th scope="col">Your price</th>
              <th scope="col" className="num">
                Market rate
              </th>
              <th scope="col" className="num">
                Asked now
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <CargoRow key={c.slug} cargo={c} defaultPrice={view.defaultPrice} onView={onView} />
            ))}
          </tbody>
        </table>
        {view.cargos.length === 0 ? <p className="muted">No Cargo is known yet.</p> : shown.length === 0 && <p className="muted">No Cargo matches "{query}".</p>}
      </div>
    </>
  );
}

function CargoRow({ cargo, defaultPrice, onView }: { cargo: CargoPriceView; defaultPrice: string | null; onView: (v: PricesView) => void }) {
  const api = useApi();
  return (
    <tr data-testid={`price-row-${cargo.slug}`}>
      <td>
        <div>
          <strong>{cargo.name}</strong>
        </div>
        <div className="muted small">
          <code>{cargo.slug}</code>
          {cargo.runtime && ` · ${cargo.runtime}`}
          {cargo.sources.length > 0 && ` · ${cargo.sources.join(', ')}`}
        </div>
      </td>
      <td>
        <PriceForm
          label={`Asking price for ${cargo.name}`}
          subject={cargo.name}
          current={cargo.price}
          clearText="Use default"
          placeholder={defaultPrice ?? 'default'}
          testId={cargo.slug}
          onSave={async (price) => onView(await api.call('prices.set', { slug: cargo.slug, price }))}
        />
      </td>
      <td className="num" data-testid={`market-rate-${cargo.slug}`}>
        {cargo.marketRate === null ? '—' : `${formatCredits(cargo.marketRate)} cr`}
      </td>
      <td className="num" data-testid={`effective-price-${cargo.slug}`}>
        {cargo.effectivePrice === null ? <span className="muted">coordinator default</span> : `${cargo.effectivePrice} cr`}
        {cargo.price === null && cargo.effectivePrice !== null && <div className="muted small">default</div>}
      </td>
    </tr>
  );
}
