// Signs images in a test registry the way `cosign sign --key` does, with Node's crypto and raw
// Registry v2 calls (there is no cosign binary on Debian or npm; platform-notes §8). The signature
// of manifest `sha256:<hex>` is an OCI image manifest tagged `sha256-<hex>.sig` in the same
// repository; each layer is a simple-signing payload blob (media type
// application/vnd.dev.cosign.simplesigning.v1+json) whose descriptor carries the annotation
// dev.cosignproject.cosign/signature = base64(ECDSA P-256 / SHA-256 DER signature of the blob).
// The tamper options make the broken variants the negative tests need.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { RegistryHandle } from './registry';

export interface TestKey {
  keyId: string;
  /** PKCS#8 PEM. (cosign's own private-key file is this, encrypted with scrypt + secretbox.) */
  privateKeyPem: string;
  /** SPKI PEM, exactly what `cosign.pub` holds. */
  publicKeyPem: string;
}

export function generateTestKey(keyId: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The payload cosign signs, byte for byte as Go's encoding/json writes it (no spaces, field order). */
export function simpleSigningPayload(dockerReference: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: { identity: { 'docker-reference': dockerReference }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' },
      optional: null,
    }),
  );
}

export interface SignOptions {
  /** `docker-reference` in the payload; default `<registry host>/<repo>` (what cosign writes). */
  dockerReference?: string;
  /** The digest the payload claims; default the digest being signed (a different one = a replayed signature). */
  claimedDigest?: string;
  /** Change the payload after signing (a tampered payload, re-uploaded with a matching blob digest). */
  tamperPayload?: (payload: Buffer) => Buffer;
  /** Add to an existing `.sig` manifest instead of replacing it (cosign appends signatures). */
  append?: boolean;
  /** The payload type; default cosign's. */
  type?: string;
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';

export function signatureTagOf(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

/** Writes a cosign signature of `repo@digest` into the registry; returns the `.sig` reference. */
export async function signImage(registry: RegistryHandle, repo: string, digest: string, privateKeyPem: string, opts: SignOptions = {}): Promise<string> {
  let payload = simpleSigningPayload(opts.dockerReference ?? `${registry.host}/${repo}`, opts.claimedDigest ?? digest);
  if (opts.type !== undefined) {
    const parsed = JSON.parse(payload.toString()) as { critical: { type: string } };
    parsed.critical.type = opts.type;
    payload = Buffer.from(JSON.stringify(parsed));
  }
  const signature = sign('sha256', payload, privateKeyPem).toString('base64');
  if (opts.tamperPayload) payload = opts.tamperPayload(payload);
  const payloadDigest = await uploadBlob(registry, repo, payload);
  const layer = { mediaType: SIMPLE_SIGNING, size: payload.length, digest: payloadDigest, annotations: { 'dev.cosignproject.cosign/signature': signature } };
  const tag = signatureTagOf(digest);
  const layers: unknown[] = opts.append ? ((await getManifest(registry, repo, tag))?.layers ?? []) : [];
  layers.push(layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => (l as { digest: string }).digest) },
      config: {},
    }),
  );
  const configDigest = await uploadBlob(registry, repo, config);
  const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, size: config.length, digest: configDigest }, layers };
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': OCI_MANIFEST, ...authHeader(registry) },
    body: JSON.stringify(manifest),
  });
  if (res.status !== 201) throw new Error(`PUT ${tag} manifest: HTTP ${res.status} ${await res.text()}`);
  return `${registry.host}/${repo}:${tag}`;
}

async function getManifest(registry: RegistryHandle, repo: string, tag: string): Promise<{ layers: unknown[] } | null> {
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, { headers: { accept: OCI_MANIFEST, ...authHeader(registry) } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET ${tag}: HTTP ${res.status}`);
  return (await res.json()) as { layers: unknown[] };
}

/** Monolithic blob upload: POST for a session, then PUT the bytes with their digest. */
export async function uploadBlob(registry: RegistryHandle, repo: string, bytes: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: authHeader(registry) });
  const location = start.headers.get('location');
  if (start.status !== 202 || !location) throw new Error(`blob upload start: HTTP ${start.status}`);
  const url = new URL(location, registry.url);
  url.searchParams.set('digest', digest);
  const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...authHeader(registry) }, body: bytes });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

function authHeader(registry: RegistryHandle): Record<string, string> {
  const login = registry.login;
  return login ? { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` } : {};
}
