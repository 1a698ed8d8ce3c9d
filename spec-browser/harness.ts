// Shared pieces of the playground's browser test: the check list, page helpers that reach into the
// <trustgrad-playground> element's shadow root, and pixel measures of its canvases.
import type { Page } from 'playwright-core';

// `window.playground` (the first element's test hook) is typed by docs/playground/src/element.ts.
export type { Playground } from '../docs/playground/src/app.ts';

const failures: string[] = [];

/** Records one check; prints ✓ or ✗. */
export function check(ok: boolean, what: string): void {
  console.log(`${ok ? '  ✓' : '  ✗'} ${what}`);
  if (!ok) failures.push(what);
}

/** The failed checks so far. */
export function failed(): string[] {
  return failures.slice();
}

/** Opens the playground at `hash` and waits until its run reported step 0. */
export async function open(page: Page, base: string, hash: string, file = 'playground/'): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${base}${file}${hash === '' ? '' : `#${hash}`}`);
  await page.waitForFunction(() => window.playground !== undefined, null, { timeout: 20000 });
  await page.evaluate(() => window.playground.ready);
}

/** Runs `fn` with the first playground's shadow root (or the `index`-th one's). */
export function inRoot<T, A>(page: Page, fn: (root: ShadowRoot, arg: A) => T, arg: A, index = 0): Promise<T> {
  return page.evaluate(({ source, arg: a, i }) => {
    const root = document.querySelectorAll('trustgrad-playground')[i].shadowRoot!;
    // The function crosses into the page as source text, so it is rebuilt there from that text.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
    return (new Function('root', 'arg', `return (${source})(root, arg)`))(root, a) as T;
  }, { source: fn.toString(), arg, i: index });
}

/** Fraction of a canvas's pixels that are neither transparent nor near-white. */
export function inked(page: Page, id: string, index = 0): Promise<number> {
  return inRoot(page, (root, canvasId) => {
    const c = root.getElementById(canvasId) as HTMLCanvasElement;
    if (c.width === 0 || c.height === 0) return 0;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++;
    return n / (c.width * c.height);
  }, id, index);
}

/** The sentence a chart shows instead of axes (data-empty), or null when it drew a chart. */
export function emptyText(page: Page, id: string, index = 0): Promise<string | null> {
  return inRoot(page, (root, canvasId) => (root.getElementById(canvasId) as HTMLCanvasElement).dataset.empty ?? null, id, index);
}

/** Text content of an element in the shadow root. */
export function textOf(page: Page, id: string, index = 0): Promise<string> {
  return inRoot(page, (root, elId) => root.getElementById(elId)?.textContent ?? '', id, index);
}

/** Whether an element in the shadow root is rendered (not display: none anywhere up its tree). */
export function visible(page: Page, selector: string, index = 0): Promise<boolean> {
  return inRoot(page, (root, sel) => {
    const el = root.querySelector<HTMLElement>(sel);
    return el !== null && el.getClientRects().length > 0;
  }, selector, index);
}

/** Polls `probe` until it returns true or `ms` pass; returns the last result. */
export async function until(probe: () => Promise<boolean>, ms: number, every = 100): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, every));
  }
}
