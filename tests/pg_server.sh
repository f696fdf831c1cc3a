#!/bin/sh
# A throw-away PostgreSQL 15 server for the tests, so a fresh machine needs
# nothing set up by hand (Debian's postgresql-15 package; scripts/deps.sh).
# Sourced:  . tests/pg_server.sh; pg_start; pg_newdb NAME  (prints a URI); pg_stop
# initdb into a temporary directory owned by an unprivileged user (postgres,
# or nobody when the tests do not run as root), listening only on a Unix
# socket in that directory; trust authentication, C collation (so ORDER BY
# on text sorts bytewise, as SQLite does).
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_start() {
	PG_DIR=$(mktemp -d /tmp/probity-pg.XXXXXX)
	chmod 755 "$PG_DIR"
	PG_PORT=${PG_PORT:-$((20000 + $$ % 20000))}
	if [ "$(id -u)" = 0 ]; then
		PG_USER=postgres
		id "$PG_USER" >/dev/null 2>&1 || PG_USER=nobody
		chown "$PG_USER" "$PG_DIR"
		pg_as() { su -s /bin/sh "$PG_USER" -c "$*"; }
	else
		PG_USER=$(id -un)
		pg_as() { sh -c "$*"; }
	fi
	pg_as "$PG_BIN/initdb -D $PG_DIR/data -U $PG_USER -A trust --locale=C -E UTF8" >"$PG_DIR/initdb.log" 2>&1 || {
		cat "$PG_DIR/initdb.log" >&2; return 1; }
	pg_as "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w -o \"-k $PG_DIR -p $PG_PORT -h '' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null 2>&1 || {
		cat "$PG_DIR/server.log" >&2; return 1; }
	PG_SEQ=0
}

# Create a fresh database; print its URI.
pg_newdb() {
	PG_SEQ=$((PG_SEQ + 1))
	db="$1_$PG_SEQ"
	"$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$db" >&2 || return 1
	echo "postgresql:///$db?host=$PG_DIR&port=$PG_PORT&user=$PG_USER"
}

pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	pg_as "$PG_BIN/pg_ctl -D $PG_DIR/data -m immediate stop" >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}
