// cli.test.mjs: the command line (behaviour.md, "CLI"): help, migrate,
// user add (password on stdin, --verified, bad input), user role, suspend and
// unsuspend (and each when the audit log refuses its row), exit statuses
// (0 ok, 1 error, 2 usage), ROUNDS_DB, and `rounds demo`: it prints the
// six accounts and the password, and each account signs in with the
// handle, type, verification and roles behaviour.md gives it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server, startServer, run, BIN, unique, textOf, freshDb, PG } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

function noSanitizer(r) {
	assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error:|LeakSanitizer/, r.stderr);
}

test('rounds help → exit 0, lists the subcommands', async () => {
	const r = await run(BIN, ['help']);
	noSanitizer(r);
	assert.equal(r.code, 0, r.stderr);
	const out = r.stdout + r.stderr;
	for (const w of ['serve', 'migrate', 'demo', 'user']) assert.match(out, new RegExp(`\\b${w}\\b`), `help mentions ${w}`);
});

test('an unknown subcommand or no subcommand → exit 2 with a message on stderr', async () => {
	for (const args of [['frobnicate'], [], ['user'], ['user', 'frob', 'a@b.c']]) {
		const r = await run(BIN, args);
		noSanitizer(r);
		assert.equal(r.code, 2, `rounds ${args.join(' ')} → ${r.code}`);
		assert.ok(r.stderr.trim().length > 0, `rounds ${args.join(' ')}: a message on stderr`);
	}
});

test('rounds migrate on a fresh database → 0, and again → 0', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-cli-'));
	try {
		const db = freshDb(dir, 'm.db');
		for (let i = 0; i < 2; i++) {
			const r = await run(BIN, ['migrate', '--db', db]);
			noSanitizer(r);
			assert.equal(r.code, 0, r.stderr);
		}
		// ROUNDS_DB works in place of --db.
		const r = await run(BIN, ['migrate'], { env: { ...process.env, ROUNDS_DB: db } });
		assert.equal(r.code, 0, r.stderr);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('rounds user add (password on stdin) → 0; the member is confirmed and signs in', async () => {
	const h = unique('c');
	const r = await srv.cli(['user', 'add', `${h}@example.org`, '--name', 'Cli Added', '--handle', h, '--type', 'student'], { stdin: 'a cli passphrase\n' });
	assert.equal(r.code, 0, r.stderr);
	const { member } = await srv.browser().apiSignIn(`${h}@example.org`, 'a cli passphrase');
	assert.equal(member.handle, h);
	assert.equal(member.type, 'student');
	assert.equal(member.verified, false);
	assert.equal(member.confirmed, true);
	const p = await srv.browser().get(`/u/${h}`);
	assert.equal(p.status, 200);
	assert.match(textOf(p.text), /Medical student/);
});

test('rounds user add --verified → a verified doctor with the badge', async () => {
	const h = unique('v');
	const r = await srv.cli(['user', 'add', `${h}@example.org`, '--name', 'Dr Verified', '--handle', h, '--type', 'doctor', '--verified'], { stdin: 'a cli passphrase\n' });
	assert.equal(r.code, 0, r.stderr);
	const { member } = await srv.browser().apiSignIn(`${h}@example.org`, 'a cli passphrase');
	assert.equal(member.verified, true);
	assert.match(textOf((await srv.browser().get(`/u/${h}`)).text), /Verified doctor/);
});

test('rounds user add with bad input → non-zero, message on stderr, nothing added', async () => {
	const h = unique('x');
	const cases = [
		[['--name', 'X', '--handle', h, '--type', 'wizard'], 'a bad type'],
		[['--name', 'X', '--handle', 'no', '--type', 'doctor'], 'a short handle'],
		[['--name', '', '--handle', h, '--type', 'doctor'], 'an empty name'],
		[['--handle', h, '--type', 'doctor'], 'no --name'],
		[['--name', 'X', '--type', 'doctor'], 'no --handle'],
	];
	for (const [args, why] of cases) {
		const r = await srv.cli(['user', 'add', `${h}@example.org`, ...args], { stdin: 'a cli passphrase\n' });
		assert.notEqual(r.code, 0, `${why}: exit ${r.code}`);
		assert.ok(r.stderr.trim(), `${why}: a message on stderr`);
	}
	const bad = await srv.cli(['user', 'add', 'not-an-email', '--name', 'X', '--handle', h, '--type', 'doctor'], { stdin: 'a cli passphrase\n' });
	assert.notEqual(bad.code, 0, 'a bad email');
	const short = await srv.cli(['user', 'add', `${h}@example.org`, '--name', 'X', '--handle', h, '--type', 'doctor'], { stdin: 'short\n' });
	assert.notEqual(short.code, 0, 'a short password');
	const none = await srv.cli(['user', 'add', `${h}@example.org`, '--name', 'X', '--handle', h, '--type', 'doctor'], { stdin: '' });
	assert.notEqual(none.code, 0, 'no password at all');
	const r = await srv.browser().post('/api/v1/session', { json: { email: `${h}@example.org`, password: 'a cli passphrase' } });
	assert.equal(r.status, 401, 'nothing was added');
});

test('rounds user add with a taken email or handle → exit 1', async () => {
	const m = await srv.newMember();
	const dupEmail = await srv.cli(['user', 'add', m.email.toUpperCase(), '--name', 'Dup', '--handle', unique('d'), '--type', 'doctor'], { stdin: 'a cli passphrase\n' });
	assert.equal(dupEmail.code, 1, `taken email: ${dupEmail.code}`);
	assert.ok(dupEmail.stderr.trim());
	const dupHandle = await srv.cli(['user', 'add', `${unique('d')}@example.org`, '--name', 'Dup', '--handle', m.handle, '--type', 'doctor'], { stdin: 'a cli passphrase\n' });
	assert.equal(dupHandle.code, 1, `taken handle: ${dupHandle.code}`);
});

test('rounds user role +editor, +admin, +blogger, -editor: shown in /api/v1/me', async () => {
	const m = await srv.newMember();
	const roles = async () => {
		const { token } = await srv.browser().apiSignIn(m.email, m.password);
		return (await srv.browser().get('/api/v1/me', { bearer: token })).json().roles;
	};
	for (const r of ['+editor', '+admin', '+blogger']) {
		const x = await srv.cli(['user', 'role', m.email, r]);
		assert.equal(x.code, 0, `${r}: ${x.stderr}`);
	}
	assert.deepEqual([...(await roles())].sort(), ['admin', 'blogger', 'editor']);
	const x = await srv.cli(['user', 'role', m.email, '-editor']);
	assert.equal(x.code, 0, x.stderr);
	assert.deepEqual([...(await roles())].sort(), ['admin', 'blogger']);
	const again = await srv.cli(['user', 'role', m.email, '+admin']);
	assert.equal(again.code, 0, 'adding a role one has is fine');
	assert.deepEqual([...(await roles())].sort(), ['admin', 'blogger']);
});

test('rounds user role with an unknown role or member → non-zero', async () => {
	const m = await srv.newMember();
	for (const role of ['+wizard', 'editor', '+', '']) {
		const r = await srv.cli(['user', 'role', m.email, role]);
		assert.notEqual(r.code, 0, `role ${JSON.stringify(role)} → ${r.code}`);
		assert.ok(r.stderr.trim(), 'a message on stderr');
	}
	const r = await srv.cli(['user', 'role', 'nobody@example.org', '+editor']);
	assert.equal(r.code, 1, `an unknown member → ${r.code}`);
});

test('rounds user suspend / unsuspend; an unknown member → 1', async () => {
	const m = await srv.newMember();
	const s = await srv.cli(['user', 'suspend', m.email.toUpperCase()]);
	assert.equal(s.code, 0, s.stderr);
	assert.equal((await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } })).status, 403);
	const u = await srv.cli(['user', 'unsuspend', m.email]);
	assert.equal(u.code, 0, u.stderr);
	assert.equal((await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } })).status, 200);
	const none = await srv.cli(['user', 'suspend', 'nobody@example.org']);
	assert.equal(none.code, 1, `suspend an unknown member → ${none.code}`);
	assert.ok(none.stderr.trim());
});

test('rounds user add, role and suspend when the audit log refuses the row → exit 1 saying so; the change stands', async () => {
	const m = await srv.newMember();
	const h = unique('al');
	// A fault in the store where the audit row is written, and nowhere else.
	srv.sql(PG
		? "CREATE FUNCTION al_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'al: the audit log is frozen'; END $$; "
			+ 'CREATE TRIGGER al_frozen BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION al_frozen()'
		: "CREATE TRIGGER al_frozen BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'al: the audit log is frozen'); END");
	try {
		const role = await srv.cli(['user', 'role', m.email, '+editor']);
		noSanitizer(role);
		assert.equal(role.code, 1, role.stdout + role.stderr);
		assert.match(role.stderr, new RegExp(`cannot log member\\.role of ${m.handle} in the audit log \\(the change itself is saved\\)`));
		const sus = await srv.cli(['user', 'suspend', m.email]);
		assert.equal(sus.code, 1, sus.stdout + sus.stderr);
		assert.match(sus.stderr, /cannot log member\.suspend of /);
		const add = await srv.cli(['user', 'add', `${h}@example.org`, '--name', 'Audit Less', '--handle', h, '--type', 'doctor'], { stdin: 'correct horse battery\n' });
		assert.equal(add.code, 1, add.stdout + add.stderr);
		assert.match(add.stderr, new RegExp(`cannot log member\\.add of ${h} in the audit log`));
	} finally {
		srv.sql(PG ? 'DROP TRIGGER al_frozen ON audit_log; DROP FUNCTION al_frozen()' : 'DROP TRIGGER al_frozen');
	}
	// Each change was saved all the same.
	assert.equal((await srv.browser().post('/api/v1/session', { json: { email: m.email, password: m.password } })).status, 403, 'suspended');
	assert.equal((await srv.cli(['user', 'unsuspend', m.email])).code, 0);
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	assert.ok((await srv.browser().get('/api/v1/me', { bearer: token })).json().roles.includes('editor'), 'the role was given');
	await srv.browser().apiSignIn(`${h}@example.org`, 'correct horse battery');
	assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE target = '${m.handle}' AND action = 'member.unsuspend'`), '1', 'logged again once the log takes rows');
});

const DEMO = [
	{ email: 'admin@rounds.example', handle: 'admin', roles: ['admin'] },
	{ email: 'editor@rounds.example', handle: 'editor', roles: ['editor'], verified: true, type: 'doctor' },
	{ email: 'doctor@rounds.example', handle: 'amara', verified: true, type: 'doctor' },
	{ email: 'unverified@rounds.example', handle: 'tomas', verified: false, type: 'doctor' },
	{ email: 'student@rounds.example', handle: 'priya', type: 'student', verified: false },
	{ email: 'nurse@rounds.example', handle: 'grace', type: 'hcp', verified: false },
];

test('rounds demo prints the six accounts and the password; each signs in as described', async () => {
	const demo = new Server();
	demo.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-demo-'));
	fs.mkdirSync(demo.spool);
	try {
		const r = await run(BIN, ['demo', '--db', demo.db], { env: { ...process.env, ROUNDS_MAIL_SPOOL: demo.spool } });
		noSanitizer(r);
		assert.equal(r.code, 0, r.stderr);
		for (const a of DEMO) assert.ok(r.stdout.includes(a.email), `demo prints ${a.email}`);
		assert.ok(r.stdout.includes('rounds-demo'), 'demo prints the password');
		// Its email, made by the fan-out and the digests and delivered to
		// the spool: Amara's replies at once, Grace's weekly digest.
		assert.match(r.stdout, /email \(\d+ messages\) went to the spool folder/);
		const amara = await demo.spoolFor('doctor@rounds.example');
		assert.ok(amara.some((m) => /^New reply: /.test(m.headers.subject) && m.body.includes('/p/')), `Amara's replies: ${amara.map((m) => m.headers.subject)}`);
		const grace = await demo.spoolFor('nurse@rounds.example');
		assert.ok(grace.some((m) => /weekly digest/.test(m.headers.subject)), `Grace's weekly digest: ${grace.map((m) => m.headers.subject)}`);
		const again = await run(BIN, ['demo', '--db', demo.db], { env: { ...process.env, ROUNDS_MAIL_SPOOL: demo.spool } });
		assert.equal(again.code, 0, again.stderr);
		assert.equal((await demo.spoolFor('doctor@rounds.example')).length, amara.length, 'a second run sends nothing again');
		await demo.start();
		for (const a of DEMO) {
			const s = await demo.browser().post('/api/v1/session', { json: { email: a.email, password: 'rounds-demo' } });
			assert.equal(s.status, 200, `${a.email} signs in: ${s.status} ${s.text}`);
			const me = (await demo.browser().get('/api/v1/me', { bearer: s.json().token })).json();
			assert.equal(me.handle, a.handle, `${a.email} is @${a.handle}`);
			if (a.type) assert.equal(me.type, a.type, `${a.email} type`);
			if (a.verified !== undefined) assert.equal(me.verified, a.verified, `${a.email} verified`);
			for (const role of a.roles ?? []) assert.ok(me.roles.includes(role), `${a.email} has role ${role}: ${JSON.stringify(me.roles)}`);
			if (!a.roles) assert.ok(!me.roles.includes('admin') && !me.roles.includes('editor'), `${a.email} is no staff`);
			const page = await demo.browser().get(`/u/${a.handle}`);
			assert.equal(page.status, 200, `/u/${a.handle}`);
		}
		// The form sign-in works too.
		await demo.browser().signIn('doctor@rounds.example', 'rounds-demo');
		await demo.stop();
	} finally {
		await demo.kill();
	}
});

/* rounds check on a fresh demo database of its own, then on the same
 * database damaged by `damage(db)`: each problem named, exit 1. */
async function checked(damage) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-check-'));
	try {
		const db = freshDb(dir, 'c.db');
		const demo = await run(BIN, ['demo', '--db', db], { timeout: 120000, env: { ...process.env, ROUNDS_MAIL_SPOOL: path.join(dir, 'mail') } });
		assert.equal(demo.code, 0, demo.stderr);
		const sound = await run(BIN, ['check', '--db', db]);
		noSanitizer(sound);
		assert.equal(sound.code, 0, `a sound database passes:\n${sound.stdout}${sound.stderr}`);
		assert.match(sound.stdout, /^the database is sound$/m);
		assert.doesNotMatch(sound.stdout, /problem/);
		damage(db);
		const r = await run(BIN, ['check', '--db', db]);
		noSanitizer(r);
		return r;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

const sqlite3 = (db, sql) => execFileSync('sqlite3', [db.replace(/^sqlite:/, ''), sql], { stdio: ['ignore', 'pipe', 'pipe'] });
const psql = (db, sql) => execFileSync('psql', [db, '-qXv', 'ON_ERROR_STOP=1', '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });

test('rounds check with a stray argument → 2 with its usage', async () => {
	const r = await run(BIN, ['check', 'extra']);
	noSanitizer(r);
	assert.equal(r.code, 2);
	assert.match(r.stderr, /usage: rounds check/);
});

test('rounds check: a search index that lost a post is named, exit 1', { skip: PG ? 'SQLite\'s FTS5 indexes' : false }, async () => {
	const r = await checked((db) =>
		sqlite3(db, "INSERT INTO posts_fts (posts_fts, rowid, body) SELECT 'delete', id, body FROM posts ORDER BY id LIMIT 1"),
	);
	assert.equal(r.code, 1, r.stdout + r.stderr);
	assert.match(r.stdout, /^problem: the search index of posts \(posts_fts\) does not match the posts$/m);
	assert.match(r.stdout, /^1 problem found$/m);
	assert.doesNotMatch(r.stdout, /sound/);
});

test('rounds check: a post whose author row is gone is named, exit 1', { skip: PG ? 'PostgreSQL enforces foreign keys always' : false }, async () => {
	const r = await checked((db) =>
		sqlite3(db, 'PRAGMA foreign_keys = OFF; UPDATE posts SET author_id = 999999 WHERE id = (SELECT min(id) FROM posts)'),
	);
	assert.equal(r.code, 1, r.stdout + r.stderr);
	assert.match(r.stdout, /^problem: posts row \d+ names a missing members row$/m);
	assert.match(r.stdout, /^1 problem found$/m);
});

test('rounds check: a damaged page of the file is named, exit 1', { skip: PG ? 'a SQLite file' : false }, async () => {
	const r = await checked((db) => {
		const file = db.replace(/^sqlite:/, '');
		// The posts table's root page, overwritten with bytes that are no b-tree page.
		const root = Number(String(sqlite3(db, "SELECT rootpage FROM sqlite_schema WHERE name = 'posts'")).trim());
		const size = Number(String(sqlite3(db, 'PRAGMA page_size')).trim());
		const fd = fs.openSync(file, 'r+');
		fs.writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, (root - 1) * size);
		fs.closeSync(fd);
	});
	assert.equal(r.code, 1, r.stdout + r.stderr);
	assert.doesNotMatch(r.stdout, /sound/);
	assert.match(r.stdout + r.stderr, /problem: |malformed|migrations failed/);
});

test('rounds check: an index that no longer matches its table is named, exit 1', { skip: PG ? false : 'amcheck on PostgreSQL' }, async () => {
	const r = await checked((db) =>
		psql(
			db,
			"CREATE FUNCTION rt_shift(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1'; " +
				'CREATE INDEX posts_rt_shift ON posts (rt_shift(id::int)); ' +
				"CREATE OR REPLACE FUNCTION rt_shift(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1 + 7'",
		),
	);
	assert.equal(r.code, 1, r.stdout + r.stderr);
	assert.match(r.stdout, /^problem: index posts_rt_shift does not match its table or is damaged/m);
	assert.match(r.stdout, /^1 problem found$/m);
});

test('rounds check: phrase pairs that are not their post\'s words are named, exit 1', { skip: PG ? false : 'PostgreSQL\'s post_pairs' }, async () => {
	const r = await checked((db) =>
		psql(db, "UPDATE post_pairs SET pairs = '{\"nothing here\"}' WHERE post_id = (SELECT min(id) FROM posts)"),
	);
	assert.equal(r.code, 1, r.stdout + r.stderr);
	assert.match(r.stdout, /^problem: the phrase pairs of 1 post \(post_pairs\) do not match the posts$/m);
	assert.match(r.stdout, /^1 problem found$/m);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
