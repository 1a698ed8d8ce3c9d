// The one vocabulary for options across trustgrad. A component declares each option once, as a Field: the
// label its messages use, what it accepts, and its default; or, where it checks its values itself, it
// declares the keys it knows as a KeySet. Either way a key nobody declared is refused: a typo such as `gama`
// or `weight_decay` would otherwise be ignored and its default used in silence. Messages are built only on
// failure and read `op: invalid <label> (got X, expected Y)` or
// `op: unknown option 'k' in options (got X, expected one of a, b, c)`. lib/optim/validate.ts adds the
// optimisers' own fields (betas, per-group values) and how messages name a param group.
import { fail } from './errors.ts';

/** One option: how messages name it, what it accepts, and its default (absent: the option is required). */
export interface Field<V = unknown> {
  readonly label: string;
  readonly expected: string;
  readonly ok: (value: unknown) => boolean;
  readonly default?: V;
}

/** A field for every key of the options type `T`. */
export type Fields<T> = { readonly [K in keyof T]-?: Field<T[K]> };

/** Every key of the options type `T`, marked true; one that misses a key does not compile. `const KEYS: KeySet<MLPOptions> = { … }` */
export type KeySet<T> = { readonly [K in keyof T]-?: true };

/** A finite number. @internal */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInteger = (v: unknown): v is number => Number.isSafeInteger(v);

/** A field from its parts (the default left out when undefined). @internal */
export function field<V>(label: string, expected: string, ok: (value: unknown) => boolean, fallback: V | undefined): Field<V> {
  return fallback === undefined ? { label, expected, ok } : { label, expected, ok, default: fallback };
}

/** A finite number ≥ 0 (torch's `0.0 <= lr`, plus finiteness). `nonNegative('momentum', 0)` */
export const nonNegative = (label: string, fallback?: number): Field<number> => field(label, 'a finite number ≥ 0', (v) => isFiniteNumber(v) && v >= 0, fallback);
/** Any finite number. `finite('dampening', 0)` */
export const finite = (label: string, fallback?: number): Field<number> => field(label, 'a finite number', isFiniteNumber, fallback);
/** A finite number in [0, 1). `fraction('factor', 0.1)` */
export const fraction = (label: string, fallback?: number): Field<number> => field(label, 'a number in [0, 1)', (v) => isFiniteNumber(v) && v >= 0 && v < 1, fallback);
/** A finite number in [0, 1]. `unitInterval('p', 0.5)` */
export const unitInterval = (label: string, fallback?: number): Field<number> => field(label, 'a number in [0, 1]', (v) => isFiniteNumber(v) && v >= 0 && v <= 1, fallback);
/** Any integer, negative included. `anyInteger('ignoreIndex', -100)` */
export const anyInteger = (label: string, fallback?: number): Field<number> => field(label, 'an integer', isInteger, fallback);
/** An integer ≥ 1. `positiveInteger('stepSize')` */
export const positiveInteger = (label: string, fallback?: number): Field<number> => field(label, 'an integer ≥ 1', (v) => isInteger(v) && v >= 1, fallback);
/** An integer ≥ `min` (default 0). `integer('patience', 10)` */
export const integer = (label: string, fallback?: number, min = 0): Field<number> => field(label, `an integer ≥ ${min}`, (v) => isInteger(v) && v >= min, fallback);
/** true or false. `flag('nesterov', false)` */
export const flag = (label: string, fallback?: boolean): Field<boolean> => field(label, 'true or false', (v) => typeof v === 'boolean', fallback);
/** A finite number > 0, or null for "off". `positiveOrNull('pBound', null)` */
export const positiveOrNull = (label: string, fallback?: number | null): Field<number | null> => field(label, 'a finite number > 0, or null/undefined for none', (v) => v === null || (isFiniteNumber(v) && v > 0), fallback);
/** A finite number, or null for "none yet". `finiteOrNull('best')` */
export const finiteOrNull = (label: string): Field<number | null> => field<number | null>(label, 'a finite number or null', (v) => v === null || isFiniteNumber(v), undefined);
/** One of the listed strings. `oneOf('form', ['paper', 'you2017'], 'paper')` */
export const oneOf = <const S extends string>(label: string, values: readonly S[], fallback?: NoInfer<S>): Field<S> =>
  field(label, values.map((v) => `'${v}'`).join(' or '), (v) => typeof v === 'string' && (values as readonly string[]).includes(v), fallback);
/** A value as it appears in messages. `formatValue('x')` → `'x'` */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return v.length > 6 ? `an array of length ${v.length}` : `[${v.map(formatValue).join(',')}]`;
  if (typeof v === 'function') return 'a function';
  const ctor = v.constructor?.name;
  return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
}

/** Throws `op: invalid <label><where> (got X, expected Y)`. `invalid('SGD', fields.lr, -1, ' in param group 1')` */
export function invalid(op: string, f: Field, value: unknown, where = ''): never {
  return fail(op, `invalid ${f.label}${where} (got ${formatValue(value)}, expected ${f.expected})`);
}

/** The key of the first value that fails its field, or null. `firstBad(fields, group)` */
export function firstBad(fields: Readonly<Record<string, Field>>, values: object): string | null {
  const record = values as Record<string, unknown>;
  for (const key in fields) if (!fields[key].ok(record[key])) return key;
  return null;
}

/** Throws unless every value passes its field. `checkFields('StepLR', fields, options)` */
export function checkFields(op: string, fields: Readonly<Record<string, Field>>, values: object, where = ''): void {
  const bad = firstBad(fields, values);
  if (bad !== null) invalid(op, fields[bad], (values as Record<string, unknown>)[bad], where);
}

/** Refuses `o` unless it is an object whose keys are all declared (or in `alsoAllowed`). `checkKeys('SGD', fields, options, 'options')` */
export function checkKeys(op: string, fields: object, o: unknown, where: string, alsoAllowed: readonly string[] = []): void {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) fail(op, `${where} must be an object (got ${formatValue(o)})`);
  const known = Object.keys(fields);
  for (const k of Object.keys(o)) {
    if (known.includes(k) || alsoAllowed.includes(k)) continue;
    fail(op, `unknown option '${k}' in ${where} (got ${formatValue((o as Record<string, unknown>)[k])}, expected one of ${known.join(', ')})`);
  }
}

/** The declared defaults (undefined for a required field). `defaultsOf(fields)` */
export function defaultsOf<T>(fields: Fields<T>): T {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries<Field>(fields)) out[k] = f.default;
  return out as T;
}

/** `o` without undefined values and without `params` (so defaults fill what a user left out). `definedOnly(group)` */
export function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'params') (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Options checked against their fields: an object (or undefined for none) with declared keys only,
 * defaults filled in, every value valid. `const { stepSize, gamma } = readOptions('StepLR', fields, options)`
 */
export function readOptions<T>(op: string, fields: Fields<T>, options: unknown): T {
  const given = options ?? {};
  checkKeys(op, fields, given, 'options');
  const values = { ...defaultsOf(fields), ...definedOnly(given) } as T & object;
  checkFields(op, fields, values);
  return values;
}

/**
 * Refuses an options argument that is not an object, or that holds a key `keys` does not declare; undefined
 * (no options) passes. For components that check their values themselves. `checkOptions('MLP', MLP_KEYS, options)`
 */
export function checkOptions<T>(op: string, keys: KeySet<T>, options: unknown): void {
  if (options !== undefined) checkKeys(op, keys, options, 'options');
}
