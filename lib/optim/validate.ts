// Boundary checks shared by the optimisers: hyper-parameters (in constructors, on every param group
// and on loadStateDict) and saved per-parameter state. Messages are built only on failure.
import { fail } from '../errors.ts';

/** How one hyper-parameter is checked and described. */
export interface HyperRule {
  readonly label: string;
  readonly expected: string;
  readonly ok: (value: unknown) => boolean;
}
/** Rules by hyper-parameter key. */
export type HyperRules = Readonly<Record<string, HyperRule>>;
/** Saved state layout: 'array' (size of the parameter), 'count' (integer ≥ 0), 'number' (finite); '?' optional, '|null' nullable. */
export type StateSchema = Readonly<Record<string, 'array' | 'array?' | 'array|null' | 'count' | 'number?'>>;

const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A finite number ≥ 0 (torch's `0.0 <= lr` plus finiteness). */
export const nonNegative = (label: string): HyperRule => ({ label, expected: 'a finite number ≥ 0', ok: (v) => isFinite(v) && v >= 0 });
/** Any finite number. */
export const finite = (label: string): HyperRule => ({ label, expected: 'a finite number', ok: isFinite });
/** true or false. */
export const flag = (label: string): HyperRule => ({ label, expected: 'true or false', ok: (v) => typeof v === 'boolean' });
/** A finite number > 0, or null for "off". */
export const positiveOrNull = (label: string): HyperRule => ({ label, expected: 'a finite number > 0, or null/undefined for none', ok: (v) => v === null || (isFinite(v) && v > 0) });
/** One of the listed strings. */
export const oneOf = (label: string, values: readonly string[]): HyperRule => ({ label, expected: values.map((v) => `'${v}'`).join(' or '), ok: (v) => typeof v === 'string' && values.includes(v) });
/** Adam's betas: two numbers with 0 ≤ β < 1. */
export const betas: HyperRule = {
  label: 'betas',
  expected: 'two numbers [β1, β2] with 0 ≤ β < 1',
  ok: (v) => Array.isArray(v) && v.length === 2 && v.every((b) => isFinite(b) && b >= 0 && b < 1),
};

/** A value as it appears in messages. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return v.length > 6 ? `an array of length ${v.length}` : `[${v.map(formatValue).join(',')}]`;
  if (typeof v === 'function') return 'a function';
  const ctor = (v as object).constructor?.name;
  return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
}

/** The key of the first hyper-parameter that fails its rule, or null (no message is built here). */
export function firstBadHyper(rules: HyperRules, group: object): string | null {
  const values = group as Record<string, unknown>;
  for (const key in rules) if (!rules[key].ok(values[key])) return key;
  return null;
}

/** Validates one saved state entry against `schema` and returns it with buffers as fresh Float64Arrays. */
export function checkState(op: string, schema: StateSchema, entry: unknown, size: number, label: string): Record<string, number | Float64Array | null> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(op, `${label} must be an object (got ${formatValue(entry)})`);
  const e = entry as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!(k in schema)) fail(op, `${label} has unknown field '${k}' (got ${formatValue(e[k])}, expected fields ${Object.keys(schema).join(', ')})`);
  const out: Record<string, number | Float64Array | null> = {};
  for (const [k, kind] of Object.entries(schema)) {
    const v = e[k];
    if (v === undefined && kind.endsWith('?')) continue;
    if (v === null && kind === 'array|null') {
      out[k] = null;
    } else if (kind.startsWith('array')) {
      const ok = Array.isArray(v) && v.length === size && v.every(isFinite);
      if (!ok) fail(op, `${label}: '${k}' must be ${size} finite numbers (got ${formatValue(v)}${Array.isArray(v) ? ` of length ${v.length}` : ''})`);
      out[k] = Float64Array.from(v as number[]);
    } else if (kind === 'count') {
      if (!Number.isSafeInteger(v) || (v as number) < 0) fail(op, `${label}: '${k}' must be an integer ≥ 0 (got ${formatValue(v)})`);
      out[k] = v as number;
    } else {
      if (!isFinite(v)) fail(op, `${label}: '${k}' must be a finite number (got ${formatValue(v)})`);
      out[k] = v;
    }
  }
  return out;
}

/** `o` without undefined values and without `params` (so defaults fill what a user left out). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'params') (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Refuses keys that are not hyper-parameters (a typo such as weight_decay would otherwise be ignored). */
export function checkKeys(op: string, defaults: object, o: unknown, where: string, isGroup = false): void {
  if (o === null || typeof o !== 'object') fail(op, `${where} must be an object (got ${formatValue(o)})`);
  const known = Object.keys(defaults);
  for (const k of Object.keys(o)) {
    if (known.includes(k) || (isGroup && (k === 'params' || k === 'initialLr'))) continue;
    fail(op, `unknown option '${k}' in ${where} (got ${formatValue((o as Record<string, unknown>)[k])}, expected one of ${known.join(', ')})`);
  }
}
