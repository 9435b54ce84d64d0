// smtp_sink.mjs: a small SMTP relay on loopback for the tests that send
// mail through ROUNDS_SMTP_URL (smtp.test.mjs, mail_queue.test.mjs, and the
// mail notification tests).  It speaks enough ESMTP for libcurl (EHLO,
// MAIL, RCPT, DATA, RSET, NOOP, QUIT; dot-unstuffing), keeps connections
// open between messages, and records:
//   - messages: every message it accepted (answered 250 at the end of
//     DATA): { from, to: [addresses], data (raw), mail (parseMail(data):
//     headers, body = decoded text part, html = decoded HTML part), at }
//   - held: messages whose DATA it received but never answered (hang mode)
//   - refused: every answer other than 2xx/3xx it gave: { stage, to, code }
// It can be told to answer 4xx or 5xx for chosen recipients (refuse), to
// fail the next N messages at the end of DATA (failNext), and to hang
// (take the whole message, then never answer), e.g. while a test kills
// the server.
import net from 'node:net';
import { parseMail, sleep } from './lib.mjs';

/** The address inside <...> (lower-cased). */
function addrOf(arg) {
	const m = arg.match(/<([^>]*)>/);
	return (m ? m[1] : arg.trim()).toLowerCase();
}

export class SmtpSink {
	constructor() {
		this.messages = [];
		this.held = [];
		this.refused = [];
		this.rules = []; // { re, reply, times }
		this.failing = []; // replies for the next messages at the end of DATA
		this.hanging = false;
		this.sockets = new Set();
		this.connections = 0;
	}

	/** Starts listening on a free loopback port. */
	async start() {
		this.server = net.createServer((sock) => this.session(sock));
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.url = `smtp://127.0.0.1:${this.port}`;
		return this;
	}

	/**
	 * Answers REPLY (e.g. '550 5.1.1 no such user' or '451 4.3.0 try later')
	 * to RCPT TO for addresses matching RE (a RegExp or a string, matched
	 * case-insensitively), TIMES times (Infinity: always).
	 */
	refuse(re, reply = '550 5.1.1 no such user', times = Infinity) {
		if (typeof re === 'string') re = new RegExp(re.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
		this.rules.push({ re, reply, times });
	}

	/** Answers REPLY at the end of DATA for the next N messages. */
	failNext(n, reply = '451 4.3.0 try again later') {
		for (let i = 0; i < n; i++) this.failing.push(reply);
	}

	/** From now on (until hang(false)), takes each message whole and never answers. */
	hang(on = true) {
		this.hanging = on;
	}

	/** Accepted messages to ADDR (case-insensitive). */
	to(addr) {
		const a = addr.toLowerCase();
		return this.messages.filter((m) => m.to.includes(a));
	}

	/** Waits up to MS for PRED() to hold; its last value. */
	async waitFor(pred, ms = 10000) {
		const until = Date.now() + ms;
		while (Date.now() < until) {
			if (pred()) return true;
			await sleep(50);
		}
		return pred();
	}

	/** Waits for at least COUNT accepted messages to ADDR; the last. */
	async latest(addr, { timeout = 10000, count = 1 } = {}) {
		const ok = await this.waitFor(() => this.to(addr).length >= count, timeout);
		if (!ok) throw new Error(`no mail to ${addr} at the sink after ${timeout} ms (found ${this.to(addr).length})`);
		const all = this.to(addr);
		return all[all.length - 1];
	}

	/** Closes every connection and stops listening. */
	async close() {
		for (const s of this.sockets) s.destroy();
		await new Promise((resolve) => this.server.close(() => resolve()));
	}

	rcptReply(addr) {
		for (const r of this.rules) {
			if (r.times > 0 && r.re.test(addr)) {
				r.times--;
				return r.reply;
			}
		}
		return null;
	}

	session(sock) {
		this.connections++;
		this.sockets.add(sock);
		sock.on('close', () => this.sockets.delete(sock));
		sock.on('error', () => {});
		let buf = '';
		let inData = false;
		let env = { from: null, to: [] };
		let data = [];
		const say = (line) => {
			if (!sock.destroyed) sock.write(`${line}\r\n`);
		};
		const reset = () => {
			env = { from: null, to: [] };
			data = [];
		};
		say('220 sink.test ESMTP');
		sock.on('data', (chunk) => {
			buf += chunk.toString('latin1');
			let i;
			while ((i = buf.indexOf('\r\n')) >= 0) {
				const line = buf.slice(0, i);
				buf = buf.slice(i + 2);
				if (inData) {
					if (line !== '.') {
						data.push(line.startsWith('.') ? line.slice(1) : line);
						continue;
					}
					inData = false;
					const raw = Buffer.from(data.join('\r\n') + '\r\n', 'latin1').toString('utf8');
					const msg = { from: env.from, to: env.to, data: raw, mail: parseMail(raw), at: Date.now() };
					reset();
					if (this.hanging) {
						this.held.push(msg);
						continue; // never answered
					}
					const fail = this.failing.shift();
					if (fail) {
						this.refused.push({ stage: 'data', to: msg.to, code: Number(fail.slice(0, 3)), mail: msg.mail });
						say(fail);
						continue;
					}
					this.messages.push(msg);
					say('250 2.0.0 queued');
					continue;
				}
				const cmd = line.slice(0, 4).toUpperCase();
				const arg = line.slice(5);
				if (cmd === 'EHLO') say('250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760');
				else if (cmd === 'HELO') say('250 sink.test');
				else if (cmd === 'MAIL') {
					reset();
					env.from = addrOf(arg);
					say('250 2.1.0 ok');
				} else if (cmd === 'RCPT') {
					const a = addrOf(arg);
					const reply = this.rcptReply(a);
					if (reply) {
						this.refused.push({ stage: 'rcpt', to: [a], code: Number(reply.slice(0, 3)) });
						say(reply);
					} else {
						env.to.push(a);
						say('250 2.1.5 ok');
					}
				} else if (cmd === 'DATA') {
					if (!env.to.length) say('554 5.5.1 no valid recipients');
					else {
						inData = true;
						say('354 go ahead');
					}
				} else if (cmd === 'RSET') {
					reset();
					say('250 2.0.0 ok');
				} else if (cmd === 'NOOP') say('250 2.0.0 ok');
				else if (cmd === 'QUIT') {
					say('221 2.0.0 bye');
					sock.end();
				} else say('502 5.5.2 not implemented');
			}
		});
	}
}

/** Starts a sink; see SmtpSink. */
export async function startSmtpSink() {
	return new SmtpSink().start();
}
