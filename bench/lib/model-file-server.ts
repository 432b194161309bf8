// The model server of the tests (tests/helpers/model-server.ts) in a process of its own, serving
// one file at /model.bin, so that neither side of the download benchmark shares an event loop
// with it. With a rate (MiB/s) the file is held in memory and paced, like a network link.
// Prints `{"origin": "http://127.0.0.1:<port>"}` once listening.
import { readFileSync } from 'node:fs';
import { startModelServer } from '../../tests/helpers/model-server';

const [file, rate] = process.argv.slice(2);
if (!file) throw new Error('usage: model-file-server.ts <file> [MiB/s]');
const server = await startModelServer();
const mibps = Number(rate ?? 0);
server.serve('/model.bin', mibps > 0 ? { bytes: readFileSync(file), bytesPerSecond: mibps * 1024 * 1024 } : { file });
console.log(JSON.stringify({ origin: server.origin }));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
