// Drives headless Chromium over the page of `warta serve` (started by run.sh):
// the ledger chart shows the troop figures, a click on a claim highlights its
// sentence in the article, the filters work from the keyboard, hostile
// article text stays text, and screenshots land in the artefacts folder.
//
//   node browser_test.cjs http://127.0.0.1:PORT ARTIFACT_DIR
'use strict';
const path = require('path');
const { chromium } = require(path.join(process.env.NODE_DIR, 'node_modules', 'playwright-core'));

const [base, artifacts] = process.argv.slice(2);
let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    const external = [];
    page.on('request', r => { if (!r.url().startsWith(base)) external.push(r.url()); });

    await page.goto(base + '/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });

    // The ledger: the troops group comes first and its chart shows the figures.
    const firstGroup = page.locator('#ledger-groups section.group').first();
    const heading = await firstGroup.locator('h3').textContent();
    check(/^troops/.test(heading), 'first ledger group is troops: ' + heading);
    const chartText = await firstGroup.locator('svg.chart').textContent();
    for (const figure of ['1,500', '3,000', '12,000']) {
      check(chartText.includes(figure), 'troops chart shows ' + figure);
    }
    const points = await firstGroup.locator('svg.chart circle.point').count();
    check(points >= 5, 'troops chart has figure points: ' + points);
    const conflicts = await page.locator('svg.chart circle.conflict').count();
    check(conflicts > 0, 'conflicting figures are ringed: ' + conflicts);
    check(await page.locator('.verdict-conflicting').count() > 0, 'conflict verdicts listed');
    const reports = await page.locator('#timeline-chart circle.report').count();
    check(reports === 6, 'timeline shows every report: ' + reports);
    await page.screenshot({ path: path.join(artifacts, 'serve-page.png'), fullPage: false });
    await page.locator('#timeline').screenshot({ path: path.join(artifacts, 'serve-timeline.png') });
    await firstGroup.screenshot({ path: path.join(artifacts, 'serve-ledger-chart.png') });

    // Claims table: click a troops claim with "1.500", see its sentence highlighted.
    const rows = page.locator('#claims-table tbody tr');
    check(await rows.count() > 20, 'claims table filled: ' + await rows.count());
    const button = page.locator('#claims-table button.quote', { hasText: '1.500' }).first();
    const quote = (await button.textContent()).trim();
    await button.click();
    const mark = page.locator('#article-text mark#highlight');
    await mark.waitFor({ timeout: 10000 });
    const marked = (await mark.textContent()).trim();
    check(marked === quote, 'clicked claim sentence is highlighted: "' + marked.slice(0, 70) + '…"');
    check(await mark.isVisible(), 'highlight is visible');
    const article = await page.locator('#article-text').textContent();
    check(article.length > marked.length * 2, 'the whole article is shown around the sentence');
    check(await page.locator('tr.selected').count() === 1, 'the clicked row is marked selected');
    const value = await page.locator('tr.selected td').first().textContent();
    check(value === '1,500', 'the clicked row shows its value: ' + value);
    const wrap = await page.evaluate(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth; });
    check(wrap <= 1, 'the claims table fits its column: ' + wrap);
    await page.screenshot({ path: path.join(artifacts, 'serve-claim-highlight.png') });

    // Keyboard: filter to troops with the keyboard, open a claim with Enter.
    await page.locator('#f-what').focus();
    await page.keyboard.press('Home');
    await page.locator('#f-what').selectOption('troops');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#claims-table tbody tr td:nth-child(2)')].every(td => td.textContent === 'troops'));
    const troopRows = await rows.count();
    check(troopRows > 3, 'filter what=troops leaves troops only: ' + troopRows);
    const last = page.locator('#claims-table button.quote').last();
    await last.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(q => {
      const m = document.querySelector('#highlight');
      return m && m.textContent.trim() === q;
    }, (await last.textContent()).trim(), { timeout: 10000 });
    check(true, 'Enter on a focused claim highlights it');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check(focused === 'highlight', 'focus moves to the highlighted sentence: ' + focused);

    // Hostile article: markup in its title, outlet and text is shown as text.
    await page.locator('#f-reset').click();
    const hostile = page.locator('#doc-list button', { hasText: '<script>window.__pwned=1</script>' });
    check(await hostile.count() === 1, 'hostile title listed as literal text');
    await hostile.click();
    await page.waitForFunction(() => document.querySelector('#article-text').textContent.includes('DROP TABLE'));
    const pwned = await page.evaluate(() => window.__pwned);
    check(pwned === undefined, 'no script from article text ran');
    check(await page.locator('#article-text img, #article-text script, #article-text svg, #doc-list img').count() === 0,
          'no elements made from article text');
    check((await page.locator('#article-meta').textContent()).includes('<b>Evil</b>'), 'outlet markup shown as text');

    // Search.
    await page.locator('#q').fill('kremlin');
    await page.keyboard.press('Enter');
    await page.locator('#result-list li button').first().waitFor({ timeout: 10000 });
    check(await page.locator('#result-list li').count() >= 1, 'search finds Kremlin');

    // A phone.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p2 = await phone.newPage();
    await p2.goto(base + '/', { waitUntil: 'load' });
    await p2.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, 'no horizontal scrolling on a phone: ' + overflow);
    await p2.screenshot({ path: path.join(artifacts, 'serve-phone.png') });

    check(problems.length === 0, 'no errors in the console: ' + JSON.stringify(problems));
    check(external.length === 0, 'nothing fetched from elsewhere: ' + JSON.stringify(external));
  } finally {
    await browser.close();
  }
  console.log(failures ? `${failures} checks failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
