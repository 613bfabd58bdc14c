// C0/C1 controls (CR, LF, ESC...), Unicode line/paragraph separators and bidi overrides.
const UNSAFE_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;

/** Collapses text to one printable line: no header injection, no terminal escapes. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
}
