// What a module holds, by name: parameters, buffers and children in three ordered maps (torch's
// _parameters, _buffers and _modules), and the rules by which a field assignment registers a value
// (torch's __setattr__). Module (lib/nn/module.ts) owns one Registry and routes every field definition
// and assignment through `assign`:
//   a Module                          → a child
//   an array (elements read live)     → a list child `name.0`, `name.1`, … once it holds Modules; an array
//                                       mixing Modules with other values is refused when traversed
//   a leaf Tensor with requiresGrad,  → a parameter (torch needs nn.Parameter; here requiresGrad says it,
//     or one passed through Parameter()  and a parameter frozen later stays one)
//   any value to a registered name    → replaces the entry in place (null keeps the name, empty); a value
//                                       of the wrong kind is refused, as torch refuses it
//   a plain object holding Modules    → refused: wrap it in nn.ModuleDict, else its weights would be lost
//   anything else                     → a plain attribute (a tensor without requiresGrad included: torch
//                                       keeps a plain tensor out of the state dict too; use registerBuffer)
import { fail, formatShape } from '../errors.ts';
import { Tensor } from '../tensor.ts';

const parameterTensors = new WeakSet<Tensor>();

/** Marks `t` as a parameter (sets requiresGrad unless told not to) and returns it, as torch's nn.Parameter. `this.scale = nn.Parameter(ones([1]))` */
export function Parameter(t: Tensor, requiresGrad = true): Tensor {
  checkParameter('Parameter', 'the tensor', t);
  t.requiresGrad = requiresGrad;
  parameterTensors.add(t);
  return t;
}

/** Throws unless `t` is a leaf Tensor. `checkParameter('registerParameter', 'parameter w', t)` @internal */
export function checkParameter(op: string, what: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) fail(op, `${what} must be a Tensor (got ${describe(t)})`);
  if (!t.isLeaf) fail(op, `${what} must be a leaf tensor (got the output of '${t.node?.op}'); detach it first`);
}

/** A value as messages about modules show it. `describe(x)` → 'a Tensor of shape [2,3]' @internal */
export function describe(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v instanceof Tensor) return `a Tensor of shape ${formatShape(v.shape)}${v.isLeaf ? (v.requiresGrad ? '' : ' without requiresGrad') : ` made by '${v.node?.op}'`}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') {
    const name = (v.constructor as { name?: string } | undefined)?.name;
    return name === undefined || name === 'Object' ? 'an object' : `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  return typeof v;
}

function checkName(op: string, name: unknown): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) fail(op, `a name must be a non-empty string without dots (got ${JSON.stringify(name)})`);
}

/** A parameter, as a field assignment recognises one: marked by Parameter(), or a leaf that requires grad. */
const isParameter = (v: unknown): v is Tensor => v instanceof Tensor && (parameterTensors.has(v) || (v.isLeaf && v.requiresGrad));
const isPlainObject = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** How the registry recognises modules, and what an array field becomes. */
export interface ModuleKind<M> {
  is(value: unknown): value is M;
  /** The list child an array field becomes (its elements read live). */
  list(name: string, items: readonly unknown[]): M;
  /** False for a list child that holds no Module (an array of numbers is an attribute, not a child). */
  holds(child: M): boolean;
}

/** The kinds of entry. */
export type EntryKind = 'parameter' | 'buffer' | 'module';

/** One module's parameters, buffers and children by name, in registration order. @internal */
export class Registry<M> {
  /** Parameters by name (torch's _parameters); null keeps a name without a value. */
  readonly params = new Map<string, Tensor | null>();
  /** Buffers by name (torch's _buffers). */
  readonly buffers = new Map<string, Tensor | null>();
  /** Buffers left out of the state dict. */
  readonly nonPersistent = new Set<string>();
  /** Sub-modules by name (torch's _modules), array fields as list children. */
  readonly children = new Map<string, M | null>();
  /** Names taken by a register* call (a second call is refused; a field's registration may be taken over). */
  private readonly explicit = new Set<string>();

  constructor(private readonly kind: ModuleKind<M>) {}

  /** What assigning `value` to field `name` registers (the rules above); throws before anything changes. `registry.assign('Net.fc1', 'fc1', fc1)` */
  assign(op: string, name: string, value: unknown): void {
    const absent = value === null || value === undefined;
    if (this.kind.is(value)) {
      this.put(op, 'module', name, value);
    } else if (this.params.has(name)) {
      if (!absent && !isParameter(value)) fail(op, `cannot assign ${describe(value)} as parameter ${name} (expected a leaf Tensor with requiresGrad, or null)`);
      this.params.set(name, absent ? null : value);
    } else if (this.buffers.has(name)) {
      if (!absent && !(value instanceof Tensor)) fail(op, `cannot assign ${describe(value)} as buffer ${name} (expected a Tensor or null)`);
      this.buffers.set(name, absent ? null : value);
    } else if (Array.isArray(value)) {
      // Every array is a candidate list: `this.layers = []` is usually filled after the assignment.
      this.put(op, 'module', name, this.kind.list(name, value));
    } else if (this.children.has(name)) {
      const current = this.children.get(name);
      const held = current !== null && current !== undefined && this.kind.holds(current);
      if (held && !absent) fail(op, `cannot assign ${describe(value)} as child module ${name} (expected a Module, an array of Modules, or null)`);
      if (held) this.children.set(name, null);
      else this.children.delete(name); // an array that held no Module was never more than an attribute
    } else if (isParameter(value)) {
      this.put(op, 'parameter', name, value);
    } else if (isPlainObject(value) && Object.values(value as object).some((v) => this.kind.is(v))) {
      fail(op, `a plain object of Modules is not registered (got keys ${Object.keys(value as object).join(', ')}); wrap it in nn.ModuleDict`);
    }
  }

  /** Removes `name` everywhere (a deleted field). `registry.forget('fc1')` */
  forget(name: string): void {
    this.params.delete(name);
    this.buffers.delete(name);
    this.nonPersistent.delete(name);
    this.children.delete(name);
    this.explicit.delete(name);
  }

  /** Checks an explicit registration's name: well formed, and not taken by an earlier register* call. `registry.claim('registerBuffer', 'running_mean')` */
  claim(op: string, name: string): void {
    checkName(op, name);
    if (this.explicit.has(name)) fail(op, `the name ${name} is already registered`);
  }

  /** Records an explicit registration (after `claim`). `registry.registerExplicitly('registerModule', 'module', 'fc', fc)` */
  registerExplicitly(op: string, kind: EntryKind, name: string, value: Tensor | M | null, persistent = true): void {
    this.put(op, kind, name, value);
    if (!persistent) this.nonPersistent.add(name);
    this.explicit.add(name);
  }

  /** Puts an entry of one kind under `name`, removing it from the other kinds (torch moves it likewise). */
  private put(op: string, kind: EntryKind, name: string, value: Tensor | M | null): void {
    checkName(op, name);
    if (kind !== 'parameter') this.params.delete(name);
    if (kind !== 'module') this.children.delete(name);
    this.nonPersistent.delete(name);
    if (kind !== 'buffer') this.buffers.delete(name);
    if (kind === 'parameter') {
      if (value !== null) parameterTensors.add(value as Tensor);
      this.params.set(name, value as Tensor | null);
    } else if (kind === 'buffer') {
      this.buffers.set(name, value as Tensor | null);
    } else {
      this.children.set(name, value as M | null);
    }
  }
}
