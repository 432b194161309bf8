// The supply chain end to end, as an owner's Island runs it: the runtimes from createRuntimes (the
// build's own), a real dockerd pulling from Debian's docker-registry on 127.0.0.1, images signed
// here in cosign's layout, and jobs dispatched by the reference coordinator over nats-server.
// With require_signature on, only the signed image from an allowed registry runs; every other job
// ends `failed` on the wire with the reason, and no container is left behind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/agent/config/load-config';
import { islandPaths } from '../../src-main/agent/paths';
import { createRuntimes } from '../../src-main/agent/runtimes/create-runtimes';
import { RuntimeEventHub } from '../../src-main/agent/runtimes/runtime-events';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { generateTestKey, signImage } from '../harness/cosign';
import { listContainersByLabel, requireDocker } from '../harness/docker';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { pushTestImage, removeLocalImagesOf, requireRegistryBinary, startRegistry, type PushedImage, type RegistryHandle } from '../harness/registry';
import { requireBinary } from '../harness/services';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';
import { FileModelStore } from '../helpers/file-model-store';

const docker = await requireDocker('the supply-chain end-to-end test');
const registryBin = requireRegistryBinary();
const natsBin = requireBinary('nats-server');
const SCRIPT = 'input=$(cat)\necho \'{"type":"status","message":"ready"}\'\necho \'{"type":"token","content":"signed and sealed"}\'\n';

describe.skipIf(!docker || !registryBin || !natsBin)('signed Cargos only (Island + dockerd + docker-registry + nats-server)', () => {
  const trusted = generateTestKey('island-owner-key');
  const stranger = generateTestKey('stranger-key');
  let reg: RegistryHandle;
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let island: IslandFixture;
  let signed: PushedImage;
  let unsigned: PushedImage;
  let strangerSigned: PushedImage;

  beforeAll(async () => {
    reg = await startRegistry();
    signed = await pushTestImage(docker!, reg, 'cargos/signed', '1', SCRIPT);
    await signImage(reg, 'cargos/signed', signed.digest, trusted.privateKeyPem);
    unsigned = await pushTestImage(docker!, reg, 'cargos/unsigned', '1', SCRIPT);
    strangerSigned = await pushTestImage(docker!, reg, 'cargos/stranger', '1', SCRIPT);
    await signImage(reg, 'cargos/stranger', strangerSigned.digest, stranger.privateKeyPem);

    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url });
    const home = mkdtempSync(path.join(tmpdir(), 'island-supply-'));
    const toml = `
[registry]
allowed = ["${reg.host}/cargos"]

[signing]
enabled = true
require_signature = true

[[signing.trusted_keys]]
key_id = "${trusted.keyId}"
public_key = """
${trusted.publicKeyPem.trim()}
"""
`;
    const paths = islandPaths(home);
    writeFileSync(paths.config, `[coordinator]\nnats_url = "${nats.url}"\n${toml}`);
    const loaded = loadConfig({ path: paths.config, explicit: true, env: {} });
    const events = new RuntimeEventHub();
    const runtimes = await createRuntimes({ config: loaded.config, paths, log: createTestLogger(), settings: loaded.runtime, events: events.emit, models: new FileModelStore({}) });
    island = await startIsland({ natsUrl: nats.url, toml, home, runtimes, runtimeEvents: events });
    await waitUntil(() => island.island.snapshot().jobSource.type === 'jetstream', 'JetStream delivery');
    await waitUntil(() => island.island.registry.supported().includes('container'), 'the container runtime');
  }, 120_000);

  afterAll(async () => {
    await island?.cleanup();
    rmSync(island?.home ?? '/nonexistent', { recursive: true, force: true });
    await coord?.close();
    await nats?.stop();
    if (reg) await removeLocalImagesOf(docker!, reg);
    await reg?.stop();
  });

  async function run(image: string, digest?: string): Promise<{ state: string; error: string | undefined; text: string }> {
    const jobId = await coord.dispatch(island.hostId, {
      runtime_type: 'container',
      container_image: image,
      sandbox_tier: 'standard',
      ...(digest ? { image_digest: digest } : {}),
      input: { prompt: 'x' },
    });
    const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 60_000 });
    const last = job.statuses.at(-1)!.message;
    const left = await listContainersByLabel(docker!, `io.archipelag.island.job=${jobId}`);
    expect(left, 'no container may be left behind').toEqual([]);
    return { state: last.state, error: last.error, text: job.text };
  }

  it('runs the image signed with the owner’s trusted key', async () => {
    const r = await run(signed.ref);
    expect(r).toMatchObject({ state: 'succeeded', text: 'signed and sealed' });
  }, 90_000);

  it('refuses an unsigned image', async () => {
    const r = await run(unsigned.ref);
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/^Image not allowed: No cosign signature found/);
  }, 90_000);

  it('refuses an image signed by a key the owner does not trust, naming the key tried', async () => {
    const r = await run(strangerSigned.ref);
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/^Image not allowed: Signature verification failed for all trusted keys \(tried island-owner-key\)/);
  }, 90_000);

  it('refuses a pinned digest that is not the image’s', async () => {
    const r = await run(signed.ref, unsigned.digest);
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/^Image not allowed: .*(digest|signature)/i);
  }, 90_000);

  it('refuses a registry that is not allowed, before pulling anything', async () => {
    const r = await run('evil.example/cargos/miner:1');
    expect(r.state).toBe('failed');
    expect(r.error).toBe('Image not allowed: Registry not allowed: evil.example/cargos. Image: evil.example/cargos/miner:1');
    coord.assertNoViolations();
  }, 90_000);
});
