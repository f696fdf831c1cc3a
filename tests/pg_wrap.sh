#!/bin/sh
# Stand-in for the probity binary when tests/pg.sh runs the end-to-end
# scripts on PostgreSQL: each "--db FILE" becomes a database of its own on
# the test server (one per file name, created on first use, empty), with its
# access log key at FILE.logkey, so the scripts run unchanged.
# Needs PROBITY_REAL_BIN, PG_DIR, PG_PORT, PG_USER, PG_BIN (tests/pg_server.sh).
#
# `--db FILE demo` with no other argument (the fixture of many scripts) is
# made once per run: the first such call runs the real generator into a
# template database (the others wait), and each call then gets a copy of it
# (createdb --template), its key file and the generator's output. The
# generator is deterministic for its seed and day, so the copy is what it
# would have made again; on PostgreSQL it takes a minute or more on 2 busy
# cores, a copy a few seconds. PROBITY_DEMO_COPY=0 runs it every time.
set -e
n=0
db=
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
if [ $# = 3 ] && [ "$1" = --db ] && [ "$3" = demo ] && [ -n "$db" ] && [ "${PROBITY_DEMO_COPY:-1}" = 1 ] &&
	[ -z "$PROBITY_TODAY$PROBITY_LOG_KEY_SET" ]; then
	T=$PG_DIR/demo-template
	pg() { c=$1; shift; "$PG_BIN/$c" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$@" 2>/dev/null; }
	tdb=demo_template_$(date +%Y%m%d)
	if mkdir "$T.$tdb" 2>/dev/null; then
		# the first call: the real generator, into the template
		pg createdb "$tdb" || true
		rc=0
		PROBITY_LOG_KEY="$T.$tdb/logkey" "$PROBITY_REAL_BIN" --db "postgresql:///$tdb?host=$PG_DIR&port=$PG_PORT&user=$PG_USER" \
			demo >"$T.$tdb/out" 2>&1 || rc=$?
		echo "$rc" >"$T.$tdb/rc"
	fi
	i=0
	while [ ! -f "$T.$tdb/rc" ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done
	rc=$(cat "$T.$tdb/rc" 2>/dev/null || echo 1)
	if [ "$rc" = 0 ]; then
		# an empty database the wrapper just made (never one already used)
		tables=$("$PG_BIN/psql" -X -A -t -q -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" -d "$db" \
			-c "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'" 2>/dev/null || echo x)
		if [ "$tables" = 0 ] && pg dropdb "$db"; then
			i=0
			until pg createdb -T "$tdb" "$db"; do
				i=$((i + 1)); [ $i -lt 50 ] || exit 1; sleep 0.2
			done
			cp "$T.$tdb/logkey" "$PROBITY_LOG_KEY"
			chmod 600 "$PROBITY_LOG_KEY"
			sed "s/$tdb/$db/g" "$T.$tdb/out"
			exit 0
		fi
	fi
fi
exec "$PROBITY_REAL_BIN" "$@"
