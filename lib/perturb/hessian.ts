// Second order: Hessian-vector products and the top Hessian eigenvalue (sharpness). The paper's Euclidean
// baseline assumes a smoothness constant β — ‖g(W+ΔW) − g(W)‖ ≤ β‖ΔW‖, so ℒ(W+ΔW) ≤ ℒ + g·ΔW + ½β‖ΔW‖² —
// and the largest Hessian eigenvalue is that constant locally. Here it is measured, not fitted:
//   H·v = ∇(g·v), with g = ∇ℒ taken with { createGraph: true } so a second backward goes through it;
//   power iteration v ← Hv/‖Hv‖ converges to the eigenvector of largest |λ|, and λ = v·Hv (‖v‖ = 1).
// Per layer, the same iteration on the diagonal block H_ll (v non-zero in tensor l only) gives each
// tensor's own sharpness. The gradient's graph is recorded once and reused by every product.
import { grad } from '../autograd.ts';
import { fail } from '../errors.ts';
import { dot, frobenius } from '../kernels/vector.ts';
import { isTensor, makeTensor } from '../factory.ts';
import { checkKeys, formatValue, type KeySet } from '../options.ts';
import { requireRng, type Rng } from '../random.ts';
import type { Tensor } from '../tensor.ts';
import { checkLossClosure, resolveParams, resolvePerTensor, type LossClosure, type ParamSource, type PerTensor } from './params.ts';

/** Options of {@link hvp}. */
export interface HvpOptions {
  params: ParamSource;
  loss: LossClosure;
  /** v per tensor (aligned with the parameters, or keyed by name; a missing name is 0). */
  vector: PerTensor;
}

/** What {@link hvp} computed at the current weights. */
export interface HvpResult {
  names: string[];
  /** ℒ(W). */
  loss: number;
  /** (H·v) per tensor, by name: the Hessian of the loss in all parameters, times v. */
  product: Record<string, Float64Array>;
}

/** Options of {@link sharpness}. */
export interface SharpnessOptions {
  params: ParamSource;
  loss: LossClosure;
  /** Power iterations, each one Hessian-vector product (default 20). */
  iterations?: number;
  /** Draws the random starting vectors. */
  rng: Rng;
  /** Tensors whose own block H_ll is measured too (default all; `[]` for the whole net only). */
  layers?: readonly string[];
}

/** What {@link sharpness} measured. */
export interface SharpnessResult {
  names: string[];
  /** The whole net's eigenvalue of largest magnitude (its sign kept): v·Hv after the last iteration. */
  eigenvalue: number;
  /** The estimate after each iteration. */
  history: number[];
  /** |λ_k − λ_{k−1}| / |λ_k| at the last iteration: how far from converged. */
  lastChange: number;
  /** The unit eigenvector estimate, by tensor name. */
  vector: Record<string, Float64Array>;
  /** Each measured tensor's own top eigenvalue (of its diagonal block H_ll). */
  perLayer: Record<string, number>;
}

const HVP_KEYS: KeySet<HvpOptions> = { params: true, loss: true, vector: true };
const SHARPNESS_KEYS: KeySet<SharpnessOptions> = { params: true, loss: true, iterations: true, rng: true, layers: true };

/** The loss and a function v ↦ H·v at the current weights, the gradient's graph recorded once. @internal */
export function hessianAt(op: string, tensors: readonly Tensor[], loss: LossClosure): { loss: number; times: (v: readonly Float64Array[]) => Float64Array[] } {
  let value = NaN;
  const g = grad(() => {
    const out = loss();
    if (!isTensor(out) || out.data.length !== 1) fail(op, `the loss closure must return a one-element Tensor (got ${isTensor(out) ? `shape [${out.shape.join(',')}]` : formatValue(out)})`);
    value = out.data[0];
    return out;
  }, tensors, { createGraph: true });
  const times = (v: readonly Float64Array[]): Float64Array[] => {
    const terms = g.map((gi, i) => gi.mul(makeTensor(v[i], gi.shape)).sum()).filter((t) => t.requiresGrad);
    // No term on the tape: the gradient does not depend on the weights (a linear loss), so H = 0.
    if (terms.length === 0) return v.map((vi) => new Float64Array(vi.length));
    const gv = terms.reduce((a, b) => a.add(b));
    return grad(() => gv, tensors).map((t) => t.data);
  };
  return { loss: value, times };
}

/**
 * The Hessian-vector product H·v of the loss at the current weights, per tensor, through a double backward.
 * `perturb.hvp({ params: model, loss, vector: { 'final.weight': v } }).product['final.weight']`
 */
export function hvp(options: HvpOptions): HvpResult {
  const op = 'hvp';
  checkKeys(op, HVP_KEYS, options, 'options');
  const { names, tensors } = resolveParams(op, options.params);
  checkLossClosure(op, options.loss);
  const vector = resolvePerTensor(op, 'vector', options.vector, names, tensors);
  const at = hessianAt(op, tensors, options.loss);
  const product = at.times(vector);
  return { names, loss: at.loss, product: Object.fromEntries(names.map((n, i) => [n, product[i]])) };
}

/**
 * The top Hessian eigenvalue by power iteration, for the whole net and for each tensor's diagonal block.
 * `perturb.sharpness({ params: model, loss, iterations: 50, rng }).eigenvalue`
 */
export function sharpness(options: SharpnessOptions): SharpnessResult {
  const op = 'sharpness';
  checkKeys(op, SHARPNESS_KEYS, options, 'options');
  const { names, tensors } = resolveParams(op, options.params);
  checkLossClosure(op, options.loss);
  const iterations = options.iterations ?? 20;
  if (!Number.isSafeInteger(iterations) || iterations < 1) fail(op, `iterations must be an integer ≥ 1 (got ${formatValue(iterations)})`);
  const rng = requireRng(op, options.rng, 'to draw the starting vector');
  const layers = options.layers === undefined ? names.slice() : options.layers.slice();
  for (const name of layers) if (!names.includes(name)) fail(op, `layers names an unknown tensor (got '${name}', expected one of ${names.join(', ')})`);

  const at = hessianAt(op, tensors, options.loss);
  const all = names.map((_, i) => i);
  const whole = powerIteration(op, 'the whole net', tensors, all, at.times, iterations, rng);
  const perLayer: Record<string, number> = {};
  for (const name of layers) {
    const i = names.indexOf(name);
    perLayer[name] = powerIteration(op, `'${name}'`, tensors, [i], at.times, iterations, rng).history[iterations - 1];
  }
  const history = whole.history;
  const eigenvalue = history[iterations - 1];
  const previous = iterations > 1 ? history[iterations - 2] : NaN;
  return {
    names,
    eigenvalue,
    history,
    lastChange: Math.abs(eigenvalue - previous) / Math.abs(eigenvalue),
    vector: Object.fromEntries(names.map((n, i) => [n, whole.vector[i]])),
    perLayer,
  };
}

/** Power iteration on the block of H over tensors `block` (zero elsewhere); the estimate after each step. */
function powerIteration(op: string, what: string, tensors: readonly Tensor[], block: readonly number[], times: (v: readonly Float64Array[]) => Float64Array[], iterations: number, rng: Rng): { history: number[]; vector: Float64Array[] } {
  let v = tensors.map((t, i) => (block.includes(i) ? rng.normalFill(new Float64Array(t.data.length)) : new Float64Array(t.data.length)));
  normalise(v, block);
  const history: number[] = [];
  for (let k = 0; k < iterations; k++) {
    const hv = times(v);
    let lambda = 0;
    for (const i of block) lambda += dot(v[i], hv[i]);
    if (!Number.isFinite(lambda)) fail(op, `a Hessian-vector product of ${what} is not finite at iteration ${k} (got v·Hv = ${lambda}); the loss or its curvature overflowed`);
    history.push(lambda);
    const next = tensors.map((t, i) => (block.includes(i) ? hv[i] : new Float64Array(t.data.length)));
    // Hv = 0: v is in the null space, and 0 is the eigenvalue found (there is nothing larger along v).
    if (normalise(next, block) === 0) {
      while (history.length < iterations) history.push(0);
      break;
    }
    v = next;
  }
  return { history, vector: v };
}

/** Scales the block of `v` to unit norm in place; returns the norm it had. */
function normalise(v: Float64Array[], block: readonly number[]): number {
  let sq = 0;
  for (const i of block) sq += frobenius(v[i]) ** 2;
  const norm = Math.sqrt(sq);
  if (norm > 0) { for (const i of block) for (let k = 0; k < v[i].length; k++) v[i][k] /= norm; }
  return norm;
}
