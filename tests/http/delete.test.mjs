// delete.test.mjs: account deletion (issue 4).  From /settings (password and
// a ticked confirmation) or DELETE /api/v1/me {password}: personal data is
// erased, every session ends, the profile and the directory entry go, the
// email may register again; what the member wrote stays, attributed to
// "Former member".  A wrong password or no confirmation changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, assertFieldError, textOf, newRegistration } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

test('from /settings: a wrong password or no confirmation → 422 and nothing changes; then the account is gone, its messages stay', async () => {
	const d = await person('Dr Delia Leaving');
	const z = await person('Dr Zak Staying');
	assert.equal((await d.b.submit('/settings', { name: d.name, country: 'GB', specialty: 'cardiology', grade: 'st4', bio: 'A bio to erase', timezone: 'Europe/London' })).status, 303);
	assert.equal((await api(z, 'POST', '/connections', { handle: d.handle })).status, 201);
	const conv = (await api(d, 'POST', '/conversations', { to: z.handle, subject: 'Before I go', body: 'My parting words' })).json();
	const page = await d.b.get('/settings');
	assert.match(page.text, /action="\/settings\/delete"/);

	const wrong = await d.b.submit('/settings/delete', { password: 'not my password', confirm: '1' }, { from: '/settings' });
	assertHtml(wrong, 422);
	assertFieldError(wrong.text, 'password', /is not right/);
	const unticked = await d.b.submit('/settings/delete', { password: d.password }, { from: '/settings' });
	assertHtml(unticked, 422);
	assertFieldError(unticked.text, 'confirm', /must be ticked/);
	assert.equal((await d.b.get(`/u/${d.handle}`)).status, 200, 'still there');
	assert.equal((await api(d, 'GET', '/me')).status, 200);

	const done = await d.b.submit('/settings/delete', { password: d.password, confirm: '1' }, { from: '/settings' });
	assert.equal(done.status, 303);
	assert.equal(done.location, '/?deleted=1');
	assert.ok(done.cookies.some((c) => c.name === 'rounds_session' && Number(c.attrs['max-age']) === 0), 'the cookie is cleared');
	const home = await srv.browser().get('/?deleted=1');
	assert.match(textOf(home.text), /Your account has been deleted/);
	// Every session is dead: the API token too.
	assertJsonError(await api(d, 'GET', '/me'), 401, 'unauthenticated');
	// Gone from every lookup.
	assertHtml(await z.b.get(`/u/${d.handle}`), 404);
	const dir = (await api(z, 'GET', `/members?q=Delia`)).json();
	assert.equal(dir.members.length, 0);
	assert.equal((await api(z, 'GET', '/connections')).json().incoming.length, 0);
	assertJsonError(await api(z, 'POST', '/conversations', { to: d.handle, body: 'hello?' }), 422, 'invalid', 'to');
	// Cannot sign in any more.
	const again = await srv.browser().request('POST', '/api/v1/session', { json: { email: d.email, password: d.password } });
	assert.equal(again.status, 401);
	// The message stays, by "Former member", with no link to a profile.
	const thread = await api(z, 'GET', `/conversations/${conv.id}`);
	const msg = thread.json().messages[0];
	assert.equal(msg.body, 'My parting words');
	assert.equal(msg.author.name, 'Former member');
	assert.equal(msg.author.handle, '');
	assert.deepEqual(thread.json().members.map((m) => m.handle), [z.handle]);
	const html = (await z.b.get(`/messages/${conv.id}`)).text;
	assert.match(textOf(html), /Former member/);
	assert.doesNotMatch(html, new RegExp(`/u/${d.handle}`));
	assert.doesNotMatch(html, /Dr Delia Leaving/);
	// A last mail to the address it had.
	const mail = await srv.latestMail(d.email);
	assert.match(mail.headers.subject, /deleted/i);
	// The email is free again.
	const reg = newRegistration({ email: d.email });
	assert.equal((await srv.browser().request('POST', '/api/v1/members', { json: reg })).status, 201);
});

test('DELETE /api/v1/me {password}: 422 when wrong, 204 when right; the token dies', async () => {
	const d = await person('Api Leaver');
	assertJsonError(await api(d, 'DELETE', '/me', { password: 'wrong one here' }), 422, 'invalid', 'password');
	assertJsonError(await api(d, 'DELETE', '/me', {}), 422, 'invalid', 'password');
	assert.equal((await api(d, 'GET', '/me')).status, 200, 'nothing changed');
	assert.equal((await api(d, 'DELETE', '/me', { password: d.password })).status, 204);
	assertJsonError(await api(d, 'GET', '/me'), 401, 'unauthenticated');
	assertJsonError(await srv.browser().request('DELETE', '/api/v1/me', { json: { password: 'x' } }), 401, 'unauthenticated');
});

test('handles starting former_ are kept for deleted accounts', async () => {
	const r = await srv.browser().request('POST', '/api/v1/members', { json: newRegistration({ handle: 'former_12' }) });
	assertJsonError(r, 422, 'invalid', 'handle');
	assert.match(r.json().error.message, /reserved/);
});

test('the owner of a private group cannot delete their account until they hand it over', async () => {
	const o = await person('Dr Owen Owner');
	const m = await person('Dr Mia Member');
	const ed = await person('Dr Eda Editor', { verified: true });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const g = (await api(o, 'POST', '/groups', { name: 'Owners club', purpose: 'A group whose owner wants to leave Rounds' })).json();
	assert.equal((await api(ed, 'POST', `/editor/groups/${g.id}`, { decision: 'approve' })).status, 200);
	const inv = (await api(o, 'POST', `/groups/${g.slug}/invitations`, { handle: m.handle })).json();
	assert.equal((await api(m, 'POST', `/invitations/${inv.id}`, { decision: 'accept' })).status, 200);

	assertJsonError(await api(o, 'DELETE', '/me', { password: o.password }), 409, 'owns_groups');
	const page = await o.b.submit('/settings/delete', { password: o.password, confirm: '1' }, { from: '/settings' });
	assertHtml(page, 422);
	assertFieldError(page.text, 'confirm', /hand it over/);
	assert.equal((await api(o, 'GET', '/me')).status, 200, 'nothing changed');

	assert.equal((await api(o, 'PUT', `/groups/${g.slug}/members/${m.handle}`, { role: 'owner' })).status, 204);
	assert.equal((await api(o, 'DELETE', '/me', { password: o.password })).status, 204);
	const left = (await api(m, 'GET', `/groups/${g.slug}`)).json();
	assert.equal(left.owner.handle, m.handle);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
