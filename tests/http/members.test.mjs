// members.test.mjs: the members directory (issue 4): /members and GET
// /api/v1/members for members only; search by name (words as prefixes,
// any input safe), filters by country, type, specialty and grade,
// pagination; unconfirmed and suspended members never listed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, assertJsonError, textOf, unique } from './lib.mjs';

let srv, viewer, token;
const tag = unique('dirx'); // a word only this file's members carry in their names

before(async () => {
	srv = await startServer();
	viewer = srv.browser();
	const v = await srv.newMember({ name: `Viewer ${tag}` });
	await viewer.signIn(v.email, v.password);
	token = (await srv.browser().apiSignIn(v.email, v.password)).token;
	for (let i = 0; i < 23; i++) {
		await srv.newMember({ name: `Member${String(i).padStart(2, '0')} ${tag}`, type: i % 3 === 0 ? 'student' : 'doctor' });
	}
	const s = await srv.newMember({ name: `Suspended ${tag}` });
	assert.equal((await srv.cli(['user', 'suspend', s.email])).code, 0);
});
after(() => srv?.kill());

async function api(query) {
	const r = await srv.browser().get(`/api/v1/members?${new URLSearchParams(query)}`, { bearer: token });
	assert.equal(r.status, 200, r.text);
	return r.json();
}

test('visitors are sent to sign in; the API answers 401', async () => {
	const r = await srv.browser().get('/members');
	assert.equal(r.status, 303);
	assert.equal(r.location, '/signin?next=%2Fmembers');
	assertJsonError(await srv.browser().get('/api/v1/members'), 401);
});

test('search by name finds every member with the word, 20 to a page, never the suspended', async () => {
	const p1 = await api({ q: tag });
	assert.equal(p1.total, 24, 'the viewer and 23 members; not the suspended one');
	assert.equal(p1.members.length, 20);
	assert.equal(p1.page, 1);
	const p2 = await api({ q: tag, page: 2 });
	assert.equal(p2.members.length, 4);
	const all = [...p1.members, ...p2.members].map((m) => m.handle);
	assert.equal(new Set(all).size, 24, 'no member on both pages');
	assert.ok(!all.some((h) => h.startsWith('suspended')));
	assert.ok(p1.members.every((m) => !('email' in m)), 'no emails in the directory');
	const prefix = await api({ q: `member0 ${tag.slice(0, 6)}` });
	assert.equal(prefix.total, 10, 'member00..member09 by prefix');
});

test('filters: type, country; a junk value matches nobody rather than failing', async () => {
	assert.equal((await api({ q: tag, type: 'student' })).total, 8);
	assert.equal((await api({ q: tag, type: 'doctor' })).total, 16);
	assert.equal((await api({ q: tag, country: 'GB' })).total, 24, 'the harness registers members in GB');
	assert.equal((await api({ q: tag, country: 'NG' })).total, 0);
	assert.equal((await api({ q: tag, type: 'wizard' })).total, 0);
	assert.equal((await api({ q: tag, country: 'Narnia' })).total, 0);
	for (const q of ['"', "'", '*', 'a OR b', '(', 'NEAR(x y)', '\\', '%00', 'x'.repeat(500)]) {
		const r = await srv.browser().get(`/api/v1/members?q=${encodeURIComponent(q)}`, { bearer: token });
		assert.equal(r.status, 200, `q=${q.slice(0, 20)}: ${r.status}`);
	}
	const p = await api({ q: tag, page: 'abc' });
	assert.equal(p.page, 1);
	assert.equal(p.capped, false, 'every match counted, short of 10,000');
	const last = await api({ q: tag, page: 500 });
	assert.equal(last.page, 500, 'page 500 is the last there is');
	assert.equal(last.members.length, 0);
	assert.equal((await api({ q: tag, page: 501 })).page, 1, 'past it, page 1');
});

test('the page: a labelled search form, results with links and badges, next/previous links that keep the filters', async () => {
	const d = await viewer.get(`/members?q=${tag}&type=doctor`);
	assertHtml(d, 200);
	assert.match(textOf(d.text), /16 members/);
	assert.match(d.text, /<option value="doctor" selected>/);
	assert.doesNotMatch(d.text, /rel="next"/, 'one page of 16');
	const r = await viewer.get(`/members?q=${tag}&country=GB`);
	assertHtml(r, 200);
	for (const id of ['q', 'country', 'type', 'specialty', 'grade']) assert.match(r.text, new RegExp(`<label for="${id}"`));
	assert.match(textOf(r.text), /24 members/);
	assert.match(r.text, /<option value="GB" selected>/);
	assert.match(r.text, /<a href="\/u\/[a-z0-9_]+">Member\d\d /);
	const next = r.text.match(/<a rel="next" href="([^"]+)"/);
	assert.ok(next, 'a next-page link');
	const href = next[1].replace(/&amp;/g, '&');
	assert.match(href, new RegExp(`q=${tag}`));
	assert.match(href, /country=GB/);
	assert.match(href, /page=2/);
	const p2 = await viewer.get(href);
	assertHtml(p2, 200);
	assert.match(p2.text, /<a rel="prev"/);
	assert.doesNotMatch(p2.text, /<a rel="next"/);
	const none = await viewer.get(`/members?q=nobody-at-all-${tag}`);
	assert.match(textOf(none.text), /No members match/);
	const esc = await viewer.get(`/members?q=${encodeURIComponent('<script>x</script>')}`);
	assertHtml(esc, 200);
	assert.doesNotMatch(esc.text, /<script>x<\/script>/);
	assert.match((await viewer.get('/')).text, /href="\/members"/, 'Members is in the navigation');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
