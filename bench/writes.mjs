// bench/writes.mjs: what `make bench-writes` runs (issue 11, "Write
// throughput: new replies per second sustained with full durability").
// For each store, a fresh demo site; 20 topics opened in an off-duty forum;
// then, for WRITES_SECONDS (20), WRITES_CONNS writers (1, then 16, then 64)
// each post replies through the API (POST /api/v1/topics/ID/posts) one
// after the other, as the members in turn, to random topics of the 20.
// Reported per run: replies a second, p50 and p99 latency of a reply,
// errors (any answer but 201, or a failed connection: the first few are
// printed), and replies lost: after each run every reply answered 201 is
// looked for in the database (its id, and the count of rows in the 20
// topics against their opening posts plus every 201 so far).  Each run's
// line also gives the notifications a reply made: a reply notifies every
// other member watching its topic, and replying makes one a watcher, so
// this grows as the run goes on and is part of what a reply costs.  Exits
// 1 on any error or lost reply.  Not part of `make test`.
//
// Full durability: SQLite as the server sets it (WAL, synchronous = FULL:
// each commit waits for its fsync), in a fresh folder under the system's
// temporary folder (which must be on a real disk for the figure to mean
// anything); PostgreSQL in a throw-away cluster (scripts/pg.sh) started with
// PG_DURABLE=1, that is with its defaults, fsync, full_page_writes and
// synchronous_commit on (checked before measuring).  A reply is two
// commits on the server: the posting limit's count, then the post.
//
// The reference, measured in the same run and in the same folder as the
// store's files: the disk's own commit rate, a small append and
// fdatasync() in a loop for 5 s, as fsyncs a second.  The figure to
// compare between machines and changes is the ratio replies/s ÷ fsyncs/s,
// never replies/s alone.
//
// The posting limit is per member only (src/http/ratelimit.c: 30 replies
// in 10 minutes past a member's first day; none per address), so the
// writers are verified doctors made a week old, enough of them that none
// reaches 30 in a run: a 3 s probe at the most connections sizes the pool
// (or WRITES_MEMBERS), and the limits' counts are cleared between runs.
// Each `rounds user add` and each sign-in hashes a password, so making the
// members takes a while on a small machine.
//
// Settings: WRITES_STORES (sqlite, postgresql, or both: the default),
// WRITES_SECONDS (20), WRITES_CONNS (1,16,64: a number or a list),
// WRITES_MEMBERS (sized by the probe).  The server runs with its defaults
// (one HTTP thread per core); the writers share the machine with it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, Site, pgDatabase, signInAll, pick } from './lib.mjs';

const SECONDS = Number(process.env.WRITES_SECONDS || 20);
const CONNS = (process.env.WRITES_CONNS || '1,16,64').split(',').map(Number);
const STORES = (process.env.WRITES_STORES || 'sqlite,postgresql').split(',').map((s) => s.trim());
const MEMBERS = Number(process.env.WRITES_MEMBERS || 0);
const TOPICS = 20;
const REPLY_LIMIT = 30; // replies a member may post in 10 minutes (src/http/ratelimit.c)
const PROBE_SECONDS = 3;
const REFERENCE_SECONDS = 5;
const PASSWORD = 'writes passphrase';
const PG_SH = path.join(ROOT, 'scripts/pg.sh');

for (const s of STORES)
	if (s !== 'sqlite' && s !== 'postgresql') {
		console.log(`writes: WRITES_STORES: no store "${s}" (sqlite, postgresql)`);
		process.exit(2);
	}
if (CONNS.some((c) => !(c >= 1)) || !(SECONDS > 0)) {
	console.log('writes: WRITES_CONNS must be numbers of connections, WRITES_SECONDS a number of seconds');
	process.exit(2);
}

// The disk's commit rate in `dir`: appends of 64 bytes, each followed by
// fdatasync(), for `seconds`.  Answers fsyncs a second.
function fsyncRate(dir, seconds) {
	const file = path.join(dir, 'fsync-reference');
	const fd = fs.openSync(file, 'a');
	const line = Buffer.from('x'.repeat(63) + '\n');
	let n = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < seconds * 1000) {
		fs.writeSync(fd, line);
		fs.fdatasyncSync(fd);
		n++;
	}
	const rate = n / ((performance.now() - t0) / 1000);
	fs.closeSync(fd);
	fs.rmSync(file);
	return rate;
}

// The value at quantile q of sorted numbers (nearest rank).
const quantile = (sorted, q) => (sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] : NaN);

// Answers the JSON of a 201 from POST `p` as member m, or throws.
async function create(base, m, p, json) {
	const r = await fetch(base + p, {
		method: 'POST',
		headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(json),
	});
	const text = await r.text();
	if (r.status !== 201) throw new Error(`POST ${p} → ${r.status}: ${text.slice(0, 200)}`);
	return JSON.parse(text);
}

// One run: `conns` writers for `seconds`, each posting replies one after
// the other, as the members in turn, to random topics of `topics`.  Stops
// early when every member has posted their limit (then `ranOut`).  Answers
// {conns, seconds, ids (of the replies answered 201), latencies (ms,
// sorted), errors, firstErrors, ranOut}.
async function run(base, topics, members, conns, seconds) {
	const out = { conns, ids: [], latencies: [], errors: 0, firstErrors: [], ranOut: false };
	const cap = members.length * REPLY_LIMIT;
	let issued = 0;
	const error = (what) => {
		out.errors++;
		if (out.firstErrors.length < 5) out.firstErrors.push(what);
	};
	const t0 = performance.now();
	const end = t0 + seconds * 1000;
	async function writer() {
		while (performance.now() < end) {
			if (issued >= cap) return void (out.ranOut = true);
			const n = issued++;
			const m = members[n % members.length];
			const p = `/api/v1/topics/${pick(topics)}/posts`;
			const t = performance.now();
			try {
				const r = await fetch(base + p, {
					method: 'POST',
					headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
					body: JSON.stringify({ body: `Reply ${n}: count me in for the **Sunday ride**, I will bring the spare tubes and a pump.` }),
					signal: AbortSignal.timeout(30000),
				});
				const text = await r.text();
				if (r.status === 201) {
					out.latencies.push(performance.now() - t);
					out.ids.push(JSON.parse(text).id);
				} else error(`POST ${p} → ${r.status}: ${text.slice(0, 200)}`);
			} catch (e) {
				error(`POST ${p} → ${e.cause?.code ?? e.name}: ${e.message}`);
			}
		}
	}
	await Promise.all(Array.from({ length: conns }, writer));
	out.seconds = (performance.now() - t0) / 1000;
	out.latencies.sort((a, b) => a - b);
	return out;
}

// Whether every reply answered 201 so far is in the database: each id of
// this run, and the rows of the topics against their opening posts and
// every 201 since they were opened (`acked`).  Answers the replies lost,
// the rows found beyond those acknowledged (writes whose answer was an
// error or never came: not lost, but worth a note), and the notifications
// the run's replies made (each reply notifies every other member watching
// its topic, and a member who replies watches it: the fan-out grows as
// more members reply, which is part of what a reply costs).
function check(site, topics, ids, acked) {
	const count = (q) => {
		const n = Number(site.sql(q).trim());
		if (!Number.isInteger(n)) throw new Error(`counting the replies: ${q.slice(0, 80)}: no number`);
		return n;
	};
	const rows = count(`SELECT count(*) FROM posts WHERE topic_id IN (${topics.join(', ')});`);
	const found = ids.length ? count(`SELECT count(*) FROM posts WHERE id IN (${ids.join(', ')});`) : 0;
	const notified = ids.length ? count(`SELECT count(*) FROM notifications WHERE post_id IN (${ids.join(', ')});`) : 0;
	const expected = topics.length + acked;
	return { lost: Math.max(ids.length - found, expected - rows), extra: Math.max(0, rows - expected), fanout: ids.length ? notified / ids.length : 0 };
}

const cleanups = []; // what to undo, last first, also on SIGINT
function cleanUp() {
	while (cleanups.length) {
		try {
			cleanups.pop()();
		} catch (e) {
			console.log(`writes: cleaning up: ${e.message}`);
		}
	}
}
for (const sig of ['SIGINT', 'SIGTERM'])
	process.on(sig, () => {
		cleanUp();
		process.exit(1);
	});

// One store: its site, members and topics, the reference, then a run at
// each number of connections.  Answers the table's rows.
async function measure(kind) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rounds-writes-${kind}-`));
	cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
	let db, refDir;
	if (kind === 'postgresql') {
		// As root the cluster belongs to `postgres`, which must enter the folder.
		fs.chmodSync(dir, 0o755);
		refDir = path.join(dir, 'pg');
		const url = execFileSync(PG_SH, ['start', refDir], { env: { ...process.env, PG_DURABLE: '1' } }).toString().trim();
		cleanups.push(() => execFileSync(PG_SH, ['stop', refDir]));
		db = pgDatabase(url.replace(/\/postgres$/, ''), 'writes');
	} else {
		refDir = dir;
		db = `sqlite:${path.join(dir, 'writes.db')}`;
	}
	const site = new Site(db, dir);
	const t0 = performance.now();
	site.cli(['demo']);
	const maxConns = Math.max(...CONNS);
	let members = await site.addMembers({ prefix: 'writer', count: Math.max(TOPICS, MEMBERS || maxConns), password: PASSWORD, parallel: 4 });
	const server = await site.serve();
	cleanups.push(() => server.proc.kill('SIGTERM'));
	const base = server.base;
	await signInAll(base, members, PASSWORD, 4);
	if (kind === 'postgresql') {
		const settings = site.sql('SHOW fsync; SHOW full_page_writes; SHOW synchronous_commit;').split('\n').filter(Boolean);
		if (settings.join(' ') !== 'on on on') throw new Error(`PostgreSQL is not durable: fsync, full_page_writes, synchronous_commit = ${settings.join(', ')}`);
	} else if (site.sql('PRAGMA journal_mode;').trim() !== 'wal') throw new Error('the SQLite database is not in WAL mode');

	const forums = (await (await fetch(`${base}/api/v1/forums`, { headers: { authorization: `Bearer ${members[0].token}` } })).json()).forums;
	const forum = forums.find((f) => f.section === 'off_duty' && f.can_post);
	if (!forum) throw new Error('the demo site has no off-duty forum to post in');
	const topics = [];
	for (let i = 0; i < TOPICS; i++) {
		const t = await create(base, members[i % members.length], `/api/v1/forums/${forum.slug}/topics`, {
			title: `Writes topic ${i}: the Sunday ride`,
			body: 'Anyone riding the coast road on Sunday? Looking for company, any pace.',
		});
		topics.push(t.id);
	}

	let acked = 0;
	let failed = false;
	const report = (r) => {
		for (const e of r.firstErrors) console.log(`  error: ${e}`);
		failed ||= r.errors > 0 || r.lost > 0;
	};
	if (!MEMBERS) {
		// The probe: the pool for the longest run at the highest rate seen,
		// half as many again, and one member a connection for the replies
		// in flight when a run ends.
		const p = await run(base, topics, members, maxConns, PROBE_SECONDS);
		acked += p.ids.length;
		Object.assign(p, check(site, topics, p.ids, acked));
		report(p);
		const rate = p.ids.length / p.seconds;
		const need = Math.ceil((rate * SECONDS * 1.5) / REPLY_LIMIT) + maxConns;
		console.log(`writes: ${kind}: probe ${rate.toFixed(0)} replies/s at ${maxConns} connections; ${need} members`);
		if (need > members.length) {
			const more = await site.addMembers({ prefix: 'writer', from: members.length, count: need - members.length, password: PASSWORD, parallel: 4 });
			await signInAll(base, more, PASSWORD, 4);
			members = members.concat(more);
		}
	}
	console.log(`writes: ${kind}: ready in ${((performance.now() - t0) / 1000).toFixed(0)} s (${members.length} members, ${TOPICS} topics in ${forum.slug})`);

	// The store's own pending writes first, so that the reference measures
	// the disk and not a checkpoint of the setup's writes.
	site.sql(kind === 'postgresql' ? 'CHECKPOINT;' : 'PRAGMA wal_checkpoint(TRUNCATE);');
	const fsyncs = fsyncRate(refDir, REFERENCE_SECONDS);
	console.log(`writes: ${kind}: the disk commits ${fsyncs.toFixed(0)} fsyncs/s in ${refDir}`);
	const rows = [];
	for (const conns of CONNS) {
		site.sql('DELETE FROM rate_limits;'); // each run starts with every member's allowance whole
		const r = await run(base, topics, members, conns, SECONDS);
		acked += r.ids.length;
		Object.assign(r, check(site, topics, r.ids, acked));
		if (r.ranOut) {
			r.errors++;
			r.firstErrors.push(`the ${members.length} members posted their limit after ${r.ids.length + r.errors - 1} replies: set WRITES_MEMBERS higher`);
		}
		const row = { store: kind, conns, rate: r.ids.length / r.seconds, p50: quantile(r.latencies, 0.5), p99: quantile(r.latencies, 0.99), errors: r.errors, lost: r.lost, fsyncs };
		rows.push(row);
		console.log(`writes: ${kind}: ${conns} connections: ${r.ids.length} replies in ${r.seconds.toFixed(1)} s, ${row.rate.toFixed(0)}/s, ` +
			`p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ${r.errors} errors, ${r.lost} lost, ${r.fanout.toFixed(0)} notifications a reply` + (r.extra ? `, ${r.extra} written without a 201` : ''));
		report(r);
	}
	const exited = await server.stop();
	if (exited.code !== 0) {
		console.log(`writes: ${kind}: the server exited ${JSON.stringify(exited)}:\n${server.log.slice(-4000)}`);
		failed = true;
	}
	cleanUp();
	return { rows, failed };
}

const began = performance.now();
console.log(`writes: ${STORES.join(' and ')}, ${SECONDS} s at ${CONNS.join(', ')} connections, replies to ${TOPICS} topics, full durability`);
const rows = [];
let failed = false;
for (const kind of STORES) {
	try {
		const r = await measure(kind);
		rows.push(...r.rows);
		failed ||= r.failed;
	} catch (e) {
		console.log(`writes: ${kind}: ${e.stack}`);
		cleanUp();
		failed = true;
	}
}

console.log('');
console.log('store       conns  replies/s   p50 ms   p99 ms  errors  lost  fsyncs/s  replies/fsync');
for (const r of rows)
	console.log(`${r.store.padEnd(10)} ${String(r.conns).padStart(6)} ${r.rate.toFixed(1).padStart(10)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ` +
		`${String(r.errors).padStart(7)} ${String(r.lost).padStart(5)} ${r.fsyncs.toFixed(0).padStart(9)} ${(r.rate / r.fsyncs).toFixed(3).padStart(14)}`);
console.log(`writes: took ${((performance.now() - began) / 1000).toFixed(0)} s`);
console.log(failed ? 'writes: FAILED' : 'writes: passed');
process.exit(failed ? 1 : 0);
