// Figure 1 in the report: the loss along each slice (ours above the paper's), and the first layer's
// measured breakdown ρ beside deep relative trust Π(1+r)−1 and the Euclidean fit, on the paper's linear
// x-axis; a table per net and checkpoint; the verdicts of Figure 1, R3 and Lemma 1.
import { breakdownSpec, chartSpec } from './figures.ts';
import type { RowOf } from './configs.ts';
import { sliceLabel } from './labels.ts';
import { f, orEmpty, verdictText, type Context, type Section } from './sections.ts';
import { paperSlices, sliceName, slicePoints } from './summary.ts';

const PAPER_FIG1 = 'paper: 60,000 digits 28×28, width 784, batch 250, Fromage lr 0.01 × 0.9 per epoch, 10 epochs; slices of 100 × 0.001 on all 60,000';

export function figure1(ctx: Context, rows: RowOf<'slice'>[]): Section {
  const { loss, rho } = slicePoints(rows);
  const both = [...loss, ...paperSlices(ctx.paper)];
  const table: (string | number)[][] = [];
  for (const r of rows) {
    const name = `${sliceName(r.config)} (depth ${r.config.depth})`;
    for (const cp of r.result.checkpoints) {
      const last = cp.loss.length - 1;
      const held = cp.lemma1 === undefined ? '—' : `${cp.lemma1.holds.filter(Boolean).length}/${cp.lemma1.holds.length}`;
      table.push([name, cp.step, f(cp.loss[0]), f(cp.loss[last]), f(cp.perturbation[last]), f(cp.rho[last]), f(cp.trust[last]), f(cp.euclidean[last]), held]);
    }
  }
  for (const [key, s] of Object.entries(ctx.paper.figure1_curvature_slices.loss_slices)) {
    const at = s.per_checkpoint.map((v) => v[v.length - 1]);
    table.push([`paper: ${key}`, 'checkpoints 0–9', `${f(Math.min(...s.per_checkpoint.map((v) => v[0])))}–${f(Math.max(...s.per_checkpoint.map((v) => v[0])))}`, `${f(Math.min(...at))}–${f(Math.max(...at))}`, s.eta[s.eta.length - 1], '—',
      '—', '—', '—']);
  }
  const scale = sliceLabel(ctx.plan);
  return {
    id: 'figure1',
    title: 'Figure 1 — loss and gradient slices',
    text:
      `<p>At checkpoints of a training run (Fromage, lr 0.01 × the decay per epoch) every tensor is moved repeatedly by the same relative amount η along its own fixed initial gradient direction, W ← W − η‖W‖g₀/‖g₀‖; x is the cumulative relative perturbation k·η, on a linear axis as in the paper. Beside the measured first-layer ρ: deep relative trust's Π(1+r)−1 (r the measured relative distance of every weight) and the Euclidean model, a line through the origin fitted on the first steps. Lemma 1 is checked on every slice step.</p>${
        verdictText(ctx.claims, ['figure1.', 'r3.', 'lemma1.'])
      }`,
    specs: [
      {
        file: 'figure1-loss.svg',
        spec: orEmpty(loss, 'Figure 1 loss: not run at this scale', () =>
          chartSpec(both, {
            title: 'Figure 1: loss along the slice',
            subtitle: [`top, trustgrad: ${scale}`, `bottom, ${PAPER_FIG1}`],
            xTitle: 'cumulative relative perturbation',
            yTitle: 'loss',
            yLog: true,
            facet: true,
            rowBySource: true,
            width: 220,
            height: 200,
            colorBy: { field: 'progress', title: 'training progress' },
          })),
      },
      {
        file: 'figure1-rho.svg',
        spec: orEmpty(rho, 'Figure 1 breakdown: not run at this scale', () => breakdownSpec(rho, "Figure 1: the first layer's breakdown ρ against deep relative trust and the Euclidean fit", `trustgrad: ${scale}`)),
      },
    ],
    table: { head: ['model', 'checkpoint step', 'loss at 0', 'loss at end', 'perturbation at end', 'first-layer ρ at end', 'Π(1+r)−1 at end', 'Euclidean fit at end', 'Lemma 1 held'], rows: table },
  };
}
