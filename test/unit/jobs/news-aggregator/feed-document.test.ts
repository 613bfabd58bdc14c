import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeedDocument } from '../../../../pipelines/news-aggregator/feed-document.js';

describe('parseFeedDocument', () => {
  it('reads RSS 2.0 items with the line of each, a guid permalink as the link, and the channel date', () => {
    const feed = parseFeedDocument(
      [
        '<?xml version="1.0"?>',
        '<rss version="2.0"><channel><title>Wire &amp; Co</title><lastBuildDate>Mon, 16 Nov 2026 10:00:00 GMT</lastBuildDate>',
        '<item><title>2026 outlook</title><guid>https://wire.example/a</guid></item>',
        '<item>',
        '  <title>Second</title><link>https://wire.example/b</link><description><![CDATA[<p>x &amp; y</p>]]></description>',
        '</item>',
        '</channel></rss>',
      ].join('\n'),
    );
    expect(feed).toMatchObject({ format: 'rss', title: 'Wire & Co', updated: 'Mon, 16 Nov 2026 10:00:00 GMT' });
    expect(feed.entries).toEqual([
      { index: 1, line: 3, title: '2026 outlook', link: 'https://wire.example/a', published: undefined, summary: undefined },
      { index: 2, line: 4, title: 'Second', link: 'https://wire.example/b', published: undefined, summary: '<p>x &amp; y</p>' },
    ]);
  });

  it('reads Atom entries: the alternate link, published before updated', () => {
    const feed = parseFeedDocument(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom Wire</title>\n' +
        '<entry><title type="html">A &lt;b&gt;</title><link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/1"/>' +
        '<published>2026-11-16T10:00:00Z</published><updated>2026-11-16T11:00:00Z</updated><content>body</content></entry></feed>',
    );
    expect(feed.format).toBe('atom');
    expect(feed.entries).toEqual([{ index: 1, line: 2, title: 'A <b>', link: 'https://a.example/1', published: '2026-11-16T10:00:00Z', summary: 'body' }]);
  });

  it('reads RSS 1.0 (RDF)', () => {
    const feed = parseFeedDocument(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        '<channel><title>RDF Wire</title></channel><item><title>T</title><link>https://r.example/1</link><dc:date>2026-11-16T10:00:00Z</dc:date></item></rdf:RDF>',
    );
    expect(feed).toMatchObject({ format: 'rdf', title: 'RDF Wire', entries: [{ title: 'T', link: 'https://r.example/1', published: '2026-11-16T10:00:00Z' }] });
  });

  it('says where malformed XML breaks, and what a non-feed document is', () => {
    let error: unknown;
    try {
      parseFeedDocument('<rss><channel>\n<item><title>x</title>\n</channel></rss>');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).line).toBe(3);
    expect((error as FeedParseError).message).toMatch(/^not well-formed XML: Expected closing tag 'item'/);
    expect(() => parseFeedDocument('<html><body/></html>')).toThrow('not an RSS or Atom feed: root element is <html>, expected <rss>, <feed> or <rdf:RDF>');
  });
});
