import { HtmlReport } from '../../src/reports/html-report.js';
import type { DatasetProfile } from './dataset-profile.js';
import { correlationHeatmap, groupMeansChart, groupRowsChart, histogramsChart, MAX_CHARTED_COLUMNS, MAX_CHARTED_GROUPS } from './profile-charts.js';

/** Numeric columns whose group means fit in the group table. */
const GROUP_TABLE_COLUMNS = 6;
const STRONGEST_PAIRS = 5;

/** The HTML report of a profile: headline figures, per-column tables, distributions, correlations, groups. */
export function buildProfileReport(profile: DatasetProfile): HtmlReport {
  const report = new HtmlReport(`Data analysis: ${profile.source}`, 'Descriptive statistics, distributions and correlations of every column');
  const pairs = strongestPairs(profile.correlations);
  const columnCount = profile.numeric.length + profile.categorical.length;
  const missing = [...profile.numeric, ...profile.categorical].reduce((sum, s) => sum + s.missing, 0);
  const sampled = profile.numeric.some((s) => !s.quantilesExact);
  const strongest = pairs[0];
  report.section('Dataset').metrics([
    ['rows profiled', profile.rows],
    ['numeric columns', profile.numeric.length],
    ['categorical columns', profile.categorical.length],
    ['missing cells (%)', columnCount * profile.rows > 0 ? (100 * missing) / (columnCount * profile.rows) : 0],
    ['strongest correlation', strongest === undefined ? '–' : `${strongest.a} ~ ${strongest.b}: ${strongest.r.toFixed(2)}`],
    ['quantiles', sampled ? `from ${profile.sampleSize.toLocaleString('en-US')} sampled values per column` : 'exact'],
  ]);

  if (profile.numeric.length > 0) {
    const section = report.section('Numeric columns');
    section.table(
      ['column', 'count', 'missing', 'mean', 'std', 'min', 'p05', 'p25', 'median', 'p75', 'p95', 'max'],
      profile.numeric.map((s) => [s.column, s.count, s.missing, s.mean, s.std, s.min, s.p05, s.p25, s.median, s.p75, s.p95, s.max]),
      'Count, mean, std (n − 1), min and max are exact; quantiles interpolate linearly between ranks' +
        (sampled ? `, on a uniform sample of ${profile.sampleSize.toLocaleString('en-US')} values for columns with more.` : '.'),
    );
    section.chart(
      histogramsChart(profile.numeric),
      `Distribution of each numeric column (30 equal-width bins between min and max)${profile.numeric.length > MAX_CHARTED_COLUMNS ? `; the first ${MAX_CHARTED_COLUMNS} columns` : ''}.`,
    );
  }

  if (profile.categorical.length > 0) {
    report.section('Categorical columns').table(
      ['column', 'count', 'missing', 'distinct', 'most frequent'],
      profile.categorical.map((s) => [s.column, s.count, s.missing, `${s.distinct.toLocaleString('en-US')}${s.distinctCapped ? '+' : ''}`, s.top.map(([value, n]) => `${value} (${n.toLocaleString('en-US')})`).join(', ')]),
      'A "+" after distinct: more values than are tracked; the count is a floor.',
    );
  }

  const { columns, omittedColumns } = profile.correlations;
  if (columns.length > 1) {
    const section = report.section('Correlations');
    section.chart(correlationHeatmap(profile.correlations), 'Pearson r of each pair of numeric columns, over the rows where both have a value.');
    section.table(['column', 'column', 'r'], pairs.slice(0, STRONGEST_PAIRS).map((p) => [p.a, p.b, p.r]), 'Strongest pairs');
    if (omittedColumns.length > 0) section.text(`Left out of the matrix (only the first ${columns.length} numeric columns are paired): ${omittedColumns.join(', ')}.`);
  }

  const groupBy = profile.groupBy;
  if (groupBy !== undefined) {
    const numericColumns = profile.numeric.map((s) => s.column);
    const tableColumns = numericColumns.slice(0, GROUP_TABLE_COLUMNS);
    const section = report.section(`By ${groupBy.column}`);
    section.metrics([['groups', groupBy.groups.length]]);
    if (groupBy.capped) section.text('More groups than are tracked: the rows of later new groups are pooled as "(other groups)".');
    section.table(
      [groupBy.column, 'rows', ...tableColumns.map((c) => `mean ${c}`)],
      groupBy.groups.map((g) => [g.group, g.rows, ...tableColumns.map((c) => g.columns[c]?.mean)]),
    );
    const largest = groupBy.groups.length > MAX_CHARTED_GROUPS ? ` (the ${MAX_CHARTED_GROUPS} largest groups)` : '';
    section.chart(groupRowsChart(groupBy), `Rows per ${groupBy.column}${largest}.`);
    if (numericColumns.length > 0) section.chart(groupMeansChart(groupBy, numericColumns), `Mean of each numeric column per ${groupBy.column}, whiskers ±1 standard deviation${largest}.`);
  }
  return report;
}

/** Distinct pairs by |r|, strongest first. */
export function strongestPairs({ columns, matrix }: DatasetProfile['correlations']): { a: string; b: string; r: number }[] {
  const pairs: { a: string; b: string; r: number }[] = [];
  for (let i = 1; i < columns.length; i++) {
    for (let j = 0; j < i; j++) {
      const r = matrix[i]?.[j];
      if (r !== null && r !== undefined) pairs.push({ a: columns[j]!, b: columns[i]!, r });
    }
  }
  return pairs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
}
