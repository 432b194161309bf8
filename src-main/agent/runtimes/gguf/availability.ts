// Whether node-llama-cpp can run here, found without loading it (that happens only in the
// inference process, and takes ~0.7 s): the package resolves, and a prebuilt binary package for
// this OS and CPU (or a local build) is installed. The first model load gives the final word.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { prebuiltPackagesFor } from '../../../../src-shared/domain/gguf/prebuilt';
import { errorMessage } from '../../../../src-shared/errors';
import type { RuntimeAvailability } from '../../jobs/runtime';

export function checkNodeLlamaCpp(fromUrl: string = import.meta.url, platform = process.platform, arch = process.arch): RuntimeAvailability {
  let entry: string;
  try {
    entry = createRequire(fromUrl).resolve('node-llama-cpp');
  } catch (err) {
    return { available: false, reason: `node-llama-cpp is not installed: ${errorMessage(err)}` };
  }
  const root = packageRoot(entry);
  if (!root) return { available: false, reason: `node-llama-cpp's package.json was not found above ${entry}` };
  let optional: string[];
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
    optional = Object.keys(pkg.optionalDependencies ?? {});
  } catch (err) {
    return { available: false, reason: `node-llama-cpp's package.json cannot be read: ${errorMessage(err)}` };
  }
  const candidates = prebuiltPackagesFor(platform, arch, optional);
  const fromPackage = createRequire(path.join(root, 'package.json'));
  const installed = candidates.filter((name) => {
    try {
      fromPackage.resolve(name);
      return true;
    } catch {
      return false;
    }
  });
  if (installed.length > 0 || existsSync(path.join(root, 'llama', 'localBuilds'))) return { available: true };
  const expected = candidates.length > 0 ? candidates.join(', ') : `none is published for ${platform}-${arch}`;
  return { available: false, reason: `node-llama-cpp has no prebuilt binary installed for ${platform}-${arch} (expected: ${expected})` };
}

function packageRoot(file: string): string | null {
  let dir = path.dirname(file);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && path.basename(dir) === 'node-llama-cpp') return dir;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
