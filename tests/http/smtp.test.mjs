// smtp.test.mjs: mail through an SMTP relay (ROUNDS_SMTP_URL), the path a
// production site takes: libcurl speaks SMTP to a small relay run by this
// test on loopback (smtp_sink.mjs), which records the envelope and the message.  With a
// relay set, nothing goes to the spool; a relay that refuses the recipient
// (550) costs the registration nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, newRegistration, linkIn } from './lib.mjs';
import { startSmtpSink } from './smtp_sink.mjs';

/** The relay (smtp_sink.mjs): records each message; refuses recipients at refuse.example. */
async function startRelay() {
	const sink = await startSmtpSink();
	sink.refuse(/refuse\.example/, '550 5.1.1 no such user');
	return sink;
}

let relay, srv;
before(async () => {
	relay = await startRelay();
	srv = await startServer({ env: { ROUNDS_SMTP_URL: relay.url, ROUNDS_MAIL_FROM: 'Rounds <hello@rounds.test>' } });
});
after(async () => {
	await srv?.kill();
	await relay?.close();
});

test('a registration mails its confirmation link through the relay, and the link works', async () => {
	const reg = newRegistration();
	const b = srv.browser();
	assert.equal((await b.register(reg)).status, 303);
	const msg = await relay.latest(reg.email);
	assert.equal(msg.from, 'hello@rounds.test');
	const mail = msg.mail;
	assert.match(mail.headers.subject, /Confirm/);
	assert.ok(mail.parts.length === 2 && mail.parts.every((p) => /utf-8/i.test(p.headers['content-type'])), 'UTF-8 parts');
	const link = linkIn(mail, 'confirm', srv.base);
	assert.equal((await b.get(link)).status, 303);
	assert.equal((await b.submit('/signin', { email: reg.email, password: reg.password })).status, 303);
	assert.ok(!fs.existsSync(srv.spool) || fs.readdirSync(srv.spool).filter((f) => f.endsWith('.eml')).length === 0, 'nothing in the spool');
});

test('a relay that refuses the recipient (550): the member is still registered, the server keeps serving', async () => {
	const reg = newRegistration({ email: `x${Date.now()}@refuse.example` });
	const r = await srv.browser().register(reg);
	assert.equal(r.status, 303);
	const again = await srv.browser().register({ ...reg, handle: `${reg.handle}b` });
	assert.equal(again.status, 422, 'the address is registered');
	assert.equal((await srv.browser().get('/healthz')).status, 200);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
