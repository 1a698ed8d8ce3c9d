// Losses. crossEntropy's common case (mean over class indices, no weight, nothing ignored, no smoothing) is
// fused (log-softmax + negative log-likelihood + mean) with its own backward:
//   ℓ = (1/B) Σ_b [ logΣ_c exp(z_bc) − z_b,t_b ],   ∂ℓ/∂z_bc = (softmax(z_b)_c − [c = t_b]) / B.
// The log-sum-exp subtracts the row maximum first, so large logits neither overflow nor lose the loss.
// Its graph backward (createGraph) is the same formula with softmax on the tape, so the Hessian of the loss
// in the logits, (diag(p) − p pᵀ)/B per row, comes out of the second backward. Its options (reduction,
// ignoreIndex, weight, labelSmoothing) and probability targets are composed from logSoftmax in lib/nn/nll.ts,
// as torch composes them in aten's LossNLL.cpp, so their second derivatives come from the primitives.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { sameShape } from '../kernels/shape.ts';
import { readOptions, unitInterval } from '../optim/validate.ts';
import { Tensor } from '../tensor.ts';
import { CLASS_LOSS_FIELDS, checkLogits, classLoss, probabilityCrossEntropy, readLabels, reduce, REDUCTION, type ClassLossOptions, type Labels, type Reduction } from './nll.ts';

/** Options of {@link crossEntropy} (torch's F.cross_entropy keywords). */
export interface CrossEntropyOptions extends ClassLossOptions {
  /** Mix the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

const CE_FIELDS = { ...CLASS_LOSS_FIELDS, labelSmoothing: unitInterval('labelSmoothing', 0) };

/**
 * Cross-entropy of logits [B, C] against class indices (an array or a Tensor) or class probabilities (a Tensor
 * [B, C]), as torch's F.cross_entropy. `nn.crossEntropy(logits, y)`, `nn.crossEntropy(logits, y, { labelSmoothing: 0.1 })`
 */
export function crossEntropy(logits: Tensor, targets: Labels, options?: CrossEntropyOptions): Tensor {
  const o = readOptions('crossEntropy', CE_FIELDS, options);
  const [batch, classes] = checkLogits('crossEntropy', logits);
  if (targets instanceof Tensor && sameShape(targets.shape, logits.shape)) return probabilityCrossEntropy(logits, targets, o);
  const labels = readLabels('crossEntropy', targets, batch, classes, o.ignoreIndex);
  if (o.reduction !== 'mean' || o.weight !== null || o.labelSmoothing !== 0 || labels.includes(o.ignoreIndex)) {
    return classLoss('crossEntropy', logits.logSoftmax(1), labels, o, o.labelSmoothing);
  }
  return fusedCrossEntropy(logits, labels, batch, classes);
}

/** The fused mean cross-entropy of logits [B, C] against checked class indices. */
function fusedCrossEntropy(logits: Tensor, targets: Int32Array, batch: number, classes: number): Tensor {
  const z = logits.data;
  // As torch's log_softmax: log p_c = (z_c − m) − log Σ exp(z − m), with m the row maximum. Keeping
  // m and the log-sum apart (not adding them first) keeps the loss exact when |m| is huge.
  const maxes = new Float64Array(batch);
  const logSums = new Float64Array(batch);
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) if (z[row + c] > m) m = z[row + c];
    if (m === -Infinity) m = 0; // all −∞: exp gives 0, log 0 = −∞, the loss NaN as in torch
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(z[row + c] - m);
    maxes[b] = m;
    logSums[b] = Math.log(s);
    total -= z[row + targets[b]] - m - logSums[b];
  }
  const result = new Tensor(new Float64Array([total / batch]), []);
  if (needsGrad(logits)) {
    const t = targets;
    record(result, 'crossEntropy', [logits], {
      backward: (g) => {
        const scale = g[0] / batch;
        const gz = new Float64Array(z.length);
        for (let b = 0; b < batch; b++) {
          const row = b * classes;
          for (let c = 0; c < classes; c++) gz[row + c] = Math.exp(z[row + c] - maxes[b] - logSums[b]) * scale;
          gz[row + t[b]] -= scale;
        }
        return [gz];
      },
      graph: (g) => {
        const oneHot = new Float64Array(z.length);
        for (let b = 0; b < batch; b++) oneHot[b * classes + t[b]] = 1;
        return [logits.softmax(1).sub(new Tensor(oneHot, logits.shape)).mul(g.div(batch))];
      },
      fresh: true,
    });
  }
  return result;
}

/** Squared differences, averaged (or summed, or kept with `reduction`); shapes must agree. `nn.mseLoss(pred, y)` */
export function mseLoss(pred: Tensor, target: Tensor, options?: { reduction?: Reduction }): Tensor {
  const { reduction } = readOptions('mseLoss', { reduction: REDUCTION }, options);
  const d = checkPair('mseLoss', pred, target);
  return reduce(d.mul(d), reduction);
}

/** pred − target for two tensors of one shape, refusing anything else. `checkPair('l1Loss', pred, y)` @internal */
export function checkPair(op: string, pred: Tensor, target: Tensor): Tensor {
  if (!(pred instanceof Tensor) || !(target instanceof Tensor)) {
    fail(op, `expects two tensors (got ${pred instanceof Tensor ? 'Tensor' : typeof pred} and ${target instanceof Tensor ? 'Tensor' : typeof target})`);
  }
  if (!sameShape(pred.shape, target.shape)) {
    fail(op, `pred and target must have the same shape; no broadcasting (got ${formatShape(pred.shape)} and ${formatShape(target.shape)})`);
  }
  return pred.sub(target);
}

/** Fraction of rows whose largest logit (first one on ties) is the target. `nn.accuracy(logits, y)` → 0.93 */
export function accuracy(logits: Tensor, targets: Labels): number {
  const [batch, classes] = checkLogits('accuracy', logits);
  const labels = readLabels('accuracy', targets, batch, classes);
  const z = logits.data;
  let correct = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (z[row + c] > z[row + best]) best = c;
    if (best === labels[b]) correct++;
  }
  return correct / batch;
}
