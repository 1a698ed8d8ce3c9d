// safetensors, as the reference library (huggingface/safetensors) lays it out:
//   [u64 little-endian N][N bytes of UTF-8 JSON header, space-padded so 8 + N ≡ 0 (mod 8)][data]
//   header = {"__metadata__": {string: string}?, name: {"dtype", "shape", "data_offsets": [begin, end]}}
// Offsets are relative to the data section; tensors are stored by dtype alignment (descending),
// then by name, back to back, as the Rust crate writes them — so our files are byte-identical to its.
// Loading checks what the crate checks: header bounds, JSON, dtypes, sizes, and that the byte
// ranges tile the data section exactly (no gap, no overlap, nothing after). Browser-safe.
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { sizeOf } from '../kernels/shape.ts';
import { Tensor } from '../tensor.ts';
import { decode, DTYPE_BYTES, isReadable, type ReadableDtype } from './dtypes.ts';

/** Storage types trustgrad writes (it reads these and F16, BF16 and the integer types too, widened to float64). */
export type SafetensorsDtype = 'F64' | 'F32';

/** Options of {@link saveSafetensors}. */
export interface SaveSafetensorsOptions {
  /** Storage type of every tensor (default 'F64', exact). 'F32' rounds to nearest. */
  dtype?: SafetensorsDtype;
  /** String pairs stored as `__metadata__`, e.g. `{ format: 'pt' }` as PyTorch's save_file writes. */
  metadata?: Record<string, string>;
}

const KEYS: KeySet<SaveSafetensorsOptions> = { dtype: true, metadata: true };
// Every dtype the format defines, so a valid file we cannot read is told apart from a corrupt one.
const KNOWN_DTYPES = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];
/** The crate's MAX_HEADER_SIZE: a larger header is refused before anything is allocated. */
const MAX_HEADER = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Order of names as Rust compares strings: by UTF-8 bytes, i.e. by code point (not UTF-16 unit). */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Serialises tensors by name into safetensors bytes.
 * `io.saveSafetensors(model.stateDict(), { metadata: { format: 'pt' } })`
 */
export function saveSafetensors(tensors: Record<string, Tensor>, options: SaveSafetensorsOptions = {}): Uint8Array {
  const op = 'saveSafetensors';
  if (tensors === null || typeof tensors !== 'object') fail(op, `expected an object of tensors by name (got ${tensors === null ? 'null' : typeof tensors})`);
  if (typeof (tensors as { stateDict?: unknown }).stateDict === 'function') {
    fail(op, 'got a model, expected its tensors by name: pass model.stateDict() (got an object with a stateDict() method)');
  }
  checkOptions(op, KEYS, options);
  const dtype = options.dtype ?? 'F64';
  if (dtype !== 'F64' && dtype !== 'F32') fail(op, `unsupported dtype ${JSON.stringify(dtype)} (expected 'F64' or 'F32')`);
  // The header is written field by field: JSON.stringify of an object would move integer-like
  // names ("10", "2") to the front, and the crate writes entries in data order.
  const parts: string[] = [];
  if (options.metadata !== undefined) {
    const md = options.metadata;
    if (md === null || typeof md !== 'object') fail(op, `metadata must be an object of strings (got ${md === null ? 'null' : typeof md})`);
    for (const [k, v] of Object.entries(md)) if (typeof v !== 'string') fail(op, `metadata value ${k} must be a string (got ${typeof v})`);
    parts.push(`"__metadata__":${JSON.stringify(md)}`);
  }
  // One dtype for all, so the crate's order (alignment descending, then name) is the name order.
  const names = Object.keys(tensors).sort(byCodePoint);
  for (const name of names) {
    if (name === '__metadata__') fail(op, 'the name __metadata__ is reserved for the metadata');
    if (!(tensors[name] instanceof Tensor)) fail(op, `${name} is not a Tensor (got ${tensors[name] === null ? 'null' : typeof tensors[name]})`);
  }
  const size = DTYPE_BYTES[dtype];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const end = offset + t.data.length * size;
    parts.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype, shape: t.shape, data_offsets: [offset, end] })}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const n = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + n + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const name of names) {
    const data = tensors[name].data;
    if (dtype === 'F64' && LITTLE_ENDIAN) {
      // Copy the bytes themselves: bit-exact, NaN payloads included.
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    } else if (dtype === 'F64') {
      for (let i = 0; i < data.length; i++) view.setFloat64(at + 8 * i, data[i], true);
    } else {
      for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i], true);
    }
    at += data.length * size;
  }
  return out;
}

/** Sets an own property, safe for any name a file may hold ("__proto__" included). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A validated header entry. */
interface Entry {
  name: string;
  dtype: ReadableDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Parses and checks the whole header against the buffer; reads no tensor data. */
function parseHeader(op: string, bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string>; dataStart: number } {
  if (!(bytes instanceof Uint8Array)) fail(op, `expected a Uint8Array (got ${bytes === null ? 'null' : typeof bytes})`);
  if (bytes.length < 8) fail(op, `the buffer is too short for the 8-byte header length (got ${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const high = view.getUint32(4, true);
  const n = high * 2 ** 32 + view.getUint32(0, true);
  if (high !== 0 || n > MAX_HEADER) fail(op, `the header length is implausibly large (got ${n} bytes, limit ${MAX_HEADER})`);
  if (8 + n > bytes.length) fail(op, `the header runs past the end of the buffer (got header length ${n}, but only ${bytes.length - 8} bytes follow)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    return fail(op, 'the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return fail(op, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(op, `the header must be a JSON object (got ${Array.isArray(header) ? 'an array' : String(header)})`);

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) fail(op, '__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(op, `__metadata__ value ${k} must be a string (got ${JSON.stringify(v)})`);
        setOwn(metadata, k, v);
      }
      continue;
    }
    entries.push(parseEntry(op, name, info));
  }
  // The ranges, sorted by start, must tile [0, dataLength) exactly.
  const dataLength = bytes.length - 8 - n;
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin < expected) fail(op, `tensor ${e.name} overlaps the previous tensor (got data_offsets [${e.begin},${e.end}], expected a start ≥ ${expected})`);
    if (e.begin > expected) fail(op, `there is a gap in the data before tensor ${e.name} (got start ${e.begin}, expected ${expected})`);
    if (e.end > dataLength) fail(op, `tensor ${e.name} runs past the end of the data (got data_offsets [${e.begin},${e.end}], data section is ${dataLength} bytes)`);
    expected = e.end;
  }
  if (expected !== dataLength) fail(op, `the data section has ${dataLength - expected} bytes no tensor covers (tensors end at ${expected}, data is ${dataLength} bytes)`);
  return { entries, metadata, dataStart: 8 + n };
}

function parseEntry(op: string, name: string, info: unknown): Entry {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) fail(op, `tensor ${name}: entry must be an object with dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') fail(op, `tensor ${name}: dtype must be a string (got ${JSON.stringify(dtype)})`);
  if (!isReadable(dtype)) {
    const readable = Object.keys(DTYPE_BYTES).join(', ');
    if (KNOWN_DTYPES.includes(dtype)) fail(op, `tensor ${name}: dtype ${dtype} is not supported (expected one of ${readable})`);
    fail(op, `tensor ${name}: unknown dtype ${JSON.stringify(dtype)} (expected one of ${readable})`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(op, `tensor ${name}: shape must be an array of non-negative integers (got ${JSON.stringify(shape)})`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    fail(op, `tensor ${name}: data_offsets must be two non-negative integers (got ${JSON.stringify(offsets)})`);
  }
  const [begin, end] = offsets as number[];
  if (end < begin) fail(op, `tensor ${name}: data_offsets end before they begin (got [${begin},${end}])`);
  const bytes = sizeOf(shape) * DTYPE_BYTES[dtype];
  if (end - begin !== bytes) {
    fail(op, `tensor ${name}: data_offsets span ${end - begin} bytes but shape ${JSON.stringify(shape)} of ${dtype} needs ${bytes}`);
  }
  return { name, dtype, shape: (shape as number[]).slice(), begin, end };
}

/**
 * Reads safetensors bytes into float64 tensors by name: F32, F16, BF16 and integers are widened exactly
 * (a 64-bit integer beyond 2⁵³ is refused). `model.loadStateDict(io.loadSafetensors(bytes))`
 */
export function loadSafetensors(bytes: Uint8Array): Record<string, Tensor> {
  const op = 'loadSafetensors';
  const { entries, dataStart } = parseHeader(op, bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Every tensor is decoded before any is returned, so a refused value leaves nothing half-read.
  const decoded = entries.map((e) => {
    const at = dataStart + e.begin;
    const count = (e.end - e.begin) / DTYPE_BYTES[e.dtype];
    if (e.dtype !== 'F64' || !LITTLE_ENDIAN) return decode(op, view, at, count, e.dtype, e.name);
    // Copy the bytes: bit-exact (NaN payloads included) whatever the alignment of the source.
    const data = new Float64Array(count);
    new Uint8Array(data.buffer).set(bytes.subarray(at, at + 8 * count));
    return data;
  });
  const out: Record<string, Tensor> = {};
  entries.forEach((e, i) => setOwn(out, e.name, new Tensor(decoded[i], e.shape)));
  return out;
}

/** The `__metadata__` strings of a safetensors file ({} when it has none). `io.readSafetensorsMetadata(bytes).format` */
export function readSafetensorsMetadata(bytes: Uint8Array): Record<string, string> {
  return parseHeader('readSafetensorsMetadata', bytes).metadata;
}
