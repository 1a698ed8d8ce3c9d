// gather and scatterAdd along one dim, as PyTorch's: for a 2-d index and dim 1,
//   gather:      out[i][j] = x[i][index[i][j]]
//   scatterAdd:  out = x, then out[i][index[i][j]] += src[i][j]
// They are each other's adjoint: gather's backward scatters the gradient into zeros, scatterAdd's hands src
// the gradient gathered and x the gradient itself — so both backwards are the ops themselves, and createGraph
// differentiates them. The index is a tensor of integers (trustgrad's tensors are float64) with x's number of
// dimensions; it is read once, at the call, so a later change to it changes no gradient.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { isTensor, makeTensor } from '../factory.ts';
import { offsetsOf, sameShape, stridesOf } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';
import { normalizeAxis } from './shape.ts';

/** Where each index element points into x's data: the checked plan both ops run. */
function plan(op: string, x: Tensor, dim: number, index: Tensor): Int32Array {
  if (!isTensor(index)) fail(op, `index must be a Tensor of integers (got ${typeof index})`);
  const rank = Math.max(x.ndim, 1);
  const axis = normalizeAxis(op, dim, rank);
  if (index.ndim !== x.ndim) fail(op, `index must have as many dimensions as the input (got index ${formatShape(index.shape)} for input ${formatShape(x.shape)})`);
  const xShape = x.ndim === 0 ? [1] : x.shape;
  const iShape = index.ndim === 0 ? [1] : index.shape;
  if (iShape.some((d, i) => i !== axis && d > xShape[i])) {
    fail(op, `index may not be larger than the input except in dim ${axis} (got index ${formatShape(index.shape)} for input ${formatShape(x.shape)})`);
  }
  const strides = stridesOf(xShape);
  const size = xShape[axis];
  const step = strides[axis];
  strides[axis] = 0;
  const targets = offsetsOf(iShape, strides);
  const idx = index.data;
  for (let i = 0; i < targets.length; i++) {
    const v = idx[i];
    if (!Number.isInteger(v) || v < 0 || v >= size) {
      const at = stridesOf(iShape).map((s, d) => Math.floor(i / s) % iShape[d]);
      fail(op, `index ${v} at ${formatShape(at)} is out of range for dim ${axis} of size ${size} (input ${formatShape(x.shape)})`);
    }
    targets[i] += v * step;
  }
  return targets;
}

/** x's entries picked along `dim` by `index` (out has the index's shape). `gather(x, 1, tensor([[0, 0], [1, 0]]))` */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  return gatherAt(x, plan('gather', x, dim, index), index.shape);
}

/** out[k] = x[targets[k]], recorded with scatterAdd as its backward. */
function gatherAt(x: Tensor, targets: Int32Array, shape: readonly number[]): Tensor {
  const src = x.data;
  const out = new Float64Array(targets.length);
  for (let k = 0; k < out.length; k++) out[k] = src[targets[k]];
  const result = makeTensor(out, shape);
  if (needsGrad(x)) {
    record(result, 'gather', [x], {
      backward: (g) => {
        const gx = new Float64Array(src.length);
        for (let k = 0; k < targets.length; k++) gx[targets[k]] += g[k];
        return [gx];
      },
      graph: (g) => [scatterAddAt(makeTensor(new Float64Array(src.length), x.shape), targets, g)],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/**
 * x with src's entries added at the places `index` names along `dim` (repeats add up); src has the index's
 * shape. `scatterAdd(zeros([2, 3]), 1, tensor([[0, 0], [2, 1]]), src)`
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const targets = plan('scatterAdd', x, dim, index);
  if (!isTensor(src) || !sameShape(src.shape, index.shape)) {
    fail('scatterAdd', `src must have the index's shape (got src ${isTensor(src) ? formatShape(src.shape) : typeof src}, index ${formatShape(index.shape)})`);
  }
  return scatterAddAt(x, targets, src);
}

/** out = x; out[targets[k]] += src[k], recorded with gather as src's backward. */
function scatterAddAt(x: Tensor, targets: Int32Array, src: Tensor): Tensor {
  const out = Float64Array.from(x.data);
  const s = src.data;
  for (let k = 0; k < targets.length; k++) out[targets[k]] += s[k];
  const result = makeTensor(out, x.shape);
  if (needsGrad(x, src)) {
    record(result, 'scatterAdd', [x, src], {
      backward: (g) => {
        let gs: Float64Array | null = null;
        if (src.requiresGrad) {
          gs = new Float64Array(targets.length);
          for (let k = 0; k < targets.length; k++) gs[k] = g[targets[k]];
        }
        return [x.requiresGrad ? g : null, gs];
      },
      graph: (g) => [x.requiresGrad ? g : null, src.requiresGrad ? gatherAt(g, targets, src.shape) : null],
      saves: [],
    });
  }
  return result;
}
