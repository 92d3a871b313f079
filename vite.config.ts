import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the page with hot reload; run `npm run serve` beside it for signalling.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  worker: { format: 'es' },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:8080', ws: true } },
  },
});
