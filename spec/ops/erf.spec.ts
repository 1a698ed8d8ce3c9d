// erf: within 2 ulp of torch.erf (glibc) at every multiple of 0.005 in [−6, 6], 1 + erf(x) accurate for negative x
// (what GELU needs), the edge values, and the gradient (2/√π)·e^(−x²) by central differences.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { erfOf } from '../../lib/kernels/erf.ts';
import { erf } from '../../lib/ops/erf.ts';
import { tensor } from '../../lib/creation.ts';
import { assertClose, assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

const table = (JSON.parse(readFileSync(new URL('../fixtures/torch-nn.json', import.meta.url), 'utf8')) as { erf: { x: number[]; erf: number[] } }).erf;

/** Units in the last place between two doubles of one sign. */
function ulps(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0] - bits[1];
  return Number(d < 0n ? -d : d);
}

test('erf: within 2 ulp of torch.erf at 2,401 points in [−6, 6]', () => {
  assert.is(table.x.length, 2401);
  let worst = 0;
  table.x.forEach((x, i) => {
    const u = table.erf[i] === 0 ? Math.abs(erfOf(x)) : ulps(erfOf(x), table.erf[i]);
    worst = Math.max(worst, u);
    assert.ok(u <= 2, `erf(${x}) = ${erfOf(x)}, torch ${table.erf[i]} (${u} ulps)`);
  });
  assert.ok(worst >= 1, 'the comparison is bit-level: some points are an ulp apart');
});

test('erf: 1 + erf(x) for x < 0 keeps its relative accuracy (the tail GELU multiplies by x)', () => {
  table.x.forEach((x, i) => {
    if (x >= 0 || x < -5) return;
    assertClose(1 + erfOf(x), 1 + table.erf[i], 1e-13, `1 + erf(${x})`);
  });
});

test('erf: odd, 0 at 0 (keeping −0), ±1 at ±∞ and beyond 6, NaN for NaN', () => {
  assert.ok(Object.is(erfOf(0), 0) && Object.is(erfOf(-0), -0));
  assert.equal([erfOf(Infinity), erfOf(-Infinity), erfOf(6), erfOf(-30)], [1, -1, 1, -1]);
  assert.ok(Number.isNaN(erfOf(NaN)));
  for (const x of [0.3, 1, 2.5, 4]) assert.is(erfOf(-x), -erfOf(x));
});

test('erf: the op computes every element and its gradient is (2/√π)·e^(−x²)', () => {
  const x = tensor([-3, -0.7, 0, 0.2, 1.5, 4], { requiresGrad: true });
  const y = erf(x);
  assert.equal(Array.from(y.data), Array.from(x.data, erfOf));
  y.sum().backward();
  assertClose(x.grad!.data, Array.from(x.data, (v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)), 1e-15);
  assertGradcheck((t) => erf(t), [tensor([[-2.2, -0.4], [0.9, 1.7]], { requiresGrad: true })]);
  assertThrowsTrustgrad(() => erf([1, 2] as never), 'erf: expects a Tensor (got object)');
});

test.run();
