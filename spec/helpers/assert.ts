// Shared helpers for specs: float comparisons and the one gradcheck assertion every op uses.
import * as assert from 'uvu/assert';
import { gradcheck, type GradcheckOptions } from '../../lib/gradcheck.ts';
import type { Tensor } from '../../lib/tensor.ts';

/** Asserts |actual − expected| ≤ tol·max(1, |expected|) elementwise. */
export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tol = 1e-12, what = 'value'): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.is(a.length, e.length, `${what}: length ${a.length} differs from expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(e[i])) {
      assert.ok(Number.isNaN(a[i]), `${what}[${i}]: expected NaN, got ${a[i]}`);
      continue;
    }
    if (a[i] === e[i]) continue;
    const err = Math.abs(a[i] - e[i]) / Math.max(1, Math.abs(e[i]));
    assert.ok(err <= tol, `${what}[${i}]: got ${a[i]}, expected ${e[i]} (error ${err.toExponential(2)} > ${tol})`);
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
  assert.is(err.name, 'TrustgradError', `expected a TrustgradError, got ${err.name}: ${err.message}`);
  for (const p of patterns) {
    const ok = typeof p === 'string' ? err.message.includes(p) : p.test(err.message);
    assert.ok(ok, `message "${err.message}" does not contain ${String(p)}`);
  }
}
