// cluster.test.mjs: two Rounds nodes on one PostgreSQL database, with
// Debian's nginx in front balancing between them (round robin), as
// deploy/nginx.conf does in production.  A member registers, confirms and
// signs in through nginx; the session, what they write and the rate limits
// are the same on either node; killing one node in the middle of a run of
// writes loses no write that was acknowledged, and the other node keeps
// serving.  Needs ROUNDS_TEST_PG (scripts/test.sh starts a throw-away
// cluster); nginx from scripts/deps.sh test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, PG, Server, assertHtml, freePort, freshPgDb, linkIn, newRegistration, parseMail, sleep, textOf } from '../http/lib.mjs';

const skip = !PG && 'needs ROUNDS_TEST_PG (a PostgreSQL server): scripts/test.sh gives it';

let dir, spool, url, lbPort, lbBase, nginx, nginxExit;
const nodes = [];

/** A browser whose requests go through nginx (or, after .server = node, to that node). */
function viaLb() {
	return new Browser({ base: lbBase });
}

function nginxConf(ports) {
	// As deploy/nginx.conf, minus TLS.  The client's X-Forwarded-For passes
	// through unchanged, so each test browser keeps its own address for the
	// per-address rate limits, as it does without nginx.
	return `
master_process off;
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path ${dir}/body;
	proxy_temp_path ${dir}/proxy;
	fastcgi_temp_path ${dir}/fastcgi;
	uwsgi_temp_path ${dir}/uwsgi;
	scgi_temp_path ${dir}/scgi;
	upstream rounds {
		${ports.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=30s;`).join('\n\t\t')}
		keepalive 16;
	}
	server {
		listen 127.0.0.1:${lbPort};
		location / {
			proxy_pass http://rounds;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $host;
			proxy_set_header X-Forwarded-For $http_x_forwarded_for;
			proxy_next_upstream error timeout;
			proxy_connect_timeout 2s;
		}
	}
}
`;
}

before(async () => {
	if (skip) return;
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rounds-cluster-'));
	spool = path.join(dir, 'mail');
	fs.mkdirSync(spool);
	url = freshPgDb();
	lbPort = await freePort();
	lbBase = `http://127.0.0.1:${lbPort}`;
	// Both nodes start at once: they migrate and agree on the site secret
	// through the database, never through each other.
	for (let i = 0; i < 2; i++)
		nodes.push(new Server({ db: url, env: { ROUNDS_MAIL_SPOOL: spool, ROUNDS_BASE_URL: lbBase } }));
	await Promise.all(nodes.map((n) => n.start()));
	fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConf(nodes.map((n) => n.port)));
	nginx = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
	let nginxErr = '';
	nginx.stderr.on('data', (b) => (nginxErr += b));
	nginxExit = new Promise((r) => nginx.on('exit', r));
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${lbBase}/healthz`)).status === 200) return;
		} catch {
			/* not yet */
		}
		await sleep(100);
	}
	assert.fail(`nginx did not come up: ${nginxErr}`);
});

after(async () => {
	if (nginx && nginx.exitCode === null) {
		nginx.kill('SIGTERM');
		await nginxExit;
	}
	for (const n of nodes) await n.kill();
	if (dir && !process.env.ROUNDS_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
});

/** The /confirm/ link of the latest mail to ADDR in the shared spool. */
async function confirmLink(addr) {
	for (let i = 0; i < 50; i++) {
		const mails = fs
			.readdirSync(spool)
			.filter((n) => n.endsWith('.eml'))
			.map((n) => parseMail(fs.readFileSync(path.join(spool, n), 'utf8')))
			.filter((m) => (m.headers.to ?? '').toLowerCase().includes(addr.toLowerCase()));
		if (mails.length) return linkIn(mails[mails.length - 1], 'confirm', lbBase);
		await sleep(100);
	}
	assert.fail(`no confirmation mail to ${addr}`);
}

/** How many requests a node logged: its access lines. */
function served(node) {
	return (node.stderr.match(/event=access /g) ?? []).length;
}

let member, b;

test('register, confirm and sign in through nginx; the session works on both nodes', { skip }, async () => {
	member = newRegistration();
	b = viaLb();
	// The form comes from one node and is posted to the other: the CSRF
	// secret is the cluster's, not a node's.
	assert.equal((await b.register(member)).status, 303);
	const link = await confirmLink(member.email);
	const c = await b.get(link);
	assert.ok([200, 303].includes(c.status), `confirm → ${c.status}`);
	await b.signIn(member.email, member.password);
	assert.ok(b.session, 'signed in');
	for (const node of nodes) {
		b.server = node;
		const r = await b.get('/settings');
		assert.equal(r.status, 200, `the session works on the node at ${node.port}`);
		assert.ok(r.text.includes(member.handle), `signed in as @${member.handle} on ${node.port}`);
	}
	b.server = { base: lbBase };
	assert.ok(served(nodes[0]) > 0 && served(nodes[1]) > 0, 'nginx sent requests to both nodes');
});

test('a write through nginx is seen on both nodes, and a write on one node is seen on the other', { skip }, async () => {
	const fields = { name: member.name, country: 'GB', specialty: 'Cardiology', grade: 'Registrar', bio: 'Written through nginx.', timezone: 'Europe/London' };
	assert.equal((await b.submit('/settings', fields)).status, 303);
	for (const node of nodes) {
		const r = await new Browser(node).get(`/u/${member.handle}`);
		assert.equal(r.status, 200);
		assert.ok(textOf(r.text).includes('Written through nginx.'), `the bio on ${node.port}`);
	}
	b.server = nodes[0];
	assert.equal((await b.submit('/settings', { ...fields, bio: 'Written on the first node.' })).status, 303);
	const other = await new Browser(nodes[1]).get(`/u/${member.handle}`);
	assert.ok(textOf(other.text).includes('Written on the first node.'), 'the second node sees it at once');
	b.server = { base: lbBase };
});

test('rate limits are counted across nodes: 5 failed sign-ins split over both, the 6th → 429 on either', { skip }, async () => {
	for (let i = 1; i <= 5; i++) {
		const x = new Browser(nodes[i % 2]);
		const r = await x.submit('/signin', { email: member.email, password: `wrong ${i}` });
		assertHtml(r, 401);
	}
	for (const node of nodes) {
		const r = await new Browser(node).submit('/signin', { email: member.email, password: member.password });
		assertHtml(r, 429);
		assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
	}
});

test('the database drops every connection of both nodes (as a restart does): the next requests all succeed', { skip }, async () => {
	const killed = execFileSync('psql', [url, '-tAXc',
		"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'rounds%'"]).toString().trim();
	assert.ok(Number(killed) >= 4, `connections cut: ${killed}`); // a pooled and a listening one per node, at least
	await sleep(200);
	for (const node of nodes) {
		b.server = node;
		assert.equal((await b.get('/settings')).status, 200, `a read on ${node.port}`);
		const w = await b.submit('/settings', { name: member.name, country: 'GB', specialty: 'Cardiology', grade: '', bio: `After the cut, on ${node.port}.`, timezone: '' });
		assert.equal(w.status, 303, `a write on ${node.port}`);
	}
	b.server = { base: lbBase };
	const page = await viaLb().get(`/u/${member.handle}`);
	assert.ok(textOf(page.text).includes(`After the cut, on ${nodes[1].port}.`));
});

test('a topic page each node keeps follows replies, edits and a new name written on the other node', { skip }, async () => {
	b.server = nodes[0];
	const made = await b.submit('/f/cycling', { title: 'Saddle height', body: 'Heel on the pedal at the bottom.' }, { from: '/f/cycling/new' });
	assert.equal(made.status, 303, made.text.slice(0, 300));
	const topic = made.location;
	// Each node reads the page twice: the second from its cache.
	for (const node of nodes) {
		b.server = node;
		for (let i = 0; i < 2; i++) assert.match((await b.get(topic)).text, /Heel on the pedal/);
	}
	b.server = nodes[0];
	const rep = await b.submit(topic, { body: 'A reply from the first node.' }, { from: topic });
	assert.equal(rep.status, 303);
	const replyId = /#p(\d+)$/.exec(rep.location)[1];
	b.server = nodes[1];
	assert.match((await b.get(topic)).text, /A reply from the first node\./, 'the second node shows the reply');
	const ed = await b.submit(`/p/${replyId}/edit`, { body: 'Edited on the second node.' }, { from: `/p/${replyId}/edit` });
	assert.equal(ed.status, 303);
	b.server = nodes[0];
	const page = await b.get(topic);
	assert.match(page.text, /Edited on the second node\./, 'the first node shows the edit');
	assert.doesNotMatch(page.text, /A reply from the first node/);
	b.server = nodes[1];
	const renamed = await b.submit('/settings', { name: 'Dr Renamed Cyclist', country: 'GB', specialty: '', grade: '', bio: '', timezone: '' });
	assert.equal(renamed.status, 303);
	b.server = nodes[0];
	assert.ok(textOf((await b.get(topic)).text).includes('Dr Renamed Cyclist'), 'the first node shows the new name');
	b.server = { base: lbBase };
});

test('a node killed (-9) in a run of writes: no acknowledged write is lost, the other keeps serving', { skip }, async (t) => {
	const acked = [];
	let failed = 0;
	let killed = false;
	const one = async () => {
		const reg = newRegistration();
		try {
			const r = await viaLb().register(reg);
			if (r.status === 303) acked.push(reg.email);
			else failed++;
		} catch {
			failed++;
		}
	};
	// Four writers at a time; the first node dies after ten acknowledged.
	const writers = [0, 1, 2, 3].map(async () => {
		for (let i = 0; i < 10; i++) {
			await one();
			if (!killed && acked.length >= 10) {
				killed = true;
				await nodes[0].kill9();
			}
		}
	});
	await Promise.all(writers);
	assert.ok(killed, 'the node was killed mid-run');
	await nodes[0].cleanup();
	t.diagnostic(`${acked.length} acknowledged, ${failed} refused or cut off`);
	assert.ok(acked.length >= 30, `most writes were acknowledged (${acked.length} of 40, ${failed} failed)`);
	// Every acknowledged registration is in the database.
	const list = acked.map((e) => `'${e.toLowerCase()}'`).join(',');
	const count = execFileSync('psql', [url, '-tAXc', `SELECT count(*) FROM members WHERE email_lower IN (${list})`]).toString().trim();
	assert.equal(Number(count), acked.length, 'every acknowledged write is there');
	// The other node keeps serving, through nginx and directly.
	for (let i = 0; i < 6; i++) assert.equal((await viaLb().get('/')).status, 200, 'nginx still serves');
	assert.equal((await b.get('/settings')).status, 200, 'the session still works');
	assert.equal((await fetch(`${nodes[1].base}/healthz`)).status, 200);
	const after = newRegistration();
	assert.equal((await viaLb().register(after)).status, 303, 'writes go on');
});

test('the surviving node exits 0 on SIGTERM with no sanitizer report', { skip }, async () => {
	await nodes[1].stop();
	nodes[0].assertNoSanitizerReport();
});
