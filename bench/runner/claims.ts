// The claims of the experiments the runner itself runs — Figure 3 (left) per optimiser and its ordering,
// the inset (Lemma 2's lr against depth), the controls, and Table 1 of R1(1) — each a ClaimRow whose
// verdict comes from the rule written beside it here (the `rule` text is what the code does). Figure 1,
// R3 and Lemma 1 on the slices are in claims-slices.ts; the probes' claims come from bench/claims.
import type { ClaimRow, Measured, Verdict } from '../claims/types.ts';
import type { RowOf } from './configs.ts';
import { scaleLabel } from './labels.ts';
import type { Arm, Plan } from './plan.ts';
import { controlClaims, table1Claim } from './claims-controls.ts';
import { sliceClaims } from './claims-slices.ts';
import { agdClaim, depthLimits } from './family.ts';
import type { PaperResults } from './summary.ts';
import { complete, gridNeighbours, measured, paperLimit, ruleAccuracy, seedLimits, type SeedLimit } from './trainability.ts';

const NAMES: Record<string, string> = { sgd: 'SGD (momentum 0.9)', adam: 'Adam', fromage: 'Fromage', lars: 'paper-LARS' };
const PAPER_KEYS: Record<string, string> = { sgd: 'sgd_momentum_0.9', adam: 'adam', fromage: 'fromage' };
const HL = 'hidden layers';
const n3 = (v: number): string => Number(v.toPrecision(3)).toString();
const show = (limits: readonly SeedLimit[]): string => limits.map((l) => `seed ${l.seed}: ${l.depth}${l.atGridMax ? ' (grid max)' : ''}`).join(', ');

/** A row that could not be measured here. */
function notRun(base: Omit<ClaimRow, 'ours' | 'verdict' | 'reason'>, reason: string): ClaimRow {
  return { ...base, ours: null, verdict: 'not run at this scale', reason };
}

/** The complete seeds' limits of an arm, or the reason there are none. */
function armLimits(plan: Plan, arm: Arm, rows: readonly RowOf<'train'>[]): SeedLimit[] {
  const mine = rows.filter((r) => r.config.optimiser === arm.optimiser && r.config.width === plan.figure3.width && (r.config.init ?? 'torch') === 'torch');
  const seeds = [...new Set(arm.lrs.flatMap((l) => l.seeds))].sort((a, b) => a - b);
  return seedLimits(mine, arm.depths, seeds, (seed) => arm.lrs.filter((l) => l.seeds.includes(seed)).map((l) => l.lr), plan.figure3.threshold);
}

const RULE_DEPTH = 'τ = 0.2 (trainability rule); reproduced when, on every seed, the paper’s largest trainable depth (same rule on its logs) lies within one step of our depth grid of ours; '
  + 'reproduced qualitatively when every seed is within a factor 2 of it; not run at this scale when a seed trains at our deepest grid depth and that is shallower than the paper’s; otherwise not reproduced';

/** Figure 3 (left): one row per optimiser, then the ordering. */
export function figure3Claims(plan: Plan, rows: readonly RowOf<'train'>[], paper: PaperResults): ClaimRow[] {
  const scale = scaleLabel(plan);
  const t = plan.figure3.threshold;
  const out: ClaimRow[] = [];
  const means: { optimiser: string; limits: SeedLimit[] }[] = [];
  const short: string[] = [];
  for (const arm of plan.figure3.arms) {
    const p = paperLimit(paper.figure3_mnist_depth.results[PAPER_KEYS[arm.optimiser]], t);
    const base = { id: `figure3.depth.${arm.optimiser}`, source: 'Figure 3 (left)', claim: `${NAMES[arm.optimiser]}: largest trainable depth of a ReLU MLP (best of the paper's three lrs)`, paper: `${p} (τ = 0.2 on the paper's logs)`, scale,
      rule: RULE_DEPTH };
    const all = armLimits(plan, arm, rows);
    const limits = complete(all);
    if (limits.length === 0) {
      out.push(notRun(base, `no seed has all its runs yet (${all.reduce((a, l) => a + l.missing, 0)} missing)`));
      continue;
    }
    means.push({ optimiser: arm.optimiser, limits });
    const ours = measured(limits.map((l) => l.depth), HL);
    let verdict: Verdict;
    if (limits.some((l) => l.atGridMax && l.depth < p)) {
      verdict = 'not run at this scale';
      short.push(`${NAMES[arm.optimiser]} trains at our deepest depth ${Math.max(...arm.depths)}, short of the paper's ${p}`);
    }
    else if (limits.every((l) => gridNeighbours(arm.depths, l.depth)[0] <= p && p <= gridNeighbours(arm.depths, l.depth)[1])) verdict = 'reproduced';
    else if (limits.every((l) => l.depth >= p / 2 && l.depth <= 2 * p)) verdict = 'reproduced qualitatively';
    else verdict = 'not reproduced';
    const reason = `per seed ${show(limits)}; grid ${arm.depths.join(', ')}` + (verdict === 'not run at this scale' ? `: the grid stops below the paper's ${p}` : '');
    out.push({ ...base, ours, verdict, reason });
  }
  out.push(orderingClaim(plan, means, short));
  return out;
}

/** SGD < Adam < Fromage in largest trainable depth, with the ranges over seeds apart. */
function orderingClaim(plan: Plan, found: { optimiser: string; limits: SeedLimit[] }[], short: string[]): ClaimRow {
  const base = {
    id: 'figure3.ordering',
    source: 'Figure 3 (left)',
    claim: 'Largest trainable depth is ordered SGD < Adam < Fromage',
    paper: '10 < 22 < 50 (τ = 0.2 on the paper’s logs)',
    scale: scaleLabel(plan),
    rule:
      'ours = the smallest gap between consecutive optimisers’ ranges over seeds (min of the deeper one − max of the shallower one); reproduced when > 0 (ordered, ranges apart); reproduced qualitatively when only the means are ordered; otherwise not reproduced',
  };
  const order = ['sgd', 'adam', 'fromage'].map((o) => found.find((f) => f.optimiser === o));
  if (order.some((o) => o === undefined)) return notRun(base, 'an optimiser has no complete seed yet');
  const ranges = order.map((o) => (o === undefined ? [0] : o.limits.map((l) => l.depth)));
  const gaps = [0, 1].map((i) => Math.min(...ranges[i + 1]) - Math.max(...ranges[i]));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ordered = mean(ranges[0]) < mean(ranges[1]) && mean(ranges[1]) < mean(ranges[2]);
  const gap = Math.min(...gaps);
  const verdict: Verdict = short.length > 0 ? 'not run at this scale' : gap > 0 ? 'reproduced' : ordered ? 'reproduced qualitatively' : 'not reproduced';
  const ours: Measured = { mean: gap, sd: 0, n: Math.min(...ranges.map((r) => r.length)), unit: `${HL} (gap)` };
  const text = ['SGD', 'Adam', 'Fromage'].map((name, i) => `${name} ${n3(mean(ranges[i]))} (${ranges[i].join(', ')})`).join(' < ');
  const atMax = order.some((o) => o?.limits.some((l) => l.atGridMax)) ? '; a limit at the grid’s deepest depth is a lower bound' : '';
  return { ...base, ours, verdict, reason: `${text}${atMax}${short.length > 0 ? `; ${short.join('; ')}` : ''}${verdict === 'not reproduced' ? '; at this scale the deeper-training optimiser is not the paper’s' : ''}` };
}

/** The inset: Fromage's largest trainable depth per lr (Lemma 2: the deeper, the smaller the lr). */
export function insetClaims(plan: Plan, rows: readonly RowOf<'train'>[], paper: PaperResults): ClaimRow[] {
  const arm = plan.figure3.arms.find((a) => a.optimiser === 'fromage');
  const scale = scaleLabel(plan);
  const base = {
    id: 'inset.lemma2',
    source: 'Inset of Figure 3 (reply to R1); Lemma 2',
    claim: 'Deeper nets need smaller relative steps: Fromage’s largest trainable depth does not grow with its lr',
    scale,
    rule: 'largest trainable depth per lr (τ = 0.2, the seeds run at every lr); ours = depth at the smallest lr − depth at the largest; not run at this scale when the largest lr still trains at our deepest depth; '
      + 'reproduced when the depth never grows with the lr and the largest lr’s is the smallest; reproduced qualitatively when the largest lr’s is below some smaller lr’s; otherwise not reproduced',
  };
  const byLr = paper.figure3_mnist_depth.results.fromage;
  const paperText = Object.keys(byLr).map((lr) => `lr ${Number(lr)}: ${paperLimit({ [lr]: byLr[lr] }, plan.figure3.threshold)}`).join(', ');
  if (arm === undefined) return [notRun({ ...base, paper: paperText }, 'no Fromage arm at this scale')];
  const lrs = arm.lrs.map((l) => l.lr).sort((a, b) => b - a);
  const common = arm.lrs.map((l) => l.seeds).reduce((a, s) => a.filter((x) => s.includes(x)));
  const mine = rows.filter((r) => r.config.optimiser === 'fromage' && r.config.width === plan.figure3.width && (r.config.init ?? 'torch') === 'torch');
  const perLr = lrs.map((lr) => complete(seedLimits(mine, arm.depths, common, () => [lr], plan.figure3.threshold)).map((l) => l.depth));
  if (common.length === 0 || perLr.some((d) => d.length === 0)) return [notRun({ ...base, paper: paperText }, 'runs missing')];
  const depth = perLr.map((d) => d.reduce((a, b) => a + b, 0) / d.length);
  const monotone = depth.every((d, i) => i === 0 || d >= depth[i - 1]);
  const deepest = Math.max(...arm.depths);
  const verdict: Verdict = depth[0] >= deepest ? 'not run at this scale' : monotone && depth[0] < depth[depth.length - 1] ? 'reproduced' : depth[0] < Math.max(...depth.slice(1)) ? 'reproduced qualitatively' : 'not reproduced';
  const ours = measured(perLr[perLr.length - 1].map((d, i) => d - perLr[0][i]), `${HL} (smallest lr − largest)`);
  const rows2: ClaimRow[] = [{ ...base, paper: paperText, ours, verdict,
    reason: lrs.map((lr, i) => `lr ${lr}: ${perLr[i].join(', ')}`).join('; ') + ` (seeds ${common.join(', ')})${verdict === 'not run at this scale' ? `; lr ${lrs[0]} still trains at our deepest depth ${deepest}` : ''}` }];
  rows2.push(depth50Claim(plan, mine, scale));
  return rows2;
}

/** The inset's depth-50 end: Fromage at lr 0.001 keeps about 65 % at depth 50. */
function depth50Claim(plan: Plan, mine: readonly RowOf<'train'>[], scale: string): ClaimRow {
  const base = {
    id: 'inset.depth50',
    source: 'Inset of Figure 3',
    claim: 'Fromage at lr 0.001 still trains a 50-layer MLP (about 65 % training accuracy)',
    paper: '0.654 (depth 50, lr 0.001)',
    scale,
    rule: 'ours = accuracy at depth 50, lr 0.001 over seeds; reproduced when the mean ≥ 0.6; reproduced qualitatively when every seed ≥ τ = 0.2; otherwise not reproduced',
  };
  const at = mine.filter((r) => r.config.depth === 50 && r.config.lr === 0.001);
  if (at.length === 0) return notRun(base, 'depth 50 at lr 0.001 is not in this scale’s grid');
  const accs = at.map((r) => Math.max(0, ruleAccuracy(r)));
  const ours = measured(accs, 'training accuracy');
  const verdict: Verdict = ours.mean >= 0.6 ? 'reproduced' : accs.every((a) => a >= plan.figure3.threshold) ? 'reproduced qualitatively' : 'not reproduced';
  return { ...base, ours, verdict, reason: verdict === 'reproduced' ? undefined
    : `${plan.figure3.steps} steps of ${plan.figure3.batch} digits are ${n3((plan.figure3.steps * plan.figure3.batch) / (24000 * 250) * 100)} % of the paper's samples; lr 0.001 is the slowest to train` };
}

/** Every claim of the runner's own experiments at this plan's scale. */
export function runnerClaims(plan: Plan, groups: { depth: RowOf<'train'>[]; family: RowOf<'train'>[]; controls: RowOf<'train'>[]; slice: RowOf<'slice'>[] }, paper: PaperResults): ClaimRow[] {
  const train = [...groups.depth, ...groups.controls];
  const family = plan.figure3.family.length > 0 ? [agdClaim(plan, depthLimits(plan, [...groups.depth, ...groups.family]))] : [];
  return [...sliceClaims(plan, groups.slice, paper), ...figure3Claims(plan, groups.depth, paper), ...insetClaims(plan, groups.depth, paper), ...family, ...controlClaims(plan, train), table1Claim(plan)];
}
