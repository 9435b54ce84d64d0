// dashboard.test.mjs: the editors' dashboard (issue 10) in a real browser
// on the demo site (`rounds demo`: a year of page views and a crowd of
// members who joined over it).  The demo's editor signs in, opens the
// dashboard from the editors' desk, reads the charts (each an SVG with a
// title, its points' values as hover titles), opens a chart's table,
// downloads its CSV, and follows a top topic.  The page is parsed as SVG
// by the browser itself (no parser error in any chart).  Every page is
// screenshotted to tests/browser/screenshots/dashboard/ and checked with
// axe-core, at a 390 px phone width too, and printed to PDF (readable in
// print: the charts are there, no script needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { browserSuite } from './lib.mjs';

let srv;
const S = browserSuite('dashboard', (suite) => {
	srv = suite.srv;
});
const { newContext, visited, signInOn, fitsPhone } = S;
const EDITOR = { email: 'editor@rounds.example', password: 'rounds-demo' };

/** `rounds demo` on the suite's database, once. */
let demo;
function demoSite() {
	demo ??= srv.cli(['demo'], { timeout: 300000 }).then((r) => assert.equal(r.code, 0, r.stderr));
	return demo;
}

test('the demo editor reads the dashboard: a year of views, members, tables, a CSV, and a top topic', async () => {
	await demoSite();
	const c = await newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
	const p = await c.newPage();
	await signInOn(p, EDITOR);
	await p.goto(srv.base + '/editor');
	await p.getByRole('link', { name: 'Dashboard' }).click();
	await p.waitForURL(/\/editor\/dashboard$/);
	await p.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
	await visited(p, 'dashboard');

	// Nine charts, each an accessible image named by its title; the browser parses each as SVG.
	const charts = p.locator('figure.chart svg[role="img"]');
	assert.equal(await charts.count(), 9);
	const parsed = await p.evaluate(() => [...document.querySelectorAll('figure.chart svg')].map((s) => {
		const doc = new DOMParser().parseFromString(s.outerHTML, 'image/svg+xml');
		return { id: s.closest('figure').id, error: doc.querySelector('parsererror')?.textContent ?? null, titles: s.querySelectorAll('title').length };
	}));
	for (const x of parsed) {
		assert.equal(x.error, null, `${x.id} parses as SVG`);
		assert.ok(x.titles > 1, `${x.id} has point titles`);
	}
	await p.getByRole('img', { name: /Page views per day/ }).waitFor();
	// The demo's year shows: views on most of the last 90 days, in the tens of thousands a month.
	const daily = await p.locator('#views-daily tbody tr td').allTextContents();
	assert.equal(daily.length, 90);
	assert.ok(daily.filter((v) => Number(v.replace(/,/g, '')) > 500).length >= 85, 'views on nearly every day');
	const monthly = (await p.locator('#views-monthly tbody tr td').allTextContents()).map((v) => Number(v.replace(/,/g, '')));
	assert.ok(monthly.slice(-13, -1).every((v) => v > 30000 && v < 100000), `a month of the original's scale: ${monthly}`);
	// Members: the crowd is spread over countries and joined over the year.
	const countries = await p.locator('#members-country tbody tr').count();
	assert.ok(countries >= 10);
	const weeks = (await p.locator('#joined-weekly tbody tr td').allTextContents()).map((v) => Number(v.replace(/,/g, '')));
	assert.ok(weeks.filter((v) => v > 0).length >= 40, 'members joined in most weeks');

	// A chart's table, opened.
	await p.locator('#members-country summary').click();
	await p.locator('#members-country table').waitFor({ state: 'visible' });
	await visited(p, 'dashboard-table-open');

	// Its CSV, downloaded: a header and one row per table row.
	const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#members-country a[download]').click()]);
	assert.match(download.suggestedFilename(), /^rounds-members-country-\d{4}-\d\d-\d\d\.csv$/);
	const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\r\n');
	assert.equal(csv[0], 'country,Members,label');
	assert.equal(csv.length - 1, countries);

	// Printed: the charts are in the PDF's page (no script needed to draw them).
	await p.emulateMedia({ media: 'print' });
	assert.equal(await p.locator('figure.chart svg').first().isVisible(), true);
	const pdf = await p.pdf({ format: 'A4' });
	assert.ok(pdf.length > 10000);
	await p.emulateMedia({ media: 'screen' });

	// A top topic of the month, followed.
	const first = p.locator('.top-lists section').first().locator('ol li a').first();
	const title = await first.innerText();
	await first.click();
	await p.waitForURL(/\/t\/\d+/);
	assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), title);
	await visited(p, 'top-topic');

	// At a phone's width the dashboard still fits and passes axe.
	const phone = await newContext({ viewport: { width: 390, height: 844 } });
	const pp = await phone.newPage();
	await signInOn(pp, EDITOR);
	await fitsPhone(pp, '/editor/dashboard', 'dashboard');
	await c.close();
	await phone.close();
});

test('a member who is not an editor finds no dashboard', async () => {
	await demoSite();
	const c = await newContext();
	const p = await c.newPage();
	await signInOn(p, { email: 'doctor@rounds.example', password: 'rounds-demo' });
	const r = await p.goto(srv.base + '/editor/dashboard');
	assert.equal(r.status(), 404);
	await visited(p, 'not-for-members');
	await c.close();
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await S.srv.stop();
});
