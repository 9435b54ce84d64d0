// search.test.mjs: the search (issue 9) in a real browser (Debian's
// chromium driven by playwright-core, headless; see lib.mjs).  A member
// types words into the header's search box, lands on the results, keeps
// only topics with the per-kind link, then with the form's checkboxes,
// and opens a result: the topic.  A bad date shows the form with its
// error.  A visitor sees the helpful empty state.  Every page is
// screenshotted to tests/browser/screenshots/search/ and checked with
// axe-core, at a 390 px phone width too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unique } from '../http/lib.mjs';
import { browserSuite, PHONE } from './lib.mjs';

let srv;
const S = browserSuite('search', (suite) => {
	srv = suite.srv;
});
const { newContext, visited, signInOn, fitsPhone } = S;

test('search: from the header box to a result, filtered by kind; errors and the empty state', async () => {
	const w = unique('sb').toLowerCase();
	const m = await srv.newMember({ name: 'Sara Searcher', type: 'student' });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const mk = await srv.browser().request('POST', '/api/v1/forums/travel/topics', {
		bearer: token,
		json: { title: `Night trains ${w}`, body: `The sleeper to Vienna is a ${w} delight.` },
	});
	assert.equal(mk.status, 201, mk.text);
	const topicId = mk.json().id;

	const c = await newContext();
	const p = await c.newPage();
	await signInOn(p, m);
	// 1. The header's box, on the home page.
	await p.getByRole('searchbox', { name: 'Search Rounds' }).fill(w);
	await p.getByRole('searchbox', { name: 'Search Rounds' }).press('Enter');
	await p.waitForURL(new RegExp(`/search\\?q=${w}$`));
	await p.locator('.search-result').first().waitFor();
	assert.match(await p.locator('.search-count').innerText(), /^2 results/);
	assert.equal(await p.locator('.search-result mark').count(), 2);
	await visited(p, 'results');
	// 2. Only topics, by the count link.
	await p.getByRole('link', { name: /^Topics \(1\)$/ }).click();
	await p.waitForURL(/kind=topic/);
	assert.equal(await p.locator('.search-result').count(), 1);
	assert.match(await p.locator('.kind-label').first().textContent(), /^Topic$/);
	await visited(p, 'results-topics');
	// 3. The form's checkboxes: posts only.
	await p.getByRole('checkbox', { name: 'Topics', exact: true }).uncheck();
	await p.getByRole('checkbox', { name: 'Posts', exact: true }).check();
	await p.locator('form.search-form [type=submit]').click();
	await p.waitForURL(/kind=post/);
	assert.equal(await p.locator('.search-result').count(), 1);
	assert.match(await p.locator('.kind-label').first().textContent(), /^Post$/);
	// 4. A bad date: the form again, with the error, nothing lost.
	if (!(await p.locator('details.search-more').evaluate((d) => d.open))) await p.locator('summary', { hasText: 'Narrow the search' }).click();
	await p.locator('#from').fill('2026-01-02');
	await p.locator('#to').fill('2026-01-01');
	await p.locator('form.search-form [type=submit]').click();
	await p.locator('#to-error').waitFor();
	assert.match(await p.locator('#to-error').innerText(), /before/);
	assert.equal(await p.locator('#q').inputValue(), w);
	await visited(p, 'form-error');
	// 5. Open a result: the topic.
	await p.goto(`${srv.base}/search?q=${w}&kind=topic`);
	await p.locator('.search-result h3 a').first().click();
	await p.waitForURL(`${srv.base}/t/${topicId}`);
	await p.getByRole('heading', { name: `Night trains ${w}` }).waitFor();

	// A visitor: the intro, then the empty state that helps.
	const v = await newContext();
	const vp = await v.newPage();
	await vp.goto(`${srv.base}/search`);
	await visited(vp, 'visitor-intro');
	await vp.goto(`${srv.base}/search?q=${w}`);
	assert.match(await vp.locator('.empty-state').innerText(), /Sign in/);
	await visited(vp, 'visitor-empty');
	await v.close();

	// At a phone's width.
	const ph = await newContext(PHONE);
	const pp = await ph.newPage();
	await signInOn(pp, m);
	await fitsPhone(pp, `/search?q=${w}`, 'results');
	await fitsPhone(pp, `/search?q=${w}&from=2026-01-02&to=2026-01-01`, 'form-error');
	await fitsPhone(pp, '/', 'home-with-search-box');
	await ph.close();
	await c.close();
	assert.deepEqual(S.pageErrors, []);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await S.srv.stop();
});
