// The playground's own logic, checked in Node before the browser starts: link parsing and its notes,
// the network against nn.MLP, TensorFlow Playground's regression sets and features, the optimiser list.
import { Rng, Tensor, nn } from '../lib/index.ts';
import { DEFAULTS, readSettings, toQuery, changesRun } from '../docs/playground/src/config.ts';
import { gauss, plane, toFeatures } from '../docs/playground/src/datasets.ts';
import { PALETTE, fitConstant } from '../docs/playground/src/draw.ts';
import { Run } from '../docs/playground/src/engine.ts';
import { Network } from '../docs/playground/src/net.ts';
import { OPTIMISERS } from '../docs/playground/src/optimisers.ts';
import { check } from './harness.ts';

const settings = (q: string): ReturnType<typeof readSettings> => readSettings(new URLSearchParams(q));

/** WCAG relative luminance of '#rrggbb'. */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

export function unitChecks(): void {
  console.log('units (Node): links, network, data, optimisers');
  const bad = settings('lr=1e6&depth=999&opt=rmsprop&features=x1,z');
  check(bad.config.lr === DEFAULTS.lr && bad.config.layers.length === DEFAULTS.layers.length && bad.config.opt === DEFAULTS.opt
    && bad.config.features.join() === DEFAULTS.features.join(), 'a link with lr=1e6, depth=999, an unknown optimiser and feature falls back to the defaults');
  check(bad.notes.length === 4 && bad.notes.some((n) => n.startsWith('lr=1e6')) && bad.notes.some((n) => n.startsWith('depth=999')), `… and says so, one note per bad value (${bad.notes.length} notes)`);
  check(settings('fromage=1').notes.some((n) => n.includes('fromage is not a setting')), 'a key the page does not know is named in a note');
  const wide = settings('layers=8,4,2&residual=1&opt=sgd&lr=0.003&features=x1,x1sq,sinx2&reg=l2&regrate=0.01&pbound=0&decay=0&hide=lr,opt');
  check(wide.notes.length === 0 && wide.config.layers.join() === '8,4,2' && wide.view.hide.join() === 'lr,opt', 'per-layer widths, features, regularisation and hidden controls read from a link');
  const round = settings(toQuery(wide.config, wide.view));
  check(JSON.stringify(round.config) === JSON.stringify(wide.config) && JSON.stringify(round.view) === JSON.stringify(wide.view), 'writing a configuration and reading it back gives it unchanged');
  check(settings('dataset=circle&optimiser=sgd').config.opt === 'sgd', 'element attribute spellings (dataset, optimiser) are accepted');
  check(!changesRun(DEFAULTS, { ...DEFAULTS, monitor: false, every: 100 }) && changesRun(DEFAULTS, { ...DEFAULTS, lr: 0.1 }), 'switching the monitor or its cadence does not start a new run; a learning rate does');

  const x = new Rng(5).normalFill(new Float64Array(8 * 3));
  const input = new Tensor(x, [8, 3]);
  for (const activation of ['relu', 'tanh'] as const) {
    const mlp = new nn.MLP({ inputSize: 3, hiddenSize: 6, depth: 4, outputSize: 2, residual: true, activation, rng: new Rng(9) });
    const net = new Network({ inputSize: 3, widths: [6, 6, 6, 6], outputSize: 2, residual: true, activation, init: 'torch', rng: new Rng(9) });
    const names = net.namedParameters().map(([n]) => n).join();
    const same = mlp.forward(input).data.every((v, i) => Object.is(v, net.forward(input).data[i]));
    check(same && names === mlp.namedParameters().map(([n]) => n).join(), `with equal widths the playground's network is nn.MLP (${activation}, residual): same names, same outputs bit for bit`);
  }

  const rng = new Rng(3);
  const p = plane(200, 0, rng);
  check(p.y.every((v, i) => Math.abs(v - Math.max(-1, Math.min(1, (p.x[2 * i] + p.x[2 * i + 1]) / 10))) < 1e-15), 'the regression plane at noise 0: target (x₁ + x₂)/10');
  const g = gauss(500, 0, new Rng(4));
  let atBump = true;
  for (let i = 0; i < g.n; i++) {
    const [a, b] = [g.x[2 * i], g.x[2 * i + 1]];
    if (Math.hypot(a + 4, b - 2.5) < 0.2) atBump &&= g.y[i] > 0.85;
    if (Math.hypot(a, b - 2.5) < 0.2) atBump &&= g.y[i] < -0.85;
  }
  check(atBump && g.y.every((v) => v >= -1 && v <= 1), 'the six-Gaussian set: +1 near (−4, 2.5), −1 near (0, 2.5), all targets in [−1, 1]');
  const f = toFeatures(Float64Array.from([2, -3]), ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
  check([2, -3, 4, 9, -6, Math.sin(2), Math.sin(-3)].every((v, i) => f[i] === v), 'the seven input features of TensorFlow Playground at (2, −3)');

  for (const entry of OPTIMISERS) {
    const run = new Run({ ...DEFAULTS, opt: entry.name, lr: 0.001, layers: [4], monitor: false }, null);
    const before = run.weights()['final.weight'].slice();
    run.stepOnce();
    check(run.weights()['final.weight'].some((v, i) => v !== before[i]), `the optimiser list's ${entry.label} builds from its one line and takes a step`);
  }

  const ratio = (luminance(PALETTE.rho) + 0.05) / (luminance(PALETTE.cos) + 0.05);
  check(ratio >= 3, `Lemma 1's two bar colours differ in luminance, not just hue (contrast ${ratio.toFixed(1)}:1, need 3:1)`);
  const c = fitConstant([[0.01, 0.1], [0.02, 0.2], [0.04, 0.4], [0, 1], [Infinity, 1]]);
  check(Math.abs(c.c - 10) < 1e-12 && c.n === 3, 'the fitted constant C of ρ ≈ C·(Π(1+r) − 1) is 10 for data ten times the prediction, skipping 0 and ∞');
}
