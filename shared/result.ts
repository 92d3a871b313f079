/**
 * Decisions and checks return values, never just `false` and a log line: the caller (and the
 * event log a student reads) gets the stable `reason` code plus a human sentence.
 */
export type Ok<T> = { ok: true; value: T };
export type Rejected<R extends string> = { ok: false; reason: R; detail: string };
export type Result<T, R extends string> = Ok<T> | Rejected<R>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const reject = <R extends string>(reason: R, detail: string): Rejected<R> => ({
  ok: false,
  reason,
  detail,
});
