// Matrix products. The kernels compute A·B, Aᵀ·B and A·Bᵀ by index arithmetic; those three are the
// whole of a linear layer's forward and backward:  Y = X·Wᵀ,  ∂X = ∂Y·W,  ∂W = ∂Yᵀ·X.
// For createGraph the same products are written with matmul and transpose themselves (graph backwards),
// so the gradient of a product is a product on the tape, differentiable again.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { isTensor, makeTensor } from '../factory.ts';
import { matmulNN, matmulNT, matmulTN } from '../kernels/matmul.ts';
import { parallelNN, parallelNT, parallelTN } from '../kernels/parallel.ts';
import type { Tensor } from '../tensor.ts';
import { reluMask } from './unary.ts';

/**
 * PyTorch's matmul for operands of 1 to 3 dimensions: a 1-D left operand is a row, a 1-D right
 * operand a column (and the added axis is dropped), and a leading batch axis, when present on
 * either side, must agree when present on both. `matmul(x, w)`
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!isTensor(b)) fail('matmul', `expected a Tensor (got ${typeof b})`);
  const ra = a.ndim;
  const rb = b.ndim;
  if (ra === 0 || rb === 0 || ra > 3 || rb > 3) {
    fail('matmul', `operands need 1 to 3 dimensions (got ${formatShape(a.shape)} @ ${formatShape(b.shape)})`);
  }
  const m = ra === 1 ? 1 : a.shape[ra - 2];
  const k = a.shape[ra - 1];
  const kb = rb === 1 ? b.shape[0] : b.shape[rb - 2];
  const n = rb === 1 ? 1 : b.shape[rb - 1];
  if (k !== kb) fail('matmul', `inner dimensions differ (got ${formatShape(a.shape)} @ ${formatShape(b.shape)})`);
  const batchA = ra === 3 ? a.shape[0] : 0;
  const batchB = rb === 3 ? b.shape[0] : 0;
  if (batchA > 0 && batchB > 0 && batchA !== batchB) {
    fail('matmul', `batch sizes differ (got ${formatShape(a.shape)} @ ${formatShape(b.shape)})`);
  }
  const batch = Math.max(batchA, batchB, 1);
  const batched = ra === 3 || rb === 3;

  const shape: number[] = batched ? [batch] : [];
  if (ra > 1) shape.push(m);
  if (rb > 1) shape.push(n);

  const out = new Float64Array(batch * m * n);
  const strideA = batchA > 0 ? m * k : 0;
  const strideB = batchB > 0 ? k * n : 0;
  for (let i = 0; i < batch; i++) {
    matmulNN(a.data.subarray(i * strideA, i * strideA + m * k), b.data.subarray(i * strideB, i * strideB + k * n), out.subarray(i * m * n, (i + 1) * m * n), m, k, n);
  }
  const result = makeTensor(out, shape);
  if (needsGrad(a, b)) {
    record(result, 'matmul', [a, b], {
      backward: (g) => {
        let ga: Float64Array | null = null;
        let gb: Float64Array | null = null;
        // An operand without a batch axis receives the sum over the batch (accumulate = true).
        if (a.requiresGrad) {
          ga = new Float64Array(a.data.length);
          for (let i = 0; i < batch; i++) {
            matmulNT(g.subarray(i * m * n, (i + 1) * m * n), b.data.subarray(i * strideB, i * strideB + k * n), ga.subarray(i * strideA, i * strideA + m * k), m, n, k, true);
          }
        }
        if (b.requiresGrad) {
          gb = new Float64Array(b.data.length);
          for (let i = 0; i < batch; i++) {
            matmulTN(a.data.subarray(i * strideA, i * strideA + m * k), g.subarray(i * m * n, (i + 1) * m * n), gb.subarray(i * strideB, i * strideB + k * n), k, m, n, true);
          }
        }
        return [ga, gb];
      },
      graph: (g) => matmulGraphBackward(a, b, g, batched ? [batch, m, n] : [m, n]),
      saves: a.requiresGrad && b.requiresGrad ? [a, b] : a.requiresGrad ? [b] : [a],
      fresh: true,
    });
  }
  return result;
}

/**
 * ∂a = g·bᵀ and ∂b = aᵀ·g with recorded ops: a 1-D operand is lifted to a row or column as in the forward,
 * `g` to `full` (the product's shape with those axes kept), and an operand without the batch axis receives
 * the sum over the batch.
 */
function matmulGraphBackward(a: Tensor, b: Tensor, g: Tensor, full: number[]): (Tensor | null)[] {
  const a2 = a.ndim === 1 ? a.reshape([1, a.shape[0]]) : a;
  const b2 = b.ndim === 1 ? b.reshape([b.shape[0], 1]) : b;
  const g2 = g.reshape(full);
  const toShape = (t: Tensor, operand: Tensor, lifted: Tensor): Tensor => (t.ndim > lifted.ndim ? t.sum(0) : t).reshape(operand.shape);
  return [
    a.requiresGrad ? toShape(g2.matmul(b2.transpose()), a, a2) : null,
    b.requiresGrad ? toShape(a2.transpose().matmul(g2), b, b2) : null,
  ];
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
