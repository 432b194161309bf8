// A QR symbol as one SVG path: a rectangle per horizontal run of dark modules, offset by the
// quiet zone. Drawn as
// vector shapes rather than a canvas or a data: URL, so it needs no canvas (jsdom, strict CSP)
// and stays sharp at any zoom, which is what makes it scannable off a screen.
import { create, type QRCodeErrorCorrectionLevel } from 'qrcode';

/** Light modules every scanner expects around the symbol (ISO/IEC 18004). */
export const QUIET_ZONE = 4;

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  path: string;
}

export function qrSymbol(text: string, errorCorrectionLevel: QRCodeErrorCorrectionLevel = 'M'): QrSymbol {
  const { modules } = create(text, { errorCorrectionLevel });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      const run = col - start;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
    }
  }
  return { size: modules.size, path: parts.join('') };
}
