// An optimiser's state dict, in torch's layout: param groups with their hyper-parameters and the indices
// of their parameters (numbered across groups in order), and per-parameter state keyed by those indices.
// Loading validates everything — group count, indices, every hyper-parameter through the optimiser's
// own fields, every state entry against its schema — before the optimiser commits any of it.
import { fail } from '../errors.ts';
import type { Tensor } from '../tensor.ts';
import type { HyperValue, ParamGroup, ParamState } from './optimizer.ts';
import { checkKeys, definedOnly, formatValue, groupName, type Field } from './validate.ts';

/** JSON-serialisable optimiser state in torch's layout (parameters numbered across groups in order). */
export interface OptimizerStateDict {
  state: Record<string, Record<string, number | number[] | null>>;
  paramGroups: Record<string, HyperValue | number[]>[];
  stepCount?: number;
}

/** Saved state layout: 'array' (size of the parameter), 'count' (integer ≥ 0), 'number' (finite); '?' optional, '|null' nullable. */
export type StateSchema = Readonly<Record<string, 'array' | 'array?' | 'array|null' | 'count' | 'count?' | 'number' | 'number?'>>;

/** The state dict of live groups and state. `saveOptimizerState(opt.paramGroups, opt.state, opt.stepCount)` */
export function saveOptimizerState<H>(groups: readonly ParamGroup<H>[], state: ReadonlyMap<Tensor, ParamState>, stepCount: number): OptimizerStateDict {
  const saved: OptimizerStateDict['state'] = {};
  const paramGroups: OptimizerStateDict['paramGroups'] = [];
  let index = 0;
  for (const g of groups) {
    const out: Record<string, HyperValue | number[]> = {};
    for (const [k, v] of Object.entries(g)) if (k !== 'params') out[k] = (Array.isArray(v) ? v.slice() : v) as HyperValue;
    const indices: number[] = [];
    for (const p of g.params) {
      const s = state.get(p);
      if (s !== undefined) {
        const entry: Record<string, number | number[] | null> = {};
        for (const [k, v] of Object.entries(s)) entry[k] = v instanceof Float64Array ? Array.from(v) : v;
        saved[String(index)] = entry;
      }
      indices.push(index++);
    }
    out.params = indices;
    paramGroups.push(out);
  }
  return { state: saved, paramGroups, stepCount };
}

/** What loading needs to know about the optimiser it loads into. */
export interface LoadTarget<H> {
  /** The op in messages, e.g. `Adam.loadStateDict`. */
  readonly what: string;
  readonly groups: readonly ParamGroup<H>[];
  readonly fields: Readonly<Record<string, Field>>;
  /** Group keys allowed beside the fields (e.g. a scheduler's initialLr). */
  readonly groupExtras: readonly string[];
  readonly stateSchema: StateSchema;
  /** Throws when a group's hyper-parameters are bad. */
  validateGroup(group: ParamGroup<H>, index: number): void;
  paramName(p: Tensor): string;
}

/** A validated state dict, ready to commit: new group objects, state by parameter, the step count. */
export interface LoadedState<H, S> {
  groups: ParamGroup<H>[];
  state: Map<Tensor, S>;
  stepCount: number;
}

/** Validates `sd` against `target` and returns what to commit; throws, changing nothing, on any problem. */
export function readOptimizerState<H, S extends ParamState>(sd: OptimizerStateDict, target: LoadTarget<H>): LoadedState<H, S> {
  const { what, groups: live } = target;
  if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
    fail(what, `not a state dict (got ${formatValue(sd)}, expected { state, paramGroups })`);
  }
  if (sd.paramGroups.length !== live.length) fail(what, `wrong number of param groups (got ${sd.paramGroups.length}, expected ${live.length})`);
  const byIndex = new Map<string, Tensor>();
  const groups = sd.paramGroups.map((saved, gi) => {
    const name = groupName(gi, live.length, true);
    const mine = live[gi];
    const indices = saved?.params;
    if (!Array.isArray(indices) || indices.length !== mine.params.length) {
      fail(what, `${name} has ${Array.isArray(indices) ? indices.length : 'no'} params (got ${formatValue(indices)}, expected ${mine.params.length} indices)`);
    }
    indices.forEach((ix, j) => {
      if (!Number.isSafeInteger(ix) || byIndex.has(String(ix))) fail(what, `${name} index ${j} is not a new integer (got ${formatValue(ix)})`);
      byIndex.set(String(ix), mine.params[j]);
    });
    checkKeys(what, target.fields, saved, name, ['params', ...target.groupExtras]);
    for (const k of Object.keys(target.fields)) if (!(k in saved)) fail(what, `${name} lacks '${k}' (got keys ${Object.keys(saved).join(', ')})`);
    const group: Record<string, unknown> = { ...definedOnly(saved), params: mine.params };
    for (const [k, v] of Object.entries(group)) if (Array.isArray(v) && k !== 'params') group[k] = v.slice();
    target.validateGroup(group as ParamGroup<H>, gi);
    return group as ParamGroup<H>;
  });
  const state = new Map<Tensor, S>();
  for (const [key, entry] of Object.entries(sd.state)) {
    const p = byIndex.get(key);
    if (p === undefined) fail(what, `state for parameter ${key}, which no param group lists (got keys ${Object.keys(sd.state).join(', ')})`);
    state.set(p, checkState(what, target.stateSchema, entry, p.data.length, `state of ${target.paramName(p)} (index ${key})`) as S);
  }
  const stepCount = sd.stepCount ?? 0;
  if (!Number.isSafeInteger(stepCount) || stepCount < 0) fail(what, `invalid stepCount (got ${formatValue(sd.stepCount)}, expected an integer ≥ 0)`);
  return { groups, state, stepCount };
}

/** Validates one saved state entry against `schema` and returns it with buffers as fresh Float64Arrays. */
function checkState(op: string, schema: StateSchema, entry: unknown, size: number, label: string): ParamState {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(op, `${label} must be an object (got ${formatValue(entry)})`);
  const e = entry as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!(k in schema)) fail(op, `${label} has unknown field '${k}' (got ${formatValue(e[k])}, expected fields ${Object.keys(schema).join(', ')})`);
  const out: ParamState = {};
  for (const [k, kind] of Object.entries(schema)) {
    const v = e[k];
    if (v === undefined && kind.endsWith('?')) continue;
    if (v === null && kind === 'array|null') {
      out[k] = null;
    } else if (kind.startsWith('array')) {
      const ok = Array.isArray(v) && v.length === size && v.every((x) => typeof x === 'number' && Number.isFinite(x));
      if (!ok) fail(op, `${label}: '${k}' must be ${size} finite numbers (got ${formatValue(v)}${Array.isArray(v) ? ` of length ${v.length}` : ''})`);
      out[k] = Float64Array.from(v as number[]);
    } else if (kind.startsWith('count')) {
      if (!Number.isSafeInteger(v) || (v as number) < 0) fail(op, `${label}: '${k}' must be an integer ≥ 0 (got ${formatValue(v)})`);
      out[k] = v as number;
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(op, `${label}: '${k}' must be a finite number (got ${formatValue(v)})`);
      out[k] = v;
    }
  }
  return out;
}
