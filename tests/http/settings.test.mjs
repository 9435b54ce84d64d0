// settings.test.mjs: /settings (behaviour.md): the redirect when signed
// out, the profile form and saving it (shown on /u/HANDLE), each invalid
// field (422, FIELD-error, values kept), the bio limit, the password form
// (success, wrong current password, a bad new one) and that changing the
// password ends the member's other sessions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer,
	assertHtml,
	assertFieldError,
	assertNoFieldError,
	field,
	fieldValue,
	forms,
	tags,
	textOf,
	csrfToken,
} from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

const PROFILE = ['name', 'country', 'specialty', 'grade', 'bio', 'timezone'];

/** A new member signed in through the form: {m, b}. */
async function signedIn() {
	const m = await srv.newMember();
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	return { m, b };
}

function profile(over = {}) {
	return {
		name: 'Dr Priya Raman',
		country: 'IN',
		specialty: 'cardiology', // codes of the reference tables; the profile shows their names
		grade: 'consultant',
		bio: 'Interventional cardiologist in Chennai.\nI like long bike rides.',
		timezone: 'Asia/Kolkata',
		...over,
	};
}

test('GET /settings signed out → 303 /signin?next=%2Fsettings', async () => {
	const r = await srv.browser().get('/settings');
	assert.equal(r.status, 303);
	assert.equal(r.location, '/signin?next=%2Fsettings');
});

test('POST /settings and /settings/password signed out → no change (303 to sign in, or 403)', async () => {
	const b = srv.browser();
	const token = csrfToken((await b.get('/signin')).text);
	const r = await b.post('/settings', { form: { _csrf: token, ...profile() } });
	assert.ok([303, 401, 403].includes(r.status), `POST /settings signed out: ${r.status}`);
	if (r.status === 303) assert.match(r.location, /^\/signin/);
	const p = await b.post('/settings/password', { form: { _csrf: token, current_password: 'x', new_password: 'yyyyyyyyyyyy' } });
	assert.ok([303, 401, 403].includes(p.status), `POST /settings/password signed out: ${p.status}`);
});

test('GET /settings signed in: the profile form and the password form, labelled, with the current values', async () => {
	const { m, b } = await signedIn();
	const r = await b.get('/settings');
	assertHtml(r, 200);
	const fs = forms(r.text);
	const prof = fs.find((f) => f.attrs.action === '/settings');
	assert.ok(prof, 'a form posting to /settings');
	assert.equal(prof.attrs.method?.toLowerCase(), 'post');
	for (const n of PROFILE) assert.ok(field(prof.inner, n), `profile field ${n}`);
	assert.equal(field(prof.inner, 'bio').kind, 'textarea', 'bio is a textarea');
	assert.equal(fieldValue(prof.inner, 'name'), m.name, 'the current name is filled in');
	const pw = fs.find((f) => f.attrs.action === '/settings/password');
	assert.ok(pw, 'a form posting to /settings/password');
	assert.equal(pw.attrs.method?.toLowerCase(), 'post');
	assert.equal(field(pw.inner, 'current_password')?.attrs.type, 'password');
	assert.equal(field(pw.inner, 'new_password')?.attrs.type, 'password');
	assert.ok(csrfToken(prof.inner) && csrfToken(pw.inner), 'both forms carry _csrf');
	const labels = tags(r.text, 'label').map((l) => l.attrs.for);
	for (const n of [...PROFILE, 'current_password', 'new_password']) {
		const f = field(r.text, n);
		assert.ok(f.attrs.id && labels.includes(f.attrs.id), `<label for> for ${n}`);
	}
});

test('saving the profile → 303 /settings?saved=1, "Saved", the values in the form and on /u/HANDLE', async () => {
	const { m, b } = await signedIn();
	const p = profile();
	const r = await b.submit('/settings', p);
	assert.equal(r.status, 303, r.text.slice(0, 600));
	assert.equal(r.location, '/settings?saved=1');
	const page = await b.get('/settings?saved=1');
	assertHtml(page, 200);
	assert.match(textOf(page.text), /Saved/);
	for (const n of PROFILE) assert.equal(fieldValue(page.text, n)?.replace(/\r\n/g, '\n'), p[n], `${n} shown in the form`);
	const plain = await b.get('/settings');
	assert.doesNotMatch(textOf(plain.text), /\bSaved\b/, '"Saved" only after saving');
	const pub = await srv.browser().get(`/u/${m.handle}`);
	assertHtml(pub, 200);
	const t = textOf(pub.text);
	for (const s of ['Dr Priya Raman', 'India', 'Cardiology', 'Consultant', 'Interventional cardiologist in Chennai.', 'I like long bike rides.']) {
		assert.ok(t.includes(s), `profile shows ${s}`);
	}
	const me = await b.get('/api/v1/me');
	assert.equal(me.json().name, 'Dr Priya Raman');
	assert.equal(me.json().country, 'IN');
});

test('the bio is shown as text: markup escaped', async () => {
	const { m, b } = await signedIn();
	const bio = '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a> & done';
	const r = await b.submit('/settings', profile({ bio }));
	assert.equal(r.status, 303);
	const pub = await srv.browser().get(`/u/${m.handle}`);
	assert.ok(!pub.text.includes('<img src=x'), 'no raw <img> from the bio');
	assert.ok(!pub.text.includes('href="javascript:'), 'no javascript: link from the bio');
	assert.ok(textOf(pub.text).includes(bio), 'the bio shows as typed');
});

test('a bio of exactly 2000 characters is accepted; 2001 → 422 bio-error', async () => {
	const { b } = await signedIn();
	const ok = await b.submit('/settings', profile({ bio: 'b'.repeat(2000) }));
	assert.equal(ok.status, 303);
	const long = profile({ bio: 'c'.repeat(2001) });
	const r = await b.submit('/settings', long);
	assertHtml(r, 422);
	assertFieldError(r.text, 'bio');
	assert.equal(fieldValue(r.text, 'bio'), long.bio, 'the typed bio is kept');
	assert.equal(fieldValue(r.text, 'specialty'), long.specialty, 'other values kept');
	const page = await b.get('/settings');
	assert.equal(fieldValue(page.text, 'bio'), 'b'.repeat(2000), 'nothing was saved');
});

for (const [name, value, why] of [
	['name', '', 'empty'],
	['name', 'x'.repeat(101), '101 characters'],
	['name', 'Bad\u0000Name', 'a NUL'],
	['name', 'Bad\nName', 'a newline'],
	['country', 'XY', 'not an ISO code'],
	['country', '', 'empty'],
	['timezone', 'Mars/Olympus_Mons', 'not an IANA zone'],
	['timezone', '../../etc/passwd', 'a path'],
	['timezone', 'Europe/London\n', 'a trailing newline'],
	['specialty', 's'.repeat(5000), '5000 characters'],
	['grade', 'g'.repeat(5000), '5000 characters'],
	['specialty', 'Astrology', 'not in the reference table'],
	['grade', 'Grand wizard', 'not in the reference table'],
]) {
	test(`settings with ${name} ${why} → 422 ${name}-error, nothing saved, values kept`, async () => {
		const { m, b } = await signedIn();
		const bad = profile({ [name]: value });
		const r = await b.submit('/settings', bad);
		assertHtml(r, 422);
		assertFieldError(r.text, name);
		for (const other of PROFILE) if (other !== name) assertNoFieldError(r.text, other);
		for (const other of ['specialty', 'grade']) if (other !== name) assert.equal(fieldValue(r.text, other), bad[other], `${other} kept`);
		const page = await b.get('/settings');
		assert.equal(fieldValue(page.text, 'name'), m.name, 'nothing saved');
		assert.notEqual(fieldValue(page.text, 'specialty'), 'cardiology', 'nothing saved');
	});
}

test('settings with invalid UTF-8 in the bio → 422 bio-error', async () => {
	const { b } = await signedIn();
	const token = csrfToken((await b.get('/settings')).text);
	const p = profile();
	delete p.bio;
	const body = [`_csrf=${encodeURIComponent(token)}`, ...Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v)}`), 'bio=ok%FF%FEnot'].join('&');
	const r = await b.post('/settings', { form: body });
	assertHtml(r, 422);
	assertFieldError(r.text, 'bio');
});

test('changing the password → 303 /settings?password=1; new works, old does not; other sessions end', async () => {
	const { m, b } = await signedIn();
	const other = srv.browser();
	await other.signIn(m.email, m.password);
	const api = await srv.browser().apiSignIn(m.email, m.password);
	const r = await b.submit('/settings/password', { current_password: m.password, new_password: 'a new long passphrase' }, { from: '/settings' });
	assert.equal(r.status, 303, r.text.slice(0, 500));
	assert.equal(r.location, '/settings?password=1');
	const page = await b.get('/settings?password=1');
	assertHtml(page, 200);
	assert.equal((await b.get('/api/v1/me')).status, 200, 'this session goes on');
	assert.equal((await other.get('/api/v1/me')).status, 401, 'the other cookie session ended');
	assert.equal((await srv.browser().get('/api/v1/me', { bearer: api.token })).status, 401, 'the API token ended');
	assertHtml(await srv.browser().submit('/signin', { email: m.email, password: m.password }), 401);
	await srv.browser().signIn(m.email, 'a new long passphrase');
});

test('a wrong current password → 422 current_password-error, password unchanged', async () => {
	const { m, b } = await signedIn();
	const r = await b.submit('/settings/password', { current_password: 'not my password', new_password: 'another passphrase' }, { from: '/settings' });
	assertHtml(r, 422);
	assertFieldError(r.text, 'current_password');
	assert.ok(!field(r.text, 'current_password').attrs.value, 'the password is not sent back');
	assert.ok(!r.text.includes('another passphrase'), 'the new password is not sent back');
	await srv.browser().signIn(m.email, m.password);
	assertHtml(await srv.browser().submit('/signin', { email: m.email, password: 'another passphrase' }), 401);
});

test('a bad new password → 422 new_password-error, password unchanged', async () => {
	const { m, b } = await signedIn();
	for (const np of ['short', '', 'z'.repeat(201)]) {
		const r = await b.submit('/settings/password', { current_password: m.password, new_password: np }, { from: '/settings' });
		assertHtml(r, 422);
		assertFieldError(r.text, 'new_password');
	}
	await srv.browser().signIn(m.email, m.password);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
