import { decodeHTML } from 'entities';

const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?<\/\1\s*>/gi;
const TAG = /<[^>]*>/g;
const SPACE = /\s+/g;

/**
 * Readable text of a feed field: markup removed, HTML entities decoded (the XML parser decodes
 * the XML layer; CDATA and double-escaped HTML still carry `&nbsp;` and the like), whitespace
 * collapsed. A regex strip, not an HTML parser: enough for titles and teasers, whose markup is
 * simple; text inside attributes is dropped with its tag.
 */
export function plainText(html: string): string {
  return decodeHTML(html.replace(SCRIPT_OR_STYLE, ' ').replace(TAG, ' ')).replace(SPACE, ' ').trim();
}

/** Query parameters that only say how a reader arrived, never which article it is. */
const TRACKING_PARAM = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|cmpid|ocid|ref|ref_src|src|source|taid|ncid|yptr|_hsenc|_hsmi)$/i;

/**
 * The address that identifies an article, so the same article linked from two feeds is one:
 * http and https alike, host lower-cased without `www.`, no fragment, no tracking parameters,
 * the rest sorted, no trailing slash. Undefined for anything but an absolute http(s) URL.
 */
export function canonicalUrl(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const params = [...url.searchParams].filter(([name]) => !TRACKING_PARAM.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length === 0 ? '' : `?${new URLSearchParams(params).toString()}`;
  const host = url.host.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  return `https://${host}${path}${query}`;
}

/**
 * Epoch ms of a feed date: RFC 822 (RSS `pubDate`, with GMT, EST or a numeric offset) or ISO 8601
 * (Atom); an ISO date-time without a zone is read as UTC. NaN when it is neither.
 */
export function feedDateMs(text: string): number {
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  return Date.parse(iso);
}
