#!/usr/bin/env bash
# bench/search.sh: what `make bench-large` runs (issues 9 and 11).  Builds
# the large site with rounds-gen (bench/gen.c: by default 1 million
# members, 100,000 topics, 10 million posts) on SQLite and on PostgreSQL,
# or reuses one built before with the same settings and BENCH_KEEP=1;
# serves each with rounds, signs in as the demo's verified doctor
# (doctor@rounds.example / rounds-demo, added with `rounds user add` before
# the bulk load) and measures /api/v1/search for classes of typical
# queries, one connection at a time and at BENCH_CONNS connections (wrk,
# rotating the class's queries: bench/search.lua), then a forum index, a
# forum's topic list and topic pages the same way.  Prints p50 and p95 per
# class and store.  Not part of `make test`.
#
# Settings: BENCH_MEMBERS (1000000), BENCH_TOPICS (100000), BENCH_POSTS
# (10000000), BENCH_SEED (1), BENCH_STORES ("sqlite pg"), BENCH_SECONDS
# (10), BENCH_CONNS (64), BENCH_THREADS (2), BENCH_DIR (/tmp/rounds-large:
# where the databases go; the full site takes some 25 GB a store),
# BENCH_KEEP (0: delete the databases at the end; 1: keep the SQLite one
# for the next run), BENCH_PG_URL (a server of yours to use instead of a
# throw-away cluster: its database rounds_large is made, and reused by the
# next run with BENCH_KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
scripts/deps.sh bench
make -s B="$B" "$B/rounds" "$B/rounds-gen"

members=${BENCH_MEMBERS:-1000000}
topics=${BENCH_TOPICS:-100000}
posts=${BENCH_POSTS:-10000000}
seed=${BENCH_SEED:-1}
stores=${BENCH_STORES:-sqlite pg}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
dir=${BENCH_DIR:-/tmp/rounds-large}
keep=${BENCH_KEEP:-0}
size="$members-$topics-$posts-$seed"
rounds=$B/rounds
mkdir -p "$dir"
chmod a+rx "$dir"
tmp=$(mktemp -d "$dir/run.XXXXXX")
pids=()
pg_dir=
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -z "$pg_dir" ] || scripts/pg.sh stop "$pg_dir" || true
	rm -rf "$tmp"
	if [ "$keep" != 1 ]; then
		rm -f "$dir/sqlite-$size".db* "$dir/sqlite-$size".info "$dir/pg-$size.info"
		[ -z "$pg_dir" ] || rm -rf "$pg_dir"
	fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.0f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }

# Builds the site into the database $1 (migrated and with the demo doctor
# first); writes the generator's report and its times to $2.
build_site() { # db info-file
	local t0 t1
	t0=$(now)
	"$rounds" migrate --db "$1" >/dev/null 2>"$tmp/migrate.log" || { cat "$tmp/migrate.log" >&2; exit 1; }
	printf 'rounds-demo\n' | "$rounds" user add doctor@rounds.example --name "Dr Demo Doctor" --handle doctor \
		--type doctor --verified --db "$1" >/dev/null 2>&1
	/usr/bin/time -f 'cpu %U user %S sys' -o "$tmp/gen.time" "$B/rounds-gen" --db "$1" --members "$members" \
		--topics "$topics" --posts "$posts" --seed "$seed" >"$tmp/gen.out" 2>"$tmp/gen.err" ||
		{ cat "$tmp/gen.err" >&2; exit 1; }
	t1=$(now)
	{ cat "$tmp/gen.out"; echo "seconds $(elapsed "$t0" "$t1")"; cat "$tmp/gen.time"; } >"$2"
	sed 's/^/  /' "$tmp/gen.err"
}

start_rounds() { # name port db: serves in the background, appends its pid to pids
	ROUNDS_MAIL_SPOOL="$tmp/mail-$1" "$rounds" serve --listen "127.0.0.1:$2" --db "$3" 2>"$tmp/rounds-$1.log" &
	pids+=($!)
	for _ in $(seq 600); do curl -fs "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.2; done
	curl -fs "http://127.0.0.1:$2/healthz" >/dev/null || { echo "bench: rounds ($1) did not start" >&2; cat "$tmp/rounds-$1.log" >&2; exit 1; }
}

sign_in() { # port: prints the doctor's session cookie
	local cookie
	cookie=$(curl -fs -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
		-d '{"email":"doctor@rounds.example","password":"rounds-demo"}' \
		"http://127.0.0.1:$1/api/v1/session" | sed -n 's/^Set-Cookie: \(rounds_session=[^;]*\).*/\1/Ip' | tr -d '\r')
	[ -n "$cookie" ] || { echo "bench: could not sign in on port $1" >&2; exit 1; }
	echo "$cookie"
}

# The query classes: a file of request paths each.  Words are the
# generator's (bench/gen_words.h): common ones are in hundreds of
# thousands of posts, medical terms in tens of thousands, drug-like names
# in hundreds.
write_queries() { # prolific-handle
	local s=/api/v1/search?q=
	printf "$s%s\n" patient pain insulin sepsis fracture hospital >"$tmp/q-common"
	printf "$s%s\n" hydronephrosis pericarditis bronchiectasis cholangitis tacrolimus sarcoidosis >"$tmp/q-medical"
	printf "$s%s\n" zolaprine tamemab veriolol lorostatin calusartan dexozole >"$tmp/q-rare"
	printf "$s%s\n" 'chest+pain' 'insulin+dose' 'sepsis+antibiotics' 'fracture+surgery' 'asthma+inhaler' \
		'stroke+thrombolysis' >"$tmp/q-two"
	printf "$s%s\n" '%22chest+pain%22' '%22blood+pressure%22' '%22night+shift%22' '%22insulin+dose%22' \
		'%22heart+failure%22' '%22acute+kidney%22' >"$tmp/q-phrase"
	printf "$s%s\n" 'cardi*' 'nephr*' 'hepat*' 'gastr*' 'neur*' 'oste*' >"$tmp/q-prefix"
	printf "$s%s\n" 'insulin&section=closed_clinical' 'sepsis&forum=emergency-critical-care' \
		"pain&author=$1" 'fracture&from=2025-01-01&to=2025-06-30' 'asthma&kind=post' \
		'hypertension&kind=topic' 'insulin&kind=blog_comment' >"$tmp/q-filtered"
	cat "$tmp"/q-common "$tmp"/q-medical "$tmp"/q-rare "$tmp"/q-two "$tmp"/q-phrase "$tmp"/q-prefix \
		"$tmp"/q-filtered >"$tmp/q-all"
}
classes="common medical rare two phrase prefix filtered all"

# The server's CPU time so far, in clock ticks: rounds, and the
# PostgreSQL cluster's processes when it is ours.  Divided by the
# requests of a run it gives a cost a busy machine does not inflate.
cpu_ticks() {
	local t p
	t=$(awk '{print $14 + $15}' "/proc/$srv/stat")
	if [ -n "$pg_dir" ] && [ "$store" = pg ]; then
		for p in $(pgrep -P "$(head -1 "$pg_dir/data/postmaster.pid")"); do
			t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
		done
	fi
	echo "$t"
}

# Waits until the server answers a page promptly again: requests whose
# clients are gone still run to the end, and a slow class's backlog
# would be counted against the next one.
drain() { # port cookie
	for _ in $(seq 300); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Cookie: $2" "http://127.0.0.1:$1/forums")" = 200 ] && return
		sleep 2
	done
	echo "  (the server stayed busy for 10 minutes)"
}

# One wrk run over a file of paths: prints "p50 p95 req/s non2xx+errors requests".
run_wrk() { # port cookie paths-file threads conns
	local out
	drain "$1" "$2"
	out=$(wrk -t"$4" -c"$5" -d"${secs}s" --timeout 10s -H "Cookie: $2" -s bench/search.lua \
		"http://127.0.0.1:$1" -- "$3")
	echo "$out" >>"$tmp/wrk.txt"
	echo "$out" | awk '/^p50_ms/ {p50=$2; p95=$4; n=$8; bad=$10+$12} /Requests\/sec/ {rps=$2}
		END {print p50, p95, rps, bad, n}'
}

report() { # label port cookie paths-file
	local s1 s2 t0 t1 cpu
	t0=$(cpu_ticks)
	s1=$(run_wrk "$2" "$3" "$4" 1 1)
	t1=$(cpu_ticks)
	s2=$(run_wrk "$2" "$3" "$4" "$threads" "$conns")
	set -- "$1" $s1 $s2
	cpu=$(awk -v d=$((t1 - t0)) -v n="$6" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", n ? d * 1000 / hz / n : 0}')
	printf '  %-30s p50 %8s ms  p95 %8s ms  %8s req/s  cpu %7s ms | p50 %8s ms  p95 %8s ms  %8s req/s' "$1" "$2" \
		"$3" "$4" "$cpu" "$7" "$8" "$9"
	[ "$5" = 0 ] && [ "${10}" = 0 ] && echo || echo "  (errors or non-2xx: $5, ${10})"
}

# Each query once: its status and what it found (totals count at most
# the ranking window, 1000, per kind), or its error (a search over the
# guard's time limit answers 503 "busy"): reported, not fatal, so one
# slow query does not end the run.
check_queries() { # port cookie
	local p
	while read -r p; do
		curl -s -H "Cookie: $2" "http://127.0.0.1:$1$p" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if "error" in d:
    print("  %-60s %s" % (sys.argv[1], d["error"])); sys.exit(1)
print("  %-60s total %5d  %s" % (sys.argv[1], d.get("total", -1), " ".join("%s:%d" % kv for kv in sorted(d.get("kinds", {}).items()))))' "$p" ||
			true # its error is printed; the classes below count it among errors
	done <"$tmp/q-all"
}

measure() { # store db info-file sql-command...
	local db=$2 info=$3 port cookie prolific big mid forum
	store=$1
	shift 3
	prolific=$(awk '/^prolific/ {print $2}' "$info")
	write_queries "$prolific"
	port=$(free_port)
	start_rounds "$store" "$port" "$db"
	srv=${pids[-1]}
	cookie=$(sign_in "$port")
	echo
	echo "== $store: $(grep '^built' "$info"), built in $(awk '/^seconds/ {print $2}' "$info") s" \
		"($(grep '^cpu' "$info")), database $(db_size "$store" "$db")"
	echo "queries (a first run, cold):"
	check_queries "$port" "$cookie"
	echo "search, /api/v1/search, signed in as a verified doctor; ${secs}s each:"
	echo "(cpu: the server's CPU time per request, PostgreSQL's included for a throw-away cluster)"
	printf '  %-30s %-65s | %s\n' "class" "1 connection" "$conns connections"
	for c in $classes; do report "$c" "$port" "$cookie" "$tmp/q-$c"; done
	big=$("$@" "SELECT id FROM topics ORDER BY reply_count DESC, id LIMIT 1")
	bigpages=$(( ($("$@" "SELECT reply_count FROM topics WHERE id = $big") + 20) / 20 ))
	mid=$("$@" "SELECT id FROM topics WHERE reply_count BETWEEN 20 AND 40 ORDER BY id LIMIT 1")
	forum=medicine-doctors
	echo "pages, signed in (topic $big has $bigpages pages of posts):"
	for p in / /forums /latest /unread "/latest?page=50" "/f/$forum" "/f/$forum?page=50" "/t/$mid" "/t/$big" \
		"/t/$big?page=$bigpages" /members "/members?country=GB" "/members?page=400"; do
		echo "$p" >"$tmp/page"
		report "$p" "$port" "$cookie" "$tmp/page"
	done
	kill "${pids[-1]}" 2>/dev/null || true
}

db_size() { # store db
	if [ "$1" = sqlite ]; then
		du -cb "${2#sqlite:}"* | awk 'END {printf "%.1f GB", $1 / 1e9}'
	else
		psql -tAq "$2" -c "SELECT round(pg_database_size(current_database()) / 1e9, 1) || ' GB'"
	fi
}

echo "the large site: $members members, $topics topics, $posts posts (seed $seed); in $dir"
for store in $stores; do
	case $store in
	sqlite)
		db="sqlite:$dir/sqlite-$size.db"
		info="$dir/sqlite-$size.info"
		if [ ! -s "$info" ]; then
			rm -f "${db#sqlite:}"*
			echo "building the SQLite site..."
			build_site "$db" "$info"
		fi
		measure sqlite "$db" "$info" sqlite3 "${db#sqlite:}"
		;;
	pg)
		info="$dir/pg-$size.info"
		if [ -n "${BENCH_PG_URL:-}" ]; then
			url=$BENCH_PG_URL
		else # a throw-away cluster holds a site for this run only
			rm -rf "$dir/pg" "$info"
			pg_dir="$dir/pg"
			url=$(scripts/pg.sh start "$pg_dir") || { echo "bench: PostgreSQL did not start" >&2; exit 1; }
		fi
		db="${url%/*}/rounds_large"
		if [ ! -s "$info" ]; then
			psql -q "$url" -c 'DROP DATABASE IF EXISTS rounds_large' -c 'CREATE DATABASE rounds_large' >/dev/null
			echo "building the PostgreSQL site..."
			build_site "$db" "$info"
		fi
		measure pg "$db" "$info" psql -tAq "$db" -c
		;;
	*) echo "bench: unknown store $store" >&2; exit 1 ;;
	esac
done
