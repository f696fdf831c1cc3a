#!/bin/sh
# PostgreSQL beside SQLite, in one script (issue 24; docs/postgresql.md):
# the demo force on SQLite is the baseline; the same force moved to a
# throw-away PostgreSQL 15 (tests/pg_server.sh: Unix socket, fsync and
# synchronous_commit off — like SQLite's WAL with synchronous=NORMAL, a
# commit is not flushed to disk) with `probity migrate`. Then, on each
# backend, the same server settings (4 threads):
#   1. the PSD register as JSON (50 rows, filtered; every request a query
#      string never seen before, so the fragment cache never answers):
#      requests/s at 32 connections with wrk (issue 24's target on
#      PostgreSQL: >= 5,000/s) and p50/p95;
#   2. the PSD register as HTML, the same way;
#   3. the home page (the role cards and the notification count);
#   4. an import: 2,000 gift declarations from one CSV (`gifts import`,
#      all or nothing, in one transaction), best of 3, each into a fresh
#      copy of the force;
#   5. 50 clients declaring gifts over HTTP for 30 s (issue 24's contract;
#      PG_BENCH_SHORT=1: 16 clients for 10 s): declarations/s, and errors
#      (none expected on PostgreSQL). Every client signs in first (again
#      when refused under the load); the clock starts when all have. Every
#      client is on 127.0.0.1, so the server's per-address connection cap is
#      off (--max-conns-per-ip 0), as behind a proxy (docs/deploy.md).
# Prints each figure for both and the ratio PostgreSQL / SQLite.
# PG_BENCH_CPU=1: only the CPU per request section (after 5); with
# PROBITY_BASELINE_BIN=path a baseline binary (e.g. built from main) runs
# there beside this one, alternately, twice each, on both backends;
# PG_BENCH_PATHS (paths, space-separated) and PG_BENCH_DBS ("pg", "sq" or
# both) pick what it compares.
# Needs wrk and postgresql-15 (PROBITY_BENCH=1 sh scripts/deps.sh). Not part
# of the tests.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
command -v wrk >/dev/null || PROBITY_BENCH=1 sh scripts/deps.sh
. tests/pg_server.sh
[ -x "$PG_BIN/initdb" ] || { echo "bench/pg.sh needs postgresql-15 ($PG_BIN/initdb)"; exit 1; }
W=$(mktemp -d /tmp/probity-bench-pg.XXXXXX)
SERVER=
cleanup() { [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null; pg_stop; rm -rf "$W"; }
trap cleanup EXIT
pg_start
export PROBITY_CONFIG=/dev/null
PW=demo-password-2026
SQ=$W/force.db
t0=$(date +%s.%N)
"$BIN" --db "$SQ" demo >/dev/null
t1=$(date +%s.%N)
PGU=$(pg_newdb force)
"$BIN" migrate --from "$SQ" --to "$PGU" >"$W/migrate.out" 2>&1
t2=$(date +%s.%N)
echo "bench/pg.sh: demo force on SQLite in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s; moved to PostgreSQL (probity migrate, checksums) in $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b-a}') s"
export PROBITY_LOG_KEY="$SQ.logkey"

cat >"$W/miss.lua" <<'LUA'
local n = 0
request = function() n = n + 1; return wrk.format(nil, wrk.path .. "&nocache=" .. n) end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
# 2,000 declarations by demo people
sqlite3 "$SQ" "SELECT staff_number FROM people WHERE leave_date = '' ORDER BY id LIMIT 400" >"$W/staff.txt"
{ echo "staff_number,date_offered,offeror,kind,description,value,accepted,reason"
  awk '{ for (i = 0; i < 5; i++) printf "%s,2025-0%d-1%d,Bench Supplier %d Ltd,hospitality,Bench lunch %d-%d,%d.50,yes,Bench\n", $1, 1 + i, i, NR % 40, NR, i, 10 + i }' "$W/staff.txt"
} >"$W/gifts.csv"

serve() { # DB: start a server, set BASE and SERVER
	"${SBIN:-$BIN}" --db "$1" serve --port 0 --threads 4 --max-conns-per-ip 0 --quiet >"$W/serve.log" 2>&1 &
	SERVER=$!
	BASE=
	for _ in $(seq 1 200); do
		BASE=$(grep -o 'http://[^ ]*/' "$W/serve.log" | head -1)
		[ -n "$BASE" ] && curl -s -o /dev/null "${BASE}healthz" && break
		sleep 0.1
	done
	BASE=${BASE%/}
}
session() { # USER [JAR] -> cookie value
	J=${2:-$W/jar}
	rm -f "$J"
	LT=$(curl -s -c "$J" -b "$J" "$BASE/login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
	curl -s -o /dev/null -c "$J" -b "$J" --data-urlencode "login_token=$LT" --data-urlencode "username=$1" \
		--data-urlencode "password=$PW" "$BASE/login"
	awk '$6 == "probity_session" {print $7}' "$J" | tail -1
}
best_ms() { # command... -> best of 3 in ms
	for _ in 1 2 3; do
		a=$(date +%s.%N); "$@" >/dev/null 2>&1; b=$(date +%s.%N)
		awk -v a="$a" -v b="$b" 'BEGIN { print (b - a) * 1000 }'
	done | sort -n | head -1 | awk '{ printf "%.0f", $1 }'
}
DECL_CLIENTS=50 DECL_SECONDS=30
[ -z "$PG_BENCH_SHORT" ] || { DECL_CLIENTS=16; DECL_SECONDS=10; }
declare_load() { # CLIENTS SECONDS -> "ok errors"
	: >"$W/decl"
	rm -f "$W"/ready.* "$W/go"
	for c in $(seq 1 "$1"); do
		(
			T= # a sign-in refused or timed out under the load is tried again
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				S=$(session staff "$W/jar.$c") || S=
				[ -z "$S" ] || T=$(curl -s -b "probity_session=$S" "$BASE/gifts/new" |
					sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1) || T=
				[ -z "$T" ] || break
				sleep 1
			done
			: >"$W/ready.$c"
			while [ ! -s "$W/go" ]; do sleep 0.1; done
			end=$(cat "$W/go")
			[ -n "$T" ] || { echo "signin" >>"$W/decl.$c"; exit 0; } # counted as an error
			i=0
			while [ "$(date +%s)" -lt "$end" ]; do
				i=$((i + 1))
				curl -s -o /dev/null -b "probity_session=$S" -w "%{http_code}\n" --data-urlencode "csrf=$T" \
					--data-urlencode "submit_key=$(printf '%032x%08x%024x' "$$" "$c" "$i")" --data-urlencode "accepted=yes" \
					--data-urlencode "kind=hospitality" --data-urlencode "date_offered=2025-05-01" \
					--data-urlencode "offeror_org=Load Test Ltd" --data-urlencode "description=Load $c $i" \
					--data-urlencode "value=12.00" --data-urlencode "reason=Bench" "$BASE/gifts" || true # 000: an error
			done >>"$W/decl.$c"
		) &
	done
	while [ "$(ls "$W" | grep -c '^ready\.')" -lt "$1" ]; do sleep 0.2; done
	echo $(($(date +%s) + $2)) >"$W/go.tmp" && mv "$W/go.tmp" "$W/go"
	wait
	cat "$W"/decl.* | awk -v s="$2" '$1 == 303 { ok++ } $1 != 303 { bad++ } END { printf "%.0f %d\n", ok / s, bad + 0 }'
	rm -f "$W"/decl.*
}

measure() { # NAME DB
	serve "$2"
	TOKEN=$("$BIN" --db "$2" token create psd --label bench)
	S=$(session psd)
	json=$(wrk -t2 -c32 -d8s -s "$W/miss.lua" -H "Authorization: Bearer $TOKEN" "$BASE/api/gifts?band=2&sort=-date&page=2" | grep RESULT)
	html=$(wrk -t2 -c32 -d8s -s "$W/miss.lua" -H "Cookie: probity_session=$S" "$BASE/gifts/register?band=2&sort=-date&page=2" | grep RESULT)
	home=$(wrk -t2 -c32 -d8s -s "$W/miss.lua" -H "Cookie: probity_session=$S" "$BASE/?x=1" | grep RESULT)
	decl=$(declare_load "$DECL_CLIENTS" "$DECL_SECONDS")
	kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
	eval "${1}_json='$json'; ${1}_html='$html'; ${1}_home='$home'; ${1}_decl='$decl'"
}
f() { echo "$1" | awk -v k="$2" '{ print $(k + 1) }'; }
r() { echo "$1" | awk -v k="$2" '{ print $(k + 2) }'; } # a wrk RESULT line: requests/s, p50, p95, errors
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
if [ -z "$PG_BENCH_CPU" ]; then
measure sq "$SQ"
measure pg "$PGU"

# imports into fresh copies of the force
imp_sq() { cp "$SQ" "$W/imp.db"; rm -f "$W/imp.db-wal" "$W/imp.db-shm"; cp "$SQ.logkey" "$W/imp.db.logkey"
	"$BIN" --db "$W/imp.db" gifts import "$W/gifts.csv"; }
sq_imp=$(best_ms imp_sq)
imp_pg() { IMPN=$((IMPN + 1)); u=$(pg_newdb "imp$IMPN") && "$BIN" migrate --from "$SQ" --to "$u" >/dev/null 2>&1 && IMPU=$u; }
pg_imp=0; IMPN=0
for _ in 1 2 3; do
	imp_pg
	a=$(date +%s.%N); "$BIN" --db "$IMPU" gifts import "$W/gifts.csv" >/dev/null; b=$(date +%s.%N)
	ms=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
	{ [ "$pg_imp" = 0 ] || [ "$ms" -lt "$pg_imp" ]; } && pg_imp=$ms
done

printf '\nbench/pg.sh: the demo force, 4 server threads, 2 cores shared (PostgreSQL / SQLite)\n\n'
printf '%-44s %14s %14s %8s\n' "" "SQLite" "PostgreSQL" "ratio"
for k in json html home; do
	eval "a=\$sq_$k; b=\$pg_$k"
	case $k in json) n="PSD register JSON, 32 conns (req/s)";; html) n="PSD register HTML, 32 conns (req/s)";;
		home) n="home page, 32 conns (req/s)";; esac
	printf '%-44s %14s %14s %8s\n' "$n" "$(r "$a" 0)" "$(r "$b" 0)" "$(ratio "$(r "$b" 0)" "$(r "$a" 0)")"
	printf '%-44s %14s %14s %8s\n' "   p50 / p95 ms" "$(r "$a" 1) / $(r "$a" 2)" "$(r "$b" 1) / $(r "$b" 2)" ""
	printf '%-44s %14s %14s\n' "   errors" "$(r "$a" 3)" "$(r "$b" 3)"
done
printf '%-44s %14s %14s %8s\n' "$DECL_CLIENTS clients declaring $DECL_SECONDS s (decl/s)" "$(f "$sq_decl" 0)" "$(f "$pg_decl" 0)" \
	"$(ratio "$(f "$pg_decl" 0)" "$(f "$sq_decl" 0)")"
printf '%-44s %14s %14s\n' "   errors" "$(f "$sq_decl" 1)" "$(f "$pg_decl" 1)"
printf '%-44s %14s %14s %8s\n' "gifts import, 2,000 rows (ms, best of 3)" "$sq_imp" "$pg_imp" "$(ratio "$pg_imp" "$sq_imp")"
echo
echo "(issue 24's target: PostgreSQL >= 5,000 JSON requests/s and no errors while declaring)"
fi

# CPU per request (the access log's group commit and the sign-ins kept per
# connection, docs/postgresql.md): the PSD register JSON list once more on
# each backend, and the user+sys CPU the server's worker and the PostgreSQL
# server spent over the run, divided by the requests answered. A shared
# machine's load moves requests/s a great deal and CPU per request little.
cat >"$W/cpu.lua" <<'LUA'
local n = 0
request = function() n = n + 1; return wrk.format(nil, wrk.path .. "&cpu=" .. n) end
done = function(summary, latency, requests)
  io.write(string.format("CPU %d %.0f %d\n", summary.requests, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # the PostgreSQL server's processes, the exited backends too
	pm=$(head -1 "$PG_DIR/data/postmaster.pid")
	t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
	for c in $(pgrep -P "$pm"); do t=$((t + $(ticks "$c"))); done
	echo "$t"
}
CPU_PATH='/api/gifts?band=2&sort=-date&page=3'
cpu_run() { # DB [PATH] -> "requests req/s errors worker-us pg-us" per request (SBIN: the binary serving)
	serve "$1"
	worker=$(pgrep -P "$SERVER" | head -1)
	tok=$("$BIN" --db "$1" token create psd --label bench-cpu)
	w0=$(ticks "$worker"); p0=$(pg_ticks)
	res=$(wrk -t2 -c32 -d8s -s "$W/cpu.lua" -H "Authorization: Bearer $tok" "$BASE${2:-$CPU_PATH}" | grep '^CPU')
	w1=$(ticks "$worker")
	kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
	sleep 1
	p1=$(pg_ticks)
	echo "$res" | awk -v w=$((w1 - w0)) -v p=$((p1 - p0)) -v hz="$(getconf CLK_TCK)" \
		'{ printf "%d %d %d %.0f %.0f\n", $2, $3, $4, w / hz * 1e6 / ($2 > 0 ? $2 : 1), p / hz * 1e6 / ($2 > 0 ? $2 : 1) }'
}
sq_cpu=$(cpu_run "$SQ")
pg_cpu=$(cpu_run "$PGU")
printf '%-44s %14s %14s %8s\n' "PSD register JSON again (req/s; errors)" "$(f "$sq_cpu" 1); $(f "$sq_cpu" 2)" \
	"$(f "$pg_cpu" 1); $(f "$pg_cpu" 2)" "$(ratio "$(f "$pg_cpu" 1)" "$(f "$sq_cpu" 1)")"
printf '%-44s %14s %14s %8s\n' "   server CPU per request (us)" "$(f "$sq_cpu" 3)" "$(f "$pg_cpu" 3)" \
	"$(ratio "$(f "$pg_cpu" 3)" "$(f "$sq_cpu" 3)")"
printf '%-44s %14s %14s\n' "   PostgreSQL's CPU per request (us)" "-" "$(f "$pg_cpu" 4)"

# The same against a baseline binary (PROBITY_BASELINE_BIN): the register
# JSON list and a cheap read (/api/gifts/mine), each binary twice,
# alternately, on each backend: the mean of the two runs (each run's own).
mean_of() { echo "$1" | awk -v k="$2" 'NF { s += $k; l = l (c++ ? "," : "") $k } END { printf "%.0f (%s)", s / c, l }'; }
if [ -n "$PROBITY_BASELINE_BIN" ]; then
	printf '\n%-44s %22s %22s %6s\n' "CPU per request (us), requests/s" "baseline" "this" "ratio"
	for path in ${PG_BENCH_PATHS:-"$CPU_PATH" "/api/gifts/mine?x=1"}; do
		for db in ${PG_BENCH_DBS:-sq pg}; do
			u=$SQ; [ "$db" = pg ] && u=$PGU
			a=; b=
			for _ in 1 2; do
				a="$a
$(SBIN=$PROBITY_BASELINE_BIN cpu_run "$u" "$path")"
				b="$b
$(cpu_run "$u" "$path")"
			done
			for k in 4 5 2; do
				[ "$db" = sq ] && [ "$k" = 5 ] && continue
				case $k in 4) n="worker CPU";; 5) n="PostgreSQL CPU";; 2) n="requests/s";; esac
				x=$(mean_of "$a" $k); y=$(mean_of "$b" $k)
				printf '%-44s %22s %22s %6s\n' "${path%%\?*} $db $n" "$x" "$y" "$(ratio "${y%% *}" "${x%% *}")"
			done
		done
	done
	echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
fi

# 6. probity migrate of the demo force x10 (issue 24: 35,000 people, 500,000
#    declarations, every register; under 60 s): the same 10x file as
#    bench/scale.sh (SCALE_DB10, built once, several minutes), moved to a
#    fresh database of this server restarted with PostgreSQL's own defaults,
#    as a force would run it (fsync, synchronous_commit, full_page_writes
#    on; the sections above ran with them off). Wall time, Probity's CPU
#    (reading SQLite, hashing both sides) and the server's (COPY, keys and
#    indexes, the read-back; its exited backends' CPU), and migrate's own
#    split. PG_BENCH_SHORT=1 skips it unless the 10x file is already built.
SCALE_DB10=${SCALE_DB10:-$ROOT/bench/out/scale-10.db}
if [ -z "$PG_BENCH_CPU" ] && { [ -z "$PG_BENCH_SHORT" ] || [ -f "$SCALE_DB10" ]; }; then
	if [ ! -f "$SCALE_DB10" ]; then
		mkdir -p "$(dirname "$SCALE_DB10")"
		echo "bench/pg.sh: building the demo force at scale 10 in $SCALE_DB10 (once; minutes)"
		"$BIN" --db "$SCALE_DB10" demo --scale 10 | sed -n '1,3p'
	fi
	# the server again without the test settings (fsync=off &c. given on its
	# command line, which ALTER SYSTEM cannot override): PostgreSQL's defaults
	pg_as "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w -m fast -o \"-k $PG_DIR -p $PG_PORT -h ''\" restart" \
		>/dev/null 2>&1 || { echo "bench/pg.sh: the server did not restart"; exit 1; }
	U10=$(pg_newdb scale10)
	pm=$(head -1 "$PG_DIR/data/postmaster.pid")
	hz=$(getconf CLK_TCK)
	s0=$(awk '{ print $16 + $17 }' "/proc/$pm/stat")
	/usr/bin/time -f "%e %U %S" -o "$W/m10.time" env PROBITY_LOG_KEY="$SCALE_DB10.logkey" \
		"$BIN" migrate --from "$SCALE_DB10" --to "$U10" >"$W/m10.out" 2>"$W/m10.err" && m10=ok || m10=FAILED
	sleep 1
	s1=$(awk '{ print $16 + $17 }' "/proc/$pm/stat")
	read -r mw mu ms <"$W/m10.time"
	printf '\n%-44s %14s\n' "migrate, demo force x10 ($m10)" "$(sed -n 's/^migrated .*, \([0-9]* rows\),.*/\1/p' "$W/m10.out")"
	printf '%-44s %14s\n' "   wall (s; target < 60)" "$mw"
	printf '%-44s %14s\n' "   CPU: Probity / PostgreSQL (s)" "$(awk -v u="$mu" -v s="$ms" -v a="$s0" -v b="$s1" -v hz="$hz" \
		'BEGIN { printf "%.1f / %.1f", u + s, (b - a) / hz }')"
	sed -n 's/^migrated .* in \([0-9.]* s\) (\(.*\));.*/   migrate: \1 (\2)/p' "$W/m10.out"
	[ "$m10" = ok ] || tail -3 "$W/m10.err"
	echo "(load average $(cut -d' ' -f1-3 /proc/loadavg): on shared cores the wall time is mostly waiting for a core; the CPU is the figure load moves least)"
fi
