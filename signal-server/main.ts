/**
 * `npm start` entry: reads PORT / HOST / STATIC_DIR, starts the server and prints the URLs to
 * open. The only file here that talks to the console or exits the process.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { TEACHER_KEY_MAX_CHARS } from '../shared/protocol/room-controls';
import { DEFAULT_ROOM } from '../shared/protocol/signalling';
import { lanUrls } from './lan-addresses';
import { createSignalServer, type SignalServer } from './server';
import { RedisUnavailable, redactRedisUrl } from './cluster';
import { teacherKeyFrom } from './teacher-key';
import { archiveRooms, startArchivePeers } from './archive-peers';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '0.0.0.0';
/** `dist` is where `vite build` writes; resolved from the repo, not cwd, so `npm start` works from anywhere. */
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

function parsePort(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Wildcard hosts are reachable on every interface, so list them all; otherwise only the one. */
function urlsToOpen(host: string, port: number): string[] {
  if (host === '0.0.0.0' || host === '::') return [`http://localhost:${port}/`, ...lanUrls(port)];
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return [`http://localhost:${port}/`];
  return [`http://${urlHost(host)}:${port}/`];
}

/** The default room's LAN URL as a QR code students can scan from the projected terminal. */
async function printJoinQr(host: string, port: number): Promise<void> {
  const lan = host === '0.0.0.0' || host === '::' ? lanUrls(port) : [];
  if (lan.length === 0) {
    console.log('No LAN address found (or HOST limits the server to one address), so there is no QR code to scan: phones cannot reach this machine. Join the Wi-Fi and restart.');
    return;
  }
  const url = `${lan[0]}?room=${encodeURIComponent(DEFAULT_ROOM)}`;
  try {
    const qr = await QRCode.toString(url, { type: 'terminal', small: true });
    console.log(`Scan to join room "${DEFAULT_ROOM}" (${url}):\n${qr}`);
  } catch (error) {
    console.log(`Could not draw the QR code for ${url}: ${String(error)}`);
  }
}

function printBanner(urls: string[], staticDir: string): void {
  console.log('\nmeshchain is running. Open one of:');
  for (const url of urls) console.log(`  ${url}`);
  console.log('add ?room=NAME to use a separate room (e.g. ?room=team-a or ?room=數學課)');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    console.log(`\nnote: ${staticDir}/index.html is missing, so pages answer 503 until you run \`npm run build\`.`);
  }
  console.log('');
}

/**
 * The teacher's link, printed first so the join URLs and the QR code (what gets projected) come
 * after it and push it up the screen. Localhost when the teacher can use this machine's browser;
 * otherwise the first LAN address.
 */
function printTeacherLink(urls: string[], key: string, fromEnv: boolean): void {
  const origin = urls[0] ?? '';
  const link = `${origin}?room=${encodeURIComponent(DEFAULT_ROOM)}&teacher=${encodeURIComponent(key)}`;
  console.log(`\nTeacher's desk (open on the teacher's computer only): ${link}`);
  console.log(
    `Keep this link private: anyone with it can steer every room. ${fromEnv ? 'It is the TEACHER_KEY you set.' : 'It changes each time the server starts (set TEACHER_KEY to keep one).'}`,
  );
}

function describeListenError(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return `Port ${port} is already in use. Stop the other program, or choose another port with the PORT variable, e.g. PORT=${port + 1} npm start`;
  }
  if (code === 'EACCES') {
    return `Not allowed to listen on port ${port}. Choose a port above 1023 with the PORT variable, e.g. PORT=8080 npm start`;
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `HOST ${host} is not an address of this machine. Unset HOST to listen on all interfaces.`;
  }
  return `Could not start the server on ${host}:${port}: ${String(error)}`;
}

/** First SIGINT/SIGTERM closes gracefully; a second one means "now", e.g. a stuck client. */
function exitOnSignals(server: SignalServer): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal} received, shutting down (send it again to force).`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while shutting down:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  if (port === null) {
    console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}".`);
    process.exit(1);
  }
  const host = process.env.HOST || DEFAULT_HOST;
  const staticDir = path.resolve(REPO_ROOT, process.env.STATIC_DIR || 'dist');
  const archive = archiveRooms(process.argv.slice(2));
  if ('error' in archive) {
    console.error(archive.error);
    process.exit(1);
  }
  const teacherKey = teacherKeyFrom(process.env.TEACHER_KEY);
  if (teacherKey.length > TEACHER_KEY_MAX_CHARS) {
    console.error(`TEACHER_KEY must be at most ${TEACHER_KEY_MAX_CHARS} characters (the server refuses longer keys), got ${teacherKey.length}.`);
    process.exit(1);
  }
  const redisUrl = process.env.REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) {
    console.error(`REDIS_URL must look like redis://host:6379 (or rediss:// for TLS), got "${redactRedisUrl(redisUrl)}". Unset it to run one process on its own.`);
    process.exit(1);
  }
  if (redisUrl !== undefined && !process.env.TEACHER_KEY?.trim()) {
    console.log('note: with REDIS_URL, give every signalling process the same TEACHER_KEY, or a teacher link works only on the process that printed it.');
  }
  const server = createSignalServer({
    teacherKey,
    redisUrl,
    staticDir,
    onHandlerError: (error, event) => console.error(`[signal] "${event}" handler failed:`, error),
    log: (line) => console.log(line),
  });

  let actualPort: number;
  try {
    actualPort = await server.listen(port, host);
  } catch (error) {
    console.error(error instanceof RedisUnavailable ? error.message : describeListenError(error, host, port));
    await server.close();
    process.exit(1);
  }
  const stopArchives = startArchivePeers(`http://localhost:${actualPort}`, archive.rooms, (line) => console.log(line));
  process.once('exit', stopArchives);
  exitOnSignals(server);
  const urls = urlsToOpen(host, actualPort);
  printTeacherLink(urls, teacherKey, Boolean(process.env.TEACHER_KEY?.trim()));
  printBanner(urls, staticDir);
  await printJoinQr(host, actualPort);
}

main().catch((error: unknown) => {
  console.error('meshchain server crashed while starting:', error);
  process.exit(1);
});
