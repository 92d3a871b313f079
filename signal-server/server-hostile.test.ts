/**
 * One process serves every tab of the LAN, so a hostile or broken client must cost only its own
 * connection. These send what socket.io-client would never send on its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNALLING_MAX_FRAME_BYTES, type IncomingSignal } from '../shared/protocol/signalling';
import { Harness, nextEvent, raw, type Transport } from './test-harness';

const OFFER = { type: 'offer', sdp: 'v=0' } as const;

let harness: Harness;
let handlerErrors: unknown[];
beforeEach(async () => {
  handlerErrors = [];
  harness = await Harness.start({ onHandlerError: (error) => handlerErrors.push(error) });
});
afterEach(async () => {
  await harness.close();
  expect(handlerErrors).toEqual([]);
});

describe.each<Transport>(['websocket', 'polling'])('over %s', (transport) => {
  it('a frame over maxHttpBufferSize drops only its sender', async () => {
    const bully = await harness.joined('lobby', transport);
    const a = await harness.joined('lobby', transport);
    const b = await harness.joined('lobby', transport);
    const bullyId = bully.client.id;

    const dropped = nextEvent(bully.client, 'disconnect');
    const aSawLeave = nextEvent(a.client, 'peer-left');
    raw(bully.client).emit('signal', { to: a.client.id, junk: 'x'.repeat(SIGNALLING_MAX_FRAME_BYTES + 1024) });
    await dropped;
    expect(await aSawLeave).toEqual({ id: bullyId });

    const arrived = nextEvent<IncomingSignal>(b.client, 'signal');
    a.client.emit('signal', { to: b.client.id!, data: OFFER });
    expect(await arrived).toEqual({ from: a.client.id, data: OFFER });
  });
});

describe('undecodable packets', () => {
  it('close that connection and nothing else', async () => {
    const broken = await harness.joined('lobby');
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');

    const dropped = nextEvent(broken.client, 'disconnect');
    // A Socket.IO EVENT packet whose JSON never ends; the server's decoder throws on it.
    broken.client.io.engine.send('2["signal",{');
    await dropped;

    const arrived = nextEvent<IncomingSignal>(b.client, 'signal');
    a.client.emit('signal', { to: b.client.id!, data: OFFER });
    expect(await arrived).toEqual({ from: a.client.id, data: OFFER });
  });
});

describe('odd arguments', () => {
  it('survive binary payloads and extra arguments', async () => {
    const a = await harness.joined('lobby');
    const b = await harness.joined('lobby');
    const attempts: { args: unknown[]; event: string }[] = [
      { args: [new Uint8Array([1, 2, 3])], event: 'signal' },
      { args: [{ to: b.client.id, data: { ...OFFER, sdp: new Uint8Array(8) } }], event: 'signal' },
      // The ack is no longer the second argument, so the server has nobody to answer.
      { args: [{ room: 'lobby' }, 'extra', () => {}], event: 'join' },
    ];
    for (const { args, event } of attempts) {
      const error = nextEvent(a.client, 'signal-error');
      raw(a.client).emit(event, ...args);
      expect(await error).toMatchObject({ code: 'bad-payload', event });
    }

    // Trailing extra arguments to a valid signal are ignored, not fatal.
    const arrived = nextEvent<IncomingSignal>(b.client, 'signal');
    raw(a.client).emit('signal', { to: b.client.id, data: OFFER }, 'extra', 3);
    expect(await arrived).toEqual({ from: a.client.id, data: OFFER });
  });
});
