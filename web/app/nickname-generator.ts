/**
 * A friendly first nickname for a tab, such as "Otter 42" or "水獺 42": an animal from the page's
 * catalogue and a number, so a class of thirty rarely starts with two alike (and the server
 * suffixes the rare clash). Pure: the animals, the wording and the random source are passed in.
 */
import { checkNickname } from '../../shared/protocol/names';

export interface NicknameWords {
  /** Animal names in the page's language ('names:animals' in the catalogue). */
  animals: readonly string[];
  /** Puts them together in the page's language ('names:generated'). */
  format: (animal: string, number: number) => string;
}

/** Numbers from 1 to 99: short enough to say aloud across a classroom. */
const HIGHEST_NUMBER = 99;

/** `random` returns a number in [0, 1), like Math.random. */
export function generateNickname(words: NicknameWords, random: () => number): string {
  const pick = (n: number) => Math.min(n - 1, Math.floor(random() * n));
  const animals = words.animals.filter((a) => a.trim() !== '');
  const animal = animals.length > 0 ? animals[pick(animals.length)]! : '?';
  const name = words.format(animal, 1 + pick(HIGHEST_NUMBER));
  // A catalogue entry that breaks the rule (too long, a stray control character) must not stop a
  // tab from joining: fall back to the bare number, which always passes.
  const check = checkNickname(name);
  return check.ok ? check.value : `#${1 + pick(HIGHEST_NUMBER)}`;
}
