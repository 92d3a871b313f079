import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSignalServer, type SignalServer } from './server';
import { NOT_BUILT_MESSAGE, resolveInside } from './static-files';

const INDEX = '<!doctype html><title>meshchain</title>';
const SECRET = 'outside the web root';

let sandbox: string;
let root: string;
let server: SignalServer;
let base: string;

/** fetch() normalises `/../`; a raw request sends the path exactly as a hostile client would. */
function rawGet(pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { path: pathname }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function serve(staticDir: string | null): Promise<void> {
  server = createSignalServer({ staticDir });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
}

beforeEach(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'meshchain-static-'));
  root = path.join(sandbox, 'dist');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), INDEX);
  await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(root, 'style.css'), 'body{}');
  await writeFile(path.join(root, 'mod.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(path.join(sandbox, 'secret.json'), SECRET);
});

afterEach(async () => {
  await server.close();
  await rm(sandbox, { recursive: true, force: true });
});

describe('serving the built app', () => {
  it('serves index.html at / and files with their content types', async () => {
    await serve(root);
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe(INDEX);

    const cases: [string, string][] = [
      ['/assets/app-1234.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/mod.wasm', 'application/wasm'],
      ['/index.html?v=2', 'text/html; charset=utf-8'],
    ];
    for (const [pathname, type] of cases) {
      const response = await fetch(`${base}${pathname}`);
      expect(response.status, pathname).toBe(200);
      expect(response.headers.get('content-type'), pathname).toBe(type);
      await response.arrayBuffer();
    }
  });

  it('lets fingerprinted assets be cached and makes the HTML revalidate', async () => {
    await serve(root);
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    await asset.arrayBuffer();
    const index = await fetch(`${base}/`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    await index.arrayBuffer();
  });

  it('falls back to index.html for extensionless paths, 404 for missing files', async () => {
    await serve(root);
    for (const pathname of ['/room/team-a', '/assets', '/deep/link/?room=x']) {
      const response = await fetch(`${base}${pathname}`);
      expect(response.status, pathname).toBe(200);
      expect(await response.text(), pathname).toBe(INDEX);
    }
    const missing = await fetch(`${base}/assets/gone.js`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it('answers HEAD with headers only and other methods with 405', async () => {
    await serve(root);
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(INDEX.length));
    const post = await fetch(`${base}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    await post.arrayBuffer();
  });

  it('never serves a file outside the root', async () => {
    await serve(root);
    for (const pathname of ['/../secret.json', '/..%2fsecret.json', '/%2e%2e/secret.json', '/assets/../../secret.json']) {
      const response = await rawGet(pathname);
      expect(response.status, pathname).toBe(403);
      expect(response.body, pathname).not.toContain(SECRET);
    }
    expect((await rawGet('/%E0%A4%A')).status).toBe(403); // broken escape
    expect((await rawGet('/index.html%00.js')).status).toBe(403);
  });

  it('answers 503 with a build hint while dist/index.html is missing', async () => {
    await rm(path.join(root, 'index.html'));
    await serve(root);
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe(NOT_BUILT_MESSAGE);
    // A build that lands while the server runs is picked up without a restart.
    await writeFile(path.join(root, 'index.html'), INDEX);
    expect(await (await fetch(`${base}/`)).text()).toBe(INDEX);
  });

  it('serves nothing but /healthz when staticDir is null', async () => {
    await serve(null);
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(404);
    await response.arrayBuffer();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root', () => {
    expect(resolveInside('/srv/dist', '/a/b.js?x=1')).toBe(path.resolve('/srv/dist/a/b.js'));
    expect(resolveInside('/srv/dist', '/a/../b.js')).toBe(path.resolve('/srv/dist/b.js'));
    expect(resolveInside('/srv/dist', '/../dist-evil/x')).toBeNull();
    expect(resolveInside('/srv/dist', '/%2e%2e%2fdist2')).toBeNull();
  });
});
