/**
 * Headers every HTTP response of the server carries, whoever writes it (our routes, the static
 * files, Socket.IO's polling and error responses): the page may not be framed, nothing is
 * sniffed into another type, no referrer leaves, and the page runs under a Content-Security-Policy
 * that allows exactly what the app uses.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';

/**
 * - scripts, workers and the WebAssembly miner come from this origin ('wasm-unsafe-eval' lets
 *   WebAssembly.instantiate compile; it does not allow eval of JavaScript);
 * - styles: the bundle's CSS file plus 'unsafe-inline' for the style="" attributes React and the
 *   graph set (styles cannot run code);
 * - images: this origin and data: (the favicon and the join card's QR code are data: URLs);
 * - connect: this origin (fetch of /join-info and the .wasm, Socket.IO polling) and its WebSocket
 *   (ws:/wss: written out for browsers where 'self' does not cover them);
 * - nothing may frame the page, no plugins, no <base> tricks, forms only to this origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/**
 * Puts the headers on every response of `httpServer`, including the ones Socket.IO writes with
 * writeHead (which merges with headers set before it). Call after Socket.IO has attached, so our
 * listener runs first and its listener after.
 */
export function secureAllResponses(httpServer: HttpServer): void {
  const listeners = httpServer.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    for (const listener of listeners) listener.call(httpServer, req, res);
  });
}
