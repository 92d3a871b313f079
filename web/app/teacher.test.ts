import { describe, expect, it } from 'vitest';
import { searchWithoutTeacher, takeTeacherKey, teacherControls, TEACHER_KEY_STORAGE } from './teacher';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('the teacher key from the teacher link', () => {
  it('is kept for this tab and taken out of the address bar at once, every other parameter kept', () => {
    const storage = memoryStorage();
    const urls: string[] = [];
    const key = takeTeacherKey({ search: '?room=class&teacher=s3cret-KEY&difficulty=6', pathname: '/', hash: '#x' }, storage, (url) => urls.push(url));
    expect(key).toBe('s3cret-KEY');
    expect(storage.items.get(TEACHER_KEY_STORAGE)).toBe('s3cret-KEY');
    expect(urls).toEqual(['/?room=class&difficulty=6#x']);
    expect(urls[0]).not.toContain('s3cret');
  });

  it('survives a reload of the same tab (reset, mode switch) from sessionStorage, without touching the address', () => {
    const storage = memoryStorage({ [TEACHER_KEY_STORAGE]: 'kept' });
    const urls: string[] = [];
    expect(takeTeacherKey({ search: '?room=class&epoch=2', pathname: '/', hash: '' }, storage, (url) => urls.push(url))).toBe('kept');
    expect(urls).toEqual([]);
  });

  it('is absent for a student, and an empty ?teacher= is removed without becoming a key', () => {
    expect(takeTeacherKey({ search: '?room=class', pathname: '/', hash: '' }, memoryStorage(), () => {})).toBeNull();
    const urls: string[] = [];
    expect(takeTeacherKey({ search: '?teacher=', pathname: '/', hash: '' }, memoryStorage(), (url) => urls.push(url))).toBeNull();
    expect(urls).toEqual(['/']);
  });

  it('drops every repeat of the parameter', () => {
    expect(searchWithoutTeacher('?teacher=a&room=r&teacher=b')).toBe('?room=r');
  });
});

describe('teacher controls over the socket', () => {
  /** A socket whose server answers each claim or control with the next of `answers` (or never, for 'silence'). */
  function fakeSocket(answers: Array<unknown>) {
    const sent: Array<{ event: string; payload: unknown }> = [];
    const socket = {
      timeout: () => ({
        emitWithAck: (event: string, payload: unknown) => {
          sent.push({ event, payload });
          const answer = answers.shift();
          return answer === 'silence' ? Promise.reject(new Error('operation has timed out')) : Promise.resolve(answer);
        },
      }),
    };
    return { socket: socket as never, sent };
  }
  const hooks = () => {
    const seen = { settings: [] as unknown[], claimed: [] as boolean[], refusals: [] as unknown[] };
    return { seen, hooks: { settings: (s: unknown) => void seen.settings.push(s), claimed: (c: boolean) => void seen.claimed.push(c), refusal: (r: unknown) => void seen.refusals.push(r) } };
  };

  it('claims with the key, sends every control with it, and passes on the settings the server answers', async () => {
    const settings = { teacher: true };
    const { socket, sent } = fakeSocket([{ ok: true, settings }, { ok: true, settings }]);
    const { seen, hooks: h } = hooks();
    const controls = teacherControls(socket, 'k3y', h as never);
    await controls.claim();
    await controls.send({ kind: 'mining', paused: true });
    expect(sent).toEqual([
      { event: 'claim-teacher', payload: { key: 'k3y' } },
      { event: 'room-control', payload: { key: 'k3y', control: { kind: 'mining', paused: true } } },
    ]);
    expect(seen.claimed).toEqual([true]);
    expect(seen.settings).toEqual([settings, settings]);
    expect(seen.refusals).toEqual([null, null]);
  });

  it("shows the server's refusal with its code and words, and says so when the server does not answer", async () => {
    const { socket, sent } = fakeSocket([{ ok: false, code: 'wrong-key', message: 'that is not the teacher key' }, 'silence']);
    const { seen, hooks: h } = hooks();
    const controls = teacherControls(socket, null, h as never);
    expect(controls.hasKey).toBe(false);
    expect(await controls.claim()).toBeNull(); // a student's tab claims nothing
    const refused = await controls.send({ kind: 'overlay', locked: false });
    expect(refused).toEqual({ ok: false, code: 'wrong-key', message: 'that is not the teacher key' });
    expect(sent[0]!.payload).toEqual({ key: '', control: { kind: 'overlay', locked: false } });
    expect(seen.refusals[0]).toEqual({ key: 'desk:refusal.text', params: { reason: 'desk:refusal.code.wrong-key', code: 'wrong-key', message: 'that is not the teacher key' } });
    await controls.send({ kind: 'overlay', locked: false });
    expect(seen.refusals[1]).toEqual({ key: 'desk:refusal.unanswered', params: { seconds: 5 } });
    expect(seen.settings).toEqual([]);
  });
});
