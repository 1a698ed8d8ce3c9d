// The markup inside every <trustgrad-playground>: toolbar, training controls, data / network / output
// columns, and the paper's views, each with its formula and what to look for. `data-panel` marks what
// the element's `panels` attribute can leave out; `data-control` what `hide` can hide.

const figure = (panel: string, title: string, canvas: string, formula: string, look: string, extra = ''): string => `
  <figure class="view${canvas.includes('class="pair"') ? ' wide' : ''}" data-panel="${panel}">
    <h4>${title}</h4>
    ${extra}
    ${canvas}
    <p class="formula">${formula}</p>
    <p class="look"><b>What to look for.</b> ${look}</p>
    <p class="reading" id="${panel}Reading" aria-live="polite"></p>
  </figure>`;

const chart = (id: string, label: string): string => `<canvas id="${id}" class="chart" role="img" aria-label="${label}"></canvas>`;
const pair = (a: string, b: string): string => `<div class="pair">${a}${b}</div>`;

const select = (id: string, label: string, control = id): string => `<label class="field" data-control="${control}" for="${id}">${label}<select id="${id}"></select></label>`;
const range = (id: string, label: string, min: number, max: number, step: number): string =>
  `<label class="field range" data-control="${id}" for="${id}">${label} <output id="${id}Out" for="${id}"></output>
     <input type="range" id="${id}" min="${min}" max="${max}" step="${step}" aria-label="${label}"></label>`;
const check = (id: string, label: string, control = id): string => `<label class="check" data-control="${control}" for="${id}"><input type="checkbox" id="${id}"> ${label}</label>`;

export const TEMPLATE = `
<div class="tg">
  <div class="bar">
    <div class="buttons">
      <button id="reset" title="Start again from the same seed" aria-label="Reset to step 0">⟲ Reset</button>
      <button id="play" class="primary" title="Play / pause (space)">▶ Play</button>
      <button id="step" title="One step" aria-label="Take one step">Step</button>
    </div>
    <div class="counters">
      <div class="counter"><span class="label">step</span><span id="stepCount">0</span></div>
      <div class="counter"><span class="label">epoch</span><span id="epochCount">0</span></div>
      <div class="counter"><span class="label">learning rate</span><span id="lrNow">–</span></div>
      <div class="counter"><span class="label">train loss</span><span id="trainLoss">–</span></div>
      <div class="counter"><span class="label">test loss</span><span id="testLoss">–</span></div>
      <div class="counter" id="accCounter"><span class="label">test accuracy</span><span id="testAcc">–</span></div>
    </div>
    ${check('monitor', 'Trust monitor', 'monitor').replace('class="check"', 'class="check switch" title="ρ, Lemma 1 and deep relative trust every few steps; costs time, never changes the run"')}
  </div>
  <div id="busy" class="busy" hidden role="status" aria-live="polite">
    <span class="spinner" aria-hidden="true"></span><span id="busyText"></span><button id="cancel">Cancel</button>
  </div>
  <div id="notes" class="notes" hidden role="status"></div>
  <div id="message" class="message" hidden role="alert"></div>

  <div class="training" data-panel="training">
    ${select('opt', 'Optimiser')}
    ${select('lr', 'Learning rate')}
    ${check('decay', 'Decay on plateau')}
    ${select('pBound', 'pBound')}
    ${select('reg', 'Regularisation')}
    ${select('regRate', 'Rate')}
  </div>

  <div class="main">
    <section class="col data" data-panel="data" aria-label="Data">
      <h3>Data</h3>
      ${select('problem', 'Problem')}
      <div class="segmented" id="dataButtons" data-control="data" role="group" aria-label="Data set"></div>
      ${range('noise', 'Noise', 0, 50, 5)}
      ${range('train', 'Training data', 10, 90, 10)}
      ${select('batch', 'Batch size')}
      <label class="field" data-control="seed" for="seed">Seed<span class="seed"><input type="number" id="seed" min="0" step="1"><button id="reseed" title="Draw new data and initial weights" aria-label="New seed">new</button></span></label>
      <p class="note" id="dataNote"></p>
    </section>

    <section class="col network" data-panel="network" aria-label="Network">
      <div class="net-head">
        <h3>Network</h3>
        <div class="layers" data-control="layers"><button id="removeLayer" aria-label="Remove a hidden layer">−</button>
          <span id="depthText">3 hidden layers</span><button id="addLayer" aria-label="Add a hidden layer">+</button></div>
        ${select('width', 'Width', 'layers')}
        ${select('act', 'Activation')}
        ${select('init', 'Init')}
        ${check('residual', 'Residual')}
      </div>
      <div class="diagram" id="diagram"></div>
      <p class="note" id="modelNote"></p>
    </section>

    <section class="col output" data-panel="output" aria-label="Output">
      <h3 id="outputTitle">Output</h3>
      <p class="readout" id="readout"></p>
      <canvas id="boundary" class="boundary" role="img" aria-label="Decision surface"></canvas>
      <div class="checks">${check('showTest', 'Show test data')}${check('discretize', 'Discretize output')}</div>
    </section>

    <section class="col curves" data-panel="curves" aria-label="Loss and accuracy">
      <div class="pair">
        <canvas id="lossChart" class="chart" role="img" aria-label="Loss chart"></canvas>
        <canvas id="accChart" class="chart" role="img" aria-label="Accuracy chart"></canvas>
      </div>
    </section>
  </div>

  <section class="research" aria-label="Inside the network: the paper's views">
    <h3 class="research-title">Inside the network — the paper's views <span class="sub" id="monitorState"></span></h3>
    <div class="views">
      ${
  figure('norms', 'Weight norms', chart('normChart', 'Weight norms'), '‖W<sub>l</sub>‖ = (Σ w²)<sup>½</sup> of each weight matrix, first layer light, output layer dark; log scale.',
    'LARS multiplies every norm by √(1+η²) per step until it overflows (the paper’s Figure 2). Fromage divides by that factor and stays flat; with pBound the norms stop at the dashed cap.')
}
      ${
  figure('rho', 'Gradient breakdown ρ per layer', chart('rhoChart', 'Relative breakdown per layer'),
    'ρ<sub>l</sub> = ‖g<sub>l</sub>(W+ΔW) − g<sub>l</sub>(W)‖ / ‖g<sub>l</sub>(W)‖ — how much one step changed layer <i>l</i>’s gradient, relative to its size.',
    'Below 1 the gradient measured before the step still describes the loss after it. Near or above 1 the step was too large for that layer. A layer whose gradient was exactly zero has no relative breakdown: it is marked, not plotted.')
}
      ${
  figure('lemma', 'Lemma 1: was descent guaranteed?', pair(chart('barsChart', 'Lemma 1 per layer'), chart('lemmaChart', 'Lemma 1 per step')),
    'ℒ(W+ΔW) − ℒ(W) ≤ −Σ<sub>l</sub> ‖g<sub>l</sub>‖‖ΔW<sub>l</sub>‖ (cos θ<sub>l</sub> − max<sub>t</sub> ρ<sub>l</sub>(t)), θ<sub>l</sub> the angle between ΔW<sub>l</sub> and −g<sub>l</sub>. Descent is guaranteed when the right side is negative.',
    'Left: the last monitored step, one pair per layer — a layer whose dark cos θ bar stands above its light max ρ bar pulls the bound below zero. Right: every monitored step, the bound and the actual change ΔL divided by Σ‖g<sub>l</sub>‖‖ΔW<sub>l</sub>‖; dark ticks mark steps whose descent was guaranteed. The lemma itself always holds (ΔL ≤ bound); a large η, or depth, turns the guarantees off.')
}
      ${
  figure('trust', 'Deep relative trust vs measured ρ', chart('trustChart', 'Deep relative trust against measured breakdown'),
    'Model: ρ<sub>l</sub> ≈ C · (Π<sub>k</sub>(1 + r<sub>k</sub>) − 1), r<sub>k</sub> = ‖ΔW<sub>k</sub>‖/‖W<sub>k</sub>‖ over all L weight matrices. Dots: each layer’s measured ρ; dashed: the model with C = 1; solid: with C fitted (the geometric mean of ρ over the prediction).',
    'The dots sit above the dashed constant-1 curve by a roughly steady factor, C: Theorem 1 proves the product form only with a constant (βκ²/α)<sup>L</sup> that the paper drops (its reply to the reviewers), so C > 1 is expected, not a failure of the model. What the model claims is the shape — ρ rising and falling with the product of the layers’ relative steps — so the dots follow the solid line when η, the optimiser or the depth change. Lemma 2 turns the model into a step size: equal relative steps below η* = (1 + cos θ)<sup>1/L</sup> − 1 keep descent guaranteed, smaller for deeper nets.')
}
      ${
  figure('slice', 'Figure 1: the slice of the current weights', pair(chart('sliceLoss', 'Loss along the slice'), chart('sliceRho', 'Breakdown along the slice')),
    '100 steps W<sub>l</sub> ← W<sub>l</sub> − 0.001 ‖W<sub>l</sub>‖ g<sub>l</sub>/‖g<sub>l</sub>‖ with g fixed at the start, on 250 training samples; loss and the first layer’s ρ against the total relative perturbation, log axes.',
    'Euclidean smoothness (dotted) predicts ρ linear in the perturbation and the loss quadratic. Deep nets break down faster — quasi-exponentially, as deep relative trust’s product (dashed), once scaled by C (solid grey).',
    '<div class="slice-head"><button id="sliceButton">Plot the slice</button><button id="sliceCancel" hidden>Cancel</button><span id="sliceStatus" class="note" role="status"></span></div>')
}
    </div>
  </section>

  <details class="teacher" data-panel="teacher">
    <summary>For teachers: hide controls, link, embed</summary>
    <p class="note">Tick the controls students should not see; the link and the embed code below follow.</p>
    <div class="hide-list" id="hideList"></div>
    <label class="field wide" for="linkOut">Link<input id="linkOut" readonly></label>
    <label class="field wide" for="embedOut">Embed<textarea id="embedOut" readonly rows="3"></textarea></label>
  </details>
  <div class="hover" id="hoverCard" hidden><canvas id="hoverCanvas" width="160" height="160" role="img" aria-label="Enlarged neuron"></canvas><span id="hoverText"></span></div>
</div>`;
