// library.test.mjs: the eLibrary (issue 8) against the running server, on
// a fresh database with upload_limit 1 MiB and library_limit 2 MiB:
// ebooks and pages made by editors through the API and the form (fields
// checked: the file's type by libmagic, ISBN-10/13 check digits, the
// date, a page's body; a 3 MiB file refused with 413 whether it says its
// length or not, and a 1.5 MiB one taken: the library's limit, not the
// uploads'); nothing is made by a refused request; every reader (visitor,
// student, health professional, unverified doctor, verified doctor,
// editor) against every access level (public, members, doctors,
// withdrawn) on every path (the item page with its 401 and 403 teasers,
// the download, a file, the cover, the API's item and list, the browse,
// search and collection pages); download counts (what counts, per day,
// the editors' figures, the housekeeper's flush); collections (editors
// only, by position, edited, membership); search (title, authors,
// description, case, % and _ taken literally, paging, sorting);
// withdrawing and restoring; editing and covers; escaping.  Range
// requests, conditional requests and file versions are in
// library_ranges.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	startServer,
	sleep,
	unique,
	assertHtml,
	assertJsonError,
	assertFieldError,
	csrfToken,
	metaCsrf,
	field,
	fieldValue,
	tags,
	elements,
	textOf,
	multipart,
	pdfBytes,
	epubBytes,
	pngBytes,
	exeBytes,
	exactRequest,
	bigUpload,
} from './lib.mjs';

const MiB = 1024 * 1024;
let srv, editor;
const R = {}; // the readers by kind, made in before()
before(async () => {
	srv = await startServer({ env: { ROUNDS_LIBRARY_LIMIT: String(2 * MiB), ROUNDS_UPLOAD_LIMIT: String(1 * MiB) } });
	// The editor is an unverified doctor: editors read every level by their role.
	editor = await person('Edie Library-Editor', { type: 'doctor' });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
	R.visitor = { kind: 'visitor', b: srv.browser(), token: null };
	R.student = { kind: 'student', ...(await person('Stu Student', { type: 'student' })) };
	R.hcp = { kind: 'hcp', ...(await person('Hana Nurse', { type: 'hcp' })) };
	R.unverified = { kind: 'unverified', ...(await person('Dr Una Unverified', { type: 'doctor' })) };
	R.doctor = { kind: 'doctor', ...(await person('Dr Vera Verified', { type: 'doctor', verified: true })) };
	R.editor = { kind: 'editor', ...editor };
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

/** An API request as WHO (null: a visitor) with a JSON body. */
const api = (who, method, p, json) => srv.api(who, method, p, json);
/** An API request as WHO with a multipart body. */
const apiForm = (who, method, p, fields, files = []) =>
	srv.browser().request(method, `/api/v1${p}`, { bearer: who.token, body: multipart(fields, files) });

const TAG = unique('lib'); // a word in every title here, so searches find only this file's items
const today = () => new Date().toISOString().slice(0, 10);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** A ZIP holding a text file: libmagic calls it application/zip, not an EPUB. */
function zipNotEpub() {
	const z = epubBytes('x');
	// The same archive with its first entry renamed from "mimetype": no longer an EPUB.
	const i = z.indexOf('mimetype');
	z.write('readme.t', i, 'latin1');
	const j = z.indexOf('mimetype');
	if (j >= 0) z.write('readme.t', j, 'latin1');
	return z;
}
const PDF_FILE = (label, size) => ['file', pdfBytes(label, size), `${label.replace(/\W+/g, '-')}.pdf`, 'application/pdf'];

/** An ebook made through the API by the editor (public PDF unless FIELDS say); asserts 201; the ITEM. */
async function ebook(fields = {}, file = PDF_FILE(fields.title ?? 'book', 3000)) {
	const r = await apiForm(editor, 'POST', '/library', { kind: 'ebook', access: 'public', title: `Book ${unique('t')} ${TAG}`, ...fields }, file ? [file] : []);
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** A resource page made through the API (JSON); asserts 201; the ITEM. */
async function resourcePage(fields = {}) {
	const r = await api(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `Page ${unique('t')} ${TAG}`, body: 'Some **bold** advice.', ...fields });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** A collection made through the API; asserts 201; the collection. */
async function collection(name, position = 10, about = `About ${name}.`) {
	const r = await api(editor, 'POST', '/library/collections', { name, about, position });
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** The editor's view of the API item SLUG. */
async function editorItem(slug) {
	const r = await api(editor, 'GET', `/library/${slug}`);
	assert.equal(r.status, 200, r.text);
	return r.json();
}

/** How many items the editor's API list holds in all (withdrawn ones too). */
async function totalItems() {
	const r = await api(editor, 'GET', '/library');
	assert.equal(r.status, 200, r.text);
	assert.equal(typeof r.json().total, 'number', r.text);
	return r.json().total;
}

/** POSTs a multipart form to TO as WHO with the _csrf of the page FROM. */
async function formPost(who, from, to, fields, files = []) {
	const page = await who.b.get(from);
	assertHtml(page, 200);
	const token = csrfToken(page.text) ?? metaCsrf(page.text);
	assert.ok(token, `no _csrf on ${from}`);
	return who.b.request('POST', to, { body: multipart({ _csrf: token, ...fields }, files) });
}

/** POSTs an urlencoded form to TO as WHO with the _csrf of the page FROM. */
async function plainPost(who, from, to, fields) {
	const page = await who.b.get(from);
	const token = csrfToken(page.text) ?? metaCsrf(page.text);
	assert.ok(token, `no _csrf on ${from} (status ${page.status})`);
	return who.b.post(to, { form: { _csrf: token, ...fields } });
}

/** Slugs of the items linked from an HTML page (/library/SLUG, nothing after). */
function itemLinks(html) {
	const out = [];
	for (const a of tags(html, 'a')) {
		const m = /^\/library\/([a-z0-9-]+)$/.exec(a.attrs.href ?? '');
		if (m && m[1] !== 'collections' && !out.includes(m[1])) out.push(m[1]);
	}
	return out;
}

/** The value chosen for NAME: a select's selected option, or the checked radio button. */
function chosen(html, name) {
	const f = field(html, name);
	if (f?.kind === 'select') return fieldValue(html, name);
	return tags(html, 'input').find((i) => i.attrs.name === name && 'checked' in i.attrs)?.attrs.value;
}

/** The slugs of the API list at QUERY (a string after ?) as WHO. */
async function listSlugs(who, query) {
	const r = await api(who, 'GET', `/library?${query}`);
	assert.equal(r.status, 200, r.text);
	return r.json().items.map((x) => x.slug);
}

/* ---- making items ---- */

test('an ebook through the API: 201 with every field as given, its page, its download, its JSON', async () => {
	const col = await collection(`Survival guides ${TAG}`, 5);
	const title = `Surviving the night shift ${TAG}`;
	const bytes = pdfBytes('night shift', 4000);
	const r = await apiForm(editor, 'POST', '/library', {
		kind: 'ebook',
		title,
		authors: 'A. Okafor, G. Lin',
		about: 'What to eat, when to sleep, who to call.',
		access: 'public',
		published_on: '2024-02-29',
		isbn: '978-0-306-40615-7',
		collections: col.slug,
	}, [['file', bytes, 'night-shift.pdf', 'application/pdf']]);
	assert.equal(r.status, 201, r.text);
	const it = r.json();
	assert.ok(Number.isInteger(it.id) && it.id > 0, `id: ${it.id}`);
	assert.match(it.slug, /^surviving-the-night-shift-/);
	assert.equal(it.kind, 'ebook');
	assert.equal(it.title, title);
	assert.equal(it.authors, 'A. Okafor, G. Lin');
	assert.equal(it.about, 'What to eat, when to sleep, who to call.');
	assert.equal(it.access, 'public');
	assert.equal(it.published_on, '2024-02-29');
	assert.equal(it.isbn, '9780306406157', 'an ISBN is stored as digits');
	assert.ok([`${srv.base}/library/${it.slug}`, `/library/${it.slug}`].includes(it.url), `url: ${it.url}`);
	assert.ok([`${srv.base}/library/${it.slug}/download`, `/library/${it.slug}/download`].includes(it.download_url), `download_url: ${it.download_url}`);
	assert.equal(it.cover_url, null);
	assert.deepEqual(it.file, { name: 'night-shift.pdf', mime: 'application/pdf', size: bytes.length, version: 1 });
	assert.deepEqual(it.collections, [col.slug]);
	assert.equal(it.can_read, true);
	assert.match(it.created_at, RFC3339);
	assert.match(it.updated_at, RFC3339);
	assert.ok(Math.abs(Date.parse(it.created_at) - Date.now()) < 120000, `created_at ${it.created_at} is now`);
	assert.equal(it.withdrawn, false, 'editors see withdrawn');
	assert.equal(it.downloads, 0, 'editors see downloads');
	// Everyone reads a public item: the page...
	const page = await srv.browser().get(`/library/${it.slug}`);
	assertHtml(page, 200);
	const h1 = elements(page.text, 'h1');
	assert.equal(h1.length, 1);
	assert.equal(textOf(h1[0].inner), title);
	const text = textOf(page.text);
	for (const s of ['A. Okafor, G. Lin', 'What to eat, when to sleep, who to call.', 'Public', `Survival guides ${TAG}`]) assert.ok(text.includes(s), `the page shows ${s}`);
	assert.ok(/978-?0-?306-?40615-?7/.test(text), 'the page shows the ISBN');
	assert.ok(/2024-02-29|29 February 2024|February 29, 2024|29 Feb 2024/.test(text), 'the page shows the date');
	assert.ok(page.text.includes(`href="/library/collections/${col.slug}"`), 'the collection is linked');
	const dl = tags(page.text, 'a').filter((a) => a.attrs.href === `/library/${it.slug}/download`);
	assert.equal(dl.length, 1, 'one download link');
	const dlText = textOf(elements(page.text, 'a').find((a) => a.attrs.href === `/library/${it.slug}/download`).inner);
	assert.match(dlText, /^Download PDF \(\d[\d.,]* ?(B|bytes|KB|kB|KiB)\)$/, `the link: ${dlText}`);
	assert.ok(!page.text.includes(`/library/${it.slug}/edit`), 'no Edit link for a visitor');
	assert.ok(!(await R.doctor.b.get(`/library/${it.slug}`)).text.includes(`/library/${it.slug}/edit`), 'no Edit link for a member');
	const ep = await editor.b.get(`/library/${it.slug}`);
	assert.ok(tags(ep.text, 'a').some((a) => a.attrs.href === `/library/${it.slug}/edit`), 'an Edit link for editors');
	// ...the download...
	const d = await srv.browser().get(`/library/${it.slug}/download`);
	assert.equal(d.status, 200);
	assert.equal(d.headers.get('content-type'), 'application/pdf');
	assert.ok(d.body.equals(bytes), 'the bytes uploaded');
	// ...and the JSON, for a visitor without the editors' fields.
	const v = await api(null, 'GET', `/library/${it.slug}`);
	assert.equal(v.status, 200, v.text);
	const vj = v.json();
	assert.equal(vj.title, title);
	assert.equal(vj.can_read, true);
	assert.deepEqual(vj.attachments, []);
	assert.ok(!('withdrawn' in vj) && !('downloads' in vj), `editors' fields for a visitor: ${v.text}`);
	const viaApi = await srv.browser().get(`/api/v1/library/${it.slug}/download`);
	assert.equal(viaApi.status, 200);
	assert.ok(viaApi.body.equals(bytes));
});

test('an EPUB ebook: typed application/epub+zip from its bytes, "Download EPUB"', async () => {
	const bytes = epubBytes('Crisis zone medicine');
	const it = await ebook({ title: `Crisis zone medicine ${TAG}` }, ['file', bytes, 'crisis.epub', 'application/octet-stream']);
	assert.deepEqual(it.file, { name: 'crisis.epub', mime: 'application/epub+zip', size: bytes.length, version: 1 });
	const page = await srv.browser().get(`/library/${it.slug}`);
	const a = elements(page.text, 'a').find((x) => x.attrs.href === `/library/${it.slug}/download`);
	assert.ok(a, 'a download link');
	assert.match(textOf(a.inner), /^Download EPUB \(/);
	const d = await srv.browser().get(`/library/${it.slug}/download`);
	assert.equal(d.headers.get('content-type'), 'application/epub+zip');
	assert.ok(d.body.equals(bytes));
});

test('a resource page through the API: Markdown rendered (raw HTML dropped), no file, no download', async () => {
	const it = await resourcePage({ title: `Handover checklist ${TAG}`, body: 'Ask about **allergies**.\n\n<script>alert(1)</script>\n\n- sick patients first' });
	assert.equal(it.kind, 'page');
	assert.equal(it.file, null);
	assert.equal(it.download_url, null);
	const j = (await api(null, 'GET', `/library/${it.slug}`)).json();
	assert.match(j.body_html, /<strong>allergies<\/strong>/);
	assert.match(j.body_html, /<li>sick patients first<\/li>/);
	assert.ok(!j.body_html.includes('<script>'), `raw HTML kept: ${j.body_html}`);
	const page = await srv.browser().get(`/library/${it.slug}`);
	assertHtml(page, 200);
	assert.match(page.text, /<strong>allergies<\/strong>/);
	assert.ok(!page.text.includes('<script>alert(1)</script>'));
	assert.ok(!page.text.includes(`/library/${it.slug}/download`), 'a page has no download');
	assertHtml(await srv.browser().get(`/library/${it.slug}/download`), 404);
	assert.equal((await srv.browser().get(`/library/${it.slug}/cover`)).status, 404, 'no cover');
	// The same title again: the next free address.
	const again = await resourcePage({ title: `Handover checklist ${TAG}` });
	assert.equal(again.slug, `${it.slug}-2`);
	const third = await resourcePage({ title: `Handover checklist ${TAG}` });
	assert.equal(third.slug, `${it.slug}-3`);
});

/* ---- upload validation ---- */

test('the API refuses bad items naming the field, and makes nothing: an EXE named .pdf, no file, bad ISBNs and dates, a page without body', async () => {
	const before = await totalItems();
	const good = { kind: 'ebook', access: 'public', title: `Refused ${TAG}` };
	const pdf = PDF_FILE('refused', 2000);
	const cases = [
		['an EXE named .pdf', good, [['file', exeBytes(), 'guide.pdf', 'application/pdf']], 'file'],
		['a PNG as an ebook', good, [['file', pngBytes(), 'guide.pdf', 'application/pdf']], 'file'],
		['plain text as an ebook', good, [['file', Buffer.from('just some text\n'), 'guide.pdf', 'application/pdf']], 'file'],
		['an ebook without a file', good, [], 'file'],
		['ISBN-13 with a wrong check digit', { ...good, isbn: '978-0-306-40615-8' }, [pdf], 'isbn'],
		['ISBN-10 with a wrong check digit', { ...good, isbn: '0-306-40615-3' }, [pdf], 'isbn'],
		['an ISBN of 5 digits', { ...good, isbn: '12345' }, [pdf], 'isbn'],
		['an ISBN of 14 digits', { ...good, isbn: '97803064061570' }, [pdf], 'isbn'],
		['an ISBN of letters', { ...good, isbn: 'ISBN-ABCDEFGHIJ' }, [pdf], 'isbn'],
		['month 13', { ...good, published_on: '2024-13-01' }, [pdf], 'published_on'],
		['29 February of a common year', { ...good, published_on: '2023-02-29' }, [pdf], 'published_on'],
		['a date the other way round', { ...good, published_on: '31/01/2024' }, [pdf], 'published_on'],
		['no title', { ...good, title: '' }, [pdf], 'title'],
		['a title of 201 characters', { ...good, title: 'x'.repeat(201) }, [pdf], 'title'],
		['an unknown access level', { ...good, access: 'secret' }, [pdf], 'access'],
		['no access level', { kind: 'ebook', title: `Refused ${TAG}` }, [pdf], 'access'],
		['an unknown kind', { ...good, kind: 'video' }, [pdf], 'kind'],
		['an unknown collection', { ...good, collections: `no-such-collection-${TAG}` }, [pdf], 'collections'],
		['authors of 301 characters', { ...good, authors: 'a'.repeat(301) }, [pdf], 'authors'],
		['a description of 2001 characters', { ...good, about: 'a'.repeat(2001) }, [pdf], 'about'],
		['a ZIP that is not an EPUB', good, [['file', zipNotEpub(), 'book.epub', 'application/epub+zip']], 'file'],
	];
	for (const [what, fields, files, name] of cases) {
		const r = await apiForm(editor, 'POST', '/library', fields, files);
		assert.equal(r.status, 422, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
		assertJsonError(r, 422, 'invalid', name);
	}
	// JSON: a page without a body; an ebook (which needs a file).
	assertJsonError(await api(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `No body ${TAG}` }), 422, 'invalid', 'body');
	assertJsonError(await api(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `Blank body ${TAG}`, body: '   ' }), 422, 'invalid', 'body');
	assertJsonError(await api(editor, 'POST', '/library', { kind: 'ebook', access: 'public', title: `No file ${TAG}` }), 422, 'invalid', 'file');
	assertJsonError(await api(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `Bad ISBN ${TAG}`, body: 'x', isbn: '9780306406158' }), 422, 'invalid', 'isbn');
	// Two files in one request: refused whole.
	const two = await apiForm(editor, 'POST', '/library', good, [pdf, ['cover', pngBytes(), 'c.png', 'image/png']]);
	assert.ok([400, 422].includes(two.status), `two files: ${two.status} ${two.text.slice(0, 200)}`);
	assert.equal(await totalItems(), before, 'nothing was made');
	assert.deepEqual(await listSlugs(editor, `q=Refused+${TAG}`), []);
	// At the limits: a title of 200 characters is taken, and its address is at most 80.
	const long = await resourcePage({ title: `${TAG} ${'Long title '.repeat(30)}`.slice(0, 199) + 'z' });
	assert.equal(long.title.length, 200);
	assert.ok(long.slug.length <= 80 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(long.slug), `slug: ${long.slug}`);
});

test('a page\'s body may be 100,000 bytes through every way in (the API, PATCH, the new form, the edit form); 100,001 is refused naming body', async () => {
	// No line breaks: a multipart form sends them as CRLF, which would make it longer.
	const body = 'All work and no play makes a long page. '.repeat(2600).slice(0, 100000);
	assert.equal(Buffer.byteLength(body), 100000);
	const problems = [];
	const j = await api(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `Long by JSON ${TAG}`, body });
	if (j.status !== 201) problems.push(`POST /api/v1/library (JSON) with a 100,000-byte body: ${j.status} ${j.text.slice(0, 120)}`);
	const short = await resourcePage({ title: `Long later ${TAG}` });
	const p = await api(editor, 'PATCH', `/library/${short.slug}`, { body });
	if (p.status !== 200) problems.push(`PATCH /api/v1/library/SLUG with a 100,000-byte body: ${p.status} ${p.text.slice(0, 120)}`);
	const f = await formPost(editor, '/editor/library/new', '/editor/library/new', { kind: 'page', access: 'public', title: `Long by form ${TAG}`, body });
	if (f.status !== 303) problems.push(`POST /editor/library/new with a 100,000-byte body: ${f.status}`);
	const e = await plainPost(editor, `/library/${short.slug}/edit`, `/library/${short.slug}/edit`, { title: short.title, authors: '', about: '', body, access: 'public', published_on: '', isbn: '', collections: '' });
	if (e.status !== 303) problems.push(`POST /library/SLUG/edit with a 100,000-byte body: ${e.status} ${textOf(e.text).slice(0, 120)}`);
	else if ((await editorItem(short.slug)).body_html.length < 90000) problems.push('the edit form\'s body was not saved');
	const over = await formPost(editor, '/editor/library/new', '/editor/library/new', { kind: 'page', access: 'public', title: `Too long ${TAG}`, body: body + 'x' });
	if (over.status !== 422) problems.push(`the form with 100,001 bytes: ${over.status}`);
	else assertFieldError(over.text, 'body');
	const overApi = await apiForm(editor, 'POST', '/library', { kind: 'page', access: 'public', title: `Too long ${TAG}`, body: body + 'x' });
	if (overApi.status !== 422 || overApi.json().error?.field !== 'body') problems.push(`the API (multipart) with 100,001 bytes: ${overApi.status} ${overApi.text.slice(0, 120)}`);
	assert.deepEqual(problems, []);
});

test('good ISBNs: ISBN-13 and ISBN-10 with hyphens or spaces, an X check digit, are stored as digits', async () => {
	for (const [given, stored] of [
		['978-0-306-40615-7', '9780306406157'],
		['978 0 306 40615 7', '9780306406157'],
		['0-306-40615-2', '0306406152'],
		['0-8044-2957-X', '080442957X'],
		['', ''],
	]) {
		const it = await resourcePage({ isbn: given });
		assert.equal(it.isbn, stored, `${given} → ${it.isbn}`);
		assert.equal((await api(null, 'GET', `/library/${it.slug}`)).json().isbn, stored);
	}
});

test('the new-item form: bad fields come back 422 with the field marked and what was typed kept; nothing made; a good one → 303 to the item', async () => {
	const col1 = await collection(`Form collection one ${TAG}`, 30);
	const col2 = await collection(`Form collection two ${TAG}`, 31);
	const before = await totalItems();
	const form = await editor.b.get('/editor/library/new');
	assertHtml(form, 200);
	assert.match(form.text, /enctype="multipart\/form-data"/);
	for (const n of ['kind', 'title', 'authors', 'about', 'body', 'access', 'published_on', 'isbn', 'collections', 'file']) assert.ok(field(form.text, n), `the form has ${n}`);
	const title = `Form made ${TAG}`;
	const good = { kind: 'ebook', title, authors: 'Form Author', about: 'Made through the form.', body: '', access: 'members', published_on: '2023-06-01', isbn: '' };
	const pdf = PDF_FILE('form made', 2500);
	for (const [what, fields, files, name] of [
		['an EXE named .pdf', good, [['file', exeBytes(), 'guide.pdf', 'application/pdf']], 'file'],
		['no file', good, [], 'file'],
		['a bad ISBN', { ...good, isbn: '978-0-306-40615-8' }, [pdf], 'isbn'],
		['a bad date', { ...good, published_on: '2024-13-40' }, [pdf], 'published_on'],
		['a page without body', { ...good, kind: 'page' }, [], 'body'],
	]) {
		const r = await formPost(editor, '/editor/library/new', '/editor/library/new', fields, files);
		assertHtml(r, 422);
		assertFieldError(r.text, name);
		assert.equal(fieldValue(r.text, 'title'), title, `${what}: the title is kept`);
		assert.equal(fieldValue(r.text, 'authors'), 'Form Author', `${what}: the authors are kept`);
	}
	assert.equal(await totalItems(), before, 'nothing was made');
	// Without the _csrf: 403, nothing made.
	const noCsrf = await editor.b.request('POST', '/editor/library/new', { body: multipart(good, [pdf]) });
	assertHtml(noCsrf, 403);
	// The API with the session cookie but no X-CSRF-Token: 403 csrf.
	assertJsonError(await editor.b.request('POST', '/api/v1/library', { body: multipart(good, [pdf]) }), 403, 'csrf');
	assert.equal(await totalItems(), before, 'nothing was made without a CSRF token');
	// A good one, with two collection checkboxes.
	const ok = await formPost(editor, '/editor/library/new', '/editor/library/new', { ...good, collections: [col1.slug, col2.slug] }, [pdf]);
	assert.equal(ok.status, 303, ok.text.slice(0, 500));
	const m = /^\/library\/([a-z0-9-]+)$/.exec(ok.location ?? '');
	assert.ok(m, `303 to the item: ${ok.location}`);
	assert.match(m[1], /^form-made-/);
	const it = await editorItem(m[1]);
	assert.equal(it.title, title);
	assert.equal(it.access, 'members');
	assert.equal(it.published_on, '2023-06-01');
	assert.deepEqual([...it.collections].sort(), [col1.slug, col2.slug].sort());
	assert.equal(it.file.name, 'form-made.pdf');
	assert.equal(it.file.size, pdf[1].length);
	assert.equal(await totalItems(), before + 1);
	// One comma-separated value works too.
	const ok2 = await formPost(editor, '/editor/library/new', '/editor/library/new', { ...good, kind: 'page', body: 'A body.', title: `Form page ${TAG}`, collections: `${col1.slug},${col2.slug}` });
	assert.equal(ok2.status, 303, ok2.text.slice(0, 500));
	assert.deepEqual([...(await editorItem(ok2.location.slice('/library/'.length))).collections].sort(), [col1.slug, col2.slug].sort());
});

test('over library_limit (2 MiB): 413 from the Content-Length before the body, and when streamed chunked; 1.5 MiB (over upload_limit) is taken', async () => {
	const before = await totalItems();
	const fields = { kind: 'ebook', access: 'public', title: `Too big ${TAG}` };
	const a = await bigUpload(srv, '/api/v1/library', { size: 3 * MiB, bearer: editor.token });
	assert.equal(a.status, 413, `API, Content-Length: ${a.status} ${a.body.slice(0, 200)}`);
	assert.match(a.body, /too.large/i);
	assert.equal(a.sent, 0, 'answered from the headers alone');
	const c = await bigUpload(srv, '/api/v1/library', { size: 3 * MiB, bearer: editor.token, chunked: true, fields });
	assert.equal(c.status, 413, `API, chunked: ${c.status} ${c.body.slice(0, 200)}`);
	// The form, with a session and its _csrf.
	const token = csrfToken((await editor.b.get('/editor/library/new')).text);
	const f = await bigUpload(srv, '/editor/library/new', { size: 3 * MiB, browser: editor.b, chunked: true, fields: { _csrf: token, ...fields } });
	assert.equal(f.status, 413, `form, chunked: ${f.status}`);
	const f2 = await bigUpload(srv, '/editor/library/new', { size: 3 * MiB, browser: editor.b });
	assert.equal(f2.status, 413, `form, Content-Length: ${f2.status}`);
	assert.equal(await totalItems(), before, 'nothing was made');
	assert.deepEqual(await listSlugs(editor, `q=Too+big+${TAG}`), []);
	assert.equal((await srv.browser().get('/healthz')).status, 200, 'the server is fine');
	// 1.5 MiB: more than upload_limit, within library_limit.
	const bytes = pdfBytes('one and a half', 1.5 * MiB);
	const big = await ebook({ title: `Big enough ${TAG}` }, ['file', bytes, 'big.pdf', 'application/pdf']);
	assert.equal(big.file.size, bytes.length);
	const d = await srv.browser().get(`/library/${big.slug}/download`);
	assert.ok(d.body.equals(bytes), 'the whole file comes back');
	// A file added to an item is held to the same limit.
	const add = await bigUpload(srv, `/api/v1/library/${big.slug}/files`, { size: 3 * MiB, bearer: editor.token, chunked: true, fields: { slot: '0' } });
	assert.equal(add.status, 413);
	assert.equal((await editorItem(big.slug)).file.version, 1, 'no new version');
	assert.equal(await totalItems(), before + 1);
});

/* ---- access by level ---- */

// What each reader may do with each level: R read, S see only, - nothing.
const LEVELS = {
	visitor: { public: 'R', members: 'S', doctors: '-', withdrawn: '-' },
	student: { public: 'R', members: 'R', doctors: 'S', withdrawn: '-' },
	hcp: { public: 'R', members: 'R', doctors: 'S', withdrawn: '-' },
	unverified: { public: 'R', members: 'R', doctors: 'S', withdrawn: '-' },
	doctor: { public: 'R', members: 'R', doctors: 'R', withdrawn: '-' },
	editor: { public: 'R', members: 'R', doctors: 'R', withdrawn: 'R' },
};

test('every reader × every level × every path: exactly what the levels allow, and no title where it may not be seen', async () => {
	const word = unique('mx');
	const col = await collection(`Matrix shelf ${word}`, 40);
	const items = {};
	for (const level of ['public', 'members', 'doctors', 'withdrawn']) {
		const it = await ebook({ title: `Matrix ${level} ${word} ${TAG}`, about: `About the ${level} one.`, access: level === 'withdrawn' ? 'public' : level, collections: col.slug });
		const cov = await formPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/cover`, {}, [['cover', pngBytes(), 'cover.png', 'image/png']]);
		assert.equal(cov.status, 303, `cover: ${cov.status} ${cov.text.slice(0, 300)}`);
		const att = await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'new' }, [['file', Buffer.from(`notes for ${level}\n`), 'notes.txt', 'text/plain']]);
		assert.equal(att.status, 201, att.text);
		items[level] = { ...it, fileId: att.json().file.id };
	}
	assertHtml(await editor.b.get(`/library/${items.withdrawn.slug}`), 200);
	assert.equal((await api(editor, 'DELETE', `/library/${items.withdrawn.slug}`)).status, 200);
	const problems = [];
	const expect = (ok, what) => ok || problems.push(what);
	for (const [kind, levels] of Object.entries(LEVELS)) {
		const who = R[kind];
		const b = who.b;
		// The lists: the API (search and collection), the search page and the collection page.
		const apiList = (await api(who, 'GET', `/library?q=${word}`)).json().items;
		const apiCol = (await api(who, 'GET', `/library?collection=${col.slug}`)).json().items;
		const search = await b.get(`/library?q=${word}`);
		const shelf = await b.get(`/library/collections/${col.slug}`);
		const browse = await b.get('/library');
		expect(search.status === 200 && shelf.status === 200 && browse.status === 200, `${kind}: list pages ${search.status} ${shelf.status} ${browse.status}`);
		for (const [level, access] of Object.entries(levels)) {
			const it = items[level];
			const where = `${kind} × ${level}`;
			const read = access === 'R';
			const see = access !== '-';
			const mayRead = (r) => (read ? r.status === 200 : r.status === 404);
			// The item page.
			const page = await b.get(`/library/${it.slug}`);
			if (read) expect(page.status === 200 && page.text.includes(it.title), `${where}: page ${page.status}`);
			else if (see) {
				const want = kind === 'visitor' ? 401 : 403;
				expect(page.status === want, `${where}: page ${page.status}, expected ${want}`);
				expect(page.text.includes(it.title), `${where}: the ${want} page names the item`);
				expect(!page.text.includes(`/library/${it.slug}/download`), `${where}: the ${want} page links the download`);
				expect(!page.text.includes(it.about), `${where}: the ${want} page shows the description`);
				const t = textOf(page.text);
				if (kind === 'visitor') {
					expect(/Sign in to read/.test(t), `${where}: "Sign in to read" on the 401 page`);
					expect(tags(page.text, 'a').some((a) => [`/signin?next=/library/${it.slug}`, `/signin?next=${encodeURIComponent(`/library/${it.slug}`)}`].includes(a.attrs.href)), `${where}: a link to sign in and come back`);
				} else if (kind === 'unverified') {
					expect(tags(page.text, 'a').some((a) => a.attrs.href === '/verify'), `${where}: the 403 page links /verify`);
				} else {
					expect(/for verified doctors only/i.test(t), `${where}: the 403 page says "for verified doctors only"`);
				}
			} else {
				expect(page.status === 404, `${where}: page ${page.status}, expected 404`);
				expect(!page.text.includes(it.title), `${where}: the 404 names the item`);
			}
			// Its files and JSON.
			const dl = await b.get(`/library/${it.slug}/download`);
			expect(mayRead(dl), `${where}: download ${dl.status}`);
			if (read) expect(dl.headers.get('content-type') === 'application/pdf', `${where}: download type ${dl.headers.get('content-type')}`);
			const adl = await api(who, 'GET', `/library/${it.slug}/download`);
			expect(mayRead(adl), `${where}: API download ${adl.status}`);
			const hd = await exactRequest(srv, 'HEAD', `/library/${it.slug}/download`, { browser: b });
			expect(mayRead(hd), `${where}: HEAD download ${hd.status}`);
			const f = await b.get(`/library/${it.slug}/files/${it.fileId}`);
			expect(mayRead(f), `${where}: file ${f.status}`);
			if (read) expect(f.text === `notes for ${level}\n`, `${where}: the file's bytes`);
			const cv = await b.get(`/library/${it.slug}/cover`);
			expect(mayRead(cv), `${where}: cover ${cv.status}`);
			if (read) expect(/^image\/png/.test(cv.headers.get('content-type') ?? ''), `${where}: cover type ${cv.headers.get('content-type')}`);
			const ai = await api(who, 'GET', `/library/${it.slug}`);
			expect(mayRead(ai), `${where}: API item ${ai.status}`);
			if (!read) expect(ai.status === 404 && ai.json().error?.code === 'not_found' && !ai.text.includes(it.title), `${where}: API item ${ai.text.slice(0, 200)}`);
			if (read) expect(ai.json().can_read === true, `${where}: API item can_read`);
			// The lists.
			if (kind === 'editor' && level === 'withdrawn') continue; // editors' lists: see the withdraw test
			for (const [name, list] of [['API search', apiList], ['API collection', apiCol]]) {
				const x = list.find((y) => y.slug === it.slug);
				if (see) expect(x && x.can_read === read, `${where}: ${name}: ${x ? `can_read ${x.can_read}` : 'absent'}`);
				else expect(!x, `${where}: ${name} lists it`);
			}
			for (const [name, r] of [['search page', search], ['collection page', shelf]]) {
				expect(r.text.includes(it.title) === see, `${where}: ${name} ${see ? 'lacks' : 'shows'} the title`);
				expect(itemLinks(r.text).includes(it.slug) === see, `${where}: ${name} ${see ? 'lacks' : 'has'} the link`);
			}
			if (!see) expect(!browse.text.includes(it.title), `${where}: /library shows the title`);
		}
		// The marks on what may be seen and not read.
		const st = textOf(search.text);
		if (kind === 'visitor') expect(/Sign in to read/.test(st), `${kind}: no "Sign in to read" on the members item in the results`);
		if (['student', 'hcp', 'unverified'].includes(kind)) expect(/For verified doctors/.test(st), `${kind}: no "For verified doctors" on the doctors item in the results`);
		if (kind === 'doctor') expect(!/For verified doctors|Sign in to read/.test(st), `${kind}: a lock mark on what they may read`);
		// The editors' pages and figures: editors only.
		for (const u of [`/library/${items.public.slug}/edit`, '/editor/library', '/editor/library/new']) {
			const r = await b.get(u);
			if (kind === 'editor') expect(r.status === 200, `${kind}: ${u} ${r.status}`);
			else if (kind === 'visitor') expect([401, 404].includes(r.status) || (r.status === 303 && /^\/signin/.test(r.location ?? '')), `${kind}: ${u} ${r.status}`);
			else expect(r.status === 404, `${kind}: ${u} ${r.status}, expected 404`);
		}
		const stats = await api(who, 'GET', `/library/${items.public.slug}/stats`);
		expect(kind === 'editor' ? stats.status === 200 : [kind === 'visitor' ? 401 : 404, 404].includes(stats.status), `${kind}: stats ${stats.status}`);
	}
	assert.deepEqual(problems, []);
});

/* ---- counts ---- */

test('downloads are counted per item and day: 200 and 206 from byte 0 count; 206 from the middle, HEAD and 304 do not; editors see them', async () => {
	const bytes = pdfBytes('counted', 5000);
	const it = await ebook({ title: `Counted ${TAG}`, access: 'members' }, ['file', bytes, 'counted.pdf', 'application/pdf']);
	const att = await apiForm(editor, 'POST', `/library/${it.slug}/files`, { slot: 'new' }, [['file', Buffer.from('a,b\n1,2\n'), 'table.csv', 'text/csv']]);
	assert.equal(att.status, 201, att.text);
	const reader = R.student;
	const get = (p, headers = {}) => exactRequest(srv, 'GET', p, { browser: reader.b, headers });
	const d1 = await get(`/library/${it.slug}/download`);
	assert.equal(d1.status, 200); // +1
	const etag = d1.headers.etag;
	assert.equal((await get(`/library/${it.slug}/download`, { range: 'bytes=0-99' })).status, 206); // +1
	assert.equal((await get(`/library/${it.slug}/download`, { range: 'bytes=100-199' })).status, 206); // 0
	assert.equal((await get(`/library/${it.slug}/download`, { range: 'bytes=-100' })).status, 206); // 0
	assert.equal((await exactRequest(srv, 'HEAD', `/library/${it.slug}/download`, { browser: reader.b })).status, 200); // 0
	assert.equal((await get(`/library/${it.slug}/download`, { 'if-none-match': etag })).status, 304); // 0
	assert.equal((await get(`/library/${it.slug}/files/${att.json().file.id}`)).status, 200); // +1
	assert.equal((await exactRequest(srv, 'GET', `/api/v1/library/${it.slug}/download`, { bearer: reader.token })).status, 200); // +1
	assert.equal((await srv.browser().get(`/library/${it.slug}/download`)).status, 404); // a visitor: 0
	// The editors' figures, read at once (the read flushes the tally).
	const s = await api(editor, 'GET', `/library/${it.slug}/stats`);
	assert.equal(s.status, 200, s.text);
	const st = s.json();
	assert.equal(st.downloads, 4, `downloads in all: ${s.text}`);
	assert.ok(Array.isArray(st.days), s.text);
	const day = st.days.find((x) => x.day === today());
	assert.ok(day, `today (${today()}) in the days: ${s.text}`);
	assert.equal(day.n, 4);
	assert.equal(st.days.reduce((a, x) => a + x.n, 0), 4, 'no other day has any');
	for (const x of st.days) assert.match(x.day, /^\d{4}-\d\d-\d\d$/);
	assert.ok(st.days.length <= 90, `at most 90 days: ${st.days.length}`);
	assert.equal((await editorItem(it.slug)).downloads, 4, 'the item\'s total');
	// The edit page shows them: the total and today's row.
	const ed = await editor.b.get(`/library/${it.slug}/edit`);
	assertHtml(ed, 200);
	const rows = elements(ed.text, 'tr').map((tr) => textOf(tr.inner));
	assert.ok(rows.some((t) => t.includes(today()) && /\b4\b/.test(t)), `a row for today with 4: ${JSON.stringify(rows.slice(0, 5))}`);
	// Nobody else sees them.
	for (const who of [R.student, R.doctor, R.hcp]) assertJsonError(await api(who, 'GET', `/library/${it.slug}/stats`), 404, 'not_found');
	const vs = await api(null, 'GET', `/library/${it.slug}/stats`);
	assert.ok([401, 404].includes(vs.status), `a visitor: ${vs.status}`);
	assert.ok(!('downloads' in (await api(reader, 'GET', `/library/${it.slug}`)).json()), 'no downloads in a reader\'s ITEM');
	// Unknown items: 404 for editors too.
	assertJsonError(await api(editor, 'GET', `/library/no-such-item-${TAG}/stats`), 404, 'not_found');
	// The housekeeper hands the tally to the store every 5 s, with no stats read.
	assert.equal((await get(`/library/${it.slug}/download`)).status, 200);
	assert.equal((await get(`/library/${it.slug}/download`, { range: 'bytes=0-' })).status, 206);
	const deadline = Date.now() + 15000;
	for (;;) {
		const n = (await editorItem(it.slug)).downloads;
		if (n === 6) break;
		assert.equal(n, 4, 'only the two new downloads');
		assert.ok(Date.now() < deadline, 'the housekeeper did not flush the counts within 15 s');
		await sleep(500);
	}
	const again = (await api(editor, 'GET', `/library/${it.slug}/stats`)).json();
	assert.equal(again.downloads, 6);
	assert.equal(again.days.find((x) => x.day === today()).n, 6);
	// Thirty at once, from different readers' connections: every one counted.
	const all = await Promise.all(Array.from({ length: 30 }, () => exactRequest(srv, 'GET', `/library/${it.slug}/download`, { bearer: reader.token })));
	assert.deepEqual([...new Set(all.map((r) => r.status))], [200]);
	const third = (await api(editor, 'GET', `/library/${it.slug}/stats`)).json();
	assert.equal(third.downloads, 36);
	assert.equal(third.days.find((x) => x.day === today()).n, 36);
});

test('/library: the collections, the newest and the most downloaded (8 each), for what the reader may see', async () => {
	const w = unique('nw');
	// The most downloaded: more than anything else here so far.
	const top = await ebook({ title: `Most wanted ${w}` });
	for (let i = 0; i < 40; i++) assert.equal((await exactRequest(srv, 'GET', `/library/${top.slug}/download`)).status, 200);
	assert.equal((await api(editor, 'GET', `/library/${top.slug}/stats`)).json().downloads, 40);
	const newest = await resourcePage({ title: `Newest public ${w}` });
	const newestDoc = await resourcePage({ title: `Newest doctors ${w}`, access: 'doctors' });
	const section = (html, name) => {
		const at = html.search(new RegExp(`<h2[^>]*>\\s*${name}\\s*</h2>`));
		assert.ok(at >= 0, `no "${name}" heading`);
		const rest = html.slice(at + 5);
		const end = rest.search(/<h2[\s>]/);
		return end < 0 ? rest : rest.slice(0, end);
	};
	const vis = await srv.browser().get('/library');
	assertHtml(vis, 200);
	const vNew = itemLinks(section(vis.text, 'Newest'));
	assert.ok(vNew.length <= 8, `at most 8 newest: ${vNew.length}`);
	assert.equal(vNew[0], newest.slug, 'the newest item a visitor may see comes first');
	assert.ok(!vNew.includes(newestDoc.slug), 'not the doctors\' one for a visitor');
	const vTop = itemLinks(section(vis.text, 'Most downloaded'));
	assert.ok(vTop.length <= 8 && vTop.length > 0, `most downloaded: ${vTop.length}`);
	assert.equal(vTop[0], top.slug, 'the most downloaded first');
	const dr = await R.doctor.b.get('/library');
	assert.equal(itemLinks(section(dr.text, 'Newest'))[0], newestDoc.slug, 'a verified doctor sees the doctors\' one first');
	const st = await R.student.b.get('/library');
	const sNew = itemLinks(section(st.text, 'Newest'));
	assert.equal(sNew[0], newestDoc.slug, 'a student sees that the doctors\' one exists');
	assert.match(textOf(section(st.text, 'Newest')), /For verified doctors/);
});

/* ---- collections ---- */

test('collections: editors make and edit them (everyone else 404), lists go by position, items belong to several, pages list only what the reader may see', async () => {
	const w = unique('cl');
	const before = (await api(null, 'GET', '/library/collections')).json().collections;
	assert.ok(Array.isArray(before));
	// Not editors: 404 (a visitor: 401 or 404), nothing made.
	for (const who of [R.student, R.doctor, R.unverified]) {
		assertJsonError(await api(who, 'POST', '/library/collections', { name: `Not mine ${w}`, about: '', position: 1 }), 404, 'not_found');
		assertHtml(await plainPost(who, '/', '/editor/library/collections', { name: `Not mine ${w}`, about: '', position: '1' }), 404);
	}
	const vr = await api(null, 'POST', '/library/collections', { name: `Not mine ${w}`, about: '', position: 1 });
	assert.ok([401, 403, 404].includes(vr.status), `a visitor: ${vr.status}`);
	// Bad fields.
	assertJsonError(await api(editor, 'POST', '/library/collections', { name: '', about: 'x', position: 1 }), 422, 'invalid', 'name');
	assertJsonError(await api(editor, 'POST', '/library/collections', { name: `Bad position ${w}`, about: 'x', position: 'first' }), 422, 'invalid', 'position');
	assert.equal((await api(null, 'GET', '/library/collections')).json().collections.length, before.length, 'nothing made');
	// Made by the API and by the editors' page.
	const second = await collection(`NHS reform ${w}`, 1002, 'How the service is changing.');
	assert.match(second.slug, /^nhs-reform-/);
	assert.deepEqual({ ...second, id: 0 }, { id: 0, slug: second.slug, name: `NHS reform ${w}`, about: 'How the service is changing.', position: 1002, item_count: 0 });
	const made = await plainPost(editor, '/editor/library', '/editor/library/collections', { name: `Clinical skills ${w}`, about: 'Hands-on.', position: '1001' });
	assert.equal(made.status, 303, made.text.slice(0, 400));
	assert.equal(made.location, '/editor/library');
	let all = (await api(null, 'GET', '/library/collections')).json().collections;
	const first = all.find((c) => c.name === `Clinical skills ${w}`);
	assert.ok(first, 'the page made it');
	assert.equal(first.position, 1001);
	assert.equal(first.about, 'Hands-on.');
	const idx = (list, slug) => list.findIndex((c) => c.slug === slug);
	assert.ok(idx(all, first.slug) < idx(all, second.slug), 'by position');
	// Edited: by the API (PATCH) and by the page; position reorders them.
	const p = await api(editor, 'PATCH', `/library/collections/${second.slug}`, { position: 1000 });
	assert.equal(p.status, 200, p.text);
	assert.equal(p.json().position, 1000);
	assert.equal(p.json().name, `NHS reform ${w}`, 'absent fields keep');
	assert.equal(p.json().slug, second.slug, 'the slug stays');
	all = (await api(null, 'GET', '/library/collections')).json().collections;
	assert.ok(idx(all, second.slug) < idx(all, first.slug), 'reordered');
	assertJsonError(await api(R.student, 'PATCH', `/library/collections/${second.slug}`, { name: 'Hijacked' }), 404, 'not_found');
	assertJsonError(await api(editor, 'PATCH', `/library/collections/no-such-${w}`, { name: 'x' }), 404, 'not_found');
	const ed = await plainPost(editor, '/editor/library', `/editor/library/collections/${first.slug}`, { name: `Clinical skills and drills ${w}`, about: 'Hands-on, again.', position: '1001' });
	assert.equal(ed.status, 303, ed.text.slice(0, 400));
	assert.equal(ed.location, '/editor/library');
	assertHtml(await plainPost(R.student, '/', `/editor/library/collections/${first.slug}`, { name: 'Hijacked', about: '', position: '1' }), 404);
	all = (await api(null, 'GET', '/library/collections')).json().collections;
	assert.equal(all.find((c) => c.slug === first.slug).name, `Clinical skills and drills ${w}`);
	assert.equal(all.find((c) => c.slug === first.slug).about, 'Hands-on, again.');
	// Items in one or both; one for doctors; one withdrawn.
	const both = await ebook({ title: `In both ${w}`, collections: [second.slug, first.slug].join(',') });
	const inOne = await resourcePage({ title: `In one ${w}`, collections: [first.slug] });
	const doc = await resourcePage({ title: `Doctors in one ${w}`, access: 'doctors', collections: [first.slug] });
	const gone = await resourcePage({ title: `Withdrawn in one ${w}`, collections: [first.slug] });
	assert.equal((await api(editor, 'DELETE', `/library/${gone.slug}`)).status, 200);
	assert.deepEqual([...both.collections].sort(), [first.slug, second.slug].sort());
	all = (await api(null, 'GET', '/library/collections')).json().collections;
	assert.equal(all.find((c) => c.slug === second.slug).item_count, 1);
	assert.ok([2, 3].includes(all.find((c) => c.slug === first.slug).item_count), 'counts its items (the withdrawn one left out)');
	// The collection page.
	const vis = await srv.browser().get(`/library/collections/${first.slug}`);
	assertHtml(vis, 200);
	assert.equal(textOf(elements(vis.text, 'h1')[0]?.inner ?? ''), `Clinical skills and drills ${w}`);
	assert.ok(textOf(vis.text).includes('Hands-on, again.'));
	assert.deepEqual(itemLinks(vis.text).filter((s) => [both.slug, inOne.slug, doc.slug, gone.slug].includes(s)).sort(), [both.slug, inOne.slug].sort());
	assert.ok(!vis.text.includes(doc.title) && !vis.text.includes(gone.title));
	const dr = await R.doctor.b.get(`/library/collections/${first.slug}`);
	assert.deepEqual(itemLinks(dr.text).filter((s) => [both.slug, inOne.slug, doc.slug, gone.slug].includes(s)).sort(), [both.slug, inOne.slug, doc.slug].sort());
	assert.deepEqual((await listSlugs(null, `collection=${second.slug}`)), [both.slug]);
	assert.deepEqual((await listSlugs(R.doctor, `collection=${first.slug}`)).sort(), [both.slug, inOne.slug, doc.slug].sort());
	assertHtml(await srv.browser().get(`/library/collections/no-such-${w}`), 404);
	// The item page names both; the browse page lists the collections by position with their counts.
	const ip = await srv.browser().get(`/library/${both.slug}`);
	for (const c of [first, second]) assert.ok(ip.text.includes(`href="/library/collections/${c.slug}"`), `the item links ${c.slug}`);
	const browse = await srv.browser().get('/library');
	assertHtml(browse, 200);
	const hrefs = tags(browse.text, 'a').map((a) => a.attrs.href);
	assert.ok(hrefs.includes(`/library/collections/${second.slug}`) && hrefs.includes(`/library/collections/${first.slug}`), 'both on /library');
	assert.ok(hrefs.indexOf(`/library/collections/${second.slug}`) < hrefs.indexOf(`/library/collections/${first.slug}`), 'by position on /library');
	assert.ok(textOf(browse.text).includes('How the service is changing.'), 'the about text on /library');
	// Editing an item's collections.
	const moved = await api(editor, 'PATCH', `/library/${inOne.slug}`, { collections: [second.slug] });
	assert.equal(moved.status, 200, moved.text);
	assert.deepEqual(moved.json().collections, [second.slug]);
	assert.deepEqual((await listSlugs(null, `collection=${second.slug}`)).sort(), [both.slug, inOne.slug].sort());
	assert.ok(!itemLinks((await srv.browser().get(`/library/collections/${first.slug}`)).text).includes(inOne.slug));
	// The editors' page has a form per collection and one to make another.
	const el = await editor.b.get('/editor/library');
	assertHtml(el, 200);
	const actions = tags(el.text, 'form').map((f) => f.attrs.action);
	assert.ok(actions.includes('/editor/library/collections'), 'a create form');
	assert.ok(actions.includes(`/editor/library/collections/${first.slug}`), 'an edit form per collection');
	assert.ok(tags(el.text, 'a').some((a) => a.attrs.href === '/editor/library/new'), 'a "New item" link');
});

/* ---- search ---- */

test('search by words of title, authors and description, any case, as prefixes; punctuation only separates words; no match; paging; sorting', async () => {
	const w = unique('sr');
	const a = await resourcePage({ title: `Cardiology handbook ${w}`, authors: 'Adaeze Okafor', about: 'Treating hyperkalaemia on the ward.' });
	const b = await resourcePage({ title: `Renal pocket guide ${w}`, authors: 'Grace Lin', about: 'Fluids and electrolytes.' });
	const pct = await resourcePage({ title: `Dosing 100% right ${w}`, about: 'Percent.' });
	const notPct = await resourcePage({ title: `Dosing 100x right ${w}`, about: 'Times.' });
	const und = await resourcePage({ title: `snake_case notes ${w}`, about: 'Underscore.' });
	const notUnd = await resourcePage({ title: `snakeXcase notes ${w}`, about: 'Letter.' });
	const find = async (q, who = null) => (await listSlugs(who, `q=${encodeURIComponent(q)}`)).sort();
	assert.deepEqual(await find(`cardiology ${w}`), [a.slug], 'by title');
	assert.deepEqual(await find(`CARDIOLOGY ${w.toUpperCase()}`), [a.slug], 'any case');
	assert.deepEqual(await find(`okafor ${w}`), [a.slug], 'by authors');
	assert.deepEqual(await find(`Grace ${w}`), [b.slug], 'by authors');
	assert.deepEqual(await find(`HYPERKALAEMIA ${w}`), [a.slug], 'by description');
	assert.deepEqual(await find(`electrolytes ${w}`), [b.slug], 'by description');
	assert.deepEqual(await find(`cardiology okafor ward ${w}`), [a.slug], 'every word, anywhere');
	assert.deepEqual(await find(`cardiology grace ${w}`), [], 'every word must appear');
	assert.deepEqual(await find(`100% ${w}`), [pct.slug, notPct.slug].sort(), '% is no wildcard: "100" begins both');
	assert.deepEqual(await find(`snake_case ${w}`), [und.slug], '_ is no wildcard: two words');
	assert.deepEqual(await find(`cardio ${w}`), [a.slug], 'a word is a prefix');
	assert.deepEqual(await find('%'), [], '% alone is no word: nothing');
	assert.deepEqual(await find('_'), [], '_ alone is no word: nothing');
	assert.deepEqual(await find(`nomatch${w}`), [], 'no match');
	assert.deepEqual(await find(w), [a.slug, b.slug, pct.slug, notPct.slug, und.slug, notUnd.slug].sort());
	// The page: the form, the count, the results.
	const browse = await srv.browser().get('/library');
	// (In <main>: the header's site-wide search box also has a q.)
	const sf = elements(browse.text.slice(browse.text.indexOf('<main')), 'form').find((f) => tags(f.inner, 'input').some((i) => i.attrs.name === 'q'));
	assert.ok(sf, 'a search form on /library');
	assert.ok(!sf.attrs.method || sf.attrs.method.toLowerCase() === 'get', 'searching is a GET');
	assert.match(textOf(sf.inner), /Search the library/);
	const p = await srv.browser().get(`/library?q=${encodeURIComponent(`okafor ${w}`)}`);
	assertHtml(p, 200);
	assert.match(textOf(p.text), /\b1 items? found/);
	assert.deepEqual(itemLinks(p.text).filter((s) => s.includes(w)), [a.slug]);
	assert.equal(fieldValue(p.text.slice(p.text.indexOf('<main')), 'q'), `okafor ${w}`, 'the search box keeps the words');
	const none = await srv.browser().get(`/library?q=nomatch${w}`);
	assertHtml(none, 200);
	assert.match(textOf(none.text), /\b(0|No) items? found/i);
	const pp = await srv.browser().get(`/library?q=${encodeURIComponent(`100% ${w}`)}`);
	assert.deepEqual(itemLinks(pp.text).filter((s) => s.includes(w)).sort(), [pct.slug, notPct.slug].sort());
	// Sorting: by title; newest first; most downloaded first.
	const byTitle = await listSlugs(null, `q=${w}&sort=title`);
	const titles = { [a.slug]: a.title, [b.slug]: b.title, [pct.slug]: pct.title, [notPct.slug]: notPct.title, [und.slug]: und.title, [notUnd.slug]: notUnd.title };
	const want = Object.keys(titles).sort((x, y) => (titles[x].toLowerCase() < titles[y].toLowerCase() ? -1 : 1));
	assert.deepEqual(byTitle, want, 'by title');
	assert.deepEqual(await listSlugs(null, `q=${w}&sort=newest`), [notUnd.slug, und.slug, notPct.slug, pct.slug, b.slug, a.slug], 'newest first');
	// Downloads: three ebooks downloaded 3, 1 and 0 times.
	const d = unique('dl');
	const e0 = await ebook({ title: `Zero downloads ${d}` });
	const e3 = await ebook({ title: `Three downloads ${d}` });
	const e1 = await ebook({ title: `One download ${d}` });
	for (const [it, n] of [[e3, 3], [e1, 1]]) for (let i = 0; i < n; i++) assert.equal((await srv.browser().get(`/library/${it.slug}/download`)).status, 200);
	assert.equal((await api(editor, 'GET', `/library/${e0.slug}/stats`)).status, 200); // flushes the tally
	assert.deepEqual(await listSlugs(null, `q=${d}&sort=downloads`), [e3.slug, e1.slug, e0.slug], 'most downloaded first');
	const dp = await srv.browser().get(`/library?q=${d}&sort=downloads`);
	assert.deepEqual(itemLinks(dp.text).filter((s) => [e0.slug, e1.slug, e3.slug].includes(s)), [e3.slug, e1.slug, e0.slug], 'the page sorts too');
	const tp = await srv.browser().get(`/library?q=${d}&sort=title`);
	assert.deepEqual(itemLinks(tp.text).filter((s) => [e0.slug, e1.slug, e3.slug].includes(s)), [e1.slug, e3.slug, e0.slug], 'the page sorts by title');
});

test('search results are paged 20 to a page, in the API and on the page', async () => {
	const w = unique('pg');
	const made = [];
	for (let i = 0; i < 23; i++) made.push((await resourcePage({ title: `Paged item ${String(i).padStart(2, '0')} ${w}` })).slug);
	const p1 = (await api(null, 'GET', `/library?q=${w}`)).json();
	assert.equal(p1.total, 23);
	assert.equal(p1.page, 1);
	assert.equal(p1.items.length, 20);
	const p2 = (await api(null, 'GET', `/library?q=${w}&page=2`)).json();
	assert.equal(p2.page, 2);
	assert.equal(p2.items.length, 3);
	assert.deepEqual([...p1.items, ...p2.items].map((x) => x.slug).sort(), [...made].sort(), 'every item once');
	assert.deepEqual((await api(null, 'GET', `/library?q=${w}&page=3`)).json().items, []);
	const h1 = await srv.browser().get(`/library?q=${w}`);
	assert.match(textOf(h1.text), /\b23 items found/);
	const l1 = itemLinks(h1.text).filter((s) => made.includes(s));
	assert.equal(l1.length, 20);
	assert.ok(tags(h1.text, 'a').some((a) => /[?&]page=2\b/.test(a.attrs.href ?? '') && (a.attrs.href ?? '').includes(w)), 'a link to page 2 keeping the search');
	const h2 = await srv.browser().get(`/library?q=${w}&page=2`);
	const l2 = itemLinks(h2.text).filter((s) => made.includes(s));
	assert.equal(l2.length, 3);
	assert.deepEqual([...l1, ...l2].sort(), [...made].sort());
});

/* ---- withdraw and restore ---- */

test('withdrawn: 404 for all but editors everywhere; restored: back; withdrawn twice → 409 (API); only editors do it', async () => {
	const bytes = pdfBytes('withdrawn', 2000);
	const it = await ebook({ title: `Going away ${TAG}`, access: 'public' }, ['file', bytes, 'away.pdf', 'application/pdf']);
	const find = (who) => listSlugs(who, `q=${encodeURIComponent(`going away ${TAG}`)}`);
	// Not by non-editors.
	for (const who of [R.student, R.doctor]) assertJsonError(await api(who, 'DELETE', `/library/${it.slug}`), 404, 'not_found');
	assertHtml(await plainPost(R.doctor, '/', `/library/${it.slug}/withdraw`, { action: 'withdraw' }), 404);
	assert.deepEqual(await find(null), [it.slug], 'still there');
	// Withdrawn through the API.
	const w = await api(editor, 'DELETE', `/library/${it.slug}`);
	assert.equal(w.status, 200, w.text);
	assert.equal(w.json().withdrawn, true);
	assert.equal(w.json().slug, it.slug);
	assertJsonError(await api(editor, 'DELETE', `/library/${it.slug}`), 409, 'conflict');
	const gone = async () => {
		for (const who of [R.visitor, R.student, R.doctor]) {
			assertHtml(await who.b.get(`/library/${it.slug}`), 404);
			assert.ok(!(await who.b.get(`/library/${it.slug}`)).text.includes(it.title));
			assert.equal((await who.b.get(`/library/${it.slug}/download`)).status, 404);
			assertJsonError(await api(who, 'GET', `/library/${it.slug}`), 404, 'not_found');
			assert.equal((await api(who, 'GET', `/library/${it.slug}/download`)).status, 404);
			assert.deepEqual(await find(who), []);
			for (const u of ['/library', `/library?q=${encodeURIComponent(`going away ${TAG}`)}`]) assert.ok(!(await who.b.get(u)).text.includes(it.title), `${who.kind}: ${u}`);
		}
		// Editors still have it all.
		const ep = await editor.b.get(`/library/${it.slug}`);
		assertHtml(ep, 200);
		assert.match(textOf(ep.text), /withdrawn/i, 'the editor is told it is withdrawn');
		const d = await editor.b.get(`/library/${it.slug}/download`);
		assert.equal(d.status, 200);
		assert.ok(d.body.equals(bytes));
		assert.equal((await editorItem(it.slug)).withdrawn, true);
		const el = await editor.b.get('/editor/library');
		const row = elements(el.text, 'tr').find((tr) => tr.inner.includes(`/library/${it.slug}`));
		assert.ok(row, 'the editors\' list has it');
		assert.match(textOf(row.inner), /withdrawn/i);
	};
	await gone();
	// Restored through the API.
	const r = await api(editor, 'POST', `/library/${it.slug}/restore`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json().withdrawn, false);
	assertJsonError(await api(editor, 'POST', `/library/${it.slug}/restore`), 409, 'conflict');
	assertJsonError(await api(R.student, 'POST', `/library/${it.slug}/restore`), 404, 'not_found');
	const back = async () => {
		assertHtml(await srv.browser().get(`/library/${it.slug}`), 200);
		assert.ok((await srv.browser().get(`/library/${it.slug}/download`)).body.equals(bytes));
		assert.deepEqual(await find(null), [it.slug]);
		assert.equal((await editorItem(it.slug)).withdrawn, false);
	};
	await back();
	// The same through the edit page's form.
	const fw = await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/withdraw`, { action: 'withdraw' });
	assert.equal(fw.status, 303, fw.text.slice(0, 300));
	assert.equal(fw.location, `/library/${it.slug}/edit`);
	await gone();
	// The page's form, sent twice (a second tab, a double click), lands on the edit page again: the
	// API answers 409 (above); the form's contract is only the 303.
	const fw2 = await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/withdraw`, { action: 'withdraw' });
	assert.equal(fw2.status, 303);
	assert.equal(fw2.location, `/library/${it.slug}/edit`);
	await gone();
	const fr = await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/withdraw`, { action: 'restore' });
	assert.equal(fr.status, 303);
	assert.equal(fr.location, `/library/${it.slug}/edit`);
	await back();
	assert.equal((await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/withdraw`, { action: 'restore' })).status, 303);
	assert.equal((await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/withdraw`, { action: 'vanish' })).status, 422);
	await back();
	assertJsonError(await api(editor, 'DELETE', `/library/no-such-${TAG}`), 404, 'not_found');
});

/* ---- editing and covers ---- */

test('editing: PATCH keeps absent fields and refuses bad ones; the edit form; covers added, refused and removed; only editors', async () => {
	const it = await ebook({ title: `Editable ${TAG}`, authors: 'First Author', about: 'First about.', isbn: '0306406152', published_on: '2020-01-01' });
	const p = await api(editor, 'PATCH', `/library/${it.slug}`, { about: 'Second about.' });
	assert.equal(p.status, 200, p.text);
	const pj = p.json();
	assert.equal(pj.about, 'Second about.');
	assert.equal(pj.title, it.title);
	assert.equal(pj.authors, 'First Author');
	assert.equal(pj.isbn, '0306406152');
	assert.equal(pj.published_on, '2020-01-01');
	assert.equal(pj.slug, it.slug);
	assert.ok(Date.parse(pj.updated_at) >= Date.parse(it.updated_at));
	for (const [fields, name] of [[{ isbn: '0306406153' }, 'isbn'], [{ published_on: '2020-02-30' }, 'published_on'], [{ title: '' }, 'title'], [{ access: 'everyone' }, 'access']]) {
		assertJsonError(await api(editor, 'PATCH', `/library/${it.slug}`, { about: 'Not saved.', ...fields }), 422, 'invalid', name);
	}
	assert.equal((await editorItem(it.slug)).about, 'Second about.', 'nothing saved by a refused PATCH');
	for (const who of [R.student, R.doctor]) assertJsonError(await api(who, 'PATCH', `/library/${it.slug}`, { title: 'Hijacked' }), 404, 'not_found');
	assertHtml(await plainPost(R.doctor, '/', `/library/${it.slug}/edit`, { title: 'Hijacked', access: 'public' }), 404);
	assert.equal((await editorItem(it.slug)).title, it.title);
	// The access level changes who reads it.
	assert.equal((await api(editor, 'PATCH', `/library/${it.slug}`, { access: 'doctors' })).json().access, 'doctors');
	assertHtml(await R.student.b.get(`/library/${it.slug}`), 403);
	assertHtml(await R.visitor.b.get(`/library/${it.slug}`), 404);
	// The edit form shows the values, takes new ones, refuses bad ones.
	const form = await editor.b.get(`/library/${it.slug}/edit`);
	assertHtml(form, 200);
	assert.equal(fieldValue(form.text, 'title'), it.title);
	assert.equal(fieldValue(form.text, 'about'), 'Second about.');
	assert.equal(chosen(form.text, 'access'), 'doctors');
	const full = { title: `Edited ${TAG}`, authors: 'Second Author', about: 'Third about.', body: '', access: 'members', published_on: '2021-12-31', isbn: '978-0-306-40615-7', collections: '' };
	const bad = await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/edit`, { ...full, isbn: '978-0-306-40615-0' });
	assertHtml(bad, 422);
	assertFieldError(bad.text, 'isbn');
	assert.equal(fieldValue(bad.text, 'title'), `Edited ${TAG}`, 'what was typed stays');
	assert.equal((await editorItem(it.slug)).title, it.title);
	const good = await plainPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/edit`, full);
	assert.equal(good.status, 303, good.text.slice(0, 400));
	assert.equal(good.location, `/library/${it.slug}`);
	const now = await editorItem(it.slug);
	assert.deepEqual(
		[now.title, now.authors, now.about, now.access, now.published_on, now.isbn, now.kind, now.slug],
		[`Edited ${TAG}`, 'Second Author', 'Third about.', 'members', '2021-12-31', '9780306406157', 'ebook', it.slug],
	);
	// Covers: a PNG (its metadata stripped as blog covers are), an EXE refused, removed.
	const c = await formPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/cover`, {}, [['cover', pngBytes(), 'cover.png', 'image/png']]);
	assert.equal(c.status, 303, c.text.slice(0, 300));
	assert.equal(c.location, `/library/${it.slug}/edit`);
	const withCover = await editorItem(it.slug);
	assert.ok([`${srv.base}/library/${it.slug}/cover`, `/library/${it.slug}/cover`].includes(withCover.cover_url), `cover_url: ${withCover.cover_url}`);
	const page = await R.student.b.get(`/library/${it.slug}`);
	const img = tags(page.text, 'img').find((i) => i.attrs.src === `/library/${it.slug}/cover`);
	assert.ok(img, 'the cover is on the page');
	assert.equal(img.attrs.alt, `Cover of Edited ${TAG}`);
	const cv = await R.student.b.get(`/library/${it.slug}/cover`);
	assert.equal(cv.status, 200);
	assert.equal(cv.headers.get('content-type'), 'image/png');
	assert.equal(cv.body.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
	const ce = await formPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/cover`, {}, [['cover', exeBytes(), 'cover.png', 'image/png']]);
	assertHtml(ce, 422);
	assertFieldError(ce.text, 'cover');
	assert.equal((await R.student.b.get(`/library/${it.slug}/cover`)).status, 200, 'the old cover stays');
	assertHtml(await formPost(R.doctor, '/', `/library/${it.slug}/cover`, { remove: '1' }), 404);
	const rm = await formPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/cover`, { remove: '1' });
	assert.equal(rm.status, 303, rm.text.slice(0, 300));
	assert.equal((await editorItem(it.slug)).cover_url, null);
	assert.equal((await R.student.b.get(`/library/${it.slug}/cover`)).status, 404);
	assert.ok(!(await R.student.b.get(`/library/${it.slug}`)).text.includes(`/library/${it.slug}/cover`));
});

/* ---- escaping ---- */

test('a title, authors and description with markup are escaped on every page and exact in the JSON', async () => {
	const w = unique('xs');
	const title = `<script>alert("t")</script> & "Quotes" ${w}`;
	const col = await collection(`<b>Bold shelf</b> ${w}`, 50);
	const it = await ebook({ title, authors: '<img src=x onerror=alert(1)>', about: '<i>not italic</i> & more', collections: col.slug, access: 'members' });
	const cov = await formPost(editor, `/library/${it.slug}/edit`, `/library/${it.slug}/cover`, {}, [['cover', pngBytes(), 'c.png', 'image/png']]);
	assert.equal(cov.status, 303);
	assert.equal(it.title, title);
	assert.equal(it.authors, '<img src=x onerror=alert(1)>');
	const j = (await api(R.student, 'GET', `/library/${it.slug}`)).json();
	assert.equal(j.title, title);
	assert.equal(j.about, '<i>not italic</i> & more');
	assert.equal((await api(null, 'GET', `/library?q=${w}`)).json().items[0].title, title);
	const cj = (await api(null, 'GET', '/library/collections')).json().collections.find((c) => c.slug === col.slug);
	assert.equal(cj.name, `<b>Bold shelf</b> ${w}`);
	const pages = [
		[R.student.b, `/library/${it.slug}`],
		[R.visitor.b, `/library/${it.slug}`], // the 401 teaser
		[R.student.b, `/library?q=${w}`],
		[R.student.b, `/library/collections/${col.slug}`],
		[R.student.b, '/library'],
		[editor.b, '/editor/library'],
		[editor.b, `/library/${it.slug}/edit`],
	];
	for (const [b, u] of pages) {
		const r = await b.get(u);
		assert.ok([200, 401].includes(r.status), `${u}: ${r.status}`);
		assert.ok(!r.text.includes('<script>alert("t")'), `${u}: the title's script is raw`);
		assert.ok(!r.text.includes('<img src=x onerror'), `${u}: the authors' markup is raw`);
		assert.ok(!r.text.includes('<i>not italic</i>'), `${u}: the description's markup is raw`);
		assert.ok(!r.text.includes('<b>Bold shelf</b>'), `${u}: the collection's markup is raw`);
	}
	const page = await R.student.b.get(`/library/${it.slug}`);
	assert.ok(page.text.includes('&lt;script&gt;'), 'the title is shown, escaped');
	assert.equal(textOf(elements(page.text, 'h1')[0].inner), title);
	assert.ok(textOf(page.text).includes('<img src=x onerror=alert(1)>'), 'the authors read as typed');
	assert.equal(tags(page.text, 'img').find((i) => i.attrs.src === `/library/${it.slug}/cover`)?.attrs.alt, `Cover of ${title}`);
	const teaser = await R.visitor.b.get(`/library/${it.slug}`);
	assert.equal(teaser.status, 401);
	assert.ok(textOf(teaser.text).includes(title));
});

test('every editors\' form refuses a POST without its _csrf (403) and changes nothing', async () => {
	const it = await ebook({ title: `Guarded ${TAG}` });
	const col = await collection(`Guarded shelf ${TAG}`, 60);
	const before = await editorItem(it.slug);
	for (const [to, fields, files] of [
		['/editor/library/new', { kind: 'page', access: 'public', title: `Forged ${TAG}`, body: 'x' }, []],
		[`/library/${it.slug}/edit`, { title: `Forged ${TAG}`, access: 'public' }, null],
		[`/library/${it.slug}/cover`, {}, [['cover', pngBytes(), 'c.png', 'image/png']]],
		[`/library/${it.slug}/files`, { slot: '0' }, [PDF_FILE('forged', 1000)]],
		[`/library/${it.slug}/withdraw`, { action: 'withdraw' }, null],
		['/editor/library/collections', { name: `Forged ${TAG}`, about: '', position: '1' }, null],
		[`/editor/library/collections/${col.slug}`, { name: `Forged ${TAG}`, about: '', position: '1' }, null],
	]) {
		const r = files ? await editor.b.request('POST', to, { body: multipart(fields, files) }) : await editor.b.post(to, { form: fields });
		assertHtml(r, 403);
	}
	const after = await editorItem(it.slug);
	assert.deepEqual({ ...after, updated_at: 0 }, { ...before, updated_at: 0 }, 'the item is as it was');
	assert.equal(after.updated_at, before.updated_at);
	assert.deepEqual(await listSlugs(editor, `q=Forged+${TAG}`), []);
	assert.ok(!(await api(null, 'GET', '/library/collections')).text.includes(`Forged ${TAG}`));
	// A cover is an upload, not a library file: held to upload_limit (1 MiB here).
	const token = csrfToken((await editor.b.get(`/library/${it.slug}/edit`)).text);
	const big = await bigUpload(srv, `/library/${it.slug}/cover`, { size: 1.5 * MiB, browser: editor.b, chunked: true, field: 'cover', filename: 'c.png', fields: { _csrf: token } });
	assert.equal(big.status, 413, `a 1.5 MiB cover: ${big.status}`);
	assert.equal((await editorItem(it.slug)).cover_url, null);
});

/* ---- odd input ---- */

test('odd addresses, pages, sorts, searches and edits break nothing: 200 or 404/422, never a 5xx', async () => {
	const it = await ebook({ title: `Sturdy ${TAG}` });
	const problems = [];
	const check = (r, ok, what) => ok.includes(r.status) || problems.push(`${what}: ${r.status} ${(r.text ?? '').slice(0, 100)}`);
	for (const q of ['page=0', 'page=-5', 'page=abc', 'page=99999999999999999999', 'page=1000000', 'sort=bogus', 'sort=', `q=${'w '.repeat(40)}`, `q=${'x'.repeat(500)}`, 'q=%00', 'q=%C3%28', 'q=%25%25%25', 'q=%5C']) {
		check(await srv.browser().get(`/library?${q}`), [200, 400, 404, 422], `/library?${q}`);
		check(await api(null, 'GET', `/library?${q}`), [200, 400, 404, 422], `/api/v1/library?${q}`);
	}
	check(await api(null, 'GET', `/library?collection=no-such-${TAG}`), [200, 404], 'an unknown collection in the API list');
	for (const u of [`/library/${it.slug}/files/0`, `/library/${it.slug}/files/-1`, `/library/${it.slug}/files/99999999999999999999`, `/library/${it.slug}/files/1x`, '/library/..%2F..%2Fetc%2Fpasswd', '/library/%00', '/library/collections/', '/library/collections/%2e%2e']) {
		check(await srv.browser().get(u), [404, 400, 301, 308], u);
	}
	// kind and slug never change; a page keeps needing its body.
	const k = await api(editor, 'PATCH', `/library/${it.slug}`, { kind: 'page', slug: 'hijacked-slug' });
	check(k, [200, 422], 'PATCH kind');
	const after = await editorItem(it.slug);
	if (after.kind !== 'ebook') problems.push(`PATCH changed the kind to ${after.kind}`);
	assertHtml(await srv.browser().get('/library/hijacked-slug'), 404);
	const pg = await resourcePage({ title: `Sturdy page ${TAG}` });
	assertJsonError(await api(editor, 'PATCH', `/library/${pg.slug}`, { body: '' }), 422, 'invalid', 'body');
	// A withdrawn item's figures and files stay the editors'.
	assert.equal((await api(editor, 'DELETE', `/library/${it.slug}`)).status, 200);
	check(await api(editor, 'GET', `/library/${it.slug}/stats`), [200], 'stats of a withdrawn item');
	check(await api(editor, 'PATCH', `/library/${it.slug}`, { about: 'Edited while withdrawn.' }), [200], 'editing a withdrawn item');
	assert.equal((await editorItem(it.slug)).withdrawn, true, 'an edit does not restore it');
	assert.deepEqual(problems, []);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
