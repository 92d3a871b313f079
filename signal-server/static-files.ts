/**
 * Serves the built web app (Vite's `dist/`) so one `npm start` gives players a single URL to open
 * on every machine of the LAN. Only GET and HEAD reach this handler; the server routes the rest.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export const NOT_BUILT_MESSAGE = 'web app not built: run `npm run build` (npm start does this)\n';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  // Browsers refuse WebAssembly.instantiateStreaming unless the type is exactly this.
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request URL onto a file path inside `root`, or returns null when the decoded path would
 * escape it (`/../x`, `/..%2fx`) or is otherwise unusable (bad escapes, NUL bytes).
 */
export function resolveInside(root: string, requestUrl: string): string | null {
  const rawPath = requestUrl.split(/[?#]/, 1)[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const resolved = path.resolve(root, `./${decoded}`);
  const relative = path.relative(root, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}

/** The size of a regular file, or null for anything else (missing, directory, unreadable). */
async function fileSize(filePath: string): Promise<number | null> {
  try {
    const info = await stat(filePath);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendFile(req: IncomingMessage, res: ServerResponse, filePath: string, size: number): void {
  const isHtml = filePath.endsWith('.html');
  // Vite fingerprints everything under assets/, so those may be cached for good; the HTML that
  // names them must be revalidated or a rebuilt app would load stale bundles.
  const immutable = !isHtml && filePath.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'content-type': contentTypeFor(filePath),
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(filePath);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** `root` defaults to `dist` under the current directory; main.ts passes an absolute path. */
export function createStaticHandler(root = 'dist'): StaticHandler {
  const absoluteRoot = path.resolve(root);
  const indexPath = path.join(absoluteRoot, 'index.html');

  return async (req, res) => {
    try {
      // Checked per request, so building while the server runs needs no restart.
      const indexSize = await fileSize(indexPath);
      if (indexSize === null) return sendText(res, 503, NOT_BUILT_MESSAGE);

      const filePath = resolveInside(absoluteRoot, req.url ?? '/');
      if (filePath === null) return sendText(res, 403, 'forbidden\n');

      const size = await fileSize(filePath);
      if (size !== null) return sendFile(req, res, filePath, size);

      // Client-side routes (`/`, `/room/x`) have no extension and get the app; a missing asset
      // (`/app.js`) must stay a 404 so a broken build is visible instead of HTML parsed as JS.
      if (path.extname(filePath) === '') return sendFile(req, res, indexPath, indexSize);
      return sendText(res, 404, 'not found\n');
    } catch {
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    }
  };
}
