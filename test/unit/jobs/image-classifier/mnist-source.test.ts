import { describe, expect, it } from 'vitest';
import { MnistSource } from '../../../../pipelines/image-classifier/mnist-source.js';

describe('MnistSource', () => {
  it('splits each class into disjoint training and held-out digits, in proportion, real pixels in [0, 1]', async () => {
    const seen = new Map<string, string>();
    const perClass = new Map<string, number>();
    for await (const batch of new MnistSource({ train: 500, test: 200 }).batches(new AbortController().signal)) {
      for (const digit of batch.records) {
        expect(seen.has(digit.origin), digit.origin).toBe(false);
        seen.set(digit.origin, digit.split);
        perClass.set(`${digit.label}/${digit.split}`, (perClass.get(`${digit.label}/${digit.split}`) ?? 0) + 1);
        expect(digit.pixels).toHaveLength(784);
      }
    }
    const splits = [...seen.values()];
    // By hand from the package's class sizes (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978):
    // training round(n·500/10000) per class sums to 501, held-out round(n·200/10000) to 201.
    expect(splits.filter((s) => s === 'train')).toHaveLength(501);
    expect(splits.filter((s) => s === 'test')).toHaveLength(201);
    expect(perClass.get('1/train')).toBe(56);
    expect(perClass.get('5/test')).toBe(17);
    // Training digits come from each class's start, held-out ones from its end.
    expect(seen.get('mnist:0#0')).toBe('train');
    expect(seen.get('mnist:0#1000')).toBe('test');
  });
});
