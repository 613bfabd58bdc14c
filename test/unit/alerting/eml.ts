/** A rough RFC 822 reader for tests: unfolded headers and, for multipart bodies, the parts. */
export interface ParsedEml {
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

export function parseEml(raw: string): ParsedEml {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error('no blank line between headers and body');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

export function multipartParts(eml: ParsedEml): ParsedEml[] {
  const boundary = /boundary="?([^";]+)"?/.exec(eml.headers.get('content-type') ?? '')?.[1];
  if (boundary === undefined) throw new Error('no multipart boundary');
  const [, ...chunks] = eml.body.split(`--${boundary}`);
  return chunks.filter((chunk) => !chunk.startsWith('--')).map((chunk) => parseEml(chunk.replace(/^\r\n/, '')));
}
