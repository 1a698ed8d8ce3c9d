// Figure 2 where the prediction is an identity. On a loss that sees each weight only as W/‖W‖ the gradient is
// orthogonal to W (Euler: the loss is homogeneous of degree 0 in W), so paper-LARS's step W − η‖W‖ĝ has norm
// ‖W‖√(1+η²) exactly: the norms grow as (1+η²)^{t/2}, and Fromage's 1/√(1+η²) keeps them flat. The paper saw
// 2.64 on its GAN after T = 19,404 steps at η = 0.01 (predicted 2.638). Here a scale-invariant ReLU net
// (196 → width → width → 10, no biases, each layer computes gain·(W/‖W‖)·h) trains on MNIST; smaller scales
// take a larger η for fewer steps with the same predicted growth, T = 2 ln 2.638/ln(1 + η²).
import { randn } from '../../lib/creation.ts';
import { batches } from '../../lib/data/batches.ts';
import { dot, frobenius } from '../../lib/kernels/vector.ts';
import { accuracy, crossEntropy } from '../../lib/nn/losses.ts';
import { linear } from '../../lib/ops/matmul.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { LARS } from '../../lib/optim/lars.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { digits, grouped, identityRule, LastEpoch, judged, lineChart, measured, notRun, sig, type ChartPoint, type ClaimText } from './common.ts';
import type { ClaimProbe, ClaimRow, ScaleName } from './types.ts';

/** One norm trace. */
export type Figure2Config = { optimiser: 'lars' | 'fromage'; eta: number; steps: number; every: number; width: number; samples: number; batch: number; seed: number };
/** ‖W_l(t)‖/‖W_l(0)‖ per layer at `steps`; the largest |cos(g, W)| seen; the last epoch's accuracy. */
export type Figure2Result = { steps: number[]; layers: string[]; norms: number[][]; maxCos: number; accuracy: number };

/** The paper's growth and its prediction (bench/reference/paper-results.json, figure2_lars_norms). */
const PAPER = { growth: 2.64, eta: 0.01, steps: 19404 };
const PREDICTED = Math.pow(1 + PAPER.eta ** 2, PAPER.steps / 2);

/** The number of steps at `eta` with the paper's predicted growth (1+η²)^{T/2} = 2.638. `stepsFor(0.1)` → 195 */
export function stepsFor(eta: number): number {
  return Math.round((2 * Math.log(PREDICTED)) / Math.log1p(eta * eta));
}

/**
 * W/‖W‖, computed as (W/m)/‖W/m‖ with m = max|W| held constant: the same function (and so the same gradient, which is
 * ⟂ W), but ‖W/m‖² cannot overflow when paper-LARS has grown ‖W‖ past √(max double).
 */
export function direction(w: Tensor): Tensor {
  let m = 0;
  for (const v of w.data) m = Math.max(m, Math.abs(v));
  const scaled = w.div(m);
  return scaled.div(scaled.norm());
}

/**
 * A scale-invariant net: layer l computes gain_l·(W_l/‖W_l‖)·h, `activation` between layers (ReLU by default), no
 * biases. `scaleInvariantNet([196, 64, 64, 10], rng)`
 */
export function scaleInvariantNet(sizes: readonly number[], rng: Rng, activation: 'relu' | 'tanh' = 'relu'): { named: [string, Tensor][]; forward: (x: Tensor) => Tensor } {
  const named: [string, Tensor][] = [];
  for (let l = 1; l < sizes.length; l++) named.push([`layer ${l} (${sizes[l - 1]}→${sizes[l]})`, randn([sizes[l], sizes[l - 1]], { rng, requiresGrad: true })]);
  // ‖(W/‖W‖)h‖² ≈ ‖h‖²/fan_in spread over fan_out units: gain √fan_out keeps a unit's scale, √(2·fan_out) through ReLU.
  const hidden = activation === 'relu' ? 2 : 1;
  const gains = named.map(([, w], l) => Math.sqrt((l < named.length - 1 ? hidden : 1) * w.shape[0]));
  const forward = (x: Tensor): Tensor => {
    let h = x;
    named.forEach(([, w], l) => {
      const z = linear(h, direction(w)).mul(gains[l]);
      h = l === named.length - 1 ? z : activation === 'relu' ? z.relu() : z.tanh();
    });
    return h;
  };
  return { named, forward };
}

/** Trains the scale-invariant net with paper-LARS or Fromage at a constant η and records every layer's norm. */
export function runFigure2(c: Figure2Config): Figure2Result {
  const data = digits(c.samples, 14);
  const rng = new Rng(c.seed);
  const net = scaleInvariantNet([data.features, c.width, c.width, 10], rng);
  const params = net.named.map(([, w]) => w);
  const opt = c.optimiser === 'lars' ? new LARS(net.named, { lr: c.eta }) : new Fromage(net.named, { lr: c.eta });
  const initial = params.map((p) => frobenius(p.data));
  const result: Figure2Result = { steps: [0], layers: net.named.map(([n]) => n), norms: [params.map(() => 1)], maxCos: 0, accuracy: 0 };
  const lastEpoch = new LastEpoch(data.n, c.batch);
  let step = 0;
  while (step < c.steps) {
    for (const b of batches(data, c.batch, rng)) {
      const logits = net.forward(b.x);
      lastEpoch.push(accuracy(logits, b.y));
      opt.zeroGrad();
      crossEntropy(logits, b.y).backward();
      for (const p of params) result.maxCos = Math.max(result.maxCos, Math.abs(dot(p.grad!.data, p.data)) / (frobenius(p.grad!.data) * frobenius(p.data)));
      opt.step();
      step++;
      if (step % c.every === 0 || step === c.steps) {
        result.steps.push(step);
        result.norms.push(params.map((p, i) => frobenius(p.data) / initial[i]));
      }
      if (step === c.steps) break;
    }
  }
  result.accuracy = lastEpoch.mean();
  return result;
}

type Setting = { eta: number; width: number; samples: number; seeds: number[] };
const SETTINGS: Record<ScaleName, Setting> = {
  tiny: { eta: 0.3, width: 8, samples: 64, seeds: [1] },
  quick: { eta: 0.1, width: 64, samples: 1000, seeds: [1] },
  default: { eta: 0.03, width: 64, samples: 2000, seeds: [1] },
  'paper-regime': { eta: 0.01, width: 128, samples: 10000, seeds: [1] },
  full: { eta: 0.01, width: 128, samples: 10000, seeds: [1, 2] },
};

function describe(c: Figure2Config, scale: ScaleName): string {
  const same = c.eta === PAPER.eta && c.steps === PAPER.steps ? "the paper's η and T" : `the same predicted growth as the paper's η = 0.01 for ${grouped(PAPER.steps)} steps`;
  return `${scale}: ${grouped(c.samples)} digits 14×14, scale-invariant ReLU net 196→${c.width}→${c.width}→10, minibatches of ${c.batch}; η = ${c.eta} for ${grouped(c.steps)} steps (${same})`;
}

const LARS_GROWTH: ClaimText = {
  id: 'figure2.lars-growth',
  source: 'Figure 2',
  claim: 'Under paper-LARS the weight norms grow as (1+η²)^{t/2} (the step is orthogonal to W)',
  paper: `×${PAPER.growth} after ${grouped(PAPER.steps)} steps at η = ${PAPER.eta} (predicted ${sig(PREDICTED, 4)})`,
};
const FROMAGE_FLAT: ClaimText = {
  id: 'figure2.fromage-flat',
  source: 'Figure 2',
  claim: 'Under Fromage the weight norms stay flat',
  paper: '×1.0 over the same run',
};
const TOLERANCE = 1e-9;
const growthRule = identityRule('|‖W_l(t)‖/‖W_l(0)‖ ÷ (1+η²)^{t/2} − 1| over layers, recorded steps and seeds', TOLERANCE);
const flatRule = identityRule('|‖W_l(t)‖/‖W_l(0)‖ − 1| over layers, recorded steps and seeds', TOLERANCE);

/** The largest relative deviation of a trace from `predicted(t)`. */
function worstDeviation(r: Figure2Result, predicted: (t: number) => number): number {
  let worst = 0;
  r.steps.forEach((t, k) => r.norms[k].forEach((n) => (worst = Math.max(worst, Math.abs(n / predicted(t) - 1)))));
  return worst;
}

/** Figure 2 with the identity as the prediction: paper-LARS vs Fromage on a scale-invariant net. */
export const figure2Probe: ClaimProbe<Figure2Config, Figure2Result> = {
  id: 'figure2-identity',
  jobs(scale) {
    const s = SETTINGS[scale];
    const steps = stepsFor(s.eta);
    const every = Math.max(1, Math.round(steps / 100));
    return s.seeds.flatMap((seed) => (['lars', 'fromage'] as const).map((optimiser) => ({ optimiser, eta: s.eta, steps, every, width: s.width, samples: s.samples, batch: 32, seed })));
  },
  cost: (c) => 3 * c.batch * c.steps * (196 * c.width + c.width * c.width + 10 * c.width),
  run: runFigure2,
  claims(results, scale): ClaimRow[] {
    const lars = results.filter((r) => r.config.optimiser === 'lars');
    const fromage = results.filter((r) => r.config.optimiser === 'fromage');
    const rows: ClaimRow[] = [];
    if (lars.length === 0) rows.push(notRun(LARS_GROWTH, scale));
    else {
      const c = lars[0].config;
      const grow = (t: number) => Math.pow(1 + c.eta * c.eta, t / 2);
      const worst = Math.max(...lars.map((r) => worstDeviation(r.result, grow)));
      const finalGrowth = lars.flatMap((r) => r.result.norms[r.result.norms.length - 1]);
      rows.push(
        judged(LARS_GROWTH, measured(finalGrowth, `× after T = ${grouped(c.steps)} (predicted ${sig(grow(c.steps), 4)}; per layer and seed)`), describe(c, scale), growthRule, worst, () =>
          `the norms left (1+η²)^{t/2} by ${sig(worst)} relative: the loss is not scale-invariant to rounding, or the step is not paper-LARS's`),
      );
    }
    if (fromage.length === 0) rows.push(notRun(FROMAGE_FLAT, scale));
    else {
      const c = fromage[0].config;
      const worst = Math.max(...fromage.map((r) => worstDeviation(r.result, () => 1)));
      const finalGrowth = fromage.flatMap((r) => r.result.norms[r.result.norms.length - 1]);
      rows.push(
        judged(FROMAGE_FLAT, measured(finalGrowth, `× after T = ${grouped(c.steps)} (per layer and seed)`), describe(c, scale), flatRule, worst, () =>
          `the norms moved by ${sig(worst)} relative: Fromage's 1/√(1+η²) does not cancel the growth`),
      );
    }
    return rows;
  },
  figures(results, scale) {
    if (results.length === 0) return [];
    const first = results.filter((r) => r.config.seed === results[0].config.seed);
    const c = first[0].config;
    const points: ChartPoint[] = [];
    for (const { config, result } of first) {
      const panel = config.optimiser === 'lars' ? 'paper-LARS' : 'Fromage';
      result.layers.forEach((layer, l) => result.steps.forEach((t, k) => points.push({ x: t, y: result.norms[k][l], series: layer, panel })));
      for (const t of result.steps) points.push({ x: t, y: config.optimiser === 'lars' ? Math.pow(1 + config.eta ** 2, t / 2) : 1, series: 'prediction', panel, dash: 'prediction' });
    }
    return [lineChart('figure2-identity', points, {
      title: `Figure 2: weight norms on a scale-invariant net, paper-LARS vs Fromage (${scale})`,
      subtitle: `${describe(c, scale)}; seed ${c.seed}. Prediction: (1+η²)^{t/2} for LARS, 1 for Fromage.`,
      xTitle: 'step t',
      yTitle: '‖W_l(t)‖ / ‖W_l(0)‖',
      facet: true,
    })];
  },
};
