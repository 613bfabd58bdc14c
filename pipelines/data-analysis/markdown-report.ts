import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Sink } from '../../src/core/sink.js';
import type { DatasetProfile } from './dataset-profile.js';

function num(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e7 || magnitude < 1e-3)) return value.toExponential(3);
  return Number(value.toFixed(4)).toString();
}

/** Markdown table cells: pipes and line breaks in data would break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function renderMarkdownReport(profile: DatasetProfile): string {
  const lines: string[] = [];
  lines.push(`# Data analysis: ${cell(profile.source)}`, '');
  lines.push(`${profile.rows} rows; ${profile.numeric.length} numeric and ${profile.categorical.length} categorical columns.`, '');

  if (profile.numeric.length > 0) {
    lines.push('## Numeric columns', '');
    lines.push('| column | count | missing | mean | std | min | p05 | p25 | median | p75 | p95 | max |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of profile.numeric) {
      lines.push(
        `| ${cell(s.column)} | ${s.count} | ${s.missing} | ${num(s.mean)} | ${num(s.std)} | ${num(s.min)} | ${num(s.p05)} | ${num(s.p25)} | ${num(s.median)} | ${num(s.p75)} | ${num(s.p95)} | ${num(s.max)} |`,
      );
    }
    lines.push('');
  }

  if (profile.categorical.length > 0) {
    lines.push('## Categorical columns', '');
    lines.push('| column | count | missing | distinct | most frequent |');
    lines.push('|---|---:|---:|---:|---|');
    for (const s of profile.categorical) {
      const top = s.top.map(([value, count]) => `${cell(value)} (${count})`).join(', ');
      lines.push(`| ${cell(s.column)} | ${s.count} | ${s.missing} | ${s.distinct}${s.distinctCapped ? '+' : ''} | ${top} |`);
    }
    lines.push('');
  }

  const { columns, matrix } = profile.correlations;
  if (columns.length > 1) {
    lines.push('## Correlations (Pearson, pairwise complete)', '');
    lines.push(`| | ${columns.map(cell).join(' | ')} |`);
    lines.push(`|---|${columns.map(() => '---:').join('|')}|`);
    columns.forEach((name, i) => {
      const row = matrix[i] ?? [];
      lines.push(`| **${cell(name)}** | ${row.map((r) => (r === null ? '–' : r.toFixed(3))).join(' | ')} |`);
    });
    lines.push('');
  }

  if (profile.groupBy !== undefined) {
    const numericColumns = profile.numeric.map((s) => s.column);
    lines.push(`## By ${cell(profile.groupBy.column)}`, '');
    lines.push(`| ${cell(profile.groupBy.column)} | rows | ${numericColumns.map((c) => `mean ${cell(c)} | std ${cell(c)}`).join(' | ')} |`);
    lines.push(`|---|---:|${numericColumns.map(() => '---:|---:').join('|')}|`);
    for (const group of profile.groupBy.groups) {
      const stats = numericColumns.map((c) => {
        const s = group.columns[c];
        return s === undefined ? '– | –' : `${num(s.mean)} | ${num(s.std)}`;
      });
      lines.push(`| ${cell(group.group)} | ${group.rows} | ${stats.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes the report (and the profile as JSON beside it) when the job's single result arrives. */
export function createMarkdownReportSink(path: string): Sink<DatasetProfile> & { readonly reports: string[] } {
  const reports: string[] = [];
  return {
    id: 'markdown-report',
    reports,
    async write(profiles) {
      for (const profile of profiles) {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, renderMarkdownReport(profile));
        await writeFile(path.replace(/\.md$/i, '') + '.json', JSON.stringify(profile, null, 2));
        reports.push(path);
      }
    },
    async flush() {},
    async close() {},
  };
}
