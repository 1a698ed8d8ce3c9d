// Shared helpers for specs: float comparisons, the one gradcheck assertion every op uses, and error checks.
import * as assert from 'uvu/assert';
import { TrustgradError } from '../../lib/errors.ts';
import { gradcheck, type GradcheckOptions } from '../../lib/gradcheck.ts';
import type { Tensor } from '../../lib/tensor.ts';

/** Tolerances of {@link assertClose}: relative to |expected|, with an explicit absolute floor (default 0). */
export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/**
 * Asserts |actual − expected| ≤ max(atol, rtol·|expected|) elementwise: a relative comparison, so a small
 * expected value is held to as many digits as a large one. An absolute floor is never implied; a spec that
 * needs one (an expected 0, a sum that cancels) gives `{ atol }` and says why. NaN must match NaN.
 * `assertClose(y, 0.0201, 1e-15)`, `assertClose(g, [0, 1], { rtol: 1e-12, atol: 1e-300 })`
 */
export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tol: number | Tolerance = 1e-12, what = 'value'): void {
  const rtol = typeof tol === 'number' ? tol : (tol.rtol ?? 1e-12);
  const atol = typeof tol === 'number' ? 0 : (tol.atol ?? 0);
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.is(a.length, e.length, `${what}: length ${a.length} differs from expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(e[i])) {
      assert.ok(Number.isNaN(a[i]), `${what}[${i}]: expected NaN, got ${a[i]}`);
      continue;
    }
    if (a[i] === e[i]) continue;
    const err = Math.abs(a[i] - e[i]);
    const allowed = Math.max(atol, rtol * Math.abs(e[i]));
    assert.ok(err <= allowed, `${what}[${i}]: got ${a[i]}, expected ${e[i]} (|error| ${err.toExponential(2)} > ${allowed.toExponential(2)} = max(atol ${atol}, rtol ${rtol} × |expected|))`);
  }
}

/** Asserts autograd matches central differences to 1e-7 (the project's standard for every op). */
export function assertGradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): void {
  const result = gradcheck(fn, inputs, options);
  const w = result.worst;
  assert.ok(result.ok, `gradcheck failed: worst input ${w?.input} element ${w?.index}: analytic ${w?.analytic}, numeric ${w?.numeric}, error ${w?.error.toExponential(2)}`);
}

/** Asserts that `fn` throws a TrustgradError whose message matches every pattern. */
export function assertThrowsTrustgrad(fn: () => unknown, ...patterns: (string | RegExp)[]): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== null, 'expected an error, got none');
  const err = caught as Error;
  assert.ok(err instanceof TrustgradError, `expected a TrustgradError, got ${err.name}: ${err.message}`);
  for (const p of patterns) {
    const ok = typeof p === 'string' ? err.message.includes(p) : p.test(err.message);
    assert.ok(ok, `message "${err.message}" does not contain ${String(p)}`);
  }
}
