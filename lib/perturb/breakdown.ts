// The relative breakdown in gradient along a step ΔW (DESIGN §4):
//   ρ_l(t) = ‖g_l(W + tΔW) − g_l(W)‖ / ‖g_l(W)‖,  t ∈ [0, 1],
// how far each layer's gradient has turned and stretched, relative to its size, after moving a
// fraction t of the way. When ‖g_l(W)‖ = 0 the ratio is 0 if the gradient did not change and +∞ if it did.
import { fail, isList } from '../errors.ts';
import { checkKeys, type KeySet } from '../options.ts';
import { distance, frobenius } from '../kernels/vector.ts';
import { checkLossClosure, evaluate, moveTo, preserving, resolveParams, resolvePerTensor, type LossClosure, type ParamSource, type PerTensor } from './params.ts';

/** change/reference for two norms, with the zero-norm rule above (0/0 = 0, d/0 = +∞). `relativeTo(‖ΔW‖, ‖W‖)` */
export function relativeTo(change: number, reference: number): number {
  return reference > 0 ? change / reference : change === 0 ? 0 : Infinity;
}

/** ‖a − b‖/‖b‖ with the zero-norm rule above. `relativeChange(g1, g0)` */
export function relativeChange(a: Float64Array, b: Float64Array): number {
  return relativeTo(distance(a, b), frobenius(b));
}

/** Options of {@link relativeBreakdown}. */
export interface BreakdownOptions {
  params: ParamSource;
  loss: LossClosure;
  /** ΔW per tensor (aligned with the parameters, or keyed by name; a missing name does not move). */
  direction: PerTensor;
  /** Fractions of the step to evaluate (default 0.1, 0.2, …, 1). */
  ts?: readonly number[];
}

const KEYS: KeySet<BreakdownOptions> = { params: true, loss: true, direction: true, ts: true };

/** What {@link relativeBreakdown} measured. */
export interface BreakdownResult {
  names: string[];
  ts: number[];
  /** ℒ(W + tΔW) per t. */
  loss: number[];
  /** ℒ(W). */
  loss0: number;
  /** ‖g_l(W)‖ per tensor. */
  gradNorm: number[];
  /** ρ_l(t): rho[name][i] at ts[i]. */
  rho: Record<string, number[]>;
  /** False when a loss or gradient along the way was NaN or ±∞. */
  finite: boolean;
}

/** The default t-grid of {@link relativeBreakdown}: 0.1, 0.2, …, 1. */
export const DEFAULT_TS: readonly number[] = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);

/** Checks a t-grid: finite numbers. @internal */
export function checkTs(op: string, ts: readonly number[]): number[] {
  if (!isList(ts) || ts.length === 0) fail(op, `ts must be a non-empty array of numbers (got ${isList(ts) ? 'an empty array' : typeof ts})`);
  for (let i = 0; i < ts.length; i++) if (!Number.isFinite(ts[i])) fail(op, `ts must be finite (got ${ts[i]} at ${i})`);
  return ts.slice();
}

/**
 * ρ_l(t) for every parameter tensor and every t, plus the loss at each t; the model is left exactly as it was.
 * `relativeBreakdown({ params: model, loss, direction: { 'layers.0.weight': dW }, ts: [0.5, 1] })`
 */
export function relativeBreakdown(options: BreakdownOptions): BreakdownResult {
  const op = 'relativeBreakdown';
  checkKeys(op, KEYS, options, 'options');
  const { names, tensors } = resolveParams(op, options.params);
  checkLossClosure(op, options.loss);
  const direction = resolvePerTensor(op, 'direction', options.direction, names, tensors);
  const ts = checkTs(op, options.ts ?? DEFAULT_TS);
  return preserving(tensors, () => {
    const base = tensors.map((t) => t.data.slice());
    const at0 = evaluate(op, tensors, options.loss);
    const rho: Record<string, number[]> = {};
    for (const name of names) rho[name] = [];
    const loss: number[] = [];
    let finite = at0.finite;
    for (const t of ts) {
      moveTo(tensors, base, direction, t);
      const at = evaluate(op, tensors, options.loss);
      finite &&= at.finite;
      loss.push(at.loss);
      for (let i = 0; i < names.length; i++) rho[names[i]].push(relativeChange(at.grads[i], at0.grads[i]));
    }
    return { names, ts, loss, loss0: at0.loss, gradNorm: at0.grads.map(frobenius), rho, finite };
  });
}
