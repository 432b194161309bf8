// The process boundaries are lint rules, and these prove the rules fire (eslint.config.js).
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('process boundaries (ESLint)', () => {
  it('src-shared imports no Node built-in, no Electron, nothing from other layers', async () => {
    expect(await boundaryErrors('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([
      expect.stringContaining('src-shared is pure: no Node built-ins'),
    ]);
    expect(await boundaryErrors('src-shared/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([expect.stringContaining('no Electron')]);
    expect(await boundaryErrors('src-shared/domain/x.ts', "import { Island } from '../../src-main/agent/island';\nexport const x = Island;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-shared/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });

  it('the agent never imports Electron (it runs headless and in a utility process)', async () => {
    expect(await boundaryErrors('src-main/agent/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([
      expect.stringContaining('The agent runs without Electron'),
    ]);
    expect(await boundaryErrors('src-main/agent/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([]);
  });

  it('the renderer reaches neither Node, Electron nor main: only the typed API', async () => {
    expect(await boundaryErrors('src-renderer/x.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-renderer/x.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-renderer/x.tsx', "import { Island } from '../src-main/agent/island';\nexport const x = Island;\n")).toHaveLength(1);
  });
});
