// Drives dyad serve's page in headless Chromium (Debian's /usr/bin/chromium)
// and checks what an analyst sees: the bundled example pasted and coded,
// stored, explored, a dyad's chart clicked through to its sentences, and a
// document holding markup shown as text.
//
//   node browser.js BASE_URL EXAMPLE_FILE EXPECTED_EVENTS [SCREENSHOT_DIR]
//
// Prints one line per check and "N passed, N failed"; exits 1 on a failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, exampleFile, expectedText, shots] = process.argv.slice(2);
const expected = Number(expectedText);
let passed = 0, failed = 0;

function check(name, ok, detail) {
  if (ok) { passed++; console.log('ok   ' + name); } else { failed++; console.log('FAIL ' + name + (detail ? ': ' + detail : '')); }
}

async function shot(page, name) {
  if (!shots) return;
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(shots, name + '.png') });
}

async function rowCount(page, table) {
  return page.locator(`${table} tbody tr:not(:has(td.empty))`).count();
}

async function codeView(page) {
  await page.goto(base + '/#code');
  await page.fill('#code-text', fs.readFileSync(exampleFile, 'utf8'));
  await page.fill('#code-id', 'brief.txt');
  await page.click('#code-run');
  await page.waitForSelector('#code-events tbody tr');
  const n = await rowCount(page, '#code-events');
  check(`Code: the example gives ${expected} events in the table`, n === expected, `${n} rows`);
  const table = await page.textContent('#code-events');
  check('Code: USA imposes sanctions (163) on RUS', /USA[\s\S]*163 Impose embargo, boycott, or sanctions[\s\S]*RUS/.test(table));
  check('Code: the document date comes from the header', (await page.textContent('#code-status')).includes('2024-02-24'));
  const verbs = await page.locator('#code-sentences .hl-verb').allTextContents();
  check('Code: verbs are highlighted in the sentences', verbs.includes('imposed') && verbs.includes('vetoed'), verbs.join('|'));
  const sources = await page.locator('#code-sentences .hl-source').allTextContents();
  check('Code: source actors are highlighted', sources.includes('United States'), sources.join('|'));
  await page.click('#code-events tbody tr:has-text("United States"):has-text("163")');
  await page.waitForSelector('#code-explain pre.explain');
  check('Code: an event row opens how its sentence is coded', (await page.textContent('#code-explain pre')).includes('&SANCTION'));
  await shot(page, 'code');
  await page.click('#code-store');
  await page.waitForSelector('#code-status a');
  check('Code: Store stores the events', /Stored \d+ events/.test(await page.textContent('#code-status')));
  await page.waitForFunction(() => /\d+ events/.test(document.getElementById('store-summary').textContent));

  // Several files at once: each is its own document.
  await page.setInputFiles('#code-file', [
    { name: 'brief.txt', mimeType: 'text/plain', buffer: fs.readFileSync(exampleFile) },
    { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('Russia invaded Ukraine on 3 March 2022.\n') },
  ]);
  await page.waitForFunction(() => document.getElementById('code-status').textContent.startsWith('2 files'));
  await page.click('#code-run');
  await page.waitForSelector('#code-sentences h3.doc-head');
  const heads = await page.locator('#code-sentences h3.doc-head').allTextContents();
  const rows = await rowCount(page, '#code-events');
  check('Code: two files are coded as two documents', heads.join(',') === 'brief.txt,note.txt' && rows === expected + 1,
    `${heads.join(',')}: ${rows} rows`);
}

async function exploreView(page) {
  await page.goto(base + '/#explore?');
  await page.waitForSelector('#explore-events tbody tr td.num');
  check('Explore: lists stored events', (await rowCount(page, '#explore-events')) >= expected);
  await page.fill('#filters input[name=source]', 'USA');
  await page.fill('#filters input[name=target]', 'RUS');
  await page.selectOption('#filters select[name=root]', '16'); /* the sanctions, not what Washington said */
  await page.click('#filters button.primary');
  await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('1–1 of 1'));
  check('Explore: the USA→RUS root 16 filter leaves one event', (await rowCount(page, '#explore-events')) === 1);
  await page.click('#explore-events tbody tr');
  await page.waitForSelector('#event-detail pre.explain');
  const detail = await page.textContent('#event-detail');
  check('Explore: the event opens its sentence', detail.includes('On Friday the United States imposed sanctions'));
  check('Explore: ... and how it was coded', (await page.textContent('#event-detail pre')).length > 100);
  check('Explore: ... and the dictionary entry', detail.includes('&SANCTION'));
  await shot(page, 'explore');
  await page.goto(base + '/#explore?');
  await page.fill('#search input[name=q]', 'thirteenth package');
  await page.click('#search button');
  await page.waitForSelector('#search-hits li');
  check('Explore: full-text search finds the sentence', (await page.textContent('#search-hits')).includes('The European Union adopted its thirteenth package of sanctions'));
  await page.selectOption('#filters select[name=quad]', '4');
  await page.click('#filters button.primary');
  await page.waitForFunction(() => /^\d+ events\./.test(document.getElementById('explore-status').textContent));
  const quads = await page.locator('#explore-events tbody .quad').evaluateAll((nodes) => nodes.map((n) => n.className));
  check('Explore: the quad filter shows material conflict only', quads.length > 0 && quads.every((c) => c.includes('q4')), quads.join(','));
}

async function dyadsView(page) {
  await page.goto(base + '/#dyads?source=USA&target=RUS&both=1&by=day');
  await page.waitForSelector('#chart svg .bar');
  const bars = await page.locator('#chart .bar[data-events]').evaluateAll((g) => g.filter((b) => b.dataset.events !== '0').map((b) => b.dataset.period));
  check('Dyads: the chart has a bar on 2024-02-23', bars.includes('2024-02-23'), bars.join(','));
  await page.waitForSelector('#top-dyads tbody tr td.num');
  check('Dyads: top-dyads table filled', (await rowCount(page, '#top-dyads')) > 3);
  check('Dyads: the matrix has cells', (await page.locator('#matrix .cell').count()) > 3);
  await page.click('#chart .bar[data-period="2024-02-23"]');
  await page.waitForSelector('#spike li');
  check('Dyads: a bar opens the sentences behind it', (await page.textContent('#spike')).includes('imposed sanctions'));
  await shot(page, 'dyads');
  await page.goto(base + '/#dyads?by=day');
  await page.waitForSelector('#chart svg .bar');
  await shot(page, 'dyads-all');
}

async function markupShownAsText(page) {
  const text = 'Russia invaded Ukraine, said the <script>window.__xss = 1</script> report ' +
    'and <img src=x onerror="window.__xss = 2"> on 3 March 2022.';
  const r = await page.request.post(base + '/api/ingest', { data: { id: '<b>markup</b>.txt', text, date: '2022-03-04' } });
  check('XSS: a document with <script> is stored', r.ok(), String(r.status()));
  // The previous view's rows are still in the table until the new query
  // answers (slowly under valgrind): clear them so only this query's rows count.
  await page.evaluate(() => document.querySelector('#explore-events tbody')?.replaceChildren());
  await page.goto(base + '/#explore?' + new URLSearchParams({ doc: '<b>markup</b>.txt' }));
  await page.waitForSelector('#explore-events tbody tr td.num');
  await page.click('#explore-events tbody tr');
  await page.waitForSelector('#event-detail blockquote');
  const quote = await page.textContent('#event-detail blockquote');
  check('XSS: the sentence shows <script> as text', quote.includes('<script>window.__xss = 1</script>'), quote);
  check('XSS: no script ran', await page.evaluate(() => window.__xss === undefined));
  check('XSS: no element came from the document', await page.evaluate(() =>
    document.querySelectorAll('script').length === 1 && !document.querySelector('main img, main b')));
  await page.goto(base + '/#documents');
  await page.waitForSelector('#doc-list tbody tr');
  check('XSS: the document key is text in the list', (await page.textContent('#doc-list')).includes('<b>markup</b>.txt'));
  await page.click('#doc-list tbody tr:first-child');
  await page.waitForSelector('#doc-detail ol li');
  await page.click('#doc-detail details summary');
  const body = await page.textContent('#doc-detail details pre');
  check('XSS: the whole document shows its markup as text', body.includes('<img src=x onerror="window.__xss = 2">'), body);
  check('XSS: still no script ran', await page.evaluate(() => window.__xss === undefined && !document.querySelector('main img')));
  await shot(page, 'documents');
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.setDefaultTimeout(15000);
  try {
    await codeView(page);
    await exploreView(page);
    await dyadsView(page);
    await markupShownAsText(page);
  } catch (e) {
    check('the page works through', false, e.message.split('\n')[0]);
  }
  check('no script errors or CSP violations', problems.length === 0, problems.join('; '));
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
