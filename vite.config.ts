import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the page with hot reload; run `npm run serve` beside it for signalling.
export default defineConfig({
  plugins: [react()],
  // One page, one bundle: React, the node and noble's curves come to about 550 kB.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  worker: { format: 'es' },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:8080', ws: true } },
  },
});
