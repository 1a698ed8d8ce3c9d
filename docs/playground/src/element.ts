// <trustgrad-playground>: the whole playground as one custom element, for the playground page and for
// a teacher's course page. Attributes are the link's keys (dataset, depth, width, layers, optimiser, lr,
// seed, noise, …; see README.md), plus `panels` (which parts show), `hide` (which controls hide) and
// `sync-url` (read and write the page's address, as the playground page does). Its markup and styles
// live in a shadow root, so a course page's CSS cannot disturb it.
import { readSettings, type Settings } from './config.ts';
import css from './element.css';
import { Playground, readHash } from './app.ts';
import { TEMPLATE } from './template.ts';

/** Parts the `panels` attribute can list (default: all). */
export const PANELS = ['training', 'data', 'network', 'output', 'curves', 'norms', 'rho', 'lemma', 'trust', 'slice', 'teacher'] as const;

type Hook = Playground['hook'];
declare global {
  /** `window.playground` is the first element's hook (undefined until an element is on the page). */
  interface Window {
    playground: Hook;
    trustgradWorker?: Worker;
  }
}

/** The custom element. `document.querySelector('trustgrad-playground').playground.stepN(100)` */
export class TrustgradPlayground extends HTMLElement {
  private instance: Playground | null = null;

  /** The test hook of this instance (null before it is on a page). */
  get playground(): Hook | null {
    return this.instance?.hook ?? null;
  }

  connectedCallback(): void {
    if (this.instance !== null) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${css}</style>${TEMPLATE}`;
    const panels = (this.getAttribute('panels') ?? '').split(/[\s,]+/).filter((p) => p !== '');
    if (panels.length > 0) {
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-panel]'))) el.hidden = !panels.includes(el.dataset.panel!);
      root.querySelector('.main')!.classList.add('custom'); // a chosen set of panels flows instead of a fixed grid
      const research = root.querySelector<HTMLElement>('.research')!;
      research.hidden = !['norms', 'rho', 'lemma', 'trust', 'slice'].some((p) => panels.includes(p));
    }
    const syncUrl = this.hasAttribute('sync-url');
    // The playground page starts a worker before its scripts load; the first element takes it.
    const early = syncUrl ? window.trustgradWorker ?? null : null;
    if (early !== null) delete window.trustgradWorker;
    this.instance = new Playground(root, this, syncUrl ? readHash() : this.settings(), { syncUrl, worker: early });
    window.playground ??= this.instance.hook;
  }

  disconnectedCallback(): void {
    this.instance?.destroy();
    this.instance = null;
  }

  static get observedAttributes(): string[] {
    return ['dataset', 'data', 'depth', 'width', 'layers', 'optimiser', 'optimizer', 'opt', 'lr', 'seed', 'noise', 'train', 'features', 'residual', 'act', 'init', 'batch', 'pbound', 'decay', 'reg', 'regrate', 'monitor', 'every', 'hide',
      'test', 'discretize'];
  }

  attributeChangedCallback(): void {
    if (this.instance !== null && !this.hasAttribute('sync-url')) this.instance.apply(this.settings());
  }

  private settings(): Settings {
    const names = this.getAttributeNames();
    return readSettings({ get: (k) => this.getAttribute(k), keys: () => names }, false);
  }
}

if (!customElements.get('trustgrad-playground')) customElements.define('trustgrad-playground', TrustgradPlayground);
