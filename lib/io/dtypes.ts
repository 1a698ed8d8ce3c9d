// Reading the storage types of safetensors into float64. Every F16, BF16 and F32 value and every integer up to
// 2⁵³ in magnitude is a float64 exactly, so loading is exact; an I64 or U64 value beyond 2⁵³ (rare: torch's
// num_batches_tracked is an I64 count) would be rounded, and is refused instead. The 8-bit float formats
// are refused as unsupported. Writing stays F64 (exact) or F32 (rounded, on request).
//   F16   1 sign, 5 exponent (bias 15), 10 mantissa bits;  BF16  the upper half of an F32
import { fail } from '../errors.ts';

/** Storage types that loading understands. */
export type ReadableDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'U64' | 'I32' | 'U32' | 'I16' | 'U16' | 'I8' | 'U8' | 'BOOL';

/** Bytes per element of each readable type. */
export const DTYPE_BYTES: Readonly<Record<ReadableDtype, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, U64: 8, I32: 4, U32: 4, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1 };

/** True for a type `decode` reads. `isReadable('BF16')` */
export function isReadable(dtype: string): dtype is ReadableDtype {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, dtype);
}

/** An IEEE half-precision value from its 16 bits (exact in float64). `halfToNumber(0x3c00)` → 1 */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/**
 * `count` little-endian values of `dtype` from `view` at byte `at`, as float64; `name` for messages.
 * `decode('loadSafetensors', view, 8, 4, 'BF16', 'layers.0.weight')`
 */
export function decode(op: string, view: DataView, at: number, count: number, dtype: ReadableDtype, name: string): Float64Array {
  const out = new Float64Array(count);
  const size = DTYPE_BYTES[dtype];
  const scratch = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < count; i++) {
    const p = at + i * size;
    switch (dtype) {
      case 'F64':
        out[i] = view.getFloat64(p, true);
        break;
      case 'F32':
        out[i] = view.getFloat32(p, true);
        break;
      case 'F16':
        out[i] = halfToNumber(view.getUint16(p, true));
        break;
      case 'BF16':
        scratch.setUint16(0, view.getUint16(p, true));
        out[i] = scratch.getFloat32(0);
        break;
      case 'I64':
      case 'U64': {
        const v = dtype === 'I64' ? view.getBigInt64(p, true) : view.getBigUint64(p, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
          fail(op, `tensor ${name}: ${dtype} value ${v} at index ${i} has no exact float64 (expected |value| ≤ 2^53 − 1)`);
        }
        out[i] = Number(v);
        break;
      }
      case 'I32':
        out[i] = view.getInt32(p, true);
        break;
      case 'U32':
        out[i] = view.getUint32(p, true);
        break;
      case 'I16':
        out[i] = view.getInt16(p, true);
        break;
      case 'U16':
        out[i] = view.getUint16(p, true);
        break;
      case 'I8':
        out[i] = view.getInt8(p);
        break;
      case 'U8':
        out[i] = view.getUint8(p);
        break;
      case 'BOOL':
        out[i] = view.getUint8(p) === 0 ? 0 : 1;
        break;
    }
  }
  return out;
}
