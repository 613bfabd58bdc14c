import type { DetectorParams } from '../detector.js';

/**
 * A validated config as flat evidence params: nested keys dotted (`profile.timeZone`), undefined
 * values left out, arrays of plain values joined with commas (`AAPL,MSFT`) and other arrays as
 * JSON (`[{"from":"09:30","volume":3}]`), so every value is a string, number or boolean.
 */
export function flattenParams(config: object): DetectorParams {
  const params: Record<string, string | number | boolean> = {};
  addParams(params, '', config);
  return params;
}

function addParams(params: Record<string, string | number | boolean>, prefix: string, config: object): void {
  for (const [key, value] of Object.entries(config)) {
    const name = prefix + key;
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[name] = value;
    else if (Array.isArray(value)) params[name] = value.every(isPlain) ? value.join(',') : JSON.stringify(value);
    else if (typeof value === 'object') addParams(params, `${name}.`, value);
    else params[name] = String(value);
  }
}

function isPlain(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
