// A `tls://user:pass@host` coordinator URL, as install.sh writes it: the Island connects over TLS
// with the credentials from the URL (the password keeps everything after the first ':'), names
// itself `island-<first 8 of host id>`, and never writes the password to its log.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { requireBinary } from '../harness/services';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { freePort } from '../harness/net';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server');
const opensslBin = requireBinary('openssl', { aptPackage: 'openssl', neededBy: 'the TLS test' });
const USER = 'island';
const PASS = 's3cr:et-pass';

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Island test CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

describe.skipIf(!natsBin || !opensslBin)('tls:// with credentials in the URL (real nats-server with TLS)', () => {
  let dir: string;
  let nats: NatsServerHandle;
  let monitor: number;
  let certs: { ca: string; cert: string; key: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'island-tls-'));
    certs = makeCertificates(dir);
    monitor = await freePort();
    nats = await startNatsServer({
      jetstream: false,
      extraArgs: ['--tls', '--tlscert', certs.cert, '--tlskey', certs.key, '--user', USER, '--pass', PASS, '-m', String(monitor)],
    });
  });
  afterAll(async () => {
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects over TLS with the URL credentials, under its client name, and keeps the password out of the log', async () => {
    const nc = await connect({ servers: `127.0.0.1:${nats.port}`, user: USER, pass: PASS, tls: { ca: readFileSync(certs.ca, 'utf8') } });
    const registered = nc.subscribe('coordinator.hosts.register', { max: 1 });
    await nc.flush();

    const home = path.join(dir, 'home');
    const config = path.join(dir, 'config.toml');
    writeFileSync(config, `[coordinator]\nnats_url = "tls://${USER}:${PASS}@127.0.0.1:${nats.port}"\n[preload]\nenabled = false\n`);
    const island = spawn(process.execPath, [path.join(import.meta.dirname, '..', '..', 'bin', 'island.mjs'), '--agent', '--config', config], {
      env: { ...process.env, ISLAND_HOME: home, NODE_EXTRA_CA_CERTS: certs.ca, ISLAND_LOG: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    island.stdout!.on('data', (d) => (out += d));
    island.stderr!.on('data', (d) => (out += d));
    try {
      let message = '';
      for await (const m of registered) message = m.string();
      const hostId = (JSON.parse(message) as { host_id: string }).host_id;

      const connz = (await (await fetch(`http://127.0.0.1:${monitor}/connz?auth=true`)).json()) as {
        connections: Array<{ name?: string; tls_version?: string; authorized_user?: string }>;
      };
      const mine = connz.connections.find((c) => c.name === `island-${hostId.slice(0, 8)}`);
      expect(mine, JSON.stringify(connz.connections)).toBeDefined();
      expect(mine!.tls_version).toMatch(/^1\.[23]$/);
      expect(mine!.authorized_user).toBe(USER);
      await waitUntil(() => /connected to the coordinator/.test(out), 'the connected log line');
      // The coordinator is named without credentials; the password appears nowhere.
      expect(out).toContain(`coordinator=tls://127.0.0.1:${nats.port}`);
      expect(out).not.toContain(PASS);
      expect(readFileSync(path.join(home, 'logs', 'island.1.log'), 'utf8')).not.toContain(PASS);
    } finally {
      const exited = new Promise((r) => island.on('exit', r));
      island.kill('SIGTERM');
      await exited;
      await nc.close();
    }
  }, 40_000);
});
