// The optimisers the playground offers: one line each. A new optimiser in lib/optim (issue 16: Madam,
// AGD, Muon) joins the page's list, its URL key and the custom element's `optimiser` attribute by adding
// its line here; `options` says which of the page's extra controls apply to it.
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
  make(params: [string, Tensor][], s: OptimiserSettings): optim.Optimizer;
}

export const OPTIMISERS: readonly OptimiserEntry[] = [
  { name: 'sgd', label: 'SGD, momentum 0.9', options: [], make: (p, s) => new optim.SGD(p, { lr: s.lr, momentum: 0.9 }) },
  { name: 'adam', label: 'Adam', options: [], make: (p, s) => new optim.Adam(p, { lr: s.lr }) },
  { name: 'lars', label: 'LARS (paper)', options: [], make: (p, s) => new optim.LARS(p, { lr: s.lr }) },
  { name: 'fromage', label: 'Fromage', options: ['pBound'], make: (p, s) => new optim.Fromage(p, { lr: s.lr, pBound: s.pBound > 0 ? s.pBound : null }) },
];

/** The entry called `name` (the list's first when unknown). `optimiserEntry('fromage').label` */
export function optimiserEntry(name: string): OptimiserEntry {
  return OPTIMISERS.find((o) => o.name === name) ?? OPTIMISERS[0];
}
