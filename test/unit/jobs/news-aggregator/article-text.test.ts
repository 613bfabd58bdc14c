import { describe, expect, it } from 'vitest';
import { canonicalUrl, feedDateMs, plainText } from '../../../../pipelines/news-aggregator/article-text.js';

describe('plainText', () => {
  it('drops markup, scripts and styles, decodes entities and collapses whitespace', () => {
    expect(plainText('<p>Shares&nbsp;rose 4%&#8230;\n  <b>AT&amp;T</b></p><script>x()</script><style>p{}</style> it&#8217;s')).toBe('Shares rose 4%… AT&T it’s');
  });
});

describe('canonicalUrl', () => {
  it('makes the same article one address: scheme, www, case of the host, tracking parameters, fragment, trailing slash', () => {
    const canonical = 'https://harborstreetwire.example/tech/apple-eu-fine';
    expect(canonicalUrl('https://harborstreetwire.example/tech/apple-eu-fine')).toBe(canonical);
    expect(canonicalUrl('http://WWW.HarborStreetWire.example/tech/apple-eu-fine/?utm_source=x&utm_campaign=y&fbclid=z#top')).toBe(canonical);
  });

  it('keeps parameters that pick the article, sorted', () => {
    expect(canonicalUrl('https://news.example/story?page=2&id=7&utm_medium=rss')).toBe('https://news.example/story?id=7&page=2');
  });

  it('refuses what is not an absolute http(s) URL', () => {
    expect(canonicalUrl('/relative/path')).toBeUndefined();
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('ftp://files.example/a')).toBeUndefined();
  });
});

describe('feedDateMs', () => {
  it('reads RFC 822 with GMT or an offset, and ISO 8601 with or without a zone (UTC)', () => {
    const expected = Date.UTC(2026, 10, 16, 21, 20);
    expect(feedDateMs('Mon, 16 Nov 2026 21:20:00 GMT')).toBe(expected);
    expect(feedDateMs('Mon, 16 Nov 2026 16:20:00 -0500')).toBe(expected);
    expect(feedDateMs('2026-11-16T21:20:00Z')).toBe(expected);
    expect(feedDateMs('2026-11-16T16:20:00-05:00')).toBe(expected);
    expect(feedDateMs('2026-11-16T21:20:00')).toBe(expected);
    expect(feedDateMs('yesterday')).toBeNaN();
  });
});
