// createOptimizer: every name builds its class with the recommended settings, options override them, an unknown name is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randn } from '../../lib/creation.ts';
import { Adam } from '../../lib/optim/adam.ts';
import { AGD } from '../../lib/optim/agd.ts';
import { createOptimizer, OPTIMIZER_NAMES, RECOMMENDED_OPTIONS, takesLearningRate } from '../../lib/optim/by-name.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { LARS } from '../../lib/optim/lars.ts';
import { Madam } from '../../lib/optim/madam.ts';
import { Muon } from '../../lib/optim/muon.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

const classes = { sgd: SGD, adam: Adam, lars: LARS, fromage: Fromage, madam: Madam, agd: AGD, muon: Muon };

test('createOptimizer: each of the seven names builds its class with the recommended settings', () => {
  assert.equal([...OPTIMIZER_NAMES], ['sgd', 'adam', 'lars', 'fromage', 'madam', 'agd', 'muon']);
  for (const name of OPTIMIZER_NAMES) {
    const w = randn([3, 2], { rng: new Rng(1), requiresGrad: true });
    const opt = createOptimizer(name, [w]);
    assert.ok(opt instanceof classes[name], name);
    const group = opt.paramGroups[0] as Record<string, unknown>;
    for (const [k, v] of Object.entries(RECOMMENDED_OPTIONS[name])) assert.equal(group[k], v, `${name}.${k}`);
    assert.is(takesLearningRate(name), 'lr' in group, name);
  }
});

test('createOptimizer: options override the recommended settings; an unknown name is refused', () => {
  const w = randn([3, 2], { rng: new Rng(1), requiresGrad: true });
  const opt = createOptimizer('sgd', [w], { lr: 0.5 });
  assert.equal([opt.paramGroups[0] as Record<string, unknown>].map((g) => [g.lr, g.momentum]), [[0.5, 0.9]]);
  assertThrowsTrustgrad(() => createOptimizer('adamax' as never, [w]), 'createOptimizer', "'adamax'", 'fromage');
});

test.run();
