// Learning-rate schedulers with torch.optim.lr_scheduler (1.13) semantics. A scheduler writes each
// param group's `lr`; call `scheduler.step()` after `optimizer.step()`, once per epoch. The constructor
// records `initialLr` in each group (torch's initial_lr, kept if already there) and takes step 0, so the
// lr before any step is the schedule's value at epoch 0. The chainable forms are torch's own, e.g.
// CosineAnnealingLR's recursive rule, whose values past tMax climb back up as torch's do.
import { fail } from '../errors.ts';
import { Optimizer } from './optimizer.ts';
import { checkFields, formatValue, integer, nonNegative, perGroup, positiveInteger, readOptions, type Field, type Fields } from './validate.ts';

/** JSON-serialisable scheduler state. */
export type SchedulerStateDict = Record<string, number | number[] | string | null>;
type Group = { lr: number; initialLr?: number };

/** The optimiser a scheduler drives, checked. `checkOptimizer('StepLR', opt)` @internal */
export function checkOptimizer(op: string, optimizer: unknown): Optimizer {
  if (!(optimizer instanceof Optimizer)) fail(op, `expects an Optimizer (got ${formatValue(optimizer)})`);
  const groups = (optimizer as Optimizer<object>).paramGroups;
  const without = groups.findIndex((g) => typeof (g as { lr?: unknown }).lr !== 'number');
  if (without >= 0) fail(op, `expects an optimiser with a learning rate (got ${optimizer.constructor.name}, whose param group ${without} has none)`);
  return optimizer as Optimizer;
}

/** The saved scheduler's `type`, checked. `checkStateType('StepLR.loadStateDict', 'StepLR', sd)` @internal */
export function checkStateType(op: string, type: string, sd: unknown): SchedulerStateDict {
  const saved = sd as SchedulerStateDict | null;
  if (saved === null || typeof saved !== 'object' || saved.type !== type) fail(op, `not a ${type} state dict (got type ${formatValue(saved?.type)})`);
  return saved;
}

/**
 * Base of the epoch-indexed schedulers (torch's _LRScheduler). A subclass declares its options once as
 * fields; the base checks them in the constructor and on load, saves them, and sets them as properties.
 * `class MyLR extends LRScheduler<{ gamma: number }> { … }`
 */
export abstract class LRScheduler<O extends object = object> {
  /** The optimiser whose param groups' lr this writes. */
  readonly optimizer: Optimizer;
  /** Epochs stepped so far (0 after construction). */
  lastEpoch = -1;
  /** Each group's initialLr. */
  baseLrs: number[] = [];
  protected stepCount = 0;
  private lastLr: number[] = [];
  protected readonly name: string;
  private readonly fields: Fields<O>;

  protected constructor(name: string, optimizer: Optimizer, fields: Fields<O>, options: O | undefined) {
    this.name = name;
    this.optimizer = checkOptimizer(name, optimizer);
    this.fields = fields;
    Object.assign(this, readOptions(name, fields, options));
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
    groups.forEach((g, i) => {
      g.lr = lrs[i];
    });
    this.lastLr = groups.map((g) => g.lr);
  }

  /** The lrs written by the last step. `sched.getLastLr()` */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** `{ type, lastEpoch, stepCount, baseLrs, lastLr, …options }`. `JSON.stringify(sched.stateDict())` */
  stateDict(): SchedulerStateDict {
    const options: Record<string, number> = {};
    for (const k of Object.keys(this.fields)) options[k] = (this as unknown as Record<string, number>)[k];
    return { type: this.name, lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: this.baseLrs.slice(), lastLr: this.lastLr.slice(), ...options };
  }

  /** Restores {@link stateDict} output (validated first; nothing changes on error). `sched.loadStateDict(saved)` */
  loadStateDict(sd: SchedulerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    const saved = checkStateType(op, this.name, sd);
    const n = this.groups().length;
    const counters: Readonly<Record<string, Field>> = {
      lastEpoch: integer('lastEpoch', undefined, -1),
      stepCount: integer('stepCount', undefined, -1),
      baseLrs: perGroup('baseLrs', n),
      lastLr: perGroup('lastLr', n),
    };
    checkFields(op, counters, saved);
    checkFields(op, this.fields, saved);
    this.lastEpoch = saved.lastEpoch as number;
    this.stepCount = saved.stepCount as number;
    this.baseLrs = (saved.baseLrs as number[]).slice();
    this.lastLr = (saved.lastLr as number[]).slice();
    for (const k of Object.keys(this.fields)) (this as unknown as Record<string, unknown>)[k] = saved[k];
  }

  protected groups(): Group[] {
    return this.optimizer.paramGroups;
  }
}

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
}
