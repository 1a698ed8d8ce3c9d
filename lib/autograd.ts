// The tape's front: whether ops record (noGrad), how an op records itself (record), and the two ways in —
// `loss.backward()` and the functional `grad()`. Every differentiable op records, on its output, its parent
// tensors and two closures that map the output's gradient to its parents' gradients: a fast one over
// Float64Arrays, and the same derivative in differentiable Tensor ops for `{ createGraph: true }` (double
// backward). lib/tape.ts walks the graph; docs/autograd.md shows how to give a new op both backwards.
import { fail, formatShape, isList } from './errors.ts';
import { isTensor, makeTensor } from './factory.ts';
import { sameShape } from './kernels/shape.ts';
import { checkKeys, formatValue, type KeySet } from './options.ts';
import { propagate, propagateGraph, type BackwardFn, type GraphBackwardFn } from './tape.ts';
import type { Tensor } from './tensor.ts';

export type { BackwardFn, GradNode, GraphBackwardFn } from './tape.ts';

let gradEnabled = true;

/** True when ops record the tape (false inside {@link noGrad}). `isGradEnabled()` */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` with recording on or off, restoring the mode afterwards (even after a throw). */
function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Runs `fn` without recording a tape, like `with torch.no_grad():`. `noGrad(() => model.forward(x))` */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** True when an op over these inputs must record itself. `if (needsGrad(x, y)) record(…)` */
export function needsGrad(a: Tensor, b?: Tensor): boolean {
  return gradEnabled && (a.requiresGrad || (b !== undefined && b.requiresGrad));
}

/** True when an op over a list of inputs must record itself. `if (needsGradAny(tensors)) record(…)` */
export function needsGradAny(inputs: readonly Tensor[]): boolean {
  return gradEnabled && inputs.some((t) => t.requiresGrad);
}

/** How an op differentiates: its fast backward, its differentiable one, and what it reads. */
export interface Rule {
  /** The fast path over Float64Arrays (see {@link BackwardFn}). */
  readonly backward: BackwardFn;
  /** The same derivative in differentiable Tensor ops, for createGraph; null when the op has none (createGraph then refuses it). */
  readonly graph: GraphBackwardFn | null;
  /** The tensors whose values either backward reads (default: every parent); an in-place change to one before backward is refused. */
  readonly saves?: readonly Tensor[];
  /** True only when `backward` returns newly allocated, unshared arrays ({@link GradNode.fresh}). */
  readonly fresh?: boolean;
}

const NOTHING: readonly never[] = [];

/**
 * Records `out` as produced by `op` from `parents`; the caller has checked {@link needsGrad}.
 * `record(result, 'mul', [x, y], { backward: (g) => […], graph: (g) => [g.mul(y), g.mul(x)], saves: [x, y] })`
 */
export function record(out: Tensor, op: string, parents: readonly Tensor[], rule: Rule): Tensor {
  const saved = rule.saves ?? parents;
  const versions = saved.length === 0 ? NOTHING : saved.map((t) => t.version);
  out.requiresGrad = true;
  out.node = { op, parents, backward: rule.backward, graph: rule.graph, fresh: rule.fresh === true, saved, versions };
  return out;
}

/**
 * Counts an in-place write by the library into `t`'s data (on its base, so views see it), so that a backward
 * which saved the old values refuses instead of using the new ones. `by` names the writer and the tensor
 * for that error. `markWritten(p, "SGD.step on 'fc1.weight'")`
 */
export function markWritten(t: Tensor, by: string): void {
  const b = t.base ?? t;
  b.writes++;
  b.lastWrite = by;
}

/** Options of `loss.backward(…)`. */
export interface BackwardOptions {
  /** The gradient of the output (needed when it has more than one element). */
  gradient?: Tensor;
  /** Record the backward pass, so every `.grad` is differentiable again (PyTorch's create_graph). */
  createGraph?: boolean;
}

/** Options of {@link grad}. */
export interface GradOptions {
  /** The gradient of the output (needed when it has more than one element). */
  gradOutput?: Tensor;
  /** Record the backward pass, so the returned gradients are differentiable again (PyTorch's create_graph). */
  createGraph?: boolean;
}

const BACKWARD_KEYS: KeySet<BackwardOptions> = { gradient: true, createGraph: true };
const GRAD_KEYS: KeySet<GradOptions> = { gradOutput: true, createGraph: true };

/** Reads a gradient-or-options argument: a Tensor is the output gradient, an object is checked key by key. */
function readArgument(op: string, arg: unknown, keys: KeySet<BackwardOptions> | KeySet<GradOptions>, gradientKey: 'gradient' | 'gradOutput'): { gradient?: Tensor; createGraph: boolean } {
  if (arg === undefined) return { createGraph: false };
  if (isTensor(arg)) return { gradient: arg, createGraph: false };
  if (op === 'backward' && arg !== null && typeof arg === 'object' && 'retainGraph' in arg) {
    fail(op, `unknown option 'retainGraph' in options (got ${formatValue(arg.retainGraph)}, expected one of gradient, createGraph): ` +
      "trustgrad keeps the graph after backward, so PyTorch's retain_graph is never needed");
  }
  checkKeys(op, keys, arg, 'options');
  const o = arg as Record<string, unknown>;
  const gradient = o[gradientKey];
  const createGraph = o.createGraph === undefined ? false : o.createGraph;
  if (gradient !== undefined && !isTensor(gradient)) fail(op, `${gradientKey} must be a Tensor (got ${formatValue(gradient)})`);
  if (typeof createGraph !== 'boolean') fail(op, `createGraph must be true or false (got ${formatValue(createGraph)})`);
  return gradient === undefined ? { createGraph } : { gradient, createGraph };
}

/** The seed gradient of `root` as an array: ones for a one-element output, else the given gradient (checked). */
function seedGradient(op: string, root: Tensor, gradient: Tensor | undefined): Tensor {
  // Without this, an output off the tape would give every input a zero gradient, in silence.
  if (!root.requiresGrad && !gradEnabled) {
    fail(op, 'called inside noGrad, where nothing is recorded, so the output is off the tape (got requiresGrad=false); call it outside noGrad(…)');
  }
  if (!root.requiresGrad) {
    fail(op, 'the output was not recorded on the tape, so it depends on no input (got requiresGrad=false): was it made inside noGrad, from tensors ' +
      'without requiresGrad, or from a gradient taken without { createGraph: true }? Take that gradient with { createGraph: true } to differentiate it again');
  }
  if (gradient === undefined) {
    if (root.data.length !== 1) {
      fail(op, `a gradient can be implied only for a single-element output (got shape ${formatShape(root.shape)}); pass one of the same shape`);
    }
    return makeTensor(new Float64Array([1]), root.shape);
  }
  if (!sameShape(gradient.shape, root.shape)) {
    fail(op, `gradient shape differs from the output's (got ${formatShape(gradient.shape)}, expected ${formatShape(root.shape)})`);
  }
  return gradient;
}

/**
 * What `root.backward(arg)` does: accumulates into `.grad` of every leaf; with createGraph each `.grad`
 * is on the tape. `runBackward(loss, { createGraph: true })` @internal
 */
export function runBackward(root: Tensor, arg: Tensor | BackwardOptions | undefined): void {
  const { gradient, createGraph } = readArgument('backward', arg, BACKWARD_KEYS, 'gradient');
  const seed = seedGradient('backward', root, gradient);
  if (createGraph) withGradMode(true, () => propagateGraph('backward', root, seed));
  else propagate('backward', root, seed.data);
}

/**
 * Gradients of the scalar `fn()` with respect to `inputs`, without touching any `.grad`.
 * `const [gx] = grad(() => x.mul(x).sum(), [x])`. An input the output does not depend on gets zeros.
 * The third argument is the output's gradient or `{ gradOutput, createGraph }`; with createGraph the
 * gradients are differentiable: `grad(() => g.mul(v).sum(), [w])` then gives a Hessian-vector product.
 */
export function grad(fn: () => Tensor, inputs: readonly Tensor[], options?: Tensor | GradOptions): Tensor[] {
  if (typeof fn !== 'function') fail('grad', `fn must be a function returning a Tensor (got ${formatValue(fn)})`);
  if (!isList(inputs)) fail('grad', `inputs must be an array of Tensors (got ${formatValue(inputs)})`);
  for (let i = 0; i < inputs.length; i++) {
    if (!isTensor(inputs[i]) || !inputs[i].requiresGrad) {
      fail('grad', `input ${i} must be a Tensor with requiresGrad (got ${isTensor(inputs[i]) ? 'requiresGrad=false' : formatValue(inputs[i])})`);
    }
  }
  const { gradient, createGraph } = readArgument('grad', options, GRAD_KEYS, 'gradOutput');
  const out = fn();
  if (!isTensor(out)) fail('grad', `fn must return a Tensor (got ${formatValue(out)})`);
  const seed = seedGradient('grad', out, gradient);
  if (!createGraph) return propagate('grad', out, seed.data, inputs).map((g, i) => makeTensor(g, inputs[i].shape));
  const grads = withGradMode(true, () => propagateGraph('grad', out, seed, inputs));
  return grads.map((g, i) => g ?? makeTensor(new Float64Array(inputs[i].data.length), inputs[i].shape));
}
