// The agent's version: what RegisterHost.version and the heartbeat's agent_version carry.
import pkg from '../../package.json' with { type: 'json' };

export const AGENT_VERSION: string = pkg.version;
