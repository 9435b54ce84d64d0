// bench/soak.mjs: what `make soak` runs (issue 11, "Faults"): the demo
// site under SOAK_SECONDS (1800) of mixed reads and writes from
// SOAK_CONNS (64) connections, then a report: requests, errors, and the
// server's resident memory minute by minute.  Exits 1 on any error (any
// answer but the one expected, or a failed connection) or when its heap
// grew by more than a fifth after the warm-up (the first sixth of the
// run, at most five minutes).  Not part of `make test`.
//
// The reads: topic pages and the forum index signed in, the home page
// signed out, a topic through the API, search, a forum, a profile.  The
// writes: likes and unlikes at the pace the connections go, and replies
// and new topics paced at SOAK_WRITES a second (6) over enough members
// that the posting limits never answer 429 (each member is made to look a
// week old, past the first day's stricter limits).
//
// SQLite by default, in a fresh folder; SOAK_PG=postgresql://USER@HOST:PORT
// (a server where USER may create a database) runs it on PostgreSQL.
//
// The server keeps pages between requests (ROUNDS_CACHE_MB), which fill
// to their budget and stay there.  The soak gives them SOAK_CACHE_MB (4):
// small enough to be full within the warm-up, so the heap's check after
// it stays strict, and they evict all along the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Site, pgDatabase, signInAll, sleep, pick } from './lib.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS || 1800);
const CONNS = Number(process.env.SOAK_CONNS || 64);
const WRITES = Number(process.env.SOAK_WRITES || 6);
const PG = process.env.SOAK_PG || '';
const CACHE_MB = process.env.SOAK_CACHE_MB || '4';
// Replies: 30 per member per 10 minutes; topics, one write in 20: 10 an
// hour.  Members enough for both at WRITES a second, with room to spare.
const MEMBERS = Math.max(CONNS, Math.ceil((WRITES * 600) / 20), Math.ceil((WRITES / 20) * 3600 / 8));
const PASSWORD = 'soak passphrase';

// The server's resident memory: its heap and stacks (RssAnon), which a
// leak grows, and the pages of files it maps (RssFile): SQLite maps the
// database (mmap_size), so those grow with the database and are the page
// cache's, not the server's.
function rss(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
	return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
}
const mb = (n) => (n / 1048576).toFixed(1);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-soak-'));
const site = new Site(PG ? pgDatabase(PG, `soak_${process.pid}`) : `sqlite:${path.join(dir, 'soak.db')}`, dir);
site.env.ROUNDS_CACHE_MB = CACHE_MB;

console.log(`soak: ${SECONDS} s at ${CONNS} connections, ${WRITES} posts a second, ${MEMBERS} writers, on ${PG ? 'PostgreSQL' : 'SQLite'}, caches ${CACHE_MB} MB`);
site.cli(['demo']);
// The writers, added in parallel pairs (each `user add` hashes a password).
const members = await site.addMembers({ prefix: 'soak', count: MEMBERS, password: PASSWORD, parallel: 2 });

const server = await site.serve();
const base = server.base;
await signInAll(base, members, PASSWORD, 4);

// What there is to read: the demo's forums, topics and search words.
const forums = (await (await fetch(`${base}/api/v1/forums`, { headers: { authorization: `Bearer ${members[0].token}` } })).json()).forums;
const topics = [];
const posts = []; // {id, author}: posts to like, with who wrote them
for (const f of forums) {
	const r = await fetch(`${base}/api/v1/forums/${f.slug}/topics`, { headers: { authorization: `Bearer ${members[0].token}` } });
	for (const t of (await r.json()).topics) topics.push(t.id);
}
const WORDS = ['sepsis', 'asthma', 'fracture', 'insulin', 'rota', 'cycling', 'ketoacidosis', 'paediatric', 'audit', 'night'];
const OFF_DUTY = forums.filter((f) => f.section === 'off_duty' && f.can_post).map((f) => f.slug);

const counts = { requests: 0, errors: 0, reads: 0, likes: 0, posts: 0 };
const firstErrors = [];
function error(what) {
	counts.errors++;
	if (firstErrors.length < 20) firstErrors.push(what);
}

async function expect(method, p, want, { m, bearer = false, json } = {}) {
	const headers = { 'x-forwarded-for': '10.9.0.2' };
	if (m && bearer) headers.authorization = `Bearer ${m.token}`;
	else if (m) headers.cookie = m.cookie;
	if (json !== undefined) headers['content-type'] = 'application/json';
	counts.requests++;
	try {
		const r = await fetch(base + p, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), redirect: 'manual', signal: AbortSignal.timeout(30000) });
		const body = await r.arrayBuffer();
		if (!want.includes(r.status)) {
			error(`${method} ${p} → ${r.status}: ${Buffer.from(body).toString().slice(0, 200)}`);
			return null;
		}
		return { status: r.status, body };
	} catch (e) {
		error(`${method} ${p} → ${e.cause?.code ?? e.name}: ${e.message}`);
		return null;
	}
}

let running = true;

// One connection's loop: reads, and a like and unlike now and then, as
// its own member (so no two connections like the same post at once).
async function connection(k) {
	const m = members[k % members.length];
	while (running) {
		const roll = Math.random();
		if (roll < 0.3) await expect('GET', `/t/${pick(topics)}`, [200], { m });
		else if (roll < 0.4) await expect('GET', '/forums', [200], { m });
		else if (roll < 0.5) await expect('GET', '/', [200]);
		else if (roll < 0.6) await expect('GET', `/api/v1/topics/${pick(topics)}`, [200], { m, bearer: true });
		else if (roll < 0.7) await expect('GET', `/search?q=${pick(WORDS)}`, [200], { m });
		else if (roll < 0.75) await expect('GET', `/f/${pick(forums).slug}`, [200], { m });
		else if (roll < 0.8) await expect('GET', `/u/${pick(members).handle}`, [200], { m });
		else {
			const p = posts.length ? pick(posts) : null;
			if (!p || p.author === m.handle) {
				await sleep(10);
				continue;
			}
			if (await expect('POST', `/api/v1/posts/${p.id}/like`, [200], { m, bearer: true }))
				await expect('DELETE', `/api/v1/posts/${p.id}/like`, [200], { m, bearer: true });
			counts.likes++;
			continue;
		}
		counts.reads++;
	}
}

// The paced writer: a reply (or, one in 20, a new topic) every 1/WRITES s,
// from the members in turn.
async function writer() {
	let n = 0;
	const start = Date.now();
	const ours = []; // replies go to the topics the soak opened (the demo has locked ones)
	while (running) {
		const m = members[(n % 20 === 0 ? n / 20 : n) % members.length];
		if (n % 20 === 0) {
			const r = await expect('POST', `/api/v1/forums/${pick(OFF_DUTY)}/topics`, [201], {
				m,
				bearer: true,
				json: { title: `Soak topic ${n}: weekend plans`, body: 'Anyone riding the coast road this weekend? Looking for company.' },
			});
			if (r) {
				const t = JSON.parse(Buffer.from(r.body).toString());
				topics.push(t.id);
				ours.push(t.id);
				posts.push({ id: t.posts[0].id, author: m.handle });
			}
		} else if (ours.length) {
			const r = await expect('POST', `/api/v1/topics/${pick(ours.slice(-50))}/posts`, [201], {
				m,
				bearer: true,
				json: { body: `Reply ${n}: count me in, I will bring the spare tubes.` },
			});
			if (r) posts.push({ id: JSON.parse(Buffer.from(r.body).toString()).id, author: m.handle });
		}
		counts.posts++;
		n++;
		const due = start + (n * 1000) / WRITES;
		await sleep(Math.max(0, due - Date.now()));
	}
}

const t0 = Date.now();
const warm = Math.min(300, SECONDS / 6);
let warmRss = null;
const startRss = rss(server.pid);
let peakAnon = startRss.anon;
const loops = [...Array.from({ length: CONNS - 1 }, (_, k) => connection(k)), writer()];
console.log(`   min  requests      rps  errors  posts  heap MB  files MB`);
let last = { t: t0, requests: 0 };
while ((Date.now() - t0) / 1000 < SECONDS && server.exit === null) {
	await sleep(Math.min(60000, SECONDS * 1000 - (Date.now() - t0) + 10));
	const now = Date.now();
	const r = rss(server.pid);
	peakAnon = Math.max(peakAnon, r.anon);
	if (!warmRss && (now - t0) / 1000 >= warm) warmRss = r;
	const rps = ((counts.requests - last.requests) * 1000) / (now - last.t);
	console.log(`${((now - t0) / 60000).toFixed(1).padStart(6)} ${String(counts.requests).padStart(9)} ${rps.toFixed(0).padStart(8)} ${String(counts.errors).padStart(7)} ${String(counts.posts).padStart(6)} ${mb(r.anon).padStart(8)} ${mb(r.file).padStart(9)}`);
	last = { t: now, requests: counts.requests };
}
running = false;
await Promise.all(loops);
const endRss = server.exit ? { anon: 0, file: 0 } : rss(server.pid);
const exited = await server.stop();

const secs = (Date.now() - t0) / 1000;
console.log(`soak: ${counts.requests} requests in ${secs.toFixed(0)} s (${(counts.requests / secs).toFixed(0)}/s): ${counts.reads} reads, ${counts.likes} like+unlike pairs, ${counts.posts} posts; ${counts.errors} errors`);
console.log(`soak: server heap (RssAnon) ${mb(startRss.anon)} MB at the start, ${mb(warmRss?.anon ?? 0)} MB after ${warm.toFixed(0)} s of warm-up, ` +
	`${mb(endRss.anon)} MB at the end, ${mb(peakAnon)} MB at most; mapped files ${mb(startRss.file)} MB then ${mb(endRss.file)} MB; exit ${JSON.stringify(exited)}`);
for (const e of firstErrors) console.log(`  error: ${e}`);
let failed = counts.errors > 0 || exited.code !== 0;
if (warmRss && endRss.anon > warmRss.anon * 1.2) {
	console.log(`soak: the heap grew by ${(((endRss.anon - warmRss.anon) / warmRss.anon) * 100).toFixed(0)}% after the warm-up`);
	failed = true;
}
if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(server.log)) {
	console.log(`soak: a sanitizer report in the server's log:\n${server.log.slice(-4000)}`);
	failed = true;
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(failed ? 'soak: FAILED' : 'soak: passed');
process.exit(failed ? 1 : 0);
