// forum_matrix.test.mjs: the forums' access matrix over HTTP (issue 5):
// every kind of reader × open clinical, closed clinical and off duty ×
// every path that shows content (the forum page, the topic page, the
// post's permalink and picture-less history, the API's forum, topic and
// latest lists, the home page, /latest, /unread, profile activity and
// notifications), with the titles of what a reader may not see never in
// any answer; and the same for a private group (its member, a member of
// another group, one invited who has not accepted, one removed, one who
// left, an editor, a visitor; while it is open, suspended and open again).
// The unit test test_policy.c holds the policy table to the same matrix;
// this one holds every path to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, textOf } from './lib.mjs';

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

/* ---- private groups ---------------------------------------------------- */

// A group's content is its members' alone: every reader kind × every path
// that shows a group topic, with its title in no answer for anyone else
// (and in no cross-forum list for anyone at all), its @mentions reaching
// members only, and a suspended group closed to its members too (told so
// on the group's own addresses, 404 on its content).
const gapi = (who, method, p, json) =>
	srv.browser().request(method, `/api/v1${p}`, who?.token ? { bearer: who.token, json } : { json });

async function groupReader(name, opts = {}) {
	const m = await srv.newMember({ name, ...opts });
	const b = srv.browser();
	await b.signIn(m.email, m.password);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { ...m, b, token };
}

/** OWNER requests a group named NAME and EDITOR approves it: its slug. */
async function approvedGroup(owner, editor, name) {
	const r = await gapi(owner, 'POST', '/groups', { name, purpose: `The matrix's ${name}.` });
	assert.equal(r.status, 201, r.text);
	const d = await gapi(editor, 'POST', `/editor/groups/${r.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	return { id: r.json().id, slug: r.json().slug };
}

async function joinGroup(owner, slug, who) {
	const iv = await gapi(owner, 'POST', `/groups/${slug}/invitations`, { handle: who.handle });
	assert.equal(iv.status, 201, iv.text);
	const a = await gapi(who, 'POST', `/invitations/${iv.json().id}`, { decision: 'accept' });
	assert.equal(a.status, 200, a.text);
}

test('a private group × every kind of reader × every path: members only, suspended closes it, no title leaks anywhere', async () => {
	const editor = await groupReader('Group Matrix Editor', { verified: true });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
	const owner = await groupReader('Group Matrix Owner', { verified: true });
	const R = {
		member: await groupReader('Group Matrix Member'),
		otherGroup: await groupReader('Group Matrix Other-Group'),
		invited: await groupReader('Group Matrix Invited'),
		removed: await groupReader('Group Matrix Removed'),
		left: await groupReader('Group Matrix Left'),
		editor,
		visitor: { b: srv.browser(), token: null },
	};
	const A = await approvedGroup(owner, editor, 'Matrix Group A');
	const B = await approvedGroup(R.otherGroup, editor, 'Matrix Group B');
	for (const k of ['member', 'removed', 'left']) await joinGroup(owner, A.slug, R[k]);
	assert.equal((await gapi(owner, 'POST', `/groups/${A.slug}/invitations`, { handle: R.invited.handle })).status, 201);
	const bTitle = `Group B topic ${Date.now()}`;
	const bt = await gapi(R.otherGroup, 'POST', `/groups/${B.slug}/topics`, { title: bTitle, body: 'Only for B.' });
	assert.equal(bt.status, 201, bt.text);
	// The topic in A mentions every reader; those soon out of it reply (so
	// they watch it), then are removed or leave; a later reply follows.
	const title = `Group A topic ${Date.now()}`;
	const mentions = Object.values(R).filter((r) => r.handle).map((r) => `@${r.handle}`).join(' ');
	const t = await gapi(owner, 'POST', `/groups/${A.slug}/topics`, { title, body: `For ${mentions}` });
	assert.equal(t.status, 201, t.text);
	const tid = t.json().id;
	const pid = t.json().posts[0].id;
	for (const k of ['member', 'removed', 'left'])
		assert.equal((await gapi(R[k], 'POST', `/topics/${tid}/posts`, { body: `Reply by ${k}` })).status, 201);
	assert.equal((await gapi(owner, 'DELETE', `/groups/${A.slug}/members/${R.removed.handle}`)).status, 204);
	assert.equal((await gapi(R.left, 'DELETE', `/groups/${A.slug}/members/${R.left.handle}`)).status, 204);
	assert.equal((await gapi(owner, 'POST', `/topics/${tid}/posts`, { body: 'A later reply, to the watchers.' })).status, 201);

	const failures = [];
	const expect = (cond, what) => {
		if (!cond) failures.push(what);
	};
	const all = { owner, ...R };
	// Who is in A: the owner and the member; everyone else is out.
	const IN = new Set(['owner', 'member']);

	/** Every path to A's content, as WHO: [[name, response, kind]] (kind: page, permalink, api, post). */
	async function paths(who) {
		const api = (p) => gapi(who, 'GET', p);
		return [
			['group page', await who.b.get(`/g/${A.slug}`), 'grouppage'],
			['members page', await who.b.get(`/g/${A.slug}/members`), 'grouppage'],
			['new topic form', await who.b.get(`/g/${A.slug}/new`), 'grouppage'],
			['topic page', await who.b.get(`/t/${tid}`), 'page'],
			['permalink', await who.b.get(`/p/${pid}`), 'permalink'],
			['history', await who.b.get(`/p/${pid}/history`), 'page'],
			['API group', await api(`/groups/${A.slug}`), 'groupapi'],
			['API group topics', await api(`/groups/${A.slug}/topics`), 'groupapi'],
			['API topic', await api(`/topics/${tid}`), 'api'],
			['API reply', await gapi(who, 'POST', `/topics/${tid}/posts`, { body: 'Matrix reply.' }), 'post'],
		];
	}
	/** The forums' own addresses with A's slug: never a way into a group, for anyone. */
	async function forumPaths(who) {
		return [
			['forum page', await who.b.get(`/f/${A.slug}`)],
			['forum new topic form', await who.b.get(`/f/${A.slug}/new`)],
			['API forum topics', await gapi(who, 'GET', `/forums/${A.slug}/topics`)],
			['API forum topic create', await gapi(who, 'POST', `/forums/${A.slug}/topics`, { title: 'Through the side door', body: 'x' })],
		];
	}
	const visitorGone = (r, kind) =>
		kind === 'grouppage' || kind === 'page' || kind === 'permalink' ? r.status === 404 || (r.status === 303 && /^\/signin/.test(r.location ?? '')) : r.status === 404 || r.status === 401;

	for (const [kind, who] of Object.entries(all)) {
		const may = IN.has(kind);
		for (const [name, r, k] of await paths(who)) {
			const where = `${kind} × ${name}`;
			if (may) {
				const want = k === 'permalink' ? 303 : k === 'post' ? 201 : 200;
				expect(r.status === want, `${where}: ${r.status}, expected ${want}`);
				if (k === 'permalink') expect(r.location === `/t/${tid}?page=1#p${pid}`, `${where}: to ${r.location}`);
				if (name === 'topic page' || name === 'group page') expect(r.text.includes(title), `${where}: shows the title`);
				if (name === 'API group topics') expect(r.json().topics.some((x) => x.id === tid), `${where}: lists the topic`);
			} else {
				expect(kind === 'visitor' ? visitorGone(r, k) : r.status === 404, `${where}: ${r.status}`);
				expect(!r.text.includes(title) && !r.text.includes('Matrix Group A'), `${where}: the group or its title leaks (${r.status})`);
			}
		}
		for (const [name, r] of await forumPaths(who))
			expect(r.status === 404 || (kind === 'visitor' && (r.status === 303 || r.status === 401)), `${kind} × ${name}: ${r.status}`);
		// Lists across forums show a group's topic to nobody, its members included.
		const lists = [
			['/', await who.b.get('/')],
			['/latest', await who.b.get('/latest')],
			['/unread', await who.b.get('/unread')],
			['/forums', await who.b.get('/forums')],
			[`/u/${owner.handle}`, await who.b.get(`/u/${owner.handle}`)],
			[`/u/${R.member.handle}`, await who.b.get(`/u/${R.member.handle}`)],
			['API latest', await gapi(who, 'GET', '/latest')],
			['API unread', await gapi(who, 'GET', '/latest?unread=1')],
			['API forums', await gapi(who, 'GET', '/forums')],
		];
		for (const [name, r] of lists) {
			expect(!r.text.includes(title), `${kind} × ${name}: the group topic's title is listed (${r.status})`);
			expect(!r.text.includes(bTitle), `${kind} × ${name}: group B's title is listed (${r.status})`);
			expect(!r.text.includes(`/g/${A.slug}"`), `${kind} × ${name}: links to the group`);
		}
		if (who.token) {
			const latest = (await gapi(who, 'GET', '/latest')).json().topics;
			expect(!latest.some((x) => x.id === tid || x.section === 'group'), `${kind}: API latest has a group topic`);
			expect(!(await gapi(who, 'GET', '/forums')).json().forums.some((f) => f.section === 'group'), `${kind}: API forums lists a group`);
			// Notifications: members hear of mentions and replies; nobody else
			// sees a word, nor a count.
			const n = (await gapi(who, 'GET', '/notifications')).json();
			const page = await who.b.get('/notifications');
			const ofA = n.notifications.filter((x) => x.topic_id === tid);
			if (kind === 'member') {
				expect(ofA.some((x) => x.kind === 'mention'), `member: no mention notification`);
				expect(n.unread > 0, 'member: nothing unread');
				expect(page.text.includes(title), 'member: the notifications page does not show it');
			} else if (kind !== 'owner') {
				expect(ofA.length === 0, `${kind}: notified of the group topic: ${JSON.stringify(ofA)}`);
				expect(n.unread === 0, `${kind}: ${n.unread} unread notifications`);
				expect(!page.text.includes(title), `${kind}: the notifications page shows the title`);
				expect(!/href="\/notifications">Notifications <span class="count">/.test(lists[0][1].text), `${kind}: the navigation counts notifications`);
			}
		}
		// Group B is its own members' only: A's member sees none of it.
		if (kind === 'member') {
			expect((await gapi(who, 'GET', `/topics/${bt.json().id}`)).status === 404, 'A member reads a topic of B');
			expect((await gapi(who, 'GET', `/groups/${B.slug}/topics`)).status === 404, 'A member lists B');
		}
	}
	// The editors' list: name, owner and count, nothing of what is inside.
	const el = await gapi(editor, 'GET', '/editor/groups');
	const row = el.json().groups.find((g) => g.id === A.id);
	expect(row && row.name === 'Matrix Group A' && row.owner.handle === owner.handle && row.member_count === 2, `editors' list: ${JSON.stringify(row)}`);
	expect(!el.text.includes(title), "the editors' list shows the topic title");
	const ep = await editor.b.get('/editor/groups');
	expect(ep.status === 200 && ep.text.includes('Matrix Group A') && !ep.text.includes(title), "the editors' page");
	assert.deepEqual(failures, [], 'while A is active');

	// Suspended: its members are told so on the group's addresses, its
	// content is 404 to them; nobody else learns a thing.
	const s = await gapi(editor, 'POST', `/editor/groups/${A.id}`, { decision: 'suspend', reason: 'A complaint' });
	assert.equal(s.status, 200, s.text);
	assert.equal(s.json().status, 'suspended');
	assert.equal((await gapi(editor, 'POST', `/editor/groups/${A.id}`, { decision: 'suspend' })).status, 409);
	for (const [kind, who] of Object.entries(all))
		for (const [name, r, k] of await paths(who)) {
			const where = `suspended: ${kind} × ${name}`;
			expect(!r.text.includes(title), `${where}: the title leaks (${r.status})`);
			if (kind === 'visitor') expect(visitorGone(r, k), `${where}: ${r.status}`);
			else if (IN.has(kind) && (k === 'grouppage' || k === 'groupapi')) {
				expect(r.status === 403, `${where}: ${r.status}, expected 403`);
				if (k === 'groupapi') expect(r.status === 403 && r.json().error?.code === 'group_suspended', `${where}: ${r.text.slice(0, 200)}`);
				else expect(/suspended/.test(textOf(r.text)), `${where}: does not say it is suspended`);
			} else expect(r.status === 404, `${where}: ${r.status}, expected 404`);
		}
	// Its owner can do nothing in it meanwhile; invitations cannot be accepted.
	expect((await gapi(owner, 'POST', `/groups/${A.slug}/invitations`, { handle: R.otherGroup.handle })).status === 403, 'suspended: the owner invites');
	expect((await gapi(owner, 'PATCH', `/groups/${A.slug}`, { status: 'archived' })).status === 403, 'suspended: the owner archives');
	const iv = (await gapi(R.invited, 'GET', '/groups')).json().invitations;
	expect(!iv.some((x) => x.group.slug === A.slug), 'suspended: the invitation is still offered');
	assert.deepEqual(failures, [], 'while A is suspended');

	// Lifting the suspension restores its members, and only them.
	const u = await gapi(editor, 'POST', `/editor/groups/${A.id}`, { decision: 'unsuspend' });
	assert.equal(u.status, 200, u.text);
	assert.equal(u.json().status, 'active');
	assert.equal((await gapi(editor, 'POST', `/editor/groups/${A.id}`, { decision: 'unsuspend' })).status, 409);
	for (const [kind, who] of Object.entries(all))
		for (const [name, r, k] of await paths(who)) {
			const where = `unsuspended: ${kind} × ${name}`;
			if (IN.has(kind)) expect(r.status === (k === 'permalink' ? 303 : k === 'post' ? 201 : 200), `${where}: ${r.status}`);
			else expect(kind === 'visitor' ? visitorGone(r, k) : r.status === 404, `${where}: ${r.status}`);
		}
	assert.deepEqual(failures, [], 'once A is active again');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
