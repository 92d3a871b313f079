import { describe, expect, it } from 'vitest';
import { overlayNotes } from './overlay-notes';

describe("the overlays' notes in the terminal", () => {
  it('are worded by the English catalogue, plurals and names included', () => {
    const say = overlayNotes((peerId) => ({ p1: 'Amy', p2: 'Ben' })[peerId] ?? peerId);
    expect(say('p1', 'learnedAddresses', { count: 3 })).toBe('Amy: learned 3 addresses by gossip');
    expect(say('p1', 'learnedAddresses', { count: 1 })).toBe('Amy: learned 1 address by gossip');
    expect(say('p1', 'dialThrough', { viaPeerId: 'p2' })).toBe('Amy: dialling through Ben: the signalling server is away');
    expect(say(null, 'kademlia.joining', { dhtId: 'ab12cd34' })).toBe('joining the DHT through ab12cd34: a lookup of our own DHT id');
  });

  it('shows a key the catalogue lacks as the key and its values, rather than nothing', () => {
    expect(overlayNotes((id) => id)(null, 'noSuchNote', { n: 1 })).toBe('noSuchNote {"n":1}');
  });
});
