// What the harness measures: named parameter tensors and a loss closure. It moves weights in place
// (so a model's forward sees them), evaluates gradients with the functional `grad()` (which never
// touches `.grad`), and puts every weight and gradient back bit for bit, even when the closure throws.
import { grad } from '../autograd.ts';
import { fail } from '../errors.ts';
import { allFinite } from '../kernels/vector.ts';
import { Tensor } from '../tensor.ts';

/** A model (anything with `namedParameters()`, like `nn.MLP`) or a plain list of named tensors. */
export type ParamSource = { namedParameters(): [string, Tensor][] } | readonly (readonly [string, Tensor])[];

/** A scalar loss computed from the current parameter values. `() => nn.crossEntropy(model.forward(x), y)` */
export type LossClosure = () => Tensor;

/** Per-tensor arrays, either in the order of the parameters or keyed by name. */
export type PerTensor = readonly Float64Array[] | Readonly<Record<string, Float64Array>>;

/** Which tensors enter the deep-relative-trust product: names, or a test of the name. `(name) => name.endsWith('.weight')` */
export type TrustSelector = readonly string[] | ((name: string) => boolean);

/** Throws unless `loss` is a closure. `checkLossClosure('slice', options.loss)` @internal */
export function checkLossClosure(op: string, loss: unknown): asserts loss is LossClosure {
  if (typeof loss !== 'function') fail(op, `loss must be a closure returning a scalar Tensor (got ${typeof loss})`);
}

/** Throws unless `trustOver` is undefined, names or a function. `checkTrustSelector('TrustMonitor', options.trustOver)` @internal */
export function checkTrustSelector(op: string, trustOver: unknown): asserts trustOver is TrustSelector | undefined {
  if (trustOver !== undefined && typeof trustOver !== 'function' && !Array.isArray(trustOver)) {
    fail(op, `trustOver must be names or a function of the name (got ${typeof trustOver})`);
  }
}

/**
 * The tensors in the deep-relative-trust product: those `trustOver` picks, or by default every name
 * ending in '.weight' (biases are not layers), or all of them when none does. `selectTrust('slice', names, undefined)`
 * @internal
 */
export function selectTrust(op: string, names: readonly string[], trustOver: TrustSelector | undefined): string[] {
  checkTrustSelector(op, trustOver);
  if (trustOver === undefined) {
    const weights = names.filter((n) => n.endsWith('.weight'));
    return weights.length > 0 ? weights : names.slice();
  }
  if (typeof trustOver === 'function') return names.filter((n) => trustOver(n));
  for (const n of trustOver) if (!names.includes(n)) fail(op, `trustOver names an unknown tensor (got '${n}', expected one of ${names.join(', ')})`);
  return trustOver.slice();
}

/** The named tensors of `source`, validated: unique names, tensors that require grad. @internal */
export function resolveParams(op: string, source: ParamSource): { names: string[]; tensors: Tensor[] } {
  let list: readonly (readonly [string, Tensor])[];
  if (Array.isArray(source)) list = source;
  else if (source !== null && typeof source === 'object' && typeof (source as { namedParameters?: unknown }).namedParameters === 'function') {
    list = (source as { namedParameters(): [string, Tensor][] }).namedParameters();
  } else {
    return fail(op, `params must be a model with namedParameters() or a [name, Tensor][] list (got ${source === null ? 'null' : typeof source})`);
  }
  if (list.length === 0) fail(op, 'params is empty (got 0 tensors)');
  const names: string[] = [];
  const tensors: Tensor[] = [];
  const seen = new Set<string>();
  const seenTensors = new Set<Tensor>();
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !(entry[1] instanceof Tensor)) {
      fail(op, `params[${i}] must be a [name, Tensor] pair`);
    }
    const [name, t] = entry;
    if (seen.has(name)) fail(op, `parameter names must be unique (got '${name}' twice)`);
    if (seenTensors.has(t)) fail(op, `each tensor may appear once (got '${name}' as a second name for one tensor)`);
    seenTensors.add(t);
    if (!t.requiresGrad) fail(op, `parameter '${name}' must have requiresGrad (got requiresGrad=false)`);
    seen.add(name);
    names.push(name);
    tensors.push(t);
  }
  return { names, tensors };
}

/** Per-tensor arrays aligned with `names`, checked against the tensors' sizes. @internal */
export function resolvePerTensor(op: string, what: string, value: PerTensor, names: readonly string[], tensors: readonly Tensor[]): Float64Array[] {
  if (value === null || typeof value !== 'object') fail(op, `${what} must be per-tensor Float64Arrays (got ${value === null ? 'null' : typeof value})`);
  const arrays: Float64Array[] = [];
  if (Array.isArray(value)) {
    if (value.length !== names.length) fail(op, `${what} has ${value.length} arrays (expected one per parameter, ${names.length})`);
  } else {
    for (const key of Object.keys(value)) {
      if (!names.includes(key)) fail(op, `${what} names an unknown parameter (got '${key}', expected one of ${names.join(', ')})`);
    }
  }
  for (let i = 0; i < names.length; i++) {
    const a = Array.isArray(value) ? (value as readonly Float64Array[])[i] : (value as Record<string, Float64Array>)[names[i]];
    const n = tensors[i].data.length;
    if (a === undefined) {
      arrays.push(new Float64Array(n)); // an unnamed tensor does not move
      continue;
    }
    if (!(a instanceof Float64Array) || a.length !== n) {
      fail(op, `${what} for '${names[i]}' must be a Float64Array of ${n} values (got ${a instanceof Float64Array ? a.length + ' values' : typeof a})`);
    }
    arrays.push(a);
  }
  return arrays;
}

/** Runs `fn`, then restores every tensor's data and `.grad` exactly as they were. @internal */
export function preserving<T>(tensors: readonly Tensor[], fn: () => T): T {
  const data = tensors.map((t) => t.data);
  const values = tensors.map((t) => t.data.slice());
  const grads = tensors.map((t) => t.grad);
  const gradValues = tensors.map((t) => (t.grad === null ? null : t.grad.data.slice()));
  const requires = tensors.map((t) => t.requiresGrad);
  try {
    return fn();
  } finally {
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i];
      t.data = data[i];
      t.data.set(values[i]);
      t.grad = grads[i];
      const g = gradValues[i];
      if (g !== null) t.grad!.data.set(g);
      t.requiresGrad = requires[i];
    }
  }
}

/** The loss value and every tensor's gradient at the current weights, plus whether all are finite. @internal */
export interface Evaluation {
  loss: number;
  grads: Float64Array[];
  finite: boolean;
}

/** Evaluates `loss` and its gradients with the functional `grad()`. @internal */
export function evaluate(op: string, tensors: readonly Tensor[], loss: LossClosure): Evaluation {
  let out: Tensor | null = null;
  const grads = grad(() => {
    const value = loss();
    if (!(value instanceof Tensor) || value.data.length !== 1) {
      fail(op, `the loss closure must return a one-element Tensor (got ${value instanceof Tensor ? `shape [${value.shape.join(',')}]` : typeof value})`);
    }
    out = value;
    return value;
  }, tensors).map((g) => g.data);
  const value = (out as Tensor | null)?.data[0] ?? NaN;
  let finite = Number.isFinite(value);
  for (let i = 0; finite && i < grads.length; i++) finite = allFinite(grads[i]);
  return { loss: value, grads, finite };
}

/** Sets every tensor to base + t·direction, in place. @internal */
export function moveTo(tensors: readonly Tensor[], base: readonly Float64Array[], direction: readonly Float64Array[], t: number): void {
  for (let i = 0; i < tensors.length; i++) {
    const w = tensors[i].data;
    const w0 = base[i];
    const d = direction[i];
    for (let k = 0; k < w.length; k++) w[k] = w0[k] + t * d[k];
  }
}
