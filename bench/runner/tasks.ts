// What one run is: data sets by name, optimisers by name, and `runConfig`, which turns a config into
// a result. A result depends only on its config (the seed included): the data are always drawn with
// seed 0 (every run sees the same digits, as every run of the paper sees the same MNIST) and the
// model init and minibatch order from Rng(config.seed). Timings go to `meta`, never into `result`.
import { Rng, nn, type Tensor } from '../../lib/index.ts';
import * as optim from '../../lib/optim/index.ts';
import { spirals, teacherStudent, type Dataset } from '../../lib/data/index.ts';
import { loadMnist } from '../../lib/node/mnist.ts';
import { trainClassifier, trainRegressor, type TrainResult as LoopResult } from '../../lib/train.ts';
import { RECOMMENDED_OPTIONS } from '../../lib/optim/by-name.ts';
import type { AccuracyAt, Config, Network, OptimiserName, Outcome, Task, TrainConfig } from './configs.ts';
import { runNorms, runSlice, runTiming } from './probes.ts';
import { NO_PROBES, probeById, type ProbeRegistry } from './probe-registry.ts';

/** Reports the fraction of the current run done (for progress bars). */
export type Progress = (fraction: number) => void;

const cache = new Map<string, Dataset>();

/** The named data set with `samples` samples (seed 0, cached per process). */
export function dataset(task: Task, samples: number): Dataset {
  const id = `${task}:${samples}`;
  let ds = cache.get(id);
  if (ds === undefined) {
    if (task === 'mnist14' || task === 'mnist28') ds = loadMnist({ count: samples, side: task === 'mnist14' ? 14 : 28, seed: 0 });
    else if (task === 'spirals') ds = spirals({ n: samples, noise: 0.1, rng: new Rng(0) });
    else ds = teacherStudent({ n: samples, inputSize: 16, hiddenSize: 32, depth: 2, activation: 'tanh', noise: 0.01, rng: new Rng(0) });
    cache.set(id, ds);
  }
  return ds;
}

/** True for a data set of class labels. `isClassification(dataset('spirals', 100))` */
export function isClassification(data: Dataset): data is Dataset<Int32Array> {
  return data.y instanceof Int32Array;
}

/** True for a data set of regression targets. */
function isRegression(data: Dataset): data is Dataset<Float64Array> {
  return data.y instanceof Float64Array;
}

/** A data set of class labels by name (the slices and norms runs classify). `classifierData('mnist14', 1000)` */
export function classifierData(task: Task, samples: number): Dataset<Int32Array> {
  const data = dataset(task, samples);
  if (!isClassification(data)) throw new Error(`${task} is a regression data set; this run needs class labels`);
  return data;
}

/**
 * An MLP for `data`: `depth` hidden layers of `width`, torch init unless told — the paper's SimpleNet, or
 * with `network` 'agd' AGD's FCN (no biases, relu·√2, as bench/family-depth.ts and docs/optimisers.md).
 */
export function modelFor(data: Dataset, depth: number, width: number, rng: Rng, residual = false, init: nn.InitName = 'torch', network?: Network): nn.MLP {
  if (isClassification(data) && data.classes === undefined) throw new Error('a classification data set must say how many classes it has');
  const outputSize = data.classes ?? data.outputs ?? 1;
  const fcn = network === 'agd' ? { bias: false, activationGain: Math.SQRT2 } : {};
  return new nn.MLP({ inputSize: data.features, hiddenSize: width, depth, outputSize, residual, init, rng, ...fcn });
}

/** The optimiser by name, with the paper's settings (SGD momentum 0.9, LARS in the paper's form), or Madam's and Muon's recommended ones but `lr`. */
export function makeOptimiser(name: OptimiserName, params: Tensor[], lr: number): optim.Optimizer {
  switch (name) {
    case 'sgd':
      return new optim.SGD(params, { lr, momentum: 0.9 });
    case 'sgd-plain':
      return new optim.SGD(params, { lr });
    case 'adam':
      return new optim.Adam(params, { lr });
    case 'adamw':
      return new optim.AdamW(params, { lr });
    case 'fromage':
      return new optim.Fromage(params, { lr });
    case 'lars':
      return new optim.LARS(params, { lr });
    case 'madam':
      return new optim.Madam(params, { ...RECOMMENDED_OPTIONS.madam, lr });
    case 'muon':
      return new optim.Muon(params, { ...RECOMMENDED_OPTIONS.muon, lr });
    case 'agd':
      throw new Error(`makeOptimiser: agd has no learning rate (got lr ${lr}, expected null)`);
  }
}

/**
 * A run's optimiser and its LambdaLR of `decay ** epoch` (none when `decay` is null): `makeOptimiser` for
 * one with a learning rate, AGD (gain 1, its recommended setting, no scheduler) when `lr` is null — the
 * one optimiser without a learning rate. `optimiserFor('agd', model.parameters(), null, null)`
 */
export function optimiserFor(name: OptimiserName, params: Tensor[], lr: number | null, decay: number | null): { optimizer: optim.AnyOptimizer; scheduler?: { step(): void } } {
  if ((name === 'agd') !== (lr === null)) throw new Error(`optimiserFor: ${name} ${name === 'agd' ? 'has no learning rate' : 'needs a learning rate'} (got lr ${lr})`);
  if (lr === null) return { optimizer: new optim.AGD(params, RECOMMENDED_OPTIONS.agd) };
  const optimizer = makeOptimiser(name, params, lr);
  return decay === null ? { optimizer } : { optimizer, scheduler: new optim.LambdaLR(optimizer, (epoch: number) => decay ** epoch) };
}

/** Runs one config; a probe job runs through its probe in `registry`. `runConfig({ kind: 'train', task: 'mnist14', … })` */
export function runConfig(config: Config, progress: Progress = () => {}, registry: ProbeRegistry = NO_PROBES): Outcome {
  switch (config.kind) {
    case 'probe':
      return { config, result: { value: probeById(registry, config.probe).run(config.job) }, meta: {} };
    case 'train':
      return runTrain(config, progress);
    case 'slice':
      return runSlice(config, progress);
    case 'norms':
      return runNorms(config, progress);
    case 'timing':
      return runTiming(config);
  }
}

/** A training run, with a LambdaLR of `decay ** epoch` unless `decay` is null. */
function runTrain(c: TrainConfig, progress: Progress): Outcome {
  const data = dataset(c.task, c.samples);
  const rng = new Rng(c.seed);
  const model = modelFor(data, c.depth, c.width, rng, false, c.init, c.network);
  const { optimizer, scheduler } = optimiserFor(c.optimiser, model.parameters(), c.lr, c.decay);
  const common = {
    model,
    optimizer,
    batchSize: c.batch,
    steps: c.steps,
    rng,
    dropLast: c.dropLast === true,
    onStep: ({ step }: { step: number }) => {
      if (step % 100 === 0) progress(step / c.steps);
    },
    ...(scheduler === undefined ? {} : { scheduler }),
  };
  let r: LoopResult;
  if (isClassification(data)) r = trainClassifier({ ...common, data });
  else if (isRegression(data)) r = trainRegressor({ ...common, data });
  else throw new Error(`${c.task}: labels are neither classes nor targets`);
  const chance = data.classes === undefined ? null : 1 / data.classes;
  const window = c.window;
  const accuracy = window === undefined ? r.lastEpochAccuracy : windowMean(r.accuracies, r.steps, window);
  return {
    config: c,
    result: {
      accuracy: data.classes === undefined ? null : r.diverged ? chance : accuracy,
      loss: r.diverged ? null : r.lastEpochLoss,
      diverged: r.diverged !== false,
      divergedAt: r.diverged === false ? null : r.diverged.step,
      curve: downsample(r.losses, 25),
      ...(window === undefined || data.classes === undefined ? {} : { accuracyAt: accuracyCurve(r.accuracies, c.steps, window) }),
    },
    meta: { stepsPerSecond: r.stepsPerSecond },
  };
}

/** Mean of `a[end − window … end)` (fewer when end < window). `windowMean(accs, 3000, 200)` */
export function windowMean(a: Float64Array, end: number, window: number): number {
  const from = Math.max(0, end - window);
  if (end <= from) return NaN;
  let s = 0;
  for (let i = from; i < end; i++) s += a[i];
  return s / (end - from);
}

/** The window's mean accuracy ending at T/6, 2T/6, …, T (steps reached only; the calibration's acc_at). */
export function accuracyCurve(a: Float64Array, steps: number, window: number): AccuracyAt[] {
  const out: AccuracyAt[] = [];
  for (let k = 1; k <= 6; k++) {
    const step = Math.round((k * steps) / 6);
    if (step >= 1 && step <= a.length) out.push({ step, accuracy: windowMean(a, step, window) });
  }
  return out;
}

/** Means of `parts` equal windows of `a` (fewer when short). */
export function downsample(a: Float64Array, parts: number): number[] {
  const out: number[] = [];
  const n = Math.min(parts, a.length);
  for (let p = 0; p < n; p++) {
    const lo = Math.floor((p * a.length) / n);
    const hi = Math.floor(((p + 1) * a.length) / n);
    let s = 0;
    for (let i = lo; i < hi; i++) s += a[i];
    out.push(s / (hi - lo));
  }
  return out;
}

/** Multiply–adds of one forward pass per sample, for cost estimates. */
function macsPerSample(features: number, width: number, depth: number, outputs: number): number {
  return features * width + (depth - 1) * width * width + width * outputs;
}

const FEATURES: Record<Task, [number, number]> = { mnist14: [196, 10], mnist28: [784, 10], spirals: [2, 2], teacher: [16, 1] };

/**
 * Multiply–adds of one Muon step's Newton–Schulz on every weight: per [r, c] matrix (r ≤ c) five
 * iterations of X Xᵀ, its square and the product back, 2r²c + r³ each — at width 128 about ten times the
 * step's forward and backward at batch 64, so Muon's runs are the sweep's costliest per step.
 */
function newtonSchulzMacs(features: number, width: number, depth: number, outputs: number): number {
  const ns = (a: number, b: number): number => 5 * (2 * Math.min(a, b) ** 2 * Math.max(a, b) + Math.min(a, b) ** 3);
  return ns(width, features) + (depth - 1) * ns(width, width) + ns(outputs, width);
}

/** Rough cost of a config in multiply–adds (forward + backward ≈ 3× forward, plus Muon's Newton–Schulz; a probe's says its own), to weight progress and balance shards. */
export function estimateCost(c: Config, registry: ProbeRegistry = NO_PROBES): number {
  if (c.kind === 'probe') return probeById(registry, c.probe).cost(c.job);
  const [features, outputs] = c.kind === 'timing' ? [c.inputs, 10] : FEATURES[c.task];
  const perSample = macsPerSample(features, c.width, c.depth, outputs) + 50 * c.width;
  let cost = 3 * perSample * c.batch * c.steps;
  if (c.kind !== 'timing' && c.optimiser === 'muon') cost += newtonSchulzMacs(features, c.width, c.depth, outputs) * c.steps;
  if (c.kind === 'slice') cost += 3 * perSample * c.sliceSamples * (c.sliceSteps + 1) * c.checkpoints.length;
  return cost;
}
