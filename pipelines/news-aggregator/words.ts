const WORD = /[\p{L}\p{N}]+(?:[&.'’-][\p{L}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s$/;

/** The possessive ending, split off as a word of its own. */
export const POSSESSIVE_MARK = "'s";

/**
 * The words of a text, case kept: letters and digits, joined by `&`, `.`, `'` or `-` inside a word
 * (AT&T, Amazon.com, Coca-Cola). A possessive `'s` becomes a word of its own, so "Apple's" is
 * "Apple" followed by "'s". Company names are split the same way, so they compare word by word.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (POSSESSIVE.test(word)) {
      out.push(word.slice(0, -2), POSSESSIVE_MARK);
    } else {
      out.push(word);
    }
  }
  return out;
}
