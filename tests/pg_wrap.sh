#!/bin/sh
# Stand-in for the probity binary when tests/pg.sh runs the end-to-end
# scripts on PostgreSQL: each "--db FILE" becomes a database of its own on
# the test server (one per file name, created on first use, empty), with its
# access log key at FILE.logkey, so the scripts run unchanged.
# Needs PROBITY_REAL_BIN, PG_DIR, PG_PORT, PG_USER, PG_BIN (tests/pg_server.sh).
set -e
n=0
for a in "$@"; do
	n=$((n + 1))
	if [ "$prev" = "--db" ] && [ "${a#postgres}" = "$a" ]; then
		db="e2e_$(printf '%s' "$a" | md5sum | cut -c1-16)"
		"$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
		[ -n "$PROBITY_LOG_KEY_SET" ] || export PROBITY_LOG_KEY="$a.logkey"
		a="postgresql:///$db?host=$PG_DIR&port=$PG_PORT&user=$PG_USER"
	fi
	prev=$a
	set -- "$@" "$a"
done
shift $n
exec "$PROBITY_REAL_BIN" "$@"
