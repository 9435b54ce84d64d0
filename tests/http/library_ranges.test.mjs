// library_ranges.test.mjs: how the eLibrary (issue 8) sends its files,
// against the running server: the headers of a download (Content-Type,
// Content-Length, ETag as the file's SHA-256, Last-Modified,
// Accept-Ranges, Content-Disposition with the stored name, an ASCII
// fallback and filename*= UTF-8, Cache-Control by access level); HEAD;
// single byte ranges (first bytes, last bytes, open-ended, clipped at the
// end, across the store's read chunks) → 206 with exactly those bytes;
// unsatisfiable → 416 "bytes */SIZE"; several ranges, other units and
// malformed ones → the whole file; If-Range; If-None-Match and
// If-Modified-Since → 304 with no body (never to a reader without
// access); new versions of the ebook's file and attachments, by the
// page's form and the API: the download serves the newest, its ETag
// changes, old versions stay for editors at /library/SLUG/files/ID and
// are 404 to readers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
	startServer,
	unique,
	assertHtml,
	assertJsonError,
	csrfToken,
	tags,
	elements,
	textOf,
	rawRequest,
	multipart,
	pdfBytes,
	pngBytes,
	exeBytes,
	exactRequest,
} from './lib.mjs';

let srv, editor, member;
let book; // a public ebook: {slug, bytes, size, etag}
before(async () => {
	srv = await startServer();
	editor = await person('Ranger Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
	member = await person('Rae Reader', { type: 'hcp' });
	const bytes = pdfBytes('ranges', 10000);
	const it = await ebook({ title: `Range test book ${unique('r')}` }, ['file', bytes, 'guide.pdf', 'application/pdf']);
	book = { slug: it.slug, bytes, size: bytes.length, etag: `"${sha256(bytes)}"`, path: `/library/${it.slug}/download` };
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);
const apiForm = (who, method, p, fields, files = []) =>
	srv.browser().request(method, `/api/v1${p}`, { bearer: who.token, body: multipart(fields, files) });
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

async function ebook(fields, file) {
	const r = await apiForm(editor, 'POST', '/library', { kind: 'ebook', access: 'public', ...fields }, [file]);
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** GET (or METHOD) P as a visitor, every byte as sent, with HEADERS. */
const get = (p, headers = {}, opts = {}) => exactRequest(srv, opts.method ?? 'GET', p, { headers, ...opts });

const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** Asserts a 206 of bytes FIRST..LAST (inclusive) of BYTES. */
function assertPartial(r, bytes, first, last, what) {
	assert.equal(r.status, 206, `${what}: status ${r.status}`);
	assert.equal(r.headers['content-range'], `bytes ${first}-${last}/${bytes.length}`, `${what}: Content-Range`);
	assert.equal(r.headers['content-length'], String(last - first + 1), `${what}: Content-Length`);
	assert.equal(r.headers['accept-ranges'], 'bytes', `${what}: Accept-Ranges`);
	if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') assert.equal(r.headers['content-type'], 'application/pdf', `${what}: Content-Type`);
	assert.ok(r.body.equals(bytes.subarray(first, last + 1)), `${what}: not exactly bytes ${first}-${last} (got ${r.body.length} bytes)`);
}

/** Asserts a whole 200 answer of BYTES. */
function assertWhole(r, bytes, what) {
	assert.equal(r.status, 200, `${what}: status ${r.status}`);
	assert.equal(r.headers['content-range'], undefined, `${what}: no Content-Range on a 200`);
	assert.equal(r.headers['content-length'], String(bytes.length), `${what}: Content-Length`);
	assert.ok(r.body.equals(bytes), `${what}: not the whole file`);
}

/** Parses a Content-Disposition: {type, filename (the quoted fallback, unescaped), star (filename*, decoded)}. */
function disposition(h) {
	assert.ok(h, 'no Content-Disposition');
	const type = h.split(';')[0].trim().toLowerCase();
	const q = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(h);
	const star = /;\s*filename\*=UTF-8''([^;\s]+)/i.exec(h);
	return { type, filename: q ? q[1].replace(/\\(.)/g, '$1') : undefined, star: star ? decodeURIComponent(star[1]) : undefined, raw: h };
}

/* ---- the whole file ---- */

test('a download: 200 with the type, length, ETag (the SHA-256), Last-Modified, Accept-Ranges, the file name and Cache-Control', async () => {
	for (const p of [book.path, `/api/v1${book.path}`]) {
		const r = await get(p);
		assertWhole(r, book.bytes, p);
		assert.equal(r.headers['content-type'], 'application/pdf');
		assert.equal(r.headers.etag, book.etag, 'the ETag is the SHA-256 of the bytes, quoted');
		assert.equal(r.headers['accept-ranges'], 'bytes');
		assert.match(r.headers['last-modified'] ?? '', HTTP_DATE);
		assert.ok(Math.abs(Date.parse(r.headers['last-modified']) - Date.now()) < 10 * 60000, `Last-Modified ${r.headers['last-modified']} is when it was uploaded`);
		const cd = disposition(r.headers['content-disposition']);
		assert.equal(cd.type, 'attachment');
		assert.equal(cd.filename, 'guide.pdf');
		if (cd.star !== undefined) assert.equal(cd.star, 'guide.pdf');
		assert.equal(r.headers['cache-control'], 'public, max-age=3600');
		assert.equal(r.headers['x-content-type-options'], 'nosniff');
	}
});

test('HEAD: the same headers and not one byte of body', async () => {
	const g = await get(book.path);
	const h = await get(book.path, {}, { method: 'HEAD' });
	assert.equal(h.status, 200);
	assert.equal(h.body.length, 0);
	for (const k of ['content-type', 'content-length', 'etag', 'last-modified', 'accept-ranges', 'content-disposition', 'cache-control']) {
		assert.equal(h.headers[k], g.headers[k], `HEAD ${k}`);
	}
	// On the wire: the connection closes after the headers, with nothing after them.
	const raw = await rawRequest(srv.port, `HEAD ${book.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
	assert.equal(raw.status, 200);
	assert.equal(raw.headers['content-length'], String(book.size));
	assert.equal(raw.body, '', 'a HEAD answer carries no body');
	const end = raw.raw.indexOf('\r\n\r\n');
	assert.equal(raw.raw.length, end + 4, 'no bytes after the headers');
	// A HEAD with a Range: headers only as well.
	const hr = await get(book.path, { range: 'bytes=0-99' }, { method: 'HEAD' });
	assert.ok([200, 206].includes(hr.status), `HEAD with a Range: ${hr.status}`);
	assert.equal(hr.body.length, 0);
});

/* ---- ranges ---- */

test('single ranges: first bytes, last bytes, open-ended, one byte, clipped at the end, a suffix longer than the file', async () => {
	const { bytes, size, path } = book;
	assertPartial(await get(path, { range: 'bytes=0-99' }), bytes, 0, 99, 'bytes=0-99');
	assertPartial(await get(path, { range: `bytes=-100` }), bytes, size - 100, size - 1, 'bytes=-100');
	assertPartial(await get(path, { range: 'bytes=100-' }), bytes, 100, size - 1, 'bytes=100-');
	assertPartial(await get(path, { range: 'bytes=0-' }), bytes, 0, size - 1, 'bytes=0-');
	assertPartial(await get(path, { range: 'bytes=0-0' }), bytes, 0, 0, 'bytes=0-0');
	assertPartial(await get(path, { range: `bytes=${size - 1}-${size - 1}` }), bytes, size - 1, size - 1, 'the last byte');
	assertPartial(await get(path, { range: `bytes=${size - 10}-${size + 1000}` }), bytes, size - 10, size - 1, 'past the end: clipped');
	assertPartial(await get(path, { range: `bytes=-${size * 2}` }), bytes, 0, size - 1, 'a suffix longer than the file');
	assertPartial(await get(path, { range: 'bytes=1234-5678' }), bytes, 1234, 5678, 'the middle');
	// The API's download too, and a range of a member's item for a member.
	assertPartial(await get(`/api/v1${path}`, { range: 'bytes=10-19' }), bytes, 10, 19, 'API bytes=10-19');
	// Ranges that cannot be met: 416 with "bytes */SIZE".
	for (const range of [`bytes=${size}-`, `bytes=${size + 100}-${size + 200}`, 'bytes=-0']) {
		const r = await get(path, { range });
		assert.equal(r.status, 416, `${range}: ${r.status}`);
		assert.equal(r.headers['content-range'], `bytes */${size}`, `${range}: Content-Range`);
		assert.ok(!r.body.includes(bytes.subarray(0, 50)), `${range}: the file is not sent`);
	}
	// Numbers too large for 64 bits: never a 5xx; a 206 only with the right bytes.
	for (const range of ['bytes=0-99999999999999999999999', 'bytes=99999999999999999999999-', 'bytes=-99999999999999999999999', `bytes=0-${2 ** 63}`, 'bytes=-9223372036854775808']) {
		const r = await get(path, { range });
		assert.ok([200, 206, 416].includes(r.status), `${range}: ${r.status}`);
		if (r.status === 206) assertPartial(r, bytes, Number(r.headers['content-range'].split(/[ -/]/)[1]), size - 1, range);
		if (r.status === 200) assertWhole(r, bytes, range);
	}
	// HEAD of the API's download.
	const ah = await get(`/api/v1${path}`, {}, { method: 'HEAD' });
	assert.equal(ah.status, 200);
	assert.equal(ah.headers['content-length'], String(size));
	assert.equal(ah.body.length, 0);
	// Several ranges, another unit, nonsense: the whole file.
	for (const range of ['bytes=0-9,20-29', 'bytes=0-9, -5', 'items=0-9', 'bytes=abc', 'bytes=--5', 'bytes=5']) {
		assertWhole(await get(path, { range }), bytes, range);
	}
});

test('ranges across the store\'s read chunks of a 300 KB file give exactly those bytes', async () => {
	const bytes = pdfBytes('big ranges', 300 * 1024);
	const it = await ebook({ title: `Big range book ${unique('r')}` }, ['file', bytes, 'big.pdf', 'application/pdf']);
	const p = `/library/${it.slug}/download`;
	assertWhole(await get(p), bytes, 'whole');
	for (const [a, b] of [[65530, 65545], [100000, 200000], [0, 131071], [131072, bytes.length - 1], [262143, 262144]]) {
		assertPartial(await get(p, { range: `bytes=${a}-${b}` }), bytes, a, b, `bytes=${a}-${b}`);
	}
	assertPartial(await get(p, { range: 'bytes=-70000' }), bytes, bytes.length - 70000, bytes.length - 1, 'bytes=-70000');
});

test('If-Range: the ETag → 206; another ETag or an old date → the whole file', async () => {
	const { bytes, path, etag } = book;
	assertPartial(await get(path, { range: 'bytes=0-99', 'if-range': etag }), bytes, 0, 99, 'If-Range: the ETag');
	assertWhole(await get(path, { range: 'bytes=0-99', 'if-range': '"0000"' }), bytes, 'If-Range: another ETag');
	assertWhole(await get(path, { range: 'bytes=0-99', 'if-range': `W/${etag}` }), bytes, 'If-Range: a weak ETag never matches');
	assertWhole(await get(path, { range: 'bytes=0-99', 'if-range': 'Mon, 01 Jan 2001 00:00:00 GMT' }), bytes, 'If-Range: an old date');
});

/* ---- conditional requests ---- */

test('If-None-Match and If-Modified-Since → 304 with the ETag and no body; otherwise the file', async () => {
	const { bytes, path, etag } = book;
	const g = await get(path);
	const lm = g.headers['last-modified'];
	for (const [what, headers] of [
		['If-None-Match: the ETag', { 'if-none-match': etag }],
		['If-None-Match: a list with it', { 'if-none-match': `"aaaa", ${etag}` }],
		['If-None-Match: weak', { 'if-none-match': `W/${etag}` }],
		['If-None-Match: *', { 'if-none-match': '*' }],
		['If-Modified-Since: Last-Modified', { 'if-modified-since': lm }],
		['If-Modified-Since: later', { 'if-modified-since': new Date(Date.parse(lm) + 3600e3).toUTCString() }],
		['If-None-Match with a Range', { 'if-none-match': etag, range: 'bytes=0-99' }],
	]) {
		const r = await get(path, headers);
		assert.equal(r.status, 304, `${what}: ${r.status}`);
		assert.equal(r.body.length, 0, `${what}: a body`);
		assert.equal(r.headers.etag, etag, `${what}: the ETag`);
	}
	// On the wire: nothing after the headers of a 304.
	const raw = await rawRequest(srv.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`);
	assert.equal(raw.status, 304);
	assert.equal(raw.raw.length, raw.raw.indexOf('\r\n\r\n') + 4, 'no bytes after a 304\'s headers');
	for (const [what, headers] of [
		['If-None-Match: another', { 'if-none-match': '"aaaa"' }],
		['If-Modified-Since: earlier', { 'if-modified-since': new Date(Date.parse(lm) - 3600e3).toUTCString() }],
		['If-None-Match wins over If-Modified-Since', { 'if-none-match': '"aaaa"', 'if-modified-since': lm }],
		['If-Modified-Since: nonsense', { 'if-modified-since': 'yesterday' }],
	]) {
		assertWhole(await get(path, headers), bytes, what);
	}
});

test('a members\' item: Cache-Control private; a member revalidates (304); a visitor with the ETag gets 404, not 304', async () => {
	const bytes = pdfBytes('members only', 3000);
	const it = await ebook({ title: `Members range book ${unique('r')}`, access: 'members' }, ['file', bytes, 'members.pdf', 'application/pdf']);
	const p = `/library/${it.slug}/download`;
	const etag = `"${sha256(bytes)}"`;
	const r = await exactRequest(srv, 'GET', p, { browser: member.b });
	assertWhole(r, bytes, 'a member');
	assert.equal(r.headers['cache-control'], 'private, max-age=0, must-revalidate');
	assert.equal(r.headers.etag, etag);
	assertPartial(await exactRequest(srv, 'GET', p, { browser: member.b, headers: { range: 'bytes=5-15' } }), bytes, 5, 15, 'a member\'s range');
	assert.equal((await exactRequest(srv, 'GET', p, { browser: member.b, headers: { 'if-none-match': etag } })).status, 304);
	for (const headers of [{ 'if-none-match': etag }, { 'if-modified-since': r.headers['last-modified'] }, { range: 'bytes=0-9' }, {}]) {
		const v = await get(p, headers);
		assert.equal(v.status, 404, `a visitor with ${JSON.stringify(headers)}: ${v.status}`);
		assert.ok(!v.body.includes(bytes.subarray(0, 20)));
		assert.equal(v.headers.etag, undefined, 'no ETag to a visitor');
	}
	assert.equal((await get(p, {}, { method: 'HEAD' })).status, 404);
	// A doctors' item: private too, for a verified doctor.
	const doc = await person('Dr Range Verified', { type: 'doctor', verified: true });
	const d = await ebook({ title: `Doctors range book ${unique('r')}`, access: 'doctors' }, ['file', bytes, 'doctors.pdf', 'application/pdf']);
	const dr = await exactRequest(srv, 'GET', `/library/${d.slug}/download`, { browser: doc.b });
	assertWhole(dr, bytes, 'a verified doctor');
	assert.equal(dr.headers['cache-control'], 'private, max-age=0, must-revalidate');
	assert.equal((await exactRequest(srv, 'GET', `/library/${d.slug}/download`, { browser: member.b, headers: { 'if-none-match': etag } })).status, 404, 'a member on a doctors\' item, with the ETag');
});

test('Content-Disposition: a UTF-8 file name as filename*= with an ASCII fallback', async () => {
	for (const name of ['Résumé – guide 📘.pdf', "Dr O'Brien's notes (2024).pdf", 'Ünïcödé.pdf']) {
		const bytes = pdfBytes(name, 1000);
		const it = await ebook({ title: `Named book ${unique('r')}` }, ['file', bytes, name, 'application/pdf']);
		assert.equal(it.file.name, name, 'the name is kept as given');
		const r = await get(`/library/${it.slug}/download`);
		assert.equal(r.status, 200);
		const raw = r.headers['content-disposition'];
		assert.ok(/^[\x20-\x7e]+$/.test(raw), `Content-Disposition must be printable ASCII: ${JSON.stringify(raw)}`);
		const cd = disposition(raw);
		assert.equal(cd.type, 'attachment');
		assert.ok(cd.filename, `an ASCII fallback filename="...": ${raw}`);
		assert.ok(cd.filename.endsWith('.pdf'), `the fallback keeps the extension: ${cd.filename}`);
		assert.ok(/^[\x20-\x7e]+$/.test(cd.filename), `the fallback is ASCII: ${raw}`);
		if (/^[\x20-\x7e]+$/.test(name) && cd.star === undefined) assert.equal(cd.filename, name, `the fallback of an ASCII name is the name: ${raw}`);
		else assert.equal(cd.star, name, `filename*=UTF-8'' gives the name: ${raw}`);
	}
});

/* ---- versions ---- */

/** The /library/SLUG/files/ID links on the edit page, as ids. */
async function versionIds(slug) {
	const r = await editor.b.get(`/library/${slug}/edit`);
	assertHtml(r, 200);
	const ids = [];
	for (const a of tags(r.text, 'a')) {
		const m = new RegExp(`^/library/${slug}/files/(\\d+)$`).exec(a.attrs.href ?? '');
		if (m && !ids.includes(Number(m[1]))) ids.push(Number(m[1]));
	}
	return ids;
}

test('a new version of the ebook\'s file (the form, then the API): the download serves it with a new ETag; old versions stay for editors only', async () => {
	const v1 = pdfBytes('version one', 2000);
	const v2 = pdfBytes('version two', 2500);
	const v3 = pdfBytes('version three', 3000);
	const it = await ebook({ title: `Versioned book ${unique('r')}` }, ['file', v1, 'v1.pdf', 'application/pdf']);
	const p = `/library/${it.slug}/download`;
	const e1 = (await get(p)).headers.etag;
	assert.equal(e1, `"${sha256(v1)}"`);
	const [id1] = await versionIds(it.slug);
	assert.ok(id1, 'the edit page links version 1');
	// Version 2 through the edit page's file form.
	const edit = await editor.b.get(`/library/${it.slug}/edit`);
	const up = await editor.b.request('POST', `/library/${it.slug}/files`, { body: multipart({ _csrf: csrfToken(edit.text), slot: '0' }, [['file', v2, 'v2.pdf', 'application/pdf']]) });
	assert.equal(up.status, 303, up.text.slice(0, 400));
	assert.equal(up.location, `/library/${it.slug}/edit`);
	const r2 = await get(p);
	assertWhole(r2, v2, 'the download after version 2');
	assert.equal(r2.headers.etag, `"${sha256(v2)}"`, 'a new ETag');
	assert.notEqual(r2.headers.etag, e1);
	assert.equal(disposition(r2.headers['content-disposition']).filename, 'v2.pdf');
	assertWhole(await get(p, { 'if-none-match': e1 }), v2, 'the old ETag no longer matches');
	const item2 = (await api(member, 'GET', `/library/${it.slug}`)).json();
	assert.deepEqual(item2.file, { name: 'v2.pdf', mime: 'application/pdf', size: v2.length, version: 2 });
	// Version 3 through the API.
	const a3 = await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: '0' }, [['file', v3, 'v3.pdf', 'application/pdf']]);
	assert.equal(a3.status, 201, a3.text);
	const f3 = a3.json().file;
	assert.equal(f3.slot, 0);
	assert.equal(f3.version, 3);
	assert.equal(f3.name, 'v3.pdf');
	assert.equal(f3.mime, 'application/pdf');
	assert.equal(f3.size, v3.length);
	assertWhole(await get(p), v3, 'the download after version 3');
	assert.equal((await get(p)).headers.etag, `"${sha256(v3)}"`);
	// The edit page lists every version; editors fetch each, readers only the newest.
	const ids = await versionIds(it.slug);
	assert.ok(ids.includes(id1) && ids.includes(f3.id), `the edit page links every version: ${ids}`);
	assert.equal(ids.length, 3, `three versions: ${ids}`);
	const id2 = ids.find((x) => x !== id1 && x !== f3.id);
	for (const [id, bytes, newest] of [[id1, v1, false], [id2, v2, false], [f3.id, v3, true]]) {
		const e = await exactRequest(srv, 'GET', `/library/${it.slug}/files/${id}`, { browser: editor.b });
		assertWhole(e, bytes, `an editor: version ${id}`);
		assert.equal(e.headers.etag, `"${sha256(bytes)}"`);
		const m = await exactRequest(srv, 'GET', `/library/${it.slug}/files/${id}`, { browser: member.b });
		if (newest) assertWhole(m, bytes, 'a reader: the newest version');
		else assert.equal(m.status, 404, `a reader: old version ${id}: ${m.status}`);
		assert.equal((await get(`/library/${it.slug}/files/${id}`)).status, newest ? 200 : 404, `a visitor: version ${id}`);
	}
	assertPartial(await exactRequest(srv, 'GET', `/library/${it.slug}/files/${id1}`, { browser: editor.b, headers: { range: 'bytes=0-9' } }), v1, 0, 9, 'a range of an old version');
	// Refused: not a PDF or EPUB in the ebook's slot, an unknown slot, a non-editor; nothing added.
	assertJsonError(await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: '0' }, [['file', exeBytes(), 'v4.pdf', 'application/pdf']]), 422, 'invalid', 'file');
	assertJsonError(await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: '0' }, [['file', pngBytes(), 'v4.pdf', 'application/pdf']]), 422, 'invalid', 'file');
	assertJsonError(await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'abc' }, [['file', v1, 'v4.pdf', 'application/pdf']]), 422, 'invalid', 'slot');
	const unknownSlot = await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: '7' }, [['file', v1, 'v4.pdf', 'application/pdf']]);
	assert.ok([404, 422].includes(unknownSlot.status), `slot 7: ${unknownSlot.status}`);
	assertJsonError(await apiForm(member, 'POST', `/library/${it.slug}/files`, { slot: '0' }, [['file', v1, 'v4.pdf', 'application/pdf']]), 404, 'not_found');
	assertJsonError(await apiForm(editor, 'POST', `/library/no-such-${unique('x')}/files`, { slot: '0' }, [['file', v1, 'v4.pdf', 'application/pdf']]), 404, 'not_found');
	const form422 = await editor.b.request('POST', `/library/${it.slug}/files`, { body: multipart({ _csrf: csrfToken(edit.text), slot: '0' }, [['file', exeBytes(), 'x.pdf', 'application/pdf']]) });
	assertHtml(form422, 422);
	assert.equal((await versionIds(it.slug)).length, 3, 'no version added');
	assertWhole(await get(p), v3, 'still version 3');
});

test('attachments: added to new slots, replaced by a new version, listed newest-only in the API and on the page, fetched by id of their own item only', async () => {
	const it = await (async () => {
		const r = await api(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `Page with attachments ${unique('r')}`, body: 'See the attached.' });
		assert.equal(r.status, 201, r.text);
		return r.json();
	})();
	const txt = Buffer.from('first notes\n');
	const csv = Buffer.from(['drug,dose,route', ...Array.from({ length: 20 }, (_, i) => `drug${i},${i + 1}mg,oral`)].join('\n') + '\n');
	const png = pngBytes();
	const a1 = await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'new' }, [['file', txt, 'notes.txt', 'text/plain']]);
	assert.equal(a1.status, 201, a1.text);
	const f1 = a1.json().file;
	assert.equal(f1.slot, 1);
	assert.equal(f1.version, 1);
	assert.match(f1.mime, /^text\/plain/);
	assert.ok([`${srv.base}/library/${it.slug}/files/${f1.id}`, `/library/${it.slug}/files/${f1.id}`].includes(f1.url), `url: ${f1.url}`);
	// A second slot through the page's form.
	const edit = await editor.b.get(`/library/${it.slug}/edit`);
	const up = await editor.b.request('POST', `/library/${it.slug}/files`, { body: multipart({ _csrf: csrfToken(edit.text), slot: 'new' }, [['file', png, 'chart.png', 'image/png']]) });
	assert.equal(up.status, 303, up.text.slice(0, 400));
	let j = (await api(null, 'GET', `/library/${it.slug}`)).json();
	assert.deepEqual(j.attachments.map((x) => [x.slot, x.version, x.name, x.mime.split(';')[0], x.size]), [
		[1, 1, 'notes.txt', 'text/plain', txt.length],
		[2, 1, 'chart.png', 'image/png', png.length],
	]);
	const f2 = j.attachments[1];
	// Slot 1 replaced by a CSV: version 2.
	const a3 = await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: '1' }, [['file', csv, 'doses.csv', 'text/csv']]);
	assert.equal(a3.status, 201, a3.text);
	const f3 = a3.json().file;
	assert.equal(f3.slot, 1);
	assert.equal(f3.version, 2);
	j = (await api(null, 'GET', `/library/${it.slug}`)).json();
	assert.deepEqual(j.attachments.map((x) => [x.id, x.slot, x.version, x.name]), [
		[f3.id, 1, 2, 'doses.csv'],
		[f2.id, 2, 1, 'chart.png'],
	]);
	// The page links the newest of each slot.
	const page = await srv.browser().get(`/library/${it.slug}`);
	const links = tags(page.text, 'a').map((a) => a.attrs.href);
	assert.ok(links.includes(`/library/${it.slug}/files/${f3.id}`) && links.includes(`/library/${it.slug}/files/${f2.id}`), 'the page links both attachments');
	assert.ok(!links.includes(`/library/${it.slug}/files/${f1.id}`), 'not the replaced one');
	assert.ok(textOf(page.text).includes('doses.csv') && textOf(page.text).includes('chart.png'));
	// Fetched: the newest by anyone; the old one by editors only; under another item's address, never.
	const r3 = await get(`/library/${it.slug}/files/${f3.id}`);
	assertWhole(r3, csv, 'the CSV');
	assert.match(r3.headers['content-type'], /^text\/csv/);
	assert.equal(disposition(r3.headers['content-disposition']).filename, 'doses.csv');
	assert.equal(r3.headers.etag, `"${sha256(csv)}"`);
	assertWhole(await get(`/library/${it.slug}/files/${f2.id}`), png, 'the PNG');
	assert.equal((await get(`/library/${it.slug}/files/${f1.id}`)).status, 404, 'a replaced attachment, to a visitor');
	assertWhole(await exactRequest(srv, 'GET', `/library/${it.slug}/files/${f1.id}`, { browser: editor.b }), txt, 'a replaced attachment, to an editor');
	assert.equal((await get(`/library/${book.slug}/files/${f3.id}`)).status, 404, 'another item\'s file under this item\'s address');
	assert.equal((await exactRequest(srv, 'GET', `/library/${book.slug}/files/${f3.id}`, { browser: editor.b })).status, 404, 'the same for editors');
	assert.equal((await get(`/library/${it.slug}/files/99999999`)).status, 404);
	assert.equal((await get(`/library/${it.slug}/files/abc`)).status, 404);
	assertPartial(await get(`/library/${it.slug}/files/${f3.id}`, { range: 'bytes=0-3' }), csv, 0, 3, 'a range of an attachment');
	// An EXE, an HTML page or an SVG (script a browser would run) as an attachment: refused.
	assertJsonError(await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'new' }, [['file', exeBytes(), 'tool.txt', 'text/plain']]), 422, 'invalid', 'file');
	const html = Buffer.from('<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n');
	assertJsonError(await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'new' }, [['file', html, 'notes.txt', 'text/plain']]), 422, 'invalid', 'file');
	const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>\n');
	assertJsonError(await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'new' }, [['file', svg, 'chart.png', 'image/png']]), 422, 'invalid', 'file');
	assert.equal((await api(null, 'GET', `/library/${it.slug}`)).json().attachments.length, 2);
	// A page's download: none (it has no ebook file).
	assert.equal((await get(`/library/${it.slug}/download`)).status, 404);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
