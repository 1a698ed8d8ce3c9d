// The walk behind backward() and grad(). The recorded graph below the output is ordered topologically
// with an explicit stack (no recursion: a 100,000-op chain must not overflow), then walked in reverse,
// handing each node's gradient to its parents and summing a gradient back down to a parent's shape where
// the op broadcast it (once, here, for every op). Two walks share the order:
//   propagate       the fast path: gradients are Float64Arrays, each node's `backward` closure is called;
//   propagateGraph  createGraph: gradients are Tensors and each node's `graph` closure computes the same
//                   derivative with differentiable ops, so the walk is itself recorded and a gradient can be
//                   differentiated again (double backward). A node without one refuses, never detaches.
// Before the walk, every node's saved tensors are checked against the versions they had when it was
// recorded: a tensor the library changed in place since (an optimiser step, loadStateDict) would make the
// gradient silently wrong, so backward refuses and names it — before any `.grad` is touched.
import { fail, formatShape } from './errors.ts';
import { makeTensor } from './factory.ts';
import { sameShape, sumToShape } from './kernels/shape.ts';
import type { Tensor } from './tensor.ts';

/**
 * The fast backward: maps the output gradient to one gradient per parent (null where the parent needs none).
 * A returned gradient has either the parent's own shape or the output's (broadcast) shape; the tape reduces
 * the latter. Returned arrays are never mutated afterwards by the tape unless the node is `fresh`.
 */
export type BackwardFn = (gradOutput: Float64Array) => readonly (Float64Array | null)[];

/**
 * The same derivative as {@link BackwardFn}, written with differentiable Tensor ops so that createGraph can
 * record it. A returned gradient has the parent's shape or the output's (the tape sums it down, recorded).
 */
export type GraphBackwardFn = (gradOutput: Tensor) => readonly (Tensor | null)[];

/** What an op recorded on its output. */
export interface GradNode {
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly backward: BackwardFn;
  /** The differentiable backward for createGraph, or null when the op has none (createGraph then refuses it). */
  readonly graph: GraphBackwardFn | null;
  /**
   * Ownership: true when every array `backward` returns was allocated by that call alone — not aliased with
   * another returned array, with its input, or with anything the op keeps. The tape may then add further
   * contributions into such an array, and a leaf without a gradient adopts it as its `.grad` instead of
   * copying it. False makes no promise: the tape copies before writing.
   */
  readonly fresh: boolean;
  /** The tensors whose values the backward reads, and their versions when the op ran. */
  readonly saved: readonly Tensor[];
  readonly versions: readonly number[];
}

let visitEpoch = 0;

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
 * Throws, before anything is written, when a node's saved tensor has been changed in place since the op
 * ran (its version moved), or — for createGraph — when a node has no differentiable backward.
 */
function checkGraph(op: string, order: readonly Tensor[], createGraph: boolean): void {
  for (const t of order) {
    const node = t.node;
    if (node === null) continue;
    const saved = node.saved;
    for (let k = 0; k < saved.length; k++) {
      const s = saved[k];
      if (s.version === node.versions[k]) continue;
      const by = (s.base ?? s).lastWrite ?? 'an in-place write';
      fail(op, `${by} changed a tensor of shape ${formatShape(s.shape)} in place after ${node.op} saved it for backward (got version ${s.version}, ` +
        `expected ${node.versions[k]}), so its gradient would be computed from the new values; run the forward again after the change, or make the change after backward`);
    }
    if (createGraph && node.graph === null) {
      fail(op, `${node.op} has no differentiable backward, so { createGraph: true } cannot pass through it (got ${node.op} on the path to an input); ` +
        'take first-order gradients without createGraph, or give the op a graph backward (docs/autograd.md)');
    }
  }
}

/**
 * Back-propagates `seed` (the gradient of something with respect to `root`) through the tape.
 * With `targets`, returns their gradients and writes no `.grad` anywhere; without, accumulates
 * into `.grad` of every leaf that requires grad, as `Tensor.backward` does.
 */
export function propagate(op: string, root: Tensor, seed: Float64Array, targets?: readonly Tensor[]): Float64Array[] {
  const order = reverseTopologicalOrder(root);
  checkGraph(op, order, false);
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
    const node = t.node;
    if (node === null) {
      if (targets === undefined) accumulateLeafGrad(t, g, owned[i] === 1);
      continue;
    }
    const parentGrads = node.backward(g);
    const parents = node.parents;
    const fresh = node.fresh;
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

/**
 * Adds `g` into a leaf's `.grad`; a leaf without one adopts `g` when the tape owns it, else copies it.
 * A `.grad` left by a createGraph backward is on a tape of its own, so it is replaced by a sum, not written.
 */
function accumulateLeafGrad(t: Tensor, g: Float64Array, owned: boolean): void {
  if (t.grad === null) {
    t.grad = makeTensor(owned ? g : Float64Array.from(g), t.shape);
  } else if (t.grad.requiresGrad) {
    t.grad = t.grad.add(makeTensor(Float64Array.from(g), t.shape));
  } else {
    const acc = t.grad.data;
    for (let k = 0; k < acc.length; k++) acc[k] += g[k];
  }
}

/**
 * The createGraph walk: as {@link propagate}, with Tensor gradients and each node's differentiable backward,
 * so every gradient it returns (or leaves in `.grad`) is itself on the tape. The caller enables recording.
 * An input the output does not reach gets null.
 */
export function propagateGraph(op: string, root: Tensor, seed: Tensor, targets?: readonly Tensor[]): (Tensor | null)[] {
  const order = reverseTopologicalOrder(root);
  checkGraph(op, order, true);
  const grads = new Array<Tensor | null>(order.length).fill(null);
  grads[0] = seed;
  for (let i = 0; i < order.length; i++) {
    const t = order[i];
    const g = grads[i];
    if (g === null) continue;
    const node = t.node;
    if (node === null) {
      // A fresh tensor per leaf: `g` may be shared (add hands one gradient to both parents).
      if (targets === undefined) t.grad = t.grad === null ? g.clone() : t.grad.add(g);
      continue;
    }
    const parentGrads = node.graph!(g);
    const parents = node.parents;
    for (let j = 0; j < parents.length; j++) {
      const p = parents[j];
      let pg = parentGrads[j];
      if (pg === null || pg === undefined || !p.requiresGrad) continue;
      if (!sameShape(pg.shape, p.shape)) pg = sumTo(op, node.op, pg, t.shape, p.shape);
      const existing = grads[p.slot];
      grads[p.slot] = existing === null ? pg : existing.add(pg);
    }
  }
  return targets === undefined ? [] : targets.map((x) => {
    const slot = slotOf(x);
    return slot >= 0 ? grads[slot] : null;
  });
}

/** Sums a gradient in the output's broadcast shape down to a parent's shape, with recorded ops. */
function sumTo(op: string, nodeOp: string, g: Tensor, outShape: readonly number[], shape: readonly number[]): Tensor {
  if (!sameShape(g.shape, outShape)) {
    fail(op, `${nodeOp}'s graph backward returned shape ${formatShape(g.shape)} for a parent of shape ${formatShape(shape)} (expected that shape or the output's, ${formatShape(outShape)})`);
  }
  return reduceTo(g, shape);
}

/** `g`, a broadcast of `shape`, summed back down to `shape` with recorded ops. `reduceTo(g, [3, 1])` @internal */
export function reduceTo(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return (axes.length === 0 ? g : g.sum(axes, true)).reshape(shape);
}
