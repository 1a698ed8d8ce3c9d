// Tensor's reductions and products: sum, mean, max/min and their indices, var/std, logsumexp, norm, the
// softmaxes, matmul and outer. The third of the three method groups Tensor inherits (lib/tensor.ts says why);
// each delegates to lib/ops/.
import { outer } from '../ops/einsum.ts';
import * as extrema from '../ops/extrema.ts';
import * as linalg from '../ops/matmul.ts';
import * as moments from '../ops/moments.ts';
import * as reduce from '../ops/reduce.ts';
import * as softmax from '../ops/softmax.ts';
import type { Tensor } from '../tensor.ts';
import { ShapeMethods } from './shape.ts';

/** The reduction and product methods every Tensor has. `x.sum(1).max()` */
export abstract class ReduceMethods extends ShapeMethods {
  /** Σ over `axes` (all by default). `x.sum()`, `x.sum(1, true)` */
  sum(this: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
    return reduce.sum(this, axes, keepdim);
  }
  /** Mean over `axes` (all by default). `x.mean()`, `x.mean(0)` */
  mean(this: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
    return reduce.mean(this, axes, keepdim);
  }
  /** Maximum over all elements (ties share the gradient) or along `dim` (the first maximum gets it). `x.max()`, `x.max(1, true)` */
  max(this: Tensor, dim?: number, keepdim = false): Tensor {
    return extrema.max(this, dim, keepdim);
  }
  /** Minimum over all elements (ties share the gradient) or along `dim` (the first minimum gets it). `x.min(0)` */
  min(this: Tensor, dim?: number, keepdim = false): Tensor {
    return extrema.min(this, dim, keepdim);
  }
  /** Index of the first maximum along `dim`, or into the flattened tensor (not differentiable). `logits.argmax(1)` */
  argmax(this: Tensor, dim?: number, keepdim = false): Tensor {
    return extrema.argmax(this, dim, keepdim);
  }
  /** Index of the first minimum along `dim`, or into the flattened tensor (not differentiable). `x.argmin()` */
  argmin(this: Tensor, dim?: number, keepdim = false): Tensor {
    return extrema.argmin(this, dim, keepdim);
  }
  /** Variance over `dims` (all by default), divided by N − correction (default 1). `x.var(1, { correction: 0 })`, `x.var({ correction: 0 })` */
  var(this: Tensor, dims?: number | readonly number[] | moments.VarOptions, options?: moments.VarOptions): Tensor {
    return moments.variance(this, dims, options);
  }
  /** Standard deviation over `dims` (all by default), with var's correction. `x.std()`, `x.std(0, { keepdim: true })` */
  std(this: Tensor, dims?: number | readonly number[] | moments.VarOptions, options?: moments.VarOptions): Tensor {
    return moments.std(this, dims, options);
  }
  /** ln Σ exp(x) over `dims`, without overflow. `scores.logsumexp(1)` */
  logsumexp(this: Tensor, dims: number | readonly number[], keepdim = false): Tensor {
    return moments.logsumexp(this, dims, keepdim);
  }
  /** Frobenius norm ‖x‖ = √Σx² as a scalar tensor. `w.norm()` */
  norm(this: Tensor): Tensor {
    return reduce.norm(this);
  }
  /** log softmax along `axis` (default the last), computed stably. `logits.logSoftmax()` */
  logSoftmax(this: Tensor, axis = -1): Tensor {
    return softmax.logSoftmax(this, axis);
  }
  /** softmax along `axis` (default the last). `logits.softmax(1)` */
  softmax(this: Tensor, axis = -1): Tensor {
    return softmax.softmax(this, axis);
  }
  /** Matrix product as torch.matmul, any rank, batch axes broadcast. `x.matmul(w)` */
  matmul(this: Tensor, other: Tensor): Tensor {
    return linalg.matmul(this, other);
  }
  /** The outer product of two 1-D tensors. `u.outer(v)` */
  outer(this: Tensor, other: Tensor): Tensor {
    return outer(this, other);
  }
}
