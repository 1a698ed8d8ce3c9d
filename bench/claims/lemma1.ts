// Lemma 1 on real optimiser steps, and R2(5): its steepest-descent form and its per-layer form on the same steps.
// With g = ∇ℒ(W) and Δg(t) = g(W + tΔW) − g, calculus gives ℒ(W+ΔW) − ℒ(W) = g·ΔW + ∫₀¹ Δg(t)·ΔW dt, and
// Cauchy–Schwarz bounds the integral two ways:
//   steepest-descent (one block):  ℒ(W+ΔW) − ℒ(W) ≤ g·ΔW + ‖ΔW‖ max_t ‖Δg(t)‖
//   per layer (the paper's Lemma 1): ℒ(W+ΔW) − ℒ(W) ≤ Σ_l [g_l·ΔW_l + ‖ΔW_l‖ max_t ‖Δg_l(t)‖]
//                                                 = −Σ_l ‖g_l‖‖ΔW_l‖[cos θ_l − max_t ρ_l(t)].
// Both must hold for every step of every model: a violation is a bug in the gradients, not a finding. We train
// MLPs with SGD, Adam, Fromage and paper-LARS (and Fromage at a large η, where the loss often rises so the
// bounds are tight), and every `every` steps check (a) the TrustMonitor's Lemma 1 (the library's per-layer
// check) and (b) both forms from one set of gradient evaluations along the step (relativeBreakdown), on the
// same t-grid k/8 and the same minibatch. The max over t on a grid under-estimates the true max, so a pass on
// the grid is conclusive for the inequality.
import { relativeBreakdown } from '../../lib/perturb/breakdown.ts';
import { TrustMonitor } from '../../lib/perturb/monitor.ts';
import { batches } from '../../lib/data/batches.ts';
import { dot, frobenius } from '../../lib/kernels/vector.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import type { ParamSource } from '../../lib/perturb/params.ts';
import { makeOptimiser } from '../runner/tasks.ts';
import { digits, grouped, identityRule, judged, lineChart, notRun, type ChartPoint, type ClaimText } from './common.ts';
import type { ClaimProbe, ClaimRow, ScaleName } from './types.ts';

/** One training run whose steps are checked every `every` steps. */
export type Lemma1Config = { optimiser: 'sgd' | 'adam' | 'fromage' | 'lars'; lr: number; depth: number; width: number; samples: number; batch: number; steps: number; every: number; seed: number };
/** Per checked step: the loss change and the two bounds (with their rounding slack), and the TrustMonitor's verdict. */
export type Lemma1Step = { actual: number; perLayer: number; block: number; slack: number; monitorHolds: boolean };
/** The checked steps of one run. */
export type Lemma1RunResult = { steps: Lemma1Step[] };

/** The t-grid of both checks: k/8, k = 1 … 8 (the TrustMonitor's default). */
const TS = Array.from({ length: 8 }, (_, i) => (i + 1) / 8);

/**
 * Both forms of Lemma 1 for the step `step` from the model's current weights, from one set of gradients along it.
 * `lemma1Forms(model, loss, grads, step)` with `grads` the gradient at the current weights.
 */
export function lemma1Forms(model: ParamSource, loss: () => Tensor, grads: readonly Float64Array[], step: readonly Float64Array[]): Omit<Lemma1Step, 'monitorHolds'> {
  const b = relativeBreakdown({ params: model, loss, direction: step, ts: TS });
  const names = b.names;
  const stepNorms = step.map(frobenius);
  let gDotStep = 0;
  for (let l = 0; l < names.length; l++) gDotStep += dot(grads[l], step[l]);
  // ‖Δg_l(t)‖ = ρ_l(t)·‖g_l‖; a layer whose gradient is 0 and changes has ρ = ∞ and no finite change to recover.
  const change = (l: number, k: number): number => {
    const rho = b.rho[names[l]][k];
    if (b.gradNorm[l] === 0 && rho !== 0) throw new Error(`lemma1Forms: layer '${names[l]}' has a zero gradient that changes along the step (ρ = ${rho}); ‖Δg‖ cannot be recovered from ρ`);
    return rho * b.gradNorm[l];
  };
  let perLayer = gDotStep;
  let maxBlock = 0;
  let slack = Math.abs(b.loss0) + Math.abs(b.loss[b.loss.length - 1]);
  for (let l = 0; l < names.length; l++) {
    let maxLayer = 0;
    for (let k = 0; k < TS.length; k++) maxLayer = Math.max(maxLayer, change(l, k));
    perLayer += stepNorms[l] * maxLayer;
    slack += b.gradNorm[l] * stepNorms[l] + stepNorms[l] * maxLayer;
  }
  for (let k = 0; k < TS.length; k++) maxBlock = Math.max(maxBlock, Math.hypot(...names.map((_, l) => change(l, k))));
  const block = gDotStep + Math.hypot(...stepNorms) * maxBlock;
  // As the harness: 1e-12 of the size of the terms compared, floating-point slack only.
  return { actual: b.loss[b.loss.length - 1] - b.loss0, perLayer, block, slack: 1e-12 * slack };
}

/** Trains one net and checks Lemma 1 (both forms, and the TrustMonitor's) every `every` steps. */
export function runLemma1(c: Lemma1Config): Lemma1RunResult {
  const data = digits(c.samples, 14);
  const rng = new Rng(c.seed);
  const model = new MLP({ inputSize: data.features, hiddenSize: c.width, depth: c.depth, outputSize: 10, rng });
  const params = model.parameters();
  const opt = makeOptimiser(c.optimiser, params, c.lr);
  const monitor = new TrustMonitor({ lemmaTs: TS });
  const steps: Lemma1Step[] = [];
  let t = 0;
  while (t < c.steps) {
    for (const batch of batches(data, c.batch, rng)) {
      const loss = () => crossEntropy(model.forward(batch.x), batch.y);
      opt.zeroGrad();
      loss().backward();
      const watch = t % c.every === 0;
      const before = watch ? params.map((p) => p.data.slice()) : [];
      const grads = watch ? params.map((p) => p.grad!.data.slice()) : [];
      if (watch) monitor.before(model);
      opt.step();
      if (watch) {
        const record = monitor.after(model, loss);
        const after = params.map((p) => p.data.slice());
        const step = after.map((w, i) => w.map((v, j) => v - before[i][j]));
        params.forEach((p, i) => p.data.set(before[i]));
        const forms = lemma1Forms(model, loss, grads, step);
        params.forEach((p, i) => p.data.set(after[i]));
        steps.push({ ...forms, monitorHolds: record.lemma?.holds ?? false });
      }
      if (++t === c.steps) break;
    }
  }
  return { steps };
}

type Setting = { runs: Pick<Lemma1Config, 'optimiser' | 'lr'>[]; depths: number[]; width: number; samples: number; batch: number; steps: number; every: number; seeds: number[] };
const RUNS: Setting['runs'] = [{ optimiser: 'sgd', lr: 0.1 }, { optimiser: 'adam', lr: 1e-3 }, { optimiser: 'fromage', lr: 0.01 }, { optimiser: 'lars', lr: 0.01 }, { optimiser: 'fromage', lr: 0.3 }];
const QUICK: Setting = { runs: RUNS, depths: [2, 8], width: 32, samples: 1000, batch: 32, steps: 200, every: 20, seeds: [1] };
const SETTINGS: Record<ScaleName, Setting> = {
  tiny: { ...QUICK, runs: RUNS.slice(0, 2), depths: [2], width: 8, samples: 64, steps: 4, every: 2 },
  quick: QUICK,
  default: { ...QUICK, depths: [2, 8, 16], width: 64, samples: 2000, steps: 1000, every: 50, seeds: [1] },
  'paper-regime': { ...QUICK, depths: [2, 16, 32], width: 128, samples: 10000, batch: 64, steps: 1500, every: 150, seeds: [1] },
  full: { ...QUICK, depths: [2, 16, 32], width: 128, samples: 10000, batch: 64, steps: 3000, every: 150, seeds: [1, 2] },
};

const LEMMA1: ClaimText = {
  id: 'lemma1.every-step',
  source: 'Lemma 1',
  claim: "ℒ(W+ΔW) − ℒ(W) ≤ −Σ_l ‖g_l‖‖ΔW_l‖[cos θ_l − max_t ρ_l(t)] on every measured optimiser step (the TrustMonitor's check)",
  paper: 'holds for every step (exact calculus and Cauchy–Schwarz per layer)',
};
const BLOCK: ClaimText = {
  id: 'r2.5.steepest-descent',
  source: 'Reply R2(5)',
  claim: 'The steepest-descent (one-block) form ℒ(W+ΔW) ≤ ℒ(W) + g·ΔW + ‖ΔW‖ max_t ‖g(W+tΔW) − g(W)‖ holds on the same steps as the per-layer form',
  paper: 'both forms hold (the per-layer form applies Cauchy–Schwarz per layer, the steepest-descent form once)',
};
const PER_LAYER: ClaimText = {
  id: 'r2.5.per-layer',
  source: 'Reply R2(5)',
  claim: 'The per-layer form of Lemma 1, computed from the same gradients as the steepest-descent form, holds on every one of those steps',
  paper: BLOCK.paper,
};
const RULE = identityRule('number of violated steps (actual > bound + 1e-12 × the size of the terms)', 0);

function describe(results: readonly { config: Lemma1Config }[], scale: ScaleName): string {
  const c = results[0].config;
  const runs = [...new Set(results.map((r) => `${r.config.optimiser} ${r.config.lr}`))].join(', ');
  const depths = [...new Set(results.map((r) => r.config.depth))].join(', ');
  const seeds = new Set(results.map((r) => r.config.seed)).size;
  return `${scale}: ${grouped(c.samples)} digits 14×14, width ${c.width}, depths ${depths}; ${runs}; ${grouped(c.steps)} steps of batch ${c.batch}, every ${c.every}th checked (t-grid k/8); ${seeds} seed${seeds > 1 ? 's' : ''}`;
}

/** Lemma 1 on every checked step, and R2(5)'s two forms on the same steps. */
export const lemma1Probe: ClaimProbe<Lemma1Config, Lemma1RunResult> = {
  id: 'lemma1-forms',
  jobs(scale) {
    const s = SETTINGS[scale];
    return s.seeds.flatMap((seed) => s.depths.flatMap((depth) => s.runs.map((r) => ({ ...r, depth, width: s.width, samples: s.samples, batch: s.batch, steps: s.steps, every: s.every, seed }))));
  },
  // A checked step costs 18 gradient evaluations (9 for the monitor, 9 for both forms).
  cost: (c) => 3 * c.batch * (c.steps + 18 * Math.ceil(c.steps / c.every)) * (196 * c.width + (c.depth - 1) * c.width * c.width + 10 * c.width),
  run: runLemma1,
  claims(results, scale): ClaimRow[] {
    if (results.length === 0) return [LEMMA1, BLOCK, PER_LAYER].map((t) => notRun(t, scale));
    const all = results.flatMap((r) => r.result.steps);
    const rose = all.filter((s) => s.actual > 0).length;
    const tighter = all.filter((s) => s.perLayer < s.block).length;
    const label = describe(results, scale);
    const count = (violated: (s: Lemma1Step) => boolean, extra = '') => {
      const n = all.filter(violated).length;
      return { n, ours: { mean: n, sd: 0, n: 1, unit: `violated steps of ${all.length} checked (the loss rose on ${rose})${extra}` } };
    };
    const monitor = count((s) => !s.monitorHolds);
    const block = count((s) => s.actual > s.block + s.slack);
    const perLayer = count((s) => s.actual > s.perLayer + s.slack, `; the per-layer bound was the tighter on ${tighter}`);
    const why = (n: number) => () => `${n} steps broke an inequality that calculus guarantees: a gradient or the harness is wrong`;
    return [
      judged(LEMMA1, monitor.ours, label, RULE, monitor.n, why(monitor.n)),
      judged(BLOCK, block.ours, label, RULE, block.n, why(block.n)),
      judged(PER_LAYER, perLayer.ours, label, RULE, perLayer.n, why(perLayer.n)),
    ];
  },
  figures(results, scale) {
    if (results.length === 0) return [];
    const points: ChartPoint[] = [];
    for (const { config, result } of results.filter((r) => r.config.seed === results[0].config.seed)) {
      const series = `${config.optimiser} ${config.lr}`;
      const panel = `depth ${config.depth}`;
      result.steps.forEach((s, k) => {
        // The slack of each bound, relative to the size of the terms: ≥ 0 when the inequality holds.
        const scale = Math.abs(s.actual) + Math.abs(s.perLayer) + 1e-300;
        points.push({ x: k * config.every, y: (s.perLayer - s.actual) / scale, series: `${series}, per layer`, panel });
        points.push({ x: k * config.every, y: (s.block - s.actual) / scale, series: `${series}, one block`, panel, dash: 'one block' });
      });
    }
    return [lineChart('lemma1-forms', points, {
      title: `Lemma 1 and R2(5): (bound − actual loss change) / scale on checked steps, per layer and one block (${scale})`,
      subtitle: `${describe(results, scale)}. Every point ≥ 0: both inequalities hold.`,
      xTitle: 'training step',
      yTitle: '(bound − actual)/(|actual| + |per-layer bound|)',
      facet: true,
    })];
  },
};
