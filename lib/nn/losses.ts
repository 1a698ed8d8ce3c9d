// Losses. crossEntropy is fused (log-softmax + negative log-likelihood + mean) with its own backward:
//   ℓ = (1/B) Σ_b [ logΣ_c exp(z_bc) − z_b,t_b ],   ∂ℓ/∂z_bc = (softmax(z_b)_c − [c = t_b]) / B.
// The log-sum-exp subtracts the row maximum first, so large logits neither overflow nor lose the loss.
// Its graph backward (createGraph) is the same formula with softmax on the tape, so the Hessian of the loss
// in the logits, (diag(p) − p pᵀ)/B per row, comes out of the second backward.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { sameShape } from '../kernels/shape.ts';
import { Tensor } from '../tensor.ts';

function checkLogitsAndTargets(op: string, logits: Tensor, targets: ArrayLike<number>): [number, number] {
  if (!(logits instanceof Tensor) || logits.ndim !== 2) {
    fail(op, `logits must be a [batch, classes] tensor (got ${logits instanceof Tensor ? formatShape(logits.shape) : typeof logits})`);
  }
  const [batch, classes] = logits.shape;
  if (batch === 0 || classes === 0) fail(op, `logits must have at least one row and one class (got ${formatShape(logits.shape)})`);
  if (targets === null || typeof targets !== 'object' || typeof targets.length !== 'number') {
    fail(op, `targets must be an array of class indices (got ${targets === null ? 'null' : typeof targets})`);
  }
  if (targets.length !== batch) fail(op, `one target per row is needed (got ${targets.length} targets, expected ${batch})`);
  for (let b = 0; b < batch; b++) {
    const t = targets[b];
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      fail(op, `target at position ${b} is not a class index (got ${String(t)}, expected an integer in [0, ${classes}))`);
    }
  }
  return [batch, classes];
}

/**
 * Mean cross-entropy of logits [B, C] against class indices, as torch's F.cross_entropy.
 * `nn.crossEntropy(model.forward(x), [3, 1, 4])`
 */
export function crossEntropy(logits: Tensor, targets: ArrayLike<number>): Tensor {
  const [batch, classes] = checkLogitsAndTargets('crossEntropy', logits, targets);
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
    const t = Int32Array.from(targets);
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

/** Mean of squared differences; pred and target must have the same shape. `nn.mseLoss(pred, y)` */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  if (!(pred instanceof Tensor) || !(target instanceof Tensor)) {
    fail('mseLoss', `expects two tensors (got ${pred instanceof Tensor ? 'Tensor' : typeof pred} and ${target instanceof Tensor ? 'Tensor' : typeof target})`);
  }
  if (!sameShape(pred.shape, target.shape)) {
    fail('mseLoss', `pred and target must have the same shape; no broadcasting (got ${formatShape(pred.shape)} and ${formatShape(target.shape)})`);
  }
  const d = pred.sub(target);
  return d.mul(d).mean();
}

/** Fraction of rows whose largest logit (first one on ties) is the target. `nn.accuracy(logits, y)` → 0.93 */
export function accuracy(logits: Tensor, targets: ArrayLike<number>): number {
  const [batch, classes] = checkLogitsAndTargets('accuracy', logits, targets);
  const z = logits.data;
  let correct = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (z[row + c] > z[row + best]) best = c;
    if (best === targets[b]) correct++;
  }
  return correct / batch;
}
