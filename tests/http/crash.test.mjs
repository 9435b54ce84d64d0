// crash.test.mjs: the crash test (issue 11, "Faults").  Several clients
// write at once (registrations, new topics, replies) while the server is
// killed with SIGKILL at a random moment, 20 times over; after each restart
// every write that was answered 2xx must be there, whole, and after the last
// one the database must pass `rounds check`.  Writes cut off by the kill
// (no answer, or a reset connection) may or may not be there: nobody was
// told they were saved.  Runs on SQLite, and on PostgreSQL when the suite
// runs with ROUNDS_TEST_PG.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Browser, unique, sleep } from './lib.mjs';

const KILLS = 20;
const WRITERS = 4;
const MEMBERS = 16;
const FORUMS = ['travel', 'cycling', 'book-club', 'journal-club'];

const servers = [];
after(async () => {
	for (const s of servers) await s.kill();
});

// A seeded generator, so a failing run can be told apart from the next
// (the seed is printed) while each run still kills at new moments.
const seed = Number(process.env.ROUNDS_CRASH_SEED ?? Date.now() % 100000);
let state = seed || 1;
function rand() {
	state = (state * 48271) % 2147483647;
	return state / 2147483647;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

/**
 * One write by one client.  Resolves to the acknowledged write; null when
 * it was refused (a 4xx, a 503); 'cut' when the kill cut it off.
 */
async function writeOnce(srv, members, topics) {
	const roll = rand();
	const b = new Browser(srv); // a fresh address: the registration limit is per address
	try {
		if (roll < 0.15 || !members.some((m) => m.budget > 0)) {
			const h = unique('r');
			const body = { email: `${h}@example.org`, password: 'durable passphrase', name: `Crash ${h}`, handle: h, type: 'student', country: 'IE' };
			const r = await b.post('/api/v1/members', { json: body, timeout: 10000 });
			return r.status === 201 ? { kind: 'member', email: body.email, id: r.json().id } : null;
		}
		const m = pick(members.filter((x) => x.budget > 0));
		m.budget--;
		const mark = unique('w');
		if (roll < 0.4 || topics.length === 0) {
			const title = `Crash topic ${mark}`;
			const text = `Opening post ${mark}, written under load.`;
			const r = await b.post(`/api/v1/forums/${pick(FORUMS)}/topics`, { json: { title, body: text }, bearer: m.token, timeout: 10000 });
			if (r.status !== 201) return null;
			const t = r.json();
			topics.push(t.id);
			return { kind: 'topic', id: t.id, post: t.posts[0].id, title, mark };
		}
		const topic = pick(topics);
		const r = await b.post(`/api/v1/topics/${topic}/posts`, { json: { body: `Reply ${mark}, written under load.` }, bearer: m.token, timeout: 10000 });
		return r.status === 201 ? { kind: 'reply', id: r.json().id, topic, mark } : null;
	} catch {
		return 'cut'; // the connection died with the server: not acknowledged
	}
}

/** Every post of topic ID as {id: body_html}, read through the API, page by page. */
async function postsOf(srv, token, id) {
	const b = new Browser(srv);
	const first = await b.get(`/api/v1/topics/${id}`, { bearer: token });
	assert.equal(first.status, 200, `topic ${id} is there: ${first.status} ${first.text.slice(0, 200)}`);
	const t = first.json();
	const out = new Map(t.posts.map((p) => [p.id, p.body_html]));
	const pages = Math.ceil((t.replies + 1) / 20);
	for (let page = 2; page <= pages; page++) {
		const r = await b.get(`/api/v1/topics/${id}?page=${page}`, { bearer: token });
		assert.equal(r.status, 200);
		for (const p of r.json().posts) out.set(p.id, p.body_html);
	}
	return { topic: t, posts: out };
}

/** Asserts that every acknowledged write in ACKED is there, whole. */
async function assertAllThere(srv, reader, acked) {
	const topicIds = new Set();
	for (const w of acked) {
		if (w.kind === 'topic') topicIds.add(w.id);
		if (w.kind === 'reply') topicIds.add(w.topic);
	}
	const read = new Map();
	for (const id of topicIds) read.set(id, await postsOf(srv, reader, id));
	for (const w of acked) {
		if (w.kind === 'member') {
			// Registering the same address again is refused: the first one is there.
			const again = await new Browser(srv).post('/api/v1/members', {
				json: { email: w.email, password: 'durable passphrase', name: 'Again', handle: unique('g'), type: 'student', country: 'IE' },
			});
			assert.equal(again.status, 409, `the acknowledged registration of ${w.email} survived: ${again.status} ${again.text}`);
		} else if (w.kind === 'topic') {
			const { topic, posts } = read.get(w.id);
			assert.equal(topic.title, w.title, `topic ${w.id} kept its title`);
			assert.match(posts.get(w.post) ?? '', new RegExp(w.mark), `topic ${w.id}'s opening post ${w.post} is whole`);
		} else {
			const { posts } = read.get(w.topic);
			assert.ok(posts.has(w.id), `the acknowledged reply ${w.id} in topic ${w.topic} survived`);
			assert.match(posts.get(w.id), new RegExp(w.mark), `reply ${w.id} is the one acknowledged, whole`);
		}
	}
}

test(`${KILLS} kills with SIGKILL under a load of writes: every acknowledged write survives, and rounds check passes`, async () => {
	console.log(`crash test seed ${seed} (ROUNDS_CRASH_SEED=${seed} repeats the draw)`);
	const srv = new Server();
	servers.push(srv);
	await srv.start();

	// The writers: verified doctors made to look a week old, so the
	// first-day posting limits do not end the load early.
	const members = [];
	for (let i = 0; i < MEMBERS; i++) members.push(await srv.newMember({ verified: true, name: `Writer ${i}` }));
	srv.sql(`UPDATE members SET created_at = created_at - ${7 * 24 * 3600}`);
	for (const m of members) {
		const s = await new Browser(srv).apiSignIn(m.email, m.password);
		m.token = s.token;
		m.budget = 30; // replies and topics each member may post before the limits answer 429
	}
	const reader = members[0].token;

	const acked = [];
	const topics = [];
	const ids = new Set();
	let cutOff = 0;
	for (let round = 0; round < KILLS; round++) {
		let running = true;
		const thisRound = [];
		const workers = Array.from({ length: WRITERS }, async () => {
			while (running) {
				const w = await writeOnce(srv, members, topics);
				if (w === 'cut') cutOff++;
				else if (w) thisRound.push(w); // even one answered in the instant of the kill
				await sleep(Math.floor(rand() * 15));
			}
		});
		await sleep(150 + Math.floor(rand() * 750));
		await srv.kill9();
		running = false;
		await Promise.all(workers);
		srv.assertNoSanitizerReport();
		await srv.restart();
		await assertAllThere(srv, reader, thisRound);
		for (const w of thisRound) {
			const key = `${w.kind === 'member' ? 'm' : 'p'}${w.kind === 'topic' ? w.post : w.id}`;
			assert.ok(!ids.has(key), `${key} was acknowledged twice: an id was given again after a kill`);
			ids.add(key);
		}
		acked.push(...thisRound);
	}

	// All of it once more, at the end, and the kinds all took part.
	await assertAllThere(srv, reader, acked);
	const kinds = new Set(acked.map((w) => w.kind));
	assert.deepEqual([...kinds].sort(), ['member', 'reply', 'topic'], 'registrations, topics and replies were all acknowledged');
	assert.ok(acked.length >= 100, `a load of writes: ${acked.length} acknowledged`);
	console.log(`crash test: ${acked.length} writes acknowledged over ${KILLS} kills (${acked.filter((w) => w.kind === 'member').length} registrations, ` +
		`${acked.filter((w) => w.kind === 'topic').length} topics, ${acked.filter((w) => w.kind === 'reply').length} replies); ${cutOff} cut off by a kill`);

	// A clean stop, then the check on the database as it was left.
	srv.proc.kill('SIGTERM');
	assert.deepEqual(await srv.exited, { code: 0, signal: null }, srv.stderrTail());
	srv.assertNoSanitizerReport();
	const check = await srv.cli(['check']);
	assert.equal(check.code, 0, `rounds check after ${KILLS} kills:\n${check.stdout}${check.stderr}`);
	assert.match(check.stdout, /^the database is sound$/m);
	await srv.cleanup();
});
