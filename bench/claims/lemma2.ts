// Lemma 2 with cos θ measured, beside the inset's learning rate against depth. If every layer moves by the same
// relative amount η, deep relative trust promises descent when (1+η)^L − 1 < cos θ, i.e. η < (1 + cos θ)^{1/L} − 1
// with L the number of weight layers (depth + 1 for an MLP with `depth` hidden layers). We train Fromage at the
// inset's three learning rates per depth; every `every` steps the TrustMonitor measures each layer's relative step
// and cos θ between the step and −g on the minibatch, and that minibatch's loss before and after. Two readings:
// (1) a step with every layer's relative step below (1 + cos θ_min)^{1/L} − 1, cos θ_min the smallest over the
//     layers, must lower the loss if deep relative trust holds with constant 1: then every layer's ρ_l ≤
//     Π(1 + r_k) − 1 < cos θ_min ≤ cos θ_l and every term of Lemma 1 is negative. (A dead layer has g = 0, cos θ = 0
//     and a bound of 0, so saturated or dead steps are never counted as safe.)
// (2) the largest learning rate that trains should fall with depth, as the bound does (the paper's inset).
import { batches } from '../../lib/data/batches.ts';
import { accuracy, crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { lemma2MaxRelativeStep } from '../../lib/perturb/deep-relative-trust.ts';
import { TrustMonitor } from '../../lib/perturb/monitor.ts';
import { Rng } from '../../lib/random.ts';
import { digits, grouped, trainsThreshold, judged, LastEpoch, lineChart, measured, notRun, sig, type ChartPoint, type ClaimText, type Rule } from './common.ts';
import type { ClaimProbe, ClaimRow, ScaleName } from './types.ts';

/** One Fromage run at (depth, lr), watched every `every` steps. */
export type Lemma2Config = { depth: number; lr: number; width: number; samples: number; classes: number; batch: number; steps: number; every: number; seed: number };
/**
 * Per watched step the largest relative step over weight layers, their smallest cos θ, and the minibatch loss before and
 * after the step; the run's accuracy and the accuracy it must reach to count as trained.
 */
export type Lemma2Result = { relativeStep: number[]; cosTheta: number[]; lossBefore: number[]; lossAfter: number[]; accuracy: number | null; trainsAt: number };

/** Trains one net with Fromage and watches its steps. */
export function runLemma2(c: Lemma2Config): Lemma2Result {
  const data = digits(c.samples, 14, c.classes);
  const rng = new Rng(c.seed);
  const model = new MLP({ inputSize: data.features, hiddenSize: c.width, depth: c.depth, outputSize: c.classes, rng });
  const opt = new Fromage(model.parameters(), { lr: c.lr });
  const monitor = new TrustMonitor({ lemmaTs: [] });
  const result: Lemma2Result = { relativeStep: [], cosTheta: [], lossBefore: [], lossAfter: [], accuracy: null, trainsAt: trainsThreshold(data) };
  const lastEpoch = new LastEpoch(data.n, c.batch);
  let t = 0;
  while (t < c.steps) {
    for (const b of batches(data, c.batch, rng)) {
      const loss = () => crossEntropy(model.forward(b.x), b.y);
      const logits = model.forward(b.x);
      const before = crossEntropy(logits, b.y);
      if (!Number.isFinite(before.item())) return result; // diverged: accuracy stays null
      lastEpoch.push(accuracy(logits, b.y));
      opt.zeroGrad();
      before.backward();
      const watch = t % c.every === 0;
      if (watch) monitor.before(model);
      opt.step();
      if (watch) {
        const record = monitor.after(model, loss);
        const weights = record.layers.filter((l) => l.name.endsWith('.weight'));
        result.relativeStep.push(Math.max(...weights.map((l) => l.relativeStep)));
        result.cosTheta.push(Math.min(...weights.map((l) => l.cosTheta)));
        result.lossBefore.push(before.item());
        result.lossAfter.push(record.lossAfter);
      }
      if (++t === c.steps) break;
    }
  }
  result.accuracy = lastEpoch.mean();
  return result;
}

type Setting = Omit<Lemma2Config, 'depth' | 'lr' | 'seed'> & { depths: number[]; lrs: number[]; seeds: number[] };
// Quick takes the digits 0–2 (the experiment specs' small setting), where width 32 trains in 500 steps.
const QUICK: Setting = { depths: [2, 8, 16], lrs: [0.1, 0.01, 0.001], width: 32, samples: 1000, classes: 3, batch: 32, steps: 500, every: 10, seeds: [1] };
const SETTINGS: Record<ScaleName, Setting> = {
  tiny: { ...QUICK, depths: [1, 3], lrs: [0.1, 0.01], width: 8, samples: 64, steps: 4, every: 2 },
  quick: QUICK,
  default: { ...QUICK, depths: [2, 4, 8, 16], width: 64, samples: 2000, classes: 10, steps: 1000, every: 25, seeds: [1, 2] },
  'paper-regime': { ...QUICK, depths: [4, 8, 16, 24, 32], width: 128, samples: 10000, classes: 10, batch: 64, steps: 1500, every: 50, seeds: [1] },
  full: { ...QUICK, depths: [4, 8, 16, 24, 32, 40, 50], width: 128, samples: 10000, classes: 10, batch: 64, steps: 3000, every: 50, seeds: [1, 2] },
};

const trained = (r: Lemma2Result): boolean => r.accuracy !== null && r.accuracy >= r.trainsAt;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Lemma 2's largest safe relative step at a watched step: its smallest cos θ (clamped at 0), L = depth + 1 weight layers. */
const bound = (depth: number, cos: number): number => lemma2MaxRelativeStep(Math.max(0, Math.min(1, cos)), depth + 1);

const DESCENT: ClaimText = {
  id: 'lemma2.descent',
  source: 'Lemma 2',
  claim: 'A step whose relative size in every layer is below (1 + cos θ)^{1/L} − 1 (cos θ the smallest over layers, measured by the TrustMonitor) lowers the loss',
  paper: 'descent guaranteed under deep relative trust; with cos θ = 1: 0.4142 (L = 2), 0.0718 (10), 0.0443 (16), 0.0140 (50)',
};
const DEPTH: ClaimText = {
  id: 'lemma2.depth',
  source: 'Lemma 2 and the inset (reply R1)',
  claim: "The deeper the net, the smaller the largest learning rate that trains, as Lemma 2's bound shrinks like ln(1 + cos θ)/L",
  paper: 'Fromage lr 0.1 trains to depth 10 and fails from 15; lr 0.01 trains to 27; lr 0.001 keeps ≥ 0.65 to 50',
};
const DESCENT_RULE: Rule<number> = {
  text: 'over the watched steps whose largest per-layer relative step is below their bound: reproduced when the minibatch loss fell on ≥ 99 %; reproduced qualitatively when on ≥ 90 %; not reproduced otherwise',
  judge: (f) => (f >= 0.99 ? 'reproduced' : f >= 0.9 ? 'reproduced qualitatively' : 'not reproduced'),
};
const DEPTH_RULE: Rule<number[]> = {
  text: 'a run trains when its last-epoch accuracy is ≥ (1 + chance)/2, chance being the largest class share (every seed); over the depths where some lr trains: '
    + 'reproduced when the largest lr that trains never grows with depth and is smaller at the deepest such depth than at the shallowest; reproduced qualitatively when it never grows; '
    + 'not reproduced when it grows or fewer than two depths train at all',
  judge: (largest) => {
    const trained = largest.filter((lr) => lr > 0);
    const falls = trained.length >= 2 && trained.every((v, i) => i === 0 || v <= trained[i - 1]);
    return falls && trained[trained.length - 1] < trained[0] ? 'reproduced' : falls ? 'reproduced qualitatively' : 'not reproduced';
  },
};

type Done = { config: Lemma2Config; result: Lemma2Result };
/** Per depth (ascending), the largest lr whose run trained on every seed (0 when none did). */
function largestTrained(results: readonly Done[]): { depth: number; lr: number; cos: number; bound: number }[] {
  const depths = [...new Set(results.map((r) => r.config.depth))].sort((a, b) => a - b);
  return depths.map((depth) => {
    const lrs = [...new Set(results.filter((r) => r.config.depth === depth).map((r) => r.config.lr))];
    const ok = lrs.filter((lr) => results.filter((r) => r.config.depth === depth && r.config.lr === lr).every((r) => trained(r.result)));
    // The bound at this depth from the cos θ of the runs that trained (a dead layer's zero gradient reads cos θ = 0).
    const runs = results.filter((r) => r.config.depth === depth);
    const healthy = runs.filter((r) => trained(r.result));
    const cos = mean((healthy.length > 0 ? healthy : runs).flatMap((r) => r.result.cosTheta));
    return { depth, lr: ok.length > 0 ? Math.max(...ok) : 0, cos, bound: bound(depth, cos) };
  });
}

function describe(results: readonly Done[], scale: ScaleName): string {
  const c = results[0].config;
  const seeds = new Set(results.map((r) => r.config.seed)).size;
  const which = c.classes === 10 ? `${grouped(c.samples)} digits` : `the digits 0–${c.classes - 1} of ${grouped(c.samples)}`;
  return `${scale}: ${which} 14×14, width ${c.width}, depths ${[...new Set(results.map((r) => r.config.depth))].join(', ')}, Fromage lr ${[...new Set(results.map((r) => r.config.lr))].join(', ')}, `
    + `${grouped(c.steps)} steps of batch ${c.batch}, every ${c.every}th step watched; ${seeds} seed${seeds > 1 ? 's' : ''}`;
}

/** Lemma 2's bound with measured cos θ, against descent and against the lrs that trained per depth. */
export const lemma2Probe: ClaimProbe<Lemma2Config, Lemma2Result> = {
  id: 'lemma2-depth',
  jobs(scale) {
    const { depths, lrs, seeds, ...rest } = SETTINGS[scale];
    return seeds.flatMap((seed) => depths.flatMap((depth) => lrs.map((lr) => ({ ...rest, depth, lr, seed }))));
  },
  cost: (c) => 3 * c.batch * (c.steps + Math.ceil(c.steps / c.every)) * (196 * c.width + (c.depth - 1) * c.width * c.width + 10 * c.width),
  run: runLemma2,
  claims(results, scale): ClaimRow[] {
    const done = results.filter((r) => r.result.cosTheta.length > 0);
    if (done.length === 0) return [notRun(DESCENT, scale), notRun(DEPTH, scale)];
    const label = describe(done, scale);
    const safe = done.flatMap(({ config, result: r }) => r.relativeStep.flatMap((step, k) => (step < bound(config.depth, r.cosTheta[k]) ? [r.lossAfter[k] < r.lossBefore[k]] : [])));
    const cos = mean(done.flatMap((r) => r.result.cosTheta));
    const rows: ClaimRow[] = [];
    if (safe.length === 0) rows.push(notRun(DESCENT, scale, 'no watched step was below its bound'));
    else {
      const fell = safe.filter(Boolean).length / safe.length;
      rows.push(
        judged(DESCENT, measured([fell], `fraction of ${safe.length} watched steps below the bound on which the loss fell (mean smallest cos θ ${sig(cos, 4)})`), label, DESCENT_RULE, fell, () =>
          `the loss rose on ${sig(100 * (1 - fell))} % of steps the bound calls safe: ρ exceeds the product, as the neglected constant of R2(3) says`),
      );
    }
    const largest = largestTrained(done);
    const text = largest.map(({ depth, lr, bound: b }) => `depth ${depth}: ${lr === 0 ? 'none' : lr} (bound ${sig(b)})`).join('; ');
    const deepest = [...largest].reverse().find((l) => l.lr > 0) ?? largest[largest.length - 1];
    rows.push(
      judged(DEPTH, measured([deepest.lr], `largest lr that trains at depth ${deepest.depth}, the deepest where one does (${text})`), label, DEPTH_RULE, largest.map((l) => l.lr), () => `the largest lr that trains per depth: ${text}`),
    );
    return rows;
  },
  figures(results, scale) {
    const done = results.filter((r) => r.result.cosTheta.length > 0);
    if (done.length === 0) return [];
    const points: ChartPoint[] = [];
    for (const { depth, lr, bound: b } of largestTrained(done)) {
      points.push({ x: depth, y: b, series: 'Lemma 2: (1 + cos θ)^{1/L} − 1, mean smallest cos θ of the runs that trained', dash: 'prediction' });
      if (lr > 0) points.push({ x: depth, y: lr, series: 'largest lr that trained' });
    }
    return [lineChart('lemma2-depth', points, {
      title: `Lemma 2 beside the inset: the largest safe relative step and the largest lr that trained, per depth (${scale})`,
      subtitle: `${describe(done, scale)}; "trained" = accuracy ≥ (1 + chance)/2; L = depth + 1 weight layers`,
      xTitle: 'depth (hidden layers)',
      yTitle: 'relative step / learning rate',
      yLog: true,
    })];
  },
};
