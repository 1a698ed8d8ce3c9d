// Loss and gradient slices, the protocol of the paper's Figure 1. Take the gradient g₀ at W₀ once; then
// `steps` times move every tensor by the same relative amount η along its own fixed direction,
//   W_l ← W_l − η ‖W_l‖ d_l/‖d_l‖,   d_l = g₀_l ('gradient') or a fixed Gaussian draw ('random'),
// with ‖W_l‖ the current norm (so every step is exactly η relative to the weights; the shared trust
// ratio's rule applies when a norm is 0). After k steps the cumulative relative perturbation is k·η, the
// x-axis of Figure 1. At each k we record the loss, ρ_l = ‖g_l(W_k) − g_l(W₀)‖/‖g_l(W₀)‖, the actual
// relative distance r_l = ‖W_l,k − W_l,0‖/‖W_l,0‖, and two predictions of ρ: deep relative trust
// Π_l (1 + r_l) − 1 over the weight tensors, and the Euclidean (Lipschitz-gradient) model, linear in
// k·η, fitted through the origin on the first few steps.
// With `beta`, the Euclidean model's other half is measured at W₀ rather than fitted: β is the curvature
// along the first step, d̂ᵀHd̂ ('along'), or the top Hessian eigenvalue, the local smoothness constant
// ('top'), and the slice returns the quadratic model ℒ₀ + g₀·Δ_k + ½β‖Δ_k‖² (Δ_k = W_k − W₀) beside the
// measured loss.
import { fail } from '../errors.ts';
import { checkKeys, type KeySet } from '../options.ts';
import { trustRatio } from '../optim/trust-ratio.ts';
import { requireRng, type Rng } from '../random.ts';
import { distance, frobenius } from '../kernels/vector.ts';
import { relativeChange, relativeTo } from './breakdown.ts';
import { checkLossClosure, evaluate, preserving, resolveParams, selectTrust, type LossClosure, type ParamSource, type TrustSelector } from './params.ts';
import { deepRelativeTrust } from './deep-relative-trust.ts';
import { hessianAt, sharpness } from './hessian.ts';
import type { Tensor } from '../tensor.ts';
import { quadraticModel, recordLemma1, type SliceLemma1 } from './slice-models.ts';

export type { SliceLemma1 } from './slice-models.ts';

/** Options of {@link slice}. */
export interface SliceOptions {
  params: ParamSource;
  loss: LossClosure;
  /** Number of steps (default 100). */
  steps?: number;
  /** Relative size of each step (default 0.001). */
  eta?: number;
  /** Move along the initial gradient (default) or a fixed random direction per tensor (needs `rng`). */
  direction?: 'gradient' | 'random';
  rng?: Rng;
  /** Tensors whose ρ, r and Euclidean fit are recorded (default all). Every tensor moves regardless. */
  layers?: readonly string[];
  /** Tensors in the deep-relative-trust product: names, or a test (default: names ending in '.weight', or all if none does). */
  trustOver?: TrustSelector;
  /** Steps used to fit the Euclidean slope (default 5). */
  fitSteps?: number;
  /** Measure β at W₀ — 'along' the first step (d̂ᵀHd̂) or the 'top' Hessian eigenvalue (needs `rng`) — and return the quadratic model. */
  beta?: 'along' | 'top';
  /** Power iterations for beta 'top' (default 20). */
  betaIterations?: number;
  /**
   * Also check Lemma 1 on every step W_{k−1} → W_k, from the losses and gradients the slice computes
   * anyway (no extra evaluation; the max over t is taken at t = 1 only, so a pass is conclusive).
   */
  lemma1?: boolean;
}

const KEYS: KeySet<SliceOptions> = {
  params: true,
  loss: true,
  steps: true,
  eta: true,
  direction: true,
  rng: true,
  layers: true,
  trustOver: true,
  fitSteps: true,
  beta: true,
  betaIterations: true,
  lemma1: true,
};

/** A slice: arrays indexed by k = 0 … steps (shorter when a non-finite value stopped it). */
export interface SliceResult {
  /** Recorded tensors. */
  names: string[];
  /** Tensors in the deep-relative-trust product. */
  trustNames: string[];
  /** k·η: the cumulative relative perturbation. */
  perturbation: number[];
  loss: number[];
  /** ρ_l at each k. */
  rho: Record<string, number[]>;
  /** ‖W_l,k − W_l,0‖/‖W_l,0‖ at each k. */
  relativeDistance: Record<string, number[]>;
  /** Π (1 + r_l) − 1 over trustNames at each k. */
  trust: number[];
  /** The Euclidean model's ρ_l at each k: slope·k·η. */
  euclidean: Record<string, number[]>;
  /** The least-squares slope Σ xρ/Σ x² over k = 1 … fitSteps. */
  euclideanSlope: Record<string, number>;
  /** ‖g_l(W₀)‖. */
  gradNorm0: Record<string, number>;
  /** True when a loss or gradient became NaN or ±∞; the arrays then end at that step. */
  nonFinite: boolean;
  /** The first step with a non-finite value, or null. */
  firstNonFiniteStep: number | null;
  /** β measured at W₀ (with the `beta` option), else null. */
  beta: number | null;
  /** ℒ₀ + g₀·Δ_k + ½β‖Δ_k‖² at each k (with the `beta` option), else []. */
  quadratic: number[];
  /** With `lemma1: true`: Lemma 1 on every step. */
  lemma1?: SliceLemma1;
}

function checkCount(op: string, name: string, v: number, min: number): number {
  if (!Number.isSafeInteger(v) || v < min) fail(op, `${name} must be an integer ≥ ${min} (got ${v})`);
  return v;
}

/**
 * The Figure 1 slice from the current weights; the model is left exactly as it was.
 * `const s = slice({ params: model, loss, steps: 100, eta: 0.001 }); s.rho['layers.0.weight']`
 */
export function slice(options: SliceOptions): SliceResult {
  const op = 'slice';
  checkKeys(op, KEYS, options, 'options');
  const { names, tensors } = resolveParams(op, options.params);
  checkLossClosure(op, options.loss);
  const steps = checkCount(op, 'steps', options.steps ?? 100, 0);
  const fitSteps = checkCount(op, 'fitSteps', options.fitSteps ?? 5, 1);
  const eta = options.eta ?? 0.001;
  if (!Number.isFinite(eta) || eta <= 0) fail(op, `eta must be a positive number (got ${eta})`);
  const mode = options.direction ?? 'gradient';
  if (mode !== 'gradient' && mode !== 'random') fail(op, `direction must be 'gradient' or 'random' (got ${String(mode)})`);
  const rng = mode === 'random' ? requireRng(op, options.rng, "for direction 'random'") : null;
  const betaMode = options.beta;
  if (betaMode !== undefined && betaMode !== 'along' && betaMode !== 'top') fail(op, `beta must be 'along' or 'top' (got ${String(betaMode)})`);
  const betaIterations = checkCount(op, 'betaIterations', options.betaIterations ?? 20, 1);
  const betaRng = betaMode === 'top' ? requireRng(op, options.rng, "for beta 'top'") : null;
  const recorded = options.layers === undefined ? names.slice() : options.layers.slice();
  for (const name of recorded) if (!names.includes(name)) fail(op, `layers names an unknown tensor (got '${name}', expected one of ${names.join(', ')})`);
  const trustNames = selectTrust(op, names, options.trustOver);
  const recIdx = recorded.map((n) => names.indexOf(n));
  const trustIdx = trustNames.map((n) => names.indexOf(n));

  return preserving(tensors, () => {
    const w0 = tensors.map((t) => t.data.slice());
    const w0Norm = w0.map(frobenius);
    const at0 = evaluate(op, tensors, options.loss);
    const directions = mode === 'gradient' ? at0.grads : tensors.map((t) => rng!.normalFill(new Float64Array(t.data.length)));
    const dirNorm = directions.map(frobenius);
    const firstStep = directions.map((d, i) => scaledCopy(d, -eta * trustRatio(w0Norm[i], dirNorm[i])));
    const beta = betaMode === undefined ? null
      : betaMode === 'top' ? sharpness({ params: names.map((n, i) => [n, tensors[i]] as const), loss: options.loss, iterations: betaIterations, rng: betaRng!, layers: [] }).eigenvalue
      : curvatureAlong(op, tensors, options.loss, firstStep);

    const result: SliceResult = {
      names: recorded,
      trustNames,
      perturbation: [],
      loss: [],
      rho: {},
      relativeDistance: {},
      trust: [],
      euclidean: {},
      euclideanSlope: {},
      gradNorm0: {},
      nonFinite: false,
      firstNonFiniteStep: null,
      beta,
      quadratic: [],
    };
    for (const i of recIdx) {
      result.rho[names[i]] = [];
      result.relativeDistance[names[i]] = [];
      result.gradNorm0[names[i]] = frobenius(at0.grads[i]);
    }
    const r = new Float64Array(names.length);
    const lemma1: SliceLemma1 | null = options.lemma1 === true ? { actual: [], bound: [], holds: [] } : null;
    const step = tensors.map((t) => new Float64Array(t.data.length));
    let before = at0;
    for (let k = 0; k <= steps; k++) {
      if (k > 0) {
        for (let i = 0; i < tensors.length; i++) {
          const w = tensors[i].data;
          const s = eta * trustRatio(frobenius(w), dirNorm[i]);
          const d = directions[i];
          const dw = step[i];
          for (let j = 0; j < w.length; j++) {
            const old = w[j];
            w[j] -= s * d[j];
            dw[j] = w[j] - old;
          }
        }
      }
      const at = k === 0 ? at0 : evaluate(op, tensors, options.loss);
      if (k > 0 && lemma1 !== null) recordLemma1(lemma1, names, before, at, step);
      before = at;
      for (let i = 0; i < tensors.length; i++) {
        const dist = distance(tensors[i].data, w0[i]);
        r[i] = relativeTo(dist, w0Norm[i]);
      }
      result.perturbation.push(k * eta);
      result.loss.push(at.loss);
      if (beta !== null) result.quadratic.push(quadraticModel(at0, tensors.map((t) => t.data), w0, beta));
      for (const i of recIdx) {
        result.rho[names[i]].push(relativeChange(at.grads[i], at0.grads[i]));
        result.relativeDistance[names[i]].push(r[i]);
      }
      const ratios = trustIdx.map((i) => r[i]);
      result.trust.push(ratios.some(Number.isNaN) ? NaN : deepRelativeTrust(ratios));
      if (!at.finite) {
        result.nonFinite = true;
        result.firstNonFiniteStep = k;
        break;
      }
    }
    fitEuclidean(result, fitSteps);
    if (lemma1 !== null) result.lemma1 = lemma1;
    return result;
  });
}

/** s·d as a new array. */
function scaledCopy(d: Float64Array, s: number): Float64Array {
  return d.map((v) => s * v);
}

/** d̂ᵀHd̂ for the unit vector along `step` (all tensors jointly); 0 for a zero step. */
function curvatureAlong(op: string, tensors: readonly Tensor[], loss: LossClosure, step: readonly Float64Array[]): number {
  let sq = 0;
  for (const s of step) sq += frobenius(s) ** 2;
  if (sq === 0) return 0;
  const hv = hessianAt(op, tensors, loss).times(step);
  let curvature = 0;
  for (let i = 0; i < step.length; i++) for (let j = 0; j < step[i].length; j++) curvature += step[i][j] * hv[i][j];
  return curvature / sq;
}

/** Least squares through the origin, ρ ≈ c·x on k = 1 … fitSteps: c = Σ x_k ρ_k / Σ x_k². */
function fitEuclidean(result: SliceResult, fitSteps: number): void {
  const xs = result.perturbation;
  const m = Math.min(fitSteps, xs.length - 1);
  for (const name of result.names) {
    const rho = result.rho[name];
    let sxy = 0;
    let sxx = 0;
    for (let k = 1; k <= m; k++) {
      sxy += xs[k] * rho[k];
      sxx += xs[k] * xs[k];
    }
    const slope = sxx > 0 ? sxy / sxx : NaN;
    result.euclideanSlope[name] = slope;
    result.euclidean[name] = xs.map((x) => slope * x);
  }
}
