// The npm package, as a front-end developer meets it, with no registry: `npm
// pack` of what `cargo xtask build` writes (target/npm/plansight), installed
// from its tarball into a scratch app under target/, bundled by Vite, served,
// and a chart of a fixture drawn in Chromium with no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, copyFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { launch, open, shot, ROOT } from './helpers.mjs';

const PACKAGE = path.join(ROOT, 'target/npm/plansight');
const APP = path.join(ROOT, 'target/npm-app');
const VITE = path.join(ROOT, 'tests/node_modules/vite/bin/vite.js');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Serves a folder on 127.0.0.1 (the right MIME type for .wasm); resolves to its URL and a stop. */
function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.xlsx': 'application/octet-stream', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() })));
}

test('the npm package packs, installs from its tarball, bundles with Vite and draws a chart of a fixture', async () => {
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'plansight');
  for (const f of manifest.files) assert.ok(existsSync(path.join(PACKAGE, f)), `${f} is in the package`);
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(path.join(APP, 'public'), { recursive: true });
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', APP, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
  writeFileSync(path.join(APP, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(APP, tarball)], { cwd: APP, stdio: 'ignore' });
  // An app as its developer writes it: import the package, put the element in the page.
  // And the charts alone (plansight/charts) drawing the app's own numbers.
  writeFileSync(path.join(APP, 'main.js'), `import { PlansightChart } from 'plansight';
import initCharts, { draw_annual_chart } from 'plansight/charts';
window.defined = customElements.get('plansight-chart') === PlansightChart;
initCharts().then(() => {
  draw_annual_chart(document.getElementById('own'), 600, 360, 1, ['交通', '产业'], [2023, 2024, 2025], Float64Array.from([1.5, 2, 3, 4, 5, 6.25]), false, false);
  window.ownDrawn = true;
});
`);
  writeFileSync(path.join(APP, 'index.html'), `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>app</title></head><body>
<plansight-chart id="xlsx" chart="by-type" src="projects.xlsx" lang="zh" style="width:720px"></plansight-chart>
<plansight-chart id="seed" chart="annual" lang="en" style="width:720px"></plansight-chart>
<canvas id="own" style="width:600px;height:360px"></canvas>
<script type="module" src="./main.js"></script></body></html>`);
  copyFileSync(path.join(ROOT, 'tests/fixtures/projects.xlsx'), path.join(APP, 'public/projects.xlsx'));
  execFileSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: APP, stdio: 'inherit' });
  // Vite copied both wasm modules into the build, by import.meta.url.
  const assets = readdirSync(path.join(APP, 'dist/assets'));
  assert.ok(assets.some((f) => f.startsWith('plansight_web_bg') && f.endsWith('.wasm')), assets.join(', '));
  assert.ok(assets.some((f) => f.startsWith('plansight_extras_web_bg') && f.endsWith('.wasm')), assets.join(', '));
  assert.ok(assets.some((f) => f.startsWith('plansight_chart_web_bg') && f.endsWith('.wasm')), assets.join(', '));
  const { url, stop } = await serve(path.join(APP, 'dist'));
  try {
    const { context, page, errors } = await open(browser, url, { allowed: url.replace(/\/$/, ''), ready: 'plansight-chart#xlsx[data-drawn]' });
    await page.waitForSelector('plansight-chart#seed[data-drawn]');
    assert.equal(await page.evaluate(() => window.defined), true);
    // The .xlsx went through the readers' module (loaded on demand) and drew its types.
    const rows = await page.$eval('plansight-chart#xlsx', (el) => [...el.shadowRoot.querySelectorAll('.data tr')].map((r) => r.textContent));
    assert.ok(rows.some((r) => r.includes('交通基础设施')), rows.join(' | '));
    // The charts-only module drew the app's numbers: the two categories' colours are on the canvas.
    await page.waitForFunction(() => window.ownDrawn === true);
    const colours = await page.$eval('#own', (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
    assert.ok(colours >= 3, `${colours} colours drawn`);
    await shot(page, 'npm-app.png');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    stop();
  }
});
