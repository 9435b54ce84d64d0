// account_more.test.mjs: account paths beyond the basics: a member who signs
// in before confirming gets a fresh link (three an hour at most); a password
// reset also confirms the email, in one step with the new password; and
// `rounds backup FILE` writes a copy that holds the members.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, assertHtml, newRegistration, sleep, PG } from './lib.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(() => srv?.kill());

test('signing in before confirming → 403 and a new confirmation link that works; at most three an hour', async () => {
	const reg = newRegistration();
	const b = srv.browser();
	assert.equal((await b.register(reg)).status, 303);
	assert.equal((await srv.mailsFor(reg.email)).length, 1);
	const r = await b.submit('/signin', { email: reg.email, password: reg.password });
	assertHtml(r, 403);
	assert.match(r.text, /new link/);
	const mails = await srv.mailsFor(reg.email);
	assert.equal(mails.length, 2, 'a second confirmation mail');
	const wrong = await b.submit('/signin', { email: reg.email, password: 'not the password at all' });
	assertHtml(wrong, 401);
	assert.equal((await srv.mailsFor(reg.email)).length, 2, 'a wrong password sends nothing');
	for (let i = 0; i < 4; i++) await b.submit('/signin', { email: reg.email, password: reg.password });
	await sleep(200);
	assert.equal((await srv.mailsFor(reg.email)).length, 4, 'three resent links an hour, then no more');
	const link = await srv.mailLink(reg.email, 'confirm');
	assert.equal((await b.get(link)).status, 303);
	const ok = await b.submit('/signin', { email: reg.email, password: reg.password });
	assert.equal(ok.status, 303);
});

test('a password reset confirms an unconfirmed email', async () => {
	const reg = newRegistration();
	const b = srv.browser();
	assert.equal((await b.register(reg)).status, 303);
	assert.equal((await b.submit('/reset', { email: reg.email })).status, 303);
	const link = await srv.mailLink(reg.email, 'reset');
	const r = await b.submit(link, { password: 'a brand new password' });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/signin?reset=1');
	const s = await srv.browser().submit('/signin', { email: reg.email, password: 'a brand new password' });
	assert.equal(s.status, 303, 'the reset proved the address: signing in works');
	const old = await srv.browser().submit('/signin', { email: reg.email, password: reg.password });
	assertHtml(old, 401);
});

test('rounds backup FILE → 0, and the copy holds the members; without FILE → 2', { skip: PG && 'SQLite only: see the next test' }, async () => {
	const m = await srv.newMember();
	const file = path.join(srv.dir, 'copy.db');
	const r = await srv.cli(['backup', file]);
	assert.equal(r.code, 0, r.stderr);
	assert.ok(fs.existsSync(file), 'the backup file exists');
	assert.ok(!fs.existsSync(`${file}.partial`), 'no partial file left');
	const role = await srv.cli(['user', 'role', m.email, '+blogger', '--db', `sqlite:${file}`], { db: false });
	assert.equal(role.code, 0, `the member is in the copy: ${role.stderr}`);
	const none = await srv.cli(['user', 'role', 'nobody-here@example.org', '+blogger', '--db', `sqlite:${file}`], { db: false });
	assert.equal(none.code, 1);
	assert.equal((await srv.cli(['backup'])).code, 2);
});

test('rounds backup on PostgreSQL → 1, pointing to pg_dump, and writes nothing', { skip: !PG && 'PostgreSQL only' }, async () => {
	const file = path.join(srv.dir, 'copy.db');
	const r = await srv.cli(['backup', file]);
	assert.equal(r.code, 1);
	assert.match(r.stderr, /pg_dump/);
	assert.ok(!fs.existsSync(file) && !fs.existsSync(`${file}.partial`));
	assert.equal((await srv.cli(['backup'])).code, 2);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
