// verify_documents.test.mjs: a document with a verification application
// (issue 4): a PDF, PNG or JPEG typed by libmagic from its bytes (never by
// its name or the sender's Content-Type), at most upload_limit (5 MB);
// kept in the store's uploads and shown to editors only, as a download.
// Refusals: a file of another type, two files, a 50 MB upload (refused
// from its Content-Length, before the body is read), an over-long body
// sent without a length.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, assertHtml, assertJsonError, assertFieldError, csrfToken, textOf } from './lib.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

let srv, editor;
before(async () => {
	srv = await startServer();
	const e = await srv.newMember({ name: 'Doc Queue Editor' });
	assert.equal((await srv.cli(['user', 'role', e.email, '+editor'])).code, 0);
	editor = await signedIn(e);
});
after(() => srv?.kill());

async function signedIn(m) {
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { ...m, b, token };
}

const doctor = async (name) => signedIn(await srv.newMember({ type: 'doctor', name }));

function form(fields, files = []) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	for (const [k, bytes, name, type] of files) fd.append(k, new Blob([bytes], { type }), name);
	return fd;
}

/** Applies through the page's multipart form. */
async function applyOnPage(who, fields, files) {
	const page = await who.b.get('/verify');
	const token = csrfToken(page.text);
	assert.ok(token);
	assert.match(page.text, /enctype="multipart\/form-data"/);
	return who.b.request('POST', '/verify', { body: form({ _csrf: token, ...fields }, files) });
}

const apiApply = (who, fields, files) =>
	srv.browser().request('POST', '/api/v1/verification', { bearer: who.token, body: form(fields, files) });

async function queueEntry(handle) {
	const apps = (await srv.browser().get('/api/v1/editor/verifications', { bearer: editor.token })).json().applications;
	return apps.find((a) => a.member.handle === handle);
}

test('a PDF from the page: the editors see it in the queue and download exactly those bytes', async () => {
	const d = await doctor('Dr Pdf Sender');
	const r = await applyOnPage(d, { authority: 'gmc', number: '7000001', registered_name: 'Pdf Sender' },
		[['document', PDF, 'C:\\scans\\my registration.pdf', 'application/pdf']]);
	assert.equal(r.status, 303, r.text.slice(0, 400));
	const app = await queueEntry(d.handle);
	assert.deepEqual(app.document, { type: 'application/pdf', name: 'my registration.pdf' });
	const q = await editor.b.get('/editor/verifications');
	assert.match(q.text, new RegExp(`href="/editor/verifications/${app.id}/document"`));
	assert.match(textOf(q.text), /my registration\.pdf/);
	const dl = await editor.b.get(`/editor/verifications/${app.id}/document`);
	assert.equal(dl.status, 200);
	assert.equal(dl.headers.get('content-type'), 'application/pdf');
	assert.equal(
		dl.headers.get('content-disposition'),
		`attachment; filename="verification-${app.id}.pdf"; filename*=UTF-8''verification-${app.id}.pdf`,
	);
	assert.match(dl.headers.get('cache-control') ?? '', /no-store/);
	assert.ok(dl.body.equals(PDF), 'the same bytes');
	// Nobody but editors: not the applicant, not another member, not a visitor.
	assertHtml(await d.b.get(`/editor/verifications/${app.id}/document`), 404);
	const other = await doctor('Dr Curious');
	assertHtml(await other.b.get(`/editor/verifications/${app.id}/document`), 404);
	assertHtml(await srv.browser().get(`/editor/verifications/${app.id}/document`), 404);
	// An application without a document has nothing to download.
	const plain = await doctor('Dr No Document');
	assert.equal((await apiApply(plain, { authority: 'gmc', number: '7000002', registered_name: 'No Document' })).status, 201);
	const none = await queueEntry(plain.handle);
	assert.equal(none.document, undefined);
	assertHtml(await editor.b.get(`/editor/verifications/${none.id}/document`), 404);
	assertHtml(await editor.b.get('/editor/verifications/99999999/document'), 404);
});

test('the API takes the application as a multipart form too: a PNG whatever its name', async () => {
	const d = await doctor('Dr Png Sender');
	const r = await apiApply(d, { authority: 'npi', number: '1234567893', registered_name: 'Png Sender' },
		[['document', PNG, 'licence.pdf', 'application/pdf']]);
	assert.equal(r.status, 201, r.text);
	assert.deepEqual(r.json().document, { type: 'image/png', name: 'licence.pdf' }, 'typed by its bytes');
	const app = await queueEntry(d.handle);
	const dl = await editor.b.get(`/editor/verifications/${app.id}/document`);
	assert.equal(dl.headers.get('content-type'), 'image/png');
	assert.ok(dl.body.equals(PNG));
	// JSON still works as before.
	const j = await doctor('Dr Json Only');
	assert.equal((await srv.browser().post('/api/v1/verification', { bearer: j.token, json: { authority: 'gmc', number: '7000003', registered_name: 'Json Only' } })).status, 201);
});

test('a file that is not a PDF or an image → 422 on the document, and no application is filed', async () => {
	const d = await doctor('Dr Wrong Type');
	const fake = Buffer.from('#!/bin/sh\necho this is not a pdf\n');
	const r = await applyOnPage(d, { authority: 'gmc', number: '7000004', registered_name: 'Wrong Type' },
		[['document', fake, 'certificate.pdf', 'application/pdf']]);
	assertHtml(r, 422);
	assertFieldError(r.text, 'document', /must be a PDF, PNG or JPEG/);
	assert.match(r.text, /value="7000004"/, 'what was typed stays');
	assert.equal(await queueEntry(d.handle), undefined);
	const a = await apiApply(d, { authority: 'gmc', number: '7000004', registered_name: 'Wrong Type' },
		[['document', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'x.gif', 'image/gif']]);
	assertJsonError(a, 422, 'invalid', 'document');
	// Two files in one request → 400, nothing filed.
	const two = await apiApply(d, { authority: 'gmc', number: '7000004', registered_name: 'Wrong Type' },
		[['document', PDF, 'a.pdf', 'application/pdf'], ['other', PNG, 'b.png', 'image/png']]);
	assertJsonError(two, 400, 'bad_body');
	assert.equal(await queueEntry(d.handle), undefined);
	// A students' application with a document is refused as before.
	const s = await signedIn(await srv.newMember({ type: 'student', name: 'Student With Scan' }));
	assertJsonError(await apiApply(s, { authority: 'gmc', number: '7000005', registered_name: 'Student' },
		[['document', PDF, 'a.pdf', 'application/pdf']]), 403, 'forbidden');
});

/**
 * Sends a POST of `size` bytes by hand.  With a Content-Length, only the
 * headers are sent: the answer must come without the body.  Chunked, the
 * whole body is sent.
 */
function bigPost(path, { size, token, chunked = false }) {
	return new Promise((resolve, reject) => {
		const url = new URL(srv.base + path);
		const headers = { 'content-type': 'multipart/form-data; boundary=xyz', authorization: `Bearer ${token}` };
		if (!chunked) headers['content-length'] = String(size);
		let sent = 0;
		const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode, body, sent }));
		});
		req.on('error', reject);
		if (!chunked) {
			req.flushHeaders();
			return;
		}
		const chunk = Buffer.alloc(64 * 1024, 'a');
		chunk.write('--xyz\r\nContent-Disposition: form-data; name="document"; filename="big.pdf"\r\n\r\n%PDF-1.4\n');
		const pump = () => {
			while (sent < size) {
				sent += chunk.length;
				if (!req.write(chunk)) return req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

test('a 50 MB upload → 413 from its Content-Length, before the body is read; an over-long chunked one → 413 too', async () => {
	const d = await doctor('Dr Huge File');
	const r = await bigPost('/api/v1/verification', { size: 50 * 1024 * 1024, token: d.token });
	assert.equal(r.status, 413);
	assert.match(r.body, /too large/);
	assert.equal(r.sent, 0, 'answered from the headers alone');
	const c = await bigPost('/api/v1/verification', { size: 6 * 1024 * 1024, token: d.token, chunked: true });
	assert.equal(c.status, 413);
	assert.equal(await queueEntry(d.handle), undefined);
	// The server is fine afterwards.
	assert.equal((await srv.browser().get('/healthz')).status, 200);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
