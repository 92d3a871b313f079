/**
 * One rule for the names people type: room names, pub/sub topic names and nicknames. The server
 * and the page both import it, so a name the page accepts is never refused by the server (or the
 * other way round). Names may be in any script (`數學課`, `第3組`, `équipe-a`); what is refused is
 * what lets one name pass for another or hide text: control, bidi and invisible characters.
 * Pure: no I/O.
 */
import { z } from 'zod';
import './zod-config';

export type NameKind = 'room' | 'topic' | 'nickname';

/**
 * `chars` counts code points (after NFC), `bytes` counts UTF-8. The byte bound is three bytes per
 * allowed character, so a name in Chinese (3 bytes a character) may use every character, while a
 * name of emoji (4 bytes each) is cut by bytes first.
 */
export const NAME_LIMITS: Readonly<Record<NameKind, { chars: number; bytes: number }>> = {
  room: { chars: 32, bytes: 96 },
  topic: { chars: 48, bytes: 144 },
  nickname: { chars: 24, bytes: 72 },
};

export type NameProblem =
  | 'empty' // nothing left after trimming
  | 'too-long' // more code points than NAME_LIMITS[kind].chars
  | 'too-many-bytes' // more UTF-8 bytes than NAME_LIMITS[kind].bytes
  | 'control' // C0/C1 control characters, line and paragraph separators
  | 'bidi' // bidi marks, embeddings, overrides and isolates: they reorder the text around them
  | 'invisible' // zero-width and other format characters, variation selectors, tags, fillers
  | 'reserved' // a word the protocol gives a meaning (e.g. 'self' in reports)
  | 'bad-shape'; // not a string, a lone surrogate, private use, a character rooms cannot hold, a pile of combining marks

export type NameCheck = { ok: true; value: string } | { ok: false; problem: NameProblem };

/**
 * Words a tab name or nickname may not be (compared by nicknameKey, so case and look-alikes do
 * not get round it): 'self' means "mined here" in room reports (MINED_HERE), and the others would
 * pass a student's text off as a notice from the server.
 */
export const RESERVED_NAMES: readonly string[] = ['self', 'server', 'system', 'signalling', 'meshchain'];

/** Characters a room may not hold: rooms travel in URLs and `socketIoRoom` prefixes them with 'room:'. */
const ROOM_FORBIDDEN = new Set(['/', '?', '#', '%', '\\', ':']);
/** More combining marks than this on one letter is "Zalgo" text that draws over its neighbours. */
const MAX_COMBINING_RUN = 4;

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
// Format characters (Cf) and the characters that draw nothing though they are not Cf: soft
// hyphen (Cf too), combining grapheme joiner, Hangul fillers, Khmer inherent vowels, variation
// selectors (incl. the supplementary ones), and the Mongolian vowel separator.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const BAD_SHAPE = /[\p{Cs}\p{Co}]/u;
const COMBINING = /\p{M}/u;
// Trim only real white space: String.prototype.trim also eats U+FEFF, which we refuse instead.
const EDGE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function characterProblem(kind: NameKind, value: string): NameProblem | null {
  let combiningRun = 0;
  for (const ch of value) {
    // Order matters: U+200E is Cf too, but "bidi" is the more useful message.
    if (CONTROL.test(ch)) return 'control';
    if (BIDI.test(ch)) return 'bidi';
    if (INVISIBLE.test(ch)) return 'invisible';
    if (BAD_SHAPE.test(ch)) return 'bad-shape';
    if (kind === 'room' && ROOM_FORBIDDEN.has(ch)) return 'bad-shape';
    combiningRun = COMBINING.test(ch) ? combiningRun + 1 : 0;
    if (combiningRun > MAX_COMBINING_RUN) return 'bad-shape';
  }
  return null;
}

/**
 * Trims white space at both ends, NFC-normalises, then checks. On success `value` is the form to
 * store, compare and show: two spellings that normalise the same are the same name.
 */
export function checkName(kind: NameKind, raw: unknown): NameCheck {
  if (typeof raw !== 'string') return { ok: false, problem: 'bad-shape' };
  // A cheap bound before any per-character work: no legal name is anywhere near this long.
  if (raw.length > NAME_LIMITS[kind].bytes * 8) return { ok: false, problem: 'too-long' };
  const trimmed = raw.replace(EDGE_SPACE, '');
  // A lone surrogate survives normalize(); it is caught below as bad-shape.
  const value = trimmed.normalize('NFC');
  if (value === '') return { ok: false, problem: 'empty' };
  const problem = characterProblem(kind, value);
  if (problem !== null) return { ok: false, problem };
  if ([...value].length > NAME_LIMITS[kind].chars) return { ok: false, problem: 'too-long' };
  if (utf8Length(value) > NAME_LIMITS[kind].bytes) return { ok: false, problem: 'too-many-bytes' };
  if (kind === 'nickname' && isReservedName(value)) return { ok: false, problem: 'reserved' };
  return { ok: true, value };
}

export const checkRoomName = (raw: unknown): NameCheck => checkName('room', raw);
export const checkTopicName = (raw: unknown): NameCheck => checkName('topic', raw);
export const checkNickname = (raw: unknown): NameCheck => checkName('nickname', raw);

/** True for 'self', 'SELF', 'ѕelf' (Cyrillic ѕ) and the other reserved words however spelled. */
export function isReservedName(name: string): boolean {
  const key = nicknameKey(name);
  return RESERVED_KEYS.has(key);
}

// Look-alikes folded to one Latin letter. Applied to the decomposed (NFKD) text both before and
// after lower-casing, so upper-case look-alikes (Cyrillic В, Greek Ν) and lower-case ones meet.
// Digits 0 and 1 and the letters I, i, l, | fold together because many fonts draw them alike.
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic capitals and small letters
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', Х: 'x', У: 'y',
  Ѕ: 's', І: 'l', Ї: 'l', Ј: 'j', Ԛ: 'q', Ԝ: 'w', Ү: 'y', Һ: 'h', Ӏ: 'l',
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', х: 'x', у: 'y',
  ѕ: 's', і: 'l', ї: 'l', ј: 'j', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h', ӏ: 'l', ԁ: 'd', ɡ: 'g',
  // Greek capitals and small letters
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'l', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't',
  Υ: 'y', Χ: 'x', ο: 'o', ν: 'v', ρ: 'p', κ: 'k', ι: 'l', α: 'a', υ: 'u', χ: 'x', ϲ: 'c',
  // Latin and digits drawn alike
  '0': 'o', '1': 'l', I: 'l', i: 'l', ı: 'l', '|': 'l', ǀ: 'l',
};
const WHITE_SPACE_RUN = /\p{White_Space}+/gu;
const DASHES = /\p{Pd}/gu;
const DROPPED = new RegExp(`${INVISIBLE.source}|${BIDI.source}|${CONTROL.source}`, 'gu');

function foldConfusables(text: string): string {
  let out = '';
  for (const ch of text) out += CONFUSABLES[ch] ?? ch;
  return out;
}

/**
 * The key two nicknames clash on: compatibility-normalised (fullwidth `ＡＭＹ` is `AMY`), case-folded,
 * white space collapsed, dashes unified, invisible characters dropped and common look-alikes
 * folded, so "Amy", "аmy" (Cyrillic а), "ＡＭＹ" and " amy " share one key. Only for comparing:
 * never shown. It folds more than people would (e.g. "Ian" and "lan" clash); a false clash only
 * costs a suffix.
 */
export function nicknameKey(nickname: string): string {
  const decomposed = nickname.normalize('NFKD').replace(DROPPED, '');
  const folded = foldConfusables(foldConfusables(decomposed).toLowerCase());
  return folded.replace(WHITE_SPACE_RUN, ' ').replace(DASHES, '-').trim().normalize('NFC');
}

const RESERVED_KEYS = new Set(RESERVED_NAMES.map(nicknameKey));

/** A zod schema that accepts what checkName accepts, outputs its NFC value, and fails with the problem code as message. */
function nameSchema(kind: NameKind) {
  return z.string().transform((raw, ctx) => {
    const check = checkName(kind, raw);
    if (check.ok) return check.value;
    ctx.addIssue({ code: 'custom', message: check.problem });
    return z.NEVER;
  });
}

export const roomNameSchema = nameSchema('room');
export const topicNameSchema = nameSchema('topic');
export const nicknameSchema = nameSchema('nickname');

/**
 * A free nickname for `wanted` among `taken` keys: `wanted` itself, else "wanted 2", "wanted 3"…,
 * cutting `wanted` so the result stays within NAME_LIMITS.nickname. Returns null only if every
 * suffix up to `maxSuffix` is taken (the room limits its size long before that).
 */
export function freeNickname(wanted: string, taken: ReadonlySet<string>, maxSuffix = 10_000): string | null {
  if (!taken.has(nicknameKey(wanted))) return wanted;
  const { chars, bytes } = NAME_LIMITS.nickname;
  for (let n = 2; n <= maxSuffix; n++) {
    const suffix = ` ${n}`;
    let base = [...wanted];
    while (base.length > 0 && (base.length + suffix.length > chars || utf8Length(base.join('') + suffix) > bytes)) base.pop();
    // Dropping the last letter may leave a combining mark or a space at the end: tidy it.
    const candidate = `${base.join('').replace(EDGE_SPACE, '').replace(/\p{M}+$/u, '')}${suffix}`.normalize('NFC');
    if (!taken.has(nicknameKey(candidate))) return candidate;
  }
  return null;
}
