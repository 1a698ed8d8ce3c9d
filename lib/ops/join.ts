// Joining and splitting along one axis, as PyTorch's cat, stack, split and chunk. cat is the primitive: its
// forward copies each input's block into place, and its backward hands each input its block of the gradient —
// narrow, which is how the graph backward writes it, so createGraph differentiates it. stack is cat of
// unsqueezed inputs; split and chunk are narrows.
import { needsGradAny, record } from '../autograd.ts';
import { fail, formatShape, isList } from '../errors.ts';
import { isTensor, makeTensor } from '../factory.ts';
import { sameShape, sizeOf } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';
import { narrow } from './slice.ts';
import { normalizeAxis, unsqueeze } from './shape.ts';

/** Refuses anything but a non-empty array of tensors. */
function checkList(op: string, tensors: readonly Tensor[]): void {
  if (!isList(tensors) || tensors.length === 0) fail(op, `expected a non-empty array of Tensors (got ${isList(tensors) ? '[]' : String(tensors)})`);
  tensors.forEach((t, i) => isTensor(t) || fail(op, `entry ${i} is not a Tensor (got ${typeof t})`));
}

/**
 * The tensors joined along `dim`; all have one shape except in that dim. A 1-D empty tensor (shape [0]) is
 * skipped, as PyTorch does, so `out = cat([out, x])` may start from `tensor([])`. `cat([a, b], 1)`
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkList('cat', tensors);
  const skipped = (t: Tensor): boolean => t.ndim === 1 && t.shape[0] === 0;
  const first = tensors.find((t) => !skipped(t)) ?? tensors[0];
  const scalar = tensors.findIndex((t) => t.ndim === 0);
  if (scalar >= 0) fail('cat', `a scalar cannot be concatenated (got shape [] at position ${scalar})`);
  const axis = normalizeAxis('cat', dim, first.ndim);
  for (const t of tensors) {
    if (skipped(t)) continue;
    if (t.ndim !== first.ndim) fail('cat', `tensors must have the same number of dimensions (got ${formatShape(first.shape)} and ${formatShape(t.shape)})`);
    if (t.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
      fail('cat', `tensors must have the same shape except in dim ${axis} (got ${formatShape(first.shape)} and ${formatShape(t.shape)})`);
    }
  }
  const sizes = tensors.map((t) => (skipped(t) ? 0 : t.shape[axis]));
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis + 1));
  const total = sizes.reduce((s, d) => s + d, 0);
  const out = new Float64Array(outer * total * inner);
  // Input j's block of each outer row starts at offsets[j] (in units of `inner`).
  const offsets = sizes.map((_, j) => sizes.slice(0, j).reduce((s, d) => s + d, 0));
  tensors.forEach((t, j) => {
    const block = sizes[j] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * block, (o + 1) * block), (o * total + offsets[j]) * inner);
  });
  const shape = first.shape.slice();
  shape[axis] = total;
  const result = makeTensor(out, shape);
  if (needsGradAny(tensors)) {
    record(result, 'cat', tensors, {
      backward: (g) =>
        tensors.map((t, j) => {
          if (!t.requiresGrad || skipped(t)) return null;
          const block = sizes[j] * inner;
          const gt = new Float64Array(t.data.length);
          for (let o = 0; o < outer; o++) gt.set(g.subarray((o * total + offsets[j]) * inner, (o * total + offsets[j]) * inner + block), o * block);
          return gt;
        }),
      graph: (g) => tensors.map((t, j) => (t.requiresGrad && !skipped(t) ? narrow(g, axis, offsets[j], sizes[j]) : null)),
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** The tensors, all of one shape, stacked along a new axis `dim` ∈ [−(ndim+1), ndim]. `stack([a, b])` */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkList('stack', tensors);
  const bad = tensors.findIndex((t) => !sameShape(t.shape, tensors[0].shape));
  if (bad >= 0) fail('stack', `tensors must have the same shape (got ${formatShape(tensors[0].shape)} at position 0 and ${formatShape(tensors[bad].shape)} at position ${bad})`);
  const axis = normalizeAxis('stack', dim, tensors[0].ndim + 1);
  return cat(tensors.map((t) => unsqueeze(t, axis)), axis);
}

/**
 * x cut along `dim` into pieces of `size` entries (the last may be shorter), or into pieces of the listed
 * sizes, which must add up to the dim. `split(x, 2)`, `split(x, [1, 3], 1)`
 */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  if (x.ndim === 0) fail('split', 'cannot split a scalar (got shape [])');
  const axis = normalizeAxis('split', dim, x.ndim);
  const n = x.shape[axis];
  let sizes: readonly number[];
  if (typeof sizeOrSizes === 'number') {
    const size = sizeOrSizes;
    if (!Number.isInteger(size) || size < 0 || (size === 0 && n > 0)) {
      fail('split', `size must be an integer ≥ 1 (got ${size} for dim ${axis} of size ${n}; 0 only when the dim is empty)`);
    }
    sizes = size === 0 ? [0] : Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size));
  } else if (isList(sizeOrSizes)) {
    sizes = sizeOrSizes;
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
      fail('split', `sizes must be integers ≥ 0 that add up to ${n}, the size of dim ${axis} (got ${formatShape(sizes)} for shape ${formatShape(x.shape)})`);
    }
  } else {
    return fail('split', `expected a size or an array of sizes (got ${String(sizeOrSizes)})`);
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = narrow(x, axis, start, s);
    start += s;
    return piece;
  });
}

/** x cut along `dim` into at most `chunks` pieces of ⌈size/chunks⌉ entries, as torch.chunk. `chunk(x, 3, 1)` */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks < 1) fail('chunk', `chunks must be an integer ≥ 1 (got ${chunks})`);
  if (x.ndim === 0) fail('chunk', 'cannot split a scalar (got shape [])');
  const axis = normalizeAxis('chunk', dim, x.ndim);
  const n = x.shape[axis];
  // An empty dim gives `chunks` empty pieces, as in PyTorch.
  return n === 0 ? split(x, new Array<number>(chunks).fill(0), axis) : split(x, Math.ceil(n / chunks), axis);
}
