// The reproduction's grid at each scale. `full` is the paper's protocol (width 784, depths 1…50,
// 28×28 digits, batch 250, 100 epochs, LambdaLR 0.95**epoch) on the 10,000 digits the `mnist`
// package ships (the paper used the 60,000 of torchvision). Smaller scales keep the protocol and
// shrink it: 14×14 digits (2×2 average pool), fewer samples, width 64, batch 64, fewer steps.
import type { Config, NormsConfig, OptimiserName, SliceConfig, Task, TimingConfig, TrainConfig } from './configs.ts';

export const SCALES = ['tiny', 'quick', 'default', 'full'] as const;
export type Scale = (typeof SCALES)[number];

/** The optimisers of the paper's Figure 3. */
export const PAPER_OPTIMISERS = ['sgd', 'adam', 'fromage'] as const;

/** The paper's three learning rates per optimiser (Figure 3 left and the inset). */
export const PAPER_LRS: Record<(typeof PAPER_OPTIMISERS)[number], number[]> = {
  sgd: [1, 0.1, 0.01],
  adam: [0.01, 0.001, 0.0001],
  fromage: [0.1, 0.01, 0.001],
};

/** A training task of the learning-rate sweep. */
export interface LrTask {
  task: Task;
  depth: number;
  width: number;
  samples: number;
  steps: number;
}

/** Every knob of a reproduction. */
export interface Plan {
  scale: Scale;
  task: Task;
  samples: number;
  width: number;
  batch: number;
  steps: number;
  /** Per-epoch lr factor of Figure 3's LambdaLR (the paper's 0.95). */
  decay: number;
  depths: number[];
  seeds: number[];
  lrTasks: LrTask[];
  /** Figure 3 right: lrs over five decades. */
  lrs: number[];
  /** Figure 1: Fromage lr 0.01 training with lr × decay per epoch; slices at `checkpoints` (steps). */
  slice: { depths: [number, number]; width: number; samples: number; steps: number; checkpoints: number[]; sliceSamples: number; sliceSteps: number; eta: number; batch: number; decay: number };
  norms: { lr: number; depth: number; steps: number; every: number };
  timing: { width: number; depth: number; batch: number; inputs: number; steps: number };
}

const FIVE_DECADES = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/** The plan of a scale. `planFor('default')` */
export function planFor(scale: Scale): Plan {
  const timing = { width: 64, depth: 12, batch: 64, inputs: 196, steps: 300 };
  switch (scale) {
    case 'tiny': // the spec's: seconds, not meaningful
      return {
        scale,
        task: 'mnist14',
        samples: 128,
        width: 8,
        batch: 32,
        steps: 8,
        decay: 0.95,
        depths: [1, 3],
        seeds: [1],
        lrTasks: [{ task: 'spirals', depth: 2, width: 8, samples: 64, steps: 8 }],
        lrs: [1e-2, 1],
        slice: { depths: [1, 3], width: 8, samples: 64, steps: 4, checkpoints: [0, 4], sliceSamples: 32, sliceSteps: 3, eta: 0.01, batch: 32, decay: 0.9 },
        norms: { lr: 0.1, depth: 2, steps: 8, every: 4 },
        timing: { ...timing, width: 8, depth: 2, steps: 5 },
      };
    case 'quick':
      return {
        scale,
        task: 'mnist14',
        samples: 1000,
        width: 64,
        batch: 64,
        steps: 600,
        decay: 1,
        depths: [1, 4, 12],
        seeds: [1],
        lrTasks: [{ task: 'mnist14', depth: 4, width: 64, samples: 1000, steps: 600 }, { task: 'spirals', depth: 4, width: 32, samples: 256, steps: 600 }],
        lrs: FIVE_DECADES,
        slice: { depths: [1, 15], width: 64, samples: 1000, steps: 1000, checkpoints: [0, 250, 1000], sliceSamples: 100, sliceSteps: 25, eta: 0.004, batch: 16, decay: 1 },
        norms: { lr: 0.1, depth: 4, steps: 600, every: 20 },
        timing,
      };
    case 'default':
      return {
        scale,
        task: 'mnist14',
        samples: 2000,
        width: 64,
        batch: 64,
        steps: 1500,
        decay: 1,
        depths: [1, 2, 4, 8, 12, 16],
        seeds: [1],
        lrTasks: [{ task: 'mnist14', depth: 8, width: 64, samples: 2000, steps: 1500 }, { task: 'spirals', depth: 4, width: 32, samples: 512, steps: 1500 }],
        lrs: FIVE_DECADES,
        slice: { depths: [1, 15], width: 64, samples: 2000, steps: 2000, checkpoints: [0, 250, 500, 1000, 2000], sliceSamples: 250, sliceSteps: 50, eta: 0.002, batch: 16, decay: 1 },
        norms: { lr: 0.1, depth: 4, steps: 1500, every: 25 },
        timing,
      };
    case 'full':
      return {
        scale,
        task: 'mnist28',
        samples: 10000,
        width: 784,
        batch: 250,
        steps: 100 * 40,
        decay: 0.95,
        depths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 35, 40, 45, 50],
        seeds: [1],
        lrTasks: [{ task: 'mnist28', depth: 10, width: 784, samples: 10000, steps: 4000 }, { task: 'spirals', depth: 4, width: 64, samples: 1000, steps: 4000 }],
        lrs: FIVE_DECADES,
        slice: { depths: [1, 15], width: 784, samples: 10000, steps: 4000, checkpoints: Array.from({ length: 11 }, (_, i) => 400 * i), sliceSamples: 10000, sliceSteps: 100, eta: 0.001, batch: 250, decay: 0.9 },
        norms: { lr: 0.01, depth: 4, steps: 4000, every: 40 },
        timing: { ...timing, width: 784, inputs: 784, batch: 250, depth: 15, steps: 20 },
      };
  }
}

function train(plan: Plan, task: Task, optimiser: OptimiserName, lr: number, depth: number, width: number, samples: number, steps: number, seed: number): TrainConfig {
  return { kind: 'train', task, optimiser, lr, depth, width, batch: plan.batch, steps, samples, seed, decay: plan.decay };
}

/** The configs behind each figure. Keys overlap across groups only for identical runs (run once). */
export interface Groups {
  depth: TrainConfig[];
  lr: TrainConfig[];
  slice: SliceConfig[];
  norms: NormsConfig[];
  timing: TimingConfig[];
}

/** Every config of a plan by figure: Figure 3 (left, inset: `depth`; right: `lr`), Figure 1, Figure 2, timing. */
export function groupsOf(plan: Plan): Groups {
  const g: Groups = { depth: [], lr: [], slice: [], norms: [], timing: [] };
  for (const seed of plan.seeds) {
    for (const optimiser of PAPER_OPTIMISERS) {
      for (const lr of PAPER_LRS[optimiser]) for (const depth of plan.depths) g.depth.push(train(plan, plan.task, optimiser, lr, depth, plan.width, plan.samples, plan.steps, seed));
    }
    for (const t of plan.lrTasks) {
      for (const optimiser of PAPER_OPTIMISERS) {
        for (const lr of plan.lrs) g.lr.push(train(plan, t.task, optimiser, lr, t.depth, t.width, t.samples, t.steps, seed));
      }
    }
  }
  const s = plan.slice;
  const seed = plan.seeds[0];
  for (const [depth, residual] of [[s.depths[0], false], [s.depths[1], false], [s.depths[1], true]] as const) {
    g.slice.push({
      kind: 'slice',
      task: plan.task,
      depth,
      residual,
      width: s.width,
      samples: s.samples,
      batch: s.batch,
      steps: s.steps,
      seed,
      lr: 0.01,
      decay: s.decay,
      checkpoints: s.checkpoints,
      sliceSamples: s.sliceSamples,
      sliceSteps: s.sliceSteps,
      eta: s.eta,
    });
  }
  for (const optimiser of ['lars', 'fromage'] as const) {
    g.norms.push({ kind: 'norms', task: plan.task, optimiser, lr: plan.norms.lr, depth: plan.norms.depth, width: plan.width, batch: plan.batch, samples: plan.samples, steps: plan.norms.steps, every: plan.norms.every, seed });
  }
  const t = plan.timing;
  g.timing.push({ kind: 'timing', optimiser: 'sgd', lr: 0.01, width: t.width, depth: t.depth, batch: t.batch, inputs: t.inputs, steps: t.steps, seed });
  return g;
}

/** All configs of a plan. */
export function configsOf(plan: Plan): Config[] {
  const g = groupsOf(plan);
  return [...g.depth, ...g.lr, ...g.slice, ...g.norms, ...g.timing];
}
