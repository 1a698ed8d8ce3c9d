/**
 * Figure 1 of Bernstein et al. (2020) at a chosen scale: train an MLP with Fromage, then at each
 * checkpoint take the slice protocol — `steps` steps of W ← W − η‖W‖g₀/‖g₀‖ along the fixed initial
 * gradient, full batch on the first `--slice-rows` training digits — and print the loss and the first
 * layer's relative breakdown ρ₁ at cumulative perturbation 0, 0.01, 0.03, 0.05, 0.1, with the Euclidean
 * (linear, fitted on the first 5 steps) and deep-relative-trust predictions of ρ₁, beside the paper's
 * loss at the same perturbations (bench/reference/paper-results.json, figure1_curvature_slices: the
 * range over its 9 trained checkpoints and its last checkpoint).
 *
 *   npx tsx bench/slices.ts --width 128 --depth 15 [--residual] --samples 2000 --train-steps 400
 *   flags: --width 128 --depth 15 --residual --samples 1000 --side 14|28 --train-steps 300 --batch 16
 *          --lr 0.01 --steps 100 --eta 0.001 --slice-rows 500 --checkpoints 100,200,300 --seed 1
 *
 * The paper: width 784, 60k digits at 28×28, batch 250, lr 0.01 × 0.9 per epoch; 100 steps of 0.001.
 * Expect minutes at width 784; width 128 at 14×14 takes seconds per checkpoint.
 */
import { readFileSync } from 'node:fs';
import { subset, toTensors } from '../lib/data/dataset.ts';
import { crossEntropy } from '../lib/nn/losses.ts';
import { MLP } from '../lib/nn/mlp.ts';
import { loadMnist } from '../lib/node/mnist.ts';
import { Fromage } from '../lib/optim/fromage.ts';
import { slice } from '../lib/perturb/slice.ts';
import { Rng } from '../lib/random.ts';
import { trainClassifier } from '../lib/train.ts';

interface Flags {
  width: number;
  depth: number;
  residual: boolean;
  samples: number;
  side: 14 | 28;
  trainSteps: number;
  batch: number;
  lr: number;
  steps: number;
  eta: number;
  sliceRows: number;
  checkpoints: number[];
  seed: number;
}

function parse(argv: string[]): Flags {
  const f: Flags = { width: 128, depth: 15, residual: false, samples: 1000, side: 14, trainSteps: 300, batch: 16, lr: 0.01, steps: 100, eta: 0.001, sliceRows: 500, checkpoints: [], seed: 1 };
  const numeric: Record<string, keyof Flags> = {
    '--width': 'width',
    '--depth': 'depth',
    '--samples': 'samples',
    '--side': 'side',
    '--train-steps': 'trainSteps',
    '--batch': 'batch',
    '--lr': 'lr',
    '--steps': 'steps',
    '--eta': 'eta',
    '--slice-rows': 'sliceRows',
    '--seed': 'seed',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--residual') f.residual = true;
    else if (a === '--checkpoints') f.checkpoints = argv[++i].split(',').map(Number);
    else if (a in numeric) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`slices: ${a} needs a number (got ${argv[i]})`);
      (f as unknown as Record<string, number>)[numeric[a]] = v;
    } else throw new Error(`slices: unknown flag ${a} (see the comment at the top of bench/slices.ts)`);
  }
  if (f.side !== 14 && f.side !== 28) throw new Error(`slices: --side must be 14 or 28 (got ${String(f.side)})`);
  if (f.checkpoints.length === 0) f.checkpoints = [f.trainSteps];
  f.checkpoints.sort((a, b) => a - b);
  f.sliceRows = Math.min(f.sliceRows, f.samples);
  return f;
}

type PaperSlices = Record<string, { eta: number[]; per_checkpoint: number[][] }>;

/** The paper's net closest to ours: the 2-layer perceptron for shallow nets, else the 16-layer plain or residual one. */
function paperNet(f: Flags): string {
  if (f.depth <= 7) return '2_layer_perceptron';
  return f.residual ? '16_layer_residual' : '16_layer_perceptron';
}

const TARGETS = [0, 0.01, 0.03, 0.05, 0.1];
const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));

function main(): void {
  const f = parse(process.argv.slice(2));
  const paper = (JSON.parse(readFileSync(new URL('./reference/paper-results.json', import.meta.url), 'utf8')) as { figure1_curvature_slices: { loss_slices: PaperSlices } })
    .figure1_curvature_slices.loss_slices[paperNet(f)];
  const trained = paper.per_checkpoint.slice(1); // the first checkpoint is at initialisation
  const data = loadMnist({ count: f.samples, side: f.side, seed: 0 });
  const probe = subset(data, Array.from({ length: f.sliceRows }, (_, i) => i));
  const { x } = toTensors(probe);
  const rng = new Rng(f.seed);
  const model = new MLP({ inputSize: data.features, hiddenSize: f.width, depth: f.depth, outputSize: 10, residual: f.residual, rng });
  const optimizer = new Fromage(model.parameters(), { lr: f.lr });
  const loss = () => crossEntropy(model.forward(x), probe.y);
  console.log(`Figure 1 slice: MLP ${data.features}→${f.width}×${f.depth}${f.residual ? ' residual' : ''}→10 on ${f.samples} digits at ${f.side}×${f.side}; ` +
    `Fromage lr ${f.lr}, batch ${f.batch}; ${f.steps} steps of ${f.eta} on ${f.sliceRows} digits; paper: ${paperNet(f)}`);
  let done = 0;
  for (const at of f.checkpoints) {
    const start = performance.now();
    const r = at > done ? trainClassifier({ model, optimizer, data, batchSize: f.batch, steps: at - done, rng }) : null;
    done = Math.max(done, at);
    const trainSeconds = (performance.now() - start) / 1000;
    const s = slice({ params: model, loss, steps: f.steps, eta: f.eta, layers: ['layers.0.weight'] });
    const sliceSeconds = (performance.now() - start) / 1000 - trainSeconds;
    console.log(`\ncheckpoint: step ${done}, last-epoch train accuracy ${r === null ? '—' : r.lastEpochAccuracy.toFixed(3)}` +
      ` (train ${trainSeconds.toFixed(1)} s, slice ${sliceSeconds.toFixed(1)} s)${s.nonFinite ? `; non-finite from step ${s.firstNonFiniteStep}` : ''}`);
    const rows = [['perturbation', 'loss', 'ρ₁', 'Euclidean ρ₁', 'Π(1+r)−1', 'paper loss (range)', 'paper loss (last)']];
    TARGETS.forEach((target, j) => {
      const k = Math.round(target / f.eta);
      const col = trained.map((c) => c[j]);
      rows.push([
        k <= f.steps ? (k * f.eta).toFixed(3) : `${target} (beyond)`,
        fmt(s.loss[k]),
        fmt(s.rho['layers.0.weight'][k]),
        fmt(s.euclidean['layers.0.weight'][k]),
        fmt(s.trust[k]),
        `${fmt(Math.min(...col))} – ${fmt(Math.max(...col))} @${paper.eta[j]}`,
        fmt(col[col.length - 1]),
      ]);
    });
    const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  }
}

main();
