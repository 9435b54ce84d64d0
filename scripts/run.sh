#!/usr/bin/env bash
# run.sh: what `make run` runs.  Installs what is missing, builds, fills
# rounds.db with the demo site the first time, and serves it on
# http://127.0.0.1:8080 until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
make -j"$(nproc 2>/dev/null || echo 2)"

if [[ ! -e rounds.db ]]; then
	# Prints the six demo accounts and their password.
	build/rounds demo --db sqlite:rounds.db
else
	echo "Using the existing rounds.db (delete it for a fresh demo site)."
	echo "Demo accounts: admin@, editor@, doctor@, unverified@, student@, nurse@rounds.example; password: rounds-demo"
fi
echo "Serving on http://127.0.0.1:8080"
exec build/rounds serve --listen 127.0.0.1:8080 --db sqlite:rounds.db
