// The relative breakdown in gradient along a step ΔW (DESIGN §4):
//   ρ_l(t) = ‖g_l(W + tΔW) − g_l(W)‖ / ‖g_l(W)‖,  t ∈ [0, 1],
// how far each layer's gradient has turned and stretched, relative to its size, after moving a
// fraction t of the way. When ‖g_l(W)‖ = 0 the ratio is 0 if the gradient did not change and +∞ if it did.
import { fail, isList } from '../errors.ts';
import { checkKeys, type KeySet } from '../options.ts';
import { distance, frobenius } from '../kernels/vector.ts';
import { deepRelativeTrust } from './deep-relative-trust.ts';
import { operatorNorm } from './spectral.ts';
import { checkLossClosure, checkTrustSelector, evaluate, moveTo, preserving, resolveParams, resolvePerTensor, selectTrust, type LossClosure, type ParamSource, type PerTensor, type TrustSelector } from './params.ts';

/** change/reference for two norms, with the zero-norm rule above (0/0 = 0, d/0 = +∞). `relativeTo(‖ΔW‖, ‖W‖)` */
export function relativeTo(change: number, reference: number): number {
  return reference > 0 ? change / reference : change === 0 ? 0 : Infinity;
}

/** A layer's relative step in both norms: ‖ΔW‖_F/‖W‖_F and ‖ΔW‖₂/‖W‖₂ (null when not computed). */
export interface RelativeStep {
  frobenius: number;
  spectral: number | null;
}

/**
 * ‖ΔW‖/‖W‖ in the Frobenius norm and, unless `spectral` is false, in the spectral norm (lib/perturb/spectral.ts:
 * power iteration, the cost of a few hundred matrix–vector products per norm). `relativeStepNorms(w.data, dw, w.shape)`
 */
export function relativeStepNorms(weight: Float64Array, step: Float64Array, shape: readonly number[], spectral = true): RelativeStep {
  return {
    frobenius: relativeTo(frobenius(step), frobenius(weight)),
    spectral: spectral ? relativeTo(operatorNorm(step, shape), operatorNorm(weight, shape)) : null,
  };
}

/** Deep relative trust Π(1 + r) − 1 over the named layers' relative steps, in both norms (null if either is missing). @internal */
export function trustInBothNorms(steps: Readonly<Record<string, RelativeStep>>, over: readonly string[]): { frobenius: number; spectral: number | null } {
  const f = over.map((n) => steps[n].frobenius);
  const s = over.map((n) => steps[n].spectral);
  const product = (r: number[]) => (r.some(Number.isNaN) ? NaN : deepRelativeTrust(r));
  return { frobenius: product(f), spectral: s.every((v): v is number => v !== null) ? product(s) : null };
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
  /** Tensors in the deep-relative-trust products (default names ending in '.weight', or all if none does). */
  trustOver?: TrustSelector;
  /** Also measure the relative step in the spectral norm (default true). */
  spectral?: boolean;
}

const KEYS: KeySet<BreakdownOptions> = { params: true, loss: true, direction: true, ts: true, trustOver: true, spectral: true };

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
  /** Each tensor's relative step for the whole direction (t = 1), in the Frobenius and the spectral norm. */
  relativeStep: Record<string, RelativeStep>;
  /** Deep relative trust's prediction Π(1 + r_l) − 1 over the trust tensors, from either norm's r_l. */
  trust: { frobenius: number; spectral: number | null };
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
  if (options.spectral !== undefined && typeof options.spectral !== 'boolean') fail(op, `spectral must be true or false (got ${String(options.spectral)})`);
  checkTrustSelector(op, options.trustOver);
  const trustNames = selectTrust(op, names, options.trustOver);
  const relativeStep: Record<string, RelativeStep> = {};
  names.forEach((n, i) => (relativeStep[n] = relativeStepNorms(tensors[i].data, direction[i], tensors[i].shape, options.spectral ?? true)));
  const trust = trustInBothNorms(relativeStep, trustNames);
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
    return { names, ts, loss, loss0: at0.loss, gradNorm: at0.grads.map(frobenius), rho, finite, relativeStep, trust };
  });
}
