/**
 * β per depth: the constant the paper's Euclidean model needs, measured. For MLPs of depth 1, 2, 4, 8 and
 * 16 (width 64, MNIST at 14×14, the paper's init) at initialisation and after a short Fromage run, it prints
 *   λmax      the top Hessian eigenvalue of the full-batch loss (perturb.sharpness, power iteration),
 *   β along   the curvature along the slice's first step, d̂ᵀHd̂ (perturb.slice { beta: 'along' }),
 * and the Figure 1 slice (W ← W − η‖W‖g₀/‖g₀‖, η = 0.001, 100 steps) at cumulative perturbation 0.05 and 0.1:
 * the measured loss beside the quadratic models ℒ₀ + g₀·Δ + ½β‖Δ‖² with β along and with β = λmax. Where the
 * measured loss leaves both models behind, the loss is not Euclidean-smooth on the scale of the step.
 *
 *   npm run bench:sharpness   ·   flags: --depths 1,2,4,8,16 --width 64 --samples 500 --train-steps 200 --iterations 50 --seed 1
 */
import { subset, toTensors } from '../lib/data/dataset.ts';
import { crossEntropy } from '../lib/nn/losses.ts';
import { MLP } from '../lib/nn/mlp.ts';
import { loadMnist } from '../lib/node/mnist.ts';
import { Fromage } from '../lib/optim/fromage.ts';
import { slice } from '../lib/perturb/slice.ts';
import { Rng } from '../lib/random.ts';
import { trainClassifier } from '../lib/train.ts';

function flag(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

const argv = process.argv.slice(2);
const depths = flag(argv, 'depths', '1,2,4,8,16').split(',').map(Number);
const width = Number(flag(argv, 'width', '64'));
const samples = Number(flag(argv, 'samples', '500'));
const trainSteps = Number(flag(argv, 'train-steps', '200'));
const iterations = Number(flag(argv, 'iterations', '50'));
const seed = Number(flag(argv, 'seed', '1'));
const ETA = 0.001;
const STEPS = 100;

const digits = loadMnist({ count: samples, side: 14, seed });
const { x } = toTensors(subset(digits, Array.from({ length: samples }, (_, i) => i)));
const y = digits.y;

const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));
console.log(`MNIST 14×14, ${samples} digits (full batch), MLP 196 → ${width}×L → 10, relu, torch init; Fromage lr 0.01, batch 50, ${trainSteps} steps`);
console.log(`slice: η = ${ETA}, ${STEPS} steps along the initial gradient; λmax by ${iterations} power iterations (seed ${seed})\n`);
console.log('| depth | weights | λmax | β along g | loss at 0.05 (β along / λmax model) | loss at 0.1 (β along / λmax model) |');
console.log('| ---: | --- | ---: | ---: | --- | --- |');
for (const depth of depths) {
  const rng = new Rng(seed);
  const model = new MLP({ inputSize: 196, hiddenSize: width, depth, outputSize: 10, rng });
  const loss = () => crossEntropy(model.forward(x), y);
  for (const when of ['init', 'trained'] as const) {
    if (when === 'trained') trainClassifier({ model, optimizer: new Fromage(model.parameters(), { lr: 0.01 }), data: digits, batchSize: 50, steps: trainSteps, rng });
    const along = slice({ params: model, loss, steps: STEPS, eta: ETA, beta: 'along' });
    const top = slice({ params: model, loss, steps: STEPS, eta: ETA, beta: 'top', betaIterations: iterations, rng: new Rng(seed + 1) });
    const at = (p: number): string => {
      const k = Math.round(p / ETA);
      return k < along.loss.length ? `${fmt(along.loss[k])} (${fmt(along.quadratic[k])} / ${fmt(top.quadratic[k])})` : 'non-finite';
    };
    console.log(`| ${depth} | ${when} | ${fmt(top.beta!)} | ${fmt(along.beta!)} | ${at(0.05)} | ${at(0.1)} |`);
  }
}
