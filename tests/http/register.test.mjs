// register.test.mjs: registration through the form and the confirmation
// link (behaviour.md, GET/POST /register, GET /confirm/TOKEN): success and
// the mail, every invalid field (422, FIELD-error, aria-invalid, typed values
// kept but never the password), boundaries, email taken in another case,
// handle taken, names in any script kept byte-exact, markup in names escaped,
// bad UTF-8, control characters, over-long fields, an oversize body (413),
// the link working once, and the limit of 5 registrations an hour per address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer,
	assertHtml,
	assertFieldError,
	assertNoFieldError,
	fieldValue,
	field,
	csrfToken,
	newRegistration,
	registerConfirmed,
	emailOfLength,
	textOf,
	rawRequest,
} from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

const FIELDS = ['email', 'name', 'handle', 'password', 'type', 'country'];

/** Submits the registration form from a fresh browser (own address). */
async function register(fields) {
	const b = srv.browser();
	return { b, r: await b.register(fields) };
}

/** Asserts a 422 with only FIELD marked and the other typed values kept. */
function assertRejected(r, reg, fieldName, pattern) {
	assertHtml(r, 422);
	assertFieldError(r.text, fieldName, pattern);
	for (const f of FIELDS) if (f !== fieldName) assertNoFieldError(r.text, f);
	for (const f of ['email', 'name', 'handle']) {
		if (f === fieldName) continue;
		assert.equal(fieldValue(r.text, f), reg[f], `typed ${f} kept`);
	}
	if (fieldName !== 'type') assert.equal(fieldValue(r.text, 'type'), reg.type, 'type stays selected');
	if (fieldName !== 'country') assert.equal(fieldValue(r.text, 'country'), reg.country, 'country stays selected');
	const pw = field(r.text, 'password');
	assert.ok(pw, 'the password field is there again');
	assert.ok(!pw.attrs.value, 'the password is never sent back');
	if (reg.password.length >= 8) assert.ok(!r.text.includes(reg.password), 'the typed password appears nowhere in the page');
	assert.ok(csrfToken(r.text), 'the form again has a _csrf');
}

test('a valid registration → 303 /register/sent and a confirmation mail', async () => {
	const reg = newRegistration();
	const { b, r } = await register(reg);
	assert.equal(r.status, 303, r.text.slice(0, 800));
	assert.equal(r.location, '/register/sent');
	const sent = await b.get('/register/sent');
	assertHtml(sent, 200);
	assert.match(textOf(sent.text), /Check your email/i);
	const mail = await srv.latestMail(reg.email);
	for (const h of ['to', 'from', 'subject', 'date', 'message-id']) assert.ok(mail.headers[h], `mail header ${h}`);
	assert.match(mail.headers.to, new RegExp(reg.email.replace(/\./g, '\\.'), 'i'));
	assert.match(mail.headers['content-type'] ?? '', /multipart\/alternative/i, 'text and HTML parts');
	assert.ok(mail.parts.some((p) => /^text\/plain/i.test(p.headers['content-type'] ?? '')), 'a text/plain part');
	assert.ok(mail.parts.every((p) => /charset="?utf-8/i.test(p.headers['content-type'] ?? '')), 'declared UTF-8');
	assert.ok(!Number.isNaN(Date.parse(mail.headers.date)), 'a parseable Date');
	const link = await srv.mailLink(reg.email, 'confirm');
	assert.match(link, /^\/confirm\/[A-Za-z0-9_\-]{16,}$/, 'a long random token');
	assert.equal((await srv.mailsFor(reg.email)).length, 1, 'exactly one mail');
});

test('the confirmation link works once → 303 /signin?confirmed=1, then 404', async () => {
	const reg = newRegistration();
	const { b } = await register(reg);
	const link = await srv.mailLink(reg.email, 'confirm');
	const early = await srv.browser().post('/api/v1/session', { json: { email: reg.email, password: reg.password } });
	assert.equal(early.status, 403, 'not confirmed yet');
	const c = await b.get(link);
	assert.equal(c.status, 303);
	assert.equal(c.location, '/signin?confirmed=1');
	const page = await b.get(c.location);
	assertHtml(page, 200);
	assert.match(textOf(page.text), /confirmed/i);
	const again = await srv.browser().get(link);
	assertHtml(again, 404);
	const s = srv.browser();
	await s.signIn(reg.email, reg.password);
});

test('an unknown or malformed confirmation token → 404', async () => {
	for (const t of ['nosuchtoken', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '%00', 'x'.repeat(2000)]) {
		const r = await srv.browser().get(`/confirm/${t}`);
		assertHtml(r, 404);
	}
});

test('the handle is case-insensitive and stored lower-case', async () => {
	const reg = newRegistration();
	const upper = reg.handle.toUpperCase();
	await registerConfirmed(srv, { ...reg, handle: upper });
	const p = await srv.browser().get(`/u/${reg.handle}`);
	assertHtml(p, 200);
	assert.ok(p.text.includes(reg.name));
	const s = srv.browser();
	const { member } = await s.apiSignIn(reg.email, reg.password);
	assert.equal(member.handle, reg.handle, 'stored lower-case');
});

// Every invalid value of every field: [field, value, why].
const invalid = [
	['email', '', 'empty'],
	['email', 'plainaddress', 'no @'],
	['email', 'ann@', 'no domain'],
	['email', '@example.org', 'no local part'],
	['email', 'ann@example', 'no dot in the domain'],
	['email', 'a b@example.org', 'a space'],
	['email', emailOfLength('toolong', 255), '255 characters'],
	['name', '', 'empty'],
	['name', 'x'.repeat(101), '101 characters'],
	['name', '中'.repeat(101), '101 CJK characters'],
	['name', 'Ann\u0000Example', 'NUL'],
	['name', 'Ann\u0007Example', 'BEL'],
	['name', 'Ann\nExample', 'a newline'],
	['name', 'Ann\rExample', 'a carriage return'],
	['name', 'Ann\tExample', 'a tab'],
	['name', 'Ann\u001bExample', 'ESC'],
	['name', 'Ann\u007fExample', 'DEL'],
	['name', 'Ann\u0085Example', 'a C1 control (NEL)'],
	['handle', '', 'empty'],
	['handle', 'ab', 'too short'],
	['handle', 'a'.repeat(31), '31 characters'],
	['handle', 'bad-handle', 'a hyphen'],
	['handle', 'has space', 'a space'],
	['handle', 'dot.dot', 'a dot'],
	['handle', 'émile', 'a non-ASCII letter'],
	['handle', '../admin', 'a path'],
	['password', '', 'empty'],
	['password', 'short1234', '9 bytes'],
	['password', 'éééé', '8 bytes (4 characters)'],
	['password', 'p'.repeat(201), '201 bytes'],
	['password', 'é'.repeat(100) + 'x', '201 bytes (101 characters)'],
	['type', '', 'empty'],
	['type', 'wizard', 'not a type'],
	['type', 'editor', 'a role, not a type'],
	['country', '', 'empty'],
	['country', 'XY', 'not an ISO code'],
	['country', 'GBR', 'alpha-3'],
	['country', '<b>', 'markup'],
];

for (const [name, value, why] of invalid) {
	test(`register with ${name} ${why} → 422, ${name}-error, values kept`, async () => {
		const reg = newRegistration({ [name]: value });
		const { r } = await register(reg);
		assertRejected(r, reg, name);
		if (name === 'name' || name === 'email' || name === 'handle') {
			// The typed value comes back too, escaped, so the member can fix it.
			if (value && !/[\u0000-\u001f\u007f-\u009f]/.test(value)) assert.equal(fieldValue(r.text, name), value, `typed ${name} kept`);
		}
	});
}

for (const name of FIELDS) {
	test(`register with ${name} missing from the body → 422, ${name}-error`, async () => {
		const reg = newRegistration();
		const b = srv.browser();
		const page = await b.get('/register');
		const form = { _csrf: csrfToken(page.text), ...reg };
		delete form[name];
		const r = await b.post('/register', { form });
		assertHtml(r, 422);
		assertFieldError(r.text, name);
	});
}

// Values on the edge of each limit are accepted.
const boundaries = [
	['email', (h) => emailOfLength(h, 254), '254 characters'],
	['name', () => 'n'.repeat(100), '100 characters'],
	['name', () => '中'.repeat(100), '100 CJK characters (300 bytes)'],
	['name', () => 'A', '1 character'],
	['handle', () => `h${Math.random().toString(36).slice(2, 4)}`, '3 characters'],
	['handle', (h) => (h + '_'.repeat(30)).slice(0, 30), '30 characters'],
	['password', () => 'p'.repeat(10), '10 bytes'],
	['password', () => 'ééééé', '10 bytes (5 characters)'],
	['password', () => 'p'.repeat(200), '200 bytes'],
	['type', () => 'student', 'student'],
	['type', () => 'hcp', 'hcp'],
	['country', () => 'IE', 'IE'],
];

for (const [name, make, why] of boundaries) {
	test(`register with ${name} of ${why} → 303`, async () => {
		const reg = newRegistration();
		reg[name] = make(reg.handle);
		if (name === 'email') reg.email = reg.email.toLowerCase();
		const { r } = await register(reg);
		assert.equal(r.status, 303, `${r.status}: ${r.text.slice(0, 600)}`);
		assert.equal(r.location, '/register/sent');
		if (name === 'password') {
			await srv.browser().get(await srv.mailLink(reg.email, 'confirm'));
			await srv.browser().signIn(reg.email, reg.password);
		}
	});
}

test('an email already registered, in another case → 422 "already registered" on email', async () => {
	const first = newRegistration();
	assert.equal((await register(first)).r.status, 303);
	const again = newRegistration({ email: first.email.toUpperCase() });
	const { r } = await register(again);
	assertRejected(r, again, 'email', /already registered/i);
	// The same for a member made on the command line.
	const cliMember = await srv.newMember();
	const third = newRegistration({ email: cliMember.email.replace(/^./, (c) => c.toUpperCase()) });
	assertRejected((await register(third)).r, third, 'email', /already registered/i);
});

test('a handle already taken, in another case → 422 "taken" on handle', async () => {
	const first = newRegistration();
	assert.equal((await register(first)).r.status, 303);
	const again = newRegistration({ handle: first.handle.toUpperCase() });
	const { r } = await register(again);
	assertRejected(r, again, 'handle', /taken/i);
	assert.equal(fieldValue(r.text, 'handle'), again.handle, 'the typed handle is kept');
});

for (const [script, name] of [
	['Devanagari', 'डॉ. अमृता शर्मा'],
	['Arabic', 'د. فاطمة الزهراء'],
	['CJK', '王小明 医生'],
	['decomposed Latin (not normalised)', 'Zoe\u0308 Lo\u0301pez'],
	['emoji and astral plane', 'Dr Ada 🩺 𝔸'],
]) {
	test(`a name in ${script} is kept byte-exact on the profile page`, async () => {
		const reg = await registerConfirmed(srv, { name });
		const p = await srv.browser().get(`/u/${reg.handle}`);
		assertHtml(p, 200);
		assert.ok(p.body.includes(Buffer.from(name, 'utf8')), `the profile holds the exact UTF-8 bytes of ${JSON.stringify(name)}`);
		const b = srv.browser();
		await b.signIn(reg.email, reg.password);
		const home = await b.get('/');
		assert.ok(textOf(home.text).includes(`Welcome back, ${name}`), 'greeted by name');
		assert.ok(home.body.includes(Buffer.from(name, 'utf8')), 'greeted by the exact name bytes');
	});
}

test('markup in a name is escaped, never interpreted', async () => {
	const name = '<script>alert(1)</script> & "Ann" <b>';
	const reg = await registerConfirmed(srv, { name });
	const p = await srv.browser().get(`/u/${reg.handle}`);
	assertHtml(p, 200);
	assert.ok(!p.text.includes('<script>alert(1)'), 'no raw <script> from the name');
	assert.ok(!p.text.includes('<b>'), 'no raw <b> from the name');
	assert.ok(textOf(p.text).includes(name), 'the name shows as typed');
});

/** Builds a urlencoded body by hand so invalid bytes can be sent. */
function rawForm(token, reg, rawPairs) {
	const parts = [`_csrf=${encodeURIComponent(token)}`];
	for (const [k, v] of Object.entries(reg)) parts.push(`${k}=${encodeURIComponent(v)}`);
	return parts.concat(rawPairs).join('&');
}

for (const [bytes, why] of [
	['%FF%FE', 'bytes FF FE'],
	['Ann%C0%AF', 'an overlong encoding'],
	['Ann%ED%A0%80', 'a UTF-16 surrogate'],
	['Ann%E2%82', 'a truncated sequence'],
	['%F4%90%80%80', 'a code point past U+10FFFF'],
]) {
	test(`a name with invalid UTF-8 (${why}) → 422 name-error`, async () => {
		const reg = newRegistration();
		const b = srv.browser();
		const token = csrfToken((await b.get('/register')).text);
		const { name: _drop, ...rest } = reg;
		const r = await b.post('/register', { form: rawForm(token, rest, [`name=${bytes}`]) });
		assertHtml(r, 422);
		assertFieldError(r.text, 'name');
		assert.ok(Buffer.from(r.text, 'utf8').equals(r.body), 'the page is valid UTF-8 (round trip)');
	});
}

test('invalid UTF-8 in the email or handle → 422 on that field', async () => {
	for (const name of ['email', 'handle']) {
		const reg = newRegistration();
		const b = srv.browser();
		const token = csrfToken((await b.get('/register')).text);
		const rest = { ...reg };
		delete rest[name];
		const r = await b.post('/register', { form: rawForm(token, rest, [`${name}=ab%FFcd`]) });
		assertHtml(r, 422);
		assertFieldError(r.text, name);
	}
});

test('a body just under 64 KiB is read and judged (422 for the long name), not refused', async () => {
	const reg = newRegistration({ name: 'n'.repeat(60 * 1024) });
	const { r } = await register(reg);
	assertHtml(r, 422);
	assertFieldError(r.text, 'name');
});

test('a body over 64 KiB → 413, and the server goes on serving', async () => {
	const b = srv.browser();
	const token = csrfToken((await b.get('/register')).text);
	const body = new URLSearchParams({ _csrf: token, ...newRegistration({ name: 'n'.repeat(65 * 1024) }) }).toString();
	const head =
		`POST /register HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nX-Forwarded-For: ${b.xff}\r\n` +
		`Cookie: ${b.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
		`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
	const r = await rawRequest(srv.port, head + body, { timeout: 10000 });
	assert.equal(r.status, 413, `oversize form body: ${r.status} ${r.error ?? ''} ${r.raw.toString('latin1').slice(0, 300)}`);
	// A claimed length alone is refused before the body arrives.
	const claim = await rawRequest(
		srv.port,
		`POST /register HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${b.xff}\r\nCookie: ${b.cookieHeader()}\r\n` +
			`Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n_csrf=${token}&`,
		{ timeout: 10000 },
	);
	assert.equal(claim.status, 413, `a claimed 10 MiB body: ${claim.status} ${claim.raw.toString('latin1').slice(0, 300)}`);
	const h = await srv.browser().get('/healthz');
	assert.equal(h.status, 200);
});

test('5 registrations an hour from one address; the 6th → 429; other addresses unaffected', async () => {
	const b = srv.browser();
	for (let i = 1; i <= 5; i++) {
		const r = await b.register(newRegistration());
		assert.equal(r.status, 303, `registration ${i}: ${r.status}`);
	}
	const reg = newRegistration();
	const r = await b.register(reg);
	assertHtml(r, 429);
	assert.equal((await srv.mailsFor(reg.email)).length, 0, 'no mail for the refused registration');
	const other = await srv.browser().register(newRegistration());
	assert.equal(other.status, 303, 'another address may still register');
	// The refused one was not half-written: it can register from elsewhere.
	const later = await srv.browser().register(reg);
	assert.equal(later.status, 303, 'the refused email is not taken');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
