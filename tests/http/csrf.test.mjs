// csrf.test.mjs: every POST form route refuses a request without a valid
// `_csrf` (missing, empty, made up, or another session's) with a 403 page,
// and nothing changes (behaviour.md, "Pages"); cookie-authenticated API
// writes need X-CSRF-Token from <meta name="csrf-token"> (403 `csrf`
// without it or with another session's), Bearer-authenticated ones do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, csrfToken, newRegistration, fieldValue, metaCsrf } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

/** The bad _csrf variants: [label, (browser) => token or undefined]. */
const badTokens = [
	['no _csrf', async () => undefined],
	['an empty _csrf', async () => ''],
	['a made-up _csrf', async () => 'A'.repeat(43)],
	[
		"another session's _csrf",
		async (b, from) => {
			// A different browser, signed in as someone else when B is signed in.
			const other = srv.browser();
			if (b.session) {
				const m = await srv.newMember();
				await other.signIn(m.email, m.password);
			}
			const t = csrfToken((await other.get(from)).text);
			assert.ok(t, `a token on ${from} for the other browser`);
			assert.notEqual(t, csrfToken((await b.get(from)).text), 'the two sessions have different tokens');
			return t;
		},
	],
];

/** POSTs FIELDS to P from browser B (having loaded FROM) with the bad token. */
async function postBad(b, p, from, fields, makeToken) {
	await b.get(from); // B has its own cookies, as a real browser would
	const token = await makeToken(b, from);
	const form = token === undefined ? { ...fields } : { _csrf: token, ...fields };
	return b.post(p, { form });
}

for (const [label, makeToken] of badTokens) {
	test(`POST /register with ${label} → 403; nothing registered, no mail`, async () => {
		const reg = newRegistration();
		const r = await postBad(srv.browser(), '/register', '/register', reg, makeToken);
		assertHtml(r, 403);
		await new Promise((res) => setTimeout(res, 200));
		assert.equal((await srv.mailsFor(reg.email)).length, 0, 'no mail');
		const ok = await srv.browser().register(reg);
		assert.equal(ok.status, 303, 'the email and handle are still free');
	});

	test(`POST /signin with ${label} → 403; not signed in`, async () => {
		const m = await srv.newMember();
		const b = srv.browser();
		const r = await postBad(b, '/signin', '/signin', { email: m.email, password: m.password }, makeToken);
		assertHtml(r, 403);
		assert.equal((await b.get('/api/v1/me')).status, 401, 'not signed in');
	});

	test(`POST /signout with ${label} → 403; still signed in`, async () => {
		const m = await srv.newMember();
		const b = srv.browser();
		await b.signIn(m.email, m.password);
		const r = await postBad(b, '/signout', '/signout', {}, makeToken);
		assertHtml(r, 403);
		assert.equal((await b.get('/api/v1/me')).status, 200, 'still signed in');
	});

	test(`POST /reset with ${label} → 403; no mail`, async () => {
		const m = await srv.newMember();
		const r = await postBad(srv.browser(), '/reset', '/reset', { email: m.email }, makeToken);
		assertHtml(r, 403);
		await new Promise((res) => setTimeout(res, 200));
		assert.equal((await srv.mailsFor(m.email)).length, 0, 'no mail');
	});

	test(`POST /reset/TOKEN with ${label} → 403; password unchanged, token still good`, async () => {
		const m = await srv.newMember();
		assert.equal((await srv.browser().submit('/reset', { email: m.email })).status, 303);
		const link = await srv.mailLink(m.email, 'reset');
		const r = await postBad(srv.browser(), link, link, { password: 'hijacked passphrase' }, makeToken);
		assertHtml(r, 403);
		await srv.browser().signIn(m.email, m.password);
		assertHtml(await srv.browser().get(link), 200);
	});

	test(`POST /settings with ${label} → 403; profile unchanged`, async () => {
		const m = await srv.newMember();
		const b = srv.browser();
		await b.signIn(m.email, m.password);
		const r = await postBad(b, '/settings', '/settings', { name: 'Hijacked', country: 'US', specialty: 'x', grade: 'y', bio: 'z', timezone: 'UTC' }, makeToken);
		assertHtml(r, 403);
		assert.equal(fieldValue((await b.get('/settings')).text, 'name'), m.name, 'name unchanged');
	});

	test(`POST /settings/password with ${label} → 403; password unchanged`, async () => {
		const m = await srv.newMember();
		const b = srv.browser();
		await b.signIn(m.email, m.password);
		const r = await postBad(b, '/settings/password', '/settings', { current_password: m.password, new_password: 'hijacked passphrase' }, makeToken);
		assertHtml(r, 403);
		await srv.browser().signIn(m.email, m.password);
	});
}

test('a _csrf sent in the query string instead of the body is not accepted for /settings', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const token = csrfToken((await b.get('/settings')).text);
	const r = await b.post(`/settings?_csrf=${encodeURIComponent(token)}`, {
		form: { name: 'Via Query', country: 'GB', specialty: '', grade: '', bio: '', timezone: 'UTC' },
	});
	assertHtml(r, 403);
});

/** A browser signed in through the API (cookie set by POST /api/v1/session). */
async function apiCookieBrowser() {
	const m = await srv.newMember();
	const b = srv.browser();
	const r = await b.post('/api/v1/session', { json: { email: m.email, password: m.password } });
	assert.equal(r.status, 200);
	assert.ok(b.session, 'POST /api/v1/session set the cookie');
	return { m, b, token: r.json().token };
}

test('cookie-authenticated DELETE /api/v1/session without X-CSRF-Token → 403 csrf; session kept', async () => {
	const { b } = await apiCookieBrowser();
	const r = await b.request('DELETE', '/api/v1/session');
	assertJsonError(r, 403, 'csrf');
	assert.equal((await b.get('/api/v1/me')).status, 200, 'still signed in');
});

test("cookie-authenticated API write with another session's X-CSRF-Token → 403 csrf", async () => {
	const { b } = await apiCookieBrowser();
	const { b: other } = await apiCookieBrowser();
	const foreign = await other.apiCsrf();
	assert.notEqual(foreign, await b.apiCsrf());
	const r = await b.request('DELETE', '/api/v1/session', { headers: { 'x-csrf-token': foreign } });
	assertJsonError(r, 403, 'csrf');
	const made = await b.request('DELETE', '/api/v1/session', { headers: { 'x-csrf-token': 'A'.repeat(43) } });
	assertJsonError(made, 403, 'csrf');
	assert.equal((await b.get('/api/v1/me')).status, 200, 'still signed in');
});

test('cookie-authenticated API write with the X-CSRF-Token from <meta name="csrf-token"> → ok', async () => {
	const { b } = await apiCookieBrowser();
	const page = await b.get('/settings');
	const token = metaCsrf(page.text);
	assert.ok(token, 'the meta tag is on signed-in pages');
	const r = await b.request('DELETE', '/api/v1/session', { headers: { 'x-csrf-token': token } });
	assert.equal(r.status, 204, r.text);
	assert.equal((await b.get('/api/v1/me')).status, 401, 'signed out');
});

test('Bearer-authenticated API write needs no CSRF token', async () => {
	const { token } = await apiCookieBrowser();
	const r = await srv.browser().request('DELETE', '/api/v1/session', { bearer: token });
	assert.equal(r.status, 204, r.text);
	assert.equal((await srv.browser().get('/api/v1/me', { bearer: token })).status, 401);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
