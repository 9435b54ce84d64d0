// library.test.mjs: the eLibrary (issue 8) in a real browser (Debian's
// chromium driven by playwright-core, headless; see lib.mjs).  An editor
// makes a collection on the editors' library page and uploads an ebook (a
// PDF written to a temporary file by the test) through the new-item form,
// for members, into that collection, and finds it there.  A visitor is
// asked to sign in to read it.  A student member finds it in the
// collection, downloads it (the browser's download: its suggested file
// name and exact bytes) and is refused a doctors-only item: the 403 page
// says it is for verified doctors only, and its download address is 404.
// Every page is screenshotted to tests/browser/screenshots/library/ and
// checked with axe-core, some at a 390 px phone width too; no page breaks
// its Content-Security-Policy or throws a script error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshAddress, unique, multipart, pdfBytes } from '../http/lib.mjs';
import { browserSuite, PHONE } from './lib.mjs';

let srv;
const S = browserSuite('library', (suite) => {
	srv = suite.srv;
});
const { newContext, visited, signInOn, fitsPhone } = S;

let itemPath; // the ebook the editor uploads
let doctorsPath; // a doctors-only item made through the API
let shelfPath; // the collection

/** Picks VALUE for field NAME inside LOC, whether it is a select, radio buttons or checkboxes. */
async function choose(loc, name, value) {
	const first = loc.locator(`[name="${name}"]`).first();
	if ((await first.evaluate((e) => e.tagName)) === 'SELECT') await first.selectOption(value);
	else await loc.locator(`[name="${name}"][value="${value}"]`).check();
}

test('library: an editor makes a collection and uploads an ebook; a student downloads it and is refused a doctors-only item', async () => {
	const tag = unique('lb');
	const shelfName = `Survival guides ${tag}`;
	const title = `The night registrar's handbook ${tag}`;
	const ed = await srv.newMember({ name: 'Libby Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const student = await srv.newMember({ type: 'student', name: 'Sam Student' });
	// A doctors-only ebook, made through the API.
	const { token } = await srv.browser().apiSignIn(ed.email, ed.password);
	const docTitle = `Advanced airway for doctors ${tag}`;
	const mk = await srv.browser().request('POST', '/api/v1/library', {
		bearer: token,
		body: multipart({ kind: 'ebook', access: 'doctors', title: docTitle, about: 'For verified doctors.' }, [['file', pdfBytes('airway', 2000), 'airway.pdf', 'application/pdf']]),
	});
	assert.equal(mk.status, 201, mk.text);
	doctorsPath = `/library/${mk.json().slug}`;

	// 1. The editor makes a collection.
	const c1 = await newContext();
	const p1 = await c1.newPage();
	await signInOn(p1, ed);
	await p1.goto(srv.base + '/editor/library');
	await visited(p1, 'editor-library');
	const create = p1.locator('form[action="/editor/library/collections"]');
	await create.locator('[name=name]').fill(shelfName);
	await create.locator('[name=about]').fill('What to do when the lights go out.');
	await create.locator('[name=position]').fill('1');
	await create.locator('[type=submit]').click();
	await p1.waitForURL(srv.base + '/editor/library');
	await p1.getByText(shelfName).first().waitFor();
	await visited(p1, 'editor-library-collection');
	// Readers find it on /library.
	await p1.getByRole('link', { name: 'The library as readers see it' }).click();
	await p1.waitForURL(srv.base + '/library');
	const shelfLink = p1.getByRole('link', { name: shelfName });
	shelfPath = await shelfLink.getAttribute('href');
	assert.match(shelfPath, /^\/library\/collections\/[a-z0-9-]+$/);
	const shelfSlug = shelfPath.slice('/library/collections/'.length);
	await visited(p1, 'library-editor');
	await p1.goto(srv.base + '/editor/library');

	// 2. ...and uploads an ebook for members into it.
	await p1.getByRole('link', { name: 'New item' }).click();
	await p1.waitForURL(srv.base + '/editor/library/new');
	await visited(p1, 'library-new');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-lib-'));
	const bytes = pdfBytes(`handbook ${tag}`, 6000);
	const file = path.join(dir, 'night-registrar.pdf');
	fs.writeFileSync(file, bytes);
	const form = p1.locator('form[action="/editor/library/new"]');
	await choose(form, 'kind', 'ebook');
	await form.locator('[name=title]').fill(title);
	await form.locator('[name=authors]').fill('A. Okafor, G. Lin');
	await form.locator('[name=about]').fill('Twelve hours on call: ask early, write it down, eat something.');
	await choose(form, 'access', 'members');
	await form.locator('[name=published_on]').fill('2024-02-29');
	await form.locator('[name=isbn]').fill('978-0-306-40615-7');
	await choose(form, 'collections', shelfSlug);
	await form.locator('[name=file]').setInputFiles(file);
	await form.locator('[type=submit]').last().click();
	await p1.waitForURL(new RegExp(`^${srv.base}/library/[a-z0-9-]+$`));
	itemPath = new URL(p1.url()).pathname;
	await p1.getByRole('heading', { level: 1, name: title }).waitFor();
	await p1.getByText('A. Okafor, G. Lin').first().waitFor();
	await p1.getByRole('link', { name: /^Download PDF \(/ }).waitFor();
	await p1.getByRole('link', { name: 'Edit', exact: true }).waitFor();
	await visited(p1, 'library-item-editor');
	// It is in the collection.
	await p1.getByRole('link', { name: shelfName }).first().click();
	await p1.waitForURL(srv.base + shelfPath);
	await p1.getByRole('heading', { level: 1, name: shelfName }).waitFor();
	await p1.getByRole('link', { name: title }).waitFor();
	await visited(p1, 'library-collection-editor');
	await p1.goto(srv.base + itemPath + '/edit');
	await visited(p1, 'library-edit');

	// 3. A visitor sees the title and is asked to sign in.
	const c3 = await newContext();
	const p3 = await c3.newPage();
	const v = await p3.goto(srv.base + itemPath);
	assert.equal(v.status(), 401);
	await p3.getByText(title).first().waitFor();
	await p3.getByText('Sign in to read').first().waitFor();
	assert.equal(await p3.getByRole('link', { name: /^Download/ }).count(), 0, 'no download for a visitor');
	await visited(p3, 'library-item-visitor');
	assert.equal((await c3.request.get(srv.base + itemPath + '/download')).status(), 404);
	await c3.close();

	// 4. A student finds it through the library, downloads it, and is refused the doctors' one.
	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, student);
	await p2.goto(srv.base + '/library');
	await visited(p2, 'library-student');
	await p2.getByRole('link', { name: shelfName }).first().click();
	await p2.waitForURL(srv.base + shelfPath);
	await visited(p2, 'library-collection-student');
	await p2.getByRole('link', { name: title }).click();
	await p2.waitForURL(srv.base + itemPath);
	await p2.getByRole('heading', { level: 1, name: title }).waitFor();
	assert.equal(await p2.getByRole('link', { name: 'Edit', exact: true }).count(), 0, 'no Edit for a student');
	await visited(p2, 'library-item-student');
	const [download] = await Promise.all([p2.waitForEvent('download'), p2.getByRole('link', { name: /^Download PDF \(/ }).click()]);
	assert.equal(download.suggestedFilename(), 'night-registrar.pdf');
	const got = fs.readFileSync(await download.path());
	assert.ok(got.equals(bytes), `the downloaded bytes (${got.length}) are the uploaded ones (${bytes.length})`);
	// Search finds it too.
	await p2.goto(srv.base + '/library');
	const box = p2.getByLabel('Search the library');
	await box.fill(`handbook ${tag}`);
	await box.press('Enter');
	await p2.waitForURL(/\/library\?.*q=/);
	await p2.getByText(/\b1 item(s)? found/).waitFor();
	await p2.getByRole('link', { name: title }).waitFor();
	await visited(p2, 'library-search-student');
	// The doctors' item: 403, saying why; its download: 404.
	const d = await p2.goto(srv.base + doctorsPath);
	assert.equal(d.status(), 403);
	await p2.getByText(docTitle).first().waitFor();
	await p2.getByText(/for verified doctors only/i).first().waitFor();
	assert.equal(await p2.getByRole('link', { name: /^Download/ }).count(), 0, 'no download link on the 403 page');
	await visited(p2, 'library-item-doctors-student');
	assert.equal((await c2.request.get(srv.base + doctorsPath + '/download')).status(), 404);
	fs.rmSync(dir, { recursive: true, force: true });

	// 5. At a phone's width.
	const c5 = await newContext(PHONE);
	const p5 = await c5.newPage();
	await signInOn(p5, student);
	await fitsPhone(p5, '/library', 'library');
	await fitsPhone(p5, itemPath, 'library-item');
	await fitsPhone(p5, shelfPath, 'library-collection');
	await c5.close();
	const c6 = await newContext(PHONE);
	const p6 = await c6.newPage();
	await signInOn(p6, ed);
	await fitsPhone(p6, '/editor/library/new', 'library-new');
	await c6.close();
	await c1.close();
	await c2.close();
});

// (No axe here: with the CSP in force it cannot be injected.)
test('the library pages break no Content-Security-Policy (a context without bypassCSP)', async () => {
	assert.ok(itemPath && shelfPath, 'the first test made an item and a collection');
	const c = await S.browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': freshAddress() } });
	const p = await c.newPage();
	const violations = [];
	p.on('console', (msg) => {
		if (/Content Security Policy/i.test(msg.text())) violations.push(`${p.url()}: ${msg.text()}`);
	});
	for (const url of ['/library', shelfPath, itemPath, doctorsPath]) {
		await p.goto(srv.base + url);
		await p.waitForLoadState('load');
	}
	assert.deepEqual(violations, [], 'CSP violations');
	await c.close();
});

test('no page threw a script error', () => {
	assert.deepEqual(S.pageErrors, []);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
