// OneCycleLR (Smith & Topin 2018, "Super-convergence"), as torch.optim.lr_scheduler.OneCycleLR (1.13), stepped
// once per batch. From initialLr = maxLr/divFactor the lr climbs to maxLr over the first pctStart of totalSteps,
// then falls to minLr = initialLr/finalDivFactor; with threePhase it climbs, falls back to initialLr
// symmetrically, and only then anneals to minLr. Each phase anneals from its start to its end value by
//   'cos':     end + (start − end)/2 · (1 + cos(π·pct))        'linear':  (end − start)·pct + start
// with pct = (step − phase start)/(phase end − phase start), phase ends at pctStart·T − 1, (2·pctStart·T − 2,)
// T − 1 — torch's own arithmetic, so the lrs are torch's to the bit. With cycleMomentum (the default) the
// momentum runs the opposite way, maxMomentum → baseMomentum → maxMomentum, written into each group's
// `momentum` (SGD, RMSprop) or β1 (Adam, AdamW); an optimiser with neither is refused, as torch refuses it.
// Stepping past totalSteps is refused. A phase of zero length (pctStart·T = 1) would give torch a NaN lr:
// refused here at construction.
import { fail } from '../errors.ts';
import { LRScheduler, type Group } from './lr-scheduler.ts';
import type { Optimizer } from './optimizer.ts';
import { field, flag, oneOf, unitInterval, type Field } from './validate.ts';

/** Options of {@link OneCycleLR}: give totalSteps, or epochs and stepsPerEpoch. */
export interface OneCycleLROptions {
  /** The peak lr, or one per param group. */
  maxLr: number | readonly number[];
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  /** Fraction of the steps spent climbing (default 0.3). */
  pctStart?: number;
  /** Default 'cos'. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (or β1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Lowest momentum, reached at maxLr (default 0.85), or one per group. */
  baseMomentum?: number | readonly number[];
  /** Highest momentum (default 0.95), or one per group. */
  maxMomentum?: number | readonly number[];
  /** initialLr = maxLr/divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr/finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Fall back to initialLr before annealing (default false). */
  threePhase?: boolean;
}

const finiteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numberOrPerGroup = (label: string, groups: number, fallback?: number): Field<number | readonly number[]> =>
  field(label, `a finite number ≥ 0, or ${groups} of them (one per param group)`, (v) => (finiteNumber(v) && v >= 0) || (Array.isArray(v) && v.length === groups && v.every((x) => finiteNumber(x) && x >= 0)), fallback);
const countOrNull = (label: string): Field<number | null> => field(label, 'an integer ≥ 1, or null', (v) => v === null || (Number.isSafeInteger(v) && (v as number) >= 1), null);
const positive = (label: string, fallback: number): Field<number> => field(label, 'a finite number > 0', (v) => finiteNumber(v) && v > 0, fallback);

interface Phase {
  end: number;
  lr: readonly [start: 'initial' | 'max', end: 'initial' | 'max' | 'min'];
  momentum: readonly [start: 'max' | 'base', end: 'max' | 'base'];
}

/** The one-cycle policy, stepped once per batch. `new OneCycleLR(opt, { maxLr: 0.1, totalSteps: epochs * batchesPerEpoch })` */
export class OneCycleLR extends LRScheduler<OneCycleLROptions> {
  /** The peak lr (or one per group). */
  declare maxLr: number | number[];
  /** Steps in the cycle, or null when given as epochs · stepsPerEpoch. */
  declare totalSteps: number | null;
  /** Epochs, with stepsPerEpoch. */
  declare epochs: number | null;
  /** Steps per epoch, with epochs. */
  declare stepsPerEpoch: number | null;
  /** Fraction of the steps spent climbing. */
  declare pctStart: number;
  /** 'cos' or 'linear'. */
  declare annealStrategy: 'cos' | 'linear';
  /** Whether momentum (or β1) cycles. */
  declare cycleMomentum: boolean;
  /** Lowest momentum. */
  declare baseMomentum: number | number[];
  /** Highest momentum. */
  declare maxMomentum: number | number[];
  /** initialLr = maxLr/divFactor. */
  declare divFactor: number;
  /** minLr = initialLr/finalDivFactor. */
  declare finalDivFactor: number;
  /** Whether the lr falls back to initialLr before annealing. */
  declare threePhase: boolean;

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    const groups = optimizer instanceof Object && 'paramGroups' in optimizer ? optimizer.paramGroups.length : 1;
    super('OneCycleLR', optimizer, {
      maxLr: numberOrPerGroup('maxLr', groups),
      totalSteps: countOrNull('totalSteps'),
      epochs: countOrNull('epochs'),
      stepsPerEpoch: countOrNull('stepsPerEpoch'),
      pctStart: unitInterval('pctStart', 0.3),
      annealStrategy: oneOf('annealStrategy', ['cos', 'linear'], 'cos'),
      cycleMomentum: flag('cycleMomentum', true),
      baseMomentum: numberOrPerGroup('baseMomentum', groups, 0.85),
      maxMomentum: numberOrPerGroup('maxMomentum', groups, 0.95),
      divFactor: positive('divFactor', 25),
      finalDivFactor: positive('finalDivFactor', 1e4),
      threePhase: flag('threePhase', false),
    }, options);
    const total = this.steps();
    const ends = this.phases().map((p) => p.end);
    const empty = ends.findIndex((end, i) => end === (i === 0 ? 0 : ends[i - 1]));
    if (empty >= 0) fail('OneCycleLR', `phase ${empty + 1} has no steps (pctStart ${this.pctStart} of ${total} steps ends it at step ${ends[empty]}); use more steps or another pctStart`);
    const defaults = this.optimizer.defaults as Record<string, unknown>;
    if (this.cycleMomentum && !('momentum' in defaults) && !('betas' in defaults)) {
      fail('OneCycleLR', `cycleMomentum needs an optimiser with momentum or betas (got ${this.optimizer.constructor.name}); pass { cycleMomentum: false }`);
    }
    const maxLrs = this.perGroup(this.maxLr);
    this.optimizer.paramGroups.forEach((g, i) => {
      g.initialLr = maxLrs[i] / this.divFactor;
    });
    if (this.cycleMomentum) this.writeMomenta(this.perGroup(this.maxMomentum));
    this.initialStep();
  }

  /** totalSteps, or epochs · stepsPerEpoch. */
  private steps(): number {
    if (this.totalSteps !== null) return this.totalSteps;
    if (this.epochs === null || this.stepsPerEpoch === null) fail('OneCycleLR', 'give totalSteps, or both epochs and stepsPerEpoch (got none of them complete)');
    return this.epochs * this.stepsPerEpoch;
  }

  private phases(): Phase[] {
    const t = this.steps();
    const warm: Phase = { end: this.pctStart * t - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] };
    if (!this.threePhase) return [warm, { end: t - 1, lr: ['max', 'min'], momentum: ['base', 'max'] }];
    return [warm, { end: 2 * this.pctStart * t - 2, lr: ['max', 'initial'], momentum: ['base', 'max'] }, { end: t - 1, lr: ['initial', 'min'], momentum: ['max', 'max'] }];
  }

  private perGroup(v: number | readonly number[]): number[] {
    return typeof v === 'number' ? this.optimizer.paramGroups.map(() => v) : v.slice();
  }

  private anneal(start: number, end: number, pct: number): number {
    return this.annealStrategy === 'cos' ? end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
  }

  private writeMomenta(momenta: readonly number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const group = g as Record<string, unknown>;
      if ('betas' in this.optimizer.defaults) group.betas = [momenta[i], (group.betas as readonly number[])[1]];
      else group.momentum = momenta[i];
    });
  }

  protected computeLr(groups: readonly Group[]): number[] {
    const step = this.lastEpoch;
    const total = this.steps();
    if (step > total) fail('OneCycleLR', `stepped past totalSteps (got step ${step}, expected at most ${total})`);
    const phases = this.phases();
    const maxLrs = this.perGroup(this.maxLr);
    const values = { lr: [] as number[], momentum: [] as number[] };
    const [base, top] = [this.perGroup(this.baseMomentum), this.perGroup(this.maxMomentum)];
    groups.forEach((g, gi) => {
      const initial = g.initialLr as number;
      const lrOf = { initial, max: maxLrs[gi], min: initial / this.finalDivFactor };
      const momentumOf = { base: base[gi], max: top[gi] };
      let start = 0;
      for (let i = 0; i < phases.length; i++) {
        const p = phases[i];
        if (step <= p.end || i === phases.length - 1) {
          const pct = (step - start) / (p.end - start);
          values.lr.push(this.anneal(lrOf[p.lr[0]], lrOf[p.lr[1]], pct));
          values.momentum.push(this.anneal(momentumOf[p.momentum[0]], momentumOf[p.momentum[1]], pct));
          break;
        }
        start = p.end;
      }
    });
    if (this.cycleMomentum) this.writeMomenta(values.momentum);
    return values.lr;
  }
}
