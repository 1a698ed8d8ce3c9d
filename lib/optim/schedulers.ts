// Learning-rate schedulers with torch.optim.lr_scheduler (1.13) semantics. A scheduler writes each
// param group's `lr`; call `scheduler.step()` after `optimizer.step()`, once per epoch. The constructor
// records `initialLr` in each group (torch's initial_lr, kept if already there) and takes step 0, so the
// lr before any step is the schedule's value at epoch 0. The chainable forms are torch's own, e.g.
// CosineAnnealingLR's recursive rule, whose values past tMax climb back up as torch's do.
import { fail } from '../errors.ts';
import { Optimizer } from './optimizer.ts';
import { formatValue } from './validate.ts';

/** JSON-serialisable scheduler state. */
export type SchedulerStateDict = Record<string, number | number[] | string | null>;
type Group = { lr: number; initialLr?: number };

/** @internal */
export function checkOptimizer(op: string, optimizer: unknown): Optimizer {
  if (!(optimizer instanceof Optimizer)) fail(op, `expects an Optimizer (got ${formatValue(optimizer)})`);
  return optimizer;
}

/** A test a scheduler option must pass, and how to describe the values it accepts. @internal */
export type Rule = readonly [test: (x: number) => boolean, expected: string];
/** @internal */
export const nonNegative: Rule = [(x) => x >= 0, 'a finite number ≥ 0'];
/** @internal */
export const positiveInteger: Rule = [(x) => Number.isInteger(x) && x >= 1, 'an integer ≥ 1'];

/** @internal */
export function checkNumber(op: string, label: string, v: unknown, ok: (x: number) => boolean, expected: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) fail(op, `invalid ${label} (got ${formatValue(v)}, expected ${expected})`);
  return v;
}

/** Base of the epoch-indexed schedulers (torch's _LRScheduler). */
export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** Epochs stepped so far (0 after construction). */
  lastEpoch = -1;
  /** Each group's initialLr. */
  baseLrs: number[] = [];
  protected stepCount = 0;
  private lastLr: number[] = [];
  protected readonly name: string;

  protected constructor(name: string, optimizer: Optimizer) {
    this.name = name;
    this.optimizer = checkOptimizer(name, optimizer);
  }

  /** The schedule's lr per group at `lastEpoch`, from the current lrs (torch's get_lr). */
  protected abstract computeLr(groups: readonly Group[]): number[];

  /** torch's _initial_step; each subclass calls it last in its constructor, once its fields are set. */
  protected initialStep(): void {
    const groups = this.groups();
    for (const g of groups) g.initialLr ??= g.lr;
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.step();
  }

  /** Advances one epoch and writes the new lr into every param group. `sched.step()` */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    const groups = this.groups();
    const lrs = this.computeLr(groups);
    groups.forEach((g, i) => { g.lr = lrs[i]; });
    this.lastLr = groups.map((g) => g.lr);
  }

  /** The lrs written by the last step. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** `{ lastEpoch, stepCount, baseLrs, lastLr, …options }` */
  stateDict(): SchedulerStateDict {
    return { type: this.name, lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: this.baseLrs.slice(), lastLr: this.lastLr.slice(), ...this.options() };
  }

  /** Restores {@link stateDict} output (validated first; nothing changes on error). */
  loadStateDict(sd: SchedulerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    const n = this.groups().length;
    if (sd === null || typeof sd !== 'object' || sd.type !== this.name) fail(op, `not a ${this.name} state dict (got type ${formatValue(sd?.type)})`);
    for (const k of ['baseLrs', 'lastLr'] as const) {
      const v = sd[k];
      if (!Array.isArray(v) || v.length !== n || !v.every((x) => Number.isFinite(x))) fail(op, `'${k}' must be ${n} finite numbers (got ${formatValue(v)})`);
    }
    for (const k of ['lastEpoch', 'stepCount'] as const) {
      if (!Number.isSafeInteger(sd[k]) || (sd[k] as number) < -1) fail(op, `'${k}' must be an integer (got ${formatValue(sd[k])})`);
    }
    const options = this.checkOptions(op, sd);
    this.lastEpoch = sd.lastEpoch as number;
    this.stepCount = sd.stepCount as number;
    this.baseLrs = (sd.baseLrs as number[]).slice();
    this.lastLr = (sd.lastLr as number[]).slice();
    Object.assign(this, options);
  }

  /** The scheduler's own options, as saved. */
  protected abstract options(): Record<string, number>;
  /** The rule each option obeys — the same in the constructor and on load. */
  protected abstract rules(): Record<string, Rule>;
  /** Validates saved options; returns them to assign. */
  protected checkOptions(op: string, sd: SchedulerStateDict): Record<string, number> {
    const out: Record<string, number> = {};
    const rules = this.rules();
    for (const k of Object.keys(this.options())) out[k] = checkNumber(op, k, sd[k], ...rules[k]);
    return out;
  }

  protected groups(): Group[] {
    return this.optimizer.paramGroups as unknown as Group[];
  }
}

/** lr = initialLr · λ(epoch). `new LambdaLR(opt, (epoch) => 0.95 ** epoch)` (one λ, or one per group) */
export class LambdaLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];

  constructor(optimizer: Optimizer, lambda: ((epoch: number) => number) | ((epoch: number) => number)[]) {
    super('LambdaLR', optimizer);
    const n = optimizer.paramGroups.length;
    const list = Array.isArray(lambda) ? lambda : Array.from({ length: n }, () => lambda);
    if (list.length !== n || !list.every((f) => typeof f === 'function')) fail('LambdaLR', `expected ${n} lr lambdas (got ${formatValue(lambda)})`);
    this.lambdas = list;
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lambdas[i](this.lastEpoch));
  }

  protected options(): Record<string, number> {
    return {}; // functions are not state (torch saves only callable objects' __dict__)
  }

  protected rules(): Record<string, Rule> {
    return {};
  }
}

/** lr ← lr·γ every epoch. `new ExponentialLR(opt, { gamma: 0.9 })` */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: Optimizer, options: { gamma: number }) {
    super('ExponentialLR', optimizer);
    this.gamma = checkNumber('ExponentialLR', 'gamma', options?.gamma, ...nonNegative);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    return groups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }

  protected options(): Record<string, number> {
    return { gamma: this.gamma };
  }

  protected rules(): Record<string, Rule> {
    return { gamma: nonNegative };
  }
}

/** lr ← lr·γ every `stepSize` epochs. `new StepLR(opt, { stepSize: 30, gamma: 0.1 })` */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: Optimizer, options: { stepSize: number; gamma?: number }) {
    super('StepLR', optimizer);
    this.stepSize = checkNumber('StepLR', 'stepSize', options?.stepSize, ...positiveInteger);
    this.gamma = checkNumber('StepLR', 'gamma', options.gamma === undefined ? 0.1 : options.gamma, ...nonNegative);
    this.initialStep();
  }

  protected computeLr(groups: readonly Group[]): number[] {
    const decay = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return groups.map((g) => (decay ? g.lr * this.gamma : g.lr));
  }

  protected options(): Record<string, number> {
    return { stepSize: this.stepSize, gamma: this.gamma };
  }

  protected rules(): Record<string, Rule> {
    return { stepSize: positiveInteger, gamma: nonNegative };
  }
}

/**
 * Cosine annealing from initialLr to etaMin over tMax epochs, in torch's recursive form
 * lr_t = (1 + cos(πt/T)) / (1 + cos(π(t−1)/T)) · (lr_{t−1} − ηmin) + ηmin, which past tMax rises again
 * (period 2·tMax). `new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0 })`
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(optimizer: Optimizer, options: { tMax: number; etaMin?: number }) {
    super('CosineAnnealingLR', optimizer);
    this.tMax = checkNumber('CosineAnnealingLR', 'tMax', options?.tMax, ...positiveInteger);
    this.etaMin = checkNumber('CosineAnnealingLR', 'etaMin', options.etaMin === undefined ? 0 : options.etaMin, ...nonNegative);
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

  protected options(): Record<string, number> {
    return { tMax: this.tMax, etaMin: this.etaMin };
  }

  protected rules(): Record<string, Rule> {
    return { tMax: positiveInteger, etaMin: nonNegative };
  }
}
