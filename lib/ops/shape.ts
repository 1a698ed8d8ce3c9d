// Ops that move values without arithmetic: reshape (a view sharing data) and the views built on it
// (unsqueeze, squeeze, flatten), transpose/permute, expand (broadcasting made explicit), and indexSelect
// (gathering rows for minibatches) with its adjoint indexAdd; `take` is the gather narrow, select and slice share.
// Each pair is the other's backward — reshape/reshape, permute/inverse permute, expand/sum, indexSelect/
// indexAdd — so both backwards of every op here are the ops themselves, and createGraph differentiates them.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape, isList } from '../errors.ts';
import { makeTensor } from '../factory.ts';
import { broadcastShapes, expandTo, gatherStrided, sameShape, sizeOf, stridesOf } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';

/** A Python-style axis (negative counts from the end) as an index in [0, ndim). `normalizeAxis('sum', -1, 3)` → 2 */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    fail(op, `axis out of range (got ${axis}, expected an integer in [${-ndim}, ${ndim - 1}] for a ${ndim}-d tensor)`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Same data, new shape; one size may be −1 (inferred). Shares data with `x`, like a PyTorch view. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (!isList(shape)) fail('reshape', `shape must be an array (got ${String(shape)})`);
  const target = shape.slice();
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < target.length; i++) {
    const d = target[i];
    if (d === -1 && inferred === -1) inferred = i;
    else if (!Number.isSafeInteger(d) || d < 0) fail('reshape', `invalid size ${d} in ${formatShape(shape)}`);
    else known *= d;
  }
  if (inferred >= 0) {
    if (known === 0 || x.data.length % known !== 0) {
      fail('reshape', `cannot infer -1 in ${formatShape(shape)} for ${x.data.length} elements (input shape ${formatShape(x.shape)})`);
    }
    target[inferred] = x.data.length / known;
  }
  if (sizeOf(target) !== x.data.length) {
    fail('reshape', `shape ${formatShape(shape)} does not hold ${x.data.length} elements (input shape ${formatShape(x.shape)})`);
  }
  const result = makeTensor(x.data, target);
  result.base = x.base ?? x;
  if (needsGrad(x)) record(result, 'reshape', [x], { backward: (g) => [g], graph: (g) => [g.reshape(x.shape)], saves: [] });
  return result;
}

/** Reorders axes: output axis i is input axis dims[i]. `permute(x, [2, 0, 1])` */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const n = x.ndim;
  if (!isList(dims) || dims.length !== n) {
    fail('permute', `need one entry per axis (got ${isList(dims) ? formatShape(dims) : String(dims)} for shape ${formatShape(x.shape)})`);
  }
  const axes = dims.map((d) => normalizeAxis('permute', d, n));
  if (new Set(axes).size !== n) fail('permute', `axes repeat (got ${formatShape(dims)})`);
  const inStrides = stridesOf(x.shape);
  const shape = axes.map((a) => x.shape[a]);
  const strides = axes.map((a) => inStrides[a]);
  const result = makeTensor(gatherStrided(x.data, shape, strides, new Float64Array(x.data.length)), shape);
  if (needsGrad(x)) {
    const inverse = new Array<number>(n);
    for (let i = 0; i < n; i++) inverse[axes[i]] = i;
    const outStrides = stridesOf(shape);
    const backStrides = inverse.map((a) => outStrides[a]);
    record(result, 'permute', [x], {
      backward: (g) => [gatherStrided(g, x.shape, backStrides, new Float64Array(g.length))],
      graph: (g) => [permute(g, inverse)],
      saves: [],
    });
  }
  return result;
}

/** Swaps two axes (default: the last two, a matrix transpose). `transpose(x, 0, 2)` */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  if (x.ndim < 2) fail('transpose', `needs at least 2 dimensions (got shape ${formatShape(x.shape)})`);
  const a = normalizeAxis('transpose', dim0, x.ndim);
  const b = normalizeAxis('transpose', dim1, x.ndim);
  const dims = x.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

/** x with a size-1 axis inserted at `dim` ∈ [−(ndim+1), ndim] (a view, as reshape). `unsqueeze(x, 0)` */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const at = normalizeAxis('unsqueeze', dim, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(at, 0, 1);
  return reshape(x, shape);
}

/**
 * x without its size-1 axes: all of them, or those among `dims` (an axis of another size is left, as in
 * PyTorch; a scalar takes dim 0 or −1). A view, as reshape. `squeeze(x)`, `squeeze(x, [0, 2])`
 */
export function squeeze(x: Tensor, dims?: number | readonly number[]): Tensor {
  let drop: number[];
  if (dims === undefined) drop = x.shape.map((_, i) => i);
  else if (typeof dims === 'number') drop = [normalizeAxis('squeeze', dims, Math.max(x.ndim, 1))];
  else if (isList(dims)) drop = dims.map((d) => normalizeAxis('squeeze', d, Math.max(x.ndim, 1)));
  else return fail('squeeze', `dims must be a number or an array (got ${String(dims)})`);
  return reshape(x, x.shape.filter((d, i) => d !== 1 || !drop.includes(i)));
}

/** Axes startDim … endDim joined into one (a view, as reshape); a scalar becomes [1], as in PyTorch. `flatten(x, 1)` */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const rank = Math.max(x.ndim, 1);
  const start = normalizeAxis('flatten', startDim, rank);
  const end = normalizeAxis('flatten', endDim, rank);
  if (start > end) fail('flatten', `startDim comes after endDim (got startDim ${startDim}, endDim ${endDim} for shape ${formatShape(x.shape)})`);
  if (x.ndim === 0) return reshape(x, [1]);
  return reshape(x, [...x.shape.slice(0, start), sizeOf(x.shape.slice(start, end + 1)), ...x.shape.slice(end + 1)]);
}

/** Picks entries `indices` along axis `dim` (PyTorch's index_select): `x.indexSelect(0, batch)` takes rows. */
export function indexSelect(x: Tensor, dim: number, indices: ArrayLike<number>): Tensor {
  if (x.ndim === 0) fail('indexSelect', 'cannot index a scalar (got shape [])');
  const axis = normalizeAxis('indexSelect', dim, x.ndim);
  const size = x.shape[axis];
  const count = indices.length;
  const idx = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = indices[i];
    if (!Number.isInteger(v) || v < 0 || v >= size) {
      fail('indexSelect', `index ${v} at position ${i} is out of range for axis ${axis} of size ${size} (shape ${formatShape(x.shape)})`);
    }
    idx[i] = v;
  }
  return take('indexSelect', x, axis, idx);
}

/**
 * The entries idx (checked) along `axis`, recorded as `op`: the one gather behind indexSelect, narrow, select
 * and slice. Its backward scatters the gradient back (indexAdd). `take('narrow', x, 1, Int32Array.of(2, 3))` @internal
 */
export function take(op: string, x: Tensor, axis: number, idx: Int32Array): Tensor {
  const size = x.shape[axis];
  const count = idx.length;
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const shape = x.shape.slice();
  shape[axis] = count;
  const src = x.data;
  const out = new Float64Array(outer * count * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < count; i++) {
      const from = (o * size + idx[i]) * inner;
      const to = (o * count + i) * inner;
      for (let j = 0; j < inner; j++) out[to + j] = src[from + j];
    }
  }
  const result = makeTensor(out, shape);
  if (needsGrad(x)) {
    record(result, op, [x], {
      backward: (g) => [scatterRows(g, new Float64Array(src.length), outer, count, size, inner, idx)],
      graph: (g) => [indexAdd(g, axis, idx, size)],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** out[o, idx[i], :] += g[o, i, :] over [outer, count, inner] → [outer, size, inner]; a repeated index sums. */
function scatterRows(g: Float64Array, out: Float64Array, outer: number, count: number, size: number, inner: number, idx: Int32Array): Float64Array {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < count; i++) {
      const to = (o * size + idx[i]) * inner;
      const from = (o * count + i) * inner;
      for (let j = 0; j < inner; j++) out[to + j] += g[from + j];
    }
  }
  return out;
}

/**
 * The adjoint of indexSelect: a tensor whose axis `dim` has `size` entries, entry idx[i] the sum of x's
 * entries i along that axis (PyTorch's index_add into zeros). indexSelect's backward. `indexAdd(g, 0, idx, 5)`
 * @internal
 */
export function indexAdd(x: Tensor, dim: number, indices: Int32Array, size: number): Tensor {
  const axis = normalizeAxis('indexAdd', dim, x.ndim);
  const count = x.shape[axis];
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const shape = x.shape.slice();
  shape[axis] = size;
  const result = makeTensor(scatterRows(x.data, new Float64Array(outer * size * inner), outer, count, size, inner, indices), shape);
  if (needsGrad(x)) {
    record(result, 'indexAdd', [x], { backward: (g) => [take('indexSelect', makeTensor(g, shape), axis, indices).data], graph: (g) => [take('indexSelect', g, axis, indices)], saves: [] });
  }
  return result;
}

/**
 * x broadcast to `shape` (NumPy rules: size-1 axes stretch, new axes lead; −1 keeps an existing axis's size),
 * as a copy. Its backward sums the gradient back, which the tape does for every broadcast, so it returns the
 * gradient as it is. `expand(b, [4, 3])`, `expand(b, [2, -1])`
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (!isList(shape)) fail('expand', `shape must be an array (got ${String(shape)})`);
  const lead = shape.length - x.ndim;
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead] : d));
  const joined = target.every((d) => Number.isSafeInteger(d) && d >= 0) ? broadcastShapes(x.shape, target) : null;
  if (lead < 0 || joined === null || !sameShape(joined, target)) fail('expand', `cannot broadcast to the target shape (got ${formatShape(x.shape)} to ${formatShape(shape)}, expected each size to match or be 1, new axes leading)`);
  const result = makeTensor(sameShape(x.shape, target) ? Float64Array.from(x.data) : expandTo(x.data, x.shape, target), target);
  if (needsGrad(x)) record(result, 'expand', [x], { backward: (g) => [g], graph: (g) => [g], saves: [] });
  return result;
}
