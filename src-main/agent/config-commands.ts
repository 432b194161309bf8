// `island --check-config` and `--print-default-config`: let an owner validate a hand-edited
// config.toml before restarting the Island, and start a new one from a complete template.
import { parseNatsUrl } from '../../src-shared/protocol/nats-url';
import { defaultConfigToml } from './config/default-config';
import { bootstrap } from './bootstrap';

export function printDefaultConfig(): number {
  process.stdout.write(defaultConfigToml());
  return 0;
}

export function checkConfig(configPath: string | undefined): number {
  const { loaded, paths, log } = bootstrap({ configPath, stream: process.stderr });
  const c = loaded.config;
  const summary = {
    file: loaded.path,
    home: paths.home,
    // Never the password: the URL as the Island connects to it, and whether it carries credentials.
    coordinator: parseNatsUrl(c.coordinator.nats_url).url,
    coordinator_credentials: parseNatsUrl(c.coordinator.nats_url).user !== null,
    api_url: c.coordinator.api_url ?? null,
    host_id: c.host_id ?? '(from state.json)',
    max_concurrent_jobs: c.jobs.max_concurrent ?? '(from hardware)',
    availability: c.availability.mode,
    warnings: loaded.warnings.length,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  void log.close();
  return 0;
}
