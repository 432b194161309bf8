// "Why no jobs?": the likeliest reasons, best first, in words an owner can act on.
import type { IdleHints } from './types';

export function likelyIdleReasons(h: IdleHints, lowKarma: number): string[] {
  const out: string[] = [];
  if (h.noRuntimeOffered) out.push('no runtime can take jobs now');
  for (const r of h.runtimesUnavailable) out.push(`runtime ${r.runtime} is unavailable (${r.reason})`);
  const above = [...h.pricesAboveMarket].sort((a, b) => b.asking / b.market - a.asking / a.market);
  if (above.length > 0) {
    const shown = above.slice(0, 3).map((p) => `${p.slug} asks ${p.asking} vs market ${p.market}`);
    const more = above.length > 3 ? ` and ${above.length - 3} more` : '';
    out.push(`asking price above the market rate (${shown.join(', ')}${more})`);
  }
  if (h.karma !== null && h.karma < lowKarma) out.push(`karma is low (${h.karma}; the coordinator prefers Islands with more)`);
  return out;
}
