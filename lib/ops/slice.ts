// Slicing along one axis, as PyTorch's narrow, select and x[:, start:end:step]. Each checks its arguments in
// its own terms, turns them into the list of entries it keeps, and hands that to `take` (lib/ops/shape.ts), the
// gather indexSelect uses: its backward scatters the gradient into zeros (indexAdd), and indexAdd's backward is
// the gather again, so both backwards, and createGraph, come with it. The results are copies (PyTorch's are
// views); nothing writes into a tensor in place, so no program can tell.
import { fail, formatShape } from '../errors.ts';
import type { Tensor } from '../tensor.ts';
import { normalizeAxis, reshape, take } from './shape.ts';

/** The axis `dim` of x, which must not be a scalar. */
function axisOf(op: string, x: Tensor, dim: number): number {
  if (x.ndim === 0) fail(op, `cannot be applied to a scalar (got shape [])`);
  return normalizeAxis(op, dim, x.ndim);
}

/** start, start + step, … (count entries). */
function range(start: number, count: number, step: number): Int32Array {
  const idx = new Int32Array(count);
  for (let i = 0; i < count; i++) idx[i] = start + i * step;
  return idx;
}

/** `length` entries from `start` along `dim` (a negative start counts from the end). `narrow(x, 1, 0, 2)` */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const axis = axisOf('narrow', x, dim);
  const size = x.shape[axis];
  if (!Number.isInteger(start) || start < -size || start > size) {
    fail('narrow', `start out of range (got ${start}, expected an integer in [${-size}, ${size}] for dim ${axis} of shape ${formatShape(x.shape)})`);
  }
  const from = start < 0 ? start + size : start;
  if (!Number.isInteger(length) || length < 0 || from + length > size) {
    fail('narrow', `start + length exceeds the dim (got start ${start}, length ${length} for dim ${axis} of size ${size}, shape ${formatShape(x.shape)})`);
  }
  return take('narrow', x, axis, range(from, length, 1));
}

/** The slice at `index` along `dim`, that axis removed (a negative index counts from the end). `select(x, 0, -1)` */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const axis = axisOf('select', x, dim);
  const size = x.shape[axis];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    fail('select', `index out of range (got ${index}, expected an integer in [${-size}, ${size - 1}] for dim ${axis} of shape ${formatShape(x.shape)})`);
  }
  const picked = take('select', x, axis, range(index < 0 ? index + size : index, 1, 1));
  return reshape(picked, x.shape.filter((_, i) => i !== axis));
}

/**
 * Python's x[…, start:end:step] along `dim`: start and end default to the whole axis, count from the end when
 * negative and are clipped to it, as a Python slice is; the step must be a positive integer. `slice(x, 1, 0, null, 2)`
 */
export function slice(x: Tensor, dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
  const axis = axisOf('slice', x, dim);
  const size = x.shape[axis];
  if (!Number.isInteger(step) || step < 1) fail('slice', `step must be an integer ≥ 1 (got ${step})`);
  const clip = (v: number | null, fallback: number, what: string): number => {
    if (v === null || v === undefined) return fallback;
    if (!Number.isInteger(v)) fail('slice', `${what} must be an integer or null (got ${v})`);
    return Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  };
  const from = clip(start, 0, 'start');
  const to = clip(end, size, 'end');
  return take('slice', x, axis, range(from, Math.max(0, Math.ceil((to - from) / step)), step));
}
