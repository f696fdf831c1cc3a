/* vetting.c — vetting levels, clearances, compliance against posts,
 * applications with blind decisions, appeals, timeliness and leavers (see
 * vetting.h). The rules (who may do what, what each decision needs) live
 * here; the pages only translate. No query in this file that serves a
 * decision reads vetting_equality or protected_characteristics. */
#include "domain/vetting.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "domain/config.h"
#include "domain/duty.h"
#include "domain/listing.h"
#include "domain/people.h"
#include "domain/validate.h"
#include "store/store.h"
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_ground(const char *g)
{
	for (int i = 0; i < DP_NGROUND; i++)
		if (!strcmp(g, dp_grounds[i]))
			return 1;
	return 0;
}

const struct label_def vetting_kinds[VET_NKIND] = {
	{ "recruit", "Recruit" },
	{ "transferee", "Transferee" },
	{ "internal", "Internal move" },
	{ "contractor", "Contractor" },
	{ "volunteer", "Volunteer" },
};

const struct status_def vetting_outcomes[VET_NOUTCOME] = {
	[VET_UNDECIDED] = { "", "Awaiting decision", "yellow", NULL },
	[VET_GRANTED] = { "granted", "Granted", "green", NULL },
	[VET_GRANTED_WITH_CONDITIONS] = { "granted_with_conditions", "Granted with conditions", "turquoise", NULL },
	[VET_REFUSED] = { "refused", "Refused", "red", NULL },
	[VET_WITHDRAWN] = { "withdrawn", "Withdrawn", "grey", NULL },
};

const struct status_def clearance_statuses[CLR_NSTATUS] = {
	[CLR_ACTIVE] = { "active", "active", "green", NULL },
	[CLR_LAPSED] = { "lapsed", "lapsed", "red", NULL },
	[CLR_WITHDRAWN] = { "withdrawn", "withdrawn", "grey", NULL },
	[CLR_SUSPENDED] = { "suspended", "suspended", "orange", NULL },
};

const struct status_def vetting_issues[VET_NISSUE] = {
	[VET_BELOW_POST] = { "below_post", "Below post requirement", "red", NULL },
	[VET_EXPIRING] = { "expiring", "Expiring soon", "orange", NULL },
	[VET_LAPSED] = { "lapsed", "Lapsed", "red", NULL },
};

const char *vetting_outcome_label(const char *o) { return status_table_label(vetting_outcomes, VET_NOUTCOME, o); }

const char *vetting_kind_label(const char *k) { return label_of(vetting_kinds, VET_NKIND, k, k); }

void vapp_outcome_shown(const struct vetting_app *a, const char **label, const char **colour)
{
	*label = vetting_outcome_label(a->outcome);
	*colour = status_table_colour(vetting_outcomes, VET_NOUTCOME, a->outcome);
	if (status_table_index(vetting_outcomes, VET_NOUTCOME, a->outcome) != VET_REFUSED || !a->appeal_id)
		return;
	if (!strcmp(a->appeal_outcome, "overturned")) {
		*label = "Refusal overturned on appeal";
		*colour = "green";
	} else if (!a->appeal_outcome[0]) {
		*label = "Refused: appeal with the DCC";
		*colour = "orange";
	} else
		*label = "Refused: upheld on appeal";
}

const char *vetting_ground_label(const char *g)
{
	for (int i = 0; i < DP_NGROUND; i++)
		if (!strcmp(g, dp_grounds[i]))
			return dp_ground_labels[i];
	return g;
}

const char *vetting_issue_label(const char *i) { return status_table_label(vetting_issues, VET_NISSUE, i); }

static int deny(struct store *st, const struct actor *who, const char *action, const char *type, int64_t id,
                const char *msg, struct err *e)
{
	alog_writei(st, who, action, type, id, "refused", "", NULL);
	return err_set(e, ERR_DENIED, "%s", msg);
}

static void check_date(struct errlist *l, const char *field, const char *label, const char *v, int required)
{
	if (!*nz(v)) {
		if (required)
			errlist_add(l, field, "Enter the %s", label);
	} else if (!date_valid(v)) {
		errlist_add(l, field, "The %s must be a real date, like 2026-03-27", label);
	}
}

/* ---- levels ---- */

int vetting_levels_list(struct store *st, vlevel_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT code, name, family, rank, renewal_months FROM vetting_levels ORDER BY family DESC, "
	                "rank, code", ""))
		return -1;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		struct vetting_level l;
		copy(l.code, sizeof l.code, stmt_text(s, 0));
		copy(l.name, sizeof l.name, stmt_text(s, 1));
		copy(l.family, sizeof l.family, stmt_text(s, 2));
		l.rank = (int)stmt_int(s, 3);
		l.renewal_months = (int)stmt_int(s, 4);
		stop = fn(ctx, &l);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

static int level_exists(struct store *st, const char *code)
{
	int64_t n = 0;
	return store_int(st, NULL, &n, "SELECT COUNT(*) FROM vetting_levels WHERE code = ?", "t", code) == 1 && n > 0;
}

static int small_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	if (!s || !*s)
		return -1;
	long v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int vetting_level_save(struct store *st, const struct actor *who, int create, const char *code, const char *name,
                       const char *family, const char *rank, const char *renewal, struct errlist *errs,
                       struct err *e)
{
	if (!actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "update", "vetting_level", nz(code), "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can change vetting levels");
	}
	static const char *const families[] = { "police", "national_security", NULL };
	int rk = 0, rn = 0;
	code = nz(code);
	size_t cl = strlen(code);
	int code_ok = cl > 0 && cl <= 12;
	for (size_t i = 0; i < cl; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9')))
			code_ok = 0;
	if (!code_ok)
		errlist_add(errs, "code", "Code must be 1 to 12 capital letters or digits, like NPPV2");
	else if (create && level_exists(st, code))
		errlist_add(errs, "code", "There is already a level %s", code);
	else if (!create && !level_exists(st, code))
		return err_set(e, ERR_NOTFOUND, "No vetting level %s", code);
	if (!*nz(name))
		errlist_add(errs, "name", "Enter the level's name");
	check_len(errs, "name", "Name", name, 100);
	if (!is_one_of(nz(family), families))
		errlist_add(errs, "family", "Select police or national security vetting");
	if (small_int(rank, 1, 99, &rk))
		errlist_add(errs, "rank", "Rank must be a whole number from 1 to 99");
	if (small_int(renewal, 0, 600, &rn))
		errlist_add(errs, "renewal", "Renewal period must be a whole number of months from 0 to 600");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the level");
	if (store_begin(st, e))
		return -1;
	int rc = create ? store_exec(st, e,
	                             "INSERT INTO vetting_levels(code, name, family, rank, renewal_months) "
	                             "VALUES(?, ?, ?, ?, ?)", "tttdd", code, name, family, rk, rn)
	                : store_exec(st, e,
	                             "UPDATE vetting_levels SET name = ?, family = ?, rank = ?, renewal_months = ? "
	                             "WHERE code = ?", "ttddt", name, family, rk, rn, code);
	if (rc || alog_write(st, who, create ? "create" : "update", "vetting_level", code, "ok", name, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* ---- clearances ---- */

int clearances_for_person(struct store *st, const struct actor *who, int64_t person_id, clearance_fn fn, void *ctx,
                          struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "view", "person_clearances", person_id,
		            "Only the vetting unit can see a person's clearances", e);
	alog_writei(st, who, "view", "person_clearances", person_id, "ok", "", NULL);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT c.id, c.person_id, c.level, COALESCE(l.name, c.level), c.granted, c.expiry, c.status, "
	                "c.aftercare, c.created_at FROM clearances c LEFT JOIN vetting_levels l ON l.code = c.level "
	                "WHERE c.person_id = ? ORDER BY c.granted DESC, c.id DESC", "i", person_id))
		return -1;
	int r, stop = 0;
	struct clearance *c = xmalloc(sizeof *c);
	while (!stop && (r = stmt_next(s, e)) == 1) {
		c->id = stmt_int(s, 0);
		c->person_id = stmt_int(s, 1);
		copy(c->level, sizeof c->level, stmt_text(s, 2));
		copy(c->level_name, sizeof c->level_name, stmt_text(s, 3));
		copy(c->granted, sizeof c->granted, stmt_text(s, 4));
		copy(c->expiry, sizeof c->expiry, stmt_text(s, 5));
		copy(c->status, sizeof c->status, stmt_text(s, 6));
		copy(c->aftercare, sizeof c->aftercare, stmt_text(s, 7));
		copy(c->created_at, sizeof c->created_at, stmt_text(s, 8));
		stop = fn(ctx, c);
	}
	free(c);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int clearance_may_change(struct store *st, const struct actor *who, int64_t person_id)
{
	return actor_has(who, VETTING_WORK) && !duty_conflict1(st, who, "vetting", person_id, DUTY_SUBJECT);
}

int clearance_add(struct store *st, const struct actor *who, int64_t person_id, const char *level,
                  const char *granted, const char *expiry, const char *aftercare, int64_t *id, struct errlist *errs,
                  struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "create", "clearance", person_id, "Only the vetting unit can record clearances", e);
	if (duty_check1(st, who, "create", "record a clearance for", "clearance", person_id, "vetting", person_id,
	                DUTY_SUBJECT, e))
		return -1;
	int64_t months = 0;
	int r = store_int(st, e, &months, "SELECT renewal_months FROM vetting_levels WHERE code = ?", "t", nz(level));
	if (r < 0)
		return -1;
	if (r == 0)
		errlist_add(errs, "level", "Select a vetting level");
	check_date(errs, "granted", "date granted", granted, 1);
	check_date(errs, "expiry", "expiry date", expiry, 0);
	if (!errs->n && *nz(expiry) && strcmp(expiry, granted) <= 0)
		errlist_add(errs, "expiry", "The expiry date must be after the date granted");
	check_len(errs, "aftercare", "Aftercare notes", aftercare, 2000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the clearance");
	char exp[11] = "";
	if (*nz(expiry)) {
		copy(exp, sizeof exp, expiry);
	} else if (months > 0) {
		int y, m, d;
		date_parse(granted, &y, &m, &d);
		long tm = y * 12L + (m - 1) + months;
		int ny = (int)(tm / 12), nm = (int)(tm % 12) + 1;
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int maxd = mdays[nm - 1] + (nm == 2 && (ny % 4 == 0 && (ny % 100 != 0 || ny % 400 == 0)));
		date_format(days_from_civil(ny, nm, d > maxd ? maxd : d), exp);
	}
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	int64_t exists = 0;
	if (store_int(st, e, &exists, "SELECT COUNT(*) FROM people WHERE id = ?", "i", person_id) < 0)
		goto fail;
	if (!exists) {
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No such person");
	}
	if (store_exec(st, e,
	               "INSERT INTO clearances(person_id, level, granted, expiry, status, aftercare, created_at) "
	               "VALUES(?, ?, ?, ?, 'active', ?, ?)", "itttt" "t", person_id, level, granted, exp,
	               nz(aftercare), now))
		goto fail;
	int64_t cid = store_last_id(st);
	if (alog_writei(st, who, "create", "clearance", cid, "ok", level, e))
		goto fail;
	if (id)
		*id = cid;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int clearance_update(struct store *st, const struct actor *who, int64_t id, const char *status, const char *expiry,
                     const char *aftercare, struct errlist *errs, struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "update", "clearance", id, "Only the vetting unit can change clearances", e);
	int64_t holder = 0;
	if (store_int(st, e, &holder, "SELECT person_id FROM clearances WHERE id = ?", "i", id) < 0)
		return -1;
	if (holder && duty_check1(st, who, "update", "change", "clearance", id, "vetting", holder, DUTY_SUBJECT, e))
		return -1;
	if (status_table_index(clearance_statuses, CLR_NSTATUS, status) < 0)
		errlist_add(errs, "status", "Select active, lapsed, withdrawn or suspended");
	check_date(errs, "expiry", "expiry date", expiry, 0);
	check_len(errs, "aftercare", "Aftercare notes", aftercare, 2000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the clearance");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE clearances SET status = ?, expiry = ?, aftercare = ? WHERE id = ?", "ttti",
	               status, nz(expiry), nz(aftercare), id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No such clearance");
	}
	if (alog_writei(st, who, "update", "clearance", id, "ok", status, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* ---- compliance ----
 * Three kinds of issue for people in post (not left by today):
 *  below_post  the post requires a level and no active, unexpired clearance
 *              in the same family has that rank or higher (nor a lapsed one:
 *              that person is listed once, as lapsed, not twice);
 *  expiring    an active clearance expires within the window, and no other
 *              active clearance of that family and at least that rank runs
 *              beyond it (a renewal already granted);
 *  lapsed      a clearance marked lapsed, or active past its expiry, with no
 *              valid clearance of that family and at least that rank since.
 * ?1 today  ?2 end of window  ?3 issue ('' any)  ?4 unit (0 any)  ?5 limit  ?6 offset */
#define ISSUES_CTE \
	"WITH RECURSIVE sub(id) AS (SELECT CAST(?4 AS BIGINT) UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id), " \
	"cur AS NOT MATERIALIZED (SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname AS name, COALESCE(p.unit_id, 0) AS unit_id, " \
	"  COALESCE(u.name, '') AS unit, COALESCE(po.title, '') AS post, COALESCE(po.vetting_level, '') AS req " \
	"  FROM people p LEFT JOIN posts po ON po.id = p.post_id LEFT JOIN units u ON u.id = p.unit_id " \
	"  WHERE (p.leave_date = '' OR p.leave_date > ?1) AND (?4 = 0 OR p.unit_id IN (SELECT id FROM sub))), " \
	"valid AS NOT MATERIALIZED (SELECT cl.person_id, cl.level, cl.expiry, l.family, l.rank FROM clearances cl " \
	"  JOIN vetting_levels l ON l.code = cl.level WHERE cl.status = 'active' AND (cl.expiry = '' OR cl.expiry >= ?1)), " \
	"issues AS (" \
	" SELECT c.id, c.staff_number, c.name, c.unit_id, c.unit, c.post, c.req, " \
	"  COALESCE((SELECT string_agg(v.level, ', ') FROM valid v WHERE v.person_id = c.id), '') AS level, " \
	"  '' AS expiry, 'below_post' AS issue " \
	" FROM cur c JOIN vetting_levels r ON r.code = c.req " \
	" WHERE NOT EXISTS (SELECT 1 FROM valid v WHERE v.person_id = c.id AND v.family = r.family AND v.rank >= r.rank) " \
	"  AND NOT EXISTS (SELECT 1 FROM clearances x JOIN vetting_levels xl ON xl.code = x.level WHERE x.person_id = c.id " \
	"   AND xl.family = r.family AND xl.rank >= r.rank " \
	"   AND (x.status = 'lapsed' OR (x.status = 'active' AND x.expiry <> '' AND x.expiry < ?1))) " \
	" UNION ALL " \
	" SELECT c.id, c.staff_number, c.name, c.unit_id, c.unit, c.post, c.req, v.level, v.expiry, 'expiring' " \
	" FROM cur c JOIN valid v ON v.person_id = c.id " \
	" WHERE v.expiry <> '' AND v.expiry <= ?2 AND NOT EXISTS (SELECT 1 FROM valid w WHERE w.person_id = c.id " \
	"  AND w.family = v.family AND w.rank >= v.rank AND (w.expiry = '' OR w.expiry > ?2)) " \
	" UNION ALL " \
	" SELECT c.id, c.staff_number, c.name, c.unit_id, c.unit, c.post, c.req, cl.level, cl.expiry, 'lapsed' " \
	" FROM cur c JOIN clearances cl ON cl.person_id = c.id JOIN vetting_levels l ON l.code = cl.level " \
	" WHERE (cl.status = 'lapsed' OR (cl.status = 'active' AND cl.expiry <> '' AND cl.expiry < ?1)) " \
	"  AND NOT EXISTS (SELECT 1 FROM valid w WHERE w.person_id = c.id AND w.family = l.family AND w.rank >= l.rank)) "

static void window(struct store *st, char today[11], char end[11])
{
	date_today(today);
	int64_t days = config_int(st, "vetting.expiring_days", 90);
	if (days < 0 || days > 3650)
		days = 90;
	date_format(date_days(today) + (long)days, end);
}

/* The force's issues, computed by one statement and kept on the connection
 * with the write generation and the window they were computed for
 * (store_memo): the list, its filters, the units' table and the home card's
 * count are all read from it, so a page costs one statement at most, and
 * nothing until something is written or the day turns. */
struct cissue {
	int64_t id, unit_id;
	char *staff_number, *name, *unit, *post, *req, *level, *expiry, *issue;
};
struct cmemo {
	int64_t gen;
	char today[11], end[11];
	struct cissue *v;   /* in the page's order */
	size_t n;
	int64_t (*units)[2];   /* (id, parent) of every unit, for a unit's sub-units */
	size_t nunits;
	int have_forecast;     /* vetting_renewal_forecast's counts, kept with the rest */
	long forecast[12];
};

static void cmemo_free(void *p)
{
	struct cmemo *m = p;
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		struct cissue *c = &m->v[i];
		free(c->staff_number), free(c->name), free(c->unit), free(c->post), free(c->req), free(c->level),
			free(c->expiry), free(c->issue);
	}
	free(m->v);
	free(m->units);
	free(m);
}

static int cmemo_owner;

/* ?1 today, ?2 the window's end, ?3 '' and ?4 0 (the whole force). */
static const char issues_sql[] =
	ISSUES_CTE "SELECT id, staff_number, name, unit_id, unit, post, req, level, expiry, issue "
	"FROM issues WHERE ?3 = '' "
	"ORDER BY CASE issue WHEN 'below_post' THEN 0 WHEN 'lapsed' THEN 1 ELSE 2 END, expiry, lower(name), id";

const char *vetting_compliance_statement(void)
{
	return issues_sql;
}

/* The issues in force (owned by the connection's memo, or *fresh when it
 * could not be kept: free that with cmemo_free). */
static int issues_get(struct store *st, struct cmemo **out, struct cmemo **fresh, struct err *e)
{
	*out = *fresh = NULL;
	char today[11], end[11];
	window(st, today, end);
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &cmemo_owner, cmemo_free) : NULL;
	struct cmemo *m = slot ? *slot : NULL;
	if (m && m->gen == gen && !strcmp(m->today, today) && !strcmp(m->end, end)) {
		*out = m;
		return 0;
	}
	m = xcalloc(1, sizeof *m);
	m->gen = gen;
	memcpy(m->today, today, sizeof today);
	memcpy(m->end, end, sizeof end);
	struct stmt *s;
	size_t cap = 0;
	int r;
	if (store_query(st, &s, e, issues_sql, "ttti", today, end, "", (int64_t)0))
		goto fail;
	while ((r = stmt_next(s, e)) == 1) {
		m->v = xgrow(m->v, m->n, &cap, 256, sizeof *m->v);
		struct cissue *c = &m->v[m->n++];
		c->id = stmt_int(s, 0);
		c->staff_number = xstrdup(stmt_text(s, 1));
		c->name = xstrdup(stmt_text(s, 2));
		c->unit_id = stmt_int(s, 3);
		c->unit = xstrdup(stmt_text(s, 4));
		c->post = xstrdup(stmt_text(s, 5));
		c->req = xstrdup(stmt_text(s, 6));
		c->level = xstrdup(stmt_text(s, 7));
		c->expiry = xstrdup(stmt_text(s, 8));
		c->issue = xstrdup(stmt_text(s, 9));
	}
	stmt_done(s);
	if (r < 0)
		goto fail;
	cap = 0;
	if (store_query(st, &s, e, "SELECT id, COALESCE(parent_id, 0) FROM units", ""))
		goto fail;
	while ((r = stmt_next(s, e)) == 1) {
		m->units = xgrow(m->units, m->nunits, &cap, 64, sizeof *m->units);
		m->units[m->nunits][0] = stmt_int(s, 0);
		m->units[m->nunits++][1] = stmt_int(s, 1);
	}
	stmt_done(s);
	if (r < 0)
		goto fail;
	if (slot) {
		cmemo_free(*slot);
		*slot = m;
	} else
		*fresh = m;
	*out = m;
	return 0;
fail:
	cmemo_free(m);
	return -1;
}

/* Whether unit u is unit_id or one of its sub-units (the statement's
 * recursive sub: unit_id 0 takes everyone). */
static int in_unit(const struct cmemo *m, int64_t u, int64_t unit_id)
{
	if (unit_id == 0)
		return 1;
	for (size_t depth = 0; u && depth <= m->nunits; depth++) {
		if (u == unit_id)
			return 1;
		int64_t parent = 0;
		for (size_t i = 0; i < m->nunits; i++)
			if (m->units[i][0] == u) {
				parent = m->units[i][1];
				break;
			}
		u = parent;
	}
	return 0;
}

int vetting_compliance(struct store *st, const struct actor *who, const char *issue, int64_t unit_id, int page,
                       int per_page, compliance_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "view", "vetting_compliance", 0, "Only the vetting unit can see vetting compliance", e);
	int64_t limit = per_page < 0 ? 1000000000 : per_page > 0 && per_page <= 500 ? per_page : 50;
	int64_t offset = per_page < 0 ? 0 : (int64_t)((page > 0 ? page : 1) - 1) * limit;
	struct cmemo *m, *fresh;
	if (issues_get(st, &m, &fresh, e))
		return -1;
	const char *want = nz(issue);
	int64_t seen = 0, shown = 0;
	int stop = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct cissue *x = &m->v[i];
		if ((*want && strcmp(x->issue, want)) || !in_unit(m, x->unit_id, unit_id))
			continue;
		(*total)++;
		if (stop || seen++ < offset || seen > offset + limit)
			continue;
		struct compliance_row c;
		c.person_id = x->id;
		copy(c.staff_number, sizeof c.staff_number, x->staff_number);
		copy(c.name, sizeof c.name, x->name);
		copy(c.unit, sizeof c.unit, x->unit);
		copy(c.post, sizeof c.post, x->post);
		copy(c.required, sizeof c.required, x->req);
		copy(c.level, sizeof c.level, x->level);
		copy(c.expiry, sizeof c.expiry, x->expiry);
		copy(c.issue, sizeof c.issue, x->issue);
		stop = fn(ctx, &c);
		shown++;
	}
	if (!shown)
		*total = 0;   /* as the statement's COUNT(*) OVER () read from no row: a page past the end */
	cmemo_free(fresh);
	return 0;
}

static int cunit_cmp(const void *a, const void *b)
{
	const struct compliance_unit *x = a, *y = b;
	long nx = x->below + x->expiring + x->lapsed, ny = y->below + y->expiring + y->lapsed;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	int c = strcmp(x->unit, y->unit);
	return c ? c : x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

int vetting_compliance_units(struct store *st, const struct actor *who, cunit_fn fn, void *ctx, struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "view", "vetting_compliance", 0, "Only the vetting unit can see vetting compliance", e);
	struct cmemo *m, *fresh;
	if (issues_get(st, &m, &fresh, e))
		return -1;
	/* GROUP BY unit_id, unit */
	struct compliance_unit *u = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct cissue *x = &m->v[i];
		size_t j = 0;
		while (j < n && !(u[j].unit_id == x->unit_id && !strcmp(u[j].unit, x->unit)))
			j++;
		if (j == n) {
			u = xgrow(u, n, &cap, 64, sizeof *u);
			memset(&u[n], 0, sizeof u[n]);
			u[n].unit_id = x->unit_id;
			copy(u[n].unit, sizeof u[n].unit, x->unit);
			n++;
		}
		if (!strcmp(x->issue, "below_post"))
			u[j].below++;
		else if (!strcmp(x->issue, "expiring"))
			u[j].expiring++;
		else if (!strcmp(x->issue, "lapsed"))
			u[j].lapsed++;
	}
	if (n)
		qsort(u, n, sizeof *u, cunit_cmp);
	for (size_t j = 0; j < n && !fn(ctx, &u[j]); j++)
		;
	free(u);
	cmemo_free(fresh);
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return *x < *y ? -1 : *x > *y;
}

long vetting_refresh_count(struct store *st, const struct actor *who)
{
	if (!actor_has(who, VETTING_WORK))
		return 0;
	struct cmemo *m, *fresh;
	if (issues_get(st, &m, &fresh, NULL))
		return 0;
	/* COUNT(DISTINCT id) */
	int64_t *ids = xmalloc((m->n + 1) * sizeof *ids);
	for (size_t i = 0; i < m->n; i++)
		ids[i] = m->v[i].id;
	if (m->n)
		qsort(ids, m->n, sizeof *ids, id_cmp);
	long n = 0;
	for (size_t i = 0; i < m->n; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			n++;
	free(ids);
	cmemo_free(fresh);
	return n;
}

int vetting_renewal_forecast(struct store *st, const struct actor *who, char months[12][8], long counts[12],
                             struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "view", "vetting_compliance", 0, "Only the vetting unit can see vetting compliance", e);
	char today[11], end[11];
	date_today(today);
	int y, m, d;
	date_parse(today, &y, &m, &d);
	long first = y * 12L + (m - 1);
	for (int i = 0; i < 12; i++) {
		snprintf(months[i], 8, "%04ld-%02ld", (first + i) / 12, (first + i) % 12 + 1);
		counts[i] = 0;
	}
	long last = first + 12;
	date_format(days_from_civil((int)(last / 12), (int)(last % 12) + 1, 1) - 1, end);
	/* kept with the issues' memo when that is current (the compliance page
	 * reads both) */
	int64_t gen = store_generation(st);
	void **slot = gen >= 0 ? store_memo(st, &cmemo_owner, cmemo_free) : NULL;
	struct cmemo *memo = slot ? *slot : NULL;
	if (memo && (memo->gen != gen || strcmp(memo->today, today)))
		memo = NULL;
	if (memo && memo->have_forecast) {
		memcpy(counts, memo->forecast, sizeof memo->forecast);
		return 0;
	}
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT substr(c.expiry, 1, 7), COUNT(*) FROM clearances c JOIN people p ON p.id = c.person_id "
	                "WHERE c.status = 'active' AND c.expiry >= ? AND c.expiry <= ? "
	                "AND (p.leave_date = '' OR p.leave_date > ?) GROUP BY 1",
	                "ttt", today, end, today))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1)
		for (int i = 0; i < 12; i++)
			if (!strcmp(months[i], stmt_text(s, 0)))
				counts[i] = (long)stmt_int(s, 1);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (memo) {
		memcpy(memo->forecast, counts, sizeof memo->forecast);
		memo->have_forecast = 1;
	}
	return 0;
}

static int csv_compliance_row(void *ctx, const struct compliance_row *c)
{
	struct buf *b = ctx;
	const char *cells[] = { c->staff_number, c->name, c->unit, c->post, c->required, vetting_issue_label(c->issue),
		                c->level, c->expiry };
	csv_line(b, cells, sizeof cells / sizeof cells[0]);
	return b->oom;
}

int vetting_compliance_csv(struct store *st, const struct actor *who, const char *issue, int64_t unit_id,
                           struct buf *out, struct err *e)
{
	long total = 0;
	buf_adds(out, "staff_number,name,unit,post,post_requires,issue,clearance,expiry\n");
	if (vetting_compliance(st, who, issue, unit_id, 1, -1, csv_compliance_row, out, &total, e))
		return -1;
	if (out->oom)
		return err_set(e, ERR_NOMEM, "export too large");
	char detail[64];
	snprintf(detail, sizeof detail, "csv, %ld rows", total);
	return alog_write(st, who, "export", "vetting_compliance", "csv", "ok", detail, e);
}

/* ---- applications ---- */

/* The field list's columns, each followed by ", ": one more closes the list. */
#define APP_COLUMNS VETTING_APP_FIELDS(RECORD_SQL)
#define APP_JOINS \
	"FROM vetting_applications a LEFT JOIN accounts da ON da.id = a.decided_by " \
	"LEFT JOIN vetting_appeals ap ON ap.application_id = a.id LEFT JOIN accounts aa ON aa.id = ap.decided_by "

#define RECORD_TYPE struct vetting_app
static const struct field_desc app_fields[] = { VETTING_APP_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define NAPP_FIELDS (sizeof app_fields / sizeof app_fields[0])
static const struct record_def app_record = { app_fields, NAPP_FIELDS, sizeof(struct vetting_app),
	                                      offsetof(struct vetting_app, id), NULL, NULL };

static void read_app(struct stmt *s, struct vetting_app *a) { record_read(&app_record, s, a); }

static int load_app(struct store *st, int64_t id, struct vetting_app *a, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT " APP_COLUMNS "0 " APP_JOINS "WHERE a.id = ?", "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_app(s, a);
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No application %lld", (long long)id);
}

/* Separation of duties on application id (see vetting.h). kind: the
 * line-management rule, "vetting" for the unit's steps, "dcc" for appeals. */
static int app_duty(struct store *st, const struct actor *who, int64_t id, const char *action, const char *verb,
                    const char *type, const char *kind, struct err *e)
{
	int64_t person = 0;
	if (store_int(st, e, &person, "SELECT COALESCE(person_id, 0) FROM vetting_applications WHERE id = ?", "i",
	              id) < 0)
		return -1;
	return person ? duty_check1(st, who, action, verb, type, id, kind, person, DUTY_APPLICANT, e) : 0;
}

int vapp_may_work(struct store *st, const struct actor *who, const struct vetting_app *a)
{
	return actor_has(who, VETTING_WORK) && !duty_conflict1(st, who, "vetting", a->person_id, DUTY_APPLICANT);
}

int vapp_may_decide_appeal(struct store *st, const struct actor *who, const struct vetting_app *a)
{
	return actor_has(who, ROLE_DCC) && a->appeal_id && !a->appeal_outcome[0] &&
	       !duty_conflict1(st, who, "dcc", a->person_id, DUTY_APPLICANT);
}

int vapp_work_check(struct store *st, const struct actor *who, int64_t id, const char *action, struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, action, "vetting_application", id, "Only the vetting unit can work applications", e);
	return app_duty(st, who, id, action, "work on", "vetting_application", "vetting", e);
}

int vapp_create(struct store *st, const struct actor *who, const struct vapp_input *in, int64_t *id,
                struct errlist *errs, struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "create", "vetting_application", 0, "Only the vetting unit can record applications", e);
	char today[11];
	date_today(today);
	int64_t person = 0;
	if (!*nz(in->applicant_name))
		errlist_add(errs, "applicant_name", "Enter the applicant's name");
	check_len(errs, "applicant_name", "Name", in->applicant_name, 200);
	if (label_index(vetting_kinds, VET_NKIND, in->kind) < 0)
		errlist_add(errs, "kind", "Select the kind of applicant");
	if (!*nz(in->level) || !level_exists(st, in->level))
		errlist_add(errs, "level", "Select the level sought");
	check_len(errs, "post", "Post", in->post, 200);
	check_date(errs, "received", "date received", in->received, 1);
	if (*nz(in->received) && date_valid(in->received) && strcmp(in->received, today) > 0)
		errlist_add(errs, "received", "The date received must be today or in the past");
	check_date(errs, "initial_done", "date initial checks completed", in->initial_done, 0);
	check_date(errs, "full_started", "date full vetting started", in->full_started, 0);
	if (*nz(in->staff_number)) {
		if (person_id_by_staff_number(st, in->staff_number, &person, NULL) || !person)
			errlist_add(errs, "staff_number", "No person has staff number %s", in->staff_number);
	} else if (!strcmp(nz(in->kind), "internal")) {
		errlist_add(errs, "staff_number", "Enter the staff number of an internal applicant");
	}
	check_len(errs, "submit_key", "Form key", in->submit_key, 64);
	if (person && duty_check1(st, who, "create", "record", "vetting_application", 0, "vetting", person,
	                          DUTY_APPLICANT, e))
		return -1;
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the application");
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	if (store_begin(st, e))
		return -1;
	if (key) {
		int64_t existing;
		int r = store_int(st, e, &existing, "SELECT id FROM vetting_applications WHERE submit_key = ?", "t", key);
		if (r < 0)
			goto fail;
		if (r == 1) {
			store_rollback(st);
			*id = existing;
			return 0;
		}
	}
	char now[21], tmpref[40];
	time_now_iso(now);
	snprintf(tmpref, sizeof tmpref, "new-%s-%s", now, key ? key : "x");
	if (store_exec(st, e,
	               "INSERT INTO vetting_applications(application_ref, person_id, applicant_name, applicant_kind, "
	               "level, post, received, initial_done, full_started, stage_reached, created_at, created_by, "
	               "submit_key) VALUES(?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "titttttttt" "tit", tmpref, person, in->applicant_name, in->kind, in->level, nz(in->post),
	               in->received, nz(in->initial_done), nz(in->full_started),
	               *nz(in->full_started) ? "full" : "initial", now, who->account_id, key))
		goto fail;
	*id = store_last_id(st);
	char ref[24];
	snprintf(ref, sizeof ref, "VA%06lld", (long long)*id);
	if (store_exec(st, e, "UPDATE vetting_applications SET application_ref = ? WHERE id = ?", "ti", ref, *id) ||
	    alog_writei(st, who, "create", "vetting_application", *id, "ok", ref, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int vapp_get(struct store *st, const struct actor *who, int64_t id, struct vetting_app *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (load_app(st, id, out, e)) {
		if (e && e->code == ERR_NOTFOUND)
			alog_writei(st, who, "view", "vetting_application", id, "failed", "not found", NULL);
		return -1;
	}
	int ok = actor_has(who, VETTING_WORK) || (actor_has(who, ROLE_DCC) && out->appeal_id);
	/* Never their own application, nor (duty.line_manager.<kind>) one of
	 * someone they line-manage: seeing it is the first step to deciding it. */
	if (!ok || (who->person_id && out->person_id == who->person_id) ||
	    (out->person_id && duty_conflict1(st, who, actor_has(who, VETTING_WORK) ? "vetting" : "dcc",
	                                      out->person_id, DUTY_APPLICANT))) {
		memset(out, 0, sizeof *out);
		return deny(st, who, "view", "vetting_application", id, "You do not have access to this application", e);
	}
	return alog_writei(st, who, "view", "vetting_application", id, "ok", "", e); /* no read without its row */
}

int vapp_stages(struct store *st, const struct actor *who, int64_t id, const char *initial_done,
                const char *full_started, struct errlist *errs, struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "update", "vetting_application", id, "Only the vetting unit can update applications", e);
	if (app_duty(st, who, id, "update", "change the stages of", "vetting_application", "vetting", e))
		return -1;
	check_date(errs, "initial_done", "date initial checks completed", initial_done, 0);
	check_date(errs, "full_started", "date full vetting started", full_started, 0);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the dates");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE vetting_applications SET initial_done = ?, full_started = ?, "
	               "stage_reached = CASE WHEN ? <> '' THEN 'full' ELSE stage_reached END "
	               "WHERE id = ? AND outcome = ''", "ttti", nz(initial_done), nz(full_started), nz(full_started), id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This application has already been decided or does not exist");
	}
	if (alog_writei(st, who, "update", "vetting_application", id, "ok", "stages", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int vapp_decide(struct store *st, const struct actor *who, int64_t id, const struct vapp_decision *d,
                struct errlist *errs, struct err *e)
{
	static const char *const outcomes[] = { "granted", "granted_with_conditions", "refused", "withdrawn", NULL };
	static const char *const stages[] = { "initial", "full", NULL };
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "decide", "vetting_application", id, "Only the vetting unit can decide applications", e);
	if (app_duty(st, who, id, "decide", "decide", "vetting_application", "vetting", e))
		return -1;
	struct vetting_app *a = xmalloc(sizeof *a);
	int rc = load_app(st, id, a, e);
	int own = who->person_id && a->person_id == who->person_id;
	int decided = a->outcome[0] != 0;
	char received[11];
	copy(received, sizeof received, a->received);
	free(a);
	if (rc)
		return -1;
	if (own)
		return deny(st, who, "decide", "vetting_application", id, "You cannot decide your own application", e);
	if (decided) {
		alog_writei(st, who, "decide", "vetting_application", id, "refused", "already decided", NULL);
		return err_set(e, ERR_CONFLICT, "This application has already been decided");
	}
	const char *o = nz(d->outcome), *g = nz(d->ground);
	if (!is_one_of(o, outcomes))
		errlist_add(errs, "outcome", "Select the outcome");
	if (!strcmp(o, "granted_with_conditions") && !*nz(d->conditions))
		errlist_add(errs, "conditions", "Set out the conditions (risk mitigation)");
	check_len(errs, "conditions", "Conditions", d->conditions, 2000);
	if (!is_one_of(nz(d->stage), stages))
		errlist_add(errs, "stage", "Select the stage the application reached");
	if (!strcmp(o, "refused")) {
		if (!is_ground(g))
			errlist_add(errs, "ground", "Select the grounds for refusal");
	} else if (*g) {
		errlist_add(errs, "ground", "Grounds for refusal apply only to a refusal");
	}
	if (strcmp(o, "withdrawn") && !*nz(d->rationale))
		errlist_add(errs, "rationale", "Write the rationale for the decision");
	check_len(errs, "rationale", "Rationale", d->rationale, 4000);
	check_date(errs, "decided", "decision date", d->decided, 1);
	char today[11];
	date_today(today);
	if (date_valid(nz(d->decided)) && (strcmp(d->decided, today) > 0 || strcmp(d->decided, received) < 0))
		errlist_add(errs, "decided", "The decision date must be between the date received and today");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the decision");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE vetting_applications SET outcome = ?, stage_reached = ?, refusal_ground = ?, "
	               "conditions = ?, rationale = ?, decided = ?, decided_by = ? WHERE id = ? AND outcome = ''",
	               "tttttt" "ii", o, d->stage, g, nz(d->conditions), nz(d->rationale), d->decided, who->account_id, id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This application has already been decided");
	}
	if (alog_writei(st, who, "decide", "vetting_application", id, "ok", o, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int vapps_list(struct store *st, const struct actor *who, const char *status, int page, int per_page, vapp_fn fn,
               void *ctx, long *total, struct err *e)
{
	*total = 0;
	int dcc_only = !actor_has(who, VETTING_WORK);
	if (dcc_only && !actor_has(who, ROLE_DCC))
		return deny(st, who, "view", "vetting_applications", 0, "Only the vetting unit can see applications", e);
	if (dcc_only)
		status = "appealed";
	if (alog_list(st, who, "vetting_application", dcc_only ? "appealed" : "all", e, "status=%s page=%d", nz(status),
	              page))
		return -1;
	int64_t limit = list_limit(per_page), offset = list_offset(per_page, page); /* per_page -1: all */
	/* The list leaves out the reader's own applications and those of the
	 * people they line-manage, to the depth duty.line_manager.<kind> sets
	 * (1 direct reports, 2 the whole chain below): vapp_get refuses them. */
	int64_t depth = config_int(st, dcc_only ? "duty.line_manager.dcc" : "duty.line_manager.vetting", 0);
	int64_t me = who ? who->person_id : 0;
	/* The page walks vetting_applications_received and stops after it; the
	 * count is its own narrow statement (a window count built every row,
	 * every column, and sorted them all: issue 25). */
#define VAPPS_MANAGED \
	"WITH RECURSIVE managed(id, d) AS (SELECT id, 1 FROM people WHERE ?4 <> 0 AND ?5 > 0 AND " \
	"manager_id = ?4 UNION ALL SELECT p.id, m.d + 1 FROM people p JOIN managed m ON p.manager_id = m.id " \
	"WHERE ?5 > 1 AND m.d < 64) "
#define VAPPS_WHERE \
	"WHERE CASE ?1 WHEN 'open' THEN a.outcome = '' WHEN 'decided' THEN a.outcome <> '' " \
	"WHEN 'refused' THEN a.outcome = 'refused' WHEN 'appealed' THEN ap.id IS NOT NULL ELSE 1 = 1 END " \
	"AND (a.person_id IS NULL OR (a.person_id <> ?4 AND a.person_id NOT IN (SELECT id FROM managed))) "
	struct stmt *s;
	if (store_query(st, &s, e,
	                VAPPS_MANAGED "SELECT " APP_COLUMNS "0 " APP_JOINS VAPPS_WHERE
	                "ORDER BY a.received DESC, a.id DESC LIMIT ?2 OFFSET ?3",
	                "tiiii", nz(status), limit, offset, me, depth))
		return -1;
	struct vetting_app *a = xmalloc(sizeof *a);
	int r, stop = 0, rows = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(a, 0, sizeof *a);
		read_app(s, a);
		rows++;
		stop = fn(ctx, a);
	}
	free(a);
	stmt_done(s);
	if (!stop && r < 0)
		return -1;
	/* the count reads every application (two thirds of the page's CPU):
	 * kept per status and reader with the write generation */
	char key[160];
	snprintf(key, sizeof key, "vapps|%.80s|%lld|%lld", nz(status), (long long)me, (long long)depth);
	int64_t n = 0, *kept = rows ? list_count_kept(st, key) : NULL;
	if (kept && *kept >= 0)
		n = *kept;
	else if (rows && store_int(st, e, &n,
	                           VAPPS_MANAGED "SELECT COUNT(*) FROM vetting_applications a "
	                           "LEFT JOIN vetting_appeals ap ON ap.application_id = a.id " VAPPS_WHERE
	                           "AND ?2 = ?2 AND ?3 = ?3",
	                           "tiiii", nz(status), limit, offset, me, depth) < 0)
		return -1;
	else if (kept)
		*kept = n;
	*total = (long)n;   /* 0 on a page past the end, as before */
	return 0;
#undef VAPPS_MANAGED
#undef VAPPS_WHERE
}

/* ---- the equality scheme ---- */

/* Answers per characteristic in dp_characteristics order, NULL-terminated;
 * ethnicity's broad groups are in eth_groups below. */
static const char *const eq_answers[DP_NCHAR][12] = {
	{ NULL },
	{ "Female", "Male", NULL },
	{ "18-24", "25-34", "35-44", "45-54", "55+", NULL },
	{ "Yes", "No", NULL },
	{ "No religion", "Buddhist", "Christian", "Hindu", "Jewish", "Muslim", "Sikh", "Any other religion", NULL },
	{ "Heterosexual or straight", "Gay or lesbian", "Bisexual", "Other sexual orientation", NULL },
};
static const char *const eq_expected[DP_NCHAR] = {
	"a broad ethnic group (White, Mixed, Asian, Black, Other, or as the census spells them, e.g. \"Asian or Asian "
	"British\"), optionally \": \" and a 2021 census detailed group (e.g. \"Asian or Asian British: Pakistani\"), "
	"Prefer not to say or blank",
	"Female, Male, Prefer not to say or blank",
	"18-24, 25-34, 35-44, 45-54, 55+, Prefer not to say or blank",
	"Yes, No, Prefer not to say or blank",
	"No religion, Buddhist, Christian, Hindu, Jewish, Muslim, Sikh, Any other religion, Prefer not to say or blank",
	"Heterosexual or straight, Gay or lesbian, Bisexual, Other sexual orientation, Prefer not to say or blank",
};

/* The five broad ethnic groups: the names each goes by (short, the form's,
 * the 2021 census's) and its 2021 census detailed groups, with the older
 * "Any other … background" and "Other …" spellings forces still use. */
static const struct eth_group {
	const char *stored;     /* the group as stored before ": detail" */
	const char *heading;    /* the 2021 census heading the form shows */
	int ons;                /* details[0..ons-1] are the 2021 census groups (19 in all) */
	const char *names[5];
	const char *details[8];
} eth_groups[] = {
	{ "White", "White", 5, { "White", NULL },
	  { "English, Welsh, Scottish, Northern Irish or British", "Irish", "Gypsy or Irish Traveller", "Roma",
	    "Other White", "Any other White background", NULL } },
	{ "Mixed or Multiple", "Mixed or Multiple ethnic groups", 4, { "Mixed", "Mixed or multiple ethnic groups", "Mixed or Multiple ethnic groups", "Mixed or Multiple", NULL },
	  { "White and Black Caribbean", "White and Black African", "White and Asian",
	    "Other Mixed or Multiple ethnic groups", "Any other Mixed or multiple ethnic background", NULL } },
	{ "Asian or Asian British", "Asian, Asian British or Asian Welsh", 5, { "Asian", "Asian or Asian British", "Asian, Asian British or Asian Welsh", NULL },
	  { "Indian", "Pakistani", "Bangladeshi", "Chinese", "Other Asian", "Any other Asian background", NULL } },
	{ "Black, Black British, Caribbean or African", "Black, Black British, Black Welsh, Caribbean or African", 3,
	  { "Black", "Black, Black British, Caribbean or African", "Black, Black British, Black Welsh, Caribbean or African",
	    NULL },
	  { "Caribbean", "African", "Other Black", "Any other Black, Black British, or Caribbean background", NULL } },
	{ "Other ethnic group", "Other ethnic group", 2, { "Other", "Other ethnic group", NULL },
	  { "Arab", "Any other ethnic group", NULL } },
};

static int in_list(const char *const *list, const char *v, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncmp(*list, v, n))
			return 1;
	return 0;
}

int vetting_equality_valid(int characteristic, const char *v)
{
	if (characteristic < 0 || characteristic >= DP_NCHAR)
		return 0;
	if (!v || !*v || !strcmp(v, "Prefer not to say"))
		return 1;
	if (characteristic != 0)
		return in_list(eq_answers[characteristic], v, strlen(v));
	const char *colon = strstr(v, ": ");
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	for (size_t g = 0; g < sizeof eth_groups / sizeof eth_groups[0]; g++)
		if (in_list(eth_groups[g].names, v, n))
			return !colon || in_list(eth_groups[g].details, colon + 2, strlen(colon + 2));
	return 0;
}

void vetting_equality_options(int characteristic, equality_option_fn fn, void *ctx)
{
	char v[192];
	if (characteristic == 0) {
		for (size_t g = 0; g < sizeof eth_groups / sizeof eth_groups[0]; g++)
			for (int d = 0; d < eth_groups[g].ons; d++) {
				snprintf(v, sizeof v, "%s: %s", eth_groups[g].stored, eth_groups[g].details[d]);
				fn(ctx, d == 0 ? eth_groups[g].heading : NULL, v, eth_groups[g].details[d]);
			}
	} else if (characteristic > 0 && characteristic < DP_NCHAR) {
		for (const char *const *a = eq_answers[characteristic]; *a; a++)
			fn(ctx, NULL, *a, *a);
	} else {
		return;
	}
	fn(ctx, NULL, "Prefer not to say", "Prefer not to say");
}

const char *vetting_equality_broad(const char *v)
{
	if (!v || !*v)
		return DP_NOT_DECLARED;
	if (!strcmp(v, "Prefer not to say"))
		return v;
	static const char *const broad[] = { "White", "Mixed", "Asian", "Black", "Other ethnic group" };
	const char *colon = strstr(v, ": ");
	size_t n = colon ? (size_t)(colon - v) : strlen(v);
	for (size_t g = 0; g < sizeof eth_groups / sizeof eth_groups[0]; g++)
		if (in_list(eth_groups[g].names, v, n))
			return broad[g];
	return v;
}

int vapp_equality_may_enter(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	if (!actor_has(who, ROLE_EQUALITY))
		return deny(st, who, "update", "vetting_equality", id,
		            "Only equality monitoring or an import records equality data; the vetting unit never does", e);
	return 0;
}

const char *vetting_equality_expected(int characteristic)
{
	return characteristic >= 0 && characteristic < DP_NCHAR ? eq_expected[characteristic] : "";
}

/* Check and store values for application id; with link_hash, the link is
 * marked used in the same transaction (ERR_NOTFOUND when it no longer
 * works). */
static int equality_store(struct store *st, const struct actor *who, int64_t id, const char *const values[DP_NCHAR],
                          const char *link_hash, struct errlist *errs, struct err *e);

int vapp_equality_set(struct store *st, const struct actor *who, int64_t id, const char *const values[DP_NCHAR],
                      struct errlist *errs, struct err *e)
{
	/* blind vetting: the vetting unit, which decides, neither reads nor writes it */
	if (vapp_equality_may_enter(st, who, id, e))
		return -1;
	return equality_store(st, who, id, values, NULL, errs, e);
}

/* ---- the applicant's one-time link ---- */

static void link_hash(const char *token, char out[TOKEN_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token),
	                   (const unsigned char *)"probity-equality-link-v1", 24);
	sodium_bin2hex(out, TOKEN_HEX, h, sizeof h);
}

static void link_actor(struct actor *a)
{
	memset(a, 0, sizeof *a);
	snprintf(a->username, sizeof a->username, "applicant-link");
	snprintf(a->name, sizeof a->name, "the applicant (one-time link)");
}

int vapp_equality_link(struct store *st, const struct actor *who, int64_t id, char token[TOKEN_HEX], char expires[11],
                       struct err *e)
{
	token[0] = 0;
	if (vapp_work_check(st, who, id, "create", e))
		return -1;
	int64_t days = config_int(st, "vetting.equality_link_days", 30);
	if (days < 1)
		days = 1;
	char today[11], now[21], hash[TOKEN_HEX];
	date_today(today);
	date_format(date_days(today) + (long)days, expires);
	time_now_iso(now);
	token_random(token);
	link_hash(token, hash);
	if (store_begin(st, e))
		return -1;
	/* one live link per application: a new one replaces any unused one */
	if (store_exec(st, e, "DELETE FROM vetting_equality_links WHERE application_id = ? AND used_at = ''", "i", id) ||
	    store_exec(st, e,
	               "INSERT INTO vetting_equality_links(token_hash, application_id, created_at, created_by, expires) "
	               "VALUES(?, ?, ?, ?, ?)", "titit", hash, id, now, who->account_id, expires) ||
	    alog_writei(st, who, "create", "vetting_equality_link", id, "ok", expires, e)) {
		store_rollback(st);
		token[0] = 0;
		return -1;
	}
	return store_commit(st, e);
}

/* The application a live link is for, or ERR_NOTFOUND (logged). */
static int link_app(struct store *st, const char *token, char hash[TOKEN_HEX], int64_t *id, struct err *e)
{
	struct actor a;
	link_actor(&a);
	*id = 0;
	char today[11];
	date_today(today);
	if (token_wellformed(token)) {
		link_hash(token, hash);
		if (store_int(st, NULL, id,
		              "SELECT application_id FROM vetting_equality_links WHERE token_hash = ? AND used_at = '' "
		              "AND expires >= ?", "tt", hash, today) != 1)
			*id = 0;
	}
	if (!*id) {
		alog_write(st, &a, "view", "vetting_equality_link", "", "refused", "unknown, used or expired link", NULL);
		return err_set(e, ERR_NOTFOUND, "This link has been used, has expired or is not right");
	}
	return 0;
}

int vapp_equality_link_check(struct store *st, const char *token, struct err *e)
{
	char hash[TOKEN_HEX];
	int64_t id;
	if (link_app(st, token, hash, &id, e))
		return -1;
	struct actor a;
	link_actor(&a);
	alog_writei(st, &a, "view", "vetting_equality_link", id, "ok", "", NULL);
	return 0;
}

int vapp_equality_by_link(struct store *st, const char *token, const char *const values[DP_NCHAR],
                          struct errlist *errs, struct err *e)
{
	char hash[TOKEN_HEX];
	int64_t id;
	if (link_app(st, token, hash, &id, e))
		return -1;
	struct actor a;
	link_actor(&a);
	return equality_store(st, &a, id, values, hash, errs, e);
}

static int equality_store(struct store *st, const struct actor *who, int64_t id, const char *const values[DP_NCHAR],
                          const char *link, struct errlist *errs, struct err *e)
{
	for (int i = 0; i < DP_NCHAR; i++)
		if (!vetting_equality_valid(i, values[i]))
			errlist_add(errs, dp_characteristics[i], "%s must be one of: %s", dp_characteristic_labels[i],
			            vetting_equality_expected(i));
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the equality information");
	if (store_begin(st, e))
		return -1;
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM vetting_applications WHERE id = ?", "i", id) < 0)
		goto fail;
	if (!n) {
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No such application");
	}
	if (link) {
		char now[21];
		time_now_iso(now);
		if (store_exec(st, e, "UPDATE vetting_equality_links SET used_at = ? WHERE token_hash = ? AND used_at = ''",
		               "tt", now, link))
			goto fail;
		if (store_changes(st) != 1) {
			store_rollback(st);
			return err_set(e, ERR_NOTFOUND, "This link has been used, has expired or is not right");
		}
	}
	if (store_exec(st, e,
	               "INSERT INTO vetting_equality(application_id, ethnicity, sex, age_band, disability, religion, "
	               "sexual_orientation) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(application_id) DO UPDATE SET "
	               "ethnicity = excluded.ethnicity, sex = excluded.sex, age_band = excluded.age_band, "
	               "disability = excluded.disability, religion = excluded.religion, "
	               "sexual_orientation = excluded.sexual_orientation",
	               "itttttt", id, nz(values[0]), nz(values[1]), nz(values[2]), nz(values[3]), nz(values[4]),
	               nz(values[5])) ||
	    alog_writei(st, who, "update", "vetting_equality", id, "ok", "", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int vapp_equality_recorded(struct store *st, int64_t id)
{
	int64_t n = 0;
	return store_int(st, NULL, &n, "SELECT COUNT(*) FROM vetting_equality WHERE application_id = ?", "i", id) == 1 &&
	       n > 0;
}

int vapp_appeal_lodge(struct store *st, const struct actor *who, int64_t id, const char *received,
                      const char *grounds, struct errlist *errs, struct err *e)
{
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "create", "vetting_appeal", id, "Only the vetting unit can record an appeal", e);
	if (app_duty(st, who, id, "create", "record an appeal on", "vetting_appeal", "vetting", e))
		return -1;
	struct vetting_app *a = xmalloc(sizeof *a);
	int rc = load_app(st, id, a, e);
	int refused = !strcmp(a->outcome, "refused"), appealed = a->appeal_id != 0;
	char decided[11];
	copy(decided, sizeof decided, a->decided);
	free(a);
	if (rc)
		return -1;
	if (!refused || appealed)
		return err_set(e, ERR_CONFLICT, appealed ? "An appeal has already been recorded"
		                                         : "Only a refusal can be appealed");
	check_date(errs, "appeal_received", "date the appeal was received", received, 1);
	if (date_valid(nz(received)) && strcmp(received, decided) < 0)
		errlist_add(errs, "appeal_received", "The appeal cannot be received before the decision");
	if (!*nz(grounds))
		errlist_add(errs, "grounds", "Enter the grounds of appeal");
	check_len(errs, "grounds", "Grounds", grounds, 4000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the appeal");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO vetting_appeals(application_id, received, grounds, created_at, created_by) "
	               "VALUES(?, ?, ?, ?, ?)", "ittti", id, received, grounds, now, who->account_id))
		goto fail;
	if (alog_writei(st, who, "create", "vetting_appeal", id, "ok", "", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int vapp_appeal_decide(struct store *st, const struct actor *who, int64_t id, const char *outcome, const char *reason,
                       const char *decided, struct errlist *errs, struct err *e)
{
	static const char *const outs[] = { "upheld", "overturned", NULL };
	if (!actor_has(who, ROLE_DCC))
		return deny(st, who, "decide", "vetting_appeal", id, "Only the deputy chief constable decides appeals", e);
	if (app_duty(st, who, id, "decide", "decide the appeal on", "vetting_appeal", "dcc", e))
		return -1;
	if (!is_one_of(nz(outcome), outs))
		errlist_add(errs, "appeal_outcome", "Select upheld or overturned");
	if (!*nz(reason))
		errlist_add(errs, "reason", "Give the reason for the decision");
	check_len(errs, "reason", "Reason", reason, 4000);
	check_date(errs, "appeal_decided", "date of the appeal decision", decided, 1);
	char today[11];
	date_today(today);
	if (date_valid(nz(decided)) && strcmp(decided, today) > 0)
		errlist_add(errs, "appeal_decided", "The date of the appeal decision must be today or in the past");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the appeal decision");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE vetting_appeals SET outcome = ?, reason = ?, decided = ?, decided_by = ? "
	               "WHERE application_id = ? AND outcome = '' AND received <= ?",
	               "tttiit", outcome, reason, decided, who->account_id, id, decided))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		alog_writei(st, who, "decide", "vetting_appeal", id, "refused", "no open appeal", NULL);
		return err_set(e, ERR_CONFLICT, "There is no open appeal on this application received by that date");
	}
	if (alog_writei(st, who, "decide", "vetting_appeal", id, "ok", outcome, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* ---- timeliness ---- */

double quantile_sorted(const double *x, size_t n, double q)
{
	if (!n)
		return NAN;
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);
	size_t hi = lo + 1 < n ? lo + 1 : lo;
	return x[lo] + (h - (double)lo) * (x[hi] - x[lo]);
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int vetting_timeliness(struct store *st, const struct actor *who, const char *from, const char *to,
                       timeliness_fn fn, void *ctx, struct err *e)
{
	if (!actor_has(who, VETTING_REPORT_INTERNAL))
		return deny(st, who, "view", "vetting_timeliness", 0, "Only the vetting unit can see timeliness", e);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT substr(decided, 1, 7), level, stage_reached, "
	                "decided, received FROM vetting_applications "
	                "WHERE outcome IN ('granted', 'granted_with_conditions', 'refused') AND decided <> '' "
	                "AND (?1 = '' OR decided >= ?1) AND (?2 = '' OR decided <= ?2) "
	                "ORDER BY 1 DESC, 2, 3", "tt", nz(from), nz(to)))
		return -1;
	double *x = NULL;
	size_t n = 0, cap = 0;
	struct timeliness_row cur;
	memset(&cur, 0, sizeof cur);
	int r, stop = 0;
	for (;;) {
		r = stmt_next(s, e);
		int same = r == 1 && !strcmp(cur.month, stmt_text(s, 0)) && !strcmp(cur.level, stmt_text(s, 1)) &&
		           !strcmp(cur.stage, stmt_text(s, 2));
		if (!same && n) {
			qsort(x, n, sizeof *x, dbl_cmp);
			cur.n = (long)n;
			cur.median = quantile_sorted(x, n, 0.5);
			cur.p90 = quantile_sorted(x, n, 0.9);
			stop = fn(ctx, &cur);
			n = 0;
		}
		if (r != 1 || stop)
			break;
		if (!same) {
			copy(cur.month, sizeof cur.month, stmt_text(s, 0));
			copy(cur.level, sizeof cur.level, stmt_text(s, 1));
			copy(cur.stage, sizeof cur.stage, stmt_text(s, 2));
		}
		x = xgrow(x, n, &cap, 256, sizeof *x);
		/* Days taken, counted here so the SQL has no date arithmetic. */
		long dd = date_days(stmt_text(s, 3)), dr = date_days(stmt_text(s, 4));
		x[n++] = dd >= 0 && dr >= 0 ? (double)(dd - dr) : 0.0;
	}
	free(x);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* ---- leavers ---- */

int leaver_add(struct store *st, const struct actor *who, const char *staff_number, const char *reason,
               const char *list, const char *left_on, const char *notes, struct errlist *errs, struct err *e)
{
	static const char *const reasons[] = { "dismissed", "left_under_investigation", NULL };
	static const char *const lists[] = { "barred", "advisory", NULL };
	if (!actor_has(who, VETTING_WORK | ROLE_PSD))
		return deny(st, who, "create", "vetting_leaver", 0, "Only the vetting unit or PSD can record leavers", e);
	int64_t person = 0;
	if (!*nz(staff_number))
		errlist_add(errs, "staff_number", "Enter the leaver's staff number");
	else if (person_id_by_staff_number(st, staff_number, &person, NULL) || !person)
		errlist_add(errs, "staff_number", "No person has staff number %s", staff_number);
	if (!is_one_of(nz(reason), reasons))
		errlist_add(errs, "reason", "Select dismissed or left under investigation");
	if (!is_one_of(nz(list), lists))
		errlist_add(errs, "list", "Select the barred list or the advisory list");
	check_date(errs, "left_on", "date they left", left_on, 1);
	check_len(errs, "notes", "Notes", notes, 1000);
	if (person && duty_check1(st, who, "create", "record", "vetting_leaver", 0, "vetting", person, DUTY_SUBJECT, e))
		return -1;
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the leaver");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO vetting_leavers(person_id, reason, list, left_on, notes, created_at, created_by) "
	               "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(person_id, list) DO NOTHING",
	               "itttt" "ti", person, reason, list, left_on, nz(notes), now, who->account_id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		errlist_add(errs, "staff_number", "This person is already recorded for the %s list", list);
		return err_set(e, ERR_INPUT, "already recorded");
	}
	if (alog_writei(st, who, "create", "vetting_leaver", store_last_id(st), "ok", list, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int leaver_may_update(struct store *st, const struct actor *who, const struct vetting_leaver *l)
{
	return actor_has(who, VETTING_WORK | ROLE_PSD) && !duty_conflict1(st, who, "vetting", l->person_id, DUTY_SUBJECT);
}

int leaver_notified(struct store *st, const struct actor *who, int64_t id, const char *date, struct errlist *errs,
                    struct err *e)
{
	if (!actor_has(who, VETTING_WORK | ROLE_PSD))
		return deny(st, who, "update", "vetting_leaver", id, "Only the vetting unit or PSD can record notification", e);
	int64_t leaver = 0;
	if (store_int(st, e, &leaver, "SELECT person_id FROM vetting_leavers WHERE id = ?", "i", id) < 0)
		return -1;
	if (leaver && duty_check1(st, who, "update", "record the notification of", "vetting_leaver", id, "vetting", leaver,
	                          DUTY_SUBJECT, e))
		return -1;
	check_date(errs, "notified_on", "date notified", date, 1);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the date");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE vetting_leavers SET notified_on = ? WHERE id = ? AND left_on <= ?", "tit", date,
	               id, date))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		errlist_add(errs, "notified_on", "The date notified cannot be before the date they left");
		return err_set(e, ERR_INPUT, "bad date");
	}
	if (alog_writei(st, who, "update", "vetting_leaver", id, "ok", "notified", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int leavers_list(struct store *st, const struct actor *who, leaver_fn fn, void *ctx, struct err *e)
{
	if (!actor_has(who, VETTING_WORK | ROLE_PSD))
		return deny(st, who, "view", "vetting_leavers", 0, "Only the vetting unit or PSD can see this list", e);
	if (alog_list(st, who, "vetting_leaver", "all", e, "%s", ""))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT l.id, l.person_id, p.staff_number, p.forenames || ' ' || p.surname, l.reason, l.list, "
	                "l.left_on, l.notified_on, l.notes FROM vetting_leavers l JOIN people p ON p.id = l.person_id "
	                "ORDER BY l.notified_on <> '', l.left_on DESC, l.id DESC", ""))
		return -1;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		struct vetting_leaver l;
		l.id = stmt_int(s, 0);
		l.person_id = stmt_int(s, 1);
		copy(l.staff_number, sizeof l.staff_number, stmt_text(s, 2));
		copy(l.name, sizeof l.name, stmt_text(s, 3));
		copy(l.reason, sizeof l.reason, stmt_text(s, 4));
		copy(l.list, sizeof l.list, stmt_text(s, 5));
		copy(l.left_on, sizeof l.left_on, stmt_text(s, 6));
		copy(l.notified_on, sizeof l.notified_on, stmt_text(s, 7));
		copy(l.notes, sizeof l.notes, stmt_text(s, 8));
		stop = fn(ctx, &l);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* ---- the start page ---- */

int vetting_counts_get(struct store *st, const struct actor *who, struct vetting_counts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!actor_has(who, VETTING_WORK))
		return deny(st, who, "view", "vetting_counts", 0, "Only the vetting unit can see this", e);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT (SELECT COUNT(*) FROM vetting_applications WHERE outcome = ''), "
	                "(SELECT COUNT(*) FROM vetting_tasks WHERE status = 'open'), "
	                "(SELECT COUNT(*) FROM vetting_appeals WHERE outcome = ''), "
	                "(SELECT COUNT(*) FROM vetting_leavers WHERE notified_on = '')", ""))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		out->open_apps = (long)stmt_int(s, 0);
		out->open_tasks = (long)stmt_int(s, 1);
		out->open_appeals = (long)stmt_int(s, 2);
		out->unnotified_leavers = (long)stmt_int(s, 3);
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

void vetting_post_level(struct store *st, int64_t person_id, char out[16])
{
	out[0] = 0;
	store_text(st, NULL, out, 16,
	           "SELECT po.vetting_level FROM people p JOIN posts po ON po.id = p.post_id WHERE p.id = ?", "i", person_id);
}

int vapp_exists(struct store *st, int64_t id)
{
	int64_t n = 0;
	return store_int(st, NULL, &n, "SELECT COUNT(*) FROM vetting_applications WHERE id = ?", "i", id) == 1 && n > 0;
}

/* ---- the report ---- */

int vetting_report(struct store *st, const struct actor *who, const char *from, const char *to,
                   struct dp_report *r, int *published, struct err *e)
{
	return vetting_report_level(st, who, from, to, 0, r, published, e);
}

int vetting_report_level(struct store *st, const struct actor *who, const char *from, const char *to, int broad,
                         struct dp_report *r, int *published, struct err *e)
{
	memset(r, 0, sizeof *r);
	if (!actor_has(who, VETTING_REPORT_ANY))
		return deny(st, who, "view", "vetting_disproportionality", 0,
		            "Only the vetting unit, the DCC, equality monitoring and the scrutiny panel can see this report", e);
	*published = !actor_has(who, ROLE_EQUALITY);
	if (dp_build_level(st, from, to, broad, r, e))
		return -1;
	alog_write(st, who, "view", "vetting_disproportionality", *published ? "published" : "internal", "ok", "", NULL);
	return 0;
}
