// The base of torch.optim.lr_scheduler's epoch-indexed schedulers (_LRScheduler, 1.13). A scheduler writes
// each param group's `lr`; call `scheduler.step()` after `optimizer.step()`. The constructor records
// `initialLr` in each group (torch's initial_lr, kept if already there) and takes step 0, so the lr before
// any step is the schedule's value at epoch 0. A subclass gives the chainable form (computeLr, from the
// current lrs) and, where torch has one, the closed form (from the base lrs), which SequentialLR uses when
// it restarts a scheduler at a milestone. A step the schedule refuses changes nothing.
import { fail } from '../errors.ts';
import { Optimizer } from './optimizer.ts';
import { checkFields, formatValue, integer, perGroup, readOptions, type Field, type Fields } from './validate.ts';

/** JSON-serialisable scheduler state (SequentialLR nests its schedulers' states). */
export type SchedulerStateDict = { [key: string]: number | number[] | string | boolean | null | SchedulerStateDict[] };
/** What a scheduler reads and writes in a param group. */
export type Group = { lr: number; initialLr?: number };

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

  /** The lr per group at `lastEpoch` from the base lrs alone, where the schedule has one (torch's _get_closed_form_lr). */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /**
   * torch's _initial_step: records initialLr where a group has none, then takes step 0. Each subclass calls it
   * last in its constructor; SequentialLR calls it again on its first scheduler. `sched.initialStep()` @internal
   */
  initialStep(): void {
    const groups = this.groups();
    for (const g of groups) g.initialLr ??= g.lr;
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.stepCount = 0;
    this.step();
  }

  /** Advances one epoch and writes the new lr into every param group. `sched.step()` */
  step(): void {
    this.advance(this.lastEpoch + 1, false);
  }

  /** Jumps to `epoch`, with the closed form where there is one (torch's deprecated step(epoch), as SequentialLR uses it). `sched.stepTo(0)` @internal */
  stepTo(epoch: number): void {
    this.advance(epoch, true);
  }

  /** Moves to `epoch` and writes the lrs; a schedule that refuses the epoch changes nothing. */
  private advance(epoch: number, closedForm: boolean): void {
    const [lastEpoch, stepCount] = [this.lastEpoch, this.stepCount];
    this.stepCount++;
    this.lastEpoch = epoch;
    const groups = this.groups();
    let lrs: number[];
    try {
      lrs = (closedForm ? this.closedFormLr() : null) ?? this.computeLr(groups);
    } catch (e) {
      [this.lastEpoch, this.stepCount] = [lastEpoch, stepCount];
      throw e;
    }
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
    const options: SchedulerStateDict = {};
    for (const k of Object.keys(this.fields)) {
      const v = (this as unknown as SchedulerStateDict)[k];
      options[k] = Array.isArray(v) ? v.slice() : v;
    }
    return { type: this.name, lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: this.baseLrs.slice(), lastLr: this.lastLr.slice(), ...options };
  }

  /** Restores {@link stateDict} output (validated first; nothing changes on error). `sched.loadStateDict(saved)` */
  loadStateDict(sd: SchedulerStateDict): void {
    const saved = this.checkStateDict(sd);
    this.lastEpoch = saved.lastEpoch as number;
    this.stepCount = saved.stepCount as number;
    this.baseLrs = (saved.baseLrs as number[]).slice();
    this.lastLr = (saved.lastLr as number[]).slice();
    for (const k of Object.keys(this.fields)) {
      const v = saved[k];
      (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? v.slice() : v;
    }
  }

  /** Validates saved state for this scheduler and returns it, changing nothing. `sched.checkStateDict(saved)` @internal */
  checkStateDict(sd: SchedulerStateDict): SchedulerStateDict {
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
    return saved;
  }

  protected groups(): Group[] {
    return this.optimizer.paramGroups;
  }
}
