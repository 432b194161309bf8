// A local update feed for the desktop updater's tests: electron-builder's generic provider layout
// (latest-linux.yml + the artifact) served by node:http on 127.0.0.1, with releases signed by a
// test Ed25519 key the way scripts/sign-update-feed.mjs signs real ones, and knobs to break each
// check: served bytes that differ from the feed's sha512, a signature by another key, none at all.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReleaseKey } from '../../src-main/agent/update/ed25519';

export interface TestSigningKey {
  id: string;
  privateKey: KeyObject;
  /** The raw public key as the app embeds it. */
  release: ReleaseKey;
}

export function generateSigningKey(id = 'test-release'): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return { id, privateKey, release: { id, publicKeyHex: Buffer.from(raw).toString('hex') } };
}

export function sha512Base64(data: Uint8Array): string {
  return createHash('sha512').update(data).digest('base64');
}

export interface FeedRelease {
  version: string;
  fileName: string;
  /** What the release is: its sha512 goes into the feed, and it is signed. */
  bytes: Buffer;
  /** Sign with this key; `null` publishes no signature. Defaults to the feed's key. */
  signWith?: TestSigningKey | null;
  /** Serve these bytes instead of `bytes` (a tampered mirror). */
  serve?: Buffer;
  critical?: boolean;
  notes?: string;
}

export interface UpdateFeed {
  url: string;
  key: TestSigningKey;
  /** Paths requested, in order. */
  readonly requests: string[];
  publish(release: FeedRelease): void;
  /** Serves a feed file as given (one written by electron-builder and the release scripts). */
  serveRaw(latestYml: string, artifact: { name: string; body: Buffer }): void;
  close(): Promise<void>;
}

export async function startUpdateFeed(key: TestSigningKey = generateSigningKey()): Promise<UpdateFeed> {
  let feedYml: string | null = null;
  let artifact: { name: string; body: Buffer } | null = null;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(path);
    if (path === '/latest-linux.yml' && feedYml !== null) {
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(feedYml);
    } else if (artifact && path === `/${artifact.name}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': artifact.body.length }).end(artifact.body);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    requests,
    publish(r) {
      const signer = r.signWith === undefined ? key : r.signWith;
      const entry: Record<string, unknown> = { url: r.fileName, sha512: sha512Base64(r.bytes), size: r.bytes.length };
      if (signer) entry.signature = sign(null, r.bytes, signer.privateKey).toString('hex');
      const info: Record<string, unknown> = {
        version: r.version,
        files: [entry],
        path: r.fileName,
        sha512: entry.sha512,
        releaseDate: new Date(0).toISOString(),
      };
      if (r.notes !== undefined) info.releaseNotes = r.notes;
      if (r.critical) info.critical = true;
      // JSON is YAML: electron-updater's js-yaml reads it as the feed's latest-linux.yml.
      feedYml = JSON.stringify(info, null, 2);
      artifact = { name: r.fileName, body: r.serve ?? r.bytes };
    },
    serveRaw(text, file) {
      feedYml = text;
      artifact = file;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
