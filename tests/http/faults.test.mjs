// faults.test.mjs: a store that cannot be written (issue 11, "Faults";
// DESIGN.md "Bad input and faults"): every write answers 503 with the
// code read_only and the message below, every read keeps answering 200
// with what was there, the server stays up and exits 0, and nothing is
// lost or damaged; `rounds user`, `rounds register import` and `rounds
// mail digests` exit 1 saying the database refuses writes.  On SQLite: a
// disk that fills up while the server runs (the database on a 4 MB tmpfs,
// then a filler file), and a database on a read-only mount when the server
// starts.  On PostgreSQL: a database set
// to default_transaction_read_only.  The SQLite tests mount file systems,
// so they run as root (as the suite does on Debian 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Server, PG, assertJsonError, newRegistration, textOf, sleep } from './lib.mjs';

const READ_ONLY = 'Rounds cannot save anything just now; reading still works. Try again later.';

/**
 * `rounds register import` and `rounds mail digests` on SRV's store,
 * which refuses writes: exit 1, saying why in an operator's words
 * (cli_store_failed), as `rounds user` does.  FILE: where the extract may
 * be written.
 */
async function assertCliRefused(srv, file) {
	const refuses = 'the database refuses writes \\(it is read-only, or its disk is full\\)';
	fs.writeFileSync(file, 'gmc,7000123,Read Only,registered\n');
	const imp = await srv.cli(['register', 'import', file]);
	assert.equal(imp.code, 1, `rounds register import on a read-only database: ${imp.stdout}`);
	assert.match(imp.stderr, new RegExp(`rounds: cannot import the register \\(nothing was imported\\): ${refuses}`));
	const dg = await srv.cli(['mail', 'digests', '--now']);
	assert.equal(dg.code, 1, `rounds mail digests on a read-only database: ${dg.stdout}`);
	assert.match(dg.stderr, new RegExp(`rounds: cannot (make the digests|send the mail \\(what is queued stays queued\\)): ${refuses}`));
}

/* ---------- mounts ---------- */

function mount(...args) {
	execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Unmounts DIR if it is a mount point; lazily when it is busy.  Never throws. */
function unmount(dir) {
	if (spawnSync('mountpoint', ['-q', dir]).status !== 0) return;
	if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
}

/** Fills the file system of DIR with DIR/filler until no block is left. */
function fill(dir) {
	spawnSync('dd', ['if=/dev/zero', `of=${path.join(dir, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
	assert.equal(fs.statfsSync(dir).bavail, 0, `the file system of ${dir} still has room`);
}

function sha256(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** `sqlite3 FILE 'PRAGMA integrity_check'`: asserts "ok". */
function assertIntact(file) {
	const out = execFileSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
	assert.equal(out, 'ok', `integrity_check of ${file}`);
}

/* ---------- the site ---------- */

/** A verified doctor, signed in on a Browser and with an API token. */
const doctor = (srv) => srv.person(null, { verified: true });

const api = (srv, who, method, p, json) => srv.api(who, method, p, json);

/** What a doctor writes before the fault: a topic in the travel forum and a reply. */
async function writeBefore(srv, who, label) {
	const title = `Visas for a locum abroad ${label}`;
	const t = await api(srv, who, 'POST', '/forums/travel/topics', { title, body: `Which visa did you need, ${label}?` });
	assert.equal(t.status, 201, t.text);
	const id = t.json().id;
	assert.ok(id, `no topic id: ${t.text}`);
	const r = await api(srv, who, 'POST', `/topics/${id}/posts`, { body: `A work visa, sponsored by the trust ${label}.` });
	assert.equal(r.status, 201, r.text);
	return { id, title, bodies: [`Which visa did you need, ${label}?`, `A work visa, sponsored by the trust ${label}.`] };
}

/** Asserts a 503 read_only answer with the message that says reading still works. */
function assertReadOnly(res, what) {
	const j = assertJsonError(res, 503, 'read_only');
	assert.equal(j.error.message, READ_ONLY, `${what}: the message`);
	assert.ok(Number(res.headers.get('retry-after')) > 0, `${what}: Retry-After`);
}

/** Every kind of write answers 503 read_only: a topic, a reply, a registration, an API sign-in. */
async function assertWritesRefused(srv, who, topic) {
	assertReadOnly(await api(srv, who, 'POST', '/forums/travel/topics', { title: 'Refused topic', body: 'Not saved' }), 'new topic');
	assertReadOnly(await api(srv, who, 'POST', `/topics/${topic.id}/posts`, { body: 'Refused reply' }), 'reply');
	assertReadOnly(await srv.browser().post('/api/v1/members', { json: newRegistration() }), 'registration');
	// Signing in makes a session, which cannot be saved: the member is told
	// so plainly rather than being signed in to a session that does not exist.
	assertReadOnly(await srv.browser().post('/api/v1/session', { json: { email: who.email, password: who.password } }), 'sign-in');
}

/** Every read still answers 200 with what was written before. */
async function assertReadsWork(srv, who, topic) {
	const home = await who.b.get('/');
	assert.equal(home.status, 200, `GET /: ${home.text.slice(0, 300)}`);
	assert.ok(home.text.includes(who.handle) || home.text.includes(who.name), 'GET / shows the signed-in member');
	const page = await who.b.get(`/t/${topic.id}`);
	assert.equal(page.status, 200, `GET /t/${topic.id}`);
	const text = textOf(page.text);
	assert.ok(text.includes(topic.title), 'the topic page has its title');
	for (const b of topic.bodies) assert.ok(text.includes(b), `the topic page has "${b}"`);
	const me = await api(srv, who, 'GET', '/me');
	assert.equal(me.status, 200, me.text);
	assert.equal(me.json().handle, who.handle, `GET /api/v1/me: ${me.text}`);
	const t = await api(srv, who, 'GET', `/topics/${topic.id}`);
	assert.equal(t.status, 200, t.text);
	assert.equal(t.json().title, topic.title);
	assert.deepEqual(
		t.json().posts.map((p) => textOf(p.body_html ?? '')),
		topic.bodies,
		`GET /api/v1/topics/${topic.id}: the posts`,
	);
	const health = await fetch(`${srv.base}/healthz`);
	assert.equal(health.status, 200, '/healthz');
	assert.equal(srv.status, null, 'the server is still running');
}

/** The titles of the travel forum's topics. */
async function travelTitles(srv, who) {
	const r = await api(srv, who, 'GET', '/forums/travel/topics');
	assert.equal(r.status, 200, r.text);
	return r.json().topics.map((t) => t.title);
}

/* ---------- the tests ---------- */

test('SQLite, disk full: writes answer 503 read_only, reads work, and after room is made writes work and nothing is lost', { skip: PG ? 'SQLite only: fills the file system the database file is on' : false }, async () => {
	const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'rounds-full-'));
	const fsdir = path.join(tmp, 'fs');
	await fsp.mkdir(fsdir);
	const srv = new Server({ db: `sqlite:${path.join(fsdir, 'rounds.db')}` });
	try {
		mount('-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', fsdir);
		await srv.start();
		const who = await doctor(srv);
		const topic = await writeBefore(srv, who, 'before the disk filled');

		fill(fsdir);
		await assertWritesRefused(srv, who, topic);
		await assertReadsWork(srv, who, topic);
		assert.ok(!(await travelTitles(srv, who)).includes('Refused topic'), 'a refused topic was not saved');

		await fsp.rm(path.join(fsdir, 'filler'));
		const after = await api(srv, who, 'POST', '/forums/travel/topics', { title: 'Written once there was room', body: 'Saved.' });
		assert.equal(after.status, 201, after.text);
		const titles = await travelTitles(srv, who);
		assert.ok(titles.includes(topic.title) && titles.includes('Written once there was room'), `the topics: ${titles}`);
		assert.ok(!titles.includes('Refused topic'), 'a refused topic was not saved');
		await assertReadsWork(srv, who, topic);
		await srv.stop();
		assertIntact(path.join(fsdir, 'rounds.db'));
	} finally {
		await srv.kill();
		unmount(fsdir);
		await fsp.rm(tmp, { recursive: true, force: true });
	}
});

test('SQLite, a read-only database at start: the server starts, reads work, writes answer 503 read_only, the file is untouched', { skip: PG ? 'SQLite only: mounts the directory of the database file read-only' : false }, async () => {
	const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'rounds-ro-'));
	const rw = path.join(tmp, 'rw');
	const ro = path.join(tmp, 'ro');
	await fsp.mkdir(rw);
	await fsp.mkdir(ro);
	const srv = new Server({ db: `sqlite:${path.join(rw, 'rounds.db')}` });
	try {
		await srv.start();
		const who = await doctor(srv);
		const topic = await writeBefore(srv, who, 'before the mount');
		await srv.stop();
		assert.deepEqual(fs.readdirSync(rw).sort(), ['rounds.db'], 'after a clean shutdown only the database file is left (no -wal, no -shm)');
		const hash = sha256(path.join(rw, 'rounds.db'));
		const stat = fs.statSync(path.join(rw, 'rounds.db'));

		mount('--bind', rw, ro);
		mount('-o', 'remount,bind,ro', ro);
		srv.fixedDb = `sqlite:${path.join(ro, 'rounds.db')}`;
		await srv.restart(); // the same port, so the Browser's session cookie still applies
		const readOnlySince = Date.now();
		assert.match(srv.stderr, /level=warn event=store_open .*read-only: reading works, every write will answer 503/, 'the warning at start');
		const migrate = await srv.cli(['migrate']);
		assert.equal(migrate.code, 0, `rounds migrate on a current read-only database: ${migrate.stderr}`);
		assert.match(migrate.stdout, /^schema version \d+$/m);
		const add = await srv.cli(['user', 'add', 'ro.cli@example.org', '--name', 'Read Only', '--handle', 'readonlycli', '--type', 'doctor'], { stdin: 'a long enough pass phrase\n' });
		assert.equal(add.code, 1, `rounds user add on a read-only database: ${add.stdout}`);
		assert.match(add.stderr, /rounds: cannot add the member: the database refuses writes \(it is read-only, or its disk is full\)/);
		await assertCliRefused(srv, path.join(tmp, 'extract.csv'));
		await assertReadsWork(srv, who, topic);
		await assertWritesRefused(srv, who, topic);
		assert.deepEqual(await travelTitles(srv, who), [topic.title], 'nothing new in the forum');
		// The mail sender's claims fail on every pass: it waits longer
		// after each (2 s, then 8, 32...), so 6 s say it twice at most.
		await sleep(Math.max(0, 6000 - (Date.now() - readOnlySince)));
		const claims = srv.stderr.match(/event=mail msg="cannot claim mail/g) ?? [];
		assert.ok(claims.length >= 1 && claims.length <= 2, `the sender's failed claims in 6 s, logged: ${claims.length}`);
		await srv.stop();

		unmount(ro);
		assert.deepEqual(fs.readdirSync(rw).sort(), ['rounds.db'], 'no file was added beside the database');
		assert.equal(sha256(path.join(rw, 'rounds.db')), hash, 'the database file is byte for byte the same');
		assert.equal(fs.statSync(path.join(rw, 'rounds.db')).mtimeMs, stat.mtimeMs, 'the database file was not written');
		assertIntact(path.join(rw, 'rounds.db'));
	} finally {
		await srv.kill();
		unmount(ro);
		await fsp.rm(tmp, { recursive: true, force: true });
	}
});

test('SQLite, a read-only database whose schema is behind: migrate fails and says why', { skip: PG ? 'SQLite only: mounts the directory of the database file read-only' : false }, async () => {
	const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'rounds-ro-old-'));
	const rw = path.join(tmp, 'rw');
	const ro = path.join(tmp, 'ro');
	await fsp.mkdir(rw);
	await fsp.mkdir(ro);
	const srv = new Server({ db: `sqlite:${path.join(rw, 'rounds.db')}` });
	srv.dir = tmp; // for the CLI's environment; no server runs
	try {
		const m = await srv.cli(['migrate']);
		assert.equal(m.code, 0, m.stderr);
		const version = Number(m.stdout.match(/schema version (\d+)/)[1]);
		execFileSync('sqlite3', [path.join(rw, 'rounds.db'), `PRAGMA user_version = ${version - 1}`]);
		mount('--bind', rw, ro);
		mount('-o', 'remount,bind,ro', ro);
		srv.fixedDb = `sqlite:${path.join(ro, 'rounds.db')}`;
		const r = await srv.cli(['migrate']);
		assert.equal(r.code, 1, `migrate must fail: ${r.stdout}${r.stderr}`);
		assert.match(r.stderr, /rounds: migrations failed/);
		assert.match(
			r.stderr,
			new RegExp(`level=error event=store_migrate version=${version - 1} known=${version} err="the database is read-only, so its schema cannot be brought to this program's"`),
			'the log says why',
		);
	} finally {
		unmount(ro);
		await fsp.rm(tmp, { recursive: true, force: true });
	}
});

test('PostgreSQL, a read-only database: writes answer 503 read_only, reads work; made writable again, writes work and nothing was lost', { skip: PG ? false : 'PostgreSQL only: set ROUNDS_TEST_PG' }, async () => {
	const srv = new Server();
	const psql = (sql) => execFileSync('psql', [`${PG}/postgres`, '-qXc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
	let name = null;
	try {
		await srv.start();
		name = new URL(srv.db).pathname.slice(1);
		assert.match(name, /^[a-z0-9_]+$/, `the database's name: ${name}`);
		const who = await doctor(srv);
		const topic = await writeBefore(srv, who, 'before read only');

		psql(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
		await srv.stop();
		await srv.restart(); // new connections take the setting
		await assertWritesRefused(srv, who, topic);
		await assertCliRefused(srv, path.join(srv.dir, 'extract.csv'));
		await assertReadsWork(srv, who, topic);
		assert.deepEqual(await travelTitles(srv, who), [topic.title], 'nothing new in the forum');

		psql(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
		await srv.stop();
		await srv.restart();
		const after = await api(srv, who, 'POST', '/forums/travel/topics', { title: 'Written once writable', body: 'Saved.' });
		assert.equal(after.status, 201, after.text);
		const titles = await travelTitles(srv, who);
		assert.deepEqual(titles.slice().sort(), [topic.title, 'Written once writable'].sort(), `the topics: ${titles}`);
		await assertReadsWork(srv, who, topic);
		await srv.stop();
	} finally {
		await srv.kill();
		if (name) spawnSync('psql', [`${PG}/postgres`, '-qXc', `ALTER DATABASE ${name} RESET default_transaction_read_only`], { stdio: 'ignore' });
	}
});
