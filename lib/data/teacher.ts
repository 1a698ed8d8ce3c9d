// Teacher–student regression: a random "teacher" MLP labels Gaussian inputs; a student trained on the
// pairs can reach zero loss when it is at least as big, so failures to train are the optimiser's.
// Built from the core `linear` op so the data module does not depend on lib/nn.
import { noGrad } from '../autograd.ts';
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { linear } from '../ops/matmul.ts';
import { requireRng, type Rng } from '../random.ts';
import { Tensor } from '../tensor.ts';
import type { Dataset } from './dataset.ts';

/** Options of {@link teacherStudent}. */
export interface TeacherStudentOptions {
  n: number;
  inputSize: number;
  hiddenSize: number;
  /** Hidden layers of the teacher (default 1). */
  depth?: number;
  /** Target columns (default 1). */
  outputSize?: number;
  activation?: 'relu' | 'tanh';
  /** Standard deviation of Gaussian noise added to the targets (default 0). */
  noise?: number;
  rng: Rng;
}

const KEYS: KeySet<TeacherStudentOptions> = { n: true, inputSize: true, hiddenSize: true, depth: true, outputSize: true, activation: true, noise: true, rng: true };

/** A regression Dataset plus the teacher's parameters, named as `nn.MLP` names them. */
export interface TeacherStudentDataset extends Dataset<Float64Array> {
  teacher: [string, Tensor][];
}

/**
 * Inputs x ~ N(0, I); targets = teacher(x) + noise·N(0, 1). The teacher's weights are N(0, gain/fan_in)
 * (gain 2 for relu, 1 for tanh, so activations keep their scale with depth) and its biases N(0, 0.01).
 * `teacherStudent({ n: 256, inputSize: 8, hiddenSize: 16, depth: 2, activation: 'tanh', rng })`
 */
export function teacherStudent(options: TeacherStudentOptions): TeacherStudentDataset {
  const op = 'teacherStudent';
  checkOptions(op, KEYS, options);
  const rng = requireRng(op, options?.rng);
  const { n, inputSize, hiddenSize } = options;
  const depth = options.depth ?? 1;
  const outputSize = options.outputSize ?? 1;
  const activation = options.activation ?? 'relu';
  const noise = options.noise ?? 0;
  for (const [name, v, min] of [['n', n, 1], ['inputSize', inputSize, 1], ['hiddenSize', hiddenSize, 1], ['depth', depth, 0], ['outputSize', outputSize, 1]] as const) {
    if (!Number.isSafeInteger(v) || v < min) fail(op, `${name} must be an integer ≥ ${min} (got ${v})`);
  }
  if (activation !== 'relu' && activation !== 'tanh') fail(op, `activation must be 'relu' or 'tanh' (got ${String(activation)})`);
  if (!(noise >= 0) || !Number.isFinite(noise)) fail(op, `noise must be a finite non-negative number (got ${noise})`);

  const gain = activation === 'relu' ? 2 : 1;
  const teacher: [string, Tensor][] = [];
  const layer = (prefix: string, fanIn: number, fanOut: number): [Tensor, Tensor] => {
    const w = new Tensor(rng.normalFill(new Float64Array(fanOut * fanIn), 0, Math.sqrt(gain / fanIn)), [fanOut, fanIn]);
    const b = new Tensor(rng.normalFill(new Float64Array(fanOut), 0, 0.1), [fanOut]);
    teacher.push([`${prefix}.weight`, w], [`${prefix}.bias`, b]);
    return [w, b];
  };
  const hidden: [Tensor, Tensor][] = [];
  for (let i = 0; i < depth; i++) hidden.push(layer(`layers.${i}`, i === 0 ? inputSize : hiddenSize, hiddenSize));
  const final = layer('final', depth === 0 ? inputSize : hiddenSize, outputSize);

  const x = rng.normalFill(new Float64Array(n * inputSize));
  const out = noGrad(() => {
    let h = new Tensor(x, [n, inputSize]);
    for (const [w, b] of hidden) h = activation === 'relu' ? linear(h, w, b).relu() : linear(h, w, b).tanh();
    return linear(h, final[0], final[1]);
  });
  const y = out.data.slice();
  if (noise > 0) { for (let i = 0; i < y.length; i++) y[i] += noise * rng.normal(); }
  return { x: x.slice(), y, n, features: inputSize, outputs: outputSize, shape: [inputSize], teacher };
}
