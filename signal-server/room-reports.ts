/** The latest telemetry report of each member, per room; plain data, like the room registry. */
import type { RoomReport } from '../shared/protocol/room-report';

export class RoomReports {
  readonly #byRoom = new Map<string, Map<string, RoomReport>>();
  readonly #roomBySocket = new Map<string, string>();

  /** Keeps `report` as its sender's latest (`report.id`), replacing the one before. */
  put(room: string, report: RoomReport): void {
    let reports = this.#byRoom.get(room);
    if (!reports) this.#byRoom.set(room, (reports = new Map()));
    reports.set(report.id, report);
    this.#roomBySocket.set(report.id, room);
  }

  /** Forgets a member's report; returns its room if it had one there (so the room hears it is gone). */
  remove(socketId: string): string | undefined {
    const room = this.#roomBySocket.get(socketId);
    if (room === undefined) return undefined;
    this.#roomBySocket.delete(socketId);
    const reports = this.#byRoom.get(room)!;
    reports.delete(socketId);
    if (reports.size === 0) this.#byRoom.delete(room);
    return room;
  }

  /** The room's reports, oldest reporter first. */
  of(room: string): RoomReport[] {
    return [...(this.#byRoom.get(room)?.values() ?? [])];
  }
}
