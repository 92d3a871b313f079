/**
 * The iterative node lookup of Kademlia (Maymounkov & Mazières 2002, §2.3) as a pure state
 * machine: it says whom to ask next, the caller sends the FIND_NODE / FIND_VALUE and reports what
 * came back (or that nothing did). No timers, no network, so a test can drive it by hand and a
 * view can replay `path` hop by hop.
 *
 * §2.3: pick the α closest known nodes and ask them in parallel; ask nodes learned from earlier
 * answers without waiting for the whole round; if a round brings nothing closer, ask all of the k
 * closest not yet asked; stop when the k closest known have all answered. Nodes that fail are
 * dropped from consideration. FIND_VALUE stops at the first node that returns the value.
 */
import { compareDistance, isNodeId, type NodeId } from './id';
import { ok, reject, type Rejected, type Result } from '../../result';

export type LookupMode = 'node' | 'value';

export interface LookupInit {
  self: NodeId;
  target: NodeId;
  mode?: LookupMode;
  /** How many closest nodes the lookup converges on, and the most contacts one answer may hold. Default 20. */
  k?: number;
  /** Queries in flight at once while the lookup makes progress (§2.3's α). Default 3. */
  alpha?: number;
  /** A lookup that has sent this many queries stops asking (a bound against endless fake ids). Default 8k. */
  maxQueries?: number;
}

export type LookupRejectReason =
  | 'not-awaited'
  | 'too-many-contacts'
  | 'malformed-id'
  | 'contains-responder'
  | 'contains-requester'
  | 'duplicate-contact';

/** Reasons that mean the responder broke the protocol (the caller should penalise it). */
export const isOffence = (reason: LookupRejectReason): boolean => reason !== 'not-awaited';

export interface Query {
  to: NodeId;
  /** Sequential hop number: 1 for nodes we knew, n + 1 for nodes learned from a round-n answer. */
  round: number;
}

export type Hop =
  /** `contacts` as answered; `learned` those new to this lookup, nearest first; `closer`: one beat the best so far. */
  | { kind: 'nodes'; round: number; from: NodeId; contacts: NodeId[]; learned: NodeId[]; closer: boolean }
  | { kind: 'value'; round: number; from: NodeId }
  | { kind: 'failed'; round: number; from: NodeId; reason: LookupRejectReason | 'no-answer' };

export interface LookupResult {
  target: NodeId;
  mode: LookupMode;
  /** Up to k nodes that answered, nearest to the target first. */
  closest: NodeId[];
  value?: string;
  valueFrom?: NodeId;
  /** The nearest node that answered without the value: where §2.3 caches a found value. */
  cacheAt?: NodeId;
  /** Sequential hops to the result: the round in which the nearest node was learned, or the value returned. */
  hops: number;
  /** The highest round any query was sent in. */
  rounds: number;
  queries: number;
  failures: number;
  path: Hop[];
  finish: 'converged' | 'found-value' | 'exhausted' | 'gave-up';
}

type State = 'new' | 'in-flight' | 'answered' | 'failed';
interface Candidate {
  id: NodeId;
  /** The round whose answer introduced it (0: known before the lookup). Asking it is round depth + 1. */
  depth: number;
  state: State;
}

export class Lookup {
  readonly target: NodeId;
  readonly mode: LookupMode;
  private readonly self: NodeId;
  private readonly k: number;
  private readonly alpha: number;
  private readonly maxQueries: number;
  /** Every node this lookup has heard of, nearest first. */
  private readonly shortlist: Candidate[] = [];
  private readonly byId = new Map<NodeId, Candidate>();
  private readonly path: Hop[] = [];
  private inFlight = 0;
  private queries = 0;
  private failures = 0;
  private rounds = 0;
  /** Answers in a row that brought nothing closer; α of them count as a round without progress. */
  private stalled = 0;
  private value: { value: string; from: Candidate } | null = null;
  /** Nodes that answered with the value: not where it should be cached. */
  private readonly holders = new Set<Candidate>();
  private finish: LookupResult['finish'] | null = null;

  constructor(init: LookupInit, known: readonly NodeId[]) {
    this.self = init.self;
    this.target = init.target;
    this.mode = init.mode ?? 'node';
    this.k = init.k ?? 20;
    this.alpha = init.alpha ?? 3;
    this.maxQueries = init.maxQueries ?? 8 * this.k;
    for (const id of known) if (isNodeId(id) && id !== this.self) this.learn(id, 0);
    this.settle();
  }

  get done(): boolean {
    return this.finish !== null;
  }

  /** The queries to send now; each is marked in flight until answered or reported failed. */
  nextQueries(): Query[] {
    if (this.finish) return [];
    const parallelism = this.stalled >= this.alpha ? this.k : this.alpha;
    const out: Query[] = [];
    let considered = 0;
    for (const c of this.shortlist) {
      if (considered >= this.k || this.inFlight >= parallelism || this.queries >= this.maxQueries) break;
      if (c.state === 'failed') continue;
      considered++;
      if (c.state !== 'new') continue;
      c.state = 'in-flight';
      this.inFlight++;
      this.queries++;
      this.rounds = Math.max(this.rounds, c.depth + 1);
      out.push({ to: c.id, round: c.depth + 1 });
    }
    return out;
  }

  /** A NODES answer from `from`. A malformed answer counts as a failure of `from` and is refused. */
  onNodes(from: NodeId, contacts: readonly unknown[]): Result<{ closer: boolean }, LookupRejectReason> {
    const asked = this.byId.get(from);
    if (!asked || asked.state !== 'in-flight') return reject('not-awaited', `${from.slice(0, 8)}… was not asked`);
    const problem = this.check(from, contacts);
    if (problem) {
      this.fail(asked, problem.reason);
      return problem;
    }
    this.inFlight--;
    asked.state = 'answered';
    const best = this.shortlist.find((c) => c.state !== 'failed');
    const learned: NodeId[] = [];
    for (const id of contacts as NodeId[]) if (this.learn(id, asked.depth + 1)) learned.push(id);
    learned.sort((a, b) => compareDistance(this.target, a, b));
    const closer = learned.length > 0 && (!best || compareDistance(this.target, learned[0]!, best.id) < 0);
    this.stalled = closer ? 0 : this.stalled + 1;
    this.path.push({ kind: 'nodes', round: asked.depth + 1, from, contacts: [...(contacts as NodeId[])], learned, closer });
    this.settle();
    return ok({ closer });
  }

  /** A VALUE answer (already checked against the key by the caller): FIND_VALUE is over. */
  onValue(from: NodeId, value: string): Result<null, LookupRejectReason> {
    const asked = this.byId.get(from);
    if (!asked || asked.state !== 'in-flight') return reject('not-awaited', `${from.slice(0, 8)}… was not asked`);
    this.inFlight--;
    asked.state = 'answered';
    this.path.push({ kind: 'value', round: asked.depth + 1, from });
    this.holders.add(asked);
    if (!this.value && this.mode === 'value') this.value = { value, from: asked };
    this.settle();
    return ok(null);
  }

  /** `from` did not answer in time, or its answer was refused by the caller. */
  onFailure(from: NodeId): void {
    const asked = this.byId.get(from);
    if (asked?.state === 'in-flight') this.fail(asked, 'no-answer');
  }

  /** The latest entry of the path: what the newest answer (or silence) did to this lookup. */
  lastHop(): Hop | undefined {
    return this.path[this.path.length - 1];
  }

  result(): LookupResult {
    const answered = this.shortlist.filter((c) => c.state === 'answered');
    const closest = answered.slice(0, this.k).map((c) => c.id);
    const nearest = answered[0];
    const value = this.value;
    return {
      target: this.target,
      mode: this.mode,
      closest,
      ...(value ? { value: value.value, valueFrom: value.from.id } : {}),
      ...(this.mode === 'value' ? { cacheAt: answered.find((c) => !this.holders.has(c))?.id } : {}),
      hops: value ? value.from.depth + 1 : (nearest?.depth ?? 0),
      rounds: this.rounds,
      queries: this.queries,
      failures: this.failures,
      path: this.path,
      finish: this.finish ?? 'converged',
    };
  }

  private check(from: NodeId, contacts: readonly unknown[]): Rejected<LookupRejectReason> | null {
    if (contacts.length > this.k) return reject('too-many-contacts', `${contacts.length} contacts, k is ${this.k}`);
    const unique = new Set<string>();
    for (const id of contacts) {
      if (!isNodeId(id)) return reject('malformed-id', `not a 40-hex id: ${String(id).slice(0, 48)}`);
      if (id === from) return reject('contains-responder', 'an answer may not list the node that sent it');
      if (id === this.self) return reject('contains-requester', 'an answer may not list the node that asked');
      if (unique.has(id)) return reject('duplicate-contact', `${id.slice(0, 8)}… listed twice`);
      unique.add(id);
    }
    return null;
  }

  private fail(c: Candidate, reason: LookupRejectReason | 'no-answer'): void {
    this.inFlight--;
    this.failures++;
    c.state = 'failed';
    this.stalled++;
    this.path.push({ kind: 'failed', round: c.depth + 1, from: c.id, reason });
    this.settle();
  }

  /** Adds a node to the shortlist in distance order; false if it was already known. */
  private learn(id: NodeId, depth: number): boolean {
    if (this.byId.has(id)) return false;
    const c: Candidate = { id, depth, state: 'new' };
    let lo = 0;
    let hi = this.shortlist.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareDistance(this.target, this.shortlist[mid]!.id, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.shortlist.splice(lo, 0, c);
    this.byId.set(id, c);
    return true;
  }

  /** Decides whether the lookup is over (§2.3's termination rule). */
  private settle(): void {
    if (this.finish) return;
    if (this.value) {
      this.finish = 'found-value';
      return;
    }
    let considered = 0;
    let pending = false;
    let answered = false;
    for (const c of this.shortlist) {
      if (considered >= this.k) break;
      if (c.state === 'failed') continue;
      considered++;
      if (c.state === 'answered') answered = true;
      else pending = true;
    }
    if (!pending) this.finish = answered ? 'converged' : 'exhausted';
    else if (this.queries >= this.maxQueries && this.inFlight === 0) this.finish = 'gave-up';
  }
}
