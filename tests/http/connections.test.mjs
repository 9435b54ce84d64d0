// connections.test.mjs: connections between members (issue 4): ask from
// a profile, accept or decline, withdraw, remove; the /connections page;
// the API under /api/v1/connections; every refusal (oneself, twice, the
// other way, an unknown or suspended member, a visitor).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, textOf } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

async function person(name) {
	const m = await srv.newMember({ name });
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { ...m, b, token };
}

const api = (who, method, p, json) => srv.api(who, method, p, json);

test('from the profile: connect → the other accepts → both see each other; remove from either side', async () => {
	const a = await person('Dr Ada Asker');
	const z = await person('Dr Zed Answerer');
	const page = await a.b.get(`/u/${z.handle}`);
	assert.match(page.text, new RegExp(`action="/connections/${z.handle}/connect"`));
	const ask = await a.b.submit(`/connections/${z.handle}/connect`, {}, { from: `/u/${z.handle}` });
	assert.equal(ask.status, 303);
	assert.equal(ask.location, `/u/${z.handle}`);
	assert.match(textOf((await a.b.get(`/u/${z.handle}`)).text), /You asked to connect/);
	const theirs = await z.b.get(`/u/${a.handle}`);
	assert.match(textOf(theirs.text), /asked to connect with you/);
	const waiting = await z.b.get('/connections');
	assertHtml(waiting, 200);
	assert.match(textOf(waiting.text), new RegExp(`Accept ${a.name}`));
	const acc = await z.b.submit(`/connections/${a.handle}/accept`, { back: 'connections' }, { from: '/connections' });
	assert.equal(acc.status, 303);
	assert.equal(acc.location, '/connections');
	for (const [who, other] of [[a, z], [z, a]]) {
		const p = await who.b.get(`/u/${other.handle}`);
		assert.match(textOf(p.text), /Connected/);
		assert.match(p.text, new RegExp(`href="/u/${who.handle}"`), 'the profile lists the connection');
		assert.match(textOf((await who.b.get('/connections')).text), new RegExp(other.name));
	}
	assert.doesNotMatch((await srv.browser().get(`/u/${a.handle}`)).text, /Connections<\/h2>/, 'visitors do not see the list');
	const rm = await z.b.submit(`/connections/${a.handle}/disconnect`, {}, { from: `/u/${a.handle}` });
	assert.equal(rm.status, 303);
	assert.match((await a.b.get(`/u/${z.handle}`)).text, new RegExp(`action="/connections/${z.handle}/connect"`));
});

test('refusals: asking twice or the other way → 409; answering what was not asked → 409; unknown → 404; no buttons on one\'s own profile', async () => {
	const a = await person('Dr Twice');
	const z = await person('Dr Other Way');
	assert.equal((await a.b.submit(`/connections/${z.handle}/connect`, {}, { from: `/u/${z.handle}` })).status, 303);
	assertHtml(await a.b.submit(`/connections/${z.handle}/connect`, {}, { from: `/u/${z.handle}` }), 409);
	assertHtml(await z.b.submit(`/connections/${a.handle}/connect`, {}, { from: `/u/${a.handle}` }), 409);
	assertHtml(await a.b.submit(`/connections/${z.handle}/accept`, {}, { from: `/u/${z.handle}` }), 409);
	assertHtml(await a.b.submit('/connections/nosuchhandle_xyz/connect', {}, { from: `/u/${z.handle}` }), 404);
	assertHtml(await a.b.submit(`/connections/${a.handle}/connect`, {}, { from: `/u/${z.handle}` }), 404);
	assertHtml(await a.b.submit(`/connections/${z.handle}/frobnicate`, {}, { from: `/u/${z.handle}` }), 404);
	assert.doesNotMatch((await a.b.get(`/u/${a.handle}`)).text, /\/connect"/);
	// Declining deletes the request: it may be asked again.
	assert.equal((await z.b.submit(`/connections/${a.handle}/decline`, {}, { from: `/u/${a.handle}` })).status, 303);
	assert.equal((await a.b.submit(`/connections/${z.handle}/connect`, {}, { from: `/u/${z.handle}` })).status, 303);
	// A suspended member cannot be asked.
	const s = await person('Dr Suspended Soon');
	assert.equal((await srv.cli(['user', 'suspend', s.email])).code, 0);
	assertHtml(await a.b.submit(`/connections/${s.handle}/connect`, {}, { from: `/u/${z.handle}` }), 404);
	// Visitors: to sign in; without a CSRF token: 403.
	assert.equal((await srv.browser().get('/connections')).status, 303);
	assert.equal((await a.b.post(`/connections/${z.handle}/disconnect`, { form: {} })).status, 403);
});

test('the API: ask (201), list, accept (200), remove (204); bad input → 422/404/409', async () => {
	const a = await person('Api Asker');
	const z = await person('Api Answerer');
	const r = await api(a, 'POST', '/connections', { handle: z.handle });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json().state, 'requested');
	assertJsonError(await api(a, 'POST', '/connections', { handle: z.handle }), 409, 'conflict');
	assertJsonError(await api(a, 'POST', '/connections', {}), 422, 'invalid', 'handle');
	assertJsonError(await api(a, 'POST', '/connections', { handle: 'nobody_here_zz' }), 404);
	assertJsonError(await api(a, 'POST', '/connections', { handle: a.handle }), 404);
	const lz = (await api(z, 'GET', '/connections')).json();
	assert.ok(lz.incoming.some((m) => m.handle === a.handle));
	assert.equal(lz.connections.length, 0);
	assert.ok((await api(a, 'GET', '/connections')).json().outgoing.some((m) => m.handle === z.handle));
	assertJsonError(await api(z, 'POST', `/connections/${a.handle}`, { decision: 'maybe' }), 422, 'invalid', 'decision');
	const ok = await api(z, 'POST', `/connections/${a.handle}`, { decision: 'accept' });
	assert.equal(ok.status, 200, ok.text);
	assert.equal(ok.json().state, 'connected');
	assert.ok((await api(a, 'GET', '/connections')).json().connections.some((m) => m.handle === z.handle));
	assert.equal((await api(a, 'DELETE', `/connections/${z.handle}`)).status, 204);
	assertJsonError(await api(a, 'DELETE', `/connections/${z.handle}`), 409);
	assertJsonError(await srv.browser().get('/api/v1/connections'), 401);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
