// verify.test.mjs: doctors' verification (issue 4): the application at
// /verify and POST /api/v1/verification (numbers checked per authority,
// students refused, one pending at a time), and the editors' queue at
// /editor/verifications and /api/v1/editor/verifications (approve, reject
// with a reason, the member emailed, the badge, decided once, 404 for
// everyone else).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertFieldError, assertJsonError, field, optionValues, textOf } from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await srv.newMember({ name: 'Ed Itor' });
	const r = await srv.cli(['user', 'role', editor.email, '+editor']);
	assert.equal(r.code, 0, r.stderr);
});
after(() => srv?.kill());

async function signedIn(opts = {}) {
	const m = await srv.newMember(opts);
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	return { m, b };
}

async function editorBrowser() {
	const b = srv.browser();
	await b.signIn(editor.email, editor.password);
	return b;
}

/** The id of the pending application of the member with HANDLE, from the queue page. */
async function queueId(eb, handle) {
	const q = await eb.get('/editor/verifications');
	assertHtml(q, 200);
	const cards = q.text.split('<article').slice(1);
	const card = cards.find((c) => c.includes(`@${handle}`));
	assert.ok(card, `@${handle} is in the queue`);
	const m = card.match(/action="\/editor\/verifications\/(\d+)"/);
	assert.ok(m, 'the card has its decision form');
	return m[1];
}

test('GET /verify signed out → 303 to sign in', async () => {
	const r = await srv.browser().get('/verify');
	assert.equal(r.status, 303);
	assert.equal(r.location, '/signin?next=%2Fverify');
});

test('a doctor sees the form with every authority; GMC first, "other" last', async () => {
	const { b } = await signedIn({ type: 'doctor' });
	const r = await b.get('/verify');
	assertHtml(r, 200);
	const codes = optionValues(r.text, 'authority');
	for (const c of ['gmc', 'npi', 'imc', 'ahpra', 'nmc', 'other']) assert.ok(codes.includes(c), `authority ${c} offered`);
	assert.equal(codes[0], 'gmc');
	assert.equal(codes[codes.length - 1], 'other');
	assert.ok(field(r.text, 'number') && field(r.text, 'registered_name'));
});

test('a student or health professional is refused: no form, 403 on POST and on the API', async () => {
	for (const type of ['student', 'hcp']) {
		const { m, b } = await signedIn({ type });
		const page = await b.get('/verify');
		assertHtml(page, 200);
		assert.ok(!field(page.text, 'number'), `no application form for a ${type}`);
		assert.match(textOf(page.text), /Verification is for doctors/);
		const r = await b.submit('/verify', { authority: 'gmc', number: '1234567', registered_name: m.name });
		assertHtml(r, 403);
		const { token } = await srv.browser().apiSignIn(m.email, m.password);
		const api = await srv.browser().post('/api/v1/verification', {
			bearer: token,
			json: { authority: 'gmc', number: '1234567', registered_name: m.name },
		});
		assertJsonError(api, 403, 'forbidden');
	}
});

const BAD = [
	['gmc', '123456', /7 digits/],
	['gmc', '12345678', /7 digits/],
	['gmc', '12a4567', /7 digits/],
	['npi', '1234567890', /check digit|NPI/i],
	['npi', '3234567893', /1 or 2|NPI/i],
	['npi', '123456789', /10 digits/],
	['ahpra', 'MED12345', /MED|10 digits/],
	['ahpra', 'ABC0001234567', /MED/],
	['imc', '1234567', /digits/],
	['imc', '', /required|digits/],
	['other', 'ab', /characters|short/],
];

test('a bad number for each authority → 422 with the authority\'s rule, the values kept', async () => {
	const { b } = await signedIn({ type: 'doctor' });
	for (const [authority, number, why] of BAD) {
		const r = await b.submit('/verify', { authority, number, registered_name: 'Amara Nwosu' });
		assertHtml(r, 422);
		assertFieldError(r.text, 'number', why);
		assert.ok(optionValues(r.text, 'authority').includes(authority));
		assert.match(r.text, new RegExp(`<option value="${authority}" selected`), `${authority} still chosen`);
	}
	const unknown = await b.submit('/verify', { authority: 'hogwarts', number: '1', registered_name: 'A' });
	assertHtml(unknown, 422);
	assertFieldError(unknown.text, 'authority');
	const noName = await b.submit('/verify', { authority: 'gmc', number: '1234567', registered_name: '' });
	assertHtml(noName, 422);
	assertFieldError(noName.text, 'registered_name');
	assert.match(textOf((await b.get('/verify')).text), /Apply/, 'nothing was filed');
	assert.doesNotMatch(textOf((await b.get('/verify')).text), /Waiting for an editor/);
});

test('a good application → 303; the page shows it pending; a second → 409', async () => {
	const { m, b } = await signedIn({ type: 'doctor' });
	const r = await b.submit('/verify', { authority: 'npi', number: ' 1234567893 ', registered_name: m.name });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/verify?applied=1');
	const page = await b.get('/verify?applied=1');
	const text = textOf(page.text);
	assert.match(text, /Waiting for an editor/);
	assert.match(text, /1234567893/);
	assert.match(text, /National Provider Identifier/);
	assert.ok(!field(page.text, 'number'), 'no second form while pending');
	const again = await b.post('/verify', {
		form: { _csrf: (await b.get('/verify')).text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '', authority: 'gmc', number: '1234567', registered_name: m.name },
	});
	assertHtml(again, 409);
});

test('POST /api/v1/verification: 201 pending with the number normalised; 422 naming the field; 409 when pending; 415', async () => {
	const m = await srv.newMember({ type: 'doctor' });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const api = (json, headers) => srv.browser().post('/api/v1/verification', { bearer: token, json, headers });
	assertJsonError(await api({ authority: 'gmc', number: '12', registered_name: m.name }), 422, 'invalid', 'number');
	assertJsonError(await api({ authority: 'nope', number: '1234567', registered_name: m.name }), 422, 'invalid', 'authority');
	assertJsonError(await api({ authority: 'gmc', number: '1234567' }), 422, 'invalid', 'registered_name');
	assertJsonError(await api({ authority: 'gmc', number: 7654321, registered_name: m.name }), 422, 'invalid', 'number');
	const bad = await srv.browser().post('/api/v1/verification', { bearer: token, body: 'authority=gmc', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	assert.equal(bad.status, 415);
	const r = await api({ authority: 'AHPRA', number: 'med 0001234567', registered_name: m.name });
	assert.equal(r.status, 201, r.text);
	const j = r.json();
	assert.equal(j.status, 'pending');
	assert.equal(j.authority, 'ahpra');
	assert.equal(j.number, 'MED0001234567');
	assert.equal(j.registered_name, m.name);
	assert.ok(Number.isInteger(j.id));
	assertJsonError(await api({ authority: 'gmc', number: '1234567', registered_name: m.name }), 409, 'conflict');
	assertJsonError(await srv.browser().post('/api/v1/verification', { json: { authority: 'gmc', number: '1234567', registered_name: 'x' } }), 401);
});

test('the queue and its API are for editors only: 404 for members, doctors and visitors', async () => {
	const { b } = await signedIn({ type: 'doctor' });
	assertHtml(await b.get('/editor/verifications'), 404);
	assert.equal((await srv.browser().get('/editor/verifications')).status, 404);
	const m = await srv.newMember();
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	assertJsonError(await srv.browser().get('/api/v1/editor/verifications', { bearer: token }), 404);
	assertJsonError(await srv.browser().post('/api/v1/editor/verifications/1', { bearer: token, json: { decision: 'approve' } }), 404);
});

test('an editor rejects with a reason: the member is emailed why, sees it, and may apply again; approving verifies', async () => {
	const { m, b } = await signedIn({ type: 'doctor' });
	assert.equal((await b.submit('/verify', { authority: 'gmc', number: '7654321', registered_name: m.name })).status, 303);
	const eb = await editorBrowser();
	const id = await queueId(eb, m.handle);
	const queue = textOf((await eb.get('/editor/verifications')).text);
	assert.match(queue, /7654321/);
	assert.match(queue, new RegExp(m.email.replace('.', '\\.')));
	// Rejecting needs a reason; a decision must be one of the two.
	const noReason = await eb.submit(`/editor/verifications/${id}`, { decision: 'reject', reason: '  ' }, { from: '/editor/verifications' });
	assertHtml(noReason, 422);
	assert.match(textOf(noReason.text), /needed to reject/);
	const odd = await eb.submit(`/editor/verifications/${id}`, { decision: 'maybe' }, { from: '/editor/verifications' });
	assertHtml(odd, 422);
	const why = 'Number 7654321 is not on the GMC register under this name.';
	const rej = await eb.submit(`/editor/verifications/${id}`, { decision: 'reject', reason: why }, { from: '/editor/verifications' });
	assert.equal(rej.status, 303);
	assert.equal(rej.location, '/editor/verifications?done=rejected');
	const mail = await srv.latestMail(m.email);
	assert.match(mail.headers.subject, /verification/i);
	assert.ok(mail.body.includes(why), 'the reason is in the mail');
	assert.ok(mail.body.includes(`${srv.base}/verify`), 'the mail links to the page');
	const page = textOf((await b.get('/verify')).text);
	assert.match(page, /Not approved/);
	assert.ok(page.includes(why));
	// Deciding again → 409; an unknown application → 404.
	const twice = await eb.submit(`/editor/verifications/${id}`, { decision: 'approve' }, { from: '/editor/verifications' });
	assertHtml(twice, 409);
	assert.equal((await eb.submit('/editor/verifications/999999', { decision: 'approve' }, { from: '/editor/verifications' })).status, 404);
	assert.equal((await eb.submit('/editor/verifications/abc', { decision: 'approve' }, { from: '/editor/verifications' })).status, 404);
	// Apply again and be approved.
	assert.equal((await b.submit('/verify', { authority: 'gmc', number: '7654322', registered_name: m.name })).status, 303);
	const id2 = await queueId(eb, m.handle);
	assert.notEqual(id2, id);
	const ok = await eb.submit(`/editor/verifications/${id2}`, { decision: 'approve', reason: 'On the register.' }, { from: '/editor/verifications' });
	assert.equal(ok.status, 303);
	assert.equal(ok.location, '/editor/verifications?done=approved');
	const okMail = await srv.latestMail(m.email, { count: 2 });
	assert.match(okMail.headers.subject, /verified/i);
	const profile = await srv.browser().get(`/u/${m.handle}`);
	assert.match(textOf(profile.text), /Verified doctor/);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	assert.equal((await srv.browser().get('/api/v1/me', { bearer: token })).json().verified, true);
	// Verified members cannot apply again.
	const after = await b.get('/verify');
	assert.ok(!field(after.text, 'number'));
	assertJsonError(await srv.browser().post('/api/v1/verification', { bearer: token, json: { authority: 'gmc', number: '1234567', registered_name: m.name } }), 409, 'conflict');
});

test('the editors\' API: the queue as JSON, and a decision → 200 the application', async () => {
	const m = await srv.newMember({ type: 'doctor' });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const filed = await srv.browser().post('/api/v1/verification', { bearer: token, json: { authority: 'mcnz', number: '12345', registered_name: m.name } });
	assert.equal(filed.status, 201, filed.text);
	const id = filed.json().id;
	const { token: et } = await srv.browser().apiSignIn(editor.email, editor.password);
	const q = await srv.browser().get('/api/v1/editor/verifications', { bearer: et });
	assert.equal(q.status, 200);
	const app = q.json().applications.find((a) => a.id === id);
	assert.ok(app, 'the application is in the queue');
	assert.equal(app.member.handle, m.handle);
	assertJsonError(await srv.browser().post(`/api/v1/editor/verifications/${id}`, { bearer: et, json: { decision: 'reject' } }), 422, 'invalid', 'reason');
	assertJsonError(await srv.browser().post(`/api/v1/editor/verifications/${id}`, { bearer: et, json: { decision: 'yes' } }), 422, 'invalid', 'decision');
	const d = await srv.browser().post(`/api/v1/editor/verifications/${id}`, { bearer: et, json: { decision: 'approve', reason: '' } });
	assert.equal(d.status, 200, d.text);
	assert.equal(d.json().status, 'approved');
	assertJsonError(await srv.browser().post(`/api/v1/editor/verifications/${id}`, { bearer: et, json: { decision: 'approve' } }), 409, 'conflict');
	assertJsonError(await srv.browser().post('/api/v1/editor/verifications/424242', { bearer: et, json: { decision: 'approve' } }), 404);
	const after = await srv.browser().get('/api/v1/editor/verifications', { bearer: et });
	assert.ok(!after.json().applications.some((a) => a.id === id), 'decided applications leave the queue');
});

test('links: an unverified doctor\'s own profile offers verification; editors have the queue in the navigation', async () => {
	const { m, b } = await signedIn({ type: 'doctor' });
	assert.match((await b.get(`/u/${m.handle}`)).text, /href="\/verify"/);
	assert.doesNotMatch((await srv.browser().get(`/u/${m.handle}`)).text, /href="\/verify"/, 'not on the profile others see');
	const s = await signedIn({ type: 'student' });
	assert.doesNotMatch((await s.b.get(`/u/${s.m.handle}`)).text, /href="\/verify"/);
	// Editors reach the queue from the navigation, through the editors' desk.
	assert.doesNotMatch((await b.get('/')).text, /href="\/editor"/);
	const eb = await editorBrowser();
	assert.match((await eb.get('/')).text, /href="\/editor"/);
	assert.match((await eb.get('/editor')).text, /href="\/editor\/verifications"/);
	assert.equal((await b.get('/editor')).status, 404);
});

test('only verified doctors can be champions: rounds user role +champion refuses the others', async () => {
	for (const opts of [{ type: 'doctor' }, { type: 'student' }, { type: 'hcp' }]) {
		const m = await srv.newMember(opts);
		const r = await srv.cli(['user', 'role', m.email, '+champion']);
		assert.equal(r.code, 1, `${opts.type}: ${r.stdout}`);
		assert.match(r.stderr, /only verified doctors can be champions/);
		const { token } = await srv.browser().apiSignIn(m.email, m.password);
		assert.ok(!(await srv.browser().get('/api/v1/me', { bearer: token })).json().roles.includes('champion'));
	}
	const v = await srv.newMember({ type: 'doctor', verified: true });
	const ok = await srv.cli(['user', 'role', v.email, '+champion']);
	assert.equal(ok.code, 0, ok.stderr);
	const { token } = await srv.browser().apiSignIn(v.email, v.password);
	assert.ok((await srv.browser().get('/api/v1/me', { bearer: token })).json().roles.includes('champion'));
	assert.equal((await srv.cli(['user', 'role', v.email, '-champion'])).code, 0);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
