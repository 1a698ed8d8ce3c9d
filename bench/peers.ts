/**
 * The JavaScript peers of bench/step.ts, each training the same MLP from the same weights on the same
 * batch through its public API: TensorFlow.js 4.22 on its pure-JS CPU backend and on its WebAssembly
 * backend (XNNPACK, SIMD; float32 both), and jax-js 0.1.25 on its WebAssembly device in float64 and
 * float32, the whole step (loss, gradient, SGD update) under jit. One step = forward, softmax
 * cross-entropy (mean over the batch), backward, SGD; `step()` returns the loss before the update.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { init as jaxInit, jit, nn as jaxNn, numpy as np, valueAndGrad } from '@jax-js/jax';
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { nn } from '../lib/index.ts';

/** A timed training loop: `enter()` before a round (selects a backend), `step()` → the loss before the update. */
export interface Runner {
  readonly name: string;
  enter?(): Promise<void>;
  step(): number;
  /** Σ of the current weights, read after the timed steps. */
  checksum(): number;
  dispose(): void;
}

/** What every runner starts from: the trustgrad model's weights, a batch of inputs and class labels. */
export interface Problem {
  model: nn.MLP;
  x: Float64Array;
  y: Int32Array;
  batch: number;
  lr: number;
}

const require = createRequire(import.meta.url);
let tfjsReady: Promise<void> | null = null;

/**
 * Gradients and the wasm backend's files, once. tfjs-core's Node build registers no gradients (the
 * union package @tensorflow/tfjs does), and its ESM build cannot load in Node (directory imports):
 * esbuild bundles the ESM gradient registrations, which land in the registry every copy of tfjs-core
 * shares on globalThis. The wasm backend finds its .wasm files next to its own module in node_modules.
 */
function setUpTfjs(): Promise<void> {
  tfjsReady ??= (async () => {
    const { outputFiles } = buildSync({
      entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- runs the bundle esbuild just built
    new Function('require', 'module', 'exports', outputFiles[0].text)(require, { exports: {} }, {});
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    for (const backend of ['wasm', 'cpu']) {
      if (!(await tf.setBackend(backend))) throw new Error(`bench: TF.js backend '${backend}' did not start`);
    }
  })();
  return tfjsReady;
}

/** The model's layers as [in×out] weights (the transpose of trustgrad's [out, in]) and biases, in `Array`. */
function layersAs(model: nn.MLP, Array: Float32ArrayConstructor | Float64ArrayConstructor): { w: Float32Array | Float64Array; b: Float32Array | Float64Array; inputs: number; outputs: number }[] {
  return [...model.layers, model.final].map((layer) => {
    const [outputs, inputs] = layer.weight.shape;
    const w = new Array(outputs * inputs);
    for (let o = 0; o < outputs; o++) for (let i = 0; i < inputs; i++) w[i * outputs + o] = layer.weight.data[o * inputs + i];
    const b = new Array(outputs);
    b.set(layer.bias!.data);
    return { w, b, inputs, outputs };
  });
}

/** TF.js on `backend` ('cpu' or 'wasm'), float32, tf.variableGrads inside tf.tidy and tf.train.sgd. */
export async function tfjsRunner(p: Problem, backend: 'cpu' | 'wasm'): Promise<Runner> {
  await setUpTfjs();
  const enter = async (): Promise<void> => {
    await tf.setBackend(backend);
  };
  await enter();
  const vars = layersAs(p.model, Float32Array).map(({ w, b, inputs, outputs }) => ({
    w: tf.variable(tf.tensor2d(w as Float32Array, [inputs, outputs])),
    b: tf.variable(tf.tensor1d(b as Float32Array)),
  }));
  const xb = tf.tensor2d(Float32Array.from(p.x), [p.batch, p.x.length / p.batch]);
  const labels = tf.oneHot(tf.tensor1d(p.y, 'int32'), 10);
  const opt = tf.train.sgd(p.lr);
  const loss = (): tf.Scalar => {
    let h: tf.Tensor2D = xb;
    for (let l = 0; l < vars.length; l++) {
      const z = tf.add<tf.Tensor2D>(tf.matMul(h, vars[l].w), vars[l].b);
      h = l < vars.length - 1 ? tf.relu(z) : z;
    }
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, h);
  };
  return {
    name: `TF.js ${backend}`,
    enter,
    step(): number {
      const value = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss);
        opt.applyGradients(grads);
        return value;
      });
      const lossValue = value.dataSync()[0];
      value.dispose();
      return lossValue;
    },
    checksum(): number {
      let s = 0;
      for (const v of vars) s += tf.sum(v.w).dataSync()[0] + tf.sum(v.b).dataSync()[0];
      return s;
    },
    dispose(): void {
      for (const v of vars) {
        v.w.dispose();
        v.b.dispose();
      }
      xb.dispose();
      labels.dispose();
      opt.dispose();
    },
  };
}

type Params = { w: np.Array[]; b: np.Array[] };

/** The first value of a jax-js array (consumes it). Its declared type names Float16Array, which TypeScript's ES2022 lib lacks. */
function firstValue(a: np.Array): number {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return
  return a.dataSync()[0];
}
let jaxReady: Promise<unknown> | null = null;

/**
 * jax-js on its wasm device, in `dtype`, one jitted function for loss, gradient and SGD update. jax-js
 * owns arrays by reference count: every call consumes its arguments (hence x.ref), and the step returns
 * the new parameters. Node 20 has no Float16Array, which jax-js tests for with instanceof: a class
 * nothing is an instance of stands in.
 */
export async function jaxRunner(p: Problem, dtype: 'float64' | 'float32'): Promise<Runner> {
  (globalThis as { Float16Array?: unknown }).Float16Array ??= class Float16Array {};
  jaxReady ??= jaxInit('wasm');
  await jaxReady;
  const Typed = dtype === 'float64' ? Float64Array : Float32Array;
  const dt = dtype === 'float64' ? np.float64 : np.float32;
  const layers = layersAs(p.model, Typed);
  let params: Params = {
    w: layers.map(({ w, inputs, outputs }) => np.array(w, { dtype: dt }).reshape([inputs, outputs])),
    b: layers.map(({ b }) => np.array(b, { dtype: dt })),
  };
  const x = np.array(Typed.from(p.x), { dtype: dt }).reshape([p.batch, p.x.length / p.batch]);
  const y = jaxNn.oneHot(np.array(p.y, { dtype: np.int32 }), 10).astype(dt);
  const lossOf = (q: Params, xb: np.Array, yb: np.Array): np.Array => {
    let h = xb;
    for (let l = 0; l < q.w.length; l++) {
      const z = np.matmul(h, q.w[l]).add(q.b[l]);
      h = l < q.w.length - 1 ? jaxNn.relu(z) : z;
    }
    return jaxNn.logSoftmax(h, -1).mul(yb).sum().mul(-1 / p.batch);
  };
  const update = jit((q: Params, xb: np.Array, yb: np.Array) => {
    const [loss, g] = valueAndGrad(lossOf)({ w: q.w.map((t) => t.ref), b: q.b.map((t) => t.ref) }, xb, yb);
    return [loss, { w: q.w.map((t, i) => t.sub(g.w[i].mul(p.lr))), b: q.b.map((t, i) => t.sub(g.b[i].mul(p.lr))) }];
  }) as unknown as ((q: Params, xb: np.Array, yb: np.Array) => [np.Array, Params]) & { dispose(): void };
  return {
    name: `jax-js ${dtype}`,
    step(): number {
      const [loss, next] = update(params, x.ref, y.ref);
      params = next;
      return firstValue(loss); // dataSync consumes the array
    },
    checksum(): number {
      let s = 0;
      for (const t of [...params.w, ...params.b]) s += firstValue(t.ref.sum());
      return s;
    },
    dispose(): void {
      for (const t of [...params.w, ...params.b]) t.dispose();
      x.dispose();
      y.dispose();
      update.dispose();
    },
  };
}
