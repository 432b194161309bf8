// Process boundaries are enforced here, not by convention:
// src-shared is pure (no Node, no Electron, no DOM), the renderer never reaches Node or Electron,
// and the agent runs without Electron (it is the whole process in headless mode).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// Bare built-in names are exact `paths` (a pattern "events" would also match a local ./events.ts).
const nodeBuiltinNames = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'events', 'url', 'util', 'worker_threads'];
const nodeBuiltins = ['node:*', 'fs/*'];
const builtinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: builtinPaths('src-shared is pure: no Node built-ins.'),
        patterns: [
          { group: nodeBuiltins, message: 'src-shared is pure: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'src-shared is pure: no Electron.' },
          { group: ['**/src-main/**', '**/src-renderer/**', 'react', 'react-dom'], message: 'src-shared imports nothing from other layers.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/agent/**/*.ts', 'src-main/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The agent runs without Electron (utility process or headless).' },
          { group: ['**/src-renderer/**', 'react', 'react-dom'], message: 'The agent never imports UI code.' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', {
        paths: builtinPaths('The renderer never touches Node: use the typed API.'),
        patterns: [
          { group: nodeBuiltins, message: 'The renderer never touches Node: use the typed API.' },
          { group: ['electron', 'electron/*'], message: 'The renderer never imports Electron: use the typed API.' },
          { group: ['**/src-main/**'], message: 'The renderer talks to main only through the typed API.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/desktop/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/src-renderer/**', 'react', 'react-dom'], message: 'Electron main never imports UI code.' }],
      }],
    },
  },
  {
    // There is no Electron binary on the development and CI machines: tests inject fakes.
    files: ['tests/unit/**/*.ts', 'tests/integration/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', allowTypeImports: true, message: 'No Electron binary here: import types only, inject fakes (tests/unit/desktop/fakes).' }],
      }],
    },
  },
);
