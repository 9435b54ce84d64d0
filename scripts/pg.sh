#!/usr/bin/env bash
# pg.sh: a throw-away PostgreSQL cluster for the tests and the benchmark.
#
#   scripts/pg.sh start DIR   creates a cluster in DIR (made if missing), starts
#                             it on 127.0.0.1 on a free port and prints its URL
#                             (postgresql://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg.sh stop DIR    stops it (the caller removes DIR)
#
# PostgreSQL refuses to run as root, so when run as root the cluster belongs
# to the `postgres` user that Debian's package creates.  Trust authentication
# on loopback only; fsync off, since a test cluster is never recovered from
# a crash of its own (the tests kill Rounds, never PostgreSQL).  With
# PG_DURABLE=1 the cluster keeps PostgreSQL's defaults (fsync, full page
# writes and synchronous commit on): bench/writes.mjs measures durable writes.
set -euo pipefail

usage() {
	echo "usage: scripts/pg.sh start|stop DIR" >&2
	exit 2
}
[[ $# -eq 2 ]] || usage
what=$1 dir=$2

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
	echo "pg.sh: PostgreSQL is not installed (scripts/deps.sh test installs it)" >&2
	exit 1
fi

as_pg() {
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	local p
	for p in $(shuf -i 20000-60000 -n 50); do
		if ! (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

case $what in
start)
	mkdir -p "$dir"
	[[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
	chmod 700 "$dir"
	as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	durability="-c fsync=off -c full_page_writes=off"
	if [[ ${PG_DURABLE:-} == 1 ]]; then
		durability=""
	fi
	for attempt in 1 2 3; do
		port=$(free_port)
		if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=200" \
			start >/dev/null; then
			echo "postgresql://postgres@127.0.0.1:$port/postgres"
			exit 0
		fi
		echo "pg.sh: start on port $port failed (attempt $attempt)" >&2
	done
	cat "$dir/server.log" >&2
	exit 1
	;;
stop)
	[[ -d $dir/data ]] || exit 0
	as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
	;;
*) usage ;;
esac
