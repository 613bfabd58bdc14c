import { describe, expect, it } from 'vitest';
import { loadAlertingConfig } from '../../../../src/alerting/config/alerting-config.js';
import type { RouteConfig } from '../../../../src/alerting/config/route-config.js';
import type { AlertLabels } from '../../../../src/alerting/model/alert-labels.js';
import { ROUTE_DEFAULTS, RouteTree } from '../../../../src/alerting/routing/route-tree.js';

const labels = (symbol: string, detector = 'return-zscore', severity = 'warning', extra: Record<string, string> = {}): AlertLabels => ({
  ...extra,
  symbol,
  detector,
  severity,
});

const namesFor = (tree: RouteTree, alert: AlertLabels): string[] => tree.routesFor(alert).map((route) => route.name);

describe('route tree', () => {
  it('gives the root Alertmanager defaults for what it leaves unset', () => {
    const tree = new RouteTree({ receiver: 'desk' });
    expect(tree.routesFor(labels('AAPL'))).toEqual([
      {
        name: 'default',
        receiver: 'desk',
        groupBy: ['symbol'],
        groupWaitMs: ROUTE_DEFAULTS.groupWaitMs,
        groupIntervalMs: 300_000,
        repeatIntervalMs: 4 * 3_600_000,
        sendResolved: true,
        muteWindows: [],
      },
    ]);
    expect(ROUTE_DEFAULTS.groupWaitMs).toBe(30_000);
  });

  it('lets each route inherit every unset setting from its parent, through the generations', () => {
    const tree = new RouteTree({
      name: 'root',
      receiver: 'desk',
      groupBy: ['symbol', 'desk'],
      groupWait: '1m',
      repeatInterval: '0s',
      sendResolved: false,
      muteWindows: ['nights'],
      routes: [
        {
          name: 'etf',
          match: { labels: { desk: 'etf' } },
          receiver: 'etf-desk',
          groupWait: '10s',
          groupInterval: '2m',
          routes: [{ name: 'etf-critical', match: { minSeverity: 'critical' }, groupBy: [], sendResolved: true, muteWindows: ['weekends'] }],
        },
      ],
    });
    const etf = (severity: string) => labels('SPY', 'ensemble', severity, { desk: 'etf' });
    expect(tree.routesFor(etf('critical'))).toEqual([
      { name: 'etf-critical', receiver: 'etf-desk', groupBy: [], groupWaitMs: 10_000, groupIntervalMs: 120_000, repeatIntervalMs: 0, sendResolved: true, muteWindows: ['weekends'] },
    ]);
    expect(tree.routesFor(etf('warning'))).toEqual([
      { name: 'etf', receiver: 'etf-desk', groupBy: ['symbol', 'desk'], groupWaitMs: 10_000, groupIntervalMs: 120_000, repeatIntervalMs: 0, sendResolved: false, muteWindows: ['nights'] },
    ]);
    expect(tree.routesFor(labels('AAPL'))).toEqual([
      { name: 'root', receiver: 'desk', groupBy: ['symbol', 'desk'], groupWaitMs: 60_000, groupIntervalMs: 300_000, repeatIntervalMs: 0, sendResolved: false, muteWindows: ['nights'] },
    ]);
  });

  it('gives an alert to the first matching child only', () => {
    const tree = new RouteTree({
      receiver: 'desk',
      routes: [
        { name: 'critical', match: { severity: ['critical'] } },
        { name: 'aapl', match: { symbols: ['AAPL'] } },
        { name: 'all', match: {} },
      ],
    });
    expect(namesFor(tree, labels('AAPL', 'ensemble', 'critical'))).toEqual(['critical']);
    expect(namesFor(tree, labels('AAPL'))).toEqual(['aapl']);
    expect(namesFor(tree, labels('MSFT'))).toEqual(['all']);
  });

  it('with continue, also gives it to the next matching siblings, up to one without continue', () => {
    const tree = new RouteTree({
      receiver: 'desk',
      routes: [
        { name: 'a-symbols', match: { symbols: ['A*'] }, continue: true },
        { name: 'aa-symbols', match: { symbols: ['AA*'] } },
        { name: 'all', match: {} },
      ],
    });
    expect(namesFor(tree, labels('AAPL'))).toEqual(['a-symbols', 'aa-symbols']); // aa-symbols stops the walk
    expect(namesFor(tree, labels('AMZN'))).toEqual(['a-symbols', 'all']); // aa-symbols does not match: on to all
    expect(namesFor(tree, labels('MSFT'))).toEqual(['all']);
  });

  it('counts an alert taken by a continue route as taken: the parent does not handle it as well', () => {
    const tree = new RouteTree({ receiver: 'desk', routes: [{ name: 'copy', match: { symbols: ['AAPL'] }, continue: true }] });
    expect(namesFor(tree, labels('AAPL'))).toEqual(['copy']);
    expect(namesFor(tree, labels('MSFT'))).toEqual(['default']);
  });

  it('lets a matching route handle an alert that none of its children take', () => {
    const tree = new RouteTree({
      receiver: 'desk',
      routes: [
        {
          name: 'equities',
          match: { labels: { desk: 'equities' } },
          routes: [{ name: 'equities-critical', match: { minSeverity: 'critical' } }],
        },
      ],
    });
    const equities = (severity: string) => labels('IBM', 'ensemble', severity, { desk: 'equities' });
    expect(namesFor(tree, equities('critical'))).toEqual(['equities-critical']);
    expect(namesFor(tree, equities('warning'))).toEqual(['equities']);
    expect(namesFor(tree, labels('IBM'))).toEqual(['default']);
  });

  it('ignores a match on the root: every alert enters the tree', () => {
    const config: RouteConfig = { receiver: 'desk', match: { symbols: ['NOPE'] } };
    expect(namesFor(new RouteTree(config), labels('AAPL'))).toEqual(['default']);
  });

  it('routes with the shipped rules: info aside, tech volume to surveillance and the desk', async () => {
    const tree = new RouteTree((await loadAlertingConfig('alerts/rules.yaml')).config.route);
    const tech = { desk: 'tech' };
    expect(namesFor(tree, labels('AAPL', 'volume-spike', 'warning', tech))).toEqual(['tech-volume', 'desk']);
    expect(namesFor(tree, labels('AAPL', 'volume-spike', 'info', tech))).toEqual(['info']);
    expect(namesFor(tree, labels('SPY', 'volume-spike', 'warning'))).toEqual(['desk']);
    expect(namesFor(tree, labels('AAPL', 'return-zscore', 'critical', tech))).toEqual(['desk']);
    expect(tree.routesFor(labels('AAPL', 'volume-spike', 'warning', tech))[0]).toEqual({
      name: 'tech-volume',
      receiver: 'surveillance',
      groupBy: ['symbol'],
      groupWaitMs: 10_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 4 * 3_600_000,
      sendResolved: true,
      muteWindows: ['outside-trading-hours'],
    });
  });

  it('describes every route depth first, with its resolved settings and continue', () => {
    const tree = new RouteTree({
      receiver: 'desk',
      groupWait: '5s',
      routes: [
        { name: 'a', continue: true, routes: [{ name: 'a1', receiver: 'other' }] },
        { name: 'b', groupWait: '0s' },
      ],
    });
    expect(tree.describe().map(({ depth, route, continue: next }) => `${'  '.repeat(depth)}${route.name} → ${route.receiver} wait ${route.groupWaitMs}${next ? ' continue' : ''}`)).toEqual([
      'default → desk wait 5000',
      '  a → desk wait 5000 continue',
      '    a1 → other wait 5000',
      '  b → desk wait 0',
    ]);
  });
});
