// Module registration the PyTorch way: sub-modules, parameters and arrays of modules assigned as plain fields
// are registered under their field names in assignment order; buffers; namedModules, apply, train/eval; and
// a custom module written as in a PyTorch tutorial trains every layer and saves every weight.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSafetensors, saveSafetensors } from '../../lib/io/safetensors.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { Module } from '../../lib/nn/module.ts';
import { Parameter } from '../../lib/nn/registry.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { ones, randn, tensor, zeros } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

/** A PyTorch tutorial's network, line for line: fields assigned in the constructor, nothing registered by hand. */
class Net extends Module {
  fc1: Linear;
  fc2: Linear;
  fc3: Linear;
  constructor(rng: Rng) {
    super();
    this.fc1 = new Linear(4, 8, { rng });
    this.fc2 = new Linear(8, 8, { rng });
    this.fc3 = new Linear(8, 3, { rng });
  }
  forward(x: Tensor): Tensor {
    return this.fc3.forward(this.fc2.forward(this.fc1.forward(x).relu()).relu());
  }
}

const names = (m: Module): string[] => m.namedParameters().map(([n]) => n);

test('registration: fields are registered under their names, as torch names them', () => {
  const net = new Net(new Rng(0));
  assert.equal(names(net), ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']);
  assert.equal(Object.keys(net.stateDict()), names(net));
  assert.equal(net.namedModules().map(([n]) => n), ['', 'fc1', 'fc2', 'fc3']);
});

test('registration: a custom module written the PyTorch way trains every layer and saves every weight', () => {
  const rng = new Rng(1);
  const net = new Net(rng);
  const x = randn([16, 4], { rng });
  const y = Array.from({ length: 16 }, (_, i) => i % 3);
  const before = net.parameters().map((p) => Float64Array.from(p.data));
  const opt = new SGD(net.parameters(), { lr: 0.1 });
  const first = crossEntropy(net.forward(x), y).item();
  for (let i = 0; i < 20; i++) {
    opt.zeroGrad();
    crossEntropy(net.forward(x), y).backward();
    opt.step();
  }
  assert.ok(crossEntropy(net.forward(x), y).item() < first);
  net.parameters().forEach((p, i) => assert.not.equal(p.data, before[i], `parameter ${names(net)[i]} moved`));
  const copy = new Net(new Rng(2));
  copy.loadStateDict(loadSafetensors(saveSafetensors(net.stateDict())));
  assert.equal(copy.forward(x).data, net.forward(x).data);
});

test('registration: assignment order decides, not declaration order; parameters before children', () => {
  class M extends Module {
    b: Linear;
    a: Linear;
    scale: Tensor;
    constructor() {
      super();
      this.a = new Linear(2, 2, { rng: new Rng(0), bias: false });
      this.b = new Linear(2, 2, { rng: new Rng(0), bias: false });
      this.scale = ones([1], { requiresGrad: true });
    }
    forward(x: Tensor): Tensor {
      return this.b.forward(this.a.forward(x)).mul(this.scale);
    }
  }
  assert.equal(names(new M()), ['scale', 'a.weight', 'b.weight']);
});

test('registration: an array field is a list, filled after assignment or before, and read live', () => {
  class Stack extends Module {
    layers: Linear[] = [];
    head = new Linear(3, 1, { rng: new Rng(0) });
    constructor(depth: number) {
      super();
      for (let i = 0; i < depth; i++) this.layers.push(new Linear(3, 3, { rng: new Rng(i) }));
    }
    forward(x: Tensor): Tensor {
      return this.head.forward(this.layers.reduce((h, l) => l.forward(h), x));
    }
  }
  const s = new Stack(2);
  assert.equal(names(s), ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'head.weight', 'head.bias']);
  assert.equal(s.namedModules().map(([n]) => n), ['', 'layers', 'layers.0', 'layers.1', 'head']);
  s.layers.push(new Linear(3, 3, { rng: new Rng(5) }));
  assert.ok(names(s).includes('layers.2.bias'));
  s.layers.push(3 as unknown as Linear);
  assertThrowsTrustgrad(() => s.parameters(), 'field layers mixes Modules with other values', 'at index 3');
});

test('registration: an array or a plain attribute without modules is not a child; a plain object of modules is refused', () => {
  class M extends Module {
    sizes = [3, 4];
    constant = zeros([2]);
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const m = new M();
  assert.equal(m.namedModules().map(([n]) => n), ['']);
  assert.equal(Object.keys(m.stateDict()), []);
  m.sizes = [5];
  assert.equal(m.children(), []);
  assertThrowsTrustgrad(() => {
    (m as unknown as { heads: unknown }).heads = { a: new Linear(1, 1, { rng: new Rng(0) }) };
  }, 'M.heads: a plain object of Modules is not registered (got keys a); wrap it in nn.ModuleDict');
  assert.not.ok('heads' in m);
});

test('registration: reassigning keeps the position, null empties it, delete removes it, a wrong kind is refused', () => {
  const net = new Net(new Rng(3));
  const replacement = new Linear(8, 8, { rng: new Rng(4) });
  net.fc2 = replacement;
  assert.equal(names(net), ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']);
  assert.is(net.parameters()[2], replacement.weight);
  (net as unknown as { fc2: null }).fc2 = null;
  assert.equal(Object.keys(net.stateDict()), ['fc1.weight', 'fc1.bias', 'fc3.weight', 'fc3.bias']);
  assertThrowsTrustgrad(() => {
    (net.fc1 as unknown as { weight: Tensor }).weight = zeros([8, 4]);
  }, 'Linear.weight: cannot assign a Tensor of shape [8,4] without requiresGrad as parameter weight');
  assertThrowsTrustgrad(() => {
    (net as unknown as { fc1: number }).fc1 = 3;
  }, 'Net.fc1: cannot assign 3 as child module fc1');
  assert.ok(net.fc1 instanceof Linear);
  delete (net as unknown as { fc3?: Linear }).fc3;
  assert.equal(names(net), ['fc1.weight', 'fc1.bias']);
});

test('registration: nn.Parameter marks a tensor; a frozen parameter stays a parameter', () => {
  class Scale extends Module {
    gain = Parameter(ones([2]));
    offset = Parameter(zeros([2]), false);
    forward(x: Tensor): Tensor {
      return x.mul(this.gain).add(this.offset);
    }
  }
  const s = new Scale();
  assert.equal(names(s), ['gain', 'offset']);
  assert.ok(s.gain.requiresGrad);
  assert.not.ok(s.offset.requiresGrad);
  s.requiresGrad(false);
  const frozen = s.gain;
  s.gain = frozen; // reassigning a frozen parameter keeps it
  assert.equal(names(s), ['gain', 'offset']);
  assertThrowsTrustgrad(() => Parameter(ones([1], { requiresGrad: true }).mul(2)), "Parameter: the tensor must be a leaf tensor (got the output of 'mul')");
});

test('registration: buffers are saved and loaded after the parameters, non-persistent ones are not saved', () => {
  class Norm extends Module {
    weight = ones([2], { requiresGrad: true });
    running: Tensor | null;
    constructor() {
      super();
      this.running = this.registerBuffer('running', zeros([2]));
      this.registerBuffer('scratch', zeros([2]), false);
    }
    forward(x: Tensor): Tensor {
      return x.sub(this.running!).mul(this.weight);
    }
  }
  const n = new Norm();
  assert.equal(n.namedBuffers().map(([k]) => k), ['running', 'scratch']);
  assert.equal(Object.keys(n.stateDict()), ['weight', 'running']);
  n.loadStateDict({ weight: tensor([2, 3]), running: tensor([5, 6]) });
  assert.equal(Array.from(n.running!.data), [5, 6]);
  assert.equal((n as unknown as { scratch: Tensor }).scratch.shape, [2]);
  assertThrowsTrustgrad(() => n.loadStateDict({ weight: tensor([2, 3]) }), 'loadStateDict: missing running');
  assertThrowsTrustgrad(() =>
    new (class extends Norm {
      constructor() {
        super();
        this.registerBuffer('running', zeros([1]));
      }
    })(), 'registerBuffer: the name running is already registered');
});

test('registration: a shared layer is one parameter set, saved under each of its names (torch state_dict)', () => {
  const shared = new Linear(2, 2, { rng: new Rng(0) });
  class Tied extends Module {
    first = shared;
    second = shared;
    forward(x: Tensor): Tensor {
      return this.second.forward(this.first.forward(x));
    }
  }
  const t = new Tied();
  assert.equal(names(t), ['first.weight', 'first.bias']);
  assert.equal(Object.keys(t.stateDict()), ['first.weight', 'first.bias', 'second.weight', 'second.bias']);
  assert.equal(t.modules().length, 2);
  // Weight tying: one tensor as the parameter of two modules is listed once, under its first name.
  class Tied2 extends Module {
    encoder = new Linear(3, 3, { rng: new Rng(0) });
    decoder = new Linear(3, 3, { rng: new Rng(1) });
    constructor() {
      super();
      (this.decoder as unknown as { weight: Tensor }).weight = this.encoder.weight;
    }
    forward(x: Tensor): Tensor {
      return this.decoder.forward(this.encoder.forward(x));
    }
  }
  const tied = new Tied2();
  assert.equal(names(tied), ['encoder.weight', 'encoder.bias', 'decoder.bias']);
  assert.equal(Object.keys(tied.stateDict()), ['encoder.weight', 'encoder.bias', 'decoder.weight', 'decoder.bias']);
});

test('registration: apply visits children before their parent; train and eval reach every module, arrays included', () => {
  class Stack extends Module {
    layers = [new Linear(1, 1, { rng: new Rng(0) }), new Linear(1, 1, { rng: new Rng(1) })];
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const s = new Stack();
  const visited: string[] = [];
  s.apply((m) => visited.push(m.constructor.name));
  assert.equal(visited, ['Linear', 'Linear', 'ArrayChildren', 'Stack']);
  s.eval();
  assert.ok(s.modules().every((m) => !m.training));
  assert.ok(s.layers.every((m) => !m.training));
  s.train();
  assert.ok(s.modules().every((m) => m.training));
});

test('registration: registerModule takes over a name an array field registered (the explicit list wins)', () => {
  class Listed extends Module {
    layers: Linear[] = [];
    constructor() {
      super();
      const list = this.registerModule('layers', new Holder());
      this.layers.push(list.add(new Linear(1, 1, { rng: new Rng(0) })));
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  class Holder extends Module {
    private count = 0;
    add<M extends Module>(m: M): M {
      return this.registerModule(String(this.count++), m);
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const l = new Listed();
  assert.equal(names(l), ['layers.0.weight', 'layers.0.bias']);
  assert.equal(l.namedModules().map(([n, m]) => `${n}:${m.constructor.name}`), [':Listed', 'layers:Holder', 'layers.0:Linear']);
});

test.run();
