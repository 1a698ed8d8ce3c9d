// Tensor: a row-major Float64Array with a shape, an optional gradient, and (when produced by a
// recorded op) the node of the tape that made it. Its op methods, one line each delegating to lib/ops/, are
// inherited from three groups in lib/methods/ (elementwise ← shape ← reduce), so that this file holds the
// tensor itself and each group stays readable in one sitting; together they are one class, as torch.Tensor.
import { runBackward, type BackwardOptions, type GradNode } from './autograd.ts';
import { fail, formatShape } from './errors.ts';
import { provideTensorClass } from './factory.ts';
import { formatTensor, nestedArray } from './format.ts';
import { ReduceMethods } from './methods/reduce.ts';
import * as unary from './ops/unary.ts';

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** Options for creating a tensor. */
export interface TensorOptions {
  /** Record ops on this tensor so `backward()` fills its `.grad`. */
  requiresGrad?: boolean;
}

/** A float64 tensor. `const x = tensor([[1, 2], [3, 4]], { requiresGrad: true })` */
export class Tensor extends ReduceMethods {
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
    super();
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

  /** How the tensor prints as a string: `tensor([[1,2],[3,4]], requiresGrad=true)`. `String(x)` */
  override toString(): string {
    return `tensor(${JSON.stringify(this.toArray())}${this.requiresGrad ? ', requiresGrad=true' : ''})`;
  }

  /** What console.log shows in Node, laid out as torch prints (abbreviated when large). `console.log(x)` */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

provideTensorClass(Tensor);
