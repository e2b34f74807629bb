import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The designer is a static single-page app: `vite build` writes dist/, which the API serves at `/` with an
 * SPA fallback. The engine's isomorphic entry (expression parser, function registry) is bundled from its
 * sources, so the browser checks expressions with the same code the server runs. In development (`vite`),
 * API calls are proxied to a local API (SLUICE_API, default http://127.0.0.1:8080).
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  resolve: {
    alias: { '@sluice/engine': fileURLToPath(new URL('../engine/src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: { '/api': { target: process.env.SLUICE_API ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
});
