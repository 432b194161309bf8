import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard's build: src-renderer → dist/renderer, with relative asset paths so the same
// files load from the headless server (http://127.0.0.1:<port>/) and from Electron (file://).
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  logLevel: 'warn',
});
