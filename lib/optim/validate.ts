// The optimisers' part of the option vocabulary: Adam's betas, Madam's positive bounds, Muon's fields that
// are null in groups of the other kind, per-group values, and how messages name a param group. Everything else — Field, the field kinds, checkKeys, readOptions — is lib/options.ts, shared
// with the rest of trustgrad and re-exported here, so an optimiser or scheduler imports one module. Every
// optimiser declares each option once, as a Field; that one declaration checks the constructor's options,
// every param group, the values a user or a scheduler writes between steps, and saved state on load.
import { field, isFiniteNumber, type Field } from '../options.ts';

export * from '../options.ts';

/** Adam's betas: two numbers with 0 ≤ β < 1. `betas([0.9, 0.999])` */
export const betas = (fallback?: readonly number[]): Field<readonly number[]> =>
  field('betas', 'two numbers [β1, β2] with 0 ≤ β < 1', (v) => Array.isArray(v) && v.length === 2 && v.every((b) => isFiniteNumber(b) && b >= 0 && b < 1), fallback);
/** A finite number > 0. `positive('pScale', 3)` */
export const positive = (label: string, fallback?: number): Field<number> => field(label, 'a finite number > 0', (v) => isFiniteNumber(v) && v > 0, fallback);
/** `f`, or null for "does not apply to this group" (Muon's groups of two kinds). `orNull(fraction('momentum'))` */
export function orNull<V>(f: Field<V>, fallback?: V | null): Field<V | null> {
  const ok = f.ok;
  return field<V | null>(f.label, `${f.expected}, or null where it does not apply`, (v) => v === null || ok(v), fallback);
}
/** `count` finite numbers, one per param group. `perGroup('baseLrs', 2)` */
export const perGroup = (label: string, count: number): Field<number[]> =>
  field<number[]>(label, `${count} finite number${count === 1 ? '' : 's'}, one per param group`, (v) => Array.isArray(v) && v.length === count && v.every(isFiniteNumber), undefined);

/** ` in param group i` when there is more than one group, else nothing: one group needs no name. `inGroup(1, 2)` */
export function inGroup(index: number, count: number, saved = false): string {
  return count > 1 ? ` in ${saved ? 'saved ' : ''}param group ${index}` : '';
}

/** `param group i` when there is more than one group, else `the param group`. `groupName(0, 1, true)` → 'the saved param group' */
export function groupName(index: number, count: number, saved = false): string {
  const what = `${saved ? 'saved ' : ''}param group`;
  return count > 1 ? `${what} ${index}` : `the ${what}`;
}
