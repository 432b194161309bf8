// electron-updater's view of "the app" without Electron: version, where app-update.yml is, where
// to cache downloads. Used to drive the real updater classes in plain Node (tests, and any future
// Electron-less packaging); inside Electron, electron-updater uses its own ElectronAppAdapter.
import type { AppAdapter } from 'electron-updater/out/AppAdapter';

export interface NodeAppAdapterOptions {
  name: string;
  version: string;
  /** app-update.yml (electron-builder writes it into resources/). */
  appUpdateConfigPath: string;
  userDataPath: string;
  /** Downloads go to `<baseCachePath>/<updaterCacheDirName>/pending`. */
  baseCachePath: string;
  onQuit?: (handler: (exitCode: number) => void) => void;
  quit?: () => void;
  relaunch?: () => void;
}

export function nodeAppAdapter(opts: NodeAppAdapterOptions): AppAdapter {
  return {
    name: opts.name,
    version: opts.version,
    isPackaged: true,
    appUpdateConfigPath: opts.appUpdateConfigPath,
    userDataPath: opts.userDataPath,
    baseCachePath: opts.baseCachePath,
    whenReady: () => Promise.resolve(),
    quit: opts.quit ?? (() => undefined),
    relaunch: opts.relaunch ?? (() => undefined),
    onQuit: opts.onQuit ?? (() => undefined),
  };
}
