/**
 * Training-step speed against TensorFlow.js's pure-JS CPU backend, side by side in one process.
 * One step = forward through an MLP 784 → W×L → 10, softmax cross-entropy, backward, SGD update, each
 * library through its public API (trustgrad: nn.MLP, nn.crossEntropy, backward, optim.SGD; TF.js:
 * tf.variableGrads inside tf.tidy, tf.train.sgd, f32, setBackend('cpu')). Both start from the same
 * weights and see the same batch. After warm-up the two alternate in rounds, so load changes on the
 * machine hit both; the table shows median ms/step, the spread (min–max), the ratio of medians, and
 * a checksum (Σ of the final weights) per library. Then Adam and Fromage steps for trustgrad, with the
 * share of the step spent in `opt.step()`.
 * A third column runs trustgrad with its matrix products split across two threads (useThreads(2)).
 * `npm run bench:step` · `-- --quick` (fewer samples) · `-- --configs 32x4x32,128x16x64` · `-- --no-threads`
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { nn, optim, Rng, tensor, type Tensor } from '../lib/index.ts';
import { stopThreads, useThreads } from '../lib/node/threads.ts';

registerTfjsGradients();

/**
 * tfjs-core's Node build registers no gradients (the union package @tensorflow/tfjs does), and its ESM
 * build cannot load in Node (directory imports). esbuild bundles the ESM gradient registrations; they
 * land in the registry that every copy of tfjs-core shares on globalThis.
 */
function registerTfjsGradients(): void {
  const require = createRequire(import.meta.url);
  const { outputFiles } = buildSync({
    entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')],
    bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent',
  });
  new Function('require', 'module', 'exports', outputFiles[0].text)(require, { exports: {} }, {});
}

interface Config { width: number; depth: number; batch: number }
const CONFIGS: Config[] = [
  { width: 784, depth: 4, batch: 250 }, { width: 256, depth: 8, batch: 128 },
  { width: 128, depth: 16, batch: 64 }, { width: 32, depth: 4, batch: 32 },
];
const LR = 0.01;
const label = (c: Config): string => `W=${c.width} L=${c.depth} B=${c.batch}`;

/** A timed training loop: `step()` runs one step; `checksum()` sums the current weights. */
interface Runner { step(): void; checksum(): number; dispose(): void }

function problem(c: Config, seed: number): { x: Float64Array; y: Int32Array; model: nn.MLP } {
  const rng = new Rng(seed);
  const model = new nn.MLP({ inputSize: 784, hiddenSize: c.width, depth: c.depth, outputSize: 10, rng });
  const x = rng.uniformFill(new Float64Array(c.batch * 784), 0, 1);
  const y = new Int32Array(c.batch);
  for (let i = 0; i < c.batch; i++) y[i] = rng.integer(10);
  return { x, y, model };
}

function weightSum(params: readonly Tensor[]): number {
  let s = 0;
  for (const p of params) for (let i = 0; i < p.data.length; i++) s += p.data[i];
  return s;
}

/** trustgrad, public API only. */
function trustgradRunner(c: Config, makeOptimizer: (params: Tensor[]) => optim.Optimizer<never, never> | optim.SGD = (p) => new optim.SGD(p, { lr: LR })): Runner & { optimizerMs: number } {
  const { x, y, model } = problem(c, 1);
  const params = model.parameters();
  const opt = makeOptimizer(params);
  const xb = tensor(x, { shape: [c.batch, 784] });
  const runner = {
    optimizerMs: 0,
    step(): void {
      opt.zeroGrad();
      const loss = nn.crossEntropy(model.forward(xb), y);
      loss.backward();
      const t0 = performance.now();
      opt.step();
      runner.optimizerMs += performance.now() - t0;
    },
    checksum: () => weightSum(params),
    dispose(): void {},
  };
  return runner;
}

/** TF.js with the same initial weights (as f32, W stored [in, out] as TF.js's dense layers do). */
function tfjsRunner(c: Config): Runner {
  const { x, y, model } = problem(c, 1);
  const layers = [...model.layers, model.final];
  const vars = layers.map((layer) => {
    const [out, inp] = layer.weight.shape;
    const wt = new Float32Array(out * inp);
    for (let o = 0; o < out; o++) for (let i = 0; i < inp; i++) wt[i * out + o] = layer.weight.data[o * inp + i];
    return { w: tf.variable(tf.tensor2d(wt, [inp, out])), b: tf.variable(tf.tensor1d(Float32Array.from(layer.bias!.data))) };
  });
  const xb = tf.tensor2d(Float32Array.from(x), [c.batch, 784]);
  const labels = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
  const opt = tf.train.sgd(LR);
  const loss = (): tf.Scalar => {
    let h: tf.Tensor2D = xb;
    for (let l = 0; l < vars.length; l++) {
      const z = tf.add(tf.matMul(h, vars[l].w), vars[l].b) as tf.Tensor2D;
      h = l < vars.length - 1 ? tf.relu(z) : z;
    }
    return tf.losses.softmaxCrossEntropy(labels, h) as tf.Scalar;
  };
  return {
    step(): void {
      const value = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss);
        opt.applyGradients(grads);
        return value;
      });
      value.dataSync();
      value.dispose();
    },
    checksum(): number {
      let s = 0;
      for (const v of vars) s += tf.sum(v.w).dataSync()[0] + tf.sum(v.b).dataSync()[0];
      return s;
    },
    dispose(): void {
      for (const v of vars) { v.w.dispose(); v.b.dispose(); }
      xb.dispose(); labels.dispose(); opt.dispose();
    },
  };
}

function timeSteps(r: Runner, n: number, into: number[]): void {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    r.step();
    into.push(performance.now() - t0);
  }
}

const median = (xs: readonly number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const spread = (xs: readonly number[]): string => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;

/** A runner whose steps run with `threads` threads (useThreads before each step, one thread after). */
function withThreads(r: Runner, threads: number): Runner {
  return {
    step(): void {
      useThreads(threads);
      try { r.step(); } finally { useThreads(1); }
    },
    checksum: () => r.checksum(),
    dispose: () => r.dispose(),
  };
}

/**
 * Rounds of alternating measurement (TF.js, trustgrad on one thread, trustgrad on two) until each has
 * `samples` steps. The ratio is TF.js's median over trustgrad's single-thread median (the default).
 */
function compare(c: Config, samples: number, threads: boolean): string[] {
  const runners = [tfjsRunner(c), trustgradRunner(c), ...(threads ? [withThreads(trustgradRunner(c), 2)] : [])];
  // Warm-up: the same number of steps for every runner (~1 s of TF.js), so all have taken the same steps
  // when the checksums are read.
  const warmSteps = Math.max(3, Math.min(100, Math.round(1000 / guessTfjsMs(c))));
  for (const r of runners) for (let i = 0; i < warmSteps; i++) r.step();
  const times: number[][] = runners.map(() => []);
  const perRound = Math.max(1, Math.ceil(samples / 5));
  while (times[0].length < samples) runners.forEach((r, i) => timeSteps(r, perRound, times[i]));
  const [tf, one, two] = times.map(median);
  const row = [label(c), fmt(tf), spread(times[0]), fmt(one), spread(times[1]), `${(tf / one).toFixed(1)}×`];
  if (threads) row.push(fmt(two), spread(times[2]), `${(tf / two).toFixed(1)}×`);
  row.push(runners[0].checksum().toFixed(4), ...runners.slice(1).map((r) => r.checksum().toFixed(6)));
  runners[0].dispose();
  return row;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

function optimiserCosts(c: Config, steps: number): string[][] {
  const makers: [string, (p: Tensor[]) => optim.SGD | optim.Adam | optim.Fromage][] = [
    ['SGD', (p) => new optim.SGD(p, { lr: LR })],
    ['SGD momentum 0.9', (p) => new optim.SGD(p, { lr: LR, momentum: 0.9 })],
    ['Adam', (p) => new optim.Adam(p, { lr: 1e-3 })],
    ['Fromage', (p) => new optim.Fromage(p, { lr: 0.01 })],
  ];
  const runners = makers.map(([name, make]) => ({ name, r: trustgradRunner(c, make as never), times: [] as number[] }));
  for (const { r } of runners) { for (let i = 0; i < 3; i++) r.step(); r.optimizerMs = 0; }
  for (let i = 0; i < steps; i++) for (const x of runners) timeSteps(x.r, 1, x.times);
  return runners.map(({ name, r, times }) => {
    const optMs = r.optimizerMs / steps;
    return [label(c), name, fmt(median(times)), fmt(optMs), `${((100 * optMs * steps) / times.reduce((s, t) => s + t, 0)).toFixed(1)}%`, r.checksum().toFixed(4)];
  });
}

function main(argv: readonly string[]): void {
  const quick = argv.includes('--quick');
  const threads = !argv.includes('--no-threads');
  const pick = argv.indexOf('--configs');
  const configs = pick < 0 ? CONFIGS : argv[pick + 1].split(',').map((s) => {
    const [width, depth, batch] = s.split('x').map(Number);
    return { width, depth, batch };
  });
  tf.setBackend('cpu');
  console.log(`trustgrad vs TensorFlow.js ${tf.version_core} (backend '${tf.getBackend()}', f32); node ${process.version}, ${cpus()[0]?.model ?? '?'} ×${cpus().length}`);
  console.log('ms per training step (forward + softmax cross-entropy + backward + SGD), MLP 784 → W×L → 10, batch B\n');
  const rows: string[][] = [];
  for (const c of configs) {
    // About 10 s of TF.js per config, at least 5 samples (fewer with --quick).
    const samples = quick ? 3 : Math.max(5, Math.min(200, Math.round(10_000 / guessTfjsMs(c))));
    rows.push(compare(c, samples, threads));
  }
  printTable(['config', 'TF.js cpu', 'spread', 'trustgrad', 'spread', 'ratio',
    ...(threads ? ['trustgrad 2 threads', 'spread', 'ratio'] : []),
    'Σ weights TF.js (f32)', 'Σ weights trustgrad', ...(threads ? ['Σ weights, 2 threads'] : [])], rows);
  console.log('ms/step: median (min–max) over alternating rounds after warm-up; ratio = TF.js median / trustgrad median.');
  console.log('Both libraries start from the same weights and train on the same batch; the 1- and 2-thread trustgrad sums agree to the bit.');
  stopThreads();

  console.log('\ntrustgrad optimisers: ms per full step and in opt.step() (median full step, mean opt.step)\n');
  const optRows: string[][] = [];
  for (const c of configs) optRows.push(...optimiserCosts(c, quick ? 5 : Math.max(5, Math.min(200, Math.round(3000 / (guessTfjsMs(c) / 5))))));
  printTable(['config', 'optimiser', 'step', 'opt.step()', 'share', 'Σ weights'], optRows);
}

/** TF.js's ms/step from the measurement, scaled by flops; only sizes the sample counts. */
function guessTfjsMs(c: Config): number {
  const macs = c.batch * (784 * c.width + (c.depth - 1) * c.width * c.width + 10 * c.width);
  return Math.max(1, (4706 * macs) / (250 * (784 * 784 * 4 + 7840)));
}

main(process.argv.slice(2));
