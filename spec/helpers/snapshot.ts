// Snapshots of everything a failed call must leave alone: tensors (data, shape, grad, requiresGrad and
// the identity of their arrays), modules (every parameter, the training flags), optimisers (param
// groups, per-parameter state, step count) and schedulers — any object graph, walked generically.
// A snapshot is a flat list of (path, value) entries; numbers in typed arrays are stored as their
// 64 bits, so "unchanged" means bit-identical (−0 ≠ +0, NaN payloads kept), and every object is also
// recorded by identity, so replacing a buffer by an equal copy counts as a change too.
import * as assert from 'uvu/assert';
import { Tensor } from '../../lib/tensor.ts';

type Value = number | string | boolean | bigint | null | undefined | symbol | { ref: object };
type Entry = readonly [string, Value];

/** What {@link snapshot} captured: compare two with {@link diffSnapshots}. */
export interface Snapshot {
  readonly entries: readonly Entry[];
}

// Scratch space that is not state: the optimiser's finiteness guard reuses copy buffers across steps,
// and a tensor's tape bookkeeping (node, visit, slot) changes whenever a graph is traversed.
const SKIPPED = new Set(['guard', 'node', 'visit', 'slot']);

function bitsOf(a: Float64Array): BigUint64Array {
  const copy = a.slice(); // copies bytes, so NaN payloads survive
  return new BigUint64Array(copy.buffer, copy.byteOffset, copy.length);
}

function walk(value: unknown, path: string, out: Entry[], seen: Set<object>): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    out.push([path, value as Value]);
    return;
  }
  const obj = value;
  out.push([path, { ref: obj }]);
  if (typeof value === 'function' || seen.has(obj)) return;
  seen.add(obj);
  if (value instanceof Tensor) {
    out.push([`${path}.shape`, value.shape.join(',')], [`${path}.requiresGrad`, value.requiresGrad]);
    walk(value.data, `${path}.data`, out, seen);
    walk(value.grad, `${path}.grad`, out, seen);
    return;
  }
  if (value instanceof Float64Array) {
    const bits = bitsOf(value);
    out.push([`${path}.length`, value.length]);
    for (let i = 0; i < bits.length; i++) out.push([`${path}[${i}]`, bits[i]]);
    return;
  }
  if (ArrayBuffer.isView(value)) {
    const arr = Array.from(value as unknown as ArrayLike<number | bigint>);
    out.push([`${path}.length`, arr.length]);
    arr.forEach((v, i) => out.push([`${path}[${i}]`, v]));
    return;
  }
  if (value instanceof Map) {
    out.push([`${path}.size`, value.size]);
    let i = 0;
    for (const [k, v] of value) {
      walk(k, `${path}<key ${i}>`, out, seen);
      walk(v, `${path}<value ${i}>`, out, seen);
      i++;
    }
    return;
  }
  if (Array.isArray(value)) {
    out.push([`${path}.length`, value.length]);
    value.forEach((v, i) => walk(v, `${path}[${i}]`, out, seen));
    return;
  }
  const keys = Object.keys(value);
  out.push([`${path}.keys`, keys.join(',')]);
  for (const k of keys) if (!SKIPPED.has(k)) walk((value as Record<string, unknown>)[k], `${path}.${k}`, out, seen);
}

/** Captures `roots` (tensors, modules, optimisers, schedulers, plain objects…) deeply. */
export function snapshot(...roots: unknown[]): Snapshot {
  const entries: Entry[] = [];
  const seen = new Set<object>();
  roots.forEach((r, i) => walk(r, `#${i}`, entries, seen));
  return { entries };
}

function same(a: Value, b: Value): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return a.ref === b.ref;
  return Object.is(a, b);
}

function show(v: Value): string {
  if (typeof v === 'bigint') return `bits 0x${v.toString(16)} (${new Float64Array(new BigUint64Array([v]).buffer)[0]})`;
  if (typeof v === 'object' && v !== null) return `object ${v.ref.constructor?.name ?? ''}`;
  return String(v);
}

/** The first difference between two snapshots, as a readable line, or null when they are identical. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string | null {
  const a = before.entries;
  const b = after.entries;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i][0] !== b[i][0]) return `structure changed at ${a[i][0]} (now ${b[i][0]})`;
    if (!same(a[i][1], b[i][1])) return `${a[i][0]} changed from ${show(a[i][1])} to ${show(b[i][1])}`;
  }
  if (a.length !== b.length) return `structure changed: ${a.length} entries before, ${b.length} after (first extra ${(a[n] ?? b[n])[0]})`;
  return null;
}

/** Asserts `roots` are exactly as `before` captured them. */
export function assertUnchanged(before: Snapshot, roots: readonly unknown[], what = 'state'): void {
  const diff = diffSnapshots(before, snapshot(...roots));
  assert.ok(diff === null, `${what}: ${diff}`);
}
