/**
 * `npm run serve:cluster`: what a school's setup looks like, on one machine — two signalling
 * processes (PORT and PORT+1, default 8080 and 8081) sharing rooms through Redis. Uses REDIS_URL
 * if set, otherwise starts a local `redis-server` on a free port (nothing saved to disk). A tab on
 * either port is in the same rooms as a tab on the other. Ctrl-C stops all of it.
 * Build the app first (`npm run build`); `npm run serve:cluster` does.
 */
import { randomBytes } from 'node:crypto';
import { startRedis, type RedisProcess } from '../signal-server/redis-process';
import { startServerProcess, type ServerProcess } from '../signal-server/server-process';

const basePort = Number(process.env.PORT ?? 8080);
const prefixed = (label: string) => (text: string) =>
  process.stdout.write(text.replace(/^(?=.)/gm, `[${label}] `));

async function main(): Promise<void> {
  let redis: RedisProcess | null = null;
  let redisUrl = process.env.REDIS_URL?.trim();
  if (!redisUrl) {
    redis = await startRedis();
    redisUrl = redis.url;
    console.log(`Started redis-server at ${redisUrl} (set REDIS_URL to use your own).`);
  }
  // One teacher key for both processes, so the teacher's link works whichever one it reaches.
  const teacherKey = process.env.TEACHER_KEY?.trim() || randomBytes(24).toString('base64url');
  const env = { REDIS_URL: redisUrl, TEACHER_KEY: teacherKey, HOST: process.env.HOST ?? '0.0.0.0' };
  const servers: ServerProcess[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
  };
  try {
    for (const [i, port] of [basePort, basePort + 1].entries()) {
      servers.push(await startServerProcess({ env, port, onOutput: prefixed(`signal ${i + 1}:${port}`) }));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  console.log(`\nTwo signalling processes share every room through Redis: http://localhost:${basePort}/ and http://localhost:${basePort + 1}/`);
  console.log('Behind a load balancer, send /socket.io/ traffic to either; tabs use WebSocket only, so no sticky sessions are needed.');
  const stop = () => void stopAll().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`serve:cluster could not start: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
