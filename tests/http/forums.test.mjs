// forums.test.mjs: the forums (issue 5) against the running server: the
// seeded structure, access by section on every path that shows content
// (pages, API, latest, profile activity, the home page, notifications),
// topics and replies through pages and the API, edits with history, soft
// deletes, likes, quoting, the confidentiality guard and /api/v1/scan,
// champions and editors moderating, flags and the audit log, forum
// administration, notifications, rate limits, and every bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, assertFieldError, textOf, run, BIN } from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await person('Eddie Editor', { verified: true });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

async function newTopic(who, forum, title, body, extra = {}) {
	const r = await api(who, 'POST', `/forums/${forum}/topics`, { title, body, ...extra });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

async function reply(who, topic, body, extra = {}) {
	const r = await api(who, 'POST', `/topics/${topic}/posts`, { body, ...extra });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

test('a fresh site has the forums: both clinical sections per specialty, and off duty', async () => {
	const v = await person('Dr Vera Verified', { verified: true });
	const all = (await api(v, 'GET', '/forums')).json().forums;
	const by = (s) => all.filter((f) => f.section === s).map((f) => f.slug);
	assert.equal(by('open_clinical').length, 10);
	assert.equal(by('closed_clinical').length, 10);
	assert.deepEqual(by('off_duty'), ['journal-club', 'book-club', 'travel', 'cycling', 'medical-parents', 'musical-medics']);
	assert.ok(by('open_clinical').includes('paediatrics') && by('closed_clinical').includes('paediatrics-doctors'));
	for (const f of all) assert.equal(f.can_post, true);
	const page = await v.b.get('/forums');
	assertHtml(page, 200);
	for (const label of ['Open clinical forums', 'Closed clinical forums', 'Off duty', 'Journal club', 'Musical medics'])
		assert.match(textOf(page.text), new RegExp(label));
});

test('who reads which section: visitors sign in, students and unverified doctors never see closed forums', async () => {
	const visitor = srv.browser();
	assertJsonError(await visitor.get('/api/v1/forums'), 401, 'unauthenticated');
	const f = await visitor.get('/forums');
	assert.equal(f.status, 303);
	assert.match(f.location, /^\/signin\?next=/);
	assert.equal((await visitor.get('/f/medicine')).status, 303);

	const student = await person('Sam Student', { type: 'student' });
	const doctor = await person('Dr Una Unverified');
	const nurse = await person('Nina Nurse', { type: 'hcp' });
	for (const who of [student, nurse, doctor]) {
		const forums = (await api(who, 'GET', '/forums')).json().forums;
		assert.equal(forums.filter((x) => x.section === 'closed_clinical').length, 0);
		assert.equal(forums.length, 16);
	}
	// A closed forum: 404 to those who can never read it, 403 with the way
	// in to a doctor who could once verified; open to verified doctors.
	assertHtml(await student.b.get('/f/medicine-doctors'), 404);
	assertJsonError(await api(student, 'GET', '/forums/medicine-doctors/topics'), 404, 'not_found');
	const unv = await doctor.b.get('/f/medicine-doctors');
	assertHtml(unv, 403);
	assert.match(textOf(unv.text), /verified doctors/);
	assert.match(unv.text, /\/verify/);
	const idx = await doctor.b.get('/forums');
	assert.match(idx.text, /href="\/verify"/);
	assert.doesNotMatch(idx.text, /href="\/f\/medicine-doctors"/);
	const sidx = await student.b.get('/forums');
	assert.doesNotMatch(textOf(sidx.text), /Closed clinical forums/);
	assertHtml(await student.b.get('/f/no-such-forum'), 404);
	assertHtml(await editor.b.get('/f/medicine-doctors'), 200);
});

test('a closed topic leaks nowhere: pages, permalinks, API, latest, profiles, home, quotes', async () => {
	const v = await person('Dr Carla Closed', { verified: true });
	const student = await person('Stu Dent', { type: 'student' });
	const unverified = await person('Dr Una Verified-Not');
	const secret = 'Closed-forum case title ' + Date.now();
	const t = await newTopic(v, 'surgery-doctors', secret, 'A frank question for colleagues.');
	const open = await newTopic(v, 'surgery', 'Open question ' + Date.now(), 'Anyone may read this.');
	const postId = t.posts[0].id;
	for (const path of [`/t/${t.id}`, `/p/${postId}`, `/p/${postId}/history`, `/p/${postId}/edit`, `/t/${open.id}?quote=${postId}`]) {
		const r = await student.b.get(path);
		assert.ok(r.status === 404 || (r.status === 200 && !r.text.includes(secret)), `${path}: ${r.status}`);
		assert.ok(!r.text.includes(secret), path);
	}
	assertJsonError(await api(student, 'GET', `/topics/${t.id}`), 404, 'not_found');
	// An unverified doctor learns of the closed forum, never of its topics.
	assertJsonError(await api(unverified, 'GET', `/topics/${t.id}`), 404, 'not_found');
	assertHtml(await unverified.b.get(`/t/${t.id}`), 404);
	assertHtml(await unverified.b.get(`/p/${postId}`), 404);
	assertJsonError(await api(student, 'POST', `/topics/${t.id}/posts`, { body: 'hi' }), 404, 'not_found');
	assertJsonError(await api(student, 'POST', `/posts/${postId}/like`), 404, 'not_found');
	assertJsonError(await api(student, 'POST', `/posts/${postId}/flags`, { reason: 'spam' }), 404, 'not_found');
	const latest = (await api(student, 'GET', '/latest')).json().topics.map((x) => x.title);
	assert.ok(!latest.includes(secret));
	assert.ok(latest.includes(open.title));
	for (const path of [`/u/${v.handle}`, '/', '/latest', '/unread']) {
		const r = await student.b.get(path);
		assertHtml(r, 200);
		assert.ok(!r.text.includes(secret), `${path} leaks the closed title`);
	}
	assert.match((await student.b.get(`/u/${v.handle}`)).text, new RegExp(open.title));
	// Verified colleagues see both, on the profile and in latest.
	const w = await person('Dr Walt Verified', { verified: true });
	assert.match((await w.b.get(`/u/${v.handle}`)).text, new RegExp(secret));
	assert.ok((await api(w, 'GET', '/latest')).json().topics.some((x) => x.title === secret));
	// Visitors see no forum activity at all on profiles.
	assert.ok(!(await srv.browser().get(`/u/${v.handle}`)).text.includes(open.title));
});

test('topics and replies through the pages: Markdown made safe, quoting, permalinks, edits with history', async () => {
	const a = await person('Dr Ann Author');
	const b = await person('Dr Ben Replier');
	const form = await a.b.get('/f/cycling/new');
	assertHtml(form, 200);
	const made = await a.b.submit('/f/cycling', { title: 'Best <b>tyres</b>', body: 'Try **wide** tyres <script>alert(1)</script> [x](javascript:alert(2)) [ok](https://example.org)' },
		{ from: '/f/cycling/new' });
	assert.equal(made.status, 303, made.text.slice(0, 400));
	assert.match(made.location, /^\/t\/\d+$/);
	const page = await b.b.get(made.location);
	assertHtml(page, 200);
	assert.match(page.text, /<strong>wide<\/strong>/);
	assert.doesNotMatch(page.text, /<script>alert/);
	assert.doesNotMatch(page.text, /javascript:/);
	assert.match(page.text, /<a rel="nofollow ugc noopener" href="https:\/\/example.org">ok<\/a>/);
	assert.match(page.text, /Best &lt;b&gt;tyres&lt;\/b&gt;/);
	const topicId = made.location.split('/')[2];
	const first = /id="p(\d+)"/.exec(page.text)[1];
	// Quote: the reply box starts with the quoted Markdown.
	const q = await b.b.get(`/t/${topicId}?quote=${first}`);
	assert.match(q.text, new RegExp(`&gt; \\*\\*@${a.handle}\\*\\* wrote:`));
	const rep = await b.b.submit(`/t/${topicId}`, { body: `> quoted\n\nAgreed, @${a.handle}.` }, { from: `/t/${topicId}` });
	assert.equal(rep.status, 303);
	assert.match(rep.location, new RegExp(`^/t/${topicId}\\?page=1#p\\d+$`));
	const replyId = /#p(\d+)$/.exec(rep.location)[1];
	const perma = await b.b.get(`/p/${replyId}`);
	assert.equal(perma.status, 303);
	assert.equal(perma.location, `/t/${topicId}?page=1#p${replyId}`);
	// Editing keeps the old text in a history others can read.
	const ed = await b.b.submit(`/p/${replyId}/edit`, { body: 'Agreed, with **one** caveat.' }, { from: `/p/${replyId}/edit` });
	assert.equal(ed.status, 303);
	const hist = await a.b.get(`/p/${replyId}/history`);
	assertHtml(hist, 200);
	assert.match(textOf(hist.text), /Agreed, @/);
	assert.match(textOf(hist.text), /with \*\*one\*\* caveat/);
	assert.match(textOf(hist.text), new RegExp(`Before an edit by ${b.name}`));
	const after = await a.b.get(`/t/${topicId}`);
	assert.match(after.text, /<strong>one<\/strong> caveat/);
	assert.match(after.text, new RegExp(`href="/p/${replyId}/history">edited`));
	// Others may not edit: no link, and the form and the post are 404.
	assert.doesNotMatch(after.text, new RegExp(`href="/p/${replyId}/edit"`));
	assertHtml(await a.b.get(`/p/${replyId}/edit`), 404);
	assertJsonError(await api(a, 'PATCH', `/posts/${replyId}`, { body: 'hijack' }), 404, 'not_found');
	// Bad input on the form: the form again, marked.
	const bad = await a.b.submit('/f/cycling', { title: '   ', body: '' }, { from: '/f/cycling/new' });
	assertHtml(bad, 422);
	assertFieldError(bad.text, 'title', /must not be empty/);
	assertFieldError(bad.text, 'body');
});

test('the API: contract shapes, edits, likes, deletes, counts', async () => {
	const a = await person('Dr Api Author', { verified: true });
	const b = await person('Dr Api Liker', { verified: true });
	const before = (await api(a, 'GET', '/forums')).json().forums.find((f) => f.slug === 'medicine-doctors');
	const t = await newTopic(a, 'medicine-doctors', 'Hyponatraemia workup', 'What do you send **first**?');
	assert.equal(t.section, 'closed_clinical');
	assert.equal(t.forum, 'medicine-doctors');
	assert.equal(t.posts.length, 1);
	const p0 = t.posts[0];
	for (const k of ['id', 'author', 'body_html', 'created_at']) assert.ok(k in p0, k);
	assert.match(p0.body_html, /<strong>first<\/strong>/);
	const r1 = await reply(b, t.id, 'Serum and urine osmolality.');
	assert.equal(r1.number, 2);
	const list = (await api(b, 'GET', '/forums/medicine-doctors/topics')).json();
	assert.ok(Array.isArray(list.topics));
	assert.equal(list.topics.find((x) => x.id === t.id).replies, 1);
	const full = (await api(b, 'GET', `/topics/${t.id}`)).json();
	assert.equal(full.posts.length, 2);
	const afterCount = (await api(a, 'GET', '/forums')).json().forums.find((f) => f.slug === 'medicine-doctors');
	assert.equal(afterCount.topics, before.topics + 1);
	assert.equal(afterCount.posts, before.posts + 2);
	// PATCH keeps history; the title of a first post may change.
	const ed = await api(a, 'PATCH', `/posts/${p0.id}`, { body: 'What do you send first, and why?', title: 'Hyponatraemia: first tests' });
	assert.equal(ed.status, 200, ed.text);
	assert.equal(ed.json().edits, 1);
	assert.equal((await api(b, 'GET', `/topics/${t.id}`)).json().title, 'Hyponatraemia: first tests');
	// Likes: once, never one's own.
	assert.equal((await api(a, 'POST', `/posts/${r1.id}/like`)).json().likes, 1);
	assertJsonError(await api(a, 'POST', `/posts/${r1.id}/like`), 409, 'conflict');
	assertJsonError(await api(b, 'POST', `/posts/${r1.id}/like`), 403, 'forbidden');
	assert.equal((await api(a, 'DELETE', `/posts/${r1.id}/like`)).json().likes, 0);
	assertJsonError(await api(a, 'DELETE', `/posts/${r1.id}/like`), 409, 'conflict');
	// Deleting: the author within a day; others get 404; the place stays.
	assertJsonError(await api(a, 'DELETE', `/posts/${r1.id}`), 404, 'not_found');
	assert.equal((await api(b, 'DELETE', `/posts/${r1.id}`)).status, 204);
	const gone = (await api(a, 'GET', `/topics/${t.id}`)).json();
	assert.equal(gone.replies, 0);
	const dp = gone.posts.find((p) => p.id === r1.id);
	assert.equal(dp.deleted, true);
	assert.equal(dp.body_html, '');
	assertJsonError(await api(b, 'DELETE', `/posts/${r1.id}`), 404, 'not_found');
	// Deleting the first post takes the topic.
	assert.equal((await api(a, 'DELETE', `/posts/${p0.id}`)).status, 204);
	assertJsonError(await api(a, 'GET', `/topics/${t.id}`), 404, 'not_found');
	const finalCount = (await api(a, 'GET', '/forums')).json().forums.find((f) => f.slug === 'medicine-doctors');
	assert.equal(finalCount.topics, before.topics);
});

test('bad input: every refusal is clear and changes nothing', async () => {
	const a = await person('Dr Bad Input', { verified: true });
	const count = async () => (await api(a, 'GET', '/forums')).json().forums.find((f) => f.slug === 'travel').topics;
	const n0 = await count();
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: '', body: 'x' }), 422, 'invalid', 'title');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'x', body: '   ' }), 422, 'invalid', 'body');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'x'.repeat(801), body: 'b' }), 422, 'invalid', 'title');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'x', body: 'b'.repeat(50001) }), 422, 'invalid', 'body');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'x', body: 'b'.repeat(60 * 1024) }), 422, 'invalid', 'body');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'x', body: 'b'.repeat(70 * 1024) }), 413, 'too_large');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'x', body: 7 }), 422, 'invalid', 'body');
	assertJsonError(await api(a, 'POST', '/forums/travel/topics', { title: 'bad\u0007bell', body: 'b' }), 422, 'invalid', 'title');
	assertJsonError(await api(a, 'POST', '/forums/no-such/topics', { title: 'x', body: 'b' }), 404, 'not_found');
	const raw = await srv.browser().request('POST', '/api/v1/forums/travel/topics', { bearer: a.token, body: '{"title":', headers: { 'content-type': 'application/json' } });
	assertJsonError(raw, 400, 'bad_json');
	const form = await srv.browser().request('POST', '/api/v1/forums/travel/topics', { bearer: a.token, form: { title: 'x', body: 'y' } });
	assertJsonError(form, 415, 'unsupported_media_type');
	// A form post without its CSRF token is refused.
	const nocsrf = await a.b.post('/f/travel', { form: { title: 'x', body: 'y' } });
	assert.equal(nocsrf.status, 403);
	for (const id of ['0', 'abc', '99999999', '-1', '1e3']) {
		assertJsonError(await api(a, 'GET', `/topics/${id}`), 404, 'not_found');
		assertHtml(await a.b.get(`/t/${id}`), 404);
		assertHtml(await a.b.get(`/p/${id}`), 404);
	}
	assert.equal(await count(), n0);
});

test('the confidentiality guard: findings with offsets, nothing saved until confirmed; off duty is not scanned', async () => {
	const a = await person('Dr Gus Guard', { verified: true });
	const body = 'Patient NHS number 943 476 5919, seen on the ward.';
	const count = async () => (await api(a, 'GET', '/forums')).json().forums.find((f) => f.slug === 'medicine').topics;
	const n0 = await count();
	const r = await api(a, 'POST', '/forums/medicine/topics', { title: 'A puzzling case', body });
	assertJsonError(r, 422, 'patient_identifiers');
	const f = r.json().findings;
	assert.equal(f.length, 1);
	assert.equal(f[0].kind, 'nhs_number');
	assert.equal(body.slice(f[0].start, f[0].end), '943 476 5919');
	assert.equal(await count(), n0, 'nothing written');
	const ok = await api(a, 'POST', '/forums/medicine/topics', { title: 'A puzzling case', body, confirm_no_identifiers: true });
	assert.equal(ok.status, 201, ok.text);
	assert.equal(ok.json().posts[0].confirmed_no_identifiers, true);
	// Editors list the posts confirmed past the guard; nobody else may.
	const listed = (await api(editor, 'GET', '/editor/confirmed-posts')).json().posts;
	assert.equal(listed[0].id, ok.json().posts[0].id);
	assert.equal(listed[0].topic_title, 'A puzzling case');
	const cpage = await editor.b.get('/editor/confirmed');
	assertHtml(cpage, 200);
	assert.match(textOf(cpage.text), /A puzzling case/);
	assertJsonError(await api(a, 'GET', '/editor/confirmed-posts'), 404, 'not_found');
	assertHtml(await a.b.get('/editor/confirmed'), 404);
	// Replies and edits are guarded too, in the closed section as well.
	const t = await newTopic(a, 'medicine-doctors', 'Clean topic', 'Nothing identifying here.');
	assertJsonError(await api(a, 'POST', `/topics/${t.id}/posts`, { body: 'Her DOB: 12/03/1954.' }), 422, 'patient_identifiers');
	assertJsonError(await api(a, 'PATCH', `/posts/${t.posts[0].id}`, { body: 'Call him on 07700 900123' }), 422, 'patient_identifiers');
	// Off duty: not clinical, not scanned.
	assert.equal((await api(a, 'POST', '/forums/travel/topics', { title: 'Ring me', body: 'My mobile is 07700 900123' })).status, 201);
	// The page shows what was found and the box to confirm (a second
	// member: newcomers start three topics an hour).
	const g = await person('Dr Gia Guard');
	const page = await g.b.submit('/f/medicine', { title: 'Case', body }, { from: '/f/medicine/new' });
	assertHtml(page, 422);
	assert.match(textOf(page.text), /an NHS number in the text: 943 476 5919/);
	assert.match(page.text, /name="confirm_no_identifiers"/);
	assert.match(page.text, /943 476 5919, seen on the ward\.<\/textarea>/, 'what was typed is kept');
	const conf = await g.b.submit('/f/medicine', { title: 'Case', body, confirm_no_identifiers: '1' }, { from: '/f/medicine/new' });
	assert.equal(conf.status, 303);
	// The scanner alone, for the composer; members only.
	const s = await api(a, 'POST', '/scan', { body: 'mrn 12345678 and jo@example.org' });
	assert.equal(s.status, 200);
	assert.deepEqual(s.json().findings.map((x) => x.kind).sort(), ['email', 'record_number']);
	assert.deepEqual((await api(a, 'POST', '/scan', { body: 'Nothing to see.' })).json().findings, []);
	assertJsonError(await api(null, 'POST', '/scan', { body: 'x' }), 401, 'unauthenticated');
});

test('champions moderate their forums only; editors everywhere; all of it in the audit log', async () => {
	const champ = await person('Dr Chloe Champion', { verified: true });
	const unv = await person('Dr Ursula Unverified');
	const author = await person('Dr Pat Poster', { verified: true });
	// Appointing: editors only, verified doctors only.
	assertJsonError(await api(author, 'POST', '/editor/forums/psychiatry/champions', { handle: champ.handle, action: 'appoint' }), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', '/editor/forums/psychiatry/champions', { handle: unv.handle, action: 'appoint' }), 422, 'invalid', 'handle');
	assert.equal((await api(editor, 'POST', '/editor/forums/psychiatry/champions', { handle: champ.handle, action: 'appoint' })).status, 204);
	assert.ok((await api(champ, 'GET', '/me')).json().roles.includes('champion'));
	const fp = await author.b.get('/f/psychiatry');
	assert.match(textOf(fp.text), new RegExp(`Champions: ${champ.name} Champion`));
	const t = await newTopic(author, 'psychiatry', 'Lithium levels on holiday', 'Practical tips?');
	const other = await newTopic(author, 'surgery', 'Not her forum', 'x');
	// Pin and lock in her forum; nothing in another.
	assert.equal((await api(champ, 'POST', `/topics/${t.id}/moderate`, { action: 'pin', reason: 'useful' })).json().pinned, true);
	assert.equal((await api(champ, 'POST', `/topics/${t.id}/moderate`, { action: 'lock' })).json().locked, true);
	assertJsonError(await api(champ, 'POST', `/topics/${other.id}/moderate`, { action: 'pin' }), 404, 'not_found');
	assertJsonError(await api(author, 'POST', `/topics/${t.id}/moderate`, { action: 'pin' }), 404, 'not_found');
	assertJsonError(await api(champ, 'POST', `/topics/${t.id}/moderate`, { action: 'explode' }), 404, 'not_found');
	// Locked: no replies, on the page or the API.
	assertJsonError(await api(author, 'POST', `/topics/${t.id}/posts`, { body: 'one more' }), 409, 'conflict');
	assert.match(textOf((await author.b.get(`/t/${t.id}`)).text), /This topic is locked/);
	assert.equal((await api(champ, 'POST', `/topics/${t.id}/moderate`, { action: 'unlock' })).json().locked, false);
	// Moves stay within the section.
	assertJsonError(await api(champ, 'POST', `/topics/${t.id}/moderate`, { action: 'move', forum: 'psychiatry-doctors' }), 422, 'invalid', 'forum');
	assertJsonError(await api(champ, 'POST', `/topics/${t.id}/moderate`, { action: 'move', forum: 'cycling' }), 422, 'invalid', 'forum');
	// Pick and hide a post: a hidden post shows to its author and staff only.
	const r = await reply(author, t.id, 'A reply to review.');
	assert.equal((await api(champ, 'POST', `/posts/${r.id}/moderate`, { action: 'pick' })).json().pick, true);
	assert.equal((await api(champ, 'POST', `/posts/${r.id}/moderate`, { action: 'hide', reason: 'checking a claim' })).json().hidden, true);
	const reader = await person('Rita Reader', { type: 'student' });
	const seen = await reader.b.get(`/t/${t.id}`);
	assert.match(textOf(seen.text), /hidden while the editors review it/);
	assert.doesNotMatch(seen.text, /A reply to review/);
	assert.match((await author.b.get(`/t/${t.id}`)).text, /A reply to review/);
	assert.match((await champ.b.get(`/t/${t.id}`)).text, /A reply to review/);
	// The page each reader was given shares its posts' heads: none carries the text to the next.
	assert.doesNotMatch((await reader.b.get(`/t/${t.id}`)).text, /A reply to review/);
	// Notifications tell the author; the audit log records it all.
	const notes = (await api(author, 'GET', '/notifications')).json().notifications;
	assert.ok(notes.some((n) => n.kind === 'moderation' && n.post_id === r.id));
	const log = (await api(editor, 'GET', `/editor/audit?actor=${champ.handle}`)).json().entries.map((e) => e.action);
	for (const a of ['topic.pin', 'topic.lock', 'topic.unlock', 'post.pick', 'post.hide']) assert.ok(log.includes(a), a);
	const page = await editor.b.get('/editor/audit?action=topic.');
	assertHtml(page, 200);
	assert.match(textOf(page.text), /topic\.pin/);
	assert.doesNotMatch(textOf(page.text), /post\.hide/);
	assertHtml(await champ.b.get('/editor/audit'), 404);
	assertJsonError(await api(author, 'GET', '/editor/audit'), 404, 'not_found');
	// The editor moves it within the section.
	const mv = await api(editor, 'POST', `/topics/${t.id}/moderate`, { action: 'move', forum: 'general-practice', reason: 'better fit' });
	assert.equal(mv.json().forum, 'general-practice');
	// Removing the champion takes the power at once.
	assert.equal((await api(editor, 'POST', '/editor/forums/psychiatry/champions', { handle: champ.handle, action: 'remove' })).status, 204);
	assertJsonError(await api(editor, 'POST', '/editor/forums/psychiatry/champions', { handle: champ.handle, action: 'remove' }), 409, 'conflict');
	assert.ok(!(await api(champ, 'GET', '/me')).json().roles.includes('champion'));
});

test('flags: members flag, champions see their forums\' queue, editors all; decisions close every flag on the post', async () => {
	const champ = await person('Dr Flo Champion', { verified: true });
	assert.equal((await srv.cli(['user', 'role', champ.email, '+champion:dermatology-x'])).code, 1, 'unknown forum refused');
	const cli = await srv.cli(['user', 'role', champ.email, '+champion:surgery']);
	assert.equal(cli.code, 0, cli.stderr);
	const author = await person('Dr Spammy Author', { verified: true });
	const f1 = await person('Fred Flagger', { type: 'hcp' });
	const f2 = await person('Gina Flagger', { type: 'student' });
	const t = await newTopic(author, 'surgery', 'Scalpels for sale ' + Date.now(), 'Cheap blades, DM me.');
	const elsewhere = await newTopic(author, 'cycling', 'Bikes for sale', 'Cheap bikes.');
	const pid = t.posts[0].id;
	const fl = await api(f1, 'POST', `/posts/${pid}/flags`, { reason: 'spam', note: 'advert' });
	assert.equal(fl.status, 201, fl.text);
	assertJsonError(await api(f1, 'POST', `/posts/${pid}/flags`, { reason: 'spam' }), 409, 'conflict');
	assertJsonError(await api(f1, 'POST', `/posts/${pid}/flags`, { reason: 'bogus' }), 422, 'invalid', 'reason');
	assertJsonError(await api(author, 'POST', `/posts/${pid}/flags`, { reason: 'spam' }), 404, 'not_found');
	assert.equal((await api(f2, 'POST', `/posts/${pid}/flags`, { reason: 'other' })).status, 201);
	const other = (await api(f1, 'POST', `/posts/${elsewhere.posts[0].id}/flags`, { reason: 'spam' })).json();
	const mine = (await api(champ, 'GET', '/editor/flags')).json().flags;
	assert.ok(mine.every((x) => x.topic_id === t.id), 'champions see their forums only');
	assert.equal(mine.length, 2);
	const all = (await api(editor, 'GET', '/editor/flags')).json().flags.map((x) => x.id);
	assert.ok(all.includes(other.id));
	assertJsonError(await api(f1, 'GET', '/editor/flags'), 404, 'not_found');
	assertJsonError(await api(champ, 'POST', `/editor/flags/${other.id}`, { decision: 'hide' }), 404, 'not_found');
	assertJsonError(await api(champ, 'POST', `/editor/flags/${mine[0].id}`, { decision: 'suspend' }), 404, 'not_found');
	const page = await champ.b.get('/editor/flags');
	assertHtml(page, 200);
	assert.match(textOf(page.text), /Cheap blades/);
	const d = await champ.b.submit(`/editor/flags/${mine[0].id}`, { decision: 'hide', note: 'advert' }, { from: '/editor/flags' });
	assert.equal(d.status, 303);
	assert.equal((await api(champ, 'GET', '/editor/flags')).json().flags.length, 0, 'both flags closed');
	assert.equal((await api(author, 'GET', `/topics/${t.id}`)).json().posts[0].hidden, true);
	assertJsonError(await api(editor, 'POST', `/editor/flags/${mine[0].id}`, { decision: 'dismiss' }), 404, 'not_found');
	// Editors warn (by email, with a link and never the text) and suspend.
	const w = await api(editor, 'POST', `/editor/flags/${other.id}`, { decision: 'warn', note: 'No adverts, please.' });
	assert.equal(w.status, 200, w.text);
	const mail = await srv.latestMail(author.email);
	assert.match(mail.body, /No adverts, please\./);
	assert.match(mail.body, new RegExp(`/p/${elsewhere.posts[0].id}`));
	assert.doesNotMatch(mail.body, /Cheap bikes/);
	const again = (await api(f2, 'POST', `/posts/${elsewhere.posts[0].id}/flags`, { reason: 'spam' })).json();
	assert.equal((await api(editor, 'POST', `/editor/flags/${again.id}`, { decision: 'suspend', note: 'repeated adverts' })).status, 200);
	assertJsonError(await api(author, 'GET', '/me'), 401, 'unauthenticated');
	const log = (await api(editor, 'GET', '/editor/audit?action=member.')).json().entries.map((e) => e.action);
	assert.ok(log.includes('member.warn') && log.includes('member.suspend'));
});

test('notifications: replies in watched topics, mentions, likes; counted in the navigation; readable only while the forum is', async () => {
	const a = await person('Dr Nell Notified', { verified: true });
	const b = await person('Dr Otto Other', { verified: true });
	const c = await person('Dr Cy Mentioned');
	const t = await newTopic(a, 'paediatrics', 'Bronchiolitis season', 'Are your wards full yet?');
	const r = await reply(b, t.id, `Full since October. @${c.handle} what about yours? @nobody_here_x`);
	assert.match(r.body_html, new RegExp(`<a rel="nofollow ugc noopener" href="/u/${c.handle}">@${c.handle}</a> what about yours\\? @nobody_here_x`));
	assert.equal((await api(a, 'POST', `/posts/${r.id}/like`)).status, 200);
	const an = (await api(a, 'GET', '/notifications')).json();
	assert.equal(an.unread, 1);
	assert.equal(an.notifications[0].kind, 'reply');
	assert.equal(an.notifications[0].title, 'Bronchiolitis season');
	const cn = (await api(c, 'GET', '/notifications')).json().notifications;
	assert.deepEqual(cn.map((n) => n.kind), ['mention']);
	const bn = (await api(b, 'GET', '/notifications')).json().notifications;
	assert.deepEqual(bn.map((n) => n.kind), ['like']);
	const home = await a.b.get('/');
	assert.match(home.text, /href="\/notifications">Notifications <span class="count">1/);
	// The navigation counts up to a hundred; the list counts them all.
	srv.sql(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 120) `
		+ 'INSERT INTO notifications (member_id, kind, actor_id, topic_id, post_id, created_at) '
		+ `SELECT n.member_id, n.kind, n.actor_id, n.topic_id, n.post_id, n.created_at FROM notifications n, k `
		+ `WHERE n.member_id = (SELECT id FROM members WHERE email = '${a.email}')`);
	assert.equal((await api(a, 'GET', '/notifications')).json().unread, 121);
	const many = await a.b.get('/');
	assert.match(many.text, /href="\/notifications">Notifications <span class="count">99\+<span class="visually-hidden"> unread<\/span>/);
	const page = await a.b.get('/notifications');
	assertHtml(page, 200);
	assert.match(textOf(page.text), new RegExp(`${b.name} replied in Bronchiolitis season`));
	const read = await a.b.submit('/notifications/read', {}, { from: '/notifications' });
	assert.equal(read.status, 303);
	assert.equal((await api(a, 'GET', '/notifications')).json().unread, 0);
	// Unwatching stops replies; watching again (the API) brings them back.
	assert.equal((await a.b.submit(`/t/${t.id}/unwatch`, {}, { from: `/t/${t.id}` })).status, 303);
	await reply(b, t.id, 'Another update.');
	assert.equal((await api(a, 'GET', '/notifications')).json().unread, 0);
	assert.equal((await api(a, 'POST', `/topics/${t.id}/watch`)).status, 204);
	await reply(b, t.id, 'And another.');
	assert.equal((await api(a, 'GET', '/notifications')).json().unread, 1);
	assert.equal((await api(a, 'DELETE', `/topics/${t.id}/watch`)).status, 204);
	assertJsonError(await api(c, 'POST', '/topics/99999999/watch'), 404, 'not_found');
	// A closed-forum notification is not shown to someone who cannot read it.
	const v = await person('Dr Vic Watcher', { verified: true });
	const u = await person('Dr Ulla Unverified');
	const ct = await newTopic(v, 'paediatrics-doctors', 'Closed case title', 'x');
	await reply(v, ct.id, `@${u.handle} have a look`);
	assert.deepEqual((await api(u, 'GET', '/notifications')).json().notifications, []);
	assertJsonError(await api(null, 'GET', '/notifications'), 401, 'unauthenticated');
});

test('unread and latest: new topics and new replies since the reader last looked', async () => {
	const a = await person('Dr Una Reader');
	const b = await person('Dr Bo Writer');
	const t = await newTopic(b, 'book-club', 'Unread test ' + Date.now(), 'A novel about a hospital.');
	const unread = () => api(a, 'GET', '/latest?unread=1').then((r) => r.json().topics.map((x) => x.id));
	assert.ok((await unread()).includes(t.id), 'a new topic is unread');
	await a.b.get(`/t/${t.id}`);
	assert.ok(!(await unread()).includes(t.id), 'read once shown');
	await reply(b, t.id, 'Chapter two is better.');
	assert.ok((await unread()).includes(t.id), 'a new reply makes it unread again');
	const page = await a.b.get('/unread');
	assertHtml(page, 200);
	assert.match(page.text, new RegExp(`href="/t/${t.id}"`));
	const forum = await a.b.get('/f/book-club');
	assert.match(forum.text, /<li class="unread">/);
});

test('pagination: twenty posts to a page, permalinks land on the right page', async () => {
	const writers = [];
	for (let i = 0; i < 3; i++) writers.push(await person(`Dr Pager ${i}`));
	const t = await newTopic(writers[0], 'travel', 'Long thread', 'Post one.');
	let last;
	for (let i = 0; i < 24; i++) last = await reply(writers[i % 3], t.id, `Reply number ${i + 2}.`);
	assert.equal(last.number, 25);
	const p1 = await writers[0].b.get(`/t/${t.id}`);
	assert.match(p1.text, /Page 1 of 2/);
	assert.match(p1.text, new RegExp(`href="/t/${t.id}\\?page=2"`));
	const perma = await writers[0].b.get(`/p/${last.id}`);
	assert.equal(perma.location, `/t/${t.id}?page=2#p${last.id}`);
	const p2 = (await api(writers[1], 'GET', `/topics/${t.id}?page=2`)).json();
	assert.equal(p2.posts.length, 5);
	assert.equal(p2.posts[4].id, last.id);
});

test('the read mark: a page that adds nothing to it writes nothing; a later page moves it', async () => {
	const writers = [];
	for (let i = 0; i < 3; i++) writers.push(await person(`Dr Marker ${i}`));
	const r = await person('Dr Rhea Reader');
	const t = await newTopic(writers[0], 'travel', 'Mark test ' + Date.now(), 'Post one.');
	const ids = [];
	for (let i = 0; i < 24; i++) ids.push((await reply(writers[i % 3], t.id, `Reply ${i + 2}.`)).id);
	const mark = () => srv.sql(`SELECT last_post_id || ' ' || read_at FROM topic_reads WHERE topic_id = ${t.id} AND member_id = (SELECT id FROM members WHERE handle = '${r.handle}')`);
	assertHtml(await r.b.get(`/t/${t.id}`), 200);
	const [first, at] = mark().split(' ').map(Number);
	assert.equal(first, ids[18], 'page 1 marks its last post, the 20th');
	await new Promise((done) => setTimeout(done, 1100)); // read_at would move to the next second
	assertHtml(await r.b.get(`/t/${t.id}`), 200);
	assert.equal((await api(r, 'GET', `/topics/${t.id}`)).status, 200);
	assert.equal(mark(), `${first} ${at}`, 'reading page 1 again wrote nothing');
	assertHtml(await r.b.get(`/t/${t.id}?page=2`), 200);
	assert.equal(Number(mark().split(' ')[0]), ids[23], 'page 2 moves the mark to the last post');
	const latest = (await api(r, 'GET', '/latest?unread=1')).json().topics.map((x) => x.id);
	assert.ok(!latest.includes(t.id), 'read to the end: no longer unread');
});

test('rate limits: a member in their first day starts at most three topics an hour', async () => {
	const n = await person('Dr New Comer');
	for (let i = 0; i < 3; i++) await newTopic(n, 'travel', `Trip ${i}`, 'Where to go?');
	const r = await api(n, 'POST', '/forums/travel/topics', { title: 'Trip 4', body: 'Again?' });
	assert.equal(r.status, 429);
	assert.ok(Number(r.headers.get('retry-after')) > 0);
});

test('editors shape the forums: create, rename, reorder, archive; archived forums are read-only', async () => {
	const m = await person('Dr Mo Member', { verified: true });
	const slug = 'wilderness-' + (Date.now() % 100000);
	const made = await api(editor, 'POST', '/editor/forums', { slug, name: 'Wilderness medicine', description: 'Far from help.', section: 'open_clinical', position: '11' });
	assert.equal(made.status, 201, made.text);
	assertJsonError(await api(editor, 'POST', '/editor/forums', { slug, name: 'Again', section: 'off_duty' }), 409, 'conflict', 'slug');
	assertJsonError(await api(editor, 'POST', '/editor/forums', { slug: 'Bad Slug!', name: 'x', section: 'off_duty' }), 422, 'invalid', 'slug');
	assertJsonError(await api(editor, 'POST', '/editor/forums', { slug: 'ok-slug', name: 'x', section: 'groups' }), 422, 'invalid', 'section');
	assertJsonError(await api(m, 'POST', '/editor/forums', { slug: 'mine', name: 'x', section: 'off_duty' }), 404, 'not_found');
	const t = await newTopic(m, slug, 'Altitude sickness', 'Acetazolamide doses?');
	const up = await api(editor, 'PATCH', `/editor/forums/${slug}`, { name: 'Wilderness and expedition medicine', description: 'Far from help.', archived: true });
	assert.equal(up.status, 200, up.text);
	assert.equal(up.json().archived, true);
	const list = (await api(m, 'GET', '/forums')).json().forums.map((f) => f.slug);
	assert.ok(!list.includes(slug), 'archived forums leave the list');
	const page = await m.b.get(`/f/${slug}`);
	assertHtml(page, 200);
	assert.match(textOf(page.text), /archived/);
	assert.doesNotMatch(page.text, /New topic/);
	assertJsonError(await api(m, 'POST', `/forums/${slug}/topics`, { title: 'x', body: 'y' }), 409, 'conflict');
	assertJsonError(await api(m, 'POST', `/topics/${t.id}/posts`, { body: 'y' }), 409, 'conflict');
	const admin = await editor.b.get('/editor/forums');
	assertHtml(admin, 200);
	assert.match(textOf(admin.text), /Wilderness and expedition medicine \(archived\)/);
	assertHtml(await m.b.get('/editor/forums'), 404);
	const log = (await api(editor, 'GET', '/editor/audit?action=forum.')).json().entries.map((e) => e.action);
	assert.ok(log.includes('forum.create') && log.includes('forum.update'));
});

test('polls: single and multiple choice, results only after voting, one vote each, every bad poll refused', async () => {
	const a = await person('Dr Polly Asker', { verified: true });
	const b = await person('Dr Vo Ter');
	const s = await person('Stella Student', { type: 'student' });
	const bad = [
		[{ poll_question: 'Q?', poll_options: 'only one' }, 'poll_options'],
		[{ poll_question: 'Q?', poll_options: Array.from({ length: 11 }, (_, i) => `o${i}`).join('\n') }, 'poll_options'],
		[{ poll_options: 'a\nb' }, 'poll_question'],
		[{ poll_question: 'Q?', poll_options: 'a\nb', poll_days: '0' }, 'poll_days'],
		[{ poll_question: 'Q?', poll_options: 'a\nb', poll_days: '400' }, 'poll_days'],
		[{ poll_question: 'Q?', poll_options: 'x'.repeat(201) + '\nb' }, 'poll_options'],
	];
	for (const [poll, field] of bad)
		assertJsonError(await api(a, 'POST', '/forums/emergency-critical-care/topics', { title: 'Poll', body: 'Vote', ...poll }), 422, 'invalid', field);
	const t = await newTopic(a, 'emergency-critical-care', 'Chest drain or needle first?', 'Tension pneumothorax, prehospital.',
		{ poll_question: 'What do you do first?', poll_options: 'Needle decompression\n\nFinger thoracostomy\nChest drain', poll_days: '7' });
	assert.equal(t.poll.question, 'What do you do first?');
	assert.deepEqual(t.poll.options.map((o) => o.label), ['Needle decompression', 'Finger thoracostomy', 'Chest drain']);
	assert.ok(!('votes' in t.poll.options[0]), 'no results before voting');
	assert.ok(t.poll.closes_at > Date.now() / 1000 + 6 * 86400);
	const [o1, o2] = t.poll.options.map((o) => o.id);
	assertJsonError(await api(b, 'POST', `/topics/${t.id}/votes`, { choices: `${o1},${o2}` }), 409, 'conflict');
	assertJsonError(await api(b, 'POST', `/topics/${t.id}/votes`, { choices: '99999999' }), 404, 'not_found');
	assertJsonError(await api(b, 'POST', `/topics/${t.id}/votes`, { choices: 'abc' }), 422, 'invalid', 'choices');
	assertJsonError(await api(b, 'POST', `/topics/${t.id}/votes`, {}), 422, 'invalid', 'choices');
	const v = await api(b, 'POST', `/topics/${t.id}/votes`, { choices: `${o2}` });
	assert.equal(v.status, 200, v.text);
	assert.equal(v.json().voters, 1);
	assert.equal(v.json().options[1].votes, 1);
	assert.equal(v.json().options[1].mine, true);
	assertJsonError(await api(b, 'POST', `/topics/${t.id}/votes`, { choices: `${o1}` }), 409, 'conflict');
	// The page: the form before voting, the results after.
	const before = await s.b.get(`/t/${t.id}`);
	assert.match(before.text, /name="choice"/);
	assert.doesNotMatch(textOf(before.text), /1 voted/);
	const voted = await s.b.submit(`/t/${t.id}/vote`, { choice: String(o1) }, { from: `/t/${t.id}` });
	assert.equal(voted.status, 303);
	const after = await s.b.get(`/t/${t.id}`);
	assert.match(textOf(after.text), /2 voted/);
	assert.match(textOf(after.text), /Needle decompression Your choice 1 votes, 50%/);
	// Multiple choice.
	const m = await newTopic(a, 'cycling', 'Which kit?', 'Pick all.', { poll_question: 'What do you carry?', poll_options: 'Pump\nTube\nLights', poll_multiple: true });
	const ids = m.poll.options.map((o) => o.id);
	const mv = await api(b, 'POST', `/topics/${m.id}/votes`, { choices: `${ids[0]},${ids[2]}` });
	assert.deepEqual(mv.json().options.map((o) => o.votes), [1, 0, 1]);
	assertJsonError(await api(b, 'POST', `/topics/${m.id}/votes`, { choices: `${ids[1]}` }), 409, 'conflict');
	// A closed forum's poll is as hidden as its topic.
	const c = await newTopic(a, 'medicine-doctors', 'Closed poll', 'x', { poll_question: 'Q?', poll_options: 'a\nb' });
	assertJsonError(await api(s, 'POST', `/topics/${c.id}/votes`, { choices: `${c.poll.options[0].id}` }), 404, 'not_found');
	assertJsonError(await api(b, 'POST', `/topics/${c.id}/votes`, { choices: `${c.poll.options[0].id}` }), 404, 'not_found');
	// Replies carry no poll.
	const r = await api(a, 'POST', `/topics/${t.id}/posts`, { body: 'Bump', poll_question: 'Q?', poll_options: 'a\nb' });
	assert.equal(r.status, 201);
	assert.equal((await api(a, 'GET', `/topics/${t.id}`)).json().poll.question, 'What do you do first?');
});

test('ROUNDS_CACHE_MB=0 keeps no page: a topic page still shows each reply and edit as it changes; a bad value stops serve', async () => {
	const s = await startServer({ env: { ROUNDS_CACHE_MB: '0' } });
	try {
		const a = await s.person('Dr Nell Nocache');
		const b = await s.person('Dr Otto Other');
		const t = await s.api(a, 'POST', '/forums/medicine/topics', { title: 'Uncached ward round', body: 'The first post of it.' });
		assert.equal(t.status, 201, t.text);
		const id = t.json().id;
		const seen = async (who) => textOf((await who.b.get(`/t/${id}`)).text);
		assert.match(await seen(b), /The first post of it\./);
		const r = await s.api(b, 'POST', `/topics/${id}/posts`, { body: 'A reply nobody kept.' });
		assert.equal(r.status, 201, r.text);
		assert.match(await seen(a), /A reply nobody kept\./);
		assert.equal((await s.api(b, 'PATCH', `/posts/${r.json().id}`, { body: 'An edited reply.' })).status, 200);
		const after = await seen(a);
		assert.match(after, /An edited reply\./);
		assert.doesNotMatch(after, /A reply nobody kept/);
	} finally {
		await s.stop();
	}
	for (const v of ['lots', '-1', '1e3']) {
		const bad = await run(BIN, ['serve', '--db', 'sqlite::memory:', '--listen', '127.0.0.1:1'], { env: { ...process.env, ROUNDS_CACHE_MB: v } });
		assert.equal(bad.code, 2, `ROUNDS_CACHE_MB=${v}: ${bad.stderr}`);
		assert.match(bad.stderr, /bad value in ROUNDS_CACHE_MB/);
	}
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
