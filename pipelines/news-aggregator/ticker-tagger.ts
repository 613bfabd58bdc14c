import type { ListedCompany } from './symbol-list.js';
import { POSSESSIVE_MARK, words } from './words.js';

/** `$AAPL`, `$BRK.B`: a cashtag names its symbol outright. */
const CASHTAG = /\$([A-Z]{1,6}(?:\.[A-Z])?)(?![A-Za-z0-9])/g;
/** `(NASDAQ: AAPL)`, `NYSE:JPM`: the exchange-prefixed form of press releases. */
const EXCHANGE_TICKER = /\b(?:NASDAQ|Nasdaq|NYSE|NYSE American|AMEX|Cboe)\s*:\s*([A-Z]{1,6}(?:\.[A-Z])?)(?![A-Za-z0-9])/g;

/**
 * Words after a common-word name that make it a company: "Apple shares", "Target Corp", "Apple's".
 * "Apple pie" and "on target" stay untagged.
 */
const COMPANY_CONTEXT = new Set([
  POSSESSIVE_MARK,
  'Inc',
  'Corp',
  'Corporation',
  'Co',
  'Ltd',
  'shares',
  'stock',
  'stocks',
  'CEO',
  'earnings',
  'revenue',
  'profit',
  'results',
  'investors',
  'shareholders',
]);

interface NamePattern {
  readonly symbol: string;
  /** The name split into words, as `words` splits text. */
  readonly words: readonly string[];
  readonly common: boolean;
}

/**
 * Finds the listed companies a text mentions: cashtags and exchange-prefixed tickers of listed
 * symbols, and company names and aliases as whole words, case-sensitive ("Apple", never "apple").
 * Names that are everyday words count only followed by a company word (COMPANY_CONTEXT).
 * Limits: a common-word name at the start of an unrelated headline followed by such a word
 * ("Target shares tips") is a false hit; an unlisted company is never tagged.
 */
export class TickerTagger {
  /** Patterns by their first word, longest first, so "Bank of America" wins over a shorter name. */
  private readonly byFirstWord = new Map<string, NamePattern[]>();
  private readonly symbols: ReadonlySet<string>;

  constructor(companies: readonly ListedCompany[]) {
    this.symbols = new Set(companies.map((company) => company.symbol));
    for (const company of companies) {
      for (const name of company.names) {
        const nameWords = words(name);
        const first = nameWords[0];
        if (first === undefined) continue;
        const patterns = this.byFirstWord.get(first) ?? [];
        patterns.push({ symbol: company.symbol, words: nameWords, common: company.commonWords.has(name) });
        patterns.sort((a, b) => b.words.length - a.words.length);
        this.byFirstWord.set(first, patterns);
      }
    }
  }

  get size(): number {
    return this.symbols.size;
  }

  /** Adds the symbols that `text` (split into `textWords`) mentions to `found`. */
  tag(text: string, textWords: readonly string[], found: Set<string>): void {
    for (const pattern of [CASHTAG, EXCHANGE_TICKER]) {
      for (const match of text.matchAll(pattern)) {
        const symbol = match[1]!;
        if (this.symbols.has(symbol)) found.add(symbol);
      }
    }
    for (let i = 0; i < textWords.length; i++) {
      const patterns = this.byFirstWord.get(textWords[i]!);
      if (patterns === undefined) continue;
      for (const pattern of patterns) {
        if (!matchesAt(textWords, i, pattern.words)) continue;
        const after = textWords[i + pattern.words.length];
        if (!pattern.common || (after !== undefined && COMPANY_CONTEXT.has(after))) found.add(pattern.symbol);
        i += pattern.words.length - 1;
        break;
      }
    }
  }
}

function matchesAt(text: readonly string[], at: number, name: readonly string[]): boolean {
  if (at + name.length > text.length) return false;
  for (let j = 1; j < name.length; j++) if (text[at + j] !== name[j]) return false;
  return true;
}
