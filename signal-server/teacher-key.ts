/**
 * The teacher key: one secret per server start (or TEACHER_KEY), carried by the teacher's link and
 * checked on every claim and control. Compared in constant time over SHA-256 digests, so neither
 * the comparison's timing nor a length mismatch tells a guesser how close it came.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters): safe in a URL's query without escaping. */
export function newTeacherKey(random: (bytes: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** TEACHER_KEY if set (trimmed, non-empty), else a fresh random key. */
export function teacherKeyFrom(env: string | undefined, random?: (bytes: number) => Buffer): string {
  const given = env?.trim();
  return given ? given : newTeacherKey(random);
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Builds the check once, so the server's own key is hashed once and never kept beside the request. */
export function teacherKeyCheck(key: string): (given: string) => boolean {
  const expected = digest(key);
  return (given) => timingSafeEqual(expected, digest(given));
}
