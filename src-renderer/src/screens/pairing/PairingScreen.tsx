// Pairing (product.md §4.1): the Island shows its code and a QR of pair_url; the owner types the
// code (or opens the link) while logged in to their account. Codes expire (10 min by the docs),
// so the countdown says when, and a fresh one is a button away.
import { useState, type ReactNode } from 'react';
import type { PairingView } from '../../../../src-shared/api/views';
import { useApi } from '../../api/api-context';
import { useStatus } from '../../api/use-status';
import { describeError } from '../../components/errors';
import { Loaded } from '../../components/Loaded';
import { QrCode } from '../../components/QrCode';
import { useNow } from '../../components/use-now';
import { formatCountdown } from '../../format/units';

export default function PairingScreen() {
  const status = useStatus();
  return (
    <section className="screen">
      <h1 id="screen-title">Pairing</h1>
      <Loaded query={status} what="the pairing state">
        {(s) => <Pairing pairing={s.pairing} onPairing={(pairing) => status.patch((prev) => ({ ...prev, pairing }))} />}
      </Loaded>
    </section>
  );
}

function Pairing({ pairing, onPairing }: { pairing: PairingView; onPairing: (p: PairingView) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    setBusy(true);
    setError(null);
    try {
      onPairing(await api.call('pairing.refresh', {}));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const refreshButton = (text: string) => (
    <button type="button" className="primary" disabled={busy} onClick={() => void refresh()} data-testid="pairing-refresh">
      {text}
    </button>
  );

  return (
    <div className="card" data-testid={`pairing-state-${pairing.state}`}>
      {pairing.state === 'paired' && (
        <>
          <h2>
            <span className="badge ok">Paired</span>
          </h2>
          <p>This Island is linked to your Archipelag.io account{pairing.accountId ? ` (${pairing.accountId})` : ''}.</p>
          {pairing.pairedAt && <p className="muted small">Paired {new Date(/^\d+$/.test(pairing.pairedAt) ? Number(pairing.pairedAt) * 1000 : pairing.pairedAt).toLocaleString('en-US')}.</p>}
        </>
      )}
      {pairing.state === 'unpaired' && (
        <>
          <h2>Not paired</h2>
          <p>{pairing.reason}</p>
          {refreshButton('Get a pairing code')}
        </>
      )}
      {pairing.state === 'code' && <CodeView code={pairing.code} pairUrl={pairing.pairUrl} expiresAt={pairing.expiresAt} refreshButton={refreshButton} />}
      {error && (
        <p className="field-error" role="alert">
          Could not get a new code: {error}
        </p>
      )}
    </div>
  );
}

function CodeView({ code, pairUrl, expiresAt, refreshButton }: { code: string; pairUrl: string; expiresAt: number; refreshButton: (text: string) => ReactNode }) {
  const now = useNow(1000);
  const left = expiresAt - now;
  const expired = left <= 0;
  return (
    <div className="pairing-layout">
      <div data-testid="pairing-qr" data-pair-url={pairUrl}>
        <QrCode value={pairUrl} label={`QR code of the pairing link ${pairUrl}`} testId="pairing-qr-image" />
      </div>
      <div className="stack">
        <h2>Pair this Island with your account</h2>
        <p>Scan the code with your phone, or open the link and enter the code while logged in:</p>
        <div className="pair-code" aria-label="Pairing code" data-testid="pairing-code">
          {code}
        </div>
        <p>
          <a href={pairUrl} target="_blank" rel="noreferrer noopener" data-testid="pairing-link">
            {pairUrl}
          </a>
        </p>
        <p role="timer" aria-live="off" data-testid="pairing-countdown" className={expired ? 'field-error' : undefined}>
          {expired ? 'This code has expired. Get a new one.' : `Expires in ${formatCountdown(left)}`}
        </p>
        <div>{refreshButton('New code')}</div>
      </div>
    </div>
  );
}
