import { describe, expect, it } from 'vitest';
import { readSymbolList, parseSymbolList } from '../../../../pipelines/news-aggregator/symbol-list.js';
import { TickerTagger } from '../../../../pipelines/news-aggregator/ticker-tagger.js';
import { words } from '../../../../pipelines/news-aggregator/words.js';
import { BUNDLED_SYMBOLS } from '../../../../pipelines/news-aggregator/index.js';
import { ConfigError } from '../../../../src/core/errors.js';

const tagger = new TickerTagger(await readSymbolList(BUNDLED_SYMBOLS));
const tags = (text: string): string[] => {
  const found = new Set<string>();
  tagger.tag(text, words(text), found);
  return [...found].sort();
};

describe('TickerTagger on the bundled symbol list', () => {
  it('has the 54 listed companies', () => {
    expect(tagger.size).toBe(54);
  });

  it('tags cashtags and exchange-prefixed tickers of listed symbols only', () => {
    expect(tags('$NVDA and $BRK.B rally; $ZZZZ and $5 do not count')).toEqual(['BRK.B', 'NVDA']);
    expect(tags('Acme (NASDAQ: MSFT) and NYSE:JPM')).toEqual(['JPM', 'MSFT']);
  });

  it('tags names and aliases as whole words, case-sensitive', () => {
    expect(tags('Microsoft and Nvidia gain; JPMorgan Chase too')).toEqual(['JPM', 'MSFT', 'NVDA']);
    expect(tags('AT&T and Johnson & Johnson, Coca-Cola and Amazon.com Inc.')).toEqual(['AMZN', 'JNJ', 'KO', 'T']);
    expect(tags('microsoft nvidia teslas')).toEqual([]);
    expect(tags('Bank of America lends')).toEqual(['BAC']);
  });

  it('counts a common-word name only followed by a company word or as a possessive', () => {
    expect(tags('Apple pie sales soar ahead of Thanksgiving')).toEqual([]);
    expect(tags('Fed officials say the inflation target is within reach')).toEqual([]);
    expect(tags('Target shares tumble')).toEqual(['TGT']);
    expect(tags("Apple's App Store draws a fine")).toEqual(['AAPL']);
    expect(tags('Apple Inc. to appeal')).toEqual(['AAPL']);
    expect(tags('Apple to appeal')).toEqual([]);
    expect(tags('Ford Motor recalls trucks; Ford stock slips')).toEqual(['F']);
  });
});

describe('symbol list', () => {
  it('names file, line and field of a bad row', () => {
    expect(() => parseSymbolList('symbol,name,aliases,common_words\nAAPL,Apple Inc.,Apple,Apple\naapl,Lower,,\n', 'list.csv')).toThrow(
      new ConfigError('list.csv:3: field "symbol": expected an upper-case ticker such as AAPL or BRK.B'),
    );
    expect(() => parseSymbolList('symbol,name,aliases,common_words\nAAPL,Apple Inc.,Apple,Pear\n', 'list.csv')).toThrow(/list\.csv:2: field "common_words": "Pear" is not one of the names/);
    expect(() => parseSymbolList('symbol,name,aliases,common_words\nAAPL,Apple Inc.,,\nAAPL,Apple,,\n', 'list.csv')).toThrow(/list\.csv:3: field "symbol": AAPL is listed twice/);
  });
});
