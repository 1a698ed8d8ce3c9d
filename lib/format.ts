// How tensors print. formatTensor lays a tensor out as torch's repr does (torch/_tensor_str.py, default print
// options): one number format for the whole tensor — `1.` when every value is an integer, `1.2346` with four
// decimals, or `1.2346e+03` when the magnitudes span more than 1000× (or pass 1e8, or fall below 1e-4) —
// each right-aligned to the widest, rows wrapped at 80 columns, and with more than 1000 elements only the
// first and last three entries of every axis, with `...` between. Node's console.log uses it (the inspect
// hook on Tensor); `String(x)` stays the compact JSON form, which is what a browser console shows.
import type { NestedArray, Tensor } from './tensor.ts';

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

/** The values of a row-major array as nested arrays (a number for a scalar). `nestedArray(data, [2, 2])` @internal */
export function nestedArray(data: Float64Array, shape: readonly number[]): NestedArray {
  const build = (axis: number, offset: number): NestedArray => {
    if (axis === shape.length) return data[offset];
    let stride = 1;
    for (let i = axis + 1; i < shape.length; i++) stride *= shape[i];
    const out = new Array<NestedArray>(shape[axis]);
    for (let i = 0; i < shape[axis]; i++) out[i] = build(axis + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

/** Python's `{:.4e}`: at least two exponent digits (`1.0000e+00`), and nan/inf in lower case. */
function exponential(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const [mantissa, exponent] = v.toExponential(PRECISION).split('e');
  const sign = exponent[0] === '-' ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '');
  return `${mantissa}e${sign}${digits.padStart(2, '0')}`;
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

/** One format for every shown value, and the width they are aligned to. */
function formatterFor(values: readonly number[]): (v: number) => string {
  const nonzero = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  let format: (v: number) => string = (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : nonFinite(v));
  if (nonzero.length > 0) {
    const min = Math.min(...nonzero);
    const max = Math.max(...nonzero);
    const integers = values.every((v) => !Number.isFinite(v) || v === Math.ceil(v));
    const wide = max / min > 1000 || max > 1e8 || (!integers && min < 1e-4);
    if (wide) format = exponential;
    else if (!integers) format = (v) => (Number.isFinite(v) ? v.toFixed(PRECISION) : nonFinite(v));
  }
  // torch measures the width over the non-zero finite values only, with at least 1
  let width = 1;
  for (const v of values) if (Number.isFinite(v) && v !== 0) width = Math.max(width, format(v).length);
  return (v) => format(v).padStart(width);
}

/** The positions of an axis of `size` that are shown: all, or the first and last EDGE_ITEMS when summarising. */
function shown(size: number, summarize: boolean): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  return summarize && size > 2 * EDGE_ITEMS ? [...all.slice(0, EDGE_ITEMS), -1, ...all.slice(size - EDGE_ITEMS)] : all;
}

/**
 * The tensor as torch prints it: `tensor([[1., 2.],\n        [3., 4.]], requiresGrad=true)`, with `gradFn=<op>`
 * for a tensor made by a recorded op. `formatTensor(x)`
 */
export function formatTensor(t: Tensor): string {
  const { data, shape } = t;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const summarize = data.length > THRESHOLD;
  const values: number[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      values.push(data[offset]);
      return;
    }
    for (const i of shown(shape[axis], summarize)) if (i >= 0) collect(axis + 1, offset + i * strides[axis]);
  };
  if (data.length > 0) collect(0, 0);
  const format = formatterFor(values);
  const elementLength = (values.length > 0 ? format(values[0]).length : 1) + 2;

  const layout = (axis: number, offset: number, indent: number): string => {
    if (axis === shape.length) return format(data[offset]);
    const items = shown(shape[axis], summarize);
    if (axis === shape.length - 1) {
      const cells = items.map((i) => (i < 0 ? ' ...' : format(data[offset + i])));
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / elementLength));
      const lines: string[] = [];
      for (let i = 0; i < cells.length; i += perLine) lines.push(cells.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }
    const slices = items.map((i) => (i < 0 ? '...' : layout(axis + 1, offset + i * strides[axis], indent + 1)));
    return `[${slices.join(`,${'\n'.repeat(shape.length - axis - 1)}${' '.repeat(indent + 1)}`)}]`;
  };

  const prefix = 'tensor(';
  const body = data.length === 0 ? '[]' : layout(0, 0, prefix.length);
  const suffixes: string[] = [];
  if (data.length === 0 && !(shape.length === 1 && shape[0] === 0)) suffixes.push(`size=[${shape.join(', ')}]`);
  if (t.node !== null) suffixes.push(`gradFn=<${t.node.op}>`);
  else if (t.requiresGrad) suffixes.push('requiresGrad=true');
  let out = prefix + body;
  let lastLine = out.length - out.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > LINE_WIDTH) {
      out += `,\n${' '.repeat(prefix.length)}${s}`;
      lastLine = prefix.length + s.length;
    } else {
      out += `, ${s}`;
      lastLine += s.length + 2;
    }
  }
  return `${out})`;
}
