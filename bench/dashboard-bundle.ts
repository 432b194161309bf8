// The dashboard's web build by weight: what the first page load fetches (the files index.html
// names) and everything (screens load their own chunks on first visit), raw and gzipped. The
// headless server sends files as they are (no compression), so raw is what crosses the loopback;
// gzip is what an installer or a compressed transport would carry.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Weight {
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

export interface BundleWeight {
  firstLoad: Weight & { names: string[] };
  all: Weight & { js: Weight; css: Weight };
}

export function measureBundle(rendererDir: string): BundleWeight {
  const assets = path.join(rendererDir, 'assets');
  const shipped = readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\.?\/?assets\/([^"]+)"/g)].map((m) => m[1]!).filter((f) => shipped.includes(f));
  const weigh = (files: string[]): Weight => {
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const f of files) {
      const bytes = readFileSync(path.join(assets, f));
      rawBytes += bytes.length;
      gzipBytes += gzipSync(bytes, { level: 9 }).length;
    }
    return { files: files.length, rawBytes, gzipBytes };
  };
  return {
    firstLoad: { ...weigh(named), names: named },
    all: { ...weigh(shipped), js: weigh(shipped.filter((f) => f.endsWith('.js'))), css: weigh(shipped.filter((f) => f.endsWith('.css'))) },
  };
}
