// Shape arithmetic and the strided loops that broadcasting and reductions share.
// Plain functions on number[] and Float64Array; nothing here knows about Tensor.

/** Number of elements of a shape (1 for a scalar `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides. `stridesOf([2, 3, 4])` → [12, 4, 1] */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** True when two shapes are equal. `sameShape(a.shape, b.shape)` */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes, or null when they are incompatible. `broadcastShapes([2, 1], [3])` → [2, 3] */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/**
 * Strides that read a tensor of shape `inner` as if it had the (broadcast) shape `outer`:
 * leading missing axes and size-1 axes get stride 0.
 */
export function broadcastStrides(inner: readonly number[], outer: readonly number[]): number[] {
  const strides = new Array<number>(outer.length).fill(0);
  const own = stridesOf(inner);
  const offset = outer.length - inner.length;
  for (let i = 0; i < inner.length; i++) strides[i + offset] = inner[i] === 1 ? 0 : own[i];
  return strides;
}

/**
 * Walks every index of `shape` in row-major order, mapping it through `strides` into
 * `src` and writing `out[i] = src[offset]` (gather) — the shared engine of expand and permute.
 */
export function gatherStrided(src: Float64Array, shape: readonly number[], strides: readonly number[], out: Float64Array): Float64Array {
  const n = out.length;
  const rank = shape.length;
  if (rank === 0) {
    if (n > 0) out[0] = src[0];
    return out;
  }
  const counter = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const lastSize = shape[last];
  const lastStride = strides[last];
  let offset = 0;
  for (let i = 0; i < n;) {
    for (let j = 0, o = offset; j < lastSize; j++, o += lastStride) out[i++] = src[o];
    // advance the odometer over the outer axes
    let axis = last - 1;
    while (axis >= 0) {
      counter[axis]++;
      offset += strides[axis];
      if (counter[axis] < shape[axis]) break;
      offset -= strides[axis] * shape[axis];
      counter[axis] = 0;
      axis--;
    }
  }
  return out;
}

/**
 * The transpose of {@link gatherStrided}: `out[offset] += src[i]` for every index of `shape`.
 * This is how a broadcast gradient is summed back to its input's shape, and how sums over axes reduce.
 * `out` must be zeroed (or hold values to accumulate onto).
 */
export function scatterAddStrided(src: Float64Array, shape: readonly number[], strides: readonly number[], out: Float64Array): Float64Array {
  const n = src.length;
  const rank = shape.length;
  if (rank === 0) {
    if (n > 0) out[0] += src[0];
    return out;
  }
  const counter = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const lastSize = shape[last];
  const lastStride = strides[last];
  let offset = 0;
  for (let i = 0; i < n;) {
    if (lastStride === 0) {
      let acc = 0;
      for (let j = 0; j < lastSize; j++) acc += src[i++];
      out[offset] += acc;
    } else {
      for (let j = 0, o = offset; j < lastSize; j++, o += lastStride) out[o] += src[i++];
    }
    let axis = last - 1;
    while (axis >= 0) {
      counter[axis]++;
      offset += strides[axis];
      if (counter[axis] < shape[axis]) break;
      offset -= strides[axis] * shape[axis];
      counter[axis] = 0;
      axis--;
    }
  }
  return out;
}

/** Copies `src` (shape `from`) broadcast to shape `to`. */
export function expandTo(src: Float64Array, from: readonly number[], to: readonly number[]): Float64Array {
  return gatherStrided(src, to, broadcastStrides(from, to), new Float64Array(sizeOf(to)));
}

/** Sums `src` (shape `from`, a broadcast of `to`) back down to shape `to`. */
export function sumToShape(src: Float64Array, from: readonly number[], to: readonly number[]): Float64Array {
  return scatterAddStrided(src, from, broadcastStrides(to, from), new Float64Array(sizeOf(to)));
}

/**
 * The offset Σ index[d]·strides[d] of every index of `shape`, in row-major order: where each element of a
 * tensor of `shape` lands in (or is read from) another layout. `offsetsOf([2, 2], [0, 1])` → [0, 1, 0, 1]
 */
export function offsetsOf(shape: readonly number[], strides: readonly number[]): Int32Array {
  const out = new Int32Array(sizeOf(shape));
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = offset;
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis]++;
      offset += strides[axis];
      if (counter[axis] < shape[axis]) break;
      offset -= strides[axis] * shape[axis];
      counter[axis] = 0;
    }
  }
  return out;
}
