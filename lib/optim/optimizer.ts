// The optimiser contract of torch.optim: param groups with their hyper-parameters as plain fields,
// per-parameter state keyed by the Tensor object (never by position at step time), zeroGrad, step,
// stateDict/loadStateDict in torch's layout (lib/optim/state-dict.ts). Subclasses declare their
// hyper-parameters once (lib/optim/validate.ts) and supply one per-parameter update; the base class adds
// what torch lacks: a finiteness guard that restores every parameter and all state when a step produces
// a non-finite weight (LARS's overflow in the paper's Figure 2 is reported, not NaN).
import { markWritten } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { allFinite } from '../kernels/vector.ts';
import { Tensor } from '../tensor.ts';
import { StepGuard } from './guard.ts';
import { readOptimizerState, saveOptimizerState, type OptimizerStateDict, type StateSchema } from './state-dict.ts';
import { checkKeys, defaultsOf, definedOnly, firstBad, formatValue, inGroup, invalid, type Field, type Fields } from './validate.ts';

/** A hyper-parameter value: numbers, flags, betas, forms, or null for "off". */
export type HyperValue = number | boolean | string | null | readonly number[];
/** Per-parameter state: step counts and buffers the size of the parameter (torch stores None as null). */
export type ParamState = Record<string, number | Float64Array | null>;
/** A named parameter, as `model.namedParameters()` yields. */
export type NamedParameter = readonly [string, Tensor];
/** Parameters as a list of tensors or of [name, tensor] pairs. */
export type ParameterList = readonly Tensor[] | readonly NamedParameter[];
/** A param group as given: its parameters plus per-group hyper-parameter overrides. */
export type ParamGroupInput<H> = { params: ParameterList } & Partial<H>;
/** What an optimiser constructor accepts. */
export type ParamsInput<H> = ParameterList | readonly ParamGroupInput<H>[];
/** A live param group: `opt.paramGroups[0].lr = 0.005` is read by the next step. */
export type ParamGroup<H> = H & { params: Tensor[]; initialLr?: number };

/** Any optimiser's hyper-parameters, as schedulers see them. */
export type AnyHyper = { lr: number; [key: string]: unknown };
/** Any optimiser, with or without a learning rate (AGD has none): `const opt: AnyOptimizer = new optim.AGD(params)` */
export type AnyOptimizer = Optimizer<object, ParamState>;

/** What a subclass declares once: its name, its hyper-parameters as fields (with defaults), cross-field checks and state layout. */
export interface OptimizerSpec<H> {
  readonly name: string;
  readonly fields: Fields<H>;
  /** Cross-field checks (e.g. Nesterov needs momentum); returns a message or null. */
  readonly check?: (group: H) => string | null;
  readonly stateSchema: StateSchema;
  /**
   * A parameter whose `.grad` is null: 'skip' it (torch, the default), step it with a zero gradient
   * ('zero', as Muon's reference does), or refuse the step before anything moves ('error', AGD, whose
   * step size needs every layer's gradient).
   */
  readonly missingGradient?: 'skip' | 'zero' | 'error';
}

export type { OptimizerStateDict } from './state-dict.ts';

/** A key schedulers add to every group (torch's initial_lr). */
const GROUP_EXTRAS: Readonly<Record<string, Field>> = {
  initialLr: { label: 'initial learning rate', expected: 'a finite number ≥ 0', ok: (v) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0) },
};

/** Base class of every optimiser; see SGD for a small subclass. `class MyOpt extends Optimizer<H, S> { … }` */
export abstract class Optimizer<H extends object = AnyHyper, S extends ParamState = ParamState> {
  /** Param groups; hyper-parameters are plain, writable fields. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, keyed by the parameter itself. */
  readonly state = new Map<Tensor, S>();
  /** Completed steps (a step refused by the finiteness guard does not count). */
  stepCount = 0;
  /** Hyper-parameters a group takes when it does not override them. */
  readonly defaults: H;
  /** The subclass's declaration, seen through the field vocabulary (not generic, so any optimiser is an `Optimizer`). */
  private readonly spec: { name: string; fields: Readonly<Record<string, Field>>; check?: (group: object) => string | null; stateSchema: StateSchema; missingGradient: 'skip' | 'zero' | 'error' };
  /** Each parameter's given name, or its [group, position] for messages. */
  private readonly names = new Map<Tensor, string | readonly [number, number]>();
  private readonly guard = new StepGuard<S>(this.state);
  /** "SGD.step on 'fc1.weight'" per parameter, built at its first step: what a stale backward's error names. */
  private readonly writers = new Map<Tensor, string>();

  constructor(params: ParamsInput<H>, options: Partial<H>, spec: OptimizerSpec<H>) {
    const check = spec.check;
    this.spec = {
      name: spec.name,
      fields: spec.fields,
      stateSchema: spec.stateSchema,
      missingGradient: spec.missingGradient ?? 'skip',
      ...(check === undefined ? {} : { check: (g: object) => check(g as H) }),
    };
    checkKeys(spec.name, spec.fields, options, 'options');
    this.defaults = { ...defaultsOf(spec.fields), ...definedOnly(options) };
    if (params === null || typeof params !== 'object' || typeof (params as { length?: unknown }).length !== 'number' || params instanceof Tensor) {
      fail(spec.name, `params must be an array of Tensors, [name, Tensor] pairs or param groups (got ${formatValue(params)})`);
    }
    if (params.length === 0) fail(spec.name, 'got an empty parameter list (got [], expected at least one Tensor)');
    const first: unknown = params[0];
    if (!(first instanceof Tensor) && !Array.isArray(first) && (first === null || typeof first !== 'object' || !('params' in first))) {
      fail(spec.name, `params[0] must be a Tensor, a [name, Tensor] pair or a param group (got ${formatValue(first)})`);
    }
    const groups = first instanceof Tensor || Array.isArray(first) ? [{ params } as ParamGroupInput<H>] : (params as readonly ParamGroupInput<H>[]);
    for (const g of groups) this.add(g, groups.length);
  }

  /** The per-parameter update: reads `grad`, updates `param.data` in place, returns the new state. */
  protected abstract update(param: Tensor, grad: Float64Array, group: ParamGroup<H>, state: S | undefined): S;

  /**
   * Runs once per step after every check and before any update, for rules that need all gradients at
   * once (AGD's step size); may throw, and then nothing has moved. `protected prepare(): void { … }`
   */
  protected prepare(): void {}

  /** Adds a group (torch's add_param_group); missing hyper-parameters come from the defaults. `opt.addParamGroup({ params: [w], lr: 0.1 })` */
  addParamGroup(input: ParamGroupInput<H>): void {
    this.add(input, this.paramGroups.length + 1);
  }

  /** Adds a group; `count` is how many groups there will be, which decides whether messages name the group. */
  private add(input: ParamGroupInput<H>, count: number): void {
    const name = this.spec.name;
    const index = this.paramGroups.length;
    const where = inGroup(index, count);
    if (input === null || typeof input !== 'object' || !('params' in input)) fail(name, `a param group must be an object with params (got ${formatValue(input)})`);
    checkKeys(name, this.spec.fields, input, count > 1 ? `param group ${index}` : 'the param group', ['params', 'initialLr']);
    const list = input.params;
    if (list instanceof Tensor || !Array.isArray(list) || list.length === 0) fail(name, `params${where} must be a non-empty array (got ${formatValue(list)})`);
    const tensors: Tensor[] = [];
    const newNames: [Tensor, string | readonly [number, number]][] = [];
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      const pair = Array.isArray(item) && item.length === 2 && typeof item[0] === 'string';
      const t: unknown = pair ? item[1] : item;
      const label = pair ? `'${item[0] as string}'` : `param ${i}${where}`;
      if (!(t instanceof Tensor)) fail(name, `can only optimise Tensors (got ${formatValue(t)} for ${label})`);
      if (!t.isLeaf) fail(name, `can't optimise a non-leaf Tensor (got the output of '${t.node?.op}' for ${label})`);
      if (this.names.has(t) || tensors.includes(t)) fail(name, `a parameter appears twice (got ${label} again, expected each Tensor once)`);
      tensors.push(t);
      newNames.push([t, pair ? label : [index, i]]);
    }
    const group = { ...this.defaults, ...definedOnly(input), params: tensors } as ParamGroup<H>;
    this.validateGroup(group, index, count);
    this.paramGroups.push(group);
    for (const [t, n] of newNames) this.names.set(t, n);
    this.writers.clear(); // a second group changes how unnamed parameters are named
  }

  /** Clears gradients: `.grad = null` (torch's set_to_none), or zero-filled with `setToNone = false`. `opt.zeroGrad()` */
  zeroGrad(setToNone = true): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (setToNone) p.grad = null;
        else if (p.grad !== null) p.grad.data.fill(0);
      }
    }
  }

  /** One update of every parameter that has a gradient. `opt.zeroGrad(); loss.backward(); opt.step();` */
  step<T>(closure?: () => T): T | undefined {
    const loss = closure === undefined ? undefined : closure();
    const name = this.spec.name;
    // Hyper-parameters are plain fields a user or scheduler may have changed since the last step.
    for (let gi = 0; gi < this.paramGroups.length; gi++) {
      const g = this.paramGroups[gi];
      this.validateGroup(g, gi);
      for (const p of g.params) {
        if (p.grad !== null && p.grad.data.length !== p.data.length) {
          fail(name, `gradient of ${this.paramName(p)} has ${p.grad.data.length} elements (got grad shape ${formatShape(p.grad.shape)}, expected ${formatShape(p.shape)})`);
        }
        if (p.grad === null && this.spec.missingGradient === 'error') {
          fail(name, `${this.paramName(p)} has no gradient (got .grad null, expected a gradient for every parameter: the step uses them all)`);
        }
      }
    }
    this.prepare();
    const zeroMissing = this.spec.missingGradient === 'zero';
    const stepped: Tensor[] = [];
    this.guard.begin();
    try {
      for (const g of this.paramGroups) {
        for (const p of g.params) {
          // torch skips parameters without a gradient; Muon's reference steps them with a zero one.
          if (p.grad === null && !zeroMissing) continue;
          this.guard.save(p);
          const grad = p.grad === null ? new Float64Array(p.data.length) : p.grad.data;
          this.state.set(p, this.update(p, grad, g, this.state.get(p)));
          if (!allFinite(p.data)) throw this.guard.nonFiniteError(name, this.paramName(p), p, this.stepCount + 1);
          stepped.push(p);
        }
      }
    } catch (e) {
      this.guard.restore();
      throw e;
    }
    // Every updated parameter changed in place: count it, so a backward that saved the old values refuses.
    // (Counted once the step has succeeded: a refused step changes nothing, its version included.)
    for (const p of stepped) {
      let writer = this.writers.get(p);
      if (writer === undefined) this.writers.set(p, writer = `${name}.step on ${this.paramName(p)}`);
      markWritten(p, writer);
    }
    this.stepCount++;
    return loss;
  }

  /** The parameter's name in messages: its given name, else `param i` (with its group when there are several). `opt.paramName(w)` */
  paramName(p: Tensor): string {
    const n = this.names.get(p);
    if (n === undefined) return 'an unknown parameter';
    return typeof n === 'string' ? n : `param ${n[1]}${inGroup(n[0], this.paramGroups.length)}`;
  }

  /** Plain JSON-serialisable state in torch's layout. `JSON.stringify(opt.stateDict())` */
  stateDict(): OptimizerStateDict {
    return saveOptimizerState(this.paramGroups, this.state, this.stepCount);
  }

  /** Loads {@link stateDict} output; validates everything first and changes nothing on error. `opt.loadStateDict(saved)` */
  loadStateDict(sd: OptimizerStateDict): void {
    const loaded = readOptimizerState<H, S>(sd, {
      what: `${this.spec.name}.loadStateDict`,
      groups: this.paramGroups,
      fields: this.spec.fields,
      groupExtras: ['initialLr'],
      stateSchema: this.spec.stateSchema,
      validateGroup: (g, gi) => this.validateGroup(g, gi, this.paramGroups.length, true),
      paramName: (p) => this.paramName(p),
    });
    // Commit: group objects are updated in place so references users hold stay live.
    loaded.groups.forEach((g, gi) => {
      const live = this.paramGroups[gi] as Record<string, unknown>;
      for (const k of Object.keys(live)) if (!(k in g)) delete live[k];
      Object.assign(live, g);
    });
    this.state.clear();
    for (const [p, s] of loaded.state) this.state.set(p, s);
    this.stepCount = loaded.stepCount;
  }

  /** Checks a group's hyper-parameters; the message names the group only when there are several. */
  private validateGroup(group: ParamGroup<H>, index: number, count = this.paramGroups.length, saved = false): void {
    const op = saved ? `${this.spec.name}.loadStateDict` : this.spec.name;
    const fields = this.spec.fields;
    const bad = firstBad(fields, group) ?? firstBad(GROUP_EXTRAS, group);
    const problem = bad === null ? (this.spec.check?.(group) ?? null) : null;
    if (bad === null && problem === null) return;
    const where = inGroup(index, count, saved);
    if (bad !== null) invalid(op, fields[bad] ?? GROUP_EXTRAS[bad], (group as Record<string, unknown>)[bad], where);
    fail(op, `${problem}${where}`);
  }
}
