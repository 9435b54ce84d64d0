#!/usr/bin/env bash
# test.sh: what `make test` runs.  Builds Rounds, runs every suite against
# the normal build and again against the ASan+UBSan and the TSan builds, then the interface
# contract's smoke test, and ends with exactly one line `N passed, N failed`
# adding up every suite.  Exits non-zero when anything failed, and a suite
# that could not run or crashed counts as failed, never as skipped.
#
# The sanitizer runs are AddressSanitizer+UndefinedBehaviorSanitizer
# (build/asan) and ThreadSanitizer (build/tsan), each the whole suite again.
#
# Suites, each ending with its own `N passed, N failed` line:
#   unit      each binary in $B/unit/ (from tests/unit/*.c), tests/unit/*.sh
#   lint      tools/lint.sh (the repository's own rules)
#   http      node --test tests/http/*.test.mjs  (the harness is tests/http/lib.mjs)
#   browser   node --test tests/browser/*.test.mjs  (playwright-core, Debian's chromium)
#   postgresql  the store unit suites and the whole http suite again on PostgreSQL, and
#             the cluster test (tests/cluster: two nodes and nginx), against a
#             throw-away cluster on 127.0.0.1 started here (scripts/pg.sh)
#   contract  ../shared/contract/smoke, when it exists
# Logs of each suite go to build/test-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."

JOBS=$(nproc 2>/dev/null || echo 2)
LOGS=build/test-logs
passed=0
failed=0
summary=()

# The sanitizer runs: report leaks (LeakSanitizer works on this machine:
# checked as root in the container), stop at the first error so a report
# never scrolls by unnoticed.
SAN_ENV=(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)

# record NAME PASSED FAILED [SECONDS]: adds a suite's counts to the totals;
# the summary shows how long it took (what the CI time limit is spent on).
record() {
	passed=$((passed + $2))
	failed=$((failed + $3))
	local mark=ok
	((${3} > 0)) && mark=FAIL
	summary+=("$(printf '  %-4s %-44s %4d passed, %3d failed %6ss' "$mark" "$1" "$2" "$3" "${4:-0}")")
}

# suite NAME TIMEOUT_S COMMAND...: runs a suite, shows and logs its output,
# and adds the counts of its last `N passed, N failed` line.  No such line, a
# timeout, or a non-zero exit with nothing failed counts as one failure more.
suite() {
	local name=$1 limit=$2
	shift 2
	local log
	log="$LOGS/$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_').log"
	echo "=== $name"
	local t0=$SECONDS
	timeout --kill-after=10 "$limit" "$@" </dev/null 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local last p=0 f=0
	last=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		p=${BASH_REMATCH[1]}
		f=${BASH_REMATCH[2]}
	else
		echo "!!! $name printed no 'N passed, N failed' line (exit $rc): counted as failed"
		f=$((f + 1))
	fi
	if ((rc == 124 || rc == 137)); then
		echo "!!! $name timed out after ${limit}s: counted as failed"
		f=$((f + 1))
	elif ((rc != 0 && f == 0)); then
		echo "!!! $name exited $rc with no failure counted: counted as failed"
		f=$((f + 1))
	fi
	record "$name" "$p" "$f" $((SECONDS - t0))
}

# cannot NAME WHY: a suite that could not run at all.
cannot() {
	echo "!!! $1 could not run: $2"
	record "$1" 0 1
}

# step NAME COMMAND...: a build step; its failure counts as one failure (its
# success adds nothing: only tests count as passed).
step() {
	local name=$1
	shift
	echo "=== $name"
	local t0=$SECONDS
	if "$@" </dev/null; then
		record "$name" 0 0 $((SECONDS - t0))
		return 0
	fi
	echo "!!! $name failed"
	record "$name" 0 1 $((SECONDS - t0))
	return 1
}

finish() {
	echo
	echo "=== summary (${SECONDS}s in all)"
	printf '%s\n' "${summary[@]}"
	echo "$passed passed, $failed failed"
	((failed == 0))
	exit $?
}

# unit_suites BUILD_DIR: every unit test binary built in BUILD_DIR/unit.
unit_suites() {
	local dir=$1 found=0 t
	for t in "$dir"/unit/*; do
		[[ -f $t && -x $t ]] || continue
		found=1
		suite "unit ${t#build/}" 300 "$t"
	done
	((found)) || echo "(no unit test binaries in $dir/unit)"
}

# unit_scripts: tests/unit/*.sh, run once from the root after `make` (they
# check build tools such as build/tmplc, which no sanitizer build changes).
unit_scripts() {
	local t
	for t in tests/unit/*.sh; do
		[[ -f $t ]] || continue
		suite "unit $t" 300 env ROUNDS_BIN=build/rounds bash "$t"
	done
}

# node_suite NAME BIN GLOB_DIR [ENV...]: a node:test suite against BIN.
node_suite() {
	local name=$1 bin=$2 dir=$3
	shift 3
	local files=("$dir"/*.test.mjs)
	if [[ ! -e ${files[0]} ]]; then
		cannot "$name" "no $dir/*.test.mjs"
		return
	fi
	if [[ ! -x $bin ]]; then
		cannot "$name" "$bin was not built"
		return
	fi
	suite "$name" 2400 env "$@" ROUNDS_BIN="$bin" node --test --test-concurrency=2 --test-timeout=480000 \
		--test-reporter=./tests/reporter.mjs "${files[@]}"
}

# pg_suites BUILD_DIR: the PostgreSQL runs of BUILD_DIR's binaries, against
# the cluster started below ($PG_BASE), or counted failed if it did not start.
pg_suites() {
	local dir=$1
	if [[ -z $PG_BASE ]]; then
		cannot "postgresql ($dir)" "the PostgreSQL cluster did not start (see $LOGS/pg-start.log)"
		return
	fi
	local t
	for t in test_store test_forum_store test_poll_store test_group_store test_blog_store test_library_store \
		test_search_store test_mail_store test_mail_events_store test_notify_mail test_dashboard_store \
		test_page_cache; do
		if [[ -x $dir/unit/$t ]]; then
			suite "unit ${dir#build/}/unit/$t (postgresql)" 300 env ROUNDS_TEST_PG="$PG_BASE" "$dir/unit/$t"
		else
			cannot "unit $dir/unit/$t (postgresql)" "not built"
		fi
	done
	node_suite "http ($dir/rounds, postgresql)" "$dir/rounds" tests/http ROUNDS_TEST_PG="$PG_BASE"
	node_suite "cluster ($dir/rounds, postgresql, nginx)" "$dir/rounds" tests/cluster ROUNDS_TEST_PG="$PG_BASE"
}

# sanitizer_suites LABEL DIR SAN ENV...: builds DIR with `make SAN=SAN`,
# then runs every suite against it with ENV (the sanitizer's options)
# exported, and unsets it afterwards.
sanitizer_suites() {
	local label=$1 dir=$2 san=$3 ok=0
	shift 3
	step "build $label (make B=$dir SAN=$san)" make -j"$JOBS" B="$dir" SAN="$san" "$dir/rounds" unit && ok=1
	export "$@"
	unit_suites "$dir"
	if ((ok)); then
		node_suite "http ($dir/rounds)" "$dir/rounds" tests/http
		node_suite "browser ($dir/rounds)" "$dir/rounds" tests/browser
		pg_suites "$dir"
	else
		cannot "http ($dir/rounds)" "the $label build failed"
		cannot "browser ($dir/rounds)" "the $label build failed"
	fi
	unset "${@%%=*}"
}

mkdir -p "$LOGS"

if ! step "deps (scripts/deps.sh test)" scripts/deps.sh test; then
	finish
fi

# The throw-away PostgreSQL cluster, stopped and removed on any exit.  Its
# folder must be reachable by the postgres user that owns the cluster.
PG_BASE=
pg_dir=$(mktemp -d /tmp/rounds-pg.XXXXXX)
chmod 755 "$pg_dir"
trap 'scripts/pg.sh stop "$pg_dir/cluster" >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
if pg_url=$(scripts/pg.sh start "$pg_dir/cluster" 2>"$LOGS/pg-start.log"); then
	PG_BASE=${pg_url%/*}
	echo "=== PostgreSQL: $PG_BASE"
fi

# The normal build and its suites.
built=0
step "build (make)" make -j"$JOBS" && built=1
step "build unit tests (make unit)" make -j"$JOBS" unit
unit_suites build
unit_scripts
suite "lint (tools/lint.sh)" 900 tools/lint.sh
if ((built)); then
	node_suite "http (build/rounds)" build/rounds tests/http
	node_suite "browser (build/rounds)" build/rounds tests/browser
	pg_suites build
else
	cannot "http (build/rounds)" "make failed"
	cannot "browser (build/rounds)" "make failed"
fi

# The same again under AddressSanitizer and UndefinedBehaviorSanitizer,
# and under ThreadSanitizer: data races and lock-order inversions between
# the server's worker threads, the mail sender and the store.
sanitizer_suites "ASan+UBSan" build/asan 1 "${SAN_ENV[@]}"
sanitizer_suites TSan build/tsan thread TSAN_OPTIONS=halt_on_error=1:abort_on_error=1:second_deadlock_stack=1

# The interface contract shared by the whole project (uses build/rounds).
if [[ -e ../shared/contract/smoke ]]; then
	if ((built)); then
		smoke=(../shared/contract/smoke)
		[[ -x ${smoke[0]} ]] || smoke=(python3 "${smoke[0]}")
		suite "contract (../shared/contract/smoke)" 600 "${smoke[@]}"
	else
		cannot "contract (../shared/contract/smoke)" "make failed"
	fi
fi

finish
