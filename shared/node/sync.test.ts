import { describe, it, expect } from 'vitest';
import { blockHash, coinbaseTx, type Block } from '../chain/block';
import { headerHash, type BlockHeader } from '../chain/header';
import { merkleRoot } from '../chain/merkle';
import { GENESIS_HASH, GENESIS_TIME } from '../chain/params';
import { searchNonce } from '../chain/pow';
import { bitsForDifficulty, hashMeetsTarget, targetFromBits } from '../chain/target';
import { MAX_BLOCKS_PER_BATCH, MAX_HEADERS_PER_BATCH } from '../protocol/messages';
import { PIPELINE, Sync } from './sync';

function mine(prevHash: string, height: number, bits = bitsForDifficulty(1)): Block {
  const txs = [coinbaseTx(height, 'miner')];
  const header: BlockHeader = { version: 1, prevHash, merkleRoot: merkleRoot(txs), time: GENESIS_TIME + height, bits, nonce: 0 };
  const result = searchNonce(header, 0, 1 << 20);
  if (!result.found) throw new Error('test block could not be mined');
  return { header: { ...header, nonce: result.nonce }, txs };
}

/** A real chain of `count` blocks on `from` (at height `fromHeight`), lowest first. */
function mineChain(count: number, from = GENESIS_HASH, fromHeight = 0): Block[] {
  const blocks: Block[] = [];
  for (let i = 1; i <= count; i++) blocks.push(mine(blocks.length ? blockHash(blocks[blocks.length - 1]!) : from, fromHeight + i));
  return blocks;
}

const CHAIN = mineChain(MAX_HEADERS_PER_BATCH + 3);
/** takeBlocks hands back each block with the hash it already computed. */
const withHash = (block: Block) => ({ block, hash: blockHash(block) });
const headersOf = (blocks: Block[]): BlockHeader[] => blocks.map((block) => block.header);
const hashesOf = (blocks: Block[]): string[] => blocks.map(blockHash);
const onlyGenesis = (hash: string): boolean => hash === GENESIS_HASH;

/** A header at difficulty 16 whose nonce does not meet its target. */
function unworkedHeader(prevHash: string): BlockHeader {
  const header: BlockHeader = { ...CHAIN[0]!.header, prevHash, bits: bitsForDifficulty(16) };
  while (hashMeetsTarget(headerHash(header), targetFromBits(header.bits)!)) header.nonce++;
  return header;
}

describe('Sync.addHeaders', () => {
  it('accepts headers that connect to a known block and queues their bodies', () => {
    const sync = new Sync('peer');
    const blocks = CHAIN.slice(0, 5);
    expect(sync.addHeaders(headersOf(blocks), onlyGenesis)).toEqual({ ok: true, value: false });
    expect(sync.headers).toBe(5);
    expect(sync.lastHeader).toBe(blockHash(blocks[4]!));
    expect(sync.phase).toBe('bodies');
    expect(sync.nextRequest()).toEqual(hashesOf(blocks));
  });

  it('may connect to any known block, not just genesis, and does not queue blocks it already has', () => {
    const known = new Set([GENESIS_HASH, ...hashesOf(CHAIN.slice(0, 3))]);
    const sync = new Sync('peer');
    expect(sync.addHeaders(headersOf(CHAIN.slice(1, 6)), (hash) => known.has(hash)).ok).toBe(true);
    expect(sync.headers).toBe(5);
    expect(sync.nextRequest()).toEqual(hashesOf(CHAIN.slice(3, 6)));
  });

  it('a full batch of MAX_HEADERS_PER_BATCH asks for more once its bodies are in; a short batch is the last', () => {
    const sync = new Sync('peer');
    const first = CHAIN.slice(0, MAX_HEADERS_PER_BATCH);
    expect(sync.addHeaders(headersOf(first), onlyGenesis)).toEqual({ ok: true, value: true });
    expect(sync.phase).toBe('bodies'); // the bodies of this batch come before more headers
    expect(sync.moreHeaders).toBe(true);
    expect(sync.finished).toBe(false);
    sync.phase = 'headers'; // as the driver does once the batch's bodies are in
    expect(sync.lastHeader).toBe(blockHash(first[first.length - 1]!));
    expect(sync.addHeaders(headersOf(CHAIN.slice(MAX_HEADERS_PER_BATCH)), onlyGenesis)).toEqual({ ok: true, value: false });
    expect(sync.phase).toBe('bodies');
    expect(sync.moreHeaders).toBe(false);
    expect(sync.progress).toEqual({ peerId: 'peer', phase: 'bodies', headers: CHAIN.length, blocks: 0, total: CHAIN.length });
  });

  it('an empty batch (the peer has nothing more) switches to bodies', () => {
    const sync = new Sync('peer');
    expect(sync.addHeaders([], onlyGenesis)).toEqual({ ok: true, value: false });
    expect(sync.phase).toBe('bodies');
    expect(sync.finished).toBe(true);
  });

  it('rejects headers that do not connect: to nothing known, or to each other', () => {
    const sync = new Sync('peer');
    expect(sync.addHeaders(headersOf(CHAIN.slice(1, 4)), onlyGenesis)).toMatchObject({ ok: false, reason: 'unconnected-headers' });
    const gap = [CHAIN[0]!, CHAIN[1]!, CHAIN[3]!];
    expect(sync.addHeaders(headersOf(gap), onlyGenesis)).toMatchObject({ ok: false, reason: 'unconnected-headers' });
  });

  it('rejects a later batch that does not continue from the last header, nor from a known block', () => {
    const sync = new Sync('peer');
    sync.addHeaders(headersOf(CHAIN.slice(0, MAX_HEADERS_PER_BATCH)), onlyGenesis);
    const fork = mineChain(2, blockHash(CHAIN[10]!), 11);
    expect(sync.addHeaders(headersOf(fork), onlyGenesis)).toMatchObject({ ok: false, reason: 'unconnected-headers' });
  });

  it('rejects a header without its proof of work, even mid-batch', () => {
    expect(new Sync('p').addHeaders([unworkedHeader(GENESIS_HASH)], onlyGenesis)).toMatchObject({ ok: false, reason: 'bad-pow' });
    const batch = [...headersOf(CHAIN.slice(0, 2)), unworkedHeader(blockHash(CHAIN[1]!))];
    expect(new Sync('p').addHeaders(batch, onlyGenesis)).toMatchObject({ ok: false, reason: 'bad-pow' });
  });

  it.each([0, 0x1d800000, 0x22010000])('rejects header bits %i that are not a target', (bits) => {
    const header = { ...CHAIN[0]!.header, bits };
    expect(new Sync('p').addHeaders([header], onlyGenesis)).toMatchObject({ ok: false, reason: 'bad-bits' });
  });

  it('a rejected batch changes nothing, so a good one can follow', () => {
    const sync = new Sync('peer');
    sync.addHeaders(headersOf(CHAIN.slice(0, MAX_HEADERS_PER_BATCH)), onlyGenesis);
    const before = { progress: sync.progress, lastHeader: sync.lastHeader };
    const bad = [CHAIN[MAX_HEADERS_PER_BATCH]!.header, unworkedHeader(blockHash(CHAIN[MAX_HEADERS_PER_BATCH]!))];
    expect(sync.addHeaders(bad, onlyGenesis).ok).toBe(false);
    expect({ progress: sync.progress, lastHeader: sync.lastHeader }).toEqual(before);
    expect(sync.addHeaders(headersOf(CHAIN.slice(MAX_HEADERS_PER_BATCH)), onlyGenesis).ok).toBe(true);
    expect(sync.headers).toBe(CHAIN.length);
  });
});

describe('Sync bodies', () => {
  /** A sync that has all of CHAIN's headers and is ready for bodies. */
  function ready(blocks = CHAIN): Sync {
    const sync = new Sync('peer');
    for (let i = 0; i < blocks.length; i += MAX_HEADERS_PER_BATCH) {
      const result = sync.addHeaders(headersOf(blocks.slice(i, i + MAX_HEADERS_PER_BATCH)), onlyGenesis);
      if (!result.ok) throw new Error(result.reason);
    }
    if (blocks.length % MAX_HEADERS_PER_BATCH === 0) sync.addHeaders([], onlyGenesis);
    return sync;
  }

  it(`asks for at most MAX_BLOCKS_PER_BATCH bodies a request, in chain order, ${PIPELINE} requests at a time`, () => {
    const sync = ready();
    const first = sync.nextRequest();
    expect(first).toEqual(hashesOf(CHAIN.slice(0, MAX_BLOCKS_PER_BATCH)));
    const more = [sync.nextRequest(), sync.nextRequest(), sync.nextRequest(), sync.nextRequest()];
    const inFlight = Math.min(PIPELINE, Math.ceil(CHAIN.length / MAX_BLOCKS_PER_BATCH));
    expect(more.filter((batch) => batch.length > 0)).toHaveLength(inFlight - 1);
    expect(sync.nextRequest()).toEqual([]);
    expect(sync.takeBlocks(CHAIN.slice(0, MAX_BLOCKS_PER_BATCH)).wanted).toHaveLength(MAX_BLOCKS_PER_BATCH);
  });

  it('takes the asked-for blocks of a short reply and asks again for the rest first', () => {
    const sync = ready(CHAIN.slice(0, 5));
    sync.nextRequest();
    const reply = sync.takeBlocks([CHAIN[0]!, CHAIN[1]!]);
    expect(reply).toEqual({ wanted: [withHash(CHAIN[0]!), withHash(CHAIN[1]!)], answered: true });
    expect(sync.nextRequest()).toEqual(hashesOf(CHAIN.slice(2, 5)));
  });

  it('ignores blocks it did not ask for, and an empty reply leaves everything to ask again', () => {
    const sync = ready(CHAIN.slice(0, 5));
    const stranger = mine(GENESIS_HASH, 1, bitsForDifficulty(2));
    expect(sync.takeBlocks([CHAIN[0]!])).toEqual({ wanted: [], answered: false });
    sync.nextRequest();
    expect(sync.takeBlocks([stranger, CHAIN[1]!])).toEqual({ wanted: [withHash(CHAIN[1]!)], answered: true });
    expect(sync.takeBlocks([CHAIN[0]!])).toEqual({ wanted: [], answered: false }); // nothing in flight now
    expect(sync.nextRequest()).toEqual(hashesOf([CHAIN[0]!, ...CHAIN.slice(2, 5)]));
    expect(sync.takeBlocks([])).toEqual({ wanted: [], answered: false });
    expect(sync.nextRequest()).toEqual(hashesOf([CHAIN[0]!, ...CHAIN.slice(2, 5)]));
  });

  // The node adds one to `blocks` per wanted block, so a repeat would push progress past its total.
  it('takes a block repeated in a reply once', () => {
    const sync = ready(CHAIN.slice(0, 3));
    sync.nextRequest();
    expect(sync.takeBlocks([CHAIN[0]!, CHAIN[0]!, CHAIN[0]!]).wanted).toEqual([withHash(CHAIN[0]!)]);
  });

  it('progress counts headers, connected blocks and the known total; finished once all bodies are in', () => {
    const sync = ready();
    expect(sync.progress).toMatchObject({ phase: 'bodies', headers: CHAIN.length, blocks: 0, total: CHAIN.length });
    let rounds = 0;
    for (let hashes = sync.nextRequest(); hashes.length > 0; hashes = sync.nextRequest()) {
      expect(sync.finished).toBe(false);
      const reply = CHAIN.filter((block) => hashes.includes(blockHash(block))).slice(0, 60); // short replies
      sync.blocks += sync.takeBlocks(reply).wanted.length; // as the node does for each block it connects
      expect(sync.progress.total).toBe(CHAIN.length);
      rounds++;
    }
    expect(rounds).toBe(Math.ceil(CHAIN.length / 60));
    expect(sync.progress).toEqual({ peerId: 'peer', phase: 'bodies', headers: CHAIN.length, blocks: CHAIN.length, total: CHAIN.length });
    expect(sync.finished).toBe(true);
  });

  it('is not finished while headers are still coming, or while a request is out', () => {
    const sync = new Sync('peer');
    expect(sync.finished).toBe(false);
    sync.addHeaders(headersOf(CHAIN.slice(0, 2)), onlyGenesis);
    sync.nextRequest();
    expect(sync.finished).toBe(false);
    sync.takeBlocks(CHAIN.slice(0, 2));
    expect(sync.finished).toBe(true);
  });
});
