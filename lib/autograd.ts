// The tape. Every differentiable op records, on its output, its parent tensors and one closure
// that maps the output's gradient to its parents' gradients. backward() orders the recorded graph
// topologically with an explicit stack (no recursion: a 100,000-op chain must not overflow),
// walks it in reverse, and sums a gradient back down to a parent's shape when the op broadcast it.
import { fail, formatShape } from './errors.ts';
import { isTensor, makeTensor } from './factory.ts';
import { sameShape, sumToShape } from './kernels/shape.ts';
import type { Tensor } from './tensor.ts';

/**
 * Maps the output gradient to one gradient per parent (null where the parent needs none).
 * A returned gradient has either the parent's own shape or the output's (broadcast) shape;
 * the tape reduces the latter. Returned arrays are never mutated afterwards by the tape.
 */
export type BackwardFn = (gradOutput: Float64Array) => readonly (Float64Array | null)[];

/** What an op recorded on its output. */
export interface GradNode {
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly backward: BackwardFn;
  /**
   * Ownership: true when every array `backward` returns was allocated by that call alone — not
   * aliased with another returned array, with its input, or with anything the op keeps. The tape may
   * then add further contributions into such an array, and a leaf without a gradient adopts it as its
   * `.grad` instead of copying it. False (the default) makes no promise: the tape copies before writing.
   */
  readonly fresh: boolean;
}

let gradEnabled = true;
let visitEpoch = 0;

/** True when ops record the tape (false inside {@link noGrad}). `isGradEnabled()` */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording a tape, like `with torch.no_grad():`. `noGrad(() => model.forward(x))` */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** True when an op over these inputs must record itself. `if (needsGrad(x, y)) record(…)` */
export function needsGrad(a: Tensor, b?: Tensor): boolean {
  return gradEnabled && (a.requiresGrad || (b !== undefined && b.requiresGrad));
}

/**
 * Records `out` as produced by `op` from `parents`; the caller has checked {@link needsGrad}.
 * Pass `fresh = true` only when `backward` returns newly allocated, unshared arrays ({@link GradNode.fresh}).
 */
export function record(out: Tensor, op: string, parents: readonly Tensor[], backward: BackwardFn, fresh = false): Tensor {
  out.requiresGrad = true;
  out.node = { op, parents, backward, fresh };
  return out;
}

/** Reverse topological order of the graph below `root` (root first), by an explicit stack. */
function reverseTopologicalOrder(root: Tensor): Tensor[] {
  const epoch = ++visitEpoch;
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const nextParent: number[] = [0];
  root.visit = epoch;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const parents = t.node === null ? [] : t.node.parents;
    const i = nextParent[top];
    if (i < parents.length) {
      nextParent[top] = i + 1;
      const p = parents[i];
      if (p.requiresGrad && p.visit !== epoch) {
        p.visit = epoch;
        stack.push(p);
        nextParent.push(0);
      }
    } else {
      stack.pop();
      nextParent.pop();
      order.push(t);
    }
  }
  order.reverse();
  for (let i = 0; i < order.length; i++) order[i].slot = i;
  return order;
}

/** Position of `t` in the order just computed, or -1 when it is not in the graph. */
function slotOf(t: Tensor): number {
  return t.visit === visitEpoch ? t.slot : -1;
}

/**
 * Back-propagates `seed` (the gradient of something with respect to `root`) through the tape.
 * With `targets`, returns their gradients and writes no `.grad` anywhere; without, accumulates
 * into `.grad` of every leaf that requires grad, as `Tensor.backward` does.
 */
export function propagate(root: Tensor, seed: Float64Array, targets?: readonly Tensor[]): Float64Array[] {
  const order = reverseTopologicalOrder(root);
  // Per-tensor gradient accumulators, indexed by position in `order`.
  const grads = new Array<Float64Array | null>(order.length).fill(null);
  // 1 when grads[i] belongs to the tape (allocated here, or handed over by a fresh backward): it may be
  // added into, and a leaf may adopt it.
  const owned = new Uint8Array(order.length);
  grads[0] = seed;

  const results: Float64Array[] = [];
  const targetSlots = targets?.map(slotOf);

  for (let i = 0; i < order.length; i++) {
    const t = order[i];
    const g = grads[i];
    if (g === null) continue;
    if (t.node === null) {
      if (targets === undefined) accumulateLeafGrad(t, g, owned[i] === 1);
      continue;
    }
    const parentGrads = t.node.backward(g);
    const parents = t.node.parents;
    const fresh = t.node.fresh;
    for (let j = 0; j < parents.length; j++) {
      const p = parents[j];
      let pg = parentGrads[j];
      if (pg === null || pg === undefined || !p.requiresGrad) continue;
      const slot = p.slot;
      // A gradient in the output's broadcast shape is summed back to the parent's shape here, once.
      let mine = fresh;
      if (pg.length !== p.data.length) {
        pg = sumToShape(pg, t.shape, p.shape);
        mine = true;
      }
      const existing = grads[slot];
      if (existing === null) {
        grads[slot] = pg;
        owned[slot] = mine ? 1 : 0;
      } else if (owned[slot] === 1) {
        for (let k = 0; k < existing.length; k++) existing[k] += pg[k];
      } else {
        const sum = new Float64Array(existing.length);
        for (let k = 0; k < sum.length; k++) sum[k] = existing[k] + pg[k];
        grads[slot] = sum;
        owned[slot] = 1;
      }
    }
  }
  if (targetSlots !== undefined) {
    for (let k = 0; k < targetSlots.length; k++) {
      const slot = targetSlots[k];
      const g = slot >= 0 ? grads[slot] : null;
      results.push(g === null ? new Float64Array(targets![k].data.length) : Float64Array.from(g));
    }
  }
  return results;
}

/** Adds `g` into a leaf's `.grad`; a leaf without one adopts `g` when the tape owns it, else copies it. */
function accumulateLeafGrad(t: Tensor, g: Float64Array, owned: boolean): void {
  if (t.grad === null) {
    t.grad = makeTensor(owned ? g : Float64Array.from(g), t.shape);
  } else {
    const acc = t.grad.data;
    for (let k = 0; k < acc.length; k++) acc[k] += g[k];
  }
}

/** Validates the seed gradient of `root.backward(gradient)`. */
export function seedGradient(op: string, root: Tensor, gradient?: Tensor): Float64Array {
  if (!root.requiresGrad) {
    fail(op, 'the tensor does not require grad (was it made inside noGrad, or without requiresGrad?)');
  }
  if (gradient === undefined) {
    if (root.data.length !== 1) {
      fail(op, `a gradient can be implied only for a single-element output (got shape ${formatShape(root.shape)}); pass one of the same shape`);
    }
    return new Float64Array([1]);
  }
  if (!sameShape(gradient.shape, root.shape)) {
    fail(op, `gradient shape differs from the output's (got ${formatShape(gradient.shape)}, expected ${formatShape(root.shape)})`);
  }
  return gradient.data;
}

/**
 * Gradients of the scalar `fn()` with respect to `inputs`, without touching any `.grad`.
 * `const [gx] = grad(() => x.mul(x).sum(), [x])`. An input the output does not depend on gets zeros.
 */
export function grad(fn: () => Tensor, inputs: readonly Tensor[], gradOutput?: Tensor): Tensor[] {
  for (let i = 0; i < inputs.length; i++) {
    if (!isTensor(inputs[i]) || !inputs[i].requiresGrad) {
      fail('grad', `input ${i} must be a Tensor with requiresGrad (got ${isTensor(inputs[i]) ? 'requiresGrad=false' : typeof inputs[i]})`);
    }
  }
  const out = fn();
  if (!isTensor(out)) fail('grad', `fn must return a Tensor (got ${typeof out})`);
  if (!out.requiresGrad) {
    return inputs.map((x) => makeTensor(new Float64Array(x.data.length), x.shape));
  }
  const seed = seedGradient('grad', out, gradOutput);
  const grads = propagate(out, seed, inputs);
  return grads.map((g, i) => makeTensor(g, inputs[i].shape));
}
