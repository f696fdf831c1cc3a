#!/bin/sh
# The source tree keeps its promises (tests/check_source.py): no SQL or
# statement-API call in src/web or src/cli (the rules live in src/domain),
# and every html_f format and store_* bind-type string matches its
# arguments in number and type. Each check is first shown to catch a planted
# mistake, so a checker that stopped working would fail here too.
. "$(dirname "$0")/../lib.sh"
CHECK="python3 $ROOT/tests/check_source.py"
if [ "$PROBITY_BUILD" = asan ]; then
	echo "# static checks of the source: run once, with the rel build"
	finish
	exit 0
fi

# Planted: a wrong html_f argument type, a missing argument, a bind string
# binding an int where int64_t is read, an unknown conversion.
mkdir -p "$TMP/planted/src/web" "$TMP/planted/src/cli"
cat >"$TMP/planted.c" <<'C'
#include "store/store.h"
#include "web/html.h"
void planted(struct html *h, struct store *st, struct err *e);
void planted(struct html *h, struct store *st, struct err *e)
{
	int n = 3;
	int64_t id = 4;
	html_f(h, "<p>%d items for %s</p>", "three", n);
	html_f(h, "<p>%s and " "%s</p>", "one");
	store_exec(st, e, "UPDATE t SET a = ? WHERE id = ?", "ti", "x", n);
	html_f(h, "<p>%q</p>", "x");
	store_exec(st, e, "UPDATE t SET a = ? WHERE id = ?", "ti", "x", id); /* right */
	html_f(h, "<a href=\"/x/%u?q=%a\">%s</a> %I %m %ld %zu", "a", "b", NULL, id, id, 1L, sizeof id); /* right */
}
C
$CHECK calls "$TMP/planted.c" >"$TMP/calls.out" 2>&1 && fail "checker catches planted call mismatches" "$(cat "$TMP/calls.out")" || {
	n=$(grep -c '^.*planted.c:[0-9]*' "$TMP/calls.out")
	[ "$n" -ge 4 ] && ok "checker catches planted call mismatches" || fail "checker catches planted call mismatches" "$(cat "$TMP/calls.out")"
}
for l in 8 9 10 11; do check_has "planted mismatch on line $l reported" "$TMP/calls.out" "planted.c:$l:"; done
check_lacks "correct calls are not reported" "$TMP/calls.out" "planted.c:12:"
check_lacks "correct html conversions are not reported" "$TMP/calls.out" "planted.c:13:"

cat >"$TMP/planted/src/web/bad_pages.c" <<'C'
static const char *method = "DELETE"; /* an HTTP method, not SQL */
static int count(struct store *st, struct err *e, int64_t *n)
{
	return store_int(st, e, n, "SELECT COUNT(*) FROM gifts", "");
}
C
: >"$TMP/planted/src/cli/cmd_ok.c"
$CHECK layers "$TMP/planted" >"$TMP/layers.out" 2>&1 && fail "checker catches planted SQL in src/web" || ok "checker catches planted SQL in src/web"
check_has "planted SQL literal reported" "$TMP/layers.out" "bad_pages.c:4: SQL in a string literal"
check_has "planted statement call reported" "$TMP/layers.out" "bad_pages.c:4: statement API call store_int()"
check_lacks "an HTTP method is not SQL" "$TMP/layers.out" "bad_pages.c:1:"

# Planted: SQLite-only SQL in src/domain (the SQL must run on PostgreSQL too).
mkdir -p "$TMP/planted/src/domain"
cat >"$TMP/planted/src/domain/bad_dialect.c" <<'C'
static const char *q1 = "SELECT id FROM gifts WHERE instr(lower(title), lower(?)) > 0";
static const char *q2 = "SELECT group_concat(name, ', ') FROM units";
static const char *q3 = "INSERT OR IGNORE INTO seen(id) VALUES(?)";
static const char *q4 = "SELECT julianday(decided) - julianday(received) FROM t";
static const char *q5 = "UPDATE t SET at = strftime('%Y', 'now')";
static const char *ok1 = "SELECT id FROM gifts WHERE strpos(lower(title), lower(?)) > 0";
static const char *ok2 = "INSERT INTO seen(id) VALUES(?) ON CONFLICT DO NOTHING";
static const char *msg = "Enter the date (for example 27 3 2007)";
static const char *q6 = "SELECT COUNT(*), COALESCE(SUM(due < ?), 0) FROM findings";
static const char *q7 = "SELECT ts FROM (SELECT ts FROM a UNION SELECT ts FROM b) "
                        "ORDER BY ts";
static const char *q8 = "INSERT INTO d(day, n) VALUES(?, ?) ON CONFLICT(day) DO UPDATE SET n = n + excluded.n";
static const char *q9 = "UPDATE r SET changed = (r.version > 0) WHERE id = ?";
static const char *ok3 = "SELECT COUNT(CASE WHEN due < ? THEN 1 END) FROM (SELECT due FROM f) AS x";
static const char *ok4 = "INSERT INTO d(day, n) VALUES(?, ?) ON CONFLICT(day) DO UPDATE SET n = d.n + excluded.n";
static const char *ok5 = "SELECT 1 FROM r WHERE a IS DISTINCT FROM (SELECT b FROM s) AND c = (SELECT MAX(c) FROM s)";
static const char *msg2 = "threshold max(3, 2 x median) = 6";
C
mkdir -p "$TMP/planted/src/store/migrations/pg"
printf 'CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT,\n  at TEXT DEFAULT (strftime(\x27%%Y\x27, \x27now\x27)));\n' \
	>"$TMP/planted/src/store/migrations/900_bad.sql"
printf -- '-- instr( in a comment is not SQL\nCREATE TABLE u(id INTEGER PRIMARY KEY);\n' >"$TMP/planted/src/store/migrations/901_ok.sql"
printf 'CREATE TABLE v(at TEXT DEFAULT (datetime(\x27now\x27)));\n' >"$TMP/planted/src/store/migrations/902_own_pg.sql"
: >"$TMP/planted/src/store/migrations/pg/902_own_pg.sql"
$CHECK dialect "$TMP/planted" >"$TMP/dialect.out" 2>&1 && fail "checker catches planted SQLite-only SQL" || ok "checker catches planted SQLite-only SQL"
for l in 1 2 3 4 5 9 10 12 13; do check_has "planted SQLite-only form on line $l reported" "$TMP/dialect.out" "bad_dialect.c:$l:"; done
for l in 6 7 8 14 15 16 17; do check_lacks "portable line $l is not reported" "$TMP/dialect.out" "bad_dialect.c:$l:"; done
check_has "the message says what to use instead" "$TMP/dialect.out" "bad_dialect.c:2: group_concat() is SQLite-only; use string_agg(value, separator)"
check_has "a planted migration's SQLite date default reported" "$TMP/dialect.out" "migrations/900_bad.sql:2: SQLite date function"
check_lacks "AUTOINCREMENT in a migration is translated, not reported" "$TMP/dialect.out" "900_bad.sql:1:"
check_lacks "a migration comment is not SQL" "$TMP/dialect.out" "901_ok.sql"
check_lacks "a migration with its own PostgreSQL text is not checked" "$TMP/dialect.out" "902_own_pg.sql"

# The real tree.
check "every html_f format and store_* bind string matches its arguments" $CHECK calls
grep -h '^calls:' "$TMP/.out"
check "no SQL in src/web or src/cli" $CHECK layers
grep -h '^layers:' "$TMP/.out"
check "the SQL in src/domain and src/audit runs on SQLite and PostgreSQL" $CHECK dialect
grep -h '^dialect:' "$TMP/.out"
finish
