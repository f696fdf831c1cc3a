/* audit_quarantine.c — the events a feed sent that could not go through
 * the rules in time order: too late (before the rules' clock), too far in
 * the future (a device with a wrong clock, a 2030 date), or refused by the
 * engine. They wait here with their reason instead of moving the clock, so
 * one bad date never makes every later real event "out of order"; the
 * counter-corruption unit (or the system, from the command line) lists,
 * releases or drops them, every step logged. See docs/audit.md ("Feeds and
 * the watermark"). */
#include "audit/engine.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/config.h"
#include "store/store.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const q_cols =
	"id, feed, why, detail, line, received_at, ts, user, system, device, action, record_type, record_id, "
	"subject, reason";

static int q_allowed(struct store *st, const struct actor *who, const char *action, int64_t id, struct err *e)
{
	if (who && who->account_id == 0)
		return 0;
	return alog_require(st, who, ROLE_ACU, action, "audit_quarantine", id,
	                    "Only the counter-corruption unit can deal with quarantined audit events", e);
}

int audit_merge_status(struct store *st, const struct actor *who, struct audit_merge_status *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (q_allowed(st, who, "view", 0, e) || audit_watermark(st, out->watermark, out->holding, e))
		return -1;
	if (out->watermark[0])
		out->holding[0] = 0;
	if (store_text(st, e, out->clock, sizeof out->clock, "SELECT COALESCE(MAX(last_ts), '') FROM audit_segments",
	               "") < 0 ||
	    store_int(st, e, &out->waiting, "SELECT COUNT(*) FROM audit_pending", "") < 0 ||
	    store_int(st, e, &out->quarantined, "SELECT COUNT(*) FROM audit_quarantine", "") < 0)
		return -1;
	return 0;
}

static void q_row(struct stmt *s, struct audit_quarantine_rec *q)
{
	memset(q, 0, sizeof *q);
	q->id = stmt_int(s, 0);
	snprintf(q->feed, sizeof q->feed, "%s", stmt_text(s, 1));
	snprintf(q->why, sizeof q->why, "%s", stmt_text(s, 2));
	snprintf(q->detail, sizeof q->detail, "%s", stmt_text(s, 3));
	q->line = stmt_int(s, 4);
	snprintf(q->received_at, sizeof q->received_at, "%s", stmt_text(s, 5));
	for (int k = 0; k < EV_NCOLS; k++)
		snprintf(q->f[k], sizeof q->f[k], "%s", stmt_text(s, 6 + k));
}

int audit_quarantine_page(struct store *st, const struct actor *who, long offset, long limit,
                          int (*fn)(void *ctx, const struct audit_quarantine_rec *q), void *ctx, long *total,
                          struct err *e)
{
	if (q_allowed(st, who, "view", 0, e))
		return -1;
	if (limit > 0 ? alog_list(st, who, "audit_quarantine", "all", e, "offset=%ld", offset)
	              : alog_list(st, who, "audit_quarantine", "all", e, "%s", ""))
		return -1;
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM audit_quarantine", "") < 0)
		return -1;
	if (total)
		*total = (long)n;
	char sql[320];
	snprintf(sql, sizeof sql, "SELECT %s FROM audit_quarantine ORDER BY id LIMIT ? OFFSET ?", q_cols);
	struct stmt *s;
	if (store_query(st, &s, e, sql, "ii", limit > 0 ? (int64_t)limit : INT64_MAX, (int64_t)(offset > 0 ? offset : 0)))
		return -1;
	struct audit_quarantine_rec q;
	int x;
	while ((x = stmt_next(s, e)) > 0) {
		q_row(s, &q);
		if (fn(ctx, &q))
			break;
	}
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

int audit_quarantine_list(struct store *st, const struct actor *who,
                          int (*fn)(void *ctx, const struct audit_quarantine_rec *q), void *ctx, struct err *e)
{
	return audit_quarantine_page(st, who, 0, 0, fn, ctx, NULL, e);
}

static int q_load(struct store *st, int64_t id, struct audit_quarantine_rec *q, struct err *e)
{
	char sql[320];
	snprintf(sql, sizeof sql, "SELECT %s FROM audit_quarantine WHERE id = ?", q_cols);
	struct stmt *s;
	if (store_query(st, &s, e, sql, "i", id))
		return -1;
	int x = stmt_next(s, e);
	if (x > 0)
		q_row(s, q);
	stmt_done(s);
	if (x == 0)
		return err_set(e, ERR_NOTFOUND, "no quarantined event %lld", (long long)id);
	return x < 0 ? -1 : 0;
}

int audit_quarantine_get(struct store *st, const struct actor *who, int64_t id, struct audit_quarantine_rec *q,
                         struct err *e)
{
	if (q_allowed(st, who, "view", id, e) || q_load(st, id, q, e))
		return -1;
	return alog_writei(st, who, "view", "audit_quarantine", id, "ok", NULL, e);
}

int audit_quarantine_release(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	struct audit_quarantine_rec q;
	if (q_allowed(st, who, "update", id, e) || q_load(st, id, &q, e))
		return -1;
	int32_t day, sod;
	if (audit_parse_ts(q.f[EV_TS], strlen(q.f[EV_TS]), &day, &sod))
		return err_set(e, ERR_INPUT, "event %lld has no valid time: drop it", (long long)id);
	int64_t t = (int64_t)day * 86400 + sod;
	int64_t tol = config_int(st, "audit.future_tolerance_seconds", 300);
	if (t > time_now_unix() + (tol < 0 ? 0 : tol))
		return err_set(e, ERR_INPUT,
		               "event %lld (%s) is still more than %llds in the future: release it when its time has come, "
		               "or drop it",
		               (long long)id, q.f[EV_TS], (long long)tol);
	/* the rules' clock: the latest event they have taken (the trail holds them in time order) */
	char clock[24] = "";
	if (store_text(st, e, clock, sizeof clock, "SELECT COALESCE(MAX(last_ts), '') FROM audit_segments", "") < 0)
		return -1;
	if (clock[0] && strcmp(q.f[EV_TS], clock) < 0)
		return err_set(e, ERR_INPUT,
		               "event %lld (%s) is before the rules' clock (%s): it can no longer go through them in time "
		               "order; it stays here as the record of it, or drop it",
		               (long long)id, q.f[EV_TS], clock);
	if (store_begin(st, e))
		return -1;
	char d[160];
	snprintf(d, sizeof d, "released feed=%s ts=%s user=%s", q.feed, q.f[EV_TS], q.f[EV_USER]);
	if (store_exec(st, e,
	               "INSERT INTO audit_pending(feed, line, ts, user, system, device, action, record_type, record_id, "
	               "subject, reason) SELECT feed, line, ts, user, system, device, action, record_type, record_id, "
	               "subject, reason FROM audit_quarantine WHERE id = ?",
	               "i", id) ||
	    store_exec(st, e, "DELETE FROM audit_quarantine WHERE id = ?", "i", id) ||
	    alog_writei(st, who, "update", "audit_quarantine", id, "ok", d, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int audit_quarantine_drop(struct store *st, const struct actor *who, int64_t id, const char *reason, struct err *e)
{
	struct audit_quarantine_rec q;
	if (q_allowed(st, who, "delete", id, e))
		return -1;
	if (!reason || !*reason)
		return err_field(e, ERR_INPUT, "reason", "Say why the event is dropped");
	if (q_load(st, id, &q, e))
		return -1;
	char d[1024];
	snprintf(d, sizeof d, "dropped (%s) feed=%s why=%s ts=%s user=%s system=%s action=%s record=%s subject=%s",
	         reason, q.feed, q.why, q.f[EV_TS], q.f[EV_USER], q.f[EV_SYSTEM], q.f[EV_ACTION], q.f[EV_RECORD_ID],
	         q.f[EV_SUBJECT]);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "DELETE FROM audit_quarantine WHERE id = ?", "i", id) ||
	    alog_writei(st, who, "delete", "audit_quarantine", id, "ok", d, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}
