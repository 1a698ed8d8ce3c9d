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
import { checkNumber, checkOptimizer, type SchedulerStateDict } from './schedulers.ts';
import { formatValue } from './validate.ts';

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

/** Lowers the lr when a metric stops improving. `const s = new ReduceLROnPlateau(opt, { patience: 5 }); s.step(valLoss);` */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** Best metric so far (±Infinity before the first). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    this.optimizer = checkOptimizer(OP, optimizer);
    const o = options ?? {};
    const n = optimizer.paramGroups.length;
    this.mode = o.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max') fail(OP, `unknown mode (got ${formatValue(this.mode)}, expected 'min' or 'max')`);
    this.thresholdMode = o.thresholdMode ?? 'rel';
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') fail(OP, `unknown thresholdMode (got ${formatValue(this.thresholdMode)}, expected 'rel' or 'abs')`);
    this.factor = checkNumber(OP, 'factor', o.factor ?? 0.1, (f) => f >= 0 && f < 1, 'a number in [0, 1)');
    this.patience = checkNumber(OP, 'patience', o.patience ?? 10, (p) => Number.isInteger(p) && p >= 0, 'an integer ≥ 0');
    this.threshold = checkNumber(OP, 'threshold', o.threshold ?? 1e-4, (t) => t >= 0, 'a finite number ≥ 0');
    this.cooldown = checkNumber(OP, 'cooldown', o.cooldown ?? 0, (c) => Number.isInteger(c) && c >= 0, 'an integer ≥ 0');
    this.eps = checkNumber(OP, 'eps', o.eps ?? 1e-8, (e) => e >= 0, 'a finite number ≥ 0');
    const minLr = o.minLr ?? 0;
    if (Array.isArray(minLr) && minLr.length !== n) fail(OP, `expected ${n} minLrs, one per param group (got ${minLr.length})`);
    this.minLrs = (Array.isArray(minLr) ? minLr : new Array<number>(n).fill(minLr)).map((m) => checkNumber(OP, 'minLr', m, (x) => x >= 0, 'a finite number ≥ 0'));
    this.best = this.modeWorse();
    this.lastLr = optimizer.paramGroups.map((g) => g.lr as number);
  }

  /** Records this epoch's metric and lowers the lr after `patience` epochs without improvement. */
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
        const old = g.lr as number;
        const lowered = Math.max(old * this.factor, this.minLrs[i]);
        if (old - lowered > this.eps) g.lr = lowered;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr as number);
  }

  /** The lrs after the last step (the current lrs before any). */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** Counters and best; `best` is null while no metric has been seen (JSON has no Infinity). */
  stateDict(): SchedulerStateDict {
    return {
      type: OP, best: Number.isFinite(this.best) ? this.best : null, numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch, lastLr: this.lastLr.slice(),
    };
  }

  /** Restores {@link stateDict} output (counters only; options are the constructor's). */
  loadStateDict(sd: SchedulerStateDict): void {
    const op = `${OP}.loadStateDict`;
    if (sd === null || typeof sd !== 'object' || sd.type !== OP) fail(op, `not a ${OP} state dict (got type ${formatValue(sd?.type)})`);
    if (sd.best !== null) checkNumber(op, 'best', sd.best, () => true, 'a finite number or null');
    for (const k of ['numBadEpochs', 'cooldownCounter', 'lastEpoch'] as const) checkNumber(op, k, sd[k], (x) => Number.isInteger(x) && x >= 0, 'an integer ≥ 0');
    const n = this.optimizer.paramGroups.length;
    if (!Array.isArray(sd.lastLr) || sd.lastLr.length !== n || !sd.lastLr.every(Number.isFinite)) fail(op, `'lastLr' must be ${n} finite numbers (got ${formatValue(sd.lastLr)})`);
    this.best = sd.best === null ? this.modeWorse() : (sd.best as number);
    this.numBadEpochs = sd.numBadEpochs as number;
    this.cooldownCounter = sd.cooldownCounter as number;
    this.lastEpoch = sd.lastEpoch as number;
    this.lastLr = sd.lastLr.slice();
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
