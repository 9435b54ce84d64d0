// hostile.test.mjs: the bad-request suite (issue 11, "Hostile input"):
// malformed request lines, path traversal on static files and downloads,
// script and SQL payloads in every field a member can fill, null bytes and
// invalid UTF-8 in paths, queries, cookies and fields, forged and expired
// tokens.  Every one gets a 4xx or is stored exactly as typed and shown
// escaped; nothing else changes, no answer is a 5xx, and the server goes on
// serving.  (Oversized headers, bodies and slow clients are in
// protocol.test.mjs; CSRF-less posts in csrf.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rawRequest, exactRequest, unique, textOf, decodeEntities } from './lib.mjs';

let srv;
let doc; // a verified doctor: {email, password, handle, token, browser}
let sqlDoc; // another, for the SQL payloads (each test within the posting limits)
let other; // a member to write to
before(async () => {
	srv = await startServer();
	doc = await srv.newMember({ verified: true, name: 'Hostile Tester' });
	sqlDoc = await srv.newMember({ verified: true, name: 'Query Tester' });
	other = await srv.newMember({ verified: true, name: 'Other Member' });
	// A week old: past a newcomer's three topics an hour.
	srv.sql(`UPDATE members SET created_at = created_at - ${7 * 24 * 3600}`);
	for (const m of [doc, sqlDoc]) {
		m.browser = srv.browser();
		m.token = (await m.browser.apiSignIn(m.email, m.password)).token;
		await m.browser.signIn(m.email, m.password);
	}
});
after(() => srv?.kill());

const XSS = [
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'><svg/onload=alert(1)>",
	'[click](javascript:alert(1))',
	'<a href="javascript:alert(1)">x</a>',
	'</textarea><script>alert(1)</script>',
];
const SQLI = ["' OR '1'='1", "'; DROP TABLE members; --", '" OR ""="', "1); DELETE FROM posts; --", "\\'; SELECT pg_sleep(5); --"];

/** Asserts HTML holds none of the payloads in a live form. */
function assertInert(html, what) {
	for (const [re, name] of [
		[/<script>alert/i, 'a script element from input'],
		[/<img[^>]*\sonerror\s*=/i, 'an onerror attribute'],
		[/<svg[^>]*onload/i, 'an onload attribute'],
		[/href\s*=\s*["']?\s*javascript:/i, 'a javascript: link'],
	])
		assert.doesNotMatch(html, re, `${what}: ${name} in the page`);
}

/** The database's row counts, read beside the server (state that must not change). */
function counts() {
	return srv.sql("SELECT (SELECT count(*) FROM members) || ' ' || (SELECT count(*) FROM topics) || ' ' || (SELECT count(*) FROM posts) || ' ' || (SELECT count(*) FROM conversations)");
}

async function alive() {
	const r = await srv.browser().get('/healthz');
	assert.equal(r.status, 200, 'the server goes on serving');
}

test('malformed request lines and headers → 4xx or a closed connection, never 2xx or 5xx; the server goes on', async () => {
	const cases = [
		'GARBAGE\r\n\r\n',
		'GET\r\n\r\n',
		'GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n',
		'GET / HTTP/1.1\r\n\r\n', // HTTP/1.1 without Host
		'G\x80T / HTTP/1.1\r\nHost: x\r\n\r\n',
		'GET / HTTP/1.1\r\nHost: x\r\nBad header without a colon\r\n\r\n',
		'GET / HTTP/1.1\r\nHost: x\r\nX(y): 1\r\n\r\n',
		'GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n',
		'GET / HTTP/1.1\r\nHost: x\r\nNa\x80me: v\r\n\r\n',
		'GET / HTTP/1.1\r\nHost: x\r\nX{}: 1\r\n\r\n',
		'GET / HTTP/1.1\r\nHost: x\r\nX-\x01Ctl: y\r\n\r\n',
		'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
		'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
		'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551617\r\n\r\n',
		'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 9\r\n\r\nabcd',
		'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n',
		'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
		'GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n',
		'GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n',
		'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
	];
	for (const c of cases) {
		const r = await rawRequest(srv.port, Buffer.from(c, 'latin1'), { timeout: 3000, endAfter: true });
		const label = JSON.stringify(c.slice(0, 60));
		assert.ok(r.status === null || (r.status >= 400 && r.status < 500) || r.status === 505, `${label} → ${r.status}`);
		await alive();
	}
	// A header line with no name at all: libmicrohttpd drops the line
	// before Rounds sees it, so the request is the one without it.
	const noName = await rawRequest(srv.port, Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\n: no name\r\nConnection: close\r\n\r\n', 'latin1'), { timeout: 3000 });
	assert.ok(noName.status === 200 || noName.status === 400, `a nameless header line → ${noName.status}`);
	// A NUL in the request line: libmicrohttpd reads the line as C text, so
	// the path ends there ("/static/style.css\0/../../x" asks for the
	// stylesheet); what follows the NUL is never used as a path.
	for (const [line, ok] of [['GET /\x00/../../etc/passwd HTTP/1.1', [200, 400]], ['GET /static/style.css\x00/../../../Makefile HTTP/1.1', [200, 400]]]) {
		const r = await rawRequest(srv.port, Buffer.from(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'), { timeout: 3000 });
		assert.ok(r.status === null || ok.includes(r.status), `${JSON.stringify(line)} → ${r.status}`);
		assert.doesNotMatch(r.body, /root:x:0:0|\.PHONY/, 'nothing from past the NUL');
		await alive();
	}
});

test('multipart parts whose name libmicrohttpd cannot read → refused like any bad form, and the server lives', async () => {
	// Found by fuzz_multipart: such a part came with no name, and the
	// server dereferenced it while reading the body, before any check.
	for (const [p, disposition] of [
		['/signin', 'form-data; name=email'],
		['/signin', 'form-data; filename="x.pdf"'],
		['/api/v1/verification', 'form-data; name=document; filename="x.pdf"'],
	]) {
		const body = `--AaB03x\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/pdf\r\n\r\nx\r\n--AaB03x--\r\n`;
		const r = await rawRequest(
			srv.port,
			Buffer.from(`POST ${p} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=AaB03x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`, 'latin1'),
			{ timeout: 5000 },
		);
		assert.ok(r.status >= 400 && r.status < 500, `${p} with ${disposition} → ${r.status}`);
		await alive();
	}
});

test('path traversal on static files, downloads and images → 4xx, never a file from outside', async () => {
	const paths = [
		'/static/../README.md',
		'/static/..%2fREADME.md',
		'/static/%2e%2e/%2e%2e/etc/passwd',
		'/static/..%5c..%5cREADME.md',
		'/static/%2e%2e%2f%2e%2e%2fMakefile',
		'/static//etc/passwd',
		'/static/style.css%00.txt',
		'/static/./../Makefile',
		'/../../etc/passwd',
		'/%2e%2e/%2e%2e/etc/passwd',
		'/library/x/download/../../../etc/passwd',
		'/api/v1/library/..%2f..%2fetc%2fpasswd/download',
		'/library/%2e%2e%2f%2e%2e%2fetc%2fpasswd/download',
		'/p/1/image/../../../etc/passwd',
		'/u/..%2f..%2fetc%2fpasswd',
	];
	for (const p of paths) {
		const r = await exactRequest(srv, 'GET', p, { browser: doc.browser });
		const body = r.body.toString('latin1');
		assert.ok(r.status >= 300 && r.status < 500, `${p} → ${r.status}`);
		assert.doesNotMatch(body, /root:x:0:0|^# Rounds|\.PHONY|ROUNDS_DB=/m, `${p}: a file from outside static/`);
	}
	await alive();
});

test('script payloads in every field are stored as typed and shown escaped, in pages and the API', async () => {
	const api = (method, p, json) => doc.browser.request(method, `/api/v1${p}`, { json, bearer: doc.token });
	for (const x of XSS) {
		const mark = unique('x');
		// A topic: title and body.
		const t = await api('POST', '/forums/travel/topics', { title: `Trip ${mark} ${x}`, body: `Body ${mark} ${x}` });
		assert.equal(t.status, 201, t.text);
		const topic = t.json();
		assert.equal(topic.title, `Trip ${mark} ${x}`, 'the title is kept exactly');
		// A reply, and an edit of it.
		const rp = await api('POST', `/topics/${topic.id}/posts`, { body: `Reply ${mark} ${x}` });
		assert.equal(rp.status, 201, rp.text);
		const ed = await api('PATCH', `/posts/${rp.json().id}`, { body: `Edited ${mark} ${x}` });
		assert.equal(ed.status, 200, ed.text);
		const page = await doc.browser.get(`/t/${topic.id}`);
		assert.equal(page.status, 200);
		assertInert(page.text, `topic page with ${x}`);
		assert.ok(decodeEntities(page.text).includes(`Trip ${mark} ${x}`), 'the title shows as typed');
		assert.ok(textOf(page.text).includes(`Edited ${mark}`), 'the edit shows');
		// The listing, the home page and search show it inert too.
		for (const p of ['/f/travel', '/', `/search?q=${encodeURIComponent(mark)}`, `/search?q=${encodeURIComponent(x)}`]) {
			const r = await doc.browser.get(p);
			assert.equal(r.status, 200, p);
			assertInert(r.text, `${p} with ${x}`);
		}
		// A private message: subject and body.
		const c = await api('POST', '/conversations', { to: `@${other.handle}`, subject: `Subject ${mark} ${x}`, body: `Message ${mark} ${x}` });
		assert.equal(c.status, 201, c.text);
		const conv = await doc.browser.get(`/messages/${c.json().id}`);
		assert.equal(conv.status, 200);
		assertInert(conv.text, `conversation with ${x}`);
		assert.ok(decodeEntities(conv.text).includes(`Subject ${mark} ${x}`), 'the subject shows as typed');
	}
	// The profile, through its form: name and bio.
	for (const x of XSS.slice(0, 3)) {
		const r = await doc.browser.submit('/settings', { name: `Dr ${x}`.slice(0, 80), bio: `About me ${x}` });
		assert.ok(r.status === 303 || r.status === 422, `profile with ${x} → ${r.status}`);
		const prof = await doc.browser.get(`/u/${doc.handle}`);
		assert.equal(prof.status, 200);
		assertInert(prof.text, `profile with ${x}`);
	}
	// A registration: payloads in the name are kept and shown escaped;
	// in the email or handle they are refused, naming the field.
	for (const x of XSS) {
		const h = unique('h');
		const r = await srv.browser().post('/api/v1/members', { json: { email: `${h}@example.org`, password: 'long enough passphrase', name: `Nm ${x}`, handle: h, type: 'student', country: 'GB' } });
		assert.ok(r.status === 201 || r.status === 422, `name ${x} → ${r.status} ${r.text}`);
		for (const [fieldName, value] of [['email', `${x}@example.org`], ['handle', x]]) {
			const bad = await srv.browser().post('/api/v1/members', {
				json: { email: `${unique('e')}@example.org`, password: 'long enough passphrase', name: 'Fine Name', handle: unique('g'), type: 'student', country: 'GB', [fieldName]: value },
			});
			assert.equal(bad.status, 422, `${fieldName} ${x} → ${bad.status}`);
			assert.equal(bad.json().error.field ?? bad.json().error.fields?.[0]?.field ?? fieldName, fieldName);
		}
	}
	await alive();
});

test('SQL payloads in every field are plain text: kept exactly, found by search, and the tables are whole', async () => {
	const before = counts().split(' ').map(Number);
	const api = (method, p, json) => sqlDoc.browser.request(method, `/api/v1${p}`, { json, bearer: sqlDoc.token });
	let made = 0;
	for (const s of SQLI) {
		const mark = unique('q');
		const t = await api('POST', '/forums/cycling/topics', { title: `Ride ${mark} ${s}`, body: `Route ${mark} ${s}` });
		assert.equal(t.status, 201, t.text);
		made++;
		const back = await api('GET', `/topics/${t.json().id}`);
		assert.equal(back.json().title, `Ride ${mark} ${s}`, 'kept exactly');
		for (const q of [s, `${mark} ${s}`]) {
			const r = await sqlDoc.browser.get(`/api/v1/search?q=${encodeURIComponent(q)}`, { bearer: sqlDoc.token });
			assert.equal(r.status, 200, `search ${q} → ${r.status} ${r.text.slice(0, 200)}`);
		}
		const found = await sqlDoc.browser.get(`/api/v1/search?q=${encodeURIComponent(mark)}`, { bearer: sqlDoc.token });
		assert.ok(found.json().results.some((x) => x.kind === 'topic' && x.id === t.json().id), 'found by its words');
		// Sign-in with a payload for the email or the password: refused, as any wrong answer.
		for (const [email, password] of [[s, s], [sqlDoc.email, s], [`${sqlDoc.email}${s}`, sqlDoc.password]]) {
			const r = await srv.browser().post('/api/v1/session', { json: { email, password } });
			// 429 once the account's five failures are used up: refused all the same.
			assert.ok(r.status === 401 || r.status === 422 || r.status === 429, `sign in with ${s} → ${r.status}`);
		}
		// A member's page and the directory, by a payload.
		const u = await sqlDoc.browser.get(`/u/${encodeURIComponent(s)}`);
		assert.equal(u.status, 404);
		const dir = await sqlDoc.browser.get(`/members?q=${encodeURIComponent(s)}`);
		assert.ok(dir.status === 200 || dir.status === 400, `directory with ${s} → ${dir.status}`);
	}
	const after = counts().split(' ').map(Number);
	assert.deepEqual(after, [before[0], before[1] + made, before[2] + made, before[3]], 'only the topics written were added; nothing dropped or deleted');
	// Members still sign in, and the token from before still works: the
	// members and sessions tables are whole.
	const ok = await srv.browser().post('/api/v1/session', { json: { email: other.email, password: other.password } });
	assert.equal(ok.status, 200, ok.text);
	assert.equal((await srv.browser().get('/api/v1/me', { bearer: sqlDoc.token })).status, 200);
});

test('null bytes and invalid UTF-8 in fields, paths, queries and cookies → 4xx or ignored, nothing written', async () => {
	const before = counts();
	const api = (method, p, body) => doc.browser.request(method, `/api/v1${p}`, { body, bearer: doc.token, headers: { 'content-type': 'application/json' } });
	// JSON strings holding NUL, and JSON bytes that are not UTF-8.
	for (const body of [
		'{"title":"Nul \\u0000 inside","body":"fine body"}',
		'{"title":"fine title","body":"nul \\u0000 inside"}',
		Buffer.concat([Buffer.from('{"title":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('","body":"fine body"}')]),
		Buffer.concat([Buffer.from('{"title":"fine title","body":"lone '), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' surrogate"}')]),
	]) {
		const r = await api('POST', '/forums/travel/topics', body);
		assert.ok(r.status === 400 || r.status === 422, `topic ${String(body).slice(0, 40)} → ${r.status} ${r.text}`);
		assert.match(r.json().error.code, /invalid|bad_json/);
	}
	const reg = await srv.browser().post('/api/v1/members', { body: '{"email":"nul@example.org","password":"long enough passphrase","name":"A\\u0000B","handle":"nulbyte","type":"student","country":"GB"}', headers: { 'content-type': 'application/json' } });
	assert.equal(reg.status, 422, reg.text);
	// Form fields.
	const page = await doc.browser.get('/f/travel/new');
	const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
	assert.ok(csrf, 'the new-topic form');
	for (const title of ['Nul%00inside', 'Bad%FF%FEbytes', 'Lone%ED%A0%80surrogate']) {
		const form = await doc.browser.post('/f/travel', { form: `_csrf=${csrf}&title=${title}&body=fine+body+text` });
		assert.equal(form.status, 422, `form title ${title} → ${form.status}`);
	}
	const raw = await doc.browser.post('/register', { form: 'email=x%40example.org&name=A%00B&handle=nulform&password=long+enough+pass&type=student&country=GB&_csrf=x' });
	assert.ok(raw.status >= 400 && raw.status < 500, `register form with %00 → ${raw.status}`);
	// Paths, queries and cookies.
	for (const p of ['/u/ab%00cd', '/t/%00', '/t/1%00', '/f/%ff%fe', '/u/%c0%af', '/search?q=%00', '/search?q=%ff%fe', '/api/v1/search?q=%00%ff', '/b/%00/x', '/library/%ff']) {
		const r = await exactRequest(srv, 'GET', p, { browser: doc.browser });
		assert.ok(r.status < 500, `${p} → ${r.status}`);
		assert.ok(!r.body.includes(0), `${p}: no NUL in the answer`);
	}
	// Cookies of bytes no client may send (Node refuses to send them, so raw).
	for (const cookie of ['rounds_session=\x7f\x7f', 'rounds_session=%00%ff', 'rounds_session=\xff\xfe', `rounds_session=${'A'.repeat(43)}\x01`]) {
		const r = await rawRequest(srv.port, Buffer.from(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`, 'latin1'));
		assert.ok(r.status === 401 || r.status === 400, `cookie ${JSON.stringify(cookie)} → ${r.status}`);
	}
	assert.equal(counts(), before, 'nothing was written');
	await alive();
});

test('forged and expired tokens: bearer, session, reset link → refused; nothing changes', async () => {
	const forged = await srv.browser().get('/api/v1/me', { bearer: 'A'.repeat(43) });
	assert.equal(forged.status, 401);
	const alsoForged = await srv.browser().post('/api/v1/forums/travel/topics', { json: { title: 'Forged', body: 'Forged body' }, bearer: 'x' });
	assert.equal(alsoForged.status, 401);
	// A real session, made to have ended: refused as a stranger.
	const m = await srv.newMember({ verified: true });
	const b = srv.browser();
	const { token } = await b.apiSignIn(m.email, m.password);
	assert.equal((await b.get('/api/v1/me', { bearer: token })).status, 200);
	srv.sql(`UPDATE sessions SET expires_at = 1 WHERE member_id = (SELECT id FROM members WHERE email = '${m.email}')`);
	assert.equal((await b.get('/api/v1/me', { bearer: token })).status, 401, 'an expired bearer token');
	assert.equal((await b.get('/api/v1/me', { cookies: false, headers: { cookie: `rounds_session=${token}` } })).status, 401, 'an expired session cookie');
	// A reset link that has expired: no form, no new password.
	const r = await srv.browser().submit('/reset', { email: m.email });
	assert.equal(r.status, 303);
	const link = await srv.mailLink(m.email, 'reset');
	srv.sql(`UPDATE tokens SET expires_at = 1 WHERE member_id = (SELECT id FROM members WHERE email = '${m.email}')`);
	const page = await srv.browser().get(link);
	assert.ok(page.status === 404 || page.status === 410 || page.status === 400, `an expired reset link → ${page.status}`);
	const post = await srv.browser().post(link, { form: { password: 'a brand new passphrase', _csrf: 'x' } });
	assert.ok(post.status >= 400 && post.status < 500, `a new password through it → ${post.status}`);
	const still = await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } });
	assert.equal(still.status, 200, 'the password is unchanged');
	// A forged reset or confirmation token.
	for (const p of ['/reset/' + 'B'.repeat(43), '/confirm/' + 'C'.repeat(43), '/reset/..%2f..', '/confirm/%00']) {
		const f = await srv.browser().get(p);
		assert.ok(f.status === 404 || f.status === 400, `${p} → ${f.status}`);
	}
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
