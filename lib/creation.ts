// Making tensors: from nested arrays or buffers, filled, ranges, and seeded random draws.
import { fail, formatShape, isList } from './errors.ts';
import { sizeOf } from './kernels/shape.ts';
import { checkOptions, type KeySet } from './options.ts';
import { requireRng, type Rng } from './random.ts';
import { Tensor, type NestedArray, type TensorOptions } from './tensor.ts';

const TENSOR_KEYS: KeySet<TensorOptions & { shape?: readonly number[] }> = { requiresGrad: true, shape: true };
const PLAIN_KEYS: KeySet<TensorOptions> = { requiresGrad: true };
const RANDN_KEYS: KeySet<RandomOptions & { mean?: number; std?: number }> = { rng: true, requiresGrad: true, mean: true, std: true };
const RAND_KEYS: KeySet<RandomOptions & { low?: number; high?: number }> = { rng: true, requiresGrad: true, low: true, high: true };

function checkShape(op: string, shape: readonly number[]): number[] {
  if (!isList(shape)) fail(op, `shape must be an array of sizes (got ${String(shape)})`);
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) fail(op, `shape sizes must be non-negative integers (got ${formatShape(shape)})`);
  }
  return shape.slice();
}

function inferShape(values: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return checkShape(op, shape);
}

function flattenInto(values: NestedArray, shape: readonly number[], axis: number, out: Float64Array, at: number, path: number[]): number {
  if (axis === shape.length) {
    if (typeof values !== 'number') {
      fail('tensor', `expected a number at [${path.join('][')}] (got ${Array.isArray(values) ? 'an array' : typeof values})`);
    }
    out[at] = values;
    return at + 1;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    const got = Array.isArray(values) ? `length ${values.length}` : typeof values;
    fail('tensor', `ragged nested array at [${path.join('][')}] (got ${got}, expected length ${shape[axis]})`);
  }
  for (let i = 0; i < values.length; i++) {
    path.push(i);
    at = flattenInto(values[i], shape, axis + 1, out, at, path);
    path.pop();
  }
  return at;
}

/**
 * Makes a tensor from nested arrays, a number, or a Float64Array (copied) with `shape`.
 * `tensor([[1, 2], [3, 4]], { requiresGrad: true })`, `tensor(new Float64Array(6), { shape: [2, 3] })`
 */
export function tensor(values: NestedArray | Float64Array | ArrayLike<number>, options: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  checkOptions('tensor', TENSOR_KEYS, options);
  let data: Float64Array;
  let shape: number[];
  if (typeof values === 'number') {
    data = new Float64Array([values]);
    shape = [];
  } else if (Array.isArray(values)) {
    shape = inferShape(values, 'tensor');
    data = new Float64Array(sizeOf(shape));
    flattenInto(values, shape, 0, data, 0, []);
  } else if (values instanceof Float64Array || (typeof values === 'object' && values !== null && typeof values.length === 'number')) {
    data = Float64Array.from(values as ArrayLike<number>);
    shape = [data.length];
  } else {
    fail('tensor', `cannot make a tensor from ${values === null ? 'null' : typeof values}`);
  }
  if (options.shape !== undefined) {
    const wanted = checkShape('tensor', options.shape);
    if (sizeOf(wanted) !== data.length) {
      fail('tensor', `shape ${formatShape(wanted)} holds ${sizeOf(wanted)} elements (got ${data.length} values)`);
    }
    shape = wanted;
  }
  return new Tensor(data, shape, options.requiresGrad === true);
}

/** A tensor filled with `value`. `full([2, 3], 0.5)` */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkOptions('full', PLAIN_KEYS, options);
  const s = checkShape('full', shape);
  return new Tensor(new Float64Array(sizeOf(s)).fill(value), s, options.requiresGrad === true);
}

/** `zeros([2, 3])` */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkOptions('zeros', PLAIN_KEYS, options);
  const s = checkShape('zeros', shape);
  return new Tensor(new Float64Array(sizeOf(s)), s, options.requiresGrad === true);
}

/** `ones([2, 3])` */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkOptions('ones', PLAIN_KEYS, options);
  return full(checkShape('ones', shape), 1, options);
}

/** `arange(5)` → [0..4]; `arange(1, 2, 0.25)` → [1, 1.25, 1.5, 1.75], as in PyTorch (end excluded). */
export function arange(startOrEnd: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  checkOptions('arange', PLAIN_KEYS, options);
  const start = end === undefined ? 0 : startOrEnd;
  const stop = end === undefined ? startOrEnd : end;
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
    fail('arange', `start, end and a non-zero step must be finite (got ${start}, ${stop}, ${step})`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], options.requiresGrad === true);
}

/** Options for random tensors: the stream to draw from is required. */
export interface RandomOptions extends TensorOptions {
  rng: Rng;
}

/** Standard normal samples. `randn([784, 128], { rng })` */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number }): Tensor {
  checkOptions('randn', RANDN_KEYS, options);
  const rng = requireRng('randn', options?.rng);
  const s = checkShape('randn', shape);
  const data = rng.normalFill(new Float64Array(sizeOf(s)), options.mean ?? 0, options.std ?? 1);
  return new Tensor(data, s, options.requiresGrad === true);
}

/** Uniform samples in [low, high), default [0, 1). `rand([3], { rng })` */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number }): Tensor {
  checkOptions('rand', RAND_KEYS, options);
  const rng = requireRng('rand', options?.rng);
  const s = checkShape('rand', shape);
  const data = rng.uniformFill(new Float64Array(sizeOf(s)), options.low ?? 0, options.high ?? 1);
  return new Tensor(data, s, options.requiresGrad === true);
}
