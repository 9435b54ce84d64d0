// blogs.test.mjs: member blogs (DESIGN.md, "Blogs") against the running
// server: a member applies and an editor approves, which makes the blog;
// its blogger writes drafts (theirs alone: 404 to everyone else, in every
// list and on every page), previews (nothing saved), publishes, edits
// (the old version in the history), unpublishes (the comments' topic goes
// with it) and republishes (the same comments come back); posts scheduled
// ahead, or in the past minute, are published by the server's scheduler,
// across a restart too; bad input is refused naming the field and changes
// nothing; a title with script in it is escaped on every page and feed;
// comments are forum posts (a member's through the page's form, flags to
// the editors, closing them); the confidentiality guard; the card other
// sites show (Open Graph, Twitter) and share links that load nothing from
// the networks; tag pages; pagination; and a blog's forum stays out of the
// forums' pages and API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import {
	startServer,
	sleep,
	unique,
	assertHtml,
	assertJsonError,
	assertFieldError,
	csrfToken,
	metaCsrf,
	tags,
	textOf,
	rawRequest,
} from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await person('Edna Blogs-Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/** A member who applied for a blog titled TITLE and was approved: the person with .blog (its slug). */
async function blogger(name, title = `${name}'s notes ${unique('b')}`) {
	const m = await person(name);
	const a = await api(m, 'POST', '/blogger-applications', { blog_title: title, about: `What ${name} writes about.` });
	assert.equal(a.status, 201, a.text);
	const d = await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	assert.ok(d.json().blog_slug, `no blog_slug in the decision: ${d.text}`);
	return { ...m, blog: d.json().blog_slug, title };
}

/** Writes a post in WHO's blog through the API; asserts 201; the post. */
async function write(who, fields, blog = who.blog) {
	const r = await api(who, 'POST', `/blogs/${blog}/posts`, { summary: 'A short summary.', body: 'The body of the post.', ...fields });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** PATCHes post P (as WHO); asserts 200; the post. */
async function patch(who, p, fields) {
	const r = await api(who, 'PATCH', `/blogs/${p.blog}/posts/${p.slug}`, fields);
	assert.equal(r.status, 200, r.text);
	return r.json();
}

/**
 * A visitor's API write to PATH: without a CSRF cookie it is refused as
 * such (403 csrf, before the route looks at who writes), and with the
 * visitor's own CSRF token it is 401 unauthenticated; nothing is written.
 */
async function assertVisitorRefused(method, p, json) {
	const bare = await api(null, method, p, json);
	assert.ok(bare.status === 401 || (bare.status === 403 && bare.json().error.code === 'csrf'), `a visitor's ${method}: ${bare.status} ${bare.text}`);
	const v = srv.browser();
	const token = await v.apiCsrf();
	assertJsonError(await v.request(method, `/api/v1${p}`, { json, headers: { 'x-csrf-token': token } }), 401, 'unauthenticated');
}

const path = (p) => `/b/${p.blog}/${p.slug}`;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The hrefs of the post cards (the post links) on an HTML page. */
function postLinks(html) {
	return tags(html, 'a')
		.map((a) => a.attrs.href)
		.filter((h) => h && /^\/b\/[^/]+\/[^/?#]+$/.test(h) && !h.endsWith('/new') && !h.endsWith('/feed.atom'));
}

/** The post slugs of blog BLOG every reader sees through the API (first page). */
async function publicSlugs(blog, who = null) {
	const r = await api(who, 'GET', `/blogs/${blog}`);
	assert.equal(r.status, 200, r.text);
	return r.json().posts.map((p) => p.slug);
}

/** Every post of BLOG as its blogger sees it, by status: {draft: [...], ...}. */
async function allOf(owner) {
	const out = {};
	for (const st of ['draft', 'scheduled', 'published', 'unpublished']) {
		const r = await api(owner, 'GET', `/blogs/${owner.blog}?status=${st}`);
		assert.equal(r.status, 200, r.text);
		out[st] = r.json().posts.map((p) => p.slug).sort();
	}
	return out;
}

/** Polls FN (async → truthy) every 250 ms up to MS; the truthy value, or fails with WHAT. */
async function eventually(fn, ms, what) {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
		await sleep(250);
	}
}

/* ---- pictures ---- */

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}
/** A valid 2×2 RGB PNG. */
function png() {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const rows = Buffer.from([0, 200, 30, 30, 30, 200, 30, 0, 30, 30, 200, 250, 250, 250]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

function multipart(fields, files = []) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	for (const [k, bytes, name, type] of files) fd.append(k, new Blob([bytes], { type }), name);
	return fd;
}

/** Posts the blog post form at PATH (a /b/BLOG/new or .../edit) as WHO, multipart, with the page's _csrf. */
async function submitPostForm(who, p, fields, files = []) {
	const page = await who.b.get(p);
	assertHtml(page, 200);
	const token = csrfToken(page.text);
	assert.ok(token, `no _csrf on ${p}`);
	return who.b.request('POST', p, { body: multipart({ _csrf: token, ...fields }, files) });
}

/* ---- the application ---- */

test('a member applies, an editor approves: the blog exists, is listed, and its blogger may write in it', async () => {
	const m = await person('Dr Bella Blogger');
	const title = `Night Shifts ${unique('t')}`;
	// Not a blogger yet: no writing anywhere.
	const a = await api(m, 'POST', '/blogger-applications', { blog_title: title, about: 'Life on nights in a district general hospital.' });
	assert.equal(a.status, 201, a.text);
	assert.equal(a.json().status, 'pending');
	assert.equal(a.json().blog_title, title);
	const mine = (await api(m, 'GET', '/blogger-applications')).json().applications;
	assert.deepEqual(mine.map((x) => [x.id, x.status]), [[a.json().id, 'pending']]);
	assertJsonError(await api(m, 'POST', '/blogger-applications', { blog_title: 'Another', about: 'Twice.' }), 409);
	// Only editors decide.
	assertJsonError(await api(m, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' }), 404);
	const queue = (await api(editor, 'GET', '/editor/blogger-applications?status=pending')).json().applications;
	assert.ok(queue.some((x) => x.id === a.json().id), 'the application is in the editors\' queue');
	const d = await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	assert.equal(d.json().status, 'approved');
	const slug = d.json().blog_slug;
	assert.match(slug, /^night-shifts/);
	assertJsonError(await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' }), 409);
	// The blog: on /blogs, its page, the API.
	const blogs = await srv.browser().get('/blogs');
	assertHtml(blogs, 200);
	assert.ok(blogs.text.includes(`href="/b/${slug}"`), 'the blog is listed on /blogs');
	const page = await srv.browser().get(`/b/${slug}`);
	assertHtml(page, 200);
	assert.match(textOf(page.text), new RegExp(title));
	assert.match(textOf(page.text), /Nothing published yet/);
	const j = (await api(null, 'GET', `/blogs/${slug}`)).json();
	assert.equal(j.blog.slug, slug);
	assert.equal(j.blog.title, title);
	assert.equal(j.blog.owner.handle, m.handle);
	assert.equal(j.blog.url, `${srv.base}/b/${slug}`);
	assert.deepEqual(j.posts, []);
	assert.ok((await api(null, 'GET', '/blogs')).json().blogs.some((x) => x.slug === slug));
	// The blogger writes, with the session they had (the role is read per request); nobody else does.
	const me = { ...m, blog: slug };
	assertHtml(await me.b.get(`/b/${slug}/new`), 200);
	assert.match((await me.b.get(`/b/${slug}`)).text, new RegExp(`href="/b/${slug}/new"`));
	const other = await person('Dr Otto Reader');
	assertHtml(await other.b.get(`/b/${slug}/new`), 403);
	assert.equal((await srv.browser().get(`/b/${slug}/new`)).status, 401);
	const p = await write(me, { title: 'First post', status: 'published' });
	assert.equal(p.status, 'published');
	assert.equal(p.blog, slug);
	assert.equal(p.slug, 'first-post');
	assert.equal(p.url, `${srv.base}/b/${slug}/first-post`);
	assert.equal(p.author.handle, m.handle);
	assert.ok(p.topic_id > 0, 'a published post has its comments\' topic');
	assert.deepEqual(await publicSlugs(slug), ['first-post']);
	assertHtml(await srv.browser().get(`/b/${slug}/no-such-post`), 404);
	assertHtml(await srv.browser().get('/b/no-such-blog'), 404);
	assertJsonError(await api(null, 'GET', '/blogs/no-such-blog'), 404, 'not_found');
});

/* ---- drafts, preview, publishing, editing ---- */

test('a draft is its blogger\'s alone: 404 to a visitor, another member and an editor, in no public list', async () => {
	const bl = await blogger('Dr Dora Drafter');
	const other = await blogger('Dr Oscar Other-Blogger');
	const member = await person('Dr Mia Member');
	const title = `Unfinished thoughts ${unique('d')}`;
	const p = await write(bl, { title, tags: 'drafts-only', summary: 'Draft summary words.' });
	assert.equal(p.status, 'draft');
	assert.equal(p.published_at, null);
	assert.equal(p.topic_id, 0, 'no comments topic before publishing');
	const href = path(p);
	for (const [who, b] of [['a visitor', srv.browser()], ['another member', member.b], ['another blogger', other.b], ['an editor', editor.b]]) {
		for (const u of [href, `${href}/history`, `${href}/edit`, `${href}/cover`]) {
			const r = await b.get(u);
			assert.ok([404].includes(r.status) || (u.endsWith('/edit') && [401, 403].includes(r.status)), `${who} GET ${u}: ${r.status}`);
			assert.ok(!r.text.includes(title), `${who} sees the draft's title at ${u}`);
		}
		for (const u of ['/blogs', `/b/${bl.blog}`, '/', '/blogs/tags/drafts-only']) {
			const r = await b.get(u);
			assert.ok(!r.text.includes(title), `${who} sees the draft's title on ${u}`);
			assert.ok(!r.text.includes(href), `${who} sees a link to the draft on ${u}`);
		}
	}
	for (const who of [null, member, other, editor]) {
		assertJsonError(await api(who, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`), 404, 'not_found');
		assertJsonError(await api(who, 'GET', `/blogs/${bl.blog}/posts/${p.slug}/revisions`), 404, 'not_found');
		assert.ok(!(await api(who, 'GET', '/blogs')).text.includes(title));
		assert.ok(!(await api(who, 'GET', `/blogs/${bl.blog}`)).text.includes(title));
	}
	for (const who of [member, other, editor]) assertJsonError(await api(who, 'GET', `/blogs/${bl.blog}?status=draft`), 403, 'forbidden');
	assertJsonError(await api(null, 'GET', `/blogs/${bl.blog}?status=draft`), 403);
	assertJsonError(await api(bl, 'GET', `/blogs/${bl.blog}?status=nonsense`), 422, 'invalid', 'status');
	assertHtml(await srv.browser().get('/blogs/tags/drafts-only'), 404);
	assert.ok(!(await srv.browser().get('/blogs')).text.includes('drafts-only'), 'a draft\'s tag in the tags of /blogs');
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}`)).json().blog.post_count, 0, 'a draft is not counted');
	for (const u of ['/feeds/blogs.atom', `/b/${bl.blog}/feed.atom`]) {
		const r = await srv.browser().get(u);
		assert.equal(r.status, 200, u);
		assert.ok(!r.text.includes(title) && !r.text.includes(p.slug), `the draft in ${u}`);
	}
	assert.equal((await srv.browser().get('/blogs/tags/drafts-only/feed.atom')).text.includes(title), false);
	// Its blogger sees it: on the page (marked a draft), in the blog's list of unpublished ones, in the API.
	const own = await bl.b.get(href);
	assertHtml(own, 200);
	assert.match(textOf(own.text), /Draft\. Only you can see it\./);
	assert.ok(!tags(own.text, 'meta').some((m) => m.attrs.property === 'og:title'), 'no card for a draft');
	const blogPage = await bl.b.get(`/b/${bl.blog}`);
	assert.match(textOf(blogPage.text), /Not published/);
	assert.ok(blogPage.text.includes(`href="${href}"`));
	assert.equal((await api(bl, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().title, title);
	assert.deepEqual((await allOf(bl)).draft, [p.slug]);
	assert.deepEqual(await publicSlugs(bl.blog), []);
	assertHtml(await bl.b.get(`${href}/edit`), 200);
});

test('a preview through the form shows the rendered post and saves nothing', async () => {
	const bl = await blogger('Dr Percy Previewer');
	const title = `Preview me ${unique('p')}`;
	const r = await submitPostForm(bl, `/b/${bl.blog}/new`, { title, summary: 'S.', body: 'Some **bold** words and a [link](https://example.org/).', tags: 'preview', action: 'preview' });
	assertHtml(r, 200);
	assert.match(r.text, /id="preview-h"/);
	assert.match(r.text, /<strong>bold<\/strong>/);
	assert.equal(tags(r.text, 'input').find((x) => x.attrs.name === 'title')?.attrs.value, title, 'the form keeps what was written');
	assert.deepEqual(await allOf(bl), { draft: [], scheduled: [], published: [], unpublished: [] }, 'nothing saved');
	assertHtml(await bl.b.get(`/b/${bl.blog}/preview-me`), 404);
	// The API has no preview.
	assertJsonError(await api(bl, 'POST', `/blogs/${bl.blog}/posts`, { title, body: 'x', action: 'preview' }), 422, 'invalid', 'action');
	assert.deepEqual((await allOf(bl)).draft, []);
	// Previewing an edit changes nothing either.
	const p = await write(bl, { title: 'Kept as it is', body: 'Original body.' });
	const e = await submitPostForm(bl, `${path(p)}/edit`, { title: 'Changed title', summary: '', body: 'Changed _body_.', tags: '', action: 'preview' });
	assertHtml(e, 200);
	assert.match(e.text, /<em>body<\/em>/);
	const still = (await api(bl, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json();
	assert.equal(still.title, 'Kept as it is');
	assert.equal(still.body, 'Original body.');
	assert.equal(still.edit_count, 0);
});

test('publishing a draft, then editing it: the old version is in the revisions and on the history page', async () => {
	const bl = await blogger('Dr Ed Editwell');
	const title = `Rota lessons ${unique('e')}`;
	const p = await write(bl, { title, body: 'The **first** version of the body.', summary: 'First summary.', tags: 'Rota, Training , rota' });
	assert.deepEqual(p.tags, ['rota', 'training'], 'tags are lower-cased, trimmed, deduplicated and sorted');
	// Publishing through the API.
	const pub = await patch(bl, p, { status: 'published' });
	assert.equal(pub.status, 'published');
	assert.ok(pub.published_at);
	assert.ok(pub.topic_id > 0);
	assert.equal(pub.edit_count, 0);
	const v = await srv.browser().get(path(p));
	assertHtml(v, 200);
	assert.match(textOf(v.text), new RegExp(title));
	assert.match(v.text, /<strong>first<\/strong>/);
	assert.ok((await srv.browser().get('/blogs')).text.includes(`href="${path(p)}"`));
	assert.ok((await srv.browser().get(`/b/${bl.blog}`)).text.includes(`href="${path(p)}"`));
	assert.deepEqual(await publicSlugs(bl.blog), [p.slug]);
	assert.ok((await api(null, 'GET', '/blogs')).json().posts.some((x) => x.id === p.id));
	// No history yet.
	assert.deepEqual((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}/revisions`)).json().revisions, []);
	assert.match(textOf((await srv.browser().get(`${path(p)}/history`)).text), /has not been edited/);
	// Edit through the API: title and body.
	const ed = await patch(bl, p, { title: `${title} (revised)`, body: 'The second version.' });
	assert.equal(ed.title, `${title} (revised)`);
	assert.equal(ed.slug, p.slug, 'the address stays');
	assert.equal(ed.status, 'published', 'an edit keeps the status');
	assert.equal(ed.summary, 'First summary.', 'absent fields keep their values');
	assert.deepEqual(ed.tags, ['rota', 'training']);
	assert.equal(ed.edit_count, 1);
	const revs = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}/revisions`)).json().revisions;
	assert.equal(revs.length, 1);
	assert.equal(revs[0].title, title);
	assert.equal(revs[0].body, 'The **first** version of the body.');
	assert.equal(revs[0].summary, 'First summary.');
	const hist = await srv.browser().get(`${path(p)}/history`);
	assertHtml(hist, 200);
	assert.match(hist.text, /<strong>first<\/strong>/);
	assert.ok(textOf(hist.text).includes(title));
	const now = await srv.browser().get(path(p));
	assert.match(now.text, /The second version\./);
	assert.ok(!now.text.includes('<strong>first</strong>'));
	assert.ok(now.text.includes(`href="${path(p)}/history"`), 'the post links to its history');
	// Edit through the form, keeping it published.
	const f = await submitPostForm(bl, `${path(p)}/edit`, { title: `${title} (third)`, summary: 'Third summary.', body: 'The third version.', tags: 'rota', action: 'publish' });
	assert.equal(f.status, 303, f.text.slice(0, 500));
	assert.equal(f.location, path(p));
	const revs2 = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}/revisions`)).json().revisions;
	assert.deepEqual(revs2.map((x) => x.title), [`${title} (revised)`, title], 'newest first');
	const after3 = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json();
	assert.equal(after3.title, `${title} (third)`);
	assert.deepEqual(after3.tags, ['rota']);
	assert.equal(after3.edit_count, 2);
	// Nobody else edits.
	const other = await person('Dr Nosy Parker');
	assertJsonError(await api(other, 'PATCH', `/blogs/${bl.blog}/posts/${p.slug}`, { title: 'Hijacked' }), 403, 'forbidden');
	await assertVisitorRefused('PATCH', `/blogs/${bl.blog}/posts/${p.slug}`, { title: 'Hijacked' });
	assertJsonError(await api(editor, 'PATCH', `/blogs/${bl.blog}/posts/${p.slug}`, { title: 'Hijacked' }), 403, 'forbidden');
	assertHtml(await other.b.get(`${path(p)}/edit`), 403);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().title, `${title} (third)`);
});

/* ---- comments, unpublishing ---- */

test('comments: a member comments through the form, a visitor reads but cannot (401); /t/ and /p/ lead to the post', async () => {
	const bl = await blogger('Dr Connie Comments');
	const member = await person('Dr Cal Commenter');
	const p = await write(bl, { title: `Talk to me ${unique('c')}`, status: 'published' });
	const href = path(p);
	// A visitor: the comments, no form, a link to sign in; posting is 401.
	const vis = srv.browser();
	const vp = await vis.get(href);
	assertHtml(vp, 200);
	assert.match(textOf(vp.text), /No comments yet/);
	assert.ok(vp.text.includes(`/signin?next=${encodeURIComponent(href)}`), 'a link to sign in and come back');
	assert.ok(!vp.text.includes(`action="${href}/comments"`));
	const vtoken = metaCsrf((await vis.get('/')).text) ?? csrfToken((await vis.get('/signin')).text);
	const vr = await vis.post(`${href}/comments`, { form: { _csrf: vtoken, body: 'A visitor speaks.' } });
	assert.equal(vr.status, 401, vr.text.slice(0, 300));
	// A member, through the page's form.
	const page = await member.b.get(href);
	assert.ok(page.text.includes(`action="${href}/comments"`), 'the comment form is there');
	const c = await member.b.submit(`${href}/comments`, { body: 'A thoughtful **comment**.' }, { from: href });
	assert.equal(c.status, 303, c.text.slice(0, 500));
	const m = c.location.match(new RegExp(`^${href}\\?page=1#p(\\d+)$`));
	assert.ok(m, `303 to the comment on the post: ${c.location}`);
	const cid = Number(m[1]);
	// An empty one: the page again with the error.
	const empty = await member.b.submit(`${href}/comments`, { body: '  ' }, { from: href });
	assertHtml(empty, 422);
	assertFieldError(empty.text, 'body');
	// Everyone reads it.
	const vp2 = await vis.get(href);
	assert.match(vp2.text, new RegExp(`id="p${cid}"`));
	assert.match(vp2.text, /A thoughtful <strong>comment<\/strong>\./);
	const j = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json();
	assert.equal(j.comment_count, 1);
	assert.deepEqual(j.comments.map((x) => x.id), [cid]);
	// The topic and the comment's own address lead to the post.
	const t = await member.b.get(`/t/${p.topic_id}`);
	assert.equal(t.status, 303);
	assert.ok(t.location.startsWith(href), t.location);
	const pc = await member.b.get(`/p/${cid}`);
	assert.equal(pc.status, 303);
	assert.equal(pc.location, `${href}?page=1#p${cid}`);
	// The blogger replies too.
	assert.equal((await bl.b.submit(`${href}/comments`, { body: 'Thank you!' }, { from: href })).status, 303);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().comment_count, 2);
});

test('unpublishing hides the post and its comments from everyone else (the topic, /p/ of a comment); republishing brings back the same comments', async () => {
	const bl = await blogger('Dr Una Unpublisher');
	const member = await person('Dr Mo Commenter');
	const title = `Second thoughts ${unique('u')}`;
	const p = await write(bl, { title, status: 'published', tags: 'second-thoughts' });
	const href = path(p);
	const c = await member.b.submit(`${href}/comments`, { body: 'First!' }, { from: href });
	assert.equal(c.status, 303);
	const cid = Number(c.location.match(/#p(\d+)$/)[1]);
	const un = await patch(bl, p, { status: 'unpublished' });
	assert.equal(un.status, 'unpublished');
	for (const [who, b] of [['a visitor', srv.browser()], ['a member', member.b], ['an editor', editor.b]]) {
		assertHtml(await b.get(href), 404);
		const t = await b.get(`/t/${p.topic_id}`);
		assert.ok(t.status === 404 || (who === 'a visitor' && t.status === 303 && t.location.startsWith('/signin')), `${who} /t/: ${t.status} ${t.location}`);
		const pp = await b.get(`/p/${cid}`);
		assert.ok(pp.status === 404 || (who === 'a visitor' && pp.status === 303 && pp.location.startsWith('/signin')), `${who} /p/: ${pp.status} ${pp.location}`);
		for (const u of ['/blogs', `/b/${bl.blog}`]) assert.ok(!(await b.get(u)).text.includes(title), `${who} sees it on ${u}`);
	}
	for (const who of [member, editor]) {
		assertJsonError(await api(who, 'GET', `/topics/${p.topic_id}`), 404, 'not_found');
		assertJsonError(await api(who, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`), 404, 'not_found');
	}
	assertHtml(await srv.browser().get('/blogs/tags/second-thoughts'), 404);
	const late = await member.b.post(`${href}/comments`, { form: { _csrf: csrfToken((await member.b.get('/settings')).text) ?? '', body: 'Too late.' } });
	assert.equal(late.status, 404, 'no commenting on an unpublished post');
	assert.deepEqual(await publicSlugs(bl.blog), []);
	assertJsonError(await api(member, 'POST', `/topics/${p.topic_id}/posts`, { body: 'Through the API, then.' }), 404, 'not_found');
	assert.ok(!(await srv.browser().get(`/b/${bl.blog}/feed.atom`)).text.includes(title), 'an unpublished post in the blog\'s feed');
	// Its blogger still has it.
	assert.deepEqual((await allOf(bl)).unpublished, [p.slug]);
	assert.match(textOf((await bl.b.get(href)).text), /Unpublished\. Only you can see it\./);
	// Republished: the same topic, the same comment.
	const re = await patch(bl, p, { status: 'published' });
	assert.equal(re.topic_id, p.topic_id, 'the same comments topic');
	assert.equal(re.comment_count, 1);
	const back = await srv.browser().get(href);
	assertHtml(back, 200);
	assert.match(back.text, new RegExp(`id="p${cid}"`));
	assert.match(back.text, /First!/);
	assert.equal((await member.b.get(`/p/${cid}`)).status, 303);
	assert.deepEqual(await publicSlugs(bl.blog), [p.slug]);
	assertHtml(await srv.browser().get('/blogs/tags/second-thoughts'), 200);
	// Unpublish and publish through the form's buttons.
	const f = await submitPostForm(bl, `${href}/edit`, { title, summary: 'x', body: 'y', tags: 'second-thoughts', action: 'unpublish' });
	assert.equal(f.status, 303, f.text.slice(0, 400));
	assertHtml(await srv.browser().get(href), 404);
	const g = await submitPostForm(bl, `${href}/edit`, { title, summary: 'x', body: 'y', tags: 'second-thoughts', action: 'publish' });
	assert.equal(g.status, 303);
	assertHtml(await srv.browser().get(href), 200);
});

test('closing comments: commenting is 409 and the form is gone; flags reach the editors, who hide a comment', async () => {
	const bl = await blogger('Dr Clo Closer');
	const member = await person('Dr Flo Flagger');
	const spammer = await person('Dr Sam Spammer');
	const p = await write(bl, { title: `Open for now ${unique('f')}`, status: 'published' });
	const href = path(p);
	const c = await spammer.b.submit(`${href}/comments`, { body: 'Buy my miracle supplements now.' }, { from: href });
	assert.equal(c.status, 303);
	const cid = Number(c.location.match(/#p(\d+)$/)[1]);
	// A flag from a member reaches the editors' queue.
	const f = await api(member, 'POST', `/posts/${cid}/flags`, { reason: 'spam', note: 'an advert on a blog' });
	assert.equal(f.status, 201, f.text);
	const queued = (await api(editor, 'GET', '/editor/flags')).json().flags.find((x) => x.id === f.json().id);
	assert.ok(queued, 'the flag is in the editors\' queue');
	assert.equal(queued.post_id, cid);
	assert.equal(queued.topic_id, p.topic_id);
	assert.match(textOf((await editor.b.get('/editor/flags')).text), /miracle supplements/);
	// The editor hides it.
	const d = await api(editor, 'POST', `/editor/flags/${f.json().id}`, { decision: 'hide' });
	assert.equal(d.status, 200, d.text);
	assert.ok(!(await api(editor, 'GET', '/editor/flags')).json().flags.some((x) => x.id === f.json().id));
	const seen = await srv.browser().get(href);
	assert.ok(!seen.text.includes('miracle supplements'), 'a hidden comment\'s text is not shown');
	assert.match(textOf(seen.text), /hidden while the editors review it/);
	// Closing comments through the edit form's checkbox.
	const post = (await api(bl, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json();
	const fields = { title: post.title, summary: post.summary, body: post.body, tags: '', action: 'publish' };
	const cf = await submitPostForm(bl, `${href}/edit`, { ...fields, comments_closed: '1' });
	assert.equal(cf.status, 303, cf.text.slice(0, 400));
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().comments_closed, true);
	assert.equal((await api(member, 'GET', `/topics/${p.topic_id}`)).json().locked, true, 'the comments\' topic is locked');
	const page = await member.b.get(href);
	assert.ok(!page.text.includes(`action="${href}/comments"`), 'no comment form on a closed post');
	assert.match(textOf(page.text), /Comments on this post are closed/);
	const token = csrfToken(page.text) ?? metaCsrf(page.text);
	const r = await member.b.post(`${href}/comments`, { form: { _csrf: token, body: 'Can I still?' } });
	assert.equal(r.status, 409, r.text.slice(0, 300));
	assertJsonError(await api(member, 'POST', `/topics/${p.topic_id}/posts`, { body: 'Through the API?' }), 409);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().comment_count, 1);
	assert.equal((await srv.browser().get(href)).status, 200, 'still readable');
	// Reopening through the form: the box unchecked (a browser then sends no comments_closed).
	// A regression test: up to a8e1a7d, blog_post_write (src/pages/blogs.c) changed comments_closed
	// only when the field had a string value, so an unchecked box (absent) kept comments closed.
	const of = await submitPostForm(bl, `${href}/edit`, fields);
	assert.equal(of.status, 303, of.text.slice(0, 400));
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().comments_closed, false, 'the form reopens comments');
	assert.equal((await member.b.submit(`${href}/comments`, { body: 'Open again.' }, { from: href })).status, 303);
});

test('closing and reopening comments through the API (comments_closed true/false)', async () => {
	const bl = await blogger('Dr Api Closer');
	const member = await person('Dr Api Commenter');
	const p = await write(bl, { title: `Closable ${unique('k')}`, status: 'published' });
	// A regression test: up to a8e1a7d, blog_post_write (src/pages/blogs.c) tested
	// `form_get(in, "comments_closed").p`, never set for a JSON boolean (form_from_json sets
	// present/truth only), so PATCH {comments_closed: true} was ignored.
	const closed = await patch(bl, p, { comments_closed: true });
	assert.equal(closed.comments_closed, true, 'PATCH comments_closed: true closes comments');
	assertJsonError(await api(member, 'POST', `/topics/${p.topic_id}/posts`, { body: 'Closed?' }), 409);
	const page = await member.b.get(path(p));
	const r = await member.b.post(`${path(p)}/comments`, { form: { _csrf: csrfToken(page.text) ?? metaCsrf(page.text), body: 'Closed?' } });
	assert.equal(r.status, 409);
	assert.equal((await patch(bl, p, { comments_closed: false })).comments_closed, false);
	assert.equal((await member.b.submit(`${path(p)}/comments`, { body: 'Open again.' }, { from: path(p) })).status, 303);
});

/* ---- scheduling ---- */

test('a post scheduled a few seconds ahead is invisible, then the scheduler publishes it', async () => {
	const bl = await blogger('Dr Sky Scheduler');
	const title = `Coming soon ${unique('s')}`;
	const at = Date.now() + 4000;
	const p = await write(bl, { title, status: 'scheduled', publish_at: iso(at), tags: 'soon' });
	assert.equal(p.status, 'scheduled');
	assert.equal(p.publish_at, iso(Math.floor(at / 1000) * 1000));
	assert.equal(p.published_at, null);
	assertHtml(await srv.browser().get(path(p)), 404);
	assertJsonError(await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`), 404, 'not_found');
	assert.deepEqual(await publicSlugs(bl.blog), []);
	assert.ok(!(await srv.browser().get('/blogs')).text.includes(title));
	assert.ok(!(await srv.browser().get('/feeds/blogs.atom')).text.includes(title));
	assert.deepEqual((await allOf(bl)).scheduled, [p.slug]);
	assert.match(textOf((await bl.b.get(`/b/${bl.blog}`)).text), /Scheduled for/);
	// Published by the housekeeper (every 5 s) soon after its time.
	const t0 = Date.now();
	await eventually(async () => (await srv.browser().get(path(p))).status === 200, 20000, 'the scheduled post is published');
	assert.ok(Date.now() >= at - 1000, 'not published before its time');
	const j = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json();
	assert.equal(j.status, 'published');
	assert.ok(j.topic_id > 0, 'the scheduler opened its comments');
	assert.ok(j.published_at);
	assert.deepEqual(await publicSlugs(bl.blog), [p.slug]);
	assert.ok((await srv.browser().get('/blogs')).text.includes(title));
	assert.deepEqual((await allOf(bl)).scheduled, []);
	assert.ok(Date.now() - t0 < 20000);
	// Its comments work.
	const member = await person('Dr Early Reader');
	assert.equal((await member.b.submit(`${path(p)}/comments`, { body: 'Worth the wait.' }, { from: path(p) })).status, 303);
});

test('a post scheduled in the past minute is published by the scheduler; scheduling through the form with a time zone', async () => {
	const bl = await blogger('Dr Pat Past');
	const p = await write(bl, { title: `Slow form ${unique('s')}`, status: 'scheduled', publish_at: iso(Date.now() - 60000) });
	assert.equal(p.status, 'scheduled');
	await eventually(async () => (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).status === 200, 15000, 'the overdue post is published');
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().status, 'published');
	// The form: a local time with the browser's offset (minutes west of UTC): UTC+02:00 is -120.
	const when = new Date(Date.now() + 3600_000 + 2 * 3600_000).toISOString().slice(0, 16); // local time at UTC+2, an hour ahead
	const r = await submitPostForm(bl, `/b/${bl.blog}/new`, { title: 'Zoned', summary: '', body: 'b', tags: '', publish_at: when, tz_offset: '-120', action: 'schedule' });
	assert.equal(r.status, 303, r.text.slice(0, 400));
	const z = (await api(bl, 'GET', `/blogs/${bl.blog}/posts/zoned`)).json();
	assert.equal(z.status, 'scheduled');
	const diff = Date.parse(z.publish_at) - Date.now();
	assert.ok(diff > 3500_000 && diff < 3660_000, `an hour ahead, not ${diff / 1000} s`);
	// Without a script the form sends no offset: the time is read in the member's own zone, UTC+05:30.
	assert.equal((await bl.b.submit('/settings', { name: bl.name, country: 'IN', specialty: '', grade: '', bio: '', timezone: 'Asia/Kolkata' })).status, 303);
	const kolkata = new Date(Date.now() + 3600_000 + 5.5 * 3600_000).toISOString().slice(0, 16);
	const k = await submitPostForm(bl, `/b/${bl.blog}/new`, { title: 'Kolkata time', summary: '', body: 'b', tags: '', publish_at: kolkata, tz_offset: '', action: 'schedule' });
	assert.equal(k.status, 303, k.text.slice(0, 400));
	const kz = (await api(bl, 'GET', `/blogs/${bl.blog}/posts/kolkata-time`)).json();
	const kdiff = Date.parse(kz.publish_at) - Date.now();
	assert.ok(kdiff > 3500_000 && kdiff < 3660_000, `an hour ahead in the member's zone, not ${kdiff / 1000} s`);
	// A published post cannot be scheduled again without unpublishing it first.
	assertJsonError(await api(bl, 'PATCH', `/blogs/${bl.blog}/posts/${p.slug}`, { status: 'scheduled', publish_at: iso(Date.now() + 3600_000) }), 409);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().status, 'published');
});

test('a scheduled post survives a server restart and is published after it', async () => {
	const bl = await blogger('Dr Rex Restart');
	const at = Date.now() + 12000;
	const p = await write(bl, { title: `After the restart ${unique('r')}`, status: 'scheduled', publish_at: iso(at) });
	assert.equal(p.status, 'scheduled');
	// Stop the server (keeping its database) and start it again on the same one.
	srv.proc.kill('SIGTERM');
	const st = await srv.exited;
	assert.deepEqual(st, { code: 0, signal: null }, srv.stderrTail());
	srv.assertNoSanitizerReport();
	await srv.restart();
	if (Date.now() < at - 1000) {
		assertHtml(await srv.browser().get(path(p)), 404);
		assert.deepEqual((await allOf(bl)).scheduled, [p.slug], 'still scheduled after the restart');
	}
	await eventually(async () => (await srv.browser().get(path(p))).status === 200, Math.max(0, at - Date.now()) + 15000, 'published after the restart');
	const j = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json();
	assert.equal(j.status, 'published');
	assert.ok(j.topic_id > 0);
	assert.ok(Date.parse(j.published_at) >= Math.floor(at / 1000) * 1000 - 1000, `published at ${j.published_at}, due ${iso(at)}`);
});

/* ---- bad input ---- */

test('bad posts are refused (401, 403, 422 naming the field) and change nothing', async () => {
	const bl = await blogger('Dr Bea Boundaries');
	const neighbour = await blogger('Dr Ned Neighbour');
	const member = await person('Dr Max Member');
	const roleOnly = await person('Dr Rolf Role-Only');
	assert.equal((await srv.cli(['user', 'role', roleOnly.email, '+blogger'])).code, 0);
	const { token } = await srv.browser().apiSignIn(roleOnly.email, roleOnly.password);
	roleOnly.token = token;
	const existing = await write(bl, { title: 'Already here', status: 'published' });
	const before = await allOf(bl);
	const good = { title: 'A fine title', body: 'A fine body.', summary: 'Fine.' };
	// Who may not write.
	await assertVisitorRefused('POST', `/blogs/${bl.blog}/posts`, good);
	assertJsonError(await api(member, 'POST', `/blogs/${bl.blog}/posts`, good), 403, 'forbidden');
	assertJsonError(await api(neighbour, 'POST', `/blogs/${bl.blog}/posts`, good), 403, 'forbidden');
	assertJsonError(await api(roleOnly, 'POST', `/blogs/${bl.blog}/posts`, good), 403, 'forbidden');
	assertJsonError(await api(editor, 'POST', `/blogs/${bl.blog}/posts`, good), 403, 'forbidden');
	assertJsonError(await api(bl, 'POST', '/blogs/no-such-blog/posts', good), 404, 'not_found');
	assertJsonError(await api(neighbour, 'PATCH', `/blogs/${bl.blog}/posts/${existing.slug}`, { title: 'Mine now' }), 403, 'forbidden');
	// Through the page's form: the neighbour's session has a valid token, but not for this blog.
	const np = await neighbour.b.get(`/b/${neighbour.blog}/new`);
	const nr = await neighbour.b.request('POST', `/b/${bl.blog}/new`, { body: multipart({ _csrf: csrfToken(np.text), ...good, action: 'publish' }) });
	assertHtml(nr, 403);
	// Bad fields.
	const soon = iso(Date.now() + 3600_000);
	const bad = [
		[{ body: 'No title.' }, 'title', 'no title'],
		[{ title: '   ', body: 'Blank title.' }, 'title', 'a blank title'],
		[{ title: 'No body' }, 'body', 'no body'],
		[{ title: 'Blank body', body: ' \n ' }, 'body', 'a blank body'],
		[{ title: 't'.repeat(201), body: 'b' }, 'title', 'a title of 201 characters'],
		[{ title: 'Bell\u0007title', body: 'b' }, 'title', 'a control character'],
		[{ title: 'Line\nbreak', body: 'b' }, 'title', 'a title on two lines'],
		[{ title: 'Long summary', body: 'b', summary: 's'.repeat(501) }, 'summary', 'a summary of 501 characters'],
		[{ title: 'Bad status', body: 'b', status: 'live' }, 'status', 'a bad status'],
		[{ title: 'New unpublished', body: 'b', status: 'unpublished' }, 'status', 'a new post unpublished'],
		[{ title: 'No time', body: 'b', status: 'scheduled' }, 'publish_at', 'scheduled without a time'],
		[{ title: 'Tomorrow', body: 'b', status: 'scheduled', publish_at: 'tomorrow' }, 'publish_at', '"tomorrow"'],
		[{ title: 'Far future', body: 'b', status: 'scheduled', publish_at: '2099-01-01T09:00:00Z' }, 'publish_at', '2099'],
		[{ title: 'Too far', body: 'b', status: 'scheduled', publish_at: iso(Date.now() + 400 * 86400_000) }, 'publish_at', 'past a year ahead'],
		[{ title: 'Long ago', body: 'b', status: 'scheduled', publish_at: iso(Date.now() - 2 * 3600_000) }, 'publish_at', 'two hours ago'],
		[{ title: 'Feb 30', body: 'b', status: 'scheduled', publish_at: '2026-02-30T09:00Z' }, 'publish_at', 'the 30th of February'],
		[{ title: 'Bad zone', body: 'b', status: 'scheduled', publish_at: soon.replace('Z', '+25:00') }, 'publish_at', 'a zone of +25:00'],
		[{ title: 'Nine tags', body: 'b', tags: 'a,b,c,d,e,f,g,h,i' }, 'tags', 'nine tags'],
		[{ title: 'Symbol tag', body: 'b', tags: 'c++' }, 'tags', 'a tag with symbols'],
		[{ title: 'Markup tag', body: 'b', tags: 'ok, <b>x</b>' }, 'tags', 'a tag with markup'],
		[{ title: 'Long tag', body: 'b', tags: 'x'.repeat(33) }, 'tags', 'a tag of 33 characters'],
		[{ title: 'Empty tag', body: 'b', tags: 'ok, ---' }, 'tags', 'a tag of hyphens only'],
	];
	for (const [fields, name, what] of bad) {
		const r = await api(bl, 'POST', `/blogs/${bl.blog}/posts`, { summary: '', ...fields });
		assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
		assertJsonError(r, 422, 'invalid', name);
	}
	// Edits are checked the same way.
	for (const [fields, name] of [[{ title: '' }, 'title'], [{ body: '' }, 'body'], [{ status: 'gone' }, 'status'], [{ tags: 'a,b,c,d,e,f,g,h,i' }, 'tags'], [{ status: 'scheduled', publish_at: 'tomorrow' }, 'publish_at']])
		assertJsonError(await api(bl, 'PATCH', `/blogs/${bl.blog}/posts/${existing.slug}`, fields), 422, 'invalid', name);
	// Eight tags, a 200-character title: fine (then removed from the comparison).
	const edge = await write(bl, { title: 'é'.repeat(200), tags: 'a,b,c,d,e,f,g,h' });
	assert.equal(edge.tags.length, 8);
	// The form: 422 with the form again and the field marked.
	const fr = await submitPostForm(bl, `/b/${bl.blog}/new`, { title: '', summary: '', body: 'b', tags: 'c++', action: 'publish' });
	assertHtml(fr, 422);
	assertFieldError(fr.text, 'title');
	assertFieldError(fr.text, 'tags');
	// A cover that is not a picture: a text file named .png.
	const txt = Buffer.from('This is not a picture at all, only some text.\n'.repeat(20));
	const cr = await submitPostForm(bl, `/b/${bl.blog}/new`, { title: 'Fake cover', summary: '', body: 'b', tags: '', action: 'publish' }, [['cover', txt, 'cover.png', 'image/png']]);
	assertHtml(cr, 422);
	assertFieldError(cr.text, 'cover');
	// A 10 MB cover: 413.
	const big = Buffer.concat([png(), Buffer.alloc(10 * 1024 * 1024, 7)]);
	const page = await bl.b.get(`/b/${bl.blog}/new`);
	const tr = await bigUpload(bl, `/b/${bl.blog}/new`, { _csrf: csrfToken(page.text), title: 'Huge cover', body: 'b', action: 'publish' }, big);
	assert.equal(tr.status, 413, tr.body.slice(0, 300));
	assert.equal((await srv.browser().get('/healthz')).status, 200);
	// Nothing changed.
	const now = await allOf(bl);
	now.draft = now.draft.filter((s) => s !== edge.slug);
	assert.deepEqual(now, before, 'no refused post was saved');
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${existing.slug}`)).json().title, 'Already here');
	assert.deepEqual(await allOf(neighbour), { draft: [], scheduled: [], published: [], unpublished: [] });
	assert.equal((await api(roleOnly, 'GET', '/blogs')).json().blogs.filter((b) => b.owner.handle === roleOnly.handle).length, 0, 'the role alone makes no blog');
});

/**
 * Starts a POST of a multipart form with one large file (field cover) over
 * a raw connection: the headers (Content-Length the whole size) and the
 * fields; resolves to {status, body} when the answer comes.
 */
async function bigUpload(who, p, fields, bytes) {
	const boundary = 'xyzBLOGS' + Date.now();
	const head = Buffer.from(
		Object.entries(fields)
			.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
			.join('') + `--${boundary}\r\nContent-Disposition: form-data; name="cover"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const length = head.length + bytes.length + tail.length;
	const headers =
		`POST ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
		`Content-Length: ${length}\r\nCookie: ${who.b.cookieHeader()}\r\nX-Forwarded-For: ${who.b.xff}\r\nConnection: close\r\n\r\n`;
	// Only the start is sent: the answer must come from the Content-Length, before the file is read
	// (sending it all races the server's close: the client may see a reset instead of the answer).
	const r = await rawRequest(srv.port, Buffer.concat([Buffer.from(headers), head]), { timeout: 30000 });
	return { status: r.status, body: r.body };
}

test('the confidentiality guard: an NHS number in a post is refused (422 patient_identifiers) until confirmed', async () => {
	const bl = await blogger('Dr Gail Guard');
	const body = 'Saw a fascinating case today, NHS number 943 476 5919, with a rare rash.';
	const r = await api(bl, 'POST', `/blogs/${bl.blog}/posts`, { title: 'A case', body, status: 'published' });
	const j = assertJsonError(r, 422, 'patient_identifiers');
	assert.ok(Array.isArray(j.error.findings) && j.error.findings.length > 0, `findings: ${r.text}`);
	assert.deepEqual(await allOf(bl), { draft: [], scheduled: [], published: [], unpublished: [] }, 'nothing saved');
	// In a draft too: the blog is public once published.
	assertJsonError(await api(bl, 'POST', `/blogs/${bl.blog}/posts`, { title: 'A case', body }), 422, 'patient_identifiers');
	// The form shows the findings.
	const f = await submitPostForm(bl, `/b/${bl.blog}/new`, { title: 'A case', summary: '', body, tags: '', action: 'publish' });
	assertHtml(f, 422);
	assertFieldError(f.text, 'body');
	assert.match(f.text, /name="confirm_no_identifiers"/);
	assert.deepEqual((await allOf(bl)).published, []);
	// Confirmed: saved.
	const ok = await write(bl, { title: 'A case', body, status: 'published', confirm_no_identifiers: true });
	assert.equal(ok.status, 'published');
	assert.ok(ok.body.includes('943 476 5919'));
	// An edit adding one is checked too.
	const p = await write(bl, { title: 'Clean post', body: 'Nothing identifying here.', status: 'published' });
	assertJsonError(await api(bl, 'PATCH', `/blogs/${bl.blog}/posts/${p.slug}`, { body: `Now with ${'943 476 5919'}.` }), 422, 'patient_identifiers');
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}/posts/${p.slug}`)).json().body, 'Nothing identifying here.');
});

/* ---- escaping, cards, sharing ---- */

test('script in a title comes out escaped on the post page, /blogs, the blog, its tag, the home page and the feeds', async () => {
	const bl = await blogger('Dr Xavier Scripter');
	const evil = `<script>alert(1)</script> & "quotes" ${unique('x')}`;
	const p = await write(bl, { title: evil, summary: '<img src=x onerror=alert(2)>', body: 'Body <script>alert(3)</script> text.', status: 'published', tags: 'escaping' });
	assert.equal(p.title, evil);
	const f = await api(editor, 'POST', '/editor/featured', { post_id: p.id });
	assert.equal(f.status, 201, f.text);
	const escapedTitle = evil.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const pages = [path(p), '/blogs', `/b/${bl.blog}`, '/blogs/tags/escaping', '/'];
	for (const u of pages) {
		const r = await srv.browser().get(u);
		assertHtml(r, 200);
		assert.ok(!r.text.includes('<script>alert('), `raw script on ${u}`);
		assert.ok(!r.text.includes('<img src=x'), `raw img on ${u}`);
		assert.ok(r.text.includes(escapedTitle.split(' "')[0]), `the escaped title on ${u}`);
	}
	const post = await srv.browser().get(path(p));
	assert.ok(textOf(post.text).includes(evil), 'the title reads as written');
	for (const u of ['/feeds/blogs.atom', '/feeds/featured.atom', `/b/${bl.blog}/feed.atom`, '/blogs/tags/escaping/feed.atom']) {
		const r = await srv.browser().get(u);
		assert.equal(r.status, 200, `${u}: ${r.status}`);
		assert.match(r.headers.get('content-type') ?? '', /atom\+xml|xml/);
		assert.ok(!r.text.includes('<script>alert('), `raw script in ${u}`);
		assert.ok(!r.text.includes('<img src=x'), `raw img in ${u}`);
		assert.ok(r.text.includes('&lt;script&gt;alert(1)'), `the escaped title in ${u}`);
	}
});

test('script in a blog\'s title and about comes out escaped on /blogs, the blog, its posts and its feed', async () => {
	const evil = `<script>alert('blog')</script> ${unique('y')}`;
	const m = await person('Dr Yara Blogtitle');
	const a = await api(m, 'POST', '/blogger-applications', { blog_title: evil, about: '<img src=x onerror=alert(4)> about' });
	assert.equal(a.status, 201, a.text);
	const d = await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	const bl = { ...m, blog: d.json().blog_slug };
	assert.match(bl.blog, /^[a-z0-9-]+$/, `the blog's address is plain: ${bl.blog}`);
	const p = await write(bl, { title: 'A plain title', status: 'published' });
	for (const u of ['/blogs', `/b/${bl.blog}`, path(p), `/b/${bl.blog}/feed.atom`, '/feeds/blogs.atom']) {
		const r = await srv.browser().get(u);
		assert.equal(r.status, 200, u);
		assert.ok(!r.text.includes("<script>alert('blog')"), `raw script on ${u}`);
		assert.ok(!r.text.includes('<img src=x'), `raw img on ${u}`);
	}
	assert.ok(textOf((await srv.browser().get(`/b/${bl.blog}`)).text).includes(evil), 'the title reads as written');
});

test('the post page\'s card (Open Graph, Twitter) and share links that load nothing from the networks; the cover', async () => {
	const bl = await blogger('Dr Cora Cover');
	const title = `Rural GP life ${unique('o')}`;
	const cover = png();
	const r = await submitPostForm(bl, `/b/${bl.blog}/new`, { title, summary: 'What a week in a rural practice is like.', body: 'Long drives, **good** people.', tags: 'rural-medicine', action: 'publish' }, [['cover', cover, 'cover.png', 'image/png']]);
	assert.equal(r.status, 303, r.text.slice(0, 600));
	const href = r.location;
	const j = (await api(null, 'GET', `/blogs/${bl.blog}/posts/${href.split('/').pop()}`)).json();
	assert.equal(j.cover_url, `${srv.base}${href}/cover`);
	const page = await srv.browser().get(href);
	assertHtml(page, 200);
	const meta = Object.fromEntries(tags(page.text, 'meta').map((m) => [m.attrs.property ?? m.attrs.name, m.attrs.content]));
	assert.equal(meta['og:title'], title);
	assert.equal(meta['og:description'], 'What a week in a rural practice is like.');
	assert.equal(meta['og:url'], `${srv.base}${href}`);
	assert.equal(meta['og:image'], `${srv.base}${href}/cover`);
	assert.equal(meta['og:type'], 'article');
	assert.equal(meta['twitter:card'], 'summary_large_image');
	assert.equal(meta['twitter:title'], title);
	assert.equal(meta['twitter:image'], `${srv.base}${href}/cover`);
	// The cover itself: a picture, public while the post is.
	const img = await srv.browser().get(`${href}/cover`);
	assert.equal(img.status, 200);
	assert.equal(img.headers.get('content-type'), 'image/png');
	assert.match(img.headers.get('cache-control') ?? '', /public/);
	assert.ok(img.body.subarray(0, 8).equals(cover.subarray(0, 8)), 'a PNG');
	const etag = img.headers.get('etag');
	assert.equal((await srv.browser().get(`${href}/cover`, { headers: { 'if-none-match': etag } })).status, 304);
	assert.ok(page.text.includes(`src="${href}/cover"`));
	// Share links: plain links to the networks' share forms, no scripts from elsewhere.
	for (const s of tags(page.text, 'script')) assert.ok(!s.attrs.src || s.attrs.src.startsWith('/'), `a script from elsewhere: ${s.tag}`);
	for (const s of tags(page.text, 'iframe')) assert.fail(`an iframe: ${s.tag}`);
	const links = tags(page.text, 'a').map((a) => a.attrs.href ?? '');
	const enc = encodeURIComponent(`${srv.base}${href}`);
	for (const prefix of ['https://bsky.app/intent/compose?text=', 'https://www.linkedin.com/sharing/share-offsite/?url=', 'https://www.facebook.com/sharer/sharer.php?u=', 'https://x.com/intent/post?url=', 'mailto:?subject=']) {
		const l = links.find((h) => h.startsWith(prefix));
		assert.ok(l, `no share link ${prefix}`);
		assert.ok(l.includes(enc), `${prefix} carries the post's address: ${l}`);
	}
	for (const a of tags(page.text, 'a').filter((x) => /^https?:/.test(x.attrs.href ?? '') && !x.attrs.href.startsWith(srv.base)))
		assert.match(a.attrs.rel ?? '', /noopener/, `an outside link without rel=noopener: ${a.tag}`);
	// Without a cover: a summary card, no image.
	const plain = await write(bl, { title: 'No picture', summary: 'Just words.', status: 'published' });
	const pp = await srv.browser().get(path(plain));
	const m2 = Object.fromEntries(tags(pp.text, 'meta').map((m) => [m.attrs.property ?? m.attrs.name, m.attrs.content]));
	assert.equal(m2['og:title'], 'No picture');
	assert.equal(m2['og:url'], `${srv.base}${path(plain)}`);
	assert.equal(m2['og:image'], undefined);
	assert.equal(m2['twitter:card'], 'summary');
	assertHtml(await srv.browser().get(`${path(plain)}/cover`), 404);
	// A draft's cover is its blogger's alone, and privately cached.
	const d = await submitPostForm(bl, `/b/${bl.blog}/new`, { title: 'Draft with a cover', summary: '', body: 'b', tags: '', action: 'draft' }, [['cover', cover, 'c.png', 'image/png']]);
	assert.equal(d.status, 303, d.text.slice(0, 400));
	assertHtml(await srv.browser().get(`${d.location}/cover`), 404);
	const own = await bl.b.get(`${d.location}/cover`);
	assert.equal(own.status, 200);
	assert.match(own.headers.get('cache-control') ?? '', /private/);
	// Removing the cover.
	const rm = await submitPostForm(bl, `${href}/edit`, { title, summary: 'What a week in a rural practice is like.', body: 'Long drives.', tags: 'rural-medicine', remove_cover: '1', action: 'publish' });
	assert.equal(rm.status, 303, rm.text.slice(0, 400));
	assertHtml(await srv.browser().get(`${href}/cover`), 404);
});

/* ---- lists ---- */

test('tag pages list only published posts with the tag; an unknown tag is 404', async () => {
	const bl = await blogger('Dr Tess Tagger');
	const tag = `tag-${unique('g')}`;
	const a = await write(bl, { title: `Tagged and published ${unique('a')}`, tags: `${tag}, other`, status: 'published' });
	const b = await write(bl, { title: `Tagged draft ${unique('b')}`, tags: tag });
	const c = await write(bl, { title: `Untagged ${unique('c')}`, tags: 'other', status: 'published' });
	const d = await write(bl, { title: `Tagged then unpublished ${unique('d')}`, tags: tag, status: 'published' });
	await patch(bl, d, { status: 'unpublished' });
	const page = await srv.browser().get(`/blogs/tags/${tag}`);
	assertHtml(page, 200);
	assert.deepEqual(postLinks(page.text), [path(a)]);
	for (const p of [b, c, d]) assert.ok(!page.text.includes(p.title), `${p.title} on the tag page`);
	assert.ok(page.text.includes(`href="/blogs/tags/${tag}/feed.atom"`));
	// The tag's link is on the post and the lists.
	assert.ok((await srv.browser().get(path(a))).text.includes(`href="/blogs/tags/${tag}"`));
	assertHtml(await srv.browser().get(`/blogs/tags/${tag.toUpperCase()}`), 200);
	assertHtml(await srv.browser().get('/blogs/tags/no-such-tag-anywhere'), 404);
	assertHtml(await srv.browser().get('/blogs/tags/c++'), 404);
	assertHtml(await srv.browser().get(`/blogs/tags/${'x'.repeat(40)}`), 404);
	// A blogger's view of their tag page is the same: no drafts.
	assert.deepEqual(postLinks((await bl.b.get(`/blogs/tags/${tag}`)).text), [path(a)]);
});

test('a blog of more than ten posts has a second page', async () => {
	const bl = await blogger('Dr Paige Pager');
	const made = [];
	for (let i = 1; i <= 12; i++) made.push(await write(bl, { title: `Numbered post ${i}`, status: 'published' }));
	const p1 = await srv.browser().get(`/b/${bl.blog}`);
	assertHtml(p1, 200);
	const l1 = postLinks(p1.text).filter((h) => h.startsWith(`/b/${bl.blog}/`));
	assert.equal(l1.length, 10);
	assert.ok(p1.text.includes(`href="/b/${bl.blog}?page=2"`), 'a link to page 2');
	assert.match(textOf(p1.text), /Page 1 of 2/);
	const p2 = await srv.browser().get(`/b/${bl.blog}?page=2`);
	assertHtml(p2, 200);
	const l2 = postLinks(p2.text).filter((h) => h.startsWith(`/b/${bl.blog}/`));
	assert.equal(l2.length, 2);
	assert.deepEqual([...l1, ...l2].sort(), made.map(path).sort(), 'every post once over the two pages');
	assert.ok(l1.includes(path(made[11])), 'the newest first');
	assert.match(textOf(p2.text), /Page 2 of 2/);
	const j = (await api(null, 'GET', `/blogs/${bl.blog}?page=2`)).json();
	assert.equal(j.total, 12);
	assert.equal(j.posts.length, 2);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}`)).json().posts.length, 10);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}`)).json().blog.post_count, 12);
});

test('a blog\'s forum is in no forum list (/forums, /latest, the API) and /f/BLOG is 404', async () => {
	const bl = await blogger('Dr Fern Forumless');
	const title = `Comments live here ${unique('l')}`;
	const p = await write(bl, { title, status: 'published' });
	const member = await person('Dr Lee Latest');
	assert.equal((await member.b.submit(`${path(p)}/comments`, { body: 'A comment, not a forum post.' }, { from: path(p) })).status, 303);
	const forums = await member.b.get('/forums');
	assertHtml(forums, 200);
	assert.ok(!forums.text.includes(`/f/${bl.blog}"`) && !forums.text.includes(`/b/${bl.blog}"`), 'the blog\'s forum on /forums');
	const latest = await member.b.get('/latest');
	assertHtml(latest, 200);
	assert.ok(!latest.text.includes(title), 'the post\'s comments topic on /latest');
	const af = await api(member, 'GET', '/forums');
	assert.equal(af.status, 200, af.text);
	assert.ok(!af.text.includes(`"${bl.blog}"`), 'the blog\'s forum in the API\'s forum list');
	const al = await api(member, 'GET', '/latest');
	assert.equal(al.status, 200, al.text);
	assert.ok(!al.text.includes(title), 'the post\'s topic in the API\'s latest');
	for (const who of [member.b, editor.b, bl.b]) {
		assertHtml(await who.get(`/f/${bl.blog}`), 404);
		assertHtml(await who.get(`/f/${bl.blog}/new`), 404);
	}
	assertJsonError(await api(member, 'GET', `/forums/${bl.blog}/topics`), 404, 'not_found');
	assertJsonError(await api(bl, 'POST', `/forums/${bl.blog}/topics`, { title: 'Sneaking in', body: 'A topic that is not a post.' }), 404, 'not_found');
	// The editors' and the profile's lists neither.
	const prof = await member.b.get(`/u/${member.handle}`);
	assert.ok(!prof.text.includes(title), 'the comments topic on the commenter\'s profile');
});

test('its blogger changes the blog\'s title and description, by the API and the form; nobody else can', async () => {
	const bl = await blogger('Dr Tess Title');
	const other = await blogger('Dr Otto Other');
	const before = (await api(null, 'GET', `/blogs/${bl.blog}`)).json().blog;
	// Someone else's blog, a visitor, a blank title, an over-long description: refused, nothing changes.
	assertJsonError(await api(other, 'PATCH', `/blogs/${bl.blog}`, { title: 'Taken over' }), 403, 'forbidden');
	await assertVisitorRefused('PATCH', `/blogs/${bl.blog}`, { title: 'Taken over' });
	assertJsonError(await api(bl, 'PATCH', `/blogs/${bl.blog}`, { title: '   ' }), 422, 'invalid', 'title');
	assertJsonError(await api(bl, 'PATCH', `/blogs/${bl.blog}`, { about: 'x'.repeat(1001) }), 422, 'invalid', 'about');
	assertJsonError(await api(bl, 'PATCH', `/blogs/no-such-blog-${unique('n')}`, { title: 'X' }), 404);
	assert.deepEqual((await api(null, 'GET', `/blogs/${bl.blog}`)).json().blog, before, 'nothing changed');
	// The API: the title alone changes; the about stays; the slug never changes.
	const r = await api(bl, 'PATCH', `/blogs/${bl.blog}`, { title: 'Tess on <b>Titles</b>' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json().title, 'Tess on <b>Titles</b>');
	assert.equal(r.json().about, before.about);
	assert.equal(r.json().slug, bl.blog);
	const page = await bl.b.get(`/b/${bl.blog}`);
	assert.ok(page.text.includes('Tess on &lt;b&gt;Titles&lt;/b&gt;') && !page.text.includes('<b>Titles</b>'), 'escaped');
	// The form on the blog's page, with its CSRF token.
	const token = csrfToken(page.text);
	const f = await bl.b.request('POST', `/b/${bl.blog}/details`, { form: { _csrf: token, title: 'Tess on Titles', about: 'Naming things on the wards.' } });
	assert.equal(f.status, 303, f.text);
	const after = (await api(null, 'GET', `/blogs/${bl.blog}`)).json().blog;
	assert.equal(after.title, 'Tess on Titles');
	assert.equal(after.about, 'Naming things on the wards.');
	// Without the token, or as another member: refused.
	assert.equal((await bl.b.request('POST', `/b/${bl.blog}/details`, { form: { title: 'No token' } })).status, 403);
	const otherPage = await other.b.get(`/b/${bl.blog}`);
	assert.ok(!otherPage.text.includes(`action="/b/${bl.blog}/details"`), 'no form for another member');
	const o = await other.b.request('POST', `/b/${bl.blog}/details`, { form: { _csrf: csrfToken(otherPage.text), title: 'Mine now' } });
	assert.equal(o.status, 403);
	assert.equal((await api(null, 'GET', `/blogs/${bl.blog}`)).json().blog.title, 'Tess on Titles');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
