// Tensor's shape methods: views (reshape, flatten, unsqueeze, squeeze), axis moves (transpose, permute, T),
// expand, and picking entries (narrow, select, slice, indexSelect, gather, scatterAdd) or pieces (split, chunk).
// The second of the three method groups Tensor inherits (lib/tensor.ts says why); each delegates to lib/ops/.
import { gather, scatterAdd } from '../ops/gather.ts';
import { chunk, split } from '../ops/join.ts';
import * as reshape from '../ops/shape.ts';
import { narrow, select, slice } from '../ops/slice.ts';
import type { Tensor } from '../tensor.ts';
import { ElementwiseMethods } from './elementwise.ts';

/** The shape and indexing methods every Tensor has. `x.unsqueeze(0).expand([4, -1, -1])` */
export abstract class ShapeMethods extends ElementwiseMethods {
  /** The same data in a new shape (one size may be −1); shares data. `x.reshape([2, -1])` */
  reshape(this: Tensor, shape: readonly number[]): Tensor {
    return reshape.reshape(this, shape);
  }
  /** Axes startDim … endDim (default all) joined into one; shares data. `x.flatten()`, `x.flatten(1)` */
  flatten(this: Tensor, startDim = 0, endDim = -1): Tensor {
    return reshape.flatten(this, startDim, endDim);
  }
  /** A size-1 axis inserted at `dim` ∈ [−(ndim+1), ndim]; shares data. `x.unsqueeze(0)` */
  unsqueeze(this: Tensor, dim: number): Tensor {
    return reshape.unsqueeze(this, dim);
  }
  /** Without its size-1 axes (all, or those among `dims`); shares data. `x.squeeze()`, `x.squeeze(1)` */
  squeeze(this: Tensor, dims?: number | readonly number[]): Tensor {
    return reshape.squeeze(this, dims);
  }
  /** Broadcast to `shape` (−1 keeps a size), as a copy. `b.expand([4, -1])` */
  expand(this: Tensor, shape: readonly number[]): Tensor {
    return reshape.expand(this, shape);
  }
  /** Swaps two axes (default the last two). `x.transpose()`, `x.transpose(0, 2)` */
  transpose(this: Tensor, dim0 = -2, dim1 = -1): Tensor {
    return reshape.transpose(this, dim0, dim1);
  }
  /** Reorders the axes: output axis i is input axis dims[i]. `x.permute([2, 0, 1])` */
  permute(this: Tensor, dims: readonly number[]): Tensor {
    return reshape.permute(this, dims);
  }
  /** The transpose of a matrix (a 1-D or 0-D tensor is returned as is, as in PyTorch). `w.T` */
  get T(): Tensor {
    const self = this as unknown as Tensor;
    return self.ndim < 2 ? self : reshape.transpose(self, -2, -1);
  }
  /** The entries at `indices` along axis `dim` (repeats allowed). `x.indexSelect(0, [2, 0])` */
  indexSelect(this: Tensor, dim: number, indices: ArrayLike<number>): Tensor {
    return reshape.indexSelect(this, dim, indices);
  }
  /** `length` entries from `start` along `dim`. `x.narrow(1, 0, 2)` */
  narrow(this: Tensor, dim: number, start: number, length: number): Tensor {
    return narrow(this, dim, start, length);
  }
  /** The slice at `index` along `dim`, that axis removed: x[:, i] is `x.select(1, i)`. `x.select(0, -1)` */
  select(this: Tensor, dim: number, index: number): Tensor {
    return select(this, dim, index);
  }
  /** Python's x[…, start:end:step] along `dim` (null: the whole axis). `x.slice(1, 0, null, 2)` */
  slice(this: Tensor, dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
    return slice(this, dim, start, end, step);
  }
  /** Entries picked along `dim` by an integer `index` of the same rank. `x.gather(1, idx)` */
  gather(this: Tensor, dim: number, index: Tensor): Tensor {
    return gather(this, dim, index);
  }
  /** A copy with `src` added at the places `index` names along `dim`. `zeros([2, 3]).scatterAdd(1, idx, src)` */
  scatterAdd(this: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
    return scatterAdd(this, dim, index, src);
  }
  /** Pieces of `size` along `dim` (the last may be shorter), or of the listed sizes. `x.split(2)`, `x.split([1, 3], 1)` */
  split(this: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
    return split(this, sizeOrSizes, dim);
  }
  /** At most `chunks` pieces of ⌈size/chunks⌉ along `dim`. `x.chunk(3, 1)` */
  chunk(this: Tensor, chunks: number, dim = 0): Tensor[] {
    return chunk(this, chunks, dim);
  }
}
