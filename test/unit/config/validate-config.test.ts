import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlText } from '../../../src/config/load-yaml.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { ConfigError } from '../../../src/core/errors.js';

const schema = z.strictObject({
  window: z.int().min(2).default(100),
  detector: z.union([z.literal(false), z.strictObject({ k: z.number() })]).default({ k: 4 }),
  recipients: z.array(z.string()).default([]),
  nested: z.strictObject({ path: z.string().optional() }).prefault({}),
});

function problems(data: unknown, at: readonly string[] = []): string[] {
  try {
    validateConfig(data, 'test.yaml', schema, at);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('validateConfig', () => {
  it('fills defaults for what is left out', () => {
    expect(validateConfig({}, 'test.yaml', schema)).toEqual({ window: 100, detector: { k: 4 }, recipients: [], nested: {} });
  });

  it('names the file, the key path and the expected type for every problem', () => {
    expect(problems({ window: 'ten', recipients: ['a', 3], nested: { path: 1 } })).toEqual([
      'test.yaml: window: expected number, received string',
      'test.yaml: recipients[1]: expected string, received number',
      'test.yaml: nested.path: expected string, received number',
    ]);
  });

  it('names each unknown key where it stands', () => {
    expect(problems({ windw: 3, nested: { paht: 'x' } }).sort()).toEqual(['test.yaml: nested.paht: unknown key', 'test.yaml: windw: unknown key']);
  });

  it('reports inside the branch of a union that the value was meant for', () => {
    expect(problems({ detector: { k: 'x' } })).toEqual(['test.yaml: detector.k: expected number, received string']);
    expect(problems({ detector: true })).toEqual(['test.yaml: detector: expected false or object, received boolean']);
  });

  it('prefixes the position of the value in a larger document', () => {
    expect(problems({ window: 1 }, ['detectors', 'z'])).toEqual(['test.yaml: detectors.z.window: Too small: expected number to be >=2']);
  });

  it('says what is at the top level when the document is not a mapping', () => {
    expect(problems(['a'])).toEqual(['test.yaml: (top level): expected object, received array']);
  });
});

describe('parseYamlText', () => {
  it('reads an empty document as an empty mapping and rejects broken YAML with the source name', () => {
    expect(parseYamlText('', 'x.yaml')).toEqual({});
    expect(() => parseYamlText('a: [1,\n', 'x.yaml')).toThrow(/^x\.yaml: not valid YAML: /);
  });
});
