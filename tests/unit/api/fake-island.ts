// A scriptable Island for the API service's unit tests: a real ledger (SQLite in a temp dir), a
// snapshot the test sets, events the test emits, and a record of what the service asked of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { IslandPort } from '../../../src-main/agent/api/island-port';
import type { PairingState } from '../../../src-main/agent/coordinator/pairing';
import type { IslandEvent, IslandSnapshot } from '../../../src-main/agent/island-snapshot';
import { JobLedger } from '../../../src-main/agent/ledger/job-ledger';
import type { PricingSettings } from '../../../src-shared/domain/pricing';
import type { GpuMetricsSnapshot } from '../../../src-shared/protocol/messages';
import { createTestLogger } from '../../helpers/test-logger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'island-api-'));
  dirs.push(d);
  return d;
}

export function baseSnapshot(over: Partial<IslandSnapshot> = {}): IslandSnapshot {
  return {
    hostId: 'host-1',
    version: '0.5.0',
    phase: 'online',
    server: 'nats://127.0.0.1:4222',
    link: { type: 'connected', server: 'nats://127.0.0.1:4222' },
    lastServerError: null,
    jobSource: { type: 'jetstream', consumer: 'host-host-1' },
    activeJobs: [],
    maxConcurrentJobs: 2,
    pairing: null,
    capabilities: { gpu_model: null, gpu_vram_mb: null, cpu_cores: 4, ram_mb: 8192, region: null },
    supportedRuntimes: ['wasm'],
    runtimes: [{ type: 'wasm', availability: { available: true } }],
    paused: false,
    rttMs: null,
    ...over,
  };
}

export class FakeIsland implements IslandPort {
  readonly hostId = 'host-1';
  readonly capabilities = { gpu_model: 'NVIDIA GeForce RTX 4090', gpu_vram_mb: 24564, cpu_cores: 4, ram_mb: 8192, region: null };
  readonly calls: string[] = [];
  readonly pricings: PricingSettings[] = [];
  snap = baseSnapshot();
  gpuMetrics: GpuMetricsSnapshot[] | null = null;
  pairingAnswer: PairingState = { type: 'code', code: 'A3X9K2', pairUrl: 'https://app.archipelag.io/pair', expiresAtMs: 1_000 };
  readonly gpu = { metrics: async () => this.gpuMetrics };
  private readonly listeners = new Set<(e: IslandEvent) => void>();

  private constructor(readonly ledger: JobLedger) {}

  static async create(): Promise<FakeIsland> {
    return new FakeIsland(await JobLedger.open(path.join(tempDir(), 'ledger.sqlite'), createTestLogger()));
  }

  snapshot(): IslandSnapshot {
    return this.snap;
  }
  on(fn: (e: IslandEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(e: IslandEvent): void {
    for (const fn of this.listeners) fn(e);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  pause(): void {
    this.calls.push('pause');
    this.snap = { ...this.snap, paused: true, phase: 'paused', supportedRuntimes: [] };
  }
  resume(): void {
    this.calls.push('resume');
    this.snap = { ...this.snap, paused: false, phase: 'online', supportedRuntimes: ['wasm'] };
  }
  setPricing(p: PricingSettings): void {
    this.pricings.push(structuredClone(p));
  }
  async requestPairingCode(): Promise<PairingState> {
    this.calls.push('pairing');
    return this.pairingAnswer;
  }
}

/** A config.toml in a temp dir with a comment to keep; returns its path. */
export function writeConfig(extra = ''): string {
  const file = path.join(tempDir(), 'config.toml');
  writeFileSync(file, `# my Island\n[coordinator]\nnats_url = "nats://island:s3cret@127.0.0.1:4222"\n${extra}`);
  return file;
}

export interface FakeHttp {
  fetch: typeof fetch;
  requests: Array<{ method: string; path: string; body: unknown }>;
  /** path (without base) → [status, body] or a thrown error. */
  routes: Map<string, { status: number; body: unknown } | Error>;
}

export function fakeHttp(base = 'http://coord.test'): FakeHttp {
  const requests: FakeHttp['requests'] = [];
  const routes: FakeHttp['routes'] = new Map();
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const p = url.slice(base.length);
    const method = init?.method ?? 'GET';
    requests.push({ method, path: p, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const r = routes.get(`${method} ${p}`);
    if (!r) return new Response(JSON.stringify({ error: `no route ${method} ${p}` }), { status: 404 });
    if (r instanceof Error) throw r;
    return new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), { status: r.status });
  }) as typeof fetch;
  return { fetch: fetchFn, requests, routes };
}
