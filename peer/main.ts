/**
 * `npm run peer -- --url http://host:port --room NAME [--mine | --mine-blocks N] [--data DIR]`:
 * a headless meshchain peer that keeps a room's chain on disk and in the room when every tab has
 * gone. Exit codes: 0 stopped by Ctrl-C/SIGTERM, 1 server unreachable or join refused, 2 bad
 * flags or a refused data folder, 3 the room runs a topology this build does not know (a newer server).
 */
import { parsePeerArgs, USAGE } from './args';
import { createLogger } from './logger';
import { PeerStop, startPeer, type RunningPeer } from './peer';

async function main(): Promise<number> {
  const log = createLogger('peer');
  const args = parsePeerArgs(process.argv.slice(2), process.cwd());
  if (!args.ok) {
    log.error(`${args.detail}\n\n${USAGE}`);
    return 2;
  }
  if (args.value.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { options } = args.value;
  log.info(`room "${options.room}" at ${options.url}, data in ${options.dataDir}, difficulty ${options.chain.difficulty}, interval ${options.chain.spacing} s`);
  let peer: RunningPeer;
  try {
    peer = await startPeer(options, log);
  } catch (error) {
    if (!(error instanceof PeerStop)) throw error;
    log.error(error.message);
    return error.exitCode;
  }
  const signal = new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(0));
    process.once('SIGTERM', () => resolve(0));
  });
  const code = await Promise.race([
    signal,
    peer.stopped.then((stop) => {
      log.error(stop.message);
      return stop.exitCode;
    }),
  ]);
  log.info(`leaving the room; chain kept at tip height ${peer.node.tip.height}`);
  await peer.shutdown();
  return code;
}

// wrtc's native threads keep the process alive after everything is closed: exit explicitly.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`headless peer crashed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
