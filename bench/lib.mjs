// bench/lib.mjs: what the node benchmarks (bench/soak.mjs, bench/writes.mjs)
// share: a free loopback port, a site (a database, its environment, the
// `rounds` command line and SQL on it, members made with `rounds user add`
// and made a week old), the server started on it and waited for, and
// signing members in through the API.
//
// A site's database is `sqlite:PATH` or a PostgreSQL URL; SQL goes through
// `sqlite3` or `psql`, on stdin (so a long statement is no argument), and
// answers with its bare output (one value a line).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.resolve(ROOT, process.env.ROUNDS_BIN || 'build/rounds');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const pick = (a) => a[Math.floor(Math.random() * a.length)];

// A loopback port nothing listens on (the kernel's pick, then released).
export function freePort() {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

// Makes database `name` on the PostgreSQL server at `server`
// (postgresql://USER@HOST:PORT, no database) and answers its URL.
export function pgDatabase(server, name) {
	execFileSync('psql', [`${server}/postgres`, '-qXc', `CREATE DATABASE ${name}`]);
	return `${server}/${name}`;
}

export class Site {
	// db: `sqlite:PATH` or a PostgreSQL URL; dir: a folder of the caller's
	// for the mail spool.  The server trusts X-Forwarded-For, so a client
	// may speak from several addresses.
	constructor(db, dir) {
		this.db = db;
		this.pg = !db.startsWith('sqlite:');
		this.env = { ...process.env, ROUNDS_MAIL_SPOOL: path.join(dir, 'mail'), ROUNDS_TRUST_PROXY: '1' };
		delete this.env.ROUNDS_DB;
	}

	// Runs `rounds ARGS --db DB`; answers its output, throws on failure.
	cli(args, stdin = '') {
		return execFileSync(BIN, [...args, '--db', this.db], { input: stdin, env: this.env, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
	}

	// Runs SQL; answers its bare output, throws on an error.  SQLite waits
	// for the server's write lock rather than fail at once.
	sql(text) {
		if (this.pg) return execFileSync('psql', [this.db, '-qAtX', '-v', 'ON_ERROR_STOP=1'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
		return execFileSync('sqlite3', [this.db.slice('sqlite:'.length)], { input: `.timeout 10000\n${text}`, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
	}

	// Adds `count` verified doctors, PREFIXk@rounds.example with handle
	// PREFIXk and name "Dr Prefix k" for k from `from`, `parallel` at a
	// time (each `user add` hashes a password), then makes them a week old
	// so the first day's stricter posting limits do not apply.  Answers
	// [{email, handle}].
	async addMembers({ prefix, count, password, from = 0, parallel = 2 }) {
		const name = prefix[0].toUpperCase() + prefix.slice(1);
		const members = [];
		for (let i = from; i < from + count; i += parallel) {
			const batch = [];
			for (let k = i; k < Math.min(i + parallel, from + count); k++) batch.push(k);
			await Promise.all(
				batch.map(
					(k) =>
						new Promise((resolve, reject) => {
							const email = `${prefix}${k}@rounds.example`;
							const p = spawn(BIN, ['user', 'add', email, '--name', `Dr ${name} ${k}`, '--handle', `${prefix}${k}`, '--type', 'doctor', '--verified', '--db', this.db], { env: this.env });
							p.stdin.end(`${password}\n`);
							p.on('exit', (code) => (code === 0 ? resolve(members.push({ email, handle: `${prefix}${k}` })) : reject(new Error(`user add ${email}: ${code}`))));
						}),
				),
			);
		}
		const emails = members.map((m) => `'${m.email}'`).join(', ');
		if (members.length) this.sql(`UPDATE members SET created_at = created_at - ${7 * 24 * 3600} WHERE email IN (${emails});`);
		return members;
	}

	// Starts `rounds serve` on a free port and waits (10 s at most) until
	// /healthz answers 200.  Answers the Server; throws, with its log, when
	// it never answered.
	async serve() {
		const port = await freePort();
		const server = new Server(spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', this.db], { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] }), port);
		for (let i = 0; i < 100 && server.exit === null; i++) {
			try {
				if ((await fetch(`${server.base}/healthz`)).status === 200) return server;
			} catch {}
			await sleep(100);
		}
		await server.stop();
		throw new Error(`the server did not start:\n${server.log.slice(-4000)}`);
	}
}

// A running `rounds serve`: its pid, address (base), exit ({code, signal}
// once it ended, else null) and the end of its log (stderr, the last MB).
export class Server {
	constructor(proc, port) {
		this.proc = proc;
		this.pid = proc.pid;
		this.port = port;
		this.base = `http://127.0.0.1:${port}`;
		this.log = '';
		this.exit = null;
		proc.stderr.on('data', (b) => {
			this.log += b.toString();
			if (this.log.length > 1 << 20) this.log = this.log.slice(-(1 << 19));
		});
		this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve((this.exit = { code, signal }))));
	}

	// SIGTERM, then answers how it exited.
	async stop() {
		if (this.exit === null) this.proc.kill('SIGTERM');
		return this.exited;
	}
}

// Signs member m in through POST /api/v1/session, from address `ip`:
// sets m.token (for Authorization: Bearer) and m.cookie.
export async function signIn(base, m, password, ip = '10.9.0.1') {
	const r = await fetch(`${base}/api/v1/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
		body: JSON.stringify({ email: m.email, password }),
	});
	if (r.status !== 200) throw new Error(`sign in ${m.email}: ${r.status} ${await r.text()}`);
	m.token = (await r.json()).token;
	m.cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

// Signs every member in, `parallel` at a time (each checks a password).
export async function signInAll(base, members, password, parallel = 4) {
	for (let i = 0; i < members.length; i += parallel) await Promise.all(members.slice(i, i + parallel).map((m) => signIn(base, m, password)));
}
