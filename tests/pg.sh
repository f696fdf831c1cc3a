#!/bin/sh
# The test suite on PostgreSQL 15: starts its own server (tests/pg_server.sh),
# runs every unit test binary against a fresh database (PROBITY_TEST_DB), then
# the end-to-end scripts listed in PG_E2E with every --db file mapped to a
# fresh database of its own (tests/pg_wrap.sh). Prints ok/FAIL lines and a
# closing "N passed, N failed" like the other suites; exits non-zero on any
# failure. tests/run.sh runs it; PROBITY_NO_PG=1 skips it (and says so).
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${PROBITY_TEST_OUT:-$ROOT/tests/out}
mkdir -p "$OUT"
. tests/pg_server.sh
# The end-to-end scripts on PostgreSQL: every tests/e2e/*.sh but the ones
# with no database of their own to point elsewhere (tree and includes check
# the source; package runs the unpacked package on its own configuration)
# and the two that start their own servers (pg_migrate, pg_failover: in the lanes,
# below). A script that tests something only the SQLite file has says so
# and counts nothing (skip_on_pg in tests/lib.sh: backup). They run in
# PG_LANES lanes at once (2: the two cores; each script has its own
# databases on the one server and its own ports), longest first (figures in
# docs/postgresql.md, Tests).
PG_NOT="tree includes package pg_migrate pg_failover"
PG_LONG="scale demo accesslog duties audit_web accounts audit_ingest vetting ux limits retention notify ethics intel api"
PG_LANES=${PG_LANES:-2}
if [ -z "$PG_E2E" ]; then
	PG_E2E=$PG_LONG
	for t in tests/e2e/*.sh; do
		s=$(basename "$t" .sh)
		case " $PG_NOT $PG_LONG " in *" $s "*) ;; *) PG_E2E="$PG_E2E $s" ;; esac
	done
	# the browser test (Chromium and axe, tests/browser/run.mjs) on a server
	# on PostgreSQL too, first in a lane, when the browser test runs at all
	# (make test; make test-quick sets PROBITY_NO_BROWSER; PROBITY_NO_PG_BROWSER=1
	# leaves out this one alone)
	[ -n "$PROBITY_NO_BROWSER$PROBITY_NO_PG_BROWSER" ] || [ ! -f tests/browser/run.mjs ] || PG_E2E="browser $PG_E2E"
fi
passed=0
failed=0
if [ ! -x "$PG_BIN/initdb" ]; then
	echo "FAIL postgresql: $PG_BIN/initdb not found (scripts/deps.sh installs postgresql-15; PROBITY_NO_PG=1 skips)"
	echo "0 passed, 1 failed"
	exit 1
fi
pg_start || { echo "FAIL postgresql server started"; echo "0 passed, 1 failed"; exit 1; }
trap 'pg_stop' EXIT
echo "ok postgresql server started"
passed=1
export PG_DIR PG_PORT PG_USER PG_BIN PROBITY_REAL_BIN="$ROOT/probity" PROBITY_E2E_PG=1
# the lanes take the long scripts first, then probity migrate from a SQLite
# file to this server and the failover test (its own primary and standby,
# ~30 s; both with the real binary and the real sqlite3), then every unit
# test binary (each on a fresh database), then the other scripts
PG_UNITS=
for t in build/rel/tests/test_*; do [ -x "$t" ] && PG_UNITS="$PG_UNITS $(basename "$t")"; done
PG_ORDER=
for s in $PG_E2E; do case " browser $PG_LONG " in *" $s "*) PG_ORDER="$PG_ORDER $s" ;; esac; done
PG_ORDER="$PG_ORDER pg_migrate pg_failover $PG_UNITS"
for s in $PG_E2E; do case " browser $PG_LONG " in *" $s "*) ;; *) PG_ORDER="$PG_ORDER $s" ;; esac; done
# the scripts' own look into the database (sqlite3 FILE SQL) goes to the same
# PostgreSQL database as the binary's --db FILE
mkdir -p "$PG_DIR/bin"
printf '#!/bin/sh\nexec python3 "%s/tests/pg_sqlite3.py" "$@"\n' "$ROOT" >"$PG_DIR/bin/sqlite3"
chmod 755 "$PG_DIR/bin/sqlite3"
# each lane takes the next script no other lane has taken (mkdir is atomic)
QUEUE=$PG_DIR/queue
mkdir -p "$QUEUE"
lane() {
	for s in $PG_ORDER; do
		mkdir "$QUEUE/$s" 2>/dev/null || continue
		t0=$(date +%s)
		case $s in
		test_*)
			u=$(pg_newdb "$s") || { echo "createdb failed" >"$OUT/pg_$s.log"; echo "1 0" >"$QUEUE/$s/rc"; continue; }
			PROBITY_TEST_DB=$u PROBITY_TEST_PG=$u "build/rel/tests/$s" >"$OUT/pg_$s.log" 2>&1
			echo "$? $(($(date +%s) - t0))" >"$QUEUE/$s/rc"
			continue ;;
		pg_migrate | pg_failover)
			PROBITY_E2E_PG= PROBITY_BIN="$ROOT/probity" PROBITY_BUILD=rel sh "tests/e2e/$s.sh" >"$OUT/pg_e2e_$s.log" 2>&1
			echo "$? $(($(date +%s) - t0))" >"$QUEUE/$s/rc"
			continue ;;
		esac
		if [ "$s" = browser ]; then
			PROBITY_BIN="$ROOT/tests/pg_wrap.sh" node tests/browser/run.mjs "$OUT/pg-screenshots" >"$OUT/pg_e2e_$s.log" 2>&1
		else
			PATH="$PG_DIR/bin:$PATH" PROBITY_BIN="$ROOT/tests/pg_wrap.sh" PROBITY_BUILD=rel sh "tests/e2e/$s.sh" \
				>"$OUT/pg_e2e_$s.log" 2>&1
		fi
		echo "$? $(($(date +%s) - t0))" >"$QUEUE/$s/rc"
	done
}
e2e0=$(date +%s)
i=0
while [ $i -lt "$PG_LANES" ]; do lane & i=$((i + 1)); done
# a lane tests/run.sh frees (its own jobs all taken) leaves a file in
# PROBITY_FREE_LANES: it becomes one more lane here, while any job is left
if [ -n "$PROBITY_FREE_LANES" ]; then
	while [ "$(ls "$QUEUE" | wc -l)" -lt "$(echo $PG_ORDER | wc -w)" ]; do
		for f in "$PROBITY_FREE_LANES"/*; do
			[ -f "$f" ] && rm "$f" && { lane & }
		done
		sleep 2
	done
fi
wait
for n in $PG_UNITS; do
	log="$OUT/pg_$n.log"
	read -r rc secs <"$QUEUE/$n/rc" || { rc=1; secs=0; }
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
	sed -n 's/^\(ok\|FAIL\) /\1 pg\/'"$n"'\//p' "$log"
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then echo "FAIL pg/$n (exit $rc)"; failed=$((failed + 1)); fi
	grep -E '^FAIL|CHECK|!=|==' "$log" | head -10
	echo "# pg/$n: $p ok, $f failed, $secs s"
done
for s in $PG_E2E pg_migrate pg_failover; do
	log="$OUT/pg_e2e_$s.log"
	read -r rc secs <"$QUEUE/$s/rc" || { rc=1; secs=0; }
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
	sed -n 's/^\(ok\|FAIL\) /\1 pg-e2e\/'"$s"'\//p' "$log"
	grep -E -A3 '^FAIL' "$log" | head -20
	grep -h '^# SKIPPED' "$log" | sed "s|^# |# pg-e2e/$s: |"
	echo "# pg-e2e/$s: $p ok, $f failed, $secs s"
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then echo "FAIL pg-e2e/$s (exit $rc)"; failed=$((failed + 1)); fi
done
# the server's own CPU time (its exited backends'), for the time budget
pg_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15 + $16 + $17) / hz }' \
	"/proc/$(head -1 "$PG_DIR/data/postmaster.pid")/stat" 2>/dev/null)
echo "# pg-e2e: $(echo $PG_E2E | wc -w) scripts in $PG_LANES lanes, $(($(date +%s) - e2e0)) s; the PostgreSQL server's CPU so far ${pg_cpu:-?} s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
