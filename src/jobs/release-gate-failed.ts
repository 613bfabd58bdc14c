import { RiskwatchError } from '../core/errors.js';

/**
 * A job's release gate said no (its outputs are written): `riskwatch` exits with status 4, so a
 * deployment pipeline stops. Not retriable: the same input gives the same verdict.
 */
export class ReleaseGateFailed extends RiskwatchError {
  constructor(message: string) {
    super('release_gate_failed', message);
  }
}
