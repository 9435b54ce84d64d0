// search.test.mjs: the search (issue 9) against the running server, on
// SQLite or PostgreSQL (lib.mjs picks by ROUNDS_TEST_PG): every kind
// found with its address; the visibility matrix (visitor, student,
// unverified doctor, verified doctor, editor, group member or not,
// conversation member or not) against a closed clinical topic, a group's
// topic, a message, members' and doctors' library items and a blog draft
// (never listed, and totals and counts by kind the same with or without
// them); blog comments (linked on their post, gone with a hidden post,
// hidden or deleted comments, the kind filter); phrases and prefixes; each
// filter; paging; snippets escaped with <mark>; hostile input never a
// 5xx; the index kept in step with edits and deletes; the page, its form
// errors and the header's box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique, assertHtml, assertJsonError, assertFieldError, exactRequest, textOf, tags } from './lib.mjs';

let srv, editor;
const P = {}; // the people, made in before()
before(async () => {
	srv = await startServer();
	editor = await person('Edwina Search-Editor', { verified: true });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
	P.visitor = { kind: 'visitor', token: null, b: srv.browser() };
	P.student = await person('Stella Student', { type: 'student' });
	P.unverified = await person('Dr Umar Unverified');
	P.doctor = await person('Dr Vida Verified', { verified: true });
	P.editor = editor;
	P.owner = await person('Dr Olga Owner', { verified: true });
	P.grouped = await person('Gina Grouped', { type: 'student' });
	P.writer = await person('Wes Writer', { type: 'student' });
	P.reader = await person('Rita Reader', { type: 'student' });
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/** GET /api/v1/search as WHO with PARAMS (an object, or a query string); asserts 200; the JSON. */
async function search(who, params) {
	const qs = typeof params === 'string' ? params : new URLSearchParams(params).toString();
	const r = await api(who, 'GET', `/search?${qs}`);
	assert.equal(r.status, 200, `search ${qs} as ${who?.handle ?? 'visitor'}: ${r.text.slice(0, 400)}`);
	return r.json();
}

/** A word of letters only, for one test's content. */
const word = (p) => unique(p).toLowerCase();

async function topic(who, forum, title, body) {
	const r = await api(who, 'POST', `/forums/${forum}/topics`, { title, body, confirm_no_identifiers: true });
	assert.equal(r.status, 201, r.text);
	return r.json();
}
async function reply(who, topicId, body) {
	const r = await api(who, 'POST', `/topics/${topicId}/posts`, { body, confirm_no_identifiers: true });
	assert.equal(r.status, 201, r.text);
	return r.json();
}
async function group(owner, name) {
	const r = await api(owner, 'POST', '/groups', { name, purpose: `A private place for ${name}.` });
	assert.equal(r.status, 201, r.text);
	const d = await api(editor, 'POST', `/editor/groups/${r.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	return r.json();
}
async function join(owner, slug, member) {
	const iv = await api(owner, 'POST', `/groups/${slug}/invitations`, { handle: member.handle });
	assert.equal(iv.status, 201, iv.text);
	const r = await api(member, 'POST', `/invitations/${iv.json().id}`, { decision: 'accept' });
	assert.equal(r.status, 200, r.text);
}
async function groupTopic(who, slug, title, body) {
	const r = await api(who, 'POST', `/groups/${slug}/topics`, { title, body, confirm_no_identifiers: true });
	assert.equal(r.status, 201, r.text);
	return r.json();
}
async function conversation(from, to, body, subject = '') {
	const r = await api(from, 'POST', '/conversations', { to: `@${to.handle}`, subject, body });
	assert.equal(r.status, 201, r.text);
	return r.json();
}
let bloggerOf = null;
async function blogger() {
	if (bloggerOf) return bloggerOf;
	const m = await person('Bea Blogger', { verified: true });
	const a = await api(m, 'POST', '/blogger-applications', { blog_title: `Bea's notes ${unique('b')}`, about: 'Notes from the wards.' });
	assert.equal(a.status, 201, a.text);
	const d = await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	bloggerOf = { ...m, blog: d.json().blog_slug };
	return bloggerOf;
}
async function blogPost(title, body, status) {
	const bl = await blogger();
	const r = await api(bl, 'POST', `/blogs/${bl.blog}/posts`, { title, summary: 'A short summary.', body, ...(status ? { status } : {}) });
	assert.equal(r.status, 201, r.text);
	return { ...r.json(), blog: bl.blog };
}
async function libraryItem(title, access) {
	const r = await api(editor, 'POST', '/library', { kind: 'page', access, title, body: `About ${title}.` });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** {total, kinds} as WHO sees a search for Q. */
async function counts(who, q) {
	const j = await search(who, { q });
	return { total: j.total, kinds: j.kinds };
}

test('finds each kind, with its address, kind label, author and time', async () => {
	const w = word('every');
	const me = await person(`Dr ${w} Finder`, { verified: true });
	const t = await topic(me, 'travel', `Trains ${w} abroad`, `A long ${w} journey by rail.`);
	const g = await group(me, `The ${w} circle`);
	const other = await person('Oona Other', { type: 'student' });
	const conv = await conversation(me, other, `Shall we talk about ${w} later?`);
	const bp = await blogPost(`Blogging ${w}`, `A post on ${w}.`, 'published');
	const cm = await reply(other, bp.topic_id, `A comment on ${w}.`);
	const li = await libraryItem(`Handbook of ${w}`, 'public');
	const j = await search(me, { q: w });
	const got = (kind) => j.results.filter((x) => x.kind === kind);
	assert.deepEqual(
		Object.keys(j.kinds).sort(),
		['blog_comment', 'blog_post', 'forum', 'library_item', 'member', 'message', 'post', 'topic'],
		j.kinds,
	);
	for (const k of ['topic', 'post', 'blog_post', 'library_item', 'member', 'forum', 'message', 'blog_comment']) {
		assert.ok(got(k).length >= 1, `no ${k} in ${JSON.stringify(j)}`);
		assert.ok(j.kinds[k] >= 1, `kinds.${k}`);
	}
	assert.equal(j.total, j.results.length);
	assert.equal(j.page, 1);
	assert.equal(got('topic')[0].url, `/t/${t.id}`);
	assert.equal(got('topic')[0].id, t.id);
	assert.match(got('post')[0].url, /^\/p\/\d+$/);
	assert.equal(got('blog_post')[0].url, `/b/${bp.blog}/${bp.slug}`);
	assert.equal(got('library_item')[0].url, `/library/${li.slug}`);
	assert.equal(got('member')[0].url, `/u/${me.handle}`);
	assert.equal(got('forum')[0].url, `/g/${g.slug}`);
	assert.equal(got('message')[0].url, `/messages/${conv.id}`);
	assert.equal(got('blog_comment')[0].url, `/b/${bp.blog}/${bp.slug}?page=1#p${cm.id}`);
	assert.equal(got('blog_comment')[0].id, cm.id);
	assert.deepEqual(got('topic')[0].author, { handle: me.handle, name: me.name });
	assert.match(got('topic')[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	for (const x of j.results) {
		assert.ok(!/[\x01\x02]/.test(x.snippet), `marks left in the plain snippet: ${JSON.stringify(x.snippet)}`);
		assert.equal(typeof x.title, 'string');
	}
	assert.match(got('post')[0].snippet_html, new RegExp(`<mark>${w}</mark>`, 'i'));
	// Every address opens for the searcher.
	for (const x of j.results) {
		const r = await me.b.get(x.url);
		assert.ok([200, 303].includes(r.status), `${x.url}: ${r.status}`);
		if (r.status === 303) assert.doesNotMatch(r.location, /signin/, x.url);
	}
	// The page: the count, a kind label per result, snippets with <mark>.
	const page = await me.b.get(`/search?q=${w}`);
	assertHtml(page, 200);
	const main = page.text.slice(page.text.indexOf('<main'));
	assert.match(textOf(main), new RegExp(`${j.total} results`));
	assert.equal(tags(main, 'li').filter((x) => x.attrs.class === 'search-result').length, j.results.length);
	for (const label of ['Topic', 'Post', 'Blog post', 'Library', 'Member', 'Group', 'Message', 'Comment'])
		assert.match(main, new RegExp(`<span class="kind-label">${label}</span>`), label);
	assert.match(main, /<mark>/);
	// Per-kind filter links.
	assert.match(main, new RegExp(`href="/search\\?q=${w}&amp;kind=topic"`));
});

test('what each reader may see: hidden content is never listed nor counted', async () => {
	const w = word('matrix');
	const readers = ['visitor', 'student', 'unverified', 'doctor', 'editor', 'grouped', 'writer', 'reader'];
	// What everyone may see: a public library item and a published blog post.
	await libraryItem(`Public ${w} guide`, 'public');
	await blogPost(`Open ${w} essay`, `Essay on ${w}.`, 'published');
	const g = await group(P.owner, `Group ${unique('g')}`);
	await join(P.owner, g.slug, P.grouped);
	const before0 = {};
	for (const k of readers) before0[k] = await counts(P[k], w);
	for (const k of readers) assert.equal(before0[k].total, 2, `${k} before: ${JSON.stringify(before0[k])}`);

	// The hidden ones.
	const closed = await topic(P.doctor, 'medicine-doctors', `Closed ${w} case`, `A closed forum ${w} discussion.`);
	await groupTopic(P.owner, g.slug, `Group ${w} plans`, `Our ${w} plans.`);
	await conversation(P.writer, P.owner, `A private ${w} note.`);
	await libraryItem(`Members ${w} manual`, 'members');
	await libraryItem(`Doctors ${w} manual`, 'doctors');
	await blogPost(`Draft ${w} thoughts`, `Unfinished ${w}.`);
	const after = {};
	for (const k of readers) after[k] = await counts(P[k], w);

	// topic + its first post = 2 for forum content.
	const expect = {
		visitor: { total: 2, add: {} },
		student: { total: 3, add: { library_item: 1 } },
		unverified: { total: 3, add: { library_item: 1 } },
		doctor: { total: 6, add: { library_item: 2, topic: 1, post: 1 } },
		editor: { total: 6, add: { library_item: 2, topic: 1, post: 1 } },
		grouped: { total: 5, add: { library_item: 1, topic: 1, post: 1 } },
		writer: { total: 4, add: { library_item: 1, message: 1 } },
		reader: { total: 3, add: { library_item: 1 } },
	};
	for (const k of readers) {
		assert.equal(after[k].total, expect[k].total, `${k}: ${JSON.stringify(after[k])}`);
		for (const kind of Object.keys(after[k].kinds))
			assert.equal(after[k].kinds[kind] - before0[k].kinds[kind], expect[k].add[kind] ?? 0, `${k}: kinds.${kind}`);
	}
	// The results hold the same: nothing closed for a student, and the
	// owner (in the conversation, not a student) sees the message.
	const st = await search(P.student, { q: w });
	assert.ok(!st.results.some((x) => x.url === `/t/${closed.id}` || /Closed|Group|private|Doctors|Draft/.test(x.title + x.snippet)), JSON.stringify(st));
	const own = await search(P.owner, { q: w });
	assert.equal(own.kinds.message, 1);
	assert.equal(own.kinds.topic, 2); // the closed one (verified) and the group's
	// Asking for a hidden kind or section gives nothing, not an error.
	assert.equal((await search(P.visitor, { q: w, kind: 'message' })).total, 0);
	assert.equal((await search(P.student, { q: w, section: 'closed_clinical' })).total, 0);
	assert.equal((await search(P.doctor, { q: w, section: 'closed_clinical' })).total, 2);
	// The page says the same count.
	const page = await P.student.b.get(`/search?q=${w}`);
	assertHtml(page, 200);
	assert.match(textOf(page.text), /3 results/);
	const list = page.text.match(/<ol class="search-results">[\s\S]*?<\/ol>/);
	assert.ok(list, 'no result list');
	assert.doesNotMatch(list[0], /Closed|Draft|Doctors|Group|private/);
	assert.match(list[0], /Members/);
	const vis = await P.visitor.b.get(`/search?q=${w}`);
	assertHtml(vis, 200);
	assert.match(textOf(vis.text), /2 results/);
});

test('blog comments: found and linked on their post; gone with a hidden post, hidden or deleted; the kind filter', async () => {
	const w = word('cmt');
	const bp = await blogPost(`Comments ${unique('c')}`, 'A post to comment on.', 'published');
	const bl = await blogger();
	const c1 = await reply(P.reader, bp.topic_id, `I liked the ${w} part.`);
	const c2 = await reply(P.student, bp.topic_id, `The ${w} part <b>again</b>, and more.`);
	// Everyone finds them (blogs are public), linked on the post's page.
	for (const who of [P.visitor, P.student, P.doctor]) {
		const j = await search(who, { q: w });
		assert.equal(j.total, 2, JSON.stringify(j));
		assert.equal(j.kinds.blog_comment, 2);
		assert.equal(j.kinds.post, 0, 'a comment is no forum post');
	}
	const j = await search(P.visitor, { q: w });
	const h = j.results.find((x) => x.id === c1.id);
	assert.equal(h.kind, 'blog_comment');
	assert.equal(h.url, `/b/${bp.blog}/${bp.slug}?page=1#p${c1.id}`);
	assert.equal(h.title, bp.title);
	assert.deepEqual(h.author, { handle: P.reader.handle, name: P.reader.name });
	assert.match(h.snippet_html, new RegExp(`<mark>${w}</mark>`, 'i'));
	const h2 = j.results.find((x) => x.id === c2.id);
	assert.match(h2.snippet_html, /&lt;b&gt;again&lt;\/b&gt;/);
	assert.doesNotMatch(h2.snippet_html.replace(/<\/?mark>/g, ''), /[<>]/);
	const opened = await P.visitor.b.get(h.url.replace(/#.*/, ''));
	assertHtml(opened, 200);
	assert.match(opened.text, new RegExp(`id="p${c1.id}"`));
	// The kind filter, and the author and date filters as for blog posts.
	const only = await search(P.visitor, { q: w, kind: 'blog_comment' });
	assert.equal(only.total, 2);
	assert.ok(only.results.every((x) => x.kind === 'blog_comment'));
	assert.equal((await search(P.visitor, { q: w, kind: 'post' })).total, 0);
	assert.equal((await search(P.visitor, { q: w, kind: 'blog_post' })).total, 0);
	assert.equal((await search(P.visitor, { q: w, author: P.student.handle })).total, 1);
	assert.equal((await search(P.visitor, { q: w, author: bl.handle })).total, 0);
	assert.equal((await search(P.visitor, { q: w, section: 'off_duty' })).total, 0);
	const today = new Date().toISOString().slice(0, 10);
	assert.equal((await search(P.visitor, { q: w, from: today, to: today })).total, 2);
	// The page: the kind label and its filter link.
	const page = await P.visitor.b.get(`/search?q=${w}`);
	assertHtml(page, 200);
	assert.match(page.text, /<span class="kind-label">Comment<\/span>/);
	assert.match(page.text, new RegExp(`href="/search\\?q=${w}&amp;kind=blog_comment"`));
	// An edit is found by its new words; a hidden and a deleted comment not at all.
	const w2 = word('cmtnew');
	const e = await api(P.reader, 'PATCH', `/posts/${c1.id}`, { body: `Now about ${w2}.`, confirm_no_identifiers: true });
	assert.equal(e.status, 200, e.text);
	assert.equal((await search(P.visitor, { q: w2 })).kinds.blog_comment, 1);
	assert.equal((await search(P.visitor, { q: w })).total, 1);
	const hid = await api(editor, 'POST', `/posts/${c2.id}/moderate`, { action: 'hide', reason: 'checking' });
	assert.equal(hid.status, 200, hid.text);
	for (const who of [P.visitor, P.student, P.editor]) assert.equal((await search(who, { q: w })).total, 0);
	const del = await api(P.reader, 'DELETE', `/posts/${c1.id}`);
	assert.ok([200, 204].includes(del.status), del.text);
	assert.equal((await search(P.visitor, { q: w2 })).total, 0);
	// A comment on a post taken down: neither listed nor counted, for anyone.
	const w3 = word('cmtgone');
	const gone = await blogPost(`Gone ${unique('g')}`, 'Soon unpublished.', 'published');
	await reply(P.reader, gone.topic_id, `A ${w3} remark.`);
	assert.equal((await search(P.visitor, { q: w3 })).kinds.blog_comment, 1);
	const un = await api(bl, 'PATCH', `/blogs/${bl.blog}/posts/${gone.slug}`, { status: 'unpublished' });
	assert.equal(un.status, 200, un.text);
	for (const who of [P.visitor, P.reader, P.editor, bl]) {
		const r = await search(who, { q: w3 });
		assert.equal(r.total, 0, JSON.stringify(r));
		assert.equal(r.kinds.blog_comment, 0);
	}
	const hidden = await P.reader.b.get(`/search?q=${w3}`);
	assertHtml(hidden, 200);
	assert.match(textOf(hidden.text), /0 results/);
});

test('a group, a closed forum or a missing forum as a filter: the same refusal to those outside', async () => {
	const w = word('forumf');
	const g = await group(P.owner, `Filter ${unique('g')}`);
	await join(P.owner, g.slug, P.grouped);
	await groupTopic(P.owner, g.slug, `In the group ${w}`, `Group body ${w}.`);
	const msg = async (who, forum) => assertJsonError(await api(who, 'GET', `/search?q=${w}&forum=${forum}`), 422, 'invalid', 'forum').error.message;
	const missing = await msg(P.student, 'no-such-forum-at-all');
	assert.equal(await msg(P.student, g.slug), missing);
	assert.equal(await msg(P.student, 'medicine-doctors'), missing);
	assert.equal(await msg(P.visitor, 'travel'), missing);
	assert.equal((await search(P.grouped, { q: w, forum: g.slug })).total, 2);
	assert.equal((await search(P.doctor, { q: w, forum: 'medicine-doctors' })).total, 0);
	const page = await P.student.b.get(`/search?q=${w}&forum=${g.slug}`);
	assertHtml(page, 422);
	assertFieldError(page.text.slice(page.text.indexOf('<main')), 'forum');
});

test('phrases and prefixes', async () => {
	const a = word('pa'), b = word('pb');
	const au = await person('Phil Phrase', { type: 'student' });
	const t1 = await topic(au, 'book-club', `Phrase one`, `We read ${a} ${b} together.`);
	await topic(au, 'book-club', `Phrase two`, `Then ${b} came before ${a} again.`);
	const both = await search(P.reader, { q: `${a} ${b}`, kind: 'post' });
	assert.equal(both.total, 2);
	const phrase = await search(P.reader, { q: `"${a} ${b}"`, kind: 'post' });
	assert.equal(phrase.total, 1, JSON.stringify(phrase));
	assert.equal(phrase.results[0].url.startsWith('/p/'), true);
	assert.equal(phrase.query, `"${a} ${b}"`);
	const unclosed = await search(P.reader, { q: `"${b} came`, kind: 'post' });
	assert.equal(unclosed.total, 1);
	// A prefix: the start of a longer word.
	const stem = word('pfx');
	await reply(au, t1.id, `Something ${stem}ography here.`);
	assert.equal((await search(P.reader, { q: stem, kind: 'post' })).total, 0);
	const pre = await search(P.reader, { q: `${stem}*`, kind: 'post' });
	assert.equal(pre.total, 1, JSON.stringify(pre));
	assert.equal(pre.query, `${stem}*`);
	assert.match(pre.results[0].snippet_html, /<mark>/);
});

test('filters: kind, section, forum, author, dates; each checked', async () => {
	const w = word('filt');
	const fw = await person('Fay Writer', { type: 'student' }), fr = await person('Finn Replier', { type: 'student' });
	const tt = await topic(fw, 'travel', `Travel ${w}`, `Off duty ${w}.`);
	await topic(fr, 'medicine', `Medicine ${w}`, `Clinical ${w}.`);
	await reply(fr, tt.id, `A reply ${w}.`);
	const all = await search(P.student, { q: w });
	assert.equal(all.total, 5);
	assert.equal((await search(P.student, { q: w, kind: 'topic' })).total, 2);
	assert.equal((await search(P.student, { q: w, kind: 'post' })).total, 3);
	assert.equal((await search(P.student, `q=${w}&kind=topic&kind=post`)).total, 5);
	assert.equal((await search(P.student, `q=${w}&kind=topic,post`)).total, 5);
	const onlyTopics = await search(P.student, { q: w, kind: 'topic' });
	assert.ok(onlyTopics.results.every((x) => x.kind === 'topic'));
	assert.equal((await search(P.student, { q: w, kind: 'member' })).total, 0);
	assert.equal((await search(P.student, { q: w, section: 'off_duty' })).total, 3);
	assert.equal((await search(P.student, { q: w, section: 'open_clinical' })).total, 2);
	assert.equal((await search(P.student, { q: w, forum: 'travel' })).total, 3);
	assert.equal((await search(P.student, { q: w, forum: 'medicine' })).total, 2);
	assert.equal((await search(P.student, { q: w, author: fr.handle })).total, 3);
	assert.equal((await search(P.student, { q: w, author: `@${fw.handle}` })).total, 2);
	const today = new Date().toISOString().slice(0, 10);
	const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
	assert.equal((await search(P.student, { q: w, from: today, to: today })).total, 5);
	assert.equal((await search(P.student, { q: w, from: day(1) })).total, 0);
	assert.equal((await search(P.student, { q: w, to: day(-1) })).total, 0);
	assert.equal((await search(P.student, { q: w, from: day(-1), to: day(1) })).total, 5);
	// Bad values: 422 naming the field, on the API and the page.
	const bad = [
		['kind', 'kind=topics'],
		['section', 'section=group'],
		['section', 'section=blog'],
		['from', 'from=2026-02-30'],
		['to', 'to=yesterday'],
		['to', `from=${today}&to=${day(-1)}`],
		['author', 'author=nosuchmember_zz'],
		['author', 'author=a'],
		['page', 'page=0'],
		['page', 'page=51'],
		['page', 'page=x'],
		['q', `q=${'a'.repeat(257)}`],
		['q', 'q=%FF%FE'],
		['q', 'q=a%01b'],
	];
	for (const [f, qs] of bad) {
		const full = f === 'q' ? qs : `q=${w}&${qs}`;
		assertJsonError(await api(P.student, 'GET', `/search?${full}`), 422, 'invalid', f);
		const page = await P.student.b.get(`/search?${full}`);
		assertHtml(page, 422);
		if (!['kind', 'page'].includes(f)) assertFieldError(page.text.slice(page.text.indexOf('<main')), f);
	}
	assertJsonError(await api(P.student, 'GET', '/search'), 422, 'invalid', 'q');
	assertJsonError(await api(P.student, 'GET', '/search?q=+'), 422, 'invalid', 'q');
});

test('paging: 20 to a page, no result twice, a pager on the page', async () => {
	const w = word('pages');
	const authors = [await person('Pia One'), await person('Pat Two'), await person('Pol Three')];
	const t = await topic(authors[0], 'cycling', `Rides ${w}`, `First ${w}.`);
	for (let i = 0; i < 24; i++) await reply(authors[i % 3], t.id, `Ride number ${i} ${w}.`);
	const p1 = await search(P.student, { q: w });
	assert.equal(p1.total, 26);
	assert.equal(p1.results.length, 20);
	assert.equal(p1.per_page, 20);
	const p2 = await search(P.student, { q: w, page: 2 });
	assert.equal(p2.page, 2);
	assert.equal(p2.results.length, 6);
	assert.equal(p2.total, 26);
	const ids = [...p1.results, ...p2.results].map((x) => `${x.kind}:${x.id}`);
	assert.equal(new Set(ids).size, 26);
	assert.equal((await search(P.student, { q: w, page: 3 })).results.length, 0);
	const page = await P.student.b.get(`/search?q=${w}`);
	assert.match(page.text, new RegExp(`rel="next" href="/search\\?q=${w}&amp;page=2"`));
	assert.match(textOf(page.text), /Page 1 of 2/);
	const second = await P.student.b.get(`/search?q=${w}&page=2`);
	assert.match(second.text, /rel="prev"/);
	assert.doesNotMatch(second.text, /rel="next"/);
});

test('snippets: the text escaped, matched words in <mark>', async () => {
	const w = word('esc');
	await topic(await person('Esme Escaper'), 'journal-club', `Escapes ${w}`, `Look: <script>alert(1)</script> ${w} & "quotes" <b>bold</b>`);
	const j = await search(P.reader, { q: w, kind: 'post' });
	assert.equal(j.total, 1);
	const h = j.results[0].snippet_html;
	assert.match(h, /&lt;script&gt;/);
	assert.match(h, new RegExp(`<mark>${w}</mark>`, 'i'));
	assert.doesNotMatch(h.replace(/<\/?mark>/g, ''), /[<>]/);
	assert.match(j.results[0].snippet, /<script>/); // plain text, for a client to escape
	const page = await P.reader.b.get(`/search?q=${w}`);
	assertHtml(page, 200);
	assert.doesNotMatch(page.text, /<script>alert/);
	assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
	assert.match(page.text, new RegExp(`<mark>${w}</mark>`, 'i'));
	// The query shown back is escaped too.
	const q = `${w} <img src=x onerror=alert(1)>`;
	const shown = await P.reader.b.get(`/search?q=${encodeURIComponent(q)}`);
	assertHtml(shown, 200);
	assert.doesNotMatch(shown.text, /<img src=x/);
});

test('hostile queries never give a 5xx', async () => {
	const qs = [
		'"', '""', '"""', '*', '**', 'a*', '"a*"', 'OR', 'a OR b', 'NEAR(a b)', 'NEAR/2', '-a', '-', '--', '()',
		'(a', 'a)', 'a:b', 'title:x', '^a', 'a AND', 'NOT a', '!a', 'a & b | c', "a' OR '1'='1", '\\', '%', '_',
		'{a}', '[a]', 'a;DROP TABLE posts', '\u0000', 'x'.repeat(64), 'x'.repeat(65), 'é'.repeat(40), '💥'.repeat(60),
		'a'.repeat(256), ' '.repeat(256), '"'.repeat(256), '*'.repeat(256), 'a '.repeat(128), 'a"'.repeat(128),
	];
	for (const who of [P.visitor, P.doctor]) {
		for (const q of qs) {
			for (const path of ['/api/v1/search', '/search']) {
				const r = await srv.browser().request('GET', `${path}?q=${encodeURIComponent(q)}`, who.token ? { bearer: who.token } : {});
				assert.ok([200, 422].includes(r.status), `${path} q=${JSON.stringify(q)}: ${r.status} ${r.text.slice(0, 200)}`);
			}
		}
	}
	// Raw bytes: bad escapes, NUL, invalid UTF-8, long values, odd names.
	const raw = [
		'/api/v1/search?q=%', '/api/v1/search?q=%zz', '/api/v1/search?q=a%00b', '/api/v1/search?q=%C0%AF',
		'/api/v1/search?q=%ED%A0%80', `/api/v1/search?q=${'%E2%82'.repeat(50)}`, '/api/v1/search?q=a&q=b',
		'/api/v1/search?q=a&kind=%00', '/api/v1/search?q=a&kind=', '/api/v1/search?q=a&kind=,,,', '/api/v1/search?=a',
		'/api/v1/search?q', '/api/v1/search?q=a&page=99999999999999999999', '/api/v1/search?q=a&from=9999-12-31',
		`/api/v1/search?q=${'a'.repeat(3000)}`, '/search?q=%FF', '/search?q=a%00', `/search?q=${'%22'.repeat(300)}`,
		'/search?kind=message&kind=member&kind=topic&kind=post&kind=forum&kind=blog_post&kind=library_item&q=a',
	];
	for (const p of raw) {
		const r = await exactRequest(srv, 'GET', p, { bearer: P.doctor.token });
		assert.ok(r.status < 500, `${p}: ${r.status}`);
	}
	// A query over the limit: 422 naming q.
	assertJsonError(await api(P.doctor, 'GET', `/search?q=${'a'.repeat(257)}`), 422, 'invalid', 'q');
	assert.equal((await api(P.doctor, 'GET', `/search?q=${'a'.repeat(256)}`)).status, 200);
	// Still serving.
	assert.equal((await srv.browser().get('/healthz')).status, 200);
});

test('kept in step: an edited post is found by its new words, a deleted one not at all', async () => {
	const w1 = word('old'), w2 = word('new'), w3 = word('lib');
	const au = await person('Kit Keeper');
	const t = await topic(au, 'musical-medics', `Tunes ${unique('t')}`, 'The first post.');
	const p = await reply(au, t.id, `Playing ${w1} tonight.`);
	assert.equal((await search(P.reader, { q: w1 })).total, 1);
	const e = await api(au, 'PATCH', `/posts/${p.id}`, { body: `Playing ${w2} tonight.`, confirm_no_identifiers: true });
	assert.equal(e.status, 200, e.text);
	assert.equal((await search(P.reader, { q: w1 })).total, 0);
	assert.equal((await search(P.reader, { q: w2 })).total, 1);
	const d = await api(au, 'DELETE', `/posts/${p.id}`);
	assert.ok([200, 204].includes(d.status), d.text);
	assert.equal((await search(P.reader, { q: w2 })).total, 0);
	assert.equal((await search(P.reader, { q: w2 })).kinds.post, 0);
	// A library item withdrawn leaves the results.
	const li = await libraryItem(`Withdrawn ${w3}`, 'public');
	assert.equal((await search(P.visitor, { q: w3 })).total, 1);
	assert.equal((await api(editor, 'DELETE', `/library/${li.slug}`)).status < 300, true);
	assert.equal((await search(P.visitor, { q: w3 })).total, 0);
	assert.equal((await search(P.editor, { q: w3 })).total, 0);
});

test('the page: the header box on every page, an intro, an empty state that helps', async () => {
	for (const p of ['/', '/library', '/blogs']) {
		const r = await P.visitor.b.get(p);
		assertHtml(r, 200);
		const form = r.text.match(/<form class="site-search"[\s\S]*?<\/form>/);
		assert.ok(form, `no search box on ${p}`);
		assert.match(form[0], /action="\/search"/);
		assert.match(form[0], /<label[^>]*for="site-search-q"/);
	}
	const intro = await P.visitor.b.get('/search');
	assertHtml(intro, 200);
	assert.match(textOf(intro.text), /Sign in to search the forums/);
	const none = await P.student.b.get(`/search?q=${word('zilch')}&section=off_duty`);
	assertHtml(none, 200);
	assert.match(textOf(none.text), /0 results/);
	assert.match(textOf(none.text), /Search again without the filters/);
	const nothing = await P.student.b.get('/search?q=%21%21%21');
	assertHtml(nothing, 200);
	assert.match(textOf(nothing.text), /nothing to search for/i);
	const api0 = await search(P.student, { q: '!!!' });
	assert.deepEqual([api0.total, api0.results.length, api0.query], [0, 0, '']);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
