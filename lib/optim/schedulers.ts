// Learning-rate schedulers with torch.optim.lr_scheduler (1.13) semantics, on the base in lr-scheduler.ts.
// The chainable forms are torch's own, e.g. CosineAnnealingLR's recursive rule, whose values past tMax
// climb back up as torch's do; the closed forms are torch's too.
import { fail } from '../errors.ts';
import { LRScheduler, type Group } from './lr-scheduler.ts';
import type { Optimizer } from './optimizer.ts';
import { field, formatValue, nonNegative, positiveInteger, unitInterval } from './validate.ts';

/** lr = initialLr · λ(epoch). `new LambdaLR(opt, (epoch) => 0.95 ** epoch)` (one λ, or one per group) */
export class LambdaLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];

  constructor(optimizer: Optimizer, lambda: ((epoch: number) => number) | ((epoch: number) => number)[]) {
    super('LambdaLR', optimizer, {}, undefined);
    const n = this.optimizer.paramGroups.length;
    const list = Array.isArray(lambda) ? lambda : Array.from({ length: n }, () => lambda);
    if (list.length !== n || !list.every((f) => typeof f === 'function')) fail('LambdaLR', `expected ${n} lr lambdas (got ${formatValue(lambda)})`);
    this.lambdas = list;
    this.initialStep();
  }

  // The lambdas are not state: torch saves only callable objects' __dict__, and functions have none here.
  protected computeLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lambdas[i](this.lastEpoch));
  }
}

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions {
  gamma: number;
}

/** lr ← lr·γ every epoch. `new ExponentialLR(opt, { gamma: 0.9 })` */
export class ExponentialLR extends LRScheduler<ExponentialLROptions> {
  /** The factor per epoch. */
  declare gamma: number;

  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer, { gamma: nonNegative('gamma') }, options);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    return groups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}

/** Options of {@link StepLR}. */
export interface StepLROptions {
  stepSize: number;
  /** Default 0.1. */
  gamma?: number;
}

/** lr ← lr·γ every `stepSize` epochs. `new StepLR(opt, { stepSize: 30, gamma: 0.1 })` */
export class StepLR extends LRScheduler<StepLROptions> {
  /** Epochs between decays. */
  declare stepSize: number;
  /** The factor at each decay. */
  declare gamma: number;

  constructor(optimizer: Optimizer, options: StepLROptions) {
    super('StepLR', optimizer, { stepSize: positiveInteger('stepSize'), gamma: nonNegative('gamma', 0.1) }, options);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    const decay = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return groups.map((g) => (decay ? g.lr * this.gamma : g.lr));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  tMax: number;
  /** Default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing from initialLr to etaMin over tMax epochs, in torch's recursive form
 * lr_t = (1 + cos(πt/T)) / (1 + cos(π(t−1)/T)) · (lr_{t−1} − ηmin) + ηmin, which past tMax rises again
 * (period 2·tMax). `new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0 })`
 */
export class CosineAnnealingLR extends LRScheduler<CosineAnnealingLROptions> {
  /** Epochs from initialLr down to etaMin (half a period). */
  declare tMax: number;
  /** The lowest lr. */
  declare etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer, { tMax: positiveInteger('tMax'), etaMin: nonNegative('etaMin', 0) }, options);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    const { lastEpoch: t, tMax: T, etaMin } = this;
    if (t === 0) return groups.map((g) => g.lr);
    if (this.stepCount === 1 && t > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((t * Math.PI) / T))) / 2);
    }
    // At the trough of each period the ratio form would divide by 1 + cos(π) = 0; torch steps up instead.
    if ((t - 1 - T) % (2 * T) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return groups.map((g) => ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
}

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions {
  /** Epochs at which the lr is multiplied by gamma (a repeated milestone multiplies once per repeat, as torch's Counter). */
  milestones: readonly number[];
  /** Default 0.1. */
  gamma?: number;
}

const isMilestones = (v: unknown): boolean => Array.isArray(v) && v.every((m) => Number.isSafeInteger(m) && (m as number) >= 0);

/** lr ← lr·γ^k at each milestone, k its multiplicity. `new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 })` */
export class MultiStepLR extends LRScheduler<MultiStepLROptions> {
  /** Epochs at which the lr decays (sorted). */
  declare milestones: number[];
  /** The factor at each milestone. */
  declare gamma: number;

  constructor(optimizer: Optimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer, { milestones: field<readonly number[]>('milestones', 'an array of integers ≥ 0', isMilestones, undefined), gamma: nonNegative('gamma', 0.1) }, options);
    this.milestones = this.milestones.slice().sort((a, b) => a - b);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    const k = this.milestones.filter((m) => m === this.lastEpoch).length;
    return groups.map((g) => (k === 0 ? g.lr : g.lr * this.gamma ** k));
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }
}

/** Options of {@link LinearLR}. */
export interface LinearLROptions {
  /** The factor at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** The factor from totalIters on, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs from startFactor to endFactor (default 5). */
  totalIters?: number;
}

/**
 * lr = initialLr · factor, the factor moving linearly from startFactor to endFactor over totalIters epochs
 * (warm-up, or a linear decay), in torch's chainable form. `new LinearLR(opt, { startFactor: 0.1, totalIters: 5 })`
 */
export class LinearLR extends LRScheduler<LinearLROptions> {
  /** Factor at epoch 0. */
  declare startFactor: number;
  /** Factor from totalIters on. */
  declare endFactor: number;
  /** Epochs of the ramp. */
  declare totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    // torch 1.13 accepts startFactor 0, then divides by zero at epoch 1; it is refused here.
    const start = field('startFactor', 'a number in (0, 1]', (v) => typeof v === 'number' && v > 0 && v <= 1, 1 / 3);
    super('LinearLR', optimizer, { startFactor: start, endFactor: unitInterval('endFactor', 1), totalIters: positiveInteger('totalIters', 5) }, options);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    const { lastEpoch: t, startFactor: s, endFactor: e, totalIters: n } = this;
    if (t === 0) return groups.map((g) => g.lr * s);
    if (t > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: t, startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((base) => base * (s + ((e - s) * Math.min(n, t)) / n));
  }
}
