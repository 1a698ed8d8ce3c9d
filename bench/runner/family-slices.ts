// Figure 1's slices for each of the seven optimisers' trained nets: the deep MLP of Figure 1, trained by
// each optimiser at its recommended settings (AGD on its own network) for Figure 1's steps, then sliced
// once at the end exactly as Figure 1 slices Fromage's (perturb.slice: loss and the first layer's ρ along
// W ← W − η‖W‖g₀/‖g₀‖, Lemma 1 on every step). Fromage's slice is Figure 1's own deep net at its last checkpoint.
import { chartSpec } from './figures.ts';
import type { RowOf } from './configs.ts';
import { sliceLabel } from './labels.ts';
import { f, orEmpty, type Context, type Section } from './sections.ts';
import type { Point } from './summary.ts';

/** The Figure 1 deep net's slice per optimiser, at the end of training: Fromage's from Figure 1, the others' from `rows`. */
export function familySlicesSection(ctx: Context, figure1: readonly RowOf<'slice'>[], rows: readonly RowOf<'slice'>[]): Section {
  const s = ctx.plan.slice;
  const fromage = figure1.find((r) => !r.config.residual && s !== null && r.config.depth === s.depths[1]);
  const all = [...(fromage === undefined ? [] : [fromage]), ...rows];
  const loss: Point[] = [];
  const rho: Point[] = [];
  const table: (string | number)[][] = [];
  for (const r of all) {
    const name = `${r.config.optimiser ?? 'fromage'}${r.config.lr === null ? ' (no lr, own network)' : ` (lr ${r.config.lr})`}`;
    const cp = r.result.checkpoints.find((c) => c.step === r.config.steps);
    if (cp === undefined) continue;
    for (let k = 0; k < cp.perturbation.length; k++) {
      if (Number.isFinite(cp.loss[k]) && cp.loss[k] > 0) loss.push({ x: cp.perturbation[k], y: cp.loss[k], series: name, source: 'trustgrad' });
      if (k > 0 && Number.isFinite(cp.rho[k]) && cp.rho[k] > 0) rho.push({ x: cp.perturbation[k], y: cp.rho[k], series: name, source: 'trustgrad' });
    }
    const last = cp.loss.length - 1;
    const held = cp.lemma1 === undefined ? '—' : `${cp.lemma1.holds.filter(Boolean).length}/${cp.lemma1.holds.length}`;
    table.push([name, cp.step, r.result.diverged ? 'diverged' : f(r.result.accuracy), f(cp.loss[0]), f(cp.loss[last]), f(cp.rho[last]), f(cp.trust[last]), f(cp.euclidean[last]), held]);
  }
  const scale = sliceLabel(ctx.plan);
  const chart = (points: Point[], title: string, yTitle: string) =>
    orEmpty(points, `${title}: not run at this scale`, () =>
      chartSpec(points, { title, subtitle: `trustgrad: ${scale}; the deep net (depth ${s?.depths[1] ?? '—'}) at the end of training`, xTitle: 'cumulative relative perturbation', yTitle, yLog: true }));
  return {
    id: 'family-slices',
    title: 'Figure 1-style slices of each optimiser’s trained deep net',
    text:
      '<p>Figure 1’s deep MLP trained by each of the seven at its recommended settings (AGD without an lr, on its own network: no biases, relu·√2, its init) for Figure 1’s steps, then sliced as Figure 1 slices Fromage’s: every tensor moved repeatedly by the same relative step along its own fixed initial gradient, the loss and the first layer’s ρ recorded, Lemma 1 checked on every step. A net that did not train (SGD at this depth with PyTorch’s init) is sliced all the same; its training accuracy is in the table.</p>',
    specs: [
      { file: 'family-slices-loss.svg', spec: chart(loss, 'Loss along the slice, per optimiser', 'loss') },
      { file: 'family-slices-rho.svg', spec: chart(rho, "The first layer's breakdown ρ along the slice, per optimiser", 'first-layer ρ') },
    ],
    table: { head: ['optimiser', 'step', 'training accuracy', 'loss at 0', 'loss at end', 'first-layer ρ at end', 'Π(1+r)−1 at end', 'Euclidean fit at end', 'Lemma 1 held'], rows: table },
  };
}
