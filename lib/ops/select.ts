// Ops that pick, per element, one of their inputs: where, clamp, maximum and minimum, with PyTorch's gradient
// conventions, which are what a subgradient leaves open:
//   where(c, a, b)     a gets g where c ≠ 0, b gets g elsewhere (c gets none);
//   clamp(x, lo, hi)   x gets g where lo ≤ x ≤ hi — the bounds included — and 0 outside (and at NaN);
//   maximum(a, b)      the larger gets g; on a tie each gets g/2 (minimum likewise with the smaller).
// Each derivative is a 0/1 (or ½) mask, constant in the inputs, so the graph backward multiplies by that mask
// as a constant tensor: its own derivative is 0, as in PyTorch.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { asTensor, isTensor, makeTensor } from '../factory.ts';
import { broadcastShapes, expandTo, sameShape } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';
import { broadcastPair, product } from './elementwise.ts';

/** `a` where `condition` is nonzero (NaN counts as true), else `b`, all three broadcast. `where(x.gt(0), x, 0)` */
export function where(condition: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (!isTensor(condition)) fail('where', `condition must be a Tensor (got ${typeof condition})`);
  const x = asTensor(a, 'where');
  const y = asTensor(b, 'where');
  const pair = broadcastShapes(x.shape, y.shape);
  const shape = pair === null ? null : broadcastShapes(condition.shape, pair);
  if (shape === null) {
    fail('where', `shapes cannot be broadcast together (got condition ${formatShape(condition.shape)}, a ${formatShape(x.shape)}, b ${formatShape(y.shape)})`);
  }
  const at = (t: Tensor): Float64Array => (sameShape(t.shape, shape) ? t.data : expandTo(t.data, t.shape, shape));
  const c = at(condition);
  const ad = at(x);
  const bd = at(y);
  const out = new Float64Array(c.length);
  const mask = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    mask[i] = c[i] !== 0 ? 1 : 0;
    out[i] = c[i] !== 0 ? ad[i] : bd[i];
  }
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) {
    const other = (): Float64Array => mask.map((m) => 1 - m);
    record(result, 'where', [x, y], {
      backward: (g) => [x.requiresGrad ? product(g, mask) : null, y.requiresGrad ? product(g, other()) : null],
      graph: (g) => [x.requiresGrad ? g.mul(makeTensor(mask, shape)) : null, y.requiresGrad ? g.mul(makeTensor(other(), shape)) : null],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** A bound of clamp: a number (not NaN), or null/undefined for none. */
function bound(value: number | null | undefined, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || Number.isNaN(value)) fail('clamp', `${what} must be a number or null (got ${String(value)})`);
  return value;
}

/**
 * x limited to [min, max] (either may be null for no bound; NaN stays NaN; min > max gives max everywhere, as
 * in PyTorch). The gradient passes where min ≤ x ≤ max, bounds included. `clamp(x, 0, 1)`, `clamp(x, null, 6)`
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = bound(min, 'min');
  const hi = bound(max, 'max');
  if (lo === null && hi === null) fail('clamp', 'at least one of min and max must be given (got neither)');
  const low = lo ?? -Infinity;
  const high = hi ?? Infinity;
  const a = x.data;
  const out = new Float64Array(a.length);
  const mask = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = v !== v ? v : Math.min(Math.max(v, low), high);
    mask[i] = v >= low && v <= high ? 1 : 0;
  }
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'clamp', [x], { backward: (g) => [product(g, mask)], graph: (g) => [g.mul(makeTensor(mask, x.shape))], saves: [], fresh: true });
  }
  return result;
}

/** maximum (sign 1) or minimum (sign −1), with NaN propagating and ties sharing the gradient. */
function extremum(op: 'maximum' | 'minimum', x: Tensor, other: Tensor | number): Tensor {
  if (!isTensor(x)) fail(op, `expected a Tensor (got ${typeof x})`);
  const y = asTensor(other, op);
  const [a, b, shape] = broadcastPair(op, x, y);
  const sign = op === 'maximum' ? 1 : -1;
  const out = new Float64Array(a.length);
  // torch's rule: each side gets g (g/2 on a tie), except where the other side wins.
  const ma = new Float64Array(a.length);
  const mb = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const u = a[i];
    const v = b[i];
    out[i] = u !== u || v !== v ? NaN : sign * u >= sign * v ? u : v;
    const share = u === v ? 0.5 : 1;
    ma[i] = sign * u < sign * v ? 0 : share;
    mb[i] = sign * u > sign * v ? 0 : share;
  }
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) {
    record(result, op, [x, y], {
      backward: (g) => [x.requiresGrad ? product(g, ma) : null, y.requiresGrad ? product(g, mb) : null],
      graph: (g) => [x.requiresGrad ? g.mul(makeTensor(ma, shape)) : null, y.requiresGrad ? g.mul(makeTensor(mb, shape)) : null],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** The elementwise larger of x and other, broadcast; NaN wins; a tie splits the gradient. `maximum(a, b)` */
export const maximum = (x: Tensor, other: Tensor | number): Tensor => extremum('maximum', x, other);
/** The elementwise smaller of x and other, broadcast; NaN wins; a tie splits the gradient. `minimum(a, b)` */
export const minimum = (x: Tensor, other: Tensor | number): Tensor => extremum('minimum', x, other);
