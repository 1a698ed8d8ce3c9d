// The depth comparison of the deep-relative-trust family (issue 16): SGD, Adam, LARS, Fromage, Madam,
// AGD and Muon, each at its recommended settings (lib/optim/by-name.ts), on the paper's depth task at a
// small scale — MNIST digits (14×14 by default), an MLP of one width at several depths, batch 250, the
// paper's lr × 0.95 per epoch for every optimiser that has an lr — over a few seeds. It prints each run's
// last-epoch training accuracy (the paper's Figure 3 metric, lib/train.ts) and, per optimiser, the largest
// depth at which every seed trains (accuracy ≥ --threshold), as the table in docs/optimisers.md.
// By default (--net own) AGD runs on its own network, as its claim is stated: no biases, relu·√2, init
// 'agd'; the others on the paper's SimpleNet with PyTorch's init. --net agd runs every optimiser on AGD's
// network — the control that separates what the optimiser does from what the init does. Results are
// appended to --out as JSON lines, so a rerun resumes.
//
//   npx tsx bench/family-depth.ts                       (≈ 15 min on one core at the defaults)
//   npx tsx bench/family-depth.ts --depths 2,8,32 --seeds 0 --optimisers agd,fromage --epochs 10
//   npx tsx bench/family-depth.ts --net agd --optimisers sgd,adam,fromage,muon
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nn, optim, Rng } from '../lib/index.ts';
import { loadMnist } from '../lib/node/mnist.ts';
import { createOptimizer, OPTIMIZER_NAMES, takesLearningRate, type OptimizerName } from '../lib/optim/by-name.ts';
import { trainClassifier } from '../lib/train.ts';

const { values } = parseArgs({
  options: {
    side: { type: 'string', default: '14' },
    width: { type: 'string', default: '64' },
    depths: { type: 'string', default: '2,4,8,16,32' },
    seeds: { type: 'string', default: '0,1' },
    samples: { type: 'string', default: '2000' },
    epochs: { type: 'string', default: '20' },
    threshold: { type: 'string', default: '0.5' },
    optimisers: { type: 'string', default: OPTIMIZER_NAMES.join(',') },
    net: { type: 'string', default: 'own' },
    out: { type: 'string', default: 'results/family-depth.jsonl' },
  },
  strict: true,
});
const list = (s: string): number[] => s.split(',').map(Number);
const side = Number(values.side) as 14 | 28;
const width = Number(values.width);
const depths = list(values.depths);
const seeds = list(values.seeds);
const samples = Number(values.samples);
const epochs = Number(values.epochs);
const threshold = Number(values.threshold);
const names = values.optimisers.split(',') as OptimizerName[];
for (const n of names) if (!(OPTIMIZER_NAMES as readonly string[]).includes(n)) throw new Error(`unknown optimiser '${n}' (expected one of ${OPTIMIZER_NAMES.join(', ')})`);
const net = values.net;
if (net !== 'own' && net !== 'agd') throw new Error(`--net must be own or agd (got ${net})`);

interface Row {
  optimiser: OptimizerName;
  depth: number;
  seed: number;
  accuracy: number;
  diverged: boolean;
  seconds: number;
  settings: string;
}
const key = (r: { optimiser: string; depth: number; seed: number }) => `${side}/${width}/${samples}/${epochs}/${net}/${r.optimiser}/${r.depth}/${r.seed}`;
const done = new Map<string, Row>();
if (existsSync(values.out)) {
  for (const line of readFileSync(values.out, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as Row & { key: string };
    done.set(r.key, r);
  }
}

const data = loadMnist({ count: samples, side, seed: 0 });
for (const optimiser of names) {
  for (const depth of depths) {
    for (const seed of seeds) {
      if (done.has(key({ optimiser, depth, seed }))) continue;
      const rng = new Rng(seed);
      const agd = optimiser === 'agd' || net === 'agd';
      const model = new nn.MLP({ inputSize: side * side, hiddenSize: width, depth, outputSize: 10, rng, ...(agd ? { bias: false, activationGain: Math.SQRT2, init: 'agd' as const } : {}) });
      const opt = createOptimizer(optimiser, model.parameters());
      const scheduler = takesLearningRate(optimiser) ? new optim.LambdaLR(opt as optim.Optimizer, (epoch: number) => 0.95 ** epoch) : undefined;
      const start = performance.now();
      const result = trainClassifier({ model, optimizer: opt, data, batchSize: 250, epochs, rng, ...(scheduler ? { scheduler } : {}) });
      const row: Row = {
        optimiser,
        depth,
        seed,
        accuracy: result.diverged ? 0.1 : result.lastEpochAccuracy,
        diverged: result.diverged !== false,
        seconds: (performance.now() - start) / 1000,
        settings: JSON.stringify(opt.paramGroups.map(({ params, ...h }) => (void params, h))),
      };
      done.set(key(row), row);
      appendFileSync(values.out, JSON.stringify({ key: key(row), ...row }) + '\n');
      console.log(`${optimiser.padEnd(8)} depth ${String(depth).padStart(2)} seed ${seed}: accuracy ${row.accuracy.toFixed(3)}${row.diverged ? ' (diverged)' : ''} in ${row.seconds.toFixed(0)} s`);
    }
  }
}

// The table: mean accuracy over seeds (min in brackets when the seeds disagree on trainability).
let checksum = 0;
const header = `| optimiser | ${depths.map((d) => `depth ${d}`).join(' | ')} | largest trainable depth |`;
const lines = [header, `| --- | ${depths.map(() => '---').join(' | ')} | --- |`];
for (const optimiser of names) {
  let largest = 0;
  const cells = depths.map((depth) => {
    const rows = seeds.map((seed) => done.get(key({ optimiser, depth, seed })) as Row);
    const accs = rows.map((r) => r.accuracy);
    checksum += accs.reduce((a, b) => a + b, 0);
    if (accs.every((a) => a >= threshold)) largest = Math.max(largest, depth);
    const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
    const mixed = accs.some((a) => a >= threshold) && accs.some((a) => a < threshold);
    return `${(100 * mean).toFixed(0)} %${mixed ? ` (min ${(100 * Math.min(...accs)).toFixed(0)} %)` : ''}${rows.some((r) => r.diverged) ? ' †' : ''}`;
  });
  lines.push(`| ${optimiser} | ${cells.join(' | ')} | ${largest === 0 ? 'none' : largest} |`);
}
const nets = net === 'agd' ? "every optimiser on AGD's network" : "AGD on its network, the others on the paper's SimpleNet";
console.log(`\nMNIST ${side}×${side}, ${samples} digits, width ${width}, batch 250, ${epochs} epochs, seeds ${seeds.join(', ')}, ${nets}; trainable: every seed ≥ ${100 * threshold} % last-epoch training accuracy († a seed diverged)\n`);
console.log(lines.join('\n'));
console.log(`\nchecksum ${checksum.toFixed(6)}`);
