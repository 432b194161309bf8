// Records, inside the page, every WebSocket it opens and how each one ended (close code, reason,
// frames received), so a test can tell "refused by the Island" from "never tried". Injected as a
// plain script before the app's own code runs; it only observes.
import type { BrowserContext, Page } from 'playwright-core';

export interface SocketRecord {
  url: string;
  opened: boolean;
  messages: number;
  close: { code: number; reason: string } | null;
}

const RECORDER = `
(() => {
  const Native = globalThis.WebSocket;
  const records = [];
  globalThis.__e2eSockets = records;
  globalThis.WebSocket = new Proxy(Native, {
    construct(target, args) {
      const ws = Reflect.construct(target, args);
      const rec = { url: String(args[0]).replace(/token=[^&]*/, 'token=…'), opened: false, messages: 0, close: null };
      records.push(rec);
      ws.addEventListener('open', () => { rec.opened = true; });
      ws.addEventListener('message', () => { rec.messages++; });
      ws.addEventListener('close', (e) => { rec.close = { code: e.code, reason: e.reason }; });
      return ws;
    },
  });
})();
`;

export async function recordSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: RECORDER });
}

export async function socketRecords(page: Page): Promise<SocketRecord[]> {
  return page.evaluate(() => ((globalThis as unknown as { __e2eSockets?: SocketRecord[] }).__e2eSockets ?? []).map((r) => ({ ...r })));
}
