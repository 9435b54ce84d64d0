// mail_notify.test.mjs: what members are emailed about, and when (issue 9),
// against the running server, reading what the sender delivers (the spool).
// The settings (API and page: defaults, 422 naming an unknown kind or mode
// with nothing changed); each kind at once (a reply in a watched topic, a
// mention, a message, an invitation, a decision) with a working link and
// never the text of a post or message in any part; the same kinds on the
// daily digest (nothing at once, then one digest gathering them, made due by
// `rounds mail digests --now`); a digest skipped when all is read on the
// site; never means nothing; the hourly cap (the rest waits for the digest);
// one-click unsubscribe with and without a session and through its page; a
// bad MAC a 400 changing nothing; and a closed-clinical reply to a doctor
// whose verification was withdrawn, emailed without its title.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sleep, unique, assertHtml, assertJsonError, csrfToken, textOf } from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await person(srv, 'Eddie Editor', { verified: true });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

/** How long the fan-out may take to notice an event and the sender to deliver it. */
const PROMPT = 15000;

/** Server.person on server s, which the person keeps (.s) for api(). */
async function person(s, name, opts = {}) {
	return { ...(await s.person(name, opts)), s };
}

const api = (who, method, p, json) => who.s.api(who, method, p, json);

async function setModes(who, modes) {
	const r = await api(who, 'PATCH', '/settings/email', { modes });
	assert.equal(r.status, 200, r.text);
	return r.json();
}

async function newTopic(who, forum, title, body) {
	const r = await api(who, 'POST', `/forums/${forum}/topics`, { title, body });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

async function reply(who, topic, body) {
	const r = await api(who, 'POST', `/topics/${topic}/posts`, { body });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

async function message(from, to, subject, body) {
	const r = await api(from, 'POST', '/conversations', { to: `@${to.handle}`, subject, body });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** A group requested by OWNER and decided by the editor. */
async function group(owner, name, decision = 'approve') {
	const r = await api(owner, 'POST', '/groups', { name, purpose: `A private place for ${name}.` });
	assert.equal(r.status, 201, r.text);
	const json = decision === 'approve' ? { decision } : { decision, reason: 'Not now, thank you.' };
	const d = await api(editor, 'POST', `/editor/groups/${r.json().id}`, json);
	assert.equal(d.status, 200, d.text);
	return r.json();
}

async function invite(owner, slug, who) {
	const r = await api(owner, 'POST', `/groups/${slug}/invitations`, { handle: who.handle });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** The first mail to WHO whose subject matches RE, waiting up to TIMEOUT. */
async function mailMatching(who, re, timeout = PROMPT) {
	const deadline = Date.now() + timeout;
	for (;;) {
		const m = (await who.s.mailsFor(who.email)).find((x) => re.test(x.headers.subject ?? ''));
		if (m) return m;
		if (Date.now() > deadline) assert.fail(`no mail to ${who.email} with a subject like ${re}`);
		await sleep(150);
	}
}

/** Mails to WHO after waiting MS (the fan-out has had its chance). */
async function mailsAfter(who, ms = 6000) {
	await sleep(ms);
	return who.s.mailsFor(who.email);
}

/** MAIL never carries any of TEXTS, in its raw form or any decoded part. */
function assertClean(mail, ...texts) {
	for (const t of texts) {
		assert.ok(!mail.raw.includes(t), `the raw mail carries "${t}"`);
		assert.ok(!mail.body.includes(t), `the text part carries "${t}"`);
		assert.ok(!mail.html.includes(t), `the HTML part carries "${t}"`);
		for (const p of mail.parts) assert.ok(!p.text.includes(t), `a part carries "${t}"`);
	}
}

/** MAIL links to PATH under the base in both parts; the link answers WHO (200, or a redirect to 200). */
async function assertLink(mail, who, p) {
	const url = `${who.s.base}${p}`;
	assert.ok(mail.body.includes(url), `the text part links to ${url}:\n${mail.body}`);
	assert.ok(mail.html.includes(url), `the HTML part links to ${url}`);
	let r = await who.b.get(p);
	if (r.status === 303 || r.status === 302) r = await who.b.get(r.location);
	assert.equal(r.status, 200, `${p} answers ${r.status}`);
}

function unsubscribeUrl(mail) {
	const h = mail.headers['list-unsubscribe'] ?? '';
	const m = h.match(/<([^>]+)>/);
	assert.ok(m, `a List-Unsubscribe header: ${h}`);
	assert.match(mail.headers['list-unsubscribe-post'] ?? '', /List-Unsubscribe=One-Click/);
	return new URL(m[1]);
}

async function digestsNow(s = srv) {
	const r = await s.cli(['mail', 'digests', '--now']);
	assert.equal(r.code, 0, r.stderr);
}

const marker = () => `zq${unique('').replace(/[^a-z]/gi, '').slice(0, 10)}xv`;

test('settings: defaults, a change, and 422 naming an unknown kind or mode with nothing changed', async () => {
	const m = await person(srv, 'Dr Sara Settings');
	const r = await api(m, 'GET', '/settings/email');
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json(), {
		modes: { reply: 'daily', mention: 'daily', message: 'daily', invitation: 'daily', decision: 'immediate' },
		address: m.email,
		bounced: false,
		bounced_at: null,
	});
	const before = r.json();
	for (const [modes, field] of [
		[{ replies: 'daily' }, 'modes.replies'],
		[{ reply: 'hourly' }, 'modes.reply'],
		[{ reply: 'never', account: 'never' }, 'modes.account'],
		[{ mention: 'never', digest: 'daily' }, 'modes.digest'],
		[{ reply: 7 }, 'modes.reply'],
	]) {
		const bad = await api(m, 'PATCH', '/settings/email', { modes });
		assertJsonError(bad, 422, 'invalid');
		assert.equal(bad.json().error.field, field, bad.text);
		assert.deepEqual((await api(m, 'GET', '/settings/email')).json(), before, 'nothing changed');
	}
	assertJsonError(await api(m, 'PATCH', '/settings/email', { modes: 'never' }), 422, 'invalid');
	assertJsonError(await api(m, 'PATCH', '/settings/email', {}), 422, 'invalid');
	const ok = await setModes(m, { reply: 'immediate', message: 'weekly', decision: 'never' });
	assert.deepEqual(ok.modes, { reply: 'immediate', mention: 'daily', message: 'weekly', invitation: 'daily', decision: 'never' });
	assert.deepEqual((await api(m, 'GET', '/settings/email')).json().modes, ok.modes);
	// Not signed in: 401.
	assertJsonError(await srv.browser().request('GET', '/api/v1/settings/email'), 401, 'unauthenticated');
	// The bounce "try again" answers the settings (nothing bounces here).
	const tryAgain = await api(m, 'POST', '/settings/email/bounce');
	assert.equal(tryAgain.status, 200, tryAgain.text);
	assert.equal(tryAgain.json().bounced, false);
});

test('settings page: a fieldset of four per kind, saved with CSRF, a bad value refused; linked from /settings', async () => {
	const m = await person(srv, 'Dr Paula Page');
	const settings = await m.b.get('/settings');
	assert.match(settings.text, /href="\/settings\/email"/);
	const page = await m.b.get('/settings/email');
	assertHtml(page, 200);
	assert.equal((page.text.match(/<fieldset/g) ?? []).length, 5);
	assert.equal((page.text.match(/<legend>/g) ?? []).length, 5);
	assert.match(page.text, /<input type="radio" id="reply-daily" name="reply" value="daily" checked>/);
	assert.match(page.text, /<input type="radio" id="decision-immediate" name="decision" value="immediate" checked>/);
	assert.ok(textOf(page.text).includes(m.email), 'the address is shown');
	// Saved, and said so.
	const saved = await m.b.submit('/settings/email', { reply: 'weekly', mention: 'never', message: 'daily', invitation: 'immediate', decision: 'daily' });
	assert.equal(saved.status, 303, saved.text);
	assert.equal(saved.location, '/settings/email?saved=1');
	const after1 = await m.b.get(saved.location);
	assertHtml(after1, 200);
	assert.match(textOf(after1.text), /Saved/);
	assert.match(after1.text, /id="reply-weekly" name="reply" value="weekly" checked/);
	assert.deepEqual((await api(m, 'GET', '/settings/email')).json().modes, {
		reply: 'weekly', mention: 'never', message: 'daily', invitation: 'immediate', decision: 'daily',
	});
	// A bad value: the form again (422), nothing changed.
	const bad = await m.b.submit('/settings/email', { reply: 'hourly', mention: 'daily' });
	assert.equal(bad.status, 422, bad.text);
	assert.equal((await api(m, 'GET', '/settings/email')).json().modes.mention, 'never');
	// Without the CSRF token: refused.
	const forged = await m.b.post('/settings/email', { form: { reply: 'never' } });
	assert.equal(forged.status, 403);
	assert.equal((await api(m, 'GET', '/settings/email')).json().modes.reply, 'weekly');
	// Visitors are sent to sign in.
	assert.equal((await srv.browser().get('/settings/email')).status, 303);
});

let replyMail, watcher;

test('immediate: a reply, a mention, a message, an invitation and a decision, each with a link and no text', async () => {
	const a = await person(srv, 'Dr Ada Author', { verified: true });
	const b = await person(srv, 'Dr Ben Replier', { verified: true });
	const c = await person(srv, 'Dr Cleo Mentioned');
	watcher = a;
	await setModes(a, { reply: 'immediate', message: 'immediate' });
	await setModes(c, { mention: 'immediate', invitation: 'immediate' });
	const word = marker();
	const title = `Night sweats and a cough ${unique('t')}`;
	const t = await newTopic(a, 'medicine', title, `The first post ${word}.`);
	const p = await reply(b, t.id, `Consider TB, @${c.handle}. ${word} patient details here.`);
	// The watcher: a reply.
	const rm = await mailMatching(a, /reply/i);
	assert.ok(rm.headers.subject.includes(title), rm.headers.subject);
	assert.ok(rm.body.includes('Dr Ben Replier'), rm.body);
	assertClean(rm, word, 'patient details');
	await assertLink(rm, a, `/p/${p.id}`);
	assert.equal(unsubscribeUrl(rm).searchParams.get('s'), 'reply');
	assert.ok(rm.body.includes(`${srv.base}/settings/email`), 'a link to the settings');
	replyMail = rm;
	// The mentioned: a mention.
	const mm = await mailMatching(c, /mention/i);
	assert.ok(mm.headers.subject.includes(title), mm.headers.subject);
	assertClean(mm, word, 'patient details');
	await assertLink(mm, c, `/p/${p.id}`);
	assert.equal(unsubscribeUrl(mm).searchParams.get('s'), 'mention');
	// A message.
	const subject = `Rota for June ${unique('s')}`;
	const conv = await message(b, a, subject, `Can you swap? ${word} my patient's name.`);
	const msg = await mailMatching(a, /message/i);
	assert.ok(msg.headers.subject.includes(subject), msg.headers.subject);
	assertClean(msg, word, "patient's name");
	await assertLink(msg, a, `/messages/${conv.id}`);
	// A decision (immediate by default): the group approved.
	const gname = `Chest Physicians ${unique('g')}`;
	const g = await group(a, gname);
	const dm = await mailMatching(a, /approved/i);
	assert.ok(dm.body.includes(gname), dm.body);
	// An invitation.
	await invite(a, g.slug, c);
	const im = await mailMatching(c, /invitation/i);
	assert.ok(im.headers.subject.includes(gname), im.headers.subject);
	await assertLink(im, c, '/groups');
	assert.equal(unsubscribeUrl(im).searchParams.get('s'), 'invitation');
	// One mail per event: nothing twice.
	const all = await mailsAfter(a, 3000);
	assert.equal(all.filter((x) => /reply/i.test(x.headers.subject)).length, 1);
	assert.equal(all.filter((x) => /message/i.test(x.headers.subject)).length, 1);
});

test('never: nothing at all; decisions on never are not mailed', async () => {
	const a = await person(srv, 'Dr Nora Never');
	const b = await person(srv, 'Dr Ned Noisy');
	await setModes(a, { reply: 'never', mention: 'never', message: 'never', decision: 'never' });
	const t = await newTopic(a, 'medicine', `Quiet topic ${unique('q')}`, 'First.');
	await reply(b, t.id, `A reply, @${a.handle}.`);
	await message(b, a, 'Hello', 'A message.');
	await group(a, `Quiet Group ${unique('g')}`);
	assert.equal((await mailsAfter(a)).length, 0, 'no mail at all');
	await digestsNow();
	assert.equal((await mailsAfter(a, 1500)).length, 0, 'no digest either');
});

test('daily: nothing at once, then one digest gathering the reply, mention, message, invitation and decision', async () => {
	const d = await person(srv, 'Dr Dora Digest', { verified: true });
	const b = await person(srv, 'Dr Bo Busy', { verified: true });
	const owner = await person(srv, 'Dr Olga Owner');
	await setModes(d, { decision: 'daily' }); // the rest are daily by default
	const word = marker();
	const title = `Digest topic ${unique('t')}`;
	const t = await newTopic(d, 'medicine', title, 'First.');
	await reply(b, t.id, `A reply ${word}.`);
	const other = await newTopic(b, 'medicine', `Mentioning topic ${unique('t')}`, `Hello @${d.handle} ${word}.`);
	const subject = `Handover ${unique('s')}`;
	await message(b, d, subject, `A message ${word}.`);
	const g = await group(owner, `Digest Group ${unique('g')}`);
	await invite(owner, g.slug, d);
	const mine = `Dora's Group ${unique('g')}`;
	await group(d, mine, 'decline');
	assert.equal((await mailsAfter(d)).length, 0, 'nothing at once');
	await digestsNow();
	const dg = await mailMatching(d, /daily digest/i, 5000);
	for (const s of [title, other.title, subject, g.name, mine]) assert.ok(dg.body.includes(s), `the digest lists "${s}":\n${dg.body}`);
	for (const s of [title, subject, g.name]) assert.ok(dg.html.includes(s.replace(/'/g, '&#39;')) || dg.html.includes(s), `the HTML lists "${s}"`);
	assertClean(dg, word);
	assert.ok(dg.body.includes(`${srv.base}/p/`) && dg.body.includes(`${srv.base}/messages/`), 'links in the digest');
	assert.equal(unsubscribeUrl(dg).searchParams.get('s'), 'daily');
	// Run again: nothing new since, no second digest.
	await digestsNow();
	assert.equal((await mailsAfter(d, 1500)).filter((x) => /digest/i.test(x.headers.subject)).length, 1);
});

test('a digest is skipped when everything was read on the site', async () => {
	const e = await person(srv, 'Dr Eli Reader');
	const b = await person(srv, 'Dr Bea Writer');
	const owner = await person(srv, 'Dr Otto Owner');
	const t = await newTopic(e, 'medicine', `Read topic ${unique('t')}`, 'First.');
	await reply(b, t.id, 'A reply.');
	const conv = await message(b, e, 'Read me', 'A message.');
	const g = await group(owner, `Read Group ${unique('g')}`);
	const iv = await invite(owner, g.slug, e);
	assert.equal((await api(e, 'POST', '/notifications/read')).status < 300, true);
	assert.equal((await api(e, 'POST', `/conversations/${conv.id}/read`)).status < 300, true);
	assert.ok((await api(e, 'POST', `/invitations/${iv.id}`, { decision: 'decline' })).status < 300);
	await digestsNow();
	assert.equal((await mailsAfter(e, 2000)).length, 0, 'no digest');
});

test('the hourly cap: over it nothing more at once; the next daily digest carries the rest', async () => {
	const s = await startServer({ env: { ROUNDS_MAIL_HOURLY_CAP: '2' } });
	try {
		const a = await person(s, 'Dr Cap Watcher');
		const b = await person(s, 'Dr Chatty Replier');
		await setModes(a, { reply: 'immediate' });
		const title = `Busy topic ${unique('t')}`;
		const t = await newTopic(a, 'medicine', title, 'First.');
		for (let i = 0; i < 5; i++) await reply(b, t.id, `Reply number ${i}.`);
		await mailMatching(a, /reply/i);
		const got = await mailsAfter(a, 6000);
		assert.equal(got.filter((x) => /reply/i.test(x.headers.subject)).length, 2, 'two, the cap');
		const r = await s.cli(['mail', 'digests', '--now']);
		assert.equal(r.code, 0, r.stderr);
		const dg = await mailMatching(a, /digest/i, 5000);
		assert.ok(dg.body.includes(title), dg.body);
		await s.stop();
	} finally {
		await s.kill();
	}
});

test('one-click unsubscribe: POST without a session (RFC 8058 body), and through its page', async () => {
	assert.ok(replyMail && watcher, 'the immediate test ran first');
	const url = unsubscribeUrl(replyMail);
	const p = url.pathname + url.search;
	// The page: what it will do, and a button; no session needed.
	const anon = srv.browser();
	const page = await anon.get(p);
	assertHtml(page, 200);
	assert.match(textOf(page.text), /Replies in topics you watch/);
	assert.match(page.text, /<form method="post" action="\/unsubscribe\?m=/);
	// One click, from a mail client: no cookie, no CSRF token.
	const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
	assert.equal(r.status, 200);
	assert.match(await r.text(), /settings\/email/);
	const modes = (await api(watcher, 'GET', '/settings/email')).json().modes;
	assert.equal(modes.reply, 'never');
	assert.equal(modes.message, 'immediate', 'only the scope');
	// Through the page's button, for a digest's scope: every kind in that mode.
	const m = await person(srv, 'Dr Una Unsub');
	const b = await person(srv, 'Dr Uri Other');
	await setModes(m, { reply: 'weekly', mention: 'weekly' });
	const t = await newTopic(m, 'medicine', `Weekly topic ${unique('t')}`, 'First.');
	await reply(b, t.id, 'A reply.');
	const r2 = await srv.cli(['mail', 'digests', '--now']);
	assert.equal(r2.code, 0, r2.stderr);
	const dg = await mailMatching(m, /weekly digest/i, 5000);
	const u2 = unsubscribeUrl(dg);
	assert.equal(u2.searchParams.get('s'), 'weekly');
	const b2 = srv.browser();
	const form = await b2.get(u2.pathname + u2.search);
	assertHtml(form, 200);
	const action = form.text.match(/<form method="post" action="([^"]+)"/)[1].replace(/&amp;/g, '&');
	const done = await b2.post(action, { form: {} });
	assertHtml(done, 200);
	assert.match(textOf(done.text), /no longer email you/);
	assert.deepEqual((await api(m, 'GET', '/settings/email')).json().modes, {
		reply: 'never', mention: 'never', message: 'daily', invitation: 'daily', decision: 'immediate',
	});
});

test('a bad unsubscribe MAC: 400, and nothing changes', async () => {
	const m = await person(srv, 'Dr Mac Bad');
	const before = (await api(m, 'GET', '/settings/email')).json();
	const good = new URL(replyMail ? unsubscribeUrl(replyMail) : `${srv.base}/unsubscribe?m=1&s=reply&t=x`);
	const t = good.searchParams.get('t');
	const cases = [
		`/unsubscribe?m=${m.id ?? 1}&s=reply&t=${t}`,
		`/unsubscribe?m=${good.searchParams.get('m')}&s=daily&t=${t}`,
		`/unsubscribe?m=${good.searchParams.get('m')}&s=reply&t=${t.slice(0, -2)}AA`,
		`/unsubscribe?m=${good.searchParams.get('m')}&s=reply`,
		`/unsubscribe?m=abc&s=reply&t=${t}`,
		`/unsubscribe?m=${good.searchParams.get('m')}&s=account&t=${t}`,
		'/unsubscribe',
	];
	for (const c of cases) {
		const g = await srv.browser().get(c);
		assert.equal(g.status, 400, `GET ${c}`);
		const p = await fetch(srv.base + c, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
		assert.equal(p.status, 400, `POST ${c}`);
	}
	assert.deepEqual((await api(m, 'GET', '/settings/email')).json(), before);
	if (watcher) assert.equal((await api(watcher, 'GET', '/settings/email')).json().modes.message, 'immediate');
});

test('a closed-clinical reply to a doctor whose verification was withdrawn: the email has no title', async () => {
	const v = await person(srv, 'Dr Vic Withdrawn');
	const w = await person(srv, 'Dr Wes Verified', { verified: true });
	const number = String(7000000 + Math.floor(Math.random() * 999999));
	const filed = await api(v, 'POST', '/verification', { authority: 'gmc', number, registered_name: 'Vic Withdrawn' });
	assert.equal(filed.status, 201, filed.text);
	const ok = await api(editor, 'POST', `/editor/verifications/${filed.json().id}`, { decision: 'approve' });
	assert.equal(ok.status, 200, ok.text);
	await setModes(v, { reply: 'immediate' });
	const title = `Closed case ${unique('t')}`;
	const t = await newTopic(v, 'medicine-doctors', title, 'Doctors only.');
	const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-reg-')), 'gmc.csv');
	fs.writeFileSync(csv, `authority,number,name,status\ngmc,${number},Vic Withdrawn,erased\n`);
	const imp = await srv.cli(['register', 'import', csv]);
	assert.equal(imp.code, 0, imp.stderr);
	assert.equal((await api(v, 'GET', '/me')).json().verified, false);
	const word = marker();
	const p = await reply(w, t.id, `Closed text ${word}.`);
	const rm = await mailMatching(v, /reply/i);
	assertClean(rm, title, word);
	assert.ok(rm.body.includes(`${srv.base}/p/${p.id}`), 'the link is there');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
