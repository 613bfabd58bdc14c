import { describe, expect, it } from 'vitest';
import type { QuietDecision } from '../../../../src/alerting/alert-engine.js';
import { anomaly, T0 } from '../events.js';
import { describeQuiet, engineFrom, MINUTE, play } from './harness.js';

const RULES = `
receivers:
  - { name: desk, to: [desk@example.com, boss@example.com] }
state: { resolveAfter: 2h }
budgets:
  recipients: { desk@example.com: 2 }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 0s
  groupInterval: 5m
  repeatInterval: 0s
`;

const at = (ms: number, symbol: string, severity: 'warning' | 'critical' = 'warning') => [ms, anomaly({ ts: T0 + ms, symbol, severity })] as const;

describe('notification budgets', () => {
  it('past the budget, non-critical alerts roll into a digest while a critical one still goes out', () => {
    const quiet: QuietDecision[] = [];
    const engine = engineFrom(RULES, { onQuiet: (decision) => quiet.push(decision) });
    const lines = play(engine, T0, [at(0, 'A'), at(MINUTE, 'B'), at(2 * MINUTE, 'C'), at(3 * MINUTE, 'D', 'critical'), at(4 * MINUTE, 'E')], 62 * MINUTE);
    expect(lines).toEqual([
      // boss@ has no budget; desk@ may have 2 e-mails per rolling hour.
      '+0s new default → desk@example.com,boss@example.com [A/return-zscore:warning]',
      '+1m new default → desk@example.com,boss@example.com [B/return-zscore:warning]',
      '+2m new default → boss@example.com [C/return-zscore:warning]',
      '+3m new default → boss@example.com [D/return-zscore:critical]',
      '+3m new default → desk@example.com [D/return-zscore:critical] budget(limit 2, held 1, critical 1)',
      '+4m new default → boss@example.com [E/return-zscore:warning]',
      // Room again once 2 of the 3 e-mails of the hour (the critical one counts) have aged out;
      // then one digest with what was held.
      '+1h1m digest default → desk@example.com [C/return-zscore:warning E/return-zscore:warning] budget(limit 2, held 2, critical 1)',
    ]);
    expect(quiet.map((d) => describeQuiet(d, T0))).toEqual(['+2m held for desk@example.com: C', '+4m held for desk@example.com: E']);
    // The breach is visible as a metric: two held, one critical over budget.
    expect(engine.stats).toMatchObject({ held: 2, budgetExceeded: 3 });
  });
});
