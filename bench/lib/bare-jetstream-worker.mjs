// Baseline for assignment → `started`: the least a JetStream consumer can do — pull one message,
// ack it, publish `started` and `failed` — in its own process, like the Island. Plain JS.
// Usage: bare-jetstream-worker.mjs <nats url> <host id>
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';

const [url, hostId] = process.argv.slice(2);
const nc = await connect({ servers: url });
const jsm = await jetstreamManager(nc);
const name = `host-${hostId}`;
await jsm.consumers.add('JOBS', { durable_name: name, filter_subject: `host.${hostId}.jobs`, ack_policy: AckPolicy.Explicit, max_deliver: 5, ack_wait: 60e9 }).catch(() => undefined);
const consumer = await jetstream(nc).consumers.get('JOBS', name);
process.stdout.write('READY\n');
for (;;) {
  const batch = await consumer.fetch({ max_messages: 1, expires: 30_000 });
  for await (const m of batch) {
    m.ack();
    const { job_id } = JSON.parse(m.string());
    nc.publish(`host.${hostId}.status`, JSON.stringify({ job_id, state: 'started', timestamp: Date.now() }));
    nc.publish(`host.${hostId}.status`, JSON.stringify({ job_id, state: 'failed', error: 'baseline', timestamp: Date.now() }));
  }
}
