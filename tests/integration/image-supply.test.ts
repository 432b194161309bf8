// Image supply against the real things: dockerd pulls from Debian's docker-registry on 127.0.0.1,
// the images are built here FROM scratch with Debian's static busybox, and signed here with a test
// key in cosign's layout. Every refusal must end in a clear ImageRejectedError with nothing pulled
// and no container left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageRejectedError, type PreparedImage } from '../../src-main/agent/runtimes/container/image-supply';
import { createImageSupply, type DockerImageSupply } from '../../src-main/agent/runtimes/images/index';
import type { RuntimeEvent } from '../../src-main/agent/runtimes/runtime-events';
import { resolveRuntimeSettings } from '../../src-main/agent/config/runtime-settings';
import { islandPaths } from '../../src-main/agent/paths';
import { islandConfigSchema } from '../../src-shared/config/schema';
import { generateTestKey, signImage } from '../harness/cosign';
import { requireDocker } from '../harness/docker';
import { pushTestImage, removeLocalImagesOf, requireRegistryBinary, startRegistry, type PushedImage, type RegistryHandle } from '../harness/registry';
import { createTestLogger, type TestLogger } from '../helpers/test-logger';

const docker = await requireDocker('the image supply tests');
const registryBin = requireRegistryBinary();

const SCRIPT = 'input=$(cat)\necho \'{"type":"token","content":"hi"}\'\n';
const signal = () => new AbortController().signal;

describe.skipIf(!docker || !registryBin)('image supply (dockerd + docker-registry on 127.0.0.1)', () => {
  const d = docker!;
  let reg: RegistryHandle;
  const trusted = generateTestKey('island-test-key');
  const untrusted = generateTestKey('someone-else');
  const open: DockerImageSupply[] = [];
  const homes: string[] = [];

  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await removeLocalImagesOf(d, reg);
  });
  afterAll(async () => {
    await reg?.stop();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  interface Made {
    supply: DockerImageSupply;
    events: RuntimeEvent[];
    log: TestLogger;
    home: string;
  }

  interface MakeOptions {
    home?: string;
    evictionGraceMs?: number;
    onEvent?: (e: RuntimeEvent) => void;
  }

  async function make(config: Record<string, unknown>, opts: MakeOptions = {}): Promise<Made> {
    const parsed = islandConfigSchema.parse({ coordinator: { nats_url: 'nats://127.0.0.1:4222' }, registry: { allowed: [reg.host] }, ...config });
    const home = opts.home ?? mkdtempSync(join(tmpdir(), 'island-images-'));
    homes.push(home);
    const log = createTestLogger();
    const events: RuntimeEvent[] = [];
    const supply = createImageSupply({
      docker: d,
      config: parsed,
      paths: islandPaths(home),
      log,
      events: (e) => {
        events.push(e);
        opts.onEvent?.(e);
      },
      settings: resolveRuntimeSettings(parsed, {}),
      tuning: { evictionGraceMs: opts.evictionGraceMs ?? 0, keysTimeoutMs: 2000, registryTimeoutMs: 10_000 },
    });
    open.push(supply);
    await supply.start();
    return { supply, events, log, home };
  }

  const signingWith = (keys: { keyId: string; publicKeyPem: string }[], requireSignature: boolean) => ({
    signing: { enabled: true, require_signature: requireSignature, trusted_keys: keys.map((k) => ({ key_id: k.keyId, public_key: k.publicKeyPem })) },
  });

  async function localImageOf(ref: string): Promise<boolean> {
    return d
      .getImage(ref)
      .inspect()
      .then(() => true)
      .catch(() => false);
  }

  /** The refusal, asserting that nothing of the image got onto the machine and no container exists. */
  async function rejected(p: Promise<PreparedImage>, image: PushedImage | null): Promise<string> {
    const err = await p.then(
      () => {
        throw new Error('expected the image to be refused');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImageRejectedError);
    if (image) expect(await localImageOf(image.imageId)).toBe(false);
    const containers = await d.listContainers({ all: true });
    expect(containers.filter((c) => c.Image.startsWith(reg.host))).toEqual([]);
    return (err as Error).message;
  }

  describe('pulls', () => {
    it('pulls a tag from the local registry with progress events, then uses the local copy', async () => {
      const img = await pushTestImage(d, reg, 'test/pull', '1', SCRIPT, { padBytes: 8 * 1024 * 1024 });
      const { supply, events } = await make({});
      const first = await supply.prepare(img.ref, null, { signal: signal(), jobId: 'j1' });
      expect(first).toMatchObject({ ref: img.ref, imageId: img.imageId, digest: img.digest, cached: false, signature: { status: 'skipped' } });
      const pulls = events.filter((e) => e.type === 'image-pull');
      expect(pulls[0]).toEqual({ type: 'image-pull', image: img.ref, phase: 'started' });
      expect(pulls.some((e) => e.phase === 'progress' && (e.currentBytes ?? 0) > 0)).toBe(true);
      expect(pulls.at(-1), JSON.stringify(pulls)).toMatchObject({ phase: 'done', currentBytes: expect.any(Number), totalBytes: expect.any(Number) });
      const done = pulls.at(-1) as { currentBytes: number; totalBytes: number };
      // The compressed padding alone is about 8 MB (random bytes do not compress).
      expect(done.totalBytes).toBeGreaterThan(8_000_000);
      expect(done.currentBytes).toBe(done.totalBytes);
      const second = await supply.prepare(img.ref, null, { signal: signal(), jobId: 'j2' });
      expect(second).toMatchObject({ imageId: img.imageId, cached: true });
      expect(events.filter((e) => e.type === 'image-pull' && e.phase === 'started')).toHaveLength(1);
      expect(supply.metrics()).toMatchObject({ cached_image_count: 1, cached_size_mb: expect.any(Number) });
    });

    it('an untagged image means :latest', async () => {
      const img = await pushTestImage(d, reg, 'test/untagged', 'latest', SCRIPT);
      const { supply } = await make({});
      const prepared = await supply.prepare(`${reg.host}/test/untagged`, null, { signal: signal(), jobId: 'j' });
      expect(prepared).toMatchObject({ ref: `${reg.host}/test/untagged:latest`, imageId: img.imageId });
    });

    it('concurrent jobs share one pull', async () => {
      const img = await pushTestImage(d, reg, 'test/shared', '1', SCRIPT);
      const { supply, events } = await make({});
      const [a, b] = await Promise.all([
        supply.prepare(img.ref, null, { signal: signal(), jobId: 'a' }),
        supply.prepare(img.ref, null, { signal: signal(), jobId: 'b' }),
      ]);
      expect(a.imageId).toBe(b.imageId);
      expect(events.filter((e) => e.type === 'image-pull' && e.phase === 'started')).toHaveLength(1);
    });

    it('a job aborted during its pull stops waiting at once, and the pull is abandoned', async () => {
      const img = await pushTestImage(d, reg, 'test/aborted', '1', SCRIPT);
      const controller = new AbortController();
      const { supply, events } = await make({}, { onEvent: (e) => e.type === 'image-pull' && e.phase === 'started' && controller.abort() });
      const err = await supply.prepare(img.ref, null, { signal: controller.signal, jobId: 'j' }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      // Not a refusal: the job engine reports the cancel (or timeout) from the signal.
      expect(err).not.toBeInstanceOf(ImageRejectedError);
      expect(err?.name).toBe('AbortError');
      await expect.poll(() => events.map((e) => (e.type === 'image-pull' ? e.phase : ''))).toEqual(['started', 'failed']);
      expect(events.at(-1)).toMatchObject({ error: 'pull aborted' });
    });

    it('a tag the registry does not have fails as a pull failure', async () => {
      const { supply } = await make({});
      const message = await rejected(supply.prepare(`${reg.host}/test/none:1`, null, { signal: signal(), jobId: 'j' }), null);
      expect(message).toMatch(/^Failed to ensure container image: .*(not found|manifest unknown)/);
    });

    it('pre-pulls [cache] preload_images in the background at start', async () => {
      const img = await pushTestImage(d, reg, 'test/preload', '1', SCRIPT);
      const { supply, events } = await make({ cache: { enable_preload: true, preload_images: [img.ref, `evil.example.com/x/y:1`] } });
      await supply.preloaded();
      expect(await localImageOf(img.ref)).toBe(true);
      expect(events.some((e) => e.type === 'image-pull' && e.phase === 'done')).toBe(true);
      const prepared = await supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' });
      expect(prepared.cached).toBe(true);
    });
  });

  describe('policy', () => {
    it('registry not allowed: nothing is pulled', async () => {
      const img = await pushTestImage(d, reg, 'team-evil/app', '1', SCRIPT);
      const { supply, events } = await make({ registry: { allowed: [`${reg.host}/team`] } });
      const message = await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img);
      expect(message).toBe(`Image not allowed: Registry not allowed: ${reg.host}/team-evil. Image: ${img.ref}`);
      expect(events).toEqual([]);
    });

    it('require_digest refuses a tag-only image unless the job pins a digest', async () => {
      const img = await pushTestImage(d, reg, 'test/pinned', '1', SCRIPT);
      const { supply } = await make({ registry: { allowed: [reg.host], require_digest: true } });
      expect(await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img)).toBe(`Image not allowed: Image must have a digest: ${img.ref}`);
      const prepared = await supply.prepare(img.ref, img.digest, { signal: signal(), jobId: 'j' });
      expect(prepared.ref).toBe(`${img.repository}@${img.digest}`);
    });
  });

  describe('digest pinning', () => {
    it('pulls by digest (not by tag), accepting bare upper-case hex and saying it was normalised', async () => {
      const img = await pushTestImage(d, reg, 'test/bydigest', '1', SCRIPT);
      const { supply, events, log } = await make({});
      const hex = img.digest.slice('sha256:'.length).toUpperCase();
      const prepared = await supply.prepare(img.ref, hex, { signal: signal(), jobId: 'j' });
      expect(prepared).toMatchObject({ ref: `${img.repository}@${img.digest}`, digest: img.digest, imageId: img.imageId });
      expect(events[0]).toMatchObject({ type: 'image-pull', image: `${img.repository}@${img.digest}`, phase: 'started' });
      const info = await d.getImage(img.imageId).inspect();
      expect(info.RepoDigests).toContain(`${img.repository}@${img.digest}`);
      expect(info.RepoTags ?? []).toEqual([]);
      expect(log.has({ level: 'info', msg: /upper case.*compared as sha256:/ })).toBe(true);
    });

    it('a wrong digest is refused, naming expected and actual, and nothing is pulled', async () => {
      const img = await pushTestImage(d, reg, 'test/wrongdigest', '1', SCRIPT);
      const other = `sha256:${'0'.repeat(64)}`;
      const { supply } = await make({});
      const message = await rejected(supply.prepare(img.ref, other, { signal: signal(), jobId: 'j' }), img);
      expect(message).toBe(
        `Image not allowed: Image digest verification failed: expected ${other}, but ${img.repository} has no manifest with that digest (${img.ref} is ${img.digest}). Image: ${img.ref}`,
      );
    });

    it('a local image under the tag does not satisfy a different pinned digest', async () => {
      const img = await pushTestImage(d, reg, 'test/localtag', '1', SCRIPT, { keepLocal: true });
      const { supply } = await make({});
      const other = `sha256:${'f'.repeat(64)}`;
      const message = await rejected(supply.prepare(img.ref, other, { signal: signal(), jobId: 'j' }), null);
      expect(message).toMatch(new RegExp(`expected ${other}, but`));
    });
  });

  describe('cosign signatures', () => {
    it('a signed image is accepted with the right key, pulled by its digest, and verified from memory next time', async () => {
      const img = await pushTestImage(d, reg, 'test/signed', '1', SCRIPT);
      await signImage(reg, 'test/signed', img.digest, trusted.privateKeyPem);
      const { supply } = await make(signingWith([untrusted, trusted], true));
      const prepared = await supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' });
      expect(prepared).toMatchObject({ ref: `${img.repository}@${img.digest}`, digest: img.digest, signature: { status: 'valid', keyId: trusted.keyId }, cached: false });
      const again = await supply.prepare(img.ref, null, { signal: signal(), jobId: 'j2' });
      expect(again).toMatchObject({ cached: true, signature: { status: 'valid', keyId: trusted.keyId } });
    });

    it('a signature by an untrusted key is refused, naming the keys tried', async () => {
      const img = await pushTestImage(d, reg, 'test/wrongkey', '1', SCRIPT);
      await signImage(reg, 'test/wrongkey', img.digest, untrusted.privateKeyPem);
      const { supply } = await make(signingWith([trusted], true));
      const message = await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img);
      expect(message).toBe(
        `Image not allowed: Signature verification failed for all trusted keys (tried ${trusted.keyId}): the signature does not verify with any trusted key. Image: ${img.ref}`,
      );
    });

    it('a payload changed after signing is refused', async () => {
      const img = await pushTestImage(d, reg, 'test/tampered', '1', SCRIPT);
      await signImage(reg, 'test/tampered', img.digest, trusted.privateKeyPem, {
        tamperPayload: (p) => Buffer.from(p.toString().replace('"optional":null', '"optional":{"approved":"yes"}')),
      });
      const { supply } = await make(signingWith([trusted], true));
      expect(await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img)).toMatch(/Signature verification failed .*does not verify/);
    });

    it('a valid signature of another image (digest mismatch) is refused', async () => {
      const img = await pushTestImage(d, reg, 'test/replayed', '1', SCRIPT);
      const otherImg = await pushTestImage(d, reg, 'test/replayed', 'other', `${SCRIPT}echo other\n`);
      await signImage(reg, 'test/replayed', img.digest, trusted.privateKeyPem, { claimedDigest: otherImg.digest });
      const { supply } = await make(signingWith([trusted], true));
      const message = await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img);
      expect(message).toContain(`signed by ${trusted.keyId}, but the payload is for ${otherImg.digest}, not ${img.digest}`);
    });

    it('a signature for another repository is refused', async () => {
      const img = await pushTestImage(d, reg, 'test/moved', '1', SCRIPT);
      await signImage(reg, 'test/moved', img.digest, trusted.privateKeyPem, { dockerReference: `${reg.host}/test/original` });
      const { supply } = await make(signingWith([trusted], true));
      expect(await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img)).toMatch(/the payload names ".*\/test\/original", not .*\/test\/moved/);
    });

    it('unsigned with require_signature is refused; without it, it runs with a warning', async () => {
      const img = await pushTestImage(d, reg, 'test/unsigned', '1', SCRIPT);
      const strict = await make(signingWith([trusted], true));
      const message = await rejected(strict.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img);
      expect(message).toBe(`Image not allowed: No cosign signature found (looked for ${img.repository}:${img.digest.replace(':', '-')}.sig), and [signing] require_signature is on. Image: ${img.ref}`);
      const lenient = await make(signingWith([trusted], false));
      const prepared = await lenient.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' });
      expect(prepared.signature).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/no signature found/) });
      expect(lenient.log.has({ level: 'warn', msg: /without a verified signature/ })).toBe(true);
    });

    it('unsigned_allowed_registries lets an unsigned image from that path run', async () => {
      const img = await pushTestImage(d, reg, 'dev/tool', '1', SCRIPT);
      const { supply } = await make({ signing: { ...signingWith([trusted], true).signing, unsigned_allowed_registries: [`${reg.host}/dev`] } });
      expect((await supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' })).signature).toMatchObject({ status: 'skipped' });
    });

    it('keys come from keys_url, and from the cache file when that server is down', async () => {
      const img = await pushTestImage(d, reg, 'test/keysurl', '1', SCRIPT);
      await signImage(reg, 'test/keysurl', img.digest, trusted.privateKeyPem);
      const keysServer = await serveKeys(JSON.stringify([{ key_id: trusted.keyId, public_key: trusted.publicKeyPem, algorithm: 'ecdsa-p256' }]));
      const signing = { signing: { enabled: true, require_signature: true, keys_url: keysServer.url } };
      const online = await make(signing);
      expect((await online.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' })).signature).toMatchObject({ status: 'valid', keyId: trusted.keyId });
      expect(keysServer.hits()).toBe(1);
      await keysServer.close();
      await removeLocalImagesOf(d, reg);

      // A fresh Island (new cache book, same home) with the key server gone.
      const offline = await make(signing, { home: online.home });
      expect(offline.log.has({ level: 'warn', msg: /could not fetch trusted signing keys/ })).toBe(true);
      const prepared = await offline.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' });
      expect(prepared.signature).toMatchObject({ status: 'valid', keyId: trusted.keyId });
    });
  });

  describe('private registry (htpasswd basic auth)', () => {
    let priv: RegistryHandle;
    const login = { username: 'island', password: 'p@ss:w0rd' };
    beforeAll(async () => {
      priv = await startRegistry({ login });
    });
    afterAll(async () => {
      if (priv) await removeLocalImagesOf(d, priv);
      await priv?.stop();
    });

    it('pulls and checks signatures with the login configured for that registry, and fails without it', async () => {
      const img = await pushTestImage(d, priv, 'private/app', '1', SCRIPT);
      await signImage(priv, 'private/app', img.digest, trusted.privateKeyPem);
      const base = { registry: { allowed: [priv.host] }, ...signingWith([trusted], true) };

      const anonymous = await make(base);
      const refusal = await rejected(anonymous.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img);
      expect(refusal).toMatch(/401/);

      const plainPull = await make({ registry: { allowed: [priv.host] } });
      expect(await rejected(plainPull.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img)).toMatch(/^Failed to ensure container image: .*(no basic auth credentials|unauthorized)/);

      const authed = await make({ ...base, registry: { allowed: [priv.host], auth: { [priv.host]: login } } });
      const prepared = await authed.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' });
      expect(prepared).toMatchObject({ imageId: img.imageId, signature: { status: 'valid' } });
      expect(authed.log.records.some((r) => JSON.stringify(r).includes(login.password))).toBe(false);
    });

    it('a login for another registry is not used', async () => {
      const img = await pushTestImage(d, priv, 'private/other', '1', SCRIPT);
      const { supply } = await make({ registry: { allowed: [priv.host], auth: { [reg.host]: login } } });
      expect(await rejected(supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' }), img)).toMatch(/^Failed to ensure container image/);
    });
  });

  describe('image cache', () => {
    it('removes the least recently used image it pulled, never the owner\'s or one a container uses', async () => {
      const owners = await pushTestImage(d, reg, 'cache/owner', '1', SCRIPT, { keepLocal: true });
      const a = await pushTestImage(d, reg, 'cache/a', '1', SCRIPT);
      const b = await pushTestImage(d, reg, 'cache/b', '1', SCRIPT);
      const c = await pushTestImage(d, reg, 'cache/c', '1', SCRIPT);
      // Images used within the grace period are never removed (a job may be about to create its container).
      const grace = 400;
      const pause = () => new Promise((r) => setTimeout(r, grace + 100));
      const { supply, log } = await make({ cache: { max_cached_images: 1 } }, { evictionGraceMs: grace });
      await supply.prepare(owners.ref, null, { signal: signal(), jobId: 'o' });
      await supply.prepare(a.ref, null, { signal: signal(), jobId: 'a' });
      await pause();
      await supply.prepare(b.ref, null, { signal: signal(), jobId: 'b' });
      // The pull of b made room by removing a, the least recently used image the Island pulled.
      expect(await supply.enforceLimits()).toEqual([]);
      expect(await localImageOf(a.imageId)).toBe(false);
      expect(log.has({ level: 'info', msg: 'removed least recently used image', fields: { image: a.imageId } })).toBe(true);
      await pause();
      // A container (not even running) pins b.
      const container = await d.createContainer({ Image: b.ref, name: `island-test-pin-${Date.now()}` });
      try {
        await supply.prepare(c.ref, null, { signal: signal(), jobId: 'c' });
        // Over the limit, but b is pinned and c was just used: nothing may go yet.
        expect(await supply.enforceLimits()).toEqual([]);
        expect(await localImageOf(b.imageId)).toBe(true);
        expect(await localImageOf(c.imageId)).toBe(true);
        expect(await localImageOf(owners.imageId)).toBe(true);
      } finally {
        await container.remove({ force: true });
      }
      await pause();
      // With the container gone, b is the least recently used of the Island's own images.
      expect(await supply.enforceLimits()).toEqual([b.imageId]);
      expect(await localImageOf(b.imageId)).toBe(false);
      expect(await localImageOf(c.imageId)).toBe(true);
      expect(await localImageOf(owners.imageId)).toBe(true);
      expect(supply.metrics()).toMatchObject({ cached_image_count: 2 });
    });

    it('the size limit removes images too', async () => {
      const a = await pushTestImage(d, reg, 'cache/size-a', '1', SCRIPT);
      const { supply } = await make({ cache: { max_cache_gb: 0 } });
      await supply.prepare(a.ref, null, { signal: signal(), jobId: 'a' });
      // The pull's own sweep removes it; enforceLimits() waits for that sweep to finish.
      expect(await supply.enforceLimits()).toEqual([]);
      expect(await localImageOf(a.imageId)).toBe(false);
      expect(supply.metrics().cached_image_count).toBe(0);
    });

    it('warm Cargos, warmth and metrics; all persisted across a restart and reconciled with Docker', async () => {
      const img = await pushTestImage(d, reg, 'cache/warm', '1', SCRIPT);
      const first = await make({});
      await first.supply.prepare(img.ref, null, { signal: signal(), jobId: 'j' });
      first.supply.recordRun('llm-chat', img.ref, true);
      first.supply.recordRun('failing', img.ref, false);
      first.supply.recordRun(null, img.ref, true);
      expect(first.supply.metrics()).toEqual({ cached_image_count: 1, cached_size_mb: expect.any(Number), warm_workload_count: 1, warm_workload_ids: ['llm-chat'] });
      expect(first.supply.warmth('llm-chat', img.ref)).toBe(81);
      expect(first.supply.warmth('failing', img.ref)).toBe(31);
      expect(first.supply.warmth('llm-chat', `${reg.host}/cache/other:1`)).toBe(50);
      await first.supply.close();

      const second = await make({}, { home: first.home });
      expect(second.supply.metrics()).toMatchObject({ cached_image_count: 1, warm_workload_ids: ['llm-chat'] });
      await second.supply.close();

      await removeLocalImagesOf(d, reg);
      const third = await make({}, { home: first.home });
      expect(third.supply.metrics()).toMatchObject({ cached_image_count: 0, warm_workload_ids: ['llm-chat'] });
    });
  });
});

async function serveKeys(body: string): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/keys.json`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
