// The page's glue: places what the WebAssembly App answers and forwards events
// to it. It computes nothing: every number, label, sort and filter comes from Rust.
import init, { App, SavedPlans, bundle_plans, seven_bit } from './plansight_web.js';

const $ = (id) => document.getElementById(id);
// The single file as it was parsed, before the page drew anything into it:
// what 保存为单个文件 copies (hosted, the page fetches plansight.html instead).
const shell = document.getElementById('wasm-gz') ? document.documentElement.cloneNode(true) : null;
// The files behind the plans open now, as the reader gave them (read again
// only when the page is saved).
let openedFiles = [];
const WIDE = new Set(['annual', 'timeline', 'indicators']);
const prefersDark = () => matchMedia('(prefers-color-scheme: dark)').matches;
let app;
let view;

// Builds an element. Document text only ever becomes text nodes (never HTML),
// so a plan whose names hold markup shows that markup as text.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === undefined || v === null) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

// Redraw only what changed: each part remembers what it was built from.
const built = new WeakMap();
function renderInto(el, data, build) {
  const key = JSON.stringify(data);
  if (built.get(el) === key) return;
  built.set(el, key);
  el.replaceChildren(...[build()].flat());
}
const setText = (el, text) => { if (el.textContent !== text) el.textContent = text; };
const setAttr = (el, name, value) => { if (el.getAttribute(name) !== value) el.setAttribute(name, value); };

// In the single-file bundle each wasm is inlined (gzip as seven-bit text, see
// `seven_bit` in xtask/src/build.rs: 8 bits of file per 7 of payload); hosted, it is fetched.
async function inlined(id) {
  const inline = document.getElementById(id);
  if (!inline) return undefined;
  const stream = new Blob([sevenBit(inline.textContent, Number(inline.dataset.bytes))]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Seven-bit groups, MSB first; a character from 0x80 up is an avoided group
// (NUL, LF, CR, '<', by its index) followed by the next group.
function sevenBit(text, length) {
  const avoided = [0x00, 0x0a, 0x0d, 0x3c];
  const out = new Uint8Array(length);
  let acc = 0, bits = 0, o = 0;
  const put = (v) => {
    acc = (acc << 7) | v;
    bits += 7;
    if (bits >= 8) {
      bits -= 8;
      if (o < length) out[o++] = acc >> bits;
      acc &= (1 << bits) - 1;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) put(c);
    else { put(avoided[(c >> 7) - 1]); put(c & 0x7f); }
  }
  return out;
}

// Arrow export and the .docx/.xlsx/HTML/Arrow readers live in a second module, loaded the first time one is needed.
let extrasModule, extrasBytes;
const extrasWasm = () => (extrasBytes ??= inlined('extras-gz'));
function extras() {
  extrasModule ??= (async () => {
    const bytes = await extrasWasm();
    // eslint-disable-next-line no-undef -- EXTRAS_GLUE exists in the single-file bundle only.
    const glue = bytes ? EXTRAS_GLUE() : await import('./plansight_extras_web.js');
    await glue.default({ module_or_path: bytes });
    return glue;
  })().catch((e) => { extrasModule = undefined; throw e; });
  return extrasModule;
}

// Every reader of a file runs in a worker running the extras module: a table
// of a million rows leaves the page responsive and shows its progress (the
// worker sends one typed array per column back, see plansight_core::buffers),
// and a reader that fails, runs out of memory or traps ends only the worker:
// the page says why, keeps its plan, and the next file gets a fresh worker.
function readerWorker(loadGlue) {
  let loading;
  self.onmessage = async ({ data }) => {
    try {
      // One compile, whichever message comes first (a warm-up, or a read right after it).
      loading ??= loadGlue(data.wasm).catch((e) => { loading = undefined; throw e; });
      const glue = await loading;
      if (data.warm) return;
      if (data.reader !== 'table') {
        const text = glue.to_text(data.bytes, data.lang);
        self.postMessage({ text }, [text.buffer]);
        return;
      }
      const read = glue.read_table(data.bytes, data.lang, data.mapping, (done, total) => self.postMessage({ progress: [done, total] }));
      if (!read.is_projects()) {
        const text = read.text();
        self.postMessage({ text }, [text.buffer]);
        return;
      }
      const columns = [read.no(), read.types(), read.kind(), read.names(), read.name_ends(), read.builders(), read.builder_ends(), read.builder(), read.fen(), read.start(), read.end(), read.builder_kind(), read.line(),
        read.headers(), read.roles(), read.note_lines(), read.notes_zh(), read.notes_en(), read.plans(), read.plan()];
      self.postMessage({ columns, memory: glue.memory_bytes() }, columns.filter((c) => c.buffer).map((c) => c.buffer));
      // Then the repeated names, while the page takes the columns.
      const repeated = read.repeated_names();
      read.free();
      self.postMessage({ repeated }, [repeated.buffer]);
    } catch (e) {
      if (data.warm) return; // the read that follows says what failed
      // A trap (a reader's panic in wasm) says nothing to a person: the page words it.
      self.postMessage(e instanceof WebAssembly.RuntimeError ? { crashed: String(e.message || e) } : { error: String(e.message || e) });
    }
  };
}

let worker;
function startWorker() {
  const start = `(${readerWorker})(async (wasm) => { await glue.default({ module_or_path: wasm }); return glue; });`;
  const url = (source) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  // The single file carries the extras glue as a function, started in a classic
  // worker (a page from file:// cannot start module workers); hosted, a module
  // worker imports it.
  // eslint-disable-next-line no-undef -- EXTRAS_GLUE exists in the single-file bundle only.
  if (typeof EXTRAS_GLUE === 'function') return new Worker(url(`const glue = (${EXTRAS_GLUE})();\n${start}`));
  const glue = new URL('plansight_extras_web.js', location.href).href;
  return new Worker(url(`import * as glue from ${JSON.stringify(glue)};\n${start}`), { type: 'module' });
}

// The readers' module fetched and compiled ahead in the worker when the
// reader reaches for a file (the open buttons, a drag over the page): hosted,
// it is a megabyte the first file would otherwise wait for.
function warmReader() {
  if (worker) return;
  worker = startWorker();
  extrasWasm().then((wasm) => worker?.postMessage({ warm: true, wasm })).catch(() => {});
}

// Reads a file in the worker: an Arrow or Parquet projects table as { columns,
// memory, repeated } (read with `mapping`, the column dialog's "header=role"
// pairs; `repeated`: a promise of its repeated names, found after), anything else (another table, .docx, .xlsx, HTML) as { text }, the text form;
// `progress(done, total)` as a table's batches are read.
async function readInWorker(bytes, reader, progress, mapping = []) {
  worker ??= startWorker();
  const wasm = await extrasWasm();
  return new Promise((resolve, reject) => {
    // A projects table comes as its columns, then its repeated names: a second promise.
    let names;
    const repeated = new Promise((found, lost) => { names = { found, lost }; });
    repeated.catch(() => {}); // a text form never asks for it
    // After an error the worker's wasm may be broken (a trap): the next file gets a fresh one.
    let watchdog;
    const fail = (message) => {
      clearTimeout(watchdog); worker.terminate(); worker = undefined;
      reject(new Error(message)); names.lost(new Error(message));
    };
    // A reader silent this long is stopped (a file no plan is: damaged or far too large).
    const wait = () => { clearTimeout(watchdog); watchdog = setTimeout(() => fail(view.ui.reader_timeout), 120000); };
    wait();
    worker.onmessage = ({ data }) => {
      wait();
      if (data.progress) progress(...data.progress);
      else if (data.error) fail(data.error);
      else if (data.crashed) fail(view.ui.reader_crashed);
      else if (data.columns) resolve({ ...data, repeated });
      else if (data.repeated) { clearTimeout(watchdog); names.found(data.repeated); }
      else { clearTimeout(watchdog); resolve(data); }
    };
    worker.onerror = (e) => fail(e.message || 'reader worker failed');
    worker.postMessage({ bytes, reader, mapping, lang: view.lang, wasm }, [bytes.buffer]);
  });
}

// Reading in the worker (rows read of all), then the page taking them (a share).
function showProgress(done, total, preparing = false) {
  const box = $('progress');
  box.hidden = false;
  box.querySelector('progress').value = total ? done / total : 0;
  setText($('progress-text'), preparing ? view.ui.preparing : `${view.ui.reading_rows}${done.toLocaleString()} / ${total.toLocaleString()} ${view.ui.rows}`);
}

// The bundled font (Noto Sans CJK SC, GB2312) for office SVGs: inlined in the
// single file, fetched when hosted; only loaded the first time one is exported.
let fontBytes;
function font() {
  fontBytes ??= (async () => {
    const inline = await inlined('font-gz');
    if (inline) return inline;
    const response = await fetch('fonts/NotoSansSC-GB2312.otf');
    if (!response.ok) throw new Error(`fonts/NotoSansSC-GB2312.otf: ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  })().catch((e) => { fontBytes = undefined; throw e; });
  return fontBytes;
}

function say(text, isError = false) {
  const m = $('message');
  m.textContent = text;
  m.classList.toggle('error', isError);
  m.hidden = !text;
}

function download(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function showLine(line) {
  const doc = $('document');
  doc.querySelectorAll('li.hit').forEach((li) => li.classList.remove('hit'));
  const li = doc.children[line - 1];
  if (!li) return;
  li.classList.add('hit');
  li.scrollIntoView({ block: 'center' });
  $('document-section').scrollIntoView({ block: 'start' });
}

function renderDocument() {
  // One fragment, not one call with a line per argument: a long document has
  // more lines than a call takes arguments.
  const lines = document.createDocumentFragment();
  for (const text of app.document_text().split('\n')) {
    const li = document.createElement('li');
    li.textContent = text || ' ';
    lines.append(li);
  }
  $('document').replaceChildren(lines);
}

// ---- charts ----

function chartCard(c) {
  const fig = document.createElement('figure');
  fig.className = 'chart' + (WIDE.has(c.id) ? ' wide' : '');
  fig.id = 'chart-' + c.id;
  const canvas = h('canvas', { tabindex: 0, role: 'img', dataset: { chart: c.id } });
  fig.append(
    canvas,
    h('div', { class: 'actions' },
      h('button', { type: 'button', dataset: { svg: c.id } }, 'SVG'),
      h('button', { type: 'button', dataset: { png: c.id } }, 'PNG'),
      h('button', { type: 'button', class: 'embed-code', dataset: { embedCode: c.id } }),
      h('button', { type: 'button', class: 'static-figure', dataset: { figure: c.id } })),
    h('details', {}, h('summary'), h('div', { class: 'fallback' })),
  );
  canvas.addEventListener('mousemove', (e) => hover(c.id, e));
  canvas.addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
  canvas.addEventListener('click', (e) => { if (app.click(c.id, e.offsetX, e.offsetY)) update(); });
  return fig;
}

function hover(id, e) {
  const json = app.tooltip(id, e.offsetX, e.offsetY);
  const tip = json && JSON.parse(json);
  const box = $('tooltip');
  if (!tip) { box.hidden = true; return; }
  box.textContent = tip.text + (tip.line ? ` · ${view.ui.line} ${tip.line}` : '') + (tip.clickable ? ` · ${view.ui.tooltip_click}` : '');
  box.hidden = false;
  const x = Math.min(e.clientX + 14, innerWidth - box.offsetWidth - 8);
  const y = e.clientY + 16 + box.offsetHeight > innerHeight ? e.clientY - box.offsetHeight - 10 : e.clientY + 16;
  box.style.left = `${x}px`;
  box.style.top = `${y}px`;
}

function dataTable(head, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, head.map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

// Charts off screen are redrawn when they come into view (their height is set
// at once, so nothing moves): a filter click draws only what can be seen.
const onScreen = new Set();
const stale = new Set();
const watcher = new IntersectionObserver((entries) => {
  for (const e of entries) {
    const id = e.target.dataset.chart;
    if (!e.isIntersecting) { onScreen.delete(id); continue; }
    onScreen.add(id);
    if (stale.has(id)) drawChart(view.charts.find((c) => c.id === id));
  }
}, { rootMargin: '300px 0px' });

// Each chart's drawing width, kept up to date by a ResizeObserver: a filter
// click reads no layout (reading clientWidth there laid the whole page out
// before the frame did it again). A chart whose width changes is redrawn.
const widths = new Map();
const chartWidth = (fig) => Math.floor(fig.clientWidth - 16);
let resized;
const sizer = new ResizeObserver((entries) => {
  let changed = false;
  for (const e of entries) {
    const id = e.target.id.slice('chart-'.length);
    const width = chartWidth(e.target);
    changed ||= widths.has(id) && widths.get(id) !== width;
    widths.set(id, width);
  }
  if (changed) { clearTimeout(resized); resized = setTimeout(() => { drawCharts(); bridgeShown = ''; renderCompare(); }, 120); }
});

function drawCharts(everything = false) {
  const host = $('charts');
  // An embed (#embed=CHART) shows one chart, filling its frame.
  const shown = view.embed ? view.charts.filter((c) => c.id === view.embed) : view.charts;
  if (host.dataset.shown !== shown.map((c) => c.id).join()) {
    host.replaceChildren(...shown.map(chartCard));
    host.dataset.shown = shown.map((c) => c.id).join();
    host.querySelectorAll('canvas[data-chart]').forEach((c) => watcher.observe(c));
    host.querySelectorAll('figure.chart').forEach((f) => sizer.observe(f));
  }
  // Widths not known yet (new cards) are read before any chart is drawn: one layout, not one per chart.
  shown.forEach((c) => { if (!widths.has(c.id)) widths.set(c.id, chartWidth($('chart-' + c.id))); });
  shown.forEach((c) => {
    if (everything || onScreen.has(c.id)) drawChart(c, widths.get(c.id));
    else {
      stale.add(c.id);
      $('chart-' + c.id).querySelector('canvas').style.height = `${app.chart_height(c.id)}px`;
    }
  });
  if (view.embed) {
    document.title = shown[0]?.title ?? document.title;
    // Tell the host page how tall the chart is (it matches the message by event.source).
    if (window.parent !== window) window.parent.postMessage({ type: 'plansight:height', chart: view.embed, height: document.documentElement.scrollHeight }, '*');
  }
}

function drawChart(c, width) {
  const fig = $('chart-' + c.id);
  const canvas = fig.querySelector('canvas');
  const height = app.draw(c.id, canvas, width ?? widths.get(c.id) ?? chartWidth(fig), devicePixelRatio || 1);
  stale.delete(c.id);
  canvas.style.height = `${height}px`;
  setAttr(canvas, 'aria-label', c.description);
  setText(fig.querySelector('summary'), `${view.ui.chart_data}: ${c.title}`);
  // The data table is built when its disclosure is open (and when it opens).
  const details = fig.querySelector('details');
  details.ontoggle = () => fallbackTable(fig, c);
  if (details.open) fallbackTable(fig, c);
  const embed = fig.querySelector('.embed-code');
  if (embed) {
    setText(embed, view.ui.embed);
    embed.title = view.ui.embed_title;
    // An embed shows one plan published beside the page: not every plan at once.
    embed.hidden = view.all_plans_shown;
  }
  const figure = fig.querySelector('.static-figure');
  setText(figure, view.ui.figure);
  figure.title = view.ui.figure_title;
}

function fallbackTable(fig, c) {
  if (fig.querySelector('details').open) renderInto(fig.querySelector('.fallback'), c.data, () => dataTable(c.data.head, c.data.rows));
}

// ---- everything else ----

function choiceButtons(host, choices, kind) {
  // The same choices with another one pressed: only their state changes.
  renderInto(host, choices.map((c) => [c.value, c.label]), () => choices.map((c) => h('button', { type: 'button', dataset: { kind, value: c.value } }, c.label)));
  choices.forEach((c, i) => setAttr(host.children[i], 'aria-pressed', String(c.selected)));
}

function options(select, values, selected) {
  renderInto(select, [values, selected], () => values.map(([v, label]) => h('option', { value: v, selected: String(v) === String(selected) }, label)));
}

// The page's own words change only with the language: not looked up on every click.
let wordsIn;
function renderControls() {
  if (wordsIn !== view.lang) {
    wordsIn = view.lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => setText(el, view.ui[el.dataset.i18n] ?? el.textContent));
    document.querySelectorAll('[data-i18n-title]').forEach((el) => setAttr(el, 'title', view.ui[el.dataset.i18nTitle] ?? ''));
  }
  // Attributes on <html> restyle the whole page: set only when they change.
  setAttr(document.documentElement, 'lang', view.lang === 'en' ? 'en' : 'zh-CN');
  setAttr(document.documentElement, 'data-theme', view.dark ? 'dark' : 'light');
  if (view.embed) setAttr(document.body, 'data-embed', view.embed);
  else delete document.body.dataset.embed;
  setText($('lang'), view.ui.lang);
  setAttr($('lang'), 'lang', view.lang === 'en' ? 'zh-CN' : 'en');
  setText($('theme'), view.dark ? view.ui.theme_light : view.ui.theme_dark);
  setText($('plan-title'), view.title);
  setText($('plan-facts'), view.facts);
  setText($('source-name'), view.source);
  setAttr($('search'), 'placeholder', view.ui.search);
  if (document.activeElement !== $('search') && $('search').value !== view.search) $('search').value = view.search;
  choiceButtons($('actions'), view.actions, 'action');
  choiceButtons($('builders'), view.builder_kinds, 'builder');
  // A control with nothing to choose is not shown (a plan without projects has no builders).
  $('actions').parentElement.hidden = !view.actions.length;
  $('builders').parentElement.hidden = !view.builder_kinds.length;
  const chosen = view.units.find((u) => u.selected);
  options($('unit'), [['', view.ui.all_units], ...view.units.map((u) => [u.value, u.label])], chosen ? chosen.value : '');
  const years = [];
  for (let y = view.years.min; y <= view.years.max; y++) years.push([y, y]);
  options($('year-from'), years, view.years.from);
  options($('year-to'), years, view.years.to);
  // The chip's accessible name starts with its visible text (remove as a description).
  renderInto($('chips'), [view.chips, view.ui.remove], () => view.chips.map((c) => h('button', { type: 'button', class: 'chip', title: `${view.ui.remove}: ${c.label}`, dataset: { kind: c.kind, value: c.value } }, c.label)));
  $('clear').disabled = !view.chips.length;
  renderInto($('figures'), view.headline, () => view.headline.map((f) => h('div', { class: 'figure' },
    h('div', { class: 'label' }, f.label),
    h('div', {}, h('span', { class: 'value' }, f.value), h('span', { class: 'unit' }, f.unit)),
    h('div', { class: 'note' }, f.note))));
}

const lineButton = (line, label, title) => h('button', { type: 'button', class: 'line', title, dataset: { line } }, label);

// Table rows once built are used again (a filter toggled back shows rows
// already made): kept by their table, columns and cells, for one plan and language.
let rowsBuilt = new Map();
let rowsFor;
function renderTables() {
  const words = JSON.stringify([view.source, view.lang, view.ui.goto_line, view.ui.prose]);
  if (rowsFor !== words || rowsBuilt.size > 20000) { rowsFor = words; rowsBuilt = new Map(); }
  renderInto($('tables'), [view.tables, view.ui.no_rows, view.ui.show_more, view.ui.goto_line], () => view.tables.map((t) => {
    const sortState = (c) => (c.sorted === 'asc' ? 'ascending' : c.sorted === 'desc' ? 'descending' : 'none');
    const head = t.columns.map((c) => h('th', { class: c.numeric ? 'num' : false, 'aria-sort': sortState(c) },
      h('button', { type: 'button', dataset: { sort: t.id, key: c.key } }, c.label)));
    const lineCol = t.columns.length - 1;
    const numeric = JSON.stringify(t.columns.map((c) => c.numeric));
    const used = new Set();
    const row = (r) => {
      const key = t.id + numeric + JSON.stringify(r);
      let tr = used.has(key) ? undefined : rowsBuilt.get(key);
      if (!tr) {
        tr = h('tr', { class: r.prose ? 'prose' : false }, r.cells.map((c, i) => (i === lineCol
          ? h('td', { class: 'num' }, r.prose ? h('span', { class: 'prose-mark', title: view.ui.prose_title }, view.ui.prose) : null,
            lineButton(r.line, c, view.ui.goto_line.replace('{}', r.line)))
          : h('td', { class: t.columns[i].numeric ? 'num' : false }, c))));
        if (!used.has(key)) rowsBuilt.set(key, tr);
      }
      used.add(key);
      return tr;
    };
    const body = t.rows.length ? t.rows.map(row)
      : [h('tr', {}, h('td', { colspan: t.columns.length, class: 'muted' }, view.ui.no_rows))];
    // Off screen, the rows are neither styled nor laid out on a filter click
    // (content-visibility in style.css): most of a big plan's click was this
    // table's layout. Its height is guessed from the rows until it is first
    // drawn, so the page's length hardly moves when it comes into view.
    const rows = h('div', { class: 'rows' }, h('table', { dataset: { table: t.id } }, h('thead', {}, h('tr', {}, head)), h('tbody', {}, body)));
    rows.style.containIntrinsicSize = `auto ${40 + 31 * Math.max(1, t.rows.length)}px`;
    // Long tables show their first rows; the rest on request (no DOM row
    // nobody scrolls to). The button stands outside the skipped rows.
    const more = t.rows.length < t.matched ? h('p', { class: 'more' },
      h('button', { type: 'button', dataset: { more: t.id } }, view.ui.show_more.replace('{}', t.matched - t.rows.length))) : null;
    const count = t.matched === t.total ? t.total : `${t.matched} / ${t.total}`;
    return h('div', { class: 'card', id: `table-${t.id}` },
      h('h2', {}, `${t.title} `, h('span', { class: 'muted' }, `(${count})`)), rows, more);
  }));
  renderInto($('read'), [view.read, view.ui.line, view.ui.read_records, view.ui.assign], () => view.read.map((t, i) => h('li', { class: t.kind },
    lineButton(t.line, `${view.ui.line} ${t.line}`), ' ',
    h('strong', {}, t.kind_label), t.title ? ` ${t.title}` : '', ` · ${t.records} ${view.ui.read_records} `,
    t.remappable ? h('button', { type: 'button', dataset: { assign: i } }, view.ui.assign) : null,
    h('span', { class: 'columns' }, t.columns.map((c) => [h('span', { class: c.role ? 'known' : 'unknown' }, `${c.header} → ${c.role_label}`), ' '])))));
  $('totals-section').hidden = !view.totals.length;
  renderInto($('totals'), [view.totals, view.ui.line], () => view.totals.map((t) => h('li', {}, lineButton(t.line, `${view.ui.line} ${t.line}`), ' ', t.text)));
  $('nothing-for').hidden = !view.nothing_for;
  setText($('nothing-for'), view.nothing_for);
  renderInto($('notes'), [view.notes, view.ui.line], () => view.notes.map((n) => h('li', { class: n.kind }, n.line ? [lineButton(n.line, `${view.ui.line} ${n.line}`), ' '] : null, n.message)));
}

// ---- several plans ----

const sortHead = (table, columns) => h('tr', {}, columns.map((c) => (c.key ? h('th', {
  class: c.numeric ? 'num' : false,
  'aria-sort': c.sorted === 'asc' ? 'ascending' : c.sorted === 'desc' ? 'descending' : 'none',
}, h('button', { type: 'button', dataset: { sort: table, key: c.key } }, c.label)) : h('td'))));

function renderPlans() {
  $('plans-section').hidden = !view.plans.length;
  const shown = (isShown, index) => (isShown ? h('span', { class: 'muted' }, view.ui.shown_plan)
    : h('button', { type: 'button', dataset: { plan: index } }, view.ui.show_plan));
  renderInto($('plans-table'), [view.plans, view.plan_columns, view.all_plans_shown, view.ui.show_plan], () => [
    h('thead', {}, sortHead('plans', [...view.plan_columns, { key: '', label: '', numeric: false, sorted: '' }])),
    h('tbody', {}, view.plans.map((p) => h('tr', { class: p.shown && !view.all_plans_shown ? 'shown' : false },
      h('td', {}, p.title), h('td', {}, p.name), h('td', {}, p.window),
      [p.projects, p.total, p.tasks, p.units, p.targets].map((v) => h('td', { class: 'num' }, v)),
      h('td', {}, shown(p.shown && !view.all_plans_shown, p.index))))),
    // Every plan at once: the charts by plan (an index past the last).
    h('tfoot', {}, h('tr', { class: view.all_plans_shown ? 'shown' : false },
      h('td', { colspan: view.plan_columns.length }, view.ui.all_plans), h('td', {}, shown(view.all_plans_shown, view.plans.length)))),
  ]);
}

// The bridge chart is drawn as the page's charts are (same card, same exports).
let bridgeShown = '';
function renderCompare() {
  const c = view.compare;
  // The editions to compare can be picked whenever two plans are open.
  $('compare-section').hidden = !c && view.plans.length < 2;
  $('compare-body').hidden = !c;
  if (!c) {
    bridgeShown = '';
    const plans = [['', '—'], ...view.plans.map((p) => [p.index, p.title])];
    options($('compare-a'), plans, '');
    options($('compare-b'), plans, '');
    return;
  }
  const ui = view.ui;
  options($('compare-a'), c.choices.map((x) => [x.value, x.label]), c.a);
  options($('compare-b'), c.choices.map((x) => [x.value, x.label]), c.b);
  renderInto($('compare-figures'), c.headline, () => c.headline.map((f) => h('div', { class: 'figure' },
    h('div', { class: 'label' }, f.label),
    h('div', {}, h('span', { class: 'value' }, f.value), h('span', { class: 'unit' }, f.unit)),
    h('div', { class: 'note' }, f.note))));
  const chart = { id: 'bridge', title: c.bridge_title, description: c.bridge_description, data: c.bridge };
  const host = $('compare-chart');
  if (!host.firstChild) host.append(chartCard(chart));
  const key = JSON.stringify([c.bridge, view.dark, view.lang]);
  if (bridgeShown !== key) { bridgeShown = key; drawChart(chart); }
  const head = (keys) => h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, ui[k]))));
  const pairCells = (r) => [
    h('td', {}, r.label), h('td', { class: 'num' }, r.a_row ?? ''), h('td', { class: 'num' }, r.b_row ?? ''),
    h('td', {}, r.name_a), h('td', {}, r.name_b),
    h('td', {}, r.type_a === r.type_b || !r.type_a || !r.type_b ? r.type_b || r.type_a : `${r.type_a} → ${r.type_b}`),
    h('td', { class: 'num' }, r.investment_a), h('td', { class: 'num' }, r.investment_b), h('td', { class: 'num' }, r.delta),
    h('td', {}, r.period_a === r.period_b || !r.period_a || !r.period_b ? r.period_b || r.period_a : `${r.period_a} → ${r.period_b}`),
  ];
  const columns = ['col_change', 'col_a', 'col_b', 'col_name_a', 'col_name_b', 'col_type', 'col_amount_a', 'col_amount_b', 'col_delta', 'col_period'];
  renderInto($('compare-changes'), [c.changes, view.lang], () => [head(columns),
    h('tbody', {}, c.changes.map((r) => h('tr', { class: r.change }, pairCells(r))))]);
  renderInto($('compare-matches'), [c.matches, view.lang], () => [head([...columns, 'col_matched', 'col_change']),
    h('tbody', {}, c.matches.map((r) => h('tr', {}, pairCells(r), h('td', {}, r.matched),
      h('td', {}, h('button', { type: 'button', dataset: { unpair: `${r.a_row}.${r.b_row}` } }, r.by_hand ? ui.undo_match : ui.keep_apart)))))]);
  options($('hand-a'), c.unmatched_a.map((x) => [x.value, x.label]), '');
  options($('hand-b'), c.unmatched_b.map((x) => [x.value, x.label]), '');
  $('hand-pair').disabled = !c.unmatched_a.length || !c.unmatched_b.length;
  renderInto($('compare-targets'), [c.targets, view.lang], () => [head(['col_metric', 'col_a_value', 'col_b_value', 'col_change']),
    h('tbody', {}, c.targets.map((t) => h('tr', { class: t.change }, h('td', {}, t.metric), h('td', {}, t.a), h('td', {}, t.b), h('td', {}, t.label))))]);
  renderInto($('compare-promises'), [c.promises, view.lang], () => [head(['col_metric', 'col_target', 'col_baseline', 'col_result']),
    h('tbody', {}, c.promises.map((p) => h('tr', { class: p.kept ? 'kept' : 'missed' }, h('td', {}, p.metric), h('td', {}, p.target), h('td', {}, p.baseline), h('td', {}, p.label))))]);
  setText($('compare-tasks'), c.tasks);
}

// The URL follows the view when the page is idle: replaceState takes
// milliseconds (measured 0-5), which a click's frame has none of to spare.
let hashDue = false;
function hashNow() {
  if (!hashDue) return;
  hashDue = false;
  if (location.hash.slice(1) !== view.hash) history.replaceState(null, '', view.hash ? `#${view.hash}` : location.pathname + location.search);
}
function showHash() {
  if (hashDue) return;
  hashDue = true;
  requestIdleCallback(hashNow, { timeout: 200 });
}

function update(everything = false) {
  const start = performance.now();
  view = JSON.parse(app.view());
  showHash();
  renderControls();
  renderPlans();
  renderCompare();
  drawCharts(everything);
  renderTables();
  // For `cargo xtask bench` (and anyone profiling): the script time of one redraw.
  performance.measure('plansight-update', { start });
}

async function openFile(file) {
  if (await openBytes(new Uint8Array(await file.arrayBuffer()), file.name, async () => new Uint8Array(await file.arrayBuffer()))) openedFiles = [file];
}

// Several files (chosen together, dropped, or a folder's): read one by one
// into a set; a file that cannot be read is named with its reason and the
// others are opened. The plans shown stay until the set is read.
let opening = false;
async function openFiles(files) {
  if (files.length === 1) { await openFile(files[0]); return; }
  // One set at a time: a second while the first is read would mix them.
  if (opening) return;
  opening = true;
  const start = performance.now();
  const failed = [];
  app.begin_set();
  try {
    for (const [i, file] of files.entries()) {
      showFiles(i, files.length);
      try {
        await readInto(new Uint8Array(await file.arrayBuffer()), file.name);
      } catch (e) {
        const why = String(e.message || e);
        failed.push(why.startsWith(file.name) ? why : `${file.name}: ${why}`);
      }
    }
    const summary = app.finish_set();
    openedFiles = files;
    renderDocument();
    update();
    say(failed.length ? `${summary}；${view.ui.files_failed}${failed.join('、')}` : summary, failed.length > 0);
    performance.measure('plansight-open-set', { start, detail: files.length });
  } catch (e) {
    say((e.message || e) + (failed.length ? `；${view.ui.files_failed}${failed.join('、')}` : ''), true);
  } finally {
    $('progress').hidden = true;
    opening = false;
  }
}

function showFiles(done, total) {
  $('progress').hidden = false;
  $('progress').querySelector('progress').value = total ? done / total : 0;
  setText($('progress-text'), `${view.ui.reading_files}${done + 1} / ${total}`);
}

// One file of a set into the app (which adds it to the set): the worker for
// forms the main module has no reader for, the main module for the rest.
async function readInto(bytes, name) {
  const reader = app.reader_for(bytes);
  if (reader === 'table') {
    const read = await readInWorker(bytes, reader, () => {});
    if (read.text) { app.load(read.text, name, []); return; }
    app.open_projects(name, ...read.columns);
    app.note_repeated_names(name, await read.repeated);
    return;
  }
  app.load(reader ? (await readInWorker(bytes, reader, () => {})).text : bytes, name, []);
}

// The files under dropped folders (and their folders), in name order.
async function droppedFiles(entries) {
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      files.push(new File([file], entry.fullPath.replace(/^\//, '')));
    }
    else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (let batch; (batch = await new Promise((ok, fail) => reader.readEntries(ok, fail))).length;) {
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

// The file last opened, to read again: a table read by its columns is read
// anew in the worker when the reader assigns its columns (its bytes went to
// the worker, and a big one is not kept twice).
let reopen;

async function openBytes(data, name, again, mapping = []) {
  const start = performance.now();
  try {
    let bytes = data;
    let summary;
    const reader = app.reader_for(bytes);
    if (reader === 'table') {
      showProgress(0, 1);
      const read = await readInWorker(bytes, reader, showProgress, mapping);
      if (read.text) {
        summary = app.load(read.text, name, []);
      } else {
        // The main module keeps the rows as the buffers sent: one step, no
        // project built per row, while the worker finds the repeated names.
        const taken = performance.now();
        summary = app.open_projects(name, ...read.columns);
        // The main thread's share of the load, for the record.
        performance.measure('plansight-take-columns', { start: taken });
        const repeated = await read.repeated;
        app.note_repeated_names(name, repeated);
        // Peak memory of both wasm modules (linear memory never shrinks), for the record.
        performance.measure('plansight-memory', { start, detail: { worker: read.memory, page: app.memory_bytes() } });
      }
    } else {
      if (reader) bytes = (await readInWorker(bytes, reader, () => {})).text;
      summary = app.load(bytes, name, []);
    }
    reopen = again && { name, again };
    renderDocument();
    update();
    say(summary);
    performance.measure('plansight-open', { start });
    return true;
  } catch (e) {
    say(view.ui.load_error.replace('{}', name) + (e.message || e), true);
    return false;
  } finally {
    $('progress').hidden = true;
  }
}

// The documents the view names (#src=URL,…, same origin), opened in that
// view: one as the plan, several as a set (an embed of two editions).
async function openNamed(sources) {
  if (sources.length > 1) {
    try {
      const files = await Promise.all(sources.map(async (src) => {
        const response = await fetch(src);
        if (!response.ok) throw new Error(`${src}: ${response.status}`);
        return new File([await response.arrayBuffer()], src);
      }));
      await openFiles(files);
    } catch (e) {
      say(view.ui.load_error.replace('{}', sources.join(', ')) + (e.message || e), true);
    }
    return;
  }
  const [src] = sources;
  try {
    const get = async () => {
      const response = await fetch(src);
      if (!response.ok) throw new Error(`${src}: ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    };
    const bytes = await get();
    if (await openBytes(bytes, src, get)) openedFiles = [new File([bytes], src)];
  } catch (e) {
    say(view.ui.load_error.replace('{}', src) + (e.message || e), true);
  }
}

// 保存为单个文件: a copy of the single file with the plans open now (their
// files, as opened) and this view, as data in a script element that never
// runs (the core's container, gzip, seven-bit text); a copy made from a copy
// replaces the plans it carried.
async function savePage() {
  try {
    let doc = shell?.cloneNode(true);
    if (!doc) {
      const response = await fetch('plansight.html');
      if (!response.ok) throw new Error(`plansight.html: ${response.status}`);
      doc = new DOMParser().parseFromString(await response.text(), 'text/html').documentElement;
    }
    const parts = await Promise.all(openedFiles.map(async (f) => new Uint8Array(await f.arrayBuffer())));
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => { data.set(p, at); return at + p.length; }, 0);
    const bundle = bundle_plans(app.hash(), openedFiles.map((f) => f.name), data, Uint32Array.from(parts, (p) => p.length));
    const gz = new Uint8Array(await new Response(new Blob([bundle]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    doc.querySelector('#plans-data')?.remove();
    const holder = Object.assign(doc.ownerDocument.createElement('script'), { id: 'plans-data', type: 'application/octet-stream', textContent: seven_bit(gz) });
    holder.dataset.bytes = String(gz.length);
    const module = doc.querySelector('script[type="module"]');
    module.parentNode.insertBefore(holder, module);
    const name = `${(openedFiles.length === 1 ? openedFiles[0].name.replace(/\.[^.]*$/, '') : view.title || 'plansight').replace(/[\\/:*?"<>|]/g, '_')}.plansight.html`;
    download(new TextEncoder().encode(`<!DOCTYPE html>\n${doc.outerHTML}`), name, 'text/html');
    say(view.ui.saved_page + name);
  } catch (e) {
    say(String(e.message || e), true);
  }
}

// A saved copy: its plans opened as they were, then its view (unless the
// link names one).
async function openSaved() {
  try {
    const saved = new SavedPlans(await inlined('plans-data'), view.lang);
    const files = saved.names().map((name, i) => new File([saved.file(i)], name));
    const hash = saved.view();
    saved.free();
    const linked = location.hash.slice(1);
    if (files.length) await openFiles(files);
    if (!linked && hash) {
      app.set_hash(`#${hash}`, prefersDark());
      renderDocument();
      update();
    }
    if (files.length) say(view.ui.saved_page_reopened + files.map((f) => f.name).join('、'));
  } catch (e) {
    say(String(e.message || e), true);
  }
}

function wire() {
  document.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    const d = b.dataset;
    if (d.kind) { app.toggle(d.kind, d.value); update(); }
    else if (d.sort) { app.sort(d.sort, d.key); update(); }
    else if (d.more) { app.show_more(d.more); update(); }
    else if (d.line) showLine(Number(d.line));
    else if (d.svg) exportSvg(d.svg);
    else if (d.png) exportPng(d.png);
    else if (d.embedCode) copy(app.embed_code(d.embedCode, location.href.split('#')[0]), view.ui.embed_copied);
    else if (d.figure) copyFigure(d.figure);
    else if (d.export) exportData(d.export, $('export-table').value);
    else if (d.assign) assignColumns(Number(d.assign));
    else if (d.plan) { app.show_plan(Number(d.plan)); renderDocument(); update(); }
    else if (d.unpair) { const [a, b] = d.unpair.split('.').map(Number); app.unpair(a, b); update(); }
  });
  $('clear').addEventListener('click', () => { app.clear(); update(); });
  $('assign').addEventListener('close', () => { if ($('assign').returnValue === 'apply') applyAssignment(); });
  $('unit').addEventListener('change', (e) => {
    const current = view.units.find((u) => u.selected);
    if (current) app.toggle('unit', current.value);
    if (e.target.value) app.toggle('unit', e.target.value);
    update();
  });
  const years = () => { app.set_years(Number($('year-from').value), Number($('year-to').value)); update(); };
  $('year-from').addEventListener('change', years);
  $('year-to').addEventListener('change', years);
  let timer;
  $('search').addEventListener('input', (e) => { clearTimeout(timer); timer = setTimeout(() => { app.set_search(e.target.value); update(); }, 150); });
  $('lang').addEventListener('click', () => { app.set_lang(view.lang === 'zh' ? 'en' : 'zh'); update(); });
  $('theme').addEventListener('click', () => { app.set_dark(!view.dark); update(); });
  $('print').addEventListener('click', () => print());
  // Paper shows every chart up to date, each with its data table, after a cover.
  addEventListener('beforeprint', printReport);
  addEventListener('afterprint', () => document.querySelectorAll('.chart details[data-print]').forEach((d) => { d.open = false; delete d.dataset.print; }));
  $('save-page').addEventListener('click', savePage);
  $('copy-link').addEventListener('click', async () => {
    hashNow();
    try { await navigator.clipboard.writeText(location.href); say(view.ui.copied); } catch { say(location.href); }
  });
  $('file').addEventListener('change', (e) => { if (e.target.files.length) openFiles([...e.target.files]); e.target.value = ''; });
  // A folder's files (and its folders'), in path order, as a set.
  $('folder').addEventListener('change', (e) => {
    // Named by their path in the folder (the folder's own name, the same for all, left
    // out): 2024/plan.csv and 2025/plan.csv are two plans.
    const files = [...e.target.files].sort((x, y) => x.webkitRelativePath.localeCompare(y.webkitRelativePath))
      .map((f) => new File([f], f.webkitRelativePath.replace(/^[^/]*\//, '') || f.name));
    if (files.length) openFiles(files);
    e.target.value = '';
  });
  const pick = () => {
    const [a, b] = [$('compare-a').value, $('compare-b').value];
    if (a !== '' && b !== '') { app.set_compare(Number(a), Number(b)); update(); }
  };
  $('compare-a').addEventListener('change', pick);
  $('compare-b').addEventListener('change', pick);
  $('hand-pair').addEventListener('click', () => { app.pair(Number($('hand-a').value), Number($('hand-b').value)); update(); });
  for (const id of ['open-label', 'folder-label']) for (const event of ['pointerenter', 'focusin']) $(id).addEventListener(event, warmReader);
  addEventListener('dragenter', warmReader);
  addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dragging'); });
  addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  addEventListener('drop', async (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    // A folder, or several files, opens as a set of plans.
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
    try {
      const files = entries.some((x) => x.isDirectory) ? await droppedFiles(entries) : [...e.dataTransfer.files];
      if (files.length) openFiles(files);
    } catch (err) {
      say(String(err.message || err), true);
    }
  });
  addEventListener('hashchange', () => {
    if (location.hash.slice(1) === view.hash) return;
    const source = view.source;
    app.set_hash(location.hash, prefersDark());
    update();
    // Another plan shown (p=): its text in the source panel.
    if (view.source !== source) renderDocument();
  });
  let resize;
  addEventListener('resize', () => {
    clearTimeout(resize);
    resize = setTimeout(() => { drawCharts(); bridgeShown = ''; renderCompare(); }, 120);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (!/theme=(dark|light)/.test(location.hash)) { app.system_dark(prefersDark()); update(); }
  });
}

/** The column dialog: one role per header of the chosen table; the core re-reads with them. */
let assigning;
function assignColumns(index) {
  const table = view.read[index];
  assigning = table;
  $('assign-columns').replaceChildren(...table.columns.map((c, i) => h('label', { for: `assign-${i}` },
    h('span', {}, c.header),
    h('select', { id: `assign-${i}`, dataset: { header: c.header } },
      view.roles.map((r) => h('option', { value: r.value, selected: r.value === c.choice }, r.label))))));
  $('assign').showModal();
}

async function applyAssignment() {
  const pairs = [...$('assign-columns').querySelectorAll('select')].map((s) => `${s.dataset.header}=${s.value}`);
  if (assigning?.by_columns && reopen) {
    const { name, again } = reopen;
    try {
      await openBytes(await again(), name, again, pairs);
    } catch (e) {
      say(view.ui.load_error.replace('{}', name) + (e.message || e), true);
    }
    return;
  }
  try {
    say(app.remap(pairs));
    update();
  } catch (e) {
    say(view.ui.load_error.replace('{}', view.source) + (e.message || e), true);
  }
}

async function exportData(format, table) {
  try {
    if (format === 'csv') download(app.export('csv', table), `plansight-${table}.csv`, 'text/csv');
    else if (format === 'json') download(app.export('json', table), 'plansight.json', 'application/json');
    else download((await extras()).arrow_ipc(app.export('json', table), table), `plansight-${table}.arrow`, 'application/vnd.apache.arrow.file');
  } catch (e) {
    say(String(e.message || e), true);
  }
}

// The office SVG: labels as outlines of the bundled font, so Word, PowerPoint
// and machines without a CJK font show the chart as it is here.
async function exportSvg(id) {
  try {
    download(await officeSvg(id), `plansight-${id}.svg`, 'image/svg+xml');
  } catch (e) {
    say(String(e.message || e), true);
  }
}

function printReport() {
  drawCharts(true);
  for (const c of view.charts) {
    const fig = $('chart-' + c.id);
    const details = fig?.querySelector('details');
    if (!details) continue;
    if (!details.open) { details.open = true; details.dataset.print = ''; }
    fallbackTable(fig, c);
  }
  // The comparison prints with its bridge's numbers.
  if (view.compare) {
    const fig = $('chart-bridge');
    const details = fig?.querySelector('details');
    if (details && !details.open) { details.open = true; details.dataset.print = ''; }
    if (fig) fallbackTable(fig, { id: 'bridge', data: view.compare.bridge });
  }
  setText($('print-title'), view.title);
  setText($('print-facts'), view.facts);
  setText($('print-source'), view.source);
  setText($('print-date'), new Date().toLocaleDateString(view.lang === 'en' ? 'en-CA' : 'zh-CN'));
  setText($('print-filter'), view.chips.map((c) => c.label).join(view.lang === 'en' ? '; ' : '；') || view.ui.print_no_filter);
}

async function copy(text, done) {
  try {
    await navigator.clipboard.writeText(text);
    say(done);
  } catch (e) {
    say(String(e.message || e), true);
  }
}

async function officeSvg(id) {
  const svg = app.svg(id, Math.floor($('chart-' + id).clientWidth - 16));
  const [module, bytes] = await Promise.all([extras(), font()]);
  return module.office_svg(svg, bytes);
}

async function copyFigure(id) {
  try {
    await copy(app.static_figure(id, await officeSvg(id)), view.ui.figure_copied);
  } catch (e) {
    say(String(e.message || e), true);
  }
}

async function exportPng(id) {
  const width = Math.floor($('chart-' + id).clientWidth - 16);
  const canvas = document.createElement('canvas');
  app.draw(id, canvas, width, 2);
  canvas.toBlob((blob) => download(blob, `plansight-${id}.png`, 'image/png'), 'image/png');
  // Drawing off screen replaced the hit regions: the same width gives the same ones,
  // but redraw the visible chart so nothing depends on that.
  drawCharts();
}

async function main() {
  await init({ module_or_path: await inlined('wasm-gz') });
  app = new App(location.hash, prefersDark());
  wire();
  renderDocument();
  update(true);
  if ($('plans-data')) await openSaved();
  else if (view.src.length) await openNamed(view.src);
  performance.mark('plansight-first-chart');
  document.body.dataset.ready = 'true';
  if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
    navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready).then(() => { document.body.dataset.offline = 'true'; }).catch(() => {});
  }
}

main().catch((e) => { say(String(e.message || e), true); console.error(e); });
