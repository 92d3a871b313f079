/**
 * Every refusal goes through here: the client hears a `signal-error` saying what was wrong, its
 * socket's score goes up (and past the limit it is dropped), and the server counts the refusal
 * for a periodic summary instead of writing one line (or one stack trace) per bad message.
 */
import type { SignalErrorCode, SignalEvent } from '../shared/protocol/signalling';
import type { SignalSocket } from './signal-relay';

/** What the guard of one socket does with a refusal (see socket-guard.ts). */
export type RefusalSink = { refused(code: SignalErrorCode): void };

const sinks = new WeakMap<object, RefusalSink>();

export function setRefusalSink(socket: SignalSocket, sink: RefusalSink): void {
  sinks.set(socket, sink);
}

export function sendError(socket: SignalSocket, event: SignalEvent, code: SignalErrorCode, message: string): void {
  socket.emit('signal-error', { code, message, event });
  sinks.get(socket)?.refused(code);
}

/** Scores a refusal answered some other way (an ack), without a `signal-error`. */
export function scoreRefusal(socket: SignalSocket, code: SignalErrorCode): void {
  sinks.get(socket)?.refused(code);
}

/** Counts refusals and drops between summaries; `summary()` reads and resets them. */
export class RefusalCounts {
  #refused = new Map<string, number>();
  #dropped = new Map<string, number>();

  refused(code: string): void {
    this.#refused.set(code, (this.#refused.get(code) ?? 0) + 1);
  }

  dropped(reason: string): void {
    this.#dropped.set(reason, (this.#dropped.get(reason) ?? 0) + 1);
  }

  /** One line for the log, or null if nothing happened since the last one. */
  summary(periodMs: number): string | null {
    if (this.#refused.size === 0 && this.#dropped.size === 0) return null;
    const list = (counts: Map<string, number>) => [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    const parts = [`refused ${total(this.#refused)} messages (${list(this.#refused)})`];
    if (this.#dropped.size > 0) parts.push(`dropped ${total(this.#dropped)} sockets (${list(this.#dropped)})`);
    this.#refused = new Map();
    this.#dropped = new Map();
    return `[signal] last ${Math.round(periodMs / 1000)} s: ${parts.join('; ')}`;
  }
}
