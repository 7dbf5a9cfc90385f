// Hostile files in the page: every reader runs in the worker, so a file that
// makes it fail ends only the worker; the page names the file and why, in its
// language, keeps the plan it has, and reads the next file with a fresh worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, load, rowCount, DIST, ROOT } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const fixture = (f) => readFileSync(path.join(ROOT, 'tests/fixtures', f));

test('damaged files in the single file: a message naming each, the plan kept, a fresh reader for the next', async () => {
  const url = pathToFileURL(path.join(DIST, 'plansight.html')).href;
  const { context, page, errors, blocked } = await open(browser, url);
  await context.setOffline(true);
  assert.equal(await rowCount(page, 'projects'), 33);
  const docx = fixture('lead_co.docx');
  const cases = [
    // A workbook of three sheets of 44 MB each: 132 MB to inflate, refused before any is parsed.
    ['bomb.xlsx', fixture('hostile/xlsx-three-sheets-132MB-inflated.xlsx'), /bomb\.xlsx.*过大/],
    // A workbook whose 600 sheets all name one part: 3.9 GB declared, refused at once.
    ['names.xlsx', fixture('hostile/xlsx-one-sheet-named-600-times.xlsx'), /names\.xlsx.*过大/],
    // A record batch whose buffer lies outside its body (arrow-ipc panicked on it).
    ['batch.arrow', fixture('hostile/arrow-buffer-outside-body-0017.arrow'), /batch\.arrow.*(损坏|damaged)/],
    // A Word file cut in half.
    ['cut.docx', docx.subarray(0, docx.length >> 1), /cut\.docx.*损坏/],
    // Tag soup that would copy long text into millions of cells.
    ['spans.html', fixture('hostile/html-spans-copy-text.html'), /spans\.html/],
  ];
  for (const [name, bytes, expected] of cases) {
    const message = await load(page, name, bytes);
    assert.match(message, expected, message);
    // Whatever the file did, the plan shown is still a plan: the seed, or what a file read.
    assert.ok(await page.isVisible('#figures .figure'));
  }
  // After all of that, a good file reads in a fresh worker.
  const good = await load(page, 'lead_co.docx', docx);
  assert.match(good, /lead_co\.docx：0 个项目、3 项任务/, good);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});
