// The optimisers the playground offers: one line each. A new optimiser in lib/optim joins the page's
// list, its URL key and the custom element's `optimiser` attribute by adding its line here; `options`
// says which of the page's extra controls apply to it, `learningRate` whether it has one (AGD has not).
import { optim, type Tensor } from '../../../lib/index.ts';

/** What the page passes to an optimiser's maker. */
export interface OptimiserSettings {
  lr: number;
  /** Fromage's pBound (cap each tensor's norm at pBound × its first norm); 0 = off. */
  pBound: number;
}

/** One row of the optimiser list. */
export interface OptimiserEntry {
  /** URL value (`opt=fromage`). */
  name: string;
  label: string;
  /** Extra controls that apply (`pBound` shows Fromage's norm cap). */
  options: readonly 'pBound'[];
  /** False for AGD: the learning-rate control and the decay on plateau do not apply. */
  learningRate: boolean;
  make(params: [string, Tensor][], s: OptimiserSettings): optim.AnyOptimizer;
}

/** AGD refuses biases: the page's are set to zero and left out, so the network computes as a bias-free one. */
function agd(params: [string, Tensor][]): optim.AGD {
  for (const [name, p] of params) if (name.endsWith('.bias')) p.data.fill(0);
  return new optim.AGD(params.filter(([name]) => !name.endsWith('.bias')));
}

export const OPTIMISERS: readonly OptimiserEntry[] = [
  { name: 'sgd', label: 'SGD, momentum 0.9', options: [], learningRate: true, make: (p, s) => new optim.SGD(p, { lr: s.lr, momentum: 0.9 }) },
  { name: 'adam', label: 'Adam', options: [], learningRate: true, make: (p, s) => new optim.Adam(p, { lr: s.lr }) },
  { name: 'lars', label: 'LARS (paper)', options: [], learningRate: true, make: (p, s) => new optim.LARS(p, { lr: s.lr }) },
  { name: 'fromage', label: 'Fromage', options: ['pBound'], learningRate: true, make: (p, s) => new optim.Fromage(p, { lr: s.lr, pBound: s.pBound > 0 ? s.pBound : null }) },
  { name: 'madam', label: 'Madam', options: [], learningRate: true, make: (p, s) => new optim.Madam(p, { lr: s.lr }) },
  { name: 'agd', label: 'AGD (no learning rate, no biases)', options: [], learningRate: false, make: agd },
  { name: 'muon', label: 'Muon (biases: its Adam)', options: [], learningRate: true, make: (p, s) => new optim.Muon(p, { lr: s.lr }) },
];

/** The entry called `name` (the list's first when unknown). `optimiserEntry('fromage').label` */
export function optimiserEntry(name: string): OptimiserEntry {
  return OPTIMISERS.find((o) => o.name === name) ?? OPTIMISERS[0];
}
