// bloggers.test.mjs: becoming a blogger and featuring posts (DESIGN.md,
// "Blogs") against the running server: a member applies (by the API and
// by the form at /blogs/apply), editors approve or decline (by the API and
// at /editor/bloggers), the member is emailed either way and, approved,
// holds the blogger role and a blog at an address from its title; every
// bad application or decision is refused with a clear 4xx and changes
// nothing; editors feature published posts (by the API, the promotion
// queue's forms and a post's own page), mark them shared per network, and
// the home page leads with them for visitors too, until unfeatured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, assertFieldError, field, textOf } from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await person('Edwina Blogs-Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/** Applies as WHO; asserts 201; the application. */
async function apply(who, blog_title, extra = {}) {
	const r = await api(who, 'POST', '/blogger-applications', { blog_title, about: `What ${blog_title} is about.`, ...extra });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** Editor decides application ID; asserts 200; the application. */
async function decide(id, decision, reason) {
	const r = await api(editor, 'POST', `/editor/blogger-applications/${id}`, reason === undefined ? { decision } : { decision, reason });
	assert.equal(r.status, 200, r.text);
	return r.json();
}

/** A new member with an approved blog: {..member, slug}. */
async function blogger(name, title) {
	const m = await person(name);
	const x = await apply(m, title);
	const d = await decide(x.id, 'approve');
	return { ...m, slug: d.blog_slug };
}

/** A post in WHO's blog; status published unless given. */
async function post(who, title, extra = {}) {
	const r = await api(who, 'POST', `/blogs/${who.slug}/posts`, {
		title,
		summary: `A summary of ${title}.`,
		body: `The body of ${title}.`,
		status: 'published',
		...extra,
	});
	assert.equal(r.status, 201, r.text);
	return r.json();
}

async function featured() {
	const r = await api(editor, 'GET', '/editor/featured');
	assert.equal(r.status, 200, r.text);
	return r.json().posts;
}

test('a member applies; editors see it and approve it: a blog at an address from its title, the role, an email with the link', async () => {
	const m = await person('Dr Nell Nightshift');
	assert.deepEqual((await api(m, 'GET', '/blogger-applications')).json().applications, []);
	const r = await api(m, 'POST', '/blogger-applications', {
		blog_title: 'Notes from the Night Shift!',
		about: 'What happens on a medical ward between midnight and 8am.',
		sample: 'https://example.org/my-old-blog',
	});
	assert.equal(r.status, 201, r.text);
	const x = r.json();
	assert.equal(x.status, 'pending');
	assert.equal(x.blog_title, 'Notes from the Night Shift!');
	assert.equal(x.sample, 'https://example.org/my-old-blog');
	assert.equal(x.member.handle, m.handle);
	assert.equal(x.blog_slug, null);
	const mine = (await api(m, 'GET', '/blogger-applications')).json().applications;
	assert.deepEqual(mine.map((a) => [a.id, a.status]), [[x.id, 'pending']]);
	// Twice: 409, nothing more sent.
	assertJsonError(await api(m, 'POST', '/blogger-applications', { blog_title: 'Again', about: 'Once more.' }), 409);
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications.length, 1);
	// The editors' list.
	const pending = (await api(editor, 'GET', '/editor/blogger-applications?status=pending')).json().applications;
	const p = pending.find((a) => a.id === x.id);
	assert.ok(p, 'the application is in the pending list');
	assert.equal(p.about, 'What happens on a medical ward between midnight and 8am.');
	assert.equal(p.member.handle, m.handle);
	assert.ok(!(await api(editor, 'GET', '/editor/blogger-applications?status=approved')).json().applications.some((a) => a.id === x.id));
	assertJsonError(await api(editor, 'GET', '/editor/blogger-applications?status=nonsense'), 422, 'invalid', 'status');
	// Nobody but editors lists or decides.
	assertJsonError(await api(m, 'GET', '/editor/blogger-applications'), 404, 'not_found');
	assertJsonError(await api(m, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'approve' }), 404, 'not_found');
	const vis = await api(null, 'GET', '/editor/blogger-applications');
	assert.ok(vis.status === 401 || vis.status === 404, `a visitor: ${vis.status}`);
	assert.ok(!vis.text.includes('Night Shift'));
	// Bad decisions change nothing.
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'maybe' }), 422, 'invalid', 'decision');
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'decline' }), 422, 'invalid', 'reason');
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'decline', reason: '   ' }), 422, 'invalid', 'reason');
	assertJsonError(await api(editor, 'POST', '/editor/blogger-applications/99999999', { decision: 'approve' }), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', '/editor/blogger-applications/nonsense', { decision: 'approve' }), 404, 'not_found');
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications[0].status, 'pending');
	assert.ok(!(await api(m, 'GET', '/me')).json().roles.includes('blogger'));
	// Approve.
	const d = await decide(x.id, 'approve');
	assert.equal(d.status, 'approved');
	assert.equal(d.blog_slug, 'notes-from-the-night-shift');
	assert.equal(d.blog_href, '/b/notes-from-the-night-shift');
	const mail = await srv.latestMail(m.email);
	assert.match(mail.headers.subject, /approved/i);
	assert.match(mail.body, /Notes from the Night Shift!/);
	assert.ok(mail.body.includes(`${srv.base}/b/notes-from-the-night-shift`), `a link to the blog in:\n${mail.body}`);
	assert.ok((await api(m, 'GET', '/me')).json().roles.includes('blogger'), 'the role is given');
	const blog = await api(null, 'GET', '/blogs/notes-from-the-night-shift');
	assert.equal(blog.status, 200, blog.text);
	assert.match(blog.text, /Notes from the Night Shift!/);
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications[0].status, 'approved');
	// Deciding twice: 409, whatever the decision.
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'approve' }), 409, 'wrong_state');
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'decline', reason: 'No' }), 409, 'wrong_state');
	// A blogger does not apply again.
	assertJsonError(await api(m, 'POST', '/blogger-applications', { blog_title: 'A second blog', about: 'One is enough.' }), 409);
	// The same title again gets a numbered address; a long one is cut to 48.
	const o = await person('Dr Otto Same-Title');
	const d2 = await decide((await apply(o, 'Notes from the night shift')).id, 'approve');
	assert.equal(d2.blog_slug, 'notes-from-the-night-shift-2');
	const l = await person('Dr Lena Longtitle');
	const d3 = await decide((await apply(l, `${'Very '.repeat(19)}Long`)).id, 'approve');
	assert.ok(d3.blog_slug.length <= 48 && /^very-very-.*[a-z]$/.test(d3.blog_slug), d3.blog_slug);
	const e = await person('Dr Emma Emoji');
	const d4 = await decide((await apply(e, '★★★')).id, 'approve');
	assert.match(d4.blog_slug, /^blog(-\d+)?$/);
});

test('bad applications are refused naming the field, and nothing is sent; a visitor signs in first; six a day is too many', async () => {
	const m = await person('Dr Bea Badinput');
	const bad = [
		[{ blog_title: '', about: 'Good.' }, 'blog_title'],
		[{ blog_title: '   ', about: 'Good.' }, 'blog_title'],
		[{ about: 'Good.' }, 'blog_title'],
		[{ blog_title: 'x'.repeat(101), about: 'Good.' }, 'blog_title'],
		[{ blog_title: 'Bell\u0007blog', about: 'Good.' }, 'blog_title'],
		[{ blog_title: 7, about: 'Good.' }, 'blog_title'],
		[{ blog_title: 'No about' }, 'about'],
		[{ blog_title: 'Blank about', about: ' \n ' }, 'about'],
		[{ blog_title: 'Long about', about: 'a'.repeat(1001) }, 'about'],
		[{ blog_title: 'Long sample', about: 'Good.', sample: 's'.repeat(5001) }, 'sample'],
	];
	for (const [body, name] of bad) assertJsonError(await api(m, 'POST', '/blogger-applications', body), 422, 'invalid', name);
	// At the limits, in characters (not bytes).
	const edge = await api(m, 'POST', '/blogger-applications', { blog_title: 'é'.repeat(100), about: 'ü'.repeat(1000), sample: 'ß'.repeat(5000) });
	assert.equal(edge.status, 201, edge.text);
	await decide(edge.json().id, 'decline', 'Testing the limits.');
	assertJsonError(await api(null, 'POST', '/blogger-applications', { blog_title: 'Visitor', about: 'Visitors cannot.' }), 401, 'unauthenticated');
	assertJsonError(await api(null, 'GET', '/blogger-applications'), 401, 'unauthenticated');
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications.length, 1, 'only the good one was sent');
	// Five a day (the one above counted), declined each time; the sixth is refused.
	for (let i = 2; i <= 5; i++) await decide((await apply(m, `Attempt ${i}`)).id, 'decline', `Not yet (${i}).`);
	const r = await api(m, 'POST', '/blogger-applications', { blog_title: 'Attempt 6', about: 'One too many.' });
	assert.equal(r.status, 429, r.text);
	assert.ok(Number(r.headers.get('retry-after')) > 0);
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications.length, 5);
});

test('declining needs a reason, which the member is emailed; a declined member applies again', async () => {
	const m = await person('Dr Dora Declined');
	const x = await apply(m, 'Golf and Gastroenterology');
	const d = await decide(x.id, 'decline', 'Please say more about the gastroenterology.');
	assert.equal(d.status, 'declined');
	assert.equal(d.reason, 'Please say more about the gastroenterology.');
	assert.equal(d.blog_slug, null);
	const mail = await srv.latestMail(m.email);
	assert.doesNotMatch(mail.headers.subject, /approved/i);
	assert.match(mail.body, /Golf and Gastroenterology/);
	assert.match(mail.body, /Please say more about the gastroenterology\./);
	assert.ok(mail.body.includes(`${srv.base}/blogs/apply`), mail.body);
	assert.ok(!(await api(m, 'GET', '/me')).json().roles.includes('blogger'));
	const mine = (await api(m, 'GET', '/blogger-applications')).json().applications;
	assert.deepEqual(mine.map((a) => [a.status, a.reason]), [['declined', 'Please say more about the gastroenterology.']]);
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${x.id}`, { decision: 'approve' }), 409, 'wrong_state');
	const again = await apply(m, 'Gastroenterology, mostly');
	assert.equal(again.status, 'pending');
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications.length, 2);
	const declined = (await api(editor, 'GET', '/editor/blogger-applications?status=declined')).json().applications;
	assert.ok(declined.some((a) => a.id === x.id && a.reason.startsWith('Please say more')));
});

test('the pages: /blogs/apply and /editor/bloggers with their CSRF forms; the editors\' desk links both queues', async () => {
	const m = await person('Dr Paula Pageform', { verified: true });
	const other = await person('Dr Ned Noteditor');
	// Visitors are sent to sign in.
	const v = await srv.browser().get('/blogs/apply');
	assert.equal(v.status, 303);
	assert.match(v.location, /^\/signin\?next=/);
	const form = await m.b.get('/blogs/apply');
	assertHtml(form, 200);
	assert.ok(field(form.text, 'blog_title') && field(form.text, 'about') && field(form.text, 'sample'));
	// Bad input: the form again with what was typed.
	const bad = await m.b.submit('/blogs/apply', { blog_title: '  ', about: 'Teaching on the wards.' }, { from: '/blogs/apply' });
	assertHtml(bad, 422);
	assertFieldError(bad.text, 'blog_title', /must not be empty/);
	assert.match(bad.text, /Teaching on the wards\.<\/textarea>/, 'what was typed is kept');
	const long = await m.b.submit('/blogs/apply', { blog_title: 'T'.repeat(101), about: 'x' }, { from: '/blogs/apply' });
	assertHtml(long, 422);
	assertFieldError(long.text, 'blog_title', /at most 100/);
	const noAbout = await m.b.submit('/blogs/apply', { blog_title: 'Ward Teaching', about: '' }, { from: '/blogs/apply' });
	assertHtml(noAbout, 422);
	assertFieldError(noAbout.text, 'about');
	const longSample = await m.b.submit('/blogs/apply', { blog_title: 'Ward Teaching', about: 'x', sample: 's'.repeat(5001) }, { from: '/blogs/apply' });
	assertHtml(longSample, 422);
	assertFieldError(longSample.text, 'sample', /at most 5000/);
	const nocsrf = await m.b.post('/blogs/apply', { form: { blog_title: 'No token', about: 'No token.' } });
	assert.equal(nocsrf.status, 403);
	assert.deepEqual((await api(m, 'GET', '/blogger-applications')).json().applications, [], 'nothing was sent');
	const sample = 'My <b>best</b> piece & more';
	const ok = await m.b.submit('/blogs/apply', { blog_title: 'Ward Teaching', about: 'Teaching on the wards.', sample }, { from: '/blogs/apply' });
	assert.equal(ok.status, 303, ok.text.slice(0, 400));
	assert.equal(ok.location, '/blogs/apply?sent=1');
	const sent = await m.b.get(ok.location);
	assertHtml(sent, 200);
	assert.match(textOf(sent.text), /Your application is with the editors/);
	assert.match(textOf(sent.text), /Ward Teaching Waiting for the editors/);
	assert.ok(!field(sent.text, 'blog_title'), 'no form while one waits');
	const twice = await m.b.submit('/blogs/apply', { blog_title: 'Twice', about: 'Twice.' }, { from: '/blogs/apply' });
	assert.equal(twice.status, 409);
	const x = (await api(m, 'GET', '/blogger-applications')).json().applications[0];
	// The editors' page: editors only.
	for (const who of [m, other]) assertHtml(await who.b.get('/editor/bloggers'), 404);
	const vis = await srv.browser().get('/editor/bloggers');
	assert.ok(vis.status === 404 || vis.status === 303, `a visitor: ${vis.status}`);
	assert.ok(!vis.text.includes('Ward Teaching'));
	assert.equal((await other.b.submit(`/editor/bloggers/${x.id}`, { decision: 'approve' }, { from: '/blogs/apply' })).status, 404);
	const ep = await editor.b.get('/editor/bloggers');
	assertHtml(ep, 200);
	const text = textOf(ep.text);
	assert.match(text, /Ward Teaching/);
	assert.match(text, /Teaching on the wards\./);
	assert.ok(text.includes(sample), 'the sample as plain text');
	assert.ok(ep.text.includes('My &lt;b&gt;best&lt;/b&gt; piece &amp; more'), 'the sample escaped');
	assert.match(ep.text, new RegExp(`href="/u/${m.handle}"`));
	assert.match(text, /verified doctor/i);
	assert.match(ep.text, new RegExp(`action="/editor/bloggers/${x.id}"`));
	const nr = await editor.b.submit(`/editor/bloggers/${x.id}`, { decision: 'decline', reason: '' }, { from: '/editor/bloggers' });
	assertHtml(nr, 422);
	assert.match(textOf(nr.text), /Reason must say why/);
	const nd = await editor.b.submit(`/editor/bloggers/${x.id}`, { reason: 'x' }, { from: '/editor/bloggers' });
	assertHtml(nd, 422);
	assert.equal((await editor.b.submit('/editor/bloggers/99999999', { decision: 'approve' }, { from: '/editor/bloggers' })).status, 404);
	assert.equal((await api(m, 'GET', '/blogger-applications')).json().applications[0].status, 'pending');
	const ap = await editor.b.submit(`/editor/bloggers/${x.id}`, { decision: 'approve' }, { from: '/editor/bloggers' });
	assert.equal(ap.status, 303);
	assert.equal(ap.location, '/editor/bloggers?done=approved');
	const after = await editor.b.get(ap.location);
	assertHtml(after, 200);
	assert.match(textOf(after.text), /Approved/);
	assert.match(after.text, /href="\/b\/ward-teaching"/);
	assert.doesNotMatch(after.text, new RegExp(`action="/editor/bloggers/${x.id}"`), 'decided: no form');
	const again = await editor.b.submit(`/editor/bloggers/${x.id}`, { decision: 'approve' }, { from: '/editor/bloggers' });
	assert.equal(again.status, 409);
	assert.match((await srv.latestMail(m.email)).body, /\/b\/ward-teaching/);
	// The member's page now links to the blog, and has no form.
	const mine = await m.b.get('/blogs/apply');
	assertHtml(mine, 200);
	assert.match(mine.text, /href="\/b\/ward-teaching"/);
	assert.ok(!field(mine.text, 'blog_title'));
	// A decline by the form.
	const d = await person('Dr Dan Formdecline');
	const dx = await apply(d, 'Declined by Form');
	const dec = await editor.b.submit(`/editor/bloggers/${dx.id}`, { decision: 'decline', reason: 'Too short.' }, { from: '/editor/bloggers' });
	assert.equal(dec.status, 303);
	assert.equal(dec.location, '/editor/bloggers?done=declined');
	assert.match(textOf((await editor.b.get('/editor/bloggers')).text), /Declined by Form .* Declined: Too short\./);
	const dp = await d.b.get('/blogs/apply');
	assert.match(textOf(dp.text), /Declined .*The editors' reason: Too short\./);
	assert.ok(field(dp.text, 'blog_title'), 'they may apply again');
	// The desk.
	const desk = await editor.b.get('/editor');
	assertHtml(desk, 200);
	assert.match(desk.text, /href="\/editor\/bloggers"/);
	assert.match(desk.text, /href="\/editor\/promote"/);
	// Everyone has the Blogs link.
	assert.match((await srv.browser().get('/')).text, /href="\/blogs"/);
});

test('featuring by the API: published posts only, shares per network, text to share; the home page shows them to visitors until unfeatured', async () => {
	const w = await blogger('Dr Fern Featured', 'Featured Writing');
	const p = await post(w, 'Sepsis at the front door', { summary: 'What the first hour looks like when it goes well.' });
	const draft = await post(w, 'Not ready yet', { status: 'draft' });
	assert.ok(!(await featured()).some((x) => x.id === p.id));
	// Bad requests change nothing.
	assertJsonError(await api(editor, 'POST', '/editor/featured', { post_id: draft.id }), 409);
	assertJsonError(await api(editor, 'POST', '/editor/featured', { post_id: 99999999 }), 404);
	assertJsonError(await api(editor, 'POST', '/editor/featured', { post_id: 'nonsense' }), 422, 'invalid', 'post_id');
	assertJsonError(await api(editor, 'POST', '/editor/featured', {}), 422, 'invalid', 'post_id');
	assertJsonError(await api(w, 'POST', '/editor/featured', { post_id: p.id }), 404, 'not_found');
	assertJsonError(await api(w, 'GET', '/editor/featured'), 404, 'not_found');
	const vis = await api(null, 'POST', '/editor/featured', { post_id: p.id });
	assert.ok(vis.status === 401 || vis.status === 404, `a visitor: ${vis.status}`);
	assert.ok(!(await featured()).some((x) => x.id === p.id));
	let home = await srv.browser().get('/');
	assert.ok(!home.text.includes('Sepsis at the front door'));
	// Feature it.
	const f = await api(editor, 'POST', '/editor/featured', { post_id: p.id });
	assert.equal(f.status, 201, f.text);
	const fj = f.json();
	assert.equal(fj.id, p.id);
	assert.equal(fj.featured, true);
	assert.deepEqual(fj.shared, []);
	const link = `${srv.base}/b/${w.slug}/${p.slug}`;
	assert.equal(fj.share_text, `Sepsis at the front door — What the first hour looks like when it goes well. ${link}`);
	assertJsonError(await api(editor, 'POST', '/editor/featured', { post_id: String(p.id) }), 409);
	// A second one, featured later, comes first.
	const p2 = await post(w, 'Night handover', { summary: 'x '.repeat(240).trim() });
	assert.equal((await api(editor, 'POST', '/editor/featured', { post_id: String(p2.id) })).status, 201, 'a string id is taken too');
	const list = await featured();
	assert.deepEqual(list.slice(0, 2).map((x) => x.id), [p2.id, p.id]);
	const long = list[0].share_text;
	assert.ok([...long].length <= 280, `${[...long].length} characters: ${long}`);
	assert.ok(long.endsWith(` ${srv.base}/b/${w.slug}/${p2.slug}`), long);
	assert.ok(long.startsWith('Night handover — x x'), long);
	assert.match(long, /… http/);
	// The home page, for a visitor and a member.
	home = await srv.browser().get('/');
	assertHtml(home, 200);
	for (const page of [home, await w.b.get('/')]) {
		const t = textOf(page.text);
		assert.match(t, /Sepsis at the front door/);
		assert.match(t, /What the first hour looks like when it goes well\./);
		assert.match(t, /Featured Writing/);
		assert.match(t, /Dr Fern Featured/);
		assert.ok(page.text.includes(`href="/b/${w.slug}/${p.slug}"`));
		assert.ok(t.indexOf('Night handover') < t.indexOf('Sepsis at the front door'), 'newest featured first');
	}
	// Shares.
	const s = await api(editor, 'PUT', `/editor/featured/${p.id}/shares/linkedin`);
	assert.equal(s.status, 200, s.text);
	assert.deepEqual(s.json().shared, ['linkedin']);
	assert.deepEqual((await api(editor, 'PUT', `/editor/featured/${p.id}/shares/x`)).json().shared, ['linkedin', 'x']);
	assertJsonError(await api(editor, 'PUT', `/editor/featured/${p.id}/shares/myspace`), 404, 'not_found');
	assertJsonError(await api(editor, 'PUT', `/editor/featured/${draft.id}/shares/x`), 404, 'not_found');
	assertJsonError(await api(editor, 'PUT', '/editor/featured/99999999/shares/x'), 404, 'not_found');
	assertJsonError(await api(w, 'PUT', `/editor/featured/${p.id}/shares/x`), 404, 'not_found');
	const u = await api(editor, 'DELETE', `/editor/featured/${p.id}/shares/linkedin`);
	assert.equal(u.status, 200, u.text);
	assert.deepEqual(u.json().shared, ['x']);
	assert.deepEqual((await featured()).find((x) => x.id === p.id).shared, ['x']);
	// Unfeature: off the list and the home page.
	assertJsonError(await api(w, 'DELETE', `/editor/featured/${p.id}`), 404, 'not_found');
	assert.equal((await api(editor, 'DELETE', `/editor/featured/${p.id}`)).status, 204);
	assertJsonError(await api(editor, 'DELETE', `/editor/featured/${p.id}`), 404);
	assertJsonError(await api(editor, 'DELETE', '/editor/featured/99999999'), 404);
	assertJsonError(await api(editor, 'PUT', `/editor/featured/${p.id}/shares/x`), 404);
	assert.ok(!(await featured()).some((x) => x.id === p.id));
	home = await srv.browser().get('/');
	assert.ok(!home.text.includes('Sepsis at the front door'), 'gone from the home page');
	assert.ok(home.text.includes('Night handover'));
	assert.equal((await api(editor, 'DELETE', `/editor/featured/${p2.id}`)).status, 204);
	// Featured again, it leads the list once more.
	assert.equal((await api(editor, 'POST', '/editor/featured', { post_id: p.id })).status, 201);
	assert.equal((await featured())[0].id, p.id);
	assert.equal((await api(editor, 'DELETE', `/editor/featured/${p.id}`)).status, 204);
});

test('the promotion queue\'s forms and a post\'s page feature, share and unfeature; a draft is refused', async () => {
	const w = await blogger('Dr Quinn Queue', 'Queue Notes');
	const p = await post(w, 'Fluids in the elderly', { summary: 'Less is often more.' });
	const draft = await post(w, 'Half written', { status: 'draft' });
	const path = `/b/${w.slug}/${p.slug}`;
	const empty = await editor.b.get('/editor/promote');
	assertHtml(empty, 200);
	for (const who of [w]) assertHtml(await who.b.get('/editor/promote'), 404);
	const vis = await srv.browser().get('/editor/promote');
	assert.ok(vis.status === 404 || vis.status === 303, `a visitor: ${vis.status}`);
	// Featured from the post's page, back to it.
	const postPage = await editor.b.get(path);
	assertHtml(postPage, 200);
	assert.match(postPage.text, new RegExp(`action="/editor/promote/${p.id}"`));
	const ft = await editor.b.submit(`/editor/promote/${p.id}`, { action: 'feature', back: path }, { from: path });
	assert.equal(ft.status, 303, ft.text.slice(0, 300));
	assert.equal(ft.location, path);
	assert.equal((await editor.b.submit(`/editor/promote/${p.id}`, { action: 'feature', back: path }, { from: path })).status, 409);
	assert.equal((await editor.b.submit(`/editor/promote/${draft.id}`, { action: 'feature' }, { from: '/editor/promote' })).status, 409);
	assert.equal((await editor.b.submit('/editor/promote/99999999', { action: 'feature' }, { from: '/editor/promote' })).status, 404);
	assert.equal((await editor.b.submit(`/editor/promote/${p.id}`, { action: 'boost' }, { from: '/editor/promote' })).status, 422);
	assert.equal((await w.b.submit(`/editor/promote/${p.id}`, { action: 'unfeature' }, { from: path })).status, 404);
	const nocsrf = await editor.b.post(`/editor/promote/${p.id}`, { form: { action: 'unfeature' } });
	assert.equal(nocsrf.status, 403);
	// The queue shows it with its text, link, image and share marks.
	const q = await editor.b.get('/editor/promote');
	assertHtml(q, 200);
	const t = textOf(q.text);
	assert.match(t, /Fluids in the elderly/);
	assert.ok(t.includes(`Fluids in the elderly — Less is often more. ${srv.base}${path}`), t);
	assert.ok(q.text.includes(`href="${srv.base}${path}"`));
	assert.match(t, /None: the post has no cover/);
	for (const label of ['Bluesky', 'Facebook', 'LinkedIn', 'X']) assert.ok(t.includes(`${label}: not yet`), `${label} in ${t}`);
	const sh = await editor.b.submit(`/editor/promote/${p.id}`, { action: 'share', network: 'linkedin' }, { from: '/editor/promote' });
	assert.equal(sh.status, 303);
	assert.equal(sh.location, '/editor/promote?done=share');
	const q2 = await editor.b.get(sh.location);
	assert.match(textOf(q2.text), /LinkedIn: shared/);
	assert.match(textOf(q2.text), /Bluesky: not yet/);
	assert.deepEqual((await featured()).find((x) => x.id === p.id).shared, ['linkedin']);
	assert.equal((await editor.b.submit(`/editor/promote/${p.id}`, { action: 'share', network: 'myspace' }, { from: '/editor/promote' })).status, 404);
	const us = await editor.b.submit(`/editor/promote/${p.id}`, { action: 'unshare', network: 'linkedin' }, { from: '/editor/promote' });
	assert.equal(us.status, 303);
	assert.deepEqual((await featured()).find((x) => x.id === p.id).shared, []);
	assert.match(textOf((await srv.browser().get('/')).text), /Fluids in the elderly/);
	// A `back` that is not a blog post's path is not followed.
	for (const back of ['https://evil.example/', '//evil.example/b/x', '/editor/x']) {
		const un = await editor.b.submit(`/editor/promote/${p.id}`, { action: 'unfeature', back }, { from: '/editor/promote' });
		assert.equal(un.status, 303);
		assert.equal(un.location, '/editor/promote?done=unfeature');
		assert.equal((await api(editor, 'POST', '/editor/featured', { post_id: p.id })).status, 201);
	}
	const un = await editor.b.submit(`/editor/promote/${p.id}`, { action: 'unfeature' }, { from: '/editor/promote' });
	assert.equal(un.status, 303);
	assert.doesNotMatch((await editor.b.get('/editor/promote')).text, /Fluids in the elderly/);
	assert.doesNotMatch((await srv.browser().get('/')).text, /Fluids in the elderly/);
	assert.equal((await editor.b.submit(`/editor/promote/${p.id}`, { action: 'unfeature' }, { from: '/editor/promote' })).status, 404);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
