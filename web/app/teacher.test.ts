import { describe, expect, it } from 'vitest';
import { searchWithoutTeacher, takeTeacherKey, TEACHER_KEY_STORAGE } from './teacher';

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
