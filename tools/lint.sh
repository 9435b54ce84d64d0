#!/usr/bin/env bash
# tools/lint.sh: the repository's own lint.  Forbids sprintf/strcpy/strcat,
# SQL assembled at run time, raw template output outside the allow-list,
# and printf-like helpers without a format attribute; then cppcheck and
# clang-tidy (checks in .clang-tidy) must find nothing in src/ (both are
# installed by scripts/deps.sh test; the build must have run, for the
# generated view header).  Prints one line per finding and ends with
# `N passed, N failed` (one check per rule).
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
rule() { # name, findings
	if [ -n "$2" ]; then
		failed=$((failed + 1))
		echo "lint: $1:"
		echo "$2" | sed 's/^/  /'
	else
		passed=$((passed + 1))
	fi
}

csrc=$(find src tools tests/unit -name '*.c' -o -name '*.h' | sort)

rule "sprintf, strcpy or strcat" "$(grep -nE '\b(v?sprintf|strcpy|strcat|gets)\s*\(' $csrc 2>/dev/null)"

# SQL is constant text: no printf-built statements, no sqlite3_mprintf,
# no string-joining into prepare calls.
rule "SQL built at run time" "$(grep -nE 'sqlite3_(v?mprintf|snprintf)|(snprintf|buf_printf)\s*\([^;]*\b(SELECT|INSERT|UPDATE|DELETE)\b' $csrc 2>/dev/null)"

# Raw output in templates only where allowed: template:name pairs.
# Markdown rendered by src/text/markdown.c (raw HTML off, safe links only);
# search snippets escaped by view_esc_marked (src/views/escape.c).
allow_raw="conversation.html:m.body_html editor_reports.html:m.body_html _posts.html:p.body_html _posts.html:p.head _post_head.html:body_html blog_post.html:post.body_html blog_post_form.html:preview blog_post_history.html:v.body_html editor_flags.html:f.body_html editor_confirmed.html:p.body_html library_item.html:item.body_html search.html:h.snippet_html"
# chart (issue 10): the dashboard's SVG charts, drawn by src/views/chart.c,
# which escapes every text in them (through src/views/escape.c).
allow_raw+=" _chart.html:c.svg_html"
raw=$(grep -noE '\{\{\s*raw\s+[a-zA-Z0-9_.]+\s*\}\}' templates/*.html 2>/dev/null | sed -E 's/\{\{\s*raw\s+([a-zA-Z0-9_.]+)\s*\}\}/\1/')
bad_raw=""
for r in $raw; do
	file=${r%%:*}
	name=${r##*:}
	case " $allow_raw " in *" $(basename "$file"):$name "*) ;; *) bad_raw+="$r"$'\n' ;; esac
done
rule "raw template output outside the allow-list" "$bad_raw"

# Handlers build no HTML: no tags in string literals under src/pages.
rule "HTML built in handlers" "$(grep -nE '"[^"]*<(p|div|a|span|h[1-6]|ul|li|form|input|html|body)[ >]' src/pages/*.c 2>/dev/null)"

# exit/abort never on a request path.
rule "exit or abort in request code" "$(grep -nE '\b(exit|abort)\s*\(' src/http/*.c src/pages/*.c src/policy/*.c src/store/*.c src/store/*/*.c src/views/*.c 2>/dev/null)"

# Static analysers: nothing at their warning level.
pkgs="libmicrohttpd sqlite3 libpq libsodium jansson libcurl libcmark-gfm libmagic"
cflags="-std=c17 -D_GNU_SOURCE -Isrc -Isrc/views -Ibuild/gen $(pkg-config --cflags $pkgs 2>/dev/null)"
if ! command -v cppcheck >/dev/null; then
	rule "cppcheck" "cppcheck is not installed (scripts/deps.sh test installs it)"
else
	rule "cppcheck" "$(cppcheck --quiet --enable=warning,portability,performance --std=c11 -Isrc -Ibuild/gen \
		--suppress=missingIncludeSystem --inline-suppr -j2 src 2>&1)"
fi
if ! command -v clang-tidy >/dev/null; then
	rule "clang-tidy" "clang-tidy is not installed (scripts/deps.sh test installs it)"
elif [ ! -f build/gen/views_gen.h ]; then
	rule "clang-tidy" "build/gen/views_gen.h is missing: run make first"
else
	# shellcheck disable=SC2086 # the flags are words
	rule "clang-tidy" "$(find src -name '*.c' | sort | xargs -P2 -n6 sh -c 'clang-tidy --quiet "$@" -- '"$cflags"' 2>/dev/null' tidy |
		grep -E 'warning:|error:' | sort -u)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
