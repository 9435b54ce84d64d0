// signin.test.mjs: signing in and out through the pages (behaviour.md,
// /signin and /signout): the session cookie and its attributes, the same 401
// for an unknown email and a wrong password, unconfirmed and suspended
// members (403), where `next` may lead (only local paths), the rate limits
// (5 failures per account, 20 per address, 429 with Retry-After even for the
// right password), and signing out (cookie cleared, the old cookie dead).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, field, textOf, newRegistration, fieldValue } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

/** POSTs /signin with the page's _csrf from browser B. */
async function signin(b, fields) {
	return b.submit('/signin', fields);
}

test('signing in → 303 /, rounds_session cookie HttpOnly, SameSite=Lax, Path=/, Max-Age, not Secure over plain HTTP', async () => {
	const m = await srv.newMember({ name: 'Sam Signin' });
	const b = srv.browser();
	const r = await signin(b, { email: m.email, password: m.password });
	assert.equal(r.status, 303, r.text.slice(0, 500));
	assert.equal(r.location, '/');
	const c = r.cookies.find((x) => x.name === 'rounds_session');
	assert.ok(c, `a rounds_session cookie: ${r.headers.getSetCookie().join(' | ')}`);
	assert.ok(c.value.length >= 20, 'a long session token');
	assert.equal(c.attrs.httponly, true, 'HttpOnly');
	assert.equal(String(c.attrs.samesite).toLowerCase(), 'lax', 'SameSite=Lax');
	assert.equal(c.attrs.path, '/', 'Path=/');
	assert.ok(Number(c.attrs['max-age']) > 0, 'a positive Max-Age');
	assert.ok(!c.attrs.secure, 'no Secure flag over plain HTTP');
	const home = await b.get('/');
	assert.match(textOf(home.text), /Welcome back, Sam Signin/);
	const me = await b.get('/api/v1/me');
	assert.equal(me.status, 200);
	assert.equal(me.json().handle, m.handle);
});

test('the email is matched case-insensitively at sign in', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	const r = await signin(b, { email: m.email.toUpperCase(), password: m.password });
	assert.equal(r.status, 303);
	assert.ok(b.session);
});

test('a new session token each time; signing in again does not reuse the pre-sign-in cookie', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	await b.get('/signin');
	const pre = b.session;
	await b.signIn(m.email, m.password);
	assert.notEqual(b.session, pre, 'the session id changes at sign in (no fixation)');
	const first = b.session;
	const b2 = srv.browser();
	await b2.signIn(m.email, m.password);
	assert.notEqual(b2.session, first, 'two sign-ins get two sessions');
});

test('wrong password and unknown email → 401 with the identical message', async () => {
	const m = await srv.newMember();
	const unknown = `nobody-${m.handle}@example.org`;
	const b1 = srv.browser();
	const wrong = await signin(b1, { email: m.email, password: 'not the password' });
	const b2 = srv.browser();
	const none = await signin(b2, { email: unknown, password: 'not the password' });
	assertHtml(wrong, 401);
	assertHtml(none, 401);
	const msg = 'That email and password do not match.';
	assert.ok(textOf(wrong.text).includes(msg), 'the wrong-password message');
	assert.ok(textOf(none.text).includes(msg), 'the unknown-email message');
	// The two pages differ only in the typed email and the CSRF tokens.
	const norm = (t, email) =>
		t
			.split(email)
			.join('EMAIL')
			.replace(/(name="_csrf"[^>]*value=")[^"]*/g, '$1')
			.replace(/(value=")[^"]*("[^>]*name="_csrf")/g, '$1$2')
			.replace(/(name="csrf-token"[^>]*content=")[^"]*/g, '$1')
			.replace(/(content=")[^"]*("[^>]*name="csrf-token")/g, '$1$2');
	assert.equal(norm(wrong.text, m.email), norm(none.text, unknown), 'identical bodies');
	assert.ok(!wrong.session && !b1.session, 'no session on failure');
	assert.equal(fieldValue(wrong.text, 'email'), m.email, 'the typed email is kept');
	assert.ok(!field(wrong.text, 'password')?.attrs.value, 'the password is not sent back');
});

test('an empty email or password → no session (401 or 422)', async () => {
	const m = await srv.newMember();
	for (const f of [{ email: '', password: m.password }, { email: m.email, password: '' }, {}]) {
		const b = srv.browser();
		const r = await signin(b, f);
		assert.ok([401, 422].includes(r.status), `${JSON.stringify(f)} → ${r.status}`);
		assert.ok(!b.session || (await b.get('/api/v1/me')).status === 401, 'not signed in');
	}
});

test('an unconfirmed member → 403 saying to confirm the email', async () => {
	const reg = newRegistration();
	const r0 = await srv.browser().register(reg);
	assert.equal(r0.status, 303);
	const b = srv.browser();
	const r = await signin(b, { email: reg.email, password: reg.password });
	assertHtml(r, 403);
	assert.match(textOf(r.text), /confirm/i);
	assert.ok((await b.get('/api/v1/me')).status === 401, 'not signed in');
	// A wrong password for an unconfirmed member is still the plain 401.
	const w = await signin(srv.browser(), { email: reg.email, password: 'wrong password!' });
	assertHtml(w, 401);
});

test('a suspended member → 403 "suspended"; unsuspended → may sign in', async () => {
	const m = await srv.newMember();
	const s = await srv.cli(['user', 'suspend', m.email]);
	assert.equal(s.code, 0, s.stderr);
	const b = srv.browser();
	const r = await signin(b, { email: m.email, password: m.password });
	assertHtml(r, 403);
	assert.match(textOf(r.text), /suspended/i);
	assert.ok((await b.get('/api/v1/me')).status === 401);
	const u = await srv.cli(['user', 'unsuspend', m.email]);
	assert.equal(u.code, 0, u.stderr);
	await srv.browser().signIn(m.email, m.password);
});

for (const [next, where] of [
	['/settings', '/settings'],
	['/u/ann?tab=1', '/u/ann?tab=1'],
	['//evil.example', '/'],
	['//evil.example/settings', '/'],
	['https://evil.example', '/'],
	['https://evil.example/settings', '/'],
	['http:evil.example', '/'],
	['/\\evil.example', '/'],
	['\\\\evil.example', '/'],
	['javascript:alert(1)', '/'],
	['settings', '/'],
	['', '/'],
	['/\r\nSet-Cookie: x=1', null],
]) {
	test(`next=${JSON.stringify(next)} → ${where ?? 'a local path, no header injection'}`, async () => {
		const m = await srv.newMember();
		const b = srv.browser();
		const r = await b.signIn(m.email, m.password, { next });
		if (where) assert.equal(r.location, where);
		const raw = r.headers.get('location');
		assert.ok(raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\'), `Location stays on the site: ${raw}`);
		assert.ok(!/[\r\n]/.test(raw), 'no CR/LF in Location');
		assert.ok(!r.cookies.some((c) => c.name === 'x'), 'no injected cookie');
	});
}

test('5 failed sign-ins for one account; the 6th → 429 with Retry-After, then even the right password → 429', async () => {
	const m = await srv.newMember();
	for (let i = 1; i <= 5; i++) {
		// A fresh address each time: this is the per-account limit.
		const r = await signin(srv.browser(), { email: m.email, password: `wrong password ${i}` });
		assertHtml(r, 401);
	}
	const sixth = await signin(srv.browser(), { email: m.email, password: 'wrong password 6' });
	assertHtml(sixth, 429);
	const ra = sixth.headers.get('retry-after');
	assert.match(ra ?? '', /^\d+$/, `Retry-After in seconds: ${ra}`);
	assert.ok(Number(ra) > 0 && Number(ra) <= 15 * 60, `Retry-After within 15 minutes: ${ra}`);
	const b = srv.browser();
	const right = await signin(b, { email: m.email, password: m.password });
	assertHtml(right, 429);
	assert.ok(right.headers.get('retry-after'), 'Retry-After on the refused right password too');
	assert.ok(!b.session || (await b.get('/api/v1/me')).status === 401, 'not signed in');
	const api = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } });
	assert.equal(api.status, 429, 'the API shares the per-account limit');
	// Other accounts are not affected.
	const other = await srv.newMember();
	await srv.browser().signIn(other.email, other.password);
});

test('20 failed sign-ins from one address; the 21st → 429, even with the right password; other addresses fine', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	for (let i = 1; i <= 20; i++) {
		// Different unknown emails, so no per-account limit is reached.
		const r = await signin(b, { email: `ghost${i}-${m.handle}@example.org`, password: 'wrong password' });
		assertHtml(r, 401);
	}
	const r = await signin(b, { email: m.email, password: m.password });
	assertHtml(r, 429);
	assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
	assert.ok(!b.session || (await b.get('/api/v1/me')).status === 401, 'not signed in');
	await srv.browser().signIn(m.email, m.password);
});

test('the client address is the LAST X-Forwarded-For entry (a spoofed first entry does not escape the limit)', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	for (let i = 1; i <= 20; i++) {
		const spoof = `192.0.2.${i}, ${b.xff}`;
		const r = await b.submit('/signin', { email: `spoof${i}-${m.handle}@example.org`, password: 'wrong password' }, { headers: { 'x-forwarded-for': spoof } });
		assertHtml(r, 401);
	}
	const r = await b.submit('/signin', { email: m.email, password: m.password }, { headers: { 'x-forwarded-for': `198.51.100.7, ${b.xff}` } });
	assertHtml(r, 429);
});

test('signing out: POST /signout → 303 /, cookie cleared, the old cookie no longer signs in', async () => {
	const m = await srv.newMember();
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const old = b.session;
	const other = srv.browser();
	await other.signIn(m.email, m.password);
	const r = await b.submit('/signout', {});
	assert.equal(r.status, 303);
	assert.equal(r.location, '/');
	const c = r.cookies.find((x) => x.name === 'rounds_session');
	assert.ok(c, 'Set-Cookie rounds_session on sign out');
	assert.ok(c.attrs['max-age'] === '0' || Date.parse(c.attrs.expires) < Date.now(), `cleared: ${c.raw}`);
	assert.equal(b.session, undefined);
	const home = await b.get('/');
	assert.doesNotMatch(home.text, /Welcome back/);
	// Replaying the old cookie by hand: dead server-side.
	const replay = srv.browser();
	const me = await replay.get('/api/v1/me', { headers: { cookie: `rounds_session=${old}` } });
	assert.equal(me.status, 401, 'the old session is dead');
	const page = await replay.get('/', { headers: { cookie: `rounds_session=${old}` } });
	assert.doesNotMatch(page.text, /Welcome back/);
	const s = await replay.get('/settings', { headers: { cookie: `rounds_session=${old}` } });
	assert.equal(s.status, 303);
	// The member's other session lives on.
	assert.equal((await other.get('/api/v1/me')).status, 200, 'signing out ends only this session');
});

test('a made-up session cookie is simply not signed in', async () => {
	const b = srv.browser();
	for (const v of ['x', 'A'.repeat(64), '%00', '"quoted"']) {
		const r = await b.get('/', { headers: { cookie: `rounds_session=${v}` } });
		assertHtml(r, 200);
		assert.doesNotMatch(r.text, /Welcome back/);
		assert.equal((await b.get('/api/v1/me', { headers: { cookie: `rounds_session=${v}` } })).status, 401);
	}
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
