// Reply to reviewer 2 (Bernstein et al. 2020), at the default η = 0.01: with a fixed learning rate Fromage cannot
// converge — every step moves every tensor by the same relative amount η, so near a minimum the iterates jitter and
// the loss stops improving; decaying η when the loss plateaus lets it converge.
//
// Setting: bench/claims/jitter.ts — full-batch training (so the jitter is Fromage's own, not minibatch noise) of a
// student MLP 16 → 32 → 1 (tanh) on 128 points of a teacher–student regression (a tanh teacher with noise 0.1), squared
// error, 3,000 steps of Fromage at η = 0.01, once with η fixed and once with torch's ReduceLROnPlateau (its defaults:
// factor 0.1, patience 10, threshold 1e-4) stepped on the loss after every step; seeds 1 and 2.
//
// Why not MNIST, as the spec did at η = 0.2: a small MLP on a few hundred digits separates them, so cross-entropy has
// no minimum (its infimum is at infinite weights). At η = 0.01 Fromage follows it — −g has a component along W, so
// the norms grow — and the loss falls to 10⁻¹⁷ with no stall: at η = 0.01 there is nothing to jitter around. At
// η = 0.2 the angular steps were large enough to stall the loss at ≈ 0.1 first. A regression has its minimum at
// finite weights, so the jitter shows at the paper's default η.
//
// Measured (seeds 1, 2, 3): every step's relative size is η to ≤ 9·10⁻¹³ relative; fixed η: the loss rises on 50 % of
// the last third's steps (a period-2 oscillation), its last-third mean 4.9·10⁻⁴, 5.4·10⁻⁴, 4.9·10⁻⁴; plateau: η decayed
// to 10⁻³ (10⁻⁴ for seed 3) and the final loss is 6.0·10⁻⁷, 5.9·10⁻⁷, 5.3·10⁻⁸ — 810×, 910× and 9,100× below.
// Margins: "jitters" = the loss rises on ≥ 25 % of the last third's steps and its mean there is ≥ 0.1× the middle
// third's (it has stopped improving by orders of magnitude); "converges" = η decayed and the final loss is ≥ 100×
// below the fixed run's last-third mean.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runJitter, type JitterResult } from '../../bench/claims/jitter.ts';
import { assertStepsAreEta } from './assertions.ts';
import { R2, report, seed } from './setup.ts';

const runs = new Map<string, JitterResult>();
function run(schedule: 'fixed' | 'plateau', s: number): JitterResult {
  const key = `${schedule}/${s}`;
  let r = runs.get(key);
  if (r === undefined) runs.set(key, r = runJitter({ ...R2, schedule, seed: seed(s) }));
  return r;
}

for (const s of [1, 2]) {
  test(`reviewer 2, seed ${s}: at η = 0.01 every Fromage step has relative size exactly η (before the shrink), fixed or decayed`, () => {
    assertStepsAreEta(run('fixed', s));
    assertStepsAreEta(run('plateau', s));
  });

  test(`reviewer 2, seed ${s}: with η fixed at 0.01 the loss jitters and stops improving`, () => {
    const f = run('fixed', s);
    report(`reviewer2 seed ${s} fixed: middle-third mean ${f.middleThirdMean.toExponential(3)}, last-third mean ${f.lastThirdMean.toExponential(3)}, rose on ${(100 * f.lastThirdRises).toFixed(1)} % of the last third`);
    assert.ok(f.lastThirdRises >= 0.25, `the loss rose on only ${f.lastThirdRises} of the last third's steps (expected jitter, ≥ 25 %)`);
    assert.ok(f.lastThirdMean >= 0.1 * f.middleThirdMean, `the loss kept falling: last third's mean ${f.lastThirdMean} vs ${f.middleThirdMean} in the middle third (expected a stall, ≥ 0.1×)`);
  });

  test(`reviewer 2, seed ${s}: decaying η on plateau (ReduceLROnPlateau) converges far below the fixed-η run`, () => {
    const f = run('fixed', s);
    const p = run('plateau', s);
    report(`reviewer2 seed ${s} plateau: final loss ${p.finalLoss.toExponential(3)}, final η ${p.finalLr}, ${p.decays} decays; fixed run's last-third mean ${f.lastThirdMean.toExponential(3)}`);
    assert.ok(p.decays > 0 && p.finalLr < R2.eta, 'the plateau scheduler never decayed η');
    assert.ok(p.finalLoss <= 0.01 * f.lastThirdMean, `the decayed run ends at ${p.finalLoss} vs the fixed run's ${f.lastThirdMean} (expected ≥ 100× lower)`);
  });
}

test.run();
