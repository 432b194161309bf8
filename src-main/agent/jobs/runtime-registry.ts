// Picks the runtime for a job by its `runtime_type`. Unlike the Rust Island, an unknown or missing
// runtime never falls through to the container path: the job fails with the reason (§0, §12.2).
import { KNOWN_RUNTIMES, type KnownRuntime } from '../../../src-shared/protocol/messages';
import type { Runtime, RuntimeAvailability } from './runtime';

export type Resolution = { ok: true; runtime: Runtime } | { ok: false; error: string };

export class RuntimeRegistry {
  private readonly byType = new Map<string, Runtime>();

  constructor(runtimes: Runtime[]) {
    for (const r of runtimes) {
      if (this.byType.has(r.type)) throw new Error(`two runtimes registered for "${r.type}"`);
      this.byType.set(r.type, r);
    }
  }

  resolve(runtimeType: string): Resolution {
    if (!(KNOWN_RUNTIMES as readonly string[]).includes(runtimeType)) {
      return { ok: false, error: `Unknown runtime_type "${runtimeType}": this Island runs ${this.listSupported()}` };
    }
    const runtime = this.byType.get(runtimeType);
    if (!runtime) {
      return { ok: false, error: `Runtime "${runtimeType}" is not built into this Island; it runs ${this.listSupported()}` };
    }
    const availability = runtime.availability();
    if (!availability.available) {
      return { ok: false, error: `Runtime "${runtimeType}" is not available on this Island: ${availability.reason}` };
    }
    return { ok: true, runtime };
  }

  /** Runtimes that can take a job right now, in the reference's order (heartbeat `supported_runtimes`). */
  supported(): KnownRuntime[] {
    return KNOWN_RUNTIMES.filter((t) => this.byType.get(t)?.availability().available === true);
  }

  describe(): Array<{ type: KnownRuntime; availability: RuntimeAvailability }> {
    return KNOWN_RUNTIMES.map((type) => ({
      type,
      availability: this.byType.get(type)?.availability() ?? { available: false, reason: 'not built into this Island' },
    }));
  }

  private listSupported(): string {
    const s = this.supported();
    return s.length > 0 ? s.join(', ') : 'no runtimes at the moment';
  }
}
