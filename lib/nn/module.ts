// The base of every layer, registering what it holds the way PyTorch's nn.Module does. Assigning a
// sub-module, a parameter or an array of modules to a field (`this.fc1 = new nn.Linear(…)`) records it
// under the field's name, in assignment order, as torch's __setattr__ does (the rules: lib/nn/registry.ts);
// registerParameter, registerBuffer and registerModule do the same explicitly. `namedParameters()` lists
// a module's own parameters first, then each child's, depth first (`fc1.weight`, `layers.0.bias`), and
// `stateDict()` gives parameters then persistent buffers per module — torch's names and order, so state
// dicts move both ways unchanged.
//
// How fields are seen: the constructor returns a Proxy whose one trap, defineProperty, is reached both by
// class-field definitions and by plain assignments. Reads are not trapped (a read through a Proxy costs
// ~50 ns; a forward pass makes a few per layer). An array field becomes a list child `name.0`, `name.1`, …
// whose elements are read live, so `this.layers = []` followed by pushes registers every layer.
import { fail } from '../errors.ts';
import { Tensor } from '../tensor.ts';
import { checkParameter, describe, Parameter, Registry, type EntryKind, type ModuleKind } from './registry.ts';
import { loadEntries, type LoadStateDictOptions } from './state-dict.ts';

export type { LoadStateDictOptions } from './state-dict.ts';

/**
 * Base class of layers: assign parameters and sub-modules to fields in the constructor, implement `forward`.
 * `class Net extends nn.Module { fc1 = new nn.Linear(4, 8, { rng }); forward(x: Tensor) { return this.fc1.forward(x).relu(); } }`
 */
export abstract class Module {
  /** True in training mode (the default); `eval()` clears it, `train()` sets it. */
  training = true;
  /** Parameters, buffers and children by name. @internal */
  private readonly registry = new Registry<Module>(MODULE_KIND);

  constructor() {
    // Returned from the base constructor, the Proxy is `this` in every subclass constructor and after.
    return new Proxy(this, {
      defineProperty: (target, key, descriptor) => {
        if (typeof key === 'string' && 'value' in descriptor) target.registry.assign(`${target.constructor.name}.${key}`, key, descriptor.value);
        return Reflect.defineProperty(target, key, descriptor);
      },
      deleteProperty: (target, key) => {
        if (typeof key === 'string') target.registry.forget(key);
        return Reflect.deleteProperty(target, key);
      },
    });
  }

  /** The module's output. Subclasses declare their own inputs: `forward(x: Tensor): Tensor`. */
  abstract forward(...inputs: never[]): unknown;

  /** An explicit registration (after `claim`); sets the attribute when the name reads undefined. */
  private register<T extends Tensor | Module | null>(op: string, kind: EntryKind, name: string, value: T, persistent = true): T {
    this.registry.registerExplicitly(op, kind, name, value, persistent);
    // Like torch, `this.name` then reads the entry; a field or method that already holds something is left alone.
    if ((this as Record<string, unknown>)[name] === undefined) Reflect.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
    return value;
  }

  /** Registers `tensor` as a trainable parameter named `name` (sets requiresGrad) and returns it. `this.w = this.registerParameter('w', zeros([3]))` */
  protected registerParameter(name: string, tensor: Tensor): Tensor {
    this.registry.claim('registerParameter', name);
    checkParameter('registerParameter', `parameter ${name}`, tensor);
    return this.register('registerParameter', 'parameter', name, Parameter(tensor));
  }

  /** Registers a buffer: state that is saved and loaded but not trained (e.g. running statistics). `this.registerBuffer('running_mean', zeros([4]))` */
  protected registerBuffer(name: string, tensor: Tensor | null, persistent = true): Tensor | null {
    this.registry.claim('registerBuffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) fail('registerBuffer', `buffer ${name} must be a Tensor or null (got ${describe(tensor)})`);
    return this.register('registerBuffer', 'buffer', name, tensor, persistent);
  }

  /** Registers `module` as a child named `name` (its parameters appear as `name.…`) and returns it. `this.registerModule('fc', new nn.Linear(2, 2, { rng }))` */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.registry.claim('registerModule', name);
    if (!(module instanceof Module)) fail('registerModule', `child ${name} must be a Module (got ${describe(module)})`);
    return this.register('registerModule', 'module', name, module);
  }

  /** The direct children with their names (an array field's list only once it holds a Module). @internal */
  protected childEntries(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [name, child] of this.registry.children) if (child !== null && MODULE_KIND.holds(child)) out.push([name, child]);
    return out;
  }

  /** This module and every descendant with dotted names ('' for this one), each once, depth first. `model.namedModules()` */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const stack: [string, Module][] = [[prefix, this]];
    while (stack.length > 0) {
      const [name, m] = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
      const children = m.childEntries();
      for (let i = children.length - 1; i >= 0; i--) stack.push([name === '' ? children[i][0] : `${name}.${children[i][0]}`, children[i][1]]);
    }
    return out;
  }

  /** This module and its descendants, depth first (this one first). `model.modules()` */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** The direct children with their names. `model.namedChildren()` */
  namedChildren(): [string, Module][] {
    return this.childEntries();
  }

  /** The direct children. `model.children()` */
  children(): Module[] {
    return this.childEntries().map(([, m]) => m);
  }

  /** Tensors of one kind with dotted names, each tensor once (torch's remove_duplicate), in torch's order. */
  private namedTensors(kind: 'params' | 'buffers', recurse: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of recurse ? this.namedModules() : [['', this] as [string, Module]]) {
      for (const [name, t] of m.registry[kind]) {
        if (t === null || seen.has(t)) continue;
        seen.add(t);
        out.push([prefix === '' ? name : `${prefix}.${name}`, t]);
      }
    }
    return out;
  }

  /** Parameters with dotted names, in registration order: `[['layers.0.weight', W0], …]`. */
  namedParameters(recurse = true): [string, Tensor][] {
    return this.namedTensors('params', recurse);
  }

  /** The parameters, in registration order (what optimisers take). `new optim.SGD(model.parameters(), …)` */
  parameters(recurse = true): Tensor[] {
    return this.namedParameters(recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names: `[['bn.running_mean', m], …]`. */
  namedBuffers(recurse = true): [string, Tensor][] {
    return this.namedTensors('buffers', recurse);
  }

  /** The buffers. `model.buffers()` */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers(recurse).map(([, b]) => b);
  }

  /** Every parameter and persistent buffer by its name, as torch's state_dict (a shared tensor under each of its names). */
  private stateEntries(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const path: Module[] = [];
    const visit = (m: Module, prefix: string): void => {
      if (path.includes(m)) fail('stateDict', `module ${prefix.slice(0, -1)} contains itself`);
      path.push(m);
      const { params, buffers, nonPersistent } = m.registry;
      for (const [name, p] of params) if (p !== null) out.push([prefix + name, p]);
      for (const [name, b] of buffers) if (b !== null && !nonPersistent.has(name)) out.push([prefix + name, b]);
      for (const [name, child] of m.childEntries()) visit(child, `${prefix}${name}.`);
      path.pop();
    };
    visit(this, '');
    return out;
  }

  /** A copy of every parameter and persistent buffer by dotted name (detached, own data). `io.saveSafetensors(model.stateDict())` */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, t] of this.stateEntries()) out[name] = new Tensor(Float64Array.from(t.data), t.shape);
    return out;
  }

  /**
   * Copies `stateDict` into the parameters and buffers, in place (optimisers holding them see the new values).
   * Every problem is found before anything is copied, and all are reported together; a failed load
   * changes nothing. `model.loadStateDict(io.loadSafetensors(bytes))`
   */
  loadStateDict(stateDict: Record<string, Tensor>, options: LoadStateDictOptions = {}): void {
    loadEntries(this.stateEntries(), stateDict, options);
  }

  /** Calls `fn` on every descendant, then on this module (torch's order); returns this. `model.apply((m) => { … })` */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== 'function') fail('apply', `expects a function (got ${describe(fn)})`);
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Clears every parameter's gradient. `model.zeroGrad()` */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Sets requiresGrad on every parameter (false freezes them; torch's requires_grad_); returns this. `model.fc1.requiresGrad(false)` */
  requiresGrad(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean') fail('requiresGrad', `expects true or false (got ${describe(requiresGrad)})`);
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Sets training mode on this module and its descendants; returns this. `model.train()` */
  train(mode = true): this {
    if (typeof mode !== 'boolean') fail('train', `expects true or false (got ${describe(mode)})`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode (dropout off, batch norm on running statistics); returns this. `model.eval()` */
  eval(): this {
    return this.train(false);
  }
}

/** What an array field becomes: a list child whose children are the array's Modules, read live, named by position. */
class ArrayChildren extends Module {
  // A private field, not a property: the registration trap never sees it.
  readonly #field: string;
  readonly #items: readonly unknown[];

  constructor(field: string, items: readonly unknown[]) {
    super();
    this.#field = field;
    this.#items = items;
  }

  /** True once the array holds a Module. */
  holdsModules(): boolean {
    return this.#items.some((m) => m instanceof Module);
  }

  protected override childEntries(): [string, Module][] {
    const items = this.#items;
    const at = items.findIndex((m) => !(m instanceof Module));
    if (at >= 0 && this.holdsModules()) fail('Module', `field ${this.#field} mixes Modules with other values (got ${describe(items[at])} at index ${at}); keep only Modules in it`);
    return items.map((m, i) => [String(i), m as Module]);
  }

  forward(): never {
    return fail('Module', 'an array of modules has no forward; call its elements');
  }
}

const MODULE_KIND: ModuleKind<Module> = {
  is: (value): value is Module => value instanceof Module,
  list: (name, items) => new ArrayChildren(name, items),
  holds: (child) => !(child instanceof ArrayChildren) || child.holdsModules(),
};
