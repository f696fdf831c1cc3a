/* audit_query.c — see audit_query.h: one fixed statement per mode over the
 * two tables of audit events Probity keeps today. */
#include "domain/audit_query.h"
#include "store/store.h"
#include <stdio.h>

/* The events of one user: behind that user's alerts, and R3 days. */
static const char USER_SQL[] =
	"SELECT ts, user, system, action, record_type, record_id, reason FROM ("
	" SELECT ev.ts AS ts, al.user AS user, ev.system AS system, ev.action AS action,"
	"  ev.record_type AS record_type, ev.record_id AS record_id, ev.reason AS reason"
	" FROM audit_alert_events ev JOIN audit_alerts al ON al.id = ev.alert_id"
	" WHERE al.user = ? AND substr(ev.ts, 1, 10) BETWEEN ? AND ?"
	" UNION"
	" SELECT ts, user, system, action, record_type, record_id, reason FROM audit_r3_evidence"
	" WHERE user = ? AND substr(ts, 1, 10) BETWEEN ? AND ?"
	") AS events ORDER BY ts, user";

/* Who touched one record or subject: the event's record id, or the
 * alert's key (the subject for R1, R2, R3, R5), or R3's subject. */
static const char RECORD_SQL[] =
	"SELECT ts, user, system, action, record_type, record_id, reason FROM ("
	" SELECT ev.ts AS ts, al.user AS user, ev.system AS system, ev.action AS action,"
	"  ev.record_type AS record_type, ev.record_id AS record_id, ev.reason AS reason"
	" FROM audit_alert_events ev JOIN audit_alerts al ON al.id = ev.alert_id"
	" WHERE (ev.record_id = ? OR (al.rule IN (1, 2, 3, 5) AND al.key = ?)) AND substr(ev.ts, 1, 10) BETWEEN ? AND ?"
	" UNION"
	" SELECT ts, user, system, action, record_type, record_id, reason FROM audit_r3_evidence"
	" WHERE (subject = ? OR record_id = ?) AND substr(ts, 1, 10) BETWEEN ? AND ?"
	") AS events ORDER BY ts, user";

int audit_query_run(struct store *st, const struct audit_query *q,
                    int (*fn)(void *ctx, const struct audit_query_row *r), void *ctx, long *count, struct err *e)
{
	struct stmt *s = NULL;
	int rc = -1, r;
	*count = 0;
	if (q->mode == AUDIT_Q_USER)
		r = store_query(st, &s, e, USER_SQL, "tttttt", q->target, q->from, q->to, q->target, q->from, q->to);
	else
		r = store_query(st, &s, e, RECORD_SQL, "tttttttt", q->target, q->target, q->from, q->to, q->target,
		                q->target, q->from, q->to);
	if (r)
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		if (fn && (q->limit <= 0 || *count < q->limit)) {
			struct audit_query_row row;
			snprintf(row.ts, sizeof row.ts, "%s", stmt_text(s, 0));
			snprintf(row.user, sizeof row.user, "%s", stmt_text(s, 1));
			snprintf(row.system, sizeof row.system, "%s", stmt_text(s, 2));
			snprintf(row.action, sizeof row.action, "%s", stmt_text(s, 3));
			snprintf(row.record_type, sizeof row.record_type, "%s", stmt_text(s, 4));
			snprintf(row.record_id, sizeof row.record_id, "%s", stmt_text(s, 5));
			snprintf(row.reason, sizeof row.reason, "%s", stmt_text(s, 6));
			if (fn(ctx, &row))
				goto out;
		}
		(*count)++;
	}
	if (r == 0)
		rc = 0;
out:
	stmt_done(s);
	return rc;
}
