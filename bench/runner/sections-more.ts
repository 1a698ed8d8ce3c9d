// Report sections for Figure 2 (the runner's MLP version, until the scale-invariant probe replaces it),
// Figure 3 (right) — our stand-in for the paper's Table 1 tasks — and timing.
import { chartSpec } from './figures.ts';
import type { Row, RowOf } from './configs.ts';
import { dataLabel, scaleLabel } from './labels.ts';
import { f, orEmpty, type Context, type Section } from './sections.ts';
import { lrSweep, normPoints, speedPoints, type Point } from './summary.ts';

export function figure2(ctx: Context, rows: RowOf<'norms'>[]): Section {
  const points: Point[] = normPoints(rows).map((p) => ({ ...p, panel: p.source === 'prediction' ? 'lars' : p.series, series: p.source === 'prediction' ? p.series : String(p.layer) }));
  const table = rows.map((r) => {
    const norms = Object.values(r.result.norms).map((v) => v[v.length - 1]);
    const steps = r.result.steps;
    const t = steps[steps.length - 1];
    const lr = r.config.lr;
    return [r.config.optimiser, lr, t, f(Math.min(...norms), 4), f(Math.max(...norms), 4), r.config.optimiser === 'lars' ? f((1 + lr * lr) ** (t / 2), 4) : '1',
      r.result.diverged ? `diverged at step ${r.result.divergedAt}` : f(r.result.accuracy)];
  });
  const p = ctx.paper.figure2_lars_norms;
  table.push(['paper: lars (GAN)', 0.01, 19404, '—', f(p.lars_growth_factor), '2.638', '—'], ['paper: fromage (GAN)', 0.01, 19404, '—', f(p.fromage_growth_factor), '1', '—']);
  const first = rows[0]?.config;
  const scale = first === undefined ? ctx.plan.scale : `${ctx.plan.scale}: ${dataLabel(first.task, first.samples)}, depth ${first.depth}, width ${first.width}, batch ${first.batch}, ${first.steps} steps, lr ${first.lr}`;
  return {
    id: 'figure2',
    title: 'Figure 2 — weight norms under paper-LARS and Fromage',
    text:
      '<p>Paper-LARS, W ← W − η‖W‖ g/‖g‖, grows ‖W‖ by √(1+η²) per step whenever g ⟂ W, so norms grow as (1+η²)^{t/2}; Fromage divides by √(1+η²) and keeps them flat. The paper measured this on a spectrally normalised GAN (growth 2.64 after 19,404 steps at η = 0.01, predicted 2.638). Here: each weight matrix of an MNIST MLP, ‖W_t‖/‖W_0‖, at a constant lr, one colour per layer; in an MLP g is not exactly ⟂ W, so the prediction is the scale-invariant limit, not an identity.</p>',
    specs: [{
      file: 'figure2-norms.svg',
      spec: orEmpty(points, 'Figure 2', () => chartSpec(points, { title: 'Figure 2: ‖W_t‖/‖W_0‖ per layer', subtitle: `trustgrad: ${scale}`, xTitle: 'step', yTitle: 'relative weight norm', yLog: true, facet: true, dashBySource: true })),
    }],
    table: { head: ['optimiser', 'lr', 'steps', 'min ‖W_T‖/‖W_0‖', 'max ‖W_T‖/‖W_0‖', 'predicted (1+η²)^{T/2}', 'final accuracy'], rows: table },
  };
}

export function figure3Right(ctx: Context, rows: RowOf<'train'>[]): Section {
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
  const tasks = ctx.plan.lrTasks.map((t) => `${dataLabel(t.task, t.samples)}, depth ${t.depth}, width ${t.width}, ${t.steps.toLocaleString('en-US')} steps`).join('; ');
  return {
    id: 'figure3right',
    title: "Figure 3 (right) — learning-rate sensitivity, on our stand-in for the paper's Table 1 tasks",
    text: `<p>The paper sweeps the learning rate on its Table 1 benchmarks (a GAN, image classifiers, a transformer), which this engine cannot build; MNIST and two spirals are our stand-in${
      rows.length === 0 ? ', not run at this scale' : ` (${tasks})`
    }. Final training loss (mean over the last epoch's minibatches) against the initial learning rate over five decades. The paper's point: Fromage's good learning rates sit in the same place across tasks (its step is relative, η ≈ 0.01), while SGD's and Adam's move with the task. Diverged or exploded runs are drawn at 100. (The paper gives this panel as a plot only.)</p>`,
    specs: [{
      file: 'figure3-lr.svg',
      spec: orEmpty(points, 'lr sweep: not run at this scale', () =>
        chartSpec(points, {
          title: 'Figure 3 (right), stand-in tasks: final training loss vs learning rate',
          subtitle: `trustgrad, ${ctx.plan.scale}: ${tasks}`,
          xTitle: 'learning rate',
          yTitle: 'final training loss',
          xLog: true,
          yLog: true,
          facet: true,
          shapeBy: 'diverged',
        })),
    }],
    table: { head: ['task', 'optimiser', ...lrs.map((lr) => `lr ${lr}`)], rows: table },
  };
}

export function timing(ctx: Context, probe: RowOf<'timing'>[], all: Row[]): Section {
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
      '<p>Wall-clock speed of every training run (forward, backward, optimiser step; minibatch assembly included), and a dedicated probe. Measured while the other workers ran (and whatever else the machine was doing), so it is the speed a sweep sees, not a benchmark; <code>npm run bench:step</code> measures a step in isolation.</p>',
    specs: [{
      file: 'timing.svg',
      spec: orEmpty(points, 'timing',
        () => chartSpec(points, { title: 'Training steps per second', subtitle: `trustgrad: ${scaleLabel(ctx.plan)}`, xTitle: 'hidden layers', yTitle: 'steps per second', yLog: true, facet: true, independentX: true, xInteger: true })),
    }],
    table: { head: ['what', 'ms per step', 'steps per second'], rows: table },
  };
}
