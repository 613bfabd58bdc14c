import { compileAlertMatch, type AlertPredicate } from '../config/alert-match.js';
import type { RouteConfig } from '../config/route-config.js';
import { parseDuration } from '../duration.js';
import type { AlertLabels } from '../model/alert-labels.js';

/** A route with every setting resolved (inherited from its parents where unset). */
export interface Route {
  /** `default` for the root. */
  readonly name: string;
  readonly receiver: string;
  readonly groupBy: readonly string[];
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  /** 0 = no reminders. */
  readonly repeatIntervalMs: number;
  readonly sendResolved: boolean;
  readonly muteWindows: readonly string[];
}

interface RouteNode {
  readonly route: Route;
  readonly matches: AlertPredicate;
  readonly continue: boolean;
  readonly children: readonly RouteNode[];
}

/** Alertmanager's defaults, which people who have run it expect. */
export const ROUTE_DEFAULTS = {
  groupBy: ['symbol'],
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
  sendResolved: true,
} as const;

const ms = (text: string | undefined, fallback: number): number => (text === undefined ? fallback : (parseDuration(text) ?? fallback));

function compileNode(config: RouteConfig, parent: Route | undefined): RouteNode {
  const route: Route = {
    name: config.name ?? 'default',
    // The config check guarantees the root has a receiver.
    receiver: config.receiver ?? parent?.receiver ?? '',
    groupBy: config.groupBy ?? parent?.groupBy ?? ROUTE_DEFAULTS.groupBy,
    groupWaitMs: ms(config.groupWait, parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs),
    groupIntervalMs: ms(config.groupInterval, parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs),
    repeatIntervalMs: ms(config.repeatInterval, parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs),
    sendResolved: config.sendResolved ?? parent?.sendResolved ?? ROUTE_DEFAULTS.sendResolved,
    muteWindows: config.muteWindows ?? parent?.muteWindows ?? [],
  };
  return {
    route,
    matches: config.match === undefined ? () => true : compileAlertMatch(config.match),
    continue: config.continue ?? false,
    children: (config.routes ?? []).map((child) => compileNode(child, route)),
  };
}

/**
 * The routing tree, compiled once. `routesFor` walks it like Alertmanager: the first matching
 * child takes the alert (and with `continue`, the next matching siblings too); a node that no
 * child takes handles the alert itself. The root matches everything.
 */
export class RouteTree {
  private readonly root: RouteNode;

  constructor(config: RouteConfig) {
    this.root = compileNode({ ...config, match: undefined }, undefined);
  }

  /** The routes that handle an alert with these labels, in tree order; never empty. */
  routesFor(labels: AlertLabels): Route[] {
    const found: Route[] = [];
    collect(this.root, labels, found);
    return found;
  }

  /** Every route, depth first, for `alerts check`. */
  describe(): { readonly depth: number; readonly route: Route; readonly continue: boolean }[] {
    const lines: { depth: number; route: Route; continue: boolean }[] = [];
    const walk = (node: RouteNode, depth: number): void => {
      lines.push({ depth, route: node.route, continue: node.continue });
      node.children.forEach((child) => walk(child, depth + 1));
    };
    walk(this.root, 0);
    return lines;
  }
}

function collect(node: RouteNode, labels: AlertLabels, found: Route[]): void {
  let taken = false;
  for (const child of node.children) {
    if (!child.matches(labels)) continue;
    collect(child, labels, found);
    taken = true;
    if (!child.continue) break;
  }
  if (!taken) found.push(node.route);
}
