import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { REPO_ROOT } from '../../helpers/cli.js';

describe('monitor options', () => {
  it.each(['pipelines/monitor/monitor.yaml', 'deploy/riskwatch/monitor.compose.yaml'])('%s, as shipped, is valid', async (file) => {
    const options = parse(await readFile(join(REPO_ROOT, file), 'utf8')) as unknown;
    expect(() => validateConfig(options, file, monitorPipeline.options)).not.toThrow();
  });

  it('the reference file states the defaults', async () => {
    const documented = validateConfig(parse(await readFile(join(REPO_ROOT, 'pipelines/monitor/monitor.yaml'), 'utf8')), 'doc', monitorPipeline.options);
    expect(documented).toEqual(validateConfig({}, 'defaults', monitorPipeline.options));
  });
});
