// Tests never touch the owner's real ~/.island: every test process (and the processes it spawns,
// which inherit the environment) gets its own throwaway ISLAND_HOME unless a test sets one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.ISLAND_HOME = mkdtempSync(path.join(tmpdir(), 'island-test-home-'));
