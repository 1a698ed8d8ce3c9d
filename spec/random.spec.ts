// The seeded Rng: reproducible streams and saved states, uniform and normal moments, integers, permutations, bad seeds refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, type RngState } from '../lib/random.ts';

test('rng: the same seed gives the same stream', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  for (let i = 0; i < 100; i++) assert.is(a.uniform(), b.uniform());
  assert.is.not(new Rng(8).uniform(), new Rng(7).uniform());
});

test('rng: a saved state resumes the stream exactly, and survives JSON', () => {
  const rng = new Rng('resume');
  for (let i = 0; i < 17; i++) rng.normal();
  const saved = JSON.parse(JSON.stringify(rng.state())) as RngState;
  const expected = [rng.uniform(), rng.normal(), rng.integer(1000)];
  const resumed = Rng.fromState(saved);
  assert.equal([resumed.uniform(), resumed.normal(), resumed.integer(1000)], expected);
});

test('rng: uniforms lie in [low, high) with mean and variance of U(0,1)', () => {
  const rng = new Rng(1);
  const xs = rng.uniformFill(new Float64Array(200_000));
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    assert.ok(x >= 0 && x < 1);
    s += x;
    s2 += x * x;
  }
  const mean = s / xs.length;
  const variance = s2 / xs.length - mean * mean;
  // standard errors: 1/√(12n) ≈ 6.5e-4 for the mean; the bounds are 5σ
  assert.ok(Math.abs(mean - 0.5) < 0.0033, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.0015, `variance ${variance}`);
});

test('rng: normals have mean 0, variance 1, and untruncated tails', () => {
  const rng = new Rng(2);
  const xs = rng.normalFill(new Float64Array(400_001));
  let s = 0;
  let s2 = 0;
  let s4 = 0;
  let beyond4 = 0;
  for (const x of xs) {
    s += x;
    s2 += x * x;
    s4 += x ** 4;
    if (Math.abs(x) > 4) beyond4++;
  }
  const n = xs.length;
  assert.ok(Math.abs(s / n) < 0.008, `mean ${s / n}`);
  assert.ok(Math.abs(s2 / n - 1) < 0.012, `variance ${s2 / n}`);
  assert.ok(Math.abs(s4 / n - 3) < 0.08, `fourth moment ${s4 / n} (a normal has 3)`);
  // P(|z| > 4) = 6.3e-5: about 25 of 400k; a truncated sampler would give none
  assert.ok(beyond4 >= 5 && beyond4 <= 60, `tail count ${beyond4}`);
  const single = new Rng(3);
  let t = 0;
  for (let i = 0; i < 100_000; i++) t += single.normal(2, 3);
  assert.ok(Math.abs(t / 100_000 - 2) < 0.05);
});

test('rng: integers are in range and every value appears', () => {
  const rng = new Rng(4);
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < 7000; i++) counts[rng.integer(7)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `counts ${counts}`);
  for (let i = 0; i < 100; i++) {
    const v = rng.integer(-3, 2);
    assert.ok(v >= -3 && v < 2 && Number.isInteger(v));
  }
  assert.throws(() => rng.integer(3, 3), /need integers low < high/);
  assert.throws(() => rng.integer(2.5), /need integers/);
});

test('rng: shuffle and permutation are permutations and depend on the seed', () => {
  const p = new Rng(5).permutation(50);
  assert.equal(Array.from(p).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.equal(Array.from(new Rng(5).permutation(50)), Array.from(p));
  assert.not.equal(Array.from(new Rng(6).permutation(50)), Array.from(p));
  const items = ['a', 'b', 'c', 'd'];
  new Rng(1).shuffle(items);
  assert.equal([...items].sort(), ['a', 'b', 'c', 'd']);
});

test('rng: bad seeds and states are refused', () => {
  assert.throws(() => new Rng(Number.NaN), /seed must be finite/);
  assert.throws(() => Rng.fromState({ algorithm: 'alea', state: null } as never), /not a saved Rng state/);
});

test.run();
