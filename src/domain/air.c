/* air.c — the Annual Integrity Review (see air.h). */
#include "domain/air.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/duty.h"
#include "domain/config.h"
#include "domain/tasks.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the clearance check ---- */

const struct status_def air_statuses[AIR_NSTATUS] = {
	[AIR_PENDING] = { "pending", "Not started", "grey", NULL },
	[AIR_SUBMITTED] = { "submitted", "Awaiting line manager", "yellow", NULL },
	[AIR_COMPLETED] = { "completed", "Completed", "green", NULL },
};

const struct status_def air_round_statuses[AIR_ROUND_NSTATUS] = {
	[AIR_ROUND_OPEN] = { "open", "Open", "green", NULL },
	[AIR_ROUND_CLOSED] = { "closed", "Closed", "grey", NULL },
};

int air_return_status(const struct air_return *x) { return status_table_index(air_statuses, AIR_NSTATUS, x->status); }

const char *air_clearance_label(const char *r)
{
	if (!strcmp(r, "ok")) return "Clearance meets the post";
	if (!strcmp(r, "no_requirement")) return "The post requires no vetting level";
	if (!strcmp(r, "below_post")) return "Clearance below the post's level";
	if (!strcmp(r, "lapsed")) return "Clearance lapsed";
	if (!strcmp(r, "expiring")) return "Clearance expiring soon";
	return "Not checked yet";
}

const char *air_clearance_task_kind(enum air_clearance r)
{
	switch (r) {
	case AIR_CLEAR_BELOW_POST: return "air_clearance_below_post";
	case AIR_CLEAR_LAPSED: return "air_clearance_lapsed";
	case AIR_CLEAR_EXPIRING: return "air_clearance_expiring";
	default: return NULL;
	}
}

static const char *result_code(enum air_clearance r)
{
	static const char *const codes[] = { "ok", "no_requirement", "below_post", "lapsed", "expiring" };
	return codes[r];
}

/* The clearance a query found (level, expiry) into out->held and out->expiry;
   finishes the statement and returns stmt_next's 1, 0 or -1. */
static int read_held(struct stmt *s, struct air_check *out, struct err *e)
{
	int r = stmt_next(s, e);
	if (r == 1) {
		snprintf(out->held, sizeof out->held, "%s", stmt_text(s, 0));
		snprintf(out->expiry, sizeof out->expiry, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	return r;
}

int air_clearance_check(struct store *st, int64_t person_id, const char *today, struct air_check *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	char family[24] = "";
	int64_t rank = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT COALESCE(po.vetting_level, ''), COALESCE(v.family, ''), COALESCE(v.rank, 0) "
	                "FROM people p LEFT JOIN posts po ON po.id = p.post_id "
	                "LEFT JOIN vetting_levels v ON v.code = po.vetting_level WHERE p.id = ?", "i", person_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		snprintf(out->required, sizeof out->required, "%s", stmt_text(s, 0));
		snprintf(family, sizeof family, "%s", stmt_text(s, 1));
		rank = stmt_int(s, 2);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No person %lld", (long long)person_id);
	if (!out->required[0]) {
		out->result = AIR_CLEAR_NO_REQUIREMENT;
		snprintf(out->detail, sizeof out->detail, "The post requires no vetting level.");
		return 0;
	}
	/* The best clearance that meets the level: the one lasting longest. */
	if (store_query(st, &s, e,
	                "SELECT c.level, c.expiry FROM clearances c JOIN vetting_levels v ON v.code = c.level "
	                "WHERE c.person_id = ? AND c.status = 'active' AND v.family = ? AND v.rank >= ? "
	                "AND (c.expiry = '' OR c.expiry >= ?) "
	                "ORDER BY CASE WHEN c.expiry = '' THEN '9999-12-31' ELSE c.expiry END DESC, v.rank DESC LIMIT 1",
	                "itit", person_id, family, rank, today))
		return -1;
	r = read_held(s, out, e);
	if (r < 0)
		return -1;
	char shown[48]; /* the expiry as people read it, for the sentences below */
	date_display(out->expiry, shown, sizeof shown);
	if (r == 1) {
		int64_t warn = config_int(st, "air.expiry_warning_days", 90);
		if (out->expiry[0] && date_days(out->expiry) - date_days(today) <= warn) {
			out->result = AIR_CLEAR_EXPIRING;
			snprintf(out->detail, sizeof out->detail, "%s clearance expires on %s (within %lld days); the post "
			         "requires %s.", out->held, shown, (long long)warn, out->required);
		} else {
			out->result = AIR_CLEAR_OK;
			snprintf(out->detail, sizeof out->detail, "%s clearance meets the post's %s%s%s.", out->held,
			         out->required, out->expiry[0] ? "; expires " : "", out->expiry[0] ? shown : "");
		}
		return 0;
	}
	/* A clearance that met the level but has expired or lapsed. */
	if (store_query(st, &s, e,
	                "SELECT c.level, c.expiry FROM clearances c JOIN vetting_levels v ON v.code = c.level "
	                "WHERE c.person_id = ? AND v.family = ? AND v.rank >= ? AND (c.status = 'lapsed' "
	                "OR (c.status = 'active' AND c.expiry <> '' AND c.expiry < ?)) ORDER BY c.expiry DESC LIMIT 1",
	                "itit", person_id, family, rank, today))
		return -1;
	r = read_held(s, out, e);
	if (r < 0)
		return -1;
	date_display(out->expiry, shown, sizeof shown);
	if (r == 1) {
		out->result = AIR_CLEAR_LAPSED;
		snprintf(out->detail, sizeof out->detail, "%s clearance lapsed%s%s; the post requires %s.", out->held,
		         out->expiry[0] ? " (expiry " : "", out->expiry[0] ? out->expiry : "", out->required);
		if (out->expiry[0]) /* close the bracket */
			snprintf(out->detail, sizeof out->detail, "%s clearance lapsed (expiry %s); the post requires %s.",
			         out->held, shown, out->required);
		return 0;
	}
	out->result = AIR_CLEAR_BELOW_POST;
	if (store_query(st, &s, e,
	                "SELECT c.level, c.expiry FROM clearances c JOIN vetting_levels v ON v.code = c.level "
	                "WHERE c.person_id = ? AND c.status = 'active' AND (c.expiry = '' OR c.expiry >= ?) "
	                "ORDER BY CASE WHEN v.family = ? THEN 0 ELSE 1 END, v.rank DESC LIMIT 1",
	                "itt", person_id, today, family))
		return -1;
	r = read_held(s, out, e);
	if (r < 0)
		return -1;
	if (out->held[0])
		snprintf(out->detail, sizeof out->detail, "Holds %s, below the post's required %s%s.", out->held,
		         out->required, family[0] ? "" : " (an unknown level)");
	else
		snprintf(out->detail, sizeof out->detail, "Holds no active clearance; the post requires %s.",
		         out->required);
	return 0;
}

/* ---- rounds ---- */

static void month_start(int year, int month, char out[11])
{
	date_format(days_from_civil(year, month, 1), out);
}

/* A return for every current person without one in round rid: by month, in
 * the wave of their service anniversary month; by unit, in the wave of their
 * unit's top-level ancestor (anyone outside every wave unit goes to wave 1). */
static int add_returns(struct store *st, int64_t rid, int by_month, struct err *e)
{
	if (by_month)
		return store_exec(st, e,
		                  "INSERT INTO air_returns(round_id, wave_id, person_id) "
		                  "SELECT ?1, w.id, p.id FROM people p JOIN air_waves w ON w.round_id = ?1 "
		                  "AND w.month = CASE WHEN length(p.start_date) = 10 "
		                  "THEN CAST(substr(p.start_date, 6, 2) AS INTEGER) ELSE 1 END "
		                  "WHERE p.leave_date = '' "
		                  "AND NOT EXISTS (SELECT 1 FROM air_returns x WHERE x.round_id = ?1 AND x.person_id = p.id)",
		                  "i", rid);
	return store_exec(st, e,
	                  "INSERT INTO air_returns(round_id, wave_id, person_id) "
	                  "WITH RECURSIVE anc(id, top) AS (SELECT unit_id, unit_id FROM air_waves "
	                  "WHERE round_id = ?1 AND unit_id IS NOT NULL "
	                  "UNION ALL SELECT u.id, anc.top FROM units u JOIN anc ON u.parent_id = anc.id) "
	                  "SELECT ?1, COALESCE((SELECT w.id FROM air_waves w JOIN anc ON anc.top = w.unit_id "
	                  "WHERE w.round_id = ?1 AND anc.id = p.unit_id LIMIT 1), "
	                  "(SELECT id FROM air_waves WHERE round_id = ?1 AND number = 1)), p.id "
	                  "FROM people p WHERE p.leave_date = '' "
	                  "AND NOT EXISTS (SELECT 1 FROM air_returns x WHERE x.round_id = ?1 AND x.person_id = p.id)",
	                  "i", rid);
}

int air_add_joiners(struct store *st, const struct actor *who, int64_t round_id, long *added, struct err *e)
{
	*added = 0;
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_writei(st, who, "update", "air_round", round_id, "refused", "add joiners", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can add joiners to a round");
	}
	char by[8] = "", status[8] = "";
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT waves_by, status FROM air_rounds WHERE id = ?", "i", round_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		snprintf(by, sizeof by, "%s", stmt_text(s, 0));
		snprintf(status, sizeof status, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No round %lld", (long long)round_id);
	if (strcmp(status, "open"))
		return err_set(e, ERR_CONFLICT, "This round is closed");
	if (store_begin(st, e))
		return -1;
	if (add_returns(st, round_id, !strcmp(by, "month"), e))
		goto fail;
	*added = store_changes(st);
	char detail[64];
	snprintf(detail, sizeof detail, "added %ld joiners", *added);
	if (alog_writei(st, who, "update", "air_round", round_id, "ok", detail, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	*added = 0;
	return -1;
}

int air_close_round(struct store *st, const struct actor *who, int64_t round_id, struct err *e)
{
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_writei(st, who, "update", "air_round", round_id, "refused", "close", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can close a round");
	}
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE air_rounds SET status = 'closed' WHERE id = ? AND status = 'open'", "i", round_id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "No open round %lld", (long long)round_id);
	}
	if (alog_writei(st, who, "update", "air_round", round_id, "ok", "closed", e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int air_open_round(struct store *st, const struct actor *who, int year, const char *waves_by, int64_t *round_id,
                   struct errlist *errs, struct err *e)
{
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "create", "air_round", "", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can open an integrity review round");
	}
	if (year < 2000 || year > 2100)
		errlist_add(errs, "year", "Year must be a year like 2026");
	waves_by = nz(waves_by);
	if (strcmp(waves_by, "unit") && strcmp(waves_by, "month"))
		errlist_add(errs, "waves_by", "Select whether to roll out by unit or by month");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the round");
	int64_t due_days = config_int(st, "air.due_days", 42);
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	int64_t existing;
	int r = store_int(st, e, &existing, "SELECT id FROM air_rounds WHERE year = ?", "d", year);
	if (r < 0)
		goto fail;
	if (r == 1) {
		store_rollback(st);
		errlist_add(errs, "year", "There is already a round for %d", year);
		return err_set(e, ERR_CONFLICT, "There is already a round for %d", year);
	}
	if (store_exec(st, e, "INSERT INTO air_rounds(year, waves_by, opened_by, opened_at) VALUES(?, ?, NULLIF(?, 0), ?)",
	               "dtit", year, waves_by, who->account_id, now))
		goto fail;
	int64_t rid = store_last_id(st);
	char opens[11], due[11];
	if (!strcmp(waves_by, "month")) {
		static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
			                              "August", "September", "October", "November", "December" };
		for (int m = 1; m <= 12; m++) {
			month_start(year, m, opens);
			date_format(date_days(opens) + due_days, due);
			char label[64];
			snprintf(label, sizeof label, "%s (service anniversary)", months[m - 1]);
			if (store_exec(st, e,
			               "INSERT INTO air_waves(round_id, number, label, month, opens_on, due_on) "
			               "VALUES(?, ?, ?, ?, ?, ?)", "idtdtt", rid, m, label, m, opens, due))
				goto fail;
		}
		if (add_returns(st, rid, 1, e))
			goto fail;
	} else {
		/* One wave per top-level unit (the children of the root), or per root
		 * unit when the organisation is flat. */
		int64_t nunits = 0;
		if (store_int(st, e, &nunits,
		              "SELECT COUNT(*) FROM units WHERE parent_id IN (SELECT id FROM units WHERE parent_id IS NULL)",
		              "") < 0)
			goto fail;
		struct stmt *s;
		if (nunits > 0) {
			if (store_query(st, &s, e,
			                "SELECT id, name FROM units WHERE parent_id IN "
			                "(SELECT id FROM units WHERE parent_id IS NULL) ORDER BY name", ""))
				goto fail;
		} else {
			if (store_query(st, &s, e, "SELECT id, name FROM units WHERE parent_id IS NULL ORDER BY name", ""))
				goto fail;
			int64_t total = 0;
			store_int(st, NULL, &total, "SELECT COUNT(*) FROM units WHERE parent_id IS NULL", "");
			nunits = total;
		}
		struct wu { int64_t id; char name[128]; } *wus = xcalloc(nunits > 0 ? (size_t)nunits : 1, sizeof *wus);
		int n = 0;
		while (wus && n < nunits && (r = stmt_next(s, e)) == 1) {
			wus[n].id = stmt_int(s, 0);
			snprintf(wus[n].name, sizeof wus[n].name, "%s", stmt_text(s, 1));
			n++;
		}
		stmt_done(s);
		if (!wus) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (n == 0) { /* no units at all: one wave for everyone */
			wus[0].id = 0;
			snprintf(wus[0].name, sizeof wus[0].name, "Whole force");
			n = 1;
		}
		for (int i = 0; i < n; i++) {
			month_start(year, 1 + (i * 12) / n, opens);
			date_format(date_days(opens) + due_days, due);
			if (store_exec(st, e,
			               "INSERT INTO air_waves(round_id, number, label, unit_id, opens_on, due_on) "
			               "VALUES(?, ?, ?, NULLIF(?, 0), ?, ?)", "idtitt", rid, i + 1, wus[i].name, wus[i].id,
			               opens, due)) {
				free(wus);
				goto fail;
			}
		}
		free(wus);
		if (add_returns(st, rid, 0, e))
			goto fail;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "%d by %s", year, waves_by);
	if (alog_writei(st, who, "create", "air_round", rid, "ok", detail, e))
		goto fail;
	if (store_commit(st, e))
		return -1;
	*round_id = rid;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

#define ROUND_SQL \
	"SELECT r.id, r.year, r.waves_by, r.status, r.opened_at, COUNT(t.id), " \
	"COALESCE(COUNT(CASE WHEN t.status = 'pending' THEN 1 END), 0), COALESCE(COUNT(CASE WHEN t.status = 'submitted' THEN 1 END), 0), " \
	"COALESCE(COUNT(CASE WHEN t.status = 'completed' THEN 1 END), 0), COALESCE(COUNT(CASE WHEN t.status <> 'completed' AND w.due_on < ? THEN 1 END), 0) " \
	"FROM air_rounds r LEFT JOIN air_returns t ON t.round_id = r.id LEFT JOIN air_waves w ON w.id = t.wave_id "

static void read_round(struct stmt *s, struct air_round *r)
{
	memset(r, 0, sizeof *r);
	r->id = stmt_int(s, 0);
	r->year = (int)stmt_int(s, 1);
	snprintf(r->waves_by, sizeof r->waves_by, "%s", stmt_text(s, 2));
	snprintf(r->status, sizeof r->status, "%s", stmt_text(s, 3));
	snprintf(r->opened_at, sizeof r->opened_at, "%s", stmt_text(s, 4));
	r->people = (long)stmt_int(s, 5);
	r->pending = (long)stmt_int(s, 6);
	r->submitted = (long)stmt_int(s, 7);
	r->completed = (long)stmt_int(s, 8);
	r->overdue = (long)stmt_int(s, 9);
}

static int tracker(struct store *st, const struct actor *who, const char *what, int64_t id, struct err *e)
{
	if (actor_has(who, AIR_TRACKERS))
		return 0;
	alog_writei(st, who, "view", what, id, "refused", "not admin, vetting or PSD", NULL);
	return err_set(e, ERR_DENIED, "Only administrators, vetting and Professional Standards can track the review");
}

int air_rounds_list(struct store *st, const struct actor *who, air_round_fn fn, void *ctx, struct err *e)
{
	if (tracker(st, who, "air_rounds", 0, e) || alog_list(st, who, "air_round", "all", e, "%s", ""))
		return -1;
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e, ROUND_SQL "GROUP BY r.id ORDER BY r.year DESC", "t", today))
		return -1;
	struct air_round r;
	int rc, stop = 0;
	while (!stop && (rc = stmt_next(s, e)) == 1) {
		read_round(s, &r);
		stop = fn(ctx, &r);
	}
	stmt_done(s);
	return !stop && rc < 0 ? -1 : 0;
}

/* The progress views' counts (a round, its waves, its units) are sums over
 * every return of the round: kept on the connection with the write
 * generation and the day (store_memo), the last of each, so a repeat view
 * reads nothing until something is written or the day turns (issue 25). */
struct amemo {
	int64_t gen;
	char today[11];
	int have_round, have_waves, have_units;
	struct air_round round;
	int64_t waves_round, units_round, units_wave;
	struct air_wave *waves;
	size_t nwaves;
	struct air_unit_row *units;
	size_t nunits;
};

static void amemo_free(void *p)
{
	struct amemo *m = p;
	if (!m)
		return;
	free(m->waves);
	free(m->units);
	free(m);
}

static int amemo_owner;

/* The connection's memo, emptied when the generation or the day has moved;
 * NULL when nothing can be kept (uncommitted writes of its own, or no slot). */
static struct amemo *amemo_get(struct store *st, const char *today)
{
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &amemo_owner, amemo_free) : NULL;
	if (!slot)
		return NULL;
	struct amemo *m = *slot;
	if (!m)
		*slot = m = xcalloc(1, sizeof *m);
	if (m->gen != gen || strcmp(m->today, today)) {
		m->have_round = m->have_waves = m->have_units = 0;
		m->gen = gen;
		snprintf(m->today, sizeof m->today, "%s", today);
	}
	return m;
}

int air_round_get(struct store *st, const struct actor *who, int64_t id, struct air_round *out, struct err *e)
{
	if (tracker(st, who, "air_round", id, e))
		return -1;
	char today[11];
	date_today(today);
	struct amemo *m = amemo_get(st, today);
	if (m && m->have_round && m->round.id == id) {
		*out = m->round;
		return 0;
	}
	struct stmt *s;
	if (store_query(st, &s, e, ROUND_SQL "WHERE r.id = ? GROUP BY r.id", "ti", today, id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_round(s, out);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r && m) {
		m->round = *out;
		m->have_round = 1;
	}
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No round %lld", (long long)id);
}

int air_round_by_year(struct store *st, int year, int64_t *id, struct err *e)
{
	*id = 0;
	return store_int(st, e, id, "SELECT id FROM air_rounds WHERE year = ?", "d", year) < 0 ? -1 : 0;
}

int air_waves_list(struct store *st, const struct actor *who, int64_t round_id, air_wave_fn fn, void *ctx,
                   struct err *e)
{
	if (tracker(st, who, "air_round", round_id, e) ||
	    alog_list(st, who, "air_wave", "round", e, "round=%lld", (long long)round_id))
		return -1;
	char today[11];
	date_today(today);
	struct amemo *m = amemo_get(st, today);
	if (m && m->have_waves && m->waves_round == round_id) {
		for (size_t i = 0; i < m->nwaves && !fn(ctx, &m->waves[i]); i++)
			;
		return 0;
	}
	if (m)
		m->nwaves = 0;
	size_t cap = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT w.id, w.number, w.label, w.opens_on, w.due_on, COUNT(t.id), "
	                "COALESCE(COUNT(CASE WHEN t.status = 'pending' THEN 1 END), 0), COALESCE(COUNT(CASE WHEN t.status = 'submitted' THEN 1 END), 0), "
	                "COALESCE(COUNT(CASE WHEN t.status = 'completed' THEN 1 END), 0), "
	                "COALESCE(COUNT(CASE WHEN t.status <> 'completed' AND w.due_on < ? THEN 1 END), 0) "
	                "FROM air_waves w LEFT JOIN air_returns t ON t.wave_id = w.id WHERE w.round_id = ? "
	                "GROUP BY w.id ORDER BY w.number", "ti", today, round_id))
		return -1;
	struct air_wave w;
	int rc, stop = 0;
	while ((rc = stmt_next(s, e)) == 1) {
		memset(&w, 0, sizeof w);
		w.id = stmt_int(s, 0);
		w.number = (int)stmt_int(s, 1);
		snprintf(w.label, sizeof w.label, "%s", stmt_text(s, 2));
		snprintf(w.opens_on, sizeof w.opens_on, "%s", stmt_text(s, 3));
		snprintf(w.due_on, sizeof w.due_on, "%s", stmt_text(s, 4));
		w.people = (long)stmt_int(s, 5);
		w.pending = (long)stmt_int(s, 6);
		w.submitted = (long)stmt_int(s, 7);
		w.completed = (long)stmt_int(s, 8);
		w.overdue = (long)stmt_int(s, 9);
		if (m) {   /* every wave kept, though the reader may stop early */
			m->waves = xgrow(m->waves, m->nwaves, &cap, 16, sizeof *m->waves);
			m->waves[m->nwaves++] = w;
		}
		stop = stop || fn(ctx, &w);
	}
	stmt_done(s);
	if (m && rc == 0) {
		m->have_waves = 1;
		m->waves_round = round_id;
	}
	return rc < 0 ? -1 : 0;
}

int air_units_progress(struct store *st, const struct actor *who, int64_t round_id, int64_t wave_id, air_unit_fn fn,
                       void *ctx, struct err *e)
{
	if (tracker(st, who, "air_round", round_id, e))
		return -1;
	char today[11];
	date_today(today);
	struct amemo *m = amemo_get(st, today);
	if (m && m->have_units && m->units_round == round_id && m->units_wave == wave_id) {
		for (size_t i = 0; i < m->nunits && !fn(ctx, &m->units[i]); i++)
			;
		return 0;
	}
	if (m)
		m->nunits = 0;
	size_t cap = 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT COALESCE(p.unit_id, 0), COALESCE(u.name, '(no unit)'), COUNT(*), "
	                "COUNT(CASE WHEN t.status = 'completed' THEN 1 END), COUNT(CASE WHEN t.status <> 'completed' AND w.due_on < ? THEN 1 END) "
	                "FROM air_returns t JOIN air_waves w ON w.id = t.wave_id JOIN people p ON p.id = t.person_id "
	                "LEFT JOIN units u ON u.id = p.unit_id WHERE t.round_id = ? AND (? = 0 OR t.wave_id = ?) "
	                "GROUP BY p.unit_id, u.name ORDER BY 5 DESC, 2", "tiii", today, round_id, wave_id, wave_id))
		return -1;
	struct air_unit_row u;
	int rc, stop = 0;
	while ((rc = stmt_next(s, e)) == 1) {
		memset(&u, 0, sizeof u);
		u.unit_id = stmt_int(s, 0);
		snprintf(u.unit, sizeof u.unit, "%s", stmt_text(s, 1));
		u.people = (long)stmt_int(s, 2);
		u.completed = (long)stmt_int(s, 3);
		u.overdue = (long)stmt_int(s, 4);
		if (m) {   /* every unit kept, though the reader may stop early */
			m->units = xgrow(m->units, m->nunits, &cap, 64, sizeof *m->units);
			m->units[m->nunits++] = u;
		}
		stop = stop || fn(ctx, &u);
	}
	stmt_done(s);
	if (m && rc == 0) {
		m->have_units = 1;
		m->units_round = round_id;
		m->units_wave = wave_id;
	}
	return rc < 0 ? -1 : 0;
}

/* ---- returns ---- */

/* The field list's columns, each followed by ", ": one more closes the list. */
#define RETURN_COLUMNS AIR_RETURN_FIELDS(RECORD_SQL)
#define RETURN_JOINS \
	"FROM air_returns t JOIN air_rounds r ON r.id = t.round_id JOIN air_waves w ON w.id = t.wave_id " \
	"JOIN people p ON p.id = t.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN people m ON m.id = p.manager_id LEFT JOIN people sm ON sm.id = t.manager_person "

#define RECORD_TYPE struct air_return
static const struct field_desc return_fields[] = { AIR_RETURN_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define NRETURN_FIELDS (sizeof return_fields / sizeof return_fields[0])

const struct record_def air_return_record = { return_fields, NRETURN_FIELDS, sizeof(struct air_return),
	                                      offsetof(struct air_return, id), NULL, NULL };

static void read_return(struct stmt *s, struct air_return *x) { record_read(&air_return_record, s, x); }

static int load_return(struct store *st, int64_t id, struct air_return *x, struct err *e)
{
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT " RETURN_COLUMNS "0 " RETURN_JOINS "WHERE t.id = ?", "ti", today, id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_return(s, x);
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No integrity review return %lld", (long long)id);
}

int air_may_sign(const struct actor *who, const struct air_return *x)
{
	if (!who->person_id || who->person_id == x->person_id)
		return 0;
	return x->manager_id ? x->manager_id == who->person_id : actor_has(who, ROLE_DCC);
}

void air_view_for(const struct actor *who, const struct air_return *x, struct air_view *v)
{
	int own = who->person_id && who->person_id == x->person_id;
	int signer = air_may_sign(who, x);
	int psd = actor_has(who, ROLE_PSD);
	v->gifts = own || signer || psd;
	v->interests = own || signer || psd;
	v->associations = own || actor_has(who, ROLE_PSD | ROLE_ACU);
	v->circumstances = own || actor_has(who, ROLE_PSD | ROLE_VETTING);
	v->changes = own || signer || psd;
	v->conversation = own || signer || psd;
}

/* Blank what who may not see of x and record the view in x->view. */
static void apply_view(const struct actor *who, struct air_return *x)
{
	air_view_for(who, x, &x->view);
	if (!x->view.changes) {
		x->anything_changed = -1;
		x->changes[0] = 0;
	}
	if (!x->view.conversation)
		x->conversation[0] = 0;
}

int air_return_get(struct store *st, const struct actor *who, int64_t id, struct air_return *out, struct err *e)
{
	if (load_return(st, id, out, e)) {
		if (e && e->code == ERR_NOTFOUND)
			alog_writei(st, who, "view", "air_return", id, "failed", "not found", NULL);
		return -1;
	}
	int own = who->person_id && who->person_id == out->person_id;
	int signer = air_may_sign(who, out);
	if (!own && !signer && !actor_has(who, AIR_TRACKERS)) {
		memset(out, 0, sizeof *out);
		alog_writei(st, who, "view", "air_return", id, "refused", "not the person, their manager or a tracker", NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this integrity review");
	}
	apply_view(who, out);
	/* no read without its row */
	return alog_writei(st, who, "view", "air_return", id, "ok", own ? "own" : signer ? "line manager" : "tracker", e);
}

int air_return_mine(struct store *st, const struct actor *who, int64_t *id, struct err *e)
{
	*id = 0;
	if (!who->person_id)
		return 0;
	return store_int(st, e, id,
	                 "SELECT t.id FROM air_returns t JOIN air_rounds r ON r.id = t.round_id "
	                 "WHERE t.person_id = ? AND r.status = 'open' ORDER BY r.year DESC LIMIT 1", "i",
	                 who->person_id) < 0 ? -1 : 0;
}

static int each_return(const struct actor *who, struct stmt *s, air_return_fn fn, void *ctx, long *total,
                       int total_col, struct err *e)
{
	struct air_return *x = xmalloc(sizeof *x);
	int rc, stop = 0;
	while (!stop && (rc = stmt_next(s, e)) == 1) {
		read_return(s, x);
		apply_view(who, x);
		if (total)
			*total = (long)stmt_int(s, total_col);
		stop = fn(ctx, x);
	}
	free(x);
	stmt_done(s);
	return !stop && rc < 0 ? -1 : 0;
}

int air_team_list(struct store *st, const struct actor *who, air_return_fn fn, void *ctx, struct err *e)
{
	if (alog_list(st, who, "air_return", "team", e, "%s", ""))
		return -1;
	if (!who->person_id)
		return 0;
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " RETURN_COLUMNS "0 " RETURN_JOINS
	                "WHERE p.manager_id = ? AND r.status = 'open' AND w.opens_on <= ? "
	                "ORDER BY CASE t.status WHEN 'submitted' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, w.due_on, "
	                "p.surname", "tit", today, who->person_id, today))
		return -1;
	return each_return(who, s, fn, ctx, NULL, 0, e);
}

int air_overdue_list(struct store *st, const struct actor *who, int64_t round_id, int page, int per_page,
                     air_return_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (tracker(st, who, "air_overdue", round_id, e))
		return -1;
	if (alog_list(st, who, "air_return", "overdue", e, "round=%lld page=%d", (long long)round_id, page))
		return -1;
	if (per_page < 0) { /* every return */
		per_page = 1000000000;
		page = 1;
	} else if (per_page == 0 || per_page > 500) {
		per_page = 50;
	}
	if (page <= 0)
		page = 1;
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " RETURN_COLUMNS "COUNT(*) OVER () " RETURN_JOINS
	                "WHERE t.round_id = ? AND t.status <> 'completed' AND w.due_on < ? "
	                "ORDER BY w.due_on, u.name, p.surname, t.id LIMIT ? OFFSET ?", "titii", today, round_id, today,
	                (int64_t)per_page, (int64_t)(page - 1) * per_page))
		return -1;
	return each_return(who, s, fn, ctx, total, (int)NRETURN_FIELDS, e);
}

/* ---- the pre-filled entries ---- */

/* Which registers who may see in x's return. */
static void visible(const struct actor *who, const struct air_return *x, int *g, int *bi, int *as, int *ci)
{
	struct air_view v;
	air_view_for(who, x, &v);
	*g = v.gifts;
	*bi = v.interests;
	*as = v.associations;
	*ci = v.circumstances;
}

/* The person's current entries (before submission): 1 person  2 since (12 months ago)  3-6 visibility flags. */
#define CURRENT_SQL \
	"SELECT 'gift', g.id, g.date_offered, " \
	"  CASE g.kind WHEN 'hospitality' THEN 'Hospitality' WHEN 'gift' THEN 'Gift' ELSE 'Other' END || ' from ' || " \
	"  CASE WHEN g.offeror_org <> '' THEN g.offeror_org ELSE g.offeror_person END || ': ' || g.description || " \
	"  CASE g.accepted WHEN 1 THEN ' (accepted)' ELSE ' (declined)' END, 1 AS o " \
	"FROM gifts g WHERE ?3 = 1 AND g.person_id = ?1 AND g.date_offered >= ?2 " \
	"UNION ALL SELECT 'business_interest', b.id, b.start_date, " \
	"  b.organisation || ': ' || b.description || ' (' || replace(b.status, '_', ' ') || ', ' || " \
	"  b.hours_per_week || ' hours a week)', 2 " \
	"FROM business_interests b WHERE ?4 = 1 AND b.person_id = ?1 " \
	"  AND b.status IN ('applied', 'awaiting_psd', 'approved', 'approved_with_conditions') " \
	"UNION ALL SELECT 'association', a.id, a.declared_on, " \
	"  a.associate_name || ' (' || replace(a.category, '_', ' ') || '): ' || a.relationship || ', ' || " \
	"  a.contact_frequency, 3 " \
	"FROM notifiable_associations a WHERE ?5 = 1 AND a.person_id = ?1 AND a.status <> 'ended' " \
	"UNION ALL SELECT 'circumstance', c.id, c.declared_on, " \
	"  replace(c.kind, '_', ' ') || CASE WHEN c.subtype <> '' THEN ' (' || replace(c.subtype, '_', ' ') || ')' " \
	"  ELSE '' END || ': ' || c.details, 4 " \
	"FROM circumstances c WHERE ?6 = 1 AND c.person_id = ?1 AND c.declared_on >= ?2 " \
	"ORDER BY 5, 3 DESC, 2 DESC"

/* The answered entries (after submission), with the same summaries. */
#define ANSWERED_SQL \
	"SELECT i.register, i.record_id, COALESCE(g.date_offered, b.start_date, a.declared_on, c.declared_on, ''), " \
	"  COALESCE(CASE WHEN g.offeror_org <> '' THEN g.offeror_org ELSE g.offeror_person END || ': ' || g.description, " \
	"  b.organisation || ': ' || b.description, " \
	"  a.associate_name || ' (' || replace(a.category, '_', ' ') || '): ' || a.relationship, " \
	"  replace(c.kind, '_', ' ') || ': ' || c.details, ''), i.response, i.note " \
	"FROM air_return_items i " \
	"LEFT JOIN gifts g ON i.register = 'gift' AND g.id = i.record_id " \
	"LEFT JOIN business_interests b ON i.register = 'business_interest' AND b.id = i.record_id " \
	"LEFT JOIN notifiable_associations a ON i.register = 'association' AND a.id = i.record_id " \
	"LEFT JOIN circumstances c ON i.register = 'circumstance' AND c.id = i.record_id " \
	"WHERE i.return_id = ?1 AND ((i.register = 'gift' AND ?2 = 1) OR (i.register = 'business_interest' AND ?3 = 1) " \
	"  OR (i.register = 'association' AND ?4 = 1) OR (i.register = 'circumstance' AND ?5 = 1)) " \
	"ORDER BY CASE i.register WHEN 'gift' THEN 1 WHEN 'business_interest' THEN 2 WHEN 'association' THEN 3 " \
	"  ELSE 4 END, i.id"

static void year_ago(char out[11])
{
	char today[11];
	date_today(today);
	int y, m, d;
	date_parse(today, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	date_format(days_from_civil(y - 1, m, d), out);
}

int air_items(struct store *st, const struct actor *who, const struct air_return *x, air_item_fn fn, void *ctx,
              struct err *e)
{
	int g, bi, as, ci;
	visible(who, x, &g, &bi, &as, &ci);
	struct stmt *s;
	int answered = air_return_status(x) != AIR_PENDING;
	if (answered) {
		if (store_query(st, &s, e, ANSWERED_SQL, "idddd", x->id, g, bi, as, ci))
			return -1;
	} else {
		char since[11];
		year_ago(since);
		if (store_query(st, &s, e, CURRENT_SQL, "itdddd", x->person_id, since, g, bi, as, ci))
			return -1;
	}
	struct air_item *it = xmalloc(sizeof *it);
	int rc, stop = 0;
	while (!stop && (rc = stmt_next(s, e)) == 1) {
		memset(it, 0, sizeof *it);
		snprintf(it->reg, sizeof it->reg, "%s", stmt_text(s, 0));
		it->record_id = stmt_int(s, 1);
		snprintf(it->date, sizeof it->date, "%s", stmt_text(s, 2));
		snprintf(it->summary, sizeof it->summary, "%s", stmt_text(s, 3));
		if (answered) {
			snprintf(it->response, sizeof it->response, "%s", stmt_text(s, 4));
			snprintf(it->note, sizeof it->note, "%s", stmt_text(s, 5));
		}
		stop = fn(ctx, it);
	}
	free(it);
	stmt_done(s);
	return !stop && rc < 0 ? -1 : 0;
}

/* ---- submit ---- */

struct answer {
	char reg[20];
	int64_t record_id;
	char response[12];
	char note[501];
};

struct collect {
	struct answer *a;
	size_t n, cap;
	air_lookup_fn lookup;
	void *ctx;
	struct errlist *errs;
	const char *only;            /* only this register's entries (a task list section) */
	int all_confirmed;           /* "every entry still as recorded": no lookup */
};

/* What is wrong with one entry's answer: r is the response, note its note
 * (required when changed or ended). */
enum answer_problem { ANSWER_OK, ANSWER_NO_RESPONSE, ANSWER_NOTE_LONG, ANSWER_NOTE_MISSING };

static enum answer_problem answer_check(const char *r, const char *note)
{
	if (strcmp(r, "confirmed") && strcmp(r, "changed") && strcmp(r, "ended"))
		return ANSWER_NO_RESPONSE;
	if (strlen(note) > 500)
		return ANSWER_NOTE_LONG;
	if (strcmp(r, "confirmed") && !*note)
		return ANSWER_NOTE_MISSING;
	return ANSWER_OK;
}

static int collect_item(void *ctx, const struct air_item *it)
{
	struct collect *c = ctx;
	if (c->only && strcmp(it->reg, c->only))
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct answer *t = xrealloc(c->a, cap * sizeof *t);
		c->a = t;
		c->cap = cap;
	}
	struct answer *a = &c->a[c->n++];
	memset(a, 0, sizeof *a);
	snprintf(a->reg, sizeof a->reg, "%s", it->reg);
	a->record_id = it->record_id;
	char rkey[64], nkey[64];
	snprintf(rkey, sizeof rkey, "r_%s_%lld", it->reg, (long long)it->record_id);
	snprintf(nkey, sizeof nkey, "n_%s_%lld", it->reg, (long long)it->record_id);
	const char *r = c->all_confirmed ? "confirmed" : nz(c->lookup(c->ctx, rkey));
	const char *note = c->all_confirmed ? "" : nz(c->lookup(c->ctx, nkey));
	switch (answer_check(r, note)) {
	case ANSWER_NO_RESPONSE:
		errlist_add(c->errs, rkey, "Say whether this entry is still correct, has changed or has ended: %.80s",
		            it->summary);
		return 0;
	case ANSWER_NOTE_LONG:
		errlist_add(c->errs, nkey, "Note must be 500 characters or fewer");
		break;
	case ANSWER_NOTE_MISSING:
		errlist_add(c->errs, nkey, "Say what has changed or ended: %.80s", it->summary);
		break;
	case ANSWER_OK:
		break;
	}
	snprintf(a->response, sizeof a->response, "%s", r);
	snprintf(a->note, sizeof a->note, "%s", note);
	return 0;
}

/* The person may answer x: only they, only while it is pending and open. */
static int may_answer(struct store *st, const struct actor *who, const struct air_return *x, struct err *e)
{
	char today[11];
	date_today(today);
	if (!who->person_id || who->person_id != x->person_id) {
		alog_writei(st, who, "update", "air_return", x->id, "refused", "not the person", NULL);
		return err_set(e, ERR_DENIED, "Only the person under review can submit this return");
	}
	if (air_return_status(x) != AIR_PENDING)
		return err_set(e, ERR_CONFLICT, "This return has already been submitted");
	if (strcmp(x->opens_on, today) > 0)
		return err_set(e, ERR_CONFLICT, "Your review opens on %s", x->opens_on);
	return 0;
}

/* "Has anything else changed": *changed 1/0, errors added to errs. */
static void check_other(air_lookup_fn lookup, void *ctx, struct errlist *errs, int *changed, const char **changes)
{
	const char *any = nz(lookup(ctx, "anything_changed"));
	*changes = nz(lookup(ctx, "changes"));
	*changed = !strcmp(any, "yes");
	if (!*changed && strcmp(any, "no"))
		errlist_add(errs, "anything_changed", "Say whether anything else has changed in the last year");
	else if (*changed && !**changes)
		errlist_add(errs, "changes", "Describe what has changed");
	if (strlen(*changes) > 2000)
		errlist_add(errs, "changes", "Changes must be 2000 characters or fewer");
}

/* ---- the task list: answers saved section by section ---- */

const char *air_return_ref(int64_t id, char out[REF_MAX])
{
	return record_ref("AIR", id, out);
}

const char *const air_section_names[AIR_NSECTIONS] = { "gift", "business_interest", "association", "circumstance",
	                                               "other" };

int air_section_index(const char *name)
{
	for (int i = 0; name && i < AIR_NSECTIONS; i++)
		if (!strcmp(name, air_section_names[i]))
			return i;
	return -1;
}

const char *air_draft_get(const struct air_draft *d, const char *key)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->kv[i].key, key))
			return d->kv[i].value;
	return NULL;
}

void air_draft_free(struct air_draft *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->kv[i].value);
	free(d->kv);
	memset(d, 0, sizeof *d);
}

static int draft_load(struct store *st, int64_t id, struct air_draft *d, struct err *e)
{
	memset(d, 0, sizeof *d);
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT key, value FROM air_drafts WHERE return_id = ? ORDER BY key", "i", id))
		return -1;
	int rc;
	while ((rc = stmt_next(s, e)) == 1) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->kv = xrealloc(d->kv, d->cap * sizeof *d->kv);
		}
		snprintf(d->kv[d->n].key, sizeof d->kv[d->n].key, "%s", stmt_text(s, 0));
		d->kv[d->n++].value = xstrdup(stmt_text(s, 1));
	}
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}

struct tasks_ctx {
	struct air_tasks *t;
	const struct air_draft *d;
};

static int task_item(void *ctx, const struct air_item *it)
{
	struct tasks_ctx *c = ctx;
	int sec = air_section_index(it->reg);
	if (sec < 0)
		return 0;
	char key[64];
	c->t->entries[sec]++;
	snprintf(key, sizeof key, "r_%s_%lld", it->reg, (long long)it->record_id);
	const char *r = air_draft_get(c->d, key);
	snprintf(key, sizeof key, "n_%s_%lld", it->reg, (long long)it->record_id);
	const char *note = air_draft_get(c->d, key);
	if (r)
		c->t->started[sec] = 1;
	if (!r || answer_check(r, note ? note : "") != ANSWER_OK)
		c->t->done[sec] = 0;
	return 0;
}

static const char *draft_lookup(void *ctx, const char *key)
{
	return air_draft_get(ctx, key);
}

int air_tasks(struct store *st, const struct actor *who, const struct air_return *x, struct air_tasks *t,
              struct air_draft *d, struct err *e)
{
	memset(t, 0, sizeof *t);
	memset(d, 0, sizeof *d);
	if (may_answer(st, who, x, e) || draft_load(st, x->id, d, e))
		return -1;
	for (int i = 0; i < AIR_NSECTIONS; i++)
		t->done[i] = 1;
	struct tasks_ctx c = { t, d };
	if (air_items(st, who, x, task_item, &c, e)) {
		air_draft_free(d);
		return -1;
	}
	struct errlist errs = { 0 };
	int changed;
	const char *changes;
	check_other(draft_lookup, d, &errs, &changed, &changes);
	t->started[AIR_SEC_OTHER] = air_draft_get(d, "anything_changed") != NULL;
	t->done[AIR_SEC_OTHER] = errs.n == 0;
	t->ready = 1;
	for (int i = 0; i < AIR_NSECTIONS; i++)
		t->ready &= t->done[i];
	return 0;
}

static int draft_put(struct store *st, int64_t id, const char *key, const char *value, struct err *e)
{
	return store_exec(st, e,
	                  "INSERT INTO air_drafts(return_id, key, value) VALUES(?, ?, ?) "
	                  "ON CONFLICT(return_id, key) DO UPDATE SET value = excluded.value",
	                  "itt", id, key, value);
}

int air_section_save(struct store *st, const struct actor *who, int64_t id, int section, air_lookup_fn lookup,
                     void *ctx, struct errlist *errs, struct err *e)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct collect c = { 0 };
	int rc = -1;
	if (section < 0 || section >= AIR_NSECTIONS) {
		err_set(e, ERR_NOTFOUND, "No such section");
		goto out;
	}
	if (load_return(st, id, x, e) || may_answer(st, who, x, e))
		goto out;
	const char *name = air_section_names[section];
	int changed = 0;
	const char *changes = "", *all = "";
	char allkey[40];
	snprintf(allkey, sizeof allkey, "all_%s", name);
	if (section == AIR_SEC_OTHER) {
		check_other(lookup, ctx, errs, &changed, &changes);
	} else {
		all = nz(lookup(ctx, allkey));
		c.lookup = lookup;
		c.ctx = ctx;
		c.errs = errs;
		c.only = name;
		c.all_confirmed = !strcmp(all, "yes");
		if (strcmp(all, "yes") && strcmp(all, "no"))
			errlist_add(errs, allkey, "Say whether every entry is still as recorded");
		else if (air_items(st, who, x, collect_item, &c, e))
			goto out;
	}
	if (errs->n) {
		err_set(e, ERR_INPUT, "There is a problem with your answers");
		goto out;
	}
	if (store_begin(st, e))
		goto out;
	if (section == AIR_SEC_OTHER) {
		if (draft_put(st, id, "anything_changed", changed ? "yes" : "no", e) ||
		    draft_put(st, id, "changes", changed ? changes : "", e))
			goto fail;
	} else {
		if (draft_put(st, id, allkey, all, e))
			goto fail;
		for (size_t i = 0; i < c.n; i++) {
			char rkey[64], nkey[64];
			snprintf(rkey, sizeof rkey, "r_%s_%lld", c.a[i].reg, (long long)c.a[i].record_id);
			snprintf(nkey, sizeof nkey, "n_%s_%lld", c.a[i].reg, (long long)c.a[i].record_id);
			if (draft_put(st, id, rkey, c.a[i].response, e) || draft_put(st, id, nkey, c.a[i].note, e))
				goto fail;
		}
	}
	if (alog_writei(st, who, "update", "air_return", id, "ok", name, e) || store_commit(st, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	free(c.a);
	free(x);
	return rc;
}

/* ---- submit ---- */

/* The submission's answers: the form's, else the saved draft's. */
struct merged {
	air_lookup_fn lookup;
	void *ctx;
	const struct air_draft *d;
};

static const char *merged_lookup(void *ctx, const char *key)
{
	struct merged *m = ctx;
	const char *v = m->lookup(m->ctx, key);
	return v ? v : air_draft_get(m->d, key);
}

int air_submit(struct store *st, const struct actor *who, int64_t id, air_lookup_fn lookup, void *ctx,
               struct errlist *errs, struct err *e)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct collect c = { 0 };
	struct air_draft d = { 0 };
	int rc = -1;
	if (load_return(st, id, x, e) || may_answer(st, who, x, e) || draft_load(st, id, &d, e))
		goto out;
	struct merged m = { lookup, ctx, &d };
	c.lookup = merged_lookup;
	c.ctx = &m;
	c.errs = errs;
	if (air_items(st, who, x, collect_item, &c, e))
		goto out;
	int changed;
	const char *changes;
	check_other(merged_lookup, &m, errs, &changed, &changes);
	if (errs->n) {
		err_set(e, ERR_INPUT, "There is a problem with the return");
		goto out;
	}
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		goto out;
	for (size_t i = 0; i < c.n; i++)
		if (store_exec(st, e,
		               "INSERT INTO air_return_items(return_id, register, record_id, response, note) "
		               "VALUES(?, ?, ?, ?, ?)", "itit" "t", id, c.a[i].reg, c.a[i].record_id, c.a[i].response,
		               c.a[i].note))
			goto fail;
	if (store_exec(st, e,
	               "UPDATE air_returns SET status = 'submitted', anything_changed = ?, changes = ?, submitted_at = ? "
	               "WHERE id = ? AND status = 'pending'", "dtti", changed, changed ? changes : "", now, id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		err_set(e, ERR_CONFLICT, "This return has already been submitted");
		goto out;
	}
	if (store_exec(st, e, "DELETE FROM air_drafts WHERE return_id = ?", "i", id) ||
	    alog_writei(st, who, "update", "air_return", id, "ok", "submitted", e) || store_commit(st, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	air_draft_free(&d);
	free(c.a);
	free(x);
	return rc;
}

/* ---- sign-off and completion ---- */

int air_signoff(struct store *st, const struct actor *who, int64_t id, const char *conversation,
                struct errlist *errs, struct err *e)
{
	struct air_return *x = xmalloc(sizeof *x);
	int rc = -1;
	if (load_return(st, id, x, e))
		goto out;
	/* The line manager's sign-off is the normal flow (no line-management
	 * kind); only the person themself is barred here. */
	if (duty_check1(st, who, "decide", "sign off", "air_return", id, NULL, x->person_id, DUTY_SUBJECT, e))
		goto out;
	if (!air_may_sign(who, x)) {
		alog_writei(st, who, "decide", "air_return", id, "refused", "not the line manager", NULL);
		err_set(e, ERR_DENIED, "Only the person's line manager can sign off this review");
		goto out;
	}
	if (air_return_status(x) != AIR_SUBMITTED) {
		alog_writei(st, who, "decide", "air_return", id, "refused", x->status, NULL);
		err_set(e, ERR_CONFLICT, air_return_status(x) == AIR_PENDING
		                                 ? "The person has not submitted their return yet"
		                                 : "This review has already been signed off");
		goto out;
	}
	conversation = nz(conversation);
	if (!*conversation)
		errlist_add(errs, "conversation", "Record the integrity conversation you had");
	else if (strlen(conversation) > 2000)
		errlist_add(errs, "conversation", "The record must be 2000 characters or fewer");
	if (errs->n) {
		err_set(e, ERR_INPUT, "There is a problem with the sign-off");
		goto out;
	}
	char now[21], today[11];
	time_now_iso(now);
	date_today(today);
	struct air_check chk;
	if (air_clearance_check(st, x->person_id, today, &chk, e))
		goto out;
	if (store_begin(st, e))
		goto out;
	if (store_exec(st, e,
	               "UPDATE air_returns SET status = 'completed', manager_person = ?, conversation = ?, signed_at = ?, "
	               "completed_at = ?, clearance_result = ?, clearance_detail = ? WHERE id = ? AND status = 'submitted'",
	               "ittttti", who->person_id, conversation, now, now, result_code(chk.result), chk.detail, id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		err_set(e, ERR_CONFLICT, "This review has already been signed off");
		goto out;
	}
	/* The return updates the records. */
	if (store_exec(st, e,
	               "UPDATE notifiable_associations SET status = 'ended' WHERE person_id = ? AND status <> 'ended' "
	               "AND id IN (SELECT record_id FROM air_return_items WHERE return_id = ? AND register = 'association' "
	               "AND response = 'ended')", "ii", x->person_id, id) ||
	    store_exec(st, e,
	               "UPDATE notifiable_associations SET status = 'declared' WHERE person_id = ? AND status = 'assessed' "
	               "AND id IN (SELECT record_id FROM air_return_items WHERE return_id = ? AND register = 'association' "
	               "AND response = 'changed')", "ii", x->person_id, id) ||
	    store_exec(st, e,
	               "UPDATE business_interests SET status = 'ended', end_date = ?, "
	               "end_reason = 'Ended at the annual integrity review' WHERE person_id = ? "
	               "AND status IN ('applied', 'awaiting_psd', 'approved', 'approved_with_conditions') "
	               "AND id IN (SELECT record_id FROM air_return_items WHERE return_id = ? "
	               "AND register = 'business_interest' AND response = 'ended')", "tii", today, x->person_id, id) ||
	    store_exec(st, e,
	               "UPDATE business_interests SET review_date = ? WHERE person_id = ? "
	               "AND status IN ('approved', 'approved_with_conditions') "
	               "AND id IN (SELECT record_id FROM air_return_items WHERE return_id = ? "
	               "AND register = 'business_interest' AND response = 'changed')", "tii", today, x->person_id, id))
		goto fail;
	int64_t nchanged = 0;
	if (store_int(st, e, &nchanged,
	              "SELECT COUNT(*) FROM air_return_items WHERE return_id = ? AND response <> 'confirmed'", "i", id) < 0)
		goto fail;
	if (x->anything_changed == 1 || nchanged > 0) {
		char detail[400];
		snprintf(detail, sizeof detail, "Annual integrity review %d: %lld entr%s changed or ended%s%.300s", x->year,
		         (long long)nchanged, nchanged == 1 ? "y" : "ies", x->anything_changed == 1 ? "; other changes: " : "",
		         x->anything_changed == 1 ? x->changes : "");
		if (task_raise(st, who, x->person_id, "air_return", "air_return", id, detail, NULL, e))
			goto fail;
	}
	const char *kind = air_clearance_task_kind(chk.result);
	if (kind && task_raise(st, who, x->person_id, kind, "air_return", id, chk.detail, NULL, e))
		goto fail;
	if (alog_writei(st, who, "decide", "air_return", id, "ok", result_code(chk.result), e) || store_commit(st, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	free(x);
	return rc;
}

int air_home_info(struct store *st, const struct actor *who, struct air_home *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!who->person_id)
		return 0;
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT t.id, t.status, w.due_on, w.opens_on FROM air_returns t JOIN air_rounds r ON r.id = t.round_id "
	                "JOIN air_waves w ON w.id = t.wave_id WHERE t.person_id = ? AND r.status = 'open' "
	                "ORDER BY r.year DESC LIMIT 1", "i", who->person_id))
		return -1;
	int rc = stmt_next(s, e);
	if (rc == 1) {
		out->my_return = stmt_int(s, 0);
		snprintf(out->my_status, sizeof out->my_status, "%s", stmt_text(s, 1));
		snprintf(out->my_due, sizeof out->my_due, "%s", stmt_text(s, 2));
		snprintf(out->my_opens, sizeof out->my_opens, "%s", stmt_text(s, 3));
		out->my_overdue = strcmp(out->my_status, "completed") && strcmp(out->my_due, today) < 0;
	}
	stmt_done(s);
	if (rc < 0)
		return -1;
	if (store_query(st, &s, e,
	                "SELECT COALESCE(COUNT(CASE WHEN t.status = 'submitted' THEN 1 END), 0), "
	                "COALESCE(COUNT(CASE WHEN t.status <> 'completed' AND w.due_on < ? THEN 1 END), 0) FROM air_returns t "
	                "JOIN air_rounds r ON r.id = t.round_id JOIN air_waves w ON w.id = t.wave_id "
	                "JOIN people p ON p.id = t.person_id WHERE p.manager_id = ? AND r.status = 'open'",
	                "ti", today, who->person_id))
		return -1;
	rc = stmt_next(s, e);
	if (rc == 1) {
		out->team_to_sign = (long)stmt_int(s, 0);
		out->team_overdue = (long)stmt_int(s, 1);
	}
	stmt_done(s);
	return rc < 0 ? -1 : 0;
}
