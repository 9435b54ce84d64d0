#!/usr/bin/env bash
# tmplc_errors.sh: the template compiler must reject every template in
# tests/unit/tmplc_bad/.  Each fixture's first line is `{# expect: TEXT #}`;
# the compiler must exit with status 1, write nothing, and print
# `FILE:LINE: error: ...TEXT...` on stderr.  When the fixture marks a line
# with `{# here #}`, LINE must be that line.  Also checks that the good
# fixtures (tests/unit/templates/) compile.
#
# Run from the repository root after `make build/tmplc`.  Prints one line per
# failure and ends with `N passed, N failed`; exits 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 2

TMPLC=build/tmplc
[ -x "$TMPLC" ] || { echo "no $TMPLC: run make build/tmplc first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

check_bad() {
	local f=$1 expect line out rc
	expect=$(head -n 1 "$f" | sed -n 's/^{# expect: \(.*\) #}$/\1/p')
	if [ -z "$expect" ]; then
		fail "$f" "first line is not {# expect: TEXT #}"
		return
	fi
	line=$(grep -n -F '{# here #}' "$f" | head -n 1 | cut -d: -f1)
	rm -f "$tmp"/out.c "$tmp"/out.h
	out=$("$TMPLC" -o "$tmp/out" "$f" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -ne 1 ]; then
		fail "$f" "exit status $rc, want 1 (stderr: $out)"
	elif [ -e "$tmp/out.c" ] || [ -e "$tmp/out.h" ]; then
		fail "$f" "wrote output despite the error"
	elif ! grep -q -E "^$f:${line:-[0-9]+}: error: " <<<"$out"; then
		fail "$f" "want '$f:${line:-N}: error:', got: $out"
	elif ! grep -q -F -- "$expect" <<<"$out"; then
		fail "$f" "want '$expect' in: $out"
	else
		passed=$((passed + 1))
	fi
}

for f in tests/unit/tmplc_bad/*.html; do
	check_bad "$f"
done

# The good fixtures compile, and write both files.
if out=$("$TMPLC" -o "$tmp/good" tests/unit/templates/*.html 2>&1) &&
	[ -s "$tmp/good.c" ] && [ -s "$tmp/good.h" ]; then
	passed=$((passed + 1))
else
	fail tests/unit/templates "good fixtures did not compile: $out"
fi

# No templates at all still gives a header and a C file that compile.
if "$TMPLC" -o "$tmp/none" && [ -e "$tmp/none.c" ] && [ -e "$tmp/none.h" ]; then
	passed=$((passed + 1))
else
	fail "(no templates)" "tmplc failed with no templates"
fi

# Usage errors are status 2, not 1.
"$TMPLC" >/dev/null 2>&1
if [ $? -eq 2 ]; then
	passed=$((passed + 1))
else
	fail "(usage)" "want exit status 2 without arguments"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
