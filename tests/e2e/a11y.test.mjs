// axe-core in the page, light and dark, served and as the single file: no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, ROOT, URL_BASE, DIST } from './helpers.mjs';

const AXE = readFileSync(path.join(ROOT, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** axe's violations on the page as "rule: target" lines. Injected by the test
 *  harness (addScriptTag is a CSP exception in Chromium's DevTools protocol). */
export async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

for (const [where, url] of [['served', URL_BASE], ['single file', pathToFileURL(path.join(DIST, 'plansight.html')).href]]) {
  for (const theme of ['light', 'dark']) {
    test(`axe: no violation on the ${where} page, ${theme}`, async () => {
      const allowed = url.startsWith('http') ? url.replace(/\/$/, '') : null;
      const { context, page } = await open(browser, `${url}#theme=${theme}`, { allowed });
      // Open the chart data disclosures too, so their tables are checked.
      await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
      assert.deepEqual(await axe(page), []);
      await context.close();
    });
  }
}

for (const theme of ['light', 'dark']) {
  test(`axe: no violation in an embed, ${theme}`, async () => {
    const { context, page } = await open(browser, `${URL_BASE}#embed=annual&theme=${theme}`, { allowed: URL_BASE.replace(/\/$/, '') });
    assert.deepEqual(await axe(page), []);
    await context.close();
  });

  test(`axe: no violation on the custom element's example page, system ${theme}`, async () => {
    const { context, page } = await open(browser, `${URL_BASE}example.html`, {
      allowed: URL_BASE.replace(/\/$/, ''), colorScheme: theme, ready: 'plansight-chart#seed-timeline[data-drawn]',
    });
    await page.waitForFunction(() => [...document.querySelectorAll('plansight-chart')].every((c) => c.dataset.drawn));
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}
