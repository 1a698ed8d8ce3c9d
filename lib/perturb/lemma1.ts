// Lemma 1 of Bernstein et al. (2020), checked numerically for one step ΔW:
//   ℒ(W+ΔW) − ℒ(W) ≤ −Σ_l ‖g_l‖ ‖ΔW_l‖ [cos θ_l − max_t ρ_l(t)],   θ_l = ∠(ΔW_l, −g_l).
// Proof: ℒ(W+ΔW) − ℒ(W) = ∫₀¹ g(W+tΔW)·ΔW dt = g(W)·ΔW + Σ_l ∫₀¹ (g_l(W+tΔW) − g_l(W))·ΔW_l dt, and by
// Cauchy–Schwarz each integral is ≤ ‖ΔW_l‖ max_t ‖g_l(W+tΔW) − g_l(W)‖. We compute each layer's term in
// that un-normalised form, g_l·ΔW_l + ‖ΔW_l‖ max_t ‖Δg_l(t)‖ (equal to the lemma's term when ‖g_l‖ > 0,
// and finite when ‖g_l‖ = 0).
// The max runs over a finite t-grid, which can only under-estimate the max over [0, 1]; so the grid's
// bound is *smaller* than the lemma's and a pass is conclusive, while a failure on a coarse grid may be
// the grid's fault (a gradient spike between grid points). t = 1 is always on the grid.
import { fail } from '../errors.ts';
import { checkKeys, type KeySet } from '../options.ts';
import type { Tensor } from '../tensor.ts';
import { distance, dot, frobenius } from '../kernels/vector.ts';
import { checkTs, relativeTo } from './breakdown.ts';
import { checkLossClosure, evaluate, moveTo, preserving, resolveParams, resolvePerTensor, type LossClosure, type ParamSource, type PerTensor } from './params.ts';

/** Options of {@link checkLemma1}. */
export interface Lemma1Options {
  params: ParamSource;
  loss: LossClosure;
  /** ΔW per tensor (aligned with the parameters, or keyed by name; a missing name does not move). */
  step: PerTensor;
  /** Points of [0, 1] where the max over t is taken (default 64 points k/64, k = 1 … 64); 1 is added if absent. */
  ts?: readonly number[];
}

const KEYS: KeySet<Lemma1Options> = { params: true, loss: true, step: true, ts: true };

/** One tensor's share of the Lemma 1 bound. */
export interface Lemma1Layer {
  name: string;
  /** ‖g_l(W)‖ */
  gradNorm: number;
  /** ‖ΔW_l‖ */
  stepNorm: number;
  /** cos of the angle between ΔW_l and −g_l(W) (0 when either is zero). */
  cosTheta: number;
  /** max over the grid of ρ_l(t). */
  maxRho: number;
  /** −‖g_l‖‖ΔW_l‖[cos θ_l − max_t ρ_l] = g_l·ΔW_l + ‖ΔW_l‖ max_t ‖g_l(W+tΔW) − g_l(W)‖. */
  boundTerm: number;
}

/** The outcome of {@link checkLemma1}. */
export interface Lemma1Result {
  layers: Lemma1Layer[];
  lossBefore: number;
  lossAfter: number;
  /** ℒ(W+ΔW) − ℒ(W). */
  actual: number;
  /** Σ_l boundTerm. */
  bound: number;
  /** bound − actual (≥ 0 when the lemma holds). */
  margin: number;
  /** actual ≤ bound + tolerance, and everything finite. */
  holds: boolean;
  /** 1e-12 × (|ℒ(W)| + |ℒ(W+ΔW)| + Σ_l ‖g_l‖‖ΔW_l‖ + Σ_l ‖ΔW_l‖ max‖Δg_l‖): floating-point slack only. */
  tolerance: number;
  ts: number[];
  finite: boolean;
}

/** k/64 for k = 1 … 64. */
export const LEMMA1_TS: readonly number[] = Array.from({ length: 64 }, (_, i) => (i + 1) / 64);

/**
 * Evaluates both sides of Lemma 1 for the step `step`; the model is left exactly as it was.
 * `const r = checkLemma1({ params: model, loss, step: { 'final.weight': dW } }); r.holds`
 */
export function checkLemma1(options: Lemma1Options): Lemma1Result {
  const op = 'checkLemma1';
  checkKeys(op, KEYS, options, 'options');
  const { names, tensors } = resolveParams(op, options.params);
  checkLossClosure(op, options.loss);
  const step = resolvePerTensor(op, 'step', options.step, names, tensors);
  const ts = lemmaGrid(op, options.ts ?? LEMMA1_TS);
  return preserving(tensors, () => lemma1Along(op, names, tensors, options.loss, step, ts).result);
}

/** A checked, sorted t-grid in [0, 1] that contains 1. @internal */
export function lemmaGrid(op: string, ts: readonly number[]): number[] {
  const grid = checkTs(op, ts);
  for (const t of grid) if (t < 0 || t > 1) fail(op, `ts must lie in [0, 1] (got ${t})`);
  if (!grid.includes(1)) grid.push(1);
  return grid.sort((a, b) => a - b);
}

/**
 * Lemma 1 along `step` from the current weights, which it leaves moved (callers wrap it in
 * `preserving`); also returns the gradients at t = 0 and t = 1. `ts` is sorted and contains 1. @internal
 */
export function lemma1Along(op: string, names: readonly string[], tensors: readonly Tensor[], loss: LossClosure, step: readonly Float64Array[], ts: number[]): { result: Lemma1Result; gradBefore: Float64Array[]; gradAfter: Float64Array[] } {
  const base = tensors.map((t) => t.data.slice());
  const at0 = evaluate(op, tensors, loss);
  const maxDiff = new Float64Array(names.length);
  let finite = at0.finite;
  let lossAfter = NaN;
  let gradAfter: Float64Array[] = [];
  for (const t of ts) {
    moveTo(tensors, base, step, t);
    const at = evaluate(op, tensors, loss);
    finite &&= at.finite;
    if (t === 1) {
      lossAfter = at.loss;
      gradAfter = at.grads;
    }
    for (let i = 0; i < names.length; i++) {
      const d = distance(at.grads[i], at0.grads[i]);
      // NaN must win the max (Math.max propagates it), so a broken gradient cannot hide.
      maxDiff[i] = Math.max(maxDiff[i], d);
    }
  }
  const result = lemma1Sides(names, at0.loss, at0.grads, lossAfter, step, maxDiff, finite, ts);
  return { result, gradBefore: at0.grads, gradAfter };
}

/**
 * Both sides of Lemma 1 from the evaluations along a step: the loss and gradients before it, the loss
 * after it, and per tensor the largest ‖g_l(W+tΔW) − g_l(W)‖ over the t-grid `ts`. @internal
 */
export function lemma1Sides(names: readonly string[], lossBefore: number, gradBefore: readonly Float64Array[], lossAfter: number, step: readonly Float64Array[], maxDiff: ArrayLike<number>, finiteSoFar: boolean, ts: number[]): Lemma1Result {
  const layers: Lemma1Layer[] = [];
  let bound = 0;
  let scale = Math.abs(lossBefore) + Math.abs(lossAfter);
  for (let i = 0; i < names.length; i++) {
    const g = gradBefore[i];
    const gradNorm = frobenius(g);
    const stepNorm = frobenius(step[i]);
    const gDotStep = dot(g, step[i]);
    const cosTheta = gradNorm > 0 && stepNorm > 0 ? -gDotStep / (gradNorm * stepNorm) : 0;
    const maxRho = relativeTo(maxDiff[i], gradNorm);
    const boundTerm = gDotStep + stepNorm * maxDiff[i];
    bound += boundTerm;
    scale += gradNorm * stepNorm + stepNorm * maxDiff[i];
    layers.push({ name: names[i], gradNorm, stepNorm, cosTheta, maxRho, boundTerm });
  }
  const actual = lossAfter - lossBefore;
  const tolerance = 1e-12 * scale;
  const finite = finiteSoFar && Number.isFinite(bound) && Number.isFinite(actual);
  const holds = finite && actual <= bound + tolerance;
  return { layers, lossBefore, lossAfter, actual, bound, margin: bound - actual, holds, tolerance, ts, finite };
}
