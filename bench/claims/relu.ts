// R2(4), "relu transmits half its input". Theorem 1's constant rests on how much of its input a nonlinearity
// passes on (α ≤ ‖φ(x)‖/‖x‖); the reply models ReLU as passing half of it: half the squared norm for an input
// symmetric about 0, so ‖relu(x)‖/‖x‖ = 1/√2 ≈ 0.707. We measure the ratio at every hidden layer of an MLP, on
// a fixed batch of digits, at initialisation and after Fromage training: x is the layer's pre-activation
// W·h + b over the whole batch (its Frobenius norm), relu(x) what the layer passes on.
import { noGrad } from '../../lib/autograd.ts';
import { subset, toTensors } from '../../lib/data/dataset.ts';
import { frobenius } from '../../lib/kernels/vector.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { trainClassifier } from '../../lib/train.ts';
import { digits, grouped, judged, lineChart, measured, notRun, sig, type ChartPoint, type ClaimText, type Rule } from './common.ts';
import type { ClaimProbe, ClaimRow, ScaleName } from './types.ts';

/** One net: the ratio per hidden layer before and after `steps` of Fromage. */
export type ReluConfig = { depth: number; width: number; side: 14 | 28; samples: number; batch: number; lr: number; steps: number; probeSamples: number; seed: number };
/** ‖relu(x)‖/‖x‖ per hidden layer (and the fraction of positive pre-activations), at init and trained. */
export type ReluResult = { init: number[]; trained: number[]; positiveInit: number[]; positiveTrained: number[]; accuracy: number | null };

/** The reply's model: half the squared norm passes, so the norm ratio is 1/√2. */
export const RELU_MODEL = Math.SQRT1_2;

/** ‖relu(x)‖/‖x‖ and the positive fraction of x at every hidden layer of `model` on `x`. `transmission(model, x)` */
export function transmission(model: MLP, x: Tensor): { ratio: number[]; positive: number[] } {
  return noGrad(() => {
    const ratio: number[] = [];
    const positive: number[] = [];
    let h = x;
    for (const layer of model.layers) {
      const z = layer.forward(h);
      const r = z.relu();
      ratio.push(frobenius(r.data) / frobenius(z.data));
      positive.push(z.data.reduce((n, v) => n + (v > 0 ? 1 : 0), 0) / z.data.length);
      h = model.residual && layer.inFeatures === layer.outFeatures ? h.add(r) : r;
    }
    return { ratio, positive };
  });
}

/** Measures the ratios, trains with Fromage, measures again. */
export function runRelu(c: ReluConfig): ReluResult {
  const data = digits(c.samples, c.side);
  const rng = new Rng(c.seed);
  const model = new MLP({ inputSize: data.features, hiddenSize: c.width, depth: c.depth, outputSize: 10, rng });
  const x = toTensors(subset(data, Array.from({ length: Math.min(c.probeSamples, data.n) }, (_, i) => i))).x;
  const before = transmission(model, x);
  const r = trainClassifier({ model, optimizer: new Fromage(model.parameters(), { lr: c.lr }), data, batchSize: c.batch, steps: c.steps, rng });
  const after = transmission(model, x);
  return { init: before.ratio, trained: after.ratio, positiveInit: before.positive, positiveTrained: after.positive, accuracy: r.diverged ? null : r.lastEpochAccuracy };
}

type Setting = Omit<ReluConfig, 'seed'> & { seeds: number[] };
const QUICK: Setting = { depth: 8, width: 64, side: 14, samples: 1000, batch: 32, lr: 0.01, steps: 300, probeSamples: 200, seeds: [1] };
const SETTINGS: Record<ScaleName, Setting> = {
  tiny: { ...QUICK, depth: 2, width: 8, samples: 64, steps: 4, probeSamples: 16 },
  quick: QUICK,
  default: { ...QUICK, depth: 16, samples: 2000, steps: 1500, probeSamples: 500, seeds: [1, 2] },
  'paper-regime': { ...QUICK, depth: 16, width: 128, side: 28, samples: 10000, batch: 64, steps: 3000, probeSamples: 1000, seeds: [1, 2] },
  full: { ...QUICK, depth: 15, width: 784, side: 28, samples: 10000, batch: 250, steps: 400, probeSamples: 1000, seeds: [1, 2] },
};

const BAND = 0.1;
const RULE: Rule<number[]> = {
  text: `reproduced when every hidden layer's ‖relu(x)‖/‖x‖ (every seed) lies within ${BAND * 100} % of 1/√2 (${sig(RELU_MODEL * (1 - BAND))}–${sig(RELU_MODEL * (1 + BAND))}); `
    + 'reproduced qualitatively when their mean does; not reproduced otherwise',
  judge: (ratios) => {
    const near = (v: number) => Math.abs(v / RELU_MODEL - 1) <= BAND;
    if (ratios.every(near)) return 'reproduced';
    return near(ratios.reduce((a, b) => a + b, 0) / ratios.length) ? 'reproduced qualitatively' : 'not reproduced';
  },
};

function text(phase: 'init' | 'trained'): ClaimText {
  return {
    id: `r2.4.relu-half.${phase}`,
    source: 'Reply R2(4)',
    claim: `ReLU transmits half its input: ‖relu(x)‖²/‖x‖² ≈ ½ at every hidden layer, ${phase === 'init' ? 'at initialisation' : 'after training'}`,
    paper: `‖relu(x)‖/‖x‖ = 1/√2 ≈ ${sig(RELU_MODEL)} (half the squared norm passes)`,
  };
}

function describe(c: ReluConfig, scale: ScaleName, seeds: number): string {
  return `${scale}: ${grouped(c.samples)} digits ${c.side}×${c.side}, depth ${c.depth}, width ${c.width}, Fromage lr ${c.lr} for ${grouped(c.steps)} steps (batch ${c.batch}); `
    + `ratios on ${grouped(c.probeSamples)} digits; ${seeds} seed${seeds > 1 ? 's' : ''}`;
}

/** R2(4): ‖relu(x)‖/‖x‖ per hidden layer at init and after training, against 1/√2. */
export const reluProbe: ClaimProbe<ReluConfig, ReluResult> = {
  id: 'r2-4-relu',
  jobs(scale) {
    const { seeds, ...rest } = SETTINGS[scale];
    return seeds.map((seed) => ({ ...rest, seed }));
  },
  cost: (c) => 3 * c.batch * c.steps * (c.side * c.side * c.width + (c.depth - 1) * c.width * c.width + 10 * c.width),
  run: runRelu,
  claims(results, scale): ClaimRow[] {
    if (results.length === 0) return [notRun(text('init'), scale), notRun(text('trained'), scale)];
    const label = describe(results[0].config, scale, results.length);
    return (['init', 'trained'] as const).map((phase) => {
      const ratios = results.flatMap((r) => r.result[phase]);
      const m = measured(ratios, '‖relu(x)‖/‖x‖ (over hidden layers and seeds)');
      const [lo, hi] = [Math.min(...ratios), Math.max(...ratios)];
      return judged(text(phase), m, label, RULE, ratios, () => `the ratio ranges ${sig(lo)}–${sig(hi)} over layers: the pre-activations are not symmetric about 0 at every layer ${phase === 'trained' ? 'once trained' : 'at init'}`);
    });
  },
  figures(results, scale) {
    if (results.length === 0) return [];
    const points: ChartPoint[] = [];
    for (const { config, result } of results) {
      for (const phase of ['init', 'trained'] as const) result[phase].forEach((v, l) => points.push({ x: l + 1, y: v, series: `${phase === 'init' ? 'at init' : 'trained'}, seed ${config.seed}` }));
    }
    results[0].result.init.forEach((_, l) => points.push({ x: l + 1, y: RELU_MODEL, series: 'the reply: 1/√2', dash: 'prediction' }));
    return [lineChart('r2-4-relu', points, {
      title: `R2(4): ‖relu(x)‖/‖x‖ per hidden layer, at init and after training (${scale})`,
      subtitle: describe(results[0].config, scale, results.length),
      xTitle: 'hidden layer',
      yTitle: '‖relu(x)‖ / ‖x‖',
    })];
  },
};
