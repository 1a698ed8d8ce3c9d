// What every claim probe shares: the digits, mean ± sd over seeds, verdict rules written as code beside
// their words, the claim row built from a rule, and one vega-lite line chart whose title states the scale.
import { subset, type Dataset } from '../../lib/data/dataset.ts';
import { loadMnist } from '../../lib/node/mnist.ts';
import type { Json } from '../runner/configs.ts';
import type { ClaimRow, Measured, ProbeFigure, ScaleName, Verdict } from './types.ts';

const digitCache = new Map<string, Dataset<Int32Array>>();

/**
 * The digits 0 … classes−1 among `count` stratified digits of the `mnist` package at `side`×`side` (seed 0: every
 * probe sees the same digits; cached). `digits(1000, 14)` → 1,000 digits; `digits(1000, 14, 3)` → its ≈ 314 zeros, ones and twos.
 */
export function digits(count: number, side: 14 | 28, classes = 10): Dataset<Int32Array> {
  const key = `${count}/${side}/${classes}`;
  let ds = digitCache.get(key);
  if (ds === undefined) {
    const all = loadMnist({ count, side, seed: 0 });
    const keep: number[] = [];
    for (let i = 0; i < all.n; i++) if (all.y[i] < classes) keep.push(i);
    digitCache.set(key, ds = classes === 10 ? all : { ...subset(all, keep), classes });
  }
  return ds;
}

/** The share of the most frequent class: the accuracy of a net that predicts one class (a dead net). `chance(digits(1000, 14, 3))` */
export function chance(data: Dataset<Int32Array>): number {
  const counts = new Array<number>(data.classes ?? 10).fill(0);
  for (const y of data.y) counts[y]++;
  return Math.max(...counts) / data.n;
}

/** A run trains when its accuracy is at least this: closer to perfect than to a dead net, (1 + chance)/2. */
export function trainsThreshold(data: Dataset<Int32Array>): number {
  return (1 + chance(data)) / 2;
}

/**
 * The paper's metric: the mean minibatch accuracy over the last epoch (the last ⌈n/batch⌉ minibatches, each taken
 * before its step). `const acc = new LastEpoch(data.n, 32); acc.push(accuracy(logits, y)); acc.mean()`
 */
export class LastEpoch {
  private readonly window: number[] = [];
  private readonly size: number;
  constructor(samples: number, batch: number) {
    this.size = Math.ceil(samples / batch);
  }

  /** Records one minibatch's accuracy, forgetting those older than an epoch. */
  push(accuracy: number): void {
    this.window.push(accuracy);
    if (this.window.length > this.size) this.window.shift();
  }

  /** The mean over the last epoch (an error before any minibatch). */
  mean(): number {
    if (this.window.length === 0) throw new Error('LastEpoch.mean: no minibatch recorded yet (expected at least one push)');
    return this.window.reduce((a, v) => a + v, 0) / this.window.length;
  }
}

/** Mean ± sample standard deviation (0 when n = 1). `measured([1, 2, 3], '×')` → { mean: 2, sd: 1, n: 3, unit: '×' } */
export function measured(values: readonly number[], unit: string): Measured {
  const n = values.length;
  if (n === 0) throw new Error(`measured: no values to summarise (got an empty list for '${unit}')`);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n, unit };
}

/** Geometric mean and the sd of log10 over seeds, as a Measured in `unit` (a constant spanning decades is summarised in log space). */
export function geometric(values: readonly number[], unit: string): Measured {
  const logs = measured(values.map(Math.log10), unit);
  return { mean: 10 ** logs.mean, sd: logs.sd, n: logs.n, unit: `${unit} (geometric mean; sd of log10)` };
}

/** A verdict rule: its words, exactly as `judge` applies them to the measured input. */
export interface Rule<Input> {
  text: string;
  judge: (input: Input) => Verdict;
}

/** What a claim says, without the measurement. */
export interface ClaimText {
  id: string;
  source: string;
  claim: string;
  paper: string;
}

/**
 * A claim row whose verdict comes from `rule` applied to `input`; `reason` is kept only when the claim was
 * not fully reproduced. `judged(text, ours, scale, rule, input, () => 'why')`
 */
export function judged<Input>(text: ClaimText, ours: Measured, scale: string, rule: Rule<Input>, input: Input, reason: (v: Verdict) => string): ClaimRow {
  const verdict = rule.judge(input);
  return { ...text, ours, scale, verdict, rule: rule.text, ...(verdict === 'reproduced' ? {} : { reason: reason(verdict) }) };
}

/** The row of a claim with no finished runs at this scale. */
export function notRun(text: ClaimText, scale: ScaleName, why = 'no finished runs of this probe at this scale'): ClaimRow {
  return { ...text, ours: null, scale, verdict: 'not run at this scale', rule: 'not run: nothing to judge', reason: why };
}

/** An identity (a theorem or an exact algebraic fact): reproduced when the worst measured deviation is within rounding. */
export function identityRule(what: string, tolerance: number): Rule<number> {
  return {
    text: `reproduced when the largest ${what} is ≤ ${tolerance} (rounding only); not reproduced otherwise — it is an identity, there is no qualitative middle`,
    judge: (worst) => (worst <= tolerance ? 'reproduced' : 'not reproduced'),
  };
}

/** A point of a probe's chart. */
export type ChartPoint = { x: number; y: number; series: string; panel?: string; dash?: string };

/** How a probe's chart looks. */
export interface ChartOptions {
  /** Must state the scale and the data size. */
  title: string;
  subtitle: string;
  xTitle: string;
  yTitle: string;
  xLog?: boolean;
  yLog?: boolean;
  /** One column per `panel`. */
  facet?: boolean;
}

/** A vega-lite line chart (colour = series, dash = `dash`, optional panels) as a probe figure. `lineChart('c', points, { … })` */
export function lineChart(name: string, points: readonly ChartPoint[], o: ChartOptions): ProbeFigure {
  const values: Json[] = points.map((p) => ({ x: p.x, y: p.y, series: p.series, panel: p.panel ?? '', dash: p.dash ?? 'measured' }));
  const scale = (log: boolean | undefined): Json => (log ? { type: 'log' } : { zero: false });
  const inner: { [key: string]: Json } = {
    width: o.facet ? 240 : 420,
    height: 240,
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: scale(o.xLog) },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: scale(o.yLog) },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { field: 'dash', type: 'nominal', title: null },
      tooltip: [{ field: 'series' }, { field: 'x', title: o.xTitle }, { field: 'y', title: o.yTitle, format: '.4g' }],
    },
  };
  const base: { [key: string]: Json } = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: { text: o.title, subtitle: o.subtitle }, data: { values }, config: { font: 'sans-serif' } };
  const spec: Json = o.facet ? { ...base, facet: { column: { field: 'panel', type: 'nominal', title: null } }, spec: inner } : { ...base, ...inner };
  return { name, title: o.title, spec };
}

/** Thousands with commas: `grouped(19404)` → '19,404'. */
export const grouped = (n: number): string => n.toLocaleString('en-US');

/** A number to `digits` significant digits, as text. */
export const sig = (v: number, digits = 3): string => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v));
