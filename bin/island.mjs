#!/usr/bin/env node
// The `island` command. It runs the bundled build (made by `npm install` / `npm run build`).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`island needs Node.js 22.12 or newer (this is ${process.version}).\n` +
    'Inside the project, `npx island ...` uses the Node 22 that `npm install` put in node_modules.');
  process.exit(1);
}
const { existsSync } = await import('node:fs');
const entry = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(entry)) {
  console.error('island is not built yet: run `npm install` (or `npm run build`) in the project first.');
  process.exit(1);
}
await import(entry.href);
