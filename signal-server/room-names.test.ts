/** Names on the server: rooms in any script, tab names bound to one socket, nicknames unique by look. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JoinAck, SetNicknameAck } from '../shared/protocol/signalling';
import { Harness, nextEvent, record } from './test-harness';

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.start();
});
afterEach(async () => {
  await harness.close();
});

describe('rooms in any script', () => {
  it('joins 數學課, 第3組 and équipe-a, and two spellings that normalise the same are one room', async () => {
    for (const room of ['數學課', '第3組']) expect((await harness.joined(room)).ack.room).toBe(room);
    const composed = await harness.joined('\u00E9quipe-a'); // é as one code point
    const aSaw = nextEvent(composed.client, 'peer-joined');
    const decomposed = await harness.joined('e\u0301quipe-a'); // e + combining acute
    expect(decomposed.ack.room).toBe('\u00E9quipe-a');
    expect(decomposed.peers).toEqual([composed.client.id]);
    expect(await aSaw).toMatchObject({ id: decomposed.client.id });
  });

  it('says which problem a refused room has', async () => {
    const client = await harness.connect();
    const ack: JoinAck = await client.emitWithAck('join', { room: 'a\u202Eb' });
    expect(ack).toMatchObject({ ok: false, code: 'bad-room' });
    expect((ack as { message: string }).message).toContain('bidi');
  });
});

describe('tab names', () => {
  it('are held by one live socket of a room: a second join under the name is name-taken until the first leaves', async () => {
    const first = await harness.named('class', 'tab-one');
    const thief = await harness.connect();
    const refused = await thief.emitWithAck('join', { room: 'class', name: 'tab-one' });
    expect(refused).toMatchObject({ ok: false, code: 'name-taken' });
    // The same name in another room is another tab's business.
    expect((await harness.named('other', 'tab-one')).ack.ok).toBe(true);

    const watcher = await harness.named('class', 'watcher');
    const left = nextEvent(watcher.client, 'peer-left');
    first.client.disconnect();
    await left; // the server has dropped the old socket: what a reloading tab's retry waits out
    const retry: JoinAck = await thief.emitWithAck('join', { room: 'class', name: 'tab-one' });
    expect(retry).toMatchObject({ ok: true, nickname: 'tab-one' });
  });

  it('refuses reserved words', async () => {
    const client = await harness.connect();
    for (const name of ['self', 'SELF', 'server']) {
      expect(await client.emitWithAck('join', { room: 'class', name }), name).toMatchObject({ ok: false, code: 'bad-name' });
    }
  });
});

describe('nicknames', () => {
  it('are unique in a room by look: a clash is suffixed and the ack says so', async () => {
    const amy = await harness.named('class', 'tab-1', 'Amy');
    expect(amy.ack).toMatchObject({ nickname: 'Amy', nicknameChanged: false, members: [] });
    const amySaw = nextEvent(amy.client, 'peer-joined');
    const impostor = await harness.named('class', 'tab-2', '\u0410my'); // Cyrillic А
    expect(impostor.ack).toMatchObject({ nickname: '\u0410my 2', nicknameChanged: true });
    expect(impostor.ack.members).toEqual([{ id: amy.client.id, name: 'tab-1', nickname: 'Amy' }]);
    expect(await amySaw).toEqual({ id: impostor.client.id, name: 'tab-2', nickname: '\u0410my 2' });
    const third = await harness.named('class', 'tab-3', 'ＡＭＹ');
    expect(third.ack.nickname).toBe('ＡＭＹ 3');
    // Another room has its own Amy.
    expect((await harness.named('other', 'tab-4', 'Amy')).ack).toMatchObject({ nickname: 'Amy', nicknameChanged: false });
  });

  it('default to the tab name, and a refused nickname says why', async () => {
    expect((await harness.named('class', 'tab-9')).ack).toMatchObject({ nickname: 'tab-9', nicknameChanged: true });
    const client = await harness.connect();
    const ack: JoinAck = await client.emitWithAck('join', { room: 'class', nickname: 'a\u200Bb' });
    expect(ack).toMatchObject({ ok: false, code: 'bad-name' });
    expect((ack as { message: string }).message).toContain('invisible');
  });

  it('change with set-nickname: suffixed on a clash, and the whole room hears peer-renamed', async () => {
    const amy = await harness.named('class', 'tab-1', 'Amy');
    const ben = await harness.named('class', 'tab-2', 'Ben');
    const amySaw = record(amy.client, 'peer-renamed');
    const benSaw = nextEvent(ben.client, 'peer-renamed');
    const ack: SetNicknameAck = await ben.client.emitWithAck('set-nickname', { nickname: ' amy ' });
    expect(ack).toEqual({ ok: true, nickname: 'amy 2', nicknameChanged: true });
    expect(await benSaw).toEqual({ id: ben.client.id, nickname: 'amy 2' });
    await amy.client.emitWithAck('clock');
    expect(amySaw).toEqual([{ id: ben.client.id, nickname: 'amy 2' }]);
    // Ben's old nickname is free again; his own current one does not clash with himself.
    expect((await harness.named('class', 'tab-3', 'Ben')).ack.nickname).toBe('Ben');
    expect(await ben.client.emitWithAck('set-nickname', { nickname: 'amy 2' })).toEqual({ ok: true, nickname: 'amy 2', nicknameChanged: false });
  });

  it('set-nickname refuses bad names and sockets outside a room', async () => {
    const amy = await harness.named('class', 'tab-1', 'Amy');
    expect(await amy.client.emitWithAck('set-nickname', { nickname: 'self' })).toMatchObject({ ok: false, code: 'bad-name' });
    expect(await amy.client.emitWithAck('set-nickname', { nickname: 'x'.repeat(25) })).toMatchObject({ ok: false, code: 'bad-name' });
    const loner = await harness.connect();
    expect(await loner.emitWithAck('set-nickname', { nickname: 'Zed' })).toMatchObject({ ok: false, code: 'not-joined' });
  });

  it('topology-changed names the nickname bound to the switcher', async () => {
    const amy = await harness.named('class', 'tab-1', 'Amy');
    const saw = nextEvent(amy.client, 'topology-changed');
    amy.client.emit('set-topology', { topology: 'kademlia' });
    expect(await saw).toEqual({ topology: 'kademlia', by: 'Amy' });
  });
});
