import { distance } from "fastest-levenshtein";

/**
 * How far what someone typed is from a word, in typing slips: for matching names of securities
 * and the like, where a misspelling must be recognised but never silently taken.
 */

/** Slips a word of this length may have and still be that word: none below 4 letters. */
export function allowedSlips(word: string): number {
  return word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
}

/** Edit distance with one swap of neighbouring letters ("nvdia" for "nvida") as one slip. */
export function slipsBetween(typed: string, word: string): number {
  const d = distance(typed, word);
  if (d !== 2 || typed.length !== word.length) return d;
  const differing = [...typed].flatMap((c, i) => (c === word[i] ? [] : [i]));
  const [i, j] = differing as [number, number];
  const swapped = differing.length === 2 && j === i + 1 && typed[i] === word[j] && typed[j] === word[i];
  return swapped ? 1 : d;
}
