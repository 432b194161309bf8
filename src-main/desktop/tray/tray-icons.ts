// Which file shows each tray state on each platform (resources/tray, made by
// scripts/make-icons.mjs). Electron picks the `@2x` sibling on high-DPI screens by itself, and
// treats a macOS file named `…Template.png` as a template image (black + alpha, tinted by the
// menu bar for light and dark mode).
import path from 'node:path';
import type { TrayIcon } from './tray-view';

export type DesktopPlatform = 'darwin' | 'win32' | 'linux';

export function trayIconFile(dir: string, platform: DesktopPlatform, icon: TrayIcon): string {
  switch (platform) {
    case 'darwin':
      return path.join(dir, 'mac', `${icon}Template.png`);
    case 'win32':
      return path.join(dir, 'win', `${icon}.png`);
    case 'linux':
      return path.join(dir, 'linux', `${icon}.png`);
  }
}

export function desktopPlatform(p: NodeJS.Platform): DesktopPlatform {
  return p === 'darwin' || p === 'win32' ? p : 'linux';
}
