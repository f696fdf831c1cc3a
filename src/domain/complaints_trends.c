/* complaints_trends.c — the trends PSD, the DCC and analysts watch between
 * bulletins (docs/complaints.md, "Trends"): allegations per 1,000 employees
 * by category and quarter, by area or directorate and by handling route;
 * timeliness medians and 90th percentiles; complaint cases open more than
 * 12 months. The counting rules are the bulletin's (complaints.c): only
 * kind complaint, "logged in a quarter" by the logged date, working days
 * from the bank-holiday calendar. Every count goes through disclosure
 * control (disclosure.h) for everyone but the equality role. */
#include "domain/complaints.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/disclosure.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The quarter (0-based index into t->q) holding d, or -1. */
static int quarter_of(const struct cpl_trends *t, const char *d)
{
	for (int i = 0; i < t->nq; i++)
		if (cpl_in_range(d, t->q[i].from, t->q[i].to))
			return i;
	return -1;
}

/* The eight calendar quarters ending with the one holding `to` (that one
 * ends at `to`). */
static void quarters(struct cpl_trends *t, const char *to)
{
	int y, m, d;
	date_parse(to, &y, &m, &d);
	int q = (m - 1) / 3; /* 0..3 */
	t->nq = CPL_TREND_QUARTERS;
	for (int i = CPL_TREND_QUARTERS - 1; i >= 0; i--) {
		int m1 = q * 3 + 1;
		date_format(days_from_civil(y, m1, 1), t->q[i].from);
		if (i == CPL_TREND_QUARTERS - 1)
			snprintf(t->q[i].to, sizeof t->q[i].to, "%s", to);
		else
			date_format(days_from_civil(m1 == 10 ? y + 1 : y, m1 == 10 ? 1 : m1 + 3, 1) - 1, t->q[i].to);
		snprintf(t->q[i].label, sizeof t->q[i].label, "Q%d %d", q + 1, y);
		if (--q < 0) {
			q = 3;
			y--;
		}
	}
}

/* Hide the small cells of one line (n cells, the first at base, the next
 * `stride` bytes on), then, the line's total being known (the bulletin
 * publishes it), complementary suppression so that no hidden cell can be
 * recovered by subtraction. */
static void suppress_line(void *base, size_t n, size_t stride, long k)
{
	long *v = xcalloc(n ? n : 1, sizeof *v);
	unsigned char *hide = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		v[i] = (long)((struct cpl_cell *)((char *)base + i * stride))->n;
		hide[i] = (unsigned char)disclosure_small(v[i], k);
	}
	disclosure_complement(v, hide, n);
	for (size_t i = 0; i < n; i++)
		((struct cpl_cell *)((char *)base + i * stride))->hidden = hide[i];
	free(v);
	free(hide);
}

static void rate(struct cpl_cell *c, int64_t employees)
{
	if (c->hidden)
		c->rate[0] = 0;
	else
		cpl_fmt_quot(c->n, employees, 1000, 2, c->rate);
}

static void timeliness(struct cpl_timeliness *x, const char *label, struct cpl_sample *s, long k, int exact)
{
	snprintf(x->label, sizeof x->label, "%s", label);
	x->n = (int64_t)s->n;
	x->hidden = !exact && disclosure_small((long)s->n, k);
	if (!x->hidden) {
		cpl_sample_median(s, x->median);
		cpl_sample_pct(s, 90, x->p90);
	}
}

/* The unit groups: each unit's ancestor just below the force (an area or a
 * directorate); the force itself is its own group. */
struct units {
	int64_t *id, *parent;
	size_t *group;          /* index into t->group */
	size_t n;
};

static size_t unit_index(const struct units *u, int64_t id)
{
	for (size_t i = 0; i < u->n; i++)
		if (u->id[i] == id)
			return i;
	return (size_t)-1;
}

static int load_units(struct store *st, struct cpl_trends *t, struct units *u, struct err *e)
{
	struct stmt *s = NULL;
	int r;
	size_t cap = 0;
	char (*name)[128] = NULL;
	if (store_query(st, &s, e, "SELECT id, COALESCE(parent_id, 0), name FROM units ORDER BY id", ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		if (u->n == cap) {
			cap = cap ? 2 * cap : 256;
			u->id = xrealloc(u->id, cap * sizeof *u->id);
			u->parent = xrealloc(u->parent, cap * sizeof *u->parent);
			u->group = xrealloc(u->group, cap * sizeof *u->group);
			name = xrealloc(name, cap * sizeof *name);
		}
		u->id[u->n] = stmt_int(s, 0);
		u->parent[u->n] = stmt_int(s, 1);
		snprintf(name[u->n], sizeof name[0], "%s", stmt_text(s, 2));
		u->n++;
	}
	stmt_done(s);
	if (r < 0) {
		free(name);
		return -1;
	}
	/* each unit's top: climb while the parent has a parent (bounded: no loops) */
	for (size_t i = 0; i < u->n; i++) {
		size_t top = i;
		for (int depth = 0; depth < 64; depth++) {
			size_t p = u->parent[top] ? unit_index(u, u->parent[top]) : (size_t)-1;
			if (p == (size_t)-1 || !u->parent[p])
				break;
			top = p;
		}
		size_t g;
		for (g = 0; g < t->ngroup; g++)
			if (strcmp(t->group[g].name, name[top]) == 0)
				break;
		if (g == t->ngroup) {
			t->group = xrealloc(t->group, (t->ngroup + 1) * sizeof *t->group);
			memset(&t->group[g], 0, sizeof *t->group);
			snprintf(t->group[g].name, sizeof t->group[g].name, "%s", name[top]);
			t->ngroup++;
		}
		u->group[i] = g;
	}
	free(name);
	return 0;
}

static size_t group_of(const struct units *u, int64_t unit_id)
{
	size_t i = unit_id ? unit_index(u, unit_id) : (size_t)-1;
	return i == (size_t)-1 ? (size_t)-1 : u->group[i];
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct cpl_trend_group *)a)->name, ((const struct cpl_trend_group *)b)->name);
}

int complaints_trends(struct store *st, const struct actor *who, const char *to, struct cpl_trends *t, struct err *e)
{
	int rc = -1, r;
	struct stmt *s = NULL;
	struct units u = { 0 };
	struct cpl_calendar cal = { 0 };
	struct cpl_sample to_log = { 0 }, to_contact = { 0 }, to_fin[CPL_NHANDLING + 1] = { { 0 } };
	int64_t maxid = 0, maxperson = 0;
	signed char *case_q = NULL;     /* per case id: quarter logged, -1 none; -2 not a complaint */
	unsigned char *case_open = NULL; /* per case id: open more than 12 months at `to` */
	size_t *person_group = NULL;
	char year_before[11];
	memset(t, 0, sizeof *t);
	if (!date_valid(to))
		return err_field(e, ERR_INPUT, "to", "Enter the end of the period as a date YYYY-MM-DD");
	if (who && alog_require(st, who, CPL_TREND_ROLES, "view", "complaints_trends", 0,
	                        "Complaints trends are for PSD, the DCC, governance, scrutiny, the PCC and the "
	                        "equality lead", e))
		return -1;
	if (alog_list(st, who, "complaints_trends", "all", e, "to=%s", to))
		return -1;
	int exact = who && actor_has(who, ROLE_EQUALITY);
	t->k = disclosure_k(st);
	quarters(t, to);
	snprintf(t->from, sizeof t->from, "%s", t->q[0].from);
	snprintf(t->to, sizeof t->to, "%s", to);
	cpl_year_before(to, year_before);
	if (cpl_calendar_load(st, &cal, e) || load_units(st, t, &u, e))
		goto out;

	/* categories of the active scheme, in its order */
	if (store_query(st, &s, e,
	                "SELECT c.id, c.name FROM complaint_categories c JOIN complaint_schemes m ON m.id = c.scheme_id "
	                "WHERE m.active = 1 ORDER BY c.position",
	                ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1 && t->ncat < CPL_TREND_CATS) {
		t->cat[t->ncat].id = stmt_int(s, 0);
		snprintf(t->cat[t->ncat].name, sizeof t->cat[0].name, "%s", stmt_text(s, 1));
		t->ncat++;
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* employees at the end of each quarter; by group at `to` */
	for (int i = 0; i < t->nq; i++)
		if (store_int(st, e, &t->employees[i],
		              "SELECT COUNT(*) FROM people WHERE start_date <= ? AND (leave_date = '' OR leave_date > ?)", "tt",
		              t->q[i].to, t->q[i].to) < 0)
			goto out;
	if (store_int(st, e, &maxperson, "SELECT COALESCE(MAX(id), 0) FROM people", "") < 0)
		goto out;
	person_group = xmalloc(((size_t)maxperson + 1) * sizeof *person_group);
	for (int64_t i = 0; i <= maxperson; i++)
		person_group[i] = (size_t)-1;
	if (store_query(st, &s, e, "SELECT id, COALESCE(unit_id, 0), start_date, leave_date FROM people", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t id = stmt_int(s, 0);
		size_t g = group_of(&u, stmt_int(s, 1));
		if (id < 0 || id > maxperson)
			continue;
		person_group[id] = g;
		const char *start = stmt_text(s, 2), *leave = stmt_text(s, 3);
		if (g != (size_t)-1 && strcmp(start, to) <= 0 && (!*leave || strcmp(leave, to) > 0))
			t->group[g].employees++;
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* cases: the quarter logged, timeliness, handling route, open over 12 months */
	if (store_int(st, e, &maxid, "SELECT COALESCE(MAX(id), 0) FROM complaint_cases", "") < 0)
		goto out;
	case_q = xmalloc((size_t)maxid + 1);
	memset(case_q, -2, (size_t)maxid + 1);
	case_open = xcalloc((size_t)maxid + 1, 1);
	if (store_query(st, &s, e,
	                "SELECT id, received, logged, contacted, handling, finalised FROM complaint_cases "
	                "WHERE kind = 'complaint'",
	                ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t id = stmt_int(s, 0);
		if (id < 0 || id > maxid)
			continue;
		const char *rec = stmt_text(s, 1), *lg = stmt_text(s, 2), *ct = stmt_text(s, 3), *fin = stmt_text(s, 5);
		int qi = quarter_of(t, lg);
		long rz = cpl_days(rec);
		case_q[id] = (signed char)qi;
		if (qi >= 0) {
			for (int h = 0; h < CPL_NHANDLING; h++)
				if (strcmp(stmt_text(s, 4), cpl_handlings[h]) == 0)
					t->handling[h].n++;
			if (rz >= 0) {
				cpl_sample_add(&to_log, cpl_working_days(&cal, rz, cpl_days(lg)));
				if (*ct)
					cpl_sample_add(&to_contact, cpl_working_days(&cal, rz, cpl_days(ct)));
			}
		}
		if (rz >= 0 && cpl_in_range(fin, t->from, t->to)) {
			long wd = cpl_working_days(&cal, rz, cpl_days(fin));
			for (int h = 0; h < CPL_NHANDLING; h++)
				if (strcmp(stmt_text(s, 4), cpl_handlings[h]) == 0)
					cpl_sample_add(&to_fin[h], wd);
			cpl_sample_add(&to_fin[CPL_NHANDLING], wd);
		}
		if (*rec && strcmp(rec, year_before) <= 0 && (!*fin || strcmp(fin, to) > 0)) {
			case_open[id] = 1;
			t->open12.n++;
		}
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* allegations: by category and quarter, by the subject's group; open
	 * cases by group (a case once in each group it has a subject in) */
	unsigned char *seen = xcalloc(t->ngroup ? t->ngroup : 1, 1);
	int64_t last_case = -1;
	if (store_query(st, &s, e,
	                "SELECT case_id, category_id, COALESCE(subject_id, 0) FROM complaint_allegations ORDER BY case_id",
	                "")) {
		free(seen);
		goto out;
	}
	while ((r = stmt_next(s, e)) == 1) {
		int64_t cid = stmt_int(s, 0), cat = stmt_int(s, 1), pid = stmt_int(s, 2);
		if (cid < 0 || cid > maxid || case_q[cid] == -2)
			continue;
		if (cid != last_case) {
			memset(seen, 0, t->ngroup ? t->ngroup : 1);
			last_case = cid;
		}
		size_t g = pid > 0 && pid <= maxperson ? person_group[pid] : (size_t)-1;
		int qi = case_q[cid];
		if (qi >= 0) {
			for (size_t c = 0; c < t->ncat; c++)
				if (t->cat[c].id == cat) {
					t->by_cat[c][qi].n++;
					break;
				}
			if (g != (size_t)-1)
				t->group[g].alleg.n++;
			else
				t->unknown_unit++;
		}
		if (case_open[cid] && g != (size_t)-1 && !seen[g]) {
			seen[g] = 1;
			t->group[g].open12.n++;
		}
	}
	free(seen);
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;

	/* disclosure control, then the rates */
	qsort(t->group, t->ngroup, sizeof *t->group, cmp_group);
	if (!exact) {
		for (int i = 0; i < t->nq; i++)
			suppress_line(&t->by_cat[0][i], t->ncat, sizeof t->by_cat[0], t->k);
		if (t->ngroup) {
			suppress_line(&t->group[0].alleg, t->ngroup, sizeof *t->group, t->k);
			suppress_line(&t->group[0].open12, t->ngroup, sizeof *t->group, t->k);
		}
		suppress_line(t->handling, CPL_NHANDLING, sizeof t->handling[0], t->k);
		t->open12.hidden = disclosure_small((long)t->open12.n, t->k);
	}
	for (size_t c = 0; c < t->ncat; c++)
		for (int i = 0; i < t->nq; i++)
			rate(&t->by_cat[c][i], t->employees[i]);
	for (size_t g = 0; g < t->ngroup; g++) {
		rate(&t->group[g].alleg, t->group[g].employees);
		rate(&t->group[g].open12, t->group[g].employees);
	}
	for (int h = 0; h < CPL_NHANDLING; h++)
		rate(&t->handling[h], t->employees[t->nq - 1]);
	timeliness(&t->time[0], "Received to logged", &to_log, t->k, exact);
	timeliness(&t->time[1], "Received to first contact", &to_contact, t->k, exact);
	for (int h = 0; h <= CPL_NHANDLING; h++)
		timeliness(&t->time[2 + h], h < CPL_NHANDLING ? cpl_handlings[h] : "all", &to_fin[h], t->k, exact);
	t->exact = exact;
	rc = 0;
out:
	stmt_done(s);
	cpl_calendar_release(&cal);
	cpl_sample_release(&to_log);
	cpl_sample_release(&to_contact);
	for (int h = 0; h <= CPL_NHANDLING; h++)
		cpl_sample_release(&to_fin[h]);
	free(u.id);
	free(u.parent);
	free(u.group);
	free(case_q);
	free(case_open);
	free(person_group);
	if (rc)
		cpl_trends_release(t);
	return rc;
}

void cpl_trends_release(struct cpl_trends *t)
{
	free(t->group);
	t->group = NULL;
	t->ngroup = 0;
}
