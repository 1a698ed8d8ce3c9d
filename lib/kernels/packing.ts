/**
 * The packing and k-blocking shared by the TypeScript kernel (matmul.ts) and the WebAssembly one
 * (matmul-simd.ts): both cut k the same way and read the same packed strips, which is what makes their
 * results bit-identical (see matmul.ts's header for why each choice was made).
 */

/** Tile height: rows of A per packed strip. */
export const MR = 4;
/** Tile width: columns of B per packed strip. */
export const NR = 4;
/** Depth of a k block at most. */
export const KC = 256;
/** Rows of A packed at once, at most. */
export const MC = 64;
/** Columns of B packed at once, at most (bounds the scratch memory). */
export const NC = 1024;

/** k is cut into nearly equal blocks of at most KC: the depth of every block but a shorter last one. `kBlockDepth(784) === 196` */
export function kBlockDepth(k: number): number {
  return Math.ceil(k / Math.ceil(k / KC));
}

/**
 * Packs a kc-deep slice of `count` lines of a matrix into strips of `width` lines, element (line l, depth p)
 * read at src[base + l·lineStride + (p0 + p)·depthStride]; each strip is kc × width, depth-major,
 * zero-padded past `count`. For B the lines are columns; for A they are rows.
 */
export function pack(
  src: Float64Array,
  lineStride: number,
  depthStride: number,
  p0: number,
  kc: number,
  count: number,
  dst: Float64Array,
  width: number,
  base: number,
  o: number,
): void {
  for (let l0 = 0; l0 < count; l0 += width) {
    const lines = Math.min(width, count - l0);
    let s = base + l0 * lineStride + p0 * depthStride;
    if (lines === 4 && width === 4) { // full 4-wide strips (both kernels' tiles) skip the padding test
      for (let p = 0; p < kc; p++, s += depthStride, o += 4) {
        dst[o] = src[s];
        dst[o + 1] = src[s + lineStride];
        dst[o + 2] = src[s + 2 * lineStride];
        dst[o + 3] = src[s + 3 * lineStride];
      }
      continue;
    }
    for (let p = 0; p < kc; p++, s += depthStride) {
      for (let l = 0; l < width; l++) dst[o++] = l < lines ? src[s + l * lineStride] : 0;
    }
  }
}
