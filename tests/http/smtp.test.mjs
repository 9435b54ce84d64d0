// smtp.test.mjs: mail through an SMTP relay (ROUNDS_SMTP_URL), the path a
// production site takes: libcurl speaks SMTP to a small relay run by this
// test on loopback, which records the envelope and the message.  With a
// relay set, nothing goes to the spool; a relay that refuses the recipient
// (550) costs the registration nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fs from 'node:fs';
import { startServer, newRegistration, parseMail, linkIn, sleep } from './lib.mjs';

/** A minimal SMTP relay: records each message; refuses recipients at refuse.example. */
function startRelay() {
	const messages = [];
	const server = net.createServer((sock) => {
		let buf = '';
		let inData = false;
		let env = { from: null, to: [] };
		let data = '';
		sock.write('220 relay.test ESMTP\r\n');
		sock.on('data', (chunk) => {
			buf += chunk.toString('latin1');
			let i;
			while ((i = buf.indexOf('\r\n')) >= 0) {
				const line = buf.slice(0, i);
				buf = buf.slice(i + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						messages.push({ ...env, data: Buffer.from(data, 'latin1').toString('utf8') });
						env = { from: null, to: [] };
						data = '';
						sock.write('250 queued\r\n');
					} else {
						data += (line.startsWith('..') ? line.slice(1) : line) + '\r\n';
					}
					continue;
				}
				const cmd = line.slice(0, 4).toUpperCase();
				if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 relay.test\r\n');
				else if (cmd === 'MAIL') {
					env.from = line.slice(10);
					sock.write('250 ok\r\n');
				} else if (cmd === 'RCPT') {
					if (/refuse\.example/i.test(line)) sock.write('550 no such user\r\n');
					else {
						env.to.push(line.slice(8));
						sock.write('250 ok\r\n');
					}
				} else if (cmd === 'DATA') {
					inData = true;
					sock.write('354 go ahead\r\n');
				} else if (cmd === 'QUIT') {
					sock.end('221 bye\r\n');
				} else if (cmd === 'RSET' || cmd === 'NOOP') sock.write('250 ok\r\n');
				else sock.write('502 not implemented\r\n');
			}
		});
		sock.on('error', () => {});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, messages, port: server.address().port })));
}

let relay, srv;
before(async () => {
	relay = await startRelay();
	srv = await startServer({ env: { ROUNDS_SMTP_URL: `smtp://127.0.0.1:${relay.port}`, ROUNDS_MAIL_FROM: 'Rounds <hello@rounds.test>' } });
});
after(async () => {
	await srv?.kill();
	relay?.server.close();
});

async function waitFor(pred, ms = 5000) {
	for (let t = 0; t < ms; t += 50) {
		if (pred()) return true;
		await sleep(50);
	}
	return pred();
}

test('a registration mails its confirmation link through the relay, and the link works', async () => {
	const reg = newRegistration();
	const b = srv.browser();
	assert.equal((await b.register(reg)).status, 303);
	assert.ok(await waitFor(() => relay.messages.some((m) => m.to.some((t) => t.includes(reg.email)))), 'the relay got the mail');
	const msg = relay.messages.find((m) => m.to.some((t) => t.includes(reg.email)));
	assert.equal(msg.from, '<hello@rounds.test>');
	const mail = parseMail(msg.data);
	assert.match(mail.headers.subject, /Confirm/);
	assert.match(mail.headers['content-type'], /utf-8/i);
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
