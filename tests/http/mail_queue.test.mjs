// mail_queue.test.mjs: the mail queue end to end (src/mail/sender.c,
// docs/behaviour.md "Email delivery").  A server sends through a relay on
// loopback (smtp_sink.mjs) with the retry backoff and the lease shortened
// (ROUNDS_MAIL_RETRY_SCALE); another writes to the spool.  Checked: the
// headers and both parts of a real message (a password reset) and of a
// decision email (List-Unsubscribe, one-click); a 4xx is retried and the
// message delivered once; a 5xx makes the address bounce, and later mail
// to it is not sent; kill -9 while the relay holds a message and others
// wait in the queue, then a restart: every message the requester was told
// about arrives, and the count of distinct Message-IDs equals the number
// of requests (duplicates, which the receiving side drops by Message-ID,
// are reported); the same on the spool, with no file written twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { startServer, linkIn, sleep } from './lib.mjs';
import { startSmtpSink } from './smtp_sink.mjs';

// Backoff 60 s -> 1.2 s; the lease (120 s) -> its floor, 4 s.
const SCALE = '0.02';
let sink, srv, editor;

before(async () => {
	sink = await startSmtpSink();
	srv = await startServer({ env: { ROUNDS_SMTP_URL: sink.url, ROUNDS_MAIL_RETRY_SCALE: SCALE } });
	editor = await srv.newMember({ name: 'Edith Mail-Editor' });
	assert.equal((await srv.cli(['user', 'role', editor.email, '+editor'])).code, 0);
});
after(async () => {
	await srv?.kill();
	await sink?.close();
});

/** Asks for a password reset for EMAIL from a fresh client; asserts the 303. */
async function askReset(email) {
	const r = await srv.browser().submit('/reset', { email });
	assert.equal(r.status, 303, r.text?.slice(0, 300));
}

/** Message-IDs of the messages to ADDR among LIST. */
const idsTo = (list, addr) => list.filter((m) => m.to.includes(addr.toLowerCase())).map((m) => m.mail.headers['message-id']);

test('a reset email: its headers, a text and an HTML part, both with the link, lines within limits', async () => {
	const m = await srv.newMember({ name: 'Rhoda Reset' });
	const before = Date.now();
	await askReset(m.email);
	const msg = await sink.latest(m.email);
	const h = msg.mail.headers;
	assert.equal(msg.from, 'no-reply@rounds.example', 'the envelope sender is the From address');
	assert.deepEqual(msg.to, [m.email.toLowerCase()]);
	assert.match(h.from, /^Rounds <no-reply@rounds\.example>$/);
	assert.equal(h.to, `<${m.email}>`);
	assert.equal(h.subject, 'Reset your Rounds password');
	const date = Date.parse(h.date);
	assert.ok(date >= before - 2000 && date <= Date.now() + 2000, `Date ${h.date}`);
	const host = new URL(srv.base).hostname;
	assert.match(h['message-id'], new RegExp(`^<\\d+\\.\\d+@${host.replace(/\./g, '\\.')}>$`), 'Message-ID from the queue id');
	assert.equal(h['mime-version'], '1.0');
	assert.match(h['content-type'], /^multipart\/alternative; boundary="[^"]+"$/);
	assert.equal(h['list-unsubscribe'], undefined, 'account mail has no unsubscribe');
	assert.equal(msg.mail.parts.length, 2);
	const [plain, html] = msg.mail.parts;
	assert.match(plain.headers['content-type'], /^text\/plain; charset=utf-8; format=flowed$/);
	assert.match(html.headers['content-type'], /^text\/html; charset=utf-8$/);
	for (const p of msg.mail.parts) assert.equal(p.headers['content-transfer-encoding'], 'quoted-printable');
	// The text part: greeting, the link (absolute, whole), the settings link.
	const body = msg.mail.body;
	assert.match(body, /^Hello Rhoda Reset,\n/);
	const link = linkIn(msg.mail, 'reset', srv.base);
	assert.ok(body.includes(`${srv.base}/settings/email`), body);
	// Wrapped at 72 columns (format=flowed: a soft break keeps its space); a link stays whole.
	const lines = plain.decoded.replace(/\r\n/g, '\n').split('\n');
	assert.ok(lines.some((l) => l.endsWith(' ')), 'some soft breaks');
	for (const line of lines) if (!line.includes('http')) assert.ok([...line.trimEnd()].length <= 72, `a long line: ${line}`);
	// The HTML part: a whole document with the same link.
	assert.match(msg.mail.html, /^<!doctype html>\n<html lang="en">/);
	assert.ok(msg.mail.html.includes(`<title>Reset your Rounds password</title>`));
	assert.ok(msg.mail.html.includes(`href="${srv.base}${link}"`), 'the HTML part links the same token');
	assert.ok(!/<script/i.test(msg.mail.html));
	// On the wire: CRLF lines of at most 78 characters (quoted-printable).
	for (const line of msg.data.split('\r\n')) assert.ok(line.length <= 78, `a wire line of ${line.length}: ${line}`);
	assert.ok(!/[^\r]\n/.test(msg.data), 'no bare LF');
	// The link works.
	assert.equal((await srv.browser().get(link)).status, 200);
});

test('a decision email carries List-Unsubscribe (one-click) and the same link in both parts', async () => {
	const m = await srv.newMember({ name: 'Bea Blogger' });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const { token: etoken } = await srv.browser().apiSignIn(editor.email, editor.password);
	const api = (bearer, method, p, json) => srv.browser().request(method, `/api/v1${p}`, { bearer, json });
	const x = await api(token, 'POST', '/blogger-applications', { blog_title: 'Queue Notes', about: 'About queues.' });
	assert.equal(x.status, 201, x.text);
	const d = await api(etoken, 'POST', `/editor/blogger-applications/${x.json().id}`, { decision: 'approve' });
	assert.equal(d.status, 200, d.text);
	const msg = await sink.latest(m.email);
	const h = msg.mail.headers;
	assert.match(h.subject, /blog is approved/);
	const un = h['list-unsubscribe']?.match(/^<(.+)>$/)?.[1];
	assert.ok(un, `List-Unsubscribe: ${h['list-unsubscribe']}`);
	const u = new URL(un);
	assert.equal(`${u.origin}`, new URL(srv.base).origin);
	assert.equal(u.pathname, '/unsubscribe');
	assert.equal(u.searchParams.get('s'), 'decision');
	assert.match(u.searchParams.get('m'), /^\d+$/);
	assert.match(u.searchParams.get('t'), /^[A-Za-z0-9_-]{43}$/);
	assert.equal(h['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
	assert.ok(msg.mail.body.includes(un), 'the text part has the unsubscribe link');
	assert.ok(msg.mail.html.includes(`href="${un.replace(/&/g, '&amp;')}"`), 'the HTML part has the unsubscribe link');
	assert.ok(msg.mail.body.includes(`${srv.base}/b/queue-notes`), msg.mail.body);
	assert.ok(msg.mail.html.includes('Queue Notes'));
	// A made-up MAC is never the right one (the page itself: mail_notify.test.mjs).
	const bad = new URL(un);
	bad.searchParams.set('t', 'A'.repeat(43));
	assert.ok((await srv.browser().request('POST', `${bad.pathname}${bad.search}`, { form: { 'List-Unsubscribe': 'One-Click' } })).status < 500);
});

test('a 4xx from the relay: tried again after the backoff, delivered once', async () => {
	const m = await srv.newMember();
	sink.refuse(m.email, '451 4.2.1 mailbox busy, try later', 1);
	const t0 = Date.now();
	await askReset(m.email);
	const msg = await sink.latest(m.email, { timeout: 20000 });
	assert.equal(sink.refused.filter((r) => r.to.includes(m.email.toLowerCase())).length, 1, 'refused once');
	assert.ok(msg.at - t0 >= 1000, `retried after the backoff (${msg.at - t0} ms)`);
	await sleep(2500);
	assert.equal(sink.to(m.email).length, 1, 'delivered exactly once');
	linkIn(msg.mail, 'reset', srv.base);
});

test('a 5xx from the relay: the address bounces, and a later message to it is not sent', async () => {
	const m = await srv.newMember();
	sink.refuse(m.email, '550 5.1.1 no such user');
	const refusals = () => sink.refused.filter((r) => r.to.includes(m.email.toLowerCase())).length;
	await askReset(m.email);
	assert.ok(await sink.waitFor(() => refusals() === 1), 'the relay refused it');
	await sleep(1500); // the outcome recorded; the backoff would have run out
	assert.equal(refusals(), 1, 'a bounce is not retried');
	await askReset(m.email);
	await sleep(3000);
	assert.equal(refusals(), 1, 'mail to a bouncing address is not sent');
	assert.equal(sink.to(m.email).length, 0);
	// Others still get theirs.
	const other = await srv.newMember();
	await askReset(other.email);
	await sink.latest(other.email);
	// The member's settings say so (mail_settings.c), when they are there.
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const s = await srv.browser().request('GET', '/api/v1/settings/email', { bearer: token });
	if (s.status === 200) assert.equal(s.json().bounced, true, s.text);
});

test('kill -9 while the relay holds a message and others wait: every message arrives, each Message-ID once', async (t) => {
	const K = 6;
	const members = [];
	for (let i = 0; i < K; i++) members.push(await srv.newMember());
	sink.hang(true);
	for (const m of members) await askReset(m.email); // each acknowledged: 303
	assert.ok(await sink.waitFor(() => sink.held.length >= 1, 10000), 'the relay holds a message');
	await srv.kill9();
	sink.hang(false);
	for (const s of sink.sockets) s.destroy();
	await srv.restart();
	const addrs = members.map((m) => m.email.toLowerCase());
	const arrived = () => addrs.every((a) => sink.to(a).length >= 1);
	assert.ok(await sink.waitFor(arrived, 30000), `every message arrives (${addrs.filter((a) => !sink.to(a).length).length} missing)`);
	await sleep(1000);
	const seen = [...sink.held, ...sink.messages].filter((m) => m.to.some((a) => addrs.includes(a)));
	const ids = seen.map((m) => m.mail.headers['message-id']);
	const distinct = new Set(ids);
	assert.equal(distinct.size, K, 'distinct Message-IDs = requests');
	for (const a of addrs) assert.equal(new Set(idsTo(seen, a)).size, 1, `one Message-ID for ${a}`);
	for (const a of addrs) linkIn(sink.to(a).at(-1).mail, 'reset', srv.base);
	t.diagnostic(`messages seen ${seen.length} (held unanswered ${sink.held.length}), distinct Message-IDs ${distinct.size}, duplicates ${seen.length - distinct.size}`);
});

test('the spool (no relay): kill -9 with mail queued, restart: each message written once', async (t) => {
	const sp = await startServer();
	try {
		const K = 5;
		const members = [];
		for (let i = 0; i < K; i++) members.push(await sp.newMember());
		for (const m of members) {
			const r = await sp.browser().submit('/reset', { email: m.email });
			assert.equal(r.status, 303);
		}
		await sp.kill9();
		// What a writer killed between open and rename leaves behind: the
		// restarted sender removes it (nobody holds it locked).
		await fsp.mkdir(sp.spool, { recursive: true });
		await fsp.writeFile(path.join(sp.spool, '.000000999999.42.tmp'), 'half a messa');
		await sp.restart();
		for (const m of members) await sp.latestMail(m.email, { timeout: 10000 });
		await sleep(1500);
		const names = (await fsp.readdir(sp.spool)).filter((n) => n.endsWith('.eml'));
		assert.ok(names.every((n) => /^\d{12}\.eml$/.test(n)), `files named by the queue id: ${names}`);
		const ids = [];
		for (const m of members) {
			const all = await sp.mailsFor(m.email);
			assert.equal(all.length, 1, `one file for ${m.email}`);
			ids.push(all[0].headers['message-id']);
			assert.match(all[0].headers['content-type'], /^multipart\/alternative/);
			assert.ok(all[0].html.includes('<html lang="en">'));
			linkIn(all[0], 'reset', sp.base);
			assert.equal(path.basename(all[0].file).replace(/^0+/, '').replace('.eml', ''), all[0].headers['message-id'].match(/^<(\d+)\./)[1]);
		}
		assert.equal(new Set(ids).size, K);
		assert.ok(!(await fsp.readdir(sp.spool)).some((n) => n.endsWith('.tmp')), 'no temporary file left');
		t.diagnostic(`spool files ${names.length} for ${K} requests`);
		await sp.stop(); // SIGTERM: the sender stops and is joined
		await sp.cleanup();
	} catch (e) {
		await sp.kill();
		throw e;
	}
});
