import { escapeHtml, HtmlReport } from '../../src/reports/html-report.js';
import type { EpochStats } from './cnn-trainer.js';
import { digitPng } from './digit-image.js';
import { imageAt, type DigitSet } from './digit-set.js';
import type { Evaluation } from './evaluation.js';

/** What the job puts in summary.json's `results`. */
export interface ClassifierResults {
  readonly data: { readonly source: string; readonly trainDigits: number; readonly heldOutDigits: number };
  readonly model: { readonly architecture: string; readonly parameters: number; readonly dir: string };
  readonly training: {
    readonly epochs: number;
    readonly seconds: number;
    readonly samplesPerSecond: number;
    readonly history: readonly EpochStats[];
  };
  readonly heldOut: Omit<Evaluation, 'misclassified'> & { readonly misclassified: number };
  readonly target: { readonly accuracy: number; readonly met: boolean };
}

/** Misclassified digits shown in the report, most confident mistakes first. */
const SHOWN_MISTAKES = 24;

export function buildClassifierReport(results: ClassifierResults, evaluation: Evaluation, heldOut: DigitSet): HtmlReport {
  const report = new HtmlReport('Handwritten digit classifier', `${results.model.architecture}, trained on ${results.data.trainDigits} digits of ${results.data.source}`);
  const { heldOut: scored, training } = results;
  report
    .section('Held-out accuracy')
    .metrics({
      'held-out accuracy': scored.accuracy,
      [`target ≥ ${results.target.accuracy}`]: results.target.met ? 'met' : 'missed',
      'held-out digits': scored.digits,
      'training digits': results.data.trainDigits,
      'training time (s)': training.seconds,
      'training samples/s': training.samplesPerSecond,
      'inference images/s': scored.imagesPerSecond,
    })
    .text('The held-out digits are never trained on: they only measure the model. Training images are shifted by a pixel or two each epoch (augmentation).');

  const curve = training.history.flatMap((epoch) => [
    { epoch: epoch.epoch, series: 'held-out', value: epoch.heldOutAccuracy },
    { epoch: epoch.epoch, series: 'training (shifted)', value: epoch.trainAccuracy },
  ]);
  report
    .section('Learning curve')
    .chart(
      {
        width: 520,
        height: 260,
        data: { values: curve },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'ordinal', title: 'epoch', axis: { labelAngle: 0 } },
          y: { field: 'value', type: 'quantitative', title: 'accuracy', scale: { zero: false } },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
      'Accuracy after each epoch.',
    )
    .table(
      ['epoch', 'loss', 'training accuracy', 'held-out accuracy', 'seconds', 'samples/s'],
      training.history.map((e) => [e.epoch, e.loss, e.trainAccuracy, e.heldOutAccuracy, e.seconds, Math.round(e.samplesPerSecond)]),
    );

  const cells = scored.confusion.flatMap((row, label) => row.map((count, predicted) => ({ label: String(label), predicted: String(predicted), count })));
  report
    .section('Confusion matrix')
    .chart(
      {
        width: 360,
        height: 360,
        data: { values: cells },
        encoding: {
          x: { field: 'predicted', type: 'ordinal', title: 'predicted digit', axis: { labelAngle: 0 } },
          y: { field: 'label', type: 'ordinal', title: 'true digit' },
        },
        layer: [
          { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { type: 'symlog', scheme: 'blues' } } } },
          { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: { test: 'datum.count > 100', value: 'white' }, value: 'black' } } },
        ],
      },
      'Held-out digits by true (rows) and predicted (columns) digit; the diagonal is right.',
    )
    .table(
      ['digit', 'precision', 'recall', 'held-out digits'],
      scored.perClass.map((c) => [c.digit, c.precision, c.recall, c.support]),
    );

  const mistakes = evaluation.misclassified.slice(0, SHOWN_MISTAKES);
  const tiles = mistakes
    .map((m) => {
      const src = `data:image/png;base64,${digitPng(imageAt(heldOut, m.index), 2).toString('base64')}`;
      const caption = `${m.label} → ${m.predicted} (${(m.confidence * 100).toFixed(0)}%)`;
      return `<figure style="display:inline-block;margin:.3em;text-align:center"><img src="${src}" width="56" height="56" alt="${escapeHtml(caption)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
    })
    .join('');
  report
    .section('Misclassified digits')
    .text(`${scored.misclassified} of ${scored.digits} held-out digits are wrong; the ${mistakes.length} most confident mistakes (true → predicted, confidence):`)
    .html(`<div>${tiles}</div>`);
  return report;
}
