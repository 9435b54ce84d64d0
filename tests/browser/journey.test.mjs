// journey.test.mjs: a member's first visit in a real browser (Debian's
// chromium driven by playwright-core, headless) against a server started by
// the HTTP suite's harness.  A new member registers (after one mistake),
// follows the confirmation link from the mail spool, signs in, edits the
// profile (bio, specialty, grade), sees it on /u/HANDLE and signs out.
// Private groups end to end: a member requests one, an editor approves it,
// the owner invites an address by email, its holder registers from the
// invitation, accepts and posts, and a member outside gets only 404s.
// Every page visited is screenshotted to tests/browser/screenshots/journey/ and
// checked with axe-core, failing on any violation.  Also: the register form
// works with JavaScript off, no page overflows a 390 px phone screen, no page
// breaks its own Content-Security-Policy, and no page throws a script error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshAddress, unique } from '../http/lib.mjs';
import { browserSuite, PHONE } from './lib.mjs';

let srv;
const S = browserSuite('journey', (suite) => {
	srv = suite.srv;
});
const { newContext, screenshot, visited, signInOn, fitsPhone } = S;

const member = (() => {
	const h = unique('b');
	return {
		email: `${h}@example.org`,
		name: 'Dr Ngozi Okafor-Smith',
		handle: h,
		password: 'browser journey passphrase',
		type: 'doctor',
		country: 'NG',
		bio: 'Paediatrician in Lagos. I run the journal club.',
		specialty: 'Paediatrics', // shown on the profile; chosen from the reference lists
		grade: 'Registrar',
	};
})();

let ctx;
let page;

/** A step of the journey: on failure, a screenshot of where it stood. */
function step(name, fn) {
	test(name, async () => {
		try {
			await fn();
		} catch (e) {
			if (page && !page.isClosed()) await screenshot(page, 'FAILED').catch(() => {});
			throw e;
		}
	});
}

step('the home page for a visitor', async () => {
	ctx = await newContext();
	page = await ctx.newPage();
	const r = await page.goto(srv.base + '/');
	assert.equal(r.status(), 200);
	await page.getByRole('heading', { level: 1 }).waitFor();
	await visited(page, 'home-visitor');
});

step('"Join" leads to the register form; a taken handle shows the field error', async () => {
	// A mistake only the server can see (the browser's own checks would stop
	// a malformed email before it is sent): a handle someone already has.
	const taken = await srv.newMember();
	await page.getByRole('link', { name: 'Join' }).first().click();
	await page.waitForURL(srv.base + '/register');
	await visited(page, 'register');
	await page.locator('[name=email]').fill(member.email);
	await page.locator('[name=name]').fill(member.name);
	await page.locator('[name=handle]').fill(taken.handle);
	await page.locator('[name=password]').fill(member.password);
	await page.locator('[name=type]').selectOption(member.type);
	await page.locator('[name=country]').selectOption(member.country);
	await page.locator('form[action="/register"] [type=submit]').click();
	await page.locator('#handle-error').waitFor();
	assert.equal(await page.locator('[name=handle]').getAttribute('aria-invalid'), 'true');
	assert.equal(await page.locator('[name=email]').inputValue(), member.email, 'the email is kept');
	assert.equal(await page.locator('[name=name]').inputValue(), member.name, 'the name is kept');
	await visited(page, 'register-error');
});

step('registering → "Check your email"', async () => {
	await page.locator('[name=handle]').fill(member.handle);
	await page.locator('[name=password]').fill(member.password);
	await page.locator('form[action="/register"] [type=submit]').click();
	await page.waitForURL(srv.base + '/register/sent');
	await page.getByText(/Check your email/i).first().waitFor();
	await visited(page, 'register-sent');
});

step('the confirmation link from the mail → the sign-in page says confirmed', async () => {
	const link = await srv.mailLink(member.email, 'confirm');
	await page.goto(srv.base + link);
	await page.waitForURL(srv.base + '/signin?confirmed=1');
	await page.getByText(/confirmed/i).first().waitFor();
	await visited(page, 'signin-confirmed');
});

step('signing in → "Welcome back"', async () => {
	await page.locator('[name=email]').fill(member.email);
	await page.locator('[name=password]').fill(member.password);
	await page.locator('main form[action^="/signin"] [type=submit], form[action^="/signin"] [type=submit]').first().click();
	await page.waitForURL(srv.base + '/');
	await page.getByText(`Welcome back, ${member.name}`).waitFor();
	await visited(page, 'home-member');
});

step('Settings: editing bio, specialty and grade → "Saved", nothing else changed', async () => {
	await page.getByRole('link', { name: 'Settings' }).first().click();
	await page.waitForURL(srv.base + '/settings');
	await visited(page, 'settings');
	const before = {
		name: await page.locator('[name=name]').inputValue(),
		country: await page.locator('[name=country]').inputValue(),
		timezone: await page.locator('[name=timezone]').inputValue(),
	};
	assert.equal(before.name, member.name);
	assert.equal(before.country, member.country);
	await page.locator('[name=bio]').fill(member.bio);
	await page.locator('[name=specialty]').selectOption({ label: member.specialty });
	await page.locator('[name=grade]').selectOption({ label: member.grade });
	await page.locator('form[action="/settings"] [type=submit]').click();
	await page.waitForURL(srv.base + '/settings?saved=1');
	await page.getByText('Saved').first().waitFor();
	assert.equal(await page.locator('[name=name]').inputValue(), before.name, 'name unchanged');
	assert.equal(await page.locator('[name=country]').inputValue(), before.country, 'country unchanged');
	assert.equal(await page.locator('[name=timezone]').inputValue(), before.timezone, 'timezone unchanged');
	assert.equal(await page.locator('[name=bio]').inputValue(), member.bio);
	await visited(page, 'settings-saved');
});

step('the profile page shows the changes', async () => {
	await page.locator('nav').getByRole('link', { name: member.name }).first().click();
	await page.waitForURL(srv.base + `/u/${member.handle}`);
	for (const s of [member.name, member.bio, member.specialty, member.grade, 'Doctor', 'Nigeria']) {
		await page.getByText(s, { exact: false }).first().waitFor();
	}
	await visited(page, 'profile');
});

step('signing out → back on the home page, signed out', async () => {
	await page.locator('nav form[action="/signout"] [type=submit], nav form[action="/signout"] button').first().click();
	await page.waitForURL(srv.base + '/');
	await page.locator('nav').getByRole('link', { name: 'Sign in' }).waitFor();
	assert.equal(await page.getByText('Welcome back').count(), 0);
	await visited(page, 'home-signed-out');
	await ctx.close();
});

test('verification: a doctor applies (after one mistake), an editor approves in the queue, the doctor sees the badge', async () => {
	const doc = await srv.newMember({ type: 'doctor', name: 'Dr Chidi Eze' });
	const ed = await srv.newMember({ name: 'Queue Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const c1 = await newContext();
	const p1 = await c1.newPage();
	await signInOn(p1, doc);
	await p1.goto(srv.base + `/u/${doc.handle}`);
	await p1.getByRole('link', { name: 'Get verified' }).click();
	await p1.waitForURL(srv.base + '/verify');
	await visited(p1, 'verify-form');
	await p1.locator('[name=authority]').selectOption('gmc');
	await p1.locator('[name=number]').fill('123');
	await p1.locator('[name=registered_name]').fill('Chidi Eze');
	await p1.getByRole('button', { name: 'Apply for verification' }).click();
	await p1.locator('#number-error').waitFor();
	assert.equal(await p1.locator('[name=number]').getAttribute('aria-invalid'), 'true');
	assert.equal(await p1.locator('[name=authority]').inputValue(), 'gmc', 'the authority is kept');
	await visited(p1, 'verify-error');
	await p1.locator('[name=number]').fill('1234567');
	await p1.getByLabel(/registration certificate/).setInputFiles({
		name: 'gmc-certificate.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
	});
	await p1.getByRole('button', { name: 'Apply for verification' }).click();
	await p1.waitForURL(srv.base + '/verify?applied=1');
	await p1.getByText('Waiting for an editor').waitFor();
	await visited(p1, 'verify-pending');

	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, ed);
	await p2.locator('nav').getByRole('link', { name: 'Editors' }).click();
	await p2.waitForURL(srv.base + '/editor');
	await visited(p2, 'editor-desk');
	await p2.getByRole('link', { name: 'Verifications' }).click();
	await p2.waitForURL(srv.base + '/editor/verifications');
	await visited(p2, 'editor-queue');
	const card = p2.locator('article', { hasText: `@${doc.handle}` });
	await card.getByRole('link', { name: 'gmc-certificate.pdf' }).waitFor();
	await card.getByLabel(/Approve/).check();
	await card.getByLabel(/Reason/).fill('GMC 1234567 is on the register, name matches.');
	await card.getByRole('button', { name: 'Save decision' }).click();
	await p2.waitForURL(srv.base + '/editor/verifications?done=approved');
	await p2.getByText('Approved.').waitFor();
	assert.equal(await p2.locator('article', { hasText: `@${doc.handle}` }).count(), 0, 'gone from the queue');
	await visited(p2, 'editor-queue-done');
	await p2.goto(srv.base + `/u/${doc.handle}`);
	await p2.getByRole('group', { name: /Roles of/ }).waitFor();
	await p2.getByLabel('champion').check();
	await p2.getByRole('button', { name: 'Save roles' }).click();
	await p2.waitForURL(srv.base + `/u/${doc.handle}?roles=1`);
	await p2.getByText('Roles saved.').waitFor();
	await visited(p2, 'profile-as-editor');
	await c2.close();

	await p1.goto(srv.base + `/u/${doc.handle}`);
	await p1.locator('h1 .badge.verified').waitFor();
	await p1.locator('.role-badges').getByText('Champion').waitFor();
	assert.equal(await p1.getByRole('link', { name: 'Get verified' }).count(), 0);
	await visited(p1, 'profile-verified');
	await c1.close();
});

test('messages: write from a profile, the other sees it unread, replies, reports a message; the editor removes it', async () => {
	const a = await srv.newMember({ name: 'Dr Femi Writer' });
	const z = await srv.newMember({ name: 'Dr Lena Reader' });
	const ed = await srv.newMember({ name: 'Reports Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const c1 = await newContext();
	const p1 = await c1.newPage();
	await signInOn(p1, a);
	await p1.goto(srv.base + `/u/${z.handle}`);
	await p1.getByRole('link', { name: 'Message', exact: true }).click();
	await p1.waitForURL(srv.base + `/messages/new?to=${z.handle}`);
	assert.equal(await p1.getByLabel('To').inputValue(), z.handle);
	await visited(p1, 'message-new');
	await p1.getByLabel('Subject (optional)').fill('Clinic cover on Monday');
	await p1.getByLabel('Message', { exact: true }).fill('Could you cover my **Monday** clinic?\n\nThanks!');
	await p1.getByRole('button', { name: 'Send' }).click();
	await p1.waitForURL(/\/messages\/\d+$/);
	await p1.locator('.message strong', { hasText: 'Monday' }).waitFor();
	await visited(p1, 'conversation');
	const where = new URL(p1.url()).pathname;

	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, z);
	const nav = p2.locator('nav').getByRole('link', { name: /Messages/ });
	assert.match(await nav.innerText(), /1/);
	await nav.click();
	await p2.waitForURL(srv.base + '/messages');
	await visited(p2, 'messages-list');
	await p2.getByRole('link', { name: /Clinic cover on Monday/ }).click();
	await p2.waitForURL(srv.base + where);
	assert.doesNotMatch(await p2.locator('nav').getByRole('link', { name: /Messages/ }).innerText(), /\d/, 'read now');
	await p2.getByLabel('Reply').fill('Yes, I can.');
	await p2.getByRole('button', { name: 'Send' }).click();
	await p2.locator('.message', { hasText: 'Yes, I can.' }).waitFor();
	// A report of Femi's message: the form opens from its summary.
	await p2.locator('.message', { hasText: 'Monday' }).getByText('Report this message').click();
	await p2.getByLabel('Why should the editors see it?').fill('Testing the report path: not really abusive.');
	await visited(p2, 'conversation-report-open');
	await p2.getByRole('button', { name: 'Report to the editors' }).click();
	await p2.waitForURL(srv.base + where + '?reported=1');
	await p2.getByText('The editors will look at the message you reported').waitFor();
	await c2.close();

	const c3 = await newContext();
	const p3 = await c3.newPage();
	await signInOn(p3, ed);
	await p3.locator('nav').getByRole('link', { name: 'Editors' }).click();
	await p3.getByRole('link', { name: 'Reported messages' }).click();
	await p3.waitForURL(srv.base + '/editor/reports');
	const card = p3.locator('article', { hasText: 'Testing the report path' });
	await card.getByText('Monday').waitFor();
	assert.equal(await p3.getByText('Yes, I can.').count(), 0, 'only the reported message reaches the editors');
	await visited(p3, 'editor-reports');
	await card.getByLabel('Remove the message').check();
	await card.getByRole('button', { name: 'Save decision' }).click();
	await p3.waitForURL(srv.base + '/editor/reports');
	await p3.getByText('No reports are waiting.').waitFor();
	await c3.close();

	await p1.goto(srv.base + where);
	await p1.getByText('This message was removed by the editors.').waitFor();
	await p1.locator('.message', { hasText: 'Yes, I can.' }).waitFor();
	await c1.close();
});

test('forums: a student reads the open forums and is refused the closed one', async () => {
	const st = await srv.newMember({ type: 'student', name: 'Sara Student' });
	const c = await newContext();
	const p = await c.newPage();
	await signInOn(p, st);
	await p.locator('nav').getByRole('link', { name: 'Forums' }).click();
	await p.waitForURL(srv.base + '/forums');
	await p.getByRole('heading', { name: 'Open clinical forums' }).waitFor();
	assert.equal(await p.getByRole('heading', { name: /Closed clinical forums/ }).count(), 0, 'no closed section for students');
	await visited(p, 'forums-student');
	await p.getByRole('link', { name: 'Paediatrics and neonatology' }).click();
	await p.waitForURL(srv.base + '/f/paediatrics');
	await visited(p, 'forum-open');
	const r = await p.goto(srv.base + '/f/paediatrics-doctors');
	assert.equal(r.status(), 404);
	await p.getByText('There is nothing at this address.').waitFor();
	await c.close();
});

test('forums: a verified doctor starts a topic, meets the confidentiality guard, edits, posts; a champion pins and locks it', async () => {
	const doc = await srv.newMember({ type: 'doctor', verified: true, name: 'Dr Ifeoma Obi' });
	const champ = await srv.newMember({ type: 'doctor', verified: true, name: 'Dr Kofi Champion' });
	assert.equal((await srv.cli(['user', 'role', champ.email, '+champion:paediatrics-doctors'])).code, 0);
	const c1 = await newContext();
	const p1 = await c1.newPage();
	await signInOn(p1, doc);
	await p1.goto(srv.base + '/f/paediatrics-doctors');
	await p1.getByText(champ.name).waitFor();
	await visited(p1, 'forum-closed');
	await p1.getByRole('link', { name: 'New topic' }).click();
	await p1.waitForURL(srv.base + '/f/paediatrics-doctors/new');
	await visited(p1, 'topic-new');
	await p1.getByLabel('Title').fill('Febrile infant under 28 days');
	await p1.getByLabel('Your post').fill('Baby born 03/02/2026, NHS number 943 476 5919. Lumbar puncture first?');
	await p1.getByRole('button', { name: 'Start topic' }).click();
	// The guard: the findings, highlighted, and nothing saved.
	await p1.getByText('This may identify a patient.').waitFor();
	await p1.locator('mark', { hasText: '943 476 5919' }).waitFor();
	await visited(p1, 'topic-guard');
	await p1.getByLabel('Your post').fill('A well-looking febrile neonate: lumbar puncture before antibiotics, or treat first?');
	await p1.getByRole('button', { name: 'Start topic' }).click();
	await p1.waitForURL(/\/t\/\d+$/);
	const topicUrl = p1.url();
	await p1.getByRole('heading', { name: 'Febrile infant under 28 days' }).waitFor();
	await visited(p1, 'topic');
	// An edit: the history keeps the first text.
	await p1.getByRole('link', { name: 'Edit' }).first().click();
	await p1.waitForURL(/\/p\/\d+\/edit$/);
	await visited(p1, 'post-edit');
	await p1.getByLabel('Post').fill('A well-looking febrile neonate: **lumbar puncture** before antibiotics, or treat first?');
	await p1.getByRole('button', { name: 'Save' }).click();
	await p1.waitForURL(/\/t\/\d+\?page=1#p\d+$/);
	await p1.locator('.post strong', { hasText: 'lumbar puncture' }).waitFor();
	await p1.getByRole('link', { name: 'edited' }).click();
	await p1.getByText('treat first?').first().waitFor();
	await visited(p1, 'post-history');
	await c1.close();

	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, champ);
	await p2.goto(topicUrl);
	await p2.getByLabel('Reply').fill('LP first unless they are unstable; do not delay antibiotics beyond an hour.');
	await p2.getByRole('button', { name: 'Post reply' }).click();
	await p2.waitForURL(/#p\d+$/);
	await p2.getByText('Moderate this topic').click();
	await visited(p2, 'topic-moderate');
	await p2.getByRole('button', { name: 'Pin' }).click();
	await p2.waitForURL(topicUrl);
	await p2.getByText('Moderate this topic').click();
	await p2.getByRole('button', { name: 'Lock' }).click();
	await p2.waitForURL(topicUrl);
	await p2.getByText('This topic is locked: it takes no more replies.').waitFor();
	assert.equal(await p2.getByLabel('Reply').count(), 0, 'no reply box once locked');
	await p2.goto(srv.base + '/f/paediatrics-doctors');
	await p2.locator('.topic-list li', { hasText: 'Febrile infant' }).getByText('Pinned').waitFor();
	await c2.close();
});

test('forums: a member flags a reply, an editor hides it from the queue', async () => {
	const a = await srv.newMember({ name: 'Dr Ada Asker' });
	const b = await srv.newMember({ name: 'Spam Replier' });
	const f = await srv.newMember({ type: 'hcp', name: 'Fran Flagger' });
	const ed = await srv.newMember({ name: 'Flag Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const tok = async (m) => (await srv.browser().apiSignIn(m.email, m.password)).token;
	const call = async (m, path, json) => srv.browser().request('POST', '/api/v1' + path, { bearer: await tok(m), json });
	const t = (await call(a, '/forums/book-club/topics', { title: 'Books about medicine', body: 'Any favourites?' })).json();
	(await call(b, `/topics/${t.id}/posts`, { body: 'Buy cheap watches at my shop!' })).json();
	const c1 = await newContext();
	const p1 = await c1.newPage();
	await signInOn(p1, f);
	await p1.goto(srv.base + `/t/${t.id}`);
	const post = p1.locator('.post', { hasText: 'cheap watches' });
	await post.getByText('Flag this post').click();
	await post.getByLabel('Why?').selectOption('spam');
	await post.getByLabel('Anything the moderators should know').fill('An advert.');
	await visited(p1, 'flag-open');
	await post.getByRole('button', { name: 'Flag for the moderators' }).click();
	await p1.waitForURL(/flagged=1/);
	await c1.close();

	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, ed);
	await p2.locator('nav').getByRole('link', { name: 'Editors' }).click();
	await p2.getByRole('link', { name: 'Flagged posts' }).click();
	await p2.waitForURL(srv.base + '/editor/flags');
	const card = p2.locator('article', { hasText: 'cheap watches' });
	await card.getByText('An advert.').waitFor();
	await visited(p2, 'editor-flags');
	await card.getByLabel('Hide the post').check();
	await card.getByRole('button', { name: 'Save decision' }).click();
	await p2.waitForURL(srv.base + '/editor/flags?done=1');
	await p2.goto(srv.base + '/editor/audit?action=flag.');
	await p2.getByRole('cell', { name: 'flag.hide' }).waitFor();
	await visited(p2, 'editor-audit');
	await p2.goto(srv.base + '/editor/forums');
	await visited(p2, 'editor-forums');
	await c2.close();

	const c3 = await newContext();
	const p3 = await c3.newPage();
	await signInOn(p3, a);
	await p3.goto(srv.base + `/t/${t.id}`);
	await p3.getByText('This post is hidden while the editors review it.').waitFor();
	assert.equal(await p3.getByText('cheap watches').count(), 0);
	await p3.goto(srv.base + '/notifications');
	await p3.getByText(/replied in Books about medicine/).waitFor();
	await visited(p3, 'notifications');
	await p3.goto(srv.base + '/latest');
	await visited(p3, 'latest');
	await c3.close();
});

test('groups: a member requests one, an editor approves, the owner invites by email, the invitee registers, accepts and posts; an outsider sees nothing', async () => {
	const tag = unique('g');
	const groupName = `Regional Anaesthesia Registrars ${tag}`;
	const title = `Fascia iliaca blocks in the emergency department ${tag}`;
	const owner = await srv.newMember({ type: 'doctor', name: 'Dr Ruth Owusu' });
	const ed = await srv.newMember({ name: 'Groups Editor' });
	assert.equal((await srv.cli(['user', 'role', ed.email, '+editor'])).code, 0);
	const outsider = await srv.newMember({ type: 'doctor', verified: true, name: 'Dr Olu Outsider' });
	const h = unique('inv');
	const invitee = { email: `${h}@example.org`, name: 'Dr Ines Invitee', handle: h, password: 'group invitee passphrase' };

	// The request: once with a purpose too short, then as it should be.
	const c1 = await newContext();
	const p1 = await c1.newPage();
	await signInOn(p1, owner);
	await p1.locator('nav').getByRole('link', { name: 'Groups' }).click();
	await p1.waitForURL(srv.base + '/groups');
	await p1.getByText('You are in no group yet.').waitFor();
	await visited(p1, 'groups-none');
	await p1.getByRole('link', { name: 'Request a group' }).click();
	await p1.waitForURL(srv.base + '/groups/new');
	await visited(p1, 'group-new');
	await p1.getByLabel('Name of the group').fill(groupName);
	await p1.getByLabel('What it is for').fill('Blocks');
	await p1.getByRole('button', { name: 'Send the request' }).click();
	await p1.locator('#purpose-error').waitFor();
	assert.equal(await p1.getByLabel('What it is for').getAttribute('aria-invalid'), 'true');
	assert.equal(await p1.getByLabel('Name of the group').inputValue(), groupName, 'the name is kept');
	await visited(p1, 'group-new-error');
	await p1.getByLabel('What it is for').fill('Registrars on the regional anaesthesia rotation: block techniques, teaching lists and the logbook.');
	await p1.getByLabel('Who it is for').fill('Anaesthesia registrars in the region');
	await p1.getByLabel(/We will discuss patients/).check();
	await p1.getByRole('button', { name: 'Send the request' }).click();
	await p1.waitForURL(srv.base + '/groups?requested=1');
	await p1.getByText('Your request has gone to the editors.').waitFor();
	await p1.locator('li.card', { hasText: groupName }).getByText('Waiting for the editors').waitFor();
	await visited(p1, 'groups-requested');
	assert.equal((await p1.goto(srv.base + '/editor/groups')).status(), 404, 'the editors\' list is for editors');

	// The editor approves it.
	const c2 = await newContext();
	const p2 = await c2.newPage();
	await signInOn(p2, ed);
	await p2.locator('nav').getByRole('link', { name: 'Editors' }).click();
	await p2.waitForURL(srv.base + '/editor');
	await p2.getByRole('link', { name: 'Private groups' }).click();
	await p2.waitForURL(srv.base + '/editor/groups');
	const card = p2.locator('article', { hasText: groupName });
	await card.getByText('Anaesthesia registrars in the region').waitFor();
	await visited(p2, 'editor-groups');
	await card.getByLabel(/Approve/).check();
	await card.getByRole('button', { name: 'Decide' }).click();
	await p2.waitForURL(srv.base + '/editor/groups?done=approved');
	assert.equal(await p2.locator('article', { hasText: groupName }).count(), 0, 'gone from the requests');
	await p2.getByRole('row', { name: new RegExp(groupName) }).getByRole('cell', { name: 'active' }).waitFor();
	await visited(p2, 'editor-groups-done');
	await c2.close();
	const decision = await srv.latestMail(owner.email);
	assert.match(decision.body, new RegExp(groupName));

	// The owner finds the group and invites a colleague not yet on Rounds.
	await p1.goto(srv.base + '/groups');
	await p1.locator('li.card', { hasText: groupName }).getByRole('link', { name: groupName }).click();
	await p1.waitForURL(/\/g\/[a-z0-9-]+$/);
	const slug = new URL(p1.url()).pathname.slice(3);
	await p1.getByRole('heading', { level: 1, name: groupName }).waitFor();
	await p1.getByText('you: Owner').waitFor();
	await visited(p1, 'group-owner');
	await p1.getByRole('link', { name: /^1 members?$/ }).click();
	await p1.waitForURL(srv.base + `/g/${slug}/members`);
	await visited(p1, 'group-members');
	await p1.getByLabel('Their Rounds handle or email address').fill(invitee.email);
	await p1.getByRole('button', { name: 'Invite', exact: true }).click();
	await p1.waitForURL(srv.base + `/g/${slug}/members?done=invited-email`);
	await p1.getByText('Invitation emailed.').waitFor();
	await p1.getByRole('button', { name: `Withdraw the invitation to ${invitee.email}` }).waitFor();
	await visited(p1, 'group-members-invited');

	// The invitee: the mail's link, then registering with that address.
	const invitation = await srv.latestMail(invitee.email);
	assert.match(invitation.body, new RegExp(groupName));
	const m = invitation.body.match(/(https?:\/\/[^\s<>"]+)(\/groups)\b/);
	assert.ok(m, `no /groups link in the invitation:\n${invitation.body}`);
	assert.equal(m[1], srv.base, 'the link is absolute under ROUNDS_BASE_URL');
	const c3 = await newContext();
	const p3 = await c3.newPage();
	await p3.goto(srv.base + m[2]);
	await p3.waitForURL(srv.base + '/signin?next=%2Fgroups');
	await visited(p3, 'signin-next-groups');
	await p3.getByRole('link', { name: 'Join' }).first().click();
	await p3.waitForURL(srv.base + '/register');
	await p3.locator('[name=email]').fill(invitee.email);
	await p3.locator('[name=name]').fill(invitee.name);
	await p3.locator('[name=handle]').fill(invitee.handle);
	await p3.locator('[name=password]').fill(invitee.password);
	await p3.locator('[name=type]').selectOption('doctor');
	await p3.locator('[name=country]').selectOption('GB');
	await p3.locator('form[action="/register"] [type=submit]').click();
	await p3.waitForURL(srv.base + '/register/sent');
	const confirm = await srv.mailLink(invitee.email, 'confirm', { count: 2 });
	await p3.goto(srv.base + confirm);
	await p3.waitForURL(srv.base + '/signin?confirmed=1');
	await p3.locator('[name=email]').fill(invitee.email);
	await p3.locator('[name=password]').fill(invitee.password);
	await p3.locator('form[action^="/signin"] [type=submit]').first().click();
	await p3.waitForURL(srv.base + '/');
	await p3.locator('nav').getByRole('link', { name: 'Groups' }).click();
	await p3.waitForURL(srv.base + '/groups');
	const inv = p3.locator('li.card', { hasText: groupName });
	await inv.getByText(`From ${owner.name}`).waitFor();
	await visited(p3, 'groups-invitation');
	await inv.getByRole('button', { name: 'Accept' }).click();
	await p3.waitForURL(srv.base + `/g/${slug}`);
	await p3.getByText('you: Member').waitFor();
	await p3.getByRole('link', { name: /^2 members?$/ }).waitFor();
	await visited(p3, 'group-member');
	await p3.getByRole('link', { name: 'New topic' }).click();
	await p3.waitForURL(srv.base + `/g/${slug}/new`);
	await p3.getByText('Posts are checked for patient identifiers').waitFor();
	await visited(p3, 'group-topic-new');
	await p3.getByLabel('Title').fill(title);
	await p3.getByLabel('Your post').fill('Our department wants registrars to supervise **fascia iliaca blocks** for hip fractures. How do your departments sign people off?');
	await p3.getByRole('button', { name: 'Start topic' }).click();
	await p3.waitForURL(/\/t\/\d+$/);
	const topicPath = new URL(p3.url()).pathname;
	await p3.getByRole('heading', { name: title }).waitFor();
	await p3.locator('.post strong', { hasText: 'fascia iliaca blocks' }).waitFor();
	await visited(p3, 'group-topic');
	await p3.goto(srv.base + `/g/${slug}`);
	await p3.locator('.topic-list li', { hasText: title }).waitFor();
	await c3.close();

	// The owner's members page: the invitee is in, the invitation gone.
	await p1.goto(srv.base + `/g/${slug}/members`);
	await p1.locator('.member-list li', { hasText: invitee.name }).waitFor();
	assert.equal(await p1.getByText('Invitations not yet answered').count(), 0);
	await c1.close();

	// A member outside the group: 404s that name nothing, and no title in the lists.
	const c4 = await newContext();
	const p4 = await c4.newPage();
	await signInOn(p4, outsider);
	for (const url of [`/g/${slug}`, `/g/${slug}/members`, `/g/${slug}/new`, topicPath]) {
		const r = await p4.goto(srv.base + url);
		assert.equal(r.status(), 404, url);
		await p4.getByText('There is nothing at this address.').waitFor();
		const html = await p4.content();
		assert.ok(!html.includes(groupName) && !html.includes(title), `${url} names the group or its topic`);
	}
	for (const url of ['/latest', '/', '/groups']) {
		await p4.goto(srv.base + url);
		const html = await p4.content();
		assert.ok(!html.includes(title), `${url} shows the group's topic title`);
		assert.ok(!html.includes(groupName), `${url} shows the group's name`);
	}
	await c4.close();

	// The group's pages fit a phone screen, for its owner and for the editor.
	const c5 = await newContext(PHONE);
	const p5 = await c5.newPage();
	await signInOn(p5, owner);
	for (const [url, name] of [
		['/groups', 'groups'],
		['/groups/new', 'group-new'],
		[`/g/${slug}`, 'group'],
		[`/g/${slug}/members`, 'group-members'],
		[`/g/${slug}/new`, 'group-topic-new'],
		[topicPath, 'group-topic'],
	]) {
		await fitsPhone(p5, url, name);
	}
	await c5.close();
	const c6 = await newContext(PHONE);
	const p6 = await c6.newPage();
	await signInOn(p6, ed);
	await fitsPhone(p6, '/editor/groups', 'editor-groups');
	await c6.close();
});

test('other pages pass axe: /signin, /reset, /reset/sent, a 404', async () => {
	const c = await newContext();
	const p = await c.newPage();
	for (const [url, name, status] of [
		['/signin', 'signin', 200],
		['/reset', 'reset', 200],
		['/reset/sent', 'reset-sent', 200],
		['/no/such/page', 'not-found', 404],
	]) {
		const r = await p.goto(srv.base + url);
		assert.equal(r.status(), status, url);
		await visited(p, name);
	}
	await c.close();
});

// (No axe here: it is a script, and scripts are off in this context.)
test('with JavaScript off, the register form still registers → "Check your email"', async () => {
	const c = await newContext({ javaScriptEnabled: false });
	const p = await c.newPage();
	await p.goto(srv.base + '/register');
	const h = unique('nojs');
	await p.locator('[name=email]').fill(`${h}@example.org`);
	await p.locator('[name=name]').fill('No Script');
	await p.locator('[name=handle]').fill(h);
	await p.locator('[name=password]').fill('no javascript passphrase');
	await p.locator('[name=type]').selectOption('student');
	await p.locator('[name=country]').selectOption('IE');
	await p.locator('form[action="/register"] [type=submit]').click();
	await p.waitForURL(srv.base + '/register/sent');
	await p.getByText(/Check your email/i).first().waitFor();
	await screenshot(p, 'register-sent-no-js');
	await srv.latestMail(`${h}@example.org`);
	await c.close();
});

test('at a 390x844 phone viewport no page scrolls sideways', async () => {
	const c = await newContext(PHONE);
	const p = await c.newPage();
	const m = await srv.newMember({ name: 'Phone Width Tester With A Rather Long Name Indeed' });
	const pages = [
		['/', 'home'],
		['/register', 'register'],
		['/signin', 'signin'],
		['/reset', 'reset'],
		['/register/sent', 'register-sent'],
		[`/u/${m.handle}`, 'profile'],
		['/no/such/page', 'not-found'],
	];
	const check = (url, name) => fitsPhone(p, url, name);
	for (const [url, name] of pages) await check(url, name);
	// Signed in: the nav with the name, settings.
	await p.goto(srv.base + '/signin');
	await p.locator('[name=email]').fill(m.email);
	await p.locator('[name=password]').fill(m.password);
	await p.locator('form[action^="/signin"] [type=submit]').first().click();
	await p.waitForURL(srv.base + '/');
	for (const [url, name] of [
		['/', 'home-member'],
		['/settings', 'settings'],
		['/verify', 'verify'],
		['/members', 'members'],
		['/connections', 'connections'],
		['/messages', 'messages'],
		['/messages/new', 'message-new'],
		['/forums', 'forums'],
		['/f/travel', 'forum'],
		['/f/travel/new', 'topic-new'],
		['/latest', 'latest'],
		['/notifications', 'notifications'],
		['/signout', 'signout'],
	]) {
		await check(url, name);
	}
	await c.close();
});

// (No axe here either: with the CSP in force it cannot be injected.)
test('no page breaks its own Content-Security-Policy (a context without bypassCSP)', async () => {
	const c = await S.browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': freshAddress() } });
	const p = await c.newPage();
	const violations = [];
	p.on('console', (msg) => {
		if (/Content Security Policy/i.test(msg.text())) violations.push(`${p.url()}: ${msg.text()}`);
	});
	const m = await srv.newMember();
	for (const url of ['/', '/register', '/signin', '/reset', `/u/${m.handle}`, '/no/such/page']) {
		await p.goto(srv.base + url);
		await p.waitForLoadState('load');
	}
	await p.goto(srv.base + '/signin');
	await p.locator('[name=email]').fill(m.email);
	await p.locator('[name=password]').fill(m.password);
	await p.locator('form[action^="/signin"] [type=submit]').first().click();
	await p.waitForURL(srv.base + '/');
	await p.goto(srv.base + '/settings');
	await p.waitForLoadState('load');
	assert.deepEqual(violations, [], 'CSP violations');
	await c.close();
});

test('no page threw a script error', () => {
	assert.deepEqual(S.pageErrors, []);
});

test('the server exits 0 on SIGTERM with no sanitizer report', async () => {
	await srv.stop();
});
