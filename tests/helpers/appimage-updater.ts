// electron-updater's real AppImageUpdater in plain Node, against a local feed: the per-test
// sandbox ($APPIMAGE naming an "installed" AppImage, app-update.yml pointing at the feed) and the
// updater wired with the Node app adapter and HTTP executor instead of Electron's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { nodeAppAdapter } from '../../src-main/desktop/update/node-app-adapter';
import { NodeHttpExecutor } from '../../src-main/desktop/update/node-http-executor';
import { startUpdateFeed, type UpdateFeed } from './update-feed';

export interface AppImageSandbox {
  readonly feed: UpdateFeed;
  /** This test's folder: the old AppImage, app-update.yml and the updater's cache. */
  readonly dir: string;
}

/** Registers the hooks: one feed for the file, a fresh folder and $APPIMAGE for each test. */
export function useAppImageSandbox(name: string): AppImageSandbox {
  let feed: UpdateFeed | undefined;
  let dir: string | undefined;
  const savedAppImage = process.env.APPIMAGE;
  beforeAll(async () => {
    feed = await startUpdateFeed();
  });
  afterAll(async () => {
    await feed?.close();
    if (savedAppImage === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = savedAppImage;
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
    // AppImageUpdater replaces the running AppImage: $APPIMAGE must name one.
    process.env.APPIMAGE = path.join(dir, 'Island-0.5.0.AppImage');
    writeFileSync(process.env.APPIMAGE, 'old version');
    writeFileSync(path.join(dir, 'app-update.yml'), `provider: generic\nurl: ${feed!.url}\nupdaterCacheDirName: ${name}-test\n`);
    feed!.requests.length = 0;
  });
  afterEach(() => rmSync(dir!, { recursive: true, force: true }));
  return {
    get feed() {
      return feed!;
    },
    get dir() {
      return dir!;
    },
  };
}

/** Version 0.5.0 of "Island", checking `sandbox.feed` by hand (no auto download or install). */
export function localAppImageUpdater(sandbox: AppImageSandbox, userDataPath: string): AppImageUpdater {
  const { dir, feed } = sandbox;
  const updater = new AppImageUpdater(
    null,
    nodeAppAdapter({ name: 'Island', version: '0.5.0', appUpdateConfigPath: path.join(dir, 'app-update.yml'), userDataPath, baseCachePath: path.join(dir, 'cache') }),
  );
  (updater as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  updater.setFeedURL({ provider: 'generic', url: feed.url });
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.disableDifferentialDownload = true;
  updater.logger = null;
  return updater;
}
