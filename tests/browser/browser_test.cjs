// Drives headless Chromium over the page of `warta serve` (started by run.sh):
// the stories list opens the sample corpus's story, whose ledger chart shows
// the troop figures; the map marks the places its claims are about and a
// marker filters the claims table; a click on a claim highlights its sentence
// in the article; the claims table has outlet and document columns, sorts
// by any column, filters by a date range and exports what it shows as CSV
// and JSON (the CSV download is read back); ledger headings name countries;
// a story of stances only lists them; the filters and markers work from the
// keyboard; hostile article text stays text; a search hit opens its story;
// on a phone the page does not scroll sideways, the claims table becomes
// cards and chart text stays at least 11 px; an alert made of markup is
// shown as text. With a third argument, the server of a followed feed: its
// alerts are visited, $POLL makes the feed gain an article whose figure
// conflicts with the first ones' and polls it, and the page shows the
// conflict as what changed since the visit, in the alerts view, in the
// story's own alerts and on a phone. Screenshots land in the artefacts
// folder.
//
//   node browser_test.cjs http://127.0.0.1:PORT ARTIFACT_DIR [http://127.0.0.1:PORT2]
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { chromium } = require(path.join(process.env.NODE_DIR, 'node_modules', 'playwright-core'));

const [base, artifacts, alertsBase] = process.argv.slice(2);
let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}

// The alerts of a followed feed, before and after the poll that brings the
// conflicting figure (see the file's comment).
async function followedFeed(browser, base, artifacts, problems, external, ready) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('request', r => { if (!r.url().startsWith(base)) external.push(r.url()); });

  // The first visit: the two articles of the first poll raised nothing.
  await page.goto(base + '/', { waitUntil: 'load' });
  await ready(page);
  await page.locator('#alerts-link').click();
  await page.waitForFunction(() => location.hash === '#alerts' && document.body.dataset.ready === 'true');
  const before = await page.locator('#alert-list li.alert').count();
  check(before === 0, 'no alert before the conflicting article: ' + before);
  check(/first visit/.test(await page.locator('#alerts-count').textContent()), 'the first visit is said so');

  // The feed gains the article; the watcher polls it again.
  const log = execFileSync('sh', ['-c', 'sh "$POLL" 2>&1'], { encoding: 'utf8' });
  check(/alert: story-\S+: conflicting: NIS 1,500 \(2024-10-18\) vs Volodymyr Zelensky 10,000/.test(log),
        'the second poll raised the conflict');
  console.log('     poll: ' + log.trim().split('\n').join(' | '));

  await page.goto(base + '/', { waitUntil: 'load' });
  await ready(page);
  await page.waitForFunction(() => !document.querySelector('#alerts-badge').hidden);
  const badge = (await page.locator('#alerts-badge').textContent()).trim();
  check(/^[1-9]\d* new$/.test(badge), 'the header counts the new alerts: ' + badge);
  await page.locator('#alerts-link').click();
  await page.waitForFunction(() => location.hash === '#alerts' && document.body.dataset.ready === 'true');
  check(await page.locator('#a-since').inputValue() === 'visit', 'the view opens on what changed since the last visit');
  const items = page.locator('#alert-list li.alert');
  const conflict = items.filter({ hasText: 'NIS 1,500 (2024-10-18) vs Volodymyr Zelensky 10,000' });
  check(await conflict.count() === 1 && await conflict.isVisible(), 'the conflict alert is visible');
  check(await items.count() === await page.locator('#alert-list li.alert.new').count(), 'every alert listed is new');
  check((await conflict.locator('.verdict-kind').textContent()) === 'conflicting', 'its kind is conflicting');
  const figures = await conflict.locator('.alert-figures li').allTextContents();
  check(figures.some(f => f.startsWith('NIS: 1,500 (2024-10-18)')) &&
        figures.some(f => f.startsWith('Volodymyr Zelensky: 10,000 (undated)')),
        'its figures with their origins: ' + JSON.stringify(figures));
  check(/ reported by \S/.test(figures.join(' ')), 'and the outlets that reported them');
  const when = await conflict.locator('time').getAttribute('datetime');
  check(Math.abs(Date.parse(when) - Date.now()) < 600000, 'it says when: ' + when);
  check(/^1 alert in 1 story since your last visit$/.test(await page.locator('#alerts-count').textContent()),
        'the count: ' + await page.locator('#alerts-count').textContent());
  await page.screenshot({ path: path.join(artifacts, 'serve-alerts.png') });

  // The story link opens the story, its ledger and its own alerts.
  const link = conflict.locator('a.story-link');
  const label = (await link.textContent()).trim();
  check(label.length > 0 && !label.startsWith('story-'), 'the story is named by its label: ' + label);
  await link.click();
  await page.waitForFunction(() => location.hash.startsWith('#story=') && document.body.dataset.ready === 'true');
  await page.locator('#story-alerts').waitFor({ state: 'visible', timeout: 10000 });
  check((await page.locator('#story-h').textContent()).trim() === label, 'the link opens the story');
  check((await page.locator('#story-alert-list').textContent()).includes('NIS 1,500 (2024-10-18) vs Volodymyr Zelensky 10,000'),
        'the story shows its alert');
  check(await page.locator('#ledger .verdict-conflicting').count() > 0, 'and its ledger the conflict');
  await page.locator('#story-alerts').screenshot({ path: path.join(artifacts, 'serve-story-alerts.png') });

  // Seen: a later visit has nothing new, and "ever" still lists it.
  await page.goto('about:blank');
  await page.goto(base + '/#alerts', { waitUntil: 'load' });
  await ready(page);
  check(await items.count() === 0, 'nothing changed since this visit');
  check(await page.locator('#alerts-badge').isHidden(), 'no count in the header');
  await page.locator('#a-since').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('#alert-list li.alert').length > 0);
  check(await conflict.count() === 1, '"ever" lists the alert again');
  await context.close();

  // A phone, with a since= in the URL.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p2 = await phone.newPage();
  p2.on('pageerror', e => problems.push('page error: ' + e.message));
  await p2.goto(base + '/#alerts?since=1h', { waitUntil: 'load' });
  await ready(p2);
  const onPhone = p2.locator('#alert-list li.alert', { hasText: 'Volodymyr Zelensky 10,000' });
  check(await onPhone.count() === 1 && await onPhone.isVisible(), 'the alert is visible on a phone (since=1h)');
  const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, 'no horizontal scrolling on a phone (alerts): ' + overflow);
  await p2.screenshot({ path: path.join(artifacts, 'serve-phone-alerts.png') });
  await phone.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    const external = [];
    page.on('request', r => { if (!r.url().startsWith(base)) external.push(r.url()); });

    const ready = async (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    await page.goto(base + '/', { waitUntil: 'load' });
    await ready(page);

    // The landing view: the stories, largest first, with their counts.
    check(await page.locator('#stories-view').isVisible(), 'the stories list is the landing view');
    check(await page.locator('#story-view').isHidden(), 'no story is open yet');
    const storyRows = page.locator('#stories-table tbody tr');
    check(await storyRows.count() >= 2, 'stories listed: ' + await storyRows.count());
    const firstSize = Number((await storyRows.first().locator('td').nth(1).textContent()).replace(/,/g, ''));
    check(firstSize >= 5, 'the largest story holds the sample corpus: ' + firstSize + ' documents');
    check(/^\d+ stories/.test(await page.locator('#stories-count').textContent()), 'the story count is shown');
    await page.screenshot({ path: path.join(artifacts, 'serve-stories.png') });

    // Open the sample corpus's story: the URL names it.
    const storyLink = storyRows.first().locator('a.story-link');
    const storyTitle = (await storyLink.textContent()).trim();
    await storyLink.click();
    await page.waitForFunction(() => location.hash.startsWith('#story=') && document.body.dataset.ready === 'true');
    const storyId = decodeURIComponent(await page.evaluate(() => location.hash.slice(7)));
    check(/\S/.test(storyId), 'the story id is in the URL hash: ' + storyId);
    check((await page.locator('#story-h').textContent()).trim() === storyTitle, 'the story page is titled by its label');
    const story = await page.evaluate(async id => (await fetch('/api/stories/' + encodeURIComponent(id))).json(), storyId);

    // The ledger: the troops group comes first and its chart shows the figures.
    const firstGroup = page.locator('#ledger-groups section.group').first();
    const heading = await firstGroup.locator('h3').textContent();
    check(/^deployed troops/.test(heading), 'first ledger group is deployed troops: ' + heading);
    check(heading.includes('North Korea') && !/\bKP\b/.test(heading),
          'group headings name countries, not codes: ' + heading);
    const chartText = await firstGroup.locator('svg.chart').textContent();
    for (const figure of ['1,500', '3,000', '12,000']) {
      check(chartText.includes(figure), 'troops chart shows ' + figure);
    }
    const points = await firstGroup.locator('svg.chart circle.point').count();
    check(points >= 5, 'troops chart has figure points: ' + points);
    const conflicts = await page.locator('svg.chart circle.conflict').count();
    check(conflicts > 0, 'conflicting figures are ringed: ' + conflicts);
    check(await page.locator('.verdict-conflicting').count() > 0, 'conflict verdicts listed');
    const ledgerLine = await page.locator('#ledger-story').textContent();
    check(ledgerLine.includes(`${story.members.length} documents`), 'the ledger is the story\'s: ' + ledgerLine);
    const reports = await page.locator('#timeline-chart circle.report').count();
    check(reports === story.members.length, `timeline shows the story's reports: ${reports} of ${story.members.length}`);
    check(await page.locator('#doc-list li').count() === story.members.length, 'the documents are the story\'s members');
    await page.screenshot({ path: path.join(artifacts, 'serve-page.png'), fullPage: false });
    await page.locator('#timeline').screenshot({ path: path.join(artifacts, 'serve-timeline.png') });
    await firstGroup.screenshot({ path: path.join(artifacts, 'serve-ledger-chart.png') });

    // The map: a marker per place, titled with its name and claims count.
    const markers = page.locator('#map-chart .marker');
    const names = await markers.evaluateAll(ms => ms.map(m => m.querySelector('title').textContent));
    for (const place of ['North Korea', 'South Korea', 'Russia', 'Ukraine']) {
      check(names.some(n => n.startsWith(place + ': ') && / \d+ claims?$/.test(n)), 'the map marks ' + place);
    }
    const image = await page.evaluate(() => {
      const i = document.querySelector('#map-chart image');
      return i && i.getBoundingClientRect().width;
    });
    check(image > 100, 'the world outline is drawn: ' + image + ' px wide');
    const outline = await page.evaluate(async () => (await fetch('/world.svg')).status);
    check(outline === 200, 'the outline comes from this server');
    await page.locator('#map').screenshot({ path: path.join(artifacts, 'serve-map.png') });

    // A click on a marker filters the claims table to that place.
    const rows = page.locator('#claims-table tbody tr');
    const allRows = await rows.count();
    check(allRows > 20, 'claims table filled: ' + allRows);
    const kp = page.locator('#map-chart .marker[data-place="KP"]');
    const kpClaims = Number((await kp.getAttribute('aria-label')).match(/(\d+) claims?$/)[1]);
    await kp.locator('circle').click();
    await page.waitForFunction(() => document.querySelector('#claims-count').textContent.includes('about North Korea'));
    const kpRows = await rows.count();
    check(kpRows === kpClaims && kpRows < allRows, `the North Korea marker filters the claims: ${kpRows} rows, marker says ${kpClaims}`);
    check(await kp.getAttribute('aria-pressed') === 'true', 'the chosen marker is marked pressed');
    // The same from the keyboard, on another marker.
    const ru = page.locator('#map-chart .marker[data-place="RU"]');
    await ru.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#claims-count').textContent.includes('about Russia'));
    check(await page.locator('#f-place').inputValue() === 'RU', 'Enter on a focused marker filters by its place');
    await page.screenshot({ path: path.join(artifacts, 'serve-map-filter.png') });
    await page.keyboard.press('Enter');  // again: every place
    await page.waitForFunction(n => document.querySelectorAll('#claims-table tbody tr').length === n, allRows);
    check(true, 'a second press shows every place again');

    // Claims table: click a troops claim with "1.500", see its sentence highlighted.
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
    const wrap = await page.evaluate(() => { const w = document.querySelector('#claims .table-wrap'); return w.scrollWidth - w.clientWidth; });
    check(wrap <= 1, 'the claims table fits its column: ' + wrap);
    await page.screenshot({ path: path.join(artifacts, 'serve-claim-highlight.png') });

    // The outlet and document columns.
    const headers = await page.locator('#claims-table thead th').allTextContents();
    check(headers.map(h => h.trim()).join('|') === 'Value|What|Source|Stance|Said|Outlet|Document|Sentence',
          'claims table columns: ' + headers.join('|'));
    const outlets = await page.locator('#claims-table tbody td:nth-child(6)').allTextContents();
    check(outlets.includes('Liputan6.com'), 'the outlet column names outlets');
    const docIds = await page.locator('#claims-table tbody td:nth-child(7)').allTextContents();
    check(docIds.every(d => story.members.some(m => m.id === d)), 'the document column holds the story\'s documents');

    // Sort by any column: value ascending, then descending.
    await page.locator('#claims-table th[data-key="value"] button').click();
    const valuesUp = await page.evaluate(() => state.shown.map(([c]) => c.value ?? c.min ?? -1));
    check(valuesUp.every((v, i) => i === 0 || valuesUp[i - 1] <= v), 'sorted by value, ascending');
    check(await page.locator('#claims-table th[data-key="value"]').getAttribute('aria-sort') === 'ascending', 'the sorted column says so');
    await page.locator('#claims-table th[data-key="value"] button').click();
    const first = Number((await rows.first().locator('td').first().textContent()).replace(/[^0-9.]/g, '').split('.')[0] || 0);
    check(first >= 12000, 'sorted by value, descending: first ' + first);
    await page.locator('#claims-table th[data-key="outlet"] button').click();
    const byOutlet = await page.locator('#claims-table tbody td:nth-child(6)').allTextContents();
    check(byOutlet.every((o, i) => i === 0 || byOutlet[i - 1].toLowerCase() <= o.toLowerCase()), 'sorted by outlet');

    // A date range: only claims said (else published) within it.
    await page.locator('#f-from').fill('2024-10-24');
    await page.locator('#f-to').fill('2024-10-31');
    await page.locator('#f-to').dispatchEvent('change');
    await page.waitForFunction(n => document.querySelectorAll('#claims-table tbody tr').length < n, allRows);
    const ranged = await rows.count();
    const saids = await page.locator('#claims-table tbody td:nth-child(5)').allTextContents();
    check(ranged > 0 && saids.every(d => !d || (d >= '2024-10-24' && d <= '2024-10-31')),
          `the date range keeps ${ranged} claims, all within it`);

    // Export what is shown as CSV: one line per row, in the table's order.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
    const csvPath = path.join(artifacts, 'serve-claims-export.csv');
    await csvDownload.saveAs(csvPath);
    const csv = fs.readFileSync(csvPath, 'utf8').trim().split(/\r\n/);
    check(csv[0].startsWith('value,min,max,qualifier,what,source,stance,said_date,outlet,doc,quote'), 'CSV header: ' + csv[0]);
    check(csv.length - 1 === ranged, `CSV has the ${ranged} claims shown: ${csv.length - 1}`);
    const firstDoc = (await rows.first().locator('td').nth(6).textContent()).trim();
    check(csv[1].includes(firstDoc), 'CSV rows in the table\'s order');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
    const exported = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
    check(Array.isArray(exported) && exported.length === ranged, 'JSON export holds the claims shown: ' + exported.length);
    const review = await page.evaluate(async () => {
      const r = await fetch(document.querySelector('#claimreview-link').getAttribute('href'));
      return [r.headers.get('content-type'), (await r.json())];
    });
    check(review[0] === 'application/ld+json' && review[1].length > 5 && review[1][0]['@type'] === 'ClaimReview',
          'the ClaimReview link gives the story\'s drafts');
    await page.locator('#f-reset').click();
    await page.waitForFunction(n => document.querySelectorAll('#claims-table tbody tr').length === n, allRows);

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

    // Back to the stories with the browser's Back button.
    await page.goBack();
    await page.waitForFunction(() => location.hash === '' && document.body.dataset.ready === 'true');
    check(await page.locator('#stories-view').isVisible(), 'Back returns to the stories');

    // Hostile article: markup in its title, outlet and text is shown as text,
    // in the stories list and in the every-document view.
    check(await page.locator('#stories-table img, #stories-table script').count() === 0,
          'no elements made from article text in the stories list');
    await page.goto(base + '/#all', { waitUntil: 'load' });
    await ready(page);
    const hostile = page.locator('#doc-list button', { hasText: '<script>window.__pwned=1</script>' });
    check(await hostile.count() === 1, 'hostile title listed as literal text');
    await hostile.click();
    await page.waitForFunction(() => document.querySelector('#article-text').textContent.includes('DROP TABLE'));
    const pwned = await page.evaluate(() => window.__pwned);
    check(pwned === undefined, 'no script from article text ran');
    check(await page.locator('#article-text img, #article-text script, #article-text svg, #doc-list img').count() === 0,
          'no elements made from article text');
    check((await page.locator('#article-meta').textContent()).includes('<b>Evil</b>'), 'outlet markup shown as text');

    // Search: a hit opens its story with the match highlighted.
    await page.locator('#q').fill('kremlin');
    await page.keyboard.press('Enter');
    const hit = page.locator('#result-list li button').first();
    await hit.waitFor({ timeout: 10000 });
    check(await page.locator('#result-list li').count() >= 1, 'search finds Kremlin');
    await hit.click();
    await page.waitForFunction(() => {
      const m = document.querySelector('#highlight');
      return location.hash.startsWith('#story=') && m && /kremlin/i.test(m.textContent);
    }, null, { timeout: 10000 });
    check(true, 'a search hit opens its story with the word highlighted');

    // A story whose claims are all stances: they are shown, not "No claims".
    const stanceStory = await page.evaluate(async () =>
      (await (await fetch('/api/documents/stances-only')).json()).story);
    await page.goto(base + '/#story=' + encodeURIComponent(stanceStory), { waitUntil: 'load' });
    await ready(page);
    const loose = await page.locator('#loose-stances li').count();
    check(loose === 3, 'stances on no figure are listed: ' + loose);
    check(!(await page.locator('#ledger-groups').textContent()).includes('No claims yet'), 'no "No claims yet" beside them');
    await page.locator('#ledger').screenshot({ path: path.join(artifacts, 'serve-stances-only.png') });

    // A bookmarked story opens directly.
    const direct = await context.newPage();
    await direct.goto(base + '/#story=' + encodeURIComponent(storyId), { waitUntil: 'load' });
    await ready(direct);
    check((await direct.locator('#story-h').textContent()).trim() === storyTitle, 'a story URL opens that story');
    await direct.close();

    // A phone: the story page, map included, without sideways scrolling.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p2 = await phone.newPage();
    await p2.goto(base + '/', { waitUntil: 'load' });
    await ready(p2);
    let overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, 'no horizontal scrolling on a phone (stories): ' + overflow);
    await p2.screenshot({ path: path.join(artifacts, 'serve-phone-stories.png') });
    await p2.goto(base + '/#story=' + encodeURIComponent(storyId), { waitUntil: 'load' });
    await ready(p2);
    overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, 'no horizontal scrolling on a phone (story): ' + overflow);
    check(await p2.locator('#map-chart .marker').count() >= 4, 'the map is on the phone too');
    await p2.screenshot({ path: path.join(artifacts, 'serve-phone.png') });
    // The claims table as cards, and chart text at least 11 px.
    const cards = await p2.evaluate(() => {
      const row = document.querySelector('#claims-table tbody tr');
      return [getComputedStyle(document.querySelector('#claims-table thead')).display, getComputedStyle(row).display];
    });
    check(cards[0] === 'none' && cards[1] === 'block', 'the claims table is cards on a phone: ' + cards);
    const smallest = await p2.evaluate(() => {
      let min = Infinity;
      for (const t of document.querySelectorAll('svg.chart:not(.map) text')) {
        const s = t.ownerSVGElement;
        const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
        min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
      }
      return min;
    });
    check(smallest >= 10.9, 'chart text is at least 11 px on a phone: ' + smallest.toFixed(1));
    const broken = await p2.evaluate(() => {
      // A word broken across lines: a text node's line boxes splitting inside a word.
      const cell = document.querySelector('#claims-table tbody tr td.sentence button');
      return getComputedStyle(cell.parentElement).overflowWrap + '/' + getComputedStyle(cell.parentElement).wordBreak;
    });
    check(broken === 'normal/normal', 'sentences wrap between words only: ' + broken);
    await p2.locator('#claims').screenshot({ path: path.join(artifacts, 'serve-phone-claims.png') });
    await p2.locator('#map').screenshot({ path: path.join(artifacts, 'serve-phone-map.png') });

    // An alert whose every field is markup (run.sh wrote it): text only.
    await page.goto(base + '/#alerts', { waitUntil: 'load' });
    await ready(page);
    const hostileAlert = page.locator('#alert-list li.alert', { hasText: '<script>window.__pwned=1</script> 7,000' });
    check(await hostileAlert.count() === 1, 'the hostile alert is listed as literal text');
    const hostileText = await hostileAlert.textContent();
    check(['<img src=x onerror=window.__pwned=1>', '<svg onload=window.__pwned=1>', '<i>2024</i>',
           'story-"><img'].every(t => hostileText.includes(t)),
          'its kind, story, figure, origin, date and outlet are shown as text');
    check(await page.locator('#alert-list img, #alert-list script, #alert-list svg, #alert-list i, #alert-list b').count() === 0,
          'no elements made from alert fields');
    check(await page.evaluate(() => window.__pwned) === undefined, 'no script from an alert ran');
    check(decodeURIComponent(await hostileAlert.locator('a.story-link').getAttribute('href')) ===
          '#story=story-"><img src=x onerror=window.__pwned=1>', 'the story link is the id, escaped in the URL');

    if (alertsBase) await followedFeed(browser, alertsBase, artifacts, problems, external, ready);

    check(problems.length === 0, 'no errors in the console: ' + JSON.stringify(problems));
    check(external.length === 0, 'nothing fetched from elsewhere: ' + JSON.stringify(external));
  } finally {
    await browser.close();
  }
  console.log(failures ? `${failures} checks failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
