// nn.Embedding: a lookup table weight [numEmbeddings, embeddingDim], initialised N(0, 1) as torch's, whose
// forward picks rows by index (indexSelect, so repeated indices sum their gradients). With paddingIdx that
// row starts at zero and gets no gradient, while its values are still returned as they are (torch's rule):
//   out = select(W)·m + select(W detached)·(1 − m),   m = 0 on rows looked up at paddingIdx, else 1.
import { fail, formatShape } from '../errors.ts';
import { field, readOptions } from '../optim/validate.ts';
import { requireRng, type Rng } from '../random.ts';
import { Tensor } from '../tensor.ts';
import { checkFeatures } from './linear.ts';
import { Module } from './module.ts';
import { describe } from './registry.ts';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /** The stream the N(0, 1) weights are drawn from (required). */
  rng: Rng;
  /** A row that stays zero-initialised and receives no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

/** The indices as integers with their shape; an index out of range is refused. */
function readIndices(op: string, indices: Tensor | ArrayLike<number>, rows: number): { idx: Int32Array; shape: number[] } {
  const isTensor = indices instanceof Tensor;
  if (!isTensor && (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number')) {
    fail(op, `indices must be a Tensor or an array of integers (got ${describe(indices)})`);
  }
  const values = isTensor ? indices.data : indices;
  const idx = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= rows) fail(op, `index ${String(v)} at position ${i} is out of range (expected an integer in [0, ${rows}))`);
    idx[i] = v;
  }
  return { idx, shape: isTensor ? indices.shape : [values.length] };
}

/** Rows of `weight` picked by `indices`: shape [...indices.shape, dim] (torch's F.embedding). `nn.embedding([3, 1], W)` */
export function embedding(indices: Tensor | ArrayLike<number>, weight: Tensor, options: { paddingIdx?: number | null } = {}): Tensor {
  if (!(weight instanceof Tensor) || weight.ndim !== 2) fail('embedding', `weight must be a [numEmbeddings, embeddingDim] Tensor (got ${weight instanceof Tensor ? formatShape(weight.shape) : describe(weight)})`);
  const [rows, dim] = weight.shape;
  const paddingIdx = readPaddingIdx('embedding', options, rows);
  const { idx, shape } = readIndices('embedding', indices, rows);
  const picked = weight.indexSelect(0, idx);
  let out = picked;
  if (paddingIdx !== null && weight.requiresGrad && idx.includes(paddingIdx)) {
    const keep = new Float64Array(idx.length * dim);
    for (let i = 0; i < idx.length; i++) if (idx[i] !== paddingIdx) keep.fill(1, i * dim, (i + 1) * dim);
    const m = new Tensor(keep, picked.shape);
    out = picked.mul(m).add(weight.detach().indexSelect(0, idx).mul(m.neg().add(1)));
  }
  return out.reshape([...shape, dim]);
}

function readPaddingIdx(op: string, options: { paddingIdx?: number | null }, rows: number): number | null {
  const { paddingIdx } = readOptions(op, { paddingIdx: field<number | null>('paddingIdx', 'an integer or null', (v) => v === null || Number.isSafeInteger(v), null) }, options);
  if (paddingIdx === null) return null;
  if (paddingIdx < -rows || paddingIdx >= rows) fail(op, `paddingIdx must be within the ${rows} embeddings (got ${paddingIdx}, expected an integer in [${-rows}, ${rows}))`);
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

/** A table of learned vectors looked up by index. `const emb = new nn.Embedding(1000, 64, { rng }); emb.forward([3, 14, 15])` */
export class Embedding extends Module {
  /** Rows in the table. */
  readonly numEmbeddings: number;
  /** Width of each vector. */
  readonly embeddingDim: number;
  /** The row that receives no gradient, or null. */
  readonly paddingIdx: number | null;
  /** [numEmbeddings, embeddingDim] */
  readonly weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions) {
    super();
    this.numEmbeddings = checkFeatures('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkFeatures('Embedding', 'embeddingDim', embeddingDim);
    if (options === null || typeof options !== 'object') fail('Embedding', `needs { rng } — a seeded Rng for the initial weights (got ${describe(options)})`);
    const { rng, ...rest } = options;
    const stream = requireRng('Embedding', rng);
    this.paddingIdx = readPaddingIdx('Embedding', rest, numEmbeddings);
    const weight = new Tensor(stream.normalFill(new Float64Array(numEmbeddings * embeddingDim)), [numEmbeddings, embeddingDim], true);
    if (this.paddingIdx !== null) weight.data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
    this.weight = weight;
  }

  /** Indices of any shape → [...shape, embeddingDim]. `emb.forward(tensor([[1, 2], [3, 0]]))` */
  forward(indices: Tensor | ArrayLike<number>): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }
}
