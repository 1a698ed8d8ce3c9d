// Minibatches. One call of `batches` is one epoch: it draws a fresh permutation from the Rng and
// yields every sample exactly once (the last batch is short unless dropLast). Calling it again gives
// the next epoch with a new permutation, because the Rng has moved on — as PyTorch's
// DataLoader(shuffle=True) re-shuffles at every `for batch in loader`.
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { requireRng, type Rng } from '../random.ts';
import { Tensor } from '../tensor.ts';
import { checkDataset, subset, targetTensor, targetWidth, type Dataset } from './dataset.ts';

/** One minibatch: inputs `[size, features]`, the labels/targets as given, and their dataset indices. */
export interface Batch<Y extends Int32Array | Float64Array = Int32Array | Float64Array> {
  x: Tensor;
  /** Class labels (Int32Array, pass to `nn.crossEntropy`) or targets (Float64Array, row-major). */
  y: Y;
  /** `y` as a tensor: `[size]` for labels, `[size, outputs]` for targets (for `nn.mseLoss`). */
  target: Tensor;
  /** The samples' positions in the data set. */
  indices: Int32Array;
  size: number;
}

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Drop the last, short batch (default false). */
  dropLast?: boolean;
  /** Shuffle (default true); false yields samples in order and leaves the Rng untouched. */
  shuffle?: boolean;
}

const KEYS: KeySet<BatchOptions> = { dropLast: true, shuffle: true };

/** Number of batches one epoch of {@link batches} yields. `batchCount(60000, 250)` → 240 */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * One epoch of seeded minibatches, each sample once.
 * `for (const b of batches(ds, 250, rng)) { const loss = nn.crossEntropy(model.forward(b.x), b.y); … }`
 */
export function batches<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, batchSize: number, rng: Rng | null, options: BatchOptions = {}): Generator<Batch<Y>, void, undefined> {
  checkDataset('batches', ds);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) fail('batches', `batchSize must be a positive integer (got ${batchSize})`);
  checkOptions('batches', KEYS, options);
  const shuffle = options.shuffle ?? true;
  // Validated and drawn here, at the call, not lazily at the first next().
  const order = shuffle ? requireRng('batches', rng, 'to shuffle (or pass { shuffle: false } with null)').permutation(ds.n) : Int32Array.from({ length: ds.n }, (_, i) => i);
  return epoch(ds, batchSize, order, batchCount(ds.n, batchSize, options.dropLast === true));
}

function* epoch<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, batchSize: number, order: Int32Array, count: number): Generator<Batch<Y>, void, undefined> {
  const f = ds.features;
  const w = targetWidth(ds);
  for (let b = 0; b < count; b++) {
    const start = b * batchSize;
    const indices = order.slice(start, Math.min(start + batchSize, ds.n));
    const size = indices.length;
    const { x, y } = subset(ds, indices);
    yield { x: new Tensor(x, [size, f]), y, target: targetTensor(y, size, w), indices, size };
  }
}
