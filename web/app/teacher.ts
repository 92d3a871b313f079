/**
 * The teacher's side of the desk: the secret from the teacher link (`?teacher=KEY`, printed by
 * `npm start`), kept for this tab only and taken out of the address bar at once (a projector, a
 * screenshot or a shared bookmark must not show it), a claim after the tab has joined its room,
 * and every control sent with the key, which the server checks each time (docs/PROTOCOL.md §2.3).
 */
import type { ControlAck, RoomControl, RoomSettings } from '../../shared/protocol/room-controls';
import type { SignallingSocket } from '../net/signalling-client';
import type { Notice } from '../store/mesh-store';

/** sessionStorage: survives this tab's reloads (a reset, a mode switch), not shared with other tabs. */
export const TEACHER_KEY_STORAGE = 'meshchain.teacher-key';
/** A control the server does not answer within this is reported as unanswered. */
export const CONTROL_TIMEOUT_MS = 5_000;

type KeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The query string without any `teacher` parameter, every other parameter kept in order. */
export function searchWithoutTeacher(search: string): string {
  const query = new URLSearchParams(search);
  query.delete('teacher');
  const rest = query.toString();
  return rest ? `?${rest}` : '';
}

/**
 * The teacher key for this tab: from the address (then stored and removed from the address bar
 * with `replaceUrl`, i.e. history.replaceState), else the one stored by an earlier load of this tab.
 */
export function takeTeacherKey(
  location: Pick<Location, 'search' | 'pathname' | 'hash'>,
  storage: KeyStorage,
  replaceUrl: (url: string) => void,
): string | null {
  const fromUrl = new URLSearchParams(location.search).get('teacher');
  if (fromUrl !== null) {
    replaceUrl(`${location.pathname}${searchWithoutTeacher(location.search)}${location.hash}`);
    if (fromUrl.length > 0) storage.setItem(TEACHER_KEY_STORAGE, fromUrl);
  }
  const stored = storage.getItem(TEACHER_KEY_STORAGE);
  return stored && stored.length > 0 ? stored : null;
}

/** A refused control as the page shows it: the code's own sentence, the server's words beside it. */
export function refusalNotice(ack: Extract<ControlAck, { ok: false }>): Notice {
  return { key: 'desk:refusal.text', params: { reason: `desk:refusal.code.${ack.code}`, code: ack.code, message: ack.message } };
}

export interface TeacherControls {
  /** Whether this tab holds a key at all (the desk is offered only then). */
  readonly hasKey: boolean;
  /** Claims the room after a join (again after every rejoin); null without a key. */
  claim(): Promise<ControlAck | null>;
  /** Sends one room-wide control with the key (a student's page sends none, and is refused). */
  send(control: RoomControl): Promise<ControlAck>;
}

export interface TeacherHooks {
  /** The settings an accepted claim or control answered with. */
  settings(settings: RoomSettings): void;
  /** Claimed (true) or refused (false). */
  claimed(isTeacher: boolean): void;
  /** A refusal to show: null clears the previous one after a success. */
  refusal(notice: Notice | null): void;
}

export function teacherControls(socket: SignallingSocket, key: string | null, hooks: TeacherHooks): TeacherControls {
  const ask = async (event: 'claim-teacher' | 'room-control', payload: object): Promise<ControlAck> => {
    try {
      const ack = (await socket.timeout(CONTROL_TIMEOUT_MS).emitWithAck(event as 'room-control', payload as never)) as ControlAck;
      if (ack.ok) {
        hooks.settings(ack.settings);
        hooks.refusal(null);
      } else hooks.refusal(refusalNotice(ack));
      return ack;
    } catch {
      const ack: ControlAck = { ok: false, code: 'not-joined', message: `no answer from the signalling server within ${CONTROL_TIMEOUT_MS / 1000} s` };
      hooks.refusal({ key: 'desk:refusal.unanswered', params: { seconds: CONTROL_TIMEOUT_MS / 1000 } });
      return ack;
    }
  };
  return {
    hasKey: key !== null,
    async claim() {
      if (key === null) return null;
      const ack = await ask('claim-teacher', { key });
      hooks.claimed(ack.ok);
      return ack;
    },
    // Without a key the control still goes out (with an empty one), so the page shows the server's refusal.
    send: (control) => ask('room-control', { key: key ?? '', control }),
  };
}
