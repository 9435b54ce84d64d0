// forum_images.test.mjs: pictures in forum posts (issue 5): a JPEG whose
// EXIF holds a GPS position and a comment naming a patient is posted; what
// the site stores and serves has neither, and its pixel data is unchanged;
// it is served under its post's access rule (a closed forum's image is a
// 404 to students), with an ETag and 304, privately cached; an executable
// renamed .jpg, a PDF and a malformed JPEG are refused and nothing is
// posted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertJsonError, assertHtml, csrfToken } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

/** A JPEG segment: marker and payload with its length. */
function seg(marker, payload) {
	const len = payload.length + 2;
	return Buffer.concat([Buffer.from([0xff, marker, len >> 8, len & 255]), payload]);
}

/** A small JPEG with an EXIF block holding a GPS position and a comment. */
function jpegWithMetadata() {
	const entropy = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a]);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
		seg(0xe1, Buffer.from('Exif\0\0MM\0*\0\0\0\x08GPS 51.5074N 0.1278W Pixel 7', 'latin1')),
		seg(0xfe, Buffer.from('Mrs Example, bed 4, ward 7', 'latin1')),
		seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
		seg(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
		seg(0xc4, Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(15, 0), Buffer.from([0])])),
		seg(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
		entropy,
		Buffer.from([0xff, 0xd9]),
	]);
}

function form(fields, files = []) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	for (const [k, bytes, name, type] of files) fd.append(k, new Blob([bytes], { type }), name);
	return fd;
}

const apiTopic = (who, forum, fields, files) =>
	srv.browser().request('POST', `/api/v1/forums/${forum}/topics`, { bearer: who.token, body: form(fields, files) });

test('a posted picture loses its EXIF and comments; the pixels are the same; served under the post\'s rule', async () => {
	const doc = await person('Dr Ima Ger', { verified: true });
	const jpeg = jpegWithMetadata();
	const r = await apiTopic(doc, 'medicine-doctors',
		{ title: 'Rash on the forearm', body: 'Annular, non-itchy. Thoughts?' }, [['image', jpeg, 'IMG_2041.jpg', 'image/jpeg']]);
	assert.equal(r.status, 201, r.text);
	const post = r.json().posts[0];
	assert.equal(post.image_url, `/p/${post.id}/image`);
	const img = await doc.b.get(post.image_url);
	assert.equal(img.status, 200);
	assert.equal(img.headers.get('content-type'), 'image/jpeg');
	assert.match(img.headers.get('cache-control'), /private/);
	const got = img.body.toString('latin1');
	assert.ok(!got.includes('GPS'), 'the GPS position is gone');
	assert.ok(!got.includes('Exif'), 'the EXIF block is gone');
	assert.ok(!got.includes('Mrs Example'), 'the comment is gone');
	assert.ok(img.body.length < jpeg.length);
	const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
	assert.ok(img.body.subarray(img.body.indexOf(Buffer.from([0xff, 0xda]))).equals(jpeg.subarray(sos)), 'the scan is byte for byte the same');
	// Conditional requests.
	const etag = img.headers.get('etag');
	assert.match(etag, /^"[0-9a-f]{64}"$/);
	const again = await doc.b.get(post.image_url, { headers: { 'if-none-match': etag } });
	assert.equal(again.status, 304);
	assert.equal(again.body.length, 0);
	// The post's rule: a student never sees a closed forum's picture.
	const st = await person('Stan Student', { type: 'student' });
	assertHtml(await st.b.get(post.image_url), 404);
	assert.equal((await srv.browser().get(post.image_url)).status, 303, 'visitors are sent to sign in');
	// The page shows it with alternative text.
	const page = await doc.b.get(`/t/${r.json().id}`);
	assert.match(page.text, new RegExp(`<img src="/p/${post.id}/image" alt="A picture posted by`));
	// Deleted with its post.
	assert.equal((await srv.browser().request('DELETE', `/api/v1/posts/${post.id}`, { bearer: doc.token })).status, 204);
	assertHtml(await doc.b.get(post.image_url), 404);
});

test('a reply on the page carries a picture; what is not a PNG, JPEG or WebP is refused and nothing is posted', async () => {
	const a = await person('Dr Pic Poster');
	const t = await apiTopic(a, 'travel', { title: 'Photos from the elective', body: 'Where we worked.' });
	assert.equal(t.status, 201, t.text);
	const id = t.json().id;
	const count = async () => (await srv.browser().get(`/api/v1/topics/${id}`, { bearer: a.token })).json().posts.length;
	const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 7)]);
	const bad = await srv.browser().request('POST', `/api/v1/topics/${id}/posts`, { bearer: a.token, body: form({ body: 'see pic' }, [['image', exe, 'photo.jpg', 'image/jpeg']]) });
	assertJsonError(bad, 422, 'invalid', 'image');
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
	assertJsonError(await srv.browser().request('POST', `/api/v1/topics/${id}/posts`, { bearer: a.token, body: form({ body: 'x' }, [['image', pdf, 'a.png', 'image/png']]) }), 422, 'invalid', 'image');
	const broken = jpegWithMetadata().subarray(0, 60);
	assertJsonError(await srv.browser().request('POST', `/api/v1/topics/${id}/posts`, { bearer: a.token, body: form({ body: 'x' }, [['image', broken, 'a.jpg', 'image/jpeg']]) }), 422, 'invalid', 'image');
	assert.equal(await count(), 1, 'nothing was posted');
	// The page's multipart form.
	const page = await a.b.get(`/t/${id}`);
	assert.match(page.text, /enctype="multipart\/form-data"/);
	const refused = await a.b.request('POST', `/t/${id}`, { body: form({ _csrf: csrfToken(page.text), body: 'x' }, [['image', exe, 'x.jpg', 'image/jpeg']]) });
	assertHtml(refused, 422);
	assert.match(refused.text, /id="image-error"/);
	const ok = await a.b.request('POST', `/t/${id}`, { body: form({ _csrf: csrfToken(page.text), body: 'The clinic.' }, [['image', jpegWithMetadata(), 'c.jpg', 'image/jpeg']]) });
	assert.equal(ok.status, 303, ok.text.slice(0, 300));
	const posts = (await srv.browser().get(`/api/v1/topics/${id}`, { bearer: a.token })).json().posts;
	assert.equal(posts.length, 2);
	assert.ok(posts[1].image_url);
	const img = await a.b.get(posts[1].image_url);
	assert.ok(!img.body.toString('latin1').includes('GPS'));
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
