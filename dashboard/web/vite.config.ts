// Builds the dashboard's page into dist/dashboard-web, which the controller
// and `songbird dashboard` serve under /dashboard/ (relative asset paths, so
// the page works under any prefix an auth proxy adds).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: here('../../dist/dashboard-web'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});
