#!/bin/sh
# Run every test: unit binaries (optimised and under ASan/UBSan), the
# end-to-end scripts against the real binary (both builds), the same on
# PostgreSQL (tests/pg.sh), the API contract, the package on a fresh Debian
# and the browser test. Prints one line per binary or script and one closing
# line "N passed, N failed"; exits non-zero on any failure.
#
# The parts run at once so that both cores stay busy (waits for servers,
# sleeps and the fresh Debian's downloads then cost no time): tests/pg.sh
# from the start (its own PG_LANES lanes), beside PROBITY_TEST_LANES lanes
# (2) that take every other job, the longest first (RUN_LONG, measured; any
# job not named there follows in the order below, so a new unit test or
# tests/e2e/*.sh needs naming nowhere); a lane with nothing left to take
# joins tests/pg.sh's lanes, the longest part. Each job writes its own log in $OUT
# (as before: rel_test_gifts.log, e2e-asan_ux.log, postgresql.log, ...); the
# results are printed in the fixed order below as they come in, each with
# its wall time, then the parts' wall and CPU times and the slowest jobs.
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${PROBITY_TEST_OUT:-$ROOT/tests/out}
mkdir -p "$OUT"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
LANES=${PROBITY_TEST_LANES:-2}
RUN_LONG="browser fresh-debian12 e2e-asan/duties e2e-asan/ux e2e-asan/audit_ingest e2e-asan/scale
e2e-asan/limits e2e-asan/ethics e2e-asan/audit_web e2e-asan/accesslog e2e-asan/accounts e2e-asan/vetting
e2e-rel/audit_ingest e2e-rel/duties e2e-rel/ux e2e-rel/limits e2e-rel/scale"
passed=0
failed=0
failures=""
run0=$(date +%s)

count() { # $1 = log file, $2 = label
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^FAIL ' "$1")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$3" != 0 ] && [ "$f" = 0 ]; then
		# crashed or exited non-zero without reporting a failed test
		failed=$((failed + 1))
		failures="$failures $2(exit $3)"
	elif [ "$f" != 0 ]; then
		failures="$failures $2"
	fi
}

# The API contract: every server the e2e scripts and tests/pg.sh start
# records each API answer it gives (src/web/api.c); tests/api/validate.mjs
# then checks them all against src/web/openapi.json.
API_CAPTURE=$OUT/api-capture
rm -rf "$API_CAPTURE"
mkdir -p "$API_CAPTURE"

# The run's own scratch: the job list, which lane took which job, results.
Q=$(mktemp -d /tmp/probity-run.XXXXXX)
mkdir "$Q/claim" "$Q/done" "$Q/free"
trap 'rm -rf "$Q"' EXIT
trap 'kill $pids 2>/dev/null; exit 130' INT TERM
# the demo force, generated once per binary for the e2e scripts on SQLite
# (demo_force in tests/lib.sh)
export PROBITY_DEMO_CACHE="$Q/demo"

# The jobs ("kind name file"), in the order their results are printed.
{
	for build in rel asan; do
		for t in build/$build/tests/test_*; do
			[ -x "$t" ] && echo "unit $build/$(basename "$t") $t"
		done
	done
	for build in rel asan; do
		for t in tests/e2e/*.sh; do
			[ -f "$t" ] && echo "e2e e2e-$build/$(basename "$t" .sh) $t"
		done
	done
	# the same tests on PostgreSQL (tests/pg.sh starts its own server)
	[ -n "$PROBITY_NO_PG" ] && echo "skip postgresql PROBITY_NO_PG" || echo "pg postgresql tests/pg.sh"
	echo "api api-contract tests/api/validate.mjs"
	# the package on a fresh Debian 12 booted under systemd (apt install, the
	# service, sign-in through an identity provider, a backup under load
	# restored); make test-quick leaves it out
	[ -n "$PROBITY_NO_FRESH" ] && echo "skip fresh-debian12 PROBITY_NO_FRESH" ||
		echo "fresh fresh-debian12 tests/fresh/debian12.sh"
	[ -z "$PROBITY_NO_BROWSER" ] && [ -f tests/browser/run.mjs ] && echo "browser browser tests/browser/run.mjs"
} >"$Q/jobs"
# the lanes' order: the long ones first, then the rest as listed
{
	for n in $RUN_LONG; do grep " $n " "$Q/jobs"; done
	cat "$Q/jobs"
} | grep -E '^(unit|e2e|fresh|browser) ' >"$Q/order"

# cpu_of FILE: the CPU seconds (user + system) of the children in the output
# of a subshell's `times`: the job and everything it waited for
cpu_of() { awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); printf "%.0f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"; }
# run_job KIND NAME FILE: the job, its output in $OUT/NAME.log (/ as _);
# then "exit-status wall-seconds cpu-seconds" in $Q/done/ID
run_job() {
	id=$(echo "$2" | tr / _)
	t0=$(date +%s)
	(
		case $1 in
		unit) "$3" ;;
		e2e)
			b=${2%%/*}; b=${b#e2e-}
			if [ "$b" = rel ]; then bin=$ROOT/probity; else bin=$ROOT/build/asan/probity; fi
			PROBITY_API_CAPTURE=$API_CAPTURE PROBITY_BIN=$bin PROBITY_BUILD=$b sh "$3" ;;
		pg) PROBITY_API_CAPTURE=$API_CAPTURE PROBITY_FREE_LANES=$Q/free sh "$3" ;;
		fresh) PROBITY_BIN=$ROOT/probity sh "$3" ;;
		browser) PROBITY_BIN=$ROOT/probity node "$3" "$OUT/screenshots" ;;
		esac >"$OUT/$id.log" 2>&1 9<&-
		echo $? >"$Q/rc.$id"
		times >"$Q/times.$id"
	)
	echo "$(cat "$Q/rc.$id") $(($(date +%s) - t0)) $(cpu_of "$Q/times.$id")" >"$Q/done/$id.part"
	mv "$Q/done/$id.part" "$Q/done/$id"
}
# each lane takes the next job no other lane has taken (mkdir is atomic);
# when none is left it joins tests/pg.sh's lanes (PROBITY_FREE_LANES)
lane() {
	while read -r kind name file <&9; do
		mkdir "$Q/claim/$(echo "$name" | tr / _)" 2>/dev/null || continue
		run_job "$kind" "$name" "$file"
	done 9<"$Q/order"
	: >"$Q/free/lane$1"
}
pids=
if [ -z "$PROBITY_NO_PG" ]; then run_job pg postgresql tests/pg.sh & pids="$pids $!"; fi
i=0
while [ $i -lt "$LANES" ]; do lane $i & pids="$pids $!"; i=$((i + 1)); done

# The results, in the jobs' order, each as soon as it and those before it are done.
while read -r kind name file <&9; do
	id=$(echo "$name" | tr / _)
	log="$OUT/$id.log"
	case $kind in
	skip)
		echo "$name: SKIPPED ($file is set)"
		continue ;;
	api)
		t0=$(date +%s)
		(node "$file" "$API_CAPTURE" >"$log" 2>&1 9<&-; echo $? >"$Q/rc.$id"; times >"$Q/times.$id")
		rc=$(cat "$Q/rc.$id")
		secs=$(($(date +%s) - t0)) cpu=$(cpu_of "$Q/times.$id")
		count "$log" api-contract $rc
		echo "api-contract: $(grep -c '^ok ' "$log") ok, $(grep -c '^FAIL ' "$log") failed ($(ls "$API_CAPTURE" | wc -l) API answers checked against src/web/openapi.json), $secs s"
		grep -E -A42 '^FAIL' "$log" | head -50
		echo "$name $kind $secs $cpu" >>"$Q/times"
		continue ;;
	esac
	while [ ! -f "$Q/done/$id" ]; do sleep 1; done
	read -r rc secs cpu <"$Q/done/$id"
	echo "$name $kind $secs $cpu" >>"$Q/times"
	count "$log" "$name" "$rc"
	case $kind in
	unit)
		echo "$name: $(tail -1 "$log"), $secs s"
		grep -E '^FAIL|CHECK|!=|ERROR|runtime error' "$log" | head -20 ;;
	e2e)
		echo "$name: $(grep -c '^ok ' "$log") ok, $(grep -c '^FAIL ' "$log") failed, $secs s"
		grep -E -A3 '^FAIL' "$log" | head -30
		if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$log" "$OUT"/*.asan.* 2>/dev/null; then
			failed=$((failed + 1)); failures="$failures $name(sanitizer)"
			grep -h -A8 'runtime error\|AddressSanitizer\|LeakSanitizer' "$log" | head -20
		fi ;;
	pg)
		echo "postgresql: $(grep -c '^ok ' "$log") ok, $(grep -c '^FAIL ' "$log") failed, $secs s"
		grep -E -A3 '^FAIL' "$log" | head -30 ;;
	fresh)
		echo "fresh-debian12: $(grep -c '^ok ' "$log") ok, $(grep -c '^FAIL ' "$log") failed, $secs s $(grep -o 'SKIPPED.*' "$log" | head -1)"
		grep -E -A3 '^FAIL' "$log" | head -30 ;;
	browser)
		echo "browser: $(grep -c '^ok ' "$log") ok, $(grep -c '^FAIL ' "$log") failed, $secs s (screenshots in $OUT/screenshots)"
		grep -E -A5 '^FAIL' "$log" | head -40 ;;
	esac
done 9<"$Q/jobs"
wait

# The times: each part's wall time (the sum of its jobs', which ran beside
# others) and CPU time (user + system of the job and what it waited for;
# the PostgreSQL server's own is in postgresql.log), the slowest jobs, and
# what the whole run would take on an idle machine of $LANES cores.
pg_cpu=$(sed -n "s/.*the PostgreSQL server's CPU so far \([0-9]*\) s.*/\1/p" "$OUT/postgresql.log" 2>/dev/null | tail -1)
awk -v wall=$(($(date +%s) - run0)) -v lanes="$LANES" -v pgcpu="${pg_cpu:-0}" '
	{ part = $2 == "unit" ? "unit-" substr($1, 1, index($1, "/") - 1) : $2 == "e2e" ? substr($1, 1, index($1, "/") - 1) : $1
	  if (!(part in n)) order[++parts] = part
	  n[part]++; w[part] += $3; c[part] += $4; cpu += $4 }
	END {
		for (i = 1; i <= parts; i++)
			printf "# time %s: %d job%s, %d s wall, %d s CPU\n", order[i], n[order[i]], (n[order[i]] > 1 ? "s" : ""), w[order[i]], c[order[i]]
		cpu += pgcpu
		printf "# time: the whole run %d s wall (%d min); CPU %d s with the PostgreSQL server'"'"'s %d s: at least %d s on %d idle cores\n", wall, (wall + 59) / 60, cpu, pgcpu, cpu / lanes, lanes
	}' "$Q/times"
echo "# slowest (wall, CPU): $(sort -k3,3nr "$Q/times" | head -12 | awk '{ printf "%s%s %d s %d s", (NR > 1 ? ", " : ""), $1, $3, $4 }')"
# the e2e scripts on PostgreSQL (tests/pg.sh prints each one's time)
echo "# slowest on PostgreSQL: $(sed -n 's/^# pg-e2e\/\([^:]*\): .* \([0-9]*\) s$/\1 \2/p' "$OUT/postgresql.log" 2>/dev/null |
	sort -k2,2nr | head -8 | awk '{ printf "%s%s %d s", (NR > 1 ? ", " : ""), $1, $2 }')"

cp "$Q/times" "$OUT/times.txt"
[ -z "$failures" ] || echo "failures:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
