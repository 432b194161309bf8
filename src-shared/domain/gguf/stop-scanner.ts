// Stop strings (`input.stop`) matched on the text as it streams: text that might be the start of
// a stop string is held back until the next piece settles it, and once one appears, nothing from
// it on is sent. node-llama-cpp's own stop triggers match token by token, which misses a stop
// string that spans a SentencePiece word boundary (" ll" across "llama" + "▁llama").
export interface ScanResult {
  /** Text safe to send now (may be empty). */
  text: string;
  /** A stop string appeared: generation should end; `text` is everything before it. */
  stopped: boolean;
}

export class StopScanner {
  private held = '';
  private done = false;

  constructor(private readonly stops: readonly string[]) {}

  push(piece: string): ScanResult {
    if (this.done) return { text: '', stopped: true };
    const text = this.held + piece;
    let cut = -1;
    for (const stop of this.stops) {
      const at = text.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.done = true;
      this.held = '';
      return { text: text.slice(0, cut), stopped: true };
    }
    const keep = this.pendingLength(text);
    this.held = text.slice(text.length - keep);
    return { text: text.slice(0, text.length - keep), stopped: false };
  }

  /** What was held back, once the generation has ended without a stop string. */
  flush(): string {
    const rest = this.done ? '' : this.held;
    this.held = '';
    return rest;
  }

  /** The longest end of `text` that begins some stop string. */
  private pendingLength(text: string): number {
    let keep = 0;
    for (const stop of this.stops) {
      for (let k = Math.min(stop.length - 1, text.length); k > keep; k--) {
        if (text.endsWith(stop.slice(0, k))) {
          keep = k;
          break;
        }
      }
    }
    return keep;
  }
}
