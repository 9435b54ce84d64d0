// messages.test.mjs: private messages (issue 4): conversations of two to
// twenty members from the compose form and the API, replies, unread
// counts (in the navigation and the API), mute and leave, blocks (no new
// conversation, no message into a shared one, no connection request),
// reports to the editors (who see the reported message and nothing else
// of the conversation), Markdown made safe, and every refusal: bad
// recipients, empty and oversized bodies, outsiders and staff reading a
// conversation they are not in, visitors, rate limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, assertFieldError, textOf } from './lib.mjs';

let srv, editor, admin;
before(async () => {
	srv = await startServer();
	editor = await person('Eddie Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
	admin = await person('Ada Admin');
	assert.equal((await srv.cli(['user', 'role', admin.email, '+admin'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/* The unread count the navigation shows, or 0. */
function navUnread(html) {
	const m = /href="\/messages">Messages <span class="count">(\d+)/.exec(html);
	return m ? Number(m[1]) : 0;
}

async function startApi(from, to, body, subject = '') {
	const r = await api(from, 'POST', '/conversations', { to: to.map((p) => `@${p.handle}`).join(', '), subject, body });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

test('compose from a profile → the conversation; the other sees it unread, reads it, replies', async () => {
	const a = await person('Dr Amal Writer');
	const z = await person('Dr Zoe Reader');
	const prof = await a.b.get(`/u/${z.handle}`);
	assert.match(prof.text, new RegExp(`href="/messages/new\\?to=${z.handle}"`));
	const form = await a.b.get(`/messages/new?to=${z.handle}`);
	assertHtml(form, 200);
	assert.match(form.text, new RegExp(`name="to"[^>]*value="${z.handle}"`));
	const sent = await a.b.submit('/messages', { to: z.handle, subject: 'Night shift swap', body: 'Could you take **Friday**?' },
		{ from: '/messages/new' });
	assert.equal(sent.status, 303, sent.text);
	const where = sent.location;
	assert.match(where, /^\/messages\/\d+$/);
	const mine = await a.b.get(where);
	assertHtml(mine, 200);
	assert.match(mine.text, /<strong>Friday<\/strong>/, 'Markdown rendered');
	assert.match(textOf(mine.text), /Night shift swap/);
	// The other side: unread in the navigation, the list and the API.
	const home = await z.b.get('/');
	assert.equal(navUnread(home.text), 1);
	const list = await z.b.get('/messages');
	assert.match(textOf(list.text), /Night shift swap/);
	assert.match(textOf(list.text), new RegExp(`With ${a.name}`));
	assert.equal((await api(z, 'GET', '/me')).json().unread_messages, 1);
	const convs = (await api(z, 'GET', '/conversations')).json();
	assert.equal(convs.unread, 1);
	assert.equal(convs.total, 1);
	assert.equal(convs.conversations[0].unread, 1);
	// Reading it clears the count, on the very page that shows it.
	const read = await z.b.get(where);
	assertHtml(read, 200);
	assert.equal(navUnread(read.text), 0);
	assert.equal((await api(z, 'GET', '/me')).json().unread_messages, 0);
	// A reply lands at its anchor; the writer sees one unread.
	const rep = await z.b.submit(where, { body: 'Yes, happy to.' });
	assert.equal(rep.status, 303);
	assert.match(rep.location, new RegExp(`^${where}#m\\d+$`));
	assert.equal(navUnread((await a.b.get('/')).text), 1);
	const thread = await a.b.get(where);
	assert.match(textOf(thread.text), /Could you take\s*Friday\s*\?[\s\S]*Yes, happy to\./, 'oldest first');
});

test('a group conversation of three; the API reads, posts, mutes and leaves', async () => {
	const a = await person('Grp Author');
	const b = await person('Grp Bee');
	const c = await person('Grp Cee');
	const conv = await startApi(a, [b, c], 'Journal club on Thursday?', 'Journal club');
	assert.equal(conv.subject, 'Journal club');
	assert.deepEqual(conv.members.map((m) => m.handle).sort(), [a.handle, b.handle, c.handle].sort());
	assert.equal(conv.messages.length, 1);
	assert.equal(conv.messages[0].author.handle, a.handle);
	assert.match(conv.messages[0].body_html, /<p>Journal club on Thursday\?<\/p>/);
	const list = (await api(c, 'GET', '/conversations')).json();
	assert.match(list.conversations[0].others, new RegExp(`${a.name}, ${b.name}`));
	// b replies through the API.
	const m = await api(b, 'POST', `/conversations/${conv.id}/messages`, { body: 'I can present.' });
	assert.equal(m.status, 201, m.text);
	assert.equal(m.json().author.handle, b.handle);
	assert.equal(m.json().body, 'I can present.');
	assert.equal((await api(c, 'GET', '/me')).json().unread_messages, 2);
	// c mutes: the count leaves the totals but stays on the conversation.
	const muted = await api(c, 'POST', `/conversations/${conv.id}/mute`);
	assert.equal(muted.status, 200);
	assert.equal(muted.json().muted, true);
	assert.equal((await api(c, 'GET', '/me')).json().unread_messages, 0);
	assert.equal(navUnread((await c.b.get('/')).text), 0);
	assert.equal((await api(c, 'POST', `/conversations/${conv.id}/unmute`)).json().muted, false);
	assert.equal((await api(c, 'GET', '/me')).json().unread_messages, 2);
	// Reading through the API marks it read.
	const got = await api(c, 'GET', `/conversations/${conv.id}`);
	assert.equal(got.status, 200);
	assert.equal(got.json().messages.length, 2);
	assert.equal((await api(c, 'GET', '/me')).json().unread_messages, 0);
	// c leaves: gone for c, still there for the others.
	assert.equal((await api(c, 'POST', `/conversations/${conv.id}/leave`)).status, 204);
	assertJsonError(await api(c, 'GET', `/conversations/${conv.id}`), 404, 'not_found');
	assertJsonError(await api(c, 'POST', `/conversations/${conv.id}/messages`, { body: 'back' }), 404, 'not_found');
	assert.equal((await api(c, 'GET', '/conversations')).json().total, 0);
	assert.equal((await api(a, 'GET', `/conversations/${conv.id}`)).json().members.length, 2);
	assertJsonError(await api(a, 'POST', `/conversations/${conv.id}/frobnicate`), 404, 'not_found');
	// The page's mute and leave buttons.
	const page = `/messages/${conv.id}`;
	const mu = await b.b.submit(`${page}/mute`, {}, { from: page });
	assert.equal(mu.status, 303);
	assert.match((await b.b.get(page)).text, new RegExp(`action="${page}/unmute"`));
	const lv = await b.b.submit(`${page}/leave`, {}, { from: page });
	assert.equal(lv.status, 303);
	assert.equal(lv.location, '/messages');
	assertHtml(await b.b.get(page), 404);
});

test('bad recipients and bodies: 422 naming the field, nothing sent', async () => {
	const a = await person('Bad Input Sender');
	const z = await person('Bad Input Target');
	const cases = [
		[{ to: '', body: 'hi' }, 'to'],
		[{ to: 'no such handle!', body: 'hi' }, 'to'],
		[{ to: 'nosuchmember_zz9', body: 'hi' }, 'to'],
		[{ to: a.handle, body: 'to myself' }, 'to'],
		[{ to: z.handle, body: '' }, 'body'],
		[{ to: z.handle, body: ' \n\n ' }, 'body'],
		[{ to: z.handle, body: 'x'.repeat(20001) }, 'body'],
		[{ to: z.handle, subject: 's'.repeat(201), body: 'hi' }, 'subject'],
		[{ to: Array.from({ length: 20 }, (_, i) => `member_${i}`).join(','), body: 'hi' }, 'to'],
	];
	for (const [json, fieldName] of cases) {
		const r = await api(a, 'POST', '/conversations', json);
		assertJsonError(r, 422, 'invalid', fieldName);
	}
	assert.match((await api(a, 'POST', '/conversations', { to: 'nosuchmember_zz9', body: 'hi' })).json().error.message,
		/@nosuchmember_zz9/);
	assert.equal((await api(z, 'GET', '/conversations')).json().total, 0, 'nothing reached the target');
	assert.equal((await api(a, 'GET', '/conversations')).json().total, 0);
	// The page shows the form again with the field marked.
	const r = await a.b.submit('/messages', { to: 'nosuchmember_zz9', body: 'Hello there' }, { from: '/messages/new' });
	assertHtml(r, 422);
	assertFieldError(r.text, 'to', /No member has the handle @nosuchmember_zz9/);
	assert.match(r.text, /Hello there<\/textarea>/, 'what was typed stays');
	const e = await a.b.submit('/messages', { to: z.handle, body: '' }, { from: '/messages/new' });
	assertHtml(e, 422);
	assertFieldError(e.text, 'body', /Message is required/);
	// Repeats and @ signs are fine: one conversation of two.
	const ok = await startApi(a, [z, z], 'twice named');
	assert.equal(ok.members.length, 2);
	// A suspended member cannot be written to.
	const s = await person('Soon Suspended');
	assert.equal((await srv.cli(['user', 'suspend', s.email])).code, 0);
	assertJsonError(await api(a, 'POST', '/conversations', { to: s.handle, body: 'hi' }), 422, 'invalid', 'to');
	// A reply must have a body.
	assertJsonError(await api(a, 'POST', `/conversations/${ok.id}/messages`, { body: '' }), 422, 'invalid', 'body');
	const page = await a.b.submit(`/messages/${ok.id}`, { body: '  ' }, { from: `/messages/${ok.id}` });
	assertHtml(page, 422);
	assertFieldError(page.text, 'body', /must not be empty/);
});

test('blocks: the blocked member cannot start a conversation, write into a shared one, or ask to connect', async () => {
	const a = await person('Blocked Sender');
	const z = await person('Blocking Member');
	const conv = await startApi(a, [z], 'before the block');
	assert.equal((await api(a, 'POST', '/connections', { handle: z.handle })).status, 201);
	// z blocks a from the profile page.
	const prof = await z.b.get(`/u/${a.handle}`);
	assert.match(prof.text, new RegExp(`action="/blocks/${a.handle}/block"`));
	const bl = await z.b.submit(`/blocks/${a.handle}/block`, {}, { from: `/u/${a.handle}` });
	assert.equal(bl.status, 303);
	assert.match(textOf((await z.b.get(`/u/${a.handle}`)).text), /You blocked/);
	assert.deepEqual((await api(z, 'GET', '/blocks')).json().blocked.map((m) => m.handle), [a.handle]);
	assert.equal((await api(z, 'GET', '/connections')).json().incoming.length, 0, 'the request went with the block');
	// Messaging a member who blocked you.
	const r = await api(a, 'POST', '/conversations', { to: z.handle, body: 'hello?' });
	assertJsonError(r, 403, 'blocked');
	assert.match(r.json().error.message, /does not accept messages from you/);
	assertJsonError(await api(a, 'POST', `/conversations/${conv.id}/messages`, { body: 'still there?' }), 403, 'blocked');
	const page = await a.b.submit('/messages', { to: z.handle, body: 'hello?' }, { from: '/messages/new' });
	assertHtml(page, 403);
	assert.match(textOf(page.text), /does not accept messages from you/);
	const rep = await a.b.submit(`/messages/${conv.id}`, { body: 'hello?' }, { from: `/messages/${conv.id}` });
	assertHtml(rep, 403);
	assertJsonError(await api(a, 'POST', '/connections', { handle: z.handle }), 403, 'blocked');
	// The blocker cannot write to them either until they unblock.
	assertJsonError(await api(z, 'POST', '/conversations', { to: a.handle, body: 'hm' }), 403, 'blocked');
	const msgs = (await api(z, 'GET', `/conversations/${conv.id}`)).json().messages;
	assert.equal(msgs.length, 1, 'nothing got through');
	assertJsonError(await api(z, 'POST', '/blocks', { handle: a.handle }), 409, 'conflict');
	assertJsonError(await api(z, 'POST', '/blocks', { handle: 'nosuchmember_zz9' }), 404, 'not_found');
	assertJsonError(await api(z, 'POST', '/blocks', { handle: z.handle }), 404, 'not_found');
	// Unblock (API): messages flow again.
	assert.equal((await api(z, 'DELETE', `/blocks/${a.handle}`)).status, 204);
	assertJsonError(await api(z, 'DELETE', `/blocks/${a.handle}`), 409, 'conflict');
	assert.equal((await api(a, 'POST', `/conversations/${conv.id}/messages`, { body: 'thanks' })).status, 201);
	// Block and unblock from /messages too.
	assert.equal((await api(z, 'POST', '/blocks', { handle: a.handle })).status, 201);
	const listed = await z.b.get('/messages');
	assert.match(textOf(listed.text), new RegExp(`Unblock ${a.name}`));
	const un = await z.b.submit(`/blocks/${a.handle}/unblock`, { back: 'messages' }, { from: '/messages' });
	assert.equal(un.status, 303);
	assert.equal(un.location, '/messages');
	assert.equal((await api(z, 'GET', '/blocks')).json().blocked.length, 0);
});

test('outsiders, editors and admins cannot read a conversation they are not in', async () => {
	const a = await person('Private One');
	const z = await person('Private Two');
	const o = await person('Nosy Outsider');
	const conv = await startApi(a, [z], 'Confidential: my own health', 'Private');
	for (const who of [o, editor, admin]) {
		assertHtml(await who.b.get(`/messages/${conv.id}`), 404);
		assertJsonError(await api(who, 'GET', `/conversations/${conv.id}`), 404, 'not_found');
		assertJsonError(await api(who, 'POST', `/conversations/${conv.id}/messages`, { body: 'hi' }), 404, 'not_found');
		assertJsonError(await api(who, 'POST', `/conversations/${conv.id}/mute`), 404, 'not_found');
		const list = (await api(who, 'GET', '/conversations')).json();
		assert.ok(!list.conversations.some((c) => c.id === conv.id));
		assertJsonError(await api(who, 'POST', `/messages/${conv.messages[0].id}/report`, { reason: 'x' }), 404, 'not_found');
	}
	assertHtml(await o.b.get('/messages/999999999'), 404);
	assertHtml(await o.b.get('/messages/abc'), 404);
	// Visitors: sign in first.
	const v = srv.browser();
	const page = await v.get(`/messages/${conv.id}`);
	assert.equal(page.status, 303);
	assert.match(page.location, /^\/signin/);
	assertJsonError(await v.get('/api/v1/conversations'), 401, 'unauthenticated');
	// Without a CSRF token, a form post is refused.
	assert.equal((await a.b.post(`/messages/${conv.id}`, { form: { body: 'x' } })).status, 403);
});

test('a report shows the editors that message alone; they remove it or dismiss the report', async () => {
	const a = await person('Rude Writer');
	const z = await person('Reporting Member');
	const conv = await startApi(a, [z], 'A harmless first line');
	const bad = await api(a, 'POST', `/conversations/${conv.id}/messages`, { body: 'Something abusive here' });
	const badId = bad.json().id;
	// Reporting from the page.
	const page = `/messages/${conv.id}`;
	const html = (await z.b.get(page)).text;
	assert.match(html, new RegExp(`name="message" value="${badId}"`));
	const rep = await z.b.submit(`${page}/report`, { message: String(badId), reason: 'Abusive language' }, { from: page });
	assert.equal(rep.status, 303, rep.text);
	assertHtml(await z.b.submit(`${page}/report`, { message: String(badId), reason: 'again' }, { from: page }), 409);
	assertHtml(await z.b.submit(`${page}/report`, { message: String(badId), reason: '' }, { from: page }), 422);
	// One's own message cannot be reported; nor a message of another conversation.
	assertJsonError(await api(a, 'POST', `/messages/${badId}/report`, { reason: 'mine' }), 404, 'not_found');
	// The editors' queue: the reported message, not the rest.
	const q = await editor.b.get('/editor/reports');
	assertHtml(q, 200);
	const qt = textOf(q.text);
	assert.match(qt, /Something abusive here/);
	assert.match(qt, /Abusive language/);
	assert.doesNotMatch(qt, /A harmless first line/, 'the rest of the conversation stays private');
	const reports = (await api(editor, 'GET', '/editor/message-reports')).json().reports;
	const mine = reports.find((r) => r.message.id === badId);
	assert.ok(mine, 'the report is in the API queue');
	assert.equal(mine.reason, 'Abusive language');
	assert.equal(mine.reporter.handle, z.handle);
	// Members cannot see the queue.
	assertHtml(await z.b.get('/editor/reports'), 404);
	assertJsonError(await api(z, 'GET', '/editor/message-reports'), 404, 'not_found');
	// Bad decisions.
	assertJsonError(await api(editor, 'POST', `/editor/message-reports/${mine.id}`, { decision: 'burn' }), 422, 'invalid', 'decision');
	assertJsonError(await api(editor, 'POST', '/editor/message-reports/999999', { decision: 'dismiss' }), 404, 'not_found');
	// Remove, from the page.
	const dec = await editor.b.submit(`/editor/reports/${mine.id}`, { decision: 'remove', note: 'abuse' }, { from: '/editor/reports' });
	assert.equal(dec.status, 303);
	assertJsonError(await api(editor, 'POST', `/editor/message-reports/${mine.id}`, { decision: 'dismiss' }), 404, 'not_found');
	const after = (await api(z, 'GET', `/conversations/${conv.id}`)).json().messages;
	const gone = after.find((m) => m.id === badId);
	assert.equal(gone.removed, true);
	assert.equal(gone.body, '');
	assert.match(textOf((await z.b.get(page)).text), /removed by the editors/);
	// Dismiss, through the API.
	const other = await api(a, 'POST', `/conversations/${conv.id}/messages`, { body: 'Borderline remark' });
	const r2 = await api(z, 'POST', `/messages/${other.json().id}/report`, { reason: 'Not sure' });
	assert.equal(r2.status, 201);
	const d = await api(editor, 'POST', `/editor/message-reports/${r2.json().id}`, { decision: 'dismiss', note: 'fine' });
	assert.equal(d.status, 200);
	assert.equal(d.json().status, 'dismissed');
	const kept = (await api(z, 'GET', `/conversations/${conv.id}`)).json().messages.find((m) => m.id === other.json().id);
	assert.equal(kept.body, 'Borderline remark');
});

test('Markdown is made safe: no raw HTML, no script links, images become links', async () => {
	const a = await person('Md Sender');
	const z = await person('Md Reader');
	const body = [
		'<script>alert(1)</script>',
		'[click](javascript:alert(1)) and [ok](https://example.org/guide)',
		'<img src=x onerror=alert(1)>',
		'![scan](https://example.org/x.png)',
		'`<b>code</b>`',
	].join('\n\n');
	const conv = await startApi(a, [z], body);
	const html = conv.messages[0].body_html;
	assert.doesNotMatch(html, /<script|onerror|javascript:|<img/i);
	assert.match(html, /<a rel="nofollow ugc noopener" href="https:\/\/example.org\/guide">ok<\/a>/);
	assert.match(html, /<a rel="nofollow ugc noopener" href="https:\/\/example.org\/x.png">scan<\/a>/);
	assert.match(html, /<code>&lt;b&gt;code&lt;\/b&gt;<\/code>/);
	const page = (await z.b.get(`/messages/${conv.id}`)).text;
	assert.doesNotMatch(page, /<script>alert|onerror=/);
	assert.equal(conv.messages[0].body, body, 'the source is kept as typed');
});

test('starting conversations is rate-limited per member: the 21st in an hour → 429', async () => {
	const a = await person('Busy Sender');
	const z = await person('Busy Target');
	for (let i = 0; i < 20; i++) await startApi(a, [z], `note ${i}`);
	const r = await api(a, 'POST', '/conversations', { to: z.handle, body: 'one more' });
	assertJsonError(r, 429, r.json().error.code);
	assert.ok(Number(r.headers.get('retry-after')) > 0);
	assert.equal((await api(z, 'GET', '/conversations')).json().total, 20);
	// Replies still work, under their own limit.
	const list = (await api(a, 'GET', '/conversations')).json();
	assert.equal(list.conversations.length, 20);
	assert.equal((await api(a, 'POST', `/conversations/${list.conversations[0].id}/messages`, { body: 'reply' })).status, 201);
	// Pages of 20.
	assert.equal((await api(a, 'GET', '/conversations?page=2')).json().conversations.length, 0);
	assertJsonError(await api(a, 'GET', '/conversations?page=zero'), 400, 'bad_request');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
