// The seven optimisers of docs/optimisers.md by name, for code that sweeps over them (the depth
// comparison in bench/family-depth.ts, the reproduction's depth sweep, the playground): one typed
// factory, each optimiser's recommended settings, and whether it has a learning rate to sweep or decay.
// Recommended settings are the papers' and reference implementations' defaults: SGD with momentum 0.9
// (Bernstein et al. 2020's baseline; lr 0.1, the middle of their grid), Adam 1e-3 (Kingma & Ba), LARS in
// the paper's form and Fromage at 0.01 (Bernstein et al. 2020), Madam 0.01 (jxbz/madam), AGD gain 1 with
// no learning rate (jxbz/agd), Muon lr 0.02 and momentum 0.95 with its auxiliary Adam (KellerJordan/Muon).
import { Adam, type AdamOptions } from './adam.ts';
import { AGD, type AGDOptions } from './agd.ts';
import { Fromage, type FromageOptions } from './fromage.ts';
import { LARS, type LARSOptions } from './lars.ts';
import { Madam, type MadamOptions } from './madam.ts';
import { Muon, type MuonOptions } from './muon.ts';
import type { AnyOptimizer, ParameterList } from './optimizer.ts';
import { SGD, type SGDOptions } from './sgd.ts';
import { fail } from '../errors.ts';

/** The names, in the order docs/optimisers.md lists them. */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'lars', 'fromage', 'madam', 'agd', 'muon'] as const;
/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Each optimiser's options, by name. */
export interface OptimizerOptionsByName {
  sgd: SGDOptions;
  adam: AdamOptions;
  lars: LARSOptions;
  fromage: FromageOptions;
  madam: MadamOptions;
  agd: AGDOptions;
  muon: MuonOptions;
}

/** The recommended settings, by name. `RECOMMENDED_OPTIONS.madam` → `{ lr: 0.01 }` */
export const RECOMMENDED_OPTIONS: { readonly [N in OptimizerName]: Readonly<OptimizerOptionsByName[N]> } = {
  sgd: { lr: 0.1, momentum: 0.9 },
  adam: { lr: 1e-3 },
  lars: { lr: 0.01 },
  fromage: { lr: 0.01 },
  madam: { lr: 0.01 },
  agd: { gain: 1 },
  muon: { lr: 0.02, momentum: 0.95 },
};

/** False for AGD, the one optimiser with no learning rate (nothing to sweep, no scheduler). `takesLearningRate('agd')` */
export function takesLearningRate(name: OptimizerName): boolean {
  return name !== 'agd';
}

/**
 * The optimiser `name` over `params` with its recommended settings, overridden by `options`. AGD expects
 * a bias-free network (nn.MLP's `bias: false`); Muon splits `params` into 2-D weights (Muon) and the rest
 * (its auxiliary Adam). `createOptimizer('fromage', model.parameters(), { lr: 0.001 })`
 */
export function createOptimizer<N extends OptimizerName>(name: N, params: ParameterList, options: Partial<OptimizerOptionsByName[N]> = {}): AnyOptimizer {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) fail('createOptimizer', `unknown optimiser '${String(name)}' (expected one of ${OPTIMIZER_NAMES.join(', ')})`);
  const o = { ...RECOMMENDED_OPTIONS[name], ...options } as never;
  switch (name) {
    case 'sgd':
      return new SGD(params, o);
    case 'adam':
      return new Adam(params, o);
    case 'lars':
      return new LARS(params, o);
    case 'fromage':
      return new Fromage(params, o);
    case 'madam':
      return new Madam(params, o);
    case 'agd':
      return new AGD(params, o);
    case 'muon':
      return new Muon(params, o);
  }
}
