import { renderChartSvg, type ChartSpec } from './vega-svg.js';

export type Cell = string | number | boolean | null | undefined;

type Block =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'metrics'; readonly items: readonly (readonly [string, Cell])[] }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly Cell[])[]; readonly caption?: string }
  | { readonly kind: 'chart'; readonly spec: ChartSpec; readonly caption?: string }
  | { readonly kind: 'html'; readonly html: string };

/** One titled part of a report; its methods chain. */
export class ReportSection {
  readonly blocks: Block[] = [];

  constructor(readonly title: string) {}

  text(text: string): this {
    this.blocks.push({ kind: 'text', text });
    return this;
  }

  /** Headline figures as label/value tiles. */
  metrics(items: Readonly<Record<string, Cell>> | readonly (readonly [string, Cell])[]): this {
    this.blocks.push({ kind: 'metrics', items: Array.isArray(items) ? items : Object.entries(items) });
    return this;
  }

  table(columns: readonly string[], rows: readonly (readonly Cell[])[], caption?: string): this {
    this.blocks.push(caption === undefined ? { kind: 'table', columns, rows } : { kind: 'table', columns, rows, caption });
    return this;
  }

  /** A Vega-Lite chart, rendered to inline SVG when the report is rendered. */
  chart(spec: ChartSpec, caption?: string): this {
    this.blocks.push(caption === undefined ? { kind: 'chart', spec } : { kind: 'chart', spec, caption });
    return this;
  }

  /** Markup the caller built; escape every value in it with `escapeHtml`. */
  html(html: string): this {
    this.blocks.push({ kind: 'html', html });
    return this;
  }
}

/**
 * A self-contained HTML report: inline CSS and inline SVG charts, no scripts, so it opens from
 * disk, from an e-mail attachment or a CI artifact alike.
 */
export class HtmlReport {
  private readonly sections: ReportSection[] = [];

  constructor(
    readonly title: string,
    readonly subtitle?: string,
  ) {}

  section(title: string): ReportSection {
    const section = new ReportSection(title);
    this.sections.push(section);
    return section;
  }

  /** Sections added before the job's own, e.g. the run's input figures. */
  prepend(section: ReportSection): void {
    this.sections.unshift(section);
  }

  async render(): Promise<string> {
    const parts: string[] = [];
    for (const section of this.sections) {
      parts.push(`<section>\n<h2>${escapeHtml(section.title)}</h2>`);
      for (const block of section.blocks) parts.push(await renderBlock(block));
      parts.push('</section>');
    }
    const subtitle = this.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(this.subtitle)}</p>\n`;
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(this.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(this.title)}</h1>
${subtitle}${parts.join('\n')}
</body>
</html>
`;
  }
}

async function renderBlock(block: Block): Promise<string> {
  switch (block.kind) {
    case 'text':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'metrics':
      return `<div class="metrics">${block.items
        .map(([label, value]) => `<div class="metric"><div class="value">${formatCell(value)}</div><div class="label">${escapeHtml(label)}</div></div>`)
        .join('')}</div>`;
    case 'table': {
      const caption = block.caption === undefined ? '' : `<caption>${escapeHtml(block.caption)}</caption>`;
      const head = block.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
      const body = block.rows
        .map((row) => `<tr>${row.map((cell) => `<td${typeof cell === 'number' ? ' class="num"' : ''}>${formatCell(cell)}</td>`).join('')}</tr>`)
        .join('\n');
      return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
    }
    case 'chart': {
      const caption = block.caption === undefined ? '' : `<figcaption>${escapeHtml(block.caption)}</figcaption>`;
      return `<figure>${await renderChartSvg(block.spec)}${caption}</figure>`;
    }
    case 'html':
      return block.html;
  }
}

/** Numbers with thousands separators and at most 4 significant decimals; empty for missing. */
export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  }
  return escapeHtml(String(value));
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const STYLE = `
body{font-family:"DejaVu Sans",Verdana,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
.subtitle{color:#666;margin-top:0}
.metrics{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
.metric{border:1px solid #ddd;border-radius:6px;padding:.5em .9em;min-width:9em}
.metric .value{font-size:1.35em;font-weight:bold}.metric .label{color:#666;font-size:.85em}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}caption{text-align:left;color:#666;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1em 0}figcaption{color:#666;font-size:.85em}
.pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}
`;
