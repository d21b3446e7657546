import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard: `web/` built into `dist/web`, which `stargate serve` serves. Vitest has its own
 * config (vitest.config.ts), so this root does not hide the tests.
 */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Pages are split with import(); the entry keeps React, the shell and the overview's deps.
    chunkSizeWarningLimit: 300,
    reportCompressedSize: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' } },
});
