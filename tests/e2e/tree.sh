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
C
$CHECK dialect "$TMP/planted" >"$TMP/dialect.out" 2>&1 && fail "checker catches planted SQLite-only SQL" || ok "checker catches planted SQLite-only SQL"
for l in 1 2 3 4 5; do check_has "planted SQLite-only form on line $l reported" "$TMP/dialect.out" "bad_dialect.c:$l:"; done
for l in 6 7 8; do check_lacks "portable line $l is not reported" "$TMP/dialect.out" "bad_dialect.c:$l:"; done

# The real tree.
check "every html_f format and store_* bind string matches its arguments" $CHECK calls
grep -h '^calls:' "$TMP/.out"
check "no SQL in src/web or src/cli" $CHECK layers
grep -h '^layers:' "$TMP/.out"
check "the SQL in src/domain and src/audit runs on SQLite and PostgreSQL" $CHECK dialect
grep -h '^dialect:' "$TMP/.out"
finish
