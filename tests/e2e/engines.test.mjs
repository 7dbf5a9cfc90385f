// Tables as the engines people use write them (pyarrow, pandas, polars,
// DuckDB: tests/engine/make_tables.py, run in the test venv), opened in the
// single file from file:// with the network blocked: Feather with LZ4 and
// ZSTD, Parquet with snappy, gzip, LZ4, ZSTD (polars' default) and brotli,
// data pages v1 and v2, dictionary (category), view, decimal and date types,
// Chinese and English column names. Each shows its exact total; a codec
// nobody reads (LZO) and a column of the wrong type get a message that names
// it and what to do, the plan shown stays; a table whose
// columns no dictionary knows is read once the reader assigns them; a table
// read by its columns is read again with the roles the reader assigns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, load, rowCount, shot, DIST, OUT, ROOT } from './helpers.mjs';

const PYTHON = process.env.PLANSIGHT_PYTHON ?? path.join(ROOT, 'target/engine-venv/bin/python');
const TABLES = path.join(OUT, 'engine-tables');
let browser;
let expected;

before(async () => {
  mkdirSync(TABLES, { recursive: true });
  execFileSync(PYTHON, [path.join(ROOT, 'tests/engine/make_tables.py'), TABLES, '2000'], { stdio: 'inherit' });
  expected = JSON.parse(readFileSync(path.join(TABLES, 'expected.json'), 'utf8'));
  browser = await launch();
});
after(async () => { await browser?.close(); });

// Digit groups (12,345.6) aside: the figures as numbers.
const headline = (page) => page.$$eval('#figures .figure .value', (v) => v.map((x) => x.textContent.replaceAll(',', '')));

/** A total in 分 as the headline prints it: 亿元 to two decimals, half up, trailing zeros dropped. */
function printed(fen) {
  const cents = (BigInt(fen) + 50000000n) / 100000000n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`.replace(/0+$/, '').replace(/\.$/, '');
}

async function singleFile() {
  const opened = await open(browser, pathToFileURL(path.join(DIST, 'plansight.html')).href);
  await opened.context.setOffline(true);
  return opened;
}

test('every engine\'s default table opens offline with its exact total', async () => {
  const { context, page, errors, blocked } = await singleFile();
  const files = ['feather_lz4.feather', 'pandas.feather', 'pandas.parquet', 'duckdb.parquet', 'spark.parquet', 'parquet_gzip.parquet',
    'parquet_lz4.parquet', 'polars.arrow', 'polars_lz4.arrow', 'string_view.arrow', 'english_dates.arrow', 'decimal256.arrows', 'nulls.parquet',
    'polars.parquet', 'parquet_zstd.parquet', 'parquet_brotli.parquet', 'duckdb_zstd.parquet', 'feather_zstd.feather', 'polars_zstd.arrow',
    'nulls_v2_zstd.parquet', 'nulls_v2_brotli.parquet'];
  for (const file of files) {
    const want = expected[file];
    const message = await load(page, file, readFileSync(path.join(TABLES, file)));
    assert.match(message, new RegExp(`${file.replace('.', '\\.')}：${want.rows} 个项目`), file);
    const [count, total] = await headline(page);
    assert.equal(count, String(want.rows), file);
    assert.equal(total, printed(want.fen), `${file}: the total to the last digit`);
  }
  // The load report names each column's role, the unit with the amounts.
  assert.match(await page.textContent('#read'), /总投资（万元） → 计划总投资（万元）/);
  assert.equal(await rowCount(page, 'projects'), 200);
  await shot(page, 'engines.png');
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  await context.close();
});

/** A Parquet file whose first column chunk names LZO (its codec field after the column's path: SNAPPY 2 → LZO 6, zigzag). */
function lzo(bytes) {
  const name = Buffer.from('项目名称');
  const field = Buffer.concat([Buffer.from([name.length]), name, Buffer.from([0x15, 0x02])]);
  const at = bytes.indexOf(field);
  assert.ok(at > 0, 'the codec field is found');
  const out = Buffer.from(bytes);
  out[at + field.length - 1] = 0x06;
  return out;
}

test('a codec nobody reads, or a column of the wrong type: a message naming it, the plan shown stays', async () => {
  const { context, page, errors } = await singleFile();
  const before = await headline(page);
  const snappy = readFileSync(path.join(TABLES, 'parquet_snappy.parquet'));
  for (const [file, bytes, words] of [
    ['lzo.parquet', lzo(snappy), /以 LZO 压缩，Plansight 无法解压.*zstd/],
    ['list_name.parquet', readFileSync(path.join(TABLES, 'list_name.parquet')), /列“项目名称”的类型是 List/],
  ]) {
    const message = await load(page, file, bytes);
    assert.match(message, /无法读取 .*，当前视图保持不变：/, file);
    assert.match(message, words, file);
    assert.doesNotMatch(message, /损坏/, `${file}: nothing is damaged`);
    assert.deepEqual(await headline(page), before, `${file}: the plan shown stays`);
  }
  await page.click('#lang');
  assert.match(await load(page, 'lzo.parquet', lzo(snappy)), /compressed with LZO, which Plansight cannot unpack/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('tasks from an engine, and columns no dictionary knows read once assigned', async () => {
  const { context, page, errors } = await singleFile();
  assert.match(await load(page, 'tasks.feather', readFileSync(path.join(TABLES, 'tasks.feather'))), /120 项任务/);
  assert.match(await load(page, 'tasks_english.parquet', readFileSync(path.join(TABLES, 'tasks_english.parquet'))), /120 项任务/);

  const want = expected['unknown.parquet'];
  assert.match(await load(page, 'unknown.parquet', readFileSync(path.join(TABLES, 'unknown.parquet'))), /0 个项目/);
  assert.match(await page.textContent('#notes'), /未被识别为项目表或任务表.*指定列/);
  await page.click('#read button[data-assign="0"]');
  await page.waitForSelector('#assign[open]');
  for (const [header, role] of [['工程', 'name'], ['钱', 'investment:万元'], ['时间', 'period']]) {
    await page.selectOption(`#assign select[data-header="${header}"]`, role);
  }
  await page.click('#assign button[value="apply"]');
  await page.waitForFunction(() => /2000 个项目/.test(document.querySelector('#message')?.textContent ?? ''));
  assert.equal((await headline(page))[1], printed(want.fen));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a table read by its columns is read again in the worker with the roles assigned', async () => {
  const { context, page, errors } = await singleFile();
  const file = 'english_dates.arrow';
  assert.match(await load(page, file, readFileSync(path.join(TABLES, file))), /2000 个项目/);
  assert.match(await page.textContent('#read'), /budget_yi → 计划总投资（亿元）.*start_date → 开工时间/s);
  const types = () => page.$$eval('#actions button', (b) => b.length);
  assert.equal(await types(), expected[file].types.length);
  // The sector column assigned "not used": the same rows, no types.
  await page.click('#read button[data-assign="0"]');
  await page.waitForSelector('#assign[open]');
  await page.selectOption('#assign select[data-header="sector"]', 'ignore');
  await page.selectOption('#assign select[data-header="budget_yi"]', 'investment:万元');
  await page.click('#assign button[value="apply"]');
  await page.waitForFunction(() => /sector → 不使用|sector → 未识别/.test(document.querySelector('#read')?.textContent ?? ''));
  // Amounts now read as 万元: the total is 10,000 times smaller, still exact.
  assert.equal((await headline(page))[1], printed(BigInt(expected[file].fen) / 10000n));
  assert.ok((await types()) <= 1, 'no type column');
  assert.deepEqual(errors, []);
  await context.close();
});
