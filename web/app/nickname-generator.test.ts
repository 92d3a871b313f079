import { describe, expect, it } from 'vitest';
import { checkNickname } from '../../shared/protocol/names';
import { generateNickname } from './nickname-generator';
import en from '../i18n/locales/en/names.json';
import zh from '../i18n/locales/zh-Hant/names.json';

/** A seeded source (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (catalogue: { animals: Record<string, string>; generated: string }) => ({
  animals: Object.values(catalogue.animals),
  format: (animal: string, number: number) => catalogue.generated.replace('{{animal}}', animal).replace('{{number}}', String(number)),
});

describe('generated nicknames', () => {
  it('are an animal and a number, in the page language', () => {
    const fixed = (value: number) => () => value;
    expect(generateNickname({ animals: ['Otter', 'Fox'], format: (a, n) => `${a} ${n}` }, fixed(0))).toBe('Otter 1');
    expect(generateNickname({ animals: ['Otter', 'Fox'], format: (a, n) => `${a} ${n}` }, fixed(0.9999))).toBe('Fox 99');
    expect(generateNickname(words(zh), fixed(0))).toMatch(/^\p{Script=Han}+ 1$/u);
    expect(generateNickname(words(en), fixed(0))).toMatch(/^[A-Z][a-z]+ 1$/);
  });

  it('always pass the nickname rule the server applies, in both catalogues', () => {
    for (const catalogue of [en, zh]) {
      const random = seeded(7);
      for (let i = 0; i < 500; i++) expect(checkNickname(generateNickname(words(catalogue), random)).ok).toBe(true);
    }
  });

  it('vary: a class of 30 rarely meets the same one twice', () => {
    const random = seeded(42);
    const names = new Set(Array.from({ length: 30 }, () => generateNickname(words(en), random)));
    expect(names.size).toBeGreaterThanOrEqual(28);
  });

  it('fall back to a plain number when the catalogue gives something the rule refuses', () => {
    const name = generateNickname({ animals: ['bad\u202Ename'], format: (a, n) => `${a} ${n}` }, () => 0.5);
    expect(name).toBe('#50');
    expect(checkNickname(name).ok).toBe(true);
    expect(generateNickname({ animals: [], format: (a, n) => `${a}${n}` }, () => 0)).toBe('?1');
  });
});
