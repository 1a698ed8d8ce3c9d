// The reproduction's report sections: per figure a chart (ours beside the paper's) and a table.
import type { TopLevelSpec } from 'vega-lite';
import { chartSpec, emptySpec } from './figures.ts';
import type { Row, RowOf } from './configs.ts';
import type { Groups, Plan } from './plan.ts';
import { sliceName, bestOfLrs, collect, lrSweep, normPoints, paperBestOfLrs, paperPerLr, paperSlices, perLr, slicePoints, speedPoints, type PaperResults, type Point } from './summary.ts';

/** One figure of the report. */
export interface Section {
  id: string;
  title: string;
  /** HTML paragraphs. */
  text: string;
  specs: { file: string; spec: TopLevelSpec }[];
  table: { head: string[]; rows: (string | number)[][] };
}

const f = (v: unknown, digits = 3): string => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '—');
const orEmpty = (points: Point[], title: string, spec: () => TopLevelSpec): TopLevelSpec => (points.length > 0 ? spec() : emptySpec(title));

/** Every section of the reproduction report. */
export function reproductionSections(plan: Plan, groups: Groups, rows: Row[], paper: PaperResults): Section[] {
  const g = collect(groups, rows);
  return [figure1(g.slice, paper), figure3(plan, g.depth, paper), inset(g.depth, paper), figure2(g.norms, paper), figure3Right(g.lr), timing(g.timing, rows)];
}

function figure1(rows: RowOf<'slice'>[], paper: PaperResults): Section {
  const { loss, rho } = slicePoints(rows);
  const ref = paperSlices(paper);
  const both = [...loss, ...ref];
  const depths = [...new Set(rows.map((r) => r.config.depth))].join(' and ');
  const table: (string | number)[][] = [];
  for (const r of rows) {
    const name = `${sliceName(r.config)} (depth ${r.config.depth})`;
    for (const cp of r.result.checkpoints) {
      const last = cp.loss.length - 1;
      table.push([name, cp.step, f(cp.loss[0]), f(cp.loss[last]), f(cp.rho[last]), f(cp.perturbation[last])]);
    }
  }
  for (const [key, s] of Object.entries(paper.figure1_curvature_slices.loss_slices)) {
    const at = s.per_checkpoint.map((v) => v[v.length - 1]);
    table.push([`paper: ${key}`, 'checkpoints 0–9', `${f(Math.min(...s.per_checkpoint.map((v) => v[0])))}–${f(Math.max(...s.per_checkpoint.map((v) => v[0])))}`, `${f(Math.min(...at))}–${f(Math.max(...at))}`, '—', s.eta[s.eta.length - 1]]);
  }
  return {
    id: 'figure1',
    title: 'Figure 1 — loss and gradient slices',
    text:
      `<p>At checkpoints of a training run (Fromage, lr 0.01; the paper decays it × 0.9 per epoch) every tensor is moved repeatedly by the same relative amount η along its own fixed initial gradient direction, W ← W − η‖W‖g₀/‖g₀‖; x is the cumulative relative perturbation k·η. The paper: the loss of the deep (16-layer) perceptron reaches 10⁴–10⁵ at 0.1 while the shallow one stays below 10, and the residual net lies between — the breakdown is quasi-exponential in depth, not the quadratic/linear growth of Euclidean smoothness.</p>`,
    specs: [
      { file: 'figure1-loss.svg',
        spec: orEmpty(loss, 'Figure 1 loss',
          () =>
            chartSpec(both, { title: 'Figure 1: loss along the slice', subtitle: `top: trustgrad (depths ${depths}); bottom: the paper's logs (depths 1 and 15, width 784, 60k MNIST)`, xTitle: 'cumulative relative perturbation',
              yTitle: 'loss', xLog: true, yLog: true, facet: true, rowBySource: true, width: 220, height: 200, colorBy: { field: 'progress', title: 'training progress' } })) },
      { file: 'figure1-rho.svg',
        spec: orEmpty(rho, 'Figure 1 rho',
          () =>
            chartSpec(rho, { title: "Figure 1: relative breakdown of the first layer's gradient", xTitle: 'cumulative relative perturbation', yTitle: 'ρ = ‖g(W) − g(W₀)‖/‖g(W₀)‖', xLog: true, yLog: true, facet: true,
              colorBy: { field: 'progress', title: 'training progress' } })) },
    ],
    table: { head: ['model', 'checkpoint step', 'loss at 0', 'loss at end of slice', 'first-layer ρ at end', 'perturbation at end'], rows: table },
  };
}

function depthTable(ours: Point[], theirs: Point[], seriesList: string[], showLr: boolean): (string | number)[][] {
  const depths = [...new Set(ours.map((p) => p.x))].sort((a, b) => a - b);
  return depths.map((d) => [d, ...seriesList.flatMap((s) => {
    const o = ours.find((p) => p.x === d && p.series === s);
    const t = theirs.find((p) => p.x === d && p.series === s);
    return [o ? `${f(o.y)}${showLr ? ` (lr ${o.lr})` : ''}` : '—', t ? `${f(t.y)}${showLr ? ` (lr ${t.lr})` : ''}` : '—'];
  })]);
}

function figure3(plan: Plan, rows: RowOf<'train'>[], paper: PaperResults): Section {
  const ours = bestOfLrs(rows);
  const theirs = paperBestOfLrs(paper);
  const opts = ['sgd', 'adam', 'fromage'];
  return {
    id: 'figure3',
    title: 'Figure 3 (left) — trainability vs depth, best of three learning rates',
    text:
      `<p>Final training accuracy (mean over the last epoch's minibatches) of MLPs with <i>depth</i> hidden layers, best of the paper's three learning rates per optimiser (SGD with momentum 0.9: 1, 0.1, 0.01; Adam: 10⁻², 10⁻³, 10⁻⁴; Fromage: 0.1, 0.01, 0.001), ${
        plan.figure3.decay === null ? 'constant lr' : `lr × ${plan.figure3.decay} per epoch`
      }; a diverged run counts as chance. The paper: SGD trains to depth 10 and then sits at chance; Adam to about 22; Fromage to about 27. Chance is 0.1 (the paper's 0.0987/0.1124 are the frequencies of the class a dead network predicts).</p>`,
    specs: [{ file: 'figure3-depth.svg',
      spec: orEmpty(ours, 'Figure 3',
        () =>
          chartSpec([...ours.map((p) => ({ ...p, panel: 'trustgrad' })), ...theirs.map((p) => ({ ...p, panel: 'paper (width 784, 28×28, 100 epochs)' }))], { title: 'Figure 3 (left): final training accuracy vs depth',
            xTitle: 'hidden layers', yTitle: 'training accuracy', facet: true, independentX: true, yDomain: [0, 1] })) }],
    table: { head: ['depth', ...opts.flatMap((o) => [`${o} (ours)`, `${o} (paper)`])], rows: depthTable(ours, theirs, opts, true) },
  };
}

function inset(rows: RowOf<'train'>[], paper: PaperResults): Section {
  const ours = perLr(rows, 'fromage');
  const theirs = paperPerLr(paper, 'fromage');
  const lrs = ['lr 0.1', 'lr 0.01', 'lr 0.001'];
  return {
    id: 'inset',
    title: 'Figure 3 inset — Fromage at three learning rates vs depth',
    text:
      '<p>Lemma 2: with every layer moving by relative step η, descent is guaranteed only while (1+η)^L − 1 &lt; cos θ, so deeper nets need smaller η. The paper: lr 0.1 trains to depth 10 and fails from 15; 0.01 to about 27; 0.001 keeps about 65 % at depth 50.</p>',
    specs: [{ file: 'figure3-inset.svg',
      spec: orEmpty(ours, 'inset',
        () =>
          chartSpec([...ours.map((p) => ({ ...p, panel: 'trustgrad' })), ...theirs.map((p) => ({ ...p, panel: 'paper' }))], { title: 'Inset: Fromage accuracy vs depth per learning rate', xTitle: 'hidden layers', yTitle: 'training accuracy',
            facet: true, independentX: true, yDomain: [0, 1] })) }],
    table: { head: ['depth', ...lrs.flatMap((l) => [`${l} (ours)`, `${l} (paper)`])], rows: depthTable(ours, theirs, lrs, false) },
  };
}

function figure2(rows: RowOf<'norms'>[], paper: PaperResults): Section {
  const points = normPoints(rows);
  const table = rows.map((r) => {
    const norms = Object.values(r.result.norms).map((v) => v[v.length - 1]);
    const steps = r.result.steps;
    const t = steps[steps.length - 1];
    const lr = r.config.lr;
    return [r.config.optimiser, lr, t, f(Math.min(...norms), 4), f(Math.max(...norms), 4), r.config.optimiser === 'lars' ? f((1 + lr * lr) ** (t / 2), 4) : '1',
      r.result.diverged ? `diverged at step ${r.result.divergedAt}` : f(r.result.accuracy)];
  });
  const p = paper.figure2_lars_norms;
  table.push(['paper: lars (GAN)', 0.01, 19404, '—', f(p.lars_growth_factor), '2.638', '—'], ['paper: fromage (GAN)', 0.01, 19404, '—', f(p.fromage_growth_factor), '1', '—']);
  return {
    id: 'figure2',
    title: 'Figure 2 — weight norms under paper-LARS and Fromage',
    text:
      '<p>Paper-LARS, W ← W − η‖W‖ g/‖g‖, grows ‖W‖ by √(1+η²) per step whenever g ⟂ W, so norms grow as (1+η²)^{t/2}; Fromage divides by √(1+η²) and keeps them flat. The paper measured this on a spectrally normalised GAN (growth 2.64 after 19,404 steps at η = 0.01, predicted 2.638). Here: each weight matrix of an MNIST MLP, ‖W_t‖/‖W_0‖, at a constant lr; in an MLP g is not exactly ⟂ W, so the prediction is the scale-invariant limit.</p>',
    specs: [{ file: 'figure2-norms.svg',
      spec: orEmpty(points, 'Figure 2', () => chartSpec(points, { title: 'Figure 2: ‖W_t‖/‖W_0‖ per layer', xTitle: 'step', yTitle: 'relative weight norm', yLog: true, detail: 'layer', dashBySource: true })) }],
    table: { head: ['optimiser', 'lr', 'steps', 'min ‖W_T‖/‖W_0‖', 'max ‖W_T‖/‖W_0‖', 'predicted (1+η²)^{T/2}', 'final accuracy'], rows: table },
  };
}

function figure3Right(rows: RowOf<'train'>[]): Section {
  const points = lrSweep(rows);
  const panels = [...new Set(points.map((p) => p.panel ?? ''))];
  const lrs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const table: (string | number)[][] = [];
  for (const panel of panels) {
    for (const opt of ['sgd', 'adam', 'fromage']) {
      table.push([panel, opt, ...lrs.map((lr) => {
        const p = points.find((q) => q.panel === panel && q.series === opt && q.x === lr);
        return p === undefined ? '—' : p.diverged ? 'diverged' : f(p.y);
      })]);
    }
  }
  return {
    id: 'figure3right',
    title: 'Figure 3 (right) — learning-rate sensitivity',
    text:
      "<p>Final training loss (mean over the last epoch's minibatches) against the initial learning rate over five decades. The paper's point: Fromage's good learning rates sit in the same place across tasks (its step is relative, η ≈ 0.01), while SGD's and Adam's move with the task. Diverged or exploded runs are drawn at 100. (The paper gives this panel as a plot only; paper-results.json has no numbers for it.)</p>",
    specs: [{ file: 'figure3-lr.svg',
      spec: orEmpty(points, 'lr sweep',
        () => chartSpec(points, { title: 'Figure 3 (right): final training loss vs learning rate', xTitle: 'learning rate', yTitle: 'final training loss', xLog: true, yLog: true, facet: true, shapeBy: 'diverged' })) }],
    table: { head: ['task', 'optimiser', ...lrs.map((lr) => `lr ${lr}`)], rows: table },
  };
}

function timing(probe: RowOf<'timing'>[], all: Row[]): Section {
  const points = speedPoints(all);
  const table: (string | number)[][] = probe.map((
    r,
  ) => [`probe: width ${r.config.width}, depth ${r.config.depth}, batch ${r.config.batch}, ${r.config.inputs} inputs, ${r.config.optimiser}`, f(r.meta.msPerStep, 3), f(r.meta.stepsPerSecond, 4)]);
  const byDepth = new Map<string, number[]>();
  for (const p of points) byDepth.set(`${p.panel} depth ${p.x}`, [...(byDepth.get(`${p.panel} depth ${p.x}`) ?? []), p.y]);
  for (const [k, v] of byDepth) {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    table.push([`training runs: ${k} (mean over optimisers)`, f(1000 / m), f(m, 4)]);
  }
  return {
    id: 'timing',
    title: 'Timing — training steps per second',
    text:
      '<p>Wall-clock speed of every training run (forward, backward, optimiser step; minibatch assembly included), and a dedicated probe. Measured while the other worker ran (and whatever else the machine was doing), so it is the speed a sweep sees, not a benchmark; <code>npm run bench:kernels</code> measures kernels in isolation.</p>',
    specs: [{ file: 'timing.svg', spec: orEmpty(points, 'timing', () => chartSpec(points, { title: 'Training steps per second', xTitle: 'hidden layers', yTitle: 'steps per second', yLog: true, facet: true, independentX: true })) }],
    table: { head: ['what', 'ms per step', 'steps per second'], rows: table },
  };
}
