// The optimiser contract of torch.optim: param groups with their hyper-parameters as plain fields,
// per-parameter state keyed by the Tensor object (never by position at step time), zeroGrad, step,
// stateDict/loadStateDict in torch's layout. Subclasses supply one per-parameter update; the base
// class adds what torch lacks: a finiteness guard that restores every parameter and all state when
// a step produces a non-finite weight (LARS's overflow in the paper's Figure 2 is reported, not NaN).
import { fail, formatShape } from '../errors.ts';
import { allFinite } from '../kernels/vector.ts';
import { Tensor } from '../tensor.ts';
import { StepGuard } from './guard.ts';
import { checkKeys, checkState, definedOnly, firstBadHyper, formatValue, type HyperRules, type StateSchema } from './validate.ts';

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

/** JSON-serialisable optimiser state in torch's layout (parameters numbered across groups in order). */
export interface OptimizerStateDict {
  state: Record<string, Record<string, number | number[] | null>>;
  paramGroups: Record<string, HyperValue | number[]>[];
  stepCount?: number;
}

/** What a subclass declares once: its name, defaults, hyper-parameter checks and state layout. */
export interface OptimizerSpec<H> {
  readonly name: string;
  readonly defaults: H;
  readonly rules: HyperRules;
  /** Cross-field checks (e.g. Nesterov needs momentum); returns a message or null. */
  check?(group: H): string | null;
  readonly stateSchema: StateSchema;
}

/** Base class of every optimiser; see SGD for a small subclass. */
export abstract class Optimizer<H extends object = AnyHyper, S extends ParamState = ParamState> {
  /** Param groups; hyper-parameters are plain, writable fields. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, keyed by the parameter itself. */
  readonly state = new Map<Tensor, S>();
  /** Completed steps (a step refused by the finiteness guard does not count). */
  stepCount = 0;
  /** Hyper-parameters a group takes when it does not override them. */
  readonly defaults: H;
  protected readonly spec: OptimizerSpec<H>;
  private readonly names = new Map<Tensor, string>();
  private readonly guard = new StepGuard<S>(this.state);
  private explicitGroups = false;

  constructor(params: ParamsInput<H>, options: Partial<H>, spec: OptimizerSpec<H>) {
    this.spec = spec;
    checkKeys(spec.name, spec.defaults, options, 'options');
    this.defaults = { ...spec.defaults, ...definedOnly(options) };
    if (params === null || typeof params !== 'object' || typeof (params as { length?: unknown }).length !== 'number' || params instanceof Tensor) {
      fail(spec.name, `params must be an array of Tensors, [name, Tensor] pairs or param groups (got ${formatValue(params)})`);
    }
    if (params.length === 0) fail(spec.name, 'got an empty parameter list (got [], expected at least one Tensor)');
    const first = params[0];
    this.explicitGroups = !(first instanceof Tensor || Array.isArray(first));
    const groups = this.explicitGroups ? (params as readonly ParamGroupInput<H>[]) : [{ params: params as ParameterList } as ParamGroupInput<H>];
    for (const g of groups) this.addParamGroup(g);
  }

  /** The per-parameter update: reads `grad`, updates `param.data` in place, returns the new state. */
  protected abstract update(param: Tensor, grad: Float64Array, group: ParamGroup<H>, state: S | undefined): S;

  /** Adds a group (torch's add_param_group); missing hyper-parameters come from the defaults. */
  addParamGroup(input: ParamGroupInput<H>): void {
    const name = this.spec.name;
    // A second group makes the groups explicit in messages — but only once it has been accepted.
    const explicit = this.explicitGroups || this.paramGroups.length > 0;
    const where = explicit ? ` in param group ${this.paramGroups.length}` : '';
    if (input === null || typeof input !== 'object' || !('params' in input)) fail(name, `a param group must be an object with params (got ${formatValue(input)})`);
    checkKeys(name, this.spec.defaults, input, `param group ${this.paramGroups.length}`, true);
    const list = input.params;
    if (list instanceof Tensor || !Array.isArray(list) || list.length === 0) fail(name, `params${where} must be a non-empty array (got ${formatValue(list)})`);
    const tensors: Tensor[] = [];
    const newNames: [Tensor, string][] = [];
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      const pair = Array.isArray(item) && item.length === 2 && typeof item[0] === 'string';
      const t: unknown = pair ? item[1] : item;
      const label = pair ? `'${item[0] as string}'` : `param ${i}${where}`;
      if (!(t instanceof Tensor)) fail(name, `can only optimise Tensors (got ${formatValue(t)} for ${label})`);
      if (!t.isLeaf) fail(name, `can't optimise a non-leaf Tensor (got the output of '${t.node?.op}' for ${label})`);
      if (this.names.has(t) || tensors.includes(t)) fail(name, `a parameter appears twice (got ${label} again, expected each Tensor once)`);
      tensors.push(t);
      newNames.push([t, label]);
    }
    const group = { ...this.defaults, ...definedOnly(input), params: tensors } as ParamGroup<H>;
    this.validateGroup(group, this.paramGroups.length, false, explicit);
    this.explicitGroups = explicit;
    this.paramGroups.push(group);
    for (const [t, n] of newNames) this.names.set(t, n);
  }

  /** Clears gradients: `.grad = null` (torch's set_to_none), or zero-filled with `setToNone = false`. */
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
      }
    }
    this.guard.begin();
    try {
      for (const g of this.paramGroups) {
        for (const p of g.params) {
          if (p.grad === null) continue; // torch skips parameters without a gradient
          this.guard.save(p);
          this.state.set(p, this.update(p, p.grad.data, g, this.state.get(p)));
          if (!allFinite(p.data)) throw this.guard.nonFiniteError(name, this.paramName(p), p, this.stepCount + 1);
        }
      }
    } catch (e) {
      this.guard.restore();
      throw e;
    }
    this.stepCount++;
    return loss;
  }

  /** The parameter's name in messages: its given name, else `param i` (within its group). */
  paramName(p: Tensor): string {
    return this.names.get(p) ?? 'an unknown parameter';
  }

  /** Plain JSON-serialisable state in torch's layout. `JSON.stringify(opt.stateDict())` */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const paramGroups: OptimizerStateDict['paramGroups'] = [];
    let index = 0;
    for (const g of this.paramGroups) {
      const out: Record<string, HyperValue | number[]> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') out[k] = Array.isArray(v) ? (v as unknown as number[]).slice() : (v as HyperValue);
      const indices: number[] = [];
      for (const p of g.params) {
        const s = this.state.get(p);
        if (s !== undefined) {
          const entry: Record<string, number | number[] | null> = {};
          for (const [k, v] of Object.entries(s)) entry[k] = v instanceof Float64Array ? Array.from(v) : v;
          state[String(index)] = entry;
        }
        indices.push(index++);
      }
      out.params = indices;
      paramGroups.push(out);
    }
    return { state, paramGroups, stepCount: this.stepCount };
  }

  /** Loads {@link stateDict} output; validates everything first and changes nothing on error. */
  loadStateDict(sd: OptimizerStateDict): void {
    const name = this.spec.name;
    const what = `${name}.loadStateDict`;
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
      fail(what, `not a state dict (got ${formatValue(sd)}, expected { state, paramGroups })`);
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      fail(what, `wrong number of param groups (got ${sd.paramGroups.length}, expected ${this.paramGroups.length})`);
    }
    const byIndex = new Map<string, Tensor>();
    const groups: ParamGroup<H>[] = [];
    sd.paramGroups.forEach((saved, gi) => {
      const mine = this.paramGroups[gi];
      const indices = saved?.params;
      if (!Array.isArray(indices) || indices.length !== mine.params.length) {
        fail(what, `param group ${gi} has ${Array.isArray(indices) ? indices.length : 'no'} params (got ${formatValue(indices)}, expected ${mine.params.length} indices)`);
      }
      indices.forEach((ix, j) => {
        if (!Number.isSafeInteger(ix) || byIndex.has(String(ix))) fail(what, `param group ${gi} index ${j} is not a new integer (got ${formatValue(ix)})`);
        byIndex.set(String(ix), mine.params[j]);
      });
      checkKeys(what, this.spec.defaults, saved, `saved param group ${gi}`, true);
      const group = { ...(definedOnly(saved) as unknown as H), params: mine.params } as ParamGroup<H>;
      for (const k of Object.keys(this.spec.defaults)) if (!(k in saved)) fail(what, `saved param group ${gi} lacks '${k}' (got keys ${Object.keys(saved).join(', ')})`);
      for (const [k, v] of Object.entries(group)) if (Array.isArray(v) && k !== 'params') (group as Record<string, unknown>)[k] = v.slice();
      this.validateGroup(group, gi, true);
      groups.push(group);
    });
    const state = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = byIndex.get(key);
      if (p === undefined) fail(what, `state for parameter ${key}, which no param group lists (got keys ${Object.keys(sd.state).join(', ')})`);
      state.set(p, checkState(what, this.spec.stateSchema, entry, p.data.length, `state of ${this.paramName(p)} (index ${key})`) as S);
    }
    const steps = sd.stepCount ?? 0;
    if (!Number.isSafeInteger(steps) || steps < 0) fail(what, `invalid stepCount (got ${formatValue(sd.stepCount)}, expected an integer ≥ 0)`);
    // Commit: group objects are updated in place so references users hold stay live.
    groups.forEach((g, gi) => {
      const live = this.paramGroups[gi] as Record<string, unknown>;
      for (const k of Object.keys(live)) if (!(k in g)) delete live[k];
      Object.assign(live, g);
    });
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
    this.stepCount = steps;
  }

  // Checks a group's hyper-parameters; the message names the group only when the user gave groups.
  private validateGroup(group: ParamGroup<H>, index: number, saved = false, explicit = this.explicitGroups): void {
    const op = saved ? `${this.spec.name}.loadStateDict` : this.spec.name;
    const bad = firstBadHyper(this.spec.rules, group) ?? (firstBadHyper(INITIAL_LR, group) === null ? null : 'initialLr');
    const problem = bad === null ? this.spec.check?.(group) ?? null : null;
    if (bad === null && problem === null) return;
    const where = saved ? ` in saved param group ${index}` : explicit ? ` in param group ${index}` : '';
    if (bad !== null) {
      const rule = this.spec.rules[bad] ?? INITIAL_LR.initialLr;
      fail(op, `invalid ${rule.label}${where} (got ${formatValue((group as Record<string, unknown>)[bad])}, expected ${rule.expected})`);
    }
    fail(op, `${problem}${where}`);
  }
}

const INITIAL_LR: HyperRules = {
  initialLr: { label: 'initial learning rate', expected: 'a finite number ≥ 0', ok: (v) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0) },
};
