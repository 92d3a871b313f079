import { describe, expect, it } from 'vitest';
import { Reassembler, splitIntoChunks } from '../protocol/chunking';
import { decodeMessage, encodeMessage } from '../protocol/messages';
import { seededRandom } from '../testing/seeded-random';
import { NO_CONDITIONS, type LinkConditions } from './conditioner';
import { chunkHead, ReceivingLinks } from './receiving-links';

/** A message long enough to travel as several chunks: a `chunk`-free text of ~200 KB. */
const bigText = (n: number) => JSON.stringify({ v: 2, type: 'inv', pad: `${n}`.padEnd(200_000, 'x') });

describe('chunkHead', () => {
  it('reads id, index and count of the chunk frames the protocol writes, and nothing else', () => {
    const frames = splitIntoChunks(bigText(1), 42);
    expect(frames.length).toBeGreaterThan(2);
    expect(chunkHead(frames[0])).toEqual({ id: '42', index: 0, count: frames.length });
    expect(chunkHead(frames[1])).toEqual({ id: '42', index: 1, count: frames.length });
    expect(chunkHead(encodeMessage('ping', { nonce: '0000000000000001' }))).toBeNull();
    expect(chunkHead({ type: 'chunk' })).toBeNull();
  });
});

describe('ReceivingLinks: loss and partitions act on whole messages', () => {
  it('under 30 % loss every chunked message arrives whole or not at all: the receiver never sees a broken one', () => {
    const links = new ReceivingLinks(seededRandom(31));
    const lossy: LinkConditions = { ...NO_CONDITIONS, loss: 0.3 };
    const reassembler = new Reassembler();
    let whole = 0;
    let droppedMessages = 0;
    for (let id = 0; id < 200; id++) {
      const frames = splitIntoChunks(bigText(id), id);
      const fates = frames.map((frame, i) => links.frame(lossy, 'a>b', 'a', 'b', frame, id * 10 + i).deliver);
      expect(new Set(fates).size, `message ${id}`).toBe(1); // all delivered or all dropped
      if (!fates[0]) {
        droppedMessages++;
        continue;
      }
      let text: string | null = null;
      for (const frame of frames) {
        const decoded = decodeMessage(frame);
        if (!decoded.ok || decoded.value.type !== 'chunk') throw new Error('not a chunk');
        const added = reassembler.add(decoded.value);
        expect(added.ok).toBe(true);
        if (added.ok) text = added.value;
      }
      expect(text).toBe(bigText(id));
      whole++;
    }
    expect(whole + droppedMessages).toBe(200);
    expect(links.dropped.loss).toBe(droppedMessages); // a chunked message counts once
    // Binomial(200, 0.3): 60 ± 26 at four standard deviations.
    expect(droppedMessages).toBeGreaterThan(60 - 26);
    expect(droppedMessages).toBeLessThan(60 + 26);
  });

  it('a message in flight when the partition starts arrives whole; one started before the heal stays dropped whole', () => {
    const links = new ReceivingLinks(seededRandom(1));
    const split: LinkConditions = { ...NO_CONDITIONS, partition: { groups: [['a'], ['b']] } };
    const [m1a, m1b, m1c] = splitIntoChunks(bigText(1), 1);
    expect(links.frame(NO_CONDITIONS, 'a>b', 'a', 'b', m1a, 0).deliver).toBe(true);
    // The partition comes down mid-message: the rest of message 1 still follows its first chunk.
    expect(links.frame(split, 'a>b', 'a', 'b', m1b, 1).deliver).toBe(true);
    expect(links.frame(split, 'a>b', 'a', 'b', m1c, 2).deliver).toBe(true);
    const [m2a, m2b] = splitIntoChunks(bigText(2), 2);
    expect(links.frame(split, 'a>b', 'a', 'b', m2a, 3)).toEqual({ deliver: false, reason: 'partition' });
    // Healed mid-message: the rest of message 2 goes the way of its first chunk.
    expect(links.frame(NO_CONDITIONS, 'a>b', 'a', 'b', m2b, 4)).toEqual({ deliver: false, reason: 'partition' });
    expect(links.frame(NO_CONDITIONS, 'a>b', 'a', 'b', encodeMessage('ping', { nonce: '0000000000000001' }), 5).deliver).toBe(true);
    expect(links.dropped).toEqual({ partition: 1, loss: 0 });
  });

  it('the rest of a chunked message follows its first chunk at once, in order, with one latency for the message', () => {
    const links = new ReceivingLinks(seededRandom(2));
    const slow: LinkConditions = { ...NO_CONDITIONS, latencyMs: 200, jitterMs: 100 };
    const arrivals = splitIntoChunks(bigText(3), 3).map((frame, i) => {
      const fate = links.frame(slow, 'a>b', 'a', 'b', frame, i);
      if (!fate.deliver) throw new Error('dropped');
      return fate.at;
    });
    expect(arrivals[0]).toBeGreaterThanOrEqual(100);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]).toBe(Math.max(arrivals[i - 1]!, i));
  });
});
