import { escapeHtml, HtmlReport } from '../../src/reports/html-report.js';
import type { ChartSpec } from '../../src/reports/vega-svg.js';
import type { KeptArticle } from './dedupe-articles.js';
import type { Story } from './stories.js';

const HOUR_MS = 3_600_000;
/** The outlet-by-hour chart shows this many hours before the newest article, and the busiest outlets. */
const CHART_HOURS = 48;
const CHART_OUTLETS = 12;
const CHART_TICKERS = 25;

export interface DigestFigures {
  readonly read: number;
  readonly kept: number;
  readonly urlDuplicates: number;
  readonly nearDuplicates: number;
  readonly stories: number;
  readonly taggedArticles: number;
  readonly nowMs: number;
}

const time = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** The digest: figures, ranked stories with their articles and links, articles per ticker and per outlet and hour. */
export function digestReport(stories: readonly Story[], articles: readonly KeptArticle[], figures: DigestFigures, formula: string): HtmlReport {
  const report = new HtmlReport('News digest', `As of ${time(figures.nowMs)} UTC`);
  report.section('Articles').metrics({
    'entries read': figures.read,
    'articles kept': figures.kept,
    'same-URL duplicates': figures.urlDuplicates,
    'near-duplicates': figures.nearDuplicates,
    stories: figures.stories,
    'articles naming a listed company': figures.taggedArticles,
  });

  const section = report.section(`Top ${stories.length} stories`);
  section.text(`Ranked by ${formula}.`);
  section.html(`<ol style="padding-left:1.4em">${stories.map(storyItem).join('\n')}</ol>`);

  const perTicker = new Map<string, number>();
  for (const article of articles) for (const ticker of article.tickers) perTicker.set(ticker, (perTicker.get(ticker) ?? 0) + 1);
  const tickerRows = [...perTicker].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CHART_TICKERS);
  const charts = report.section('Coverage');
  if (tickerRows.length > 0) {
    charts.chart(
      {
        width: 640,
        height: { step: 16 },
        data: { values: tickerRows.map(([ticker, count]) => ({ ticker, articles: count })) },
        mark: { type: 'bar', color: '#3b6ea5' },
        encoding: { y: { field: 'ticker', type: 'nominal', sort: '-x', title: null }, x: { field: 'articles', type: 'quantitative', title: 'articles', axis: { tickMinStep: 1, format: 'd' } } },
      },
      `Kept articles per ticker (top ${CHART_TICKERS}).`,
    );
  }
  charts.chart(outletHourChart(articles, figures.nowMs), `Kept articles per outlet and hour (UTC), the ${CHART_HOURS} hours up to the newest article, busiest ${CHART_OUTLETS} outlets.`);
  return report;
}

function storyItem(story: Story): string {
  const tickers = story.tickers.length === 0 ? '' : ` · <strong>${story.tickers.map(escapeHtml).join(' ')}</strong>`;
  const more = story.articles.length + story.duplicates.length - 1;
  const members = story.articles
    .slice(1)
    .map((article) => `<li><a href="${escapeHtml(article.link)}">${escapeHtml(article.title)}</a> <span style="color:#666">${escapeHtml(article.outlet)}, ${time(article.publishedMs)}</span></li>`)
    .concat(story.duplicates.map((duplicate) => `<li style="color:#666">${escapeHtml(duplicate.article.outlet)} ran the same (${duplicate.kind === 'url' ? 'same link' : `${Math.round(duplicate.similarity * 100)}% similar`})</li>`));
  return (
    `<li style="margin-bottom:.8em"><a href="${escapeHtml(story.link)}"><strong>${escapeHtml(story.headline)}</strong></a><br>` +
    `<span style="color:#555;font-size:.9em">${time(story.firstAt)}${story.lastAt > story.firstAt ? ` – ${time(story.lastAt)}` : ''} UTC · ${story.outlets.map(escapeHtml).join(', ')}${tickers} · score ${story.score.toFixed(2)}</span>` +
    (more > 0 ? `<ul style="font-size:.9em">${members.join('')}</ul>` : '') +
    '</li>'
  );
}

function outletHourChart(articles: readonly KeptArticle[], nowMs: number): ChartSpec {
  const fromMs = nowMs - CHART_HOURS * HOUR_MS;
  const perOutlet = new Map<string, number>();
  for (const article of articles) if (article.publishedMs > fromMs) perOutlet.set(article.outlet, (perOutlet.get(article.outlet) ?? 0) + 1);
  const outlets = new Set([...perOutlet].sort((a, b) => b[1] - a[1]).slice(0, CHART_OUTLETS).map(([outlet]) => outlet));
  const cells = new Map<string, { outlet: string; hour: string; articles: number }>();
  for (const article of articles) {
    if (article.publishedMs <= fromMs || !outlets.has(article.outlet)) continue;
    const hour = new Date(Math.floor(article.publishedMs / HOUR_MS) * HOUR_MS).toISOString();
    const key = `${article.outlet}\n${hour}`;
    const cell = cells.get(key);
    if (cell === undefined) cells.set(key, { outlet: article.outlet, hour, articles: 1 });
    else cell.articles++;
  }
  return {
    width: 640,
    height: { step: 20 },
    data: { values: [...cells.values()] },
    mark: 'rect',
    encoding: {
      x: { field: 'hour', type: 'temporal', timeUnit: 'utcyearmonthdatehours', title: 'hour (UTC)', axis: { format: '%b %d %H:00', labelAngle: -30 } },
      y: { field: 'outlet', type: 'nominal', title: null },
      color: { field: 'articles', type: 'quantitative', scale: { scheme: 'blues' }, legend: { format: 'd', tickMinStep: 1 } },
    },
  };
}
