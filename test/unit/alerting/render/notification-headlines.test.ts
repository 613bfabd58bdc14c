import { mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { monitorPipeline } from '../../../../pipelines/monitor/index.js';
import type { HeadlinesFile } from '../../../../src/alerting/headlines/headlines-file.js';
import { HeadlinesWatcher } from '../../../../src/alerting/headlines/headlines-watcher.js';
import { loadAlertSink } from '../../../../src/alerting/load-alert-sink.js';
import { loadNotificationTemplates, type NotificationTemplates } from '../../../../src/alerting/render/notification-templates.js';
import { validateConfig } from '../../../../src/config/validate-config.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { anomaly, T0 } from '../events.js';
import { manualTimers, tempFile } from '../fakes.js';
import { event, notification, snapshot } from './notifications.js';

const TEMPLATES_DIR = 'alerts/templates';

const HEADLINES: HeadlinesFile = {
  generatedAt: '2026-03-09T13:00:00.000Z',
  symbols: {
    AAPL: [
      { title: "Apple's App Store draws $2 billion EU fine", link: 'https://harborstreetwire.example/tech/apple-eu-fine', outlet: 'Harbor Street Wire', publishedAt: '2026-03-09T12:40:00.000Z' },
      { title: 'Apple Inc. to appeal <EU> fine', link: 'https://meridianmarkets.example/a/apple-appeal', outlet: 'Meridian Markets Daily', publishedAt: '2026-03-09T11:00:00.000Z' },
    ],
  },
};

async function headlinesFile(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'riskwatch-headlines-')), 'headlines.json');
  await writeFile(path, content);
  return path;
}

function watcher(path: string, problems: string[] = [], clock = new ManualClock(T0)): HeadlinesWatcher {
  return new HeadlinesWatcher({ path, clock, onProblem: (message) => problems.push(message) });
}

describe('latest headlines in alert e-mails', () => {
  let plain: NotificationTemplates;
  beforeAll(async () => {
    plain = await loadNotificationTemplates(TEMPLATES_DIR);
  });

  it('lists the headlines of the alerted symbol, newest first, in both parts', async () => {
    const templates = await loadNotificationTemplates(TEMPLATES_DIR, watcher(await headlinesFile(JSON.stringify(HEADLINES))));
    const { text, html } = await templates.render(notification([snapshot()]));
    expect(text).toContain(
      [
        'Latest headlines',
        '  AAPL',
        "    - Apple's App Store draws $2 billion EU fine (Harbor Street Wire, 2026-03-09 08:40:00 EDT)",
        '      https://harborstreetwire.example/tech/apple-eu-fine',
        '    - Apple Inc. to appeal <EU> fine (Meridian Markets Daily, 2026-03-09 07:00:00 EDT)',
      ].join('\n'),
    );
    expect(html).toContain('Latest headlines');
    expect(html).toContain('<a href="https://harborstreetwire.example/tech/apple-eu-fine" style="color:#1a4f8b;">Apple&#x27;s App Store draws $2 billion EU fine</a>');
    expect(html).toContain('Apple Inc. to appeal &lt;EU&gt; fine');
    expect(html.indexOf('App Store draws')).toBeLessThan(html.indexOf('to appeal'));
  });

  it('shows no block without a headlines file', async () => {
    const { text, html } = await plain.render(notification([snapshot()]));
    expect(text).not.toContain('Latest headlines');
    expect(html).not.toContain('Latest headlines');
  });

  it('shows no block for a symbol without headlines, and only the symbols that have some', async () => {
    const templates = await loadNotificationTemplates(TEMPLATES_DIR, watcher(await headlinesFile(JSON.stringify(HEADLINES))));
    const msft = await templates.render(notification([snapshot(event({ symbol: 'MSFT' }))]));
    expect(msft.text).not.toContain('Latest headlines');
    expect(msft.html).not.toContain('Latest headlines');
    const both = await templates.render(notification([snapshot(event({ symbol: 'MSFT' })), snapshot()]));
    expect(both.text).toContain('Latest headlines\n  AAPL\n');
    expect(both.text).not.toMatch(/^ {2}MSFT$/m);
  });

  it('sends e-mails without headlines when the file is missing or invalid, saying so once per state of the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-headlines-'));
    const path = join(dir, 'headlines.json');
    const problems: string[] = [];
    const clock = new ManualClock(T0);
    const templates = await loadNotificationTemplates(TEMPLATES_DIR, watcher(path, problems, clock));
    for (let i = 0; i < 3; i++) {
      clock.advance(5000);
      expect((await templates.render(notification([snapshot()]))).text).not.toContain('Latest headlines');
    }
    expect(problems).toEqual([`${path}: no headlines for alert e-mails: the file does not exist`]);

    await writeFile(path, JSON.stringify({ ...HEADLINES, symbols: { AAPL: [{ ...HEADLINES.symbols['AAPL']![0]!, link: 'javascript:alert(1)' }] } }));
    for (let i = 0; i < 2; i++) {
      clock.advance(5000);
      expect((await templates.render(notification([snapshot()]))).html).not.toContain('javascript:');
    }
    expect(problems).toHaveLength(2);
    expect(problems[1]).toContain('symbols.AAPL[0].link: expected an http(s) URL');
  });

  it('re-reads the file when it changes, at most once a second, not per e-mail', async () => {
    const path = await headlinesFile(JSON.stringify({ ...HEADLINES, symbols: {} }));
    const clock = new ManualClock(T0);
    const templates = await loadNotificationTemplates(TEMPLATES_DIR, watcher(path, [], clock));
    expect((await templates.render(notification([snapshot()]))).text).not.toContain('Latest headlines');
    // Replaced the way the news job's rerun does it: a new file.
    await writeFile(`${path}.new`, JSON.stringify(HEADLINES));
    await rename(`${path}.new`, path);
    clock.advance(500);
    expect((await templates.render(notification([snapshot()]))).text).not.toContain('Latest headlines');
    clock.advance(500);
    expect((await templates.render(notification([snapshot()]))).text).toContain('Latest headlines');
  });

  it('is wired from the monitor option alerts.headlines through loadAlertSink into the sent e-mail', async () => {
    const options = validateConfig({ alerts: { headlines: 'reports/news-aggregator/headlines.json' } }, 'test', monitorPipeline.options) as { alerts: { headlines?: string } };
    expect(options.alerts.headlines).toBe('reports/news-aggregator/headlines.json');
    expect((validateConfig({}, 'test', monitorPipeline.options) as { alerts: { headlines?: string } }).alerts.headlines).toBeUndefined();

    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    const outbox = join(dir, 'outbox');
    const sink = await loadAlertSink({
      rulesPath: 'alerts/rules.yaml',
      transport: { kind: 'outbox', dir: outbox },
      failedAlertsPath: await tempFile('failed-alerts.jsonl'),
      baseDir: dir,
      clock: new ManualClock(T0),
      setTimer: manualTimers().setTimer,
      headlinesPath: await headlinesFile(JSON.stringify(HEADLINES)),
    });
    await sink.write([anomaly({ severity: 'critical' })]);
    await sink.close();
    const files = await readdir(outbox);
    expect(files).toHaveLength(1);
    const mail = await simpleParser(await readFile(join(outbox, files[0]!)));
    expect(mail.text).toContain("- Apple's App Store draws $2 billion EU fine (Harbor Street Wire,");
    expect(mail.html).toContain('href="https://meridianmarkets.example/a/apple-appeal"');
  });
});
