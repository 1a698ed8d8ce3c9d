// The reproduction's report sections: per figure a chart (ours beside the paper's, every chart naming its
// scale and data size), a table, and text generated from the numbers — each section ends with the verdicts
// of its claims, so no sentence says more than was measured. Figure 3 (left), its inset and the controls
// are here; Figure 1 in sections-slices.ts; Figure 2, Figure 3 (right) and timing in sections-more.ts.
import type { TopLevelSpec } from 'vega-lite';
import type { ClaimRow } from '../claims/types.ts';
import { formatMeasured } from './claims-report.ts';
import { chartSpec, emptySpec } from './figures.ts';
import type { Row, RowOf } from './configs.ts';
import { scaleLabel } from './labels.ts';
import type { Groups, Plan } from './plan.ts';
import { familySection } from './family.ts';
import { familySlicesSection } from './family-slices.ts';
import { figure2, figure3Right, timing } from './sections-more.ts';
import { figure1 } from './sections-slices.ts';
import { bestOfLrs, collect, paperBestOfLrs, paperPerLr, perLr, type PaperResults, type Point } from './summary.ts';

/** One figure of the report. */
export interface Section {
  id: string;
  title: string;
  /** HTML paragraphs. */
  text: string;
  specs: { file: string; spec: TopLevelSpec }[];
  table: { head: string[]; rows: (string | number)[][] };
}

/** What every section may draw on: the plan, the claims (for generated text) and the paper's numbers. */
export interface Context {
  plan: Plan;
  claims: readonly ClaimRow[];
  paper: PaperResults;
}

/** A number to 3 significant figures, or '—'. */
export const f = (v: unknown, digits = 3): string => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '—');
/** The chart, or a placeholder when there is nothing to draw. */
export const orEmpty = (points: Point[], title: string, spec: () => TopLevelSpec): TopLevelSpec => (points.length > 0 ? spec() : emptySpec(title));
/** The paper's Figure 3 protocol, for subtitles. */
export const PAPER_FIG3 = 'paper: 60,000 digits 28×28, width 784, batch 250, 100 epochs (24,000 steps)';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph with the verdicts of the claims whose id starts with one of `prefixes`. */
export function verdictText(claims: readonly ClaimRow[], prefixes: string[]): string {
  const mine = claims.filter((c) => prefixes.some((p) => c.id.startsWith(p)));
  if (mine.length === 0) return '';
  const items = mine.map((c) => `<li><b>${esc(c.claim)}</b> — ours ${esc(formatMeasured(c.ours))}; paper ${esc(c.paper)}: <b>${esc(c.verdict)}</b>${c.reason === undefined ? '' : ` (${esc(c.reason)})`}</li>`);
  return `<p>Measured here (${esc(mine[0].scale)}):</p><ul>${items.join('')}</ul>`;
}

/** Every section of the reproduction report. */
export function reproductionSections(plan: Plan, groups: Groups, rows: Row[], paper: PaperResults, claims: readonly ClaimRow[]): Section[] {
  const g = collect(groups, rows);
  const ctx: Context = { plan, claims, paper };
  const out = [figure1(ctx, g.slice), figure3(ctx, g.depth), inset(ctx, g.depth)];
  if (plan.figure3.family.length > 0) out.push(familySection(ctx, [...g.depth, ...g.family]));
  if (groups.familySlice.length > 0) out.push(familySlicesSection(ctx, g.slice, g.familySlice));
  if (plan.figure3.controls.length > 0) out.push(controls(ctx, g.depth, g.controls));
  if (plan.norms !== null) out.push(figure2(ctx, g.norms));
  out.push(figure3Right(ctx, g.lr), timing(ctx, g.timing, rows));
  return out;
}

const meanSd = (p: Point | undefined, lr: boolean): string => (p === undefined ? '—' : `${f(p.y)}${typeof p.n === 'number' && p.n > 1 ? ` ± ${f(p.sd, 2)} (n = ${p.n})` : ''}${lr ? ` (lr ${p.lr})` : ''}`);

function depthTable(ours: Point[], theirs: Point[], seriesList: string[], showLr: boolean): (string | number)[][] {
  const depths = [...new Set([...ours.map((p) => p.x)])].sort((a, b) => a - b);
  return depths.map((d) => [d, ...seriesList.flatMap((s) => [meanSd(ours.find((p) => p.x === d && p.series === s), showLr), meanSd(theirs.find((p) => p.x === d && p.series === s), showLr)])]);
}

function figure3(ctx: Context, rows: RowOf<'train'>[]): Section {
  const { plan } = ctx;
  const ours = bestOfLrs(rows);
  const theirs = paperBestOfLrs(ctx.paper);
  const opts = ['sgd', 'adam', 'fromage'];
  const f3 = plan.figure3;
  const metric = f3.window === null ? "mean over the last epoch's minibatches" : `mean over the last ${f3.window} minibatches`;
  return {
    id: 'figure3',
    title: 'Figure 3 (left) — trainability vs depth, best of three learning rates',
    text:
      `<p>Training accuracy (${metric}, each taken before its step) of ReLU MLPs with <i>depth</i> hidden layers and PyTorch's default init, best of the paper's three learning rates per optimiser and seed (SGD with momentum 0.9: 1, 0.1, 0.01; Adam: 10⁻², 10⁻³, 10⁻⁴; Fromage: 0.1, 0.01, 0.001), ${
        f3.decay === null ? 'constant lr' : `lr × ${f3.decay} per epoch`
      }; a diverged run counts as chance. Where several seeds ran, the point is their mean and the bar ± one standard deviation (${
        f3.arms.some((a) => a.lrs.some((l) => l.seeds.length > 1 && l.seeds.length < a.lrs.flatMap((x) => x.seeds).length)) ? 'seeds run at one lr only take that lr: a lower bound on their best' : 'every seed at every lr'
      }). The trainability rule: an optimiser trains at a depth, for a seed, when its best lr's accuracy is ≥ τ = ${f3.threshold}; its largest trainable depth is the deepest grid depth where it trains.</p>${
        verdictText(ctx.claims, ['figure3.'])
      }`,
    specs: [{
      file: 'figure3-depth.svg',
      spec: orEmpty(ours, 'Figure 3', () =>
        chartSpec([...ours.map((p) => ({ ...p, panel: 'trustgrad' })), ...theirs.map((p) => ({ ...p, panel: 'paper' }))], {
          title: 'Figure 3 (left): training accuracy vs depth, best lr',
          subtitle: [`trustgrad: ${scaleLabel(plan)}`, PAPER_FIG3],
          xTitle: 'hidden layers',
          yTitle: 'training accuracy',
          facet: true,
          independentX: true,
          yDomain: [0, 1],
          xInteger: true,
          errorBars: true,
        })),
    }],
    table: { head: ['depth', ...opts.flatMap((o) => [`${o} (ours)`, `${o} (paper)`])], rows: depthTable(ours, theirs, opts, true) },
  };
}

function inset(ctx: Context, rows: RowOf<'train'>[]): Section {
  const ours = perLr(rows, 'fromage');
  const theirs = paperPerLr(ctx.paper, 'fromage');
  const lrs = ['lr 0.1', 'lr 0.01', 'lr 0.001'];
  return {
    id: 'inset',
    title: 'Figure 3 inset — Fromage at three learning rates vs depth',
    text: `<p>Lemma 2: with every layer moving by relative step η, descent is guaranteed only while (1+η)^L − 1 &lt; cos θ, so deeper nets need smaller η. Fromage's accuracy per lr (mean ± sd where several seeds ran at that lr).</p>${
      verdictText(ctx.claims, ['inset.'])
    }`,
    specs: [{
      file: 'figure3-inset.svg',
      spec: orEmpty(ours, 'inset', () =>
        chartSpec([...ours.map((p) => ({ ...p, panel: 'trustgrad' })), ...theirs.map((p) => ({ ...p, panel: 'paper' }))], {
          title: 'Inset: Fromage accuracy vs depth per learning rate',
          subtitle: [`trustgrad: ${scaleLabel(ctx.plan)}`, PAPER_FIG3],
          xTitle: 'hidden layers',
          yTitle: 'training accuracy',
          facet: true,
          independentX: true,
          yDomain: [0, 1],
          xInteger: true,
          errorBars: true,
        })),
    }],
    table: { head: ['depth', ...lrs.flatMap((l) => [`${l} (ours)`, `${l} (paper)`])], rows: depthTable(ours, theirs, lrs, false) },
  };
}

/** The controls: SGD with Kaiming init beside default-init SGD, paper-LARS beside Fromage, and the widths. */
function controls(ctx: Context, depth: RowOf<'train'>[], extra: RowOf<'train'>[]): Section {
  const f3 = ctx.plan.figure3;
  const at = (c: (typeof f3.controls)[number]) => (r: RowOf<'train'>) => r.config.optimiser === c.optimiser && r.config.lr === c.lr;
  const panels: Point[] = [];
  for (const c of f3.controls.filter((x) => x.group !== 'width')) {
    const panel = c.group === 'kaiming' ? `SGD lr ${c.lr}: default vs Kaiming init` : `lr ${c.lr}: Fromage vs paper-LARS`;
    const twin = c.group === 'kaiming' ? { ...c, init: 'torch' as const } : { ...c, optimiser: 'fromage' as const };
    const mine = bestOfLrs([...extra, ...depth].filter((r) => (at(c)(r) || at(twin)(r)) && r.config.width === c.width && c.seeds.includes(r.config.seed) && c.depths.includes(r.config.depth)));
    panels.push(...mine.map((p) => ({ ...p, panel })));
  }
  const widths = bestOfLrs([...extra, ...depth].filter((r) => f3.controls.some((c) => c.group === 'width' && at(c)(r) && r.config.depth === c.depths[0] && c.seeds.includes(r.config.seed) && r.config.seed === c.seeds[0])));
  return {
    id: 'controls',
    title: 'Controls — init, the shrink, and width',
    text:
      `<p>Ordinary runs beside Figure 3, each answering one question: does SGD fail because of the default init (Kaiming init instead)? Does Fromage's 1/√(1+η²) shrink matter (paper-LARS is Fromage without it)? Does width move the limits (the paper's nets are 784 wide)? Mean ± sd over seeds.</p>${
        verdictText(ctx.claims, ['control.'])
      }`,
    specs: [{
      file: 'controls.svg',
      spec: orEmpty(panels, 'controls', () =>
        chartSpec(panels, {
          title: 'Controls: training accuracy vs depth',
          subtitle: `trustgrad: ${scaleLabel(ctx.plan)}`,
          xTitle: 'hidden layers',
          yTitle: 'training accuracy',
          facet: true,
          independentX: true,
          yDomain: [0, 1],
          xInteger: true,
          errorBars: true,
        })),
    }],
    table: {
      head: ['control', 'optimiser', 'depth', 'width', 'accuracy'],
      rows: [...panels.map((p) => [String(p.panel), p.series, p.x, ctx.plan.figure3.width, meanSd(p, false)]), ...widths.map((p) => ['width', p.series, p.x, String(p.panel).replace(/.*width /, ''), meanSd(p, true)])],
    },
  };
}
