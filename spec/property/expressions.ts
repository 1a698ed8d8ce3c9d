// A small random expression generator over add/sub/mul/div/exp/tanh/sigmoid/pow/matmul/sum/mean/
// logSoftmax/reshape/transpose, for the gradient properties. Each expression is smooth everywhere
// it can be evaluated: divisions are by 1 + b² or by exp(b), fractional and negative powers act on
// σ(a) + 0.5 > 0, and inputs are drawn in [−1.5, 1.5]. Binary ops pair operands of different but
// broadcast-compatible shapes, so the tape's broadcast reduction is exercised at every depth.
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';

type Build = (xs: readonly Tensor[]) => Tensor;
interface Node {
  shape: number[];
  text: string;
  build: Build;
}

/** A generated expression: its leaves, how to evaluate it on them, and how it reads. */
export interface Expression {
  inputs: Tensor[];
  build: Build;
  text: string;
  shape: number[];
}

const OPS = ['add', 'sub', 'mul', 'div', 'exp', 'tanh', 'sigmoid', 'pow', 'matmul', 'sum', 'mean', 'logSoftmax', 'reshape', 'transpose'] as const;

/** A random composition of 1 … maxOps ops, drawn from `seed`. */
export function randomExpression(seed: number, maxOps = 8): Expression {
  const rng = new Rng(seed);
  const pick = <T>(items: readonly T[]): T => items[rng.integer(items.length)];
  const inputs: Tensor[] = [];
  const leaf = (shape: number[]): Node => {
    const i = inputs.length;
    const t = new Tensor(rng.uniformFill(new Float64Array(shape.reduce((p, d) => p * d, 1)), -1.5, 1.5), shape, true);
    inputs.push(t);
    return { shape, text: `x${i}[${shape}]`, build: (xs) => xs[i] };
  };
  const randomShape = (): number[] => Array.from({ length: rng.integer(4) }, () => 1 + rng.integer(3));
  /** A shape that broadcasts with `s`: a suffix with some sizes 1, or `s` under a new leading axis. */
  const partner = (s: number[]): number[] => {
    const r = rng.uniform();
    if (r < 0.3) return s.slice();
    if (r < 0.8 || s.length >= 3) return s.slice(rng.integer(s.length + 1)).map((d) => (rng.uniform() < 0.4 ? 1 : d));
    return [2, ...s.map((d) => (rng.uniform() < 0.3 ? 1 : d))];
  };
  const broadcast = (a: number[], b: number[]): number[] => {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => {
      const da = a[a.length - n + i] ?? 1;
      const db = b[b.length - n + i] ?? 1;
      return da === 1 ? db : da;
    });
  };

  const pool: Node[] = [leaf(randomShape())];
  const count = 1 + rng.integer(maxOps);
  for (let step = 0; step < count; step++) {
    const a = rng.uniform() < 0.6 ? pool[pool.length - 1] : pick(pool);
    const op = pick(OPS);
    let node: Node | null = null;
    switch (op) {
      case 'add':
      case 'sub':
      case 'mul': {
        const candidates = pool.filter((p) => p !== a && broadcastable(p.shape, a.shape));
        const b = candidates.length > 0 && rng.uniform() < 0.4 ? pick(candidates) : leaf(partner(a.shape));
        const [x, y] = rng.uniform() < 0.5 ? [a, b] : [b, a];
        node = { shape: broadcast(x.shape, y.shape), text: `(${x.text} ${op} ${y.text})`, build: (xs) => x.build(xs)[op](y.build(xs)) };
        break;
      }
      case 'div': {
        const b = leaf(partner(a.shape));
        node = rng.uniform() < 0.5
          ? { shape: broadcast(a.shape, b.shape), text: `(${a.text} / (1 + ${b.text}^2))`, build: (xs) => a.build(xs).div(b.build(xs).pow(2).add(1)) }
          : { shape: broadcast(a.shape, b.shape), text: `(${b.text} / exp(${a.text}))`, build: (xs) => b.build(xs).div(a.build(xs).exp()) };
        break;
      }
      case 'exp':
      case 'tanh':
      case 'sigmoid':
        node = { shape: a.shape, text: `${op}(${a.text})`, build: (xs) => a.build(xs)[op]() };
        break;
      case 'pow': {
        const p = pick([2, 3, 0.5, 1.5, -1, -1.5, 0]);
        node = Number.isInteger(p) && p >= 0
          ? { shape: a.shape, text: `${a.text}^${p}`, build: (xs) => a.build(xs).pow(p) }
          : { shape: a.shape, text: `(σ(${a.text}) + 0.5)^${p}`, build: (xs) => a.build(xs).sigmoid().add(0.5).pow(p) };
        break;
      }
      case 'matmul': {
        if (a.shape.length === 0) break;
        const k = a.shape[a.shape.length - 1];
        if (a.shape.length >= 2 && rng.uniform() < 0.3) {
          // a @ aᵀ: the same tensor on both sides, so gradients from two paths must add.
          const s = a.shape;
          const out = [...s.slice(0, -1), s[s.length - 2]];
          node = { shape: out, text: `(${a.text} @ ${a.text}ᵀ)`, build: (xs) => {
            const v = a.build(xs);
            return v.matmul(v.transpose());
          } };
          break;
        }
        const form = rng.integer(3);
        const n = 1 + rng.integer(3);
        const batch = a.shape.length === 3 ? a.shape[0] : 2;
        const bShape = form === 0 ? [k] : form === 1 ? [k, n] : [batch, k, n];
        const b = leaf(bShape);
        const out = matmulShape(a.shape, bShape);
        node = { shape: out, text: `(${a.text} @ ${b.text})`, build: (xs) => a.build(xs).matmul(b.build(xs)) };
        break;
      }
      case 'sum':
      case 'mean': {
        const axes = a.shape.map((_, i) => i).filter(() => rng.uniform() < 0.5);
        const keepdim = rng.uniform() < 0.5;
        const whole = rng.uniform() < 0.2;
        const shape = whole ? (keepdim ? a.shape.map(() => 1) : []) : a.shape.flatMap((d, i) => (axes.includes(i) ? (keepdim ? [1] : []) : [d]));
        node = whole
          ? { shape, text: `${op}(${a.text}${keepdim ? ', all, keepdim' : ''})`, build: (xs) => a.build(xs)[op](undefined, keepdim) }
          : { shape, text: `${op}(${a.text}, [${axes}]${keepdim ? ', keepdim' : ''})`, build: (xs) => a.build(xs)[op](axes, keepdim) };
        break;
      }
      case 'logSoftmax': {
        if (a.shape.length === 0) break;
        const axis = rng.integer(-a.shape.length, a.shape.length);
        node = { shape: a.shape, text: `logSoftmax(${a.text}, ${axis})`, build: (xs) => a.build(xs).logSoftmax(axis) };
        break;
      }
      case 'reshape': {
        const shape = rng.uniform() < 0.5 ? rng.shuffle(a.shape.slice()) : [a.shape.reduce((p, d) => p * d, 1)];
        const target = shape.length > 0 && rng.uniform() < 0.3 ? shape.map((d, i) => (i === 0 ? -1 : d)) : shape;
        node = { shape, text: `reshape(${a.text}, [${target}])`, build: (xs) => a.build(xs).reshape(target) };
        break;
      }
      case 'transpose': {
        if (a.shape.length < 2) break;
        const d0 = rng.integer(a.shape.length);
        const d1 = rng.integer(-a.shape.length, a.shape.length);
        const shape = a.shape.slice();
        const j = d1 < 0 ? d1 + shape.length : d1;
        [shape[d0], shape[j]] = [shape[j], shape[d0]];
        node = { shape, text: `transpose(${a.text}, ${d0}, ${d1})`, build: (xs) => a.build(xs).transpose(d0, d1) };
        break;
      }
    }
    if (node !== null) pool.push(node);
  }
  const root = pool[pool.length - 1];
  return { inputs, build: root.build, text: root.text, shape: root.shape };
}

function broadcastable(a: readonly number[], b: readonly number[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return false;
  }
  return true;
}

/** PyTorch's matmul output shape for ranks 1–3, written out independently of lib/ops. */
function matmulShape(a: readonly number[], b: readonly number[]): number[] {
  const batch = a.length === 3 ? [a[0]] : b.length === 3 ? [b[0]] : [];
  const rows = a.length >= 2 ? [a[a.length - 2]] : [];
  const cols = b.length >= 2 ? [b[b.length - 1]] : [];
  return [...batch, ...rows, ...cols];
}
