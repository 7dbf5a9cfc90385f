// The custom element on its example page: the seed, an .xlsx beside the page
// (read by the lazily loaded readers), a filtered view; hover, click, resize.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, URL_BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const inShadow = (page, id, fn, arg) => page.$eval(`plansight-chart#${id}`, fn, arg);

test('<plansight-chart> on the example page', async () => {
  const { context, page, errors, blocked } = await open(browser, `${URL_BASE}example.html`, {
    allowed: URL_BASE.replace(/\/$/, ''), ready: 'plansight-chart#seed-timeline[data-drawn]',
  });
  await page.waitForSelector('plansight-chart#xlsx-by-type[data-drawn]');
  await page.waitForSelector('plansight-chart#seed-annual[data-drawn]');
  for (const id of ['seed-annual', 'xlsx-by-type', 'seed-timeline']) {
    const ink = await inShadow(page, id, (el) => {
      const c = el.shadowRoot.querySelector('canvas');
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 30) n++;
      return n;
    });
    assert.ok(ink > 2000, `${id} drawn (${ink})`);
  }
  // The Excel file beside the page, in English and dark.
  const xlsx = await inShadow(page, 'xlsx-by-type', (el) => ({
    label: el.shadowRoot.querySelector('canvas').getAttribute('aria-label'),
    rows: [...el.shadowRoot.querySelectorAll('.data tr')].map((r) => r.textContent),
  }));
  assert.match(xlsx.label, /^Planned investment by type: /);
  assert.ok(xlsx.rows.length >= 3, xlsx.rows.join(' | '));
  // The view attribute filters: transport projects only.
  const timeline = await inShadow(page, 'seed-timeline', (el) => [...el.shadowRoot.querySelectorAll('.data td')].map((t) => t.textContent));
  assert.ok(timeline.includes('柯诸高速诸暨段') && !timeline.includes('瑞祥科技园'));
  // Hover shows the value; the tooltip lives in the element.
  const box = await page.locator('#seed-annual').boundingBox();
  let tip = '';
  for (let y = box.height - 60; y > 100 && !tip; y -= 10) {
    for (const x of [0.4, 0.47, 0.54]) {
      await page.mouse.move(box.x + box.width * x, box.y + y);
      tip = await inShadow(page, 'seed-annual', (el) => { const t = el.shadowRoot.querySelector('.tip'); return t.hidden ? '' : t.textContent; });
      if (tip) break;
    }
  }
  assert.match(tip, /亿元/);
  // It follows its width.
  const before = await inShadow(page, 'seed-annual', (el) => el.shadowRoot.querySelector('canvas').clientWidth);
  await page.setViewportSize({ width: 520, height: 900 });
  await page.waitForFunction((w) => document.querySelector('#seed-annual').shadowRoot.querySelector('canvas').clientWidth < w, before);
  await shot(page, 'element-example.png');
  // A src that is not there says so, in an event and in the element.
  const error = await page.evaluate(() => new Promise((resolve) => {
    const el = document.createElement('plansight-chart');
    el.setAttribute('src', 'examples/missing.docx');
    el.addEventListener('plansight-error', (e) => resolve(e.detail));
    document.querySelector('main').append(el);
  }));
  assert.match(error, /missing\.docx: 404/);
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  assert.deepEqual(blocked, []);
  await context.close();
});
