import { describe, expect, it } from 'vitest';
import { newTeacherKey, teacherKeyCheck, teacherKeyFrom } from './teacher-key';

describe('teacher key', () => {
  it('is 32 random bytes in base64url, different on every start', () => {
    const a = newTeacherKey();
    const b = newTeacherKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(newTeacherKey(() => Buffer.alloc(32, 0xff))).toBe('_'.repeat(42) + '8');
  });

  it('comes from TEACHER_KEY when set (trimmed), else is generated', () => {
    expect(teacherKeyFrom('  s3cret \n')).toBe('s3cret');
    expect(teacherKeyFrom('   ', () => Buffer.alloc(32, 0))).toBe('A'.repeat(43));
    expect(teacherKeyFrom(undefined, () => Buffer.alloc(32, 0))).toBe('A'.repeat(43));
  });

  it('matches only the exact key, whatever the length of the guess', () => {
    const matches = teacherKeyCheck('correct-horse');
    expect(matches('correct-horse')).toBe(true);
    expect(matches('correct-hors')).toBe(false);
    expect(matches('correct-horsee')).toBe(false);
    expect(matches('')).toBe(false);
    expect(matches('x'.repeat(10_000))).toBe(false);
  });
});
