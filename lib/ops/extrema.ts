// max and min over a whole tensor or along one dim, and argmax/argmin, with PyTorch's conventions:
//   along a dim, the value and its gradient belong to the first extreme entry (torch returns that index);
//   over the whole tensor, ties share the gradient evenly (torch's evenly_distribute_backward);
//   NaN is the extreme wherever it appears (the first NaN along a dim; all NaNs share the whole-tensor gradient).
// argmax and argmin return indices as float64 and are not differentiable. The gradient is a 0/1 (or 1/count)
// mask, constant in x, so the graph backward multiplies by it as a constant tensor (second derivative 0).
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { makeTensor } from '../factory.ts';
import { sizeOf } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';
import { normalizeAxis } from './shape.ts';

type Extreme = 'max' | 'min' | 'argmax' | 'argmin';

/** For each slice along the dim (or the whole tensor), the position in x.data of its first extreme entry. */
function scan(op: Extreme, x: Tensor, axis: number | undefined, keepdim: boolean): { at: Int32Array; shape: number[]; kept: number[] } {
  const whole = axis === undefined;
  // A scalar has no dim to name (as sum and the other reductions here; PyTorch alone also takes 0 and −1).
  const ax = whole ? 0 : normalizeAxis(op, axis, x.ndim);
  const dims = x.shape;
  const n = whole ? x.data.length : dims[ax];
  if (n === 0) {
    fail(op, whole ? `cannot reduce an empty tensor without a dim (got shape ${formatShape(x.shape)})` : `cannot reduce over an empty dim (got dim ${ax} of shape ${formatShape(x.shape)})`);
  }
  const outer = whole ? 1 : sizeOf(dims.slice(0, ax));
  const inner = whole ? 1 : sizeOf(dims.slice(ax + 1));
  const sign = op === 'max' || op === 'argmax' ? 1 : -1;
  const src = x.data;
  const at = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = src[base];
      let where = base;
      for (let k = 1; k < n && best === best; k++) {
        const v = src[base + k * inner];
        if (sign * v > sign * best || v !== v) {
          best = v;
          where = base + k * inner;
        }
      }
      at[o * inner + i] = where;
    }
  }
  const kept = x.shape.map((d, i) => (whole || i === ax ? 1 : d));
  const shape = keepdim ? kept : whole ? [] : x.shape.filter((_, i) => i !== ax);
  return { at, shape, kept };
}

/** max or min: the values at the scan's positions, and the gradient mask. */
function extreme(op: 'max' | 'min', x: Tensor, axis: number | undefined, keepdim: boolean): Tensor {
  const { at, shape, kept } = scan(op, x, axis, keepdim);
  const src = x.data;
  const result = makeTensor(Float64Array.from(at, (j) => src[j]), shape);
  if (needsGrad(x)) {
    const mask = new Float64Array(src.length);
    let count = 1;
    if (axis === undefined) {
      // Every entry equal to the extreme (every NaN, when it is NaN) shares the gradient: g/count each.
      const value = src[at[0]];
      count = 0;
      for (let j = 0; j < src.length; j++) {
        if (src[j] === value || (value !== value && src[j] !== src[j])) {
          mask[j] = 1;
          count++;
        }
      }
    } else {
      for (let j = 0; j < at.length; j++) mask[at[j]] = 1;
    }
    record(result, op, [x], {
      backward: (g) => {
        const gx = new Float64Array(src.length);
        if (axis === undefined) { for (let j = 0; j < gx.length; j++) gx[j] = mask[j] === 1 ? g[0] / count : 0; }
        else for (let j = 0; j < at.length; j++) gx[at[j]] = g[j];
        return [gx];
      },
      graph: (g) => [g.reshape(kept).div(count).mul(makeTensor(mask, x.shape))],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** The index of each extreme entry along the dim (or into the flattened tensor). */
function argExtreme(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdim: boolean): Tensor {
  const { at, shape } = scan(op, x, axis, keepdim);
  if (axis === undefined) return makeTensor(Float64Array.of(at[0]), shape);
  const ax = normalizeAxis(op, axis, x.ndim);
  const n = x.shape[ax];
  const inner = sizeOf(x.shape.slice(ax + 1));
  // Position j = (o·n + k)·inner + i, so k = ⌊j / inner⌋ mod n.
  return makeTensor(Float64Array.from(at, (j) => Math.floor(j / inner) % n), shape);
}

/** Maximum over all elements (ties share the gradient) or along `axis` (the first maximum gets it). `max(x, 1)` */
export const max = (x: Tensor, axis?: number, keepdim = false): Tensor => extreme('max', x, axis, keepdim);
/** Minimum over all elements (ties share the gradient) or along `axis` (the first minimum gets it). `min(x, 1)` */
export const min = (x: Tensor, axis?: number, keepdim = false): Tensor => extreme('min', x, axis, keepdim);
/** Index of the first maximum along `axis`, or into the flattened tensor; NaN counts as the maximum. `argmax(x, 1)` */
export const argmax = (x: Tensor, axis?: number, keepdim = false): Tensor => argExtreme('argmax', x, axis, keepdim);
/** Index of the first minimum along `axis`, or into the flattened tensor; NaN counts as the minimum. `argmin(x, 1)` */
export const argmin = (x: Tensor, axis?: number, keepdim = false): Tensor => argExtreme('argmin', x, axis, keepdim);
