// Launch at login on Linux: an XDG autostart entry (~/.config/autostart/<id>.desktop), which GNOME,
// KDE, Xfce and others run at login. For an AppImage the entry must name the AppImage file itself
// ($APPIMAGE), not the temporary mount the app runs from.
import path from 'node:path';
import type { LoginItemPort } from './login-item';
import { HIDDEN_ARG } from './login-item';

export interface AutostartFiles {
  exists(file: string): Promise<boolean>;
  write(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
}

export interface LinuxAutostartOptions {
  /** $XDG_CONFIG_HOME, else ~/.config */
  configHome: string;
  /** The file name without extension, e.g. `io.archipelag.island`. */
  id: string;
  name: string;
  /** What to run: $APPIMAGE when set, else process.execPath. */
  executable: string;
  files: AutostartFiles;
}

/** Quotes an Exec= argument per the Desktop Entry spec. */
function execQuote(arg: string): string {
  if (!/[\s"'\\$`]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(name: string, executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name}`,
    `Exec=${execQuote(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function linuxAutostart(opts: LinuxAutostartOptions): LoginItemPort {
  const file = path.join(opts.configHome, 'autostart', `${opts.id}.desktop`);
  return {
    isEnabled: () => opts.files.exists(file),
    setEnabled: async (enabled) => {
      if (enabled) await opts.files.write(file, autostartEntry(opts.name, opts.executable));
      else await opts.files.remove(file);
    },
  };
}
