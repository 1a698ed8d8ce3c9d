// A small training loop with the paper's protocol (jxbz/fromage, classify-mnist/depth.ipynb): shuffled
// minibatches, one optimiser step per minibatch, the scheduler stepped once per epoch (LambdaLR
// 0.95**epoch), and as the metric the training accuracy of each minibatch's forward pass *before* its
// step, averaged over the last epoch's minibatches — the number Figure 3 plots. A step the optimiser
// refuses as non-finite (its guard's NonFiniteStepError), or a non-finite minibatch loss, ends the run and
// is reported as `diverged` instead of thrown: in a depth sweep divergence is a result. Any other error —
// a scheduler that drives lr negative, a bad shape — is a mistake, and is thrown.
import { noGrad } from './autograd.ts';
import { batchCount, batches, type Batch } from './data/batches.ts';
import { checkDataset, type Dataset } from './data/dataset.ts';
import { fail } from './errors.ts';
import { checkOptions, formatValue, type KeySet } from './options.ts';
import { accuracy, crossEntropy, mseLoss } from './nn/losses.ts';
import { NonFiniteStepError } from './optim/guard.ts';
import { requireRng, type Rng } from './random.ts';
import type { Tensor } from './tensor.ts';

/** What the loop needs of a model. */
export interface Forward {
  forward(x: Tensor): Tensor;
}

/** What the loop needs of an optimiser (every `optim` class). */
export interface Stepper {
  zeroGrad(): void;
  step(): unknown;
}

/** Passed to `onStep` after every step: `step` and `epoch` count from 0; `loss` is the minibatch loss before the step. */
export interface StepInfo {
  step: number;
  epoch: number;
  loss: number;
}

/** Options of {@link trainClassifier} and {@link trainRegressor}. Give `steps` or `epochs`. */
export interface TrainOptions<Y extends Int32Array | Float64Array = Int32Array> {
  model: Forward;
  optimizer: Stepper;
  data: Dataset<Y>;
  batchSize: number;
  steps?: number;
  epochs?: number;
  /** Shuffles the minibatches (one permutation per epoch). */
  rng: Rng;
  /** Stepped once at the end of every epoch of ceil(n/batchSize) steps (floor with `dropLast`). */
  scheduler?: { step(): void };
  /** Skip each epoch's last, short minibatch, as PyTorch's DataLoader(drop_last=True) (default false). */
  dropLast?: boolean;
  /** Called after each step; returning 'stop' ends training there. */
  onStep?: (info: StepInfo) => void | 'stop';
}

/** Why a run stopped early: the step that failed (from 0) and the optimiser's or loop's message. */
export interface Divergence {
  step: number;
  message: string;
}

/** What a training run returns. */
export interface TrainResult {
  /** Minibatch loss of every step taken (before the step). */
  losses: Float64Array;
  /** Minibatch accuracy of every step taken, on the forward pass before the step (NaN for regression). */
  accuracies: Float64Array;
  /** Mean minibatch accuracy over the last ceil(n/batchSize) minibatches (NaN for regression or when diverged). */
  lastEpochAccuracy: number;
  /** Mean minibatch loss over the same minibatches (NaN when diverged). */
  lastEpochLoss: number;
  diverged: false | Divergence;
  /** Steps taken (fewer than asked when stopped or diverged). */
  steps: number;
  stepsPerSecond: number;
}

/**
 * Trains a classifier with cross-entropy on minibatches; never throws for divergence.
 * `trainClassifier({ model, optimizer, data: mnist, batchSize: 250, epochs: 100, rng, scheduler })`
 */
export function trainClassifier(options: TrainOptions<Int32Array>): TrainResult {
  if (options?.data !== undefined && !(options.data.y instanceof Int32Array)) {
    fail('trainClassifier', 'data.y must be an Int32Array of class labels (got regression targets; use trainRegressor)');
  }
  return run('trainClassifier', options, (logits, b) => ({ loss: crossEntropy(logits, b.y), accuracy: accuracy(logits, b.y) }));
}

/**
 * Trains a regression model with mean squared error (lastEpochAccuracy is NaN).
 * `trainRegressor({ model, optimizer, data: teacherStudent({ … }), batchSize: 64, steps: 1000, rng })`
 */
export function trainRegressor(options: TrainOptions<Float64Array>): TrainResult {
  if (options?.data !== undefined && !(options.data.y instanceof Float64Array)) {
    fail('trainRegressor', 'data.y must be a Float64Array of targets (got class labels; use trainClassifier)');
  }
  return run('trainRegressor', options, (out, b) => ({ loss: mseLoss(out, b.target), accuracy: NaN }));
}

const KEYS: KeySet<TrainOptions<Int32Array>> = { model: true, optimizer: true, data: true, batchSize: true, steps: true, epochs: true, rng: true, scheduler: true, dropLast: true, onStep: true };

type Objective<Y extends Int32Array | Float64Array> = (out: Tensor, batch: Batch<Y>) => { loss: Tensor; accuracy: number };

function run<Y extends Int32Array | Float64Array>(op: string, o: TrainOptions<Y>, objective: Objective<Y>): TrainResult {
  if (o === null || typeof o !== 'object') fail(op, `expects an options object (got ${String(o)})`);
  checkOptions(op, KEYS, o);
  if (typeof o.model?.forward !== 'function') fail(op, 'model must have a forward(x) method');
  if (typeof o.optimizer?.step !== 'function' || typeof o.optimizer.zeroGrad !== 'function') fail(op, 'optimizer must have zeroGrad() and step()');
  checkDataset(op, o.data);
  if (o.data.n < 1) fail(op, 'data is empty (got n = 0)');
  if (!Number.isSafeInteger(o.batchSize) || o.batchSize < 1) fail(op, `batchSize must be a positive integer (got ${o.batchSize})`);
  if (o.dropLast !== undefined && typeof o.dropLast !== 'boolean') fail(op, `dropLast must be true or false (got ${formatValue(o.dropLast)})`);
  const dropLast = o.dropLast === true;
  if (dropLast && o.batchSize > o.data.n) fail(op, `dropLast needs batchSize ≤ n (got batchSize ${o.batchSize}, n ${o.data.n})`);
  const perEpoch = batchCount(o.data.n, o.batchSize, dropLast);
  if ((o.steps === undefined) === (o.epochs === undefined)) fail(op, `give exactly one of steps and epochs (got steps=${o.steps}, epochs=${o.epochs})`);
  const total = o.steps ?? (o.epochs as number) * perEpoch;
  if (!Number.isSafeInteger(total) || total < 1) fail(op, `steps and epochs must be positive integers (got steps=${o.steps}, epochs=${o.epochs})`);
  requireRng(op, o.rng, 'to shuffle minibatches');

  const losses = new Float64Array(total);
  const accuracies = new Float64Array(total);
  // The last epoch's minibatch accuracies and losses, as a ring of perEpoch entries.
  const ringAcc = new Float64Array(perEpoch);
  const ringLoss = new Float64Array(perEpoch);
  let step = 0;
  let diverged: false | Divergence = false;
  const start = performance.now();
  outer: for (let epoch = 0; step < total; epoch++) {
    for (const batch of batches(o.data, o.batchSize, o.rng, { dropLast })) {
      const out = o.model.forward(batch.x);
      const { loss, accuracy: acc } = objective(out, batch);
      const value = loss.item();
      if (!Number.isFinite(value)) {
        diverged = { step, message: `${op}: the minibatch loss is ${value} at step ${step} (expected a finite loss)` };
        break outer;
      }
      o.optimizer.zeroGrad();
      loss.backward();
      try {
        o.optimizer.step();
      } catch (e) {
        if (!(e instanceof NonFiniteStepError)) throw e;
        diverged = { step, message: e.message };
        break outer;
      }
      losses[step] = value;
      accuracies[step] = acc;
      ringAcc[step % perEpoch] = acc;
      ringLoss[step % perEpoch] = value;
      step++;
      const stop = o.onStep?.({ step: step - 1, epoch, loss: value }) === 'stop';
      if (step % perEpoch === 0) o.scheduler?.step();
      if (stop || step >= total) break outer;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const window = Math.min(step, perEpoch);
  return {
    losses: losses.slice(0, step),
    accuracies: accuracies.slice(0, step),
    lastEpochAccuracy: diverged || window === 0 ? NaN : mean(ringAcc, window),
    lastEpochLoss: diverged || window === 0 ? NaN : mean(ringLoss, window),
    diverged,
    steps: step,
    stepsPerSecond: seconds > 0 ? step / seconds : Infinity,
  };
}

function mean(a: Float64Array, count: number): number {
  let s = 0;
  for (let i = 0; i < count; i++) s += a[i];
  return s / count;
}

/**
 * Loss and accuracy over a whole data set, in minibatches, without recording a tape. Loss is the
 * per-sample mean (cross-entropy for labels, squared error for targets); accuracy is NaN for targets.
 * `evaluate(model, test, 500)` → `{ loss: 0.12, accuracy: 0.97 }`
 */
export function evaluate(model: Forward, data: Dataset, batchSize: number): { loss: number; accuracy: number } {
  if (typeof model?.forward !== 'function') fail('evaluate', 'model must have a forward(x) method');
  checkDataset('evaluate', data);
  if (data.n < 1) fail('evaluate', 'data is empty (got n = 0)');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) fail('evaluate', `batchSize must be a positive integer (got ${batchSize})`);
  return noGrad(() => {
    let lossSum = 0;
    let correct = 0;
    for (const b of batches(data, batchSize, null, { shuffle: false })) {
      const out = model.forward(b.x);
      if (b.y instanceof Int32Array) {
        lossSum += crossEntropy(out, b.y).item() * b.size;
        correct += Math.round(accuracy(out, b.y) * b.size);
      } else {
        lossSum += mseLoss(out, b.target).item() * b.size;
      }
    }
    return { loss: lossSum / data.n, accuracy: data.y instanceof Int32Array ? correct / data.n : NaN };
  });
}
