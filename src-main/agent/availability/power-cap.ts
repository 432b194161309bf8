// The owner's GPU power cap while the Island works, best effort: `nvidia-smi -i N -pl W` needs
// root (or a driver setting), so a refusal is logged once and not retried until the cap changes.
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import type { RunTool } from '../metrics/gpu-probe';

export class PowerCap {
  private applied = new Map<number, number | null>();
  private refused: string | null = null;

  constructor(
    private readonly run: RunTool,
    private readonly log: Logger,
    private readonly binary = 'nvidia-smi',
  ) {}

  /** Sets `watts` on each GPU (null: leave as is). Resolves once tried; never throws. */
  async apply(gpus: readonly number[], watts: number | null): Promise<void> {
    if (watts === null) return;
    for (const index of gpus) {
      if (this.applied.get(index) === watts) continue;
      const key = `${index}:${watts}`;
      if (this.refused === key) continue;
      try {
        await this.run(this.binary, ['-i', String(index), '-pl', String(watts)]);
        this.applied.set(index, watts);
        this.log.info(`GPU ${index} power limit set to ${watts} W`);
      } catch (err) {
        const e = err as { stderr?: string };
        if (this.refused === null) {
          this.log.warn(`could not set GPU ${index} power limit to ${watts} W (nvidia-smi -pl needs administrator rights); the power cap is not applied`, {
            error: e.stderr?.trim() || errorMessage(err),
          });
        }
        this.refused = key;
      }
    }
  }
}
