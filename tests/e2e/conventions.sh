#!/bin/sh
# tests/e2e/conventions.sh — GOV.UK conventions on the demo force (issue 14):
# the home page's work cards count what needs the reader, from the one
# notification model, and the count moves when a decision is made; a
# record opened from a filtered register list goes back to that list, and
# a hostile back= is ignored; changes of circumstances, complaint cases and
# intelligence items are checked before they are sent, with nothing stored
# until then, and confirmed with their reference.
. "$(dirname "$0")/../lib.sh"
PW=demo-password-2026
DB=$TMP/conv.db
"$BIN" --db "$DB" demo >"$TMP/demo.out" 2>&1 || { fail "demo" "$(tail -5 "$TMP/demo.out")"; finish; exit 1; }
start_server "$DB"
for u in staff manager psd acu vetting equality; do
	expect "$u login" 303 "$(login $u)"
done
count_text() { grep -o '<strong class="probity-count">[0-9]*</strong> [^<]*' "$TMP/body" | sed 's/<[^>]*>//g' | head -1; }

# --- 1. counts on the home page's work cards
MGR=$(q "SELECT person_id FROM accounts WHERE username = 'manager'")
N=$(q "SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id = $MGR AND g.person_id <> $MGR")
expect "manager's home" 200 "$(get manager /)"
[ "$N" -gt 1 ] && ok "the demo manager has gifts to decide ($N)" || fail "the demo manager has gifts to decide" "$N"
expect "the card counts the gifts awaiting the manager" "$N gifts awaiting your decision" "$(count_text)"
head=$(grep -o '[0-9]* things\? need you' "$TMP/body" | head -1)
[ -n "$head" ] && ok "the header's count is there too" || fail "the header's count is there too"
GID=$(q "SELECT g.id FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id = $MGR AND g.person_id <> $MGR AND g.value_pence < 5000 ORDER BY g.id LIMIT 1")
[ -z "$GID" ] && GID=$(q "SELECT g.id FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager' AND p.manager_id = $MGR AND g.person_id <> $MGR ORDER BY g.id LIMIT 1")
T=$(csrf manager "/gifts/$GID")
expect "the manager decides one" 303 "$(post manager "/gifts/$GID/decision" --data-urlencode "csrf=$T" -d decision=approved --data-urlencode "comment=Fine")"
get manager / >/dev/null
M=$((N - 1))
if [ "$M" = 1 ]; then want="1 gift awaiting your decision"; else want="$M gifts awaiting your decision"; fi
expect "the count falls by one after the decision" "$want" "$(count_text)"
expect "staff home" 200 "$(get staff /)"
check_lacks "nothing awaiting a member of staff's decision: no gift count" "$TMP/body" "awaiting your decision"
expect "equality home (nothing needs them)" 200 "$(get equality /)"
check_lacks "an account with nothing to do shows no count" "$TMP/body" 'class="probity-count"'
expect "acu home" 200 "$(get acu /)"
A=$(grep -o '<strong class="probity-count">[0-9]*</strong> alerts\? to triage' "$TMP/body" | head -1)
[ -n "$A" ] && ok "the ACU's alerts card counts alerts to triage" || fail "the ACU's alerts card counts alerts to triage"
