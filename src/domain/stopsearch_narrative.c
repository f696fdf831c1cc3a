/* stopsearch_narrative.c — the force's narrative per area and period (issue
 * 15 §4, the 2017 recommendation: monitor, act, publish the analysis and the
 * action): governance writes the reasons for the disparities and the action
 * taken for an area and a period of months; the report for that exact period
 * shows it, and probity publish puts every narrative of the area beside the
 * published figures. Saving again replaces the text (the access log keeps
 * who changed it and when). */
#include "domain/stopsearch.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int ss_narrative_save(struct store *st, const struct actor *who, const struct ss_query *q, const char *reasons,
                      const char *action, struct errlist *errs, struct err *e)
{
	if (who && !actor_has(who, ROLE_GOVERNANCE)) {
		alog_write(st, who, "create", "stopsearch_narrative", nz(q->area), "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only governance writes the force's narrative");
	}
	struct err qe = { 0 };
	(void)ss_query_check(q, errs, &qe); /* its problems join the text's, all shown at once */
	if (!*nz(reasons))
		errlist_add(errs, "reasons", "Enter the force's explanation of the reasons for the disparities");
	else if (strlen(reasons) > SS_NARRATIVE_MAX)
		errlist_add(errs, "reasons", "The explanation must be %d characters or fewer", SS_NARRATIVE_MAX);
	if (!*nz(action))
		errlist_add(errs, "action", "Enter the action the force has taken");
	else if (strlen(action) > SS_NARRATIVE_MAX)
		errlist_add(errs, "action", "The action must be %d characters or fewer", SS_NARRATIVE_MAX);
	if (errs->n)
		return err_field(e, ERR_INPUT, errs->item[0].field, "%s", errs->item[0].msg);
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO ss_narratives(area, from_month, to_month, reasons, action, written_by, written_at)"
	               " VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?) ON CONFLICT(area, from_month, to_month) DO UPDATE SET"
	               " reasons = excluded.reasons, action = excluded.action, written_by = excluded.written_by,"
	               " written_at = excluded.written_at",
	               "ttttt" "it", q->area, q->from, q->to, reasons, action, who ? who->account_id : 0, now))
		goto fail;
	char detail[64];
	snprintf(detail, sizeof detail, "%s..%s", q->from, q->to);
	if (who && alog_write(st, who, "create", "stopsearch_narrative", q->area, "ok", detail, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int ss_narratives(struct store *st, const struct actor *who, const char *area, const char *from, const char *to,
                  ss_narrative_fn fn, void *ctx, struct err *e)
{
	if (who && !actor_has(who, SS_VIEW_ROLES)) {
		alog_write(st, who, "view", "stopsearch_narrative", nz(area), "refused", "role", NULL);
		err_set(e, ERR_DENIED, "Stop and search analysis is for PSD, governance, scrutiny, the DCC, the PCC and "
		                       "administrators");
		return -1; /* not a count */
	}
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT n.from_month, n.to_month, n.reasons, n.action, COALESCE(a.username, ''), n.written_at"
	                " FROM ss_narratives n LEFT JOIN accounts a ON a.id = n.written_by"
	                " WHERE n.area = ? AND (? = '' OR (n.from_month = ? AND n.to_month = ?))"
	                " ORDER BY n.to_month DESC, n.from_month DESC",
	                "tttt", nz(area), nz(from), nz(from), nz(to)))
		return -1;
	struct ss_narrative n;
	int r, stop = 0, found = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&n, 0, sizeof n);
		snprintf(n.from, sizeof n.from, "%s", stmt_text(s, 0));
		snprintf(n.to, sizeof n.to, "%s", stmt_text(s, 1));
		snprintf(n.reasons, sizeof n.reasons, "%s", stmt_text(s, 2));
		snprintf(n.action, sizeof n.action, "%s", stmt_text(s, 3));
		snprintf(n.written_by, sizeof n.written_by, "%s", stmt_text(s, 4));
		snprintf(n.written_at, sizeof n.written_at, "%s", stmt_text(s, 5));
		found++;
		stop = fn(ctx, &n);
	}
	stmt_done(s);
	if (!stop && r < 0)
		return -1;
	if (who && found && alog_write(st, who, "view", "stopsearch_narrative", nz(area), "ok", nz(from), e))
		return -1;
	return found;
}
