// lib.mjs: the harness shared by the HTTP and browser suites.
//
// startServer() runs the real binary (env ROUNDS_BIN, default build/rounds)
// on a free loopback port with a temporary database and mail spool (SQLite;
// or, when ROUNDS_TEST_PG names a PostgreSQL server, a fresh database there),
// waits for /healthz, and stop() ends it with SIGTERM, checking that it exits
// 0 and printed no sanitizer report.  A Browser is a cookie jar with its own
// X-Forwarded-For address (the server trusts the proxy header, so each test's
// rate limits stay apart); it never follows redirects.  The rest are small
// helpers: the mail spool, the CLI on the same database, raw TCP requests and
// a little HTML picking (regular expressions, no parser dependency).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import zlib from 'node:zlib';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(ROOT, process.env.ROUNDS_BIN || 'build/rounds');

// What a sanitizer prints when it finds something.
const SANITIZER = /ERROR: AddressSanitizer|runtime error:|LeakSanitizer|ThreadSanitizer|ERROR: UndefinedBehaviorSanitizer/;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A promise's value, or null when it has not settled within ms.  The timer
 * is cleared either way: a pending one would keep the test file's process
 * alive until it fired, long after its last test.
 */
export async function within(promise, ms) {
	let timer;
	const late = new Promise((r) => (timer = setTimeout(() => r(null), ms)));
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/* ---------- the database ---------- */

// ROUNDS_TEST_PG: postgresql://USER@HOST:PORT of a throw-away server
// (scripts/pg.sh); then every server and CLI run gets a fresh database there.
export const PG = process.env.ROUNDS_TEST_PG || '';

let dbCounter = 0;
// The databases stay for a look after the run, and one cluster serves the
// plain, ASan and TSan runs: a process id comes round again among that
// many test processes, so the names also carry a random tag.
const dbTag = randomBytes(4).toString('hex');
/** A fresh, empty PostgreSQL database on the test server; gives its URL. */
export function freshPgDb() {
	dbCounter++;
	const name = `rt_${process.pid}_${dbTag}_${dbCounter}`;
	execFileSync('psql', [`${PG}/postgres`, '-qXc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'inherit'] });
	return `${PG}/${name}`;
}

/** A fresh database URL: in DIR on SQLite, or a new database on PostgreSQL. */
export function freshDb(dir, file = 'rounds.db') {
	return PG ? freshPgDb() : `sqlite:${path.join(dir, file)}`;
}

/* ---------- addresses ---------- */

// A distinct fake client address per call: 10.P.H.L from this process's id
// and a counter.  These are only header values; nothing is ever sent there.
let addrCounter = 0;
export function freshAddress() {
	addrCounter++;
	return `10.${process.pid % 250}.${(addrCounter >> 8) & 255}.${addrCounter & 255}`;
}

// A unique suffix for emails and handles within one run.  Letters only:
// with digits in it, a suffix in a clinical post or a public blog post
// can look like a postcode or a hospital number to the confidentiality
// guard (a test once failed so), and the post is refused.
let uniq = 0;
function letters(n) {
	let out = '';
	do {
		out = String.fromCharCode(97 + (n % 26)) + out;
		n = Math.floor(n / 26);
	} while (n > 0);
	return out;
}
export function unique(prefix = 'u') {
	uniq++;
	return `${prefix}${letters(process.pid)}x${letters(uniq)}`;
}

/** A free TCP port on 127.0.0.1 (the kernel picks; there is a small race). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

/* ---------- the server ---------- */

export class Server {
	constructor(opts = {}) {
		this.bin = opts.bin ?? BIN;
		this.extraEnv = opts.env ?? {};
		this.fixedDb = opts.db ?? null; // a store URL shared with other servers (the cluster test)
		this.dir = null;
		this.port = null;
		this.proc = null;
		this.stderr = '';
		this.stdout = '';
		this.exited = null; // a promise of {code, signal} for the current process
		this.status = null; // {code, signal} once the current process has exited
	}

	get base() {
		return `http://127.0.0.1:${this.port}`;
	}
	get dbPath() {
		return path.join(this.dir, 'rounds.db');
	}
	/** The store's URL: the SQLite file in the temp dir, or this server's own PostgreSQL database. */
	get db() {
		if (this.fixedDb) return this.fixedDb;
		if (!PG) return `sqlite:${this.dbPath}`;
		this.pgUrl ??= freshPgDb();
		return this.pgUrl;
	}
	/**
	 * Runs SQL on the server's database beside it (sqlite3 or psql) and
	 * returns what it prints, trimmed: fixtures (members made to look a
	 * week old) and checks of state a page does not show.
	 */
	sql(text) {
		if (PG) return execFileSync('psql', [this.db, '-qXtAv', 'ON_ERROR_STOP=1', '-c', text], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
		return execFileSync('sqlite3', [this.dbPath, text], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
	}
	get spool() {
		return path.join(this.dir, 'mail');
	}

	env() {
		const env = { ...process.env };
		delete env.ROUNDS_DB;
		return {
			...env,
			ROUNDS_TRUST_PROXY: '1',
			ROUNDS_BASE_URL: this.base,
			ROUNDS_MAIL_SPOOL: this.spool,
			...this.extraEnv,
		};
	}

	/** Starts the binary (a fresh temp dir the first time) and waits for /healthz. */
	async start() {
		if (!fs.existsSync(this.bin)) throw new Error(`${this.bin} does not exist: build it first (make)`);
		if (!this.dir) {
			this.dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'rounds-test-'));
			await fsp.mkdir(this.spool, { recursive: true });
		}
		const keepPort = this.port !== null;
		for (let attempt = 0; attempt < 3; attempt++) {
			if (!keepPort) this.port = await freePort();
			if (await this.spawnOnce()) return this;
			if (keepPort) await sleep(500);
		}
		throw new Error(`the server did not come up on port ${this.port}:\n${this.stderrTail()}`);
	}

	async spawnOnce() {
		this.status = null;
		const args = ['serve', '--listen', `127.0.0.1:${this.port}`, '--db', this.db];
		const proc = spawn(this.bin, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
		this.proc = proc;
		proc.stdout.on('data', (b) => (this.stdout += b.toString()));
		proc.stderr.on('data', (b) => (this.stderr += b.toString()));
		this.exited = new Promise((resolve) => {
			proc.on('exit', (code, signal) => {
				this.status = { code, signal };
				resolve(this.status);
			});
		});
		const deadline = Date.now() + 30000; // a sanitizer build starts slowly
		while (Date.now() < deadline) {
			if (this.status) return false;
			try {
				const r = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(2000) });
				await r.arrayBuffer();
				if (r.status === 200) {
					// Still ours? (Another process could hold a port we lost a race for.)
					await sleep(50);
					if (!this.status) return true;
				}
			} catch {
				/* not up yet */
			}
			await sleep(100);
		}
		proc.kill('SIGKILL');
		await this.exited;
		return false;
	}

	stderrTail(n = 3000) {
		return this.stderr.length > n ? '…' + this.stderr.slice(-n) : this.stderr;
	}

	/** Throws when the server's stderr holds a sanitizer report. */
	assertNoSanitizerReport() {
		assert.ok(!SANITIZER.test(this.stderr), `sanitizer report in the server's stderr:\n${this.stderrTail(8000)}`);
	}

	/** SIGTERM; asserts exit status 0 within 30 s and no sanitizer report. */
	async stop() {
		if (!this.proc || this.status) {
			this.assertNoSanitizerReport();
			assert.ok(this.status?.code === 0, `the server had already exited: ${JSON.stringify(this.status)}\n${this.stderrTail()}`);
			return;
		}
		this.proc.kill('SIGTERM');
		const st = await within(this.exited, 30000);
		if (!st) {
			this.proc.kill('SIGKILL');
			await this.exited;
			assert.fail(`the server was still running 30 s after SIGTERM\n${this.stderrTail()}`);
		}
		this.assertNoSanitizerReport();
		assert.deepEqual(st, { code: 0, signal: null }, `exit status after SIGTERM\n${this.stderrTail()}`);
		await this.cleanup();
	}

	/** kill -9, and wait until it is gone. */
	async kill9() {
		if (this.proc && !this.status) {
			this.proc.kill('SIGKILL');
			await this.exited;
		}
	}

	/**
	 * For after() hooks: makes sure nothing is left running.  The temp dir
	 * stays when stop() did not run or failed, and its path is printed.
	 */
	async kill() {
		await this.kill9();
		if (this.dir) console.log(`server files kept for a look: ${this.dir}`);
	}

	async cleanup() {
		if (this.dir && !process.env.ROUNDS_KEEP_TMP) await fsp.rm(this.dir, { recursive: true, force: true });
		this.dir = null;
	}

	/** Starts the binary again on the same database, spool and port. */
	async restart() {
		this.stderr += '\n--- restart ---\n';
		return this.start();
	}

	browser(opts) {
		return new Browser(this, opts);
	}

	/* ---- the command line on the same database ---- */

	/**
	 * Runs `rounds ARGS... --db URL` (this server's database) with the given stdin; resolves to
	 * {code, signal, stdout, stderr}.  Asserts no sanitizer report.
	 */
	async cli(args, { stdin = '', env = {}, db = true, timeout } = {}) {
		const full = db ? [...args, '--db', this.db] : args;
		const r = await run(this.bin, full, { stdin, env: { ...this.env(), ...env }, timeout });
		assert.ok(!SANITIZER.test(r.stderr), `sanitizer report from rounds ${args.join(' ')}:\n${r.stderr}`);
		return r;
	}

	/** `rounds user add` a confirmed member; asserts success. */
	async addUser({ email, name = 'Test Member', handle, type = 'doctor', password = 'correct horse battery', verified = false }) {
		const args = ['user', 'add', email, '--name', name, '--handle', handle, '--type', type];
		if (verified) args.push('--verified');
		const r = await this.cli(args, { stdin: password + '\n' });
		assert.equal(r.code, 0, `rounds user add ${email} failed: ${r.stderr}`);
		return { email, name, handle, type, password };
	}

	/** A fresh confirmed member made through the CLI; returns its details. */
	async newMember(opts = {}) {
		const h = unique('m');
		return this.addUser({ email: `${h}@example.org`, handle: h, name: `Member ${h}`, ...opts });
	}

	/**
	 * A fresh member signed in twice: a browser with their session (b)
	 * and an API token (token), beside newMember's details (NAME, or
	 * newMember's own when null).
	 */
	async person(name, opts = {}) {
		const m = await this.newMember(name ? { name, ...opts } : opts);
		const b = this.browser();
		await b.signIn(m.email, m.password);
		const { token } = await this.browser().apiSignIn(m.email, m.password);
		return { ...m, b, token };
	}

	/** A JSON API request (/api/v1 + p) as WHO (their token), or as nobody when WHO is null. */
	api(who, method, p, json) {
		return this.browser().request(method, `/api/v1${p}`, who?.token ? { bearer: who.token, json } : { json });
	}

	/* ---- the mail spool ---- */

	/**
	 * Mail is delivered by the server's sender thread, just after the
	 * request that queued it answers (docs/behaviour.md "Email delivery"):
	 * waits until the spool has been quiet (no file added, none half
	 * written) for QUIET ms, at most 10 s, so a count read next is the
	 * count of what the requests so far have sent.
	 */
	async spoolSettled(quiet = 300) {
		let last = null;
		let since = Date.now();
		const until = Date.now() + 10000;
		for (;;) {
			let names = [];
			try {
				names = (await fsp.readdir(this.spool)).sort();
			} catch {}
			const key = names.join('/');
			if (key !== last) {
				last = key;
				since = Date.now();
			} else if (Date.now() - since >= quiet && !names.some((n) => n.endsWith('.tmp'))) return;
			if (Date.now() > until) return;
			await sleep(50);
		}
	}

	/** Every message in the spool addressed to ADDR (case-insensitive), oldest first, once the spool is settled. */
	async mailsFor(addr) {
		await this.spoolSettled();
		return this.spoolFor(addr);
	}

	/** What the spool holds for ADDR now (see mailsFor). */
	async spoolFor(addr) {
		let names;
		try {
			names = (await fsp.readdir(this.spool)).filter((n) => n.endsWith('.eml'));
		} catch {
			return [];
		}
		const out = [];
		for (const n of names) {
			const file = path.join(this.spool, n);
			let raw;
			let st;
			try {
				raw = await fsp.readFile(file, 'utf8');
				st = await fsp.stat(file);
			} catch {
				continue; // being written
			}
			const m = parseMail(raw);
			const to = (m.headers.to ?? '').toLowerCase();
			if (to.includes(addr.toLowerCase())) out.push({ ...m, file, mtime: st.mtimeMs, name: n });
		}
		out.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1));
		return out;
	}

	/** The latest mail to ADDR, waiting up to TIMEOUT ms for at least COUNT of them. */
	async latestMail(addr, { timeout = 5000, count = 1 } = {}) {
		await this.spoolSettled();
		const deadline = Date.now() + timeout;
		for (;;) {
			const all = await this.spoolFor(addr);
			if (all.length >= count) return all[all.length - 1];
			if (Date.now() > deadline) assert.fail(`no mail to ${addr} in the spool after ${timeout} ms (found ${all.length})`);
			await sleep(100);
		}
	}

	/**
	 * The path of the /confirm/ or /reset/ link (KIND) in the latest mail to
	 * ADDR; asserts the link is absolute under the base URL.
	 */
	async mailLink(addr, kind, opts) {
		const mail = await this.latestMail(addr, opts);
		return linkIn(mail, kind, this.base);
	}
}

/** Starts a server; see Server. */
export async function startServer(opts) {
	const s = new Server(opts);
	await s.start();
	return s;
}

/** Decodes a body by its Content-Transfer-Encoding (quoted-printable, base64, or as is). */
function decodeBody(body, cte) {
	cte = (cte ?? '').toLowerCase();
	if (cte === 'quoted-printable') {
		return Buffer.from(
			body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
			'latin1',
		).toString('utf8');
	}
	if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	return body;
}

/** Undoes format=flowed (RFC 3676, DelSp=no): soft breaks (a line ending in a space) joined, space-stuffing removed. */
function unflow(text) {
	const out = [];
	let cur = null;
	for (let line of text.split('\n')) {
		if (line.startsWith(' ')) line = line.slice(1);
		const soft = line.endsWith(' ') && line !== '-- ';
		cur = cur === null ? line : cur + line;
		if (!soft) {
			out.push(cur);
			cur = null;
		}
	}
	if (cur !== null) out.push(cur);
	return out.join('\n');
}

/** Decodes RFC 2047 encoded-words (B and Q) in a header value. */
export function decodeWords(v) {
	return v.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, cs, enc, data) =>
		(enc.toUpperCase() === 'B'
			? Buffer.from(data, 'base64')
			: Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1')
		).toString('utf8'),
	);
}

function splitHead(text) {
	const cut = text.indexOf('\n\n');
	const head = cut < 0 ? text : text.slice(0, cut);
	const body = cut < 0 ? '' : text.slice(cut + 2);
	const headers = {};
	for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return { headers, body };
}

/** A part's decoded text: its transfer encoding undone, and format=flowed unwrapped. */
function partText(headers, body) {
	let t = decodeBody(body, headers['content-transfer-encoding']);
	if (/format\s*=\s*"?flowed/i.test(headers['content-type'] ?? '')) t = unflow(t.replace(/\r\n/g, '\n').replace(/\n$/, ''));
	return t;
}

/**
 * Parses an RFC 5322 message: lower-cased headers (unfolded; `subject`
 * with its encoded-words decoded) and the decoded body.  A
 * multipart/alternative message gives `body` = its text/plain part and
 * `html` = its text/html part, both decoded, and `parts` (each with its
 * headers, `text` decoded and unflowed, and `decoded`: the transfer
 * encoding undone only).
 */
export function parseMail(raw) {
	const text = raw.replace(/\r\n/g, '\n');
	const { headers, body: rawBody } = splitHead(text);
	if (headers.subject !== undefined) headers.subject = decodeWords(headers.subject);
	const ct = headers['content-type'] ?? '';
	const bm = ct.match(/^multipart\/[a-z]+;.*boundary="?([^";]+)"?/i);
	if (!bm) return { headers, body: partText(headers, rawBody), html: '', parts: [], raw };
	const parts = [];
	const chunks = rawBody.split(`--${bm[1]}`);
	for (const chunk of chunks.slice(1)) {
		if (chunk.startsWith('--')) break;
		const p = splitHead(chunk.replace(/^\n/, ''));
		parts.push({ headers: p.headers, text: partText(p.headers, p.body), decoded: decodeBody(p.body, p.headers['content-transfer-encoding']) });
	}
	const of = (type) => parts.find((p) => (p.headers['content-type'] ?? '').toLowerCase().startsWith(type));
	return { headers, body: of('text/plain')?.text ?? '', html: of('text/html')?.text ?? '', parts, raw };
}

/** The path (/confirm/TOKEN or /reset/TOKEN) of the link of KIND in MAIL, checked to be under BASE. */
export function linkIn(mail, kind, base) {
	const re = new RegExp(`(https?://[^\\s<>"]+)?/${kind}/([A-Za-z0-9_\\-.~%]+)`);
	const m = mail.body.match(re);
	assert.ok(m, `no /${kind}/ link in the mail:\n${mail.body}`);
	assert.equal(m[1], base, `the /${kind}/ link must be absolute under ROUNDS_BASE_URL`);
	return `/${kind}/${m[2]}`;
}

/* ---------- processes ---------- */

/** Runs a program; resolves to {code, signal, stdout, stderr}; never rejects on exit status. */
export function run(cmd, args, { stdin = '', env = process.env, timeout = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const p = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
		p.stdout.on('data', (b) => (stdout += b.toString()));
		p.stderr.on('data', (b) => (stderr += b.toString()));
		p.on('error', reject);
		p.on('exit', (code, signal) => {
			clearTimeout(timer);
			// Let the pipes drain before resolving.
			setImmediate(() => resolve({ code, signal, stdout, stderr }));
		});
		p.stdin.on('error', () => {}); // a program that does not read stdin
		p.stdin.end(stdin);
	});
}

/* ---------- the browser ---------- */

/** Parses one Set-Cookie header into {name, value, attrs} (attribute names lower-cased). */
export function parseSetCookie(line) {
	const parts = line.split(';').map((s) => s.trim());
	const [nv, ...rest] = parts;
	const eq = nv.indexOf('=');
	const attrs = {};
	for (const a of rest) {
		if (!a) continue;
		const i = a.indexOf('=');
		if (i < 0) attrs[a.toLowerCase()] = true;
		else attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
	}
	return { name: nv.slice(0, eq).trim(), value: nv.slice(eq + 1).trim(), attrs, raw: line };
}

function expired(c) {
	if (c.attrs['max-age'] !== undefined && Number(c.attrs['max-age']) <= 0) return true;
	if (c.attrs.expires && Date.parse(c.attrs.expires) <= Date.now()) return true;
	return false;
}

/**
 * A client with a cookie jar and its own X-Forwarded-For address.  Requests
 * never follow redirects.  Every response is read whole and returned as
 * {status, headers, text, body (Buffer), location, cookies, json()}.
 */
export class Browser {
	constructor(server, { xff = freshAddress() } = {}) {
		this.server = server;
		this.xff = xff;
		this.jar = new Map();
	}

	get base() {
		return this.server.base;
	}

	cookieHeader() {
		return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/** The session cookie's value, or undefined. */
	get session() {
		return this.jar.get('rounds_session');
	}

	/**
	 * METHOD PATH with options: headers, form (object / URLSearchParams / a
	 * raw urlencoded string), json (any value, sent as JSON), body (raw),
	 * bearer (a token), cookies:false (send no cookies).
	 */
	async request(method, p, opts = {}) {
		const headers = { 'x-forwarded-for': this.xff, ...(opts.headers ?? {}) };
		if (opts.cookies !== false && this.jar.size && !('cookie' in headers)) headers.cookie = this.cookieHeader();
		if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
		let body = opts.body;
		if (opts.form !== undefined) {
			body = typeof opts.form === 'string' ? opts.form : new URLSearchParams(opts.form).toString();
			headers['content-type'] ??= 'application/x-www-form-urlencoded';
		} else if (opts.json !== undefined) {
			body = JSON.stringify(opts.json);
			headers['content-type'] ??= 'application/json';
		}
		const r = await fetch(this.base + p, {
			method,
			headers,
			body,
			redirect: 'manual',
			signal: AbortSignal.timeout(opts.timeout ?? 30000),
		});
		const buf = Buffer.from(await r.arrayBuffer());
		const cookies = r.headers.getSetCookie().map(parseSetCookie);
		for (const c of cookies) {
			if (expired(c)) this.jar.delete(c.name);
			else this.jar.set(c.name, c.value);
		}
		const loc = r.headers.get('location');
		const res = {
			status: r.status,
			headers: r.headers,
			body: buf,
			text: buf.toString('utf8'),
			cookies,
			location: loc === null ? null : loc.startsWith(this.base) ? loc.slice(this.base.length) || '/' : loc,
			json() {
				return JSON.parse(this.text);
			},
		};
		return res;
	}

	get(p, opts) {
		return this.request('GET', p, opts);
	}
	post(p, opts) {
		return this.request('POST', p, opts);
	}

	/** POST a form with the _csrf of the page at FROM (default P) added; fields override. */
	async submit(p, fields, { from = p, headers } = {}) {
		const page = await this.get(from);
		const token = csrfToken(page.text);
		assert.ok(token, `no _csrf input on ${from} (status ${page.status})`);
		return this.post(p, { form: { _csrf: token, ...fields }, headers });
	}

	/** The CSRF token for API writes, from <meta name="csrf-token"> on /. */
	async apiCsrf() {
		const page = await this.get('/');
		const t = metaCsrf(page.text);
		assert.ok(t, 'no <meta name="csrf-token"> on /');
		return t;
	}

	/** Signs in through the form; asserts the 303 and the session cookie. */
	async signIn(email, password, { next } = {}) {
		const fields = { email, password };
		if (next !== undefined) fields.next = next;
		const r = await this.submit('/signin', fields);
		assert.equal(r.status, 303, `sign in as ${email}: ${r.status}\n${r.text.slice(0, 500)}`);
		assert.ok(this.session, 'no rounds_session cookie after signing in');
		return r;
	}

	/** Signs in through POST /api/v1/session; resolves to {token, member}. */
	async apiSignIn(email, password) {
		const r = await this.post('/api/v1/session', { json: { email, password } });
		assert.equal(r.status, 200, `API sign in as ${email}: ${r.status} ${r.text}`);
		return r.json();
	}

	/** Registers through the form; returns the response. */
	async register(fields) {
		return this.submit('/register', fields);
	}
}

/**
 * An email address of exactly N characters that is otherwise valid by every
 * rule (local part LOCAL of at most 64, domain labels of at most 63): so
 * only the length limit can judge it.
 */
export function emailOfLength(local, n) {
	let rest = n - local.length - 1 - 'org'.length; // room for "label." parts
	const labels = [];
	let c = 0;
	while (rest > 0) {
		let k = Math.min(63, rest - 1);
		if (rest - (k + 1) === 1) k--; // never leave room for an empty label
		labels.push(String.fromCharCode(97 + (c++ % 26)).repeat(k));
		rest -= k + 1;
	}
	const e = `${local}@${labels.join('.')}${labels.length ? '.' : ''}org`;
	if (e.length !== n) throw new Error(`emailOfLength: made ${e.length}, not ${n}`);
	return e;
}

/** Fields for a valid registration, unique per call, overridden by OVER. */
export function newRegistration(over = {}) {
	const h = unique('r');
	return {
		email: `${h}@example.org`,
		name: `Reg ${h}`,
		handle: h,
		password: 'correct horse battery',
		type: 'doctor',
		country: 'GB',
		...over,
	};
}

/**
 * Registers through the form, follows the mailed confirmation link and
 * returns the registration fields (a new Browser is used so the caller's
 * rate limits are untouched).
 */
export async function registerConfirmed(server, over = {}) {
	const reg = newRegistration(over);
	const b = server.browser();
	const r = await b.register(reg);
	assert.equal(r.status, 303, `registration: ${r.status}\n${r.text.slice(0, 800)}`);
	const link = await server.mailLink(reg.email, 'confirm');
	const c = await b.get(link);
	assert.equal(c.status, 303, `confirmation: ${c.status}`);
	return reg;
}

/* ---------- HTML picking ---------- */

export function decodeEntities(s) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/gi, (m, e) => {
		const l = e.toLowerCase();
		if (l === 'amp') return '&';
		if (l === 'lt') return '<';
		if (l === 'gt') return '>';
		if (l === 'quot') return '"';
		if (l === 'apos' || l === '#39') return "'";
		if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
		return String.fromCodePoint(parseInt(l.slice(1), 10));
	});
}

/** The attributes of one start tag, names lower-cased, values decoded. */
export function attrsOf(tag) {
	const out = {};
	const inner = tag.replace(/^<[a-zA-Z0-9]+/, '').replace(/\/?>$/, '');
	const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
	let m;
	while ((m = re.exec(inner))) out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
	return out;
}

/** Every start tag named NAME: [{tag, attrs, index}]. */
export function tags(html, name) {
	const re = new RegExp(`<${name}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi');
	return [...html.matchAll(re)].map((m) => ({ tag: m[0], attrs: attrsOf(m[0]), index: m.index }));
}

/** Every element NAME with its inner HTML (not for nested elements of the same name). */
export function elements(html, name) {
	const re = new RegExp(`<${name}\\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\\s\\S]*?)</${name}\\s*>`, 'gi');
	return [...html.matchAll(re)].map((m) => ({ attrs: attrsOf(`<${name}${m[1]}>`), inner: m[2], outer: m[0], index: m.index }));
}

/** Text of HTML: tags dropped, entities decoded, white space collapsed. */
export function textOf(html) {
	return decodeEntities(html.replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<[^>]*>/g, ' '))
		.replace(/\s+/g, ' ')
		.trim();
}

/** The form control (input, select, textarea) named NAME, or undefined: {kind, attrs, tag, inner}. */
export function field(html, name) {
	for (const kind of ['input', 'select', 'textarea']) {
		if (kind === 'input') {
			const t = tags(html, 'input').find((x) => x.attrs.name === name);
			if (t) return { kind, ...t };
		} else {
			const e = elements(html, kind).find((x) => x.attrs.name === name);
			if (e) return { kind, attrs: e.attrs, tag: e.outer, inner: e.inner };
		}
	}
	return undefined;
}

/** The value a form would send for NAME as rendered: input value, textarea text, selected option. */
export function fieldValue(html, name) {
	const f = field(html, name);
	if (!f) return undefined;
	if (f.kind === 'input') return f.attrs.value ?? '';
	if (f.kind === 'textarea') return decodeEntities(f.inner.replace(/^\n/, ''));
	const opts = tags(f.inner, 'option');
	const sel = opts.find((o) => 'selected' in o.attrs);
	return sel ? sel.attrs.value : undefined;
}

/** The option values of the select named NAME. */
export function optionValues(html, name) {
	const f = field(html, name);
	if (!f || f.kind !== 'select') return [];
	return tags(f.inner, 'option').map((o) => o.attrs.value);
}

/** The text of the element with id ID, or undefined. */
export function textById(html, id) {
	const re = new RegExp(`<([a-zA-Z0-9]+)\\b(?:[^>"']|"[^"]*"|'[^']*')*\\bid\\s*=\\s*["']${id}["'](?:[^>"']|"[^"]*"|'[^']*')*>`, 'i');
	const m = html.match(re);
	if (!m) return undefined;
	const rest = html.slice(m.index + m[0].length);
	const end = rest.search(new RegExp(`</${m[1]}\\s*>`, 'i'));
	return textOf(end < 0 ? rest : rest.slice(0, end));
}

/** The _csrf value of the first form on the page. */
export function csrfToken(html) {
	const t = tags(html, 'input').find((x) => x.attrs.name === '_csrf');
	return t?.attrs.value;
}

/** The token of <meta name="csrf-token" content="...">. */
export function metaCsrf(html) {
	return tags(html, 'meta').find((x) => x.attrs.name === 'csrf-token')?.attrs.content;
}

/** The <form> elements with their attributes and inner HTML. */
export function forms(html) {
	return elements(html, 'form');
}

/** The count of <h1> elements. */
export function h1Count(html) {
	return tags(html, 'h1').length;
}

/* ---------- raw TCP ---------- */

/**
 * Sends DATA (a string or Buffer, or an array of chunks with delays
 * {data, delay}) over a fresh TCP connection and collects what comes back
 * until the server closes or TIMEOUT passes.  Resolves to {raw (Buffer),
 * status (or null), headers (lower-cased), body, closed, error}.
 */
export function rawRequest(port, data, { timeout = 5000, endAfter = false } = {}) {
	return new Promise((resolve) => {
		const sock = net.connect(port, '127.0.0.1');
		const chunks = [];
		let error = null;
		let closed = false;
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			resolve({ ...parseRaw(Buffer.concat(chunks)), closed, error });
		};
		const timer = setTimeout(finish, timeout);
		sock.on('data', (b) => {
			chunks.push(b);
			// One complete response is enough when the server keeps the connection.
			const p = parseRaw(Buffer.concat(chunks));
			if (p.complete) finish();
		});
		sock.on('error', (e) => {
			error = e;
			finish();
		});
		sock.on('close', () => {
			closed = true;
			finish();
		});
		sock.on('connect', async () => {
			const parts = Array.isArray(data) ? data : [{ data }];
			for (const part of parts) {
				if (part.delay) await sleep(part.delay);
				if (done) return;
				sock.write(part.data);
			}
			if (endAfter) sock.end();
		});
	});
}

/** Parses the start of a raw HTTP/1.1 response. */
export function parseRaw(buf) {
	const s = buf.toString('latin1');
	const end = s.indexOf('\r\n\r\n');
	if (end < 0) return { raw: buf, status: /^HTTP\/1\.[01] (\d{3})/.test(s) ? Number(s.slice(9, 12)) : null, headers: {}, body: '', complete: false };
	const lines = s.slice(0, end).split('\r\n');
	const m = lines[0].match(/^HTTP\/\d\.\d (\d{3})/);
	const headers = {};
	for (const l of lines.slice(1)) {
		const i = l.indexOf(':');
		if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
	}
	let body = buf.subarray(end + 4);
	const status = m ? Number(m[1]) : null;
	let complete = false;
	if (status === 304 || status === 204) complete = true;
	else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) ({ body, complete } = dechunk(body));
	else if (headers['content-length'] !== undefined) complete = body.length >= Number(headers['content-length']);
	return { raw: buf, status, headers, body: body.toString('utf8'), complete };
}

/** Decodes a chunked body as far as it has arrived: {body, complete}. */
function dechunk(buf) {
	const parts = [];
	let i = 0;
	for (;;) {
		const eol = buf.indexOf('\r\n', i, 'latin1');
		if (eol < 0) return { body: Buffer.concat(parts), complete: false };
		const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
		if (Number.isNaN(size)) return { body: Buffer.concat(parts), complete: false };
		if (size === 0) return { body: Buffer.concat(parts), complete: buf.indexOf('\r\n\r\n', eol - 2, 'latin1') >= 0 };
		if (buf.length < eol + 2 + size + 2) {
			parts.push(buf.subarray(eol + 2));
			return { body: Buffer.concat(parts), complete: false };
		}
		parts.push(buf.subarray(eol + 2, eol + 2 + size));
		i = eol + 2 + size + 2;
	}
}

/* ---------- assertions ---------- */

/** Asserts the security headers every response carries (behaviour.md). */
export function assertSecurityHeaders(headers, what = '') {
	const get = (n) => (typeof headers.get === 'function' ? headers.get(n) : headers[n]);
	const csp = get('content-security-policy');
	assert.ok(csp, `${what}: no Content-Security-Policy`);
	const directives = Object.fromEntries(
		csp
			.split(';')
			.map((d) => d.trim())
			.filter(Boolean)
			.map((d) => {
				const [k, ...v] = d.split(/\s+/);
				return [k.toLowerCase(), v];
			}),
	);
	assert.deepEqual(directives['default-src'], ["'self'"], `${what}: CSP default-src 'self' (${csp})`);
	assert.ok(directives['script-src']?.includes("'self'"), `${what}: CSP script-src 'self' (${csp})`);
	assert.ok(!directives['script-src'].includes("'unsafe-inline'"), `${what}: CSP script-src allows 'unsafe-inline' (${csp})`);
	assert.ok(!directives['script-src'].includes("'unsafe-eval'"), `${what}: CSP script-src allows 'unsafe-eval' (${csp})`);
	assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: CSP frame-ancestors 'none' (${csp})`);
	assert.equal(get('x-content-type-options')?.toLowerCase(), 'nosniff', `${what}: X-Content-Type-Options`);
	assert.ok(
		['strict-origin-when-cross-origin', 'same-origin'].includes(get('referrer-policy')?.toLowerCase()),
		`${what}: Referrer-Policy is ${get('referrer-policy')}`,
	);
	assert.equal(get('x-frame-options')?.toUpperCase(), 'DENY', `${what}: X-Frame-Options`);
}

/** Asserts a JSON error body {error: {code, message}} with CODE (if given) and FIELD (if given). */
export function assertJsonError(res, status, code, fieldName) {
	assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
	assert.match(res.headers.get('content-type') ?? '', /^application\/json/, 'error Content-Type');
	let j;
	try {
		j = res.json();
	} catch {
		assert.fail(`error body is not JSON: ${res.text.slice(0, 400)}`);
	}
	assert.equal(typeof j.error, 'object', `no "error" object: ${res.text}`);
	assert.equal(typeof j.error.code, 'string', `no error.code: ${res.text}`);
	assert.equal(typeof j.error.message, 'string', `no error.message: ${res.text}`);
	assert.ok(j.error.message.length > 0, 'empty error.message');
	if (code) assert.equal(j.error.code, code, `error.code: ${res.text}`);
	if (fieldName) {
		const f = j.error.field ?? j.field;
		assert.equal(f, fieldName, `the error must name the field "${fieldName}": ${res.text}`);
	}
	return j;
}

/** Asserts an HTML response: status and text/html Content-Type. */
export function assertHtml(res, status) {
	assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 600)}`);
	assert.match(res.headers.get('content-type') ?? '', /^text\/html/, 'Content-Type');
}

/**
 * Asserts the form was shown again with FIELD marked invalid: aria-invalid
 * on the control and an error text in #FIELD-error.
 */
export function assertFieldError(html, name, pattern) {
	const f = field(html, name);
	assert.ok(f, `no field ${name} on the page`);
	assert.equal(f.attrs['aria-invalid'], 'true', `${name} must have aria-invalid="true": ${f.tag.slice(0, 300)}`);
	const err = textById(html, `${name}-error`);
	assert.ok(err, `no #${name}-error element with text`);
	if (pattern) assert.match(err, pattern, `#${name}-error text`);
	return err;
}

/** Asserts FIELD is not marked invalid. */
export function assertNoFieldError(html, name) {
	const f = field(html, name);
	if (f) assert.notEqual(f.attrs['aria-invalid'], 'true', `${name} wrongly marked invalid`);
	const err = textById(html, `${name}-error`);
	assert.ok(!err, `${name}-error wrongly present: ${err}`);
}

/* ---------- files to upload, and exact requests (the library's suites) ---------- */

/**
 * A FormData of FIELDS (a value that is an array is sent repeated) and
 * FILES, each [name, bytes, filename, type].
 */
export function multipart(fields, files = []) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		for (const one of Array.isArray(v) ? v : [v]) fd.append(k, String(one));
	}
	for (const [k, bytes, name, type = 'application/octet-stream'] of files) fd.append(k, new Blob([bytes], { type }), name);
	return fd;
}

/**
 * A small PDF (libmagic: application/pdf) naming LABEL, padded with
 * numbered comment lines to at least SIZE bytes, so any two ranges of it
 * differ.
 */
export function pdfBytes(label = 'Rounds test', size = 0) {
	const head = `%PDF-1.4\n% ${label}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n`;
	const tail = 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
	const lines = [];
	let n = head.length + tail.length;
	for (let i = 0; n < size; i++) {
		const l = `% filler line ${String(i).padStart(7, '0')} ${label}\n`;
		lines.push(l);
		n += Buffer.byteLength(l);
	}
	return Buffer.from(head + lines.join('') + tail);
}

/** A ZIP of ENTRIES [[name, data]], stored (no compression). */
function storedZip(entries) {
	const locals = [];
	const centrals = [];
	let off = 0;
	for (const [name, data] of entries) {
		const n = Buffer.from(name, 'utf8');
		const d = Buffer.from(data);
		const crc = zlib.crc32(d);
		const lh = Buffer.alloc(30);
		lh.writeUInt32LE(0x04034b50, 0);
		lh.writeUInt16LE(10, 4);
		lh.writeUInt32LE(crc, 14);
		lh.writeUInt32LE(d.length, 18);
		lh.writeUInt32LE(d.length, 22);
		lh.writeUInt16LE(n.length, 26);
		const ch = Buffer.alloc(46);
		ch.writeUInt32LE(0x02014b50, 0);
		ch.writeUInt16LE(20, 4);
		ch.writeUInt16LE(10, 6);
		ch.writeUInt32LE(crc, 16);
		ch.writeUInt32LE(d.length, 20);
		ch.writeUInt32LE(d.length, 24);
		ch.writeUInt16LE(n.length, 28);
		ch.writeUInt32LE(off, 42);
		locals.push(lh, n, d);
		centrals.push(ch, n);
		off += 30 + n.length + d.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(off, 16);
	return Buffer.concat([...locals, cd, end]);
}

/** A minimal EPUB (libmagic: application/epub+zip) titled TITLE. */
export function epubBytes(title = 'Rounds test') {
	const opf = `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">rounds-test</dc:identifier><dc:title>${title}</dc:title><dc:language>en</dc:language></metadata><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>`;
	return storedZip([
		['mimetype', 'application/epub+zip'],
		['META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'],
		['content.opf', opf],
		['c.xhtml', `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><p>${title}</p></body></html>`],
	]);
}

/** A valid 2x2 RGB PNG. */
export function pngBytes() {
	const chunk = (type, data) => {
		const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(zlib.crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr[8] = 8;
	ihdr[9] = 2;
	const rows = Buffer.from([0, 200, 30, 30, 30, 200, 30, 0, 30, 30, 200, 250, 250, 250]);
	return Buffer.concat([
		Buffer.from('89504e470d0a1a0a', 'hex'),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * The start of a Windows program (an MZ header leading to a PE header):
 * libmagic calls it a PE32 executable (application/vnd.microsoft.portable-executable
 * or application/x-dosexec), never a PDF.
 */
export function exeBytes() {
	const b = Buffer.alloc(1024);
	b.write('MZ', 0, 'latin1');
	b.writeUInt16LE(0x90, 2);
	b.writeUInt32LE(0x80, 0x3c);
	b.write('This program cannot be run in DOS mode.\r\n$', 0x4e, 'latin1');
	b.write('PE\0\0', 0x80, 'latin1');
	b.writeUInt16LE(0x14c, 0x84); // i386
	b.writeUInt16LE(1, 0x86);
	b.writeUInt16LE(0xe0, 0x94);
	b.writeUInt16LE(0x102, 0x96);
	b.writeUInt16LE(0x10b, 0x98); // PE32 optional header
	return b;
}

/**
 * METHOD P on server SRV through node:http: no decompression, no body for
 * HEAD, every byte as sent.  Options: headers, bearer, browser (a Browser
 * whose cookies and address to use).  Resolves to {status, headers
 * (lower-cased names), body (Buffer)}.
 */
export function exactRequest(srv, method, p, { headers = {}, bearer, browser } = {}) {
	const h = { 'x-forwarded-for': browser?.xff ?? freshAddress(), ...headers };
	if (browser?.jar.size) h.cookie = browser.cookieHeader();
	if (bearer) h.authorization = `Bearer ${bearer}`;
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: srv.port, path: p, method, headers: h, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.setTimeout(30000, () => req.destroy(new Error(`${method} ${p}: no answer in 30 s`)));
		req.on('error', reject);
		req.end();
	});
}

/**
 * POSTs a multipart body of about SIZE bytes by hand to P (a file field
 * FIELD named FILENAME holding a PDF's start and filler).  With a
 * Content-Length only the headers are sent (the answer must come without
 * the body); chunked, the whole body is sent.  FIELDS go first, each a
 * part of its own.  Resolves to {status, body (text), sent}.
 */
export function bigUpload(srv, p, { size, fields = {}, field: fname = 'file', filename = 'big.pdf', chunked = false, headers = {}, bearer, browser } = {}) {
	return new Promise((resolve, reject) => {
		const h = { 'content-type': 'multipart/form-data; boundary=xyzBOUNDARYxyz', 'x-forwarded-for': browser?.xff ?? freshAddress(), ...headers };
		if (browser?.jar.size) h.cookie = browser.cookieHeader();
		if (bearer) h.authorization = `Bearer ${bearer}`;
		if (!chunked) h['content-length'] = String(size);
		let sent = 0;
		const req = http.request({ host: '127.0.0.1', port: srv.port, path: p, method: 'POST', headers: h, agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode, body, sent }));
		});
		req.on('error', (e) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve({ status: null, body: '', sent, error: e }) : reject(e)));
		if (!chunked) {
			req.flushHeaders();
			return;
		}
		let head = '';
		for (const [k, v] of Object.entries(fields)) head += `--xyzBOUNDARYxyz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
		head += `--xyzBOUNDARYxyz\r\nContent-Disposition: form-data; name="${fname}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`;
		const first = Buffer.from(head);
		const chunk = Buffer.alloc(64 * 1024, '%');
		let started = false;
		const pump = () => {
			while (sent < size) {
				const c = started ? chunk : first;
				started = true;
				sent += c.length;
				if (!req.write(c)) return req.once('drain', pump);
			}
			req.end('\r\n--xyzBOUNDARYxyz--\r\n');
		};
		pump();
	});
}
