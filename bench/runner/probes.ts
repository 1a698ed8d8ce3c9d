// The runs that are not a plain training: Figure 1's loss/gradient slices at training checkpoints,
// Figure 2's weight-norm traces, and a timing probe. Same contract as runTrain: result from config.
import { Rng, nn, noGrad, Tensor } from '../../lib/index.ts';
import { slice } from '../../lib/perturb/index.ts';
import { subset } from '../../lib/data/index.ts';
import { frobenius } from '../../lib/kernels/vector.ts';
import { trainClassifier } from '../../lib/train.ts';
import type { Checkpoint, NormsConfig, Outcome, SliceConfig, TimingConfig } from './configs.ts';
import { classifierData, makeOptimiser, optimiserFor, modelFor, type Progress } from './tasks.ts';

/**
 * Figure 1: train with Fromage or the config's optimiser (lr, per-epoch decay), and at each step in `checkpoints` (0 = at init)
 * take the slice protocol on the first `sliceSamples` samples (full batch): `sliceSteps` steps of
 * relative size `eta` along the fixed initial gradient, recording loss and the first layer's ρ, and
 * checking Lemma 1 on every slice step.
 */
export function runSlice(c: SliceConfig, progress: Progress): Outcome {
  const data = classifierData(c.task, c.samples);
  const rng = new Rng(c.seed);
  const model = modelFor(data, c.depth, c.width, rng, c.residual, c.init, c.network);
  const { optimizer, scheduler } = optimiserFor(c.optimiser ?? 'fromage', model.parameters(), c.lr, c.lr === null ? null : c.decay);
  const probe = subset(data, Array.from({ length: Math.min(c.sliceSamples, data.n) }, (_, i) => i));
  const x = new Tensor(probe.x, [probe.n, probe.features]);
  const loss = () => nn.crossEntropy(model.forward(x), probe.y);
  const { checkpoints, steps } = c;
  const out: Checkpoint[] = [];
  const take = (step: number): void => {
    const s = slice({ params: model, loss, steps: c.sliceSteps, eta: c.eta, layers: ['layers.0.weight'], lemma1: true });
    out.push({
      step,
      perturbation: s.perturbation,
      loss: s.loss,
      rho: s.rho['layers.0.weight'],
      trust: s.trust,
      euclidean: s.euclidean['layers.0.weight'],
      nonFinite: s.nonFinite,
      ...(s.lemma1 === undefined ? {} : { lemma1: s.lemma1 }),
    });
    progress(out.length / checkpoints.length);
  };
  if (checkpoints.includes(0)) take(0);
  const r = trainClassifier({
    model,
    optimizer,
    ...(scheduler === undefined ? {} : { scheduler }),
    data,
    batchSize: c.batch,
    steps,
    rng,
    onStep: ({ step }) => {
      if (checkpoints.includes(step + 1)) take(step + 1);
    },
  });
  return {
    config: c,
    result: { checkpoints: out, accuracy: r.diverged ? null : r.lastEpochAccuracy, diverged: r.diverged !== false },
    meta: { stepsPerSecond: r.stepsPerSecond },
  };
}

/**
 * Figure 2: weight norms over training at a constant lr. Every `every` steps records ‖W_l‖/‖W_l(0)‖
 * for each weight matrix; paper-LARS should follow (1+η²)^{t/2} where its steps are ⟂ W, Fromage 1.
 */
export function runNorms(c: NormsConfig, progress: Progress): Outcome {
  const data = classifierData(c.task, c.samples);
  const rng = new Rng(c.seed);
  const model = modelFor(data, c.depth, c.width, rng);
  const optimizer = makeOptimiser(c.optimiser, model.parameters(), c.lr);
  const weights = model.namedParameters().filter(([name]) => name.endsWith('.weight'));
  const initial = weights.map(([, w]) => frobenius(w.data));
  const at: number[] = [0];
  const norms: Record<string, number[]> = Object.fromEntries(weights.map(([name]) => [name, [1]]));
  const { steps, every } = c;
  const r = trainClassifier({
    model,
    optimizer,
    data,
    batchSize: c.batch,
    steps,
    rng,
    onStep: ({ step }) => {
      if ((step + 1) % every !== 0) return;
      at.push(step + 1);
      weights.forEach(([name, w], i) => norms[name].push(frobenius(w.data) / initial[i]));
      progress((step + 1) / steps);
    },
  });
  return {
    config: c,
    result: {
      steps: at,
      norms,
      accuracy: r.diverged ? null : r.lastEpochAccuracy,
      diverged: r.diverged !== false,
      divergedAt: r.diverged === false ? null : r.diverged.step,
    },
    meta: { stepsPerSecond: r.stepsPerSecond },
  };
}

/**
 * Speed of one training step (forward, backward, optimiser) of an MLP on random inputs:
 * `inputs` features, `depth` hidden layers of `width`, `batch` rows, after 10 warm-up steps.
 */
export function runTiming(c: TimingConfig): Outcome {
  const rng = new Rng(c.seed);
  const { batch, inputs, steps } = c;
  const model = new nn.MLP({ inputSize: inputs, hiddenSize: c.width, depth: c.depth, outputSize: 10, rng });
  const optimizer = makeOptimiser(c.optimiser, model.parameters(), c.lr);
  const x = new Tensor(rng.normalFill(new Float64Array(batch * inputs)), [batch, inputs]);
  const y = Int32Array.from({ length: batch }, () => rng.integer(10));
  const step = (): number => {
    const loss = nn.crossEntropy(model.forward(x), y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    return loss.item();
  };
  for (let i = 0; i < 10; i++) step();
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < steps; i++) checksum += step();
  const seconds = (performance.now() - start) / 1000;
  const final = noGrad(() => nn.crossEntropy(model.forward(x), y).item());
  return { config: c, result: { checksum, finalLoss: final }, meta: { stepsPerSecond: steps / seconds, msPerStep: (1000 * seconds) / steps } };
}
