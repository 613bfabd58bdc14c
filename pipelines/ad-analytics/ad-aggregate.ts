/** One hour in milliseconds: the aggregate's time bucket. */
export const HOUR_MS = 3_600_000;
/** Cost is summed in integer micro-units (1e-6 of the currency), so partial sums merge exactly in any order. */
export const MICROS = 1_000_000;

/** Hours per page of a pair's hour → cell table: rows arrive in time order, so one page serves a long run. */
const PAGE_HOURS = 1024;
const NO_CELL = -1;

/**
 * A partial aggregate as plain arrays (JSON-safe, and cheap to post between threads): names,
 * then one entry per (campaign, exchange, hour) cell in each column. Partials of disjoint inputs
 * merge by adding cells with the same names and hour, and every sum is an integer: the merge is
 * exact and does not depend on order.
 */
export interface PartialAggregate {
  readonly campaigns: readonly string[];
  readonly exchanges: readonly string[];
  readonly cells: {
    /** Index into `campaigns`. */
    readonly campaign: readonly number[];
    readonly exchange: readonly number[];
    /** Hours since the Unix epoch (UTC). */
    readonly hour: readonly number[];
    readonly impressions: readonly number[];
    readonly clicks: readonly number[];
    readonly conversions: readonly number[];
    readonly costMicros: readonly number[];
    readonly rows: readonly number[];
  };
}

/** The sums of one cell, as read back from the aggregate. */
export interface CellSums {
  readonly campaign: string;
  readonly exchange: string;
  readonly hour: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly costMicros: number;
  readonly rows: number;
}

/**
 * Sums of impressions, clicks, conversions, cost and rows per (campaign, exchange, hour). The
 * per-row `add` allocates nothing once names and hours are known: campaign and exchange names are
 * interned to small integers, each (campaign, exchange) pair finds its cell for an hour through a
 * page of an Int32Array (the last page is cached), and the sums live in growable Float64Arrays.
 */
export class AdAggregate {
  readonly campaigns: string[] = [];
  readonly exchanges: string[] = [];
  private readonly campaignIds = new Map<string, number>();
  private readonly exchangeIds = new Map<string, number>();
  /** pairOf[campaign][exchange]: the pair's index, or undefined before its first row. */
  private readonly pairOf: (number | undefined)[][] = [];
  private readonly pairCampaign: number[] = [];
  private readonly pairExchange: number[] = [];
  private readonly pairPages: Map<number, Int32Array>[] = [];
  private readonly pairLastPageNo: number[] = [];
  private readonly pairLastPage: Int32Array[] = [];

  private capacity = 1024;
  size = 0;
  private cellPair = new Int32Array(this.capacity);
  private cellHour = new Float64Array(this.capacity);
  private impressions = new Float64Array(this.capacity);
  private clicks = new Float64Array(this.capacity);
  private conversions = new Float64Array(this.capacity);
  private costMicros = new Float64Array(this.capacity);
  private rows = new Float64Array(this.capacity);

  /** Adds one row (or, with `rows` > 1, the sums of several) to its cell. */
  add(campaign: string, exchange: string, ts: number, impressions: number, clicks: number, conversions: number, costMicros: number, rows = 1): void {
    const cell = this.cellOf(this.pair(this.campaignId(campaign), this.exchangeId(exchange)), Math.floor(ts / HOUR_MS));
    this.impressions[cell]! += impressions;
    this.clicks[cell]! += clicks;
    this.conversions[cell]! += conversions;
    this.costMicros[cell]! += costMicros;
    this.rows[cell]! += rows;
  }

  /** Adds another partial's cells (a worker's, or another process's). */
  merge(partial: PartialAggregate): void {
    const c = partial.cells;
    for (let i = 0; i < c.hour.length; i++) {
      const campaign = partial.campaigns[c.campaign[i]!]!;
      const exchange = partial.exchanges[c.exchange[i]!]!;
      this.add(campaign, exchange, c.hour[i]! * HOUR_MS, c.impressions[i]!, c.clicks[i]!, c.conversions[i]!, c.costMicros[i]!, c.rows[i]!);
    }
  }

  toPartial(): PartialAggregate {
    const n = this.size;
    const campaign: number[] = [];
    const exchange: number[] = [];
    for (let i = 0; i < n; i++) {
      campaign.push(this.pairCampaign[this.cellPair[i]!]!);
      exchange.push(this.pairExchange[this.cellPair[i]!]!);
    }
    const column = (values: Float64Array): number[] => Array.from(values.subarray(0, n));
    return {
      campaigns: [...this.campaigns],
      exchanges: [...this.exchanges],
      cells: {
        campaign,
        exchange,
        hour: column(this.cellHour),
        impressions: column(this.impressions),
        clicks: column(this.clicks),
        conversions: column(this.conversions),
        costMicros: column(this.costMicros),
        rows: column(this.rows),
      },
    };
  }

  /** Every cell, ordered by campaign, exchange and hour, so equal sums read back equal whatever the order rows came in. */
  sortedCells(): CellSums[] {
    const cells: CellSums[] = [];
    for (let i = 0; i < this.size; i++) {
      const pair = this.cellPair[i]!;
      cells.push({
        campaign: this.campaigns[this.pairCampaign[pair]!]!,
        exchange: this.exchanges[this.pairExchange[pair]!]!,
        hour: this.cellHour[i]!,
        impressions: this.impressions[i]!,
        clicks: this.clicks[i]!,
        conversions: this.conversions[i]!,
        costMicros: this.costMicros[i]!,
        rows: this.rows[i]!,
      });
    }
    return cells.sort((a, b) => compareText(a.campaign, b.campaign) || compareText(a.exchange, b.exchange) || a.hour - b.hour);
  }

  private campaignId(name: string): number {
    let id = this.campaignIds.get(name);
    if (id === undefined) {
      id = this.campaigns.push(name) - 1;
      this.campaignIds.set(name, id);
      this.pairOf.push([]);
    }
    return id;
  }

  private exchangeId(name: string): number {
    let id = this.exchangeIds.get(name);
    if (id === undefined) {
      id = this.exchanges.push(name) - 1;
      this.exchangeIds.set(name, id);
    }
    return id;
  }

  private pair(campaign: number, exchange: number): number {
    const row = this.pairOf[campaign]!;
    let pair = row[exchange];
    if (pair === undefined) {
      pair = this.pairCampaign.push(campaign) - 1;
      this.pairExchange.push(exchange);
      this.pairPages.push(new Map());
      this.pairLastPageNo.push(NaN);
      this.pairLastPage.push(new Int32Array(0));
      while (row.length < exchange) row.push(undefined);
      row[exchange] = pair;
    }
    return pair;
  }

  private cellOf(pair: number, hour: number): number {
    const pageNo = Math.floor(hour / PAGE_HOURS);
    let page = this.pairLastPage[pair]!;
    if (this.pairLastPageNo[pair] !== pageNo) {
      const pages = this.pairPages[pair]!;
      let found = pages.get(pageNo);
      if (found === undefined) {
        found = new Int32Array(PAGE_HOURS).fill(NO_CELL);
        pages.set(pageNo, found);
      }
      page = found;
      this.pairLastPage[pair] = page;
      this.pairLastPageNo[pair] = pageNo;
    }
    const offset = hour - pageNo * PAGE_HOURS;
    let cell = page[offset]!;
    if (cell === NO_CELL) {
      cell = this.newCell(pair, hour);
      page[offset] = cell;
    }
    return cell;
  }

  private newCell(pair: number, hour: number): number {
    if (this.size === this.capacity) this.grow();
    const cell = this.size++;
    this.cellPair[cell] = pair;
    this.cellHour[cell] = hour;
    return cell;
  }

  private grow(): void {
    this.capacity *= 2;
    const cellPair = new Int32Array(this.capacity);
    cellPair.set(this.cellPair);
    this.cellPair = cellPair;
    this.cellHour = grownCopy(this.cellHour, this.capacity);
    this.impressions = grownCopy(this.impressions, this.capacity);
    this.clicks = grownCopy(this.clicks, this.capacity);
    this.conversions = grownCopy(this.conversions, this.capacity);
    this.costMicros = grownCopy(this.costMicros, this.capacity);
    this.rows = grownCopy(this.rows, this.capacity);
  }
}

function grownCopy(values: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(values);
  return next;
}

/** Code-unit order, the same in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
