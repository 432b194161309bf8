// Reads the module matrix back out of the QR path the dashboard draws (one "M x y h{n}v1h-{n}z"
// per horizontal run of dark modules, offset by the quiet zone), so a test can compare it with the symbol qrcode builds.
import { QUIET_ZONE } from '../../src-renderer/src/components/qr-path';

export function matrixFromPath(path: string, size: number): number[] {
  const cells = new Array<number>(size * size).fill(0);
  const rest = path.replace(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g, (_all, x: string, y: string, run: string, back: string) => {
    if (run !== back) throw new Error(`run ${run} closed with ${back}`);
    const row = Number(y) - QUIET_ZONE;
    for (let i = 0; i < Number(run); i++) {
      const col = Number(x) - QUIET_ZONE + i;
      if (row < 0 || col < 0 || row >= size || col >= size) throw new Error(`module outside the symbol at ${row},${col}`);
      cells[row * size + col] = 1;
    }
    return '';
  });
  if (rest !== '') throw new Error(`unexpected path data: ${rest.slice(0, 40)}`);
  return cells;
}
