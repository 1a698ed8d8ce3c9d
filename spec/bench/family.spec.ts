// The seven optimisers in the reproduction's depth sweep (issue 16): which runs each scale plans, AGD on its own network, old rows' keys unchanged, and AGD's claim verdict by its rule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { optim } from '../../lib/index.ts';
import { runnerClaims } from '../../bench/runner/claims.ts';
import { compareGrid } from '../../bench/runner/compare.ts';
import type { Row, RowOf, TrainConfig } from '../../bench/runner/configs.ts';
import { REGIME_ROWS } from '../../bench/runner/doc-tables.ts';
import { agdClaim, depthLimits } from '../../bench/runner/family.ts';
import { configsOf, familyArms, groupsOf, planFor, type Plan } from '../../bench/runner/plan.ts';
import { keyOf, readRows } from '../../bench/runner/rows.ts';
import { collect, loadPaper } from '../../bench/runner/summary.ts';
import { classifierData, modelFor, optimiserFor, runConfig } from '../../bench/runner/tasks.ts';
import { Rng } from '../../lib/random.ts';

const lrsOf = (configs: TrainConfig[], optimiser: string): (number | null)[] => [...new Set(configs.filter((c) => c.optimiser === optimiser).map((c) => c.lr))];

test('the family: at quick scale each runs its recommended lr only (quick must stay within 2 minutes); AGD runs once, with no lr', () => {
  const family = groupsOf(planFor('quick')).family;
  assert.equal(lrsOf(family, 'lars'), [0.01]);
  assert.equal(lrsOf(family, 'madam'), [0.01]);
  assert.equal(lrsOf(family, 'muon'), [0.02]);
  assert.equal(lrsOf(family, 'agd'), [null]);
  for (const c of family) assert.equal([...new Set(family.filter((x) => x.optimiser === c.optimiser).map((x) => x.depth))].sort((a, b) => a - b), [1, 4, 12], `${c.optimiser} at every depth`);
});

test('the family with the lr grid: LARS, Madam and Muon add the paper grid 0.1, 0.01, 0.001 to their recommended lr; AGD still has none', () => {
  const arms = familyArms([1, 4], [0], true);
  const lrs = (o: string): (number | null)[] => [...(arms.find((a) => a.optimiser === o)?.lrs ?? [])].sort((a, b) => (a ?? 0) - (b ?? 0));
  assert.equal(lrs('lars'), [0.001, 0.01, 0.1]);
  assert.equal(lrs('madam'), [0.001, 0.01, 0.1]);
  assert.equal(lrs('muon'), [0.001, 0.01, 0.02, 0.1]);
  assert.equal(lrs('agd'), [null]);
});

test('the family: at the paper regime each runs seed 0 at its recommended lr on the regime’s deepest grid', () => {
  const family = groupsOf(planFor('paper-regime')).family;
  assert.equal(family.map((c) => `${c.optimiser} ${c.lr}`).filter((x, i, a) => a.indexOf(x) === i), ['lars 0.01', 'madam 0.01', 'agd null', 'muon 0.02']);
  assert.ok(family.every((c) => c.seed === 0 && c.task === 'mnist28' && c.width === 128 && c.steps === 3000));
  assert.equal([...new Set(family.map((c) => c.depth))], [4, 8, 16, 24, 32, 40, 50]);
});

test('the family: AGD runs on its own network and init with no lr to decay; the others on SimpleNet', () => {
  const family = groupsOf(planFor('paper-regime')).family;
  for (const c of family) {
    if (c.optimiser === 'agd') assert.equal([c.lr, c.decay, c.network, c.init], [null, null, 'agd', 'agd']);
    else assert.equal([c.network, c.init, c.decay], [undefined, 'torch', 0.95]);
  }
});

test('the family: the committed paper-regime rows keep their keys, and every one is still a run of the plan', () => {
  const planned = new Set(configsOf(planFor('paper-regime')).map(keyOf));
  const rows = readRows(REGIME_ROWS).filter((r) => r.config.kind === 'train');
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.is(keyOf(r.config), r.key, 'the key is its config’s');
    assert.ok(planned.has(r.key), `${r.key} is a run of the plan`);
  }
});

test('the family: AGD’s network has no biases and relu·√2, and an AGD run trains it (AGD refuses biases)', () => {
  const data = classifierData('mnist14', 64);
  const model = modelFor(data, 3, 8, new Rng(0), false, 'agd', 'agd');
  assert.ok(model.namedParameters().every(([name]) => name.endsWith('.weight')));
  assert.is(model.activationGain, Math.SQRT2);
  assert.ok(optimiserFor('agd', model.parameters(), null, null).optimizer instanceof optim.AGD);
  assert.throws(() => optimiserFor('agd', model.parameters(), 0.01, null), /agd has no learning rate/);
  assert.throws(() => optimiserFor('madam', model.parameters(), null, null), /madam needs a learning rate/);
  const agd = groupsOf(planFor('tiny')).family.find((c) => c.optimiser === 'agd');
  if (agd === undefined) throw new Error('tiny has an AGD run');
  const out = runConfig(agd);
  assert.ok(out.config.kind === 'train' && 'accuracy' in out.result && Number.isFinite(out.result.accuracy));
});

test('the family slices: Figure 1’s deep net trained by each other optimiser at its recommended lr, sliced once at the end; Figure 1’s own keys unchanged', () => {
  const g = groupsOf(planFor('quick'));
  assert.equal(g.familySlice.map((c) => [c.optimiser, c.lr]), [['sgd', 0.1], ['adam', 0.001], ['lars', 0.01], ['madam', 0.01], ['agd', null], ['muon', 0.02]]);
  for (const c of g.familySlice) assert.equal([c.depth, c.residual, c.checkpoints], [15, false, [c.steps]]);
  assert.ok(g.slice.every((c) => !('optimiser' in c) && !('network' in c) && c.lr === 0.01), 'Figure 1’s slices keep their configs');
});

test('the family slices: AGD’s slice trains AGD on its own network (AGD refuses biases; Fromage refuses a null lr)', () => {
  const agd = groupsOf(planFor('tiny')).familySlice.find((c) => c.optimiser === 'agd');
  if (agd === undefined) throw new Error('tiny slices AGD’s net');
  assert.equal([agd.network, agd.init, agd.lr], ['agd', 'agd', null]);
  const out = runConfig(agd);
  assert.ok(out.config.kind === 'slice' && 'checkpoints' in out.result && out.result.checkpoints.length === 1 && out.result.checkpoints[0].step === agd.steps);
  const fromage = runConfig({ ...agd, optimiser: 'fromage', lr: 0.01 });
  assert.ok('checkpoints' in fromage.result);
  assert.not.equal(fromage.result.checkpoints[0].loss, out.result.checkpoints[0].loss, 'the optimiser named is the one trained');
});

test('bench:optimisers: AGD runs once per depth, width and seed whatever --lrs says, on its own network with no lr', () => {
  const { configs } = compareGrid(['--optimisers', 'agd,madam', '--lrs', '0.1,0.01', '--depths', '2,8', '--seeds', '1']);
  const agd = configs.filter((c) => c.optimiser === 'agd');
  assert.equal(agd.map((c) => [c.depth, c.lr, c.decay, c.network, c.init]), [[2, null, null, 'agd', 'agd'], [8, null, null, 'agd', 'agd']]);
  assert.is(configs.filter((c) => c.optimiser === 'madam').length, 4);
});

/** Rows for every depth-sweep run of `plan` where optimiser `o` reaches 0.9 up to depth `limit(o, lr)` and 0.1 deeper. */
function fakeRows(plan: Plan, limit: (optimiser: string, lr: number | null) => number): Row[] {
  const g = groupsOf(plan);
  return [...g.depth, ...g.family].map((c) => ({
    key: keyOf(c),
    config: c,
    result: { accuracy: c.depth <= limit(c.optimiser, c.lr) ? 0.9 : 0.1, loss: 1, diverged: false, divergedAt: null, curve: [] },
    meta: { seconds: 0, finishedAt: '' },
  }));
}

const verdictOf = (plan: Plan, rows: Row[]): string => {
  const g = collect(groupsOf(plan), rows);
  return agdClaim(plan, depthLimits(plan, [...g.depth, ...g.family] as RowOf<'train'>[])).verdict;
};

test('AGD’s claim: reproduced when it trains at least as deep as every other optimiser at its best lr', () => {
  const plan = planFor('paper-regime');
  assert.is(verdictOf(plan, fakeRows(plan, (o) => (o === 'agd' ? 50 : 40))), 'reproduced');
  assert.is(verdictOf(plan, fakeRows(plan, (o) => (o === 'agd' ? 40 : 40))), 'reproduced', 'a tie is as deep');
});

test('AGD’s claim: reproduced qualitatively when only a tuned lr beats it, not reproduced when a recommended lr does', () => {
  const plan = planFor('paper-regime');
  assert.is(verdictOf(plan, fakeRows(plan, (o, lr) => (o === 'agd' ? 32 : o === 'fromage' && lr === 0.001 ? 50 : 24))), 'reproduced qualitatively');
  assert.is(verdictOf(plan, fakeRows(plan, (o) => (o === 'agd' ? 24 : o === 'muon' ? 50 : 16))), 'not reproduced');
});

test('AGD’s claim: not run at this scale when the grid is shallow (quick stops at 12) or runs are missing', () => {
  const quick = planFor('quick');
  assert.is(verdictOf(quick, fakeRows(quick, (o) => (o === 'agd' ? 12 : 4))), 'not run at this scale');
  const plan = planFor('paper-regime');
  const rows = fakeRows(plan, (o) => (o === 'agd' ? 50 : 8)).filter((r) => !(r.config.kind === 'train' && r.config.optimiser === 'madam' && r.config.depth === 50));
  assert.is(verdictOf(plan, rows), 'not run at this scale');
  const claim = runnerClaims(plan, collect(groupsOf(plan), rows), loadPaper()).find((c) => c.id === 'family.agd');
  assert.match(claim?.reason ?? '', /Madam/);
});

test.run();
