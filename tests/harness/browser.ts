// Debian's Chromium driven by playwright-core, launched as platform-notes §6 says: headless, no
// sandbox (we run as root), no GPU, and nothing that phones home, so the only traffic is to the
// dashboard on 127.0.0.1. Every launch gets a fresh throwaway profile (playwright's default).
// Never `npx playwright install`: the browser is the system one.
import { chromium, type Browser } from 'playwright-core';
import { requireBinary } from './services';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Path of Debian's Chromium; under CI=true a missing one throws, elsewhere it warns and gives null. */
export function requireChromium(neededBy = 'the dashboard end-to-end tests'): string | null {
  return requireBinary('chromium', { neededBy });
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
