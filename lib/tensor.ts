// Tensor: a row-major Float64Array with a shape, an optional gradient, and (when produced by a
// recorded op) the node of the tape that made it. Op methods delegate to lib/ops/.
import { noGrad, propagate, seedGradient, type GradNode } from './autograd.ts';
import { fail, formatShape } from './errors.ts';
import { sizeOf } from './kernels/shape.ts';
import * as elementwise from './ops/elementwise.ts';
import * as linalg from './ops/matmul.ts';
import * as reduce from './ops/reduce.ts';
import * as reshape from './ops/shape.ts';
import * as softmax from './ops/softmax.ts';
import type { Rng } from './random.ts';

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** Options for creating a tensor. */
export interface TensorOptions {
  /** Record ops on this tensor so `backward()` fills its `.grad`. */
  requiresGrad?: boolean;
}

/** A float64 tensor. `const x = tensor([[1, 2], [3, 4]], { requiresGrad: true })` */
export class Tensor {
  /** The values, row-major and contiguous. May be shared with views made by `reshape`. */
  data: Float64Array;
  /** The shape; `[]` for a scalar. */
  readonly shape: number[];
  /** Accumulated gradient (leaves only), or null before the first backward. */
  grad: Tensor | null = null;
  /** Whether ops on this tensor are recorded. */
  requiresGrad: boolean;
  /** The op that made this tensor, or null for a leaf. @internal */
  node: GradNode | null = null;
  /** Bookkeeping of the tape's traversal. @internal */
  visit = 0;
  /** @internal */
  slot = 0;

  /** Wraps `data` (not copied) with `shape`; prefer {@link tensor} in user code. */
  constructor(data: Float64Array, shape: readonly number[], requiresGrad = false) {
    this.data = data;
    this.shape = shape.slice();
    this.requiresGrad = requiresGrad;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return this.data.length;
  }

  /** True for a tensor made by a recorded op (not a leaf of the graph). */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The value of a one-element tensor. `loss.item()` */
  item(): number {
    if (this.data.length !== 1) fail('item', `only a one-element tensor has an item (got shape ${formatShape(this.shape)})`);
    return this.data[0];
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset];
      const n = this.shape[axis];
      const stride = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * stride);
      return out;
    };
    return build(0, 0);
  }

  /** A tensor sharing this one's data, cut from the tape. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  /** A copy of the data, cut from the tape, with requiresGrad as given. @internal */
  detachedLike(data: Float64Array): Tensor {
    return new Tensor(data, this.shape, false);
  }

  /** A copy of the values; on the tape when this tensor is (gradient flows through the copy). */
  clone(): Tensor {
    return elementwise.clone(this);
  }

  /**
   * Back-propagates from this tensor, accumulating into `.grad` of every leaf that requires grad.
   * A non-scalar output needs `gradient` of its own shape, as in PyTorch.
   */
  backward(gradient?: Tensor): void {
    const seed = seedGradient('backward', this, gradient);
    propagate(this, seed);
  }

  /** Clears the gradient (`.grad = null`). */
  zeroGrad(): void {
    this.grad = null;
  }

  add(other: Tensor | number): Tensor { return elementwise.add(this, other); }
  sub(other: Tensor | number): Tensor { return elementwise.sub(this, other); }
  mul(other: Tensor | number): Tensor { return elementwise.mul(this, other); }
  div(other: Tensor | number): Tensor { return elementwise.div(this, other); }
  pow(exponent: number): Tensor { return elementwise.pow(this, exponent); }
  neg(): Tensor { return elementwise.neg(this); }
  exp(): Tensor { return elementwise.exp(this); }
  log(): Tensor { return elementwise.log(this); }
  sqrt(): Tensor { return elementwise.sqrt(this); }
  abs(): Tensor { return elementwise.abs(this); }
  relu(): Tensor { return elementwise.relu(this); }
  tanh(): Tensor { return elementwise.tanh(this); }
  sigmoid(): Tensor { return elementwise.sigmoid(this); }
  gt(other: Tensor | number): Tensor { return elementwise.gt(this, other); }
  ge(other: Tensor | number): Tensor { return elementwise.ge(this, other); }
  lt(other: Tensor | number): Tensor { return elementwise.lt(this, other); }
  le(other: Tensor | number): Tensor { return elementwise.le(this, other); }
  eq(other: Tensor | number): Tensor { return elementwise.eq(this, other); }

  matmul(other: Tensor): Tensor { return linalg.matmul(this, other); }

  reshape(shape: readonly number[]): Tensor { return reshape.reshape(this, shape); }
  flatten(): Tensor { return reshape.reshape(this, [this.data.length]); }
  transpose(dim0 = -2, dim1 = -1): Tensor { return reshape.transpose(this, dim0, dim1); }
  permute(dims: readonly number[]): Tensor { return reshape.permute(this, dims); }
  /** The transpose of a matrix (a 1-D or 0-D tensor is returned as is, as in PyTorch). */
  get T(): Tensor { return this.ndim < 2 ? this : reshape.transpose(this, -2, -1); }
  indexSelect(dim: number, indices: ArrayLike<number>): Tensor { return reshape.indexSelect(this, dim, indices); }

  sum(axes?: number | readonly number[], keepdim = false): Tensor { return reduce.sum(this, axes, keepdim); }
  mean(axes?: number | readonly number[], keepdim = false): Tensor { return reduce.mean(this, axes, keepdim); }
  max(axis?: number, keepdim = false): Tensor { return reduce.max(this, axis, keepdim); }
  /** Frobenius norm ‖x‖ = √Σx² as a scalar tensor. */
  norm(): Tensor { return reduce.norm(this); }
  logSoftmax(axis = -1): Tensor { return softmax.logSoftmax(this, axis); }
  softmax(axis = -1): Tensor { return softmax.softmax(this, axis); }

  /** `tensor([[1,2],[3,4]], requiresGrad=true)` */
  toString(): string {
    const grad = this.requiresGrad ? ', requiresGrad=true' : '';
    return `tensor(${JSON.stringify(this.toArray())}${grad})`;
  }
}

function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) fail(op, `shape must be an array of sizes (got ${String(shape)})`);
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
  const s = checkShape('full', shape);
  return new Tensor(new Float64Array(sizeOf(s)).fill(value), s, options.requiresGrad === true);
}

/** `zeros([2, 3])` */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  const s = checkShape('zeros', shape);
  return new Tensor(new Float64Array(sizeOf(s)), s, options.requiresGrad === true);
}

/** `ones([2, 3])` */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(checkShape('ones', shape), 1, options);
}

/** `arange(5)` → [0..4]; `arange(1, 2, 0.25)` → [1, 1.25, 1.5, 1.75], as in PyTorch (end excluded). */
export function arange(startOrEnd: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
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

function requireRng(op: string, options: RandomOptions | undefined): Rng {
  if (options === undefined || options.rng === undefined || typeof options.rng.uniform !== 'function') {
    fail(op, 'needs { rng } — a seeded Rng (new Rng(seed)); trustgrad has no hidden global stream');
  }
  return options.rng;
}

/** Standard normal samples. `randn([784, 128], { rng })` */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number }): Tensor {
  const rng = requireRng('randn', options);
  const s = checkShape('randn', shape);
  const data = rng.normalFill(new Float64Array(sizeOf(s)), options.mean ?? 0, options.std ?? 1);
  return new Tensor(data, s, options.requiresGrad === true);
}

/** Uniform samples in [low, high), default [0, 1). `rand([3], { rng })` */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number }): Tensor {
  const rng = requireRng('rand', options);
  const s = checkShape('rand', shape);
  const data = rng.uniformFill(new Float64Array(sizeOf(s)), options.low ?? 0, options.high ?? 1);
  return new Tensor(data, s, options.requiresGrad === true);
}

/** `x` as a tensor: tensors pass through, numbers become scalars. @internal */
export function asTensor(x: Tensor | number, op: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return new Tensor(new Float64Array([x]), [], false);
  return fail(op, `expected a Tensor or a number (got ${x === null ? 'null' : typeof x})`);
}

/**
 * Gradients of the scalar `fn()` with respect to `inputs`, without touching any `.grad`.
 * `const [gx] = grad(() => x.mul(x).sum(), [x])`. An input the output does not depend on gets zeros.
 */
export function grad(fn: () => Tensor, inputs: readonly Tensor[], gradOutput?: Tensor): Tensor[] {
  for (let i = 0; i < inputs.length; i++) {
    if (!(inputs[i] instanceof Tensor) || !inputs[i].requiresGrad) {
      fail('grad', `input ${i} must be a Tensor with requiresGrad (got ${inputs[i] instanceof Tensor ? 'requiresGrad=false' : typeof inputs[i]})`);
    }
  }
  const out = fn();
  if (!(out instanceof Tensor)) fail('grad', `fn must return a Tensor (got ${typeof out})`);
  if (!out.requiresGrad) {
    return inputs.map((x) => new Tensor(new Float64Array(x.data.length), x.shape));
  }
  const seed = seedGradient('grad', out, gradOutput);
  const grads = propagate(out, seed, inputs);
  return grads.map((g, i) => new Tensor(g, inputs[i].shape));
}

export { noGrad };
