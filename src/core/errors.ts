/**
 * One error hierarchy for riskwatch: every error has a stable code, says whether retrying
 * could help, and carries its cause.
 */
export class RiskwatchError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** A configuration value is missing or has the wrong type or range. Never retriable. */
export class ConfigError extends RiskwatchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('config_invalid', message, options);
  }
}

/** An input file or stream cannot be read as the format it claims. */
export class InputError extends RiskwatchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('input_invalid', message, options);
  }
}
