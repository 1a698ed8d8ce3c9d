// The deep-linear bound: for f(W)(x) = W_L⋯W_1 x, deep relative trust is a theorem with constant 1 in spectral norms,
//   ‖f(W+ΔW)(x) − f(W)(x)‖ ≤ ‖x‖ Π_k‖W_k‖_* [Π_k(1 + ‖ΔW_k‖_*/‖W_k‖_*) − 1]
// (expand Π(W_k + ΔW_k) − ΠW_k into the products with at least one ΔW_k; bound each by its spectral norms). We
// check it on MNIST-shaped nets (196 → width → … → 10, no biases, PyTorch init) with real digits and the
// perturbations training makes: relative gradient steps of the full-batch cross-entropy at η = 0.001 … 0.5,
// and the realised updates of Fromage (lr 0.01) and SGD (lr 0.1) steps on minibatches of 32.
import { grad, noGrad } from '../../lib/autograd.ts';
import { batches } from '../../lib/data/batches.ts';
import { subset, toTensors } from '../../lib/data/dataset.ts';
import { frobenius } from '../../lib/kernels/vector.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { deepRelativeTrust } from '../../lib/perturb/deep-relative-trust.ts';
import { spectralNorm } from '../../lib/perturb/spectral.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { digits, grouped, identityRule, judged, measured, notRun, sig, type ClaimText } from './common.ts';
import type { ClaimProbe, ClaimRow, ScaleName } from './types.ts';

/** One deep linear net, checked on `rows` digits against gradient steps at `etas` and `optimiserSteps` steps of each optimiser. */
export type DeepLinearConfig = { depth: number; width: number; samples: number; rows: number; etas: number[]; optimiserSteps: number; seed: number };
/** The largest lhs/rhs over digits and perturbations (≤ 1: the bound holds), where it was, and how many pairs were checked. */
export type DeepLinearResult = { worst: number; where: string; count: number };

function forward(layers: readonly Linear[], x: Tensor): Tensor {
  return layers.reduce((h, l) => l.forward(h), x);
}

/** Largest lhs/rhs over the rows of `x` for the perturbation `delta` (one array per layer). */
function worstRatio(layers: readonly Linear[], delta: readonly Float64Array[], x: Tensor): number {
  // Power iteration to 1e-10 relative: far below the gap between the bound and the change.
  const sigma = layers.map((l) => spectralNorm(l.weight.data, l.outFeatures, l.inFeatures, 10000, 1e-10));
  const relSigma = layers.map((l, k) => spectralNorm(delta[k], l.outFeatures, l.inFeatures, 10000, 1e-10) / sigma[k]);
  const scale = sigma.reduce((a, b) => a * b, 1) * deepRelativeTrust(relSigma);
  const before = noGrad(() => forward(layers, x)).data;
  const saved = layers.map((l) => l.weight.data.slice());
  layers.forEach((l, k) => l.weight.data.forEach((v, j) => (l.weight.data[j] = v + delta[k][j])));
  const after = noGrad(() => forward(layers, x)).data;
  layers.forEach((l, k) => l.weight.data.set(saved[k]));
  const [rows, inputs] = x.shape;
  const outputs = after.length / rows;
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    let d2 = 0;
    for (let c = 0; c < outputs; c++) d2 += (after[r * outputs + c] - before[r * outputs + c]) ** 2;
    worst = Math.max(worst, Math.sqrt(d2) / (frobenius(x.data.subarray(r * inputs, (r + 1) * inputs)) * scale));
  }
  return worst;
}

/** Checks the bound for every digit against every perturbation of one net. */
export function runDeepLinear(c: DeepLinearConfig): DeepLinearResult {
  const rng = new Rng(c.seed);
  const data = digits(c.samples, 14);
  const layers = Array.from({ length: c.depth }, (_, k) => new Linear(k === 0 ? data.features : c.width, k === c.depth - 1 ? 10 : c.width, { rng, bias: false }));
  const weights = layers.map((l) => l.weight);
  const probe = subset(data, Array.from({ length: Math.min(c.rows, data.n) }, (_, i) => i));
  const x = toTensors(probe).x;
  const out: DeepLinearResult = { worst: 0, where: '', count: 0 };
  const record = (delta: Float64Array[], where: string): void => {
    const r = worstRatio(layers, delta, x);
    out.count += probe.n;
    if (r > out.worst) Object.assign(out, { worst: r, where });
  };
  // Relative gradient steps of the cross-entropy on the probe digits, at initialisation.
  const g = grad(() => crossEntropy(forward(layers, x), probe.y), weights).map((t) => t.data);
  for (const eta of c.etas) record(weights.map((w, k) => g[k].map((v) => (-eta * frobenius(w.data) * v) / frobenius(g[k]))), `gradient step η = ${eta}`);
  // The updates two optimisers make on minibatches, each checked from where it starts.
  for (const [name, make] of [['Fromage lr 0.01', () => new Fromage(weights, { lr: 0.01 })], ['SGD lr 0.1', () => new SGD(weights, { lr: 0.1 })]] as const) {
    const start = weights.map((w) => w.data.slice());
    const opt = make();
    let t = 0;
    for (const b of batches(data, 32, rng)) {
      if (t++ === c.optimiserSteps) break;
      opt.zeroGrad();
      crossEntropy(forward(layers, b.x), b.y).backward();
      const before = weights.map((w) => w.data.slice());
      opt.step();
      const delta = weights.map((w, k) => w.data.map((v, j) => v - before[k][j]));
      weights.forEach((w, k) => w.data.set(before[k]));
      record(delta, `${name} step ${t}`);
      weights.forEach((w, k) => w.data.forEach((v, j) => (w.data[j] = v + delta[k][j])));
    }
    weights.forEach((w, k) => w.data.set(start[k]));
  }
  return out;
}

type Setting = Omit<DeepLinearConfig, 'depth' | 'seed'> & { depths: number[]; seeds: number[] };
const QUICK: Setting = { depths: [2, 6, 12], width: 32, samples: 1000, rows: 64, etas: [0.001, 0.01, 0.1, 0.5], optimiserSteps: 10, seeds: [1] };
const SETTINGS: Record<ScaleName, Setting> = {
  tiny: { ...QUICK, depths: [2], width: 8, samples: 64, rows: 8, etas: [0.01, 0.5], optimiserSteps: 1 },
  quick: QUICK,
  default: { ...QUICK, depths: [2, 6, 12, 24], width: 64, rows: 256, seeds: [1] },
  'paper-regime': { ...QUICK, depths: [2, 6, 12, 24], width: 128, rows: 256, seeds: [1] },
  full: { ...QUICK, depths: [2, 6, 12, 24, 48], width: 128, rows: 512, seeds: [1, 2, 3] },
};

const BOUND: ClaimText = {
  id: 'deep-linear.bound',
  source: 'Theorem 1 (deep linear case)',
  claim: '‖f(W+ΔW)(x) − f(W)(x)‖ ≤ ‖x‖ Π‖W_k‖_* [Π(1 + ‖ΔW_k‖_*/‖W_k‖_*) − 1] for deep linear nets (constant 1, spectral norms)',
  paper: 'a theorem: lhs/rhs ≤ 1 for every input and perturbation',
};
// The spectral norms come from power iteration stopped at 1e-10 relative; 1e-6 leaves room for that and rounding.
const RULE = identityRule('lhs/rhs − 1 over digits, perturbations and nets', 1e-6);

/** The deep-linear bound with constant 1 on MNIST-shaped nets and training's perturbations. */
export const deepLinearProbe: ClaimProbe<DeepLinearConfig, DeepLinearResult> = {
  id: 'deep-linear',
  jobs(scale) {
    const { depths, seeds, ...rest } = SETTINGS[scale];
    return seeds.flatMap((seed) => depths.map((depth) => ({ ...rest, depth, seed })));
  },
  cost: (c) => (c.etas.length + 2 * c.optimiserSteps) * (c.depth * c.width * c.width * 200 + 2 * c.rows * (196 * c.width + c.depth * c.width * c.width)),
  run: runDeepLinear,
  claims(results, scale): ClaimRow[] {
    if (results.length === 0) return [notRun(BOUND, scale)];
    const c = results[0].config;
    const worst = results.reduce((a, r) => (r.result.worst > a.result.worst ? r : a));
    const count = results.reduce((a, r) => a + r.result.count, 0);
    const label = `${scale}: deep linear nets 196→${c.width}→…→10 (no biases, PyTorch init), depths ${[...new Set(results.map((r) => r.config.depth))].join(', ')}; ${grouped(c.rows)} digits 14×14 × `
      + `(gradient steps η = ${c.etas.join(', ')} and ${c.optimiserSteps} Fromage and SGD steps); ${new Set(results.map((r) => r.config.seed)).size} seed(s)`;
    return [
      judged(BOUND, measured(results.map((r) => r.result.worst), `largest lhs/rhs per net (≤ 1 holds; ${grouped(count)} digit–perturbation pairs; tightest at depth ${worst.config.depth}, ${worst.result.where})`), label, RULE,
        worst.result.worst - 1, () => `lhs/rhs reached ${sig(worst.result.worst)} at depth ${worst.config.depth} (${worst.result.where}): a gradient, a product or the spectral norm is wrong`),
    ];
  },
};
