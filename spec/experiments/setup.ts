// Shared data, settings and (memoised) training runs of the paper's experiments at small scale.
// Every run is a real training run on real MNIST digits (the `mnist` package's 10,000, pooled 2×2 to
// 14×14 = 196 inputs, normalised as the paper), seeded. uvu runs every spec file in one process, so a
// run that two specs need (Figure 3 and its inset; Figure 1 and Lemma 1) is trained once and cached.
// Set TRUSTGRAD_EXPERIMENTS=verbose to print the measured numbers (they go into the lead's notes).
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { loadMnist } from '../../lib/node/mnist.ts';
import { subset, toTensors, type Dataset } from '../../lib/data/dataset.ts';
import { Adam } from '../../lib/optim/adam.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { slice, type SliceResult } from '../../lib/perturb/slice.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { trainClassifier, type TrainResult } from '../../lib/train.ts';

/** Prints when TRUSTGRAD_EXPERIMENTS=verbose. */
export function report(...parts: unknown[]): void {
  if (process.env.TRUSTGRAD_EXPERIMENTS === 'verbose') console.log('  [experiment]', ...parts);
}

/** The seed of a run: `base`, or TRUSTGRAD_EXPERIMENTS_SEED when set (to re-check an effect under other seeds). */
export function seed(base: number): number {
  const override = process.env.TRUSTGRAD_EXPERIMENTS_SEED;
  return override === undefined || override === '' ? base : Number(override);
}

const digits = new Map<string, Dataset<Int32Array>>();
/** `count` stratified 14×14 digits drawn with `seed` (cached). */
export function mnist14(count: number, seed = 0): Dataset<Int32Array> {
  const key = `${count}/${seed}`;
  let ds = digits.get(key);
  if (ds === undefined) digits.set(key, ds = loadMnist({ count, side: 14, seed }));
  return ds;
}

/** The first `n` rows of a data set as a fixed full batch: `{ x, y }` for a loss closure. */
export function fullBatch(ds: Dataset<Int32Array>, n: number): { x: Tensor; y: Int32Array } {
  const part = subset(ds, Array.from({ length: n }, (_, i) => i));
  return { x: toTensors(part).x, y: part.y };
}

// ---------------------------------------------------------------------------------------------
// Figure 3 and its inset: trainability against depth.
// Paper: 60k digits at 28×28, width 784, batch 250, 100 epochs. Here: 1,000 digits at 14×14, width 32,
// batch 32, no lr schedule; the deep net (depth 10) gets 3,000 steps (96 epochs), the shallow one
// (depth 1) 600 (19 epochs). The metric is the paper's: mean minibatch training accuracy over the last
// epoch (32 minibatches), taken before each minibatch's step (lib/train.ts).

/** Settings of Figure 3 and the inset. */
export const FIG3 = { count: 1000, width: 32, batch: 32, seed: 1, deep: { depth: 10, steps: 3000 }, shallow: { depth: 1, steps: 600 } } as const;

/** Optimisers of the experiments, as the paper runs them (SGD with momentum 0.9). */
export type OptimiserName = 'sgd' | 'adam' | 'fromage';

const runs = new Map<string, TrainResult>();
/** One Figure 3 run (cached): an MLP of FIG3's width at `depth`, trained by `optimiser` at `lr`. */
export function fig3Run(optimiser: OptimiserName, lr: number, which: 'deep' | 'shallow'): TrainResult {
  const key = `${optimiser}/${lr}/${which}`;
  const cached = runs.get(key);
  if (cached !== undefined) return cached;
  const { depth, steps } = FIG3[which];
  const rng = new Rng(seed(FIG3.seed));
  const model = new MLP({ inputSize: 196, hiddenSize: FIG3.width, depth, outputSize: 10, rng });
  const params = model.parameters();
  const optimizer = optimiser === 'sgd' ? new SGD(params, { lr, momentum: 0.9 }) : optimiser === 'adam' ? new Adam(params, { lr }) : new Fromage(params, { lr });
  const result = trainClassifier({ model, optimizer, data: mnist14(FIG3.count), batchSize: FIG3.batch, steps, rng });
  report(`fig3 ${which} depth ${depth} ${optimiser} lr ${lr}: last-epoch train accuracy ${result.lastEpochAccuracy.toFixed(4)}`, result.diverged ? `(diverged at step ${result.diverged.step})` : '',
    `${result.stepsPerSecond.toFixed(0)} steps/s`);
  runs.set(key, result);
  return result;
}

/** A run's accuracy, a diverged run counting as 0 (it did not train). */
export function trainedAccuracy(r: TrainResult): number {
  return r.diverged ? 0 : r.lastEpochAccuracy;
}

// ---------------------------------------------------------------------------------------------
// Figure 1: loss and gradient slices after short training.
// Paper: width 784, depth 1 / 15 / 15 residual, Fromage lr 0.01 (batch 250), slices at 10 checkpoints,
// 100 steps of relative size 0.001 on the full 60k. Here: width 64, Fromage lr 0.01 with batch 16 for
// 300 steps, slices at checkpoints 100, 200 and 300 on a fixed batch of 100 training digits, 10 steps
// of relative size 0.01 (the same straight path per tensor, sampled at 0, 0.01, …, 0.1; the Euclidean
// slope is fitted on the first step). Why width 64 and not 32: a gradient step is nearly low-rank, so
// a relative step r in Frobenius norm is up to r·‖W‖_F/‖W‖_* in spectral norm; that ratio grows like
// √width, and with it the compounding over depth.

/** Settings of Figure 1 (and of the Lemma 1 checks on its slices). */
export const FIG1 = { count: 1000, width: 64, batch: 16, lr: 0.01, seed: 1, checkpoints: [100, 200, 300], sliceRows: 100, eta: 0.01, steps: 10 } as const;

/** The three nets of Figure 1. */
export const FIG1_NETS = [
  { key: 'shallow', depth: 1, residual: false },
  { key: 'deep', depth: 15, residual: false },
  { key: 'residual', depth: 15, residual: true },
] as const;
export type Fig1Key = (typeof FIG1_NETS)[number]['key'];

/** One checkpoint of one Figure 1 net: its weights and its slice. */
export interface Fig1Checkpoint {
  step: number;
  accuracy: number;
  state: Record<string, Tensor>;
  slice: SliceResult;
}

/** A Figure 1 net of the given kind, freshly initialised (load a checkpoint's `state` into it). */
export function fig1Model(key: Fig1Key): MLP {
  const net = FIG1_NETS.find((n) => n.key === key)!;
  return new MLP({ inputSize: 196, hiddenSize: FIG1.width, depth: net.depth, outputSize: 10, residual: net.residual, rng: new Rng(seed(FIG1.seed)) });
}

/** The slice loss: mean cross-entropy on FIG1's fixed batch. */
export function fig1Loss(model: MLP): () => Tensor {
  const { x, y } = fullBatch(mnist14(FIG1.count), FIG1.sliceRows);
  return () => crossEntropy(model.forward(x), y);
}

const fig1Cache = new Map<Fig1Key, Fig1Checkpoint[]>();
/** Trains one Figure 1 net and slices it at every checkpoint (cached). */
export function fig1Checkpoints(key: Fig1Key): Fig1Checkpoint[] {
  const cached = fig1Cache.get(key);
  if (cached !== undefined) return cached;
  const model = fig1Model(key);
  const optimizer = new Fromage(model.parameters(), { lr: FIG1.lr });
  const rng = new Rng(seed(FIG1.seed) + 1000);
  const loss = fig1Loss(model);
  const out: Fig1Checkpoint[] = [];
  let done = 0;
  for (const step of FIG1.checkpoints) {
    const r = trainClassifier({ model, optimizer, data: mnist14(FIG1.count), batchSize: FIG1.batch, steps: step - done, rng });
    done = step;
    const s = slice({ params: model, loss, steps: FIG1.steps, eta: FIG1.eta, fitSteps: 1, layers: ['layers.0.weight'] });
    out.push({ step, accuracy: r.lastEpochAccuracy, state: model.stateDict(), slice: s });
    const k = FIG1.steps;
    report(`fig1 ${key} step ${step}: acc ${r.lastEpochAccuracy.toFixed(3)}; loss at 0, .01, .03, .05, .1 =`, [0, 1, 3, 5, 10].map((i) => s.loss[i]?.toPrecision(4)).join(' '),
      `| ρ₁(0.1) ${s.rho['layers.0.weight'][k]?.toPrecision(4)} Euclidean ${s.euclidean['layers.0.weight'][k]?.toPrecision(4)} trust ${s.trust[k]?.toPrecision(4)}`);
  }
  fig1Cache.set(key, out);
  return out;
}
