// Elementwise losses as torch.nn.functional has them, each composed from differentiable primitives in
// torch's own order of operations (aten's Loss.cpp), then reduced ('mean' by default, 'sum', 'none'):
//   l1Loss        |d|,  d = pred − target
//   huberLoss     0.5·|d|·|d| where |d| < δ, else δ·(|d| − 0.5·δ)
//   smoothL1Loss  0.5·|d|·|d|/β where |d| < β, else |d| − 0.5·β   (β = 0 is l1Loss, as in torch)
//   binaryCrossEntropyWithLogits  (1 − y)·x + l·(log(e^(−m) + e^(−x−m)) + m),  m = max(−x, 0),
//                 l = 1 + (posWeight − 1)·y (1 without posWeight), times weight: stable for any logit
//   klDiv         xlogy(y, y) − y·x (lib/nn/xlogy.ts: 0 where y = 0), or e^y·(y − x) with logTarget;
//                 'batchmean' divides the sum by the batch size, which is the KL divergence's mean
// The two branches of Huber and smooth L1 are mixed by a 0/1 mask of |d| < δ, so each element takes its
// branch's value exactly and its gradient (δ·sign(d) at |d| = δ, as torch's).
import { fail, formatShape } from '../errors.ts';
import { broadcastShapes, sameShape } from '../kernels/shape.ts';
import { field, flag, nonNegative, oneOf, readOptions } from '../optim/validate.ts';
import { Tensor } from '../tensor.ts';
import { checkPair } from './losses.ts';
import { reduce, REDUCTION, type Reduction } from './nll.ts';
import { xlogy } from './xlogy.ts';

/** `reduction` alone. */
export interface ReductionOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Mean absolute error (torch's F.l1_loss). `nn.l1Loss(pred, y)` */
export function l1Loss(pred: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const { reduction } = readOptions('l1Loss', { reduction: REDUCTION }, options);
  return reduce(checkPair('l1Loss', pred, target).abs(), reduction);
}

/** 0/1 constant: 1 where |d| < limit. */
function below(a: Tensor, limit: number): Tensor {
  const m = new Float64Array(a.data.length);
  for (let i = 0; i < m.length; i++) m[i] = a.data[i] < limit ? 1 : 0;
  return new Tensor(m, a.shape);
}

/** quadratic where the mask is 1, linear where it is 0. */
function mix(mask: Tensor, quadratic: Tensor, linear: Tensor): Tensor {
  return quadratic.mul(mask).add(linear.mul(mask.neg().add(1)));
}

/** Quadratic near 0, linear beyond δ (torch's F.huber_loss). `nn.huberLoss(pred, y, { delta: 1 })` */
export function huberLoss(pred: Tensor, target: Tensor, options?: ReductionOptions & { delta?: number }): Tensor {
  const { reduction, delta } = readOptions('huberLoss', { reduction: REDUCTION, delta: field('delta', 'a finite number > 0', (v) => typeof v === 'number' && v > 0 && v < Infinity, 1) }, options);
  const a = checkPair('huberLoss', pred, target).abs();
  return reduce(mix(below(a, delta), a.mul(0.5).mul(a), a.sub(0.5 * delta).mul(delta)), reduction);
}

/** Huber's loss divided by β (torch's F.smooth_l1_loss). `nn.smoothL1Loss(pred, y, { beta: 1 })` */
export function smoothL1Loss(pred: Tensor, target: Tensor, options?: ReductionOptions & { beta?: number }): Tensor {
  const { reduction, beta } = readOptions('smoothL1Loss', { reduction: REDUCTION, beta: nonNegative('beta', 1) }, options);
  const a = checkPair('smoothL1Loss', pred, target).abs();
  if (beta === 0) return reduce(a, reduction);
  return reduce(mix(below(a, beta), a.mul(0.5).mul(a).div(beta), a.sub(0.5 * beta)), reduction);
}

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BceOptions extends ReductionOptions {
  /** Weights broadcast against the loss (default none). */
  weight?: Tensor | null;
  /** Weight of the positive class, broadcast against the last axis (default none). */
  posWeight?: Tensor | null;
}

const tensorOrNull = (label: string) => field<Tensor | null>(label, 'a Tensor or null', (v) => v === null || v instanceof Tensor, null);

/** Sigmoid then binary cross-entropy, computed stably (torch's F.binary_cross_entropy_with_logits). `nn.binaryCrossEntropyWithLogits(z, y)` */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, options?: BceOptions): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const { reduction, weight, posWeight } = readOptions(op, { reduction: REDUCTION, weight: tensorOrNull('weight'), posWeight: tensorOrNull('posWeight') }, options);
  checkPair(op, logits, target);
  for (const [what, t] of [['weight', weight], ['posWeight', posWeight]] as const) {
    if (t !== null && (broadcastShapes(t.shape, logits.shape) === null || !sameShape(broadcastShapes(t.shape, logits.shape)!, logits.shape))) {
      fail(op, `${what} must broadcast to the logits' shape (got ${formatShape(t.shape)}, logits ${formatShape(logits.shape)})`);
    }
  }
  const x = logits;
  const m = x.neg().relu();
  const logTerm = m.neg().exp().add(x.neg().sub(m).exp()).log();
  const first = target.neg().add(1).mul(x);
  let loss = posWeight === null ? first.add(m).add(logTerm) : first.add(posWeight.sub(1).mul(target).add(1).mul(logTerm.add(m)));
  if (weight !== null) loss = loss.mul(weight);
  return reduce(loss, reduction);
}

/** Options of {@link klDiv}. */
export interface KlDivOptions {
  /** 'mean' (default, over every element, as torch), 'batchmean' (the KL divergence), 'sum' or 'none'. */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities (default false). */
  logTarget?: boolean;
}

/** KL divergence of target from input log-probabilities (torch's F.kl_div). `nn.klDiv(logq, p, { reduction: 'batchmean' })` */
export function klDiv(input: Tensor, target: Tensor, options?: KlDivOptions): Tensor {
  const { reduction, logTarget } = readOptions('klDiv', { reduction: oneOf('reduction', ['mean', 'batchmean', 'sum', 'none'], 'mean'), logTarget: flag('logTarget', false) }, options);
  checkPair('klDiv', input, target);
  let loss: Tensor;
  if (logTarget) {
    loss = target.exp().mul(target.sub(input));
  } else {
    loss = xlogy(target, target).sub(target.mul(input));
  }
  if (reduction !== 'batchmean') return reduce(loss, reduction);
  return input.ndim === 0 ? loss.sum() : loss.sum().div(input.shape[0]);
}
