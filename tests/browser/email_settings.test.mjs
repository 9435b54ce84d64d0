// email_settings.test.mjs: the email settings (issue 9) in a real browser
// (chromium through playwright-core, headless; see lib.mjs).  A member
// opens /settings, follows the link to the email settings, finds a group
// of four choices for each kind (a fieldset with its legend: reachable by
// its name), picks "Never" for mentions and "In a weekly digest" for
// replies, saves, and sees it saved (the message, the radios as chosen,
// and the API agreeing), and when digests come (after 06:00 UTC, then in
// the time zone the member sets).  Then a one-click unsubscribe page,
// opened with no session, says what it will do and does it.  Every page is
// screenshotted to tests/browser/screenshots/email_settings/ and checked
// with axe-core, the settings page at a 390 px phone width too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, PHONE } from './lib.mjs';

let srv;
const S = browserSuite('email_settings', (suite) => {
	srv = suite.srv;
});
const { newContext, visited, signInOn, fitsPhone } = S;

test('email settings: a member changes two kinds and sees them saved; an unsubscribe page works without a session', async () => {
	const m = await srv.newMember({ name: 'Dr Esme Settings' });
	const c = await newContext();
	const p = await c.newPage();
	await signInOn(p, m);
	await p.goto(srv.base + '/settings');
	await p.getByRole('link', { name: 'Email settings' }).click();
	await p.waitForURL(srv.base + '/settings/email');
	await p.getByRole('heading', { level: 1, name: 'Email settings' }).waitFor();
	await visited(p, 'email-settings');
	// When digests come: by UTC until the member sets a time zone.
	await p.getByText('Daily digests arrive after 06:00 UTC, as you have not set a time zone').waitFor();
	// Each kind is a named group of four radios; the defaults are checked.
	const replies = p.getByRole('group', { name: 'Replies in topics you watch' });
	const mentions = p.getByRole('group', { name: 'Mentions' });
	assert.equal(await replies.getByRole('radio').count(), 4);
	assert.ok(await replies.getByRole('radio', { name: 'In a daily digest' }).isChecked());
	assert.ok(await p.getByRole('group', { name: 'Decisions' }).getByRole('radio', { name: 'At once' }).isChecked());
	await replies.getByRole('radio', { name: 'In a weekly digest' }).check();
	await mentions.getByRole('radio', { name: 'Never' }).check();
	await p.getByRole('button', { name: 'Save email settings' }).click();
	await p.waitForURL(srv.base + '/settings/email?saved=1');
	await p.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
	assert.ok(await p.getByRole('group', { name: 'Replies in topics you watch' }).getByRole('radio', { name: 'In a weekly digest' }).isChecked());
	assert.ok(await p.getByRole('group', { name: 'Mentions' }).getByRole('radio', { name: 'Never' }).isChecked());
	await visited(p, 'email-settings-saved');
	const { token } = await srv.browser().apiSignIn(m.email, m.password);
	const modes = (await srv.browser().request('GET', '/api/v1/settings/email', { bearer: token })).json().modes;
	assert.deepEqual(modes, { reply: 'weekly', mention: 'never', message: 'daily', invitation: 'daily', decision: 'immediate' });
	const ph = await newContext(PHONE);
	const pp = await ph.newPage();
	await signInOn(pp, m);
	await fitsPhone(pp, '/settings/email', 'email-settings');
	await ph.close();

	// A digest to this member carries the one-click link; its page works signed out.
	const other = await srv.newMember({ name: 'Dr Otto Other' });
	const { token: t2 } = await srv.browser().apiSignIn(other.email, other.password);
	const topic = (await srv.browser().request('POST', '/api/v1/forums/medicine/topics', { bearer: token, json: { title: 'Browser digest topic', body: 'First.' } })).json();
	assert.equal((await srv.browser().request('POST', `/api/v1/topics/${topic.id}/posts`, { bearer: t2, json: { body: 'A reply.' } })).status, 201);
	assert.equal((await srv.cli(['mail', 'digests', '--now'])).code, 0);
	const mail = await srv.latestMail(m.email, { timeout: 10000 });
	const url = mail.headers['list-unsubscribe'].match(/<([^>]+)>/)[1];
	const anon = await newContext();
	const q = await anon.newPage();
	await q.goto(url);
	await q.getByRole('heading', { level: 1, name: 'Unsubscribe' }).waitFor();
	await visited(q, 'unsubscribe');
	await q.getByRole('button', { name: 'Unsubscribe' }).click();
	await q.getByRole('status').filter({ hasText: 'no longer email you' }).waitFor();
	await visited(q, 'unsubscribed');
	const after = (await srv.browser().request('GET', '/api/v1/settings/email', { bearer: token })).json().modes;
	assert.equal(after.reply, 'never');
	// With a time zone set in the settings, by the member's own clock.
	await p.goto(srv.base + '/settings');
	await p.getByLabel('Time zone').fill('Australia/Sydney');
	await p.getByRole('button', { name: 'Save profile' }).click();
	await p.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
	await p.goto(srv.base + '/settings/email');
	await p.getByText('Daily digests arrive after 06:00 in your time zone (Australia/Sydney), weekly ones after 06:00 on Mondays').waitFor();
	await visited(p, 'email-settings-timezone');
	await c.close();
	await anon.close();
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await S.srv.stop();
});
