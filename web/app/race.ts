/**
 * Races in a tab (shared/stage/race.ts): in a free-difficulty room every tab follows the `race`
 * topic, and on a race request mines exactly one block on its own tip. `raceOf(node).start()` is
 * the stage's Race button: it asks the room and races itself.
 */
import type { Node } from '../../shared/node/node';
import { parseRace, raceRequest, RACE_TOPIC, shouldRace } from '../../shared/stage/race';
import type { MiningController } from '../mining/mining-controller';
import { topicsOf } from './topics';

export interface Racer {
  /** Asks the room to race and joins in; false when this tab may not race now (see shouldRace). */
  start(): boolean;
}

const racers = new WeakMap<Node, Racer>();

/** The racer of a started session's node; null in rooms with a difficulty rule (no races there). */
export const raceOf = (node: Node): Racer | null => racers.get(node) ?? null;

export function followRaces(node: Node, mining: MiningController, isMining: () => boolean, freeDifficulty: boolean, now: () => number): void {
  const pubsub = topicsOf(node);
  if (!pubsub || !freeDifficulty) return;
  pubsub.subscribe(RACE_TOPIC);
  let lastRaceAt: number | null = null;
  const join = (): boolean => {
    if (!shouldRace({ freeDifficulty, mining: isMining(), lastRaceAt, now: now() })) return false;
    lastRaceAt = now();
    mining.start('one-block'); // on this tab's tip, now: the others are doing the same
    return true;
  };
  pubsub.events.on('delivered', (message) => {
    if (message.topic !== RACE_TOPIC || message.from === null) return; // ours is started by start()
    if (parseRace(message.data) !== null) join();
  });
  racers.set(node, {
    start() {
      if (!shouldRace({ freeDifficulty, mining: isMining(), lastRaceAt, now: now() })) return false;
      // The request first, so the others start as close to our start as the links allow.
      const asked = pubsub.publish(RACE_TOPIC, raceRequest(node.tip.hash));
      return asked.ok && join();
    },
  });
}
