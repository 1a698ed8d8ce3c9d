// LayerNorm and BatchNorm1d, as torch.nn's, composed from differentiable primitives:
//   y = (x − mean) / √(var + ε) · weight + bias,   var the biased variance (divided by n, not n − 1)
// LayerNorm normalises each sample over its last dims (normalizedShape). BatchNorm1d normalises each
// channel over the batch (and the length of [N, C, L] input) in training, and updates its running
// statistics, buffers saved in the state dict under torch's names:
//   running_mean ← (1 − m)·running_mean + m·mean,   running_var ← (1 − m)·running_var + m·var·n/(n − 1)
// with m = momentum, or 1/num_batches_tracked when momentum is null (a cumulative average). In evaluation
// it uses the running statistics instead. Training on one value per channel is refused, as torch refuses it.
import { markWritten } from '../autograd.ts';
import { ones, zeros } from '../creation.ts';
import { fail, formatShape, isList } from '../errors.ts';
import { field, flag, nonNegative, readOptions } from '../optim/validate.ts';
import { Tensor } from '../tensor.ts';
import { checkTensor } from './activations.ts';
import { checkFeatures } from './linear.ts';
import { Module } from './module.ts';
import { describe } from './registry.ts';

/** (x − mean)/√(var + ε) over `axes` (kept as size 1). */
function normalizeOver(x: Tensor, axes: number[], eps: number): { mean: Tensor; centered: Tensor; y: Tensor } {
  const mean = x.mean(axes, true);
  const centered = x.sub(mean);
  const variance = centered.mul(centered).mean(axes, true);
  return { mean, centered, y: centered.div(variance.add(eps).sqrt()) };
}

/** Options of {@link layerNorm}. */
export interface LayerNormFunctionOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

const isTensorOrNull = (v: unknown): boolean => v === null || v instanceof Tensor;

/** Normalises over the last dims of `normalizedShape` (torch's F.layer_norm). `nn.layerNorm(x, [16], { weight, bias })` */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], options?: LayerNormFunctionOptions): Tensor {
  checkTensor('layerNorm', x);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  const fields = { weight: field<Tensor | null>('weight', 'a Tensor or null', isTensorOrNull, null), bias: field<Tensor | null>('bias', 'a Tensor or null', isTensorOrNull, null), eps: nonNegative('eps', 1e-5) };
  const { weight, bias, eps } = readOptions('layerNorm', fields, options);
  if (!isList(shape) || shape.length === 0 || shape.length > x.ndim || formatShape(x.shape.slice(x.ndim - shape.length)) !== formatShape(shape)) {
    fail('layerNorm', `the input's last dims must be normalizedShape (got input ${formatShape(x.shape)}, normalizedShape ${describe(normalizedShape)})`);
  }
  for (const [what, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && formatShape(t.shape) !== formatShape(shape)) fail('layerNorm', `${what} must have shape ${formatShape(shape)} (got ${formatShape(t.shape)})`);
  }
  const axes = shape.map((_, i) => x.ndim - shape.length + i);
  let y = normalizeOver(x, axes, eps).y;
  if (weight !== null) y = y.mul(weight);
  if (bias !== null) y = y.add(bias);
  return y;
}

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn a weight (ones) and bias (zeros) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, learn the bias too (default true). */
  bias?: boolean;
}

/** Layer normalisation over the last dims. `new nn.LayerNorm(128)`, `new nn.LayerNorm([4, 8], { eps: 1e-6 })` */
export class LayerNorm extends Module {
  /** The trailing shape normalised over. */
  readonly normalizedShape: number[];
  /** Added to the variance. */
  readonly eps: number;
  /** [normalizedShape], ones, or null without elementwiseAffine. */
  readonly weight: Tensor | null;
  /** [normalizedShape], zeros, or null. */
  readonly bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options?: LayerNormOptions) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!isList(shape) || shape.length === 0) fail('LayerNorm', `normalizedShape must be a size or a non-empty array of sizes (got ${describe(normalizedShape)})`);
    shape.forEach((d, i) => checkFeatures('LayerNorm', `normalizedShape[${i}]`, d));
    const { eps, elementwiseAffine, bias } = readOptions('LayerNorm', { eps: nonNegative('eps', 1e-5), elementwiseAffine: flag('elementwiseAffine', true), bias: flag('bias', true) }, options);
    this.normalizedShape = shape.slice();
    this.eps = eps;
    this.weight = elementwiseAffine ? ones(shape, { requiresGrad: true }) : null;
    this.bias = elementwiseAffine && bias ? zeros(shape, { requiresGrad: true }) : null;
  }

  /** `norm.forward(x)`: x [..., ...normalizedShape] → the same shape. */
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
}

/** Options of {@link BatchNorm1d}. */
export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running averages (default 0.1); null for a cumulative average. */
  momentum?: number | null;
  /** Learn a weight and bias per channel (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true); without them batch statistics are used always. */
  trackRunningStats?: boolean;
}

const isMomentum = (v: unknown): boolean => v === null || (typeof v === 'number' && v >= 0 && v <= 1);

/** Batch normalisation of [N, C] or [N, C, L] input per channel. `new nn.BatchNorm1d(64)` */
export class BatchNorm1d extends Module {
  /** Channels C. */
  readonly numFeatures: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Weight of each batch in the running statistics, or null for a cumulative average. */
  readonly momentum: number | null;
  /** [C] ones, or null without affine. */
  readonly weight: Tensor | null;
  /** [C] zeros, or null without affine. */
  readonly bias: Tensor | null;
  /** Buffer `running_mean` [C] (zeros), or null without trackRunningStats. */
  readonly runningMean: Tensor | null;
  /** Buffer `running_var` [C] (ones), or null. */
  readonly runningVar: Tensor | null;
  /** Buffer `num_batches_tracked` [] (a count), or null. */
  readonly numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, options?: BatchNormOptions) {
    super();
    this.numFeatures = checkFeatures('BatchNorm1d', 'numFeatures', numFeatures);
    const fields = { eps: nonNegative('eps', 1e-5), momentum: field<number | null>('momentum', 'a number in [0, 1], or null for a cumulative average', isMomentum, 0.1), affine: flag('affine', true),
      trackRunningStats: flag('trackRunningStats', true) };
    const { eps, momentum, affine, trackRunningStats } = readOptions('BatchNorm1d', fields, options);
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? ones([numFeatures], { requiresGrad: true }) : null;
    this.bias = affine ? zeros([numFeatures], { requiresGrad: true }) : null;
    // torch's buffer names, so state dicts move both ways; the camelCase fields read the same tensors.
    this.runningMean = this.registerBuffer('running_mean', trackRunningStats ? zeros([numFeatures]) : null);
    this.runningVar = this.registerBuffer('running_var', trackRunningStats ? ones([numFeatures]) : null);
    this.numBatchesTracked = this.registerBuffer('num_batches_tracked', trackRunningStats ? zeros([]) : null);
  }

  /** Normalises with batch statistics in training (updating the running ones), running statistics in evaluation. `bn.forward(x)` */
  forward(x: Tensor): Tensor {
    checkTensor('BatchNorm1d', x);
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      fail('BatchNorm1d', `expects input [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L] (got ${formatShape(x.shape)})`);
    }
    const axes = x.ndim === 2 ? [0] : [0, 2];
    const view = x.ndim === 2 ? [this.numFeatures] : [this.numFeatures, 1];
    const count = x.ndim === 2 ? x.shape[0] : x.shape[0] * x.shape[2];
    let y: Tensor;
    if (this.training || this.runningMean === null) {
      if (this.training && count <= 1) fail('BatchNorm1d', `expected more than 1 value per channel when training (got input ${formatShape(x.shape)})`);
      const stats = normalizeOver(x, axes, this.eps);
      if (this.training && this.runningMean !== null) this.updateRunningStats(stats.mean, stats.centered, count);
      y = stats.y;
    } else {
      const mean = this.runningMean.reshape(view);
      y = x.sub(mean).div((this.runningVar as Tensor).reshape(view).add(this.eps).sqrt());
    }
    if (this.weight !== null) y = y.mul(this.weight.reshape(view));
    if (this.bias !== null) y = y.add(this.bias.reshape(view));
    return y;
  }

  /** The running averages, updated in place from this batch's mean and unbiased variance per channel. */
  private updateRunningStats(mean: Tensor, centered: Tensor, count: number): void {
    const c = this.numFeatures;
    const tracked = this.numBatchesTracked as Tensor;
    const rmT = this.runningMean as Tensor;
    const rvT = this.runningVar as Tensor;
    // In-place writes, counted as torch counts them: a backward that read the old statistics then refuses.
    for (const [t, name] of [[tracked, 'num_batches_tracked'], [rmT, 'running_mean'], [rvT, 'running_var']] as const) markWritten(t, `BatchNorm1d.forward on '${name}'`);
    tracked.data[0] += 1;
    const m = this.momentum === null ? 1 / tracked.data[0] : this.momentum;
    // Σ(x − mean)² per channel from the centred values (no cancellation), divided by n − 1 as torch does.
    const inner = centered.ndim === 3 ? centered.shape[2] : 1;
    const xc = centered.data;
    const sumSq = new Float64Array(c);
    for (let i = 0; i < xc.length; i++) {
      const ch = Math.floor(i / inner) % c;
      sumSq[ch] += xc[i] * xc[i];
    }
    const rm = rmT.data;
    const rv = rvT.data;
    for (let ch = 0; ch < c; ch++) {
      rm[ch] = m * mean.data[ch] + (1 - m) * rm[ch];
      rv[ch] = m * (sumSq[ch] / (count - 1)) + (1 - m) * rv[ch];
    }
  }
}
