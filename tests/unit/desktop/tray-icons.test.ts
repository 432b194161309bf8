// Every tray state has its icon on every platform, at the sizes each tray uses, and the macOS
// ones are true template images (black + alpha), so macOS can tint them for light and dark.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { trayIconFile } from '../../../src-main/desktop/tray/tray-icons';
import { TRAY_ICONS } from '../../../src-main/desktop/tray/tray-view';

const DIR = path.resolve(import.meta.dirname, '../../../resources/tray');
const read = (file: string) => PNG.sync.read(readFileSync(file));
const at2x = (file: string) => file.replace(/\.png$/, '@2x.png');

describe('resources/tray', () => {
  it.each([
    ['darwin', 16],
    ['win32', 16],
    ['linux', 24],
  ] as const)('has every state for %s at %i px and twice that for high-DPI screens', (platform, size) => {
    for (const icon of TRAY_ICONS) {
      const file = trayIconFile(DIR, platform, icon);
      expect(existsSync(file), file).toBe(true);
      expect(read(file).width).toBe(size);
      expect(read(at2x(file)).width).toBe(size * 2);
    }
  });

  it('draws macOS icons as templates: only black, shape in the alpha channel', () => {
    for (const icon of TRAY_ICONS) {
      const png = read(trayIconFile(DIR, 'darwin', icon));
      let opaque = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([0, 0, 0]);
        if (png.data[i + 3]! > 128) opaque++;
      }
      expect(opaque, icon).toBeGreaterThan(20);
    }
  });

  it('gives each state a different shape', () => {
    const shapes = TRAY_ICONS.map((icon) => {
      const png = read(trayIconFile(DIR, 'linux', icon));
      return Buffer.from(png.data.filter((_, i) => i % 4 === 3)).toString('base64');
    });
    expect(new Set(shapes).size).toBe(TRAY_ICONS.length);
  });

  it('has the 1024 px app icon electron-builder makes the .icns and .ico from', () => {
    const png = read(path.resolve(DIR, '../icon.png'));
    expect([png.width, png.height]).toEqual([1024, 1024]);
  });
});
