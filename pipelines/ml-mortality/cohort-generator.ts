import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { Prng } from '../../src/sources/simulator/prng.js';
import { sigmoid } from './logistic-regression.js';

/** Columns the generator writes, the label last. */
export const COHORT_COLUMNS = [
  'age', 'male', 'heart_rate', 'systolic_bp', 'resp_rate', 'spo2', 'creatinine', 'lactate', 'bmi',
  'diabetes', 'heart_failure', 'copd', 'cancer', 'died',
] as const;

/** One synthetic patient; lactate and bmi are NaN when not measured. */
export interface Patient {
  age: number; male: number; heartRate: number; systolicBp: number; respRate: number; spo2: number; creatinine: number;
  lactate: number; bmi: number; diabetes: number; heartFailure: number; copd: number; cancer: number;
  /** The true P(died) the label is drawn from. */
  risk: number; died: number;
}

/**
 * Synthetic ICU admissions with in-hospital death, for inputs of any size (the bundled real data
 * has 500 rows). Distributions are plausible for adult ICU patients; the log-odds of death are:
 *   −4.2 + 0.045·(age − 65) + 0.15·male
 *   + 0.0012·(heart rate − 80)²                     U-shaped: both tachy- and bradycardia
 *   + 0.08·max(0, 100 − systolic BP)                hypotension only
 *   + 0.08·(resp rate − 18) + 0.12·max(0, 94 − SpO₂)
 *   + 0.8·ln(creatinine) + 0.7·ln(lactate)
 *   + 0.008·(BMI − 27)²                             U-shaped
 *   + 0.3·diabetes + 0.5·heart failure + 0.03·(age − 65)·heart failure   (interaction)
 *   + 0.4·COPD + 0.9·cancer
 * Comorbidities grow more common with age. Lactate is missing for 45% of the low-risk patients but
 * only 15% of the sick ones (clinicians order it when worried: missing not at random); BMI is
 * missing for 8% at random. About 13% die. A logistic model on the raw columns cannot represent
 * the U-shapes, hinges and interaction; trees can, which is what the stronger model should show.
 */
export function drawPatient(random: Prng): Patient {
  const age = clamp(66 + 15 * random.normal(), 18, 100);
  const male = random.uniform() < 0.55 ? 1 : 0;
  const heartRate = clamp(88 + 18 * random.normal(), 30, 200);
  const systolicBp = clamp(125 + 24 * random.normal(), 50, 240);
  const respRate = clamp(19 + 5 * random.normal(), 6, 50);
  const spo2 = clamp(97.5 - Math.abs(3.5 * random.normal()), 60, 100);
  const creatinine = Math.exp(0.1 + 0.45 * random.normal());
  const lactate = Math.exp(Math.log(1.4) + 0.5 * random.normal());
  const bmi = clamp(27 + 5.5 * random.normal(), 14, 60);
  const older = Math.max(0, age - 40) / 60;
  const diabetes = random.uniform() < 0.1 + 0.2 * older ? 1 : 0;
  const heartFailure = random.uniform() < 0.04 + 0.25 * older ? 1 : 0;
  const copd = random.uniform() < 0.06 + 0.12 * older ? 1 : 0;
  const cancer = random.uniform() < 0.1 ? 1 : 0;
  const logOdds =
    -4.2 + 0.045 * (age - 65) + 0.15 * male + 0.0012 * (heartRate - 80) ** 2 + 0.08 * Math.max(0, 100 - systolicBp) +
    0.08 * (respRate - 18) + 0.12 * Math.max(0, 94 - spo2) + 0.8 * Math.log(creatinine) + 0.7 * Math.log(lactate) +
    0.008 * (bmi - 27) ** 2 + 0.3 * diabetes + 0.5 * heartFailure + 0.03 * (age - 65) * heartFailure + 0.4 * copd + 0.9 * cancer;
  const risk = sigmoid(logOdds);
  const died = random.uniform() < risk ? 1 : 0;
  const lactateMeasured = random.uniform() >= (risk > 0.2 ? 0.15 : 0.45);
  const bmiMeasured = random.uniform() >= 0.08;
  return {
    age, male, heartRate, systolicBp, respRate, spo2, creatinine, died, risk, diabetes, heartFailure, copd, cancer,
    lactate: lactateMeasured ? lactate : Number.NaN,
    bmi: bmiMeasured ? bmi : Number.NaN,
  };
}

/** Writes `rows` patients as CSV (same seed, same file); returns the number of deaths. */
export async function writeCohort(path: string, rows: number, seed: number): Promise<{ readonly deaths: number }> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const random = new Prng(seed);
  let deaths = 0;
  let chunk = `${COHORT_COLUMNS.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    const p = drawPatient(random);
    deaths += p.died;
    chunk +=
      `${p.age.toFixed(0)},${p.male},${p.heartRate.toFixed(0)},${p.systolicBp.toFixed(0)},${p.respRate.toFixed(0)},${p.spo2.toFixed(1)},` +
      `${p.creatinine.toFixed(2)},${optional(p.lactate, 1)},${optional(p.bmi, 1)},${p.diabetes},${p.heartFailure},${p.copd},${p.cancer},${p.died}\n`;
    // write in ~1 MB pieces and honour back-pressure, so memory stays flat for any row count
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { deaths };
}

function optional(value: number, digits: number): string {
  return Number.isNaN(value) ? '' : value.toFixed(digits);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
