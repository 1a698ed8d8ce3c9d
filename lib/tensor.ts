// Tensor: a row-major Float64Array with a shape, an optional gradient, and (when produced by a
// recorded op) the node of the tape that made it. Op methods delegate to lib/ops/.
import { runBackward, type BackwardOptions, type GradNode } from './autograd.ts';
import { fail, formatShape } from './errors.ts';
import { provideTensorClass } from './factory.ts';
import { formatTensor, nestedArray } from './format.ts';
import * as compare from './ops/compare.ts';
import * as elementwise from './ops/elementwise.ts';
import * as linalg from './ops/matmul.ts';
import * as reduce from './ops/reduce.ts';
import * as reshape from './ops/shape.ts';
import * as softmax from './ops/softmax.ts';
import * as unary from './ops/unary.ts';

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
  /** The tensor whose data this one views (made by reshape or detach), or null; it keeps the version. @internal */
  base: Tensor | null = null;
  /** In-place writes by the library (on the base). @internal */
  writes = 0;
  /** Who made the last one, for the error a stale backward raises. @internal */
  lastWrite: string | null = null;

  /** Wraps `data` (not copied) with `shape`; prefer `tensor()` in user code. `new Tensor(new Float64Array(4), [2, 2])` */
  constructor(data: Float64Array, shape: readonly number[], requiresGrad = false) {
    this.data = data;
    this.shape = shape.slice();
    this.requiresGrad = requiresGrad;
  }

  /** Number of dimensions. `x.ndim` */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. `x.numel()` */
  numel(): number {
    return this.data.length;
  }

  /** False for a tensor made by a recorded op, true for a leaf of the graph. `w.isLeaf` */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The value of a one-element tensor. `loss.item()` */
  item(): number {
    if (this.data.length !== 1) fail('item', `only a one-element tensor has an item (got shape ${formatShape(this.shape)})`);
    return this.data[0];
  }

  /** The values as nested arrays (a number for a scalar). `x.toArray()` */
  toArray(): NestedArray {
    return nestedArray(this.data, this.shape);
  }

  /** In-place changes by the library so far (optimiser steps, loadStateDict), shared with views; `.data` writes are not seen. `w.version` */
  get version(): number {
    return (this.base ?? this).writes;
  }

  /** A tensor sharing this one's data (and version), cut from the tape. `x.detach()` */
  detach(): Tensor {
    const view = new Tensor(this.data, this.shape, false);
    view.base = this.base ?? this;
    return view;
  }

  /** A copy of the values; on the tape when this tensor is (gradient flows through the copy). `x.clone()` */
  clone(): Tensor {
    return unary.clone(this);
  }

  /**
   * Back-propagates from this tensor, accumulating into `.grad` of every leaf that requires grad. A non-scalar
   * output needs a gradient of its own shape, as in PyTorch; `{ createGraph: true }` records the backward so
   * each `.grad` can be differentiated again. `loss.backward()`, `y.backward({ gradient: v, createGraph: true })`
   */
  backward(gradient?: Tensor | BackwardOptions): void {
    runBackward(this, gradient);
  }

  /** Clears the gradient (`.grad = null`). `w.zeroGrad()` */
  zeroGrad(): void {
    this.grad = null;
  }

  /** Elementwise sum, with broadcasting. `a.add(b)`, `x.add(1)` */
  add(other: Tensor | number): Tensor {
    return elementwise.add(this, other);
  }
  /** Elementwise difference, with broadcasting. `a.sub(b)` */
  sub(other: Tensor | number): Tensor {
    return elementwise.sub(this, other);
  }
  /** Elementwise product, with broadcasting. `a.mul(b)`, `x.mul(0.5)` */
  mul(other: Tensor | number): Tensor {
    return elementwise.mul(this, other);
  }
  /** Elementwise quotient, with broadcasting. `a.div(b)` */
  div(other: Tensor | number): Tensor {
    return elementwise.div(this, other);
  }
  /** x^p for a number p. `x.pow(2)` */
  pow(exponent: number): Tensor {
    return unary.pow(this, exponent);
  }
  /** −x. `x.neg()` */
  neg(): Tensor {
    return unary.neg(this);
  }
  /** eˣ. `x.exp()` */
  exp(): Tensor {
    return unary.exp(this);
  }
  /** Natural logarithm. `x.log()` */
  log(): Tensor {
    return unary.log(this);
  }
  /** Square root. `x.sqrt()` */
  sqrt(): Tensor {
    return unary.sqrt(this);
  }
  /** |x|, with gradient 0 at 0. `x.abs()` */
  abs(): Tensor {
    return unary.abs(this);
  }
  /** max(x, 0), with gradient 0 at 0. `x.relu()` */
  relu(): Tensor {
    return unary.relu(this);
  }
  /** Hyperbolic tangent. `x.tanh()` */
  tanh(): Tensor {
    return unary.tanh(this);
  }
  /** 1/(1 + e⁻ˣ). `x.sigmoid()` */
  sigmoid(): Tensor {
    return unary.sigmoid(this);
  }
  /** 1 where x > other, else 0 (not differentiable). `x.gt(0)` */
  gt(other: Tensor | number): Tensor {
    return compare.gt(this, other);
  }
  /** 1 where x ≥ other, else 0 (not differentiable). `x.ge(0)` */
  ge(other: Tensor | number): Tensor {
    return compare.ge(this, other);
  }
  /** 1 where x < other, else 0 (not differentiable). `x.lt(y)` */
  lt(other: Tensor | number): Tensor {
    return compare.lt(this, other);
  }
  /** 1 where x ≤ other, else 0 (not differentiable). `x.le(y)` */
  le(other: Tensor | number): Tensor {
    return compare.le(this, other);
  }
  /** 1 where x = other, else 0 (not differentiable). `logits.eq(labels)` */
  eq(other: Tensor | number): Tensor {
    return compare.eq(this, other);
  }

  /** Matrix product as torch.matmul, for 1- to 3-d operands. `x.matmul(w)` */
  matmul(other: Tensor): Tensor {
    return linalg.matmul(this, other);
  }

  /** The same data in a new shape (one size may be −1); shares data. `x.reshape([2, -1])` */
  reshape(shape: readonly number[]): Tensor {
    return reshape.reshape(this, shape);
  }
  /** The values as one axis; shares data. `x.flatten()` */
  flatten(): Tensor {
    return reshape.reshape(this, [this.data.length]);
  }
  /** Swaps two axes (default the last two). `x.transpose()`, `x.transpose(0, 2)` */
  transpose(dim0 = -2, dim1 = -1): Tensor {
    return reshape.transpose(this, dim0, dim1);
  }
  /** Reorders the axes: output axis i is input axis dims[i]. `x.permute([2, 0, 1])` */
  permute(dims: readonly number[]): Tensor {
    return reshape.permute(this, dims);
  }
  /** The transpose of a matrix (a 1-D or 0-D tensor is returned as is, as in PyTorch). `w.T` */
  get T(): Tensor {
    return this.ndim < 2 ? this : reshape.transpose(this, -2, -1);
  }
  /** The entries at `indices` along axis `dim` (repeats allowed). `x.indexSelect(0, [2, 0])` */
  indexSelect(dim: number, indices: ArrayLike<number>): Tensor {
    return reshape.indexSelect(this, dim, indices);
  }

  /** Σ over `axes` (all by default). `x.sum()`, `x.sum(1, true)` */
  sum(axes?: number | readonly number[], keepdim = false): Tensor {
    return reduce.sum(this, axes, keepdim);
  }
  /** Mean over `axes` (all by default). `x.mean()`, `x.mean(0)` */
  mean(axes?: number | readonly number[], keepdim = false): Tensor {
    return reduce.mean(this, axes, keepdim);
  }
  /** Maximum over all elements or along `axis`; the gradient goes to the first maximum. `x.max(1)` */
  max(axis?: number, keepdim = false): Tensor {
    return reduce.max(this, axis, keepdim);
  }
  /** Frobenius norm ‖x‖ = √Σx² as a scalar tensor. `w.norm()` */
  norm(): Tensor {
    return reduce.norm(this);
  }
  /** log softmax along `axis` (default the last), computed stably. `logits.logSoftmax()` */
  logSoftmax(axis = -1): Tensor {
    return softmax.logSoftmax(this, axis);
  }
  /** softmax along `axis` (default the last). `logits.softmax(1)` */
  softmax(axis = -1): Tensor {
    return softmax.softmax(this, axis);
  }

  /** How the tensor prints as a string: `tensor([[1,2],[3,4]], requiresGrad=true)`. `String(x)` */
  toString(): string {
    return `tensor(${JSON.stringify(this.toArray())}${this.requiresGrad ? ', requiresGrad=true' : ''})`;
  }

  /** What console.log shows in Node, laid out as torch prints (abbreviated when large). `console.log(x)` */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

provideTensorClass(Tensor);
