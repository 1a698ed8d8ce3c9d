// The experiment assertions that Fromage must pass and paper-LARS must fail, as functions, so that figure2.spec.ts
// and reviewer2.spec.ts run them on Fromage and lars-control.spec.ts runs the very same functions on paper-LARS
// (Fromage without its 1/√(1+η²) shrink) and requires them to throw.
import * as assert from 'uvu/assert';
import type { Figure2Result } from '../../bench/claims/figure2.ts';
import type { JitterResult } from '../../bench/claims/jitter.ts';

/** Figure 2: every layer's norm stays at its initial value at every recorded step, to `tolerance` relative. */
export function assertNormsFlat(trace: Figure2Result, tolerance = 1e-12): number {
  let worst = 0;
  trace.norms.forEach((ns) => ns.forEach((n) => (worst = Math.max(worst, Math.abs(n - 1)))));
  assert.ok(worst < tolerance, `the norms moved by ${worst} relative (expected flat, < ${tolerance})`);
  return worst;
}

/** Figure 2: every layer's norm follows (1+η²)^{t/2} at every recorded step, to `tolerance` relative. */
export function assertNormsGrowAsPredicted(trace: Figure2Result, eta: number, tolerance = 1e-9): number {
  let worst = 0;
  trace.steps.forEach((t, k) => trace.norms[k].forEach((n) => (worst = Math.max(worst, Math.abs(n / Math.pow(1 + eta * eta, t / 2) - 1)))));
  assert.ok(worst < tolerance, `the norms left (1+η²)^{t/2} by ${worst} relative (expected < ${tolerance})`);
  return worst;
}

/** Reviewer 2: every step, with Fromage's shrink undone, moved every tensor by exactly the relative amount η. */
export function assertStepsAreEta(run: JitterResult, tolerance = 1e-12): void {
  assert.ok(run.worstStep < tolerance, `a step's relative size deviated from η by ${run.worstStep} relative (expected < ${tolerance})`);
}
