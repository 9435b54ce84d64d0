// feeds.test.mjs: the blogs' Atom feeds (DESIGN.md, "Blogs"): every blog's
// (/feeds/blogs.atom), the featured (/feeds/featured.atom), one blog's
// (/b/BLOG/feed.atom) and one tag's (/blogs/tags/TAG/feed.atom).  Each is
// well-formed XML (xmllint) and holds what Atom 1.0 requires (checked
// here: no RELAX NG schema of Atom ships offline); published posts only
// -- drafts, scheduled and unpublished posts never appear, not even by
// title; absolute links that answer; ids that stay the same; ETag,
// Last-Modified and 304s; a feed per blog and per tag holds only theirs;
// the featured feed only featured posts, newest featured first; markup in
// a title comes out escaped; a cover is an enclosure.  Data is made
// through the API: a blogger applies, an editor approves and features.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { startServer, run, elements, tags, decodeEntities, csrfToken, sleep } from './lib.mjs';

let srv, editor, alice, bob;
before(async () => {
	srv = await startServer();
	editor = await person('Edie Feeds-Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/** A member who applied for a blog that the editor approved: with .blog (its slug). */
async function blogger(name, blogTitle) {
	const p = await person(name);
	const a = await api(p, 'POST', '/blogger-applications', { blog_title: blogTitle, about: `${name} writes about medicine.` });
	assert.equal(a.status, 201, a.text);
	const d = await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	assert.ok(d.json().blog_slug, d.text);
	return { ...p, blog: d.json().blog_slug };
}

/** Writes a post on WHO's blog through the API; asserts 201; the post. */
async function write(who, fields) {
	const r = await api(who, 'POST', `/blogs/${who.blog}/posts`, { summary: 'A summary.', body: 'Some text.', status: 'published', ...fields });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** "2026-12-01T15:04Z" an hour (or `sec` seconds) from now. */
const later = (sec = 3600) => new Date(Date.now() + sec * 1000).toISOString().slice(0, 16) + 'Z';

/** A 1x1 grey PNG, its checksums right. */
function tinyPng() {
	const chunk = (type, data) => {
		const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(zlib.crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1x1, 8-bit grey
	return Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x80]))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Runs xmllint --noout on TEXT; asserts it is well-formed XML. */
async function assertWellFormed(text, what) {
	const r = await run('xmllint', ['--noout', '-'], { stdin: text });
	assert.equal(r.code, 0, `${what} is not well-formed XML: ${r.stderr}\n${text.slice(0, 1500)}`);
}

/** The text of the first element NAME in XML, entities decoded; undefined when absent. */
function textIn(xml, name) {
	const e = elements(xml, name)[0];
	return e === undefined ? undefined : decodeEntities(e.inner);
}

/** An entry's parts. */
function parseEntry(xml) {
	const links = tags(xml, 'link').map((t) => t.attrs);
	return {
		id: textIn(xml, 'id'),
		title: textIn(xml, 'title'),
		published: textIn(xml, 'published'),
		updated: textIn(xml, 'updated'),
		author: textIn(elements(xml, 'author')[0]?.inner ?? '', 'name'),
		summary: textIn(xml, 'summary'),
		content: textIn(xml, 'content'),
		contentType: elements(xml, 'content')[0]?.attrs.type,
		categories: tags(xml, 'category').map((t) => t.attrs.term),
		alternate: links.find((l) => l.rel === 'alternate')?.href,
		enclosure: links.find((l) => l.rel === 'enclosure'),
	};
}

/**
 * GETs feed PATH (with HEADERS); asserts 200, the Atom type, well-formed
 * XML and what Atom requires; the feed's parts with its entries.
 */
async function feed(path, headers = {}) {
	const r = await srv.browser().get(path, { headers, cookies: false });
	assert.equal(r.status, 200, `${path}: ${r.status} ${r.text.slice(0, 300)}`);
	assert.equal(r.headers.get('content-type'), 'application/atom+xml; charset=utf-8', path);
	assert.match(r.headers.get('cache-control') ?? '', /^public, max-age=300$/, `${path}: Cache-Control`);
	assert.match(r.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/, `${path}: ETag`);
	assert.ok(!Number.isNaN(Date.parse(r.headers.get('last-modified') ?? '')), `${path}: Last-Modified`);
	const text = r.text;
	assert.ok(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'), `${path}: ${text.slice(0, 200)}`);
	await assertWellFormed(text, path);
	const cut = text.indexOf('<entry>');
	const head = cut < 0 ? text : text.slice(0, cut);
	const links = tags(head, 'link').map((t) => t.attrs);
	const f = {
		text,
		res: r,
		id: textIn(head, 'id'),
		title: textIn(head, 'title'),
		updated: textIn(head, 'updated'),
		author: textIn(elements(head, 'author')[0]?.inner ?? '', 'name'),
		self: links.find((l) => l.rel === 'self'),
		alternate: links.find((l) => l.rel === 'alternate'),
		entries: elements(text, 'entry').map((e) => parseEntry(e.inner)),
	};
	// The feed's own elements (RFC 4287 4.1.1).
	assert.match(f.id ?? '', /^tag:127\.0\.0\.1,2026:[a-z-]+(:[a-z0-9%-]+)?$/, `${path}: feed id`);
	assert.ok(f.title, `${path}: feed title`);
	assert.match(f.updated ?? '', RFC3339, `${path}: feed updated`);
	assert.equal(f.self?.href, srv.base + path.replace(/\/tags\/[^/]+\//, (m) => m.toLowerCase()), `${path}: link rel=self`);
	assert.equal(f.self?.type, 'application/atom+xml');
	assert.ok(f.alternate?.href?.startsWith(srv.base + '/'), `${path}: link rel=alternate is absolute`);
	assert.equal(elements(head, 'id').length, 1, `${path}: one feed id`);
	for (const e of f.entries) {
		assert.match(e.id ?? '', /^tag:127\.0\.0\.1,2026:blog-post:\d+$/, `${path}: entry id`);
		assert.ok(e.title, `${path}: entry title`);
		assert.match(e.updated ?? '', RFC3339, `${path}: entry updated`);
		assert.match(e.published ?? '', RFC3339, `${path}: entry published`);
		assert.ok(e.updated >= e.published, `${path}: updated before published`);
		assert.ok(e.author || f.author, `${path}: an entry with no author`);
		assert.ok(e.author, `${path}: each entry names its author`);
		assert.ok(e.alternate?.startsWith(srv.base + '/b/'), `${path}: entry link ${e.alternate}`);
		assert.equal(e.contentType, 'html');
		assert.ok(f.updated >= e.updated, `${path}: the feed's updated is the newest entry's`);
	}
	return f;
}

const FEEDS = () => ['/feeds/blogs.atom', '/feeds/featured.atom', `/b/${alice.blog}/feed.atom`, `/b/${bob.blog}/feed.atom`];

test('with no posts, every feed is valid Atom with no entries; every page names the blogs feed', async () => {
	alice = await blogger('Alice Feedwriter', 'Alice on the Wards');
	bob = await blogger('Bob Feedwriter', 'Notes from Theatre');
	for (const path of FEEDS()) {
		const f = await feed(path);
		assert.equal(f.entries.length, 0, path);
		assert.equal(f.updated, '1970-01-01T00:00:00Z', path);
	}
	const blogs = await feed('/feeds/blogs.atom');
	assert.equal(blogs.id, 'tag:127.0.0.1,2026:blogs');
	assert.equal(blogs.alternate.href, `${srv.base}/blogs`);
	const mine = await feed(`/b/${alice.blog}/feed.atom`);
	assert.equal(mine.title, 'Alice on the Wards');
	assert.equal(mine.author, 'Alice Feedwriter');
	assert.equal(mine.alternate.href, `${srv.base}/b/${alice.blog}`);
	assert.match(mine.id, /^tag:127\.0\.0\.1,2026:blog:\d+$/);
	// The layout points browsers and readers at the feed.
	const home = await srv.browser().get('/');
	const alt = tags(home.text, 'link').find((l) => l.attrs.rel === 'alternate' && l.attrs.type === 'application/atom+xml');
	assert.equal(alt?.attrs.href, '/feeds/blogs.atom', 'the layout names the blogs feed');
});

test('a published post is in the feeds with absolute links that answer; drafts, scheduled and unpublished posts never are', async () => {
	const pub = await write(alice, { title: 'Sepsis Six Revisited', body: 'The **six** steps, again.', summary: 'On the sepsis bundle.', tags: 'Sepsis, emergency medicine' });
	const draft = await write(alice, { title: 'Secretdraft Zebra', status: 'draft', tags: 'sepsis' });
	const sched = await write(alice, { title: 'Secretscheduled Yak', status: 'scheduled', publish_at: later(), tags: 'sepsis' });
	const gone = await write(alice, { title: 'Secretunpublished Xerus', tags: 'sepsis' });
	const u = await api(alice, 'PATCH', `/blogs/${alice.blog}/posts/${gone.slug}`, { status: 'unpublished' });
	assert.equal(u.status, 200, u.text);
	assert.equal(u.json().status, 'unpublished');
	assert.equal(draft.status, 'draft');
	assert.equal(sched.status, 'scheduled');

	const paths = [...FEEDS(), '/blogs/tags/sepsis/feed.atom', '/blogs/tags/emergency-medicine/feed.atom'];
	for (const path of paths) {
		const f = await feed(path);
		for (const secret of ['Secretdraft', 'Zebra', 'Secretscheduled', 'Yak', 'Secretunpublished', 'Xerus', draft.slug, sched.slug, gone.slug])
			assert.ok(!f.text.includes(secret), `${path} shows ${secret}`);
		for (const p of [draft, sched, gone]) assert.ok(!f.entries.some((e) => e.id.endsWith(`:${p.id}`)), `${path} holds post ${p.id}`);
	}
	const f = await feed('/feeds/blogs.atom');
	assert.equal(f.entries.length, 1);
	const e = f.entries[0];
	assert.equal(e.id, `tag:127.0.0.1,2026:blog-post:${pub.id}`);
	assert.equal(e.title, 'Sepsis Six Revisited');
	assert.equal(e.summary, 'On the sepsis bundle.');
	assert.equal(e.author, 'Alice Feedwriter');
	assert.deepEqual(e.categories, ['emergency-medicine', 'sepsis']);
	assert.match(e.content, /<strong>six<\/strong>/, 'content is the post\'s HTML, escaped once');
	assert.equal(e.alternate, `${srv.base}/b/${alice.blog}/${pub.slug}`);
	assert.equal(e.alternate, pub.url);
	assert.equal(f.updated, e.updated);
	// The links answer, for anyone.
	for (const href of [e.alternate, f.alternate.href, f.self.href]) {
		const r = await srv.browser().get(href.slice(srv.base.length), { cookies: false });
		assert.equal(r.status, 200, `${href}: ${r.status}`);
	}
	// Bob's blog has none; Alice's has the one.
	assert.equal((await feed(`/b/${bob.blog}/feed.atom`)).entries.length, 0);
	assert.deepEqual((await feed(`/b/${alice.blog}/feed.atom`)).entries.map((x) => x.id), [e.id]);
});

test('ids stay the same across fetches and edits; an edit moves the entry\'s updated time', async () => {
	const a = await feed('/feeds/blogs.atom');
	const b = await feed('/feeds/blogs.atom');
	assert.equal(a.id, b.id);
	assert.deepEqual(a.entries.map((e) => e.id), b.entries.map((e) => e.id));
	assert.equal(a.text, b.text, 'the same feed twice');
	assert.equal(a.res.headers.get('etag'), b.res.headers.get('etag'));
	const slug = a.entries[0].alternate.split('/').pop();
	await sleep(1100);
	const r = await api(alice, 'PATCH', `/blogs/${alice.blog}/posts/${slug}`, { title: 'Sepsis Six, Revised' });
	assert.equal(r.status, 200, r.text);
	const c = await feed('/feeds/blogs.atom');
	assert.equal(c.entries[0].id, a.entries[0].id, 'an edit keeps the id');
	assert.equal(c.entries[0].title, 'Sepsis Six, Revised');
	assert.equal(c.entries[0].published, a.entries[0].published);
	assert.ok(c.entries[0].updated > a.entries[0].updated, 'updated moved');
	assert.notEqual(c.res.headers.get('etag'), a.res.headers.get('etag'));
});

test('ETag and Last-Modified: 304 with no body when unchanged; a new post changes both', async () => {
	const path = '/feeds/blogs.atom';
	const f = await feed(path);
	const etag = f.res.headers.get('etag');
	const lm = f.res.headers.get('last-modified');
	assert.equal(new Date(lm).toISOString().replace('.000Z', 'Z'), f.updated, 'Last-Modified is the feed\'s updated');
	const get = (headers) => srv.browser().get(path, { headers, cookies: false });
	for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
		const r = await get({ 'if-none-match': inm });
		assert.equal(r.status, 304, `If-None-Match: ${inm}`);
		assert.equal(r.body.length, 0);
		assert.equal(r.headers.get('etag'), etag);
		assert.match(r.headers.get('cache-control'), /public, max-age=300/);
	}
	assert.equal((await get({ 'if-none-match': '"0123"' })).status, 200);
	assert.equal((await get({ 'if-modified-since': lm })).status, 304);
	assert.equal((await get({ 'if-modified-since': new Date(Date.parse(lm) + 3600e3).toUTCString() })).status, 304);
	assert.equal((await get({ 'if-modified-since': new Date(Date.parse(lm) - 1000).toUTCString() })).status, 200);
	assert.equal((await get({ 'if-modified-since': 'yesterday' })).status, 200, 'a date that is not one is ignored');
	// If-None-Match decides when both are sent.
	assert.equal((await get({ 'if-none-match': '"0123"', 'if-modified-since': lm })).status, 200);
	// Each feed has its own tag.
	assert.notEqual((await feed(`/b/${bob.blog}/feed.atom`)).res.headers.get('etag'), etag);
	await sleep(1100);
	await write(bob, { title: 'Theatre Lists And Why They Run Late', tags: 'surgery' });
	const g = await feed(path);
	assert.notEqual(g.res.headers.get('etag'), etag);
	assert.ok(Date.parse(g.res.headers.get('last-modified')) > Date.parse(lm));
	assert.equal((await get({ 'if-none-match': etag })).status, 200);
	assert.equal((await get({ 'if-modified-since': lm })).status, 200);
	assert.equal(g.entries[0].title, 'Theatre Lists And Why They Run Late', 'newest first');
});

test('a blog\'s feed and a tag\'s feed hold only theirs; an unknown blog or a bad tag is a 404', async () => {
	await write(alice, { title: 'Oncology Notes', tags: 'oncology' });
	await write(bob, { title: 'Oncology From Theatre', tags: 'oncology, surgery' });
	const a = await feed(`/b/${alice.blog}/feed.atom`);
	const b = await feed(`/b/${bob.blog}/feed.atom`);
	assert.ok(a.entries.length >= 2 && b.entries.length >= 2);
	for (const e of a.entries) assert.ok(e.alternate.startsWith(`${srv.base}/b/${alice.blog}/`), e.alternate);
	for (const e of b.entries) assert.ok(e.alternate.startsWith(`${srv.base}/b/${bob.blog}/`), e.alternate);
	assert.notEqual(a.id, b.id);
	const all = await feed('/feeds/blogs.atom');
	assert.equal(all.entries.length, a.entries.length + b.entries.length);

	const onc = await feed('/blogs/tags/oncology/feed.atom');
	assert.deepEqual(onc.entries.map((e) => e.title).sort(), ['Oncology From Theatre', 'Oncology Notes']);
	for (const e of onc.entries) assert.ok(e.categories.includes('oncology'));
	assert.equal(onc.id, 'tag:127.0.0.1,2026:blog-tag:oncology');
	assert.equal(onc.alternate.href, `${srv.base}/blogs/tags/oncology`);
	const surg = await feed('/blogs/tags/surgery/feed.atom');
	assert.deepEqual(surg.entries.map((e) => e.title).sort(), ['Oncology From Theatre', 'Theatre Lists And Why They Run Late']);
	// A tag is one normalised form: the same feed.
	const upper = await feed('/blogs/tags/Oncology/feed.atom');
	assert.equal(upper.id, onc.id);
	assert.deepEqual(upper.entries.map((e) => e.id), onc.entries.map((e) => e.id));
	// A tag nobody used: an empty feed.
	assert.equal((await feed('/blogs/tags/dermatology/feed.atom')).entries.length, 0);

	for (const path of ['/b/no-such-blog/feed.atom', '/blogs/tags/bad!tag/feed.atom', '/blogs/tags/one,two/feed.atom',
		`/blogs/tags/${'x'.repeat(40)}/feed.atom`, '/blogs/tags/%3Cscript%3E/feed.atom']) {
		const r = await srv.browser().get(path, { cookies: false });
		assert.equal(r.status, 404, `${path}: ${r.status}`);
	}
});

test('the featured feed holds featured posts only, newest featured first', async () => {
	assert.equal((await feed('/feeds/featured.atom')).entries.length, 0);
	const one = await write(alice, { title: 'Featured First', tags: 'teaching' });
	const two = await write(bob, { title: 'Featured Second', tags: 'teaching' });
	const plain = await write(bob, { title: 'Never Featured' });
	let r = await api(editor, 'POST', '/editor/featured', { post_id: one.id });
	assert.equal(r.status, 201, r.text);
	await sleep(1100);
	r = await api(editor, 'POST', '/editor/featured', { post_id: two.id });
	assert.equal(r.status, 201, r.text);
	const f = await feed('/feeds/featured.atom');
	assert.deepEqual(f.entries.map((e) => e.title), ['Featured Second', 'Featured First']);
	assert.equal(f.id, 'tag:127.0.0.1,2026:featured');
	assert.ok(!f.text.includes('Never Featured'));
	assert.equal(f.entries[0].id, `tag:127.0.0.1,2026:blog-post:${two.id}`);
	// The same posts keep their ids in every feed.
	const all = await feed('/feeds/blogs.atom');
	assert.ok(all.entries.some((e) => e.id === f.entries[0].id));
	assert.ok(all.entries.some((e) => e.id === `tag:127.0.0.1,2026:blog-post:${plain.id}`));
	// Unfeatured: gone from the featured feed, and its ETag changes.
	r = await api(editor, 'DELETE', `/editor/featured/${one.id}`);
	assert.equal(r.status, 204, r.text);
	const g = await feed('/feeds/featured.atom');
	assert.deepEqual(g.entries.map((e) => e.title), ['Featured Second']);
	assert.notEqual(g.res.headers.get('etag'), f.res.headers.get('etag'));
	assert.equal((await srv.browser().get('/feeds/featured.atom', { headers: { 'if-none-match': f.res.headers.get('etag') } })).status, 200);
	// A featured post taken down leaves the featured feed too.
	r = await api(bob, 'PATCH', `/blogs/${bob.blog}/posts/${two.slug}`, { status: 'unpublished' });
	assert.equal(r.status, 200, r.text);
	const h = await feed('/feeds/featured.atom');
	assert.ok(!h.text.includes('Featured Second'));
});

test('markup in a title, summary and body comes out escaped, and the feed still parses', async () => {
	const title = '<script>alert("t")</script> & <b>bold</b> \'quoted\'';
	const p = await write(alice, { title, summary: 'A <img src=x onerror=alert(1)> summary & more', body: 'Body <script>alert("b")</script> and <i>tags</i> ]]> too.', tags: 'xss' });
	const f = await feed('/blogs/tags/xss/feed.atom');
	assert.equal(f.entries.length, 1);
	const e = f.entries[0];
	assert.equal(e.title, title, 'the title, escaped once, decodes to what was typed');
	assert.equal(e.summary, 'A <img src=x onerror=alert(1)> summary & more');
	assert.ok(!/<script|<img|<b>|<i>/i.test(f.text), 'no markup from the post stands unescaped in the XML');
	// The content is the post's HTML: what a reader renders has no script.
	assert.ok(!/<script/i.test(e.content), `content: ${e.content}`);
	assert.match(e.content, /^<p>Body /);
	assert.equal(e.id, `tag:127.0.0.1,2026:blog-post:${p.id}`);
	await assertWellFormed((await srv.browser().get('/feeds/blogs.atom')).text, 'the blogs feed');
});

test('a post with a cover carries it as an enclosure that answers with its type', async () => {
	const png = tinyPng();
	const page = await alice.b.get(`/b/${alice.blog}/new`);
	assert.equal(page.status, 200, page.text.slice(0, 300));
	const fd = new FormData();
	fd.append('_csrf', csrfToken(page.text));
	fd.append('title', 'A Post With A Cover');
	fd.append('summary', 'Pictured.');
	fd.append('body', 'A picture of the ward.');
	fd.append('tags', 'covers');
	fd.append('action', 'publish');
	fd.append('status', 'published');
	fd.append('cover', new Blob([png], { type: 'image/png' }), 'ward.png');
	const r = await alice.b.request('POST', `/b/${alice.blog}/new`, { body: fd });
	assert.equal(r.status, 303, `${r.status}: ${r.text.slice(0, 600)}`);
	const f = await feed('/blogs/tags/covers/feed.atom');
	assert.equal(f.entries.length, 1);
	const enc = f.entries[0].enclosure;
	assert.ok(enc, 'an enclosure link');
	assert.ok(enc.href.startsWith(`${srv.base}/b/${alice.blog}/`), enc.href);
	assert.equal(enc.type, 'image/png');
	const img = await srv.browser().get(enc.href.slice(srv.base.length), { cookies: false });
	assert.equal(img.status, 200);
	assert.equal(img.headers.get('content-type'), 'image/png');
	// Posts without one have none.
	for (const e of (await feed('/feeds/blogs.atom')).entries) if (e.title !== 'A Post With A Cover') assert.equal(e.enclosure, undefined);
});

test('a scheduled post enters the feeds when the scheduler publishes it, and the ETag changes', async () => {
	const before = await feed(`/b/${bob.blog}/feed.atom`);
	const at = new Date(Date.now() + 2000).toISOString().slice(0, 19) + 'Z';
	const p = await write(bob, { title: 'Timed Release Quokka', status: 'scheduled', publish_at: at, tags: 'timing' });
	assert.ok(!(await feed(`/b/${bob.blog}/feed.atom`)).text.includes('Quokka'));
	const deadline = Date.now() + 20000;
	let f;
	for (;;) {
		f = await feed(`/b/${bob.blog}/feed.atom`);
		if (f.text.includes('Quokka') || Date.now() > deadline) break;
		await sleep(500);
	}
	assert.equal(f.entries[0]?.title, 'Timed Release Quokka', 'published by the scheduler, newest first');
	assert.equal(f.entries[0].id, `tag:127.0.0.1,2026:blog-post:${p.id}`);
	assert.ok(f.entries[0].published >= at, `published ${f.entries[0].published}, due ${at}`);
	assert.notEqual(f.res.headers.get('etag'), before.res.headers.get('etag'));
	assert.equal((await feed('/blogs/tags/timing/feed.atom')).entries.length, 1);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
