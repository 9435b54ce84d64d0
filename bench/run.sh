#!/usr/bin/env bash
# bench/run.sh: what `make bench` runs.  Measures Rounds serving signed-in
# pages (a profile, the forum index, a topic of 50 posts in a closed
# clinical forum, the home page and a blog post) and a 5 MB ebook download
# from the library, once on SQLite and once on PostgreSQL (a throw-away
# cluster made by scripts/pg.sh), and, in the same run, nginx serving the
# same bytes as a static file, all with wrk on loopback, and prints the
# figures and the ratios.  Not part of `make test`.  Settings: BENCH_SECONDS (10),
# BENCH_PAIRS (5: paired short runs of the topic page and nginx),
# BENCH_CONNS (64), BENCH_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh bench
make -s

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
tmp=$(mktemp -d /tmp/rounds-bench.XXXXXX)
# The cluster's files belong to `postgres` when we run as root, and nginx's
# workers run as www-data: both must be able to enter the folder.
chmod a+rx "$tmp"
pids=()
pg_started=
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -z "$pg_started" ] || scripts/pg.sh stop "$tmp/pg" || true
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_rounds() { # name port db: serves in the background, appends its pid to pids
	ROUNDS_MAIL_SPOOL="$tmp/mail-$1" build/rounds serve --listen "127.0.0.1:$2" --db "$3" 2>"$tmp/rounds-$1.log" &
	pids+=($!)
	for _ in $(seq 100); do curl -fs "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.1; done
	curl -fs "http://127.0.0.1:$2/healthz" >/dev/null || { echo "bench: rounds ($1) did not start" >&2; cat "$tmp/rounds-$1.log" >&2; exit 1; }
}

sign_in() { # port: signs in as the verified doctor and prints the session cookie
	local token cookie
	token=$(curl -fs -X POST -H 'Content-Type: application/json' \
		-d '{"email":"doctor@rounds.example","password":"rounds-demo"}' \
		"http://127.0.0.1:$1/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
	cookie=$(curl -fs -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
		-d '{"email":"doctor@rounds.example","password":"rounds-demo"}' \
		"http://127.0.0.1:$1/api/v1/session" | sed -n 's/^Set-Cookie: \(rounds_session=[^;]*\).*/\1/Ip' | tr -d '\r')
	[ -n "$token" ] && [ -n "$cookie" ] || { echo "bench: could not sign in on port $1" >&2; exit 1; }
	echo "$cookie"
}

# A topic of 50 posts in a closed clinical forum, written through the API
# by five verified doctors (ten posts each: a newcomer's limit); prints its
# path.
make_thread() { # port db
	local tokens=() i k topic
	for i in 1 2 3 4 5; do
		printf 'bench passphrase %s\n' "$i" | build/rounds user add "bench$i@rounds.example" --name "Dr Bench $i" \
			--handle "bench$i" --type doctor --verified --db "$2" >/dev/null 2>&1
		tokens+=("$(curl -fs -X POST -H 'Content-Type: application/json' \
			-d "{\"email\":\"bench$i@rounds.example\",\"password\":\"bench passphrase $i\"}" \
			"http://127.0.0.1:$1/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')")
	done
	topic=$(curl -fs -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer ${tokens[0]}" \
		-d '{"title":"Fluids in diabetic ketoacidosis: what is your protocol?","body":"We have moved to **0.9% saline** at a fixed rate. What do you use, and when do you add dextrose?"}' \
		"http://127.0.0.1:$1/api/v1/forums/emergency-critical-care-doctors/topics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	for k in $(seq 1 49); do
		curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer ${tokens[$((k % 5))]}" \
			-d "{\"body\":\"Reply $k: we start dextrose 10% when glucose falls below **14 mmol/L**, and check potassium hourly for the first four hours. Ketones guide the insulin rate, not glucose.\"}" \
			"http://127.0.0.1:$1/api/v1/topics/$topic/posts" || { echo "bench: reply $k failed" >&2; exit 1; }
	done
	echo "/t/$topic"
}

# A 5 MB PDF (libmagic types it by its first bytes: any bytes may follow),
# the same file for every store and for nginx.
make_pdf() { # path
	{ printf '%%PDF-1.4\n'; head -c $((5 * 1024 * 1024 - 15)) /dev/urandom; printf '%%%%EOF\n'; } >"$1"
}

# An editor uploads the PDF as a public ebook through the API; prints the
# path of its download.
make_ebook() { # port db
	local token slug
	printf 'bench editor passphrase\n' | build/rounds user add "benched@rounds.example" --name "Bench Editor" \
		--handle benched --type doctor --verified --db "$2" >/dev/null 2>&1
	build/rounds user role "benched@rounds.example" +editor --db "$2" >/dev/null
	token=$(curl -fs -X POST -H 'Content-Type: application/json' \
		-d '{"email":"benched@rounds.example","password":"bench editor passphrase"}' \
		"http://127.0.0.1:$1/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
	slug=$(curl -fs -X POST -H "Authorization: Bearer $token" -F kind=ebook -F 'title=Bench handbook of emergency medicine' \
		-F access=public -F "file=@$tmp/bench.pdf;type=application/pdf" "http://127.0.0.1:$1/api/v1/library" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["slug"])') || { echo "bench: the ebook upload failed" >&2; exit 1; }
	echo "/library/$slug/download"
}

page=/u/amara

# Rounds on SQLite.
rport=$(free_port)
db="sqlite:$tmp/bench.db"
build/rounds demo --db "$db" >/dev/null
start_rounds sqlite "$rport" "$db"
rpid=${pids[-1]}
cookie=$(sign_in "$rport")
mkdir -p "$tmp/www/u"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport$page" -o "$tmp/www/u/amara"
grep -q 'Sign out' "$tmp/www/u/amara" || { echo "bench: the page is not the signed-in one" >&2; exit 1; }
thread=$(make_thread "$rport" "$db")
mkdir -p "$tmp/www/t"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport$thread" -o "$tmp/www$thread"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport/forums" -o "$tmp/www/forums"
grep -q 'Reply 19:' "$tmp/www$thread" || { echo "bench: the topic page is not full" >&2; exit 1; }
# The home page (featured blog posts and the latest topics) and the newest
# blog post of the demo site, with its comments.
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport/" -o "$tmp/www/index.html"
blogpost=$(curl -fs "http://127.0.0.1:$rport/api/v1/blogs" |
	python3 -c 'import json,sys,urllib.parse; print(urllib.parse.urlparse(json.load(sys.stdin)["posts"][0]["url"]).path)')
mkdir -p "$tmp/www$(dirname "$blogpost")"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport$blogpost" -o "$tmp/www$blogpost"
grep -q 'og:title' "$tmp/www$blogpost" || { echo "bench: the blog post page has no card" >&2; exit 1; }
# The ebook: nginx serves the same bytes at the same path.
make_pdf "$tmp/bench.pdf"
ebook=$(make_ebook "$rport" "$db")
mkdir -p "$tmp/www$(dirname "$ebook")"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport$ebook" -o "$tmp/www$ebook"
cmp -s "$tmp/www$ebook" "$tmp/bench.pdf" || { echo "bench: the ebook download is not the file uploaded" >&2; exit 1; }
# nginx's workers run as www-data: let them read the copy.
chmod -R a+rX "$tmp/www"

# Rounds on PostgreSQL: a throw-away cluster, a database, the same demo site.
pg_started=1
pgurl=$(scripts/pg.sh start "$tmp/pg") || { echo "bench: PostgreSQL did not start" >&2; exit 1; }
psql -q "$pgurl" -c 'CREATE DATABASE bench' >/dev/null
pgdb="${pgurl%/*}/bench"
build/rounds demo --db "$pgdb" >/dev/null 2>"$tmp/demo-pg.log" || { cat "$tmp/demo-pg.log" >&2; exit 1; }
gport=$(free_port)
start_rounds pg "$gport" "$pgdb"
gpid=${pids[-1]}
gcookie=$(sign_in "$gport")
curl -fs -H "Cookie: $gcookie" "http://127.0.0.1:$gport$page" -o "$tmp/amara-pg.html"
grep -q 'Sign out' "$tmp/amara-pg.html" || { echo "bench: the page on PostgreSQL is not the signed-in one" >&2; exit 1; }
gthread=$(make_thread "$gport" "$pgdb")
gebook=$(make_ebook "$gport" "$pgdb")
cmp -s <(curl -fs -H "Cookie: $gcookie" "http://127.0.0.1:$gport$gebook") "$tmp/bench.pdf" ||
	{ echo "bench: the ebook download on PostgreSQL is not the file uploaded" >&2; exit 1; }

nport=$(free_port)
cat >"$tmp/nginx.conf" <<NGINX
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	server {
		listen 127.0.0.1:$nport;
		root $tmp/www;
		location / { default_type "text/html; charset=utf-8"; index index.html; }
		location /library/ { default_type application/pdf; }
	}
}
NGINX
nginx -c "$tmp/nginx.conf" -p "$tmp" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$nport$page" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -fs "http://127.0.0.1:$nport$page") "$tmp/www/u/amara" || { echo "bench: nginx does not serve the page" >&2; exit 1; }

wrk_timeout=2s # wrk's own default; the 5 MB download gets longer
run_wrk() { # url [header]
	local out
	if [ -n "${2:-}" ]; then out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout "$wrk_timeout" --latency -H "$2" "$1"); else out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout "$wrk_timeout" --latency "$1"); fi
	echo "$out" >>"$tmp/wrk.txt"
	local rps p50 p99
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p50=$(echo "$out" | awk '$1=="50%" {print $2}')
	p99=$(echo "$out" | awk '$1=="99%" {print $2}')
	echo "$rps $p50 $p99"
}
peak_rss() { awk '/VmHWM/ {print $2, $3}' "/proc/$1/status" 2>/dev/null || echo "?"; }
ratio() { python3 -c "import sys; r,n=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (r/n))" "$1" "$2"; }

echo "${conns} connections, ${secs}s each, ${threads} wrk threads; every page signed in as a verified doctor"
echo "rounds: on SQLite; rounds-pg: on PostgreSQL (local cluster, fsync off); nginx: the same bytes as a static file"
measure() { # label rounds-path pg-path static-file
	local r_rps r_p50 r_p99 g_rps g_p50 g_p99 n_rps n_p50 n_p99
	echo
	echo "$1 ($(wc -c <"$tmp/www$4") bytes)"
	read -r r_rps r_p50 r_p99 < <(run_wrk "http://127.0.0.1:$rport$2" "Cookie: $cookie")
	read -r g_rps g_p50 g_p99 < <(run_wrk "http://127.0.0.1:$gport$3" "Cookie: $gcookie")
	read -r n_rps n_p50 n_p99 < <(run_wrk "http://127.0.0.1:$nport$4")
	printf '  %-9s %12s req/s   p50 %-9s p99 %s\n' rounds "$r_rps" "$r_p50" "$r_p99"
	printf '  %-9s %12s req/s   p50 %-9s p99 %s\n' rounds-pg "$g_rps" "$g_p50" "$g_p99"
	printf '  %-9s %12s req/s   p50 %-9s p99 %s\n' nginx "$n_rps" "$n_p50" "$n_p99"
	echo "  ratio rounds/nginx: $(ratio "$r_rps" "$n_rps"), rounds-pg/nginx: $(ratio "$g_rps" "$n_rps")"
}
measure "profile $page" "$page" "$page" /u/amara
measure "forum index /forums" /forums /forums /forums
measure "topic of 50 posts in a closed forum, first page (20 posts)" "$thread" "$gthread" "$thread"
# The goal of issue 11 is this page at half of nginx's rate or more.  One
# pair of runs swings with whatever else the two cores do (nginx alone
# ranged 31,000 to 40,000 req/s between runs), so the ratio is also taken
# from BENCH_PAIRS (5) pairs of short runs, rounds then nginx back to back,
# and the median pair reported.
pairs=${BENCH_PAIRS:-5}
paired() { # rounds-path static-file: prints each pair's ratio, then the median
	local i r n rs=() saved=$secs
	secs=$(( secs / 2 > 2 ? secs / 2 : 2 ))
	local half=$secs
	for i in $(seq "$pairs"); do
		read -r r _ < <(run_wrk "http://127.0.0.1:$rport$1" "Cookie: $cookie")
		read -r n _ < <(run_wrk "http://127.0.0.1:$nport$2")
		rs+=("$(ratio "$r" "$n")")
		printf '  pair %d: rounds %s, nginx %s req/s, ratio %s\n' "$i" "$r" "$n" "${rs[-1]}"
	done
	secs=$saved
	echo "  median of $pairs pairs (${half}s each run), rounds/nginx: $(printf '%s\n' "${rs[@]}" | sort -n | sed -n "$(( (pairs + 1) / 2 ))p")"
}
[ "$pairs" -gt 0 ] && paired "$thread" "$thread"
measure "home page /" / / /index.html
measure "blog post $blogpost" "$blogpost" "$blogpost" "$blogpost"
# 64 downloads of 5 MB at once share the loopback: a slow one is not a failure.
wrk_timeout=20s
measure "ebook download $ebook (5 MB PDF)" "$ebook" "$gebook" "$ebook"
errors=$(grep -c 'Non-2xx\|Socket errors' "$tmp/wrk.txt" || true)
echo
echo "rounds peak RSS: $(peak_rss "$rpid")"
echo "rounds-pg peak RSS: $(peak_rss "$gpid")"
[ "$errors" = 0 ] || { echo "bench: wrk reported errors:"; grep -E 'Non-2xx|Socket errors' "$tmp/wrk.txt"; }

# The register import: 500,000 rows of an authority's extract, on both
# stores (a fresh database each), timed end to end by the command itself.
python3 - "$tmp/register.csv" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('authority,number,name,status\n')
    for i in range(500000):
        f.write(f'gmc,{5000000 + i},Doctor Given{i} Family{i % 977},{"erased" if i % 101 == 0 else "registered"}\n')
PY
psql -q "$pgurl" -c 'CREATE DATABASE bench_register' >/dev/null
time_import() { # db: prints the seconds `rounds register import` took
	local t0 t1
	t0=$(date +%s.%N)
	build/rounds register import "$tmp/register.csv" --db "$1" >"$tmp/import.out" 2>"$tmp/import.err" ||
		{ cat "$tmp/import.err" >&2; exit 1; }
	t1=$(date +%s.%N)
	grep -q 'imported 500000 rows' "$tmp/import.out" || { echo "bench: the import did not take every row" >&2; exit 1; }
	python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1"
}
echo "register import, 500000 rows: sqlite $(time_import "sqlite:$tmp/register.db") s, postgresql $(time_import "${pgurl%/*}/bench_register") s"
