import { describe, expect, it } from 'vitest';
import {
  checkName,
  checkNickname,
  checkRoomName,
  checkTopicName,
  freeNickname,
  NAME_LIMITS,
  nicknameKey,
  nicknameSchema,
  roomNameSchema,
  type NameKind,
  type NameProblem,
} from './names';

const KINDS: NameKind[] = ['room', 'topic', 'nickname'];

describe('checkName accepts names in any script', () => {
  it.each(['數學課', '第3組', 'équipe-a', 'lobby', 'team_a', 'Ελληνικά', 'العربية', 'หมู่ 2', '😀 fun'])('%s', (name) => {
    for (const kind of KINDS) expect(checkName(kind, name), `${kind} ${name}`).toEqual({ ok: true, value: name });
  });

  it('trims white space at the ends, not inside', () => {
    expect(checkRoomName('  數學 課 \t')).toEqual({ ok: true, value: '數學 課' });
    expect(checkNickname('\u3000Amy\u00A0')).toEqual({ ok: true, value: 'Amy' });
  });

  it('normalises to NFC, so two spellings of one name are one name', () => {
    const composed = '\u00E9quipe'; // é as one code point
    const decomposed = 'e\u0301quipe'; // e + combining acute
    expect(composed).not.toBe(decomposed);
    const a = checkRoomName(composed);
    const b = checkRoomName(decomposed);
    expect(a).toEqual({ ok: true, value: composed });
    expect(b).toEqual(a);
  });
});

describe('checkName bounds', () => {
  it.each(KINDS)('%s: counts code points, not UTF-16 units', (kind) => {
    const { chars } = NAME_LIMITS[kind];
    // 𝒜 is two UTF-16 units and four bytes; CJK is one unit and three bytes.
    expect(checkName(kind, '課'.repeat(chars)).ok).toBe(true);
    expect(checkName(kind, '課'.repeat(chars + 1))).toEqual({ ok: false, problem: 'too-long' });
    expect(checkName(kind, 'a'.repeat(chars)).ok).toBe(true);
    expect(checkName(kind, 'a'.repeat(chars + 1))).toEqual({ ok: false, problem: 'too-long' });
  });

  it.each(KINDS)('%s: bounds UTF-8 bytes too', (kind) => {
    const { chars, bytes } = NAME_LIMITS[kind];
    const emoji = '😀'; // 4 bytes
    const fits = Math.floor(bytes / 4);
    expect(fits).toBeLessThan(chars);
    expect(checkName(kind, emoji.repeat(fits)).ok).toBe(true);
    expect(checkName(kind, emoji.repeat(fits + 1))).toEqual({ ok: false, problem: 'too-many-bytes' });
  });

  it('refuses empty and all-space names', () => {
    for (const raw of ['', '   ', '\u3000\n']) expect(checkTopicName(raw)).toEqual({ ok: false, problem: 'empty' });
  });

  it('refuses what is not a string, and megabytes before looking at each character', () => {
    expect(checkName('room', 42)).toEqual({ ok: false, problem: 'bad-shape' });
    expect(checkName('room', null)).toEqual({ ok: false, problem: 'bad-shape' });
    expect(checkName('room', 'a'.repeat(1_000_000))).toEqual({ ok: false, problem: 'too-long' });
  });
});

describe('checkName refuses characters that hide or disguise text', () => {
  const cases: [string, NameProblem][] = [
    ['a\u0000b', 'control'],
    ['a\u0007b', 'control'],
    ['a\nb', 'control'],
    ['a\u007Fb', 'control'],
    ['a\u0085b', 'control'], // C1 (NEL)
    ['a\u009Bb', 'control'], // C1 (CSI)
    ['a\u2028b', 'control'],
    ['a\u202Eb', 'bidi'], // right-to-left override
    ['a\u202Ab', 'bidi'],
    ['a\u2066b', 'bidi'], // isolates
    ['a\u2069b', 'bidi'],
    ['a\u200Eb', 'bidi'], // LRM
    ['a\u200Fb', 'bidi'], // RLM
    ['a\u061Cb', 'bidi'], // Arabic letter mark
    ['a\u200Bb', 'invisible'], // zero-width space
    ['a\u200Cb', 'invisible'],
    ['a\u200Db', 'invisible'],
    ['a\u2060b', 'invisible'], // word joiner
    ['a\uFEFFb', 'invisible'], // BOM / ZWNBSP
    ['\uFEFFab', 'invisible'], // not trimmed away silently
    ['a\u00ADb', 'invisible'], // soft hyphen
    ['a\uFE0Fb', 'invisible'], // variation selector
    ['a\u{E0100}b', 'invisible'], // supplementary variation selector
    ['a\u{E0041}b', 'invisible'], // tag
    ['a\u3164b', 'invisible'], // Hangul filler
    ['a\u034Fb', 'invisible'], // combining grapheme joiner
    ['a\uE000b', 'bad-shape'], // private use
    ['a\uD800b', 'bad-shape'], // lone surrogate
    ['a\u0301\u0301\u0301\u0301\u0301\u0301\u0301b', 'bad-shape'], // a pile of combining marks
  ];
  it.each(cases)('%j → %s', (raw, problem) => {
    for (const kind of KINDS) expect(checkName(kind, raw), kind).toEqual({ ok: false, problem });
  });

  it.each(['a/b', 'a?b', 'a#b', 'a%b', 'a\\b', 'room:x'])('rooms refuse %j (URLs and the room: prefix)', (raw) => {
    expect(checkRoomName(raw)).toEqual({ ok: false, problem: 'bad-shape' });
    expect(checkNickname(raw).ok).toBe(true);
  });

  it('nicknames refuse reserved words however they are spelled', () => {
    for (const raw of ['self', 'SELF', 'Self', 'ѕelf', 'ｓｅｌｆ', 'server', 'System']) {
      expect(checkNickname(raw), raw).toEqual({ ok: false, problem: 'reserved' });
    }
    expect(checkNickname('selfie').ok).toBe(true);
  });
});

describe('nicknameKey', () => {
  it('makes look-alikes collide', () => {
    const amy = nicknameKey('Amy');
    for (const variant of ['amy', 'AMY', '\u0410my', 'Аmу', 'ＡＭＹ', ' Amy ', 'Αmy']) {
      expect(nicknameKey(variant), variant).toBe(amy);
    }
    expect(nicknameKey('B0b')).toBe(nicknameKey('Bob'));
    expect(nicknameKey('Bi11')).toBe(nicknameKey('Bill'));
    expect(nicknameKey('BILL')).toBe(nicknameKey('bill'));
    expect(nicknameKey('Amy  Chen')).toBe(nicknameKey('Amy Chen'));
    expect(nicknameKey('Amy\u2013Chen')).toBe(nicknameKey('Amy-Chen'));
  });

  it('keeps distinct names apart', () => {
    const names = ['Amy', 'Amie', 'Ben', 'Bea', 'Amy 2', 'Zoë', 'Zoe', '小明', '小美', 'équipe', 'Chen', 'Cheng'];
    const keys = new Set(names.map(nicknameKey));
    expect(keys.size).toBe(names.length);
  });
});

describe('freeNickname', () => {
  it('keeps a free name, and suffixes a clash', () => {
    const taken = new Set(['Amy', 'Amy 2'].map(nicknameKey));
    expect(freeNickname('Ben', taken)).toBe('Ben');
    expect(freeNickname('аmy', taken)).toBe('аmy 3');
  });

  it('cuts a long name so the suffixed one still passes the rule', () => {
    const long = '課'.repeat(NAME_LIMITS.nickname.chars);
    const got = freeNickname(long, new Set([nicknameKey(long)]))!;
    expect(got.endsWith(' 2')).toBe(true);
    expect(checkNickname(got)).toEqual({ ok: true, value: got });
  });
});

describe('zod schemas', () => {
  it('output the NFC value and fail with the problem code', () => {
    expect(roomNameSchema.parse(' e\u0301quipe ')).toBe('\u00E9quipe');
    const bad = nicknameSchema.safeParse('a\u202Eb');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('bidi');
    expect(roomNameSchema.safeParse(7).success).toBe(false);
  });
});
