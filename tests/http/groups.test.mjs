// groups.test.mjs: private groups (DESIGN.md, "Groups") against the running
// server: a member requests one, an editor approves or declines it (the
// requester emailed either way, a decision taken once), the owner invites
// by handle or by email (the email carries the group's name and a link,
// never what is written in it), invitees accept, read and post; every bad
// invitation or membership change is refused with a clear 4xx and changes
// nothing; co-owners, hand-over, leaving, archiving; @mentions reach
// members only, and a removed member hears nothing more of the group; a
// flagged group post reaches the editors' queue although they cannot open
// the group; every other way at a group post (likes, polls, edits,
// moderation, pictures, quotes, exports) is its members'; the
// confidentiality guard in clinical groups; and the pages (/groups,
// /groups/new, /g/SLUG/members, /editor/groups) with their forms.  The
// access matrix of a group's content over every path is in
// forum_matrix.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, assertFieldError, field, registerConfirmed, textOf } from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await person('Edna Groups-Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/** Requests a group as OWNER and has the editor approve it: the group as its owner sees it. */
async function newGroup(owner, name, extra = {}) {
	const r = await api(owner, 'POST', '/groups', { name, purpose: `A private place for ${name}.`, ...extra });
	assert.equal(r.status, 201, r.text);
	const d = await api(editor, 'POST', `/editor/groups/${r.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	const g = await api(owner, 'GET', `/groups/${r.json().slug}`);
	assert.equal(g.status, 200, g.text);
	return g.json();
}

/** Invites WHO ({handle} or {email}) to group SLUG as INVITER; asserts 201; the invitation. */
async function invite(inviter, slug, who) {
	const r = await api(inviter, 'POST', `/groups/${slug}/invitations`, who);
	assert.equal(r.status, 201, r.text);
	return r.json();
}

/** The pending invitation to group SLUG on MEMBER's GET /api/v1/groups, or undefined. */
async function invitationTo(member, slug) {
	const r = await api(member, 'GET', '/groups');
	assert.equal(r.status, 200, r.text);
	return r.json().invitations.find((i) => i.group.slug === slug);
}

/** Invites MEMBER to group SLUG and has them accept. */
async function join(owner, slug, member) {
	const iv = await invite(owner, slug, { handle: member.handle });
	const r = await api(member, 'POST', `/invitations/${iv.id}`, { decision: 'accept' });
	assert.equal(r.status, 200, r.text);
	return r.json();
}

/** The member handles of group SLUG by role, as MEMBER sees them. */
async function roles(member, slug) {
	const r = await api(member, 'GET', `/groups/${slug}`);
	assert.equal(r.status, 200, r.text);
	return Object.fromEntries(r.json().members.map((m) => [m.handle, m.role]));
}

/** The editors' view of group ID. */
async function editorsView(id) {
	const r = await api(editor, 'GET', '/editor/groups');
	assert.equal(r.status, 200, r.text);
	return r.json().groups.find((g) => g.id === id);
}

test('a member requests a group; the editors see name, owner, count and status (and a request\'s purpose) and approve it', async () => {
	const m = await person('Dr Rhea Requester');
	const r = await api(m, 'POST', '/groups', {
		name: 'North West Anaesthesia Registrars',
		purpose: 'Rota swaps, teaching and exam preparation for the rotation.',
		audience: 'Registrars on the North West anaesthesia rotation',
		clinical: true,
	});
	assert.equal(r.status, 201, r.text);
	const g = r.json();
	assert.equal(g.status, 'pending');
	assert.equal(g.slug, 'north-west-anaesthesia-registrars', 'the slug comes from the name');
	assert.equal(g.name, 'North West Anaesthesia Registrars');
	assert.equal(g.clinical, true);
	assert.equal(g.member_count, 0, 'nobody is in a group before it is approved');
	// A group cannot take a forum's address.
	const named = await api(m, 'POST', '/groups', { name: 'Surgery', purpose: 'A group named like a forum.' });
	assert.equal(named.status, 201, named.text);
	assert.notEqual(named.json().slug, 'surgery');
	assert.equal((await api(m, 'GET', '/forums/surgery/topics')).status, 200, 'the forum keeps its address');
	// The same name again (another member) gets another address.
	const other = await person('Dr Otto Same-Name');
	const r2 = await api(other, 'POST', '/groups', { name: 'North West Anaesthesia Registrars', purpose: 'Another group with the same name.' });
	assert.equal(r2.status, 201, r2.text);
	assert.notEqual(r2.json().slug, g.slug);
	assert.match(r2.json().slug, /^north-west-anaesthesia-registrars-\d+$/);
	// The requester sees it among their requests, not their groups; it is not open yet.
	const mine = (await api(m, 'GET', '/groups')).json();
	assert.deepEqual(mine.groups, []);
	assert.deepEqual(mine.requests.map((x) => [x.slug, x.status]).sort(), [[g.slug, 'pending'], [named.json().slug, 'pending']].sort());
	assertJsonError(await api(m, 'GET', `/groups/${g.slug}`), 404, 'not_found');
	assertJsonError(await api(m, 'POST', `/groups/${g.slug}/topics`, { title: 'Too early', body: 'x' }), 404, 'not_found');
	// The editors' list: a pending request shows its purpose to decide on.
	const listed = (await api(editor, 'GET', '/editor/groups?status=pending')).json().groups;
	const p = listed.find((x) => x.id === g.id);
	assert.ok(p, 'the request is in the pending list');
	assert.equal(p.name, 'North West Anaesthesia Registrars');
	assert.equal(p.status, 'pending');
	assert.equal(p.member_count, 0);
	assert.equal(p.purpose, 'Rota swaps, teaching and exam preparation for the rotation.');
	assert.equal(p.requester.handle, m.handle);
	assert.ok('owner' in p);
	assertJsonError(await api(editor, 'GET', '/editor/groups?status=nonsense'), 422, 'invalid', 'status');
	// Nobody but editors has the list or decides.
	assertJsonError(await api(m, 'GET', '/editor/groups'), 404, 'not_found');
	assertJsonError(await api(m, 'POST', `/editor/groups/${g.id}`, { decision: 'approve' }), 404, 'not_found');
	assertJsonError(await api(null, 'GET', '/editor/groups'), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'maybe' }), 422, 'invalid', 'decision');
	assertJsonError(await api(editor, 'POST', '/editor/groups/99999999', { decision: 'approve' }), 404, 'not_found');
	assert.equal((await editorsView(g.id)).status, 'pending', 'nothing changed');
	// Approve: the requester owns it and is emailed a link to it.
	const d = await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	assert.equal(d.json().status, 'active');
	assert.equal(d.json().member_count, 1);
	assert.equal(d.json().owner.handle, m.handle);
	const mail = await srv.latestMail(m.email);
	assert.match(mail.headers.subject, /approved/i);
	assert.match(mail.body, /North West Anaesthesia Registrars/);
	assert.ok(mail.body.includes(`${srv.base}/g/${g.slug}`), `a link to the group in:\n${mail.body}`);
	const own = (await api(m, 'GET', `/groups/${g.slug}`)).json();
	assert.equal(own.role, 'owner');
	assert.equal(own.status, 'active');
	assert.deepEqual(own.members.map((x) => [x.handle, x.role]), [[m.handle, 'owner']]);
	const mine2 = (await api(m, 'GET', '/groups')).json();
	assert.deepEqual(mine2.groups.map((x) => x.slug), [g.slug]);
	assert.deepEqual(mine2.requests.map((x) => x.slug), [named.json().slug]);
	// Once active, the editors see its name, owner and count, not what it is for.
	const seen = await editorsView(g.id);
	assert.equal(seen.status, 'active');
	assert.equal(seen.owner.handle, m.handle);
	assert.equal(seen.member_count, 1);
	assert.ok(!('purpose' in seen) && !('slug' in seen), `an open group shows the editors no more: ${JSON.stringify(seen)}`);
	// Deciding twice: 409, whatever the decision.
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'approve' }), 409, 'wrong_state');
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'decline', reason: 'Changed my mind' }), 409, 'wrong_state');
	assert.equal((await editorsView(g.id)).status, 'active');
});

test('a request whose member has deleted their account is not approved into a group owned by nobody', async () => {
	const m = await person('Dr Gone Requester');
	const g = (await api(m, 'POST', '/groups', { name: 'Orphaned Request', purpose: 'Requested, then the account went.' })).json();
	assert.equal((await api(m, 'DELETE', '/me', { password: m.password })).status, 204);
	const d = await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'approve' });
	assert.ok(d.status === 404 || d.status === 409, `approving a deleted member's request answered ${d.status}: ${d.text}`);
	const seen = await editorsView(g.id);
	assert.ok(!seen || seen.status !== 'active', `the group is ${seen?.status}, owned by ${JSON.stringify(seen?.owner)}`);
});

test('bad requests are refused naming the field, nothing is requested; six requests a day is too many', async () => {
	const m = await person('Dr Bad Requester');
	const bad = [
		[{ name: '', purpose: 'A perfectly good purpose.' }, 'name'],
		[{ name: '   ', purpose: 'A perfectly good purpose.' }, 'name'],
		[{ name: 'x'.repeat(101), purpose: 'A perfectly good purpose.' }, 'name'],
		[{ name: 'Bell\u0007group', purpose: 'A perfectly good purpose.' }, 'name'],
		[{ name: 'No purpose' }, 'purpose'],
		[{ name: 'Short purpose', purpose: 'short' }, 'purpose'],
		[{ name: 'Long purpose', purpose: 'p'.repeat(4001) }, 'purpose'],
		[{ name: 7, purpose: 'A perfectly good purpose.' }, 'name'],
	];
	for (const [body, fieldName] of bad) assertJsonError(await api(m, 'POST', '/groups', body), 422, 'invalid', fieldName);
	assertJsonError(await api(null, 'POST', '/groups', { name: 'Visitor group', purpose: 'Visitors cannot ask.' }), 401, 'unauthenticated');
	assert.deepEqual((await api(m, 'GET', '/groups')).json().requests, [], 'nothing was requested');
	assert.ok(!(await api(editor, 'GET', '/editor/groups?status=pending')).json().groups.some((g) => g.requester.handle === m.handle));
	for (let i = 1; i <= 5; i++) assert.equal((await api(m, 'POST', '/groups', { name: `Request ${i}`, purpose: 'One of many requests.' })).status, 201);
	const r = await api(m, 'POST', '/groups', { name: 'Request 6', purpose: 'One request too many.' });
	assert.equal(r.status, 429, r.text);
	assert.ok(Number(r.headers.get('retry-after')) > 0);
	assert.equal((await api(m, 'GET', '/groups')).json().requests.length, 5);
});

test('declining needs a reason, which the requester is emailed; a declined request stays declined', async () => {
	const m = await person('Dr Dee Declined');
	const g = (await api(m, 'POST', '/groups', { name: 'Golf Society', purpose: 'Golf on Wednesday afternoons.' })).json();
	const mailsBefore = (await srv.mailsFor(m.email)).length;
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'decline' }), 422, 'invalid', 'reason');
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'decline', reason: '   ' }), 422, 'invalid', 'reason');
	assert.equal((await editorsView(g.id)).status, 'pending', 'nothing decided');
	assert.equal((await srv.mailsFor(m.email)).length, mailsBefore, 'nobody emailed');
	const reason = 'The off-duty golf forum is the place for this.';
	const d = await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'decline', reason });
	assert.equal(d.status, 200, d.text);
	assert.equal(d.json().status, 'declined');
	const mail = await srv.latestMail(m.email, { count: mailsBefore + 1 });
	assert.match(mail.body, /Golf Society/);
	assert.ok(mail.body.includes(reason), `the reason in:\n${mail.body}`);
	const req = (await api(m, 'GET', '/groups')).json().requests.find((x) => x.id === g.id);
	assert.equal(req.status, 'declined');
	assert.equal(req.reason, reason);
	assertJsonError(await api(m, 'GET', `/groups/${g.slug}`), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'approve' }), 409, 'wrong_state');
	assertJsonError(await api(editor, 'POST', `/editor/groups/${g.id}`, { decision: 'decline', reason: 'again' }), 409, 'wrong_state');
	assert.equal((await editorsView(g.id)).status, 'declined');
	assert.equal((await srv.mailsFor(m.email)).length, mailsBefore + 1, 'one decision, one email');
});

test('invitations by handle and by email; a newcomer registers with the address, accepts, reads and posts', async () => {
	const owner = await person('Dr Olive Owner');
	const g = await newGroup(owner, 'Paediatric Oncology Journal Club');
	const secretTitle = 'Relapsed neuroblastoma case ' + Date.now();
	const secretBody = 'Our patient on ward 7 relapsed after the second cycle.';
	const t = await api(owner, 'POST', `/groups/${g.slug}/topics`, { title: secretTitle, body: secretBody });
	assert.equal(t.status, 201, t.text);
	assert.equal(t.json().section, 'group');
	// By handle: a member.
	const m1 = await person('Dr Hana Handle');
	// Invitations are in the daily digest by default: this member wants them at once.
	assert.equal((await api(m1, 'PATCH', '/settings/email', { modes: { invitation: 'immediate' } })).status, 200);
	const iv = await invite(owner, g.slug, { handle: m1.handle });
	assert.equal(iv.status, 'pending');
	assert.equal(iv.member, m1.handle);
	assert.equal(iv.group.slug, g.slug);
	const m1mail = await srv.latestMail(m1.email);
	assert.match(m1mail.body, /Paediatric Oncology Journal Club/);
	assert.ok(m1mail.body.includes(`${srv.base}/groups`), m1mail.body);
	// By email: an address no member has.  The email names the group and
	// links to it, and carries nothing written in it.
	const addr = `newcomer${Date.now()}@example.org`;
	const ev = await invite(owner, g.slug, { email: addr });
	assert.equal(ev.email, addr);
	assert.equal(ev.member, '');
	const emailed = await srv.latestMail(addr);
	assert.match(emailed.body, /Paediatric Oncology Journal Club/);
	assert.match(emailed.body, new RegExp(`${srv.base}/groups\\b`));
	for (const text of [secretTitle, secretBody, 'neuroblastoma', 'ward 7'])
		for (const m of [emailed, m1mail]) assert.ok(!m.body.includes(text) && !m.raw.includes(text), `the invitation email carries "${text}"`);
	// Inviting either again: 409, and still two invitations.
	assertJsonError(await api(owner, 'POST', `/groups/${g.slug}/invitations`, { handle: m1.handle }), 409, 'already_invited');
	assertJsonError(await api(owner, 'POST', `/groups/${g.slug}/invitations`, { handle: `@${m1.handle}` }), 409, 'already_invited');
	assertJsonError(await api(owner, 'POST', `/groups/${g.slug}/invitations`, { email: addr.toUpperCase() }), 409, 'already_invited');
	const pending = (await api(owner, 'GET', `/groups/${g.slug}/invitations`)).json().invitations;
	assert.equal(pending.length, 2);
	// Before accepting, the invitee sees the invitation and nothing inside.
	const seen = await invitationTo(m1, g.slug);
	assert.ok(seen, 'the invitation is on their list');
	assert.equal(seen.id, iv.id);
	assert.equal(seen.inviter.handle, owner.handle);
	assertJsonError(await api(m1, 'GET', `/groups/${g.slug}/topics`), 404, 'not_found');
	assertJsonError(await api(m1, 'GET', `/topics/${t.json().id}`), 404, 'not_found');
	// Accepting: a member, who reads and posts.
	const acc = await api(m1, 'POST', `/invitations/${iv.id}`, { decision: 'accept' });
	assert.equal(acc.status, 200, acc.text);
	assert.equal(acc.json().role, 'member');
	assert.equal(acc.json().member_count, 2);
	const again = await api(m1, 'POST', `/invitations/${iv.id}`, { decision: 'accept' });
	assert.ok(again.status === 404 || again.status === 409, `accepting twice: ${again.status}`);
	assertJsonError(again, again.status);
	assertJsonError(await api(m1, 'POST', `/invitations/${iv.id}`, { decision: 'maybe' }), 422, 'invalid', 'decision');
	assert.equal((await api(owner, 'GET', `/groups/${g.slug}`)).json().member_count, 2, 'joined once');
	const topics = (await api(m1, 'GET', `/groups/${g.slug}/topics`)).json();
	assert.deepEqual(topics.topics.map((x) => x.title), [secretTitle]);
	assert.equal(topics.can_post, true);
	assert.equal((await api(m1, 'POST', `/topics/${t.json().id}/posts`, { body: 'Sorry to hear it.' })).status, 201);
	// An existing member of the group cannot be invited.
	assertJsonError(await api(owner, 'POST', `/groups/${g.slug}/invitations`, { handle: m1.handle }), 409, 'already_invited');
	// The newcomer registers with the invited address and confirms.
	const reg = await registerConfirmed(srv, { email: addr, name: 'Dr Nova Newcomer' });
	const nb = srv.browser();
	const { token } = await nb.apiSignIn(reg.email, reg.password);
	const nova = { ...reg, token };
	const mine = await invitationTo(nova, g.slug);
	assert.ok(mine, 'the emailed invitation waits for whoever registers with the address');
	assert.equal(mine.id, ev.id);
	// Someone else cannot answer it (nor can its inviter).
	assertJsonError(await api(m1, 'POST', `/invitations/${ev.id}`, { decision: 'accept' }), 404, 'not_found');
	assertJsonError(await api(owner, 'POST', `/invitations/${ev.id}`, { decision: 'decline' }), 404, 'not_found');
	assert.ok(await invitationTo(nova, g.slug), 'still pending');
	assertJsonError(await api(nova, 'POST', '/invitations/99999999', { decision: 'accept' }), 404, 'not_found');
	const acc2 = await api(nova, 'POST', `/invitations/${ev.id}`, { decision: 'accept' });
	assert.equal(acc2.status, 200, acc2.text);
	assert.equal(acc2.json().slug, g.slug);
	assert.equal(await invitationTo(nova, g.slug), undefined, 'answered invitations leave the list');
	assert.deepEqual((await api(nova, 'GET', `/groups/${g.slug}/topics`)).json().topics.map((x) => x.title), [secretTitle]);
	const nt = await api(nova, 'POST', `/groups/${g.slug}/topics`, { title: 'Hello from the newcomer', body: 'Glad to be here.' });
	assert.equal(nt.status, 201, nt.text);
	assert.deepEqual(Object.entries(await roles(owner, g.slug)).sort(), [[m1.handle, 'member'], [nova.handle, 'member'], [owner.handle, 'owner']].sort());
	assert.deepEqual((await api(owner, 'GET', `/groups/${g.slug}/invitations`)).json().invitations, []);
});

test('bad invitations: each a clear 4xx that changes nothing', async () => {
	const owner = await person('Dr Ivy Inviter');
	const g = await newGroup(owner, 'Rural GP Network');
	const member = await person('Dr Mo Member');
	const member2 = await person('Dr Meg Member-Two');
	await join(owner, g.slug, member);
	await join(owner, g.slug, member2);
	const bystander = await person('Dr Bea Bystander');
	const suspended = await person('Dr Sus Pended');
	assert.equal((await srv.cli(['user', 'suspend', suspended.email])).code, 0);
	const count = async () => (await api(owner, 'GET', `/groups/${g.slug}/invitations`)).json().invitations.length;
	const mails = async () => (await srv.mailsFor(suspended.email)).length + (await srv.mailsFor(owner.email)).length;
	const mails0 = await mails();
	const bad = [
		[{ handle: suspended.handle }, 422, 'invalid', 'handle', 'a suspended member'],
		[{ email: suspended.email }, 422, 'invalid', 'email', 'a suspended member by email'],
		[{ handle: owner.handle }, 422, 'invalid', 'handle', 'oneself'],
		[{ email: owner.email }, 422, 'invalid', 'email', 'oneself by email'],
		[{ handle: 'no_such_member_here' }, 422, 'invalid', 'handle', 'a handle of nobody'],
		[{ handle: 'not a handle!' }, 422, 'invalid', 'handle', 'a malformed handle'],
		[{ email: 'jo@@example.org' }, 422, 'invalid', 'email', 'a malformed email'],
		[{ email: 'jo@example' }, 422, 'invalid', 'email', 'an email without a domain'],
		[{}, 422, 'invalid', undefined, 'nothing'],
		[{ handle: bystander.handle, email: 'both@example.org' }, 422, 'invalid', undefined, 'both'],
		[{ handle: member.handle }, 409, 'already_invited', undefined, 'a member of the group'],
	];
	for (const [body, status, code, fieldName, what] of bad) {
		const r = await api(owner, 'POST', `/groups/${g.slug}/invitations`, body);
		assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
		assertJsonError(r, status, code, fieldName);
	}
	assert.equal(await count(), 0, 'no invitation was made');
	assert.equal(await mails(), mails0, 'nobody was emailed');
	// A plain member neither invites nor removes; nobody outside does anything.
	assertJsonError(await api(member, 'POST', `/groups/${g.slug}/invitations`, { handle: bystander.handle }), 404, 'not_found');
	assertJsonError(await api(member, 'GET', `/groups/${g.slug}/invitations`), 404, 'not_found');
	assertJsonError(await api(bystander, 'POST', `/groups/${g.slug}/invitations`, { handle: member.handle }), 404, 'not_found');
	assertJsonError(await api(member, 'DELETE', `/groups/${g.slug}/members/${member2.handle}`), 404, 'not_found');
	assertJsonError(await api(member, 'DELETE', `/groups/${g.slug}/members/${owner.handle}`), 404, 'not_found');
	assertJsonError(await api(member, 'PUT', `/groups/${g.slug}/members/${member.handle}`, { role: 'owner' }), 404, 'not_found');
	assertJsonError(await api(member, 'PUT', `/groups/${g.slug}/members/${member2.handle}`, { role: 'coowner' }), 404, 'not_found');
	const rm = await member.b.submit(`/g/${g.slug}/members/${member2.handle}`, { role: '' }, { from: `/g/${g.slug}/members` });
	assertHtml(rm, 404);
	assertJsonError(await api(member, 'PATCH', `/groups/${g.slug}`, { status: 'archived' }), 404, 'not_found');
	assertJsonError(await api(bystander, 'DELETE', `/groups/${g.slug}/members/${member.handle}`), 404, 'not_found');
	assertJsonError(await api(owner, 'POST', '/groups/no-such-group/invitations', { handle: bystander.handle }), 404, 'not_found');
	assertJsonError(await api(owner, 'DELETE', `/groups/${g.slug}/members/${bystander.handle}`), 404, 'not_found');
	assertJsonError(await api(owner, 'PUT', `/groups/${g.slug}/members/${member.handle}`, { role: 'emperor' }), 422, 'invalid', 'role');
	assertJsonError(await api(owner, 'PUT', `/groups/${g.slug}/members/${member.handle}`, {}), 422, 'invalid', 'role');
	assertJsonError(await api(owner, 'PUT', `/groups/${g.slug}/members/${member.handle}`, { role: 'member' }), 409, 'no_change');
	assertJsonError(await api(owner, 'PATCH', `/groups/${g.slug}`, { status: 'suspended' }), 422, 'invalid', 'status');
	assertJsonError(await api(owner, 'PATCH', `/groups/${g.slug}`, { status: 'active' }), 409, 'wrong_state');
	// The owner cannot leave, nor be removed, without handing over.
	assertJsonError(await api(owner, 'DELETE', `/groups/${g.slug}/members/${owner.handle}`), 409, 'owner_stays');
	assert.deepEqual(await roles(owner, g.slug), { [owner.handle]: 'owner', [member.handle]: 'member', [member2.handle]: 'member' }, 'nothing changed');
	assert.equal((await api(owner, 'GET', `/groups/${g.slug}`)).json().status, 'active');
	assert.equal(await count(), 0);
});

test('owners remove, members leave, a withdrawn invitation cannot be accepted', async () => {
	const owner = await person('Dr Rex Remover');
	const g = await newGroup(owner, 'Trauma Audit');
	const a = await person('Dr Al Removed');
	const b = await person('Dr Bo Leaver');
	const c = await person('Dr Cy Withdrawn');
	await join(owner, g.slug, a);
	await join(owner, g.slug, b);
	// Removal by the owner; the removed member can do nothing more.
	assert.equal((await api(owner, 'DELETE', `/groups/${g.slug}/members/${a.handle}`)).status, 204);
	assertJsonError(await api(a, 'GET', `/groups/${g.slug}`), 404, 'not_found');
	assertJsonError(await api(a, 'DELETE', `/groups/${g.slug}/members/${a.handle}`), 404, 'not_found');
	assertJsonError(await api(owner, 'DELETE', `/groups/${g.slug}/members/${a.handle}`), 404, 'not_found');
	assert.ok(!(await api(a, 'GET', '/groups')).json().groups.some((x) => x.slug === g.slug));
	// Leaving.
	assert.equal((await api(b, 'DELETE', `/groups/${g.slug}/members/${b.handle}`)).status, 204);
	assertJsonError(await api(b, 'GET', `/groups/${g.slug}/topics`), 404, 'not_found');
	assert.deepEqual(await roles(owner, g.slug), { [owner.handle]: 'owner' });
	assert.equal((await api(owner, 'GET', `/groups/${g.slug}`)).json().member_count, 1);
	// Withdrawing an invitation.
	const iv = await invite(owner, g.slug, { handle: c.handle });
	assert.equal((await api(owner, 'DELETE', `/groups/${g.slug}/invitations/${iv.id}`)).status, 204);
	assertJsonError(await api(owner, 'DELETE', `/groups/${g.slug}/invitations/${iv.id}`), 404, 'not_found');
	assert.equal(await invitationTo(c, g.slug), undefined);
	assertJsonError(await api(c, 'POST', `/invitations/${iv.id}`, { decision: 'accept' }), 404, 'not_found');
	assertJsonError(await api(c, 'GET', `/groups/${g.slug}`), 404, 'not_found');
	// Re-inviting those who left works; declining leaves them out.
	const again = await invite(owner, g.slug, { handle: b.handle });
	assert.equal((await api(b, 'POST', `/invitations/${again.id}`, { decision: 'decline' })).status, 204);
	assertJsonError(await api(b, 'GET', `/groups/${g.slug}`), 404, 'not_found');
	assertJsonError(await api(b, 'POST', `/invitations/${again.id}`, { decision: 'accept' }), 404, 'not_found');
	const third = await invite(owner, g.slug, { handle: b.handle });
	assert.notEqual(third.id, again.id);
	assert.equal((await api(b, 'POST', `/invitations/${third.id}`, { decision: 'accept' })).status, 200);
	assert.equal((await roles(owner, g.slug))[b.handle], 'member');
});

test('a removed member\'s data export keeps their own posts, not the group topic\'s title as it is now', async () => {
	const owner = await person('Dr Exa Owner');
	const g = await newGroup(owner, 'Export Group');
	const m = await person('Dr Exa Removed');
	await join(owner, g.slug, m);
	const t = (await api(owner, 'POST', `/groups/${g.slug}/topics`, { title: 'The title they saw', body: 'Opening post.' })).json();
	assert.equal((await api(m, 'POST', `/topics/${t.id}/posts`, { body: 'My own reply, mine to export.' })).status, 201);
	assert.equal((await api(owner, 'DELETE', `/groups/${g.slug}/members/${m.handle}`)).status, 204);
	const renamed = 'Renamed after they were removed ' + Date.now();
	assert.equal((await api(owner, 'PATCH', `/posts/${t.posts[0].id}`, { body: 'Opening post, edited.', title: renamed })).status, 200);
	assertJsonError(await api(m, 'GET', `/topics/${t.id}`), 404, 'not_found');
	const ex = await api(m, 'GET', '/me/export');
	assert.equal(ex.status, 200, ex.text);
	assert.ok(ex.json().forum_posts.some((p) => p.body === 'My own reply, mine to export.'), 'their own post is exported');
	assert.ok(!ex.text.includes(renamed), 'the export carries the title of a group topic its member can no longer read');
	assert.ok(!ex.text.includes('Opening post'), 'the export carries someone else\'s group post');
});

test('the group cannot be handed over to a suspended member, who could not run it', async () => {
	// Suspended members cannot be invited (422) nor sign in: an owner who
	// is one leaves nobody able to invite, archive or hand over.
	const owner = await person('Dr Hugo Handing');
	const g = await newGroup(owner, 'Handover Refused');
	const s = await person('Dr Sid Suspended-Later');
	await join(owner, g.slug, s);
	assert.equal((await srv.cli(['user', 'suspend', s.email])).code, 0);
	const r = await api(owner, 'PUT', `/groups/${g.slug}/members/${s.handle}`, { role: 'owner' });
	assert.ok(r.status === 409 || r.status === 422, `handing over to a suspended member answered ${r.status}`);
	assert.deepEqual(await roles(owner, g.slug), { [owner.handle]: 'owner', [s.handle]: 'member' });
});

test('co-owners invite and remove members but do not archive; handing over makes the old owner a co-owner', async () => {
	const owner = await person('Dr Hal Handover');
	const g = await newGroup(owner, 'Endoscopy Leads');
	const co = await person('Dr Cora Co-owner');
	const plain = await person('Dr Pip Plain');
	const later = await person('Dr Lee Later');
	await join(owner, g.slug, co);
	await join(owner, g.slug, plain);
	assert.equal((await api(owner, 'PUT', `/groups/${g.slug}/members/${co.handle}`, { role: 'coowner' })).status, 204);
	assert.equal((await roles(plain, g.slug))[co.handle], 'coowner');
	// A co-owner invites, and removes plain members, not the owner.
	const iv = await invite(co, g.slug, { handle: later.handle });
	assert.equal(iv.inviter.handle, co.handle);
	assert.equal((await api(later, 'POST', `/invitations/${iv.id}`, { decision: 'accept' })).status, 200);
	assert.equal((await api(co, 'DELETE', `/groups/${g.slug}/members/${later.handle}`)).status, 204);
	assertJsonError(await api(co, 'DELETE', `/groups/${g.slug}/members/${owner.handle}`), 404);
	// A co-owner neither archives nor hands over.
	assertJsonError(await api(co, 'PATCH', `/groups/${g.slug}`, { status: 'archived' }), 404, 'not_found');
	assertJsonError(await api(co, 'PUT', `/groups/${g.slug}/members/${co.handle}`, { role: 'owner' }), 404, 'not_found');
	assertJsonError(await api(co, 'PUT', `/groups/${g.slug}/members/${plain.handle}`, { role: 'coowner' }), 404, 'not_found');
	assert.equal((await api(owner, 'GET', `/groups/${g.slug}`)).json().status, 'active');
	// Hand over: the new owner holds it, the old one is a co-owner.
	assert.equal((await api(owner, 'PUT', `/groups/${g.slug}/members/${co.handle}`, { role: 'owner' })).status, 204);
	assert.deepEqual(await roles(plain, g.slug), { [co.handle]: 'owner', [owner.handle]: 'coowner', [plain.handle]: 'member' });
	const view = (await api(owner, 'GET', `/groups/${g.slug}`)).json();
	assert.equal(view.owner.handle, co.handle);
	assert.equal(view.role, 'coowner');
	assert.equal((await editorsView(g.id)).owner.handle, co.handle);
	assertJsonError(await api(owner, 'PATCH', `/groups/${g.slug}`, { status: 'archived' }), 404, 'not_found');
	// The old owner may leave now; the new one may not.
	assertJsonError(await api(co, 'DELETE', `/groups/${g.slug}/members/${co.handle}`), 409, 'owner_stays');
	assert.equal((await api(owner, 'DELETE', `/groups/${g.slug}/members/${owner.handle}`)).status, 204);
	assert.deepEqual(await roles(plain, g.slug), { [co.handle]: 'owner', [plain.handle]: 'member' });
});

test('an archived group is read-only: reading works, posting and inviting answer 409; reopening restores it', async () => {
	const owner = await person('Dr Ari Archiver');
	const g = await newGroup(owner, 'Retired Registrars');
	const m = await person('Dr Mel Archived-Member');
	const outsider = await person('Dr Otis Outside');
	await join(owner, g.slug, m);
	const t = (await api(owner, 'POST', `/groups/${g.slug}/topics`, { title: 'Before the archive', body: 'Last words.' })).json();
	const a = await api(owner, 'PATCH', `/groups/${g.slug}`, { status: 'archived' });
	assert.equal(a.status, 200, a.text);
	assert.equal(a.json().status, 'archived');
	assertJsonError(await api(owner, 'PATCH', `/groups/${g.slug}`, { status: 'archived' }), 409, 'wrong_state');
	// Reading still works, for every member.
	const list = await api(m, 'GET', `/groups/${g.slug}/topics`);
	assert.equal(list.status, 200, list.text);
	assert.deepEqual(list.json().topics.map((x) => x.id), [t.id]);
	assert.equal(list.json().can_post, false);
	assert.equal((await api(m, 'GET', `/topics/${t.id}`)).status, 200);
	const page = await m.b.get(`/g/${g.slug}`);
	assertHtml(page, 200);
	assert.match(textOf(page.text), /archived/);
	assert.doesNotMatch(page.text, new RegExp(`href="/g/${g.slug}/new"`));
	// Posting, replying, inviting: 409; nothing is written.
	assertJsonError(await api(m, 'POST', `/groups/${g.slug}/topics`, { title: 'After', body: 'x' }), 409);
	assertJsonError(await api(owner, 'POST', `/groups/${g.slug}/topics`, { title: 'After', body: 'x' }), 409);
	assertJsonError(await api(m, 'POST', `/topics/${t.id}/posts`, { body: 'late reply' }), 409);
	assertJsonError(await api(owner, 'POST', `/groups/${g.slug}/invitations`, { handle: outsider.handle }), 409, 'group_archived');
	const after = (await api(m, 'GET', `/topics/${t.id}`)).json();
	assert.equal(after.posts.length, 1);
	assert.equal((await api(m, 'GET', `/groups/${g.slug}/topics`)).json().topics.length, 1);
	// Outsiders still see nothing.
	assertJsonError(await api(outsider, 'GET', `/groups/${g.slug}/topics`), 404, 'not_found');
	// Reopened: posting again.
	const o = await api(owner, 'PATCH', `/groups/${g.slug}`, { status: 'active' });
	assert.equal(o.status, 200, o.text);
	assert.equal(o.json().status, 'active');
	assert.equal((await api(m, 'POST', `/topics/${t.id}/posts`, { body: 'We are back.' })).status, 201);
});

/** A JPEG segment: marker and payload with its length. */
function seg(marker, payload) {
	const len = payload.length + 2;
	return Buffer.concat([Buffer.from([0xff, marker, len >> 8, len & 255]), payload]);
}

/** A small valid JPEG (as forum_images.test.mjs makes it). */
function jpeg() {
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
		seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
		seg(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
		seg(0xc4, Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(15, 0), Buffer.from([0])])),
		seg(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
		Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
		Buffer.from([0xff, 0xd9]),
	]);
}

test('every other way at a group post (likes, watching, polls, edits, deletes, flags, moderation, quoting) is its members\' only; owners moderate, editors do not', async () => {
	const owner = await person('Dr Mod Owner');
	const g = await newGroup(owner, 'Vascular Surgeons');
	const co = await person('Dr Mod Co-owner');
	const plain = await person('Dr Mod Plain');
	const removed = await person('Dr Mod Removed');
	const outsider = await person('Dr Mod Outsider');
	for (const m of [co, plain, removed]) await join(owner, g.slug, m);
	assert.equal((await api(owner, 'PUT', `/groups/${g.slug}/members/${co.handle}`, { role: 'coowner' })).status, 204);
	const title = 'Group poll topic ' + Date.now();
	const t = (await api(plain, 'POST', `/groups/${g.slug}/topics`, { title, body: 'EVAR or open repair?', poll_question: 'Which?', poll_options: 'EVAR\nOpen' })).json();
	const pid = t.posts[0].id;
	const opt = t.poll.options[0].id;
	const fd = new FormData();
	fd.append('title', 'A picture for the group');
	fd.append('body', 'See the picture.');
	fd.append('image', new Blob([jpeg()], { type: 'image/jpeg' }), 'scan.jpg');
	const pic = await srv.browser().request('POST', `/api/v1/groups/${g.slug}/topics`, { bearer: owner.token, body: fd });
	assert.equal(pic.status, 201, pic.text);
	const img = pic.json().posts[0].image_url;
	assert.ok(img, 'the post has its picture');
	assert.equal((await plain.b.get(img)).status, 200);
	assert.equal((await api(owner, 'DELETE', `/groups/${g.slug}/members/${removed.handle}`)).status, 204);
	const open = (await api(outsider, 'POST', '/forums/travel/topics', { title: 'An open topic', body: 'Anyone may read.' })).json();
	for (const who of [outsider, removed, editor]) {
		const w = who.name;
		assertJsonError(await api(who, 'POST', `/posts/${pid}/like`), 404, 'not_found');
		assertJsonError(await api(who, 'POST', `/topics/${t.id}/watch`), 404, 'not_found');
		assertJsonError(await api(who, 'POST', `/topics/${t.id}/votes`, { choices: `${opt}` }), 404, 'not_found');
		assertJsonError(await api(who, 'PATCH', `/posts/${pid}`, { body: 'hijacked' }), 404, 'not_found');
		assertJsonError(await api(who, 'DELETE', `/posts/${pid}`), 404, 'not_found');
		assertJsonError(await api(who, 'POST', `/topics/${t.id}/moderate`, { action: 'lock' }), 404, 'not_found');
		assertJsonError(await api(who, 'POST', `/posts/${pid}/moderate`, { action: 'hide' }), 404, 'not_found');
		for (const path of [`/p/${pid}/edit`, `/p/${pid}/history`]) assertHtml(await who.b.get(path), 404);
		const pi = await who.b.get(img);
		assert.equal(pi.status, 404, `${w}: the group's picture answered ${pi.status}`);
		assert.ok(!pi.headers.get('content-type')?.startsWith('image/'), `${w}: the group's picture is served`);
		const q = await who.b.get(`/t/${open.id}?quote=${pid}`);
		assertHtml(q, 200);
		assert.ok(!q.text.includes('EVAR or open repair') && !q.text.includes(title), `${w}: the quote leaks`);
	}
	// Nothing changed for the members.
	const seen = (await api(plain, 'GET', `/topics/${t.id}`)).json();
	assert.equal(seen.posts[0].likes, 0);
	assert.equal(seen.locked, false);
	assert.equal(seen.posts[0].hidden, false);
	assert.equal(seen.posts[0].edits, 0);
	assert.equal(seen.poll.voted, false);
	// Members like and vote; a plain member does not moderate; owners and co-owners do.
	assert.equal((await api(co, 'POST', `/posts/${pid}/like`)).json().likes, 1);
	const v = await api(owner, 'POST', `/topics/${t.id}/votes`, { choices: `${opt}` });
	assert.equal(v.status, 200, v.text);
	assert.equal(v.json().voters, 1, 'the outsiders\' votes were not counted');
	assertJsonError(await api(plain, 'POST', `/topics/${t.id}/moderate`, { action: 'pin' }), 404, 'not_found');
	assertJsonError(await api(co, 'PATCH', `/posts/${pid}`, { body: 'not theirs to edit' }), 404, 'not_found');
	assert.equal((await api(co, 'POST', `/topics/${t.id}/moderate`, { action: 'pin' })).json().pinned, true);
	assert.equal((await api(owner, 'POST', `/topics/${t.id}/moderate`, { action: 'lock' })).json().locked, true);
	assertJsonError(await api(plain, 'POST', `/topics/${t.id}/posts`, { body: 'locked now' }), 409, 'conflict');
	assertJsonError(await api(owner, 'POST', `/topics/${t.id}/moderate`, { action: 'move', forum: 'travel' }), 422, 'invalid', 'forum');
	assert.equal((await api(owner, 'POST', `/posts/${pid}/moderate`, { action: 'hide', reason: 'off topic' })).json().hidden, true);
	const after = (await api(plain, 'GET', `/topics/${t.id}`)).json();
	assert.equal(after.pinned, true);
	assert.equal(after.forum, g.slug, 'the topic stays in its group');
});

test('the confidentiality guard checks posts in a clinical group, not in others', async () => {
	const owner = await person('Dr Gwen Guarded');
	const clinical = await newGroup(owner, 'Ward 12 Handover', { clinical: true });
	const social = await newGroup(owner, 'Ward 12 Social');
	assert.equal(clinical.clinical, true);
	assert.equal(social.clinical, false);
	const body = 'Bed 4: NHS number 943 476 5919, for review.';
	const r = await api(owner, 'POST', `/groups/${clinical.slug}/topics`, { title: 'Handover', body });
	assertJsonError(r, 422, 'patient_identifiers');
	assert.deepEqual(r.json().findings.map((f) => f.kind), ['nhs_number']);
	assert.deepEqual((await api(owner, 'GET', `/groups/${clinical.slug}/topics`)).json().topics, [], 'nothing saved');
	const ok = await api(owner, 'POST', `/groups/${clinical.slug}/topics`, { title: 'Handover', body, confirm_no_identifiers: true });
	assert.equal(ok.status, 201, ok.text);
	assert.equal(ok.json().posts[0].confirmed_no_identifiers, true);
	assertJsonError(await api(owner, 'POST', `/topics/${ok.json().id}/posts`, { body: 'Call 07700 900123' }), 422, 'patient_identifiers');
	assert.equal((await api(owner, 'POST', `/groups/${social.slug}/topics`, { title: 'Drinks', body: 'Ring me on 07700 900123' })).status, 201);
});

/** The unread count the navigation shows B, or 0 when it shows none. */
async function navCount(b) {
	const home = await b.get('/');
	assertHtml(home, 200);
	const m = /href="\/notifications">Notifications <span class="count">(\d+)/.exec(home.text);
	return m ? Number(m[1]) : 0;
}

test('an @mention in a group post notifies members only: outsiders and those merely invited hear nothing', async () => {
	const owner = await person('Dr Mia Mentioner');
	const g = await newGroup(owner, 'Cardiology Fellows');
	const member = await person('Dr Max Mentioned-Member');
	const outsider = await person('Dr Nat Non-Member');
	const invited = await person('Dr Ina Invited-Only');
	await join(owner, g.slug, member);
	await invite(owner, g.slug, { handle: invited.handle });
	const nav0 = { outsider: await navCount(outsider.b), invited: await navCount(invited.b), member: await navCount(member.b) };
	assert.deepEqual(nav0, { outsider: 0, invited: 0, member: 0 });
	const title = 'Mentions in a private group ' + Date.now();
	const body = `What do you think, @${member.handle}, @${outsider.handle} and @${invited.handle}?`;
	const t = await api(owner, 'POST', `/groups/${g.slug}/topics`, { title, body });
	assert.equal(t.status, 201, t.text);
	const r = await api(owner, 'POST', `/topics/${t.json().id}/posts`, { body: `Once more: @${outsider.handle} @${member.handle}` });
	assert.equal(r.status, 201, r.text);
	// The member: two mentions, counted in the navigation.
	const mn = (await api(member, 'GET', '/notifications')).json();
	assert.deepEqual(mn.notifications.map((n) => [n.kind, n.topic_id]), [['mention', t.json().id], ['mention', t.json().id]]);
	assert.equal(mn.unread, 2);
	assert.equal(await navCount(member.b), 2);
	// Everyone else: nothing at all, and the title nowhere.
	for (const who of [outsider, invited]) {
		const n = await api(who, 'GET', '/notifications');
		assert.equal(n.status, 200);
		assert.deepEqual(n.json().notifications, [], `${who.name} was notified`);
		assert.equal(n.json().unread, 0);
		assert.equal(await navCount(who.b), 0);
		const page = await who.b.get('/notifications');
		assertHtml(page, 200);
		assert.ok(!page.text.includes(title), `${who.name}'s notifications page shows the title`);
	}
	// Mention links are no way in either.
	assertJsonError(await api(outsider, 'GET', `/topics/${t.json().id}`), 404, 'not_found');
	// Once the invited member joins, a new mention reaches them.
	const iv = await invitationTo(invited, g.slug);
	assert.equal((await api(invited, 'POST', `/invitations/${iv.id}`, { decision: 'accept' })).status, 200);
	assert.equal((await api(owner, 'POST', `/topics/${t.json().id}/posts`, { body: `Welcome, @${invited.handle}` })).status, 201);
	assert.deepEqual((await api(invited, 'GET', '/notifications')).json().notifications.map((n) => n.kind), ['mention']);
	assert.deepEqual((await api(outsider, 'GET', '/notifications')).json().notifications, []);
});

test('a removed member hears nothing more of the group: likes and moderation of their old posts are not counted for them', async () => {
	const owner = await person('Dr Nell Notifier');
	const g = await newGroup(owner, 'Quiet After Removal');
	const gone = await person('Dr Rae Removed-Author');
	const stays = await person('Dr Sol Stays');
	await join(owner, g.slug, gone);
	await join(owner, g.slug, stays);
	const t = (await api(gone, 'POST', `/groups/${g.slug}/topics`, { title: 'Written before removal', body: 'My post.' })).json();
	const rep = (await api(gone, 'POST', `/topics/${t.id}/posts`, { body: 'My reply.' })).json();
	assert.equal((await api(owner, 'DELETE', `/groups/${g.slug}/members/${gone.handle}`)).status, 204);
	assert.deepEqual((await api(gone, 'GET', '/notifications')).json(), { notifications: [], unread: 0 });
	// The members go on: a like, a reply, a post hidden.
	assert.equal((await api(stays, 'POST', `/posts/${t.posts[0].id}/like`)).status, 200);
	assert.equal((await api(stays, 'POST', `/topics/${t.id}/posts`, { body: 'Carrying on without them.' })).status, 201);
	assert.equal((await api(owner, 'POST', `/posts/${rep.id}/moderate`, { action: 'hide', reason: 'tidying' })).status, 200);
	const n = (await api(gone, 'GET', '/notifications')).json();
	assert.deepEqual(n.notifications, []);
	assert.equal(n.unread, 0, 'the unread count moves for what happens in a group they are no longer in');
	assert.equal(await navCount(gone.b), 0, 'the navigation counts it');
});

test('a group post a member flags reaches the editors\' queue, and an editor hides it without being able to open the group', async () => {
	const owner = await person('Dr Fay Flagged-Owner');
	const g = await newGroup(owner, 'Sleep Medicine Network');
	const reporter = await person('Dr Rob Reporter');
	const outsider = await person('Dr Oz Outsider');
	const champ = await person('Dr Cam Champion', { verified: true });
	assert.equal((await srv.cli(['user', 'role', champ.email, '+champion:surgery'])).code, 0);
	await join(owner, g.slug, reporter);
	const title = 'Flagged group topic ' + Date.now();
	const t = (await api(owner, 'POST', `/groups/${g.slug}/topics`, { title, body: 'Buy my sleep supplements, cheap.' })).json();
	const pid = t.posts[0].id;
	assertJsonError(await api(outsider, 'POST', `/posts/${pid}/flags`, { reason: 'spam' }), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', `/posts/${pid}/flags`, { reason: 'spam' }), 404, 'not_found');
	assertJsonError(await api(owner, 'POST', `/posts/${pid}/flags`, { reason: 'spam' }), 404, 'not_found');
	const f = await api(reporter, 'POST', `/posts/${pid}/flags`, { reason: 'spam', note: 'an advert' });
	assert.equal(f.status, 201, f.text);
	// The editors' queue has it, with the post; champions' queues do not.
	const queued = (await api(editor, 'GET', '/editor/flags')).json().flags.find((x) => x.id === f.json().id);
	assert.ok(queued, 'the flag is in the editors\' queue');
	assert.equal(queued.post_id, pid);
	assert.equal(queued.topic_id, t.id);
	assert.match(queued.post.body_html, /sleep supplements/);
	const q = await editor.b.get('/editor/flags');
	assertHtml(q, 200);
	assert.match(textOf(q.text), /Buy my sleep supplements/);
	assert.ok(!(await api(champ, 'GET', '/editor/flags')).json().flags.some((x) => x.id === f.json().id), 'a champion\'s queue has it');
	assertJsonError(await api(champ, 'POST', `/editor/flags/${f.json().id}`, { decision: 'hide' }), 404, 'not_found');
	// The editor still cannot open the group or the topic.
	assertJsonError(await api(editor, 'GET', `/topics/${t.id}`), 404, 'not_found');
	assertJsonError(await api(editor, 'GET', `/groups/${g.slug}/topics`), 404, 'not_found');
	assertHtml(await editor.b.get(`/t/${t.id}`), 404);
	assertHtml(await editor.b.get(`/g/${g.slug}`), 404);
	// Deciding: hidden for the members; the flag leaves the queue.
	const d = await api(editor, 'POST', `/editor/flags/${f.json().id}`, { decision: 'hide', note: 'advert' });
	assert.equal(d.status, 200, d.text);
	assert.equal(d.json().status, 'hidden');
	assert.ok(!(await api(editor, 'GET', '/editor/flags')).json().flags.some((x) => x.id === f.json().id));
	const seen = (await api(reporter, 'GET', `/topics/${t.id}`)).json();
	assert.equal(seen.posts[0].hidden, true);
	assert.equal(seen.posts[0].body_html, '');
	assertJsonError(await api(editor, 'GET', `/topics/${t.id}`), 404, 'not_found');
});

test('the pages: /groups, requesting at /groups/new, the editors\' list, members and invitations with CSRF forms', async () => {
	const owner = await person('Dr Paige Pages');
	const co = await person('Dr Cole Co-owner-Page');
	const plain = await person('Dr Pia Plain-Page');
	const invitee = await person('Dr Ike Invitee-Page');
	// Visitors are sent to sign in; members see the page.
	const v = await srv.browser().get('/groups');
	assert.equal(v.status, 303);
	assert.match(v.location, /^\/signin\?next=/);
	const empty = await owner.b.get('/groups');
	assertHtml(empty, 200);
	assert.match(textOf(empty.text), /You are in no group yet/);
	assert.match(empty.text, /href="\/groups\/new"/);
	// The request form: an empty name, then a purpose too short, shown again.
	const form = await owner.b.get('/groups/new');
	assertHtml(form, 200);
	assert.ok(field(form.text, 'name') && field(form.text, 'purpose') && field(form.text, 'clinical'));
	const bad = await owner.b.submit('/groups', { name: '   ', purpose: 'Weekly teaching for the unit.' }, { from: '/groups/new' });
	assertHtml(bad, 422);
	assertFieldError(bad.text, 'name', /must not be empty/);
	assert.match(bad.text, /Weekly teaching for the unit\.<\/textarea>/, 'what was typed is kept');
	const bad2 = await owner.b.submit('/groups', { name: 'Teaching Unit', purpose: 'short' }, { from: '/groups/new' });
	assertHtml(bad2, 422);
	assertFieldError(bad2.text, 'purpose');
	assert.deepEqual((await api(owner, 'GET', '/groups')).json().requests, [], 'nothing was requested');
	const nocsrf = await owner.b.post('/groups', { form: { name: 'No token', purpose: 'No token, no request.' } });
	assert.equal(nocsrf.status, 403);
	const ok = await owner.b.submit('/groups', { name: 'Teaching Unit', purpose: 'Weekly teaching for the unit.', clinical: '1' }, { from: '/groups/new' });
	assert.equal(ok.status, 303, ok.text.slice(0, 400));
	assert.equal(ok.location, '/groups?requested=1');
	const after = await owner.b.get(ok.location);
	assertHtml(after, 200);
	assert.match(textOf(after.text), /Your request has gone to the editors/);
	assert.match(textOf(after.text), /Your requests Teaching Unit Waiting for the editors/);
	const req = (await api(owner, 'GET', '/groups')).json().requests[0];
	assert.equal(req.name, 'Teaching Unit');
	assert.equal(req.clinical, true);
	// The editors' page: editors only; a request with its purpose and a decision form.
	for (const who of [owner, plain]) assertHtml(await who.b.get('/editor/groups'), 404);
	const vis = await srv.browser().get('/editor/groups');
	assert.ok(vis.status === 404 || vis.status === 303, `a visitor: ${vis.status}`);
	assert.ok(!vis.text.includes('Teaching Unit'));
	const ep = await editor.b.get('/editor/groups');
	assertHtml(ep, 200);
	assert.match(textOf(ep.text), /Teaching Unit/);
	assert.match(textOf(ep.text), /Weekly teaching for the unit\./);
	assert.match(ep.text, new RegExp(`action="/editor/groups/${req.id}"`));
	const nr = await editor.b.submit(`/editor/groups/${req.id}`, { decision: 'decline', reason: '' }, { from: '/editor/groups' });
	assertHtml(nr, 422);
	assert.match(textOf(nr.text), /Reason must say why/);
	const ap = await editor.b.submit(`/editor/groups/${req.id}`, { decision: 'approve' }, { from: '/editor/groups' });
	assert.equal(ap.status, 303);
	assert.equal(ap.location, '/editor/groups?done=approved');
	const listed = await editor.b.get('/editor/groups');
	assert.match(textOf(listed.text), new RegExp(`Teaching Unit ${owner.name} 1 active`));
	assert.match(listed.text, /value="suspend"/);
	const slug = req.slug;
	// The owner's members page: the invite form; a bad value shows it again.
	await join(owner, slug, co);
	await join(owner, slug, plain);
	assert.equal((await api(owner, 'PUT', `/groups/${slug}/members/${co.handle}`, { role: 'coowner' })).status, 204);
	const mp = await owner.b.get(`/g/${slug}/members`);
	assertHtml(mp, 200);
	assert.ok(field(mp.text, 'who'), 'the owner has the invite form');
	assert.match(mp.text, new RegExp(`action="/g/${slug}/status"`));
	assert.match(mp.text, new RegExp(`action="/g/${slug}/members/${plain.handle}"`));
	const coPage = await co.b.get(`/g/${slug}/members`);
	assertHtml(coPage, 200);
	assert.ok(field(coPage.text, 'who'), 'a co-owner has the invite form');
	assert.doesNotMatch(coPage.text, new RegExp(`action="/g/${slug}/status"`), 'only the owner archives');
	const plainPage = await plain.b.get(`/g/${slug}/members`);
	assertHtml(plainPage, 200);
	assert.ok(!field(plainPage.text, 'who'), 'a plain member has no invite form');
	assert.doesNotMatch(plainPage.text, new RegExp(`action="/g/${slug}/(status|invitations|members/)`));
	assert.match(plainPage.text, new RegExp(`action="/g/${slug}/leave"`));
	for (const who of [co.name, owner.name, plain.name]) assert.match(textOf(plainPage.text), new RegExp(who));
	assertHtml(await invitee.b.get(`/g/${slug}/members`), 404);
	for (const bad of ['no_such_member_here', 'jo@@example.org', owner.handle]) {
		const r = await owner.b.submit(`/g/${slug}/invitations`, { who: bad }, { from: `/g/${slug}/members` });
		assertHtml(r, 422);
		assertFieldError(r.text, 'who');
		assert.ok(r.text.includes(`value="${bad}"`), 'what was typed is kept');
	}
	const twice = await owner.b.submit(`/g/${slug}/invitations`, { who: plain.handle }, { from: `/g/${slug}/members` });
	assert.equal(twice.status, 409);
	const nope = await plain.b.submit(`/g/${slug}/invitations`, { who: invitee.handle }, { from: `/g/${slug}/members` });
	assertHtml(nope, 404);
	assert.deepEqual((await api(owner, 'GET', `/groups/${slug}/invitations`)).json().invitations, [], 'nothing was sent');
	const good = await owner.b.submit(`/g/${slug}/invitations`, { who: `@${invitee.handle}` }, { from: `/g/${slug}/members` });
	assert.equal(good.status, 303);
	assert.equal(good.location, `/g/${slug}/members?done=invited`);
	const withPending = await owner.b.get(good.location);
	assert.match(textOf(withPending.text), new RegExp(`Invitation sent.*Invitations not yet answered ${invitee.name}`));
	// The invitee's /groups: the invitation, accepted with its form.
	const ip = await invitee.b.get('/groups');
	assertHtml(ip, 200);
	assert.match(textOf(ip.text), /Invitations Teaching Unit Weekly teaching for the unit\./);
	const ivId = /action="\/groups\/invitations\/(\d+)"/.exec(ip.text)?.[1];
	assert.ok(ivId, 'the invitation has its form');
	const acc = await invitee.b.submit(`/groups/invitations/${ivId}`, { decision: 'accept' }, { from: '/groups' });
	assert.equal(acc.status, 303);
	assert.equal(acc.location, `/g/${slug}`);
	const gp = await invitee.b.get(`/g/${slug}`);
	assertHtml(gp, 200);
	assert.match(textOf(gp.text), /Teaching Unit/);
	assert.match(gp.text, new RegExp(`href="/g/${slug}/new"`));
	const mine = await invitee.b.get('/groups');
	assert.match(mine.text, new RegExp(`href="/g/${slug}"`));
	assert.doesNotMatch(textOf(mine.text), /Invitations Teaching Unit/);
	// A topic through the group's own form.
	const nf = await invitee.b.get(`/g/${slug}/new`);
	assertHtml(nf, 200);
	const made = await invitee.b.submit(`/g/${slug}`, { title: 'Teaching rota', body: 'Who takes Thursday?' }, { from: `/g/${slug}/new` });
	assert.equal(made.status, 303, made.text.slice(0, 400));
	assert.match(made.location, /^\/t\/\d+$/);
	assert.match(textOf((await co.b.get(`/g/${slug}`)).text), /Teaching rota/);
	// Leaving through the page.
	const left = await plain.b.submit(`/g/${slug}/leave`, {}, { from: `/g/${slug}/members` });
	assert.equal(left.status, 303);
	assert.equal(left.location, '/groups?left=1');
	assertHtml(await plain.b.get(`/g/${slug}`), 404);
	// The owner's page form archives (its owner only).
	const arch = await owner.b.submit(`/g/${slug}/status`, { status: 'archived' }, { from: `/g/${slug}/members` });
	assert.equal(arch.status, 303);
	assert.equal((await api(owner, 'GET', `/groups/${slug}`)).json().status, 'archived');
	const coArch = await co.b.submit(`/g/${slug}/status`, { status: 'active' }, { from: `/g/${slug}/members` });
	assertHtml(coArch, 404);
	assert.equal((await api(owner, 'GET', `/groups/${slug}`)).json().status, 'archived');
});

test('a group\'s forum is out of the editors\' forum forms, and no topic moves into or out of a group', async () => {
	const owner = await person('Ola Mover');
	const a = await newGroup(owner, 'Movers A');
	const b = await newGroup(owner, 'Movers B');
	const t = (await api(owner, 'POST', `/groups/${a.slug}/topics`, { title: 'Stays in A', body: 'Where it was written.' })).json();
	// Owners moderate their group, but a move to another group (or a forum) is refused.
	for (const forum of [b.slug, 'medicine']) {
		assertJsonError(await api(owner, 'POST', `/topics/${t.id}/moderate`, { action: 'move', forum }), 422, 'invalid', 'forum');
	}
	assert.equal((await api(owner, 'GET', `/groups/${a.slug}/topics`)).json().topics.length, 1);
	assert.equal((await api(owner, 'GET', `/groups/${b.slug}/topics`)).json().topics.length, 0);
	// Editors cannot rename, unarchive or champion a group's forum, nor make one.
	assertJsonError(await api(editor, 'PATCH', `/editor/forums/${a.slug}`, { name: 'Renamed', archived: false }), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', `/editor/forums/${a.slug}/champions`, { handle: owner.handle, action: 'appoint' }), 404, 'not_found');
	assertJsonError(await api(editor, 'POST', '/editor/forums', { slug: 'sneaky-group', name: 'Sneaky', section: 'group' }), 422, 'invalid', 'section');
	assert.equal((await api(owner, 'GET', `/groups/${a.slug}`)).json().name, 'Movers A');
	// A topic of an open forum does not move into a group either.
	const doc = await person('Mo Editor-Mover', { verified: true });
	assert.equal((await srv.cli(['user', 'role', doc.email, '+editor'])).code, 0);
	const open = (await api(doc, 'POST', '/forums/medicine/topics', { title: 'An open question', body: 'For everyone.' })).json();
	assertJsonError(await api(doc, 'POST', `/topics/${open.id}/moderate`, { action: 'move', forum: a.slug }), 422, 'invalid', 'forum');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
