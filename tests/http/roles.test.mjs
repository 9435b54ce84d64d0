// roles.test.mjs: roles from the editors' form on a profile and its API
// (issue 4): editors give and take blogger and champion, admins every
// role; champions must be verified doctors; members see role badges; every
// change is refused to everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, textOf } from './lib.mjs';

let srv, editor, admin;
async function signed(m) {
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { ...m, b, token };
}
before(async () => {
	srv = await startServer();
	const e = await srv.newMember({ name: 'Role Editor' });
	assert.equal((await srv.cli(['user', 'role', e.email, '+editor'])).code, 0);
	const a = await srv.newMember({ name: 'Role Admin' });
	assert.equal((await srv.cli(['user', 'role', a.email, '+admin'])).code, 0);
	editor = await signed(e);
	admin = await signed(a);
});
after(() => srv?.kill());

const roles = async (m) => (await srv.browser().get('/api/v1/me', { bearer: m.token })).json().roles;

test('an editor makes a member a blogger and a verified doctor a champion from the profile; badges show', async () => {
	const doc = await signed(await srv.newMember({ type: 'doctor', verified: true, name: 'Dr Champ Pion' }));
	const page = await editor.b.get(`/u/${doc.handle}`);
	assert.match(page.text, new RegExp(`action="/editor/members/${doc.handle}/roles"`));
	assert.match(page.text, /name="blogger"/);
	assert.doesNotMatch(page.text, /name="editor"/, 'editors cannot make editors');
	const r = await editor.b.submit(`/editor/members/${doc.handle}/roles`, { blogger: '1', champion: '1' }, { from: `/u/${doc.handle}` });
	assert.equal(r.status, 303);
	assert.equal(r.location, `/u/${doc.handle}?roles=1`);
	assert.deepEqual((await roles(doc)).sort(), ['blogger', 'champion']);
	const pub = textOf((await srv.browser().get(`/u/${doc.handle}`)).text);
	assert.match(pub, /Champion/);
	assert.match(pub, /Blogger/);
	// Unticking takes them away.
	assert.equal((await editor.b.submit(`/editor/members/${doc.handle}/roles`, { champion: '1' }, { from: `/u/${doc.handle}` })).status, 303);
	assert.deepEqual(await roles(doc), ['champion']);
});

test('champions must be verified doctors: 422 and nothing changes', async () => {
	for (const opts of [{ type: 'doctor' }, { type: 'student' }]) {
		const m = await signed(await srv.newMember(opts));
		const r = await editor.b.submit(`/editor/members/${m.handle}/roles`, { champion: '1', blogger: '1' }, { from: `/u/${m.handle}` });
		assertHtml(r, 422);
		assert.match(textOf(r.text), /only verified doctors can be champions/);
		assert.deepEqual(await roles(m), []);
	}
});

test('only admins give editor and admin; an editor\'s attempt changes nothing; admins cannot drop their own admin', async () => {
	const m = await signed(await srv.newMember());
	const e = await srv.browser().post(`/api/v1/editor/members/${m.handle}/roles`, { bearer: editor.token, json: { editor: true, blogger: true } });
	assert.equal(e.status, 200, e.text);
	assert.deepEqual(e.json().roles, ['blogger'], 'editor ignored, blogger given');
	const a = await srv.browser().post(`/api/v1/editor/members/${m.handle}/roles`, { bearer: admin.token, json: { editor: true } });
	assert.equal(a.status, 200, a.text);
	assert.deepEqual(a.json().roles.sort(), ['blogger', 'editor'], 'the API leaves roles it was not given');
	assertJsonError(await srv.browser().post(`/api/v1/editor/members/${admin.handle}/roles`, { bearer: admin.token, json: { admin: false } }), 422);
	assert.ok((await roles(admin)).includes('admin'));
	assertJsonError(await srv.browser().post(`/api/v1/editor/members/${m.handle}/roles`, { bearer: admin.token, json: { blogger: 'yes' } }), 422, 'invalid', 'blogger');
	assertJsonError(await srv.browser().post('/api/v1/editor/members/nobody_zz/roles', { bearer: admin.token, json: { blogger: true } }), 404);
});

test('members, verified doctors and visitors cannot: 404, and no form on the profile', async () => {
	const plain = await signed(await srv.newMember({ type: 'doctor', verified: true }));
	const target = await srv.newMember();
	assert.doesNotMatch((await plain.b.get(`/u/${target.handle}`)).text, /\/roles"/);
	const tok = (await plain.b.get(`/u/${target.handle}`)).text.match(/name="_csrf" value="([^"]+)"/)?.[1];
	assertHtml(await plain.b.post(`/editor/members/${target.handle}/roles`, { form: { _csrf: tok, blogger: '1' } }), 404);
	assertJsonError(await srv.browser().post(`/api/v1/editor/members/${target.handle}/roles`, { bearer: plain.token, json: { blogger: true } }), 404);
	assert.equal((await srv.browser().post(`/editor/members/${target.handle}/roles`, { form: { blogger: '1' } })).status, 404, 'a visitor: 404 before any CSRF check');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
