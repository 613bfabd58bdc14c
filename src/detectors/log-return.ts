/** Price memory of the return-based detectors. */
export interface LastPrice {
  /** 0 until the first valid price. */
  lastPrice: number;
}

/**
 * Log return from the previous valid price to `price`, and remembers `price`. NaN for the first
 * price and for an invalid one (which is not remembered, so the next return spans over it).
 */
export function advanceLogReturn(state: LastPrice, price: number): number {
  if (!(price > 0 && price < Infinity)) return NaN;
  const last = state.lastPrice;
  state.lastPrice = price;
  return last === 0 ? NaN : Math.log(price / last);
}
