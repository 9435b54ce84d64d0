#!/usr/bin/env bash
# bench/run.sh: what `make bench` runs.  Measures Rounds serving a signed-in
# page and, in the same run, nginx serving the same bytes as a static file,
# both with wrk on loopback, and prints both figures and the ratio.
# Not part of `make test`.  Settings: BENCH_SECONDS (10), BENCH_CONNS (64),
# BENCH_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh bench
make -s

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
tmp=$(mktemp -d /tmp/rounds-bench.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port)
nport=$(free_port)
db="sqlite:$tmp/bench.db"

build/rounds demo --db "$db" >/dev/null
ROUNDS_MAIL_SPOOL="$tmp/mail" build/rounds serve --listen "127.0.0.1:$rport" --db "$db" 2>"$tmp/rounds.log" &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$rport/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$rport/healthz" >/dev/null || { echo "bench: rounds did not start" >&2; cat "$tmp/rounds.log" >&2; exit 1; }

# Sign in as the verified doctor and keep the session cookie.
token=$(curl -fs -X POST -H 'Content-Type: application/json' \
	-d '{"email":"doctor@rounds.example","password":"rounds-demo"}' \
	"http://127.0.0.1:$rport/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
cookie=$(curl -fs -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
	-d '{"email":"doctor@rounds.example","password":"rounds-demo"}' \
	"http://127.0.0.1:$rport/api/v1/session" | sed -n 's/^Set-Cookie: \(rounds_session=[^;]*\).*/\1/Ip' | tr -d '\r')
[ -n "$token" ] && [ -n "$cookie" ] || { echo "bench: could not sign in" >&2; exit 1; }

page=/u/amara
mkdir -p "$tmp/www/u"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$rport$page" -o "$tmp/www/u/amara"
grep -q 'Sign out' "$tmp/www/u/amara" || { echo "bench: the page is not the signed-in one" >&2; exit 1; }
# nginx's workers run as www-data: let them read the copy.
chmod -R a+rX "$tmp"

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
		location / { default_type "text/html; charset=utf-8"; }
	}
}
NGINX
nginx -c "$tmp/nginx.conf" -p "$tmp" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$nport$page" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -fs "http://127.0.0.1:$nport$page") "$tmp/www/u/amara" || { echo "bench: nginx does not serve the page" >&2; exit 1; }

run_wrk() { # url [header]
	local out
	if [ -n "${2:-}" ]; then out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -H "$2" "$1"); else out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$1"); fi
	echo "$out" >>"$tmp/wrk.txt"
	local rps p50 p99
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p50=$(echo "$out" | awk '$1=="50%" {print $2}')
	p99=$(echo "$out" | awk '$1=="99%" {print $2}')
	echo "$rps $p50 $p99"
}

echo "page: $page (signed in, $(wc -c <"$tmp/www/u/amara") bytes), ${conns} connections, ${secs}s each, ${threads} wrk threads"
read -r r_rps r_p50 r_p99 < <(run_wrk "http://127.0.0.1:$rport$page" "Cookie: $cookie")
read -r n_rps n_p50 n_p99 < <(run_wrk "http://127.0.0.1:$nport$page")
errors=$(grep -c 'Non-2xx\|Socket errors' "$tmp/wrk.txt" || true)
rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/${pids[0]}/status" 2>/dev/null || echo "?")
printf '%-8s %12s req/s   p50 %-9s p99 %s\n' rounds "$r_rps" "$r_p50" "$r_p99"
printf '%-8s %12s req/s   p50 %-9s p99 %s\n' nginx "$n_rps" "$n_p50" "$n_p99"
python3 -c "import sys; r,n=float(sys.argv[1]),float(sys.argv[2]); print('ratio rounds/nginx: %.2f' % (r/n))" "$r_rps" "$n_rps"
echo "rounds peak RSS: $rss"
[ "$errors" = 0 ] || { echo "bench: wrk reported errors:"; grep -E 'Non-2xx|Socket errors' "$tmp/wrk.txt"; }
