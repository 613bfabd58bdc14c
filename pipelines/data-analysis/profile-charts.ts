import type { ChartSpec } from '../../src/reports/vega-svg.js';
import type { DatasetProfile, GroupByProfile, NumericSummary } from './dataset-profile.js';

/** Columns and groups drawn; the tables and summary.json have them all. */
export const MAX_CHARTED_COLUMNS = 12;
export const MAX_CHARTED_GROUPS = 25;

/** One small histogram per numeric column, in a grid, each on its own scales. */
export function histogramsChart(columns: readonly NumericSummary[]): ChartSpec {
  const values = columns.slice(0, MAX_CHARTED_COLUMNS).flatMap((s) => s.histogram.map((bin) => ({ column: s.column, from: bin.from, to: bin.to, rows: bin.count })));
  return {
    data: { values },
    facet: { field: 'column', type: 'nominal', title: null, sort: columns.map((s) => s.column) },
    columns: 3,
    spec: {
      width: 240,
      height: 110,
      mark: { type: 'bar', color: '#4c78a8', stroke: 'white', strokeWidth: 0.3 },
      encoding: {
        x: { field: 'from', type: 'quantitative', bin: 'binned', title: null, axis: { tickCount: 4 } },
        x2: { field: 'to' },
        y: { field: 'rows', type: 'quantitative', title: 'rows' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as ChartSpec;
}

/** Correlation matrix as coloured cells with r printed in each. */
export function correlationHeatmap(correlations: DatasetProfile['correlations']): ChartSpec {
  const { columns, matrix } = correlations;
  const values = columns.flatMap((row, i) => columns.map((column, j) => ({ row, column, r: matrix[i]?.[j] ?? null })));
  const side = Math.min(600, Math.max(160, columns.length * 48));
  const axis = { field: 'column', type: 'nominal', sort: columns, title: null } as const;
  return {
    data: { values },
    width: side,
    height: side,
    encoding: { x: { ...axis, axis: { labelAngle: -40 } }, y: { ...axis, field: 'row' } },
    layer: [
      {
        mark: 'rect',
        encoding: { color: { field: 'r', type: 'quantitative', title: 'r', scale: { scheme: 'redblue', domain: [-1, 1] } } },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'r', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'abs(datum.r) > 0.6', value: 'white' }, value: 'black' },
        },
      },
    ],
  } as ChartSpec;
}

/** Rows in each of the largest groups. */
export function groupRowsChart(groupBy: GroupByProfile): ChartSpec {
  const values = groupBy.groups.slice(0, MAX_CHARTED_GROUPS).map((g) => ({ group: g.group, rows: g.rows }));
  return {
    data: { values },
    width: Math.max(200, values.length * 28),
    height: 160,
    mark: { type: 'bar', color: '#4c78a8' },
    encoding: {
      x: { field: 'group', type: 'nominal', sort: '-y', title: groupBy.column, axis: { labelAngle: -40 } },
      y: { field: 'rows', type: 'quantitative' },
    },
  } as ChartSpec;
}

/** Per numeric column, each group's mean as a bar with a ±1 standard deviation whisker. */
export function groupMeansChart(groupBy: GroupByProfile, columns: readonly string[]): ChartSpec {
  const groups = groupBy.groups.slice(0, MAX_CHARTED_GROUPS);
  const charted = columns.slice(0, MAX_CHARTED_COLUMNS);
  const values = charted.flatMap((column) =>
    groups.flatMap((g) => {
      const m = g.columns[column];
      return m === undefined ? [] : [{ column, group: g.group, mean: m.mean, low: m.mean - m.std, high: m.mean + m.std }];
    }),
  );
  return {
    data: { values },
    facet: { field: 'column', type: 'nominal', title: null, sort: charted },
    columns: 3,
    spec: {
      width: Math.max(160, groups.length * 22),
      height: 120,
      encoding: { x: { field: 'group', type: 'nominal', sort: groups.map((g) => g.group), title: null, axis: { labelAngle: -40 } } },
      layer: [
        { mark: { type: 'bar', color: '#4c78a8' }, encoding: { y: { field: 'mean', type: 'quantitative', title: 'mean ± std' } } },
        { mark: { type: 'rule', color: '#333' }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      ],
    },
    // Each cell its own x axis: a shared one would also hang under the empty cells of the last row.
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  } as ChartSpec;
}
