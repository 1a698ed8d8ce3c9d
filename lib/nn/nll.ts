// The negative log-likelihood family, composed from differentiable primitives as aten's LossNLL.cpp composes
// them, so every option's gradient (and its gradient's gradient) comes from the primitives:
//   nll_b      = −w[t_b]·logp[b, t_b], 0 where t_b = ignoreIndex
//   mean       = Σ_b nll_b / Σ_b w[t_b] over the rows not ignored (torch divides by the weights, not by B)
//   smoothing  (1 − ε)·nll + ε/C · smooth, smooth_b = −Σ_c w_c·logp[b, c] (0 where ignored), its mean
//              divided by the same Σ w[t_b] (by the count of rows kept without weights)
//   probabilities  −Σ_c logp[b, c]·p[b, c]·w_c per row, p smoothed to (1 − ε)·p + ε/C; the mean divides by B
// The target entry is picked with indexSelect, not a one-hot product, so a −∞ logit elsewhere in the row
// leaves the loss finite, as in torch (0·−∞ would be NaN).
import { fail, formatShape } from '../errors.ts';
import { anyInteger, field, oneOf, readOptions } from '../optim/validate.ts';
import { Tensor } from '../tensor.ts';
import { describe } from './registry.ts';

/** How a loss reduces over its elements. */
export type Reduction = 'mean' | 'sum' | 'none';

/** The reduction field shared by every loss. @internal */
export const REDUCTION = oneOf('reduction', ['mean', 'sum', 'none'], 'mean');

/** Options of {@link nllLoss} (and of crossEntropy with class indices). */
export interface ClassLossOptions {
  /** 'mean' (default), 'sum' or 'none' (one loss per row). */
  reduction?: Reduction;
  /** Rows with this target add nothing, to the loss or the mean's denominator (default −100). */
  ignoreIndex?: number;
  /** A weight per class, a [C] tensor (default none). */
  weight?: Tensor | null;
}

const isWeight = (v: unknown): boolean => v === null || (v instanceof Tensor && v.ndim === 1 && !v.requiresGrad);

/** The option fields of the class losses. @internal */
export const CLASS_LOSS_FIELDS = {
  reduction: REDUCTION,
  ignoreIndex: anyInteger('ignoreIndex', -100),
  weight: field<Tensor | null>('weight', 'a 1-d Tensor of class weights without requiresGrad, or null', isWeight, null),
};

/** `x` reduced as asked. `reduce(losses, 'mean')` @internal */
export function reduce(x: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? x.mean() : reduction === 'sum' ? x.sum() : x;
}

/** The class weights as numbers (ones without a weight), checked against C. */
function classWeights(op: string, weight: Tensor | null, classes: number): Float64Array {
  if (weight === null) return new Float64Array(classes).fill(1);
  if (weight.data.length !== classes) fail(op, `weight must have one entry per class (got shape ${formatShape(weight.shape)}, expected [${classes}])`);
  return weight.data;
}

/** Class labels: an array of integers (Int32Array, number[]) or a Tensor of integer values, one per row. */
export type Labels = ArrayLike<number> | Tensor;

/** Checks logits [B, C] with B, C ≥ 1. `checkLogits('crossEntropy', z)` @internal */
export function checkLogits(op: string, logits: Tensor, what = 'logits'): [number, number] {
  if (!(logits instanceof Tensor) || logits.ndim !== 2) {
    fail(op, `${what} must be a [batch, classes] tensor (got ${logits instanceof Tensor ? formatShape(logits.shape) : describe(logits)})`);
  }
  const [batch, classes] = logits.shape;
  if (batch === 0 || classes === 0) fail(op, `${what} must have at least one row and one class (got ${formatShape(logits.shape)})`);
  return [batch, classes];
}

/**
 * One class index per row as an Int32Array, from an array or a Tensor of integer values; a label equal to
 * `ignoreIndex` is let through (it may lie outside [0, C)). `readLabels('nllLoss', y, 8, 10, -100)` @internal
 */
export function readLabels(op: string, targets: Labels, batch: number, classes: number, ignoreIndex: number | null = null): Int32Array {
  const isTensor = targets instanceof Tensor;
  if (!isTensor && (targets === null || typeof targets !== 'object' || typeof targets.length !== 'number')) {
    fail(op, `targets must be an array of class indices or a Tensor (got ${targets === null ? 'null' : typeof targets})`);
  }
  if (isTensor && targets.ndim !== 1) fail(op, `a Tensor of class indices must be 1-d, one per row (got shape ${formatShape(targets.shape)}, expected [${batch}])`);
  const values = isTensor ? targets.data : targets;
  if (values.length !== batch) fail(op, `one target per row is needed (got ${values.length} targets, expected ${batch})`);
  const labels = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const t = values[b];
    if (t === ignoreIndex) labels[b] = t;
    else if (!Number.isInteger(t) || t < 0 || t >= classes) fail(op, `target at position ${b} is not a class index (got ${String(t)}, expected an integer in [0, ${classes}))`);
    else labels[b] = t;
  }
  return labels;
}

/**
 * The NLL of log-probabilities logp [B, C] at checked labels, with torch's weight, ignoreIndex, reduction
 * and (for crossEntropy) label smoothing. `classLoss('nllLoss', logp, labels, options, 0)` @internal
 */
export function classLoss(op: string, logp: Tensor, labels: Int32Array, o: Required<ClassLossOptions>, smoothing: number): Tensor {
  const [batch, classes] = checkLogits(op, logp, 'input');
  const w = classWeights(op, o.weight, classes);
  // Row b picks logp[b, t_b]; an ignored row picks its largest entry (finite) and weighs it 0.
  const flat = new Int32Array(batch);
  const rowWeight = new Float64Array(batch);
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const ignored = labels[b] === o.ignoreIndex;
    let c = labels[b];
    if (ignored) {
      c = 0;
      for (let k = 1; k < classes; k++) if (logp.data[b * classes + k] > logp.data[b * classes + c]) c = k;
    }
    flat[b] = b * classes + c;
    rowWeight[b] = ignored ? 0 : w[c];
    total += rowWeight[b];
  }
  const perRow = logp.reshape([batch * classes]).indexSelect(0, flat).mul(new Tensor(rowWeight, [batch])).neg();
  const nll = o.reduction === 'mean' ? perRow.sum().div(total) : reduce(perRow, o.reduction);
  if (smoothing === 0) return nll;
  const keep = new Float64Array(batch * classes);
  let kept = 0;
  for (let b = 0; b < batch; b++) {
    if (labels[b] === o.ignoreIndex) continue;
    kept++;
    keep.set(w, b * classes);
  }
  const smoothRows = logp.mul(new Tensor(keep, [batch, classes])).sum(1).neg();
  const smooth = o.reduction === 'mean' ? smoothRows.sum().div(o.weight === null ? kept : total) : reduce(smoothRows, o.reduction);
  return nll.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
}

/**
 * Cross-entropy against class probabilities p [B, C] (torch's soft targets): −Σ_c logp·p·w per row, the
 * mean over rows. `probabilityCrossEntropy(logits, p, options)` @internal
 */
export function probabilityCrossEntropy(logits: Tensor, probabilities: Tensor, o: Required<ClassLossOptions> & { labelSmoothing: number }): Tensor {
  const [batch, classes] = checkLogits('crossEntropy', logits);
  if (o.ignoreIndex >= 0) fail('crossEntropy', `ignoreIndex is not supported with class-probability targets (got ${o.ignoreIndex}, expected a negative value)`);
  const w = classWeights('crossEntropy', o.weight, classes);
  let p = probabilities;
  if (o.labelSmoothing > 0) p = p.mul(1 - o.labelSmoothing).add(o.labelSmoothing / classes);
  const weighted = o.weight === null ? p : p.mul(new Tensor(w, [classes]));
  const rows = logits.logSoftmax(1).mul(weighted).sum(1).neg();
  return o.reduction === 'mean' ? rows.sum().div(batch) : reduce(rows, o.reduction);
}

/**
 * Negative log-likelihood of log-probabilities [B, C] (torch's F.nll_loss). `nn.nllLoss(logits.logSoftmax(1), y)`,
 * `nn.nllLoss(logp, y, { weight, ignoreIndex: 0, reduction: 'sum' })`
 */
export function nllLoss(input: Tensor, targets: Labels, options?: ClassLossOptions): Tensor {
  const o = readOptions('nllLoss', CLASS_LOSS_FIELDS, options);
  const [batch, classes] = checkLogits('nllLoss', input, 'input');
  return classLoss('nllLoss', input, readLabels('nllLoss', targets, batch, classes, o.ignoreIndex), o, 0);
}
