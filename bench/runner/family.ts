// The seven optimisers of docs/optimisers.md in the depth sweep (issue 16): Figure 3's SGD, Adam and Fromage
// (their arms, the paper's lrs) beside paper-LARS, Madam, AGD and Muon (the family arms, plan.ts). Here:
// each one's largest trainable depth by the trainability rule (trainability.ts), per seed, at the best of
// its lrs and at its recommended lr alone; the report's section on it; and AGD's claim, a ClaimRow whose
// verdict comes from the rule written beside it.
import type { ClaimRow, Verdict } from '../claims/types.ts';
import type { RowOf, TrainConfig } from './configs.ts';
import { chartSpec } from './figures.ts';
import { scaleLabel } from './labels.ts';
import { recommendedLr, type Plan } from './plan.ts';
import { orEmpty, verdictText, type Context, type Section } from './sections.ts';
import { bestOfLrs } from './summary.ts';
import { complete, measured, seedLimits, type SeedLimit } from './trainability.ts';

/** The seven in docs/optimisers.md's order, with the names the report gives them. */
const SEVEN = ['sgd', 'adam', 'lars', 'fromage', 'madam', 'agd', 'muon'] as const;
const NAMES: Record<(typeof SEVEN)[number], string> = {
  sgd: 'SGD (momentum 0.9)',
  adam: 'Adam',
  lars: 'paper-LARS',
  fromage: 'Fromage',
  madam: 'Madam',
  agd: 'AGD (no lr)',
  muon: 'Muon (+ auxiliary Adam)',
};
/** Below this many hidden layers a net is not "deep" for AGD's claim: the paper's deep net has 15. */
const DEEP = 15;

/** One optimiser's largest trainable depth: per seed at the best of its lrs, and at its recommended lr alone. */
export interface DepthLimit {
  optimiser: (typeof SEVEN)[number];
  name: string;
  network: string;
  lrs: (number | null)[];
  depths: number[];
  best: SeedLimit[];
  recommended: { lr: number | null; limits: SeedLimit[] };
}

/** True for a run on the net the sweep gives `optimiser`: AGD's own, the paper's SimpleNet (PyTorch init) for the rest. */
function onItsNet(c: TrainConfig, optimiser: string): boolean {
  return optimiser === 'agd' ? c.network === 'agd' && c.init === 'agd' : c.network === undefined && (c.init ?? 'torch') === 'torch';
}

/** Every optimiser of the plan's depth sweep with its limits, from the `depth` and `family` groups' rows. */
export function depthLimits(plan: Plan, rows: readonly RowOf<'train'>[]): DepthLimit[] {
  const f = plan.figure3;
  const out: DepthLimit[] = [];
  for (const optimiser of SEVEN) {
    const mine = rows.filter((r) => r.config.optimiser === optimiser && r.config.width === f.width && onItsNet(r.config, optimiser));
    const arm = f.arms.find((a) => a.optimiser === optimiser);
    const family = f.family.find((a) => a.optimiser === optimiser);
    const network = optimiser === 'agd' ? "AGD's FCN: no biases, relu·√2, init 'agd'" : "SimpleNet, PyTorch's init";
    const limits = (depths: number[], seeds: number[], lrsOf: (seed: number) => readonly (number | null)[]) => seedLimits(mine, depths, seeds, lrsOf, f.threshold);
    if (arm !== undefined) {
      const seeds = [...new Set(arm.lrs.flatMap((l) => l.seeds))].sort((a, b) => a - b);
      const lr = recommendedLr(optimiser);
      const at = arm.lrs.find((l) => l.lr === lr)?.seeds ?? [];
      out.push({ optimiser, name: NAMES[optimiser], network, lrs: arm.lrs.map((l) => l.lr), depths: arm.depths, best: limits(arm.depths, seeds, (s) => arm.lrs.filter((l) => l.seeds.includes(s)).map((l) => l.lr)),
        recommended: { lr, limits: limits(arm.depths, at, () => [lr]) } });
    } else if (family !== undefined) {
      const lr = recommendedLr(family.optimiser);
      out.push({ optimiser, name: NAMES[optimiser], network, lrs: family.lrs, depths: family.depths, best: limits(family.depths, family.seeds, () => family.lrs),
        recommended: { lr, limits: limits(family.depths, family.seeds, () => [lr]) } });
    }
  }
  return out;
}

const show = (limits: readonly SeedLimit[]): string => limits.map((l) => `seed ${l.seed}: ${l.missing > 0 ? `${l.missing} runs missing` : `${l.depth}${l.atGridMax ? ' (grid max)' : ''}`}`).join(', ');
const meanText = (limits: readonly SeedLimit[]): string => {
  const done = complete(limits);
  if (done.length === 0) return '—';
  const m = measured(done.map((l) => l.depth), '');
  return `${Number(m.mean.toPrecision(3))} ± ${Number(m.sd.toPrecision(2))} (n = ${m.n})`;
};

/** The table of the seven: one row per optimiser (its net, lrs, grid, per-seed limits, mean ± sd, at its recommended lr). */
export function depthLimitTable(limits: readonly DepthLimit[]): { head: string[]; rows: string[][] } {
  return {
    head: ['optimiser', 'network', 'lrs run', 'depth grid', 'largest trainable depth per seed (best lr)', 'mean ± sd (n)', 'at the recommended lr'],
    rows: limits.map((
      l,
    ) => [l.name, l.network, l.lrs.map((x) => (x === null ? 'none' : String(x))).join(', '), l.depths.join(', '), show(l.best), meanText(l.best),
      `${l.recommended.lr === null ? 'no lr' : `lr ${l.recommended.lr}`}: ${l.recommended.limits.length === 0 ? 'not run' : meanText(l.recommended.limits)}`]
    ),
  };
}

const RULE_AGD =
  `ours = AGD’s largest trainable depth (τ = 0.2; one run per depth, no lr), mean ± sd over seeds; not run at this scale when an optimiser has no complete seed or AGD’s grid stops below ${DEEP} hidden layers (the paper’s deep net); `
  + 'reproduced when AGD’s smallest limit over seeds ≥ the largest limit over seeds of every other optimiser at the best of its lrs; reproduced qualitatively when AGD’s mean limit ≥ every other optimiser’s mean limit at its recommended lr (untuned against untuned); otherwise not reproduced';

/** AGD's claim: it trains deep MLPs with no learning rate, as deep as the lr-tuned optimisers do. */
export function agdClaim(plan: Plan, limits: readonly DepthLimit[]): ClaimRow {
  const base = {
    id: 'family.agd',
    source: 'AGD (Bernstein, Mingard, Huang, Azizan & Yue 2023)',
    claim: 'AGD trains deep MLPs with no learning rate: as deep as the optimisers whose lr is tuned',
    paper: 'qualitative: “trains both fully-connected and convolutional networks out-of-the-box” (no depth number to compare)',
    scale: scaleLabel(plan),
    rule: RULE_AGD,
  };
  const agd = limits.find((l) => l.optimiser === 'agd');
  if (agd === undefined) return { ...base, ours: null, verdict: 'not run at this scale', reason: 'AGD is not in this scale’s depth sweep' };
  const others = limits.filter((l) => l !== agd);
  const incomplete = limits.filter((l) => complete(l.best).length === 0).map((l) => l.name);
  if (incomplete.length > 0) return { ...base, ours: null, verdict: 'not run at this scale', reason: `no complete seed yet for ${incomplete.join(', ')}` };
  const mine = complete(agd.best).map((l) => l.depth);
  const ours = measured(mine, 'hidden layers');
  const text = others.map((o) => `${o.name} ${meanText(o.best)} (recommended lr: ${meanText(o.recommended.limits)})`).join('; ');
  const where = `AGD ${show(agd.best)} on its own network; the others on SimpleNet with PyTorch's init: ${text}`;
  if (Math.max(...agd.depths) < DEEP) return { ...base, ours, verdict: 'not run at this scale', reason: `the grid stops at ${Math.max(...agd.depths)} hidden layers, short of a deep net (${DEEP}); ${where}` };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const tuned = others.every((o) => Math.min(...mine) >= Math.max(...complete(o.best).map((l) => l.depth)));
  const untuned = others.every((o) => complete(o.recommended.limits).length === 0 || ours.mean >= mean(complete(o.recommended.limits).map((l) => l.depth)));
  const verdict: Verdict = tuned ? 'reproduced' : untuned ? 'reproduced qualitatively' : 'not reproduced';
  const why = verdict === 'reproduced' ? where
    : `${where}; AGD's network differs from the others' (init and activation scale), so a gap is not the optimiser's alone (docs/optimisers.md, Depth: on AGD's network Adam, Madam and Muon train as deep)`;
  return { ...base, ours, verdict, reason: why };
}

/** The report's section: accuracy vs depth for the seven (best lr), the table of limits, AGD's verdict. */
export function familySection(ctx: Context, rows: readonly RowOf<'train'>[]): Section {
  const { plan } = ctx;
  const limits = depthLimits(plan, rows);
  const points = bestOfLrs(rows.filter((r) => r.config.width === plan.figure3.width && onItsNet(r.config, r.config.optimiser))).map((p) => ({ ...p, series: p.series.replace(' (agd init)', ', own network') }));
  return {
    id: 'family',
    title: 'Largest trainable depth per optimiser — the seven side by side',
    text: `<p>Figure 3's depth sweep for all seven optimisers of docs/optimisers.md: SGD, Adam and Fromage at the paper's three lrs (their arms above), paper-LARS, Madam and Muon at their recommended lr${
      plan.figure3.family.some((a) => a.lrs.length > 1) ? ' and the paper’s lr grid for a relative step (0.1, 0.01, 0.001)' : ' only'
    }, and AGD, which has no lr, on the network its claim is made for (no biases, relu·√2, its orthogonal init); the others run on the paper's SimpleNet with PyTorch's init. Each optimiser's largest trainable depth is the trainability rule's (τ = ${plan.figure3.threshold}, best of the lrs each seed ran), and beside it the same at its recommended lr alone.</p>${
      verdictText(ctx.claims, ['family.'])
    }`,
    specs: [{
      file: 'family-depth.svg',
      spec: orEmpty(points, 'the seven: not run at this scale', () =>
        chartSpec(points, {
          title: 'The seven optimisers: training accuracy vs depth, best lr',
          subtitle: `trustgrad: ${scaleLabel(plan)}`,
          xTitle: 'hidden layers',
          yTitle: 'training accuracy',
          yDomain: [0, 1],
          xInteger: true,
          errorBars: true,
        })),
    }],
    table: depthLimitTable(limits),
  };
}
