// Release step after electron-builder: signs every file the update feed lists and writes the
// signature into the feed. For each latest*.yml in the release folder, each `files[]` entry gets
// `signature`: Ed25519 (RFC 8032, pure) over the file's bytes, 128 hex characters — the scheme of
// island-protocol.md §10.2. The desktop app refuses an update whose signature does not verify
// against the public keys built into it (src-main/agent/update/release-keys.ts).
//   node scripts/sign-update-feed.mjs --key release-key.pem release/
// The key is a PKCS#8 PEM Ed25519 private key (openssl genpkey -algorithm ed25519). Add
// `--critical` to mark the release critical (it then waits only 30 s for running jobs).
import { createPrivateKey, sign } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const args = process.argv.slice(2);
const keyAt = args.indexOf('--key');
const critical = args.includes('--critical');
const dir = args.filter((a, i) => !a.startsWith('--') && i !== keyAt + 1)[0];
if (keyAt < 0 || !args[keyAt + 1] || !dir) {
  console.error('usage: node scripts/sign-update-feed.mjs --key <ed25519-private.pem> [--critical] <release-dir>');
  process.exit(2);
}
const key = createPrivateKey(readFileSync(args[keyAt + 1]));
if (key.asymmetricKeyType !== 'ed25519') {
  console.error(`${args[keyAt + 1]}: not an Ed25519 private key (it is ${key.asymmetricKeyType})`);
  process.exit(2);
}

const feeds = readdirSync(dir).filter((f) => /^latest.*\.yml$/.test(f));
if (feeds.length === 0) {
  console.error(`${dir}: no latest*.yml (run electron-builder first)`);
  process.exit(1);
}
for (const feed of feeds) {
  const file = path.join(dir, feed);
  const info = yaml.load(readFileSync(file, 'utf8'));
  if (!info || !Array.isArray(info.files)) {
    console.error(`${file}: no files list`);
    process.exit(1);
  }
  for (const entry of info.files) {
    const artifact = path.join(dir, path.basename(decodeURIComponent(entry.url)));
    entry.signature = sign(null, readFileSync(artifact), key).toString('hex');
    console.log(`${feed}: signed ${path.basename(artifact)}`);
  }
  if (critical) info.critical = true;
  writeFileSync(file, yaml.dump(info, { lineWidth: -1 }));
}
