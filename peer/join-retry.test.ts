/**
 * A signalling server too busy to answer a join in time (a class's worth of tabs joining at once):
 * the headless peer asks again on a fresh connection instead of giving up. The server here is a
 * real Socket.IO server that sits on the first join and answers the second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_SETTINGS } from '../shared/protocol/room-controls';
import { createLogger } from './logger';
import { PeerStop, startPeer, type RunningPeer } from './peer';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sleepyServer(unanswered: number) {
  const http = createServer();
  const io = new Server(http);
  const joins: string[] = [];
  io.on('connection', (socket) => {
    socket.on('join', (request: { room: string; nickname?: string }, ack: (reply: unknown) => void) => {
      joins.push(socket.id);
      if (joins.length <= unanswered) return; // too busy: no answer
      ack({
        ok: true, id: socket.id, room: request.room, peers: [], names: {}, members: [],
        nickname: request.nickname ?? 'archive', nicknameChanged: false, topology: 'mesh', by: 'archive',
        serverTime: Date.now(), settings: DEFAULT_ROOM_SETTINGS,
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => void io.close(() => resolve())));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, joins };
}

function start(url: string): Promise<RunningPeer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'meshchain-join-retry-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const lines: string[] = [];
  const log = createLogger('peer', { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return startPeer(
    { url, room: 'busy', nickname: 'archive', dataDir, chain: { difficulty: 4, spacing: 10, window: 10 }, mineBlocks: 0, joinTimeoutMs: 300 },
    log,
  ).then((peer) => {
    cleanups.push(() => peer.shutdown());
    return Object.assign(peer, { lines });
  });
}

describe('a headless peer whose join goes unanswered', () => {
  it('asks again on a new connection, and joins when the server answers', async () => {
    const server = await sleepyServer(2);
    const peer = (await start(server.url)) as RunningPeer & { lines: string[] };
    expect(server.joins).toHaveLength(3);
    expect(new Set(server.joins).size).toBe(3); // each attempt on its own connection
    expect(peer.lines.filter((line) => line.includes('has not answered our join'))).toHaveLength(2);
  });

  it('gives up with exit code 1 after three unanswered joins, naming the server', async () => {
    const server = await sleepyServer(3);
    const failure = await start(server.url).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(PeerStop);
    expect((failure as PeerStop).exitCode).toBe(1);
    expect((failure as PeerStop).message).toContain(`the signalling server at ${server.url} did not answer the join`);
    expect(server.joins).toHaveLength(3);
  });
});
