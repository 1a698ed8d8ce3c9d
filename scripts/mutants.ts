// A small mutation check: each mutant is one single-line fault in lib/ that a spec must catch. For each,
// a temporary copy of the repository gets the fault, and the fast specs run against it (first the ones
// aimed at the fault, then the rest if those pass); the mutant is killed when a spec fails. Prints the
// score and exits 1 if any mutant survives — a surviving mutant is a test that cannot fail.
// `npm run mutants` (about 2 minutes) · `npm run mutants -- fromage` runs the mutants whose name contains "fromage".
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One fault: in `file`, the one line containing `find` gets `find` replaced by `replace`. */
interface Mutant {
  name: string;
  file: string;
  find: string;
  replace: string;
  /** Spec files (a uvu pattern under spec/) aimed at this fault, run first. */
  specs: string;
}

/** The specs fast enough to run per mutant: all but the paper's experiments, the docs, the runner and Node's threads/MNIST. */
const FAST = '^(?!experiments/|docs\\.spec|bench/|node/).*\\.spec\\.ts$';

export const MUTANTS: readonly Mutant[] = [
  // The two faults no spec caught before gradcheck.spec.ts and the relative assertClose.
  { name: 'gradcheck: verdict always ok', file: 'lib/gradcheck.ts', find: 'ok: maxError <= tolerance', replace: 'ok: true', specs: '^gradcheck' },
  { name: 'sigmoid: derivative σ(1 + σ)', file: 'lib/ops/elementwise.ts', find: 'g[i] * out[i] * (1 - out[i])', replace: 'g[i] * out[i] * (1 + out[i])', specs: '^(gradcheck|ops/)' },
  { name: 'deepRelativeTrust: no log1p path for tiny steps', file: 'lib/perturb/deep-relative-trust.ts', find: 'if (product < 2) {', replace: 'if (product < 0) {', specs: '^perturb/' },
  // The optimisers.
  { name: 'fromage: without its shrink', file: 'lib/optim/fromage.ts', find: 'const shrink = Math.sqrt(1 + lr * lr);', replace: 'const shrink = 1;', specs: '^optim/' },
  { name: 'fromage: pBound caps from below', file: 'lib/optim/fromage.ts', find: 'if (norm > maxNorm) {', replace: 'if (norm < maxNorm) {', specs: '^optim/' },
  { name: 'trust step: plain gradient step', file: 'lib/optim/trust-ratio.ts', find: 'param[i] - lr * (grad[i] * ratio)', replace: 'param[i] - lr * grad[i]', specs: '^optim/' },
  { name: 'trust ratio: 0 instead of 1 at a zero norm', file: 'lib/optim/trust-ratio.ts', find: 'weightNorm / gradNorm : 1', replace: 'weightNorm / gradNorm : 0', specs: '^optim/' },
  { name: 'sgd: dampening added', file: 'lib/optim/sgd.ts', find: 'const keep = 1 - dampening;', replace: 'const keep = 1 + dampening;', specs: '^optim/' },
  { name: 'sgd: buffer starts at 0', file: 'lib/optim/sgd.ts', find: 'buf[i] = first ? d : buf[i] * momentum + keep * d;', replace: 'buf[i] = buf[i] * momentum + keep * d;', specs: '^optim/' },
  { name: 'adam: no first-moment bias correction', file: 'lib/optim/adam.ts', find: 'const stepSize = h.lr / (1 - beta1 ** state.step);', replace: 'const stepSize = h.lr;', specs: '^optim/' },
  { name: 'adam: ε inside the square root', file: 'lib/optim/adam.ts', find: '(Math.sqrt(vHat) / bc2Sqrt + eps)', replace: '(Math.sqrt(vHat + eps) / bc2Sqrt)', specs: '^optim/' },
  { name: 'adamw: no decoupled decay', file: 'lib/optim/adam.ts', find: 'const keep = 1 - group.lr * group.weightDecay;', replace: 'const keep = 1;', specs: '^optim/' },
  { name: 'lars you2017: weight decay left out of the local lr', file: 'lib/optim/lars.ts', find: '(gNorm + weightDecay * wNorm + eps)', replace: '(gNorm + eps)', specs: '^optim/' },
  { name: 'guard: a refused step is not undone', file: 'lib/optim/optimizer.ts', find: 'this.guard.restore();', replace: 'void this.guard;', specs: '^(optim/|fuzz/optim)' },
  { name: 'options: unknown keys accepted', file: 'lib/optim/validate.ts', find: 'if (known.includes(k) || alsoAllowed.includes(k)) continue;', replace: 'continue;', specs: '^(optim/|fuzz/optim)' },
  { name: 'messages: the group named when there is one', file: 'lib/optim/validate.ts', find: "return count > 1 ? ` in ${saved ? 'saved ' : ''}param group ${index}` : '';",
    replace: "return count > 0 ? ` in ${saved ? 'saved ' : ''}param group ${index}` : '';", specs: '^(optim/|fuzz/optim)' },
  { name: 'steplr: decays off the step', file: 'lib/optim/schedulers.ts', find: 'this.lastEpoch % this.stepSize === 0', replace: 'this.lastEpoch % this.stepSize === 1', specs: '^optim/' },
  { name: 'plateau: patience off by one', file: 'lib/optim/plateau.ts', find: 'if (this.numBadEpochs > this.patience) {', replace: 'if (this.numBadEpochs >= this.patience) {', specs: '^optim/' },
  // The tape and the ops.
  { name: 'tape: a broadcast gradient not summed back', file: 'lib/autograd.ts', find: 'pg = sumToShape(pg, t.shape, p.shape);', replace: 'pg = pg.subarray(0, p.data.length);', specs: '^(autograd|ops/|property/)' },
  { name: 'tape: a second path overwrites the first', file: 'lib/autograd.ts', find: 'for (let k = 0; k < existing.length; k++) existing[k] += pg[k];', replace: 'for (let k = 0; k < existing.length; k++) existing[k] = pg[k];',
    specs: '^(autograd|ops/|property/)' },
  { name: 'tape: .grad overwritten, not accumulated', file: 'lib/autograd.ts', find: 'for (let k = 0; k < acc.length; k++) acc[k] += g[k];', replace: 'for (let k = 0; k < acc.length; k++) acc[k] = g[k];', specs: '^autograd' },
  { name: 'mul: the gradient of x uses x', file: 'lib/ops/elementwise.ts', find: 'x.requiresGrad ? product(g, b) : null', replace: 'x.requiresGrad ? product(g, a) : null', specs: '^(gradcheck|ops/)' },
  { name: 'div: the gradient of the divisor with the wrong sign', file: 'lib/ops/elementwise.ts', find: 'gb[i] = (-g[i] * out[i]) / b[i];', replace: 'gb[i] = (g[i] * out[i]) / b[i];', specs: '^(gradcheck|ops/)' },
  { name: 'relu: gradient passes where the output is 0', file: 'lib/ops/elementwise.ts', find: 'gx[i] = out[i] <= 0 ? 0 : g[i];', replace: 'gx[i] = out[i] < 0 ? 0 : g[i];', specs: '^(gradcheck|ops/)' },
  { name: 'max: the gradient to the last maximum', file: 'lib/ops/reduce.ts', find: 'if (v > best || v !== v) {', replace: 'if (v >= best || v !== v) {', specs: '^ops/' },
  { name: 'norm: gradient scaled by ‖x‖ instead of 1/‖x‖', file: 'lib/ops/reduce.ts', find: 'const scale = g[0] / value;', replace: 'const scale = g[0] * value;', specs: '^(gradcheck|ops/)' },
  { name: 'indexSelect: a repeated index keeps one gradient', file: 'lib/ops/shape.ts', find: 'for (let j = 0; j < inner; j++) gx[to + j] += g[from + j];', replace: 'for (let j = 0; j < inner; j++) gx[to + j] = g[from + j];',
    specs: '^ops/' },
  { name: 'logSoftmax: backward with log p for p', file: 'lib/ops/softmax.ts', find: 'gx[at] = g[at] - Math.exp(out[at]) * s;', replace: 'gx[at] = g[at] - out[at] * s;', specs: '^(gradcheck|ops/)' },
  { name: 'linearRelu: the bias gradient unmasked', file: 'lib/ops/matmul.ts', find: 'for (let j = 0; j < outFeatures; j++) gb[j] += gy[row + j];', replace: 'for (let j = 0; j < outFeatures; j++) gb[j] += g[row + j];', specs: '^ops/' },
  { name: 'crossEntropy: the target term added', file: 'lib/nn/losses.ts', find: 'gz[row + t[b]] -= scale;', replace: 'gz[row + t[b]] += scale;', specs: '^nn/' },
  // The harness and the checks shared across lib/.
  { name: 'lemma 1: the breakdown term subtracted', file: 'lib/perturb/lemma1.ts', find: 'const boundTerm = gDotStep + stepNorm * maxDiff[i];', replace: 'const boundTerm = gDotStep - stepNorm * maxDiff[i];', specs: '^perturb/' },
  { name: 'relativeTo: a change from zero reads as 0', file: 'lib/perturb/breakdown.ts', find: 'return reference > 0 ? change / reference : change === 0 ? 0 : Infinity;', replace: 'return reference > 0 ? change / reference : 0;',
    specs: '^perturb/' },
  { name: 'trust tensors: biases by default', file: 'lib/perturb/params.ts', find: "const weights = names.filter((n) => n.endsWith('.weight'));", replace: "const weights = names.filter((n) => n.endsWith('.bias'));", specs: '^perturb/' },
  { name: 'requireRng: accepts anything', file: 'lib/random.ts', find: 'if (!isRng(rng)) {', replace: 'if (false) {', specs: '^(tensor|nn/|data/|fuzz/)' },
  { name: 'factory: the Tensor class never provided', file: 'lib/tensor.ts', find: 'provideTensorClass(Tensor);', replace: 'void provideTensorClass;', specs: '^tensor' },
  // The claim probes (bench/claims): their measuring pieces and rules.
  { name: 'claims: the constant fitted in linear, not log, space', file: 'bench/claims/constant.ts', find: 'return { c: 10 ** mean, spread };', replace: 'return { c: mean, spread };', specs: '^bench/claims' },
  { name: 'claims: the one-block bound with Σ‖ΔW_l‖ for ‖ΔW‖', file: 'bench/claims/lemma1.ts', find: 'const block = gDotStep + Math.hypot(...stepNorms) * maxBlock;',
    replace: 'const block = gDotStep + stepNorms.reduce((a, b) => a + b, 0) * maxBlock;', specs: '^bench/claims' },
  { name: 'claims: Lemma 2 counts hidden layers, not weight layers', file: 'bench/claims/lemma2.ts', find: 'lemma2MaxRelativeStep(Math.max(0, Math.min(1, cos)), depth + 1);',
    replace: 'lemma2MaxRelativeStep(Math.max(0, Math.min(1, cos)), depth);', specs: '^bench/claims' },
  { name: 'claims: gradients clipped even below the threshold', file: 'bench/claims/tuning.ts', find: 'if (coef < 1) {', replace: 'if (coef > 0) {', specs: '^bench/claims' },
  { name: 'claims: relu transmission as a squared-norm ratio', file: 'bench/claims/relu.ts', find: 'ratio.push(frobenius(r.data) / frobenius(z.data));', replace: 'ratio.push(frobenius(r.data) ** 2 / frobenius(z.data) ** 2);',
    specs: '^bench/claims' },
  { name: 'claims: the figure 2 net sees W/max|W|, not W/‖W‖', file: 'bench/claims/figure2.ts', find: 'return scaled.div(scaled.norm());', replace: 'return scaled;', specs: '^bench/claims' },
  { name: 'claims: reviewer 2 measures the step without undoing the shrink', file: 'bench/claims/jitter.ts', find: 'const unshrink = Math.sqrt(1 + eta * eta);', replace: 'const unshrink = 1;', specs: '^bench/claims' },
  { name: 'claims: an identity judged with 10× its tolerance', file: 'bench/claims/common.ts', find: "judge: (worst) => (worst <= tolerance ? 'reproduced' : 'not reproduced'),",
    replace: "judge: (worst) => (worst <= 10 * tolerance ? 'reproduced' : 'not reproduced'),", specs: '^bench/claims' },
  { name: 'claims: the R2(3) rule with the qualitative band as the full one', file: 'bench/claims/constant.ts', find: "judge: (c) => (c >= 0.5 && c <= 2 ? 'reproduced'", replace: "judge: (c) => (c >= 0.1 && c <= 10 ? 'reproduced'",
    specs: '^bench/claims' },
];

/** Runs uvu over `pattern` in `dir`, stopping at the first failure; returns true when every spec passed. */
function passes(dir: string, pattern: string): boolean {
  const r = spawnSync(process.execPath, [join(dir, 'node_modules', 'uvu', 'bin.js'), '-r', 'tsx', 'spec', pattern, '--bail'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return r.status === 0;
}

function applyMutant(dir: string, m: Mutant): void {
  const path = join(dir, m.file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const at = lines.flatMap((l, i) => (l.includes(m.find) ? [i] : []));
  if (at.length !== 1) throw new Error(`mutant "${m.name}": ${m.file} has ${at.length} lines containing ${JSON.stringify(m.find)} (expected exactly 1; update the mutant)`);
  lines[at[0]] = lines[at[0]].replace(m.find, m.replace);
  writeFileSync(path, lines.join('\n'));
}

function main(argv: readonly string[]): void {
  const root = new URL('..', import.meta.url).pathname;
  const filter = argv[0] ?? '';
  const chosen = MUTANTS.filter((m) => m.name.includes(filter));
  const dir = mkdtempSync(join(tmpdir(), 'trustgrad-mutants-'));
  try {
    for (const part of ['lib', 'bench', 'spec', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(root, part), join(dir, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    if (!passes(dir, FAST)) throw new Error('the fast specs fail without any mutant; fix them first');
    const survivors: string[] = [];
    for (const m of chosen) {
      const original = readFileSync(join(dir, m.file), 'utf8');
      applyMutant(dir, m);
      const killed = !passes(dir, m.specs) || !passes(dir, FAST);
      writeFileSync(join(dir, m.file), original);
      console.log(`${killed ? 'killed  ' : 'SURVIVED'}  ${m.name}  (${m.file})`);
      if (!killed) survivors.push(m.name);
    }
    console.log(`\nmutation score: ${chosen.length - survivors.length}/${chosen.length} mutants killed`);
    if (survivors.length > 0) {
      console.log(`survivors (a spec that cannot fail): ${survivors.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
