// Embeds: the iframe code a chart's 嵌入 button copies, placed in a host page at
// 400 and 1000 px; the height messages, the theme parameter, hover and click in
// the frame; and the static figure for sites without scripts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, hoverUntil, shot, URL_BASE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function copied(page, selector) {
  await page.click(selector);
  await page.waitForFunction(() => !document.querySelector('#message').hidden);
  return page.evaluate(() => navigator.clipboard.readText());
}

test('embed code: one chart fills the frame, follows its width, reports its height, takes theme=', async () => {
  const allowed = URL_BASE.replace(/\/$/, '');
  const { context, page, errors } = await open(browser, `${URL_BASE}#t=${encodeURIComponent('交通互通共网')}`, { allowed });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: allowed });
  const code = await copied(page, 'button[data-embed-code="annual"]');
  assert.match(code, /^<iframe data-plansight src="http:\/\/127\.0\.0\.1:\d+\/#embed=annual&amp;t=%E4%BA%A4/);
  assert.match(code, /title="逐年投资（按建设期平均分摊）" aria-label="逐年投资（按建设期平均分摊）: /);
  assert.match(code, /theme=auto"/);
  assert.match(code, /contentWindow===e\.source/);

  for (const [width, theme] of [[400, 'light'], [1000, 'dark']]) {
    const host = await context.newPage();
    await host.setViewportSize({ width, height: 900 });
    const hostErrors = [];
    host.on('pageerror', (e) => hostErrors.push(e.message));
    await host.setContent(`<!doctype html><html><body style="margin:20px"><h1>Host</h1>${code.replace('theme=auto', `theme=${theme}`)}<p>after</p></body></html>`);
    const frameElement = await host.waitForSelector('iframe[data-plansight]');
    const frame = await frameElement.contentFrame();
    await frame.waitForSelector('body[data-ready="true"]');
    // The frame took the height the chart reported (not the snippet's first guess).
    const reported = await frame.evaluate(() => document.documentElement.scrollHeight);
    await host.waitForFunction((h) => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) < 2, reported);
    const frameBox = await frameElement.boundingBox();
    assert.ok(Math.abs(frameBox.width - (width - 40)) < 2, `frame fills the host column (${frameBox.width})`);
    assert.equal(await frame.$$eval('canvas[data-chart]', (c) => c.length), 1, 'one chart');
    const canvas = await frame.$eval('canvas[data-chart="annual"]', (c) => ({ w: c.clientWidth, h: c.clientHeight }));
    assert.ok(canvas.w >= frameBox.width - 40 && canvas.w <= frameBox.width, `chart fills the frame (${canvas.w} of ${frameBox.width})`);
    assert.ok(reported >= canvas.h && reported < canvas.h + 60, `height ${reported} for a ${canvas.h} px chart`);
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), theme);
    assert.equal(await frame.title(), '逐年投资（按建设期平均分摊）');
    // The filter travelled with the code: 2023 sums transport alone (68.29, not all types' 163.17).
    await frame.$eval('details', (d) => { d.open = true; });
    const data = await (await frame.waitForSelector('.fallback table', { state: 'attached' })).textContent();
    assert.ok(data.includes('68.29') && !data.includes('163.17'), 'the view travels with the code');
    // Hover still works inside the frame.
    await hoverUntil(host, 'annual', '交通互通共网', frame);
    await shot(host, `embed-${width}-${theme}.png`);
    assert.deepEqual(hostErrors, []);
    await host.close();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('static figure: the office SVG and the data table, no script', async () => {
  const allowed = URL_BASE.replace(/\/$/, '');
  const { context, page, errors } = await open(browser, URL_BASE, { allowed });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: allowed });
  const html = await copied(page, 'button[data-figure="by-type"]');
  assert.match(html, /^<figure class="plansight-chart"/);
  assert.ok(!/<script/i.test(html), 'no script');
  const host = await context.newPage();
  await host.setContent(`<!doctype html><html><body>${html}</body></html>`);
  assert.equal(await host.$$eval('figure svg use', (u) => u.length > 40), true, 'labels as outlines');
  assert.equal(await host.$eval('figure figcaption', (c) => c.textContent), '各类型计划总投资');
  assert.equal(await host.$$eval('figure tbody tr', (r) => r.length), 6);
  await shot(host, 'static-figure.png');
  assert.deepEqual(errors, []);
  await context.close();
});
