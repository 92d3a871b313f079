import { describe, expect, it } from 'vitest';
import type { SetNicknameAck } from '../../shared/protocol/signalling';
import type { SignallingSocket } from '../net/signalling-client';
import { NICKNAME_KEY } from '../persistence/nickname';
import { createMeshStore } from '../store/mesh-store';
import { createNicknameControl } from './nickname';

function memory(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

/** A socket whose server answers set-nickname as `answer` says (suffixing "Amy", as a room holding Amy would). */
function socketAnswering(answer: (nickname: string) => SetNicknameAck, connected = true) {
  const asked: string[] = [];
  const socket = {
    connected,
    timeout: () => ({
      emitWithAck: async (_event: string, request: { nickname: string }) => {
        asked.push(request.nickname);
        return answer(request.nickname);
      },
    }),
  } as unknown as SignallingSocket;
  return { socket, asked };
}

const roomWithAmy = (nickname: string): SetNicknameAck => (nickname === 'Amy' ? { ok: true, nickname: 'Amy 2', nicknameChanged: true } : { ok: true, nickname, nicknameChanged: false });

describe('the tab nickname', () => {
  it('on first open, joins with a generated name and keeps it; later loads reuse it without asking', () => {
    const storage = memory();
    const { socket } = socketAnswering(roomWithAmy);
    const first = createNicknameControl({ storage, fromUrl: null, generate: () => 'Otter 42', socket, store: createMeshStore('r') });
    expect(first.firstOpen).toBe(true);
    expect(first.wanted()).toBe('Otter 42');
    const reload = createNicknameControl({ storage, fromUrl: 'Ignored', generate: () => 'Fox 1', socket, store: createMeshStore('r') });
    expect(reload.firstOpen).toBe(false);
    expect(reload.wanted()).toBe('Otter 42');
  });

  it('prefers ?nickname= to a generated one on first open', () => {
    const { socket } = socketAnswering(roomWithAmy);
    const control = createNicknameControl({ storage: memory(), fromUrl: 'Zoé', generate: () => 'Otter 42', socket, store: createMeshStore('r') });
    expect(control.wanted()).toBe('Zoé');
    // A name chosen in the address is not offered for change at once (the prompt is for generated ones).
    expect(control.firstOpen).toBe(false);
  });

  it('keeps the nickname the server granted at join, and remembers the clash to show', () => {
    const storage = memory();
    const { socket } = socketAnswering(roomWithAmy);
    const control = createNicknameControl({ storage, fromUrl: 'Amy', generate: () => 'x', socket, store: createMeshStore('r') });
    control.granted('Amy', 'Amy 2', true);
    expect(control.clash).toEqual({ asked: 'Amy', nickname: 'Amy 2' });
    expect(control.wanted()).toBe('Amy 2');
    expect(storage.map.get(NICKNAME_KEY)).toBe('Amy 2');
  });

  it('checks a change with the server’s rule before sending, then keeps and shows what the server grants', async () => {
    const storage = memory({ [NICKNAME_KEY]: 'Otter 42' });
    const store = createMeshStore('r');
    const { socket, asked } = socketAnswering(roomWithAmy);
    const control = createNicknameControl({ storage, fromUrl: null, generate: () => 'x', socket, store });
    expect(await control.change('Am\u202Ey')).toEqual({ ok: false, problem: { key: 'names:problem.bidi', params: { chars: 24, bytes: 72 } } });
    expect(await control.change('   ')).toMatchObject({ ok: false, problem: { key: 'names:problem.empty' } });
    expect(asked).toEqual([]);
    expect(await control.change(' Amy ')).toEqual({ ok: true, asked: 'Amy', nickname: 'Amy 2', changed: true });
    expect(asked).toEqual(['Amy']);
    expect(store.getState().self.nickname).toBe('Amy 2');
    expect(storage.map.get(NICKNAME_KEY)).toBe('Amy 2');
  });

  it('says so when the server refuses or cannot be asked, and keeps the old name', async () => {
    const storage = memory({ [NICKNAME_KEY]: 'Otter 42' });
    const refusing = socketAnswering(() => ({ ok: false, code: 'rate-limited', message: 'slow down' }));
    const control = createNicknameControl({ storage, fromUrl: null, generate: () => 'x', socket: refusing.socket, store: createMeshStore('r') });
    expect(await control.change('Ben')).toEqual({ ok: false, code: 'rate-limited', problem: { key: 'names:bar.refused', params: { code: 'rate-limited', message: 'slow down' } } });
    const offline = socketAnswering(roomWithAmy, false);
    const away = createNicknameControl({ storage, fromUrl: null, generate: () => 'x', socket: offline.socket, store: createMeshStore('r') });
    expect(await away.change('Ben')).toMatchObject({ ok: false, code: 'no-answer' });
    expect(offline.asked).toEqual([]);
    expect(storage.map.get(NICKNAME_KEY)).toBe('Otter 42');
  });
});
