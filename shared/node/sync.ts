/**
 * Headers-first sync from one peer (Bitcoin Core since 0.10): first download the chain of headers
 * (80 bytes each, cheap to check for proof of work and linkage), then the block bodies in batches,
 * in chain order. A peer cannot make us download bodies of a chain it did not do the work for, and
 * the student sees a progress bar with a known end. (Headers are checked against their own bits;
 * the retarget rule is checked when the bodies arrive, so a cheating peer wastes one batch at most.)
 */
import { blockHash, type Block } from '../chain/block';
import { headerHash, type BlockHeader } from '../chain/header';
import { hashMeetsTarget, targetFromBits } from '../chain/target';
import { MAX_BLOCKS_PER_BATCH, MAX_HEADERS_PER_BATCH } from '../protocol/messages';
import { ok, reject, type Result } from '../result';

export interface SyncProgress {
  peerId: string;
  phase: 'headers' | 'bodies' | 'done';
  /** Headers received in this sync. */
  headers: number;
  /** Bodies received and connected in this sync. */
  blocks: number;
  /** Bodies this sync will fetch, once the headers are in. */
  total: number;
}

/** Body requests kept in flight at once. */
export const PIPELINE = 4;

export type HeaderRejectReason = 'bad-bits' | 'bad-pow' | 'unconnected-headers';

export class Sync {
  phase: 'headers' | 'bodies' = 'headers';
  /** The last headers batch was full: after its bodies, ask for the next batch. */
  moreHeaders = false;
  headers = 0;
  blocks = 0;
  /** Hash of the last header received, where the next `get-headers` continues. */
  lastHeader: string | undefined;
  private readonly queue: string[] = [];
  /** Requests out, oldest first, each the hashes it asked for. */
  private inFlight: string[][] = [];

  constructor(readonly peerId: string) {}

  get progress(): SyncProgress {
    const total = this.blocks + this.queue.length + this.inFlight.reduce((n, batch) => n + batch.length, 0);
    return { peerId: this.peerId, phase: this.phase, headers: this.headers, blocks: this.blocks, total };
  }

  /** Checks a batch of headers; returns whether to ask for more headers once its bodies are in. */
  addHeaders(headers: BlockHeader[], isKnown: (hash: string) => boolean): Result<boolean, HeaderRejectReason> {
    let previous = this.lastHeader;
    const hashes: string[] = [];
    for (const header of headers) {
      const connects = header.prevHash === previous || (hashes.length === 0 && isKnown(header.prevHash));
      if (!connects) return reject('unconnected-headers', `header ${this.headers + hashes.length} does not follow the one before`);
      const target = targetFromBits(header.bits);
      if (target === null) return reject('bad-bits', `header bits 0x${header.bits.toString(16)} are not a target`);
      const hash = headerHash(header);
      if (!hashMeetsTarget(hash, target)) return reject('bad-pow', `header ${hash.slice(0, 16)}… lacks its proof of work`);
      hashes.push(hash);
      previous = hash;
    }
    this.headers += hashes.length;
    this.lastHeader = previous;
    this.queue.push(...hashes.filter((hash) => !isKnown(hash)));
    // Bodies of each batch come before the next batch of headers, so a peer feeding us cheap
    // headers is caught at its first body (full validation) and our queue never grows past a batch.
    this.moreHeaders = headers.length === MAX_HEADERS_PER_BATCH;
    this.phase = 'bodies';
    return ok(this.moreHeaders);
  }

  /**
   * The next bodies to ask for, or none when PIPELINE requests are already out: a few requests in
   * flight hide the round trip, and the data channel keeps their answers in order.
   */
  nextRequest(): string[] {
    if (this.inFlight.length >= PIPELINE || this.queue.length === 0) return [];
    const batch = this.queue.splice(0, MAX_BLOCKS_PER_BATCH);
    this.inFlight.push(batch);
    return batch;
  }

  /**
   * Takes the reply to the oldest request: returns the blocks it asked for, in order (each once),
   * and queues the rest to ask again (a reply is shorter when it would have been too big).
   */
  takeBlocks(blocks: Block[]): { wanted: Array<{ block: Block; hash: string }>; answered: boolean } {
    const batch = this.inFlight.shift();
    if (!batch) return { wanted: [], answered: false };
    const asked = new Set(batch);
    // Each asked-for hash counts once, however often a peer repeats it.
    const wanted = blocks.map((block) => ({ block, hash: blockHash(block) })).filter(({ hash }) => asked.delete(hash));
    this.queue.unshift(...batch.filter((hash) => asked.has(hash)));
    return { wanted, answered: wanted.length > 0 };
  }

  /** Nothing queued and nothing in flight. */
  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight.length === 0;
  }

  get finished(): boolean {
    return this.phase === 'bodies' && !this.moreHeaders && this.queue.length === 0 && this.inFlight.length === 0;
  }
}
