// The toolbar's counters and the headings and notes that follow the settings.
import { problemOf, type Config } from './config.ts';
import type { RunRecord } from './draw.ts';
import { readable } from './views.ts';

/** Writes the play button, the counters and the settings-dependent headings. */
export function drawToolbar($: (id: string) => HTMLElement, r: RunRecord, c: Config, s: { playing: boolean; step: number; epoch: number }): void {
  const regression = problemOf(c.data) === 'regression';
  $('play').textContent = s.playing ? '‖ Pause' : '▶ Play';
  $('play').setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
  $('stepCount').textContent = s.step.toLocaleString('en');
  $('epochCount').textContent = s.epoch.toLocaleString('en');
  $('lrNow').textContent = Number.isFinite(r.lr) ? `${readable(r.lr)}${r.lr < c.lr ? ' ↓' : ''}` : '–';
  $('lrNow').title = r.lr < c.lr ? `lowered from ${c.lr} by the plateau decay` : '';
  const last = r.evals[r.evals.length - 1];
  $('trainLoss').textContent = last ? readable(last.trainLoss) : '–';
  $('testLoss').textContent = last ? readable(last.testLoss) : '–';
  $('accCounter').hidden = regression;
  $('testAcc').textContent = last && !regression ? `${(100 * last.testAcc).toFixed(1)} %` : '–';
  $('outputTitle').textContent = c.data === 'mnist' ? 'Output: test digits and the network’s guesses' : regression ? 'Output: the fitted surface' : 'Output: the decision surface';
  $('monitorState').textContent = c.monitor ? `(trust monitor on: every ${c.every} steps)` : '(trust monitor off)';
  $('dataNote').textContent = c.data === 'mnist' ? '1,000 MNIST digits at 14×14, shipped with the page.'
    : `${regression ? 'Targets from −1 (orange) to +1 (blue)' : 'Orange: class 0, blue: class 1'}; ${regression ? '1,200' : '500'} points, as TensorFlow Playground.`;
}
