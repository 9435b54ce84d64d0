// register_import.test.mjs: `rounds register import FILE.csv` (issue 4):
// pending applications the register confirms are verified at once (names
// matched however they were typed), doctors it lists as erased or
// suspended lose their verification, both emailed (a withdrawal as the
// member's decision mode says: at once, in the digest, or never);
// malformed rows are reported by line and skipped; later applications are
// checked against it on arrival; a large extract imports whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, assertJsonError, PG } from './lib.mjs';

let srv, editorToken;
before(async () => {
	srv = await startServer();
	const ed = await srv.newMember({ name: 'Register Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	editorToken = (await srv.browser().apiSignIn(ed.email, ed.password)).token;
});
after(() => srv?.kill());

async function doctor(name) {
	const m = await srv.newMember({ type: 'doctor', name });
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	return { ...m, token };
}

async function apply(d, authority, number, registered_name) {
	return srv.browser().post('/api/v1/verification', { bearer: d.token, json: { authority, number, registered_name } });
}

async function me(d) {
	return (await srv.browser().get('/api/v1/me', { bearer: d.token })).json();
}

function writeCsv(name, text) {
	const file = path.join(srv.dir, name);
	fs.writeFileSync(file, text);
	return file;
}

test('an import verifies matching pending applications, withdraws erased ones, and reports malformed rows by line', async () => {
	const pending = await doctor('Dr José García-López');
	assert.equal((await apply(pending, 'gmc', '6000001', 'José García-López')).status, 201);
	const mismatch = await doctor('Dr Ann Other');
	assert.equal((await apply(mismatch, 'gmc', '6000002', 'Ann Other')).status, 201);
	const erased = await doctor('Dr Erin Erased');
	const filed = await apply(erased, 'imc', '60003', 'Erin Erased');
	assert.equal(filed.status, 201);
	const d = await srv.browser().post(`/api/v1/editor/verifications/${filed.json().id}`, { bearer: editorToken, json: { decision: 'approve' } });
	assert.equal(d.status, 200);
	assert.equal((await me(erased)).verified, true);
	assert.equal((await srv.cli(['user', 'role', erased.email, '+champion'])).code, 0);
	assert.deepEqual((await me(erased)).roles, ['champion']);
	const csv = [
		'authority,number,name,status', // 1: header
		'GMC,6000001,"Lopez, Jose Garcia",registered', // 2: the same person, typed differently
		'gmc,6000002,Someone Else Entirely,registered', // 3: number matches, name does not
		'imc,60003,Erin Erased,erased', // 4
		'hogwarts,1,Albus,registered', // 5: unknown authority
		'gmc,12,Short Number,registered', // 6: bad number
		'gmc,6000009,Three Columns', // 7: 3 columns
		'gmc,6000010,Odd Status,retired', // 8: bad status
		'npi,1234567893,"Sarah ""Sal"" Lee",registered', // 9: quotes inside quotes
		'ahpra,MED0001234567,"Name over',
		'two lines",registered', // 10-11: a quoted newline
		'gmc,6000011,Last Row Without Newline,registered', // 12
	].join('\r\n');
	const file = writeCsv('extract.csv', csv);
	const r = await srv.cli(['register', 'import', file]);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /imported 6 rows/);
	assert.match(r.stdout, /skipped 4 malformed/);
	assert.match(r.stdout, /verified 1 pending application\b/);
	assert.match(r.stdout, /withdrew 1 verification\b/);
	for (const line of [5, 6, 7, 8]) assert.match(r.stderr, new RegExp(`extract\\.csv:${line}: skipped`), `line ${line} reported`);
	assert.doesNotMatch(r.stderr, /extract\.csv:(2|3|4|9|10|12): skipped/);
	assert.equal((await me(pending)).verified, true, 'the pending doctor is verified');
	assert.equal((await me(mismatch)).verified, false, 'a name that does not match is left to the editors');
	assert.equal((await me(erased)).verified, false, 'the erased doctor is no longer verified');
	assert.deepEqual((await me(erased)).roles, [], 'nor a champion: that needs verification');
	assert.match((await srv.latestMail(pending.email)).headers.subject, /verified/i);
	assert.match((await srv.latestMail(erased.email, { count: 2 })).headers.subject, /withdrawn/i);
	const q = (await srv.browser().get('/api/v1/editor/verifications', { bearer: editorToken })).json().applications;
	assert.ok(q.some((a) => a.member.handle === mismatch.handle), 'the mismatch is still in the queue');
	assert.ok(!q.some((a) => a.member.handle === pending.handle));
	// A later application is checked on arrival.
	const sarah = await doctor('Dr Sarah Lee');
	const later = await apply(sarah, 'npi', '1234567893', 'Lee Sarah Sal');
	assert.equal(later.status, 201, later.text);
	assert.equal(later.json().status, 'approved');
	assert.equal((await me(sarah)).verified, true);
	const wrong = await doctor('Dr Not Sarah');
	const refused = await apply(wrong, 'npi', '1234567893', 'Not Sarah');
	assert.equal(refused.json().status, 'pending', 'the same number under another name waits for an editor');
});

test('a withdrawal follows the member\'s decision mode: daily in the digest, never not at all', async () => {
	const modes = async (d, decision) => {
		const r = await srv.browser().request('PATCH', '/api/v1/settings/email', { bearer: d.token, json: { modes: { decision } } });
		assert.equal(r.status, 200, r.text);
	};
	const daily = await doctor('Dr Dana Daily');
	const never = await doctor('Dr Neve Never');
	for (const [d, number, decision] of [[daily, '60004', 'daily'], [never, '60005', 'never']]) {
		await modes(d, decision);
		const filed = await apply(d, 'imc', number, d.name.replace(/^Dr /, ''));
		assert.equal(filed.status, 201, filed.text);
		const ok = await srv.browser().post(`/api/v1/editor/verifications/${filed.json().id}`, { bearer: editorToken, json: { decision: 'approve' } });
		assert.equal(ok.status, 200, ok.text);
	}
	const r = await srv.cli(['register', 'import', writeCsv('modes.csv', 'imc,60004,Dana Daily,erased\nimc,60005,Neve Never,suspended\n')]);
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /withdrew 2 verifications/);
	assert.equal((await me(daily)).verified, false);
	assert.equal((await srv.mailsFor(daily.email)).length, 0, 'daily: nothing at once');
	assert.equal((await srv.mailsFor(never.email)).length, 0, 'never: nothing at once');
	const dg = await srv.cli(['mail', 'digests', '--now']);
	assert.equal(dg.code, 0, dg.stderr);
	const mail = await srv.latestMail(daily.email);
	assert.match(mail.headers.subject, /daily digest/i);
	assert.match(mail.body.replace(/\s+/g, ' '), /verification as a doctor was withdrawn/);
	assert.ok(mail.body.includes(`${srv.base}/verify`), mail.body);
	assert.equal((await srv.mailsFor(never.email)).length, 0, 'never: no digest either');
});

test('taking the champion role is part of the import: when the store refuses it, nothing is imported; then it is whole', async () => {
	const erin = await doctor('Dr Erin Frozen');
	const filed = await apply(erin, 'imc', '60077', 'Erin Frozen');
	assert.equal(filed.status, 201);
	const d = await srv.browser().post(`/api/v1/editor/verifications/${filed.json().id}`, { bearer: editorToken, json: { decision: 'approve' } });
	assert.equal(d.status, 200);
	assert.equal((await srv.cli(['user', 'role', erin.email, '+champion'])).code, 0);
	const file = writeCsv('frozen.csv', 'authority,number,name,status\nimc,60077,Erin Frozen,erased\nimc,60078,Frozen Newcomer,registered\n');
	const rows = () => srv.sql("SELECT count(*) FROM register_entries WHERE number IN ('60077', '60078')");
	const before = rows();
	// A fault in the store where the role is taken, and nowhere else.
	srv.sql(PG
		? "CREATE FUNCTION rt_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'rt: roles are frozen'; END $$; "
			+ 'CREATE TRIGGER rt_frozen BEFORE UPDATE OF roles ON members FOR EACH ROW EXECUTE FUNCTION rt_frozen()'
		: "CREATE TRIGGER rt_frozen BEFORE UPDATE OF roles ON members BEGIN SELECT RAISE(ABORT, 'rt: roles are frozen'); END");
	try {
		const r = await srv.cli(['register', 'import', file]);
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stderr, /nothing was imported/);
		assert.doesNotMatch(r.stdout, /withdrew/);
		const still = await me(erin);
		assert.equal(still.verified, true, 'the withdrawal went with the rest');
		assert.deepEqual(still.roles, ['champion'], 'and the role stays with the verification');
		assert.equal(rows(), before, 'no row of the file was kept');
	} finally {
		srv.sql(PG ? 'DROP TRIGGER rt_frozen ON members; DROP FUNCTION rt_frozen()' : 'DROP TRIGGER rt_frozen');
	}
	const r = await srv.cli(['register', 'import', file]);
	assert.equal(r.code, 0, r.stdout + r.stderr);
	assert.match(r.stdout, /imported 2 rows/);
	assert.match(r.stdout, /withdrew 1 verification\b/);
	const after = await me(erin);
	assert.equal(after.verified, false);
	assert.deepEqual(after.roles, [], 'the champion role went with the verification');
	assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'member.role' AND target = 'member:${after.id}' AND detail LIKE '-champion%'`), '1', 'logged once');
	assert.match((await srv.latestMail(erin.email, { count: 2 })).headers.subject, /withdrawn/i);
});

test('rounds register import: usage → 2; a missing file → 1; an empty file imports nothing', async () => {
	assert.equal((await srv.cli(['register'])).code, 2);
	assert.equal((await srv.cli(['register', 'export', 'x.csv'])).code, 2);
	assert.equal((await srv.cli(['register', 'import'])).code, 2);
	const missing = await srv.cli(['register', 'import', path.join(srv.dir, 'nope.csv')]);
	assert.equal(missing.code, 1);
	assert.match(missing.stderr, /cannot open/);
	const empty = await srv.cli(['register', 'import', writeCsv('empty.csv', '')]);
	assert.equal(empty.code, 0, empty.stderr);
	assert.match(empty.stdout, /imported 0 rows/);
	const junk = await srv.cli(['register', 'import', writeCsv('junk.csv', '\x00\xff\xfe"unterminated,\n')]);
	assert.equal(junk.code, 0, junk.stderr);
	assert.match(junk.stdout, /imported 0 rows from .*junk\.csv; skipped 1 malformed/);
});

test('a large extract (50,000 rows, some malformed) imports whole; the pending match among them is verified', async () => {
	const d = await doctor('Dr Needle Haystack');
	assert.equal((await apply(d, 'gmc', '7049999', 'Needle Haystack')).status, 201);
	const rows = ['authority,number,name,status'];
	for (let i = 0; i < 50000; i++) {
		if (i % 10000 === 5) rows.push('gmc,not-a-number,Broken Row,registered');
		else rows.push(`gmc,${7000000 + i},Doctor Number ${i},${i % 97 === 0 ? 'erased' : 'registered'}`);
	}
	rows.push('gmc,7049999,Haystack Needle,registered');
	const file = writeCsv('big.csv', rows.join('\n') + '\n');
	const r = await srv.cli(['register', 'import', file], { timeout: 240000 });
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /imported 49996 rows/);
	assert.match(r.stdout, /skipped 5 malformed/);
	assert.equal((await me(d)).verified, true);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
