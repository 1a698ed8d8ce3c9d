// Sequential, ModuleList and ModuleDict: torch's parameter names ('0.weight', 'blocks.2.bias', 'heads.cls.weight'),
// chaining, index access, renumbering on insert and pop, keys that would shadow an attribute refused, no forward
// of their own; train/eval reach inside them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReLU, Tanh } from '../../lib/nn/activations.ts';
import { ModuleDict, ModuleList, Sequential } from '../../lib/nn/containers.ts';
import { Dropout } from '../../lib/nn/dropout.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { Module } from '../../lib/nn/module.ts';
import { Rng } from '../../lib/random.ts';
import { randn } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(0);
const names = (m: Module): string[] => m.namedParameters().map(([n]) => n);

test('sequential: chains its modules, named by position as torch names nn.Sequential', () => {
  const a = new Linear(4, 3, { rng });
  const b = new Linear(3, 2, { rng });
  const seq = new Sequential(a, new ReLU(), b);
  assert.equal(names(seq), ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.is(seq.length, 3);
  assert.is(seq[2], b);
  const x = randn([5, 4], { rng });
  assert.equal(seq.forward(x).data, b.forward(a.forward(x).relu()).data);
  seq.append(new Tanh());
  assert.equal([...seq].map((m) => m.constructor.name), ['Linear', 'ReLU', 'Linear', 'Tanh']);
});

test('sequential: named modules keep their names; a non-module is refused before anything is registered', () => {
  const seq = new Sequential({ encoder: new Linear(2, 2, { rng }), act: new ReLU() });
  assert.equal(names(seq), ['encoder.weight', 'encoder.bias']);
  assertThrowsTrustgrad(() => new Sequential(new ReLU(), 3 as never), 'Sequential: module 1 must be a Module (got 3)');
  class Pair extends Module {
    forward(x: Tensor): Tensor[] {
      return [x, x];
    }
  }
  assertThrowsTrustgrad(() => new Sequential(new Pair(), new ReLU()).forward(randn([1], { rng })), 'Sequential: module 0 (Pair) returned an array of length 2 (expected a Tensor)');
});

test('sequential: eval turns off the dropout inside', () => {
  const seq = new Sequential(new Linear(3, 3, { rng }), new Dropout(0.9, { rng }));
  const x = randn([2, 3], { rng });
  seq.eval();
  assert.equal(seq.forward(x).data, seq[0].forward(x).data);
});

test('modulelist: registers its modules by position, renumbering on insert and pop', () => {
  class Net extends Module {
    blocks = new ModuleList([new Linear(2, 2, { rng }), new Linear(2, 2, { rng })]);
    forward(x: Tensor): Tensor {
      for (const b of this.blocks) x = b.forward(x);
      return x;
    }
  }
  const net = new Net();
  const [first, second] = net.blocks;
  const extra = new Linear(2, 2, { rng });
  net.blocks.insert(0, extra);
  assert.equal(names(net).filter((n) => n.endsWith('weight')), ['blocks.0.weight', 'blocks.1.weight', 'blocks.2.weight']);
  assert.equal([net.blocks[0], net.blocks[1], net.blocks[2]], [extra, first, second]);
  assert.is(net.blocks.pop(1), first);
  assert.equal([...net.blocks], [extra, second]);
  assert.is(net.blocks.at(-1), second);
  assert.equal(net.parameters(), [extra.weight, extra.bias, second.weight, second.bias]);
  assertThrowsTrustgrad(() => net.blocks.at(2), 'ModuleList.at: index out of range (got 2, expected an integer in [-2, 1])');
  assertThrowsTrustgrad(() => net.blocks.forward(), 'ModuleList: has no forward of its own');
  assertThrowsTrustgrad(() => net.blocks.append({} as never), 'ModuleList.append: the module must be a Module (got an object)');
});

test('moduledict: modules by key in insertion order; a key naming an attribute is refused, as torch refuses it', () => {
  const heads = new ModuleDict({ cls: new Linear(2, 3, { rng }), box: new Linear(2, 4, { rng }) });
  assert.equal(heads.keys(), ['cls', 'box']);
  assert.equal(names(heads), ['cls.weight', 'cls.bias', 'box.weight', 'box.bias']);
  const replacement = new Linear(2, 5, { rng });
  heads.set('cls', replacement);
  assert.is(heads.get('cls'), replacement);
  assert.equal(heads.keys(), ['cls', 'box'], 'replacing keeps the position');
  assert.is(heads.pop('box').outFeatures, 4);
  assert.is(heads.size, 1);
  assertThrowsTrustgrad(() => heads.set('train', new ReLU() as never), 'ModuleDict: key "train" is the name of a ModuleDict attribute');
  assertThrowsTrustgrad(() => heads.update({ ok: new ReLU() as never, 'a.b': new ReLU() as never }), 'ModuleDict: a key must be a non-empty string without dots (got "a.b")');
  assert.equal(heads.keys(), ['cls'], 'a refused update adds nothing');
  assertThrowsTrustgrad(() => heads.pop('nope'), 'ModuleDict.pop: no module under key "nope" (keys: cls)');
});

test.run();
