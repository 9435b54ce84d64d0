// protocol.test.mjs: what every response and connection must do
// (behaviour.md, the headers paragraph and the last lines of "Pages"): the
// security headers on HTML, JSON, static, redirect, error and 304 responses;
// static files (ETag, 304, Cache-Control, Last-Modified) and path traversal;
// 404 and 405 (+Allow) pages; too-large headers and URLs; a malformed-request
// suite over raw TCP after which /healthz still answers; keep-alive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, assertSecurityHeaders, assertHtml, assertJsonError, rawRequest, h1Count, ROOT } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

async function healthy(after) {
	const r = await srv.browser().get('/healthz');
	assert.equal(r.status, 200, `/healthz after ${after}`);
}

test('security headers on every kind of response', async () => {
	const b = srv.browser();
	const css = await b.get('/static/style.css');
	const cases = [
		['HTML page', await b.get('/')],
		['health check', await b.get('/healthz')],
		['JSON 401', await b.get('/api/v1/me')],
		['JSON 400', await b.post('/api/v1/members', { body: '{', headers: { 'content-type': 'application/json' } })],
		['JSON 404', await b.get('/api/v1/no-such-thing')],
		['static file', css],
		['static 304', await b.get('/static/style.css', { headers: { 'if-none-match': css.headers.get('etag') ?? '"x"' } })],
		['static 404', await b.get('/static/no-such-file.css')],
		['HTML 404', await b.get('/no/such/page')],
		['HTML 405', await b.request('PUT', '/signin', { body: 'x' })],
		['redirect 303', await b.get('/settings')],
		['form 403 (no _csrf)', await b.post('/signin', { form: { email: 'a@b.c', password: 'x' } })],
		['form 422', await b.submit('/register', { email: 'bad' })],
		['confirm 404', await b.get('/confirm/nope')],
	];
	for (const [what, r] of cases) assertSecurityHeaders(r.headers, `${what} (${r.status})`);
	assert.equal(cases[6][1].status, 304, 'the static 304 case really is a 304');
});

test('GET /static/style.css: CSS with ETag, Cache-Control public max-age, Last-Modified; If-None-Match → 304', async () => {
	const b = srv.browser();
	const r = await b.get('/static/style.css');
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type') ?? '', /^text\/css/);
	assert.ok(r.body.length > 0, 'a stylesheet');
	const etag = r.headers.get('etag');
	assert.match(etag ?? '', /^(W\/)?"[^"]+"$/, `a quoted ETag: ${etag}`);
	const cc = r.headers.get('cache-control') ?? '';
	assert.match(cc, /\bpublic\b/, `Cache-Control public: ${cc}`);
	const age = cc.match(/max-age=(\d+)/);
	assert.ok(age && Number(age[1]) > 0, `Cache-Control max-age: ${cc}`);
	const lm = r.headers.get('last-modified');
	assert.ok(lm && !Number.isNaN(Date.parse(lm)), `Last-Modified: ${lm}`);
	assert.match(lm, /GMT$/, 'an HTTP date');
	const onDisk = fs.readFileSync(path.join(ROOT, 'static', 'style.css'));
	assert.ok(r.body.equals(onDisk), 'the file as it is in static/');
	const nm = await b.get('/static/style.css', { headers: { 'if-none-match': etag } });
	assert.equal(nm.status, 304);
	assert.equal(nm.body.length, 0, 'no body with 304');
	assert.equal(nm.headers.get('etag'), etag, 'the ETag again with 304');
	const list = await b.get('/static/style.css', { headers: { 'if-none-match': `"nope", ${etag}` } });
	assert.equal(list.status, 304, 'an ETag in a list matches');
	const other = await b.get('/static/style.css', { headers: { 'if-none-match': '"something-else"' } });
	assert.equal(other.status, 200);
	assert.ok(other.body.equals(onDisk));
});

test('every file in static/ is served with a fitting type', async () => {
	const types = { '.css': /^text\/css/, '.js': /^(text|application)\/javascript/, '.svg': /^image\/svg\+xml/, '.png': /^image\/png/, '.ico': /^image\//, '.woff2': /^font\/woff2/ };
	for (const name of fs.readdirSync(path.join(ROOT, 'static'))) {
		const ext = path.extname(name);
		const r = await srv.browser().get(`/static/${name}`);
		assert.equal(r.status, 200, `/static/${name}`);
		if (types[ext]) assert.match(r.headers.get('content-type') ?? '', types[ext], `/static/${name} type`);
		assertSecurityHeaders(r.headers, `/static/${name}`);
	}
});

const makefile = fs.existsSync(path.join(ROOT, 'Makefile')) ? fs.readFileSync(path.join(ROOT, 'Makefile'), 'utf8') : 'SAN ?=';
for (const p of [
	'/static/../Makefile',
	'/static/%2e%2e/Makefile',
	'/static/%2E%2E/Makefile',
	'/static/..%2fMakefile',
	'/static/..%2FMakefile',
	'/static/%2e%2e%2fMakefile',
	'/static/.%2e/Makefile',
	'/static/..%5cMakefile',
	'/static/..\\Makefile',
	'/static/....//Makefile',
	'/static/../../../../../../etc/passwd',
	'/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
	'/static//etc/passwd',
	'/static/%2fetc%2fpasswd',
	'/static/style.css%00.txt',
	'/static/',
	'/static',
	'/static/.',
	'/static/no-such-file.css',
	'/static/../src/core/arena.c',
	'/static/../.git/config',
]) {
	test(`GET ${p} (raw request line) → 404, nothing from outside static/`, async () => {
		const r = await rawRequest(srv.port, `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
		assert.equal(r.status, 404, `${p}: ${r.status}`);
		assert.ok(!r.body.includes(makefile.slice(0, 60)), 'not the Makefile');
		assert.ok(!r.body.includes('root:x:0:0'), 'not /etc/passwd');
		assert.ok(!r.body.includes('[core]'), 'not .git/config');
		assert.ok(!r.body.includes('#include'), 'no source file');
	});
}

test('an unknown path → 404 HTML page with one h1', async () => {
	for (const p of ['/no/such/page', '/nope', '/u', '/u/', '/register/extra/path', '/index.html', '/.git/config', '/Makefile']) {
		const r = await srv.browser().get(p);
		assertHtml(r, 404);
		assert.equal(h1Count(r.text), 1, `${p}: one h1`);
	}
});

for (const [method, p, allow] of [
	['PUT', '/signin', ['GET', 'POST']],
	['DELETE', '/register', ['GET', 'POST']],
	['POST', '/', ['GET']],
	['PATCH', '/settings', ['GET', 'POST']],
	['POST', '/u/nobody', ['GET']],
	['POST', '/healthz', ['GET']],
	['POST', '/static/style.css', ['GET']],
	['DELETE', '/reset', ['GET', 'POST']],
	['PUT', '/signout', ['GET', 'POST']],
]) {
	test(`${method} ${p} → 405 with Allow: ${allow.join(', ')}`, async () => {
		const r = await srv.browser().request(method, p, method === 'DELETE' ? {} : { body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 405, `${method} ${p}: ${r.status}`);
		const got = (r.headers.get('allow') ?? '').split(',').map((s) => s.trim().toUpperCase());
		for (const a of allow) assert.ok(got.includes(a), `Allow "${r.headers.get('allow')}" includes ${a}`);
		assert.ok(!got.includes(method), `Allow does not include ${method}`);
		if (!['/healthz', '/static/style.css'].includes(p)) assert.match(r.headers.get('content-type') ?? '', /^text\/html/, 'an HTML 405 page');
	});
}

test('unknown and wrong-method API paths answer JSON, not HTML', async () => {
	assertJsonError(await srv.browser().get('/api/v1/nowhere'), 404);
	assertJsonError(await srv.browser().request('PUT', '/api/v1/me', { json: {} }), 405);
});

test('a 64 KiB Cookie header → 413 or 431, and the server goes on serving', async () => {
	const r = await rawRequest(srv.port, `GET / HTTP/1.1\r\nHost: x\r\nCookie: rounds_session=${'a'.repeat(64 * 1024)}\r\n\r\n`, { timeout: 10000 });
	assert.ok([413, 431].includes(r.status), `status ${r.status} ${r.error ?? ''}`);
	await healthy('a huge cookie');
});

test('2000 header lines → 413 or 431, and the server goes on serving', async () => {
	const lines = Array.from({ length: 2000 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(30)}\r\n`).join('');
	const r = await rawRequest(srv.port, `GET / HTTP/1.1\r\nHost: x\r\n${lines}\r\n`, { timeout: 10000 });
	assert.ok([413, 431].includes(r.status), `status ${r.status} ${r.error ?? ''}`);
	await healthy('many headers');
});

test('a 64 KiB URL → 414, 413 or 431, and the server goes on serving', async () => {
	const r = await rawRequest(srv.port, `GET /u/${'a'.repeat(64 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, { timeout: 10000 });
	assert.ok([413, 414, 431].includes(r.status), `status ${r.status} ${r.error ?? ''}`);
	await healthy('a huge URL');
});

// The malformed-request suite: [label, chunks, what is acceptable].
// `strict`: if a response comes it must be 4xx (or 501/505), never 2xx/3xx.
// `sane`: if a response comes it must not be a 5xx other than 501/505.
const B = (s) => Buffer.from(s, 'latin1');
const malformed = [
	['garbage request line', [B('HELLO THERE\r\n\r\n')], 'strict'],
	['bad HTTP version', [B('GET / HTTP/9.9\r\nHost: x\r\n\r\n')], 'strict'],
	['no HTTP version', [B('GET /\r\n\r\n')], 'sane'],
	['lowercase protocol', [B('GET / http/1.1\r\nHost: x\r\n\r\n')], 'strict'],
	// libmicrohttpd hands the server the path as a C string, cut at the NUL.
	['NUL in the path', [B('GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n')], 'sane'],
	['NUL in a header value', [B('GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n')], 'sane'],
	['NUL bytes only', [Buffer.alloc(2048)], 'strict'],
	['random bytes', [Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 255))], 'strict'],
	['absurd Content-Length', [B('POST /register HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999999999999999999\r\n\r\nabc')], 'strict'],
	['negative Content-Length', [B('POST /register HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\nabc')], 'strict'],
	['non-numeric Content-Length', [B('POST /api/v1/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ten\r\n\r\n{}')], 'strict'],
	['two different Content-Lengths', [B('POST /api/v1/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}')], 'sane'],
	['Content-Length and chunked together', [B('POST /api/v1/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')], 'sane'],
	['bad chunk size', [B('POST /api/v1/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n')], 'strict'],
	['huge chunk size', [B('POST /api/v1/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}')], 'strict'],
	['header line without a colon', [B('GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n')], 'sane'],
	['a 4 KiB method', [B(`${'A'.repeat(4096)} / HTTP/1.1\r\nHost: x\r\n\r\n`)], 'strict'],
	['bare LF line ends', [B('GET /healthz HTTP/1.1\nHost: x\n\n')], 'sane'],
	['obsolete header folding', [B('GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n')], 'sane'],
	['truncated body, then close', [B('POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a%40b.c&pa')], 'none'],
	['truncated JSON body, then close', [B('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"email":')], 'none'],
	['headers cut mid-line, then close', [B('GET / HTTP/1.1\r\nHost: x\r\nX-Half: abc')], 'none'],
	['invalid percent escape in the path', [B('GET /u/%zz HTTP/1.1\r\nHost: x\r\n\r\n')], 'strict'],
	['a form body of invalid escapes', [B('POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\n%%%%%%%%%%=%%%%%%%%%')], 'strict'],
	['multipart with no boundary', [B('POST /register HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\nContent-Length: 10\r\n\r\n----------')], 'strict'],
];

for (const [label, chunks, rule] of malformed) {
	test(`malformed request: ${label} → no crash, /healthz still 200`, async () => {
		const endAfter = rule === 'none';
		const r = await rawRequest(srv.port, chunks.map((data) => ({ data })), { timeout: 3000, endAfter });
		if (r.status !== null) {
			const ok = (r.status >= 400 && r.status < 500) || r.status === 501 || r.status === 505;
			if (rule === 'strict') assert.ok(ok, `${label}: answered ${r.status}`);
			else assert.ok(r.status < 500 || r.status === 501 || r.status === 505, `${label}: answered ${r.status}`);
		}
		await healthy(label);
	});
}

test('a slow client that never finishes its headers does not block others', async () => {
	const slow = rawRequest(srv.port, [{ data: 'GET / HTTP/1.1\r\nHost: x\r\n' }], { timeout: 4000 });
	await healthy('a slow client');
	await slow;
});

test('keep-alive: two requests on one connection, no "Connection: close"', async () => {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	try {
		const get = (p) =>
			new Promise((resolve, reject) => {
				const req = http.get({ host: '127.0.0.1', port: srv.port, path: p, agent, headers: { 'x-forwarded-for': '10.250.0.1' } }, (res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => resolve({ res, req, body: Buffer.concat(chunks) }));
				});
				req.on('error', reject);
			});
		const sockets = new Set();
		for (const p of ['/healthz', '/', '/no/such/page', '/static/style.css', '/api/v1/me']) {
			const { res, req } = await get(p);
			sockets.add(req.socket);
			assert.notEqual((res.headers.connection ?? '').toLowerCase(), 'close', `${p}: Connection: close`);
		}
		assert.equal(sockets.size, 1, 'all five requests went over one connection');
	} finally {
		agent.destroy();
	}
});

test('two requests pipelined on one raw connection both get answers', async () => {
	const r = await new Promise((resolve) => {
		const chunks = [];
		const sock = net.connect(srv.port, '127.0.0.1');
		const t = setTimeout(() => sock.destroy(), 4000);
		sock.on('data', (d) => {
			chunks.push(d);
			const s = Buffer.concat(chunks).toString('latin1');
			if ((s.match(/HTTP\/1\.1 200/g) ?? []).length >= 2 && s.trimEnd().endsWith('ok')) {
				clearTimeout(t);
				sock.destroy();
			}
		});
		sock.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
		sock.on('error', () => {});
		sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
	});
	assert.equal((r.match(/HTTP\/1\.1 200/g) ?? []).length, 2, `two answers: ${r.slice(0, 400)}`);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
