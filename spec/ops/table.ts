// The op table: every differentiable op, with inputs drawn from a seeded Rng inside the op's smooth domain
// (log and sqrt of positive values, relu and abs away from their kink, max without ties, a divisor away
// from 0). spec/property/second-order.spec.ts runs gradcheck of order 2 over every row, and checks that
// every Tensor method is a row here or is listed as not differentiable — so a new op without a row fails.
// To add an op: one row, `{ name, make: (rng) => [inputs], f: (...xs) => output }`.
import { gelu } from '../../lib/nn/activations.ts';
import { crossEntropy, mseLoss } from '../../lib/nn/losses.ts';
import { nllLoss } from '../../lib/nn/nll.ts';
import { binaryCrossEntropyWithLogits, klDiv } from '../../lib/nn/pointwise-losses.ts';
import { softplusOp } from '../../lib/nn/softplus.ts';
import { xlogy } from '../../lib/nn/xlogy.ts';
import { erf } from '../../lib/ops/erf.ts';
import { einsum } from '../../lib/ops/einsum.ts';
import { cat, stack } from '../../lib/ops/join.ts';
import { linear, linearRelu } from '../../lib/ops/matmul.ts';
import { expand, indexAdd } from '../../lib/ops/shape.ts';
import type { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';

/** One op: its name (the Tensor method's, where there is one), how to draw inputs, and the call. */
export interface OpRow {
  name: string;
  make: (rng: Rng) => Tensor[];
  f: (...xs: Tensor[]) => Tensor;
}

/** Tensor members that are not differentiable ops (comparisons, conversions, the tape's entry points). */
export const NOT_OPS: readonly string[] = ['constructor', 'numel', 'item', 'toArray', 'detach', 'backward', 'zeroGrad', 'toString', 'gt', 'ge', 'lt', 'le', 'eq', 'ne', 'logicalAnd', 'logicalOr', 'logicalNot', 'argmax', 'argmin'];

const dims = (rng: Rng, rank: number): number[] => Array.from({ length: rank }, () => rng.integer(1, 4));
const count = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
/** A leaf of `shape` with values uniform in ±[low, high] (|v| ≥ low keeps kinks and poles away). */
const leaf = (rng: Rng, shape: number[], low = 0, high = 1.5): Tensor => {
  const data = new Float64Array(count(shape));
  for (let i = 0; i < data.length; i++) data[i] = (rng.uniform() < 0.5 ? -1 : 1) * rng.uniform(low, high);
  return new Tensor(data, shape, true);
};
const positive = (rng: Rng, shape: number[]): Tensor => {
  const t = leaf(rng, shape, 0.5, 2);
  t.data.forEach((v, i) => (t.data[i] = Math.abs(v)));
  return t;
};
/** Distinct values (a random permutation of spaced levels), so max has one argmax per slice. */
const distinct = (rng: Rng, shape: number[]): Tensor => {
  const order = rng.permutation(count(shape));
  return new Tensor(Float64Array.from(order, (k) => -1.5 + 0.1 * k + 0.01 * rng.uniform()), shape, true);
};
/** Two shapes that broadcast: b is a suffix of a with some sizes set to 1 (or the other way round). */
const pair = (rng: Rng): [number[], number[]] => {
  const a = dims(rng, rng.integer(0, 4));
  const b = a.slice(rng.integer(0, a.length + 1)).map((d) => (rng.uniform() < 0.3 ? 1 : d));
  return rng.uniform() < 0.5 ? [a, b] : [b, a];
};

/** The einsum patterns docs/pytorch.md lists (two operands), and one-operand ones. */
const EINSUMS = ['ij,jk->ik', 'bij,bjk->bik', 'bik,bjk->bij', 'i,i->', 'i,j->ij', 'ij,ij->i', 'ij,ji->', 'ij,j->i', 'bi,bj->bij', 'ij,kj', 'ij->ji', 'ijk->j'];

/** Every differentiable op. */
export const OP_TABLE: readonly OpRow[] = [
  { name: 'add', make: (rng) => pair(rng).map((s) => leaf(rng, s)), f: (a, b) => a.add(b) },
  { name: 'sub', make: (rng) => pair(rng).map((s) => leaf(rng, s)), f: (a, b) => a.sub(b) },
  { name: 'mul', make: (rng) => pair(rng).map((s) => leaf(rng, s)), f: (a, b) => a.mul(b) },
  { name: 'div', make: (rng) => pair(rng).map((s, i) => leaf(rng, s, i === 0 ? 0 : 0.5)), f: (a, b) => a.div(b) },
  { name: 'pow', make: (rng) => [positive(rng, dims(rng, rng.integer(0, 3)))], f: (x) => x.pow(-1.5).add(x.pow(3)).add(x.pow(0)) },
  { name: 'neg', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.neg() },
  { name: 'clone', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.clone() },
  { name: 'exp', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.exp() },
  { name: 'log', make: (rng) => [positive(rng, dims(rng, 2))], f: (x) => x.log() },
  { name: 'sqrt', make: (rng) => [positive(rng, dims(rng, 2))], f: (x) => x.sqrt() },
  { name: 'abs', make: (rng) => [leaf(rng, dims(rng, 2), 0.1)], f: (x) => x.abs().pow(2) },
  { name: 'relu', make: (rng) => [leaf(rng, dims(rng, 2), 0.1)], f: (x) => x.relu().pow(2) },
  { name: 'tanh', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.tanh() },
  { name: 'sigmoid', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.sigmoid() },
  { name: 'matmul', make: (rng) => matmulInputs(rng, rng.integer(1, 4), rng.integer(1, 4)), f: (a, b) => a.matmul(b) },
  // Every pairing of 1-, 2- and 3-d operands (a 1-d side is a row or a column; a batch on one side only).
  ...[1, 2, 3].flatMap((ra) => [1, 2, 3].map((rb): OpRow => ({ name: `matmul ${ra}-d @ ${rb}-d`, make: (rng) => matmulInputs(rng, ra, rb), f: (a, b) => a.matmul(b) }))),
  { name: 'reshape', make: (rng) => [leaf(rng, [2, 3])], f: (x) => x.reshape([3, -1]).mul(x.reshape([3, 2])) },
  { name: 'flatten', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.flatten().pow(2) },
  { name: 'transpose', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.transpose(0, 2).pow(2) },
  { name: 'permute', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.permute([2, 0, 1]).pow(2) },
  { name: 'T', make: (rng) => [leaf(rng, [2, 3])], f: (x) => x.T.matmul(x) },
  { name: 'indexSelect', make: (rng) => [leaf(rng, [3, 2])], f: (x) => x.indexSelect(0, [2, 0, 2]).pow(2) },
  { name: 'sum', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.pow(2).sum([0, 2], true).pow(2).add(x.sum(1).pow(3).sum()) },
  { name: 'mean', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.pow(2).mean([0, 2]).pow(2) },
  { name: 'max', make: (rng) => [distinct(rng, dims(rng, 3))], f: (x) => x.max(1).pow(2).add(x.max().pow(3)) },
  { name: 'norm', make: (rng) => [leaf(rng, dims(rng, 2), 0.2)], f: (x) => x.norm() },
  { name: 'logSoftmax', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.logSoftmax(1) },
  { name: 'softmax', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.softmax(0) },
  { name: 'linear', make: (rng) => [leaf(rng, [3, 4]), leaf(rng, [2, 4]), leaf(rng, [2])], f: (x, w, b) => linear(x, w, b).pow(2) },
  { name: 'linear (1-D input, no bias)', make: (rng) => [leaf(rng, [4]), leaf(rng, [2, 4])], f: (x, w) => linear(x, w).pow(2) },
  { name: 'linearRelu', make: linearReluInputs, f: (x, w, b) => linearRelu(x, w, b).pow(2) },
  { name: 'crossEntropy', make: (rng) => [leaf(rng, [3, 4])], f: (z) => crossEntropy(z, [1, 3, 1]) },
  { name: 'mseLoss', make: (rng) => [leaf(rng, [3, 2]), leaf(rng, [3, 2])], f: (p, t) => mseLoss(p, t) },
  { name: 'erf', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => erf(x) },
  { name: 'gelu (erf, composed)', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => gelu(x) },
  { name: 'softplus (β 1.5, threshold 1.2: both branches)', make: (rng) => [leaf(rng, [3, 3], 0.1)], f: (x) => softplusOp(x, 1.5, 1.2) },
  { name: 'xlogy', make: (rng) => [leaf(rng, [2, 3]), positive(rng, [2, 3])], f: (x, y) => xlogy(x, y) },
  { name: 'crossEntropy (weight, ignoreIndex, labelSmoothing: composed)', make: (rng) => [leaf(rng, [4, 3])],
    f: (z) => crossEntropy(z, [0, 2, 1, 2], { weight: new Tensor(Float64Array.from([0.5, 2, 1]), [3]), ignoreIndex: 1, labelSmoothing: 0.2 }) },
  { name: 'nllLoss (sum)', make: (rng) => [leaf(rng, [3, 4])], f: (z) => nllLoss(z.logSoftmax(1), [3, 0, 1], { reduction: 'sum' }) },
  { name: 'binaryCrossEntropyWithLogits (posWeight)', make: (rng) => [leaf(rng, [2, 3]), positive(rng, [2, 3])], f: (z, y) => binaryCrossEntropyWithLogits(z, y.mul(0.4), { posWeight: new Tensor(Float64Array.from([0.5, 2, 3]), [3]) }) },
  { name: 'klDiv (batchmean)', make: (rng) => [leaf(rng, [2, 3]), positive(rng, [2, 3])], f: (q, p) => klDiv(q.logSoftmax(1), p, { reduction: 'batchmean' }) },
  { name: 'expand', make: (rng) => [leaf(rng, [3, 1])], f: (x) => expand(x, [2, 3, 4]).pow(2) },
  { name: 'log1p', make: (rng) => [positive(rng, dims(rng, 2))], f: (x) => x.log1p() },
  { name: 'expm1', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.expm1() },
  { name: 'sin', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.sin() },
  { name: 'cos', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.cos() },
  { name: 'square', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.square() },
  { name: 'rsqrt', make: (rng) => [positive(rng, dims(rng, 2))], f: (x) => x.rsqrt() },
  { name: 'reciprocal', make: (rng) => [leaf(rng, dims(rng, 2), 0.5)], f: (x) => x.reciprocal() },
  { name: 'pow (tensor exponent, broadcast)', make: (rng) => [positive(rng, [2, 3]), leaf(rng, [3])], f: (x, p) => x.pow(p) },
  { name: 'clamp', make: (rng) => [leaf(rng, dims(rng, 2))], f: (x) => x.clamp(-0.7, 0.9).pow(2).add(x.clamp(null, 0.2).pow(3)) },
  { name: 'maximum', make: (rng) => pair(rng).map((s) => leaf(rng, s)), f: (a, b) => a.maximum(b).pow(2) },
  { name: 'minimum', make: (rng) => pair(rng).map((s) => leaf(rng, s)), f: (a, b) => a.minimum(b).pow(2) },
  { name: 'where', make: (rng) => [leaf(rng, [2, 3]), leaf(rng, [3])], f: (a, b) => a.where(constant([1, 0], [2, 1]), b).pow(2) },
  { name: 'min', make: (rng) => [distinct(rng, dims(rng, 3))], f: (x) => x.min(1).pow(2).add(x.min().pow(3)) },
  { name: 'var', make: (rng) => [leaf(rng, [3, 2, 4])], f: (x) => x.var(1).pow(2).add(x.var([0, 2], { correction: 0, keepdim: true }).sum()) },
  { name: 'std', make: (rng) => [leaf(rng, [3, 4])], f: (x) => x.std(1).pow(2).add(x.std().mul(x.std(0, { correction: 0, keepdim: true }).sum())) },
  { name: 'logsumexp', make: (rng) => [leaf(rng, dims(rng, 3))], f: (x) => x.logsumexp([0, 2], true).pow(2).add(x.logsumexp(1).sum()) },
  { name: 'unsqueeze', make: (rng) => [leaf(rng, [2, 3])], f: (x) => x.unsqueeze(1).mul(x.unsqueeze(-1)) },
  { name: 'squeeze', make: (rng) => [leaf(rng, [2, 1, 3, 1])], f: (x) => x.squeeze().pow(2).sum().add(x.squeeze(1).pow(3).sum()) },
  { name: 'expand (method)', make: (rng) => [leaf(rng, [3, 1])], f: (x) => x.expand([2, -1, 4]).pow(2) },
  { name: 'flatten (startDim, endDim)', make: (rng) => [leaf(rng, [2, 3, 2])], f: (x) => x.flatten(1).pow(2).sum().add(x.flatten(0, 1).pow(3).sum()) },
  { name: 'narrow', make: (rng) => [leaf(rng, [3, 4])], f: (x) => x.narrow(1, 1, 2).pow(2).add(x.narrow(0, -2, 2).sum(0).pow(3).sum()) },
  { name: 'select', make: (rng) => [leaf(rng, [3, 4])], f: (x) => x.select(1, -1).pow(2).add(x.select(1, 0)) },
  { name: 'slice', make: (rng) => [leaf(rng, [3, 5])], f: (x) => x.slice(1, 0, null, 2).pow(2).add(x.slice(1, -3).pow(3)) },
  { name: 'gather', make: (rng) => [leaf(rng, [3, 4])], f: (x) => x.gather(1, constant([0, 3, 3, 2, 1, 0], [3, 2])).pow(2) },
  { name: 'scatterAdd', make: (rng) => [leaf(rng, [2, 4]), leaf(rng, [2, 3])], f: (x, s) => x.scatterAdd(1, constant([1, 1, 3, 0, 2, 0], [2, 3]), s).pow(2) },
  { name: 'split', make: (rng) => [leaf(rng, [2, 5])], f: (x) => joinPieces(x.split([1, 3, 1], 1)) },
  { name: 'chunk', make: (rng) => [leaf(rng, [5, 2])], f: (x) => joinPieces(x.chunk(2)) },
  { name: 'cat', make: (rng) => [leaf(rng, [2, 3]), leaf(rng, [2, 1]), leaf(rng, [2, 2])], f: (a, b, c) => cat([a, b, c], 1).pow(2).mul(cat([c, b, a], -1)) },
  { name: 'stack', make: (rng) => [leaf(rng, [2, 3]), leaf(rng, [2, 3])], f: (a, b) => stack([a, b], 1).pow(2).mul(stack([b, a], -1).sum(-1)) },
  { name: 'outer', make: (rng) => [leaf(rng, [3]), leaf(rng, [2])], f: (u, v) => u.outer(v).pow(2) },
  { name: 'matmul (batch broadcast [1,3,4] @ [2,4,5])', make: (rng) => [leaf(rng, [1, 3, 4]), leaf(rng, [2, 4, 5])], f: (a, b) => a.matmul(b) },
  { name: 'matmul (4-d @ 3-d, 1-d @ 4-d)', make: (rng) => [leaf(rng, [2, 1, 2, 3]), leaf(rng, [3, 3, 2]), leaf(rng, [3])], f: (a, b, v) => a.matmul(b).pow(2).sum().add(v.matmul(a.transpose()).pow(2).sum()) },
  ...EINSUMS.map((eq): OpRow => ({ name: `einsum '${eq}'`, make: (rng) => einsumInputs(rng, eq), f: (...xs) => einsum(eq, ...xs).pow(2) })),
  { name: "einsum 'ij,kj->ik' (j broadcast from size 1)", make: (rng) => [leaf(rng, [2, 3]), leaf(rng, [4, 1])], f: (a, b) => einsum('ij,kj->ik', a, b).pow(2) },
  { name: 'indexAdd', make: (rng) => [leaf(rng, [3, 2])], f: (x) => indexAdd(x, 0, Int32Array.from([1, 1, 3]), 4).pow(2) },
];

/** A constant (no gradient) tensor: an index, a condition. */
function constant(values: number[], shape: number[]): Tensor {
  return new Tensor(Float64Array.from(values), shape);
}

/** A differentiable function of every piece, each weighted differently (a swapped piece would show). */
function joinPieces(pieces: Tensor[]): Tensor {
  return pieces.map((p, i) => p.pow(i + 2).sum()).reduce((a, b) => a.add(b));
}

/** Inputs for an einsum equation: one random size per letter. */
function einsumInputs(rng: Rng, equation: string): Tensor[] {
  const sizes = new Map<string, number>();
  const sizeOf = (c: string): number => {
    if (!sizes.has(c)) sizes.set(c, rng.integer(1, 4));
    return sizes.get(c)!;
  };
  return equation.split('->')[0].split(',').map((t) => leaf(rng, [...t].map(sizeOf)));
}

/** Operands of ranks ra and rb with agreeing inner sizes and, where both have one, batch sizes. */
function matmulInputs(rng: Rng, ra: number, rb: number): Tensor[] {
  const [m, k, n, b] = dims(rng, 4);
  const lead = (r: number): number[] => (r === 3 ? [b] : []);
  return [leaf(rng, [...lead(ra), ...(ra >= 2 ? [m] : []), k]), leaf(rng, [...lead(rb), k, ...(rb >= 2 ? [n] : [])])];
}

/** linearRelu's inputs with every pre-activation at least 0.05 from 0 (a difference must not cross the kink). */
function linearReluInputs(rng: Rng): Tensor[] {
  for (;;) {
    const xs = [leaf(rng, [3, 4]), leaf(rng, [2, 4]), leaf(rng, [2])];
    if (linear(xs[0], xs[1], xs[2]).data.every((v) => Math.abs(v) > 0.05)) return xs;
  }
}
