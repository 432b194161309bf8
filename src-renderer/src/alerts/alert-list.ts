// The alerts the dashboard keeps: the agent pushes each one once (there is no API to fetch past
// ones), so the page keeps the newest few in memory, newest first, until the owner dismisses them.
import type { AlertView } from '../../../src-shared/api/views';

export const KEPT_ALERTS = 20;

export interface KeptAlert extends AlertView {
  /** Unique within this page's life, for keys and dismissal. */
  id: number;
}

export interface AlertList {
  items: readonly KeptAlert[];
  nextId: number;
}

export const EMPTY_ALERTS: AlertList = { items: [], nextId: 1 };

export function addAlert(list: AlertList, alert: AlertView, keep = KEPT_ALERTS): AlertList {
  return { items: [{ ...alert, id: list.nextId }, ...list.items].slice(0, keep), nextId: list.nextId + 1 };
}

export function dismissAlert(list: AlertList, id: number): AlertList {
  return { ...list, items: list.items.filter((a) => a.id !== id) };
}

export function dismissAll(list: AlertList): AlertList {
  return { ...list, items: [] };
}
