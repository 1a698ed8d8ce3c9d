// From rows to the numbers each figure shows: best-of-learning-rates accuracy per depth, the inset,
// the lr sweep, slices, norms, timings — and the paper's reference numbers in the same shapes.
import { readFileSync } from 'node:fs';
import { rowsOfKind, type Config, type Kind, type Row, type RowOf, type SliceConfig, type TrainConfig } from './configs.ts';
import type { Groups } from './plan.ts';
import { keyOf } from './rows.ts';

/** A point of a chart: `series` is the legend entry, `panel` the facet, `source` ours or the paper's. */
export interface Point {
  x: number;
  y: number;
  series: string;
  panel?: string;
  source?: string;
  [extra: string]: string | number | boolean | undefined;
}

/** The paper's numbers (bench/reference/paper-results.json, from jxbz/fromage make-plots/logs). */
export interface PaperResults {
  source: string;
  figure3_mnist_depth: { protocol: string; results: Record<string, Record<string, Record<string, number>>> };
  figure1_curvature_slices: { protocol: string; loss_slices: Record<string, { eta: number[]; per_checkpoint: number[][]; final_training_accuracy: number }> };
  figure2_lars_norms: { protocol: string; fromage_growth_factor: number; lars_growth_factor: number; predicted_lars_growth: string };
}

/** Reads the reference copy shipped in the repository. */
export function loadPaper(): PaperResults {
  const paper: unknown = JSON.parse(readFileSync(new URL('../reference/paper-results.json', import.meta.url), 'utf8'));
  if (!isPaperResults(paper)) throw new Error('bench/reference/paper-results.json lacks a figure of the paper');
  return paper;
}

function isPaperResults(x: unknown): x is PaperResults {
  if (x === null || typeof x !== 'object') return false;
  return ['source', 'figure3_mnist_depth', 'figure1_curvature_slices', 'figure2_lars_norms'].every((k) => k in x);
}

const PAPER_NAMES: Record<string, string> = { sgd: 'sgd_momentum_0.9', adam: 'adam', fromage: 'fromage' };

/** The rows of a group's configs of kind `kind`, in the group's order (missing runs skipped). */
export function rowsOf<K extends Kind>(configs: readonly Config[], byKey: Map<string, Row>, kind: K): RowOf<K>[] {
  const out: Row[] = [];
  const seen = new Set<string>();
  for (const c of configs) {
    const key = keyOf(c);
    const row = byKey.get(key);
    if (row !== undefined && !seen.has(key)) out.push(row);
    seen.add(key);
  }
  return rowsOfKind(out, kind);
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

type Cell = { optimiser: string; lr: number | null; depth: number; width: number; task: string; value: number; diverged: boolean };

/** Seed-mean of `metric` per (optimiser, lr, depth, width, task); a cell is diverged if any seed diverged. */
export function byOptimiserLrDepth(rows: readonly RowOf<'train'>[], metric: (r: RowOf<'train'>) => number | null): Map<string, Cell> {
  const acc = new Map<string, Omit<Cell, 'value'> & { values: number[] }>();
  for (const r of rows) {
    const c = r.config;
    const id = `${c.optimiser}|${c.lr}|${c.depth}|${c.width}|${c.task}`;
    const entry = acc.get(id) ?? { optimiser: c.optimiser, lr: c.lr, depth: c.depth, width: c.width, task: c.task, values: [], diverged: false };
    const v = metric(r);
    if (v !== null && Number.isFinite(v)) entry.values.push(v);
    entry.diverged ||= r.result.diverged === true;
    acc.set(id, entry);
  }
  const out = new Map<string, Cell>();
  for (const [id, { values, ...e }] of acc) out.set(id, { ...e, value: values.length > 0 ? mean(values) : NaN });
  return out;
}

/**
 * Figure 3 left: per optimiser and depth, each seed's best accuracy over the lrs run with that seed, then
 * mean ± sd over seeds (`lo`, `hi` when n > 1); `lr` is the lr that won most often. Diverged runs count
 * at chance. `panel` names the task and width, so controls at other widths stay apart.
 */
export function bestOfLrs(rows: readonly RowOf<'train'>[], seriesOf: (c: TrainConfig) => string = (c) => c.optimiser): Point[] {
  const seeds = new Map<string, { acc: number; lr: number | string }>();
  for (const r of rows) {
    const c = r.config;
    const id = `${seriesOf(c)}|${c.depth}|${c.width}|${c.task}|${c.init ?? 'torch'}|${c.seed}`;
    const acc = r.result.accuracy ?? NaN;
    const cur = seeds.get(id);
    if (Number.isFinite(acc) && (cur === undefined || acc > cur.acc)) seeds.set(id, { acc, lr: c.lr ?? 'none' });
  }
  const cells = new Map<string, { optimiser: string; depth: number; panel: string; accs: number[]; lrs: (number | string)[] }>();
  for (const [id, v] of seeds) {
    const [optimiser, depth, width, task, init] = id.split('|');
    const key = id.slice(0, id.lastIndexOf('|'));
    const cell = cells.get(key) ?? { optimiser: init === 'torch' ? optimiser : `${optimiser} (${init} init)`, depth: Number(depth), panel: `${task}, width ${width}`, accs: [], lrs: [] };
    cell.accs.push(v.acc);
    cell.lrs.push(v.lr);
    cells.set(key, cell);
  }
  return [...cells.values()].map((c) => {
    const m = mean(c.accs);
    const sd = c.accs.length > 1 ? Math.sqrt(c.accs.reduce((a, v) => a + (v - m) ** 2, 0) / (c.accs.length - 1)) : 0;
    const lr = [...new Set(c.lrs)].sort((a, b) => c.lrs.filter((x) => x === b).length - c.lrs.filter((x) => x === a).length)[0];
    return { x: c.depth, y: m, series: c.optimiser, source: 'trustgrad', lr, panel: c.panel, n: c.accs.length, sd, ...(c.accs.length > 1 ? { lo: m - sd, hi: m + sd } : {}) };
  }).sort((a, b) => a.series.localeCompare(b.series) || a.x - b.x);
}

/** Figure 3 left from the paper: best of its three lrs per depth. */
export function paperBestOfLrs(paper: PaperResults): Point[] {
  const out: Point[] = [];
  for (const [ours, theirs] of Object.entries(PAPER_NAMES)) {
    const byLr = paper.figure3_mnist_depth.results[theirs];
    const depths = new Set(Object.values(byLr).flatMap((d) => Object.keys(d).map(Number)));
    for (const depth of [...depths].sort((a, b) => a - b)) {
      let bestLr = '';
      let bestAcc = -1;
      for (const [lr, d] of Object.entries(byLr))
        if (d[depth] !== undefined && d[depth] > bestAcc) {
          bestAcc = d[depth];
          bestLr = lr;
        }
      out.push({ x: depth, y: bestAcc, series: ours, source: 'paper', lr: Number(bestLr) });
    }
  }
  return out;
}

/** The inset: one optimiser's accuracy per lr and depth (ours; mean ± sd over the seeds run at that lr). */
export function perLr(rows: readonly RowOf<'train'>[], optimiser: string): Point[] {
  return bestOfLrs(rows.filter((r) => r.config.optimiser === optimiser), (c) => `lr ${c.lr}`);
}

/** The paper's inset: Fromage per lr and depth. */
export function paperPerLr(paper: PaperResults, optimiser: string): Point[] {
  const out: Point[] = [];
  for (const [lr, d] of Object.entries(paper.figure3_mnist_depth.results[PAPER_NAMES[optimiser]])) {
    for (const [depth, acc] of Object.entries(d)) out.push({ x: Number(depth), y: acc, series: `lr ${Number(lr)}`, source: 'paper' });
  }
  return out.sort((a, b) => a.series.localeCompare(b.series) || a.x - b.x);
}

/** Figure 3 right: final training loss vs lr, per optimiser, one panel per task; diverged runs drawn at `cap`. */
export function lrSweep(rows: readonly RowOf<'train'>[], cap = 100): Point[] {
  return [...byOptimiserLrDepth(rows, (r) => r.result.loss).values()].flatMap((e) => {
    if (e.lr === null) return []; // no lr to sweep (AGD)
    const failed = e.diverged || !Number.isFinite(e.value) || e.value > cap;
    return [{ x: e.lr, y: failed ? cap : e.value, series: e.optimiser, panel: `${e.task}, depth ${e.depth}, width ${e.width}`, diverged: failed }];
  }).sort((a, b) => a.series.localeCompare(b.series) || (a.panel ?? '').localeCompare(b.panel ?? '') || a.x - b.x);
}

/** Figure 1's three models by role, so ours and the paper's share panels whatever the depths. */
export function sliceName(c: SliceConfig): string {
  return c.residual ? 'deep residual' : c.depth <= 2 ? 'shallow' : 'deep';
}

/**
 * Figure 1: loss and first-layer ρ vs cumulative perturbation, per model and checkpoint, and beside ρ the
 * two models: deep relative trust Π(1+r)−1 and the Euclidean fit (`kind`). Loss from k = 0 (linear x),
 * ρ from k = 1 (log y; ρ is 0 at k = 0).
 */
export function slicePoints(rows: readonly RowOf<'slice'>[]): { loss: Point[]; rho: Point[] } {
  const loss: Point[] = [];
  const rho: Point[] = [];
  for (const r of rows) {
    for (const cp of r.result.checkpoints) {
      for (let k = 0; k < cp.perturbation.length; k++) {
        const base = { x: cp.perturbation[k], series: `step ${cp.step}`, panel: sliceName(r.config), source: 'trustgrad', step: cp.step, progress: cp.step / r.config.steps };
        if (Number.isFinite(cp.loss[k]) && cp.loss[k] > 0) loss.push({ ...base, y: cp.loss[k] });
        if (k === 0) continue;
        const models: [string, number][] = [['measured', cp.rho[k]], ['deep relative trust', cp.trust[k]], ['Euclidean fit', cp.euclidean[k]]];
        for (const [kind, y] of models) if (Number.isFinite(y) && y > 0) rho.push({ ...base, y, kind });
      }
    }
  }
  return { loss, rho };
}

/** The paper's Figure 1 loss slices (at perturbation 0.01 … 0.099, per checkpoint). */
export function paperSlices(paper: PaperResults): Point[] {
  const names: Record<string, string> = { '2_layer_perceptron': 'shallow', '16_layer_perceptron': 'deep', '16_layer_residual': 'deep residual' };
  const out: Point[] = [];
  for (const [key, s] of Object.entries(paper.figure1_curvature_slices.loss_slices)) {
    s.per_checkpoint.forEach((values, i) => {
      for (let k = 0; k < s.eta.length; k++) out.push({ x: s.eta[k], y: values[k], series: `checkpoint ${i}`, panel: names[key], source: 'paper', step: i, progress: i / (s.per_checkpoint.length - 1) });
    });
  }
  return out;
}

/** Figure 2: ‖W_l‖/‖W_l(0)‖ per layer over steps, plus LARS's predicted (1+η²)^{t/2}. */
export function normPoints(rows: readonly RowOf<'norms'>[]): Point[] {
  const out: Point[] = [];
  for (const r of rows) {
    const steps = r.result.steps;
    for (const [layer, norms] of Object.entries(r.result.norms)) {
      norms.forEach((v, i) => out.push({ x: steps[i], y: v, series: r.config.optimiser, layer, source: 'trustgrad' }));
    }
    if (r.config.optimiser === 'lars') {
      const lr = r.config.lr;
      for (const t of steps) out.push({ x: t, y: (1 + lr * lr) ** (t / 2), series: `(1+η²)^(t/2), η=${lr}`, layer: 'prediction', source: 'prediction' });
    }
  }
  return out;
}

/** Mean steps per second of the training runs per (task, optimiser, depth). */
export function speedPoints(rows: readonly Row[]): Point[] {
  const groups = new Map<string, { task: string; optimiser: string; depth: number; values: number[] }>();
  for (const r of rowsOfKind(rows, 'train')) {
    if (typeof r.meta.stepsPerSecond !== 'number') continue;
    const id = `${r.config.task}|${r.config.optimiser}|${r.config.depth}`;
    const g = groups.get(id) ?? { task: r.config.task, optimiser: r.config.optimiser, depth: r.config.depth, values: [] };
    g.values.push(r.meta.stepsPerSecond);
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => ({ x: g.depth, y: mean(g.values), series: g.optimiser, panel: g.task, runs: g.values.length }))
    .sort((a, b) => (a.panel ?? '').localeCompare(b.panel ?? '') || a.series.localeCompare(b.series) || a.x - b.x);
}

/** Rows of every group, for the report. */
export function collect(groups: Groups,
  rows: Row[]): { depth: RowOf<'train'>[]; family: RowOf<'train'>[]; controls: RowOf<'train'>[]; lr: RowOf<'train'>[]; slice: RowOf<'slice'>[]; familySlice: RowOf<'slice'>[]; norms: RowOf<'norms'>[]; timing: RowOf<'timing'>[] } {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return {
    depth: rowsOf(groups.depth, byKey, 'train'),
    family: rowsOf(groups.family, byKey, 'train'),
    controls: rowsOf(groups.controls, byKey, 'train'),
    lr: rowsOf(groups.lr, byKey, 'train'),
    slice: rowsOf(groups.slice, byKey, 'slice'),
    familySlice: rowsOf(groups.familySlice, byKey, 'slice'),
    norms: rowsOf(groups.norms, byKey, 'norms'),
    timing: rowsOf(groups.timing, byKey, 'timing'),
  };
}
