import { describe, expect, it } from 'vitest';
import { escapeHtml, formatCell, HtmlReport } from '../../../src/reports/html-report.js';

describe('HtmlReport', () => {
  it('escapes every text it is given: title, text, table cells, metric labels', async () => {
    const report = new HtmlReport('<b>Ads</b>');
    report.section('A & B').text('1 < 2 "quoted"').table(['<col>'], [['<script>alert(1)</script>', 3]]).metrics({ "it's": 'x>y' });
    const html = await report.render();
    expect(html).not.toContain('<script>');
    expect(html).toContain('<title>&lt;b&gt;Ads&lt;/b&gt;</title>');
    expect(html).toContain('<h2>A &amp; B</h2>');
    expect(html).toContain('<p>1 &lt; 2 &quot;quoted&quot;</p>');
    expect(html).toContain('<th>&lt;col&gt;</th>');
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class="num">3</td>');
    expect(html).toContain('<div class="value">x&gt;y</div><div class="label">it&#39;s</div>');
  });

  it('renders each chart as inline SVG, and puts prepended sections first', async () => {
    const report = new HtmlReport('Charts');
    report.section('Second').chart({ data: { values: [{ a: 'x', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } }, 'caption');
    const first = new HtmlReport('unused').section('First');
    report.prepend(first);
    const html = await report.render();
    expect(html.match(/<svg/g)).toHaveLength(1);
    expect(html).toContain('<figcaption>caption</figcaption>');
    expect(html.indexOf('<h2>First</h2>')).toBeLessThan(html.indexOf('<h2>Second</h2>'));
  });

  it('formats numbers with separators and 4 significant decimals, and missing values as empty', () => {
    expect(formatCell(1234567)).toBe('1,234,567');
    expect(formatCell(0.123456)).toBe('0.1235');
    expect(formatCell(Number.NaN)).toBe('NaN');
    expect(formatCell(null)).toBe('');
    expect(formatCell(undefined)).toBe('');
    expect(formatCell(true)).toBe('true');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
