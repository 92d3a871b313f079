/** Builds the bench page with Vite (production build, as users get it) and serves it on a free port. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'vite';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript', // module workers refuse any other type
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

export async function buildBenchPage(repoRoot: string): Promise<string> {
  const outDir = path.join(repoRoot, 'bench', 'dist');
  await build({
    root: path.join(repoRoot, 'bench', 'page'),
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: { outDir, emptyOutDir: true },
    worker: { format: 'es' },
  });
  return outDir;
}

export async function serveDirectory(dir: string): Promise<BenchServer> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://bench').pathname);
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
