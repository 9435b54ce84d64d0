// forum_matrix.test.mjs: the forums' access matrix over HTTP (issue 5):
// every kind of reader × open clinical, closed clinical and off duty ×
// every path that shows content (the forum page, the topic page, the
// post's permalink and picture-less history, the API's forum, topic and
// latest lists, the home page, /latest, /unread, profile activity and
// notifications), with the titles of what a reader may not see never in
// any answer.  The unit test test_policy.c holds the policy table to the
// same matrix; this one holds every path to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

const SECTIONS = { open: 'surgery', closed: 'surgery-doctors', off: 'book-club' };

// Who may read each section: R read, - not (404 or, for visitors, sign in).
// The editor here is an unverified doctor and the admin a health
// professional: staff read every forum they moderate.
const MATRIX = {
	visitor: { open: '-', closed: '-', off: '-' },
	student: { open: 'R', closed: '-', off: 'R' },
	hcp: { open: 'R', closed: '-', off: 'R' },
	doctor: { open: 'R', closed: '-', off: 'R' },
	verified: { open: 'R', closed: 'R', off: 'R' },
	champion: { open: 'R', closed: 'R', off: 'R' },
	editor: { open: 'R', closed: 'R', off: 'R' },
	admin: { open: 'R', closed: 'R', off: 'R' },
};

async function reader(kind) {
	if (kind === 'visitor') return { kind, b: srv.browser(), token: null };
	const opts = {
		student: { type: 'student' },
		hcp: { type: 'hcp' },
		doctor: { type: 'doctor' },
		verified: { type: 'doctor', verified: true },
		champion: { type: 'doctor', verified: true },
		editor: { type: 'doctor', verified: false },
		admin: { type: 'hcp' },
	}[kind];
	const m = await srv.newMember({ name: `Matrix ${kind}`, ...opts });
	if (kind === 'champion') assert.equal((await srv.cli(['user', 'role', m.email, '+champion:book-club'])).code, 0);
	if (kind === 'editor') assert.equal((await srv.cli(['user', 'role', m.email, '+editor'])).code, 0);
	if (kind === 'admin') assert.equal((await srv.cli(['user', 'role', m.email, '+admin'])).code, 0);
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { kind, ...m, b, token };
}

test('every reader × every section × every path: exactly what the matrix allows, and no title leaks', async () => {
	const readers = {};
	for (const kind of Object.keys(MATRIX)) readers[kind] = await reader(kind);
	const author = await srv.newMember({ name: 'Matrix Author', type: 'doctor', verified: true });
	const { token: at } = await srv.browser().apiSignIn(author.email, author.password);
	const mentions = Object.values(readers).filter((r) => r.handle).map((r) => `@${r.handle}`).join(' ');
	const topics = {};
	for (const [sec, slug] of Object.entries(SECTIONS)) {
		const title = `Matrix ${sec} topic ${Date.now()}`;
		const r = await srv.browser().post(`/api/v1/forums/${slug}/topics`, { bearer: at, json: { title, body: `For ${mentions}` } });
		assert.equal(r.status, 201, r.text);
		topics[sec] = { id: r.json().id, post: r.json().posts[0].id, title, slug };
	}
	const failures = [];
	const expect = (cond, what) => {
		if (!cond) failures.push(what);
	};
	for (const [kind, rd] of Object.entries(readers)) {
		const api = (p) => srv.browser().get(`/api/v1${p}`, rd.token ? { bearer: rd.token } : {});
		const lists = [
			await rd.b.get('/'),
			await rd.b.get('/latest'),
			await rd.b.get('/unread'),
			await rd.b.get(`/u/${author.handle}`),
			await rd.b.get('/notifications'),
			await rd.b.get('/forums'),
			await api('/latest'),
			await api('/notifications'),
			await api('/forums'),
		];
		for (const [sec, t] of Object.entries(topics)) {
			const may = MATRIX[kind][sec] === 'R';
			const where = `${kind} × ${sec}`;
			const fp = await rd.b.get(`/f/${t.slug}`);
			const tp = await rd.b.get(`/t/${t.id}`);
			const pp = await rd.b.get(`/p/${t.post}`);
			const hp = await rd.b.get(`/p/${t.post}/history`);
			const at2 = await api(`/topics/${t.id}`);
			const ft = await api(`/forums/${t.slug}/topics`);
			if (may) {
				expect(fp.status === 200 && fp.text.includes(t.title), `${where}: forum page lists it`);
				expect(tp.status === 200 && tp.text.includes(t.title), `${where}: topic page`);
				expect(pp.status === 303, `${where}: permalink`);
				expect(hp.status === 200, `${where}: history`);
				expect(at2.status === 200 && at2.json().title === t.title, `${where}: API topic`);
				expect(ft.status === 200 && ft.json().topics.some((x) => x.id === t.id), `${where}: API forum topics`);
				expect(lists[1].text.includes(t.title), `${where}: /latest lists it`);
				expect(lists[3].text.includes(t.title), `${where}: profile activity lists it`);
				expect(lists[6].json().topics.some((x) => x.id === t.id), `${where}: API latest`);
				expect(lists[7].json().notifications.some((n) => n.topic_id === t.id && n.kind === 'mention'), `${where}: mention notification`);
			} else {
				const gone = (r) => r.status === 404 || (kind === 'visitor' && r.status === 303);
				const goneApi = (r) => r.status === 404 || (kind === 'visitor' && r.status === 401);
				// A closed forum's own page may tell an unverified doctor how to get in.
				expect(gone(fp) || (kind === 'doctor' && sec === 'closed' && fp.status === 403), `${where}: forum page ${fp.status}`);
				for (const [name, r] of [['topic page', tp], ['permalink', pp], ['history', hp]]) expect(gone(r), `${where}: ${name} ${r.status}`);
				expect(goneApi(at2), `${where}: API topic ${at2.status}`);
				expect(goneApi(ft) || (kind === 'doctor' && sec === 'closed' && ft.status === 403), `${where}: API forum topics ${ft.status}`);
				for (const r of [fp, tp, pp, hp, at2, ft, ...lists])
					expect(!r.text.includes(t.title), `${where}: the title leaks (${r.status})`);
			}
		}
	}
	// Posting: members in open clinical and off duty, verified doctors in
	// closed; staff who are not verified doctors read closed forums but do
	// not post there.
	const POST = {
		visitor: { open: 401, closed: 401, off: 401 },
		student: { open: 201, closed: 404, off: 201 },
		hcp: { open: 201, closed: 404, off: 201 },
		doctor: { open: 201, closed: 404, off: 201 },
		verified: { open: 201, closed: 201, off: 201 },
		champion: { open: 201, closed: 201, off: 201 },
		editor: { open: 201, closed: 404, off: 201 },
		admin: { open: 201, closed: 404, off: 201 },
	};
	for (const [kind, rd] of Object.entries(readers))
		for (const [sec, t] of Object.entries(topics)) {
			const r = await srv.browser().post(`/api/v1/topics/${t.id}/posts`, rd.token ? { bearer: rd.token, json: { body: `reply by ${kind}` } } : { json: { body: 'x' } });
			expect(r.status === POST[kind][sec], `${kind} × ${sec}: reply answered ${r.status}, expected ${POST[kind][sec]}`);
		}
	assert.deepEqual(failures, []);
});

test('a deleted topic is gone for everyone, its author and the editors included', async () => {
	const a = await srv.newMember({ name: 'Deleting Author' });
	const e = await srv.newMember({ name: 'Deleted Topic Editor' });
	assert.equal((await srv.cli(['user', 'role', e.email, '+editor'])).code, 0);
	const { token } = await srv.browser().apiSignIn(a.email, a.password);
	const { token: et } = await srv.browser().apiSignIn(e.email, e.password);
	const t = (await srv.browser().post('/api/v1/forums/travel/topics', { bearer: token, json: { title: 'Soon deleted', body: 'x' } })).json();
	assert.equal((await srv.browser().request('DELETE', `/api/v1/posts/${t.posts[0].id}`, { bearer: token })).status, 204);
	for (const tok of [token, et]) {
		assert.equal((await srv.browser().get(`/api/v1/topics/${t.id}`, { bearer: tok })).status, 404);
		assert.equal((await srv.browser().post(`/api/v1/topics/${t.id}/posts`, { bearer: tok, json: { body: 'y' } })).status, 404);
		assert.ok(!(await srv.browser().get('/api/v1/latest', { bearer: tok })).text.includes('Soon deleted'));
	}
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
