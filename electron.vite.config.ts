import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { BUNDLED_PACKAGES } from './scripts/bundledPackages';

// Native and server-only packages stay external: they load from node_modules at run time.
const external = ['better-sqlite3', 'ws', 'electron'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: BUNDLED_PACKAGES },
      rollupOptions: {
        external,
        input: {
          index: resolve(__dirname, 'electron/main.ts'),
          serve: resolve(__dirname, 'electron/serve.ts'),
          // Day-report PDFs render on a worker thread (electron/services/exports/pdfInWorker.ts).
          pdfWorker: resolve(__dirname, 'electron/services/exports/pdfWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(__dirname, 'electron/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react()],
  },
});
