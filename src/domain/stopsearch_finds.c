/* stopsearch_finds.c — find rates the inspectors asked for (issue 15 §4):
 * by legislation, by object of search, by age band and gender, and by ethnic
 * group within each object, each with its 95% Wilson interval and its
 * coverage; and, from the force's own records, possession only versus supply
 * by ethnic group. One query per source reads the searches grouped by their
 * stored profile (few distinct combinations), the tables are summed here.
 * Disclosure control is disclosure.h's rule, applied per table line. */
#include "domain/stopsearch.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/disclosure.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const ss_find_dim_names[SS_FIND_NDIM] = { "Legislation", "Object of search", "Age band and gender",
	                                               "Ethnic group within object of search" };

#define SS_FULL_ROLES (ROLE_PSD | ROLE_GOVERNANCE | ROLE_DCC | ROLE_ADMIN)

int ss_view_suppressed(const struct actor *who) { return who && !actor_has(who, SS_FULL_ROLES); }

int ss_not_comparable(int officer, int grp) { return officer && grp == SS_MIXED; }

unsigned ss_rows_disclose(struct ss_row rows[SS_NGROUPS + 1], long k)
{
	int64_t n[SS_NGROUPS];
	unsigned char hide[SS_NGROUPS] = { 0 };
	for (int g = 0; g < SS_NGROUPS; g++)
		n[g] = rows[g].c.searches;
	unsigned m = disclosure_suppress(n, SS_NGROUPS, k, 1, hide) ? 1u << SS_TOTAL : 0;
	for (int g = 0; g < SS_NGROUPS; g++)
		if (hide[g])
			m |= 1u << g;
	for (int g = 0; g <= SS_NGROUPS; g++)
		if (m & (1u << g)) {
			memset(&rows[g].c, 0, sizeof rows[g].c);
			rows[g].rate[0] = rows[g].ratio[0] = rows[g].ci_low[0] = rows[g].ci_high[0] = 0;
			rows[g].arrest_pct[0] = rows[g].linked_pct[0] = rows[g].drug_pct[0] = 0;
			rows[g].rate_v = rows[g].ratio_v = rows[g].ci_low_v = rows[g].ci_high_v = NAN;
			rows[g].hidden = 1;
		}
	return m;
}

static void pct(int64_t y, int64_t n, char out[24])
{
	out[0] = 0;
	if (n > 0)
		ss_fmt2((double)ss_hundredths(y, n, 100) / 100.0, out);
}

static void wilson(int64_t y, int64_t n, char lo[24], char hi[24])
{
	double l, h;
	lo[0] = hi[0] = 0;
	if (n <= 0)
		return;
	ss_wilson(y, n, &l, &h);
	ss_fmt2(l, lo);
	ss_fmt2(h, hi);
}

/* The row of (dim, label, grp), added when new. */
static struct ss_find_row *row_at(struct ss_finds *f, size_t *cap, int dim, const char *label, int grp)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->rows[i].dim == dim && f->rows[i].grp == grp && !strcmp(f->rows[i].label, label))
			return &f->rows[i];
	if (f->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		f->rows = xrealloc(f->rows, *cap * sizeof f->rows[0]);
	}
	struct ss_find_row *r = &f->rows[f->n++];
	memset(r, 0, sizeof *r);
	r->dim = dim;
	r->grp = grp;
	snprintf(r->label, sizeof r->label, "%s", *label ? label : "Not recorded");
	return r;
}

static int cmp_row(const void *x, const void *y)
{
	const struct ss_find_row *a = x, *b = y;
	if (a->dim != b->dim)
		return a->dim - b->dim;
	if (a->dim == SS_BY_OBJECT_GROUP) {
		int c = strcmp(a->label, b->label);
		return c ? c : a->grp - b->grp;
	}
	if (a->dim == SS_BY_AGE_GENDER)
		return strcmp(a->label, b->label);
	if (a->searches != b->searches)
		return a->searches > b->searches ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* Disclosure control on rows[lo..hi) sharing a known total. */
static void disclose_line(struct ss_find_row *rows, size_t lo, size_t hi, long k)
{
	size_t n = hi - lo;
	if (!n)
		return;
	int64_t *v = xcalloc(n, sizeof *v);
	unsigned char *hide = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		v[i] = rows[lo + i].searches;
	disclosure_suppress(v, n, k, 1, hide);
	for (size_t i = 0; i < n; i++)
		if (hide[i]) {
			struct ss_find_row *r = &rows[lo + i];
			r->hidden = 1;
			r->searches = r->linked_known = r->finds = r->nfa_linked = 0;
			r->rate[0] = r->lo[0] = r->hi[0] = r->coverage[0] = 0;
		}
	free(v);
	free(hide);
}

static int force_drugs(struct store *st, const struct ss_query *q, struct ss_finds *f, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT s.self_group, s.officer_group, COUNT(*),"
	                " SUM(CASE WHEN s.suspected_offence = 'possession' THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN s.suspected_offence = 'supply' THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN s.suspected_offence = 'possession' AND s.item_found = 1 THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN s.suspected_offence = 'supply' AND s.item_found = 1 THEN 1 ELSE 0 END)"
	                " FROM ss_searches s JOIN ss_profiles v ON v.id = s.profile"
	                " WHERE s.area = ? AND s.month >= ? AND s.month <= ? AND s.record_id IS NOT NULL"
	                " AND v.object = 'Controlled drugs' GROUP BY s.self_group, s.officer_group",
	                "ttt", q->area, q->from, q->to))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int g = (int)stmt_int(s, q->officer ? 1 : 0);
		for (int t = 0; t < 2; t++) {
			if (t == 0 && (g < 0 || g >= SS_NGROUPS))
				continue;
			struct ss_drug_row *d = &f->drugs[t ? SS_TOTAL : g];
			d->drugs += stmt_int(s, 2);
			d->possession += stmt_int(s, 3);
			d->supply += stmt_int(s, 4);
			d->possession_found += stmt_int(s, 5);
			d->supply_found += stmt_int(s, 6);
		}
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return store_int(st, e, &f->force_records,
	                 "SELECT COUNT(*) FROM ss_searches WHERE area = ? AND month >= ? AND month <= ?"
	                 " AND record_id IS NOT NULL", "ttt", q->area, q->from, q->to) < 0 ? -1 : 0;
}

int ss_finds(struct store *st, const struct actor *who, const struct ss_query *q, int publish, struct ss_finds *out,
             struct err *e)
{
	memset(out, 0, sizeof *out);
	out->officer = q->officer;
	if (who && !actor_has(who, SS_VIEW_ROLES)) {
		alog_write(st, who, "view", "stopsearch_finds", "", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Stop and search analysis is for PSD, governance, scrutiny, the DCC, the PCC "
		                              "and administrators");
	}
	if (ss_query_check(q, NULL, e))
		return -1;
	out->suppressed = publish || ss_view_suppressed(who);
	out->k = out->suppressed ? disclosure_k(st) : 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT s.self_group, s.officer_group, v.legislation, v.object, v.age_range, v.gender, v.outcome,"
	                " v.linked, COUNT(*) FROM ss_searches s JOIN ss_profiles v ON v.id = s.profile"
	                " WHERE s.area = ? AND s.month >= ? AND s.month <= ?"
	                " GROUP BY s.self_group, s.officer_group, v.id, v.legislation, v.object, v.age_range, v.gender,"
	                " v.outcome, v.linked",
	                "ttt", q->area, q->from, q->to))
		return -1;
	size_t cap = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int g = (int)stmt_int(s, q->officer ? 1 : 0);
		const char *leg = stmt_text(s, 2), *obj = stmt_text(s, 3), *age = stmt_text(s, 4), *gen = stmt_text(s, 5);
		const char *outcome = stmt_text(s, 6), *linked = stmt_text(s, 7);
		int64_t n = stmt_int(s, 8);
		int known = !strcasecmp(linked, "true") || !strcasecmp(linked, "false");
		int found = !strcasecmp(linked, "true");
		int nfa = found && strcasestr(outcome, "no further action") != NULL;
		char ag[192];
		snprintf(ag, sizeof ag, "%s %s", *age ? age : "Age not recorded", *gen ? gen : "gender not recorded");
		struct ss_find_row *rows[4] = { row_at(out, &cap, SS_BY_LEGISLATION, leg, -1),
			                        row_at(out, &cap, SS_BY_OBJECT, obj, -1),
			                        row_at(out, &cap, SS_BY_AGE_GENDER, ag, -1),
			                        g >= 0 && g < SS_NGROUPS ? row_at(out, &cap, SS_BY_OBJECT_GROUP, obj, g) : NULL };
		for (int i = 0; i < 4; i++)
			if (rows[i]) {
				rows[i]->searches += n;
				rows[i]->linked_known += known ? n : 0;
				rows[i]->finds += found ? n : 0;
				rows[i]->nfa_linked += nfa ? n : 0;
			}
		out->searches += n;
		out->linked_known += known ? n : 0;
		out->finds += found ? n : 0;
		out->nfa_linked += nfa ? n : 0;
		if (g == SS_NOT_STATED || g == SS_NOT_RECORDED)
			out->not_stated += n;
	}
	stmt_done(s);
	if (r < 0 || force_drugs(st, q, out, e))
		goto fail;
	if (out->n)
		qsort(out->rows, out->n, sizeof out->rows[0], cmp_row);
	for (size_t i = 0; i < out->n; i++) {
		struct ss_find_row *x = &out->rows[i];
		pct(x->finds, x->searches, x->rate);
		wilson(x->finds, x->searches, x->lo, x->hi);
		pct(x->linked_known, x->searches, x->coverage);
	}
	for (int g = 0; g <= SS_NGROUPS; g++) {
		struct ss_drug_row *d = &out->drugs[g];
		pct(d->possession, d->drugs, d->poss_share);
		wilson(d->possession, d->drugs, d->poss_lo, d->poss_hi);
		pct(d->possession_found, d->possession, d->poss_find);
		pct(d->supply_found, d->supply, d->supply_find);
	}
	if (out->suppressed) {
		/* each table shares the period's total; each object's groups share the object's total */
		size_t i = 0;
		while (i < out->n) {
			size_t j = i + 1;
			while (j < out->n && out->rows[j].dim == out->rows[i].dim &&
			       (out->rows[i].dim != SS_BY_OBJECT_GROUP || !strcmp(out->rows[j].label, out->rows[i].label)))
				j++;
			disclose_line(out->rows, i, j, out->k);
			i = j;
		}
		int64_t v[SS_NGROUPS];
		unsigned char hide[SS_NGROUPS] = { 0 };
		for (int g = 0; g < SS_NGROUPS; g++)
			v[g] = out->drugs[g].drugs;
		int total_too = disclosure_suppress(v, SS_NGROUPS, out->k, 1, hide) ||
		                disclosure_small((long)out->drugs[SS_TOTAL].drugs, out->k);
		for (int g = 0; g <= SS_NGROUPS; g++)
			if (g == SS_TOTAL ? total_too : hide[g]) {
				memset(&out->drugs[g], 0, sizeof out->drugs[g]);
				out->drugs[g].hidden = 1;
			}
	}
	char detail[160];
	snprintf(detail, sizeof detail, "%s %s..%s %s%s", q->area, q->from, q->to, q->officer ? "officer" : "self",
	         out->suppressed ? " disclosure-controlled" : "");
	if (who && alog_write(st, who, "view", "stopsearch_finds", q->area, "ok", detail, e))
		goto fail;
	return 0;
fail:
	ss_finds_release(out);
	return -1;
}

void ss_finds_release(struct ss_finds *f)
{
	if (!f)
		return;
	free(f->rows);
	f->rows = NULL;
	f->n = 0;
}
