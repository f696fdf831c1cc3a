/* audit_ingest.c — continuous ingest: events through the engine (the same
 * R1-R6 state machine as `probity audit scan`), alerts into the database,
 * the engine's state checkpointed with them.
 *
 * Exactly once: a checkpoint is ONE transaction holding the alerts raised
 * since the previous checkpoint (with the events behind them), the daily
 * counts, the engine's state and the input offset just after the last event
 * fed to the engine. A run killed at any point leaves the database at the
 * last checkpoint; the next run restores that state and reads from that
 * offset, so every event is fed to the engine exactly once as far as the
 * database can tell, and every alert is inserted once (audit_alerts also
 * has UNIQUE (rule, user, key) as a guard). */
#include "audit/mapping.h"
#include "audit/reader.h"
#include "audit/state.h"
#include "audit/trail.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/config.h"
#include "store/store.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int audit_config_load(struct store *st, struct audit_config *c, struct err *e)
{
	audit_config_default(c);
	c->r3_days = (unsigned)config_int(st, "audit.r3_days", c->r3_days);
	c->r3_window = (unsigned)config_int(st, "audit.r3_window_days", c->r3_window);
	c->r4_floor = (unsigned)config_int(st, "audit.r4_floor", c->r4_floor);
	c->r4_factor = (unsigned)config_int(st, "audit.r4_multiplier", c->r4_factor);
	c->r4_min_days = (unsigned)config_int(st, "audit.r4_min_days", c->r4_min_days);
	c->r4_window = (unsigned)config_int(st, "audit.r4_history_days", c->r4_window);
	c->r6_count = (unsigned)config_int(st, "audit.r6_count", c->r6_count);
	struct audit probe;
	if (audit_init(&probe, c, e)) {
		char m[sizeof e->msg];
		snprintf(m, sizeof m, "%s", e->msg);
		return err_set(e, ERR_INPUT, "audit thresholds in the config table are invalid: %s", m);
	}
	audit_release(&probe);
	return 0;
}

/* The thresholds of each rule as text; a change starts a new version. */
static void rule_params(const struct audit_config *c, int rule, char *out, size_t n)
{
	switch (rule) {
	case AUDIT_R3: snprintf(out, n, "days=%u window=%u", c->r3_days, c->r3_window); break;
	case AUDIT_R4:
		snprintf(out, n, "floor=%u multiplier=%u min_days=%u history=%u", c->r4_floor, c->r4_factor,
		         c->r4_min_days, c->r4_window);
		break;
	case AUDIT_R6: snprintf(out, n, "count=%u", c->r6_count); break;
	default: snprintf(out, n, "-"); break;
	}
}

static int rule_versions(struct store *st, const struct audit_config *c, int ver[7], struct err *e)
{
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	for (int r = 1; r <= 6; r++) {
		char want[128], have[128] = "";
		int64_t v = 0;
		rule_params(c, r, want, sizeof want);
		struct stmt *s;
		if (store_query(st, &s, e,
		                "SELECT version, params FROM audit_rule_versions WHERE rule = ? ORDER BY version DESC LIMIT 1",
		                "d", r))
			goto fail;
		int x = stmt_next(s, e);
		if (x > 0) {
			v = stmt_int(s, 0);
			snprintf(have, sizeof have, "%s", stmt_text(s, 1));
		}
		stmt_done(s);
		if (x < 0)
			goto fail;
		if (x == 0 || strcmp(have, want) != 0) {
			v++;
			if (store_exec(st, e, "INSERT INTO audit_rule_versions(rule, version, params, created_at) VALUES (?, ?, ?, ?)",
			               "ditt", r, v, want, now))
				goto fail;
		}
		ver[r] = (int)v;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

typedef int (*ref_add_fn)(struct audit *, const struct slice *, int *, struct err *);

/* Add each row of sql to the engine with add: nf text columns, or with
 * max_id an id column first and then nf text columns, for rows with an id
 * above *max_id (sql takes it as its one parameter), *max_id becoming the
 * highest. */
static int load_rows(struct store *st, struct audit *a, const char *sql, size_t nf, ref_add_fn add, int64_t *max_id,
                     struct err *e)
{
	struct stmt *s;
	if (max_id ? store_query(st, &s, e, sql, "i", *max_id) : store_query(st, &s, e, sql, ""))
		return -1;
	int x, first = max_id ? 1 : 0;
	while ((x = stmt_next(s, e)) > 0) {
		struct slice f[4];
		for (size_t i = 0; i < nf; i++)
			f[i] = slice_cstr(stmt_text(s, first + (int)i));
		int bad = 0;
		if (max_id)
			*max_id = stmt_int(s, 0);
		if (add(a, f, &bad, e)) {
			stmt_done(s);
			return -1;
		}
	}
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

/* The reference data as it is now. Associations: every declared
 * association with a force-system person id, whatever its status (an ended
 * relationship — an ex-partner — is exactly what R1 is for). Loading again
 * into the same engine only adds (the audit_add_* functions ignore what
 * they already hold; assignments are read from *assign_max on). */
static int load_refs(struct store *st, struct audit *a, int64_t *assign_max, struct err *e)
{
	if (load_rows(st, a,
	              "SELECT p.staff_number, p.person_ref, p.surname, COALESCE(u.name, '') FROM people p "
	              "LEFT JOIN units u ON u.id = p.unit_id ORDER BY p.id",
	              4, audit_add_staff, NULL, e) ||
	    load_rows(st, a,
	              "SELECT p.staff_number, na.associate_ref, "
	              "CASE WHEN na.relationship != '' THEN na.relationship ELSE na.category END, na.declared_on "
	              "FROM notifiable_associations na JOIN people p ON p.id = na.person_id "
	              "WHERE na.associate_ref != '' ORDER BY na.id",
	              4, audit_add_association, NULL, e) ||
	    load_rows(st, a, "SELECT subject, flag FROM audit_vulnerable ORDER BY subject", 2, audit_add_vulnerable, NULL,
	              e) ||
	    load_rows(st, a, "SELECT subject, category FROM audit_watchlist ORDER BY subject", 2, audit_add_watch, NULL,
	              e) ||
	    load_rows(st, a,
	              "SELECT id, user, reason, from_date, to_date FROM audit_assignments WHERE id > ? ORDER BY id", 4,
	              audit_add_assignment, assign_max, e))
		return -1;
	return 0;
}

/* A cheap fingerprint of the reference data: when it changes during a run,
 * the new rows are loaded at the next checkpoint (additions only). */
static int refs_signature(struct store *st, int64_t sig[5], struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT (SELECT COUNT(*) FROM notifiable_associations WHERE associate_ref != ''), "
	                "(SELECT COUNT(*) FROM audit_vulnerable), (SELECT COUNT(*) FROM audit_watchlist), "
	                "(SELECT COALESCE(MAX(id), 0) FROM audit_assignments), "
	                "(SELECT COUNT(*) FROM people WHERE person_ref != '')",
	                ""))
		return -1;
	int x = stmt_next(s, e);
	for (int i = 0; i < 5; i++)
		sig[i] = x > 0 ? stmt_int(s, i) : 0;
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

/* The fields of the event that raised an alert, kept until the checkpoint. */
struct captured {
	uint32_t alert;          /* index in a->alerts; UINT32_MAX: one of R3's days */
	int64_t line;
	uint32_t off[EV_NCOLS];  /* offsets into cap_text */
};

struct ingest {
	struct store *st;
	struct audit a;
	int ver[7];
	uint32_t flushed;        /* alerts [0, flushed) are in the database */
	struct captured *cap;
	size_t ncap, cap_cap;
	struct buf cap_text;
	/* events per user and day since the last checkpoint */
	int32_t *dday;
	uint32_t *dcount;
	uint32_t dn;
	struct { uint32_t user; int32_t day; uint32_t count; } *dpend;
	size_t npend, pend_cap;
	const char *source;      /* audit_sources name, or NULL */
	uint64_t offset, src_events;
	long line;
	uint64_t alerts_new;
	int64_t state_events;    /* audit_state.events as loaded / last written; -1: no row */
	int64_t assign_max;      /* the last audit_assignments id loaded */
	int64_t refsig[5];       /* refs_signature when last loaded */
	struct buf blob;
	struct audit_trail_writer *trail;   /* the events since the last checkpoint, for the store */
	const char *feed;                   /* the declared feed, or NULL */
	/* merging feeds: the waiting events fed since the last checkpoint are
	 * those up to (drain_ts, drain_id) in (ts, id) order; rej the ids of
	 * those the engine refused (to the quarantine, with their message) */
	char drain_ts[21];
	int64_t drain_id;
	struct { int64_t id; char msg[200]; } *rej;
	size_t nrej, rej_cap;
};

static int ing_nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, "out of memory");
}

/* Keep the fields of an event for alert index i (UINT32_MAX: an R3 day). */
static int capture_one(struct ingest *g, uint32_t i, const struct slice f[EV_NCOLS], int64_t line, struct err *e)
{
	if (g->ncap == g->cap_cap) {
		size_t c = g->cap_cap ? g->cap_cap * 2 : 64;
		g->cap = xrealloc(g->cap, c * sizeof *g->cap);
		g->cap_cap = c;
	}
	struct captured *c = &g->cap[g->ncap++];
	c->alert = i;
	c->line = line;
	for (int k = 0; k < EV_NCOLS; k++) {
		c->off[k] = (uint32_t)g->cap_text.n;
		if (buf_add(&g->cap_text, f[k].p, f[k].n) || buf_addc(&g->cap_text, 0))
			return ing_nomem(e);
	}
	return 0;
}

static int capture(struct ingest *g, uint32_t from, const struct slice f[EV_NCOLS], int64_t line, struct err *e)
{
	for (uint32_t i = from; i < g->a.nalerts; i++)
		if (capture_one(g, i, f, line, e))
			return -1;
	return 0;
}

static const struct captured *captured_of(const struct ingest *g, uint32_t alert)
{
	for (size_t i = 0; i < g->ncap; i++)
		if (g->cap[i].alert == alert)
			return &g->cap[i];
	return NULL;
}

/* Count one event of uid on day a.day. */
static void daily(struct ingest *g, uint32_t uid)
{
	if (uid >= g->dn) {
		uint32_t n = g->dn ? g->dn : 1024;
		while (n <= uid)
			n *= 2;
		g->dday = xrealloc(g->dday, n * sizeof *g->dday);
		g->dcount = xrealloc(g->dcount, n * sizeof *g->dcount);
		for (uint32_t i = g->dn; i < n; i++) {
			g->dday[i] = INT32_MIN;
			g->dcount[i] = 0;
		}
		g->dn = n;
	}
	if (g->dday[uid] != g->a.day) {
		if (g->dcount[uid]) {
			if (g->npend == g->pend_cap) {
				size_t c = g->pend_cap ? g->pend_cap * 2 : 1024;
				g->dpend = xrealloc(g->dpend, c * sizeof *g->dpend);
				g->pend_cap = c;
			}
			g->dpend[g->npend].user = uid;
			g->dpend[g->npend].day = g->dday[uid];
			g->dpend[g->npend].count = g->dcount[uid];
			g->npend++;
		}
		g->dday[uid] = g->a.day;
		g->dcount[uid] = 0;
	}
	g->dcount[uid]++;
}

static int daily_flush_one(struct ingest *g, uint32_t uid, int32_t day, uint32_t count, struct err *e)
{
	size_t un;
	const char *us = intern_str(&g->a.users, uid, &un);
	char user[RDR_FIELD_MAX + 1], d[11];
	memcpy(user, us, un);
	user[un] = 0;
	date_format(day, d);
	return store_exec(g->st, e,
	                  "INSERT INTO audit_daily(user, day, events) VALUES (?, ?, ?) "
	                  "ON CONFLICT(user, day) DO UPDATE SET events = audit_daily.events + excluded.events",
	                  "tti", user, d, (int64_t)count);
}

static const char *alert_key_text(const struct audit *a, const struct audit_alert *x, char *out, size_t n)
{
	size_t kn;
	const char *k;
	if (x->rule == AUDIT_R4 || x->rule == AUDIT_R6) {
		kn = x->rule == AUDIT_R4 ? 10 : 13;
		k = x->ts;
	} else {
		k = intern_str(&a->subjects, x->key, &kn);
	}
	if (kn >= n)
		kn = n - 1;
	memcpy(out, k, kn);
	out[kn] = 0;
	return out;
}

/* The count so far of an R4/R6 alert (its day/hour may still be open). */
static uint32_t alert_count(const struct audit *a, uint32_t i)
{
	const struct audit_alert *x = &a->alerts[i];
	if (audit_alert_open(a, i))
		return x->rule == AUDIT_R4 ? a->u[x->user].r4_count : a->u[x->user].r6_count;
	return x->count;
}

static const char *covered_text(int rule, const char *detail)
{
	if (rule == AUDIT_R4 || rule == AUDIT_R6)
		return "not relevant (volume rule)";
	if (strstr(detail, "no reason given"))
		return "no: no reason given";
	if (strstr(detail, "has no assignment"))
		return "no: no assignment to that occurrence";
	if (strstr(detail, "do not cover"))
		return "no: assignment does not cover that day";
	return "no";
}

struct xrow {
	int64_t line;
	char ts[24];
	char *detail;
};

/* The engine's explanation rows for alert i (its count as it is now). */
static int explain_rows(struct ingest *g, uint32_t i, struct xrow rows[AUDIT_R3_MAX + 1], int *nrows, struct err *e)
{
	struct audit *a = &g->a;
	struct audit_alert one = a->alerts[i];
	one.count = alert_count(a, i);
	struct audit view = *a;
	view.alerts = &one;
	view.nalerts = 1;
	char *text = NULL;
	size_t tn = 0;
	*nrows = 0;
	FILE *mf = open_memstream(&text, &tn);
	if (!mf)
		return ing_nomem(e);
	audit_write_explain(&view, mf);
	fclose(mf);
	struct csv cv;
	int rc = -1;
	if (csv_open_mem(&cv, "explain", text, tn, e))
		goto out;
	/* header, then rows: rule,name,user,key,first_ts,line,ts,detail */
	if (csv_next(&cv, e) == 1) {
		while (*nrows < AUDIT_R3_MAX + 1 && csv_next(&cv, e) == 1 && cv.nf == 8) {
			struct xrow *r = &rows[*nrows];
			r->line = strtoll(csv_field(&cv, 5), NULL, 10);
			snprintf(r->ts, sizeof r->ts, "%s", csv_field(&cv, 6));
			r->detail = xstrdup(csv_field(&cv, 7));
			(*nrows)++;
		}
		rc = 0;
	}
	csv_close(&cv);
out:
	free(text);
	return rc;
}

static void xrows_free(struct xrow *rows, int n)
{
	for (int k = 0; k < n; k++)
		free(rows[k].detail);
}

/* Insert alert i and the events behind it (the engine's explanation). */
static int insert_alert(struct ingest *g, uint32_t i, const char *now, struct err *e)
{
	struct audit *a = &g->a;
	const struct audit_alert *x = &a->alerts[i];
	char key[RDR_FIELD_MAX + 1], user[RDR_FIELD_MAX + 1];
	size_t un;
	const char *us = intern_str(&a->users, x->user, &un);
	memcpy(user, us, un);
	user[un] = 0;
	alert_key_text(a, x, key, sizeof key);
	const struct captured *c = captured_of(g, i);
	const char *ct = g->cap_text.p;
	char first_ts[21];
	memcpy(first_ts, x->ts, 20);
	first_ts[20] = 0;
	struct xrow rows[AUDIT_R3_MAX + 1];
	int nrows = 0, rc = -1;
	if (explain_rows(g, i, rows, &nrows, e))
		return -1;
	const char *detail = nrows ? rows[nrows - 1].detail : "";
	if (store_exec(g->st, e,
	               "INSERT INTO audit_alerts(rule, user, key, first_ts, rule_version, system, device, count, detail, "
	               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "dtttdttitt", (int)x->rule, user, key, first_ts, g->ver[x->rule],
	               c ? ct + c->off[EV_SYSTEM] : "", c ? ct + c->off[EV_DEVICE] : "", (int64_t)alert_count(a, i),
	               detail, now))
		goto out;
	int64_t id = store_last_id(g->st);
	for (int k = 0; k < nrows; k++) {
		const char *d = rows[k].detail;
		int last = k == nrows - 1 && c;
		if (!last && x->rule == AUDIT_R3) {   /* an earlier day: its event was kept */
			struct stmt *s;
			if (store_query(g->st, &s, e,
			                "SELECT system, device, action, record_type, record_id, reason FROM audit_r3_evidence "
			                "WHERE user = ? AND subject = ? AND line = ? AND ts = ? LIMIT 1",
			                "ttit", user, key, rows[k].line, rows[k].ts))
				goto out;
			int y = stmt_next(s, e);
			if (y > 0) {
				const char *reason = stmt_text(s, 5);
				y = store_exec(g->st, e,
				               "INSERT INTO audit_alert_events(alert_id, ts, line, system, device, action, "
				               "record_type, record_id, reason, covered, detail) "
				               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				               "ititttttttt", id, rows[k].ts, rows[k].line, stmt_text(s, 0), stmt_text(s, 1),
				               stmt_text(s, 2), stmt_text(s, 3), stmt_text(s, 4), reason,
				               *reason ? "no: no assignment covers it that day" : "no: no reason given", d)
				            ? -1 : 1;
			}
			stmt_done(s);
			if (y < 0)
				goto out;
			if (y > 0)
				continue;
		}
		if (store_exec(g->st, e,
		               "INSERT INTO audit_alert_events(alert_id, ts, line, system, device, action, record_type, "
		               "record_id, reason, covered, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		               "ititttttttt", id, last ? ct + c->off[EV_TS] : rows[k].ts, rows[k].line,
		               last ? ct + c->off[EV_SYSTEM] : "", last ? ct + c->off[EV_DEVICE] : "",
		               last ? ct + c->off[EV_ACTION] : "", last ? ct + c->off[EV_RECORD_TYPE] : "",
		               last ? ct + c->off[EV_RECORD_ID] : "", last ? ct + c->off[EV_REASON] : "",
		               covered_text(x->rule, d), d))
			goto out;
	}
	rc = 0;
out:
	xrows_free(rows, nrows);
	return rc;
}

/* An R4/R6 alert stored at an earlier checkpoint: its day's or hour's
 * count (and so its explanation) grew since. */
static int update_alert(struct ingest *g, uint32_t i, struct err *e)
{
	struct audit *a = &g->a;
	const struct audit_alert *x = &a->alerts[i];
	char key[32], user[RDR_FIELD_MAX + 1];
	size_t un;
	const char *us = intern_str(&a->users, x->user, &un);
	memcpy(user, us, un);
	user[un] = 0;
	alert_key_text(a, x, key, sizeof key);
	struct xrow rows[AUDIT_R3_MAX + 1];
	int nrows = 0, rc = -1;
	if (explain_rows(g, i, rows, &nrows, e))
		return -1;
	const char *detail = nrows ? rows[nrows - 1].detail : "";
	if (store_exec(g->st, e, "UPDATE audit_alerts SET count = ?, detail = ? WHERE rule = ? AND user = ? AND key = ?",
	               "itdtt", (int64_t)alert_count(a, i), detail, (int)x->rule, user, key) ||
	    store_exec(g->st, e,
	               "UPDATE audit_alert_events SET detail = ? WHERE alert_id = "
	               "(SELECT id FROM audit_alerts WHERE rule = ? AND user = ? AND key = ?)",
	               "tdtt", detail, (int)x->rule, user, key))
		goto out;
	rc = 0;
out:
	xrows_free(rows, nrows);
	return rc;
}

static int checkpoint(struct ingest *g, struct err *e)
{
	struct audit *a = &g->a;
	struct store *st = g->st;
	char now[21];
	time_now_iso(now);
	/* the events since the last checkpoint are packed meanwhile */
	if (audit_trail_seal(g->trail, e) || store_begin(st, e))
		return -1;
	/* one ingest at a time: another run that checkpointed since this one
	 * loaded the state would be overwritten (optimistic check) */
	int64_t cur = -1;
	if (store_int(st, e, &cur, "SELECT events FROM audit_state WHERE id = 1", "") < 0)
		goto fail;
	if (cur != g->state_events) {
		err_set(e, ERR_CONFLICT, "another audit ingest changed the engine's state while this one ran; "
		                         "nothing since this run's last checkpoint was kept: run it again");
		goto fail;
	}
	/* R3's days seen since the last checkpoint, before the alerts that may use them */
	const char *ct = g->cap_text.p;
	for (size_t i = 0; i < g->ncap; i++) {
		const uint32_t *o = g->cap[i].off;
		if (g->cap[i].alert == UINT32_MAX &&
		    store_exec(st, e,
		               "INSERT INTO audit_r3_evidence(user, subject, ts, line, system, device, action, record_type, "
		               "record_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		               "tttittttt" "t", ct + o[EV_USER], ct + o[EV_SUBJECT], ct + o[EV_TS],
		               (int64_t)g->cap[i].line, ct + o[EV_SYSTEM], ct + o[EV_DEVICE], ct + o[EV_ACTION],
		               ct + o[EV_RECORD_TYPE], ct + o[EV_RECORD_ID], ct + o[EV_REASON]))
			goto fail;
	}
	for (uint32_t i = 0; i < a->nalerts; i++) {
		if (i < g->flushed) {        /* open at the last checkpoint: its count grew */
			if (update_alert(g, i, e))
				goto fail;
		} else if (insert_alert(g, i, now, e)) {
			goto fail;
		}
	}
	for (size_t i = 0; i < g->npend; i++)
		if (daily_flush_one(g, g->dpend[i].user, g->dpend[i].day, g->dpend[i].count, e))
			goto fail;
	for (uint32_t u = 0; u < g->dn; u++)
		if (g->dcount[u] && daily_flush_one(g, u, g->dday[u], g->dcount[u], e))
			goto fail;
	if (a->day != INT32_MIN) {    /* days that can no longer count towards R3 */
		char cutoff[11];
		date_format(a->day - (int32_t)a->cfg.r3_window, cutoff);
		if (store_exec(st, e, "DELETE FROM audit_r3_evidence WHERE ts < ?", "t", cutoff))
			goto fail;
	}
	uint64_t new_alerts = a->nalerts - g->flushed;
	audit_state_compact(a);
	buf_reset(&g->blob);
	if (audit_state_save(a, &g->blob))
		goto nomem;
	if (store_exec(st, e,
	               "INSERT INTO audit_state(id, state, events, updated_at) VALUES (1, ?, ?, ?) "
	               "ON CONFLICT(id) DO UPDATE SET state = excluded.state, events = excluded.events, "
	               "updated_at = excluded.updated_at",
	               "bit", g->blob.p, g->blob.n, (int64_t)a->events, now))
		goto fail;
	if (audit_trail_write(g->trail, st, g->feed ? g->feed : g->source ? g->source : "stream", now, e))
		goto fail;
	if (g->drain_ts[0]) {        /* the waiting events just fed leave the queue in this transaction */
		for (size_t i = 0; i < g->nrej; i++)
			if (store_exec(st, e,
			               "INSERT INTO audit_quarantine(feed, why, detail, line, ts, user, system, device, action, "
			               "record_type, record_id, subject, reason, received_at) SELECT feed, 'rejected', ?, line, "
			               "ts, user, system, device, action, record_type, record_id, subject, reason, ? "
			               "FROM audit_pending WHERE id = ?",
			               "tti", g->rej[i].msg, now, g->rej[i].id))
				goto fail;
		if (store_exec(st, e, "DELETE FROM audit_pending WHERE ts < ? OR (ts = ? AND id <= ?)", "tti", g->drain_ts,
		               g->drain_ts, g->drain_id))
			goto fail;
	}
	if (g->source &&
	    store_exec(st, e,
	               "INSERT INTO audit_sources(name, offset, line, events, updated_at) VALUES (?, ?, ?, ?, ?) "
	               "ON CONFLICT(name) DO UPDATE SET offset = excluded.offset, line = excluded.line, "
	               "events = excluded.events, updated_at = excluded.updated_at",
	               "tiiit", g->source, (int64_t)g->offset, (int64_t)g->line, (int64_t)g->src_events, now))
		goto fail;
	if (store_commit(st, e))
		goto fail;
	audit_trail_written(g->trail);
	g->flushed = a->nalerts;
	g->state_events = (int64_t)a->events;
	g->alerts_new += new_alerts;
	g->ncap = 0;
	buf_reset(&g->cap_text);
	g->npend = 0;
	g->drain_ts[0] = 0;
	g->nrej = 0;
	for (uint32_t u = 0; u < g->dn; u++)
		g->dcount[u] = 0;
	/* reference data added since it was loaded counts from now on */
	int64_t sig[5];
	if (refs_signature(st, sig, e))
		return -1;
	if (memcmp(sig, g->refsig, sizeof sig) != 0) {
		if (load_refs(st, a, &g->assign_max, e))
			return -1;
		memcpy(g->refsig, sig, sizeof sig);
	}
	return 0;
nomem:
	ing_nomem(e);
fail:
	store_rollback(st);
	return -1;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Set up g: config, rule versions, reference data, the saved state. */
static int ingest_open(struct ingest *g, struct store *st, struct err *e)
{
	memset(g, 0, sizeof *g);
	g->st = st;
	buf_init(&g->cap_text, 0);
	buf_init(&g->blob, 0);
	g->trail = audit_trail_writer_new();
	struct audit_config cfg;
	if (audit_config_load(st, &cfg, e))
		return -1;
	cfg.explain = 1;
	if (audit_init(&g->a, &cfg, e) || rule_versions(st, &cfg, g->ver, e) || refs_signature(st, g->refsig, e) ||
	    load_refs(st, &g->a, &g->assign_max, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT state FROM audit_state WHERE id = 1", ""))
		return -1;
	int x = stmt_next(s, e);
	g->state_events = -1;
	if (x > 0) {
		size_t n;
		const void *p = stmt_blob(s, 0, &n);
		x = audit_state_load(&g->a, p, n, e) ? -1 : 1;
		if (x > 0)
			g->state_events = (int64_t)g->a.events;
	}
	stmt_done(s);
	if (x < 0)
		return -1;
	g->flushed = g->a.nalerts;
	return 0;
}

static void ingest_close(struct ingest *g)
{
	audit_release(&g->a);
	free(g->cap);
	free(g->dday);
	free(g->dcount);
	free(g->dpend);
	free(g->rej);
	buf_release(&g->cap_text);
	buf_release(&g->blob);
	audit_trail_writer_free(g->trail);
}

/* Feed one event; 0, ERR_INPUT (bad event, state unchanged) or -1. */
static int feed(struct ingest *g, const struct slice f[EV_NCOLS], int64_t line, int *bad, struct err *e)
{
	uint32_t before = g->a.nalerts;
	int y = audit_event(&g->a, f, line, bad, e);
	if (y)
		return y;
	if (audit_trail_add(g->trail, f, e))
		return -1;
	int64_t uid = g->a.ev_uid, sid = g->a.ev_sid;   /* the engine's own look-ups */
	if (uid >= 0)
		daily(g, (uint32_t)uid);
	if (g->a.nalerts != before && capture(g, before, f, line, e))
		return -1;
	/* an access the engine kept as one of R3's days: keep the event too */
	if (f[EV_SUBJECT].n && uid >= 0) {
		if (sid >= 0 && (g->a.s[sid].flags & SUBJ_VULN)) {
			const uint32_t *pi = map64_get(&g->a.pair_of, ((uint64_t)uid << 32) | (uint32_t)sid);
			const struct audit_pair *p = pi ? &g->a.pairs[*pi] : NULL;
			if (p && p->r3n && p->r3[p->r3n - 1].line == line && p->r3[p->r3n - 1].day == g->a.day) {
				if (capture_one(g, UINT32_MAX, f, line, e))
					return -1;
			}
		}
	}
	return 0;
}

/* The event loop over an opened reader positioned at the first event. */
static int ingest_run(struct ingest *g, struct rdr *r, const struct audit_ingest_opts *o, int hold_back,
                      struct audit_ingest_result *res, uint64_t *nout, struct err *e)
{
	uint64_t ck_events = o->checkpoint_events ? o->checkpoint_events : 1000000;
	double ck_secs = o->checkpoint_seconds > 0 ? o->checkpoint_seconds : 1.0;
	double last_ck = now_s();
	uint64_t since = 0, n = 0;
	struct slice f[EV_NCOLS];
	int rc = -1;
	for (;;) {
		int x = rdr_next(r, f, EV_NCOLS, e);
		if (x == RDR_EOF)
			break;
		if (x == RDR_FATAL)
			goto out;
		if ((x == RDR_OK || x == RDR_BAD) && hold_back && (r->rec_n == 0 || r->rec[r->rec_n - 1] != '\n') &&
		    rdr_offset(r) >= r->size) {
			/* the last line has no line end yet: it may still be being
			 * written; leave it for the next run, whatever its length
			 * (a short half-written line reads as bad: it is not) */
			res->held_back = r->rec_n;
			break;
		}
		int bad = 0, y = x == RDR_OK ? feed(g, f, r->rec_line, &bad, e) : ERR_INPUT;
		if (y == ERR_INPUT) {
			if (x == RDR_OK) {
				char m[sizeof e->msg];
				snprintf(m, sizeof m, "%s", e->msg);
				err_set(e, ERR_INPUT, "%s:%ld:%ld: %s", r->name, r->rec_line, rdr_field_col(r, (size_t)bad), m);
			}
			if (!o->skip_bad) {
				struct err e2 = { 0 };
				if (checkpoint(g, &e2) == 0)
					res->checkpoints++;
				goto out;
			}
			if (res->rejected++ < 10 && o->log)
				fprintf(o->log, "probity: rejected %s\n", e->msg);
		} else if (y) {
			goto out;
		}
		g->offset = rdr_offset(r);
		g->line = r->line;
		if (y == 0) {
			n++;
			g->src_events++;
		}
		if (o->throttle && n % o->throttle == 0) {
			struct timespec ts = { 0, 1000000 };
			nanosleep(&ts, NULL);
		}
		if (++since >= ck_events || ((since & 4095) == 0 && now_s() - last_ck >= ck_secs)) {
			if (checkpoint(g, e))
				goto out;
			res->checkpoints++;
			since = 0;
			last_ck = now_s();
			if (o->log && !o->quiet)
				fprintf(o->log, "audit ingest: %llu events, %llu alerts\n", (unsigned long long)n,
				        (unsigned long long)g->alerts_new);
		}
	}
	if (checkpoint(g, e))
		goto out;
	res->checkpoints++;
	rc = 0;
out:
	*nout = n;
	return rc;
}

/* ---- feeds merged by a watermark ---- */

int audit_watermark(struct store *st, char wm[21], char holding[64], struct err *e)
{
	wm[0] = 0;
	holding[0] = 0;
	struct stmt *s;
	/* "" (nothing sent yet) sorts first: a silent feed holds the watermark back */
	if (store_query(st, &s, e, "SELECT name, latest_ts FROM audit_feeds ORDER BY latest_ts, name LIMIT 1", ""))
		return -1;
	int x = stmt_next(s, e);
	if (x > 0) {
		snprintf(holding, 64, "%s", stmt_text(s, 0));
		snprintf(wm, 21, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

/* One arrival transaction ends: the events stored, the input offset and
 * the feed's latest time and delivery move together. */
static int arrive_commit(struct ingest *g, const char *latest, uint64_t nev, int *open, struct err *e)
{
	struct store *st = g->st;
	char now[21];
	time_now_iso(now);
	if (!*open && store_begin(st, e))
		return -1;
	*open = 0;
	if (g->source &&
	    store_exec(st, e,
	               "INSERT INTO audit_sources(name, offset, line, events, updated_at) VALUES (?, ?, ?, ?, ?) "
	               "ON CONFLICT(name) DO UPDATE SET offset = excluded.offset, line = excluded.line, "
	               "events = excluded.events, updated_at = excluded.updated_at",
	               "tiiit", g->source, (int64_t)g->offset, (int64_t)g->line, (int64_t)g->src_events, now))
		goto fail;
	if (nev && store_exec(st, e,
	                      "UPDATE audit_feeds SET latest_ts = CASE WHEN latest_ts < ? THEN ? ELSE latest_ts END, "
	                      "last_delivery = ?, events = events + ? WHERE name = ?",
	                      "tttit", latest, latest, now, (int64_t)nev, g->feed))
		goto fail;
	if (store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

/* --until: the delivery is complete up to ts (a daily export covers its whole day). */
static int until_commit(struct ingest *g, const char *ts, struct err *e)
{
	return store_exec(g->st, e,
	                  "UPDATE audit_feeds SET latest_ts = CASE WHEN latest_ts < ? THEN ? ELSE latest_ts END "
	                  "WHERE name = ?",
	                  "ttt", ts, ts, g->feed);
}

static const char *const ev_cols_sql =
	"ts, user, system, device, action, record_type, record_id, subject, reason";

/* What one arrival run needs for each event. */
struct arrival {
	int64_t tol, limit;       /* the future tolerance and now + it (unix seconds) */
	char now[21], latest[21]; /* the latest event time of this feed taken so far */
	char sql_p[512], sql_q[512];
};

static void arrival_init(struct ingest *g, struct arrival *ar)
{
	memset(ar, 0, sizeof *ar);
	ar->tol = config_int(g->st, "audit.future_tolerance_seconds", 300);
	if (ar->tol < 0)
		ar->tol = 0;
	ar->limit = time_now_unix() + ar->tol;
	time_now_iso(ar->now);
	snprintf(ar->sql_p, sizeof ar->sql_p,
	         "INSERT INTO audit_pending(feed, line, %s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ev_cols_sql);
	snprintf(ar->sql_q, sizeof ar->sql_q,
	         "INSERT INTO audit_quarantine(feed, why, detail, line, %s, received_at) "
	         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	         ev_cols_sql);
}

/* One event of the feed (v: the nine fields, ts already checked to be
 * YYYY-MM-DDTHH:MM:SSZ with time t): to the waiting events, or to the
 * quarantine when too far in the future or before the rules' clock. Inside
 * the caller's open transaction. */
static int arrive_one(struct ingest *g, struct arrival *ar, const char *const v[EV_NCOLS], int64_t t, int64_t line,
                      struct audit_ingest_result *res, struct err *e)
{
	const char *why = NULL;
	char detail[160] = "";
	if (t > ar->limit) {
		why = "future";
		snprintf(detail, sizeof detail, "more than %llds after it arrived (%s)", (long long)ar->tol, ar->now);
	} else if (g->a.prev_ts[0] && memcmp(v[EV_TS], g->a.prev_ts, 20) < 0) {
		why = "late";
		snprintf(detail, sizeof detail, "before the rules' clock %.20s", g->a.prev_ts);
	}
	int y = why ? store_exec(g->st, e, ar->sql_q, "tttitttttttttt", g->feed, why, detail, line, v[0], v[1], v[2],
	                         v[3], v[4], v[5], v[6], v[7], v[8], ar->now)
	            : store_exec(g->st, e, ar->sql_p, "tittttttttt", g->feed, line, v[0], v[1], v[2], v[3], v[4], v[5],
	                         v[6], v[7], v[8]);
	if (y)
		return -1;
	if (why)
		res->quarantined++;
	else if (strcmp(v[EV_TS], ar->latest) > 0)
		snprintf(ar->latest, sizeof ar->latest, "%s", v[EV_TS]);
	g->src_events++;
	return 0;
}

/* Take a feed's delivery in: each event waits in audit_pending for the
 * watermark, or goes to the quarantine when it is too far in the future or
 * earlier than the rules' clock (too late to go through them in order).
 * Committed every checkpoint's worth of events with the input offset. */
static int feed_arrive(struct ingest *g, struct rdr *r, const struct audit_ingest_opts *o, int hold_back,
                       struct audit_ingest_result *res, uint64_t *nout, struct err *e)
{
	struct store *st = g->st;
	uint64_t ck_events = o->checkpoint_events ? o->checkpoint_events : 1000000;
	double ck_secs = o->checkpoint_seconds > 0 ? o->checkpoint_seconds : 1.0;
	struct arrival ar;
	arrival_init(g, &ar);
	double last_ck = now_s();
	uint64_t since = 0, n = 0, batch = 0;
	int open = 0, rc = -1;
	struct slice f[EV_NCOLS];
	for (;;) {
		int x = rdr_next(r, f, EV_NCOLS, e);
		if (x == RDR_EOF)
			break;
		if (x == RDR_FATAL)
			goto out;
		if ((x == RDR_OK || x == RDR_BAD) && hold_back && (r->rec_n == 0 || r->rec[r->rec_n - 1] != '\n') &&
		    rdr_offset(r) >= r->size) {
			res->held_back = r->rec_n;   /* an unfinished last line: the next run's */
			break;
		}
		int32_t day, sod;
		if (x == RDR_OK && audit_parse_ts(f[EV_TS].p, f[EV_TS].n, &day, &sod)) {
			err_set(e, ERR_INPUT, "%s:%ld:%ld: field 1: not a time YYYY-MM-DDTHH:MM:SSZ", r->name, r->rec_line,
			        rdr_field_col(r, 0));
			x = RDR_BAD;
		}
		if (x != RDR_OK) {
			if (!o->skip_bad)
				goto out;           /* what came before it is committed below */
			if (res->rejected++ < 10 && o->log)
				fprintf(o->log, "probity: rejected %s\n", e->msg);
		} else {
			if (!open) {
				if (store_begin(st, e))
					goto fail;
				open = 1;
			}
			char v[EV_NCOLS][RDR_FIELD_MAX + 1];
			const char *vp[EV_NCOLS];
			for (int k = 0; k < EV_NCOLS; k++) {
				memcpy(v[k], f[k].p, f[k].n);
				v[k][f[k].n] = 0;
				vp[k] = v[k];
			}
			if (arrive_one(g, &ar, vp, (int64_t)day * 86400 + sod, (int64_t)r->rec_line, res, e))
				goto fail;
			n++;
			batch++;
		}
		g->offset = rdr_offset(r);
		g->line = r->line;
		if (o->throttle && ++since % o->throttle == 0) {
			struct timespec ts = { 0, 1000000 };
			nanosleep(&ts, NULL);
		}
		if (batch >= ck_events || ((n & 1023) == 0 && now_s() - last_ck >= ck_secs)) {
			if (arrive_commit(g, ar.latest, batch, &open, e))
				goto fail;
			batch = 0;
			res->checkpoints++;
			last_ck = now_s();
		}
	}
	rc = 0;
out:
	{
		struct err e2 = { 0 };
		if (arrive_commit(g, ar.latest, batch, &open, rc ? &e2 : e))
			goto fail;
		res->checkpoints++;
	}
	*nout = n;
	return rc;
fail:
	if (open)
		store_rollback(st);
	*nout = n;
	return -1;
}

/* A native record's fields for the mapping: CSV columns by index, or the
 * JSON object's values of the mapped keys. */
struct native {
	const struct audit_mapping *m;
	const struct csv *cv;
	int idx[EV_NCOLS];
	char *val[EV_NCOLS];        /* JSON Lines: the mapped keys' values, NULL when absent */
};

static const char *native_get(void *ctx, int k)
{
	struct native *nv = ctx;
	if (nv->cv)
		return nv->idx[k] >= 0 && (size_t)nv->idx[k] < nv->cv->nf ? csv_field(nv->cv, (size_t)nv->idx[k]) : NULL;
	return nv->val[k];
}

static int native_key(void *ctx, const char *key, const char *val)
{
	struct native *nv = ctx;
	for (int k = 0; k < EV_NCOLS; k++)
		if (nv->m->column[k][0] && strcmp(nv->m->column[k], key) == 0) {
			free(nv->val[k]);
			nv->val[k] = xstrdup(val);
		}
	return 0;
}

/* A delivery in the feed's own format (its mapping file): the new part of
 * the file (complete lines only: an unfinished last line is the next run's)
 * is read whole and taken in as one transaction with the new offset. CSV
 * needs the file's header line, read again from the start on later runs. */
static int feed_arrive_mapped(struct ingest *g, const struct audit_mapping *m, const struct audit_ingest_opts *o,
                              struct audit_ingest_result *res, uint64_t *nout, struct err *e)
{
	struct store *st = g->st;
	int rc = -1, open = 0;
	uint64_t n = 0;
	struct buf text;
	buf_init(&text, 0);
	struct csv cv;
	memset(&cv, 0, sizeof cv);
	struct native nv;
	memset(&nv, 0, sizeof nv);
	nv.m = m;
	FILE *f = strcmp(o->path, "-") == 0 ? stdin : fopen(o->path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "%s: %s", o->path, strerror(errno));
	char blk[65536];
	size_t got, header = 0;
	if (!m->jsonl && g->offset > 0) {    /* the header line, again */
		int c;
		while ((c = fgetc(f)) != EOF && c != '\n')
			buf_addc(&text, (char)c);
		buf_addc(&text, '\n');
		header = text.n;
	}
	if (f != stdin && fseeko(f, (off_t)g->offset, SEEK_SET)) {
		err_set(e, ERR_IO, "%s: %s", o->path, strerror(errno));
		goto out;
	}
	while ((got = fread(blk, 1, sizeof blk, f)) > 0)
		if (buf_add(&text, blk, got)) {
			ing_nomem(e);
			goto out;
		}
	size_t body = text.n;              /* complete lines only */
	while (body > header && text.p[body - 1] != '\n')
		body--;
	res->held_back = text.n - body;
	uint64_t base = g->offset;
	struct arrival ar;
	arrival_init(g, &ar);
	if (store_begin(st, e))
		goto out;
	open = 1;
	long line0 = g->line ? g->line : 1;  /* the file's line of the first new line */
	if (!m->jsonl) {
		if (csv_open_mem(&cv, o->path, text.p, body, e))
			goto out;
		if (cv.len == 0 || csv_next(&cv, e) != 1) {
			rc = 0;                      /* nothing complete yet */
			goto commit;
		}
		const char *names[CSV_MAX_FIELDS];
		for (size_t i = 0; i < cv.nf; i++)
			names[i] = csv_field(&cv, i);
		if (audit_mapping_columns(m, names, cv.nf, nv.idx, e)) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_set(e, ERR_INPUT, "%s:1: %s", o->path, msg);
			goto out;
		}
		if (g->offset == 0) {
			base = cv.pos;           /* the header itself is taken */
			header = cv.pos;
			line0 = 2;
		}
		nv.cv = &cv;
	}
	size_t pos = header;
	const char *p = text.p;
	for (;;) {
		int64_t line;
		size_t next;
		char msg[512] = "";
		int bad = 0, ok = 1;
		if (!m->jsonl) {
			long l = cv.next_line;
			int x = csv_next(&cv, e);
			if (x == 0)
				break;
			if (x < 0) {                 /* malformed CSV: the reader cannot go on past it */
				rc = -1;
				goto commit;
			}
			line = line0 + (l - 2);
			next = cv.pos;
		} else {
			if (pos >= body)
				break;
			const char *nl = memchr(p + pos, '\n', body - pos);
			next = (size_t)(nl - p) + 1;
			line = line0 + (long)n + (long)res->rejected;
			size_t len = next - pos - 1;
			if (len && p[pos + len - 1] == '\r')
				len--;
			for (int k = 0; k < EV_NCOLS; k++) {
				free(nv.val[k]);
				nv.val[k] = NULL;
			}
			if (audit_jsonl_object(p + pos, len, native_key, &nv, e)) {
				snprintf(msg, sizeof msg, "%s:%lld: %s", o->path, (long long)line, e->msg);
				ok = 0;
			}
		}
		char out[EV_NCOLS][MAP_VALUE_MAX];
		int32_t day = 0, sod = 0;
		if (ok && audit_mapping_event(m, native_get, &nv, out, &bad, e)) {
			snprintf(msg, sizeof msg, "%s:%lld: %s", o->path, (long long)line, e->msg);
			ok = 0;
		}
		if (ok)
			audit_parse_ts(out[EV_TS], strlen(out[EV_TS]), &day, &sod);
		if (!ok) {
			err_set(e, ERR_INPUT, "%s", msg);
			if (!o->skip_bad) {
				rc = -1;
				goto commit;         /* what came before it is kept */
			}
			if (res->rejected++ < 10 && o->log)
				fprintf(o->log, "probity: rejected %s\n", e->msg);
		} else {
			const char *vp[EV_NCOLS];
			for (int k = 0; k < EV_NCOLS; k++)
				vp[k] = out[k];
			if (arrive_one(g, &ar, vp, (int64_t)day * 86400 + sod, line, res, e))
				goto out;
			n++;
		}
		pos = next;
		g->offset = base + (pos - header);
		g->line = line + 1;
	}
	if (!m->jsonl && pos == header)
		g->offset = base;
	rc = 0;
commit:
	{
		struct err e2 = { 0 };
		if (arrive_commit(g, ar.latest, n, &open, rc ? &e2 : e)) {
			rc = -1;
			goto out;
		}
		res->checkpoints++;
	}
out:
	if (open)
		store_rollback(st);
	if (f != stdin)
		fclose(f);
	csv_close(&cv);
	for (int k = 0; k < EV_NCOLS; k++)
		free(nv.val[k]);
	buf_release(&text);
	*nout = n;
	return rc;
}

/* Put the waiting events up to the watermark (minus the allowed lateness)
 * through the rules in (ts, id) order, a checkpoint after each batch. */
static int feeds_drain_run(struct ingest *g, const struct audit_ingest_opts *o, struct audit_ingest_result *res,
                           struct err *e)
{
	struct store *st = g->st;
	int32_t day, sod;
	if (audit_watermark(st, res->watermark, res->holding, e))
		return -1;
	int rc = -1;
	char **rows = NULL;
	size_t cap = 0;
	const char *saved_feed = g->feed, *saved_source = g->source;
	g->feed = "feeds (merged)";   /* the trail's segments hold all feeds, in time order */
	g->source = NULL;
	if (res->watermark[0] && audit_parse_ts(res->watermark, 20, &day, &sod) == 0) {
		res->holding[0] = 0;
		int64_t late = config_int(st, "audit.allowed_lateness_seconds", 0);
		char upto[21];
		trail_ts_format((int64_t)day * 86400 + sod - (late < 0 ? 0 : late), upto);
		int64_t batch = o->checkpoint_events && o->checkpoint_events < 65536 ? (int64_t)o->checkpoint_events : 65536;
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT id, line, %s FROM audit_pending WHERE ts <= ? ORDER BY ts, id LIMIT ?",
		         ev_cols_sql);
		for (;;) {
			struct stmt *s;
			if (store_query(st, &s, e, sql, "ti", upto, batch))
				goto out;
			size_t n = 0;
			int x;
			/* read the batch first: the checkpoint writes to the database */
			while ((x = stmt_next(s, e)) > 0) {
				if (n == cap) {
					cap = cap ? cap * 2 : 1024;
					rows = xrealloc(rows, cap * sizeof *rows);
				}
				struct buf b;
				buf_init(&b, 0);
				int64_t idl[2] = { stmt_int(s, 0), stmt_int(s, 1) };
				if (buf_add(&b, idl, sizeof idl))
					x = ing_nomem(e);
				for (int k = 0; k < EV_NCOLS && x > 0; k++) {
					const char *t = stmt_text(s, 2 + k);
					if (buf_add(&b, t, strlen(t) + 1))
						x = ing_nomem(e);
				}
				rows[n++] = b.p;
				if (x < 0)
					break;
			}
			stmt_done(s);
			int y = x < 0 ? -1 : 0;
			for (size_t i = 0; i < n && y == 0; i++) {
				int64_t idl[2];
				memcpy(idl, rows[i], sizeof idl);
				struct slice f[EV_NCOLS];
				const char *p = rows[i] + sizeof idl;
				for (int k = 0; k < EV_NCOLS; k++) {
					f[k] = slice_cstr(p);
					p += f[k].n + 1;
				}
				int bad = 0;
				y = feed(g, f, idl[1], &bad, e);
				if (y == ERR_INPUT) {    /* to the quarantine, with the engine's word */
					if (g->nrej == g->rej_cap) {
						g->rej_cap = g->rej_cap ? g->rej_cap * 2 : 16;
						g->rej = xrealloc(g->rej, g->rej_cap * sizeof *g->rej);
					}
					g->rej[g->nrej].id = idl[0];
					snprintf(g->rej[g->nrej].msg, sizeof g->rej[g->nrej].msg, "%s", e->msg);
					g->nrej++;
					res->quarantined++;
					y = 0;
				} else if (y == 0) {
					res->drained++;
				}
				memcpy(g->drain_ts, f[EV_TS].p, f[EV_TS].n < 20 ? f[EV_TS].n : 20);
				g->drain_ts[f[EV_TS].n < 20 ? f[EV_TS].n : 20] = 0;
				g->drain_id = idl[0];
				if (o->throttle && (i + 1) % o->throttle == 0) {
					struct timespec ts = { 0, 1000000 };
					nanosleep(&ts, NULL);
				}
			}
			for (size_t i = 0; i < n; i++)
				free(rows[i]);
			if (y)
				goto out;
			if (n == 0)
				break;
			if (checkpoint(g, e))
				goto out;
			res->checkpoints++;
			if ((int64_t)n < batch)
				break;
		}
	}
	{
		int64_t w = 0;
		if (store_int(st, e, &w, "SELECT COUNT(*) FROM audit_pending", "") < 0)
			goto out;
		res->waiting = (uint64_t)w;
	}
	rc = 0;
out:
	g->feed = saved_feed;
	g->source = saved_source;
	free(rows);
	return rc;
}

int audit_feeds_drain(struct store *st, const struct audit_ingest_opts *o, struct audit_ingest_result *res,
                      struct err *e)
{
	struct ingest g;
	memset(res, 0, sizeof *res);
	double t0 = now_s();
	int rc = ingest_open(&g, st, e) ? -1 : feeds_drain_run(&g, o, res, e);
	res->alerts = g.alerts_new;
	res->seconds = now_s() - t0;
	ingest_close(&g);
	return rc;
}

int audit_ingest(struct store *st, const struct audit_ingest_opts *o, struct audit_ingest_result *res,
                 struct err *e)
{
	struct ingest g;
	struct rdr r;
	char source[PATH_MAX];
	int rc = -1;
	uint64_t n = 0;
	int arrived = 0, mapped = 0;
	static struct audit_mapping mapping;
	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	r.fd = -1;
	double t0 = now_s();
	int is_stdin = strcmp(o->path, "-") == 0;
	int32_t uday, usod;
	if (o->until && (!o->feed || audit_parse_ts(o->until, strlen(o->until), &uday, &usod)))
		return err_set(e, ERR_INPUT, "--until needs --feed and a time YYYY-MM-DDTHH:MM:SSZ");
	if (o->until && (int64_t)uday * 86400 + usod > time_now_unix() + config_int(st, "audit.future_tolerance_seconds", 300))
		return err_set(e, ERR_INPUT, "--until %s is in the future: a delivery cannot be complete beyond now", o->until);
	if (ingest_open(&g, st, e))
		goto out;
	if (o->feed) {
		int64_t known = 0;
		if (store_int(st, e, &known, "SELECT COUNT(*) FROM audit_feeds WHERE name = ?", "t", o->feed) < 0)
			goto out;
		if (!known) {
			err_set(e, ERR_INPUT, "no feed called %s: declare it first with probity audit feed add %s", o->feed,
			        o->feed);
			goto out;
		}
		g.feed = o->feed;
		char mtext[8192] = "";
		if (store_text(st, e, mtext, sizeof mtext, "SELECT mapping FROM audit_feeds WHERE name = ?", "t", o->feed) < 0 ||
		    (mtext[0] && audit_mapping_parse(mtext, &mapping, e)))
			goto out;
		mapped = mtext[0] != 0;
	}
	if (!is_stdin) {
		if (!realpath(o->path, source)) {
			err_set(e, ERR_IO, "%s: %s", o->path, strerror(errno));
			goto out;
		}
		g.source = source;
		struct stmt *s;
		if (store_query(st, &s, e, "SELECT offset, line, events FROM audit_sources WHERE name = ?", "t", source))
			goto out;
		int x = stmt_next(s, e);
		if (x > 0) {
			g.offset = (uint64_t)stmt_int(s, 0);
			g.line = (long)stmt_int(s, 1);
			g.src_events = (uint64_t)stmt_int(s, 2);
		}
		stmt_done(s);
		if (x < 0)
			goto out;
	}
	if (mapped) {
		rc = feed_arrive_mapped(&g, &mapping, o, res, &n, e);
		arrived = 1;
		goto out;
	}
	if (rdr_open(&r, is_stdin ? "/dev/stdin" : o->path, 0, e))
		goto out;
	snprintf(r.name, sizeof r.name, "%s", is_stdin ? "stdin" : o->path);
	if (g.offset > 0) {
		if (r.size && r.size < g.offset) {
			err_set(e, ERR_INPUT,
			        "%s is shorter (%llu bytes) than the %llu bytes already taken in: was it replaced? "
			        "Give the new file another name",
			        o->path, (unsigned long long)r.size, (unsigned long long)g.offset);
			goto out;
		}
		if (lseek(r.fd, (off_t)g.offset, SEEK_SET) < 0) {
			err_set(e, ERR_IO, "%s: %s", o->path, strerror(errno));
			goto out;
		}
		r.base = g.offset;
		r.line = g.line;
	} else {
		if (r.size == 0 && !is_stdin) {      /* nothing written yet */
			rc = 0;
			arrived = 1;
			goto out;
		}
		if (rdr_header(&r, AUDIT_EVENTS_HEADER, e))
			goto out;
		g.offset = rdr_offset(&r);
		g.line = r.line;
	}
	rc = g.feed ? feed_arrive(&g, &r, o, !is_stdin, res, &n, e) : ingest_run(&g, &r, o, !is_stdin, res, &n, e);
	arrived = 1;
out:
	if (g.feed && arrived && (rc == 0 || (e->code == ERR_INPUT && !o->skip_bad))) {
		/* what arrived is kept: put what the watermark allows through the rules */
		struct err e2 = { 0 };
		if (o->until && until_commit(&g, o->until, &e2)) {
			if (rc == 0)
				*e = e2;
			rc = -1;
		} else if (feeds_drain_run(&g, o, res, rc ? &e2 : e) && rc == 0) {
			rc = -1;
		}
	}
	res->events = n;
	res->alerts = g.alerts_new;
	res->seconds = now_s() - t0;
	rdr_close(&r);
	ingest_close(&g);
	return rc;
}

int audit_ingest_mem(struct store *st, const char *name, const char *p, size_t len, struct audit_ingest_result *res,
                     struct err *e)
{
	struct ingest g;
	struct rdr r;
	struct audit_ingest_opts o = { 0 };
	int rc = -1;
	uint64_t n = 0;
	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	r.fd = -1;
	double t0 = now_s();
	o.path = name;
	o.quiet = 1;
	o.checkpoint_events = UINT64_MAX;
	o.checkpoint_seconds = 1e9;
	if (ingest_open(&g, st, e) || rdr_open_mem(&r, name, p, len, 0, 0, e) ||
	    rdr_header(&r, AUDIT_EVENTS_HEADER, e))
		goto out;
	rc = ingest_run(&g, &r, &o, 0, res, &n, e);
out:
	res->events = n;
	res->alerts = g.alerts_new;
	res->seconds = now_s() - t0;
	rdr_close(&r);
	ingest_close(&g);
	return rc;
}

int audit_alerts_csv(struct store *st, FILE *f, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT rule, user, key, first_ts FROM audit_alerts ORDER BY rule, user, key", ""))
		return -1;
	fputs(AUDIT_ALERTS_HEADER "\n", f);
	int x;
	while ((x = stmt_next(s, e)) > 0)
		fprintf(f, "R%d,%s,%s,%s\n", (int)stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3));
	stmt_done(s);
	if (x < 0)
		return -1;
	return ferror(f) ? err_set(e, ERR_IO, "write failed") : 0;
}

/* Probity's own access log as system PROBITY: each successful view of a
 * record becomes an event (user: the viewer's staff number, else the
 * username; subject: for a person record, that person's id in force systems).
 * Views of one's own record and the system's own rows are left out. A row
 * older than the engine's last event cannot be taken in order and is
 * skipped (counted). The last access_log id taken is the source's offset. */
int audit_ingest_self(struct store *st, FILE *log, uint64_t *events, uint64_t *skipped, struct err *e)
{
	static const char *const src = "PROBITY access_log";
	struct ingest g;
	int rc = -1;
	*events = *skipped = 0;
	if (ingest_open(&g, st, e))
		goto out;
	g.source = src;
	int64_t last = 0;
	if (store_int(st, e, &last, "SELECT offset FROM audit_sources WHERE name = ?", "t", src) < 0)
		goto out;
	g.offset = (uint64_t)last;
	struct stmt *s;
	/* object_id is text ('list' on a list view's row): compared as text, as
	 * PostgreSQL would fail casting such a row to an integer */
	if (store_query(st, &s, e,
	                "SELECT l.id, l.at, COALESCE(p.staff_number, l.username), l.object_type, l.object_id, "
	                "COALESCE(sp.person_ref, '') FROM access_log l "
	                "LEFT JOIN accounts a ON a.id = l.account_id LEFT JOIN people p ON p.id = a.person_id "
	                "LEFT JOIN people sp ON l.object_type = 'person' AND l.object_id = CAST(sp.id AS TEXT) "
	                "WHERE l.id > ? AND l.action = 'view' AND l.outcome = 'ok' AND l.account_id IS NOT NULL "
	                "AND l.detail <> 'own' AND NOT (l.object_type = 'person' AND sp.id = a.person_id) ORDER BY l.id",
	                "i", last))
		goto out;
	/* read them all first: checkpoint() writes to the database */
	struct row {
		int64_t id;
		char *f[EV_NCOLS];
	} *rows = NULL;
	size_t n = 0, cap = 0;
	int x;
	while ((x = stmt_next(s, e)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		struct row *r = &rows[n++];
		r->id = stmt_int(s, 0);
		r->f[EV_TS] = xstrdup(stmt_text(s, 1));
		r->f[EV_USER] = xstrdup(stmt_text(s, 2));
		r->f[EV_SYSTEM] = xstrdup("PROBITY");
		r->f[EV_DEVICE] = xstrdup("desktop");
		r->f[EV_ACTION] = xstrdup("view");
		r->f[EV_RECORD_TYPE] = xstrdup(stmt_text(s, 3));
		r->f[EV_RECORD_ID] = xstrdup(stmt_text(s, 4));
		r->f[EV_SUBJECT] = xstrdup(stmt_text(s, 5));
		r->f[EV_REASON] = xstrdup("");
	}
	stmt_done(s);
	int64_t nfeeds = 0;
	char now[21];
	time_now_iso(now);
	if (x == 0 && store_int(st, e, &nfeeds, "SELECT COUNT(*) FROM audit_feeds", "") < 0)
		x = -1;
	if (x == 0 && nfeeds > 0) {
		/* feeds are declared: Probity's own events wait for the watermark
		 * like any feed's (fed straight to the rules they would move the
		 * clock to now and make every feed's later delivery "late") */
		rc = store_begin(st, e);
		for (size_t i = 0; i < n && rc == 0; i++) {
			char **f = rows[i].f;
			if (g.a.prev_ts[0] && strlen(f[EV_TS]) == 20 && memcmp(f[EV_TS], g.a.prev_ts, 20) < 0) {
				(*skipped)++;
			} else {
				rc = store_exec(st, e,
				                "INSERT INTO audit_pending(feed, line, ts, user, system, device, action, record_type, "
				                "record_id, subject, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				                "titttttttt" "t", "PROBITY", rows[i].id, f[0], f[1], f[2], f[3], f[4], f[5], f[6],
				                f[7], f[8]);
				(*events)++;
			}
			g.offset = (uint64_t)rows[i].id;
		}
		if (rc == 0)
			rc = store_exec(st, e,
			                "INSERT INTO audit_sources(name, offset, line, events, updated_at) VALUES (?, ?, 0, 0, ?) "
			                "ON CONFLICT(name) DO UPDATE SET offset = excluded.offset, updated_at = excluded.updated_at",
			                "tit", src, (int64_t)g.offset, now);
		if (rc == 0)
			rc = store_commit(st, e);
		else
			store_rollback(st);
		if (rc == 0) {
			struct audit_ingest_opts o;
			struct audit_ingest_result res;
			memset(&o, 0, sizeof o);
			memset(&res, 0, sizeof res);
			g.source = NULL;
			rc = feeds_drain_run(&g, &o, &res, e);
		}
	} else if (x == 0) {
		rc = 0;
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct slice f[EV_NCOLS];
			for (int k = 0; k < EV_NCOLS; k++)
				f[k] = slice_cstr(rows[i].f[k]);
			int bad = 0, y = feed(&g, f, rows[i].id, &bad, e);
			if (y == ERR_INPUT)
				(*skipped)++;
			else if (y)
				rc = -1;
			else
				(*events)++;
			g.offset = (uint64_t)rows[i].id;
		}
		if (rc == 0)
			rc = checkpoint(&g, e);
	}
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < EV_NCOLS; k++)
			free(rows[i].f[k]);
	free(rows);
	if (log && *skipped)
		fprintf(log, "probity: %llu access log rows were older than the last audit event and were skipped\n",
		        (unsigned long long)*skipped);
out:
	ingest_close(&g);
	return rc;
}
