// Dropout as torch's (inverted dropout): in training each element is kept with probability 1 − p and
// scaled by 1/(1 − p), so the expected output is the input; in evaluation the input passes through and no
// random number is drawn. The mask is drawn from the Rng given (one uniform per element, row-major) and
// multiplied in, so the backward is the same mask and a second derivative is zero, as in torch.
// p = 0 returns the input itself, p = 1 zeros (torch's two special cases).
import { fail } from '../errors.ts';
import { checkFields, flag, readOptions, unitInterval } from '../optim/validate.ts';
import { requireRng, type Rng } from '../random.ts';
import { Tensor } from '../tensor.ts';
import { checkTensor } from './activations.ts';
import { Module } from './module.ts';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** The stream the mask is drawn from (needed in training). */
  rng?: Rng;
  /** Drop elements (default true); false returns the input, as in evaluation. */
  training?: boolean;
}

/** Zeroes each element with probability p and scales the rest by 1/(1 − p) (torch's F.dropout). `nn.dropout(x, 0.1, { rng })` */
export function dropout(x: Tensor, p = 0.5, options?: DropoutOptions): Tensor {
  checkTensor('dropout', x);
  checkFields('dropout', { p: unitInterval('p') }, { p });
  const { rng, training } = readOptions('dropout', { rng: { label: 'rng', expected: 'an Rng', ok: () => true }, training: flag('training', true) }, options);
  if (!training || p === 0 || x.data.length === 0) return x;
  const stream = requireRng('dropout', rng, 'to draw the mask');
  const mask = new Float64Array(x.data.length);
  if (p < 1) {
    const scale = 1 / (1 - p);
    const keep = 1 - p;
    for (let i = 0; i < mask.length; i++) mask[i] = stream.uniform() < keep ? scale : 0;
  }
  return x.mul(new Tensor(mask, x.shape));
}

/** Dropout as a module: active in training mode, the identity after `eval()`. `new nn.Dropout(0.1, { rng })` */
export class Dropout extends Module {
  /** The probability of zeroing an element. */
  readonly p: number;
  private readonly rng: Rng;

  constructor(p = 0.5, options?: { rng: Rng }) {
    super();
    checkFields('Dropout', { p: unitInterval('p') }, { p });
    if (options === null || typeof options !== 'object') fail('Dropout', `needs { rng } — a seeded Rng to draw the masks (got ${String(options)})`);
    const { rng } = readOptions('Dropout', { rng: { label: 'rng', expected: 'an Rng', ok: () => true } }, options);
    this.p = p;
    this.rng = requireRng('Dropout', rng, 'to draw the masks');
  }

  /** Drops elements in training mode; returns x unchanged in evaluation mode. `drop.forward(x)` */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, { rng: this.rng, training: this.training });
  }
}
