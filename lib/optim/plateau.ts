// ReduceLROnPlateau with torch.optim.lr_scheduler (1.13) semantics: `step(metric)` once per epoch.
//
//   better(a)   mode 'min': a < best·(1 − threshold) ('rel')  or  a < best − threshold ('abs')
//               mode 'max': a > best·(1 + threshold) ('rel')  or  a > best + threshold ('abs')
//   each step:  better → best ← a, bad ← 0; else bad ← bad + 1
//               in cooldown → cooldown ← cooldown − 1, bad ← 0   (bad epochs in cooldown are ignored)
//               bad > patience → lr ← max(lr·factor, minLr) where that lowers lr by more than eps;
//                                cooldown ← cooldown option, bad ← 0
// It does not set initialLr (torch's does not either).
import { fail } from '../errors.ts';
import { Tensor } from '../tensor.ts';
import type { Optimizer } from './optimizer.ts';
import { checkOptimizer, checkStateType, type SchedulerStateDict } from './lr-scheduler.ts';
import { checkFields, finiteOrNull, formatValue, fraction, integer, nonNegative, oneOf, perGroup, readOptions, type Field, type Fields } from './validate.ts';

/** ReduceLROnPlateau options; defaults as torch. */
export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  /** One floor for all groups, or one per group. */
  minLr?: number | number[];
  eps?: number;
}

const OP = 'ReduceLROnPlateau';

const FIELDS: Fields<ReduceLROnPlateauOptions> = {
  mode: oneOf('mode', ['min', 'max'], 'min'),
  factor: fraction('factor', 0.1),
  patience: integer('patience', 10),
  threshold: nonNegative('threshold', 1e-4),
  thresholdMode: oneOf('thresholdMode', ['rel', 'abs'], 'rel'),
  cooldown: integer('cooldown', 0),
  minLr: {
    label: 'minLr',
    expected: 'a finite number ≥ 0, or one per param group',
    default: 0,
    ok: (v) => (Array.isArray(v) ? v : [v]).every((m) => nonNegative('minLr').ok(m)),
  },
  eps: nonNegative('eps', 1e-8),
};

/** Lowers the lr when a metric stops improving. `const s = new ReduceLROnPlateau(opt, { patience: 5 }); s.step(valLoss);` */
export class ReduceLROnPlateau {
  /** The optimiser whose param groups' lr this lowers. */
  readonly optimizer: Optimizer;
  /** 'min': lower is better (a loss); 'max': higher is better (an accuracy). */
  readonly mode: 'min' | 'max';
  /** lr ← lr·factor on a plateau. */
  readonly factor: number;
  /** Bad epochs tolerated before lowering the lr. */
  readonly patience: number;
  /** How much better a metric must be to count as better. */
  readonly threshold: number;
  /** 'rel': threshold is relative to the best; 'abs': absolute. */
  readonly thresholdMode: 'rel' | 'abs';
  /** Epochs after a decrease during which bad epochs are not counted. */
  readonly cooldown: number;
  /** The floor of each group's lr. */
  readonly minLrs: number[];
  /** A decrease smaller than this is skipped. */
  readonly eps: number;
  /** Best metric so far (±Infinity before the first). */
  best: number;
  /** Epochs since the metric last improved. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Epochs stepped so far. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    this.optimizer = checkOptimizer(OP, optimizer);
    const o = readOptions(OP, FIELDS, options) as Required<ReduceLROnPlateauOptions>;
    const n = optimizer.paramGroups.length;
    if (Array.isArray(o.minLr) && o.minLr.length !== n) fail(OP, `invalid minLr (got ${formatValue(o.minLr)}, expected one per param group: ${n})`);
    ({ mode: this.mode, factor: this.factor, patience: this.patience, threshold: this.threshold, thresholdMode: this.thresholdMode, cooldown: this.cooldown, eps: this.eps } = o);
    this.minLrs = Array.isArray(o.minLr) ? o.minLr.slice() : new Array<number>(n).fill(o.minLr);
    this.best = this.modeWorse();
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Records this epoch's metric and lowers the lr after `patience` epochs without improvement. `s.step(valLoss)` */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') fail(OP, `step needs the metric as a number (got ${formatValue(metric)})`);
    this.lastEpoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1; // NaN is never better: a diverged loss counts as a bad epoch, as in torch
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const old = g.lr;
        const lowered = Math.max(old * this.factor, this.minLrs[i]);
        if (old - lowered > this.eps) g.lr = lowered;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lrs after the last step (the current lrs before any). `s.getLastLr()` */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** Counters and best; `best` is null while no metric has been seen (JSON has no Infinity). `s.stateDict()` */
  stateDict(): SchedulerStateDict {
    return {
      type: OP,
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
      lastLr: this.lastLr.slice(),
    };
  }

  /** Restores {@link stateDict} output (counters only; options are the constructor's). `s.loadStateDict(saved)` */
  loadStateDict(sd: SchedulerStateDict): void {
    const op = `${OP}.loadStateDict`;
    const saved = checkStateType(op, OP, sd);
    const counters: Readonly<Record<string, Field>> = {
      best: finiteOrNull('best'),
      numBadEpochs: integer('numBadEpochs'),
      cooldownCounter: integer('cooldownCounter'),
      lastEpoch: integer('lastEpoch'),
      lastLr: perGroup('lastLr', this.optimizer.paramGroups.length),
    };
    checkFields(op, counters, saved);
    this.best = saved.best === null ? this.modeWorse() : (saved.best as number);
    this.numBadEpochs = saved.numBadEpochs as number;
    this.cooldownCounter = saved.cooldownCounter as number;
    this.lastEpoch = saved.lastEpoch as number;
    this.lastLr = (saved.lastLr as number[]).slice();
  }

  private modeWorse(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(a: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return this.thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }
}
