import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A password that cannot leak by accident: JSON, `util.inspect`, template strings and loggers
 * all see `[redacted]`; only `reveal()` gives the value, at the one place that needs it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
