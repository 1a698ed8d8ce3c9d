// Matrix products. The kernels compute A·B, Aᵀ·B and A·Bᵀ by index arithmetic; those three are the
// whole of a linear layer's forward and backward:  Y = X·Wᵀ,  ∂X = ∂Y·W,  ∂W = ∂Yᵀ·X.
// For createGraph the same products are written with matmul and transpose themselves (graph backwards),
// so the gradient of a product is a product on the tape, differentiable again. A batched product of any rank
// is a loop of 2-D products through the same kernel (or one product, when the right operand is one matrix).
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { isTensor, makeTensor } from '../factory.ts';
import { matmulNN, matmulNT, matmulTN } from '../kernels/matmul.ts';
import { broadcastShapes, broadcastStrides, offsetsOf, sizeOf } from '../kernels/shape.ts';
import { parallelNN, parallelNT, parallelTN } from '../kernels/parallel.ts';
import { reduceTo } from '../tape.ts';
import type { Tensor } from '../tensor.ts';
import { reluMask } from './unary.ts';

/**
 * PyTorch's matmul for operands of any rank ≥ 1: a 1-D left operand is a row and a 1-D right operand a column
 * (the added axis is dropped from the result), and the axes before the last two are batch axes, broadcast
 * against each other ([1,3,4] @ [2,4,5] → [2,3,5]). `matmul(x, w)`
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!isTensor(b)) fail('matmul', `expected a Tensor (got ${typeof b})`);
  const ra = a.ndim;
  const rb = b.ndim;
  if (ra === 0 || rb === 0) fail('matmul', `both operands need at least 1 dimension (got ${formatShape(a.shape)} @ ${formatShape(b.shape)})`);
  const aShape = ra === 1 ? [1, a.shape[0]] : a.shape;
  const bShape = rb === 1 ? [b.shape[0], 1] : b.shape;
  const [m, k] = aShape.slice(-2);
  const [kb, n] = bShape.slice(-2);
  if (k !== kb) fail('matmul', `inner dimensions differ (got ${formatShape(a.shape)} @ ${formatShape(b.shape)})`);
  const batchA = aShape.slice(0, -2);
  const batchB = bShape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  if (batch === null) fail('matmul', `batch dimensions cannot be broadcast (got ${formatShape(a.shape)} @ ${formatShape(b.shape)})`);
  const shape = [...batch, ...(ra > 1 ? [m] : []), ...(rb > 1 ? [n] : [])];
  const count = sizeOf(batch);
  // One matrix on the right: the batch folds into a's rows, one product [count·m, k] @ [k, n] (same bits as
  // a loop: each output element's sum runs over k alone). Otherwise a loop of 2-D products, each operand's
  // matrix found through its broadcast batch strides.
  const folded = sizeOf(batchB) === 1;
  const offA = offsetsOf(batch, broadcastStrides(batchA, batch));
  const offB = offsetsOf(batch, broadcastStrides(batchB, batch));
  const matA = (data: Float64Array, i: number): Float64Array => data.subarray(offA[i] * m * k, (offA[i] + 1) * m * k);
  const matB = (data: Float64Array, i: number): Float64Array => data.subarray(offB[i] * k * n, (offB[i] + 1) * k * n);
  const matOut = (data: Float64Array, i: number): Float64Array => data.subarray(i * m * n, (i + 1) * m * n);
  const out = new Float64Array(count * m * n);
  if (folded) matmulNN(a.data, b.data, out, count * m, k, n);
  else for (let i = 0; i < count; i++) matmulNN(matA(a.data, i), matB(b.data, i), matOut(out, i), m, k, n);
  const result = makeTensor(out, shape);
  if (needsGrad(a, b)) {
    record(result, 'matmul', [a, b], {
      backward: (g) => {
        // ∂a = g·bᵀ and ∂b = aᵀ·g per matrix; an operand broadcast over the batch receives the sum (accumulate).
        const ga = a.requiresGrad ? new Float64Array(a.data.length) : null;
        const gb = b.requiresGrad ? new Float64Array(b.data.length) : null;
        if (folded) {
          if (ga !== null) matmulNT(g, b.data, ga, count * m, n, k);
          if (gb !== null) matmulTN(a.data, g, gb, k, count * m, n);
        } else {
          for (let i = 0; i < count; i++) {
            if (ga !== null) matmulNT(matOut(g, i), matB(b.data, i), matA(ga, i), m, n, k, true);
            if (gb !== null) matmulTN(matA(a.data, i), matOut(g, i), matB(gb, i), k, m, n, true);
          }
        }
        return [ga, gb];
      },
      graph: (g) => {
        // The same products on the tape, with 1-D operands lifted as in the forward and the batch summed back.
        const a2 = a.reshape(aShape);
        const b2 = b.reshape(bShape);
        const g2 = g.reshape([...batch, m, n]);
        return [
          a.requiresGrad ? reduceTo(g2.matmul(b2.transpose()), aShape).reshape(a.shape) : null,
          b.requiresGrad ? reduceTo(a2.transpose().matmul(g2), bShape).reshape(b.shape) : null,
        ];
      },
      saves: a.requiresGrad && b.requiresGrad ? [a, b] : a.requiresGrad ? [b] : [a],
      fresh: true,
    });
  }
  return result;
}

/**
 * The fused affine map of `nn.Linear`: x·Wᵀ + b for x of shape [batch, in] (or [in]),
 * W of shape [out, in] and b of shape [out]. One node on the tape instead of three.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return affine('linear', x, weight, bias, false);
}

/**
 * relu(x·Wᵀ + b) as one tape node: the hidden layer of `nn.MLP`. The same numbers as
 * `linear(x, W, b).relu()` — relu is applied in the bias pass, and the backward masks ∂Y where the
 * output is ≤ 0 (torch's threshold_backward: a NaN output passes its gradient on) into a reused scratch
 * buffer before the products — with one output array and one gradient array fewer per layer and step.
 * `linearRelu(x, layer.weight, layer.bias)`
 */
export function linearRelu(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return affine('linearRelu', x, weight, bias, true);
}

/** The masked output gradient of linearRelu; grows on demand, never escapes a backward call. */
let maskedGrad = new Float64Array(0);

// Errors name 'linear' for both ops: a shape error in an MLP is a layer's, whatever activation is fused.
function affine(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, relu: boolean): Tensor {
  if (weight.ndim !== 2 || (x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== weight.shape[1]) {
    fail('linear', `input features differ from the weight's (got input ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}; expected input [batch, ${weight.shape[1] ?? '?'}])`);
  }
  const rows = x.ndim === 1 ? 1 : x.shape[0];
  const inFeatures = weight.shape[1];
  const outFeatures = weight.shape[0];
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outFeatures)) {
    fail('linear', `bias shape must be [${outFeatures}] (got ${formatShape(bias.shape)})`);
  }
  const out = new Float64Array(rows * outFeatures);
  parallelNT(x.data, weight.data, out, rows, inFeatures, outFeatures);
  if (bias !== null || relu) addBiasRelu(out, bias === null ? null : bias.data, rows, outFeatures, relu);
  const result = makeTensor(out, x.ndim === 1 ? [outFeatures] : [rows, outFeatures]);
  const parents = bias === null ? [x, weight] : [x, weight, bias];
  if (needsGrad(x, weight) || (bias !== null && needsGrad(bias))) {
    record(result, op, parents, {
      backward: (g) => {
        let gy = g;
        if (relu) {
          if (maskedGrad.length < g.length) maskedGrad = new Float64Array(g.length);
          gy = maskedGrad;
          for (let i = 0; i < g.length; i++) gy[i] = out[i] <= 0 ? 0 : g[i];
        }
        const gx = x.requiresGrad ? new Float64Array(x.data.length) : null;
        if (gx !== null) parallelNN(gy, weight.data, gx, rows, outFeatures, inFeatures);
        const gw = weight.requiresGrad ? new Float64Array(weight.data.length) : null;
        if (gw !== null) parallelTN(gy, x.data, gw, outFeatures, rows, inFeatures);
        let gb: Float64Array | null = null;
        if (bias !== null && bias.requiresGrad) {
          gb = new Float64Array(outFeatures);
          for (let r = 0; r < rows; r++) {
            const row = r * outFeatures;
            for (let j = 0; j < outFeatures; j++) gb[j] += gy[row + j];
          }
        }
        return [gx, gw, gb];
      },
      graph: (g) => {
        // The same products on the tape: ∂Y masked by the (constant) relu derivative, then ∂Y·W, ∂Yᵀ·X, Σ ∂Y.
        const gy = (relu ? g.mul(reluMask(result)) : g).reshape([rows, outFeatures]);
        return [
          x.requiresGrad ? gy.matmul(weight).reshape(x.shape) : null,
          weight.requiresGrad ? gy.transpose().matmul(x.reshape([rows, inFeatures])) : null,
          bias !== null && bias.requiresGrad ? gy.sum(0) : null,
        ];
      },
      saves: x.requiresGrad && weight.requiresGrad ? [x, weight] : x.requiresGrad ? [weight] : [x],
      fresh: true,
    });
  }
  return result;
}

/** out[r, j] += b[j], then (with relu) out ← max(out, 0) keeping NaN, row by row. */
function addBiasRelu(out: Float64Array, b: Float64Array | null, rows: number, cols: number, relu: boolean): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = b === null ? out[row + j] : out[row + j] + b[j];
      out[row + j] = !relu || v > 0 || v !== v ? v : 0;
    }
  }
}
