// lib.mjs: what the browser suites share.  browserSuite(NAME) starts, for
// the test file that calls it, a server (the HTTP suite's harness) and
// Debian's chromium (playwright-core, headless), and gives the helpers that
// drive them: contexts of their own, screenshots to
// tests/browser/screenshots/NAME/, axe-core on a page, signing in, the
// phone-width check.  Each file has its own folder of screenshots, so files
// run side by side (node --test --test-concurrency) never clear each
// other's, and its own time limit (--test-timeout counts per file).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, freshAddress, ROOT } from '../http/lib.mjs';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A 390x844 phone: the viewport the phone-width checks use. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Registers the before/after hooks of a browser suite named NAME and
 * returns its state and helpers.  s.srv and s.browser are set once the
 * before hook has run, which then calls READY(s) (node 20 runs a file's
 * before hooks side by side, so a second hook could not wait for this
 * one); s.pageErrors collects every page's script errors.
 */
export function browserSuite(name, ready = () => {}) {
	const shots = path.join(ROOT, 'tests', 'browser', 'screenshots', name);
	let shot = 0;
	const s = { srv: null, browser: null, pageErrors: [] };

	before(async () => {
		fs.rmSync(shots, { recursive: true, force: true });
		fs.mkdirSync(shots, { recursive: true });
		s.srv = await startServer();
		s.browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		ready(s);
	});

	after(async () => {
		await s.browser?.close();
		await s.srv?.kill();
	});

	/**
	 * A context of its own (own cookies, own client address).  bypassCSP: the
	 * site's CSP allows only its own script files, so the axe-core script that
	 * addScriptTag injects inline would be blocked; bypassing the CSP in the
	 * test browser lets axe in.  The CSP itself is checked in a context without
	 * the bypass (see "no page breaks its own Content-Security-Policy").
	 */
	s.newContext = async (opts = {}) => {
		const ctx = await s.browser.newContext({
			bypassCSP: true,
			extraHTTPHeaders: { 'X-Forwarded-For': freshAddress() },
			...opts,
		});
		ctx.setDefaultTimeout(15000);
		ctx.on('page', (p) => p.on('pageerror', (e) => s.pageErrors.push(`${p.url()}: ${e.message}`)));
		return ctx;
	};

	/** Saves a screenshot of the page as NN-NAME.png. */
	s.screenshot = async (page, what) => {
		shot++;
		await page.screenshot({ path: path.join(shots, `${String(shot).padStart(2, '0')}-${what}.png`), fullPage: true });
	};

	/** Runs axe-core on the page; fails listing every violation. */
	s.axe = async (page, where) => {
		await page.addScriptTag({ path: AXE });
		const violations = await page.evaluate(async () => {
			// eslint-disable-next-line no-undef
			const r = await axe.run(document, { resultTypes: ['violations'] });
			return r.violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				help: v.help,
				nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), why: n.failureSummary })),
			}));
		});
		if (violations.length) {
			console.log(`axe violations on ${where}:`);
			for (const v of violations) {
				console.log(`  ${v.id} (${v.impact}): ${v.help}`);
				for (const n of v.nodes) console.log(`    ${n.target}  ${n.html}\n      ${(n.why ?? '').replace(/\n/g, '\n      ')}`);
			}
		}
		assert.deepEqual(
			violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
			[],
			`axe-core violations on ${where}`,
		);
	};

	/** Screenshot and axe for the current page. */
	s.visited = async (page, what) => {
		await s.screenshot(page, what);
		await s.axe(page, `${what} (${new URL(page.url()).pathname})`);
	};

	/** Signs M in through the form on page P. */
	s.signInOn = async (p, m) => {
		await p.goto(s.srv.base + '/signin');
		await p.locator('[name=email]').fill(m.email);
		await p.locator('[name=password]').fill(m.password);
		await p.locator('form[action^="/signin"] [type=submit]').first().click();
		await p.waitForURL(s.srv.base + '/');
	};

	/** At a 390 px phone width: URL fits without sideways scrolling and passes axe. */
	s.fitsPhone = async (p, url, what) => {
		await p.goto(s.srv.base + url);
		const w = await p.evaluate(() => document.documentElement.scrollWidth);
		await s.screenshot(p, `phone-${what}`);
		assert.ok(w <= 390, `${url}: scrollWidth ${w} > 390`);
		await s.axe(p, `${url} at 390x844`);
	};

	return s;
}
