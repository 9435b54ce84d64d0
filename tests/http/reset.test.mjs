// reset.test.mjs: the password reset (behaviour.md, /reset and
// /reset/TOKEN): the same answer for known and unknown emails, the mail and
// its link, the new password working and the old not, the token working once,
// other sessions ended, a bad new password (422), unknown tokens (404), and
// the limit of 5 requests an hour per address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertFieldError, csrfToken, field, textOf, forms } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

test('POST /reset for an unknown email → 303 /reset/sent, and no mail', async () => {
	const b = srv.browser();
	const email = 'nobody-at-all@example.org';
	const r = await b.submit('/reset', { email });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/reset/sent');
	const sent = await b.get('/reset/sent');
	assertHtml(sent, 200);
	await new Promise((res) => setTimeout(res, 300));
	assert.equal((await srv.mailsFor(email)).length, 0);
});

test('POST /reset for a member → the same 303, and a mail with BASE/reset/TOKEN', async () => {
	const m = await srv.newMember();
	const unknown = await srv.browser().submit('/reset', { email: `x${m.email}` });
	const r = await srv.browser().submit('/reset', { email: m.email.toUpperCase() });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/reset/sent');
	assert.equal(r.status, unknown.status);
	assert.equal(r.location, unknown.location);
	assert.equal(r.text, unknown.text, 'the same body whether or not the email exists');
	const link = await srv.mailLink(m.email, 'reset');
	assert.match(link, /^\/reset\/[A-Za-z0-9_\-]{16,}$/);
	const mail = await srv.latestMail(m.email);
	for (const h of ['to', 'from', 'subject', 'date', 'message-id']) assert.ok(mail.headers[h], `mail header ${h}`);
});

/** Asks for a reset for member M and returns the link's path. */
async function resetLink(m) {
	const before = (await srv.mailsFor(m.email)).length;
	const r = await srv.browser().submit('/reset', { email: m.email });
	assert.equal(r.status, 303);
	return srv.mailLink(m.email, 'reset', { count: before + 1 });
}

test('GET /reset/TOKEN shows a form for the new password', async () => {
	const m = await srv.newMember();
	const link = await resetLink(m);
	const r = await srv.browser().get(link);
	assertHtml(r, 200);
	const form = forms(r.text).find((f) => f.attrs.action === link || f.attrs.action === '' || f.attrs.action === undefined);
	assert.ok(form, `a form posting to ${link}`);
	const pw = field(form.inner, 'password');
	assert.ok(pw, 'a password field');
	assert.equal(pw.attrs.type, 'password');
	assert.ok(csrfToken(form.inner), '_csrf');
});

test('a reset: new password works, old does not, token single-use, other sessions ended', async () => {
	const m = await srv.newMember();
	const elsewhere = srv.browser();
	await elsewhere.signIn(m.email, m.password);
	const api = await srv.browser().apiSignIn(m.email, m.password);
	const link = await resetLink(m);
	const b = srv.browser();
	const newPassword = 'a brand new passphrase';
	const r = await b.submit(link, { password: newPassword });
	assert.equal(r.status, 303, r.text.slice(0, 500));
	assert.equal(r.location, '/signin?reset=1');
	assertHtml(await b.get('/signin?reset=1'), 200);
	// Old password refused, new one accepted.
	const old = await srv.browser().submit('/signin', { email: m.email, password: m.password });
	assertHtml(old, 401);
	await srv.browser().signIn(m.email, newPassword);
	// Sessions from before the reset are over: the cookie one and the API token.
	assert.equal((await elsewhere.get('/api/v1/me')).status, 401, 'the cookie session ended');
	assert.equal((await elsewhere.get('/settings')).status, 303, 'the cookie session ended (page)');
	assert.equal((await srv.browser().get('/api/v1/me', { bearer: api.token })).status, 401, 'the API token ended');
	// The token works once.
	assertHtml(await srv.browser().get(link), 404);
	const again = srv.browser();
	const token = csrfToken((await again.get('/reset')).text);
	const second = await again.post(link, { form: { _csrf: token, password: 'yet another passphrase' } });
	assertHtml(second, 404);
	await srv.browser().signIn(m.email, newPassword);
});

test('a bad new password → 422 with password-error; the token still works afterwards', async () => {
	const m = await srv.newMember();
	const link = await resetLink(m);
	const b = srv.browser();
	for (const pw of ['short', '', 'x'.repeat(201)]) {
		const r = await b.submit(link, { password: pw });
		assertHtml(r, 422);
		assertFieldError(r.text, 'password');
	}
	const ok = await b.submit(link, { password: 'long enough passphrase' });
	assert.equal(ok.status, 303);
	await srv.browser().signIn(m.email, 'long enough passphrase');
});

test('an unknown reset token → 404 for GET and POST', async () => {
	const b = srv.browser();
	const token = csrfToken((await b.get('/reset')).text);
	for (const t of ['nosuchtoken', 'A'.repeat(43), 'x'.repeat(2000)]) {
		assertHtml(await b.get(`/reset/${t}`), 404);
		const r = await b.post(`/reset/${t}`, { form: { _csrf: token, password: 'a good long passphrase' } });
		assertHtml(r, 404);
	}
});

test('a newer reset mail: the newest link works', async () => {
	const m = await srv.newMember();
	await resetLink(m);
	const second = await resetLink(m);
	const r = await srv.browser().submit(second, { password: 'second link passphrase' });
	assert.equal(r.status, 303);
	await srv.browser().signIn(m.email, 'second link passphrase');
});

test('5 reset requests an hour from one address; the 6th → 429', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	for (let i = 1; i <= 5; i++) {
		const r = await b.submit('/reset', { email: `nobody${i}@example.org` });
		assert.equal(r.status, 303, `request ${i}`);
	}
	const r = await b.submit('/reset', { email: m.email });
	assertHtml(r, 429);
	await new Promise((res) => setTimeout(res, 300));
	assert.equal((await srv.mailsFor(m.email)).length, 0, 'no mail for the refused request');
	const other = await srv.browser().submit('/reset', { email: m.email });
	assert.equal(other.status, 303, 'another address is not limited');
	await srv.latestMail(m.email);
});

test('the reset page text tells the member to check their email', async () => {
	const r = await srv.browser().get('/reset/sent');
	assertHtml(r, 200);
	assert.match(textOf(r.text), /email/i);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
