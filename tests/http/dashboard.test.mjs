// dashboard.test.mjs: the editors' dashboard (issue 10) against the
// running server: who may see it (editors; everyone else 404, page, CSV
// and API alike); page views counted right after a scripted set of visits
// (by section, by page, readers once a day, 404s, redirects, POSTs and API
// calls not counted), including 8 readers at once; members by type,
// country and specialty, new this week, verified this month; the pending
// queues; the top lists; every chart's SVG well-formed XML whose numbers
// are its table's; every CSV the same figures; the housekeeper's flush.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, unique, assertHtml, assertJsonError, tags, textOf, decodeEntities, sleep } from './lib.mjs';

let srv, editor, author, topic, item;
before(async () => {
	srv = await startServer();
	editor = await person('Edna Dashboard-Editor', { type: 'doctor' });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
	author = await person('Dr Ada Author', { type: 'doctor', verified: true });
	const t = await api(author, 'POST', '/forums/surgery/topics', { title: `Tourniquet times ${unique('t')}`, body: 'How long do you leave it?' });
	assert.equal(t.status, 201, t.text);
	topic = t.json();
	const it = await api(editor, 'POST', '/library', { kind: 'page', title: `Dashboard guide ${unique('l')}`, access: 'public', body: 'How to read the charts.', about: 'A page.' });
	assert.equal(it.status, 201, it.text);
	item = it.json();
});
after(() => srv?.kill());

async function person(name, opts = {}) {
	const m = await srv.newMember({ name, ...opts });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { ...m, token };
}

const api = (who, method, p, json) => srv.api(who, method, p, json);
/** The editor's figures (reading them hands this node's counts to the store first). */
async function figures() {
	const r = await api(editor, 'GET', '/editor/dashboard');
	assert.equal(r.status, 200, r.text);
	return r.json();
}
const today = (f) => f.views.daily[f.views.daily.length - 1];
const section = (f, name) => f.views.sections.find((s) => s.section === name)?.n ?? 0;
const top = (f, kind, url) => f.top[kind].find((t) => t.url === url)?.views ?? 0;
const count = (list, key, k) => list.find((x) => x[key] === k)?.n ?? 0;

test('a member, a visitor and a bearer of a forged token get 404 from the page, each CSV and the API', async () => {
	const m = await person('Dr Not Editor', { type: 'doctor', verified: true });
	for (const who of [null, m, { token: 'x'.repeat(43) }]) {
		assertJsonError(await api(who, 'GET', '/editor/dashboard'), 404, 'not_found');
		const b = srv.browser();
		const page = await b.request('GET', '/editor/dashboard', who?.token ? { bearer: who.token } : {});
		assertHtml(page, 404);
		const csv = await b.request('GET', '/editor/dashboard/views-daily.csv', who?.token ? { bearer: who.token } : {});
		assert.equal(csv.status, 404);
		assert.ok(!csv.text.includes('Page views'));
	}
	// The editor reaches all three; an unknown chart is a 404 for them too.
	assert.equal((await api(editor, 'GET', '/editor/dashboard')).status, 200);
	const b = srv.browser();
	assert.equal((await b.request('GET', '/editor/dashboard/views-daily.csv', { bearer: editor.token })).status, 200);
	assert.equal((await b.request('GET', '/editor/dashboard/nothing.csv', { bearer: editor.token })).status, 404);
	assert.equal((await b.request('GET', '/editor/dashboard/views-daily', { bearer: editor.token })).status, 404);
});

test('page views: a scripted set of visits, counted by section and page; what is not a page is not counted', async () => {
	const m = await person('Vic Visits', { type: 'student' });
	const before = await figures();
	const b = srv.browser();
	const v = { get: (p) => b.request('GET', p, { bearer: m.token }) }; // a member, by the API's token
	for (let i = 0; i < 3; i++) assertHtml(await v.get('/'), 200);
	for (let i = 0; i < 2; i++) assertHtml(await v.get('/forums'), 200);
	for (let i = 0; i < 4; i++) assertHtml(await v.get(`/t/${topic.id}`), 200);
	assertHtml(await v.get('/f/surgery'), 200);
	assertHtml(await v.get(`/library/${item.slug}`), 200);
	assertHtml(await v.get('/library'), 200);
	assertHtml(await v.get(`/u/${author.handle}`), 200);
	assertHtml(await v.get('/blogs'), 200);
	assertHtml(await v.get('/search?q=tourniquet'), 200);
	// Not pages, or not served: none of these counts.
	assertHtml(await v.get('/t/999999999'), 404);
	assertHtml(await v.get('/no/such/page'), 404);
	assert.equal((await v.get(`/p/${topic.posts[0].id}`)).status, 303);
	assert.equal((await api(m, 'GET', `/topics/${topic.id}`)).status, 200);
	assert.equal((await v.get('/healthz')).status, 200);
	assert.equal((await v.get('/static/style.css')).status, 200);
	const after = await figures();
	const d = (name) => section(after, name) - section(before, name);
	assert.equal(d('home'), 3);
	assert.equal(d('forums'), 2);
	assert.equal(d('forums:open_clinical'), 5); // the topic 4 times and its forum
	assert.equal(d('library'), 2);
	assert.equal(d('profiles'), 1);
	assert.equal(d('blogs'), 1);
	assert.equal(d('other'), 1); // the search
	assert.equal(today(after).views - today(before).views, 15);
	assert.equal(top(after, 'topics', `/t/${topic.id}`) - top(before, 'topics', `/t/${topic.id}`), 4);
	assert.equal(top(after, 'library_items', `/library/${item.slug}`) - top(before, 'library_items', `/library/${item.slug}`), 1);
	// One reader, however many pages.
	assert.equal(today(after).readers - today(before).readers, 1);
	// A visitor's pages count too, and make no reader.
	const vis = srv.browser();
	assertHtml(await vis.get('/'), 200);
	assertHtml(await vis.get('/blogs'), 200);
	assert.equal((await vis.get('/forums')).status, 303); // to sign in: not a page served
	const later = await figures();
	assert.equal(section(later, 'home') - section(after, 'home'), 1);
	assert.equal(section(later, 'blogs') - section(after, 'blogs'), 1);
	assert.equal(section(later, 'forums'), section(after, 'forums'));
	assert.equal(today(later).readers, today(after).readers);
	// The month's total holds the day's.
	assert.ok(after.views.monthly[after.views.monthly.length - 1].n >= today(after).views);
});

test('readers: each signed-in member once a day, however many pages; a bearer of the API is one too when reading pages', async () => {
	const before = await figures();
	const a = await person('Dr Reader One', { type: 'doctor' });
	const c = await person('Reader Two', { type: 'student' });
	const b = srv.browser();
	for (let i = 0; i < 3; i++) assertHtml(await b.request('GET', '/forums', { bearer: a.token }), 200);
	assertHtml(await b.request('GET', '/', { bearer: c.token }), 200);
	assertHtml(await b.request('GET', `/t/${topic.id}`, { bearer: a.token }), 200);
	const after = await figures();
	assert.equal(today(after).readers - today(before).readers, 2);
	assert.equal(today(after).views - today(before).views, 5);
});

test('eight readers at once, 25 pages each: every view counted, the topic page and the day alike', async () => {
	const before = await figures();
	const readers = [];
	for (let i = 0; i < 8; i++) readers.push(await person(`Dr Concurrent ${i}`, { type: 'doctor', verified: true }));
	await Promise.all(readers.map(async (m) => {
		const b = srv.browser();
		for (let i = 0; i < 25; i++) assertHtml(await b.request('GET', `/t/${topic.id}`, { bearer: m.token }), 200);
	}));
	const after = await figures();
	assert.equal(top(after, 'topics', `/t/${topic.id}`) - top(before, 'topics', `/t/${topic.id}`), 200);
	assert.equal(section(after, 'forums:open_clinical') - section(before, 'forums:open_clinical'), 200);
	assert.equal(today(after).views - today(before).views, 200);
	assert.equal(today(after).readers - today(before).readers, 8);
	// The most read topic this month leads its list.
	assert.equal(after.top.topics[0].url, `/t/${topic.id}`);
	assert.ok(after.top.topics[0].title.startsWith('Tourniquet times'));
});

test('the housekeeper hands the counts to the store within seconds; SIGTERM hands over the rest', async () => {
	const before = await figures();
	assertHtml(await srv.browser().get('/'), 200);
	// No figures read (they would flush): the housekeeper's wake every 5 s
	// must have written it before the kill -9 that loses memory.
	await sleep(6500);
	await srv.kill9();
	await srv.restart();
	const after = await figures();
	assert.equal(section(after, 'home') - section(before, 'home'), 1);
	// SIGTERM flushes what came since the last wake.
	for (let i = 0; i < 3; i++) assertHtml(await srv.browser().get('/'), 200);
	srv.proc.kill('SIGTERM');
	assert.deepEqual(await srv.exited, { code: 0, signal: null });
	await srv.restart();
	const restarted = await figures();
	assert.equal(section(restarted, 'home') - section(after, 'home'), 3);
});

test('members: by type, country and specialty, new this week, verified this month; the queues waiting', async () => {
	const before = await figures();
	const kenyan = await srv.addUser({ email: `${unique('ke')}@example.org`, handle: unique('ke'), name: 'Dr Wanjiru Kamau', type: 'doctor', verified: true });
	const k = await person('Student Two', { type: 'student' });
	const kb = srv.browser();
	await kb.signIn(kenyan.email, kenyan.password);
	assert.equal((await kb.submit('/settings', { name: kenyan.name, country: 'KE', specialty: 'cardiology', grade: '', bio: '', timezone: 'Africa/Nairobi' })).status, 303);
	// The queues: a blogger application, a group request, a flag.
	assert.equal((await api(k, 'POST', '/blogger-applications', { blog_title: 'Student days', about: 'What studying is like.' })).status, 201);
	assert.equal((await api(author, 'POST', '/groups', { name: `Journal club ${unique('g')}`, purpose: 'Papers, monthly.' })).status, 201);
	assert.equal((await api(k, 'POST', `/posts/${topic.posts[0].id}/flags`, { reason: 'spam', note: 'looks like an advert' })).status, 201);
	const after = await figures();
	const d = (list, key, name) => count(after.members[list], key, name) - count(before.members[list], key, name);
	assert.equal(d('by_type', 'type', 'doctor'), 1);
	assert.equal(d('by_type', 'type', 'student'), 1);
	assert.equal(d('by_country', 'country', 'KE'), 1);
	assert.equal(d('by_specialty', 'specialty', 'cardiology'), 1);
	assert.equal(after.members.by_type.find((x) => x.type === 'doctor').label, 'Doctors');
	const week = (f) => f.members.joined[f.members.joined.length - 1].n;
	assert.equal(week(after) - week(before), 2);
	const verified = (f) => f.members.verified[f.members.verified.length - 1].n;
	assert.equal(verified(after) - verified(before), 1);
	assert.equal(after.pending.blogger_applications - before.pending.blogger_applications, 1);
	assert.equal(after.pending.group_requests - before.pending.group_requests, 1);
	assert.equal(after.pending.flags - before.pending.flags, 1);
	// Series are whole: 90 days, 24 months, 52 weeks, each step once.
	assert.equal(after.views.daily.length, 90);
	assert.equal(after.views.monthly.length, 24);
	assert.equal(after.members.joined.length, 52);
	assert.equal(after.members.verified.length, 24);
	const days = after.views.daily.map((x) => Date.parse(x.date + 'T00:00:00Z'));
	assert.ok(days.every((t, i) => i === 0 || t - days[i - 1] === 86400000));
	assert.equal(after.views.daily[89].date, new Date().toISOString().slice(0, 10));
	const weeks = after.members.joined.map((x) => new Date(x.week + 'T00:00:00Z'));
	assert.ok(weeks.every((t) => t.getUTCDay() === 1), 'weeks start on Monday');
});

/** Whether xml is one well-formed element: every tag closed in order, attributes quoted, no stray < or &. */
function wellFormed(xml) {
	const stack = [];
	const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
	let m, roots = 0;
	while ((m = re.exec(xml))) {
		if (m[6]) return `a stray < at ${m.index}`;
		if (m[5] !== undefined) {
			if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(m[5])) return `a bare & in ${m[5].slice(0, 40)}`;
			if (!stack.length && m[5].trim()) return 'text outside the root';
			continue;
		}
		if (!m[2]) continue;
		if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(m[3] || '')) return `a bare & in an attribute of ${m[2]}`;
		if (m[1]) {
			if (stack.pop() !== m[2]) return `</${m[2]}> closes the wrong element`;
		} else if (!m[4]) {
			if (!stack.length) roots++;
			stack.push(m[2]);
		} else if (!stack.length) roots++;
	}
	if (stack.length) return `unclosed ${stack.join(' ')}`;
	return roots === 1 ? null : `${roots} roots`;
}

test('the page: every chart an SVG that is well-formed XML, titled, whose numbers are its table\'s; the CSVs the same', async () => {
	const b = srv.browser();
	await b.signIn(editor.email, editor.password);
	const r = await b.get('/editor/dashboard');
	assertHtml(r, 200);
	const api0 = await figures();
	const figuresEls = r.text.split('<figure class="chart"').slice(1);
	assert.equal(figuresEls.length, 9, 'nine charts');
	const names = [];
	for (const f of figuresEls) {
		const name = f.match(/^ id="([a-z-]+)"/)[1];
		names.push(name);
		const svg = f.slice(f.indexOf('<svg'), f.indexOf('</svg>') + 6);
		assert.equal(wellFormed(svg), null, `${name}: ${wellFormed(svg)}`);
		assert.match(svg, /role="img"/);
		const labelled = svg.match(/aria-labelledby="([^"]+)"/)[1].split(/\s+/);
		for (const id of labelled) assert.ok(svg.includes(`id="${id}"`), `${name}: #${id} is in the SVG`);
		// The data's titles, in order, against the table's rows.
		const titles = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => decodeEntities(m[1])).filter((t) => /: [\d,]+$/.test(t));
		const table = f.slice(f.indexOf('<table'), f.indexOf('</table>'));
		const rows = tags(table, 'tr').length ? [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)] : [];
		assert.ok(rows.length > 0, `${name} has rows`);
		assert.deepEqual(titles.map((t) => t.replace(/^.*: /, '')), rows.map((m) => m[2]), `${name}: the SVG's numbers are the table's`);
		assert.match(f, new RegExp(`href="/editor/dashboard/${name}\\.csv"`));
		// The CSV: a header and one row per table row, the same numbers.
		const csv = await b.get(`/editor/dashboard/${name}.csv`);
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
		assert.match(csv.headers.get('content-disposition'), new RegExp(`attachment; filename="rounds-${name}-\\d{4}-\\d\\d-\\d\\d\\.csv"`));
		const lines = csv.text.split('\r\n').filter(Boolean);
		assert.equal(lines.length, rows.length + 1, `${name}: header and rows`);
		const values = lines.slice(1).map((l) => Number(l.match(/^(?:"(?:[^"]|"")*"|[^,]*),(\d+)/)[1]));
		const shown = rows.map((m) => Number(m[2].replace(/,/g, '')));
		// The page's own view (and its reader) counts after its figures were
		// read: the views' CSVs may be ahead of the page by exactly that.
		assert.equal(values.length, shown.length);
		if (name.startsWith('views-') || name === 'readers-daily') {
			const ahead = values.map((x, i) => x - shown[i]);
			assert.ok(ahead.every((x) => x === 0 || x === 1), `${name}: CSV = table but for the page's own view: ${ahead}`);
			if (name === 'views-sections') assert.equal(ahead[9], 1, 'the dashboard is an "other" page');
		} else assert.deepEqual(values, shown, `${name}: CSV = table`);
	}
	assert.deepEqual(names, ['views-daily', 'readers-daily', 'views-monthly', 'views-sections', 'members-type', 'members-country', 'members-specialty', 'verified-monthly', 'joined-weekly']);
	// The API's figures are the page's (the page read them a moment before).
	const countries = api0.members.by_country.map((x) => x.n);
	const csv = (await b.get('/editor/dashboard/members-country.csv')).text.split('\r\n').filter(Boolean).slice(1).map((l) => Number(l.match(/,(\d+)/)[1]));
	assert.deepEqual(csv, countries);
	// The page names what waits, with links to the queues.
	for (const href of ['/editor/verifications', '/editor/bloggers', '/editor/groups', '/editor/flags']) assert.ok(r.text.includes(`href="${href}"`));
	assert.ok(textOf(r.text).includes('Most read in'));
	// The editors' desk links to it.
	assert.match((await b.get('/editor')).text, /href="\/editor\/dashboard"/);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
