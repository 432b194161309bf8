// The CPU-time measurement behind the fuel stand-in, on real threads.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createCpuMeter, parseThreadStatMs } from '../../../../src-main/agent/runtimes/wasm/cpu-meter';

// A thread that reports its kernel id, then spins for `ms`.
const SPINNER = `
const { parentPort, workerData } = require('node:worker_threads');
const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
parentPort.postMessage(tid);
const end = Date.now() + workerData;
while (Date.now() < end) {}
`;

let worker: Worker | null = null;
afterEach(async () => {
  await worker?.terminate();
  worker = null;
});

function spin(ms: number): Promise<number> {
  worker = new Worker(SPINNER, { eval: true, workerData: ms });
  return new Promise((resolve) => worker!.once('message', resolve));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('parseThreadStatMs', () => {
  it('adds utime and stime (USER_HZ ticks), counting fields after the last ")" of the name', () => {
    const line = '4242 (node (worker) x) R 1 4242 4242 0 -1 4194368 12 0 0 0 150 25 0 0 20 0 9 0 100 0 0';
    expect(parseThreadStatMs(line)).toBe(1750);
    expect(parseThreadStatMs('garbage')).toBeNull();
  });
});

describe('createCpuMeter', () => {
  it('measures a spinning worker with worker.cpuUsage() on this Node', async () => {
    await spin(2_000);
    const meter = createCpuMeter(worker!);
    expect(meter.method).toBe('worker.cpuUsage');
    await sleep(300);
    const a = (await meter.readMs())!;
    await sleep(300);
    const b = (await meter.readMs())!;
    expect(a).toBeGreaterThan(100);
    expect(b - a).toBeGreaterThan(150);
  });

  it.skipIf(process.platform !== 'linux')('falls back to /proc/self/task/<tid>/stat where worker.cpuUsage() is missing', async () => {
    const tid = await spin(2_000);
    // An older Node's Worker: the same object without cpuUsage.
    const older = Object.create(worker!, { cpuUsage: { value: undefined } }) as Worker;
    const meter = createCpuMeter(older, 'linux');
    expect(meter.method).toBe('none');
    expect(await meter.readMs()).toBeNull();
    meter.setThreadId(tid);
    expect(meter.method).toBe('proc');
    await sleep(400);
    expect(await meter.readMs()).toBeGreaterThan(150);
  });

  it('reads null once the worker is gone', async () => {
    await spin(10);
    const meter = createCpuMeter(worker!);
    await worker!.terminate();
    expect(await meter.readMs()).toBeNull();
  });
});
