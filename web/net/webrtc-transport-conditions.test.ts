/**
 * The partition in the WebRTC transport's signalling paths: no new link across it, whether the
 * offer comes from the server or through a neighbour. Only refusals and "asked to accept" are
 * observed, so no RTCPeerConnection is needed (Node.js has none).
 */
import { describe, expect, it } from 'vitest';
import { NO_CONDITIONS } from '../../shared/transport/conditioner';
import type { SignallingSocket } from './signalling-client';
import { WebRtcTransport } from './webrtc-transport';

/** A socket stand-in that hands the transport server signals; nothing is sent through it here. */
function fakeSocket() {
  const handlers = new Map<string, (payload: unknown) => void>();
  const socket = {
    connected: true,
    on: (event: string, fn: (payload: unknown) => void) => void handlers.set(event, fn),
    emit: () => true,
  } as unknown as SignallingSocket;
  return { socket, serverSays: (event: string, payload: unknown) => handlers.get(event)?.(payload) };
}

/** Our tab 'me' (signalling id 'id-me'); peers 'id-mate' (tab 'mate', our side) and 'id-far' (tab 'far'). */
function tab() {
  const { socket, serverSays } = fakeSocket();
  const transport = new WebRtcTransport(socket);
  transport.localId = 'id-me';
  transport.tabName = 'me';
  const names: Record<string, string> = { 'id-mate': 'mate', 'id-far': 'far' };
  transport.tabNameOf = (id) => names[id];
  const asked: string[] = [];
  // Refusing here keeps the test away from creating a real peer connection.
  transport.acceptInbound = (from) => (asked.push(from), false);
  const dropped: Array<[string, string]> = [];
  transport.on('dropped', (peer, reason) => dropped.push([peer, reason]));
  const errors: string[] = [];
  transport.on('error', (_peer, error) => errors.push(error.code));
  return { transport, serverSays, asked, dropped, errors };
}

const offer = { type: 'offer', sdp: 'v=0' };
const split = { ...NO_CONDITIONS, partition: { groups: [['me', 'mate'], ['far']] } };

describe('the WebRTC transport under a partition', () => {
  it('ignores an offer from across the partition (reported as dropped), and considers one from our side', () => {
    const { transport, serverSays, asked, dropped } = tab();
    expect(transport.setConditions(split).ok).toBe(true);
    serverSays('signal', { from: 'id-far', data: offer });
    serverSays('signal', { from: 'id-mate', data: offer });
    expect(asked).toEqual(['id-mate']);
    expect(dropped).toEqual([['id-far', 'partition']]);
    expect(transport.hasLink('id-far')).toBe(false);
  });

  it('once healed, an offer from the former other side is considered again', () => {
    const { transport, serverSays, asked } = tab();
    transport.setConditions(split);
    serverSays('signal', { from: 'id-far', data: offer });
    transport.setConditions(NO_CONDITIONS);
    serverSays('signal', { from: 'id-far', data: offer });
    expect(asked).toEqual(['id-far']);
  });

  it('a peer whose name nobody told us is outside every listed group', () => {
    const { transport, serverSays, asked, dropped } = tab();
    transport.setConditions(split);
    serverSays('signal', { from: 'id-unknown', data: offer });
    expect(asked).toEqual([]);
    expect(dropped).toEqual([['id-unknown', 'partition']]);
  });

  it('refuses a relayed offer from across, or passed on by a neighbour across, and takes one within our side', () => {
    const { transport, asked, errors } = tab();
    transport.setConditions({ ...NO_CONDITIONS, partition: { groups: [['me', 'mate', 'pal'], ['far', 'other']] } });
    transport.tabNameOf = (id) => ({ 'id-mate': 'mate', 'id-pal': 'pal', 'id-far': 'far', 'id-other': 'other' })[id];
    transport.onRelayedSignal('id-far', 'id-mate', offer as never); // from across, through our side
    transport.onRelayedSignal('id-pal', 'id-other', offer as never); // from our side, through a neighbour across
    expect(asked).toEqual([]);
    transport.onRelayedSignal('id-pal', 'id-mate', offer as never);
    expect(asked).toEqual(['id-pal']);
    expect(errors).toEqual([]); // the partition is not an error
  });

  it('does not dial across the partition', () => {
    const { transport } = tab();
    transport.setConditions(split);
    transport.dial('id-far');
    expect(transport.hasLink('id-far')).toBe(false);
    // Within our side it does try: Node.js has no RTCPeerConnection, so simple-peer throws there.
    expect(() => transport.dial('id-mate')).toThrow(/WebRTC/);
  });

  it('refuses bad conditions with the reason, keeping the partition it had', () => {
    const { transport, serverSays, asked } = tab();
    transport.setConditions(split);
    const result = transport.setConditions({ ...split, loss: -1 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toContain('loss');
    serverSays('signal', { from: 'id-far', data: offer });
    expect(asked).toEqual([]);
  });
});
