// The page locked down: a strict Content-Security-Policy that holds (served and
// as the single file), document text that stays text, no request after load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, load, rowCount, shot, URL_BASE, DIST } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A plan whose names, type and builder hold markup and script.
const HOSTILE = Buffer.from([
  '序号,类型,项目名称,总投资（亿元）,建设期限,建设单位',
  '1,"<b>交通</b>","<img src=x onerror=""window.__pwned=1"">","1.5",2023-2025,"<script>window.__pwned=2</script>"',
  '2,产业,"普通项目",2.5,2024-2026,"某公司"',
].join('\r\n'));

for (const [where, url] of [['served', URL_BASE], ['single file', pathToFileURL(path.join(DIST, 'plansight.html')).href]]) {
  test(`${where}: markup in a plan shows as text, the CSP blocks inline script, no request after load`, async () => {
    const allowed = url.startsWith('http') ? url.replace(/\/$/, '') : null;
    const { context, page, errors, blocked } = await open(browser, url, { allowed });
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(policy, /script-src [^;]*'wasm-unsafe-eval'/);
    assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);

    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    assert.match(await load(page, 'hostile.csv', HOSTILE), /2 个项目/);
    assert.equal(await rowCount(page, 'projects'), 2);
    const cells = await page.$$eval('table[data-table="projects"] tbody td', (tds) => tds.map((td) => td.textContent));
    for (const s of ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '<b>交通</b>']) {
      assert.ok(cells.includes(s), `${s} shown as text`);
    }
    // The markup became no element anywhere: not in tables, filters, chips or notes.
    assert.equal(await page.$$eval('main img, main script, #filters img, #filters b', (n) => n.length), 0);
    await page.click('#actions button:first-child');
    await page.fill('#search', '普通');
    await page.waitForFunction(() => location.hash.includes('q='));
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    // An injected inline script does not run: the policy holds.
    const { ran, directive } = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve({ ran: window.__injected === true, directive: e.effectiveDirective }), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
    }));
    assert.equal(ran, false, 'inline script ran despite the CSP');
    assert.equal(directive, 'script-src-elem');
    await page.waitForFunction(() => true);
    const violations = errors.filter((e) => e.startsWith('CSP violation'));
    assert.equal(violations.length, 1, `exactly the injected script is reported: ${violations}`);
    assert.deepEqual(errors.filter((e) => !e.startsWith('CSP violation') && !/Content Security Policy/.test(e)), []);

    // Reading, filtering and switching language made no request at all.
    assert.deepEqual(requests, [], 'requests after load');
    assert.deepEqual(blocked, []);
    await shot(page, `hostile-${where.replace(' ', '-')}.png`);
    await context.close();
  });
}
