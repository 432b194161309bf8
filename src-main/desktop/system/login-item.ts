// Launch at login: off until the owner turns it on (tray checkbox or settings), never switched on
// by the app by itself (Ollama#162 is what happens otherwise). The OS keeps the choice, so there is
// nothing of ours to get out of sync: macOS and Windows through app.setLoginItemSettings, Linux
// (where Electron has no login items) through an XDG autostart entry.
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';

/** Reads and writes the OS's launch-at-login setting for this app. */
export interface LoginItemPort {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

/** Started at login, the app passes this and stays in the tray instead of opening the dashboard. */
export const HIDDEN_ARG = '--hidden';

export class LoginItemService {
  private enabled = false;

  constructor(
    private readonly port: LoginItemPort,
    private readonly log: Logger,
  ) {}

  /** Reads the current setting; changes nothing. */
  async load(): Promise<boolean> {
    try {
      this.enabled = await this.port.isEnabled();
    } catch (err) {
      this.log.warn('could not read the launch-at-login setting', { error: errorMessage(err) });
      this.enabled = false;
    }
    return this.enabled;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** The owner's choice. Returns the setting as it now stands. */
  async set(enabled: boolean): Promise<boolean> {
    try {
      await this.port.setEnabled(enabled);
      this.enabled = enabled;
      this.log.info(enabled ? 'Island will start at login' : 'Island will no longer start at login');
    } catch (err) {
      this.log.error('could not change the launch-at-login setting', { error: errorMessage(err) });
    }
    return this.enabled;
  }

  toggle(): Promise<boolean> {
    return this.set(!this.enabled);
  }
}

/** The subset of Electron's `app` used on macOS and Windows. */
export interface ElectronLoginItems {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export function electronLoginItems(app: ElectronLoginItems): LoginItemPort {
  // Windows matches the entry by path and args, so read it back with the same args.
  const args = [HIDDEN_ARG];
  return {
    isEnabled: async () => app.getLoginItemSettings({ args }).openAtLogin,
    setEnabled: async (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args }),
  };
}
