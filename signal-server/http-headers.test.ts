/** Every HTTP response carries the security headers, whoever writes it; /join-info lists LAN origins. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SECURITY_HEADERS } from './http-headers';
import { createSignalServer, type SignalServer } from './server';

let sandbox: string;
let server: SignalServer;
let base: string;

beforeEach(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'meshchain-headers-'));
  await mkdir(path.join(sandbox, 'assets'), { recursive: true });
  await writeFile(path.join(sandbox, 'index.html'), '<!doctype html><title>meshchain</title>');
  await writeFile(path.join(sandbox, 'assets', 'app-1.js'), 'console.log(1)');
  server = createSignalServer({ staticDir: sandbox, lanAddresses: () => ['192.168.1.20', '10.0.0.7', '127.0.0.1'] });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterEach(async () => {
  await server.close();
  await rm(sandbox, { recursive: true, force: true });
});

describe('security headers', () => {
  const routes: [string, string, number][] = [
    ['GET', '/', 200],
    ['GET', '/index.html', 200],
    ['GET', '/assets/app-1.js', 200],
    ['HEAD', '/assets/app-1.js', 200],
    ['GET', '/missing.js', 404],
    ['GET', '/..%2fsecret', 403],
    ['GET', '/healthz', 200],
    ['GET', '/join-info', 200],
    ['POST', '/', 405],
    ['DELETE', '/healthz', 405],
    // Socket.IO's own responses: a polling handshake, and its refusal of an unknown transport.
    ['GET', '/socket.io/?EIO=4&transport=polling', 200],
    ['GET', '/socket.io/?EIO=4&transport=carrier-pigeon', 400],
  ];
  it.each(routes)('%s %s → %i carries them', async (method, route, status) => {
    const res = await fetch(`${base}${route}`, { method });
    expect(res.status).toBe(status);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
  });

  it("Socket.IO's WebSocket upgrade (101) carries them too", async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      ws.once('upgrade', (response) => resolve(response.headers));
      ws.once('error', reject);
    });
    ws.terminate();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], name).toBe(value);
  });

  it('the page policy forbids framing and foreign scripts but allows the WebAssembly miner', () => {
    const csp = SECURITY_HEADERS['content-security-policy']!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("object-src 'none'");
  });
});

describe('/join-info', () => {
  it("lists the LAN origins at the server's port, never loopback, and is not cached", async () => {
    const res = await fetch(`${base}/join-info`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/json');
    const port = new URL(base).port;
    expect(await res.json()).toEqual({ lanOrigins: [`http://192.168.1.20:${port}`, `http://10.0.0.7:${port}`] });
  });
});
