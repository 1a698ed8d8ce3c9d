// Figure 1 of Bernstein et al. (2020): loss and gradient slices of a shallow and a deep MLP during training.
//
// The paper's claim: move every layer of a trained MLP along its own fixed gradient direction by relative steps,
// W ← W − η‖W‖g₀/‖g₀‖, and record the loss and the first layer's relative breakdown in gradient
// ρ₁ = ‖g₁(W) − g₁(W₀)‖/‖g₁(W₀)‖. A shallow net stays close to the Euclidean (Lipschitz-gradient) picture; a deep
// one breaks down quasi-exponentially. Paper (reference/paper-results.json, loss at a cumulative perturbation of
// 0.099 at its ten checkpoints): 2-layer 1.2–9.2; 16-layer 2.3 at init, then 68–1.2·10⁵ — above the 2-layer net at
// every checkpoint, by 7× to 4·10⁴× (median ≈ 3·10³×) once trained.
//
// Scaled setting (setup.ts FIG1): the digits 0–4 of 1,000 at 14×14, width 64, depth 1 and 15, Fromage lr 0.01,
// batch 32, 600 steps; slices at steps 120, 240, 360, 480 and 600 on 100 fixed training digits, 10 steps of
// relative size 0.01; seeds 1 and 2. Every assertion holds for each seed and at every checkpoint or for the
// median over the five checkpoints — never for one chosen checkpoint.
//
// Measured (TRUSTGRAD_EXPERIMENTS=verbose; seeds 3 and 4 with TRUSTGRAD_EXPERIMENTS_SEED):
//   deep net's training accuracy at step 600: 0.90, 0.94 (seeds 3, 4: 0.78, 0.92)
//   loss at 0.1, deep ÷ shallow per checkpoint: seed 1: 3.1, 617, 81, 122, 108; seed 2: 324, 11, 22, 202, 61
//                                              (seed 3: 51, 6.2, 11, 4.6·10⁴, 682; seed 4: 399, 495, 1923, 950, 20)
// Margins: the deep net trains (≥ 0.7; five classes, a dead net scores ≈ 0.2); its loss at 0.1 is above the
// shallow net's at every checkpoint (≥ 2×) and by ≥ 30× at the median checkpoint.
//
// Not asserted, because at this scale they do not hold (seeds 1–4, 20 checkpoints):
// - ρ₁ at 0.1, deep ÷ shallow, is above 1 at only 14 of the 20 checkpoints (0.03 to 200): as the shallow net fits
//   the five classes its gradient shrinks, and ρ₁ is relative to it (its ρ₁ ÷ the Euclidean line reaches 6–34 at
//   step 600). The loss, which the paper's logs also record, is the robust reading here.
// - Reviewer 3's residual net (depth 15, residual) lying between: its loss at 0.1 exceeds the deep net's at 14 of
//   the 20 checkpoints (up to 10³×). It fits the five classes to a loss of 10⁻⁹–10⁻¹² within a few hundred steps,
//   its logits grow large, and moving each of its 15 residual layers by 10 % multiplies them. The paper's residual
//   net is also the hottest at init (loss 19.2 before any perturbation, 869 at 0.099). lemma1.spec.ts still checks
//   Lemma 1 on its slices.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIG1, fig1Checkpoints, report, type Fig1Checkpoint } from './setup.ts';

const K = FIG1.steps; // the slice index of cumulative perturbation 0.1
const FIRST = 'layers.0.weight';

/** The median of a list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A checkpoint's value at perturbation 0.1; a slice stopped by a non-finite loss has blown up beyond any finite value. */
const at = (c: Fig1Checkpoint, pick: (s: Fig1Checkpoint['slice']) => number): number => (c.slice.nonFinite ? Infinity : pick(c.slice));

/** deep ÷ shallow of `pick` at each checkpoint, for one seed. */
function ratios(seed: number, pick: (s: Fig1Checkpoint['slice']) => number): number[] {
  const deep = fig1Checkpoints('deep', seed);
  const shallow = fig1Checkpoints('shallow', seed);
  return deep.map((c, i) => at(c, pick) / at(shallow[i], pick));
}

for (const seed of FIG1.seeds) {
  test(`figure 1, seed ${seed}: every slice reaches a cumulative perturbation of 0.1 in steps of exactly 0.01`, () => {
    for (const key of ['shallow', 'deep'] as const) {
      for (const c of fig1Checkpoints(key, seed)) {
        assert.is(c.slice.perturbation.length, K + 1, `${key} at step ${c.step} stopped early`);
        // The distance travelled by the first layer is the protocol's k·η to first order in η.
        const r = c.slice.relativeDistance[FIRST][K];
        assert.ok(Math.abs(r - 0.1) < 0.01, `${key}: first layer moved ${r} (expected ≈ 0.1)`);
      }
    }
  });

  test(`figure 1, seed ${seed}: the deep (depth 15) net trains`, () => {
    const last = fig1Checkpoints('deep', seed).at(-1)!;
    report(`fig1 seed ${seed}: deep net's accuracy at step ${last.step} ${last.accuracy.toFixed(3)}`);
    assert.ok(last.accuracy >= 0.7, `the deep net reached ${last.accuracy} training accuracy by step ${last.step} (expected ≥ 0.7)`);
  });

  test(`figure 1, seed ${seed}: at perturbation 0.1 the deep net's loss is above the shallow net's at every checkpoint, by orders of magnitude at the median one`, () => {
    const r = ratios(seed, (s) => s.loss[K]);
    report(`fig1 seed ${seed}: loss at 0.1, deep ÷ shallow per checkpoint: ${r.map((v) => v.toPrecision(3)).join(', ')}`);
    r.forEach((v, i) => assert.ok(v >= 2, `at step ${FIG1.checkpoints[i]} the deep net's loss at 0.1 is only ${v.toFixed(2)}× the shallow net's (expected ≥ 2× at every checkpoint)`));
    assert.ok(median(r) >= 30, `the median over checkpoints of deep ÷ shallow loss at 0.1 is ${median(r).toFixed(1)} (expected ≥ 30×)`);
  });
}

test.run();
