// torch.nn.utils: gradient clipping and flattening parameters into one vector.
//   clipGradNorm   total = ‖(‖g₁‖_p, …, ‖g_k‖_p)‖_p over the gradients that exist (max |g| for p = ∞);
//                  every gradient is multiplied in place by min(1, maxNorm/(total + 1e-6)), torch 1.13's rule,
//                  and the total is returned (before clipping). Like torch, a non-finite total makes the
//                  gradients non-finite (the optimiser's guard then refuses the step) unless
//                  errorIfNonfinite asks for an error first.
//   clipGradValue  clamps every gradient entry into [−clipValue, clipValue] in place (NaN stays NaN).
import { markWritten } from '../autograd.ts';
import { fail } from '../errors.ts';
import { flag, readOptions } from '../optim/validate.ts';
import { Tensor } from '../tensor.ts';
import { describe } from './registry.ts';

/** The tensors of `parameters` (one tensor, or any iterable of them), each checked. */
function tensorsOf(op: string, parameters: Tensor | Iterable<Tensor>): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || typeof parameters[Symbol.iterator] !== 'function') {
    fail(op, `parameters must be a Tensor or an array of Tensors (got ${describe(parameters)})`);
  }
  const list = Array.from(parameters);
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) fail(op, `parameter ${i} is not a Tensor (got ${describe(p)})`);
  });
  return list;
}

function checkNumber(op: string, what: string, v: unknown, ok: (n: number) => boolean, expected: string): number {
  if (typeof v !== 'number' || !ok(v)) fail(op, `invalid ${what} (got ${describe(v)}, expected ${expected})`);
  return v;
}

/** The p-norm of an array (p = Infinity: the largest |x|). */
function pNorm(values: ArrayLike<number>, p: number): number {
  let s = 0;
  if (p === Infinity) {
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]);
      if (a > s || a !== a) s = a;
    }
    return s;
  }
  if (p === 2) {
    for (let i = 0; i < values.length; i++) s += values[i] * values[i];
    return Math.sqrt(s);
  }
  if (p === 1) {
    for (let i = 0; i < values.length; i++) s += Math.abs(values[i]);
    return s;
  }
  for (let i = 0; i < values.length; i++) s += Math.pow(Math.abs(values[i]), p);
  return Math.pow(s, 1 / p);
}

/**
 * Rescales the gradients in place so their total p-norm is at most maxNorm; returns the total norm before
 * clipping as a scalar tensor (torch's clip_grad_norm_). `const norm = nn.utils.clipGradNorm(model.parameters(), 1.0)`
 */
export function clipGradNorm(parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType = 2, options?: { errorIfNonfinite?: boolean }): Tensor {
  const op = 'clipGradNorm';
  const params = tensorsOf(op, parameters);
  checkNumber(op, 'maxNorm', maxNorm, (n) => n >= 0 && n < Infinity, 'a finite number ≥ 0');
  checkNumber(op, 'normType', normType, (n) => n > 0, 'a number > 0, or Infinity');
  const { errorIfNonfinite } = readOptions(op, { errorIfNonfinite: flag('errorIfNonfinite', false) }, options);
  const grads = params.flatMap((p) => (p.grad === null ? [] : [p.grad]));
  if (grads.length === 0) return new Tensor(new Float64Array(1), []);
  const total = pNorm(grads.map((g) => pNorm(g.data, normType)), normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    fail(op, `the total norm of order ${normType} of the gradients is non-finite (got ${total}), so it cannot be clipped; the gradients are unchanged`);
  }
  // Math.min, like torch.clamp, gives NaN for a NaN total; torch multiplies even by 1 (a no-op).
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of grads) {
    markWritten(g, 'clipGradNorm on a gradient');
    const d = g.data;
    for (let i = 0; i < d.length; i++) d[i] *= coef;
  }
  return new Tensor(new Float64Array([total]), []);
}

/** Clamps every gradient entry into [−clipValue, clipValue], in place (torch's clip_grad_value_). `nn.utils.clipGradValue(model.parameters(), 0.5)` */
export function clipGradValue(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  const params = tensorsOf('clipGradValue', parameters);
  checkNumber('clipGradValue', 'clipValue', clipValue, (n) => n >= 0, 'a number ≥ 0');
  for (const p of params) {
    if (p.grad === null) continue;
    markWritten(p.grad, 'clipGradValue on a gradient');
    const d = p.grad.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i] > clipValue ? clipValue : d[i] < -clipValue ? -clipValue : d[i];
  }
}

/**
 * Every parameter's values, flattened and concatenated in order, as one new 1-d tensor (a copy, off the tape:
 * torch's is on the tape). `const flat = nn.utils.parametersToVector(model.parameters())`
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const params = tensorsOf('parametersToVector', parameters);
  const out = new Float64Array(params.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of params) {
    out.set(p.data, at);
    at += p.data.length;
  }
  return new Tensor(out, [out.length]);
}

/** Copies consecutive slices of a 1-d `vector` into the parameters, in place. `nn.utils.vectorToParameters(flat, model.parameters())` */
export function vectorToParameters(vector: Tensor, parameters: Iterable<Tensor>): void {
  const op = 'vectorToParameters';
  if (!(vector instanceof Tensor) || vector.ndim !== 1) fail(op, `vector must be a 1-d Tensor (got ${describe(vector)})`);
  const params = tensorsOf(op, parameters);
  const needed = params.reduce((n, p) => n + p.data.length, 0);
  if (vector.data.length !== needed) fail(op, `the vector has ${vector.data.length} entries (expected ${needed}, the parameters' total)`);
  let at = 0;
  for (const p of params) {
    markWritten(p, 'vectorToParameters');
    p.data.set(vector.data.subarray(at, at + p.data.length));
    at += p.data.length;
  }
}
