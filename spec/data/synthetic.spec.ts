// The Playground's data sets (spirals, circle, xor, blobs) against their formulas, and teacher–student targets checked by plain loops.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blobs, circle, spirals, xor } from '../../lib/data/synthetic.ts';
import { teacherStudent } from '../../lib/data/teacher.ts';
import { Rng } from '../../lib/random.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('playground sets: 2 features, 2 classes, shapes, and the same seed gives the same points', () => {
  for (const make of [spirals, circle, xor, blobs]) {
    const a = make({ n: 101, noise: 0.2, rng: new Rng(5) });
    assert.is(a.n, 101);
    assert.is(a.features, 2);
    assert.is(a.classes, 2);
    assert.is(a.x.length, 202);
    assert.ok(a.y.every((v) => v === 0 || v === 1));
    const b = make({ n: 101, noise: 0.2, rng: new Rng(5) });
    assert.equal(Array.from(b.x), Array.from(a.x));
    assert.equal(Array.from(b.y), Array.from(a.y));
    assert.not.equal(Array.from(make({ n: 101, noise: 0.2, rng: new Rng(6) }).x), Array.from(a.x));
  }
});

test('spirals: without noise, point i of each arm has radius 5i/m and angle 3.5πi/m (+π for class 0)', () => {
  const ds = spirals({ n: 200, noise: 0, rng: new Rng(0) });
  for (let k = 0; k < 200; k++) {
    const i = k % 100;
    const t = 1.75 * (i / 100) * 2 * Math.PI + (k < 100 ? 0 : Math.PI);
    const r = (i / 100) * 5;
    // The library rounds t in another order; an error of ulp(t) in the angle moves a coordinate by up to r·ulp(t),
    // however small the coordinate itself (sin t near 0): hence an absolute floor on the scale of r·t.
    assertClose([ds.x[2 * k], ds.x[2 * k + 1]], [r * Math.sin(t), r * Math.cos(t)], { rtol: 1e-14, atol: 1e-15 * r * (1 + t) });
    assert.is(ds.y[k], k < 100 ? 1 : 0);
  }
});

test('circle: without noise, class 1 is the disc of radius 2.5 and class 0 the ring 3.5 … 5', () => {
  const ds = circle({ n: 300, noise: 0, rng: new Rng(1) });
  for (let k = 0; k < 300; k++) {
    const r = Math.hypot(ds.x[2 * k], ds.x[2 * k + 1]);
    if (ds.y[k] === 1) assert.ok(r < 2.5);
    else assert.ok(r >= 3.5 && r <= 5);
  }
  assert.is(ds.y.reduce((a, b) => a + b, 0), 150);
});

test('xor: without noise, the class is the sign of x·y and points keep 0.3 from the axes', () => {
  const ds = xor({ n: 300, noise: 0, rng: new Rng(2) });
  for (let k = 0; k < 300; k++) {
    const [px, py] = [ds.x[2 * k], ds.x[2 * k + 1]];
    assert.ok(Math.abs(px) >= 0.3 && Math.abs(py) >= 0.3 && Math.abs(px) <= 5.3);
    assert.is(ds.y[k], px * py >= 0 ? 1 : 0);
  }
});

test('xor: noise flips some labels near the axes', () => {
  const noisy = xor({ n: 500, noise: 0.5, rng: new Rng(3) });
  let flips = 0;
  for (let k = 0; k < 500; k++) if ((noisy.x[2 * k] * noisy.x[2 * k + 1] >= 0 ? 1 : 0) !== noisy.y[k]) flips++;
  assert.ok(flips > 10, `only ${flips} labels flipped`);
});

test('blobs: class 1 centred at (2, 2), class 0 at (−2, −2), variance 0.5 + 7·noise', () => {
  const ds = blobs({ n: 20000, noise: 0.1, rng: new Rng(4) });
  const stats = [0, 1].map((c) => {
    let s = 0;
    let s2 = 0;
    let m = 0;
    for (let k = 0; k < ds.n; k++) {
      if (ds.y[k] !== c) continue;
      s += ds.x[2 * k];
      s2 += ds.x[2 * k] ** 2;
      m++;
    }
    return { mean: s / m, variance: s2 / m - (s / m) ** 2 };
  });
  assert.ok(Math.abs(stats[1].mean - 2) < 0.05 && Math.abs(stats[0].mean + 2) < 0.05);
  assert.ok(Math.abs(stats[1].variance - 1.2) < 0.06, `variance ${stats[1].variance}`);
});

test('playground sets: refuse a missing Rng and bad noise', () => {
  assertThrowsTrustgrad(() => spirals({ n: 10 } as never), 'spirals', 'rng');
  assertThrowsTrustgrad(() => xor({ n: 10, noise: 2, rng: new Rng(0) }), 'xor', 'noise');
});

test('teacherStudent: targets are the teacher MLP applied to the inputs (checked by plain loops)', () => {
  const ds = teacherStudent({ n: 7, inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, activation: 'tanh', rng: new Rng(8) });
  assert.equal(ds.teacher.map(([n, t]) => `${n}:${t.shape.join('x')}`), ['layers.0.weight:4x3', 'layers.0.bias:4', 'layers.1.weight:4x4', 'layers.1.bias:4', 'final.weight:2x4', 'final.bias:2']);
  assert.ok(ds.y instanceof Float64Array);
  assert.is(ds.outputs, 2);
  const p = Object.fromEntries(ds.teacher.map(([n, t]) => [n, t.data]));
  const layer = (h: number[], w: Float64Array, b: Float64Array, act: boolean) =>
    b.map((bj, j) => {
      let s = bj;
      for (let i = 0; i < h.length; i++) s += w[j * h.length + i] * h[i];
      return act ? Math.tanh(s) : s;
    });
  for (let k = 0; k < 7; k++) {
    let h = Array.from(ds.x.subarray(3 * k, 3 * k + 3));
    h = Array.from(layer(h, p['layers.0.weight'], p['layers.0.bias'], true));
    h = Array.from(layer(h, p['layers.1.weight'], p['layers.1.bias'], true));
    const out = layer(h, p['final.weight'], p['final.bias'], false);
    assertClose(ds.y.subarray(2 * k, 2 * k + 2), out, 1e-14);
  }
});

test('teacherStudent: noise adds to the targets; the same seed repeats everything', () => {
  const opts = { n: 50, inputSize: 4, hiddenSize: 8, rng: new Rng(1) };
  const a = teacherStudent(opts);
  const b = teacherStudent({ ...opts, rng: new Rng(1) });
  assert.equal(Array.from(b.y), Array.from(a.y));
  const noisy = teacherStudent({ ...opts, noise: 0.5, rng: new Rng(1) });
  assert.equal(Array.from(noisy.x), Array.from(a.x));
  assert.not.equal(Array.from(noisy.y), Array.from(a.y));
  assertThrowsTrustgrad(() => teacherStudent({ ...opts, depth: -1 }), 'teacherStudent', 'depth');
});

test.run();
