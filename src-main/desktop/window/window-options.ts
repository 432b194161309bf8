// The dashboard window's options. The renderer is sandboxed, isolated from the preload's world,
// has no Node, keeps web security on, and may not open windows or run insecure content. These are
// Electron's defaults today except where noted; they are spelled out so a default that changes
// (or a copied template's `sandbox: false`) cannot weaken them unnoticed.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface DashboardWindowInput {
  preloadPath: string;
  /** The app icon on Linux and Windows (macOS uses the bundle's). */
  iconPath?: string;
}

export function dashboardWindowOptions(input: DashboardWindowInput): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    title: 'Island',
    // Shown once the page has painted, so the owner never sees a white flash.
    show: false,
    autoHideMenuBar: true,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // The dashboard shows live state; let it keep updating while hidden in the tray.
      backgroundThrottling: false,
    },
  };
}
