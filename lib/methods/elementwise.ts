// Tensor's elementwise methods: arithmetic with broadcasting, unary functions, elementwise selection
// (where, clamp, maximum, minimum) and comparisons. The first of the three method groups Tensor inherits
// (lib/tensor.ts says why); each method is one line that delegates to its op in lib/ops/.
import * as compare from '../ops/compare.ts';
import * as elementwise from '../ops/elementwise.ts';
import * as pointwise from '../ops/pointwise.ts';
import { powTensor } from '../ops/power.ts';
import * as select from '../ops/select.ts';
import * as unary from '../ops/unary.ts';
import type { Tensor } from '../tensor.ts';

/** The elementwise methods every Tensor has. `x.add(y).relu()` */
export abstract class ElementwiseMethods {
  /** Elementwise sum, with broadcasting. `a.add(b)`, `x.add(1)` */
  add(this: Tensor, other: Tensor | number): Tensor {
    return elementwise.add(this, other);
  }
  /** Elementwise difference, with broadcasting. `a.sub(b)` */
  sub(this: Tensor, other: Tensor | number): Tensor {
    return elementwise.sub(this, other);
  }
  /** Elementwise product, with broadcasting. `a.mul(b)`, `x.mul(0.5)` */
  mul(this: Tensor, other: Tensor | number): Tensor {
    return elementwise.mul(this, other);
  }
  /** Elementwise quotient, with broadcasting. `a.div(b)` */
  div(this: Tensor, other: Tensor | number): Tensor {
    return elementwise.div(this, other);
  }
  /** x^p for a number p, or elementwise for a tensor p (broadcast). `x.pow(2)`, `x.pow(p)` */
  pow(this: Tensor, exponent: number | Tensor): Tensor {
    return typeof exponent === 'number' ? unary.pow(this, exponent) : powTensor(this, exponent);
  }
  /** −x. `x.neg()` */
  neg(this: Tensor): Tensor {
    return unary.neg(this);
  }
  /** eˣ. `x.exp()` */
  exp(this: Tensor): Tensor {
    return unary.exp(this);
  }
  /** Natural logarithm. `x.log()` */
  log(this: Tensor): Tensor {
    return unary.log(this);
  }
  /** Square root. `x.sqrt()` */
  sqrt(this: Tensor): Tensor {
    return unary.sqrt(this);
  }
  /** |x|, with gradient 0 at 0. `x.abs()` */
  abs(this: Tensor): Tensor {
    return unary.abs(this);
  }
  /** max(x, 0), with gradient 0 at 0. `x.relu()` */
  relu(this: Tensor): Tensor {
    return unary.relu(this);
  }
  /** Hyperbolic tangent. `x.tanh()` */
  tanh(this: Tensor): Tensor {
    return unary.tanh(this);
  }
  /** 1/(1 + e⁻ˣ). `x.sigmoid()` */
  sigmoid(this: Tensor): Tensor {
    return unary.sigmoid(this);
  }
  /** ln(1 + x), exact near 0. `p.log1p()` */
  log1p(this: Tensor): Tensor {
    return pointwise.log1p(this);
  }
  /** eˣ − 1, exact near 0. `x.expm1()` */
  expm1(this: Tensor): Tensor {
    return pointwise.expm1(this);
  }
  /** sin x. `t.sin()` */
  sin(this: Tensor): Tensor {
    return pointwise.sin(this);
  }
  /** cos x. `t.cos()` */
  cos(this: Tensor): Tensor {
    return pointwise.cos(this);
  }
  /** x². `x.square()` */
  square(this: Tensor): Tensor {
    return pointwise.square(this);
  }
  /** 1/√x. `v.rsqrt()` */
  rsqrt(this: Tensor): Tensor {
    return pointwise.rsqrt(this);
  }
  /** 1/x. `x.reciprocal()` */
  reciprocal(this: Tensor): Tensor {
    return pointwise.reciprocal(this);
  }
  /** x limited to [min, max] (null: no bound); the gradient passes where min ≤ x ≤ max. `x.clamp(0, 1)`, `x.clamp(null, 6)` */
  clamp(this: Tensor, min?: number | null, max?: number | null): Tensor {
    return select.clamp(this, min, max);
  }
  /** The elementwise larger of x and other (NaN wins; ties split the gradient). `a.maximum(b)` */
  maximum(this: Tensor, other: Tensor | number): Tensor {
    return select.maximum(this, other);
  }
  /** The elementwise smaller of x and other (NaN wins; ties split the gradient). `a.minimum(b)` */
  minimum(this: Tensor, other: Tensor | number): Tensor {
    return select.minimum(this, other);
  }
  /** x where `condition` is nonzero, else other (torch's Tensor.where). `x.where(x.gt(0), 0)` */
  where(this: Tensor, condition: Tensor, other: Tensor | number): Tensor {
    return select.where(condition, this, other);
  }
  /** 1 where x > other, else 0 (not differentiable). `x.gt(0)` */
  gt(this: Tensor, other: Tensor | number): Tensor {
    return compare.gt(this, other);
  }
  /** 1 where x ≥ other, else 0 (not differentiable). `x.ge(0)` */
  ge(this: Tensor, other: Tensor | number): Tensor {
    return compare.ge(this, other);
  }
  /** 1 where x < other, else 0 (not differentiable). `x.lt(y)` */
  lt(this: Tensor, other: Tensor | number): Tensor {
    return compare.lt(this, other);
  }
  /** 1 where x ≤ other, else 0 (not differentiable). `x.le(y)` */
  le(this: Tensor, other: Tensor | number): Tensor {
    return compare.le(this, other);
  }
  /** 1 where x = other, else 0 (not differentiable). `logits.eq(labels)` */
  eq(this: Tensor, other: Tensor | number): Tensor {
    return compare.eq(this, other);
  }
  /** 1 where x ≠ other, else 0 (not differentiable). `x.ne(0)` */
  ne(this: Tensor, other: Tensor | number): Tensor {
    return compare.ne(this, other);
  }
  /** 1 where both x and other are nonzero, else 0. `a.logicalAnd(b)` */
  logicalAnd(this: Tensor, other: Tensor | number): Tensor {
    return compare.logicalAnd(this, other);
  }
  /** 1 where x or other is nonzero, else 0. `a.logicalOr(b)` */
  logicalOr(this: Tensor, other: Tensor | number): Tensor {
    return compare.logicalOr(this, other);
  }
  /** 1 where x is 0, else 0. `mask.logicalNot()` */
  logicalNot(this: Tensor): Tensor {
    return compare.logicalNot(this);
  }
}
