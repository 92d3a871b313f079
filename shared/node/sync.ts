/**
 * Headers-first sync from one peer (Bitcoin Core since 0.10): first download the chain of headers
 * (80 bytes each, cheap to check for proof of work and linkage), then the block bodies in batches,
 * in chain order. A peer cannot make us download bodies of a chain it did not do the work for, and
 * the student sees a progress bar with a known end.
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

export type HeaderRejectReason = 'bad-bits' | 'bad-pow' | 'unconnected-headers';

export class Sync {
  phase: 'headers' | 'bodies' = 'headers';
  headers = 0;
  blocks = 0;
  /** Hash of the last header received, where the next `get-headers` continues. */
  lastHeader: string | undefined;
  private readonly queue: string[] = [];
  private inFlight: string[] = [];

  constructor(readonly peerId: string) {}

  get progress(): SyncProgress {
    const total = this.blocks + this.queue.length + this.inFlight.length;
    return { peerId: this.peerId, phase: this.phase, headers: this.headers, blocks: this.blocks, total };
  }

  /** Checks a batch of headers; returns whether to ask for more headers. */
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
    const more = headers.length === MAX_HEADERS_PER_BATCH;
    if (!more) this.phase = 'bodies';
    return ok(more);
  }

  /** The next bodies to ask for, or none while a request is out. */
  nextRequest(): string[] {
    if (this.inFlight.length > 0) return [];
    this.inFlight = this.queue.splice(0, MAX_BLOCKS_PER_BATCH);
    return this.inFlight;
  }

  /** Takes a reply; returns the blocks that were asked for, in order, and keeps the rest to ask again. */
  takeBlocks(blocks: Block[]): { wanted: Block[]; answered: boolean } {
    const asked = new Set(this.inFlight);
    // Each asked-for hash counts once, however often a peer repeats it.
    const wanted = blocks.filter((block) => asked.delete(blockHash(block)));
    const got = new Set(wanted.map(blockHash));
    // A shorter reply (size limit) leaves the rest in flight order to be asked for again.
    const missing = this.inFlight.filter((hash) => !got.has(hash));
    this.inFlight = [];
    this.queue.unshift(...missing);
    return { wanted, answered: wanted.length > 0 };
  }

  get finished(): boolean {
    return this.phase === 'bodies' && this.queue.length === 0 && this.inFlight.length === 0;
  }
}
