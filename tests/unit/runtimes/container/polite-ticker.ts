// A Cargo that ticks like tests/fixtures/container/ticker.sh but exits 0 on SIGTERM, as a
// well-behaved program does. When Docker stops it (dockerd shutting down or restarting,
// `docker stop`), its exit code alone would read as a success with half its output.
import type Docker from 'dockerode';
import { buildTestImage } from '../../../harness/docker';

export const POLITE_TICKER_SCRIPT = [
  "trap 'exit 0' TERM",
  'cat >/dev/null',
  'echo \'{"type":"status","message":"ready"}\'',
  'i=0',
  'while :; do',
  '  i=$((i + 1))',
  '  printf \'{"type":"token","content":"tick %s "}\\n\' "$i"',
  '  sleep 0.2',
  'done',
].join('\n');

/** `island-test/polite-ticker:latest` in `docker` (reused when unchanged). */
export function politeTickerImage(docker: Docker): Promise<string> {
  return buildTestImage(docker, 'island-test/polite-ticker:latest', POLITE_TICKER_SCRIPT);
}
