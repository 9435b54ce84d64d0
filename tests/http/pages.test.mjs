// pages.test.mjs: every page's GET status and key content (behaviour.md,
// "Pages"): one <h1>, <html lang="en">, the nav signed out and signed in,
// the csrf meta tag, a hidden _csrf in every form, labelled fields, the home
// page for visitors and members, the public profile (type names, country
// name, verified badge, case-insensitive handle, 404), /healthz and the
// small pages (/register/sent, /reset/sent, /signin?confirmed=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer,
	assertHtml,
	h1Count,
	forms,
	tags,
	field,
	optionValues,
	textOf,
	metaCsrf,
	elements,
} from './lib.mjs';

let srv;
let ann; // a confirmed, unverified doctor
let vic; // a verified doctor
before(async () => {
	srv = await startServer();
	ann = await srv.addUser({ email: 'ann@example.org', name: 'Ann Example', handle: 'ann', type: 'doctor' });
	vic = await srv.addUser({ email: 'vic@example.org', name: 'Vic Verified', handle: 'vic', type: 'doctor', verified: true });
	await srv.addUser({ email: 'stu@example.org', name: 'Stu Dent', handle: 'stu', type: 'student' });
	await srv.addUser({ email: 'nur@example.org', name: 'Nur Se', handle: 'nur', type: 'hcp' });
});
after(() => srv?.kill());

/** The common page checks: one h1, lang="en", a csrf meta, _csrf in every POST form, nav. */
function assertPageShape(html, where) {
	assert.equal(h1Count(html), 1, `${where}: exactly one <h1>`);
	const htmlTag = tags(html, 'html')[0];
	assert.ok(htmlTag, `${where}: no <html> tag`);
	assert.equal(htmlTag.attrs.lang, 'en', `${where}: <html lang="en">`);
	assert.match(html.trimStart(), /^<!doctype html>/i, `${where}: starts with <!DOCTYPE html>`);
	assert.ok(metaCsrf(html), `${where}: <meta name="csrf-token" content=...>`);
	for (const f of forms(html)) {
		if ((f.attrs.method ?? 'get').toLowerCase() !== 'post') continue;
		const hidden = tags(f.inner, 'input').find((i) => i.attrs.name === '_csrf');
		assert.ok(hidden, `${where}: the form to ${f.attrs.action} has no _csrf input`);
		assert.equal(hidden.attrs.type, 'hidden', `${where}: _csrf is a hidden input`);
		assert.ok(hidden.attrs.value?.length >= 16, `${where}: _csrf has a token`);
	}
	const nav = elements(html, 'nav');
	assert.ok(nav.length >= 1, `${where}: a <nav>`);
	const links = nav.flatMap((n) => tags(n.inner, 'a'));
	assert.ok(links.some((a) => a.attrs.href === '/'), `${where}: nav link Home (/)`);
	return nav.map((n) => n.inner).join('\n');
}

/** Asserts each named field has a <label for> naming its id. */
function assertLabelled(html, names, where) {
	const labels = tags(html, 'label').map((l) => l.attrs.for);
	for (const n of names) {
		const f = field(html, n);
		assert.ok(f, `${where}: field ${n}`);
		assert.ok(f.attrs.id, `${where}: field ${n} has an id`);
		assert.ok(labels.includes(f.attrs.id), `${where}: <label for="${f.attrs.id}"> for ${n}`);
	}
}

function assertSignedOutNav(navHtml, where) {
	const links = tags(navHtml, 'a');
	const signin = links.find((a) => a.attrs.href === '/signin');
	const join = links.find((a) => a.attrs.href === '/register');
	assert.ok(signin, `${where}: nav link to /signin`);
	assert.ok(join, `${where}: nav link to /register`);
	assert.match(textOf(navHtml), /Sign in/, `${where}: "Sign in" in the nav`);
	assert.match(textOf(navHtml), /Join/, `${where}: "Join" in the nav`);
	assert.ok(!forms(navHtml).some((f) => f.attrs.action === '/signout'), `${where}: no sign-out button when signed out`);
}

const signedOutPages = ['/', '/register', '/signin', '/reset', '/register/sent', '/reset/sent', '/u/ann'];

for (const p of signedOutPages) {
	test(`GET ${p} signed out: 200 HTML, one h1, lang, csrf, nav with Sign in and Join`, async () => {
		const b = srv.browser();
		const r = await b.get(p);
		assertHtml(r, 200);
		assert.match(r.headers.get('content-type'), /charset=utf-8/i, 'HTML is declared UTF-8');
		const nav = assertPageShape(r.text, p);
		assertSignedOutNav(nav, p);
	});
}

test('GET / for a visitor explains Rounds and links to /register and /signin', async () => {
	const r = await srv.browser().get('/');
	assertHtml(r, 200);
	const main = r.text.replace(/<nav\b[\s\S]*?<\/nav>/gi, '');
	const hrefs = tags(main, 'a').map((a) => a.attrs.href);
	assert.ok(hrefs.includes('/register'), 'a link to /register outside the nav');
	assert.ok(hrefs.includes('/signin'), 'a link to /signin outside the nav');
	assert.match(textOf(main), /Rounds/);
	assert.match(textOf(main), /doctor/i, 'the welcome explains it is for doctors');
	assert.doesNotMatch(r.text, /Welcome back/);
});

test('GET / counts the members at most once a minute: a scan of every member is not done for each view', async () => {
	const own = await startServer();
	try {
		for (let i = 0; i < 3; i++) await own.newMember({ name: `Dr Count ${i}` });
		const shown = async () => Number(/([0-9]+) members so far/.exec(textOf((await own.browser().get('/')).text))?.[1]);
		const counted = () => Number(own.sql('SELECT count(*) FROM members WHERE deleted_at IS NULL'));
		const first = counted();
		assert.ok(first >= 3);
		assert.equal(await shown(), first, 'the count at the first view');
		await own.newMember({ name: 'Dr Count Later' });
		assert.equal(counted(), first + 1);
		assert.equal(await shown(), first, 'the same count within the minute');
	} finally {
		await own.kill();
	}
});

test('GET /register: the form and its fields, each labelled', async () => {
	const r = await srv.browser().get('/register');
	assertHtml(r, 200);
	const form = forms(r.text).find((f) => f.attrs.action === '/register');
	assert.ok(form, 'a form with action /register');
	assert.equal(form.attrs.method?.toLowerCase(), 'post');
	for (const n of ['email', 'name', 'handle', 'password', 'type', 'country']) assert.ok(field(form.inner, n), `field ${n} in the form`);
	assert.equal(field(form.inner, 'password').attrs.type, 'password');
	assert.equal(field(form.inner, 'type').kind, 'select');
	assert.deepEqual(optionValues(form.inner, 'type').filter(Boolean).sort(), ['doctor', 'hcp', 'student']);
	assert.equal(field(form.inner, 'country').kind, 'select');
	const countries = optionValues(form.inner, 'country');
	for (const c of ['GB', 'IN', 'US', 'IE', 'AU', 'NG', 'BR', 'JP']) assert.ok(countries.includes(c), `country ${c} offered`);
	assert.ok(countries.filter(Boolean).length >= 240, `all ISO 3166 countries offered (got ${countries.length})`);
	assert.ok(
		countries.filter(Boolean).every((c) => /^[A-Z]{2}$/.test(c)),
		'country values are ISO 3166 alpha-2 codes',
	);
	assertLabelled(r.text, ['email', 'name', 'handle', 'password', 'type', 'country'], '/register');
});

test('GET /signin: the form with email, password and a hidden next', async () => {
	const r = await srv.browser().get('/signin?next=%2Fsettings');
	assertHtml(r, 200);
	const form = forms(r.text).find((f) => f.attrs.action === '/signin' || f.attrs.action?.startsWith('/signin?'));
	assert.ok(form, 'a form posting to /signin');
	assert.equal(form.attrs.method?.toLowerCase(), 'post');
	assert.equal(field(form.inner, 'password').attrs.type, 'password');
	const next = field(form.inner, 'next');
	assert.ok(next, 'a next field');
	assert.equal(next.attrs.type, 'hidden');
	assert.equal(next.attrs.value, '/settings', 'next carries the ?next= value');
	assertLabelled(r.text, ['email', 'password'], '/signin');
	const hrefs = tags(r.text, 'a').map((a) => a.attrs.href);
	assert.ok(hrefs.includes('/reset'), 'a link to /reset (forgotten password)');
});

test('GET /signin?confirmed=1 says the email is confirmed', async () => {
	const r = await srv.browser().get('/signin?confirmed=1');
	assertHtml(r, 200);
	assert.match(textOf(r.text), /confirmed/i);
	const plain = await srv.browser().get('/signin');
	assert.doesNotMatch(textOf(plain.text), /confirmed/i, 'the plain sign-in page does not say so');
});

test('GET /reset: a form posting the email to /reset', async () => {
	const r = await srv.browser().get('/reset');
	assertHtml(r, 200);
	const form = forms(r.text).find((f) => f.attrs.action === '/reset');
	assert.ok(form, 'a form with action /reset');
	assert.equal(form.attrs.method?.toLowerCase(), 'post');
	assertLabelled(form.inner, ['email'], '/reset');
});

test('GET /register/sent says "Check your email"', async () => {
	const r = await srv.browser().get('/register/sent');
	assertHtml(r, 200);
	assert.match(textOf(r.text), /Check your email/i);
});

test('GET /signout shows a sign-out button (a form POST /signout)', async () => {
	const b = srv.browser();
	await b.signIn(ann.email, ann.password);
	const r = await b.get('/signout');
	assertHtml(r, 200);
	const main = r.text.replace(/<nav\b[\s\S]*?<\/nav>/gi, '');
	const form = forms(main).find((f) => f.attrs.action === '/signout');
	assert.ok(form, 'a form posting to /signout outside the nav');
	assert.equal(form.attrs.method?.toLowerCase(), 'post');
	assert.ok(tags(form.inner, 'button').length + tags(form.inner, 'input').filter((i) => i.attrs.type === 'submit').length >= 1);
});

test('signed in: "Welcome back, NAME" on /, nav with profile link, Settings and a Sign out button', async () => {
	const b = srv.browser();
	await b.signIn(ann.email, ann.password);
	for (const p of ['/', '/settings', '/u/vic', '/signout']) {
		const r = await b.get(p);
		assertHtml(r, 200);
		const nav = assertPageShape(r.text, p);
		const links = tags(nav, 'a');
		const me = elements(nav, 'a').find((a) => a.attrs.href === '/u/ann');
		assert.ok(me, `${p}: nav link to /u/ann`);
		assert.match(textOf(me.inner), /Ann Example/, `${p}: the link shows the member's name`);
		assert.ok(links.some((a) => a.attrs.href === '/settings'), `${p}: nav link to /settings`);
		const out = forms(nav).find((f) => f.attrs.action === '/signout');
		assert.ok(out, `${p}: a sign-out form in the nav`);
		assert.equal(out.attrs.method?.toLowerCase(), 'post');
		assert.match(textOf(out.inner + (out.outer ?? '')), /Sign out/);
		assert.ok(!links.some((a) => a.attrs.href === '/register'), `${p}: no Join link when signed in`);
		assert.ok(!links.some((a) => a.attrs.href === '/signin'), `${p}: no Sign in link when signed in`);
	}
	const home = await b.get('/');
	assert.match(textOf(home.text), /Welcome back, Ann Example/);
});

test('GET /u/HANDLE shows name, type, country, no badge for an unverified doctor', async () => {
	const r = await srv.browser().get('/u/ann');
	assertHtml(r, 200);
	const t = textOf(r.text);
	assert.match(t, /Ann Example/);
	assert.match(t, /Doctor/);
	assert.doesNotMatch(t, /Verified doctor/i);
});

test('GET /u/HANDLE of a verified doctor shows the "Verified doctor" badge', async () => {
	const r = await srv.browser().get('/u/vic');
	assertHtml(r, 200);
	assert.match(textOf(r.text), /Verified doctor/);
	assert.match(textOf(r.text), /Vic Verified/);
});

test('GET /u/HANDLE names the member type: Medical student, Health professional', async () => {
	const s = await srv.browser().get('/u/stu');
	assertHtml(s, 200);
	assert.match(textOf(s.text), /Medical student/);
	const n = await srv.browser().get('/u/nur');
	assertHtml(n, 200);
	assert.match(textOf(n.text), /Health professional/);
});

test('GET /u/HANDLE matches the handle case-insensitively', async () => {
	for (const h of ['ANN', 'Ann', 'aNn']) {
		const r = await srv.browser().get(`/u/${h}`);
		assertHtml(r, 200);
		assert.match(textOf(r.text), /Ann Example/);
	}
});

test('GET /u/HANDLE of an unknown handle → 404 HTML page', async () => {
	for (const h of ['nobody', 'no_such_member', 'x', '%00', 'a%2Fb']) {
		const r = await srv.browser().get(`/u/${h}`);
		assertHtml(r, 404);
		assert.equal(h1Count(r.text), 1, `404 page for ${h} has one h1`);
	}
});

test('GET /u/HANDLE shows the country by name', async () => {
	const b = srv.browser();
	await b.signIn(ann.email, ann.password);
	const r = await b.submit('/settings', {
		name: 'Ann Example',
		country: 'IN',
		specialty: '',
		grade: '',
		bio: '',
		timezone: 'Asia/Kolkata',
	});
	assert.equal(r.status, 303, r.text.slice(0, 500));
	const p = await srv.browser().get('/u/ann');
	assert.match(textOf(p.text), /India/);
});

test('GET /healthz → 200 "ok"', async () => {
	const r = await srv.browser().get('/healthz');
	assert.equal(r.status, 200);
	assert.equal(r.text.trim(), 'ok');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
