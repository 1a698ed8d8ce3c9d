// SequentialLR, as torch.optim.lr_scheduler.SequentialLR (1.13): several schedulers of one optimiser in turn,
// switching at the milestones — typically a warm-up (LinearLR) then a decay. On construction the lrs go back to
// each group's initialLr, every scheduler's epoch goes back by one, and only the first takes its initial step.
// At each step the scheduler whose span holds the epoch steps; at a milestone the next one restarts at its
// epoch 0 through its closed form (torch's step(0)), so a decay starts from the initial lr.
import { fail } from '../errors.ts';
import { checkOptimizer, checkStateType, LRScheduler, type SchedulerStateDict } from './lr-scheduler.ts';
import type { Optimizer } from './optimizer.ts';
import { checkFields, field, formatValue, integer, perGroup, readOptions } from './validate.ts';

/** Options of {@link SequentialLR}. */
export interface SequentialLROptions {
  /** The schedulers, in order, all of this optimiser. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over: one fewer than schedulers, increasing. */
  milestones: readonly number[];
}

/** Runs schedulers one after another. `new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [5] })` */
export class SequentialLR {
  /** The optimiser whose lrs the schedulers write. */
  readonly optimizer: Optimizer;
  /** The schedulers, in order. */
  readonly schedulers: readonly LRScheduler[];
  /** Epochs at which the next scheduler takes over. */
  readonly milestones: readonly number[];
  /** Epochs stepped so far (0 after construction). */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, options: SequentialLROptions) {
    const op = 'SequentialLR';
    this.optimizer = checkOptimizer(op, optimizer);
    const increasing = (v: unknown): boolean => Array.isArray(v) && v.every((m: unknown, i) => Number.isSafeInteger(m) && (m as number) >= 1 && (i === 0 || (m as number) > (v[i - 1] as number)));
    const { schedulers, milestones } = readOptions<SequentialLROptions>(op, {
      schedulers: field<readonly LRScheduler[]>('schedulers', 'a non-empty array of schedulers', (v) => Array.isArray(v) && v.length > 0, undefined),
      milestones: field<readonly number[]>('milestones', 'an array of increasing integers ≥ 1', increasing, undefined),
    }, options);
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) fail(op, `scheduler ${i} is not an epoch scheduler (got ${formatValue(s)}; ReduceLROnPlateau cannot be sequenced)`);
      if (s.optimizer !== optimizer) fail(op, `scheduler ${i} belongs to another optimiser (expected all to step this one)`);
    });
    if (milestones.length !== schedulers.length - 1) fail(op, `expected one milestone fewer than schedulers (got ${milestones.length} milestones for ${schedulers.length} schedulers)`);
    this.schedulers = schedulers.slice();
    this.milestones = milestones.slice();
    for (const g of this.optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].initialStep();
    this.lastLr = this.schedulers[0].getLastLr();
  }

  /** Advances one epoch through the scheduler whose span holds it. `sched.step()` */
  step(): void {
    const epoch = this.lastEpoch + 1;
    const index = this.milestones.filter((m) => m <= epoch).length;
    const s = this.schedulers[index];
    if (index > 0 && this.milestones[index - 1] === epoch) s.stepTo(0);
    else s.step();
    this.lastEpoch = epoch;
    this.lastLr = s.getLastLr();
  }

  /** The lrs written by the last step. `sched.getLastLr()` */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** `{ type, lastEpoch, milestones, lastLr, schedulers: [each one's state] }`. `JSON.stringify(sched.stateDict())` */
  stateDict(): SchedulerStateDict {
    return { type: 'SequentialLR', lastEpoch: this.lastEpoch, milestones: this.milestones.slice(), lastLr: this.lastLr.slice(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restores {@link stateDict} output: every part checked before any is loaded. `sched.loadStateDict(saved)` */
  loadStateDict(sd: SchedulerStateDict): void {
    const op = 'SequentialLR.loadStateDict';
    const saved = checkStateType(op, 'SequentialLR', sd);
    checkFields(op, { lastEpoch: integer('lastEpoch'), lastLr: perGroup('lastLr', this.optimizer.paramGroups.length) }, saved);
    if (JSON.stringify(saved.milestones) !== JSON.stringify(this.milestones)) fail(op, `the milestones differ (got ${formatValue(saved.milestones)}, expected ${formatValue(this.milestones)})`);
    const states = saved.schedulers;
    if (!Array.isArray(states) || states.length !== this.schedulers.length) fail(op, `expected ${this.schedulers.length} scheduler states (got ${formatValue(states)})`);
    // Every scheduler checks its own state before any of them loads.
    this.schedulers.forEach((s, i) => s.checkStateDict(states[i] as SchedulerStateDict));
    this.schedulers.forEach((s, i) => s.loadStateDict(states[i] as SchedulerStateDict));
    this.lastEpoch = saved.lastEpoch as number;
    this.lastLr = (saved.lastLr as number[]).slice();
  }
}
