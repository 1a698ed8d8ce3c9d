// The paper's closed forms: deep relative trust Π(1 + r_k) − 1 (exact for tiny steps) and Lemma 2's largest relative step.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deepRelativeTrust, lemma2MaxRelativeStep } from '../../lib/perturb/deep-relative-trust.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('deepRelativeTrust: Π(1 + r_k) − 1', () => {
  assertClose(deepRelativeTrust([0.01, 0.01]), 0.0201, 1e-15);
  assertClose(deepRelativeTrust([1, 2, 3]), 23, 1e-15);
  assert.is(deepRelativeTrust([]), 0);
  assert.is(deepRelativeTrust([0, 0, 0]), 0);
  // A depth-50 net moving each layer by 0.001 relative: (1.001)^50 − 1.
  assertClose(deepRelativeTrust(new Array(50).fill(0.001)), Math.expm1(50 * Math.log1p(0.001)), 1e-14);
  // Tiny steps keep their digits (naive product − 1 would give 0 here).
  assertClose(deepRelativeTrust([1e-17, 1e-17]), 2e-17, 1e-12);
  assertThrowsTrustgrad(() => deepRelativeTrust([0.1, -0.1]), 'deepRelativeTrust', '-0.1');
});

test("lemma2MaxRelativeStep: (1 + cos θ)^{1/L} − 1 matches the paper's table", () => {
  // paper-results.json, lemma2_max_relative_step.cos_theta_1 (rounded to 4 decimals there).
  const table: Record<number, number> = { 2: 0.4142, 10: 0.0718, 16: 0.0443, 25: 0.0281, 35: 0.02, 50: 0.014 };
  for (const [depth, value] of Object.entries(table)) {
    const eta = lemma2MaxRelativeStep(1, Number(depth));
    assert.ok(Math.abs(eta - value) <= 5e-5, `depth ${depth}: ${eta} vs ${value}`);
  }
  assertClose(lemma2MaxRelativeStep(1, 2), Math.SQRT2 - 1, 1e-15);
});

test('lemma2MaxRelativeStep: at that step deep relative trust equals cos θ exactly, and deeper needs smaller steps', () => {
  for (const cos of [0.05, 0.5, 1]) {
    let previous = Infinity;
    for (const depth of [1, 2, 5, 16, 50]) {
      const eta = lemma2MaxRelativeStep(cos, depth);
      assertClose(deepRelativeTrust(new Array(depth).fill(eta)), cos, 1e-13);
      assert.ok(eta < previous);
      previous = eta;
    }
  }
  assert.is(lemma2MaxRelativeStep(0, 10), 0);
  assertThrowsTrustgrad(() => lemma2MaxRelativeStep(1.5, 3), 'lemma2MaxRelativeStep', '1.5');
  assertThrowsTrustgrad(() => lemma2MaxRelativeStep(1, 0), 'lemma2MaxRelativeStep', 'depth');
});

test.run();
