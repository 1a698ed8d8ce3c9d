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

export { tensor, full, zeros, ones, arange, randn, rand } from './creation.ts';
export type { RandomOptions } from './creation.ts';
