// Reductions: sum and mean over any axes (with keepdim) and the Frobenius norm (max and min: extrema.ts; var,
// std and logsumexp: moments.ts). Their graph backwards (for createGraph): sum's is expand, norm's x·g/‖x‖
// with the norm as a tensor on the tape.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape, isList } from '../errors.ts';
import { makeTensor } from '../factory.ts';
import { broadcastStrides, gatherStrided, scatterAddStrided, sizeOf } from '../kernels/shape.ts';
import { frobenius } from '../kernels/vector.ts';
import type { Tensor } from '../tensor.ts';
import { expand, normalizeAxis } from './shape.ts';

/** The sorted distinct axes to reduce (all of them when `axes` is undefined). `reducedAxes('sum', x, [0, -1])` @internal */
export function reducedAxes(op: string, x: Tensor, axes: number | readonly number[] | undefined): number[] {
  if (axes === undefined) return x.shape.map((_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!isList(list)) fail(op, `axes must be a number or an array (got ${String(axes)})`);
  const normalized = list.map((a) => normalizeAxis(op, a, x.ndim));
  if (new Set(normalized).size !== normalized.length) fail(op, `axes repeat (got ${formatShape(list)})`);
  return normalized.sort((a, b) => a - b);
}

/** The shape with reduced axes as 1 (`kept`) and the output's (`out`). `reducedShape([2, 3], [1], false)` @internal */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdim: boolean): { kept: number[]; out: number[] } {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = keepdim ? kept : shape.filter((_, i) => !axes.includes(i));
  return { kept, out };
}

/** Σ over `axes` (all by default). `x.sum(1, true)` keeps the reduced axis with size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const list = reducedAxes('sum', x, axes);
  const { kept, out } = reducedShape(x.shape, list, keepdim);
  // Each input element adds into the output element it maps to (stride 0 along reduced axes).
  const strides = broadcastStrides(kept, x.shape);
  const data = scatterAddStrided(x.data, x.shape, strides, new Float64Array(sizeOf(kept)));
  const result = makeTensor(data, out);
  if (needsGrad(x)) {
    record(result, 'sum', [x], {
      backward: (g) => [gatherStrided(g, x.shape, strides, new Float64Array(x.data.length))],
      graph: (g) => [expand(g.reshape(kept), x.shape)],
      saves: [],
    });
  }
  return result;
}

/** Mean over `axes` (all by default); the mean over zero elements is NaN, as in PyTorch. */
export function mean(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const list = reducedAxes('mean', x, axes);
  let count = 1;
  for (const a of list) count *= x.shape[a];
  return sum(x, list, keepdim).div(count);
}

/** ‖x‖ over all elements; its gradient x/‖x‖ is taken as 0 at x = 0. `norm(w)` */
export function norm(x: Tensor): Tensor {
  const value = frobenius(x.data);
  const result = makeTensor(new Float64Array([value]), []);
  if (needsGrad(x)) {
    record(result, 'norm', [x], {
      backward: (g) => {
        const gx = new Float64Array(x.data.length);
        if (value > 0) {
          const scale = g[0] / value;
          for (let i = 0; i < gx.length; i++) gx[i] = x.data[i] * scale;
        }
        return [gx];
      },
      graph: (g) => [value > 0 ? x.mul(g.div(result)) : null],
    });
  }
  return result;
}
