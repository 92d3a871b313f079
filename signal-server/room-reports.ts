/**
 * The latest telemetry report of each member, per room, and what changed since the room's last
 * `room-reports`: plain data, like the room registry. Members that have had a full snapshot get
 * only the changes after it; a member that has not (a newcomer) gets everything once.
 */
import type { RoomReport, RoomReports as RoomReportsMessage } from '../shared/protocol/room-report';

type RoomState = {
  reports: Map<string, RoomReport>;
  changed: Set<string>;
  removed: Set<string>;
  /** Members that have been sent a full snapshot (and every delta since). */
  synced: Set<string>;
};

/** What to send at a flush: `delta` to the synced members, `full` to the rest. */
export type ReportsFlush = { delta: RoomReportsMessage | null; full: RoomReportsMessage; newcomers: string[]; synced: string[] };

export class RoomReports {
  readonly #byRoom = new Map<string, RoomState>();
  readonly #roomBySocket = new Map<string, string>();
  /** Room of each synced member, so a member that leaves without ever reporting is forgotten too. */
  readonly #syncedIn = new Map<string, string>();

  /** Keeps `report` as its sender's latest (`report.id`), replacing the one before. */
  put(room: string, report: RoomReport): void {
    const state = this.#state(room);
    state.reports.set(report.id, report);
    state.changed.add(report.id);
    state.removed.delete(report.id);
    this.#roomBySocket.set(report.id, room);
  }

  /** Forgets a member; returns its room if the room must hear of it (it had a report there). */
  remove(socketId: string): string | undefined {
    const syncedRoom = this.#syncedIn.get(socketId);
    this.#syncedIn.delete(socketId);
    if (syncedRoom !== undefined) this.#byRoom.get(syncedRoom)?.synced.delete(socketId);
    const room = this.#roomBySocket.get(socketId);
    if (room === undefined) return undefined;
    this.#roomBySocket.delete(socketId);
    const state = this.#byRoom.get(room)!;
    state.reports.delete(socketId);
    state.changed.delete(socketId);
    state.synced.delete(socketId);
    state.removed.add(socketId);
    return room;
  }

  /** The room's reports, oldest reporter first. */
  of(room: string): RoomReport[] {
    return [...(this.#byRoom.get(room)?.reports.values() ?? [])];
  }

  /**
   * What a flush to `members` (the room's sockets now) would send; null when nobody needs
   * anything. Does not change state: call `flushed` once it is sent.
   */
  pending(room: string, members: readonly string[]): ReportsFlush | null {
    const state = this.#byRoom.get(room);
    if (!state) return null;
    const newcomers = members.filter((id) => !state.synced.has(id));
    const synced = members.filter((id) => state.synced.has(id));
    const hasDelta = state.changed.size > 0 || state.removed.size > 0;
    if (newcomers.length === 0 && !hasDelta) return null;
    const delta = hasDelta && synced.length > 0
      ? { full: false, reports: [...state.changed].map((id) => state.reports.get(id)!), removed: [...state.removed] }
      : null;
    return { delta, full: { full: true, reports: [...state.reports.values()] }, newcomers, synced };
  }

  /** The flush was sent: the changes are delivered and the newcomers are synced. */
  flushed(room: string, flush: ReportsFlush): void {
    const state = this.#byRoom.get(room);
    if (!state) return;
    state.changed.clear();
    state.removed.clear();
    for (const id of flush.newcomers) {
      state.synced.add(id);
      this.#syncedIn.set(id, room);
    }
    if (state.reports.size === 0) {
      // Nothing left to tell this room: start afresh (everyone gets a full snapshot next time).
      for (const id of state.synced) this.#syncedIn.delete(id);
      this.#byRoom.delete(room);
    }
  }

  #state(room: string): RoomState {
    let state = this.#byRoom.get(room);
    if (!state) this.#byRoom.set(room, (state = { reports: new Map(), changed: new Set(), removed: new Set(), synced: new Set() }));
    return state;
  }
}
