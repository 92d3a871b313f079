import { describe, it, expect } from 'vitest';
import { GENESIS, GENESIS_HASH } from '../chain/params';
import {
  decodeMessage,
  encodeMessage,
  MAX_BLOCKS_PER_BATCH,
  MAX_HEADERS_PER_BATCH,
  MAX_LOCATOR_HASHES,
  MAX_MESSAGE_BYTES,
  type DecodeRejectReason,
} from './messages';
import { framesFor } from './chunking';

const HASH = 'ab'.repeat(32);
const status = { v: 2, type: 'status', name: 'tab-1', address: 'ab'.repeat(20), genesis: GENESIS_HASH, tip: HASH, height: 3, work: '1f' };
const getHeaders = { v: 2, type: 'get-headers', locator: [HASH, GENESIS_HASH], max: 50 };
const blockMessage = { v: 2, type: 'block', block: GENESIS };

function expectRejected(raw: unknown, reason: DecodeRejectReason, detailStart?: string): void {
  const result = decodeMessage(raw);
  expect(result).toMatchObject({ ok: false, reason });
  if (!result.ok && detailStart !== undefined) expect(result.detail.startsWith(detailStart), result.detail).toBe(true);
}

/** JSON of `message` with a header field of the block replaced. */
const withHeader = (field: string, value: unknown): string =>
  JSON.stringify({ ...blockMessage, block: { ...GENESIS, header: { ...GENESIS.header, [field]: value } } });

describe('encodeMessage / decodeMessage round trip', () => {
  it('status', () => {
    const raw = encodeMessage('status', { name: 'tab-1', address: 'ab'.repeat(20), genesis: GENESIS_HASH, tip: HASH, height: 3, work: '1f' });
    expect(JSON.parse(raw)).toEqual(status);
    expect(decodeMessage(raw)).toEqual({ ok: true, value: status });
  });

  it('get-headers', () => {
    const raw = encodeMessage('get-headers', { locator: [HASH, GENESIS_HASH], max: 50 });
    expect(decodeMessage(raw)).toEqual({ ok: true, value: getHeaders });
  });

  it('inv, get-data, get-blocks, headers, tx and chunk', () => {
    const bodies = [
      ['inv', { hashes: [HASH] }],
      ['get-data', { hashes: [HASH, GENESIS_HASH] }],
      ['get-blocks', { hashes: [HASH] }],
      ['headers', { headers: ['00'.repeat(80)] }],
      ['tx', { tx: '{"kind":"transfer"}' }],
      ['chunk', { id: 7, index: 0, count: 2, data: 'abc' }],
      ['getaddr', {}],
      ['addr', { addrs: ['Xk2_pq-7', 'AbCdEfGhIjKlMnOpQrSt'] }],
    ] as const;
    for (const [type, body] of bodies) {
      expect(decodeMessage(encodeMessage(type, body as never))).toEqual({ ok: true, value: { v: 2, type, ...body } });
    }
  });

  it('blocks, including an empty batch', () => {
    const raw = encodeMessage('blocks', { blocks: [GENESIS, GENESIS] });
    expect(decodeMessage(raw)).toEqual({ ok: true, value: { v: 2, type: 'blocks', blocks: [GENESIS, GENESIS] } });
    expect(decodeMessage(encodeMessage('blocks', { blocks: [] }))).toEqual({
      ok: true,
      value: { v: 2, type: 'blocks', blocks: [] },
    });
  });

  it('block', () => {
    const raw = encodeMessage('block', { block: GENESIS });
    expect(decodeMessage(raw)).toEqual({ ok: true, value: blockMessage });
  });

  it('strips unknown keys instead of passing them on', () => {
    const result = decodeMessage(JSON.stringify({ ...status, extra: 'x' }));
    expect(result).toEqual({ ok: true, value: status });
    const proto = decodeMessage(JSON.stringify(status).replace('{', '{"__proto__":{"polluted":true},'));
    expect(proto).toEqual({ ok: true, value: status });
    if (proto.ok) expect(Object.getPrototypeOf(proto.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decodeMessage rejects', () => {
  it('not-text: binary or already-parsed input', () => {
    expectRejected(Buffer.from(JSON.stringify(status)), 'not-text');
    expectRejected(new TextEncoder().encode(JSON.stringify(status)).buffer, 'not-text');
    expectRejected(status, 'not-text');
    expectRejected(undefined, 'not-text');
  });

  it('too-large: over 64 KiB of characters', () => {
    expectRejected('x'.repeat(MAX_MESSAGE_BYTES + 1), 'too-large');
  });

  it('too-large: under 64 Ki characters but over 64 KiB of UTF-8', () => {
    const raw = JSON.stringify({ ...status, pad: 'é'.repeat(40_000) });
    expect(raw.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expectRejected(raw, 'too-large');
  });

  it('accepts exactly 64 KiB and refuses one byte more', () => {
    const prefix = JSON.stringify({ ...status, pad: '' });
    const exact = JSON.stringify({ ...status, pad: 'x'.repeat(MAX_MESSAGE_BYTES - prefix.length) });
    expect(exact.length).toBe(MAX_MESSAGE_BYTES);
    expect(decodeMessage(exact)).toEqual({ ok: true, value: status });
    expectRejected(exact.replace('"pad":"', '"pad":"x'), 'too-large');
  });

  it('bad-json: text that is not JSON', () => {
    expectRejected('{', 'bad-json');
    expectRejected('', 'bad-json');
    expectRejected("{'v':1}", 'bad-json');
  });

  it('bad-version: any version but 2', () => {
    expectRejected(JSON.stringify({ ...status, v: 1 }), 'bad-version');
    expectRejected(JSON.stringify({ ...status, v: '2' }), 'bad-version');
    expectRejected(JSON.stringify({ ...status, v: null }), 'bad-version');
  });

  it('bad-schema: a missing version', () => {
    const { v: _v, ...noVersion } = status;
    expectRejected(JSON.stringify(noVersion), 'bad-schema', 'v:');
  });

  it('bad-schema: JSON that is not an object', () => {
    expectRejected('null', 'bad-schema', 'message:');
    expectRejected('[]', 'bad-schema', 'message:');
    expectRejected('"status"', 'bad-schema', 'message:');
  });

  it('bad-schema: an unknown message type', () => {
    expectRejected(JSON.stringify({ ...status, type: 'verack' }), 'bad-schema', 'type:');
  });

  it('bad-schema: a missing field', () => {
    expectRejected(JSON.stringify({ v: 2, type: 'get-headers', locator: [HASH] }), 'bad-schema', 'max:');
    expectRejected(JSON.stringify({ v: 2, type: 'block' }), 'bad-schema', 'block:');
  });

  it('bad-schema: hashes that are not 64 lower-case hex digits', () => {
    expectRejected(JSON.stringify({ ...status, tip: HASH.toUpperCase() }), 'bad-schema', 'tip:');
    expectRejected(withHeader('prevHash', HASH.slice(2)), 'bad-schema', 'block.header.prevHash:');
    expectRejected(withHeader('merkleRoot', 'zz'.repeat(32)), 'bad-schema', 'block.header.merkleRoot:');
    expectRejected(JSON.stringify({ ...getHeaders, locator: [HASH, 'abc'] }), 'bad-schema', 'locator.1:');
  });

  it('bad-schema: header integers outside 0..2^32-1 or not whole', () => {
    expectRejected(withHeader('nonce', -1), 'bad-schema', 'block.header.nonce:');
    expectRejected(withHeader('nonce', 2 ** 32), 'bad-schema', 'block.header.nonce:');
    expectRejected(withHeader('time', 1.5), 'bad-schema', 'block.header.time:');
    expectRejected(withHeader('bits', '0x1d00ffff'), 'bad-schema', 'block.header.bits:');
  });

  it('bad-schema: blocks without transactions or with an oversized one', () => {
    expectRejected(JSON.stringify({ ...blockMessage, block: { ...GENESIS, txs: [] } }), 'bad-schema', 'block.txs:');
    const big = { ...GENESIS, txs: [GENESIS.txs[0], 'x'.repeat(1025)] };
    expectRejected(JSON.stringify({ ...blockMessage, block: big }), 'bad-schema', 'block.txs.1:');
  });

  it(`bad-schema: more than ${MAX_BLOCKS_PER_BATCH} blocks in a batch`, () => {
    const blocks = Array.from({ length: MAX_BLOCKS_PER_BATCH + 1 }, () => GENESIS);
    const raw = JSON.stringify({ v: 2, type: 'blocks', blocks });
    expect(raw.length).toBeLessThan(MAX_MESSAGE_BYTES); // so the schema, not the size cap, rejects it
    expectRejected(raw, 'bad-schema', 'blocks:');
    expect(decodeMessage(JSON.stringify({ v: 2, type: 'blocks', blocks: blocks.slice(1) })).ok).toBe(true);
  });

  it(`bad-schema: more than ${MAX_LOCATOR_HASHES} locator hashes, or none`, () => {
    const locator = Array.from({ length: MAX_LOCATOR_HASHES + 1 }, () => HASH);
    expectRejected(JSON.stringify({ ...getHeaders, locator }), 'bad-schema', 'locator:');
    expectRejected(JSON.stringify({ ...getHeaders, locator: [] }), 'bad-schema', 'locator:');
    expect(decodeMessage(JSON.stringify({ ...getHeaders, locator: locator.slice(1) })).ok).toBe(true);
  });

  it(`bad-schema: a get-headers max outside 1..${MAX_HEADERS_PER_BATCH}`, () => {
    expectRejected(JSON.stringify({ ...getHeaders, max: 0 }), 'bad-schema', 'max:');
    expectRejected(JSON.stringify({ ...getHeaders, max: MAX_HEADERS_PER_BATCH + 1 }), 'bad-schema', 'max:');
  });

  it('bad-schema: a negative or fractional height and non-hex work', () => {
    expectRejected(JSON.stringify({ ...status, height: -1 }), 'bad-schema', 'height:');
    expectRejected(JSON.stringify({ ...status, height: 1.5 }), 'bad-schema', 'height:');
    expectRejected(JSON.stringify({ ...status, work: '0x1f' }), 'bad-schema', 'work:');
    expectRejected(JSON.stringify({ ...status, work: '' }), 'bad-schema', 'work:');
  });
});

describe('what a tab puts on the data channel', () => {
  it('a full 400-header reply travels whole: 65,236 characters, under the 65,536-byte chunking threshold', () => {
    const text = encodeMessage('headers', { headers: Array.from({ length: MAX_HEADERS_PER_BATCH }, () => 'ab'.repeat(80)) });
    expect(text.length).toBe(65_236);
    expect(framesFor(text, () => 0)).toEqual([text]);
  });

  it('no frame is ever over MAX_MESSAGE_BYTES, far under the data channel’s 262,144-byte max-message-size, whatever the text', () => {
    // The worst characters for a chunk: quotes and backslashes double when the slice is escaped, CJK takes 3 UTF-8 bytes, and a cut emoji becomes a 6-character escape.
    const nasty = '"\\數😀'.repeat(60_000);
    const text = encodeMessage('tx', { tx: 'x' }).replace('"x"', JSON.stringify(nasty));
    const frames = framesFor(text, () => 1);
    expect(frames.length).toBeGreaterThan(20);
    const largest = Math.max(...frames.map((f) => new TextEncoder().encode(f).length));
    expect(largest).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(largest).toBeLessThan(262_144);
  });
});
