// reporter.mjs: a node:test reporter for the HTTP and browser suites.
// Prints one line per test (failures with their error), whatever the tests
// printed, and ends with exactly `N passed, N failed`, the line scripts/test.sh
// adds up.  Suites (describe) are not counted, only tests; a test that timed
// out or was cancelled counts as failed, and so does a file that crashed
// before or between its tests (node reports it as a failed test named after
// the file).
import { inspect } from 'node:util';
import path from 'node:path';

function where(data) {
	return data.file ? path.relative(process.cwd(), data.file) : '';
}

function describeError(err) {
	if (!err) return '';
	const cause = err.cause ?? err;
	let text = cause instanceof Error ? (cause.stack ?? String(cause)) : inspect(cause, { depth: 4 });
	if (err.failureType && err.failureType !== 'testCodeFailure') text = `${err.failureType}: ${text}`;
	return text
		.split('\n')
		.filter((l) => !/^\s+at .*(node:internal|node_modules)/.test(l))
		.map((l) => '      ' + l)
		.join('\n');
}

export default async function* reporter(source) {
	let passed = 0;
	let failed = 0;
	const fileMs = new Map(); // top-level tests' time by file: where a suite's minutes go
	for await (const ev of source) {
		const d = ev.data;
		if ((ev.type === 'test:pass' || ev.type === 'test:fail') && d.nesting === 0 && d.file)
			fileMs.set(where(d), (fileMs.get(where(d)) ?? 0) + (d.details?.duration_ms ?? 0));
		switch (ev.type) {
		case 'test:pass':
			if (d.details?.type === 'suite') break;
			if (d.skip || d.todo) {
				yield `  - ${d.name} (skipped)\n`;
				break;
			}
			passed++;
			yield `  ok ${d.name}  [${where(d)}]\n`;
			break;
		case 'test:fail':
			if (d.details?.type === 'suite' && d.details?.error?.failureType === 'subtestsFailed') break;
			failed++;
			yield `  FAIL ${d.name}  [${where(d)}]\n${describeError(d.details?.error)}\n`;
			break;
		case 'test:stdout':
		case 'test:stderr':
			yield d.message.replace(/^(?=.)/gm, '    | ');
			break;
		default:
			break;
		}
	}
	const slow = [...fileMs].sort((a, b) => b[1] - a[1]).slice(0, 8);
	if (slow.length > 1)
		yield `slowest files: ${slow.map(([f, ms]) => `${path.basename(f)} ${(ms / 1000).toFixed(0)}s`).join(', ')}\n`;
	yield `${passed} passed, ${failed} failed\n`;
}
