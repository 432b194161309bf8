// How each platform reinstalls a kept artifact during a rollback (see rollback-guard.ts). Process
// and file operations are injected; each function ends by asking the app to exit so the
// reinstalled version can start.
import path from 'node:path';

export interface ReinstallDeps {
  /** Starts a program detached from this process. */
  spawnDetached(file: string, args: string[]): void;
  /** Copies `from` over `to` atomically (copy beside it, then rename) and makes it executable. */
  replaceFile(from: string, to: string): Promise<void>;
  exit(): void;
}

export type ReinstallPlatform = { type: 'appimage'; appImage: string } | { type: 'nsis' } | { type: 'none'; why: string };

export function reinstaller(platform: ReinstallPlatform, deps: ReinstallDeps): (artifact: string) => Promise<void> {
  return async (artifact) => {
    switch (platform.type) {
      case 'appimage':
        if (!artifact.endsWith('.AppImage')) throw new Error(`not an AppImage: ${path.basename(artifact)}`);
        await deps.replaceFile(artifact, platform.appImage);
        deps.spawnDetached(platform.appImage, []);
        deps.exit();
        return;
      case 'nsis':
        if (!artifact.toLowerCase().endsWith('.exe')) throw new Error(`not an installer: ${path.basename(artifact)}`);
        // electron-builder's NSIS: /S silent, --force-run starts the app when done.
        deps.spawnDetached(artifact, ['/S', '--force-run']);
        deps.exit();
        return;
      case 'none':
        throw new Error(`${platform.why}; the kept installer is ${artifact}`);
    }
  };
}
