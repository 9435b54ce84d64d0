// export.test.mjs: a member's data as one JSON file (issue 4):
// GET /settings/export (a download) and GET /api/v1/me/export hold the
// profile, verification applications, connections, the private
// messages and the forum posts the member wrote, only the member's own;
// visitors are sent to sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertJsonError } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

test('the export holds the profile, the applications and the connections, and nobody else\'s data', async () => {
	const m = await srv.newMember({ type: 'doctor', name: 'Dr Export Me' });
	const other = await srv.newMember({ name: 'Someone Connected' });
	const stranger = await srv.newMember({ name: 'A Stranger' });
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const { token: ot } = await srv.browser().apiSignIn(other.email, other.password);
	assert.equal((await b.submit('/settings', { name: m.name, country: 'GB', specialty: 'cardiology', grade: 'st4', bio: 'Exported bio, with "quotes".', timezone: 'Europe/London' })).status, 303);
	assert.equal((await srv.browser().post('/api/v1/verification', { bearer: token, json: { authority: 'gmc', number: '4455667', registered_name: 'Export Me' } })).status, 201);
	assert.equal((await srv.browser().post('/api/v1/connections', { bearer: ot, json: { handle: m.handle } })).status, 201);
	assert.equal((await srv.browser().post(`/api/v1/connections/${other.handle}`, { bearer: token, json: { decision: 'accept' } })).status, 200);

	const r = await b.get('/settings/export');
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
	assert.equal(r.headers.get('content-disposition'), `attachment; filename="rounds-${m.handle}.json"`);
	const j = r.json();
	assert.equal(j.format, 'rounds-export-1');
	assert.equal(j.profile.email, m.email);
	assert.equal(j.profile.handle, m.handle);
	assert.equal(j.profile.bio, 'Exported bio, with "quotes".');
	assert.equal(j.profile.specialty, 'cardiology');
	assert.equal(j.verification_applications.length, 1);
	assert.equal(j.verification_applications[0].number, '4455667');
	assert.equal(j.verification_applications[0].status, 'pending');
	assert.deepEqual(j.connections.connected.map((c) => c.handle), [other.handle]);
	assert.ok(!JSON.stringify(j).includes(stranger.email), 'nothing about other members beyond connections');
	assert.ok(!JSON.stringify(j).includes(other.email), 'not even a connection\'s email');
	assert.ok(!JSON.stringify(j).includes('argon2'), 'never the password hash');
	const api = await srv.browser().get('/api/v1/me/export', { bearer: token });
	assert.equal(api.status, 200);
	assert.equal(api.json().profile.email, m.email);
	assert.match((await b.get('/settings')).text, /href="\/settings\/export"/);
});

test('the export holds every private message the member wrote (over several pages), not what others wrote to them', async () => {
	const m = await srv.newMember({ name: 'Prolific Writer' });
	const other = await srv.newMember({ name: 'Their Correspondent' });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const { token: ot } = await srv.browser().apiSignIn(other.email, other.password);
	const post = (bearer, p, json) => srv.browser().post(`/api/v1${p}`, { bearer, json });
	const start = await post(token, '/conversations', { to: other.handle, subject: 'Many notes', body: 'note 0' });
	assert.equal(start.status, 201);
	const id = start.json().id;
	for (let i = 1; i < 55; i++) assert.equal((await post(token, `/conversations/${id}/messages`, { body: `note ${i}` })).status, 201);
	assert.equal((await post(ot, `/conversations/${id}/messages`, { body: 'a reply that is not theirs' })).status, 201);
	// 55 messages: two of the export's pages of 50, within the limit of 60 sends in 10 minutes.
	const j = (await srv.browser().get('/api/v1/me/export', { bearer: token })).json();
	assert.equal(j.messages.length, 55);
	assert.deepEqual(j.messages.map((x) => x.body), Array.from({ length: 55 }, (_, i) => `note ${i}`));
	assert.ok(j.messages.every((x) => x.conversation_id === id));
	assert.ok(!JSON.stringify(j).includes('a reply that is not theirs'));
});

test('visitors: the page sends them to sign in, the API answers 401', async () => {
	const r = await srv.browser().get('/settings/export');
	assert.equal(r.status, 303);
	assert.match(r.location, /^\/signin/);
	assertJsonError(await srv.browser().get('/api/v1/me/export'), 401);
});

test('the export holds every live forum post the member wrote, in every section, and nobody else\'s', async () => {
	const m = await srv.newMember({ type: 'doctor', verified: true, name: 'Dr Forum Exporter' });
	const o = await srv.newMember({ name: 'Dr Other Writer' });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const { token: ot } = await srv.browser().apiSignIn(o.email, o.password);
	const post = (tok, path, json) => srv.browser().post(`/api/v1${path}`, { bearer: tok, json });
	const closed = (await post(token, '/forums/psychiatry-doctors/topics', { title: 'Closed-forum question', body: 'My **first** post.' })).json();
	const open = (await post(ot, '/forums/travel/topics', { title: 'Someone else\'s topic', body: 'Not mine.' })).json();
	const mine = (await post(token, `/topics/${open.id}/posts`, { body: 'My reply in travel.' })).json();
	const gone = (await post(token, `/topics/${open.id}/posts`, { body: 'Deleted later.' })).json();
	assert.equal((await srv.browser().request('DELETE', `/api/v1/posts/${gone.id}`, { bearer: token })).status, 204);
	const ex = (await srv.browser().get('/api/v1/me/export', { bearer: token })).json();
	assert.deepEqual(ex.forum_posts.map((p) => p.id), [closed.posts[0].id, mine.id]);
	assert.equal(ex.forum_posts[0].topic, 'Closed-forum question');
	assert.equal(ex.forum_posts[0].body, 'My **first** post.');
	assert.equal(ex.forum_posts[1].body, 'My reply in travel.');
	assert.ok(!JSON.stringify(ex).includes('Not mine.'));
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
