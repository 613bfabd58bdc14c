import { HtmlReport } from '../../src/reports/html-report.js';
import type { ChartSpec } from '../../src/reports/vega-svg.js';
import type { CrossValidation } from './cross-validation.js';
import { MODEL_KINDS, type ModelKind, type SavedModel } from './mortality-model.js';

export const MODEL_TITLES: Readonly<Record<ModelKind, string>> = {
  logistic: 'logistic regression',
  boosting: 'boosted trees',
};

export interface TrainingFacts {
  readonly input: string;
  readonly rows: number;
  readonly deaths: number;
  readonly missing: Readonly<Record<string, number>>;
  readonly seconds: { readonly read: number; readonly crossValidation: number; readonly finalFit: number };
  readonly modelFile: string;
}

const WIDTH = 460;
/** The y = x reference line of ROC and reliability charts. */
const DIAGONAL = {
  data: { values: [{ a: 0 }, { a: 1 }] },
  mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
  encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } },
};
const HEIGHT = 320;

/** The training report: data, cross-validated discrimination (ROC), calibration, importance, the fitted coefficients. */
export function trainingReport(cv: CrossValidation, model: SavedModel, facts: TrainingFacts): HtmlReport {
  const report = new HtmlReport('Mortality prediction', `${facts.input}: ${model.features.length} features → ${model.label}`);
  const features = model.features.map((f) => f.name);

  report
    .section('Data')
    .metrics({ patients: facts.rows, deaths: facts.deaths, 'death rate': round(facts.deaths / facts.rows, 4), features: features.length })
    .table(
      ['feature', 'missing values', 'mean (imputed for missing)', 'standard deviation'],
      model.features.map((f) => [f.name, facts.missing[f.name] ?? 0, round(f.mean, 4), round(f.scale, 4)]),
    );

  const folds = cv.models.logistic.foldAuc.length;
  const section = report.section(`${folds}-fold cross-validation`);
  section.metrics(
    MODEL_KINDS.flatMap((kind) => [
      [`AUC ${MODEL_TITLES[kind]}`, `${cv.models[kind].auc.mean.toFixed(3)} ± ${cv.models[kind].auc.sd.toFixed(3)}`] as const,
      [`Brier ${MODEL_TITLES[kind]}`, round(cv.models[kind].brier, 4)] as const,
    ]),
  );
  section.text('Stratified folds (same death rate in each); every figure is on held-out rows. AUC: mean ± sd over folds. Brier: mean squared error of the predicted probability (lower is better).');
  section.table(
    ['fold', ...MODEL_KINDS.map((kind) => `AUC ${MODEL_TITLES[kind]}`)],
    [...Array.from({ length: folds }, (_, f) => [f + 1, ...MODEL_KINDS.map((kind) => round(cv.models[kind].foldAuc[f]!, 4))]), ['all (pooled)', ...MODEL_KINDS.map((kind) => round(cv.models[kind].pooledAuc, 4))]],
  );
  section.chart(rocChart(cv), 'ROC curves of the out-of-fold predictions; the diagonal is chance.');
  section.chart(calibrationChart(cv), 'Reliability: observed death rate against mean predicted risk, per tenth of predicted risk (point size: patients). On the diagonal = well calibrated.');

  report
    .section('Feature importance')
    .chart(importanceChart(cv), 'Permutation importance: drop in held-out AUC when the feature is shuffled, mean over folds.')
    .table(
      ['feature', 'logistic coefficient (per SD)', 'odds ratio per SD'],
      features.map((name, j) => [name, round(model.logistic.coefficients[j]!, 4), round(Math.exp(model.logistic.coefficients[j]!), 3)]),
      'Logistic regression fitted on all rows, standardized features.',
    );

  report
    .section('Model')
    .metrics({ 'read (s)': round(facts.seconds.read, 2), 'cross-validation (s)': round(facts.seconds.crossValidation, 2), 'final fit (s)': round(facts.seconds.finalFit, 2) })
    .text(
      `Both models, refitted on all ${facts.rows} rows, are saved in ${facts.modelFile} with their feature names, imputation and scaling; ` +
        `score new rows with: riskwatch job ml-mortality predict --model ${facts.modelFile} --input ROWS.csv. ` +
        `Logistic regression: L2, C = ${model.logistic.c}. Gradient-boosted trees: ${model.boosting.trees} trees of depth ${model.boosting.maxDepth}, learning rate ${model.boosting.learningRate}, at least ${model.boosting.minSamplesLeaf} rows a leaf.`,
    );
  return report;
}

function rocChart(cv: CrossValidation): ChartSpec {
  const values = MODEL_KINDS.flatMap((kind) => cv.models[kind].roc.map((point) => ({ model: MODEL_TITLES[kind], fpr: point.falsePositiveRate, tpr: point.truePositiveRate })));
  return {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values }, mark: 'line', encoding: { x: { field: 'fpr', type: 'quantitative', title: 'false positive rate' }, y: { field: 'tpr', type: 'quantitative', title: 'true positive rate' }, color: { field: 'model', type: 'nominal' } } },
      DIAGONAL,
    ],
  } as ChartSpec;
}

function calibrationChart(cv: CrossValidation): ChartSpec {
  const values = MODEL_KINDS.flatMap((kind) => cv.models[kind].calibration.map((bin) => ({ model: MODEL_TITLES[kind], predicted: bin.meanPredicted, observed: bin.observedRate, patients: bin.rows })));
  const encoding = { x: { field: 'predicted', type: 'quantitative', title: 'mean predicted risk', scale: { domain: [0, 1] } }, y: { field: 'observed', type: 'quantitative', title: 'observed death rate', scale: { domain: [0, 1] } }, color: { field: 'model', type: 'nominal' } };
  return {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values }, mark: 'line', encoding },
      { data: { values }, mark: 'point', encoding: { ...encoding, size: { field: 'patients', type: 'quantitative' } } },
      DIAGONAL,
    ],
  } as ChartSpec;
}

function importanceChart(cv: CrossValidation): ChartSpec {
  const values = MODEL_KINDS.flatMap((kind) => cv.models[kind].importance.map((entry) => ({ model: MODEL_TITLES[kind], feature: entry.feature, drop: entry.aucDrop })));
  return {
    width: WIDTH,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: { field: 'drop', op: 'max', order: 'descending' }, title: null },
      yOffset: { field: 'model', type: 'nominal' },
      x: { field: 'drop', type: 'quantitative', title: 'AUC drop when shuffled' },
      color: { field: 'model', type: 'nominal' },
    },
  } as ChartSpec;
}


function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
