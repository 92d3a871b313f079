/**
 * Topic pub/sub over a simulated mesh: N routers on a random connected graph, random
 * subscriptions, several publishers. Frames cross the simulated wire as JSON and go through
 * parsePubsubFrame, as they would from a data channel. The report says, per message, who should
 * have delivered it (every subscriber of its topic, publisher included) and who did, how often.
 */
import { seededRandom } from '../../testing/seeded-random';
import { EventLoop as EventQueue } from '../event-loop';
import { parsePubsubFrame } from './frames';
import { TopicRouter, type PubsubAction, type TopicRouterInit } from './router';

export interface PubsubSimOptions {
  nodes: number;
  seed?: number;
  /** Links each node opens to earlier nodes (so the graph is connected). Default 3. */
  linksPerNode?: number;
  topics?: readonly string[];
  /** Chance a node follows each topic. Default 0.3. */
  subscribeChance?: number;
  publishers?: number;
  messagesPerPublisher?: number;
  /** One-way latency range. Default 20–120 ms. */
  latencyMs?: { min: number; max: number };
  router?: TopicRouterInit;
}

export interface PubsubSimReport {
  messages: number;
  /** Subscriber deliveries expected (each message × subscribers of its topic). */
  expectedDeliveries: number;
  /** Expected deliveries that happened exactly once. */
  deliveredOnce: number;
  /** Subscribers that never got a message they should have. */
  missed: number;
  /** Deliveries beyond the first (must be 0). */
  repeated: number;
  /** Deliveries to nodes not subscribed to the topic (must be 0). */
  toNonSubscribers: number;
  /** Messages delivered exactly once to their own publisher's application (all of them, ideally). */
  publisherDeliveredOnce: number;
  framesSent: number;
  duplicatesPerNode: number;
  penalties: number;
}

export function runPubsubSimulation(options: PubsubSimOptions): PubsubSimReport {
  const random = seededRandom(options.seed ?? 7);
  const queue = new EventQueue();
  /** Delay first, as these simulations read best. */
  const after = (delayMs: number, fn: () => void) => queue.schedule(fn, delayMs);
  const { min, max } = options.latencyMs ?? { min: 20, max: 120 };
  const topics = options.topics ?? ['blocks', 'txs', 'notes'];
  const ids = Array.from({ length: options.nodes }, (_, i) => `p${i}`);
  const routers = new Map(ids.map((id) => [id, new TopicRouter(options.router ?? {}, { localId: id, now: queue.now })]));
  const deliveries = new Map<string, number>(); // `${node}|${messageId}` → count
  // Fixed per link, so frames on a link arrive in order (a subscribe never overtakes an unsubscribe).
  const latency = new Map<string, number>();
  let framesSent = 0;
  let penalties = 0;

  const carryOut = (self: string, actions: readonly PubsubAction[]) => {
    for (const action of actions) {
      if (action.kind === 'penalise') penalties++;
      else if (action.kind === 'deliver') {
        const key = `${self}|${action.message.id}`;
        deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      } else {
        framesSent++;
        const wire = JSON.stringify(action.frame);
        after(latency.get(`${self}>${action.to}`)!, () => {
          const parsed = parsePubsubFrame(JSON.parse(wire));
          if (!parsed.ok) throw new Error(`${self} sent a frame the door refuses: ${parsed.detail}`);
          carryOut(action.to, routers.get(action.to)!.onFrame(self, parsed.value));
        });
      }
    }
  };

  // A connected random graph: node i links to up to `linksPerNode` distinct earlier nodes.
  for (let i = 1; i < ids.length; i++) {
    const wanted = Math.min(i, options.linksPerNode ?? 3);
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(Math.floor(random() * i));
    for (const j of chosen) {
      const [a, b] = [ids[i]!, ids[j]!];
      const ms = min + random() * (max - min);
      latency.set(`${a}>${b}`, ms).set(`${b}>${a}`, ms);
      carryOut(a, routers.get(a)!.addPeer(b));
      carryOut(b, routers.get(b)!.addPeer(a));
    }
  }
  const publishers = new Set(ids.slice().sort(() => random() - 0.5).slice(0, options.publishers ?? 5));
  for (const id of ids) {
    const router = routers.get(id)!;
    for (const topic of topics) if (random() < (options.subscribeChance ?? 0.3)) carryOut(id, unwrap(router.subscribe(topic)));
    // A publisher follows at least one topic and publishes there, so "the sender receives it too" is tested.
    if (publishers.has(id) && router.subscriptions().length === 0) carryOut(id, unwrap(router.subscribe(topics[0]!)));
  }
  queue.run(); // subscriptions announced before anyone publishes

  const published: Array<{ id: string; topic: string; origin: string }> = [];
  for (const origin of publishers) {
    const followed = routers.get(origin)!.subscriptions();
    for (let m = 0; m < (options.messagesPerPublisher ?? 3); m++) {
      const topic = followed[Math.floor(random() * followed.length)]!;
      after(random() * 1_000, () => {
        const result = unwrap(routers.get(origin)!.publish(topic, `${origin} says ${m} on ${topic}`));
        published.push({ id: result.id, topic, origin });
        carryOut(origin, result.actions);
      });
    }
  }
  queue.run();
  return tally(routers, published, deliveries, { framesSent, penalties });
}

function tally(
  routers: Map<string, TopicRouter>,
  published: ReadonlyArray<{ id: string; topic: string; origin: string }>,
  deliveries: Map<string, number>,
  totals: { framesSent: number; penalties: number },
): PubsubSimReport {
  let expectedDeliveries = 0;
  let deliveredOnce = 0;
  let missed = 0;
  let repeated = 0;
  let toNonSubscribers = 0;
  let publisherDeliveredOnce = 0;
  let duplicates = 0;
  for (const [id, router] of routers) {
    duplicates += router.duplicates;
    for (const message of published) {
      const count = deliveries.get(`${id}|${message.id}`) ?? 0;
      repeated += Math.max(0, count - 1);
      if (!router.isSubscribed(message.topic)) {
        toNonSubscribers += count;
        continue;
      }
      expectedDeliveries++;
      if (count === 1) deliveredOnce++;
      if (count === 0) missed++;
      if (count === 1 && id === message.origin) publisherDeliveredOnce++;
    }
  }
  return {
    messages: published.length,
    expectedDeliveries,
    deliveredOnce,
    missed,
    repeated,
    toNonSubscribers,
    publisherDeliveredOnce,
    duplicatesPerNode: duplicates / routers.size,
    ...totals,
  };
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string; detail: string }): T {
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.value;
}
