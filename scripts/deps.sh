#!/usr/bin/env bash
# deps.sh: installs what Rounds needs and is missing; quiet and quick when
# everything is already there.  Idempotent; runs as root with no stdin.
#
#   scripts/deps.sh build   Debian packages to build and run the server
#   scripts/deps.sh test    ... and chromium, node, npm, python3, node_modules,
#                           cppcheck and clang-tidy (tools/lint.sh), xmllint (the feeds test),
#                           PostgreSQL (a throw-away cluster: scripts/pg.sh) and
#                           nginx (the load balancer of the cluster test)
#   scripts/deps.sh bench   ... and wrk
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-build}
case $what in
build | test | bench) ;;
*)
	echo "usage: scripts/deps.sh build|test|bench" >&2
	exit 2
	;;
esac

pkgs=(build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libsodium-dev
	libjansson-dev libcurl4-openssl-dev libmagic-dev libcmark-gfm-dev
	libcmark-gfm-extensions-dev sqlite3 curl ca-certificates tzdata)
if [[ $what == test || $what == bench ]]; then
	pkgs+=(chromium python3 postgresql postgresql-client cppcheck clang-tidy libxml2-utils)
fi

missing=()
installed() {
	[[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done

if [[ $what == test || $what == bench ]]; then
	# Node may come from a package that bundles npm (then Debian's npm
	# package would conflict with it): a working command is what counts.
	if ! installed nodejs && ! command -v node >/dev/null; then
		missing+=(nodejs)
	fi
	if ! installed npm && ! command -v npm >/dev/null; then
		missing+=(npm)
	fi
fi

if [[ $what == test || $what == bench ]]; then
	if ! installed nginx-light && ! installed nginx && ! command -v nginx >/dev/null; then
		missing+=(nginx-light)
	fi
fi
if [[ $what == bench ]]; then
	installed wrk || missing+=(wrk)
fi

if ((${#missing[@]})); then
	echo "deps: installing ${missing[*]}" >&2
	if [[ $(id -u) -ne 0 ]]; then
		echo "deps: need root to install packages (or install them yourself)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq </dev/null >/dev/null
	apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi

# node_modules: only when missing or older than the lock file.
if [[ $what == test || $what == bench ]]; then
	if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
		echo "deps: npm ci" >&2
		npm ci --no-audit --no-fund --loglevel=error </dev/null >/dev/null
		touch node_modules
	fi
fi
