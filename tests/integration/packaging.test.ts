// electron-builder.yml, checked two ways. First with electron-builder's own loader and schema
// validation, plus the choices this app relies on (per-user NSIS, hardened runtime, fuses,
// unpacked natives, only the target's binaries: evaluated with electron-builder's own file matcher
// for every target). Then a real build of what this machine can make: Linux tar.gz (and with it
// the unpacked app) from a fake Electron binary, asserting the layout of what ships.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ElectronBuilder from 'electron-builder';
import { requireBinary } from '../harness/services';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface Matcher {
  createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns: string[]) => Matcher;
};
const asar = require('@electron/asar') as { listPackage(file: string, opts?: object): string[]; extractFile(file: string, name: string): Buffer };

type FileSet = { filter?: string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  extraMetadata: { main: string };
  files: FileSet[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  mac: { target: Array<{ target: string }>; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; notarize: boolean };
  linux: { target: Array<{ target: string }>; files?: unknown };
  win: { target: Array<{ target: string }>; files?: unknown };
  publish: { provider: string; url: string };
  afterSign: string;
  beforePack: string;
  npmRebuild: boolean;
  extraResources: Array<{ from: string; to: string }>;
}

const quietDebug = { isEnabled: false, add: () => undefined };
let config: BuilderConfig;

beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation (which does reject a wrong key)', async () => {
    await expect(validateConfiguration(config, quietDebug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perUser: true } }, quietDebug)).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.nsis/);
  });

  it('starts the bundled desktop main, and publishes a generic update feed', () => {
    expect(config.appId).toBe('io.archipelag.island');
    expect(config.extraMetadata.main).toBe('dist/desktop/main.cjs');
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
    expect(config.npmRebuild).toBe(false);
  });

  it('installs per user on Windows, without administrator rights', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false });
  });

  it('builds dmg and zip with the hardened runtime, entitlements and a notarization hook on macOS', () => {
    expect(config.mac.target.map((t) => t.target).sort()).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: false });
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit, config.afterSign, config.beforePack]) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    const plist = readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8');
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(plist).not.toContain('com.apple.security.get-task-allow');
  });

  it('builds AppImage, deb and tar.gz on Linux', () => {
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb', 'tar.gz']);
  });

  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: true,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks native modules and the agent’s workers from the asar', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['dist/*-worker.mjs', '**/*.node', 'node_modules/@node-llama-cpp/**', 'node_modules/onnxruntime-node/bin/**', 'node_modules/node-llama-cpp/bins/**']),
    );
  });

  it('has no platform-level files (they would make electron-builder pack the whole project)', () => {
    expect(config.linux.files).toBeUndefined();
    expect(config.win.files).toBeUndefined();
    expect((config.mac as { files?: unknown }).files).toBeUndefined();
  });

  // electron-builder's own FileMatcher, with the macros expanded as they would be for each target.
  // node_modules go through a second matcher that is everything ("**/*") minus the exclusions, as
  // getNodeModuleFileMatcher builds it; the app's own files through the file list itself.
  function shipped(target: { os: string; arch: string; platform: string }): (rel: string) => boolean {
    const patterns = config.files.flatMap((f) => f.filter ?? []);
    const expand = (p: string) => p.replaceAll('${os}', target.os).replaceAll('${arch}', target.arch).replaceAll('${platform}', target.platform);
    const appFiles = new FileMatcher('/app', '/out', expand, patterns).createFilter();
    const modules = new FileMatcher('/app', '/out', expand, ['**/*', ...patterns]).createFilter();
    const file = { isDirectory: () => false };
    return (rel) => (rel.startsWith('node_modules/') ? modules : appFiles)(`/app/${rel}`, file);
  }

  const LLAMA = ['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan', 'linux-arm64', 'linux-armv7l', 'mac-arm64-metal', 'mac-x64', 'win-x64', 'win-x64-cuda', 'win-x64-cuda-ext', 'win-x64-vulkan', 'win-arm64'];
  const ONNX = ['linux/x64', 'linux/arm64', 'darwin/arm64', 'darwin/x64', 'win32/x64', 'win32/arm64'];

  it.each([
    [{ os: 'linux', arch: 'x64', platform: 'linux' }, ['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan'], ['linux/x64']],
    [{ os: 'linux', arch: 'arm64', platform: 'linux' }, ['linux-arm64'], ['linux/arm64']],
    [{ os: 'win', arch: 'x64', platform: 'win32' }, ['win-x64', 'win-x64-cuda', 'win-x64-cuda-ext', 'win-x64-vulkan'], ['win32/x64']],
    [{ os: 'mac', arch: 'arm64', platform: 'darwin' }, ['mac-arm64-metal'], ['darwin/arm64']],
    [{ os: 'mac', arch: 'x64', platform: 'darwin' }, ['mac-x64'], ['darwin/x64']],
  ])('ships only the target’s native binaries: %o', (target, llama, onnx) => {
    const ships = shipped(target);
    expect(LLAMA.filter((p) => ships(`node_modules/@node-llama-cpp/${p}/bins/${p}/llama-addon.node`))).toEqual(llama);
    expect(ONNX.filter((p) => ships(`node_modules/onnxruntime-node/bin/napi-v6/${p}/onnxruntime_binding.node`))).toEqual(onnx);
    expect(ships('dist/desktop/main.cjs')).toBe(true);
    expect(ships('dist/desktop/main.cjs.map')).toBe(false);
    expect(ships('src-main/desktop/main.ts')).toBe(false);
    expect(ships('tests/unit/desktop/tray.test.ts')).toBe(false);
  });

  it('notarizes nothing without Apple credentials, and says so', async () => {
    const hook = (await import(pathToFileURL(path.join(ROOT, config.afterSign)).href)) as { default: (ctx: unknown) => Promise<void> };
    const saved = { ...process.env };
    for (const k of ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) delete process.env[k];
    const logged: string[] = [];
    const original = console.log;
    console.log = (...a: unknown[]) => void logged.push(a.join(' '));
    try {
      await hook.default({ electronPlatformName: 'darwin', appOutDir: '/nowhere', packager: { appInfo: { productFilename: 'Island' } } });
      await hook.default({ electronPlatformName: 'linux', appOutDir: '/nowhere', packager: { appInfo: { productFilename: 'Island' } } });
    } finally {
      console.log = original;
      Object.assign(process.env, saved);
    }
    expect(logged).toEqual([expect.stringContaining('notarize: skipped, no Apple credentials in the environment')]);
  });

  it('refuses to package for another OS than the one building', async () => {
    const hook = (await import(pathToFileURL(path.join(ROOT, config.beforePack)).href)) as { default: (ctx: unknown) => Promise<void> };
    await expect(hook.default({ electronPlatformName: process.platform })).resolves.toBeUndefined();
    const other = process.platform === 'win32' ? 'darwin' : 'win32';
    await expect(hook.default({ electronPlatformName: other })).rejects.toThrow(`refusing to package for ${other} on ${process.platform}`);
  });
});

// ---------------------------------------------------------------- a real build

const sevenZip = requireBinary('7za', { neededBy: 'the packaging smoke test (electron-builder tar.gz without a download)' });
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

describe.skipIf(!sevenZip || process.platform !== 'linux')('packaging smoke: Linux tar.gz from a fake Electron', () => {
  let work: string;
  let out: string;
  let unpacked: string;
  let artifacts: string[];
  let saved7z: string | undefined;

  beforeAll(async () => {
    for (const f of ['dist/renderer/index.html', 'dist/wasm-worker.mjs']) {
      if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` before the packaging test`);
    }
    work = mkdtempSync(path.join(tmpdir(), 'island-pack-'));
    // The app folder electron-builder packs: package.json, a fresh desktop build, the repo's other
    // build outputs, and the real node_modules (a link: copying them would take minutes).
    const app = path.join(work, 'app');
    mkdirSync(app);
    cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true, filter: (src) => !src.includes(`${path.sep}desktop`) && !src.endsWith('agent-utility.mjs') });
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-desktop.mjs')], { cwd: ROOT, env: { ...process.env, ISLAND_DESKTOP_OUT: path.join(app, 'dist') }, stdio: 'pipe' });
    execFileSync('ln', ['-s', path.join(ROOT, 'node_modules'), path.join(app, 'node_modules')]);
    // A stand-in Electron: a script with the fuse wire in it (version 1, 8 fuses, all "1").
    const electronDist = path.join(work, 'electron');
    mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\n# ${FUSE_SENTINEL}`), Buffer.from([1, 8]), Buffer.from('11111111\necho fake electron\n')]), { mode: 0o755 });
    writeFileSync(path.join(electronDist, 'version'), '45.4.1');
    writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');
    out = path.join(work, 'out');
    const { build, Platform, Arch } = require('electron-builder') as typeof ElectronBuilder;
    saved7z = process.env.ELECTRON_BUILDER_7ZIP_PATH;
    // Debian's 7za instead of the one electron-builder would download (platform-notes §7).
    process.env.ELECTRON_BUILDER_7ZIP_PATH = sevenZip!;
    artifacts = await build({
      projectDir: ROOT,
      targets: Platform.LINUX.createTarget(['tar.gz'], Arch.x64),
      publish: 'never',
      config: {
        electronDist,
        electronVersion: '45.4.1',
        compression: 'store',
        directories: { output: out, app },
        // The real file list plus one line: the CUDA and Vulkan builds (600 MB) stay out of the
        // smoke run to keep it near 30 s; which builds each target ships is checked above.
        files: [...config.files.flatMap((f) => f.filter ?? []), '!node_modules/@node-llama-cpp/*-{cuda,cuda-ext,vulkan}/**'],
      },
    });
    unpacked = path.join(out, 'linux-unpacked');
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    if (saved7z === undefined) delete process.env.ELECTRON_BUILDER_7ZIP_PATH;
    else process.env.ELECTRON_BUILDER_7ZIP_PATH = saved7z;
  });

  it('makes the tar.gz with the app inside', () => {
    expect(artifacts.map((a) => path.basename(a))).toEqual(['Island-0.5.0-linux-x64.tar.gz']);
    const listing = execFileSync('tar', ['tzf', artifacts[0]!], { maxBuffer: 64 * 1024 * 1024 }).toString().split('\n');
    expect(listing).toEqual(expect.arrayContaining(['Island-0.5.0-linux-x64/island', 'Island-0.5.0-linux-x64/resources/app.asar', 'Island-0.5.0-linux-x64/resources/app-update.yml']));
  });

  it('packs our bundles into app.asar, started from the desktop main, and nothing of the sources', () => {
    const files = asar.listPackage(path.join(unpacked, 'resources/app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/dist/desktop/main.cjs', '/dist/desktop/preload.cjs', '/dist/agent-utility.mjs', '/dist/renderer/index.html']));
    expect(files.filter((f) => f.endsWith('.map') && !f.includes('/node_modules/'))).toEqual([]);
    expect(files.filter((f) => /^\/(src-|tests|bench|scripts)/.test(f))).toEqual([]);
    expect(files).not.toContain('/dist/cli.mjs');
    expect(files.some((f) => f.startsWith('/node_modules/react-dom/'))).toBe(false);
    const pkg = JSON.parse(asar.extractFile(path.join(unpacked, 'resources/app.asar'), 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('dist/desktop/main.cjs');
  });

  it('unpacks the workers and this platform’s native binaries, and ships no other platform’s', () => {
    const up = path.join(unpacked, 'resources/app.asar.unpacked');
    for (const f of ['dist/wasm-worker.mjs', 'node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node', 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node']) {
      expect(existsSync(path.join(up, f)), f).toBe(true);
    }
    expect(readdirSync(path.join(up, 'node_modules/@node-llama-cpp'))).toEqual(['linux-x64']);
    expect(readdirSync(path.join(up, 'node_modules/onnxruntime-node/bin/napi-v6'))).toEqual(['linux']);
    expect(readdirSync(path.join(up, 'node_modules/onnxruntime-node/bin/napi-v6/linux'))).toEqual(['x64']);
    const inAsar = asar.listPackage(path.join(unpacked, 'resources/app.asar'), { isPack: false }).filter((f) => /darwin|win32|mac-|win-|arm64|armv7l/.test(f) && /\.(node|dylib|dll|so)/.test(f));
    expect(inAsar).toEqual([]);
  });

  it('ships the tray icons, seccomp profiles and the update feed config as resources', () => {
    const res = path.join(unpacked, 'resources');
    expect(readdirSync(path.join(res, 'tray')).sort()).toEqual(['linux', 'mac', 'win']);
    expect(existsSync(path.join(res, 'seccomp', 'default.json'))).toBe(true);
    expect(readFileSync(path.join(res, 'app-update.yml'), 'utf8')).toMatch(/provider: generic\nurl: https:\/\/updates\.archipelag\.io\/island\/latest/);
  });

  it('flips the fuses in the Electron binary', () => {
    const bin = readFileSync(path.join(unpacked, 'island'));
    const at = bin.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol
    expect(bin.subarray(at + 2, at + 10).toString()).toBe('11001100');
    expect(statSync(path.join(unpacked, 'island')).mode & 0o111).not.toBe(0);
  });
});
