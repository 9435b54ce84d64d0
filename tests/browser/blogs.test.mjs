// blogs.test.mjs: blogs end to end in a real browser (Debian's chromium
// driven by playwright-core, headless; see lib.mjs).  A member applies for a
// blog (after one mistake), an editor approves it, the blogger writes a post
// with Markdown and tags, previews it, adds a cover and schedules it; a
// visitor gets 404 until the scheduler publishes it.  An editor features it
// and marks it shared on LinkedIn in the promotion queue; a visitor finds it
// leading the home page and the post carries its card metadata (Open Graph,
// Twitter), share links that load nothing from the networks, and no script
// or request to another host; a member comments.  Every page is
// screenshotted to tests/browser/screenshots/blogs/ and checked with
// axe-core, also at a 390 px phone width.  A file of its own: the journey's
// file is near the suite's per-file time limit on the sanitizer build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { freshAddress, unique } from '../http/lib.mjs';
import { browserSuite, PHONE } from './lib.mjs';

let srv;
let blogPath; // the blog and the post the first test makes
let postPath;
const S = browserSuite('blogs', (suite) => {
	srv = suite.srv;
});
const { newContext, visited, signInOn, fitsPhone } = S;

/** A 2x2 RGB PNG, its checksums right: a blog post's cover. */
function coverPng() {
	const chunk = (type, data) => {
		const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(zlib.crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const rows = Buffer.from([0, 200, 30, 30, 30, 200, 30, 0, 30, 30, 200, 250, 250, 250]);
	return Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** "YYYY-MM-DDTHH:MM:SS" in UTC, SEC seconds from now: a datetime-local value. */
// The same moment as the wall clock reads in Kolkata (UTC+5:30, no DST).
const kolkataLocal = (sec) => new Date(Date.now() + sec * 1000 + 330 * 60000).toISOString().slice(0, 19);

/** The content of the <meta> named NAME (property or name) on page P. */
const metaOf = (p, name) => p.locator(`meta[property="${name}"], meta[name="${name}"]`).getAttribute('content');

test('blogs: a member applies, an editor approves, the blogger writes, previews, schedules, publishes; an editor features it; it leads the home page with its card metadata', async () => {
	const tag = unique('bl');
	const blogTitle = `Notes from the night shift ${tag}`;
	const title = `What the night registrar learns ${tag}`;
	const summary = 'Twelve hours on call, three lessons: ask early, write it down, eat something.';
	const blogger = await srv.newMember({ type: 'doctor', name: 'Dr Amaka Blogger' });
	const ed = await srv.newMember({ name: 'Blogs Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const reader = await srv.newMember({ type: 'hcp', name: 'Nurse Rita Reader' });

	// 1. The application: once without a title, then as it should be.
	const c1 = await newContext({ timezoneId: 'Asia/Kolkata' }); // the blogger types times in her own zone
	const p1 = await c1.newPage();
	await signInOn(p1, blogger);
	await p1.locator('nav').getByRole('link', { name: 'Blogs' }).click();
	await p1.waitForURL(srv.base + '/blogs');
	await visited(p1, 'blogs-member');
	await p1.getByRole('link', { name: 'Apply to blog' }).click();
	await p1.waitForURL(srv.base + '/blogs/apply');
	await visited(p1, 'blog-apply');
	await p1.getByLabel('What it will be about').fill('Life as a medical registrar on nights: handovers, sick patients, and staying human.');
	await p1.getByRole('button', { name: 'Send the application' }).click();
	await p1.locator('#blog_title-error').waitFor();
	assert.equal(await p1.getByLabel('Title of the blog').getAttribute('aria-invalid'), 'true');
	assert.match(await p1.getByLabel('What it will be about').inputValue(), /registrar on nights/, 'the text is kept');
	await visited(p1, 'blog-apply-error');
	await p1.getByLabel('Title of the blog').fill(blogTitle);
	await p1.getByRole('button', { name: 'Send the application' }).click();
	await p1.waitForURL(srv.base + '/blogs/apply?sent=1');
	await p1.getByText('Your application is with the editors').first().waitFor();
	await p1.locator('li.card', { hasText: blogTitle }).getByText(/Waiting for the editors/).waitFor();
	assert.equal(await p1.getByRole('button', { name: 'Send the application' }).count(), 0, 'one application at a time');
	await visited(p1, 'blog-apply-sent');
	assert.equal((await p1.goto(srv.base + '/editor/bloggers')).status(), 404, 'the applications are for editors');

	// 2. The editor approves it.
	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, ed);
	await p2.locator('nav').getByRole('link', { name: 'Editors' }).click();
	await p2.waitForURL(srv.base + '/editor');
	await p2.getByRole('link', { name: 'Blogger applications' }).click();
	await p2.waitForURL(srv.base + '/editor/bloggers');
	const card = p2.locator('article', { hasText: blogTitle });
	await card.getByText('staying human').waitFor();
	await visited(p2, 'editor-bloggers');
	await card.getByLabel(/Approve/).check();
	await card.getByRole('button', { name: 'Decide' }).click();
	await p2.waitForURL(srv.base + '/editor/bloggers?done=approved');
	await p2.getByText('Approved: the member has their blog').waitFor();
	assert.equal(await p2.locator('article', { hasText: blogTitle }).count(), 0, 'gone from the waiting list');
	await p2.getByRole('row', { name: new RegExp(blogTitle) }).getByRole('cell', { name: 'Approved' }).waitFor();
	await visited(p2, 'editor-bloggers-done');
	assert.match((await srv.latestMail(blogger.email)).body, new RegExp(blogTitle));

	// 3. The blogger writes a post: a preview, a cover, a time to publish.
	await p1.goto(srv.base + '/blogs');
	await p1.getByRole('link', { name: 'Your blog' }).click();
	await p1.waitForURL(/\/b\/[a-z0-9-]+$/);
	blogPath = new URL(p1.url()).pathname;
	await p1.getByRole('heading', { level: 1, name: blogTitle }).waitFor();
	await p1.getByText('Nothing published yet.').waitFor();
	await visited(p1, 'blog-owner-empty');
	await p1.getByRole('link', { name: 'Write a post' }).click();
	await p1.waitForURL(srv.base + blogPath + '/new');
	await visited(p1, 'blog-post-new');
	await p1.getByLabel('Title').fill(title);
	await p1.getByLabel('Summary').fill(summary);
	await p1.getByLabel('Post', { exact: true }).fill('## Ask early\n\nThe **sickest patient** is the one nobody has seen yet.\n\n- write it down\n- eat something');
	await p1.getByLabel('Tags').fill('Night-shifts, training');
	await p1.getByRole('button', { name: 'Preview' }).click();
	const preview = p1.getByRole('region', { name: 'Preview' });
	await preview.locator('strong', { hasText: 'sickest patient' }).waitFor();
	await preview.getByRole('heading', { name: 'Ask early' }).waitFor();
	await preview.getByRole('listitem').filter({ hasText: 'eat something' }).waitFor();
	assert.equal(await p1.getByLabel('Title').inputValue(), title, 'the title is kept');
	assert.equal(await p1.getByLabel('Tags').inputValue(), 'Night-shifts, training', 'the tags are kept');
	await visited(p1, 'blog-post-preview');
	await p1.getByLabel(/Cover picture/).setInputFiles({ name: 'night.png', mimeType: 'image/png', buffer: coverPng() });
	const c3 = await newContext(); // a visitor
	const p3 = await c3.newPage();
	// She types the time as her clock in Kolkata reads it; the page's
	// script tells the server her offset, so it is published 25 s on,
	// not five and a half hours on.
	await p1.getByLabel(/Publish at/).fill(kolkataLocal(25));
	assert.equal(await p1.locator('input[name=tz_offset]').inputValue(), '-330', 'the offset is filled in');
	await p1.getByRole('button', { name: 'Schedule' }).click();
	await p1.waitForURL(new RegExp(`^${srv.base}${blogPath}/[a-z0-9-]+$`));
	const scheduledAt = Date.now();
	postPath = new URL(p1.url()).pathname;
	await p1.getByText(/Scheduled: it will be published .*Only you can see it/).waitFor();
	// While it waits (checked first, before the time comes): not public, and
	// listed as scheduled on the blogger's page.
	assert.equal((await p3.goto(srv.base + postPath)).status(), 404, 'a scheduled post is not public');
	assert.ok(!(await p3.content()).includes(title), 'the 404 names nothing');
	await p1.goto(srv.base + blogPath);
	const row = p1.getByRole('table').getByRole('row', { name: new RegExp(title) });
	await row.getByRole('cell', { name: /^Scheduled for / }).waitFor();
	assert.ok(Date.now() - scheduledAt < 20000, 'too slow to see the post scheduled before its time');
	await visited(p1, 'blog-owner-scheduled');
	await p1.goto(srv.base + postPath);
	await p1.getByText(/Scheduled: it will be published/).waitFor();
	await visited(p1, 'blog-post-scheduled');

	// The pages that do not need the post published, at a phone's width,
	// for the blogger and the editor, while the scheduler's time comes.
	const c5 = await newContext(PHONE);
	const p5 = await c5.newPage();
	await signInOn(p5, blogger);
	for (const [url, name] of [
		['/blogs', 'blogs'],
		['/blogs/apply', 'blog-apply'],
		[blogPath + '/new', 'blog-post-new'],
	]) {
		await fitsPhone(p5, url, name);
	}
	const c6 = await newContext(PHONE);
	const p6 = await c6.newPage();
	await signInOn(p6, ed);
	await fitsPhone(p6, '/editor/bloggers', 'editor-bloggers');

	// The scheduler publishes it (the housekeeper runs every 5 s).
	const deadline = Date.now() + 40000;
	for (;;) {
		const r = await p3.goto(srv.base + postPath);
		if (r.status() === 200) break;
		assert.equal(r.status(), 404);
		assert.ok(Date.now() < deadline, 'the scheduler did not publish the post within 40 s');
		await new Promise((res) => setTimeout(res, 1000));
	}
	await p3.getByRole('heading', { level: 1, name: title }).waitFor();
	await p3.locator('.blog-post .body strong', { hasText: 'sickest patient' }).waitFor();
	await p3.locator('.blog-post .tags').getByRole('link', { name: 'night-shifts' }).waitFor();
	await visited(p3, 'blog-post-visitor');
	await p1.goto(srv.base + blogPath);
	await p1.locator('.blog-posts li', { hasText: title }).waitFor();
	assert.equal(await p1.getByRole('heading', { name: 'Not published' }).count(), 0, 'nothing left unpublished');

	// 4. The editor features it and marks it shared on LinkedIn.
	await p2.goto(srv.base + postPath);
	await p2.getByRole('button', { name: 'Feature on the home page' }).click();
	await p2.waitForURL(srv.base + postPath);
	await p2.locator('.blog-post .meta .badge', { hasText: 'Featured' }).waitFor();
	await p2.getByRole('button', { name: 'Unfeature' }).waitFor();
	await visited(p2, 'blog-post-editor');
	await p2.goto(srv.base + '/editor');
	await p2.getByRole('link', { name: 'Promotion queue' }).click();
	await p2.waitForURL(srv.base + '/editor/promote');
	const queued = p2.locator('article', { hasText: title });
	const shareText = await queued.getByLabel('Text to share').inputValue();
	assert.ok(shareText.includes(title), `the share text names the post: ${shareText}`);
	assert.ok(shareText.includes(srv.base + postPath), `the share text links the post: ${shareText}`);
	await queued.getByRole('link', { name: srv.base + postPath, exact: true }).waitFor();
	await queued.getByRole('link', { name: srv.base + postPath + '/cover', exact: true }).waitFor();
	await visited(p2, 'editor-promote');
	await queued.getByRole('button', { name: `Mark shared on LinkedIn for ${title}` }).click();
	await p2.waitForURL(srv.base + '/editor/promote?done=share');
	const after = p2.locator('article', { hasText: title });
	await after.getByRole('listitem').filter({ hasText: 'LinkedIn: shared' }).waitFor();
	await after.getByRole('button', { name: `Unmark LinkedIn for ${title}` }).waitFor();
	await after.getByRole('listitem').filter({ hasText: 'Bluesky: not yet' }).waitFor();
	await visited(p2, 'editor-promote-shared');

	// 5. A visitor: the home page leads with it; the post's card metadata.
	const requests = [];
	p3.on('request', (q) => requests.push(q.url()));
	await p3.goto(srv.base + '/');
	const featured = p3.getByRole('region', { name: 'From the blogs' });
	const fcard = featured.getByRole('listitem').filter({ hasText: title });
	await fcard.getByRole('link', { name: title }).waitFor();
	await fcard.getByText(summary).waitFor();
	assert.equal(await fcard.getByRole('link', { name: title }).getAttribute('href'), postPath);
	await visited(p3, 'home-featured');
	await fcard.getByRole('link', { name: title }).click();
	await p3.waitForURL(srv.base + postPath);
	assert.equal(await metaOf(p3, 'og:title'), title);
	assert.equal(await metaOf(p3, 'og:description'), summary);
	assert.equal(await metaOf(p3, 'og:url'), srv.base + postPath);
	assert.equal(await metaOf(p3, 'og:image'), srv.base + postPath + '/cover');
	assert.equal(await metaOf(p3, 'twitter:card'), 'summary_large_image');
	assert.equal(await p3.locator('link[rel=canonical]').getAttribute('href'), srv.base + postPath);
	const cover = await c3.request.get(await metaOf(p3, 'og:image'));
	assert.equal(cover.status(), 200);
	assert.equal(cover.headers()['content-type'], 'image/png');
	const share = p3.getByRole('navigation', { name: 'Share this post' });
	const enc = encodeURIComponent(srv.base + postPath);
	for (const [net, start] of [
		['LinkedIn', 'https://www.linkedin.com/'],
		['Facebook', 'https://www.facebook.com/'],
		['X', 'https://x.com/'],
		['Bluesky', 'https://bsky.app/'],
		['Email', 'mailto:'],
	]) {
		const href = await share.getByRole('link', { name: new RegExp(`^Share on ${net}\\b`) }).getAttribute('href');
		assert.ok(href.startsWith(start), `${net}: ${href}`);
		assert.ok(href.includes(enc), `${net} links the post: ${href}`);
	}
	const scripts = await p3.locator('script[src]').evaluateAll((l) => l.map((s) => s.src));
	assert.deepEqual(scripts.filter((s) => !s.startsWith(srv.base + '/')), [], 'scripts from another host');
	assert.deepEqual(requests.filter((u) => !u.startsWith(srv.base + '/')), [], 'requests to another host');
	await visited(p3, 'blog-post-featured');
	await c3.close();

	// 6. A member comments; everyone sees it.
	const c4 = await newContext();
	const p4 = await c4.newPage();
	await signInOn(p4, reader);
	await p4.goto(srv.base + postPath);
	await p4.getByText('No comments yet.').waitFor();
	await p4.getByLabel('Your comment').fill('The **eat something** rule saved my last night shift. Thank you.');
	await p4.getByRole('button', { name: 'Post comment' }).click();
	await p4.waitForURL(new RegExp(`^${srv.base}${postPath}\\?page=1#p\\d+$`));
	const comment = p4.getByRole('region', { name: 'Comments' }).locator('.post', { hasText: 'saved my last night shift' });
	await comment.locator('strong', { hasText: 'eat something' }).waitFor();
	await comment.getByText(reader.name).first().waitFor();
	await visited(p4, 'blog-post-commented');
	await c4.close();
	await p1.goto(srv.base + postPath);
	await p1.locator('.post', { hasText: 'saved my last night shift' }).waitFor();
	await c1.close();
	await c2.close();

	// The rest at a phone's width: the published post, its blog, the queue, the home page.
	for (const [url, name] of [
		[blogPath, 'blog'],
		[postPath, 'blog-post'],
		[postPath + '/edit', 'blog-post-edit'],
	]) {
		await fitsPhone(p5, url, name);
	}
	await c5.close();
	await fitsPhone(p6, '/editor/promote', 'editor-promote');
	await fitsPhone(p6, '/', 'home-featured');
	await c6.close();
});

// (No axe here: with the CSP in force it cannot be injected.)
test('the blog pages break no Content-Security-Policy (a context without bypassCSP)', async () => {
	assert.ok(postPath, 'the first test made a post');
	const c = await S.browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': freshAddress() } });
	const p = await c.newPage();
	const violations = [];
	p.on('console', (msg) => {
		if (/Content Security Policy/i.test(msg.text())) violations.push(`${p.url()}: ${msg.text()}`);
	});
	for (const url of ['/', '/blogs', postPath, blogPath]) {
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
