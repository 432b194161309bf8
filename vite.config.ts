import { defineConfig } from 'vitest/config';

// One config for Vite and Vitest. Unit tests are pure and fast; integration tests start real
// servers (nats-server, dockerd, ...) and run one file at a time so they never fight over ports or CPU.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/isolate-home.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/isolate-home.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
