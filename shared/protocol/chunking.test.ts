import { describe, it, expect } from 'vitest';
import { ASSEMBLY_TIMEOUT_MS, framesFor, MAX_OPEN_CHARS, readFrame, Reassembler, splitIntoChunks } from './chunking';
import { CHUNK_CHARS, decodeMessage, encodeMessage, MAX_ASSEMBLED_BYTES, MAX_MESSAGE_BYTES } from './messages';

type Chunk = Parameters<Reassembler['add']>[0];

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;
const parse = (frame: string): Chunk => JSON.parse(frame) as Chunk;
const chunk = (id: number, index: number, count: number, data = 'x'): Chunk => ({ id, index, count, data });

/** Splits, feeds every chunk to a fresh Reassembler, and returns what came out of each add. */
function roundTrip(text: string, id = 7): { frames: string[]; outputs: Array<string | null> } {
  const frames = splitIntoChunks(text, id);
  const reassembler = new Reassembler();
  const outputs = frames.map((frame) => {
    const result = reassembler.add(parse(frame));
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    return result.value;
  });
  return { frames, outputs };
}

function expectWholeAtTheEnd(text: string, frames: string[], outputs: Array<string | null>, count: number): void {
  expect(frames).toHaveLength(count);
  expect(outputs.slice(0, -1).every((out) => out === null)).toBe(true);
  expect(outputs[outputs.length - 1]).toBe(text);
}

/** Every frame of a multi-chunk message must pass the receiver's door: decodable and under the size limit. */
function expectSendable(frames: string[]): void {
  for (const frame of frames) {
    expect(utf8Bytes(frame)).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(decodeMessage(frame)).toMatchObject({ ok: true, value: { type: 'chunk' } });
  }
}

describe('splitIntoChunks + Reassembler round trip', () => {
  it('a 1-character message is one chunk of count 1', () => {
    const { frames, outputs } = roundTrip('x');
    expectWholeAtTheEnd('x', frames, outputs, 1);
    expect(parse(frames[0]!)).toEqual({ v: 2, type: 'chunk', id: 7, index: 0, count: 1, data: 'x' });
  });

  it('a message of exactly CHUNK_CHARS is one chunk', () => {
    const text = 'a'.repeat(CHUNK_CHARS);
    const { frames, outputs } = roundTrip(text);
    expectWholeAtTheEnd(text, frames, outputs, 1);
  });

  it('CHUNK_CHARS + 1 characters make two chunks, the second holding the last character', () => {
    const text = 'a'.repeat(CHUNK_CHARS) + 'Z';
    const { frames, outputs } = roundTrip(text);
    expectWholeAtTheEnd(text, frames, outputs, 2);
    expect(frames.map(parse).map((c) => [c.index, c.count, c.data.length])).toEqual([
      [0, 2, CHUNK_CHARS],
      [1, 2, 1],
    ]);
    expectSendable(frames);
  });

  it('about 600 KB of multi-byte text, with surrogate pairs cut at chunk edges, comes back intact', () => {
    const text = 'aé€😀'.repeat(60_000); // 1+2+3+4 bytes, 5 UTF-16 units: edges fall inside 😀
    expect(utf8Bytes(text)).toBe(600_000);
    const { frames, outputs } = roundTrip(text);
    expectWholeAtTheEnd(text, frames, outputs, Math.ceil(text.length / CHUNK_CHARS));
    expectSendable(frames);
  });

  it.each([
    ['quotes and backslashes', '"\\'.repeat(2 * CHUNK_CHARS)],
    ['3-byte characters', '€'.repeat(3 * CHUNK_CHARS)],
    ['JSON of strings full of control characters and quotes', JSON.stringify({ s: '\u0001"\\\n€'.repeat(40_000) })],
  ])('every chunk of text full of %s stays under MAX_MESSAGE_BYTES', (_, text) => {
    const { frames, outputs } = roundTrip(text);
    expect(outputs[outputs.length - 1]).toBe(text);
    expect(frames.length).toBeGreaterThan(1);
    expectSendable(frames);
  });

  it('interleaved messages with different ids both reassemble', () => {
    const first = 'α'.repeat(3 * CHUNK_CHARS);
    const second = 'b'.repeat(2 * CHUNK_CHARS + 5);
    const a = splitIntoChunks(first, 1).map(parse);
    const b = splitIntoChunks(second, 2).map(parse);
    const reassembler = new Reassembler();
    const done: string[] = [];
    for (const next of [a[0], b[0], a[1], b[1], b[2], a[2]]) {
      const result = reassembler.add(next!);
      expect(result.ok).toBe(true);
      if (result.ok && result.value !== null) done.push(result.value);
    }
    expect(done).toEqual([second, first]);
  });

  it('an id can be used again once its message is complete', () => {
    const reassembler = new Reassembler();
    for (const text of ['one'.repeat(CHUNK_CHARS), 'two'.repeat(CHUNK_CHARS)]) {
      const results = splitIntoChunks(text, 3).map((frame) => reassembler.add(parse(frame)));
      expect(results[results.length - 1]).toEqual({ ok: true, value: text });
    }
  });
});

describe('Reassembler rejects', () => {
  it('a first chunk whose index is not 0', () => {
    expect(new Reassembler().add(chunk(1, 1, 3))).toMatchObject({ ok: false, reason: 'bad-chunk' });
  });

  it('a chunk out of order or repeated, and drops that message', () => {
    const skipped = new Reassembler();
    expect(skipped.add(chunk(1, 0, 3))).toEqual({ ok: true, value: null });
    expect(skipped.add(chunk(1, 2, 3))).toMatchObject({ ok: false, reason: 'bad-chunk' });
    // The message is gone: its missing chunk now counts as a first chunk that is not index 0.
    expect(skipped.add(chunk(1, 1, 3))).toMatchObject({ ok: false, reason: 'bad-chunk' });

    const repeated = new Reassembler();
    repeated.add(chunk(1, 0, 3));
    expect(repeated.add(chunk(1, 0, 3))).toMatchObject({ ok: false, reason: 'bad-chunk' });
  });

  it('a count that changes mid-message', () => {
    const reassembler = new Reassembler();
    reassembler.add(chunk(1, 0, 3));
    expect(reassembler.add(chunk(1, 1, 4))).toMatchObject({ ok: false, reason: 'bad-chunk' });
    expect(reassembler.add(chunk(1, 2, 3))).toMatchObject({ ok: false, reason: 'bad-chunk' });
  });

  it('a fifth open message, until one of the four completes', () => {
    const reassembler = new Reassembler();
    for (const id of [1, 2, 3, 4]) expect(reassembler.add(chunk(id, 0, 2, `m${id}`))).toEqual({ ok: true, value: null });
    expect(reassembler.add(chunk(5, 0, 2))).toMatchObject({ ok: false, reason: 'bad-chunk' });
    expect(reassembler.add(chunk(2, 1, 2, '!'))).toEqual({ ok: true, value: 'm2!' });
    expect(reassembler.add(chunk(5, 0, 2))).toEqual({ ok: true, value: null });
  });

  it('a message growing past MAX_ASSEMBLED_BYTES, at the chunk that crosses it', () => {
    const reassembler = new Reassembler();
    const full = 'x'.repeat(CHUNK_CHARS);
    const fitting = MAX_ASSEMBLED_BYTES / CHUNK_CHARS;
    for (let index = 0; index < fitting; index++) {
      expect(reassembler.add(chunk(9, index, fitting + 10, full))).toEqual({ ok: true, value: null });
    }
    const crossing = reassembler.add(chunk(9, fitting, fitting + 10, 'x'));
    expect(crossing).toMatchObject({ ok: false, reason: 'bad-chunk' });
    if (!crossing.ok) expect(crossing.detail).toContain(String(MAX_ASSEMBLED_BYTES));
    expect(reassembler.add(chunk(9, fitting + 1, fitting + 10, 'x'))).toMatchObject({ ok: false });
  });

  it('a second message that would take the link past MAX_OPEN_CHARS, keeping the first', () => {
    const reassembler = new Reassembler();
    const full = 'x'.repeat(CHUNK_CHARS);
    const first = MAX_OPEN_CHARS / CHUNK_CHARS - 1;
    for (let index = 0; index < first; index++) reassembler.add(chunk(1, index, 64, full));
    expect(reassembler.add(chunk(2, 0, 3, full))).toEqual({ ok: true, value: null });
    expect(reassembler.add(chunk(2, 1, 3, 'x'))).toMatchObject({ ok: false, reason: 'bad-chunk' });
    expect(reassembler.pending).toEqual({ assemblies: 1, chars: first * CHUNK_CHARS });
  });

  it('nothing, until a message is ASSEMBLY_TIMEOUT_MS old: then it is dropped and described', () => {
    const reassembler = new Reassembler();
    reassembler.add(chunk(1, 0, 3, 'abc'), 1_000);
    reassembler.add(chunk(2, 0, 2, 'de'), 5_000);
    expect(reassembler.nextExpiry()).toBe(1_000 + ASSEMBLY_TIMEOUT_MS);
    expect(reassembler.expire(ASSEMBLY_TIMEOUT_MS)).toEqual([]);
    expect(reassembler.expire(1_000 + ASSEMBLY_TIMEOUT_MS)).toEqual([{ id: 1, chunks: 1, count: 3, chars: 3, ageMs: ASSEMBLY_TIMEOUT_MS }]);
    expect(reassembler.pending).toEqual({ assemblies: 1, chars: 2 });
    expect(reassembler.add(chunk(2, 1, 2, 'f'), 6_000)).toEqual({ ok: true, value: 'def' });
    expect(reassembler.nextExpiry()).toBeNull();
  });

  it('a bad message without disturbing another one in progress', () => {
    const reassembler = new Reassembler();
    reassembler.add(chunk(1, 0, 2, 'good '));
    reassembler.add(chunk(2, 0, 3));
    expect(reassembler.add(chunk(2, 2, 3))).toMatchObject({ ok: false });
    expect(reassembler.add(chunk(1, 1, 2, 'message'))).toEqual({ ok: true, value: 'good message' });
  });
});

describe('a real protocol message through chunking', () => {
  it('comes back byte for byte and decodes', () => {
    const txs = Array.from({ length: 3 }, (_, i) => `tx ${i} "${'é'.repeat(300)}"`);
    const block = { header: { version: 1, prevHash: 'a'.repeat(64), merkleRoot: 'b'.repeat(64), time: 1, bits: 0x2000ffff, nonce: 0 }, txs };
    const text = encodeMessage('blocks', { blocks: Array.from({ length: 30 }, () => block) });
    expect(text.length).toBeGreaterThan(CHUNK_CHARS);
    const { outputs } = roundTrip(text);
    expect(outputs[outputs.length - 1]).toBe(text);
    expect(decodeMessage(outputs[outputs.length - 1])).toMatchObject({ ok: true, value: { type: 'blocks' } });
  });
});

describe('readFrame: the door for a peer’s frames', () => {
  it('passes a small message through whole, and rebuilds a large one from its chunks', () => {
    const small = encodeMessage('getaddr', {});
    expect(framesFor(small, () => 0)).toEqual([small]);
    expect(readFrame(new Reassembler(), small, false)).toMatchObject({ kind: 'message', message: { type: 'getaddr' } });

    const big = encodeMessage('tx', { tx: 'x'.repeat(1000) }).replace('x'.repeat(1000), 'é'.repeat(40_000));
    const frames = framesFor(big, () => 7);
    expect(frames.length).toBeGreaterThan(1);
    const reassembler = new Reassembler();
    const outcomes = frames.map((f) => readFrame(reassembler, f, false));
    expect(outcomes.slice(0, -1).every((o) => o.kind === 'pending')).toBe(true);
    expect(outcomes.at(-1)).toEqual({ kind: 'assembled', text: big });
  });

  it('calls undecodable bytes and a chunk inside a rebuilt message offences', () => {
    expect(readFrame(new Reassembler(), '{oops', false)).toMatchObject({ kind: 'offence', code: 'bad-json' });
    const chunk = splitIntoChunks('y'.repeat(40_000), 1)[0]!;
    expect(readFrame(new Reassembler(), chunk, true)).toMatchObject({ kind: 'offence', code: 'bad-chunk' });
  });
});
