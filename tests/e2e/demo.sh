#!/bin/sh
# tests/e2e/demo.sh — `probity demo` builds a believable fictional force:
# people in a line-management tree, logins for every role, three years of
# gifts and hospitality with work in the queues; it is deterministic for a
# seed, and refuses a database that already holds people.
. "$(dirname "$0")/../lib.sh"

DB=$TMP/d.db
# expect_cmp NAME GOT OP WANT (OP: -eq -ge -le -gt -lt); lib.sh's expect compares strings
expect_cmp() { if [ "$2" "$3" "$4" ] 2>/dev/null; then ok "$1"; else fail "$1" "got '$2', expected $3 $4"; fi; }

check "demo --help" "$BIN" demo --help
check_has "help names --seed" "$TMP/.out" "--seed"
check_fails "demo rejects a bad seed" "$BIN" --db "$TMP/bad.db" demo --seed abc
check_fails "demo rejects an unknown option" "$BIN" --db "$TMP/bad.db" demo --people 10

if "$BIN" --db "$DB" demo >"$TMP/demo.out" 2>&1; then ok "demo builds the force"; else
	fail "demo builds the force" "$(head -c 600 "$TMP/demo.out")"; finish; exit 1; fi
check_has "summary prints the password" "$TMP/demo.out" "demo-password-2026"
# (on PostgreSQL the database is tests/pg_wrap.sh's for the file: the summary names it)
SHOWN=$DB; on_pg && SHOWN="postgresql:///$(pg_dbname "$DB")"
check_has "summary says how to serve" "$TMP/demo.out" "Start the server with: ./probity serve --db $SHOWN"
check_has "summary lists the manager login" "$TMP/demo.out" "manager "
n=$(sqlite3 "$DB" "select count(*) from vetting_applications")
check_has "summary counts each capability's data" "$TMP/demo.out" "applications"
grep -q " $n applications" "$TMP/demo.out" && ok "summary's counts are the database's" || fail "summary's counts are the database's" "$n"

# --- people and organisation
people=$(q "SELECT COUNT(*) FROM people")
expect_cmp "about 3,500 people (at least 3,300)" "$people" -ge 3300
expect_cmp "about 3,500 people (at most 3,700)" "$people" -le 3700
officers=$(q "SELECT COUNT(*) * 100 / (SELECT COUNT(*) FROM people) FROM people WHERE kind = 'officer'")
expect_cmp "officers are about 60% (>= 55)" "$officers" -ge 55
expect_cmp "officers are about 60% (<= 65)" "$officers" -le 65
for k in staff special volunteer; do
	expect_cmp "there are ${k}s" "$(q "SELECT COUNT(*) FROM people WHERE kind = '$k'")" -gt 20
done
expect_cmp "every unit kind is present" "$(q "SELECT COUNT(DISTINCT kind) FROM units")" -eq 5
teams=$(q "SELECT COUNT(*) FROM units WHERE kind = 'team'")
expect_cmp "about 150 teams (>= 130)" "$teams" -ge 130
expect_cmp "about 150 teams (<= 180)" "$teams" -le 180
top=$(q "SELECT COUNT(*) FROM units u JOIN units f ON f.id = u.parent_id WHERE f.kind = 'force'")
expect_cmp "8 to 12 top-level units (>= 8)" "$top" -ge 8
expect_cmp "8 to 12 top-level units (<= 12)" "$top" -le 12
expect_cmp "everyone has a unit and a post" "$(q "SELECT COUNT(*) FROM people WHERE unit_id IS NULL OR post_id IS NULL")" -eq 0
expect_cmp "every post has a vetting level" "$(q "SELECT COUNT(*) FROM posts WHERE vetting_level = ''")" -eq 0
expect_cmp "only one person has no manager" "$(q "SELECT COUNT(*) FROM people WHERE manager_id IS NULL")" -eq 1
expect_cmp "... and that is the chief constable" \
	"$(q "SELECT COUNT(*) FROM people WHERE manager_id IS NULL AND rank = 'Chief Constable'")" -eq 1
# Walk up from everyone: all must reach the top within 30 steps (a loop never would).
reach=$(q "WITH RECURSIVE up(id, mid, depth) AS (SELECT id, manager_id, 0 FROM people
	UNION ALL SELECT up.id, p.manager_id, up.depth + 1 FROM up JOIN people p ON p.id = up.mid WHERE up.depth < 30)
	SELECT COUNT(DISTINCT id) FROM up WHERE mid IS NULL")
expect_cmp "line management has no cycles" "$reach" -eq "$people"
expect_cmp "no leaver manages anyone" \
	"$(q "SELECT COUNT(*) FROM people m WHERE m.leave_date <> '' AND EXISTS (SELECT 1 FROM people p WHERE p.manager_id = m.id)")" -eq 0
expect_cmp "some leavers" "$(q "SELECT COUNT(*) FROM people WHERE leave_date <> ''")" -gt 10
expect_cmp "ranks form a pyramid (constables > 5x sergeants)" \
	"$(q "SELECT CASE WHEN (SELECT COUNT(*) FROM people WHERE rank = 'Constable') > 5 * (SELECT COUNT(*) FROM people WHERE rank = 'Sergeant') THEN 1 ELSE 0 END")" -eq 1
expect_cmp "sergeants > 3x inspectors" \
	"$(q "SELECT CASE WHEN (SELECT COUNT(*) FROM people WHERE rank = 'Sergeant') > 3 * (SELECT COUNT(*) FROM people WHERE rank = 'Inspector') THEN 1 ELSE 0 END")" -eq 1
expect_cmp "six chief officers" "$(q "SELECT COUNT(*) FROM people WHERE chief_officer = 1")" -eq 6
expect_cmp "the deputy chief constable is a chief officer" \
	"$(q "SELECT chief_officer FROM people WHERE rank = 'Deputy Chief Constable'")" -eq 1
expect_cmp "person_ref for everyone, unique" "$(q "SELECT person_ref FROM people" | grep -E '^P[0-9]{7}$' | sort -u | wc -l)" -eq "$people"
expect_cmp "start dates within 30 years" \
	"$(q "SELECT COUNT(*) FROM people WHERE start_date < '$(date -u -d '-31 years' +%F)' OR start_date > '$(date -u +%F)'")" -eq 0
expect_cmp "protected characteristics for everyone" "$(q "SELECT COUNT(*) FROM protected_characteristics")" -eq "$people"
expect_cmp "'prefer not to say' is present" \
	"$(q "SELECT COUNT(*) FROM protected_characteristics WHERE sexual_orientation = 'prefer not to say'")" -gt 0
expect_cmp "a mix of ethnicities" "$(q "SELECT COUNT(DISTINCT ethnicity) FROM protected_characteristics")" -ge 10

# --- accounts
for pair in staff:staff manager:staff psd:psd acu:acu vetting:vetting reviewer:reviewer dcc:dcc \
	governance:governance ethics:ethics_panel scrutiny:scrutiny pcc:pcc admin:admin equality:equality training:training; do
	u=${pair%%:*}
	r=${pair#*:}
	expect_cmp "login $u has role $r" \
		"$(q "SELECT COUNT(*) FROM accounts a JOIN account_roles ar ON ar.account_id = a.id WHERE a.username = '$u' AND ar.role = '$r'")" -eq 1
done
expect_cmp "passwords are argon2id hashes" "$(q "SELECT COUNT(*) FROM accounts WHERE pwhash LIKE '\$argon2id\$%'")" -eq 14
expect_cmp "manager line-manages staff" "$(q "SELECT COUNT(*) FROM accounts s JOIN people p ON p.id = s.person_id
	JOIN accounts m ON m.person_id = p.manager_id WHERE s.username = 'staff' AND m.username = 'manager'")" -eq 1
expect_cmp "dcc is the deputy chief constable" "$(q "SELECT COUNT(*) FROM accounts a JOIN people p ON p.id = a.person_id
	WHERE a.username = 'dcc' AND p.rank = 'Deputy Chief Constable'")" -eq 1
expect_cmp "scrutiny and pcc have no person" \
	"$(q "SELECT COUNT(*) FROM accounts WHERE username IN ('scrutiny', 'pcc') AND person_id IS NULL")" -eq 2

# --- gifts and hospitality
gifts=$(q "SELECT COUNT(*) FROM gifts")
expect_cmp "thousands of declarations (>= 3000)" "$gifts" -ge 3000
expect_cmp "thousands of declarations (<= 6000)" "$gifts" -le 6000
expect_cmp "declarations span three years" \
	"$(( ($(date -u -d "$(q "SELECT MAX(date_offered) FROM gifts")" +%s) - $(date -u -d "$(q "SELECT MIN(date_offered) FROM gifts")" +%s)) / 86400 ))" -ge 1000
expect_cmp "none in the future" "$(q "SELECT COUNT(*) FROM gifts WHERE date_offered > '$(date -u +%F)' OR created_at > '$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)'")" -eq 0
for s in awaiting_manager awaiting_psd approved refused recorded; do
	expect_cmp "status $s present" "$(q "SELECT COUNT(*) FROM gifts WHERE status = '$s'")" -gt 0
done
acc=$(q "SELECT COUNT(CASE WHEN accepted = 1 THEN 1 END) * 100 / COUNT(*) FROM gifts")
expect_cmp "about 55% accepted (>= 45)" "$acc" -ge 45
expect_cmp "about 55% accepted (<= 70)" "$acc" -le 70
expect_cmp "refreshments under 5 pounds" "$(q "SELECT COUNT(*) FROM gifts WHERE value_pence <= 500")" -gt 50
expect_cmp "a long tail over 500 pounds" "$(q "SELECT COUNT(*) FROM gifts WHERE value_pence > 50000")" -gt 5
expect_cmp "gifts, hospitality and other kinds" "$(q "SELECT COUNT(DISTINCT kind) FROM gifts")" -eq 3
expect_cmp "a recurring supplier" \
	"$(q "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM gifts WHERE offeror_org LIKE '%Ltd' GROUP BY offeror_org)")" -ge 20
expect_cmp "members of the public as offerors" "$(q "SELECT COUNT(*) FROM gifts WHERE offeror_person <> ''")" -gt 100
expect_cmp "manager decisions by the line manager" "$(q "SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id
	WHERE g.manager_decision <> '' AND COALESCE(g.manager_id, -1) <> COALESCE(p.manager_id, -1)")" -eq 0
expect_cmp "decided over the threshold means a PSD decision" "$(q "SELECT COUNT(*) FROM gifts
	WHERE status IN ('approved', 'refused') AND manager_decision = 'approved'
	AND value_pence > (SELECT CAST(value AS INTEGER) FROM config WHERE key = 'gifts.psd_threshold_pence') AND psd_decision = ''")" -eq 0
expect_cmp "PSD decisions by the psd login" "$(q "SELECT COUNT(*) FROM gifts g JOIN accounts a ON a.id = g.psd_account_id
	WHERE a.username = 'psd'")" -gt 50
expect_cmp "a refusal always has a comment" \
	"$(q "SELECT COUNT(*) FROM gifts WHERE (manager_decision = 'refused' AND manager_comment = '') OR (psd_decision = 'refused' AND psd_comment = '')")" -eq 0
expect_cmp "chief officers' declarations are publishable" "$(q "SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id
	WHERE p.chief_officer = 1 AND g.publishable = 0")" -eq 0
expect_cmp "chief officers declare" "$(q "SELECT COUNT(*) FROM gifts WHERE publishable = 1")" -gt 20
expect_cmp "the manager login has several awaiting items from the team" "$(q "SELECT COUNT(*) FROM gifts g
	JOIN people p ON p.id = g.person_id JOIN accounts m ON m.person_id = p.manager_id
	WHERE m.username = 'manager' AND g.status = 'awaiting_manager'")" -ge 3
expect_cmp "the PSD queue has work" "$(q "SELECT COUNT(*) FROM gifts WHERE status = 'awaiting_psd'")" -ge 3
expect_cmp "the staff login has its own history" "$(q "SELECT COUNT(*) FROM gifts g JOIN accounts a ON a.person_id = g.person_id
	WHERE a.username = 'staff'")" -ge 3
expect_cmp "leavers declare nothing after leaving" "$(q "SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id
	WHERE p.leave_date <> '' AND g.date_offered >= p.leave_date")" -eq 0
expect_cmp "the demo is in the access log" "$(q "SELECT COUNT(*) FROM access_log WHERE object_type = 'demo'")" -eq 1

# --- a second run refuses and changes nothing
check_fails "demo refuses a database with people" "$BIN" --db "$DB" demo
check_has "... saying why" "$TMP/.out" "already holds"
expect_cmp "... and changes nothing" "$(q "SELECT COUNT(*) FROM people")" -eq "$people"
expect_cmp "... not even the gifts" "$(q "SELECT COUNT(*) FROM gifts")" -eq "$gifts"

# --- deterministic for a seed (on a fixed day)
dump() { sqlite3 -batch "$1" "SELECT * FROM people ORDER BY 1; SELECT * FROM units ORDER BY 1; SELECT * FROM posts ORDER BY 1;
	SELECT * FROM protected_characteristics ORDER BY 1; SELECT * FROM gifts ORDER BY 1;" | cksum; }
# (the three at once: on PostgreSQL each waits on a round trip per row)
PROBITY_TODAY=2026-03-15 "$BIN" --db "$TMP/s1.db" demo --seed 42 >/dev/null 2>&1 & s1=$!
PROBITY_TODAY=2026-03-15 "$BIN" --db "$TMP/s2.db" demo --seed 42 >/dev/null 2>&1 & s2=$!
PROBITY_TODAY=2026-03-15 "$BIN" --db "$TMP/s3.db" demo --seed 43 >/dev/null 2>&1 & s3=$!
wait $s1 $s2 $s3
a=$(dump "$TMP/s1.db"); b=$(dump "$TMP/s2.db"); c=$(dump "$TMP/s3.db")
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "same seed, same force"; else fail "same seed, same force" "$a / $b"; fi
if [ "$a" != "$c" ]; then ok "another seed, another force"; else fail "another seed, another force"; fi
expect_cmp "PROBITY_TODAY bounds the declarations" \
	"$(sqlite3 "$TMP/s1.db" "SELECT COUNT(*) FROM gifts WHERE date_offered >= '2026-03-15'")" -eq 0

finish
