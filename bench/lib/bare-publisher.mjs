// Baseline for start-up: a bare Node process that connects to NATS and publishes one message.
// Plain JS (no TypeScript loader), like the bundled Island it is compared with.
import { connect } from '@nats-io/transport-node';

const [url, subject] = process.argv.slice(2);
const nc = await connect({ servers: url });
nc.publish(subject, 'hello');
await nc.flush();
await nc.close();
