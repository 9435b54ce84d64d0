// local_times.test.mjs: times on pages in the reader's own time zone
// (docs/behaviour.md, "Times on pages"): a signed-in member with a zone
// in their profile sees a post's time on their own wall clock, labelled
// with its offset from UTC ("4 Dec 2026, 03:00 UTC+11"); a visitor, and
// a member with no zone, see the UTC text as before; a change of zone
// shows on the next page; machine-readable times (<time datetime>, the
// API's fields) stay UTC for everyone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertHtml, tags, textOf, unique } from './lib.mjs';

let srv, editor;
before(async () => {
	srv = await startServer();
	editor = await person('Edwina Zone-Editor');
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(() => srv?.kill());

const person = (name, opts) => srv.person(name, opts);

const api = (who, method, p, json) => srv.api(who, method, p, json);

/** Sets WHO's time zone through /settings (the profile form); asserts it saved. */
async function setZone(who, timezone) {
	const r = await who.b.submit('/settings', { name: who.name, country: 'GB', specialty: '', grade: '', bio: '', timezone });
	assert.equal(r.status, 303, r.text.slice(0, 500));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');

/**
 * Instant SEC (seconds since 1970) as a page shows it in ZONE (none: UTC),
 * worked out here from the platform's zone data: "3 Dec 2026, 18:05
 * UTC+11", "… UTC+5:30", and "… UTC" at offset 0.
 */
function when(sec, zone) {
	const ms = sec * 1000;
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: zone ?? 'UTC',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
			hourCycle: 'h23',
		})
			.formatToParts(new Date(ms))
			.map((p) => [p.type, Number(p.value)]),
	);
	const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	const off = Math.round((local - ms) / 60000); // minutes east of UTC
	const a = Math.abs(off);
	const label = off === 0 ? 'UTC' : `UTC${off < 0 ? '-' : '+'}${Math.floor(a / 60)}${a % 60 ? ':' + two(a % 60) : ''}`;
	return `${parts.day} ${MONTHS[parts.month - 1]} ${parts.year}, ${two(parts.hour)}:${two(parts.minute)} ${label}`;
}

test('when(): the expected texts, worked out independently of the server', () => {
	assert.equal(when(1796281500), '3 Dec 2026, 07:05 UTC');
	assert.equal(when(1796281500, 'Australia/Sydney'), '3 Dec 2026, 18:05 UTC+11');
	assert.equal(when(1791043140, 'Australia/Sydney'), '4 Oct 2026, 01:59 UTC+10');
	assert.equal(when(1796281500, 'Asia/Kolkata'), '3 Dec 2026, 12:35 UTC+5:30');
	assert.equal(when(1772947740, 'America/St_Johns'), '8 Mar 2026, 01:59 UTC-3:30');
});

/** The text of the meta line of post #N on a topic page. */
function postMeta(html, n) {
	const metas = [...html.matchAll(/<p class="meta">([\s\S]*?)<\/p>/g)].map((m) => textOf(m[1]));
	const line = metas.find((t) => t.includes(`#${n} ·`));
	assert.ok(line, `no meta line for post #${n} in:\n${metas.join('\n')}`);
	return line;
}

test('a topic: a member in Sydney sees its post at Sydney time, labelled; one in Kolkata at +5:30; a member with no zone sees UTC', async () => {
	const author = await person('Dr Ada Author');
	const title = `Clocks on the ward ${unique('z')}`;
	const made = await api(author, 'POST', '/forums/cycling/topics', { title, body: 'When did I post this?' });
	assert.equal(made.status, 201, made.text);
	const id = made.json().id;
	const got = await api(author, 'GET', `/topics/${id}`);
	assert.equal(got.status, 200, got.text);
	const at = got.json().posts[0].created_at;
	assert.ok(Number.isInteger(at) && at > 1.7e9, `created_at ${at}`);

	const sydney = await person('Dr Sid Sydney');
	await setZone(sydney, 'Australia/Sydney');
	const kolkata = await person('Dr Kamala Kolkata');
	await setZone(kolkata, 'Asia/Kolkata');
	const nozone = await person('Dr Una Zoneless');

	const utcText = when(at);
	assert.match(utcText, / UTC$/);
	const seen = {};
	for (const [who, zone] of [[sydney, 'Australia/Sydney'], [kolkata, 'Asia/Kolkata'], [nozone, undefined], [author, undefined]]) {
		const page = await who.b.get(`/t/${id}`);
		assertHtml(page, 200);
		seen[who.name] = postMeta(page.text, 1);
		assert.ok(seen[who.name].includes(`· ${when(at, zone)}`), `${who.name} (${zone ?? 'no zone'}): ${seen[who.name]}`);
	}
	assert.match(seen['Dr Sid Sydney'], / UTC\+1[01]\b/, 'Sydney is 10 or 11 hours ahead, and says so');
	assert.ok(!seen['Dr Sid Sydney'].includes(utcText));
	assert.match(seen['Dr Kamala Kolkata'], / UTC\+5:30\b/);
	assert.ok(seen['Dr Una Zoneless'].includes(utcText));

	// The API's times are the same numbers for every reader.
	for (const who of [sydney, kolkata]) assert.equal((await api(who, 'GET', `/topics/${id}`)).json().posts[0].created_at, at);

	// A change of zone shows on the next page: back to none is UTC again.
	await setZone(sydney, '');
	assert.ok(postMeta((await sydney.b.get(`/t/${id}`)).text, 1).includes(`· ${utcText}`));
	await setZone(sydney, 'Australia/Sydney');
	assert.ok(postMeta((await sydney.b.get(`/t/${id}`)).text, 1).includes(`· ${when(at, 'Australia/Sydney')}`));
});

test('a blog post: a visitor sees UTC, a member in Sydney Sydney time; <time datetime> and the API stay UTC for both', async () => {
	const bl = await person('Dr Bea Blogger');
	const a = await api(bl, 'POST', '/blogger-applications', { blog_title: `Night notes ${unique('b')}`, about: 'Nights.' });
	assert.equal(a.status, 201, a.text);
	const d = await api(editor, 'POST', `/editor/blogger-applications/${a.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	const blog = d.json().blog_slug;
	const w = await api(bl, 'POST', `/blogs/${blog}/posts`, { title: `Handover at dawn ${unique('p')}`, summary: 'S.', body: 'B.', status: 'published' });
	assert.equal(w.status, 201, w.text);
	const post = w.json();
	assert.match(post.published_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	const at = Date.parse(post.published_at) / 1000;

	const sydney = await person('Dr Syd Reader');
	await setZone(sydney, 'Australia/Sydney');
	const path = `/b/${blog}/${post.slug}`;
	for (const [b, text] of [[srv.browser(), when(at)], [sydney.b, when(at, 'Australia/Sydney')]]) {
		const page = await b.get(path);
		assertHtml(page, 200);
		const times = tags(page.text, 'time');
		assert.ok(times.length >= 1, 'a <time> on the post');
		assert.equal(times[0].attrs.datetime, post.published_at, 'datetime= is UTC for every reader');
		const m = page.text.match(/<time datetime="[^"]*">([^<]*)<\/time>/);
		assert.equal(m?.[1], text);
	}
	const j = await api(sydney, 'GET', `/blogs/${blog}/posts/${post.slug}`);
	assert.equal(j.status, 200, j.text);
	assert.equal(j.json().published_at, post.published_at, 'the API is UTC for a member with a zone');
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
