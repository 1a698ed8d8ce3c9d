// The claim probes (bench/claims): every probe runs at tiny scale and gives well-formed claim rows and figures; the
// identities are reproduced at any scale; each probe's measuring pieces match hand-worked values; the verdict rules
// give the verdicts their words say.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chance, digits, identityRule, trainsThreshold } from '../../bench/claims/common.ts';
import { constantProbe, fitConstant, type ConstantConfig, type ConstantResult } from '../../bench/claims/constant.ts';
import { runFigure2, scaleInvariantNet, stepsFor } from '../../bench/claims/figure2.ts';
import { probes } from '../../bench/claims/index.ts';
import { jitterProbe, type JitterConfig, type JitterResult } from '../../bench/claims/jitter.ts';
import { lemma1Forms } from '../../bench/claims/lemma1.ts';
import { lemma2Probe, type Lemma2Config, type Lemma2Result } from '../../bench/claims/lemma2.ts';
import { RELU_MODEL, transmission } from '../../bench/claims/relu.ts';
import { clipGradNorm } from '../../bench/claims/tuning.ts';
import type { ClaimRow, ScaleName } from '../../bench/claims/types.ts';
import { tensor } from '../../lib/creation.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';

const VERDICTS = ['reproduced', 'reproduced qualitatively', 'not reproduced', 'not run at this scale'];
const SCALES: ScaleName[] = ['tiny', 'quick', 'default', 'paper-regime', 'full'];

/** Every probe's rows and figures at tiny scale, computed once. */
const tiny = probes.map((probe) => {
  const results = probe.jobs('tiny').map((config) => ({ config, result: probe.run(config) }));
  return { probe, results, rows: probe.claims(results, 'tiny'), figures: probe.figures?.(results, 'tiny') ?? [] };
});
const rowById = new Map(tiny.flatMap((t) => t.rows).map((r) => [r.id, r]));

function assertWellFormed(row: ClaimRow, scale: ScaleName): void {
  const where = `${row.id}`;
  assert.ok(VERDICTS.includes(row.verdict), `${where}: verdict ${row.verdict}`);
  for (const field of ['source', 'claim', 'paper', 'rule'] as const) assert.ok(row[field].length > 0, `${where}: empty ${field}`);
  assert.ok(row.scale.startsWith(scale), `${where}: the scale '${row.scale}' does not start with '${scale}'`);
  if (row.ours === null) assert.is(row.verdict, 'not run at this scale', `${where}: no number but a verdict`);
  else {
    assert.ok(Number.isFinite(row.ours.mean) && Number.isFinite(row.ours.sd) && row.ours.n >= 1 && row.ours.unit.length > 0, `${where}: ours ${JSON.stringify(row.ours)}`);
  }
  assert.is(row.reason === undefined, row.verdict === 'reproduced', `${where}: a reason exactly when not reproduced (verdict ${row.verdict}, reason ${row.reason})`);
}

test('claim probes: ids are unique, every scale has jobs, and jobs are plain, repeatable JSON with a positive cost', () => {
  assert.is(new Set(probes.map((p) => p.id)).size, probes.length);
  for (const probe of probes) {
    for (const scale of SCALES) {
      const jobs = probe.jobs(scale);
      assert.ok(jobs.length > 0, `${probe.id} has no jobs at ${scale}`);
      assert.equal(JSON.parse(JSON.stringify(jobs)), jobs, `${probe.id} at ${scale}: configs are not plain JSON`);
      assert.equal(probe.jobs(scale), jobs, `${probe.id} at ${scale}: jobs differ between calls`);
      for (const c of jobs) assert.ok(Number.isFinite(probe.cost(c)) && probe.cost(c) > 0, `${probe.id}: cost ${probe.cost(c)} of ${JSON.stringify(c)}`);
    }
  }
});

test('claim probes at tiny scale: results are plain JSON, rows are well formed with unique ids, figures state the scale and data size', () => {
  for (const { probe, results, rows, figures } of tiny) {
    for (const { result } of results) assert.equal(JSON.parse(JSON.stringify(result)), result, `${probe.id}: a result is not plain JSON (NaN, ∞ or undefined?)`);
    assert.ok(rows.length > 0, `${probe.id} gave no claim rows`);
    for (const row of rows) assertWellFormed(row, 'tiny');
    for (const f of figures) {
      const text = JSON.stringify(f.spec);
      assert.ok(f.title.includes('tiny'), `${probe.id}: figure '${f.title}' does not state the scale`);
      assert.ok(/digits|inputs|\d+ steps/.test(text), `${probe.id}: figure '${f.title}' does not state the data size`);
    }
  }
  assert.is(rowById.size, tiny.reduce((n, t) => n + t.rows.length, 0), 'claim ids repeat across probes');
});

test('claim probes: a job run twice gives the same result (seeded)', () => {
  for (const { probe, results } of tiny) assert.equal(probe.run(results[0].config), results[0].result, `${probe.id} is not deterministic`);
});

test('claim probes: with no finished runs every claim row is "not run at this scale"', () => {
  for (const probe of probes) {
    const rows = probe.claims([], 'quick');
    assert.ok(rows.length > 0, probe.id);
    for (const row of rows) {
      assertWellFormed(row, 'quick');
      assert.is(row.verdict, 'not run at this scale', `${row.id}: ${row.verdict}`);
    }
  }
});

test('claim probes: the identities are reproduced at every scale, tiny included', () => {
  for (const id of ['figure2.lars-growth', 'figure2.fromage-flat', 'lemma1.every-step', 'r2.5.steepest-descent', 'r2.5.per-layer', 'deep-linear.bound', 'r2.1.fixed-step']) {
    const row = rowById.get(id);
    assert.ok(row !== undefined, `no row ${id}`);
    assert.is(row.verdict, 'reproduced', `${id}: ${row.verdict} (${row.reason})`);
  }
});

test('R2(1) fixed step: judged on the fixed-η runs only, where η stays 0.01 (a plateau run at η = 1e-8 rounds to ~1e-8)', () => {
  const config = (schedule: JitterConfig['schedule']): JitterConfig => ({ schedule, eta: 0.01, steps: 30, samples: 8, width: 4, noise: 0, seed: 0 });
  const result = (worstStep: number): JitterResult => ({ curve: [1], middleThirdMean: 1, lastThirdMean: 1, lastThirdRises: 0.5, finalLoss: 1e-3, finalLr: 1e-8, decays: 4, worstStep });
  const verdict = (fixed: number, plateau: number): string =>
    jitterProbe.claims([{ config: config('fixed'), result: result(fixed) }, { config: config('plateau'), result: result(plateau) }], 'quick').find((r) => r.id === 'r2.1.fixed-step')?.verdict ?? 'missing';
  assert.is(verdict(1e-14, 7.7e-9), 'reproduced', "the plateau run's rounding is not the claim's");
  assert.is(verdict(7.7e-9, 1e-14), 'not reproduced', 'a fixed-η step off by more than the tolerance is');
});

test('identityRule: reproduced up to the tolerance, not reproduced past it', () => {
  const rule = identityRule('x', 1e-9);
  assert.is(rule.judge(0), 'reproduced');
  assert.is(rule.judge(1e-9), 'reproduced');
  assert.is(rule.judge(2e-9), 'not reproduced');
});

test('digits: the 0–2 subset has three classes; a dead net scores the largest class share; "trains" is halfway to 1', () => {
  const ds = digits(1000, 14, 3);
  assert.is(ds.classes, 3);
  assert.ok(ds.y.every((y) => y < 3));
  const ones = ds.y.filter((y) => y === 1).length;
  assert.is(chance(ds), ones / ds.n); // the ones are the most frequent digit
  assert.is(trainsThreshold(ds), (1 + ones / ds.n) / 2);
});

test('fitConstant: least squares in log space is the geometric mean of ρ/T over the points where both are positive', () => {
  assert.equal(fitConstant([0.2, 0.4], [0.1, 0.2]), { c: 2, spread: 0 });
  // Ratios 1 and 100: the geometric mean 10 (a linear fit would give 50.5); spread = sd of log10 = √2.
  const fit = fitConstant([1, 100, 0, NaN], [1, 1, 1, 1]);
  assert.ok(Math.abs(fit.c! - 10) < 1e-12 && Math.abs(fit.spread! - Math.SQRT2) < 1e-12, JSON.stringify(fit));
  assert.equal(fitConstant([0, 1], [1, 0]), { c: null, spread: null });
});

test('R2(3) rule: C in [1/2, 2] reproduced, in [1/10, 10] qualitatively, else not reproduced', () => {
  const config: ConstantConfig = { ...constantProbe.jobs('tiny')[0], depth: 1 };
  const result = (c: number): ConstantResult => ({ accuracy: 1, slices: [{ step: 4, perturbation: [], rho1: [], rhoMax: [], trust: [], c, spread: 0, nonFinite: false }] });
  const verdict = (c: number) => constantProbe.claims([{ config, result: result(c) }], 'tiny').find((r) => r.id === 'r2.3.constant.trained.depth-1')!.verdict;
  assert.is(verdict(1.9), 'reproduced');
  assert.is(verdict(5), 'reproduced qualitatively');
  assert.is(verdict(20), 'not reproduced');
  assert.is(verdict(0.05), 'not reproduced');
});

test('R2(3) depth trend: the largest ÷ smallest C over depths ≤ 2 reproduced, ≤ 10 qualitatively, else not reproduced', () => {
  const base = constantProbe.jobs('tiny')[0];
  const at = (depth: number, c: number) => ({ config: { ...base, depth }, result: { accuracy: 1, slices: [{ step: 4, perturbation: [], rho1: [], rhoMax: [], trust: [], c, spread: 0, nonFinite: false }] } });
  const trend = (c1: number, c2: number) => constantProbe.claims([at(1, c1), at(2, c2)], 'tiny').find((r) => r.id === 'r2.3.constant.depth-trend')!;
  assert.is(trend(10, 15).verdict, 'reproduced');
  const spread = (c1: number, c2: number) => trend(c1, c2).ours?.mean ?? NaN;
  assert.ok(Math.abs(spread(10, 15) - 1.5) < 1e-12 && Math.abs(spread(15, 10) - 1.5) < 1e-12, 'a C that falls with depth spreads as much as one that grows');
  assert.is(trend(1, 5).verdict, 'reproduced qualitatively');
  assert.is(trend(20, 1).verdict, 'not reproduced');
});

test('lemma 2 probe: L counts weight layers (depth + 1), and a step under the bound that raised the loss counts against the lemma', () => {
  // Depth 3 has L = 4 weight layers: with cos θ = 1 the bound is 2^{1/4} − 1 = 0.1892 (with L = 3 it would be 0.2599).
  const config: Lemma2Config = { ...lemma2Probe.jobs('tiny')[0], depth: 3 };
  const run = (step: number, fell: boolean): Lemma2Result => ({ relativeStep: [step], cosTheta: [1], lossBefore: [1], lossAfter: [fell ? 0.5 : 2], accuracy: 1, trainsAt: 0.5 });
  const descent = (r: Lemma2Result) => lemma2Probe.claims([{ config, result: r }], 'tiny').find((row) => row.id === 'lemma2.descent')!;
  assert.is(descent(run(0.18, true)).verdict, 'reproduced');
  assert.is(descent(run(0.18, false)).verdict, 'not reproduced');
  assert.is(descent(run(0.2, false)).verdict, 'not run at this scale'); // 0.2 is above the L = 4 bound: not a safe step
});

test('clipGradNorm: scales the gradients to the threshold when their total norm exceeds it, as torch.nn.utils.clip_grad_norm_, and leaves them otherwise', () => {
  const a = tensor([3, 0], { requiresGrad: true });
  const b = tensor([4], { requiresGrad: true });
  a.pow(2).sum().add(b.pow(2).sum()).mul(0.5).backward(); // grads (3, 0) and (4): total norm 5
  assert.is(clipGradNorm([a, b], 10), 5);
  assert.equal(Array.from(a.grad!.data), [3, 0]);
  assert.is(clipGradNorm([a, b], 1), 5);
  const coef = 1 / (5 + 1e-6);
  assert.equal(Array.from(a.grad!.data), [3 * coef, 0]);
  assert.equal(Array.from(b.grad!.data), [4 * coef]);
});

test('transmission: ReLU passes 1/√2 of an input symmetric about 0, and half of its units', () => {
  const model = new MLP({ inputSize: 2, hiddenSize: 2, depth: 1, outputSize: 1, rng: new Rng(0) });
  model.layers[0].weight.data.set([1, 0, 0, 1]);
  model.layers[0].bias!.data.fill(0);
  const { ratio, positive } = transmission(model, tensor([[3, -3]]));
  assert.ok(Math.abs(ratio[0] - RELU_MODEL) < 1e-15, `ratio ${ratio[0]}`);
  assert.is(positive[0], 0.5);
});

test("figure 2 probe: T = 2 ln 2.638/ln(1+η²) steps, the paper's 19,404 at η = 0.01; the net is invariant to each weight's scale", () => {
  assert.is(stepsFor(0.01), 19404);
  assert.is(stepsFor(0.1), 195);
  const net = scaleInvariantNet([4, 3, 3, 2], new Rng(1));
  const x = tensor([[1, -2, 0.5, 3], [0, 1, -1, 2]]);
  const before = Array.from(net.forward(x).data);
  net.named.forEach(([, w], l) => w.data.forEach((v, i) => (w.data[i] = v * (l + 2.5))));
  Array.from(net.forward(x).data).forEach((v, i) => assert.ok(Math.abs(v - before[i]) < 1e-12 * (1 + Math.abs(before[i])), `output ${i}: ${v} vs ${before[i]}`));
  // And so its gradient is orthogonal to every weight.
  assert.ok(runFigure2({ optimiser: 'fromage', eta: 0.1, steps: 3, every: 1, width: 8, samples: 64, batch: 32, seed: 1 }).maxCos < 1e-12);
});

test('lemma1Forms: on ℒ = ½(‖a‖² + 3b²) both bounds and the loss change are the hand-worked values', () => {
  // a = (1, 0), b = 2: g = (1, 0, 6). Step Δa = (0.1, 0.2), Δb = −0.5; Δg(t) = t(Δa, 3Δb), largest at t = 1.
  //   actual    = g·Δ + ½(‖Δa‖² + 3Δb²)              = −2.9 + 0.4 = −2.5
  //   per layer = g·Δ + ‖Δa‖‖Δa‖ + |Δb|·3|Δb|          = −2.9 + 0.05 + 0.75 = −2.1
  //   one block = g·Δ + ‖Δ‖·‖(Δa, 3Δb)‖                = −2.9 + √0.3·√2.3
  const a = tensor([1, 0], { requiresGrad: true });
  const b = tensor([2], { requiresGrad: true });
  const params: [string, Tensor][] = [['a', a], ['b', b]];
  const loss = () => a.pow(2).sum().add(b.pow(2).sum().mul(3)).mul(0.5);
  const forms = lemma1Forms(params, loss, [new Float64Array([1, 0]), new Float64Array([6])], [new Float64Array([0.1, 0.2]), new Float64Array([-0.5])]);
  const close = (x: number, y: number, what: string) => assert.ok(Math.abs(x - y) < 1e-12, `${what}: ${x} (expected ${y})`);
  close(forms.actual, -2.5, 'actual');
  close(forms.perLayer, -2.1, 'per layer');
  close(forms.block, -2.9 + Math.sqrt(0.3 * 2.3), 'one block');
  assert.equal(Array.from(a.data), [1, 0]); // the parameters are left where they were
});

test.run();
