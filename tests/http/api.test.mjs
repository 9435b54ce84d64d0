// api.test.mjs: the JSON API under /api/v1 (behaviour.md "JSON API" and
// DESIGN.md's table and error shape): POST /api/v1/members (201 and its
// fields, the mail, 409 conflict naming the field, 400 bad_json, non-object
// JSON, 415, 422 invalid naming each field, 413), POST /api/v1/session (200
// {token, member} and the cookie, 401 bad_credentials, 403 unconfirmed,
// 429 rate_limited with Retry-After), DELETE /api/v1/session (204, the token
// dead), GET /api/v1/me (fields; 401 unauthenticated), Bearer tokens, and
// unknown paths (404 JSON) and wrong methods (405 JSON with Allow).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertJsonError, unique, rawRequest, emailOfLength } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

function member(over = {}) {
	const h = unique('a');
	return {
		email: `${h}@example.org`,
		password: 'correct horse battery',
		name: `Api ${h}`,
		handle: h,
		type: 'doctor',
		country: 'GB',
		...over,
	};
}

/** POST /api/v1/members from a fresh address. */
function createMember(body, opts = {}) {
	return srv.browser().post('/api/v1/members', { json: body, ...opts });
}

function assertJson(r, status) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
	assert.match(r.headers.get('content-type') ?? '', /^application\/json/, 'Content-Type application/json');
	return r.json();
}

test('POST /api/v1/members → 201 with the member, unconfirmed, and a confirmation mail', async () => {
	const body = member({ handle: unique('Api').toUpperCase(), type: 'student', country: 'IN' });
	const r = await createMember(body);
	const j = assertJson(r, 201);
	assert.ok(j.id !== undefined && j.id !== null, 'an id');
	assert.equal(j.handle, body.handle.toLowerCase(), 'the handle, lower-case');
	assert.equal(j.name, body.name);
	assert.equal(j.type, 'student');
	assert.equal(j.country, 'IN');
	assert.equal(j.verified, false);
	assert.ok(Array.isArray(j.roles), 'roles is an array');
	assert.deepEqual(j.roles, []);
	assert.equal(j.confirmed, false);
	assert.ok(!('password' in j) && !JSON.stringify(j).includes(body.password), 'no password in the answer');
	assert.ok(!('password_hash' in j), 'no hash in the answer');
	const link = await srv.mailLink(body.email, 'confirm');
	const c = await srv.browser().get(link);
	assert.equal(c.status, 303);
	const s = await srv.browser().post('/api/v1/session', { json: { email: body.email, password: body.password } });
	const sj = assertJson(s, 200);
	assert.equal(sj.member.confirmed, true, 'confirmed after the link');
});

test('Content-Type application/json; charset=utf-8 is accepted', async () => {
	const r = await createMember(member(), { headers: { 'content-type': 'application/json; charset=utf-8' } });
	assertJson(r, 201);
});

test('a name in any script is kept exactly, and so are JSON escapes', async () => {
	for (const name of ['डॉ. अमृता शर्मा', 'د. فاطمة', '王小明', 'Zoe\u0308', 'Ann \u00e9\u00e8 "quoted" \\ slash']) {
		const r = await createMember(member({ name }));
		const j = assertJson(r, 201);
		assert.equal(j.name, name);
	}
});

test('the same email in another case → 409 conflict naming email', async () => {
	const first = member();
	assertJson(await createMember(first), 201);
	const r = await createMember(member({ email: first.email.toUpperCase() }));
	assertJsonError(r, 409, 'conflict', 'email');
});

test('the same handle in another case → 409 conflict naming handle', async () => {
	const first = member();
	assertJson(await createMember(first), 201);
	const r = await createMember(member({ handle: first.handle.toUpperCase() }));
	assertJsonError(r, 409, 'conflict', 'handle');
});

for (const [label, raw] of [
	['unterminated', '{"email": "a@b.c"'],
	['not JSON', '{oops'],
	['a trailing comma', '{"email": "a@b.c",}'],
	['single quotes', "{'email': 'a@b.c'}"],
	['empty', ''],
	['two documents', '{"a":1}{"b":2}'],
	['a NaN', '{"a": NaN}'],
]) {
	test(`malformed JSON (${label}) → 400 bad_json`, async () => {
		const r = await srv.browser().post('/api/v1/members', { body: raw, headers: { 'content-type': 'application/json' } });
		assertJsonError(r, 400, 'bad_json');
	});
}

test('JSON with invalid UTF-8 → 400 bad_json', async () => {
	const body = Buffer.concat([Buffer.from('{"email":"x@example.org","password":"correct horse battery","name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","handle":"badutf","type":"doctor","country":"GB"}')]);
	const r = await srv.browser().post('/api/v1/members', { body, headers: { 'content-type': 'application/json' } });
	assertJsonError(r, 400, 'bad_json');
});

for (const raw of ['[]', '[{"email":"a@b.c"}]', '"a string"', '42', 'null', 'true']) {
	test(`non-object JSON ${raw} → 400`, async () => {
		const r = await srv.browser().post('/api/v1/members', { body: raw, headers: { 'content-type': 'application/json' } });
		assertJsonError(r, 400);
	});
}

for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', null]) {
	test(`Content-Type ${ct ?? '(none)'} → 415`, async () => {
		const headers = ct ? { 'content-type': ct } : {};
		const body = ct === null ? new Uint8Array(Buffer.from(JSON.stringify(member()))) : JSON.stringify(member());
		const r = await srv.browser().post('/api/v1/members', { body, headers });
		assertJsonError(r, 415);
	});
}

// Invalid values of each field: the API answers 422 `invalid` naming it.
const invalid = [
	['email', 'plainaddress'],
	['email', ''],
	['email', emailOfLength('toolong', 255)],
	['email', 42],
	['password', 'short'],
	['password', 'p'.repeat(201)],
	['password', null],
	['name', ''],
	['name', 'x'.repeat(101)],
	['name', 'Ann\u0000Example'],
	['name', 'Ann\nExample'],
	['name', 'Ann\u001fExample'],
	['name', ['Ann']],
	['handle', 'ab'],
	['handle', 'a'.repeat(31)],
	['handle', 'bad-handle'],
	['handle', { h: 1 }],
	['type', 'wizard'],
	['type', ''],
	['type', true],
	['country', 'XY'],
	['country', 'gbr'],
	['country', 7],
];
for (const [name, value] of invalid) {
	test(`POST /api/v1/members with ${name}=${JSON.stringify(value).slice(0, 40)} → 422 invalid, field ${name}`, async () => {
		const r = await createMember(member({ [name]: value }));
		assertJsonError(r, 422, 'invalid', name);
	});
}

for (const name of ['email', 'password', 'name', 'handle', 'type', 'country']) {
	test(`POST /api/v1/members without ${name} → 422 invalid, field ${name}`, async () => {
		const body = member();
		delete body[name];
		const r = await createMember(body);
		assertJsonError(r, 422, 'invalid', name);
	});
}

test('a JSON body over 64 KiB → 413', async () => {
	const body = JSON.stringify(member({ name: 'n'.repeat(65 * 1024) }));
	const b = srv.browser();
	const r = await rawRequest(
		srv.port,
		`POST /api/v1/members HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${b.xff}\r\nContent-Type: application/json\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
		{ timeout: 10000 },
	);
	assert.equal(r.status, 413, `${r.status} ${r.error ?? ''}`);
	assert.match(r.headers['content-type'] ?? '', /^application\/json/);
	assert.ok(JSON.parse(r.body).error?.code, 'a JSON error body');
	assert.equal((await srv.browser().get('/healthz')).status, 200);
});

/** A confirmed member made on the command line, and its credentials. */
async function confirmed(opts) {
	return srv.newMember(opts);
}

test('POST /api/v1/session → 200 {token, member} and the rounds_session cookie; the token works as Bearer', async () => {
	const m = await confirmed({ type: 'hcp' });
	const b = srv.browser();
	const r = await b.post('/api/v1/session', { json: { email: m.email, password: m.password } });
	const j = assertJson(r, 200);
	assert.equal(typeof j.token, 'string');
	assert.ok(j.token.length >= 20, 'a long token');
	assert.equal(j.member.handle, m.handle);
	assert.equal(j.member.type, 'hcp');
	const c = r.cookies.find((x) => x.name === 'rounds_session');
	assert.ok(c, 'Set-Cookie rounds_session');
	assert.equal(c.attrs.httponly, true);
	assert.equal(String(c.attrs.samesite).toLowerCase(), 'lax');
	const me = await srv.browser().get('/api/v1/me', { bearer: j.token });
	const mj = assertJson(me, 200);
	for (const k of ['id', 'handle', 'name', 'type', 'verified', 'roles', 'country', 'confirmed']) assert.ok(k in mj, `me has ${k}`);
	assert.equal(mj.handle, m.handle);
	assert.equal(mj.name, m.name);
	assert.equal(mj.type, 'hcp');
	assert.equal(mj.verified, false);
	assert.deepEqual(mj.roles, []);
	assert.equal(mj.confirmed, true);
	assert.equal(mj.id, j.member.id);
	const viaCookie = await b.get('/api/v1/me');
	assert.equal(assertJson(viaCookie, 200).handle, m.handle, 'the cookie works too');
});

test('GET /api/v1/me shows verified and roles', async () => {
	const m = await confirmed({ verified: true });
	assert.equal((await srv.cli(['user', 'role', m.email, '+editor'])).code, 0);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const mj = assertJson(await srv.browser().get('/api/v1/me', { bearer: token }), 200);
	assert.equal(mj.verified, true);
	assert.ok(mj.roles.includes('editor'), `roles: ${JSON.stringify(mj.roles)}`);
});

test('wrong password and unknown email → 401 bad_credentials with the same message', async () => {
	const m = await confirmed();
	const a = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: 'wrong password' } });
	const b = await srv.browser().post('/api/v1/session', { json: { email: `no-${m.email}`, password: 'wrong password' } });
	const ja = assertJsonError(a, 401, 'bad_credentials');
	const jb = assertJsonError(b, 401, 'bad_credentials');
	assert.equal(ja.error.message, jb.error.message);
	assert.ok(!a.cookies.some((c) => c.name === 'rounds_session' && c.value), 'no session cookie');
});

test('POST /api/v1/session with bad bodies → 400/415/422/401, never 200 or 500', async () => {
	const m = await confirmed();
	for (const [body, ct] of [
		['{bad', 'application/json'],
		['[]', 'application/json'],
		[JSON.stringify({ email: m.email }), 'application/json'],
		[JSON.stringify({ email: m.email, password: 12345678901 }), 'application/json'],
		[JSON.stringify({ email: m.email, password: m.password }), 'text/plain'],
	]) {
		const r = await srv.browser().post('/api/v1/session', { body, headers: { 'content-type': ct } });
		assert.ok([400, 401, 415, 422].includes(r.status), `${body} (${ct}) → ${r.status}`);
		assertJsonError(r, r.status);
	}
});

test('an unconfirmed member → 403 unconfirmed', async () => {
	const body = member();
	assertJson(await createMember(body), 201);
	const r = await srv.browser().post('/api/v1/session', { json: { email: body.email, password: body.password } });
	assertJsonError(r, 403, 'unconfirmed');
});

test('a suspended member → 403', async () => {
	const m = await confirmed();
	assert.equal((await srv.cli(['user', 'suspend', m.email])).code, 0);
	const r = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } });
	assertJsonError(r, 403);
});

test('5 failures for one account, then 429 rate_limited with Retry-After, even with the right password', async () => {
	const m = await confirmed();
	for (let i = 1; i <= 5; i++) {
		const r = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: `wrong ${i} password` } });
		assertJsonError(r, 401, 'bad_credentials');
	}
	const sixth = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: 'wrong 6 password' } });
	assertJsonError(sixth, 429, 'rate_limited');
	assert.match(sixth.headers.get('retry-after') ?? '', /^\d+$/);
	const right = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } });
	assertJsonError(right, 429, 'rate_limited');
	assert.match(right.headers.get('retry-after') ?? '', /^\d+$/);
});

test('20 failures from one address, then 429 rate_limited', async () => {
	const m = await confirmed();
	const b = srv.browser();
	for (let i = 1; i <= 20; i++) {
		const r = await b.post('/api/v1/session', { json: { email: `ghost${i}@example.org`, password: 'wrong password' } });
		assertJsonError(r, 401, 'bad_credentials');
	}
	const r = await b.post('/api/v1/session', { json: { email: m.email, password: m.password } });
	assertJsonError(r, 429, 'rate_limited');
	assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
});

test('DELETE /api/v1/session with Bearer → 204 with no body; the token is dead afterwards', async () => {
	const m = await confirmed();
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const { token: other } = await srv.browser().apiSignIn(m.email, m.password);
	const r = await srv.browser().request('DELETE', '/api/v1/session', { bearer: token });
	assert.equal(r.status, 204);
	assert.equal(r.body.length, 0, 'no body with 204');
	assertJsonError(await srv.browser().get('/api/v1/me', { bearer: token }), 401, 'unauthenticated');
	assert.equal((await srv.browser().get('/api/v1/me', { bearer: other })).status, 200, 'the other token lives');
	const again = await srv.browser().request('DELETE', '/api/v1/session', { bearer: token });
	assertJsonError(again, 401);
});

test('GET /api/v1/me without auth or with a bad token → 401 unauthenticated', async () => {
	assertJsonError(await srv.browser().get('/api/v1/me'), 401, 'unauthenticated');
	for (const auth of ['Bearer nonsense', 'Bearer ', `Bearer ${'A'.repeat(43)}`, 'Basic YTpi', 'bearer', 'Token abc']) {
		const r = await srv.browser().get('/api/v1/me', { headers: { authorization: auth } });
		assertJsonError(r, 401, 'unauthenticated');
	}
});

for (const p of ['/api/v1/nothing', '/api/v1/', '/api/v1/me/extra', '/api/v1/members/1', '/api/v1/session/x']) {
	test(`GET ${p} → 404 JSON`, async () => {
		const r = await srv.browser().get(p);
		assertJsonError(r, 404);
	});
}

for (const [method, p, allow] of [
	['PUT', '/api/v1/members', ['GET', 'POST']], // GET is the directory (members.test.mjs)
	['DELETE', '/api/v1/members', ['GET', 'POST']],
	['GET', '/api/v1/session', ['POST', 'DELETE']],
	['PATCH', '/api/v1/session', ['POST', 'DELETE']],
	['POST', '/api/v1/me', ['GET', 'DELETE']], // DELETE deletes the account (delete.test.mjs)
	['PUT', '/api/v1/me', ['GET', 'DELETE']],
]) {
	test(`${method} ${p} → 405 JSON with Allow: ${allow.join(', ')}`, async () => {
		const opts = method === 'GET' || method === 'DELETE' ? {} : { json: {} };
		const r = await srv.browser().request(method, p, opts);
		assertJsonError(r, 405);
		const got = (r.headers.get('allow') ?? '').split(',').map((s) => s.trim().toUpperCase());
		for (const a of allow) assert.ok(got.includes(a), `Allow ${r.headers.get('allow')} includes ${a}`);
		assert.ok(!got.includes(method), `Allow does not include ${method}`);
	});
}

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
