// torch.nn's containers. Sequential chains its children ('0', '1', … or the names of an object given),
// ModuleList and ModuleDict hold children by position or by key without a forward of their own. Each
// child is registered as a field would be, so `seq[0]`, `list[2]` and `dict.encoder` read it and the
// parameter names are torch's: `net.0.weight`, `blocks.2.bias`, `heads.cls.weight`.
import { fail } from '../errors.ts';
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { describe } from './registry.ts';

/** A module that maps a tensor to a tensor, as Sequential chains them. */
export type TensorModule = Module & { forward(x: Tensor): Tensor };

function checkModule(op: string, what: string, m: unknown): Module {
  if (!(m instanceof Module)) fail(op, `${what} must be a Module (got ${describe(m)})`);
  return m;
}

function checkIndex(op: string, index: unknown, length: number, end = length - 1): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < -length || index > end) {
    fail(op, `index out of range (got ${String(index)}, expected an integer in [${-length}, ${end}])`);
  }
  return index < 0 ? index + length : index;
}

/**
 * Chains modules: `new nn.Sequential(new nn.Linear(784, 128, { rng }), new nn.ReLU(), new nn.Linear(128, 10, { rng }))`,
 * or named: `new nn.Sequential({ fc: new nn.Linear(4, 2, { rng }), act: new nn.Tanh() })`.
 */
export class Sequential extends Module {
  readonly [index: number]: TensorModule;

  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const first: unknown = modules[0];
    const named = modules.length === 1 && !(first instanceof Module) && first !== null && typeof first === 'object';
    const entries = named ? Object.entries(first as Record<string, unknown>) : modules.map((m, i): [string, unknown] => [String(i), m]);
    // Everything is checked before the first registration, so a bad call registers nothing.
    for (const [name, m] of entries) checkModule('Sequential', `module ${name}`, m);
    for (const [name, m] of entries) this.registerModule(name, m as Module);
  }

  /** Number of modules. `seq.length` */
  get length(): number {
    return this.namedChildren().length;
  }

  /** Appends a module (named by its position); returns this. `seq.append(new nn.ReLU())` */
  append(module: Module): this {
    this.registerModule(String(this.length), checkModule('Sequential.append', 'the module', module));
    return this;
  }

  /** Iterates over the modules in order. `for (const layer of seq) …` */
  [Symbol.iterator](): Iterator<TensorModule> {
    return (this.children() as TensorModule[])[Symbol.iterator]();
  }

  /** Applies each module to the output of the one before. `seq.forward(x)` */
  forward(x: Tensor): Tensor {
    let out: unknown = x;
    for (const [name, m] of this.namedChildren()) {
      out = (m as TensorModule).forward(out as Tensor);
      if (!(out instanceof Tensor)) fail('Sequential', `module ${name} (${m.constructor.name}) returned ${describe(out)} (expected a Tensor)`);
    }
    return out as Tensor;
  }
}

/** A list of modules whose parameters are registered (torch's ModuleList). `const blocks = new nn.ModuleList([a, b]); blocks.append(c)` */
export class ModuleList<M extends Module = Module> extends Module {
  [index: number]: M;

  constructor(modules: readonly M[] = []) {
    super();
    if (!Array.isArray(modules)) fail('ModuleList', `expects an array of Modules (got ${describe(modules)})`);
    modules.forEach((m, i) => checkModule('ModuleList', `element ${i}`, m));
    this.extend(modules);
  }

  /** Number of modules. `list.length` */
  get length(): number {
    return this.namedChildren().length;
  }

  /** The module at `index` (negative counts from the end). `list.at(-1)` */
  at(index: number): M {
    return this[checkIndex('ModuleList.at', index, this.length)];
  }

  /** Appends a module; returns this. `list.append(layer)` */
  append(module: M): this {
    this[this.length] = checkModule('ModuleList.append', 'the module', module) as M;
    return this;
  }

  /** Appends every module of `modules`; returns this. `list.extend([a, b])` */
  extend(modules: Iterable<M>): this {
    const list = Array.from(modules);
    list.forEach((m, i) => checkModule('ModuleList.extend', `element ${i}`, m));
    for (const m of list) this[this.length] = m;
    return this;
  }

  /** Inserts `module` before `index`, renumbering those after it. `list.insert(0, layer)` */
  insert(index: number, module: M): void {
    const n = this.length;
    const at = checkIndex('ModuleList.insert', index, n, n);
    checkModule('ModuleList.insert', 'the module', module);
    for (let i = n; i > at; i--) this[i] = this[i - 1];
    this[at] = module;
  }

  /** Removes and returns the module at `index` (default the last), renumbering those after it. `list.pop()` */
  pop(index = -1): M {
    const n = this.length;
    const at = checkIndex('ModuleList.pop', index, n);
    const out = this[at];
    for (let i = at; i < n - 1; i++) this[i] = this[i + 1];
    delete this[n - 1];
    return out;
  }

  /** Iterates over the modules. `for (const block of list) …` */
  [Symbol.iterator](): Iterator<M> {
    return (this.children() as M[])[Symbol.iterator]();
  }

  /** A ModuleList has no forward of its own, as in torch: iterate over it (`list.forward()` throws). */
  forward(): never {
    return fail('ModuleList', 'has no forward of its own; iterate over it and call its modules');
  }
}

/** Modules by key, registered in insertion order (torch's ModuleDict). `const heads = new nn.ModuleDict({ cls: a, box: b }); heads.get('cls')` */
export class ModuleDict<M extends Module = Module> extends Module {
  constructor(modules: Readonly<Record<string, M>> = {}) {
    super();
    if (modules === null || typeof modules !== 'object' || Array.isArray(modules)) fail('ModuleDict', `expects an object of Modules by key (got ${describe(modules)})`);
    this.update(modules);
  }

  /** Adds or replaces the module under `key`; returns this. `heads.set('cls', layer)` */
  set(key: string, module: M): this {
    return this.update({ [key]: module });
  }

  /** Adds or replaces every entry of `modules`, all checked first; returns this. `heads.update({ a, b })` */
  update(modules: Readonly<Record<string, M>>): this {
    const entries = Object.entries(modules);
    for (const [key, m] of entries) {
      checkModule('ModuleDict', `entry ${key}`, m);
      // torch refuses a key that names an attribute (`forward`, `train`, `keys`…); reading it would be ambiguous.
      if (!this.has(key) && key in this) fail('ModuleDict', `key ${JSON.stringify(key)} is the name of a ModuleDict attribute; choose another key`);
      if (key === '' || key.includes('.')) fail('ModuleDict', `a key must be a non-empty string without dots (got ${JSON.stringify(key)})`);
    }
    for (const [key, m] of entries) (this as Record<string, unknown>)[key] = m;
    return this;
  }

  /** The module under `key`, or undefined. `heads.get('cls')` */
  get(key: string): M | undefined {
    return this.has(key) ? ((this as Record<string, unknown>)[key] as M) : undefined;
  }

  /** Whether `key` holds a module. `heads.has('cls')` */
  has(key: string): boolean {
    return this.namedChildren().some(([k]) => k === key);
  }

  /** Removes and returns the module under `key`. `heads.pop('cls')` */
  pop(key: string): M {
    const m = this.get(key);
    if (m === undefined) fail('ModuleDict.pop', `no module under key ${JSON.stringify(key)} (keys: ${this.keys().join(', ')})`);
    delete (this as Record<string, unknown>)[key];
    return m;
  }

  /** The keys in insertion order. `heads.keys()` */
  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }

  /** The modules in insertion order. `heads.values()` */
  values(): M[] {
    return this.children() as M[];
  }

  /** [key, module] pairs in insertion order. `for (const [k, m] of heads.entries()) …` */
  entries(): [string, M][] {
    return this.namedChildren() as [string, M][];
  }

  /** Number of modules. `heads.size` */
  get size(): number {
    return this.namedChildren().length;
  }

  /** A ModuleDict has no forward of its own, as in torch: pick a module and call it (`dict.forward()` throws). */
  forward(): never {
    return fail('ModuleDict', 'has no forward of its own; call one of its modules');
  }
}
