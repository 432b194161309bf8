// The config the dashboard reads and edits: config.toml as last read or written. Every change goes
// through patchConfigFile (comments and unknown keys kept, validated before the atomic write, one
// edit at a time per file). A change the schema refuses becomes a bad-request naming the field.
import type { IslandConfig } from '../../../src-shared/config/schema';
import { ConfigError } from '../../../src-shared/errors';
import { patchConfigFile, type ConfigMutation } from '../config/patch-config';
import { ApiFailure } from './api-failure';

export class ConfigStore {
  private config: IslandConfig;

  constructor(
    readonly path: string,
    initial: IslandConfig,
  ) {
    this.config = structuredClone(initial);
  }

  get current(): IslandConfig {
    return this.config;
  }

  /**
   * Applies `mutate` to the file. `fieldOf` maps a config key (`pricing.default_price`) to the API
   * field to blame (`params.price`) when the schema refuses the result.
   */
  async patch(mutate: ConfigMutation, fieldOf: (configKey: string) => string | undefined = () => undefined): Promise<{ config: IslandConfig; changed: boolean }> {
    try {
      const r = await patchConfigFile(this.path, mutate);
      this.config = r.config;
      return { config: r.config, changed: r.changed };
    } catch (err) {
      if (err instanceof ConfigError && err.problems.length > 0) {
        const p = err.problems[0]!;
        const field = p.key === undefined ? undefined : fieldOf(p.key);
        // Unreadable file: not the caller's fault.
        if (p.key === undefined) throw new ApiFailure('internal', `config.toml could not be updated: ${p.message}`, undefined, { cause: err });
        throw new ApiFailure('bad-request', `${field ?? p.key}: ${p.message}`, field, { cause: err });
      }
      throw err;
    }
  }
}
