import { useMemo } from 'react';
import { QUIET_ZONE, qrSymbol } from './qr-path';

/** A scannable QR code of `value`, always dark on white (scanners need the contrast in dark mode too). */
export function QrCode({ value, label, pixels = 220, testId }: { value: string; label: string; pixels?: number; testId?: string }) {
  const symbol = useMemo(() => qrSymbol(value), [value]);
  const side = symbol.size + 2 * QUIET_ZONE;
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={pixels}
      height={pixels}
      viewBox={`0 0 ${side} ${side}`}
      shapeRendering="crispEdges"
      data-testid={testId}
      data-qr-value={value}
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={symbol.path} fill="#000" />
    </svg>
  );
}
