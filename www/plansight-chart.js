// <plansight-chart>: one Plansight chart in any page, with one script tag.
//
//   <script type="module" src="plansight-chart.js"></script>
//   <plansight-chart chart="annual" src="plan.docx" lang="zh" theme="auto"></plansight-chart>
//
// Attributes: chart (by-type, annual, timeline, pareto, builder, indicators,
// areas, units, matrix; bridge: two editions' totals, A → B), src (a plan on
// the same site, or two editions separated by a space for the bridge; the seed
// when absent),
// lang (zh|en), theme (light|dark|auto), view (a page hash such as
// "t=交通互通共网&y=2023-2025"). Like the page's glue it computes nothing: the
// WebAssembly App reads, filters and draws; this only places what it answers.
// Events: `plansight-load` (detail: the load summary) and `plansight-error`.
import init, { App } from './plansight_web.js';

let ready;
const wasm = () => (ready ??= init());
let readers;
// The .docx/.xlsx/HTML/Arrow readers, loaded the first time a src needs one.
const extras = () => (readers ??= import('./plansight_extras_web.js').then(async (m) => { await m.default(); return m; }));

const STYLE = `:host { display: block; position: relative; }
canvas { display: block; width: 100%; }
.tip { position: absolute; pointer-events: none; padding: 4px 8px; border-radius: 4px; font: 13px/1.4 system-ui, sans-serif;
  background: #1f2328; color: #fff; white-space: nowrap; z-index: 1; }
.tip[hidden], .error[hidden] { display: none; }
.error { color: #b42318; font: 13px/1.4 system-ui, sans-serif; }
.data { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }`;

const dark = () => matchMedia('(prefers-color-scheme: dark)').matches;

export class PlansightChart extends HTMLElement {
  static observedAttributes = ['chart', 'src', 'lang', 'theme', 'view'];

  #app;
  #canvas;
  #tip;
  #error;
  #data;
  #loading;
  #resize = new ResizeObserver(() => this.#draw());

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // A constructed style sheet, not a <style> element: a strict CSP allows it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
    this.#canvas = Object.assign(document.createElement('canvas'), { tabIndex: 0 });
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', 'Plansight chart');
    this.#tip = Object.assign(document.createElement('div'), { className: 'tip', hidden: true });
    this.#error = Object.assign(document.createElement('p'), { className: 'error', hidden: true });
    this.#data = Object.assign(document.createElement('div'), { className: 'data' });
    root.append(this.#canvas, this.#tip, this.#error, this.#data);
    this.#canvas.addEventListener('mousemove', (e) => this.#hover(e));
    this.#canvas.addEventListener('mouseleave', () => { this.#tip.hidden = true; });
    this.#canvas.addEventListener('click', (e) => { if (this.#app?.click(this.chart, e.offsetX, e.offsetY)) this.#draw(); });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      if ((this.getAttribute('theme') ?? 'auto') === 'auto' && this.#app) { this.#app.system_dark(dark()); this.#draw(); }
    });
  }

  get chart() { return this.getAttribute('chart') ?? 'by-type'; }

  connectedCallback() {
    this.#resize.observe(this);
    this.#load();
  }

  disconnectedCallback() { this.#resize.disconnect(); }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected) return;
    if (name === 'src') this.#load();
    else if (this.#app) { this.#app.set_hash(this.#hash(), dark()); this.#draw(); }
  }

  /** The view the attributes describe, as the page's hash (two editions: compared in the order given). */
  #hash() {
    const theme = this.getAttribute('theme') ?? 'auto';
    const parts = [`embed=${encodeURIComponent(this.chart)}`, `lang=${this.getAttribute('lang') === 'en' ? 'en' : 'zh'}`, `theme=${theme}`];
    const names = this.#sources().map((s) => s.name);
    if (names.length === 2) parts.push(`cmp=${names.map((n) => encodeURIComponent(n).replace(/~/g, '%7E')).join('~')}`);
    const view = this.getAttribute('view');
    if (view) parts.push(view.replace(/^#/, ''));
    return parts.join('&');
  }

  /** The documents `src` names (space-separated), each with the name the plan takes. */
  #sources() {
    return (this.getAttribute('src') ?? '').split(/\s+/).filter(Boolean).map((src) => {
      const url = new URL(src, document.baseURI);
      return { url, name: decodeURIComponent(url.pathname.split('/').pop() || src) };
    });
  }

  async #load() {
    const attempt = (this.#loading = Symbol('load'));
    try {
      await wasm();
      const app = new App(this.#hash(), dark());
      const sources = this.#sources();
      let summary = '';
      if (sources.length) {
        // Several documents open as a set (two editions, for the bridge).
        if (sources.length > 1) app.begin_set();
        for (const { url, name } of sources) {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`${name}: ${response.status} ${response.statusText}`);
          let bytes = new Uint8Array(await response.arrayBuffer());
          if (app.reader_for(bytes)) bytes = (await extras()).to_text(bytes, this.getAttribute('lang') === 'en' ? 'en' : 'zh');
          summary = app.load(bytes, name, []);
        }
        if (sources.length > 1) summary = app.finish_set();
        // Loading a document resets the filter: the attributes' view applies to it.
        app.set_hash(this.#hash(), dark());
      }
      if (attempt !== this.#loading) return;
      this.#app = app;
      this.#error.hidden = true;
      this.#draw();
      this.dispatchEvent(new CustomEvent('plansight-load', { detail: summary }));
    } catch (e) {
      if (attempt !== this.#loading) return;
      this.#error.textContent = String(e.message || e);
      this.#error.hidden = false;
      this.dispatchEvent(new CustomEvent('plansight-error', { detail: this.#error.textContent }));
    }
  }

  #draw() {
    if (!this.#app || !this.clientWidth) return;
    const height = this.#app.draw(this.chart, this.#canvas, Math.floor(this.clientWidth), devicePixelRatio || 1);
    this.#canvas.style.height = `${height}px`;
    const view = JSON.parse(this.#app.view());
    const c = view.compare;
    const chart = this.chart === 'bridge'
      ? c && { id: 'bridge', description: c.bridge_description, data: c.bridge }
      : view.charts.find((x) => x.id === this.chart);
    if (!chart) return;
    this.#canvas.setAttribute('aria-label', chart.description);
    // The chart's data for screen readers, as a table (text nodes only).
    const table = document.createElement('table');
    const row = (cells, tag) => { const tr = document.createElement('tr'); tr.append(...cells.map((c) => Object.assign(document.createElement(tag), { textContent: c }))); return tr; };
    table.append(row(chart.data.head, 'th'), ...chart.data.rows.map((r) => row(r, 'td')));
    this.#data.replaceChildren(table);
    this.dataset.drawn = chart.id;
  }

  #hover(e) {
    const json = this.#app?.tooltip(this.chart, e.offsetX, e.offsetY);
    if (!json) { this.#tip.hidden = true; return; }
    this.#tip.textContent = JSON.parse(json).text;
    this.#tip.hidden = false;
    this.#tip.style.left = `${Math.min(e.offsetX + 12, this.clientWidth - this.#tip.offsetWidth)}px`;
    this.#tip.style.top = `${e.offsetY + 16}px`;
  }
}

customElements.define('plansight-chart', PlansightChart);
