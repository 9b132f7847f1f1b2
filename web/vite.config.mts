/**
 * Builds web/ into web/dist, served by the API at /app/ (api/web-app.ts). `npm run web:dev`
 * serves it with hot reload and passes every other path to the API started by `npm start`.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.VIGIL_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    host: '127.0.0.1',
    // Same origin for the browser, so the session cookie works as in production.
    proxy: { '^/(?!app(/|$))': { target: api, changeOrigin: false } },
  },
});
