import { describe, expect, it } from 'vitest';
import { judgeRelayedSignal, MAX_PENDING_RELAYED, type RelayedSignalInput } from './relay-guard';

const base: RelayedSignalInput = { localId: 'm', from: 'a', via: 'v', type: 'offer', link: undefined, pendingRelayedInbound: 0 };
const judge = (over: Partial<RelayedSignalInput>) => judgeRelayedSignal({ ...base, ...over });

describe('judgeRelayedSignal', () => {
  it('accepts an offer when there is no link to its sender', () => {
    expect(judge({}).ok).toBe(true);
  });

  it('refuses an offer for an open link or for a link being set up', () => {
    expect(judge({ link: { open: true, initiator: false, via: 'v' } }).ok).toBe(false);
    expect(judge({ link: { open: false, initiator: false, via: 'v' } }).ok).toBe(false);
    expect(judge({ link: { open: true, initiator: true, via: undefined } }).ok).toBe(false);
  });

  it('lets glare resolve: an offer from a lower id on our pending dial stands, a higher id does not', () => {
    expect(judge({ localId: 'm', from: 'a', link: { open: false, initiator: true, via: 'w' } }).ok).toBe(true);
    expect(judge({ localId: 'm', from: 'z', link: { open: false, initiator: true, via: 'w' } }).ok).toBe(false);
  });

  it('caps the relayed links being set up', () => {
    expect(judge({ pendingRelayedInbound: MAX_PENDING_RELAYED - 1 }).ok).toBe(true);
    expect(judge({ pendingRelayedInbound: MAX_PENDING_RELAYED }).ok).toBe(false);
    expect(judge({ pendingRelayedInbound: 2, maxPendingRelayed: 2 }).ok).toBe(false);
  });

  it('accepts answers and candidates only for a link set up through the same neighbour', () => {
    for (const type of ['answer', 'candidate']) {
      expect(judge({ type, link: { open: false, initiator: true, via: 'v' } }).ok).toBe(true);
      expect(judge({ type, link: { open: true, initiator: false, via: 'v' } }).ok).toBe(true);
      expect(judge({ type, link: { open: true, initiator: false, via: 'w' } }).ok).toBe(false);
      expect(judge({ type, link: { open: true, initiator: false, via: undefined } }).ok).toBe(false); // a server-signalled link
      expect(judge({ type, link: undefined }).ok).toBe(false);
    }
  });

  it('refuses a signal claimed to come from ourselves or from the relay itself', () => {
    expect(judge({ from: 'm' }).ok).toBe(false);
    expect(judge({ from: 'v' }).ok).toBe(false);
    expect(judge({ type: 'candidate', from: 'v', link: { open: true, initiator: false, via: 'v' } }).ok).toBe(false);
  });
});
