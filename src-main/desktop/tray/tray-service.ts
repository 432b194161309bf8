// Applies a TrayView to the real tray: the icon, the tooltip and the menu, each only when it
// changed (rebuilding a menu while it is open closes it on some platforms). Electron's Tray and
// Menu come in through small interfaces so tests pass fakes.
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './tray-menu';
import type { TrayAction, TrayIcon, TrayView } from './tray-view';

export interface TrayLike {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayServiceOptions {
  tray: TrayLike;
  /** Menu.buildFromTemplate */
  buildMenu: (template: MenuItemConstructorOptions[]) => unknown;
  iconFile: (icon: TrayIcon) => string;
  onAction: (action: TrayAction) => void;
  /** A left click opens the dashboard where that is the platform's habit (Windows). */
  clickOpensDashboard: boolean;
}

export class TrayService {
  private icon: TrayIcon | null = null;
  private tooltip: string | null = null;
  private menuKey: string | null = null;
  private destroyed = false;

  constructor(private readonly opts: TrayServiceOptions) {
    if (opts.clickOpensDashboard) opts.tray.on('click', () => opts.onAction('open-dashboard'));
  }

  render(view: TrayView): void {
    if (this.destroyed) return;
    const { tray } = this.opts;
    if (view.icon !== this.icon) {
      tray.setImage(this.opts.iconFile(view.icon));
      this.icon = view.icon;
    }
    if (view.tooltip !== this.tooltip) {
      tray.setToolTip(view.tooltip);
      this.tooltip = view.tooltip;
    }
    const key = JSON.stringify(view.menu);
    if (key !== this.menuKey) {
      tray.setContextMenu(this.opts.buildMenu(menuTemplate(view.menu, this.opts.onAction)));
      this.menuKey = key;
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.opts.tray.destroy();
  }
}
