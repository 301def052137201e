import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const studioRoot = fileURLToPath(new URL('.', import.meta.url));
// In dev the API runs separately; in production it serves this build from the same origin.
const apiOrigin = 'http://localhost:4000';

export default defineConfig({
  root: studioRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // ws: subscriptions go over the same path; the session cookie travels with both.
      '/graphql': { target: apiOrigin, ws: true },
      '/v1': apiOrigin,
      '/schemas': apiOrigin,
    },
  },
});
