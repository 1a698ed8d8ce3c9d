// The base of every layer: parameters and sub-modules registered by name, in order, so that
// `parameters()` and `namedParameters()` list them exactly as PyTorch's `nn.Module` would
// (own parameters first, then each child's, depth first) and a state dict maps one-to-one.
import { markWritten } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { sameShape } from '../kernels/shape.ts';
import { Tensor } from '../tensor.ts';

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Refuse missing and unexpected names (default true). Mis-shaped entries are refused either way. */
  strict?: boolean;
}

/**
 * Base class of layers. Subclasses register in their constructor and implement `forward`:
 * `this.weight = this.registerParameter('weight', zeros([3, 2]))`.
 */
export abstract class Module {
  /** True in training mode (the default); `eval()` clears it, `train()` sets it. */
  training = true;
  private readonly ownParameters: [string, Tensor][] = [];
  private readonly children: [string, Module][] = [];

  /** The module's output for `x`. */
  abstract forward(x: Tensor): Tensor;

  /** Registers `tensor` as a trainable parameter named `name` (sets requiresGrad) and returns it. */
  protected registerParameter(name: string, tensor: Tensor): Tensor {
    this.checkNewName('registerParameter', name);
    if (!(tensor instanceof Tensor)) fail('registerParameter', `parameter ${name} must be a Tensor (got ${typeof tensor})`);
    if (!tensor.isLeaf) fail('registerParameter', `parameter ${name} must be a leaf tensor (got the output of ${tensor.node?.op}); detach it first`);
    tensor.requiresGrad = true;
    this.ownParameters.push([name, tensor]);
    return tensor;
  }

  /** Registers `module` as a child named `name` (its parameters appear as `name.…`) and returns it. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkNewName('registerModule', name);
    if (!(module instanceof Module)) fail('registerModule', `child ${name} must be a Module (got ${typeof module})`);
    this.children.push([name, module]);
    return module;
  }

  private checkNewName(op: string, name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      fail(op, `a name must be a non-empty string without dots (got ${JSON.stringify(name)})`);
    }
    if (this.ownParameters.some(([n]) => n === name) || this.children.some(([n]) => n === name)) {
      fail(op, `the name ${name} is already registered`);
    }
  }

  /** Parameters with dotted names, in registration order: `[['layers.0.weight', W0], …]`. */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const stack: [string, Module][] = [['', this]];
    // Explicit stack (children pushed in reverse) gives the recursive depth-first order.
    while (stack.length > 0) {
      const [prefix, m] = stack.pop()!;
      for (const [name, p] of m.ownParameters) out.push([prefix + name, p]);
      for (let i = m.children.length - 1; i >= 0; i--) {
        const [name, child] = m.children[i];
        stack.push([`${prefix}${name}.`, child]);
      }
    }
    return out;
  }

  /** The parameters, in registration order (what optimisers take). `new optim.SGD(model.parameters(), …)` */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** This module and its descendants, depth first (this one first). `model.modules()` */
  modules(): Module[] {
    const out: Module[] = [];
    const stack: Module[] = [this];
    while (stack.length > 0) {
      const m = stack.pop()!;
      out.push(m);
      for (let i = m.children.length - 1; i >= 0; i--) stack.push(m.children[i][1]);
    }
    return out;
  }

  /** A copy of every parameter by dotted name (detached, own data). `io.saveSafetensors(model.stateDict())` */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.namedParameters()) out[name] = new Tensor(Float64Array.from(p.data), p.shape);
    return out;
  }

  /**
   * Copies `stateDict` into the parameters, in place (optimisers holding them see the new values).
   * Every problem is found before anything is copied, and all are reported together; a failed load
   * changes nothing. `model.loadStateDict(io.loadSafetensors(bytes))`
   */
  loadStateDict(stateDict: Record<string, Tensor>, options: LoadStateDictOptions = {}): void {
    if (stateDict === null || typeof stateDict !== 'object') {
      fail('loadStateDict', `expected an object of tensors by name (got ${stateDict === null ? 'null' : typeof stateDict})`);
    }
    const strict = options.strict ?? true;
    const named = this.namedParameters();
    // Listed as missing, unexpected, then wrong entries, each in parameter (or given) order.
    const missing: string[] = [];
    const unexpected: string[] = [];
    const wrong: string[] = [];
    const known = new Set<string>();
    for (const [name, p] of named) {
      known.add(name);
      if (!Object.prototype.hasOwnProperty.call(stateDict, name)) {
        if (strict) missing.push(`missing ${name}`);
        continue;
      }
      const value = stateDict[name];
      if (!(value instanceof Tensor)) wrong.push(`${name} is not a Tensor (got ${value === null ? 'null' : typeof value})`);
      else if (!sameShape(value.shape, p.shape)) wrong.push(`${name} has shape ${formatShape(value.shape)} (expected ${formatShape(p.shape)})`);
    }
    if (strict) {
      for (const name of Object.keys(stateDict)) if (!known.has(name)) unexpected.push(`unexpected ${name}`);
    }
    const problems = [...missing, ...unexpected, ...wrong];
    if (problems.length > 0) fail('loadStateDict', problems.join('; '));
    for (const [name, p] of named) {
      if (!Object.prototype.hasOwnProperty.call(stateDict, name)) continue;
      markWritten(p, `loadStateDict on '${name}'`);
      p.data.set(stateDict[name].data);
    }
  }

  /** Clears every parameter's gradient. `model.zeroGrad()` */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Sets training mode on this module and its descendants; returns this. `model.train()` */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode; returns this. `model.eval()` */
  eval(): this {
    return this.train(false);
  }
}
