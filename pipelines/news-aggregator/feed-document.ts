import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One entry of a feed as written, before any checking: fields may be missing. */
export interface FeedEntry {
  /** 1-based position in the feed. */
  readonly index: number;
  /** Line of its `<item>` / `<entry>` tag, when it could be located. */
  readonly line: number | undefined;
  readonly title: string | undefined;
  readonly link: string | undefined;
  readonly published: string | undefined;
  readonly summary: string | undefined;
}

export interface FeedDocument {
  readonly format: 'rss' | 'atom' | 'rdf';
  /** The channel's or feed's title: the outlet. */
  readonly title: string | undefined;
  /** Channel-level date, used for entries that carry none. */
  readonly updated: string | undefined;
  readonly entries: readonly FeedEntry[];
}

/** Why a feed could not be read as one; `line` where the XML parser located the problem. */
export class FeedParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

type XmlNode = Record<string, unknown>;

// Built once: fast-xml-parser keeps no state between documents.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Titles such as "2026" stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/**
 * Reads an RSS 2.0, RSS 1.0 (RDF) or Atom document with fast-xml-parser. Malformed XML or another
 * root element is a FeedParseError; missing entry fields are left undefined for the caller to judge.
 */
export function parseFeedDocument(xml: string): FeedDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedParseError(`not well-formed XML: ${valid.err.msg}`, valid.err.line);
  const root = parser.parse(xml) as XmlNode;
  const rss = asNode(root['rss']);
  if (rss !== undefined) {
    const channel = asNode(rss['channel']) ?? {};
    return document('rss', channel, asNodes(channel['item']), xml, rssEntry);
  }
  const atom = asNode(root['feed']);
  if (atom !== undefined) return document('atom', atom, asNodes(atom['entry']), xml, atomEntry);
  const rdf = asNode(root['rdf:RDF']);
  if (rdf !== undefined) return document('rdf', asNode(rdf['channel']) ?? {}, asNodes(rdf['item']), xml, rssEntry);
  const names = Object.keys(root).filter((name) => !name.startsWith('?'));
  throw new FeedParseError(`not an RSS or Atom feed: root element is <${names[0] ?? 'none'}>, expected <rss>, <feed> or <rdf:RDF>`);
}

function document(
  format: FeedDocument['format'],
  channel: XmlNode,
  items: readonly XmlNode[],
  xml: string,
  read: (item: XmlNode) => Omit<FeedEntry, 'index' | 'line'>,
): FeedDocument {
  const lines = entryLines(xml, format === 'atom' ? 'entry' : 'item', items.length);
  return {
    format,
    title: text(channel['title']),
    updated: text(channel['lastBuildDate']) ?? text(channel['pubDate']) ?? text(channel['updated']) ?? text(channel['dc:date']),
    entries: items.map((item, i) => ({ index: i + 1, line: lines?.[i], ...read(item) })),
  };
}

function rssEntry(item: XmlNode): Omit<FeedEntry, 'index' | 'line'> {
  return {
    title: text(item['title']),
    link: text(asNodes(item['link'])[0] ?? item['link']) ?? permalinkGuid(item['guid']),
    published: text(item['pubDate']) ?? text(item['dc:date']),
    summary: text(item['description']) ?? text(item['content:encoded']),
  };
}

function atomEntry(entry: XmlNode): Omit<FeedEntry, 'index' | 'line'> {
  const links = asNodes(entry['link']);
  const alternate = links.find((link) => link['@_rel'] === undefined || link['@_rel'] === 'alternate');
  return {
    title: text(entry['title']),
    link: text(alternate?.['@_href']),
    published: text(entry['published']) ?? text(entry['updated']),
    summary: text(entry['summary']) ?? text(entry['content']),
  };
}

/** An RSS guid is the article's address unless `isPermaLink="false"`. */
function permalinkGuid(guid: unknown): string | undefined {
  const node = asNode(guid);
  if (node !== undefined && node['@_isPermaLink'] === 'false') return undefined;
  const value = text(guid);
  return value !== undefined && /^https?:\/\//i.test(value) ? value : undefined;
}

/**
 * Lines of the entries' opening tags, found by a scan of the text (the parser does not report
 * positions). Undefined when the scan and the parser disagree (a tag inside CDATA or a comment),
 * so a reject never names a wrong line.
 */
function entryLines(xml: string, tag: string, expected: number): number[] | undefined {
  const pattern = new RegExp(`<${tag}[\\s>/]`, 'g');
  const lines: number[] = [];
  let line = 1;
  let scanned = 0;
  for (let match = pattern.exec(xml); match !== null; match = pattern.exec(xml)) {
    for (let i = scanned; i < match.index; i++) if (xml.charCodeAt(i) === 10) line++;
    scanned = match.index;
    lines.push(line);
  }
  return lines.length === expected ? lines : undefined;
}

function asNode(value: unknown): XmlNode | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

function asNodes(value: unknown): XmlNode[] {
  if (Array.isArray(value)) return value.map((v) => asNode(v) ?? { '#text': v });
  const node = asNode(value);
  return node === undefined ? (value === undefined ? [] : [{ '#text': value }]) : [node];
}

/** The text of an element (with or without attributes); undefined when absent or blank. */
function text(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : asNode(value)?.['#text'];
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}
