// Loading a module's state dict: every entry checked (missing, unexpected, not a tensor, wrong shape)
// and every problem reported together before anything is copied, so a failed load changes nothing.
import { markWritten } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { sameShape } from '../kernels/shape.ts';
import { Tensor } from '../tensor.ts';

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /** Refuse missing and unexpected names (default true). Mis-shaped entries are refused either way. */
  strict?: boolean;
}

/** Copies `stateDict` into the tensors of `entries` (name → live tensor), all or nothing. `loadEntries(entries, sd, { strict: true })` @internal */
export function loadEntries(entries: readonly [string, Tensor][], stateDict: Record<string, Tensor>, options: LoadStateDictOptions): void {
  if (stateDict === null || typeof stateDict !== 'object') {
    fail('loadStateDict', `expected an object of tensors by name (got ${stateDict === null ? 'null' : typeof stateDict})`);
  }
  if (options === null || typeof options !== 'object') fail('loadStateDict', `options must be an object (got ${String(options)})`);
  for (const k of Object.keys(options)) if (k !== 'strict') fail('loadStateDict', `unknown option '${k}' (expected strict)`);
  const strict = options.strict ?? true;
  if (typeof strict !== 'boolean') fail('loadStateDict', `strict must be true or false (got ${String(strict)})`);
  // Listed as missing, unexpected, then wrong entries, each in state (or given) order.
  const missing: string[] = [];
  const unexpected: string[] = [];
  const wrong: string[] = [];
  const known = new Set<string>();
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(stateDict, name);
  for (const [name, t] of entries) {
    known.add(name);
    if (!has(name)) {
      if (strict) missing.push(`missing ${name}`);
      continue;
    }
    const value = stateDict[name];
    if (!(value instanceof Tensor)) wrong.push(`${name} is not a Tensor (got ${value === null ? 'null' : typeof value})`);
    else if (!sameShape(value.shape, t.shape)) wrong.push(`${name} has shape ${formatShape(value.shape)} (expected ${formatShape(t.shape)})`);
  }
  if (strict) {
    for (const name of Object.keys(stateDict)) if (!known.has(name)) unexpected.push(`unexpected ${name}`);
  }
  const problems = [...missing, ...unexpected, ...wrong];
  if (problems.length > 0) fail('loadStateDict', problems.join('; '));
  for (const [name, t] of entries) {
    if (!has(name)) continue;
    // Counted as an in-place write: a backward recorded with the old values then refuses (lib/autograd.ts).
    markWritten(t, `loadStateDict on '${name}'`);
    t.data.set(stateDict[name].data);
  }
}
