// What TensorFlow Playground has, checked in the browser, plus the guided experiments' claims, links
// that reproduce runs, and the <trustgrad-playground> element on the example course page.
import type { Page } from 'playwright-core';
import { check, emptyText, inRoot, inked, open, textOf, until, visible } from './harness.ts';

/** Steps `n` with the monitor off (faster, same run) and returns the last evaluation. */
function train(page: Page, n: number): Promise<{ testAcc: number; testLoss: number; trainLoss: number; norms: number[] }> {
  return page.evaluate(async (steps) => {
    const p = window.playground;
    p.edit({ config: { monitor: false, every: 100 } });
    await p.stepN(steps);
    return p.evals().slice(-1)[0];
  }, n);
}

async function openAndTrain(page: Page, base: string, hash: string, n: number): Promise<{ testAcc: number; testLoss: number; trainLoss: number; norms: number[] }> {
  await open(page, base, hash);
  return train(page, n);
}

export async function featureChecks(page: Page, base: string): Promise<void> {
  const el = page.locator('trustgrad-playground');
  console.log('features: regression, input features, the network diagram, per-layer widths');
  await open(page, base, '');
  await el.locator('#problem').selectOption('regression');
  const reg = await page.evaluate(async () => {
    const p = window.playground;
    await p.ready;
    const first = p.evals()[0];
    p.edit({ config: { monitor: false } });
    await p.stepN(1000);
    return { data: p.config().data, first, last: p.evals().slice(-1)[0] };
  });
  check(reg.data === 'plane' && reg.last.testLoss < 0.1 * reg.first.testLoss && Number.isNaN(reg.last.testAcc),
    `the problem switch gives the regression plane, fitted by mean squared error (test loss ${reg.first.testLoss.toFixed(3)} → ${reg.last.testLoss.toFixed(4)})`);
  check(!(await visible(page, '#accCounter')) && /Output/.test(await inRoot(page, (r) => r.getElementById('boundary')!.getAttribute('aria-label') ?? '', null)), 'regression hides accuracy and labels the surface as the output value');
  const gauss = await openAndTrain(page, base, 'data=gauss&depth=3&width=8&act=tanh&opt=adam&lr=0.01', 1000);
  check(gauss.testLoss < 0.1, `the six-Gaussian regression set trains (test loss ${gauss.testLoss.toFixed(3)})`);

  await open(page, base, '');
  await el.locator('button.feature[aria-label^="feature x₁²"]').click();
  await page.evaluate(() => window.playground.ready);
  const withFeature = await page.evaluate(() => window.playground.config().features);
  check(withFeature.join() === 'x1,x2,x1sq' && /^3 inputs/.test(await textOf(page, 'modelNote')), 'clicking x₁² in the diagram adds it as a third input');
  const squares = await openAndTrain(page, base, 'data=circle&depth=1&width=1&features=x1sq,x2sq&act=linear', 1000);
  const plain = await openAndTrain(page, base, 'data=circle&depth=1&width=1&features=x1,x2&act=linear', 1000);
  check(squares.testAcc >= 0.95 && plain.testAcc < 0.75, `one linear neuron separates the circle from x₁², x₂² (${(100 * squares.testAcc).toFixed(0)} %) but not from x₁, x₂ (${(100 * plain.testAcc).toFixed(0)} %)`);

  await open(page, base, '');
  await page.evaluate(() => window.playground.stepN(200));
  const edges = await inRoot(page, (r) => {
    const lines = Array.from(r.querySelectorAll('#diagram line'));
    const widths = lines.map((l) => Number(l.getAttribute('stroke-width')));
    return { n: lines.length, colours: new Set(lines.map((l) => l.getAttribute('stroke'))).size, spread: Math.max(...widths) / Math.min(...widths) };
  }, null);
  check(edges.n === 2 * 8 + 8 * 8 * 2 + 8 && edges.colours === 2 && edges.spread > 3, `the diagram draws ${edges.n} weights, blue and orange, thickness by size (thickest/thinnest ${edges.spread.toFixed(1)})`);
  const thumbs = await inRoot(page, (r) => Array.from(r.querySelectorAll('#diagram .node canvas')).filter((c) => (c as HTMLCanvasElement).width > 1).length, null);
  check(thumbs === 7 + 24 + 1, `every feature, every shown neuron and the output have a heatmap thumbnail (${thumbs})`);
  await el.locator('#diagram .node[aria-label="layer 2, neuron 3"]').hover();
  check(await visible(page, '#hoverCard') && await inked(page, 'hoverCanvas') > 0.5 && await textOf(page, 'hoverText') === 'layer 2, neuron 3', 'hovering a neuron shows its heatmap enlarged');
  await page.mouse.move(0, 0);
  await el.locator('button[aria-label="More neurons in layer 2"]').click();
  await el.locator('button[aria-label="Fewer neurons in layer 1"]').click();
  await el.locator('button[aria-label="Add a hidden layer"]').click();
  await page.evaluate(() => window.playground.ready);
  const layers = (await page.evaluate(() => window.playground.config())).layers;
  // 16 → 32 (above 8 neurons + doubles), 16 → 8 (− halves down to 8), and a fourth layer copies the last.
  const params = 2 * 8 + 8 + 8 * 32 + 32 + 32 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2;
  check(layers.join() === '8,32,16,16' && (await textOf(page, 'modelNote')).includes(`${params.toLocaleString('en')} parameters`), `+/− neurons per layer and + layer give widths ${layers.join(', ')} (${params} parameters)`);
  await open(page, base, 'depth=20');
  check(/15 more layers/.test(await inRoot(page, (r) => r.querySelector('#diagram .gap')?.textContent ?? '', null)), 'a 20-layer network is drawn as its first three and last two layers around a labelled gap');

  console.log('features: regularisation, discretize, axes and legend, read-outs, hidden controls');
  const none = await openAndTrain(page, base, 'reg=none', 1500);
  const l2 = await openAndTrain(page, base, 'reg=l2&regrate=0.03', 1500);
  const l1 = await openAndTrain(page, base, 'reg=l1&regrate=0.003', 1500);
  const total = (e: { norms: number[] }): number => e.norms.reduce((s, v) => s + v, 0);
  check(total(l2) < 0.9 * total(none) && total(l1) < 0.9 * total(none), `L2 and L1 regularisation shrink the weights (Σ‖W‖ ${total(none).toFixed(2)} → ${total(l2).toFixed(2)} L2, ${total(l1).toFixed(2)} L1)`);
  // Distinct colours of the surface away from every data point (> 6 px from each), on the regression
  // plane, whose output changes smoothly across the whole picture.
  const colours = (): Promise<number> =>
    page.evaluate(() => {
      const el = document.querySelector('trustgrad-playground')!;
      const c = el.shadowRoot!.getElementById('boundary') as HTMLCanvasElement;
      const pts = (window.playground.record() as unknown as { points: { train: Float64Array } }).points.train;
      const dpr = c.width / c.clientWidth;
      const side = Math.min(c.clientWidth - 28, c.clientHeight - 48);
      const px = Array.from({ length: pts.length / 2 }, (_, i) => [24 + ((pts[2 * i] + 6) / 12) * side, ((6 - pts[2 * i + 1]) / 12) * side]);
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let y = 4; y < side - 4; y += 2) {
        for (let x = 28; x < 24 + side - 4; x += 2) {
          if (px.some(([a, b]) => Math.hypot(a - x, b - y) < 6)) continue;
          const i = 4 * (Math.round(y * dpr) * c.width + Math.round(x * dpr));
          seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        }
      }
      return seen.size;
    });
  await open(page, base, 'data=plane&depth=2&width=4&act=tanh&opt=adam&lr=0.01');
  await train(page, 500);
  const smooth = await colours();
  await el.locator('#discretize').check();
  await page.evaluate(() => window.playground.stepN(1));
  const hard = await colours();
  check(smooth > 50 && hard <= 3, `"Discretize output" turns the shaded surface into flat colours (${smooth} → ${hard} colours away from the points)`);
  const legend = await inRoot(page, (r) => {
    const c = r.getElementById('boundary') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, Math.floor(c.height * 0.88), c.width, Math.floor(c.height * 0.08)).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] < 230) n++;
    return { ink: n, tall: c.clientHeight > c.clientWidth * 0.95 };
  }, null);
  check(legend.ink > 200, 'the surface has axes and a colour legend under it');
  const readout = await textOf(page, 'readout');
  const last = (await page.evaluate(() => window.playground.evals())).slice(-1)[0];
  const numbers = /Test loss ([\d.e-]+) · Training loss ([\d.e-]+)/.exec(readout);
  check(numbers !== null && Math.abs(Number(numbers[1]) - last.testLoss) < 1e-3 * Math.max(1, last.testLoss) && Math.abs(Number(numbers[2]) - last.trainLoss) < 1e-3 * Math.max(1, last.trainLoss),
    `train and test loss read-outs over the surface ("${readout}")`);
  await open(page, base, 'hide=opt,lr');
  check(!(await visible(page, '[data-control=opt]')) && !(await visible(page, '[data-control=lr]')) && await visible(page, '[data-control=batch]'), 'hide=opt,lr hides the optimiser and learning-rate controls and nothing else');
  await el.locator('summary').click();
  await el.locator('input[data-hide=batch]').check();
  const embed = await inRoot(page, (r) => (r.getElementById('embedOut') as HTMLTextAreaElement).value, null);
  check(/hide=opt,lr,batch/.test(await page.evaluate(() => location.hash)) && /<trustgrad-playground[^>]* hide="opt,lr,batch"/.test(embed), 'the teacher panel hides a control, updates the link and writes the embed code');
  await open(page, base, 'opt=sgd');
  check(!(await visible(page, '[data-control=pBound]')) && await visible(page, '[data-control=decay]'), 'pBound shows only for Fromage; decay on plateau for every optimiser with a learning rate');
  await open(page, base, 'opt=agd');
  check(!(await visible(page, '[data-control=lr]')) && !(await visible(page, '[data-control=decay]')) && await visible(page, '[data-control=opt]'), 'AGD, which has no learning rate, hides the learning rate and its decay');

  console.log('features: the article and its guided experiments (each claim checked)');
  const links = await page.evaluate(() => Array.from(document.querySelectorAll('a.experiment')).map((a) => (a as HTMLAnchorElement).getAttribute('href')));
  check(links.length >= 6 && (await page.evaluate(() => document.querySelectorAll('article h2').length)) >= 3, `an article under the page with ${links.length} guided experiments`);
  await page.locator('a.experiment').first().click();
  check(await until(() => page.evaluate(() => window.playground.config().data === 'circle' && window.playground.config().layers.length === 20 && window.playground.state().step > 10), 10000),
    'clicking an experiment loads its settings and plays');
  await page.evaluate(() => window.playground.pause());
  const sgd20 = await openAndTrain(page, base, 'data=circle&depth=20&width=16&opt=sgd&lr=0.01', 2000);
  const fromage20 = await openAndTrain(page, base, 'data=circle&depth=20&width=16&opt=fromage&lr=0.01', 2000);
  check(sgd20.testAcc < 0.6 && fromage20.testAcc >= 0.9, `SGD at depth 20 stays at chance (${(100 * sgd20.testAcc).toFixed(0)} %), Fromage learns the circle (${(100 * fromage20.testAcc).toFixed(0)} %)`);
  const shallow = await openAndTrain(page, base, 'data=circle&depth=3&opt=fromage&lr=0.1&decay=0', 2000);
  const deep = await openAndTrain(page, base, 'data=circle&depth=20&opt=fromage&lr=0.1&decay=0', 2000);
  check(shallow.testAcc >= 0.85 && deep.testAcc < 0.6, `Lemma 2: Fromage η = 0.1 trains at depth 3 (${(100 * shallow.testAcc).toFixed(0)} %), not at depth 20 (${(100 * deep.testAcc).toFixed(0)} %)`);
  const residual = await openAndTrain(page, base, 'data=circle&depth=20&width=16&opt=sgd&lr=0.01&residual=1', 2000);
  check(residual.testAcc >= 0.9, `residual connections let SGD train at depth 20 (${(100 * residual.testAcc).toFixed(0)} %)`);
  await open(page, base, 'data=circle&depth=2&width=8&opt=lars&lr=0.1&decay=0');
  const lars = await train(page, 1000);
  const lars0 = (await page.evaluate(() => window.playground.evals()))[0];
  check(Math.max(...lars.norms.map((n, l) => n / lars0.norms[l])) > 50, `LARS's norms grow geometrically (×${Math.max(...lars.norms.map((n, l) => n / lars0.norms[l])).toFixed(0)} in 1,000 steps)`);

  console.log('links reproduce runs; the bundle imports with one line; LARS overflow is reported');
  const config = 'data=spirals&depth=3&width=16&opt=fromage&lr=0.01&batch=32&seed=7';
  await open(page, base, config);
  await page.evaluate(() => window.playground.stepN(300));
  const first = await page.evaluate(() => window.playground.lossHistory());
  await page.evaluate(() => window.playground.slice());
  check(Math.min(await inked(page, 'sliceLoss'), await inked(page, 'sliceRho')) > 0.01 && await emptyText(page, 'sliceRho') === null, 'the Figure 1 slice is plotted');
  await page.reload();
  await page.waitForFunction(() => window.playground !== undefined);
  await page.evaluate(() => window.playground.ready);
  await page.evaluate(() => window.playground.stepN(300));
  const second = await page.evaluate(() => window.playground.lossHistory());
  check(second.length === 300 && second.every((v, i) => Object.is(v, first[i])), 'reloading the same link gives the same 300 losses, bit for bit');
  check(await page.evaluate(() => window.playground.state().simd) === true, 'the training worker runs matrix products through WebAssembly SIMD');
  await open(page, base, `${config}&simd=0`);
  await page.evaluate(() => window.playground.stepN(300));
  const scalar = await page.evaluate(() => ({ losses: window.playground.lossHistory(), simd: window.playground.state().simd }));
  check(scalar.simd === false && scalar.losses.length === 300 && scalar.losses.every((v, i) => Object.is(v, first[i])), 'simd=0 turns the SIMD kernel off, and the TypeScript kernel gives the same 300 losses, bit for bit');
  const mnist = 'data=mnist&depth=10&width=32&opt=adam&lr=0.001&seed=3&monitor=0';
  const curves: { losses: number[]; simd: boolean | null; evals: { trainLoss: number }[] }[] = [];
  for (const simd of ['', '&simd=0']) {
    await open(page, base, mnist + simd);
    await page.evaluate(() => window.playground.stepN(100));
    curves.push(await page.evaluate(() => ({ losses: window.playground.lossHistory(), simd: window.playground.state().simd, evals: window.playground.evals() })));
  }
  check(curves[0].evals[curves[0].evals.length - 1].trainLoss < curves[0].evals[0].trainLoss, 'MNIST loads from the shipped binary and trains');
  check(curves[0].simd === true && curves[1].simd === false && curves[0].losses.every((v, i) => Object.is(v, curves[1].losses[i])),
    'on MNIST (196 inputs, 10 layers of 32) the SIMD and TypeScript kernels give the same 100 losses, bit for bit');
  check(await page.evaluate(async () => {
    const bundle = './build/trustgrad.js';
    const lib = await import(bundle) as { tensor(v: number[]): { sum(): { item(): number } }; simdActive(): boolean };
    return lib.tensor([1, 2, 3]).sum().item() === 6 && lib.simdActive();
  }), 'the library bundle imports into a page with one line, computes, and runs its products through WebAssembly SIMD');
  await open(page, base, 'data=circle&depth=2&width=8&opt=lars&lr=10&decay=0');
  await page.evaluate(() => window.playground.stepN(1000));
  const message = await page.evaluate(() => window.playground.state().message ?? '');
  check(/LARS overflowed at step \d+/.test(message) && await visible(page, '#message'), `LARS at η = 10 stops with a message ("${message.slice(0, 50)}…")`);
}

export async function courseChecks(page: Page, base: string): Promise<void> {
  console.log('the example course page: two configured <trustgrad-playground> elements');
  await page.goto('about:blank');
  await page.goto(`${base}playground/course-example.html`);
  await page.waitForFunction(() => document.querySelectorAll('trustgrad-playground').length === 2 && Array.from(document.querySelectorAll('trustgrad-playground')).every((e) => (e as unknown as { playground: unknown }).playground !== null));
  const configs = await page.evaluate(async () =>
    Promise.all(Array.from(document.querySelectorAll('trustgrad-playground')).map(async (e) => {
      const p = (e as unknown as { playground: typeof window.playground }).playground;
      await p.ready;
      await p.stepN(300);
      const evals = p.evals();
      return { config: p.config(), first: evals[0].trainLoss, last: evals[evals.length - 1].trainLoss, trust: p.trust().length };
    }))
  );
  const [a, b] = configs;
  check(a.config.data === 'circle' && a.config.layers.length === 20 && a.config.opt === 'sgd' && a.config.lr === 0.01 && a.config.seed === 3
    && b.config.data === 'spirals' && b.config.layers.length === 6 && b.config.opt === 'fromage' && b.config.lr === 0.1, 'each element takes its dataset, depth, width, optimiser, learning rate and seed from its attributes');
  check(b.last < b.first && b.trust > 0, 'both train on their own (the second lowers its loss and measures Lemma 1)');
  const selectors = { research: '.research', network: '.network', lemma: '[data-panel=lemma]', norms: '[data-panel=norms]', data: '[data-control=data]', opt: '[data-control=opt]', lr: '[data-control=lr]' };
  const panels = await page.evaluate((sel) =>
    Array.from(document.querySelectorAll('trustgrad-playground')).map((e) =>
      Object.fromEntries(
        Object.entries(sel).map(([k, s]) => [k, (e.shadowRoot!.querySelector(s)?.getClientRects().length ?? 0) > 0]),
      )
    ), selectors);
  check(!panels[0].research && panels[0].network && panels[0].opt && !panels[0].data, 'the first shows the network and output with only the optimiser and learning rate to change');
  check(panels[1].lemma && !panels[1].norms && !panels[1].network && panels[1].lr && !panels[1].opt, 'the second shows Lemma 1 and deep relative trust, with only the learning rate to change');
}
