import { expect, test } from '@playwright/test';
import { startRedis, type RedisProcess } from '../signal-server/redis-process';
import { startServerProcess, type ServerProcess } from '../signal-server/server-process';
import { expectFullMesh, mineOneBlock, tipHash, type Tab } from './tabs';

// A school's setup on one machine: two signalling processes (as `REDIS_URL=… npm start` runs them)
// sharing rooms through a real redis-server, and real tabs on either over real WebRTC.
let redis: RedisProcess | undefined;
let servers: ServerProcess[] = [];
test.afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  await redis?.stop();
});

test('tabs on two signalling processes sharing Redis are one room: they link up and a block reaches all', async ({ context }) => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, TEACHER_KEY: 'e2e-teacher-key', STATIC_DIR: 'dist' };
  servers = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
  const open = async (server: ServerProcess, extra = ''): Promise<Tab> => {
    const page = await context.newPage();
    await page.goto(`http://localhost:${server.port}/?room=school&difficulty=6${extra}`);
    await expect(page.getByTestId('signalling-state')).toHaveAttribute('data-state', 'connected');
    return { page, id: (await page.getByTestId('node-id').getAttribute('title'))! };
  };
  const [one, two] = servers as [ServerProcess, ServerProcess];
  const tabs = [await open(one, '&nickname=Amy'), await open(two, '&nickname=Amy'), await open(one)];
  // Every tab meets every other, whichever process introduced it.
  await expectFullMesh(tabs);
  const hash = await mineOneBlock(tabs[1]!);
  for (const tab of tabs) await expect(tipHash(tab)).toHaveAttribute('title', hash);
  // A nickname taken on one process is taken on the other: the second Amy is told so.
  await expect(tabs[1]!.page.getByTestId('self-nickname')).toHaveText('Amy 2');
  await expect(tabs[1]!.page.getByTestId('nickname-notice')).toBeVisible();
});
