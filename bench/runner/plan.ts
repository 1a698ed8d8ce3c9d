// The reproduction's grid at each scale. `full` is the paper's protocol (width 784, depths 1…50,
// 28×28 digits, batch 250, 100 epochs, LambdaLR 0.95**epoch) on the 10,000 digits the `mnist`
// package ships (the paper used the 60,000 of torchvision). `paper-regime` is the calibrated regime of
// docs/results/calibration/calibration.md: the smallest setting where the paper's depth ordering
// showed in PyTorch (28×28, width 128, batch 64, 3,000 steps, per-optimiser depth grids, 3 seeds at
// each optimiser's deepest-training lr, controls). Smaller scales keep the protocol and shrink it:
// 14×14 digits (2×2 average pool), fewer samples, width 64, batch 64, fewer steps.
import type { InitName } from '../../lib/nn/index.ts';
import { RECOMMENDED_OPTIONS, takesLearningRate, type OptimizerName } from '../../lib/optim/by-name.ts';
import type { ScaleName } from '../claims/types.ts';
import { AGD_NET, type Config, type NormsConfig, type OptimiserName, type SliceConfig, type Task, type TimingConfig, type TrainConfig } from './configs.ts';

export const SCALES = ['tiny', 'quick', 'default', 'paper-regime', 'full'] as const satisfies readonly ScaleName[];
export type Scale = (typeof SCALES)[number];

/** The optimisers of the paper's Figure 3. */
export const PAPER_OPTIMISERS = ['sgd', 'adam', 'fromage'] as const;
export type PaperOptimiser = (typeof PAPER_OPTIMISERS)[number];

/** The paper's three learning rates per optimiser (Figure 3 left and the inset). */
export const PAPER_LRS: Record<PaperOptimiser, number[]> = {
  sgd: [1, 0.1, 0.01],
  adam: [0.01, 0.001, 0.0001],
  fromage: [0.1, 0.01, 0.001],
};

/** The rest of docs/optimisers.md's seven, beside Figure 3's three: paper-LARS and the family of issue 16. */
export const FAMILY_OPTIMISERS = ['lars', 'madam', 'agd', 'muon'] as const;
/** One of {@link FAMILY_OPTIMISERS}. */
export type FamilyOptimiser = (typeof FAMILY_OPTIMISERS)[number];

/**
 * One family optimiser in the depth sweep: every lr (null: AGD, which has none) with every seed at every
 * depth. AGD runs on its own network (no biases, relu·√2, init 'agd'), the others on the paper's SimpleNet.
 */
export interface FamilyArm {
  optimiser: FamilyOptimiser;
  depths: number[];
  lrs: (number | null)[];
  seeds: number[];
}

/** The optimisers whose trained deep net is sliced beside Figure 1's Fromage (at its recommended settings). */
export const SLICED = ['sgd', 'adam', ...FAMILY_OPTIMISERS] as const;

/** The recommended lr of one of the seven (lib/optim/by-name.ts), null for AGD. `recommendedLr('muon')` → 0.02 */
export function recommendedLr(optimiser: OptimizerName): number | null {
  if (!takesLearningRate(optimiser)) return null;
  const options: object = RECOMMENDED_OPTIONS[optimiser];
  const lr = 'lr' in options && typeof options.lr === 'number' ? options.lr : undefined;
  if (lr === undefined) throw new Error(`recommendedLr: ${optimiser} has no recommended lr`);
  return lr;
}

/**
 * The family's arms: each optimiser at its recommended settings, and with `grid` also at the paper's lr
 * grid for a relative step (Fromage's 0.1, 0.01, 0.001: LARS's and Madam's steps are relative to the
 * weights, Muon's spectral step is relative to a spectral norm near 1 at PyTorch's init); AGD once, no lr.
 */
export function familyArms(depths: number[], seeds: number[], grid: boolean): FamilyArm[] {
  return FAMILY_OPTIMISERS.map((optimiser) => {
    const lr = recommendedLr(optimiser);
    const lrs = lr === null || !grid ? [lr] : [lr, ...PAPER_LRS.fromage.filter((x) => x !== lr)];
    return { optimiser, depths, lrs, seeds };
  });
}

/** A training task of the learning-rate sweep. */
export interface LrTask {
  task: Task;
  depth: number;
  width: number;
  samples: number;
  steps: number;
}

/** One optimiser's part of Figure 3: its depth grid and, per lr, the seeds run at every depth. */
export interface Arm {
  optimiser: PaperOptimiser;
  depths: number[];
  lrs: { lr: number; seeds: number[] }[];
}

/** A control beside Figure 3, as ordinary training runs: `group` names the question it answers. */
export interface Control {
  group: 'kaiming' | 'lars' | 'width';
  optimiser: OptimiserName;
  lr: number;
  init: InitName;
  width: number;
  depths: number[];
  seeds: number[];
}

/** Figure 3 (left), its inset and the controls: the shared training settings, the arms, the rule's threshold. */
export interface DepthPlan {
  task: Task;
  samples: number;
  width: number;
  batch: number;
  steps: number;
  /** Per-epoch lr factor of the LambdaLR (the paper's 0.95); null: constant lr. */
  decay: number | null;
  /** Accuracy over the last `window` minibatches; null: over the last epoch. */
  window: number | null;
  /** Epochs of ⌊n/batch⌋ full minibatches (PyTorch's drop_last; the calibration's). */
  dropLast: boolean;
  /** A seed trains at a depth when its best lr's accuracy is ≥ this (the trainability rule, claims.ts). */
  threshold: number;
  arms: Arm[];
  /** The family beside the paper's three (none at the scales that do not run it). */
  family: FamilyArm[];
  controls: Control[];
}

/** Every knob of a reproduction. */
export interface Plan {
  scale: Scale;
  figure3: DepthPlan;
  lrTasks: LrTask[];
  /** Figure 3 right: lrs over five decades. */
  lrs: number[];
  /** Figure 1: Fromage lr 0.01 training with lr × decay per epoch; slices at `checkpoints` (steps). null: not run. */
  slice: { task: Task; depths: [number, number]; width: number; samples: number; steps: number; checkpoints: number[]; sliceSamples: number; sliceSteps: number; eta: number; batch: number; decay: number } | null;
  norms: { lr: number; depth: number; steps: number; every: number } | null;
  timing: { width: number; depth: number; batch: number; inputs: number; steps: number };
}

const FIVE_DECADES = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/** Figure 3 as the paper runs it: every optimiser at its three lrs, every depth, every seed. */
function paperArms(depths: number[], seeds: number[]): Arm[] {
  return PAPER_OPTIMISERS.map((optimiser) => ({ optimiser, depths, lrs: PAPER_LRS[optimiser].map((lr) => ({ lr, seeds })) }));
}

/**
 * The calibrated regime's arms: seed 0 at all three lrs, seeds 1 and 2 at the lr that trained deepest
 * in the PyTorch calibration (SGD 0.01, Adam 1e-4, Fromage 0.01); each grid runs at least two depths past
 * the calibrated limit (SGD 8, Adam 24), Fromage to the paper's 50.
 */
function regimeArms(): Arm[] {
  const at = (optimiser: PaperOptimiser, best: number, depths: number[]): Arm => ({
    optimiser,
    depths,
    lrs: PAPER_LRS[optimiser].map((lr) => ({ lr, seeds: lr === best ? [0, 1, 2] : [0] })),
  });
  return [at('sgd', 0.01, [4, 8, 10, 12, 16]), at('adam', 0.0001, [4, 8, 16, 20, 24, 28, 32]), at('fromage', 0.01, [4, 8, 16, 24, 32, 40, 50])];
}

/** The plan of a scale. `planFor('default')` */
export function planFor(scale: Scale): Plan {
  const timing = { width: 64, depth: 12, batch: 64, inputs: 196, steps: 300 };
  const small = { task: 'mnist14', batch: 64, window: null, dropLast: false, threshold: 0.2 } as const;
  switch (scale) {
    case 'tiny': // the spec's: seconds, not meaningful
      return {
        scale,
        figure3: {
          ...small,
          samples: 128,
          width: 8,
          batch: 32,
          steps: 8,
          decay: 0.95,
          window: 4,
          dropLast: true,
          arms: paperArms([1, 3], [1]),
          family: familyArms([1, 3], [1], false),
          controls: [{ group: 'kaiming', optimiser: 'sgd', lr: 0.01, init: 'kaiming', width: 8, depths: [3], seeds: [1] }],
        },
        lrTasks: [{ task: 'spirals', depth: 2, width: 8, samples: 64, steps: 8 }],
        lrs: [1e-2, 1],
        slice: { task: 'mnist14', depths: [1, 3], width: 8, samples: 64, steps: 4, checkpoints: [0, 4], sliceSamples: 32, sliceSteps: 3, eta: 0.01, batch: 32, decay: 0.9 },
        norms: { lr: 0.1, depth: 2, steps: 8, every: 4 },
        timing: { ...timing, width: 8, depth: 2, steps: 5 },
      };
    case 'quick':
      return {
        scale,
        figure3: { ...small, samples: 1000, width: 64, steps: 600, decay: null, arms: paperArms([1, 4, 12], [1]), family: familyArms([1, 4, 12], [1], false), controls: [] },
        lrTasks: [{ task: 'mnist14', depth: 4, width: 64, samples: 1000, steps: 600 }, { task: 'spirals', depth: 4, width: 32, samples: 256, steps: 600 }],
        lrs: FIVE_DECADES,
        slice: { task: 'mnist14', depths: [1, 15], width: 64, samples: 1000, steps: 1000, checkpoints: [0, 250, 1000], sliceSamples: 100, sliceSteps: 25, eta: 0.004, batch: 16, decay: 1 },
        norms: { lr: 0.1, depth: 4, steps: 600, every: 20 },
        timing,
      };
    case 'default':
      return {
        scale,
        figure3: { ...small, samples: 2000, width: 64, steps: 1500, decay: null, arms: paperArms([1, 2, 4, 8, 12, 16], [1]), family: [], controls: [] },
        lrTasks: [{ task: 'mnist14', depth: 8, width: 64, samples: 2000, steps: 1500 }, { task: 'spirals', depth: 4, width: 32, samples: 512, steps: 1500 }],
        lrs: FIVE_DECADES,
        slice: { task: 'mnist14', depths: [1, 15], width: 64, samples: 2000, steps: 2000, checkpoints: [0, 250, 500, 1000, 2000], sliceSamples: 250, sliceSteps: 50, eta: 0.002, batch: 16, decay: 1 },
        norms: { lr: 0.1, depth: 4, steps: 1500, every: 25 },
        timing,
      };
    case 'paper-regime':
      return {
        scale,
        figure3: {
          task: 'mnist28',
          samples: 10000,
          width: 128,
          batch: 64,
          steps: 3000,
          decay: 0.95,
          window: 200,
          dropLast: true,
          threshold: 0.2,
          arms: regimeArms(),
          // Affordable: seed 0 at the recommended lr, on Fromage's grid (the regime's deepest).
          family: familyArms([4, 8, 16, 24, 32, 40, 50], [0], false),
          controls: [
            { group: 'kaiming', optimiser: 'sgd', lr: 0.01, init: 'kaiming', width: 128, depths: [16, 24, 32], seeds: [0, 1, 2] },
            { group: 'lars', optimiser: 'lars', lr: 0.01, init: 'torch', width: 128, depths: [24, 32, 40], seeds: [0, 1, 2] },
            ...[64, 256].flatMap((width) => ([['adam', 0.0001], ['fromage', 0.01]] as const).map(([optimiser, lr]): Control => ({ group: 'width', optimiser, lr, init: 'torch', width, depths: [24], seeds: [0] }))),
          ],
        },
        lrTasks: [],
        lrs: [],
        // The authors' Figure 1 protocol (10 epochs of batch 250, lr × 0.9 per epoch, slices of 100 × 0.001)
        // at the regime's width, checkpoints every 2 epochs, slices on the first 1,000 digits.
        slice: { task: 'mnist28', depths: [1, 15], width: 128, samples: 10000, steps: 400, checkpoints: [0, 80, 160, 240, 320, 400], sliceSamples: 1000, sliceSteps: 100, eta: 0.001, batch: 250, decay: 0.9 },
        norms: null,
        timing: { ...timing, width: 128, depth: 24, inputs: 784, steps: 100 },
      };
    case 'full':
      return {
        scale,
        figure3: {
          task: 'mnist28',
          samples: 10000,
          width: 784,
          batch: 250,
          steps: 100 * 40,
          decay: 0.95,
          window: null,
          dropLast: false,
          threshold: 0.2,
          arms: paperArms([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 35, 40, 45, 50], [1]),
          family: [],
          controls: [],
        },
        lrTasks: [{ task: 'mnist28', depth: 10, width: 784, samples: 10000, steps: 4000 }, { task: 'spirals', depth: 4, width: 64, samples: 1000, steps: 4000 }],
        lrs: FIVE_DECADES,
        // Figure 1 as the authors ran it: 10 epochs of batch 250 (40 steps each on 10,000 digits), lr × 0.9 per
        // epoch, a checkpoint every epoch, slices of 100 × 0.001 on every digit.
        slice: { task: 'mnist28', depths: [1, 15], width: 784, samples: 10000, steps: 400, checkpoints: Array.from({ length: 11 }, (_, i) => 40 * i), sliceSamples: 10000, sliceSteps: 100, eta: 0.001, batch: 250, decay: 0.9 },
        norms: { lr: 0.01, depth: 4, steps: 4000, every: 40 },
        timing: { ...timing, width: 784, inputs: 784, batch: 250, depth: 15, steps: 20 },
      };
  }
}

/**
 * A Figure 3 training run of the plan (the optional fields only where the scale sets them). A null lr is
 * AGD's: no lr to decay, on AGD's own network and init.
 */
function train(f: DepthPlan, optimiser: OptimiserName, lr: number | null, depth: number, seed: number, width = f.width, init: InitName = 'torch'): TrainConfig {
  const c: TrainConfig = { kind: 'train', task: f.task, optimiser, lr, depth, width, batch: f.batch, steps: f.steps, samples: f.samples, seed, decay: lr === null ? null : f.decay };
  if (f.window !== null) c.window = f.window;
  if (f.dropLast) c.dropLast = true;
  if (init !== 'torch' || f.window !== null) c.init = init;
  return lr === null ? { ...c, ...AGD_NET } : c;
}

/** The configs behind each figure. Keys overlap across groups only for identical runs (run once). */
export interface Groups {
  depth: TrainConfig[];
  family: TrainConfig[];
  controls: TrainConfig[];
  lr: TrainConfig[];
  slice: SliceConfig[];
  /** Figure 1's deep net trained by each of the others of the seven, sliced once at the end of training. */
  familySlice: SliceConfig[];
  norms: NormsConfig[];
  timing: TimingConfig[];
}

/** Every config of a plan by figure: Figure 3 (left, inset: `depth`; the family; controls; right: `lr`), Figure 1, Figure 2, timing. */
export function groupsOf(plan: Plan): Groups {
  const g: Groups = { depth: [], family: [], controls: [], lr: [], slice: [], familySlice: [], norms: [], timing: [] };
  const f = plan.figure3;
  for (const arm of f.arms) {
    for (const { lr, seeds } of arm.lrs) for (const seed of seeds) for (const depth of arm.depths) g.depth.push(train(f, arm.optimiser, lr, depth, seed));
  }
  for (const arm of f.family) for (const lr of arm.lrs) for (const seed of arm.seeds) for (const depth of arm.depths) g.family.push(train(f, arm.optimiser, lr, depth, seed));
  for (const c of f.controls) for (const seed of c.seeds) for (const depth of c.depths) g.controls.push(train(f, c.optimiser, c.lr, depth, seed, c.width, c.init));
  const seed = Math.min(...f.arms.flatMap((a) => a.lrs.flatMap((l) => l.seeds)));
  for (const t of plan.lrTasks) {
    for (const optimiser of PAPER_OPTIMISERS) {
      for (const lr of plan.lrs) g.lr.push({ kind: 'train', task: t.task, optimiser, lr, depth: t.depth, width: t.width, batch: f.batch, steps: t.steps, samples: t.samples, seed, decay: f.decay });
    }
  }
  const s = plan.slice;
  if (s !== null) {
    for (const [depth, residual] of [[s.depths[0], false], [s.depths[1], false], [s.depths[1], true]] as const) {
      g.slice.push({
        kind: 'slice',
        task: s.task,
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
  }
  if (s !== null && f.family.length > 0) {
    const deep = g.slice[1];
    for (const optimiser of SLICED) {
      const lr = recommendedLr(optimiser);
      const c: SliceConfig = { ...deep, optimiser, lr, checkpoints: [s.steps] };
      g.familySlice.push(lr === null ? { ...c, decay: 1, ...AGD_NET } : c);
    }
  }
  const n = plan.norms;
  if (n !== null) {
    for (const optimiser of ['lars', 'fromage'] as const) {
      g.norms.push({ kind: 'norms', task: f.task, optimiser, lr: n.lr, depth: n.depth, width: f.width, batch: f.batch, samples: f.samples, steps: n.steps, every: n.every, seed });
    }
  }
  const t = plan.timing;
  g.timing.push({ kind: 'timing', optimiser: 'sgd', lr: 0.01, width: t.width, depth: t.depth, batch: t.batch, inputs: t.inputs, steps: t.steps, seed });
  return g;
}

/** All configs of a plan. */
export function configsOf(plan: Plan): Config[] {
  const g = groupsOf(plan);
  return [...g.depth, ...g.family, ...g.controls, ...g.lr, ...g.slice, ...g.familySlice, ...g.norms, ...g.timing];
}
