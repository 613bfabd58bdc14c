import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DASHBOARD_DIR = join(import.meta.dirname, '..', '..', '..', 'deploy', 'grafana', 'dashboards');
export const DATASOURCE = { type: 'influxdb', uid: 'riskwatch-influx' } as const;

const datasourceSchema = z.looseObject({ type: z.literal(DATASOURCE.type), uid: z.literal(DATASOURCE.uid) });
const targetSchema = z.looseObject({ refId: z.string().min(1), query: z.string().min(1), datasource: datasourceSchema });
const gridPosSchema = z
  .looseObject({ x: z.int().min(0), y: z.int().min(0), w: z.int().min(1), h: z.int().min(1) })
  .refine((pos) => pos.x + pos.w <= 24, 'panel must fit the 24-column grid');

const panelSchema = z.looseObject({
  id: z.int().positive(),
  type: z.string(),
  title: z.string().min(1),
  gridPos: gridPosSchema,
  datasource: datasourceSchema,
  targets: z.array(targetSchema).min(1),
});

const annotationSchema = z
  .looseObject({ name: z.string().min(1), builtIn: z.literal(1).optional(), datasource: z.unknown(), target: targetSchema.optional() })
  .refine((annotation) => annotation.builtIn === 1 || (datasourceSchema.safeParse(annotation.datasource).success && annotation.target !== undefined), {
    message: `an annotation that is not Grafana's built-in one needs datasource ${DATASOURCE.uid} and a target`,
  });

const variableSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('custom'), name: z.string(), query: z.string().min(1) }),
  z.looseObject({
    type: z.literal('query'),
    name: z.string(),
    datasource: datasourceSchema,
    // Grafana stores an InfluxDB variable query as a string or as { query, refId }; both are read.
    query: z.union([z.string().min(1), z.looseObject({ query: z.string().min(1) })]),
  }),
]);

/** The parts of a Grafana dashboard the tests rely on; everything else is left as it is. */
export const dashboardSchema = z.looseObject({
  uid: z.string().regex(/^riskwatch-[a-z-]+$/),
  title: z.string().min(1),
  tags: z.array(z.string()).refine((tags) => tags.includes('riskwatch'), 'must include "riskwatch"'),
  schemaVersion: z.int().min(39),
  refresh: z.literal('10s'),
  time: z.looseObject({ from: z.literal('now-1h'), to: z.literal('now') }),
  panels: z.array(panelSchema).min(1),
  annotations: z.looseObject({ list: z.array(annotationSchema) }),
  templating: z.looseObject({ list: z.array(variableSchema) }),
});

export type Dashboard = z.output<typeof dashboardSchema>;

export interface DashboardFile {
  readonly file: string;
  /** The file as parsed JSON, before validation. */
  readonly json: unknown;
}

export function readDashboardFiles(dir = DASHBOARD_DIR): DashboardFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }));
}

/** A Flux query as Grafana would run it: a panel target, an annotation or a query variable. */
export interface DashboardQuery {
  readonly file: string;
  /** Where it sits, for test names: `panel 5 "Events by severity" A`. */
  readonly where: string;
  readonly query: string;
}

export function dashboardQueries(file: string, dashboard: Dashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) queries.push({ file, where: `panel ${panel.id} "${panel.title}" ${target.refId}`, query: target.query });
  }
  for (const annotation of dashboard.annotations.list) {
    if (annotation.target !== undefined) queries.push({ file, where: `annotation "${annotation.name}"`, query: annotation.target.query });
  }
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
    queries.push({ file, where: `variable ${variable.name}`, query });
  }
  return queries;
}

export interface QueryContext {
  readonly start: Date;
  readonly stop: Date;
  /** Dashboard variables by name: bucket, symbol. */
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * Substitutes what Grafana substitutes before a Flux query reaches InfluxDB: the time range as
 * RFC 3339 time literals, the interval as a duration literal, and `${name}` dashboard variables.
 */
export function renderQuery(query: string, context: QueryContext): string {
  return query
    .replaceAll('v.timeRangeStart', context.start.toISOString())
    .replaceAll('v.timeRangeStop', context.stop.toISOString())
    .replaceAll('v.windowPeriod', '10s')
    .replace(/\$\{(\w+)\}/g, (whole, name: string) => {
      const value = context.variables[name];
      if (value === undefined) throw new Error(`unknown dashboard variable ${whole}`);
      return value;
    });
}

/** Grid rectangles that overlap, as pairs of panel ids. */
export function overlappingPanels(dashboard: Dashboard): Array<[number, number]> {
  const overlaps: Array<[number, number]> = [];
  const panels = dashboard.panels;
  for (const [i, a] of panels.entries()) {
    for (const b of panels.slice(i + 1)) {
      const apart =
        a.gridPos.x + a.gridPos.w <= b.gridPos.x ||
        b.gridPos.x + b.gridPos.w <= a.gridPos.x ||
        a.gridPos.y + a.gridPos.h <= b.gridPos.y ||
        b.gridPos.y + b.gridPos.h <= a.gridPos.y;
      if (!apart) overlaps.push([a.id, b.id]);
    }
  }
  return overlaps;
}
