#!/bin/sh
# bench/notify.sh — notifications at scale (issue 22).
#
# 1. Compute: every person's notifications for a force of 35,000 (target
#    under 1 s). The demo force (3,533 people) is copied ten times over
#    with its records (gifts, business interests, associations, clearances,
#    vetting tasks, AIR returns, circumstances), so the proportions are the
#    demo's. Ours: `probity notify run --no-send`'s "computed" line (every
#    source statement, the role and line-manager expansion, the counts per
#    person). Baseline, in the same run on the same database: sqlite3 doing
#    only the open-record scans behind the sources (one COUNT per source),
#    which is the least any approach computed from the records must do.
# 2. Send: 10,000 digests to a local SMTP server (python3-aiosmtpd, as in
#    the tests) through `probity notify run` (target at least 200 per
#    second). Baseline: Python's smtplib sending the same 10,000 messages
#    to the same server over one connection.
# Ratios are ours / baseline (lower is better for time).
#
# Usage: sh bench/notify.sh   (from the repository root, after make)
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PROBITY_BIN:-$ROOT/probity}
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
W=$(mktemp -d /tmp/probity-bench-notify.XXXXXX)
SINK=
trap '[ -z "$SINK" ] || kill $SINK 2>/dev/null; rm -rf "$W"' EXIT
DB=$W/bench.db

"$BIN" --db "$DB" demo >/dev/null
N=$(sqlite3 "$DB" "select max(id) from people")
{
	echo "BEGIN;"
	for k in 1 2 3 4 5 6 7 8 9; do
		o=$((k * 1000000))
		cat <<SQL
CREATE TEMP TABLE tp AS SELECT * FROM people WHERE id <= $N;
UPDATE tp SET id = id + $o, staff_number = 'C$k-' || staff_number, manager_id = manager_id + $o,
  email = 'c$k-' || email, person_ref = person_ref || '-$k';
INSERT INTO people SELECT * FROM tp; DROP TABLE tp;
CREATE TEMP TABLE tg AS SELECT * FROM gifts WHERE person_id <= $N;
UPDATE tg SET id = id + $o, person_id = person_id + $o, manager_id = manager_id + $o, submit_key = NULL, import_key = NULL, psd_account_id = NULL, created_by = NULL;
INSERT INTO gifts SELECT * FROM tg; DROP TABLE tg;
CREATE TEMP TABLE tb AS SELECT * FROM business_interests WHERE person_id <= $N;
UPDATE tb SET id = id + $o, person_id = person_id + $o, manager_id = manager_id + $o, submit_key = NULL, import_key = NULL;
INSERT INTO business_interests SELECT * FROM tb; DROP TABLE tb;
CREATE TEMP TABLE ta AS SELECT * FROM notifiable_associations WHERE person_id <= $N;
UPDATE ta SET id = id + $o, person_id = person_id + $o, submit_key = NULL;
INSERT INTO notifiable_associations SELECT * FROM ta; DROP TABLE ta;
CREATE TEMP TABLE tc AS SELECT * FROM clearances WHERE person_id <= $N;
UPDATE tc SET id = id + $o, person_id = person_id + $o;
INSERT INTO clearances SELECT * FROM tc; DROP TABLE tc;
CREATE TEMP TABLE tt AS SELECT * FROM vetting_tasks WHERE person_id <= $N;
UPDATE tt SET id = id + $o, person_id = person_id + $o;
INSERT INTO vetting_tasks SELECT * FROM tt; DROP TABLE tt;
CREATE TEMP TABLE tr AS SELECT * FROM air_returns WHERE person_id <= $N;
UPDATE tr SET id = id + $o, person_id = person_id + $o, manager_person = manager_person + $o;
INSERT INTO air_returns SELECT * FROM tr; DROP TABLE tr;
SQL
	done
	echo "COMMIT;"
} | sqlite3 "$DB"
PEOPLE=$(sqlite3 "$DB" "select count(*) from people")
echo "force: $PEOPLE people, $(sqlite3 "$DB" "select count(*) from gifts") gifts, $(sqlite3 "$DB" "select count(*) from air_returns") AIR returns, $(sqlite3 "$DB" "select count(*) from clearances") clearances"

best() { sort -n | head -1; }
ours=$(for i in 1 2 3; do "$BIN" --db "$DB" notify run --no-send | sed -n 's/^computed .*(\([0-9.]*\) s)$/\1/p'; done | best)
"$BIN" --db "$DB" notify run --no-send | head -1
H=$(date -u -d "+90 days" +%Y-%m-%d); T=$(date -u +%Y-%m-%d)
base=$(for i in 1 2 3; do
	s=$(date +%s.%N)
	sqlite3 "$DB" >/dev/null <<SQL
SELECT COUNT(*) FROM gifts g JOIN people p ON p.id = g.person_id WHERE g.status = 'awaiting_manager';
SELECT COUNT(*) FROM gifts WHERE status = 'awaiting_psd';
SELECT COUNT(*) FROM business_interests b JOIN people p ON p.id = b.person_id WHERE b.status IN ('applied', 'awaiting_psd') OR b.appeal_status = 'pending';
SELECT COUNT(*) FROM business_interests WHERE status IN ('approved', 'approved_with_conditions') AND review_date <> '' AND review_date <= '$H';
SELECT COUNT(*) FROM notifiable_associations WHERE status = 'declared' OR (status = 'assessed' AND review_date <> '' AND review_date <= '$H');
SELECT COUNT(*) FROM vetting_tasks WHERE status = 'open';
SELECT COUNT(*) FROM clearances WHERE status = 'active' AND expiry <> '' AND expiry <= '$H';
SELECT COUNT(*) FROM air_returns r JOIN air_waves w ON w.id = r.wave_id WHERE r.status IN ('pending', 'submitted') AND w.opens_on <= '$T';
SELECT COUNT(*) FROM findings WHERE status IN ('open', 'in_progress', 'signed_off', 'non_compliant');
SELECT COUNT(*) FROM review_questions WHERE response = '';
SELECT COUNT(*) FROM audit_alerts WHERE status = 'new';
SELECT COUNT(*) FROM audit_decisions WHERE state = 'pending';
SELECT COUNT(*) FROM intel_items WHERE status = 'awaiting_review';
SELECT COUNT(*) FROM intel_interventions WHERE end_date = '' AND due_date <> '' AND due_date <= '$H';
SELECT p.id, COUNT(*) FROM people p LEFT JOIN accounts a ON a.person_id = p.id GROUP BY p.id;
SQL
	e=$(date +%s.%N); echo "$e - $s" | bc
done | best)
echo "compute, $PEOPLE people: ours ${ours} s, baseline (sqlite3 scans only) ${base} s, ratio $(echo "scale=2; $ours / $base" | bc) (target: under 1 s)"

# ---- sending 10,000 digests ----
# The force's own digests for today (queued above by --no-send), topped up
# with copies to make 10,000 queued messages.
mkdir -p "$W/mail"
"$PY" "$ROOT/tests/e2e/smtp_sink.py" "$W/mail" 2>"$W/sink.log" &
SINK=$!
for _ in $(seq 1 100); do [ -s "$W/mail/port" ] && break; sleep 0.1; done
PORT=$(cat "$W/mail/port")
Q=$(sqlite3 "$DB" "select count(*) from notify_outbox where status = 'queued'")
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000 - $Q)
INSERT INTO notify_outbox(msg_key, rcpt, subject, body, created_at, next_try)
SELECT 'bench:' || i, 'copy' || i || '@northshire-police.example.org', o.subject, o.body, o.created_at, o.next_try
FROM n JOIN (SELECT subject, body, created_at, next_try FROM notify_outbox ORDER BY id LIMIT 1) o ON 1 = 1"
echo "queued: $(sqlite3 "$DB" "select count(*) from notify_outbox where status = 'queued'") messages"
s=$(date +%s.%N)
"$BIN" --db "$DB" notify run --smtp-url "smtp://127.0.0.1:$PORT" --mail-from probity@northshire-police.example.org >"$W/send.out" 2>&1
e=$(date +%s.%N)
cat "$W/send.out"
sent=$(sqlite3 "$DB" "select count(*) from notify_outbox where status = 'sent'")
ours=$(echo "$e - $s" | bc)
sqlite3 "$DB" "select body from notify_outbox order by id limit 1" >"$W/body.txt"
s=$(date +%s.%N)
"$PY" - "$PORT" "$W/body.txt" <<'PY'
import smtplib, sys
body = open(sys.argv[2]).read().replace("\r\n", "\n").replace("\n", "\r\n")
msg = "Subject: Probity: 3 things need you\r\n\r\n" + body
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
for i in range(10000):
    s.sendmail("probity@northshire-police.example.org", ["p%d@northshire-police.example.org" % i], msg)
s.quit()
PY
e=$(date +%s.%N)
base=$(echo "$e - $s" | bc)
echo "send 10,000 digests: sent $sent in ${ours} s ($(echo "10000 / $ours" | bc) per second); baseline (python smtplib, one connection) ${base} s; ratio $(echo "scale=2; $ours / $base" | bc) (target: at least 200 per second)"
