// The exports that carry their own font, in a Chromium that has no font at all
// (fontconfig pointed at nothing): the CLI's web SVG (labels as text in an
// embedded WOFF2 subset) and office SVG (outlines) both show the Chinese title;
// the plain-text SVG, as a control, does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { FLAGS, OUT, SEED, ROOT } from './helpers.mjs';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

const CLI = process.env.PLANSIGHT_CLI ?? path.join(ROOT, 'target/debug/plansight');
const chart = (...args) => execFileSync(CLI, ['chart', SEED, '--chart', 'by-type', ...args], { encoding: 'utf8' });
let browser;
let dir;
before(async () => {
  // A valid fontconfig file that lists no font directory: the browser has no fonts.
  dir = mkdtempSync(path.join(tmpdir(), 'no-fonts-'));
  writeFileSync(path.join(dir, 'fonts.conf'), `<?xml version="1.0"?><fontconfig><cachedir>${dir}/cache</cachedir></fontconfig>`);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, env: { ...process.env, FONTCONFIG_FILE: path.join(dir, 'fonts.conf') } });
});
after(async () => { await browser?.close(); });

/** Dark pixels in the title band of the SVG drawn inline in a page. */
async function titleInk(page, svg, name) {
  // A real page load (setContent's document.write makes data: font loads flaky).
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, `<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
  let fonts;
  // A Chromium with no fonts at all sometimes fails the very first web font it
  // decodes (the same bytes load on the next try, and always with fonts
  // installed): one retry.
  for (let attempt = 0; attempt < 2 && !(fonts && !fonts.includes('error')); attempt++) {
    await page.goto(pathToFileURL(file).href);
    fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].map((f) => f.status);
    });
  }
  const shot = await page.screenshot({ path: path.join(OUT, `nofont-${name}.png`), clip: { x: 0, y: 0, width: 300, height: 30 } });
  const ink = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 300) n++;
    return n;
  }, shot.toString('base64'));
  return { ink, fonts };
}

test('with no system font, the web and office SVGs still show the Chinese title', async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
  const web = chart('--svg-text', 'font');
  assert.match(web, /@font-face\{font-family:"Plansight Noto Sans SC";src:url\(data:font\/woff2;base64,/);
  assert.ok(web.length < 60_000, `web SVG is ${web.length} bytes`);
  const withFont = await titleInk(page, web, 'web');
  assert.deepEqual(withFont.fonts, ['loaded'], 'the browser accepted the embedded WOFF2');
  const office = await titleInk(page, chart(), 'office');
  const plain = await titleInk(page, chart('--svg-text', 'text'), 'plain');
  assert.ok(withFont.ink > 300, `web SVG title drawn (${withFont.ink})`);
  assert.ok(office.ink > 150, `office SVG title drawn (${office.ink})`);
  assert.ok(plain.ink < 20, `control: plain text without fonts draws little (${plain.ink} vs ${withFont.ink})`);
  await page.close();
});
