// The scales in words, for every figure, claim row and report header: the data and its size, the
// model, the steps — so no number appears without the scale it was measured at.
import type { Task } from './configs.ts';
import type { Plan } from './plan.ts';

const count = (n: number): string => n.toLocaleString('en-US');
const side = (task: Task): string => (task === 'mnist14' ? '14×14' : '28×28');

/** A data set and its size in words. `dataLabel('mnist28', 10000)` → '10,000 digits 28×28' */
export function dataLabel(task: Task, samples: number): string {
  if (task === 'spirals') return `${count(samples)} spiral points`;
  if (task === 'teacher') return `${count(samples)} teacher samples`;
  return `${count(samples)} digits ${side(task)}`;
}

/** The scale in one line, with the data size, for every figure and claim row. `scaleLabel(planFor('quick'))` */
export function scaleLabel(plan: Plan): string {
  const f = plan.figure3;
  return `${plan.scale}: ${dataLabel(f.task, f.samples)}, width ${f.width}, batch ${f.batch}, ${count(f.steps)} steps`;
}

/** Figure 1's scale in one line, with the data size. `sliceLabel(planFor('quick'))` */
export function sliceLabel(plan: Plan): string {
  const s = plan.slice;
  if (s === null) return `${plan.scale}: Figure 1 not run`;
  return `${plan.scale}: ${dataLabel(s.task, s.samples)}, width ${s.width}, batch ${s.batch}, ${count(s.steps)} steps; slices of ${s.sliceSteps} × ${s.eta} on ${count(s.sliceSamples)} digits`;
}

/** The settings of a plan as report lines (`name: value`). */
export function planSettings(plan: Plan): string[] {
  const f = plan.figure3;
  const arms = f.arms.map((a) => `${a.optimiser} depths ${a.depths.join(', ')} (${a.lrs.map((l) => `lr ${l.lr}: seeds ${l.seeds.join(', ')}`).join('; ')})`).join(' · ');
  const lines = [
    `scale: <b>${plan.scale}</b> (${scaleLabel(plan)})`,
    `Figure 3: ${count(f.samples)} digits ${side(f.task)}, width ${f.width}, batch ${f.batch}, ${count(f.steps)} steps, ${f.decay === null ? 'constant lr' : `lr × ${f.decay} per epoch`}, accuracy over ${
      f.window === null ? "the last epoch's minibatches" : `the last ${f.window} minibatches`
    }; ${arms}`,
  ];
  if (f.family.length > 0) {
    lines.push(
      `the seven: ${
        f.family.map((a) => `${a.optimiser}${a.optimiser === 'agd' ? ' (own network)' : ''} depths ${a.depths.join(', ')}, ${a.lrs.map((lr) => (lr === null ? 'no lr' : `lr ${lr}`)).join(', ')}, seeds ${a.seeds.join(', ')}`).join(' · ')
      }`,
    );
  }
  if (f.controls.length > 0) {
    lines.push(`controls: ${f.controls.map((c) => `${c.group}: ${c.optimiser} lr ${c.lr}, ${c.init} init, width ${c.width}, depths ${c.depths.join(', ')}, seeds ${c.seeds.join(', ')}`).join(' · ')}`);
  }
  if (plan.lrTasks.length > 0) {
    lines.push(`lr sweep: ${plan.lrTasks.map((t) => `${t.task} depth ${t.depth} width ${t.width} (${t.samples} samples, ${t.steps} steps)`).join('; ')}; lrs ${plan.lrs.join(', ')}`);
  }
  const s = plan.slice;
  if (s !== null) {
    lines.push(
      `Figure 1: ${count(s.samples)} digits ${side(s.task)}, width ${s.width}, Fromage lr 0.01 × ${s.decay} per epoch, batch ${s.batch}, ${count(s.steps)} training steps, checkpoints ${
        s.checkpoints.join(', ')
      }; slices of ${s.sliceSteps} steps of ${s.eta} on ${count(s.sliceSamples)} digits`,
    );
  }
  if (plan.norms !== null) lines.push(`Figure 2: depth ${plan.norms.depth}, lr ${plan.norms.lr}, ${plan.norms.steps} steps`);
  return lines;
}
