/* useofforce_pages.c — use of force fairness in the browser (issue 26).
 *
 * Who sees what (the domain module enforces the same; docs/use-of-force.md):
 *   /useofforce, /useofforce/report (+ .csv): the report, the Home Office
 *   table beside it, taser discharge and firearms, injuries, body-worn
 *   video, reasons, outcomes and the trend — governance, PSD and the DCC in
 *   full; the scrutiny panel and the PCC with disclosure control ([c]);
 *   /useofforce/officers: officers far outside their peers, naming them —
 *   PSD only; /useofforce/samples...: body-worn-video dip samples — scrutiny
 *   draws and assesses, PSD and governance read. The figures are stop and
 *   search's (the report's arithmetic, the trend's charts). */
#include "core/date.h"
#include "domain/useofforce.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "web/stopsearch_view.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct uarea {
	char area[128], first[11], last[11];
	int64_t people;
};
struct uareas {
	struct uarea v[64];
	int n;
};

static int area_cb(void *ctx, const char *area, const char *first, const char *last, int64_t people)
{
	struct uareas *a = ctx;
	if (a->n >= 64)
		return 1;
	struct uarea *r = &a->v[a->n++];
	snprintf(r->area, sizeof r->area, "%s", area);
	snprintf(r->first, sizeof r->first, "%s", first);
	snprintf(r->last, sizeof r->last, "%s", last);
	r->people = people;
	return 0;
}

/* The query from the query string; an area without dates means all its days. */
static void read_query(struct req *rq, const struct uareas *a, struct uof_query *q)
{
	memset(q, 0, sizeof *q);
	q->area = req_query(rq, "area");
	q->from = req_query(rq, "from");
	q->to = req_query(rq, "to");
	q->tactic = req_query(rq, "tactic");
	if (!q->area && a->n == 1)
		q->area = a->v[0].area;
	for (int i = 0; i < a->n; i++)
		if (q->area && !strcmp(a->v[i].area, q->area)) {
			if (!q->from || !*q->from)
				q->from = a->v[i].first;
			if (!q->to || !*q->to)
				q->to = a->v[i].last;
		}
}

/* The areas imported and the query string's query over them (q points into a). */
static int area_query(struct req *rq, struct uareas *a, struct uof_query *q, struct err *e)
{
	if (uof_areas(rq->store, NULL, area_cb, a, e))
		return -1;
	read_query(rq, a, q);
	return 0;
}

/* The officers far outside their peers for the query string (any tactic). */
static int query_officers(struct req *rq, struct uareas *a, struct uof_query *q, struct uof_officer **o, size_t *n,
                          int64_t *min, double *z, struct err *e)
{
	if (area_query(rq, a, q, e))
		return -1;
	q->tactic = NULL;
	return uof_officers(rq->store, rq->actor, q, o, n, min, z, e);
}

static const struct ss_trend_words uof_words = { "people subjected to force", "People subjected to force",
	                                         "Use of force", "use of force", "subjected to force" };

static void query_form(struct html *h, struct req *rq, const struct uareas *a, const struct uof_query *q,
                       const struct errlist *errs)
{
	struct option opts[64], tac[40];
	for (int i = 0; i < a->n; i++)
		opts[i] = (struct option){ a->v[i].area, a->v[i].area, NULL, 0 };
	char list[1200];
	uof_tactic_list(rq->store, list, sizeof list);
	size_t nt = 0;
	tac[nt++] = (struct option){ "", "Any tactic", NULL, 0 };
	for (char *p = list, *semi; p && *p && nt < 40; p = semi ? semi + 1 : NULL) {
		semi = strchr(p, ';');
		if (semi)
			*semi = 0;
		tac[nt++] = (struct option){ p, p, NULL, 0 };
	}
	form_begin_get(h, "/useofforce/report");
	form_select(h, &(struct field){ .name = "area", .label = "Police force area", .value = q->area, .options = opts,
	                                .noptions = (size_t)a->n, .errs = errs });
	form_date(h, &(struct field){ .name = "from", .label = "First day", .hint = "For example, 1 4 2023",
	                              .value = q->from, .errs = errs });
	form_date(h, &(struct field){ .name = "to", .label = "Last day", .hint = "For example, 31 3 2024", .value = q->to,
	                              .errs = errs });
	form_select(h, &(struct field){ .name = "tactic", .label = "Tactic", .value = q->tactic ? q->tactic : "",
	                                .options = tac, .noptions = nt, .errs = errs });
	form_button(h, "Show the report", NULL);
	form_end(h);
}

static int index_page(struct req *rq, struct resp *rs, const struct uof_query *qin, const struct errlist *errs)
{
	struct uareas a = { 0 };
	struct err e = { 0 };
	if (uof_areas(rq->store, qin ? NULL : rq->actor, area_cb, &a, &e))
		return page_fail(rq, rs, &e);
	struct uof_query q;
	if (qin)
		q = *qin;
	else
		read_query(rq, &a, &q);
	struct html h;
	if (errs && errs->n)
		rs->status = 400;
	page_begin(&h, rq, rs, errs && errs->n ? "Error: Use of force fairness" : "Use of force fairness");
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Use of force fairness</h1>\n"
	           "<p class=\"govuk-body\">How often people of each ethnic group are subjected to force by the force's "
	           "officers compared with White people, taser in particular, beside the Home Office's figures for England "
	           "and Wales; and, for the scrutiny panel, whether the force used was proportionate on body-worn video.</p>\n");
	if (!a.n) {
		html_f(&h, "<div class=\"govuk-inset-text\">No use of force records have been imported yet. An administrator "
		           "imports them with <code>probity useofforce import FILE --area NAME</code>.</div>\n");
	} else {
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Areas imported\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Areas imported</caption>"
		           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Area</th><th scope=\"col\" class=\"govuk-table__header\">Days</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">People subjected to force</th>"
		           "</tr></thead><tbody class=\"govuk-table__body\">\n");
		for (int i = 0; i < a.n; i++)
			html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
			           "href=\"/useofforce/report?area=%u\">%s</a></td><td class=\"govuk-table__cell\">%D to %D</td>"
			           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td></tr>\n",
			       a.v[i].area, a.v[i].area, a.v[i].first, a.v[i].last, a.v[i].people);
		html_f(&h, "</tbody></table></div>\n<h2 class=\"govuk-heading-m\">Choose a report</h2>\n");
		query_form(&h, rq, &a, &q, errs);
	}
	if (actor_has(rq->actor, UOF_SAMPLE_READ_ROLES))
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/useofforce/samples\">Body-worn video dip "
		           "samples</a></p>\n");
	page_end(&h);
	return 0;
}

static int uof_index(struct req *rq, struct resp *rs) { return index_page(rq, rs, NULL, NULL); }

static const char *dash(const char *s) { return *s ? s : "–"; }

static void national_section(struct html *h, struct req *rq, const struct uof_query *q, const struct uof_report *r)
{
	struct uof_national *v = NULL;
	size_t n = 0;
	struct err e = { 0 };
	if (uof_national_beside(rq->store, rq->actor, q, &v, &n, &e) || !n) {
		free(v);
		return;
	}
	html_f(h, "<h2 class=\"govuk-heading-m\">Beside the Home Office's figures</h2>\n"
	          "<p class=\"govuk-body\">The Home Office publishes, for each force and for England and Wales, how many "
	          "times each tactic was reported, by officer-perceived ethnicity (row \"%s\"). Those are tactics, not "
	          "people (one person may have several), and for a whole financial year, so compare the ratios rather than "
	          "the rates.</p>\n"
	          "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Times as likely "
	          "as White people, with 95%% intervals</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	          "<th scope=\"col\" class=\"govuk-table__header\">Source</th>",
	       v[0].ho_tactic);
	static const int grp[4] = { SS_BLACK, SS_ASIAN, SS_MIXED, SS_OTHER };
	for (int i = 0; i < 4; i++)
		html_f(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s</th>", ss_group_names[grp[i]]);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n<tr class=\"govuk-table__row\">"
	          "<th scope=\"row\" class=\"govuk-table__header\">%s, %D to %D (the force's records)</th>",
	       q->area, q->from, q->to);
	for (int i = 0; i < 4; i++) {
		const struct ss_row *x = &r->rows[grp[i]];
		html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s%s%s%s%s%s</td>",
		       r->hidden & (1u << grp[i]) ? "[c]" : dash(x->ratio), *x->ci_low ? " (" : "", x->ci_low,
		       *x->ci_low ? " to " : "", x->ci_high, *x->ci_low ? ")" : "");
	}
	html_f(h, "</tr>\n");
	for (size_t k = 0; k < n; k++) {
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s, %s (Home Office)</th>",
		       v[k].ew ? "England and Wales" : v[k].force, v[k].year);
		for (int i = 0; i < 4; i++) {
			const struct ss_row *x = &v[k].rows[grp[i]];
			html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s%s%s%s%s%s</td>", dash(x->ratio),
			       *x->ci_low ? " (" : "", x->ci_low, *x->ci_low ? " to " : "", x->ci_high, *x->ci_low ? ")" : "");
		}
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");
	free(v);
}

static void pct_cell(struct html *h, int64_t y, int64_t n)
{
	char p[24] = "";
	if (y < 0 || n < 0)
		snprintf(p, sizeof p, "[c]");
	else if (n > 0)
		ss_fmt2((double)ss_hundredths(y, n, 100) / 100.0, p);
	html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>", dash(p));
}

static void figures_section(struct html *h, struct req *rq, const struct uof_query *q)
{
	struct uof_figures f;
	struct err e = { 0 };
	if (uof_figures(rq->store, rq->actor, q, &f, &e))
		return;
	html_f(h, "<h2 class=\"govuk-heading-m\">Injuries and body-worn video</h2>\n"
	          "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Per cent of "
	          "the people in each group, of the records that say</caption><thead class=\"govuk-table__head\">"
	          "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Subject injured %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Officer injured %%</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Body-worn video on %%</th>"
	          "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (int i = 0; i < 7; i++) {
		int g = uof_order[i];
		const struct uof_group_figures *x = &f.g[g];
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", uof_group_name(g));
		if (f.hidden & (1u << g)) {
			html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\" colspan=\"3\">[c]</td></tr>\n");
			continue;
		}
		pct_cell(h, x->subj_inj, x->subj_inj_known);
		pct_cell(h, x->off_inj, x->off_inj_known);
		pct_cell(h, x->bwv_on, x->bwv_known);
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");
	for (int pass = 0; pass < 2; pass++) {
		const struct uof_named *v = pass ? f.outcomes : f.reasons;
		int n = pass ? f.noutcomes : f.nreasons;
		html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">%s</caption>"
		          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">%s</th>"
		          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">People</th></tr></thead>"
		          "<tbody class=\"govuk-table__body\">\n",
		       pass ? "Outcomes (the ten most common)" : "Reasons (the ten most common)", pass ? "Outcome" : "Reason");
		for (int i = 0; i < n; i++)
			html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
			          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td></tr>\n",
			       v[i].name, v[i].n);
		html_f(h, "</tbody></table></div>\n");
	}
}

static int report_page(struct req *rq, struct resp *rs)
{
	struct uareas a = { 0 };
	struct err e = { 0 };
	struct uof_query q;
	if (area_query(rq, &a, &q, &e))
		return page_fail(rq, rs, &e);
	struct errlist errs = { 0 };
	if (uof_query_check(rq->store, &q, &errs, &e))
		return index_page(rq, rs, &q, &errs);
	struct uof_report r, taser, fire;
	struct uof_query qt = q, qf = q;
	qt.tactic = UOF_TASER_DISCHARGE;
	qf.tactic = UOF_FIREARMS;
	struct ss_month *m = NULL;
	size_t nm = 0;
	if (uof_report(rq->store, rq->actor, &q, &r, &e) || uof_report(rq->store, rq->actor, &qt, &taser, &e) ||
	    uof_report(rq->store, rq->actor, &qf, &fire, &e) || uof_trend(rq->store, rq->actor, &q, &m, &nm, &e))
		return page_fail(rq, rs, &e);
	char title[200];
	snprintf(title, sizeof title, "Use of force: %s", q.area);
	struct html h;
	page_begin_back(&h, rq, rs, title, "/useofforce");
	html_f(&h, "<span class=\"govuk-caption-l\">%D to %D%s%s</span>\n<h1 class=\"govuk-heading-l\">%s</h1>\n", q.from,
	       q.to, q.tactic && *q.tactic ? " · tactic " : "", q.tactic ? q.tactic : "", title);
	if (r.suppressed)
		html_f(&h, "<div class=\"govuk-inset-text\">Disclosure control: a group of fewer than %ld people is shown as "
		           "[c], and when only one group would be, the next smallest is too, so it cannot be worked out from "
		           "the total.</div>\n",
		       r.k);
	html_f(&h, "<p class=\"govuk-body\">%I people subjected to force in this period (officer-perceived ethnicity). "
	           "Rates are for the whole period, not per year. People whose ethnicity was not reported count in the "
	           "total but in no group, so every group's rate is a minimum.</p>\n",
	       r.rows[SS_TOTAL].c.searches);
	if (!r.rows[SS_WHITE].has_pop)
		banner_important(&h, "There is no population for this area, so there are no rates or ratios. Import one with "
		                     "probity stopsearch population import.");
	uof_html_report(&h, &r, "People subjected to force, by ethnic group");
	struct buf u = BUF_INIT;
	buf_init(&u, 2048);
	url_with(&u, rq, "x", NULL, NULL);
	const char *qs = strchr(buf_str(&u), '?');
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/useofforce/report.csv%a\" download>Download this "
	           "table (CSV)</a></p>\n",
	       qs ? qs : "");
	national_section(&h, rq, &q, &r);
	if (!q.tactic || !*q.tactic) {
		uof_html_report(&h, &taser, "Taser discharged (fired or drive stun)");
		uof_html_report(&h, &fire, "Firearms aimed or fired");
	}
	figures_section(&h, rq, &q);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Month by month</h2>\n");
	ss_html_trend_words(&h, m, nm, "trend", 0, &uof_words);
	free(m);
	if (actor_has(rq->actor, ROLE_PSD))
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/useofforce/officers%a\">Officers far outside "
		           "their peers</a> (Professional Standards only)</p>\n",
		       qs ? qs : "");
	buf_release(&u);
	page_end(&h);
	return 0;
}

static int report_csv_page(struct req *rq, struct resp *rs)
{
	struct uareas a = { 0 };
	struct err e = { 0 };
	struct uof_query q;
	if (area_query(rq, &a, &q, &e))
		return page_fail(rq, rs, &e);
	struct uof_report r;
	if (uof_report(rq->store, rq->actor, &q, &r, &e))
		return page_fail(rq, rs, &e);
	uof_report_csv(&r, &rs->body);
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"use-of-force-report.csv\"");
	return 0;
}

/* ---- officers (PSD) ---- */

static int officers_page(struct req *rq, struct resp *rs)
{
	struct uareas a = { 0 };
	struct err e = { 0 };
	struct uof_query q;
	struct uof_officer *o;
	size_t n;
	int64_t min;
	double z;
	if (query_officers(rq, &a, &q, &o, &n, &min, &z, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_back(&h, rq, rs, "Officers far outside their peers: use of force", "/useofforce");
	html_f(&h, "<span class=\"govuk-caption-l\">%s, %D to %D</span>\n"
	           "<h1 class=\"govuk-heading-l\">Officers far outside their peers: use of force</h1>\n"
	           "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
	           "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
	           "This list is for a supervisor's conversation, never a finding of misconduct. An officer's role (a taser "
	           "officer, a response driver), patrol area and shift change who they meet and what force they need.</strong></div>\n",
	       q.area, q.from, q.to);
	html_f(&h, "<h2 class=\"govuk-heading-s\">Method</h2><p class=\"govuk-body\">The same as for stop and search. Only "
	           "officers who used force on at least %I people in this area and period are compared. For each officer, "
	           "two comparisons with all the other officers together (their peers): the share of the people (of "
	           "reported ethnicity) who are not White, and the share of the people on whom any taser tactic was used. "
	           "Each gives a z-score: the difference divided by the spread expected by chance for that many people. An "
	           "officer is listed when the first is at least %d away from zero either way, or the taser share is at "
	           "least %d above (about 1 in 740 by chance alone).</p>\n",
	       min, (int)z, (int)z);
	html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%zu officers compared</caption>"
	           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	           "<th scope=\"col\" class=\"govuk-table__header\">Officer</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">People</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Not White (of reported)</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">z</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Taser used</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">z</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Listed</th></tr></thead><tbody class=\"govuk-table__body\">\n",
	       n);
	for (size_t i = 0; i < n; i++) {
		char zm[24], zt[24];
		ss_fmt2(o[i].minority_z, zm);
		ss_fmt2(o[i].taser_z, zt);
		html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s%s%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I of %I</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell\">%s</td></tr>\n",
		       o[i].name, o[i].name[0] ? ", " : "", o[i].staff_number, o[i].people, o[i].minority, o[i].known, zm,
		       o[i].taser, zt, o[i].listed ? "Yes: for a supervisor conversation" : "No");
	}
	html_f(&h, "</tbody></table></div>\n");
	if (!n)
		html_f(&h, "<p class=\"govuk-body\">No officer used force on enough people in this period to compare.</p>\n");
	free(o);
	page_end(&h);
	return 0;
}

/* ---- body-worn video dip samples ---- */

static const struct option verdict_opts[] = {
	{ "proportionate", "Proportionate", NULL, 0 },
	{ "not", "Not proportionate", NULL, 0 },
	{ "nei", "Not enough information (the video does not show it)", NULL, 0 },
};


static int samples_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct uof_sample *v;
	size_t n;
	struct err e = { 0 };
	if (uof_samples_list(rq->store, rq->actor, &v, &n, &e))
		return page_fail(rq, rs, &e);
	struct uareas a = { 0 };
	if (uof_areas(rq->store, NULL, area_cb, &a, &e)) {
		free(v);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	if (errs && errs->n)
		rs->status = 400;
	page_begin_back(&h, rq, rs, errs && errs->n ? "Error: Body-worn video dip samples" : "Body-worn video dip samples",
	                "/useofforce");
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Body-worn video dip samples</h1>\n"
	           "<p class=\"govuk-body\">The scrutiny panel watches the body-worn video of a random sample of the force's "
	           "use of force records and decides, for each, whether the force used was proportionate. The result is the "
	           "share that was, with a 95%% Wilson interval: the range the share for all such records is likely to be "
	           "in. Past samples are listed together so they can be compared.</p>\n");
	if (n) {
		dip_html_samples_begin(&h, "Proportionate (95% interval)");
		for (size_t i = 0; i < n; i++) {
			struct dip_list_row r = { .id = v[i].id, .drawn_at = v[i].drawn_at, .drawn_by = v[i].drawn_by,
				                  .assessed = v[i].assessed, .size = v[i].size, .yes = v[i].yes };
			char from[40], to[40];
			date_display(v[i].from, from, sizeof from);
			date_display(v[i].to, to, sizeof to);
			snprintf(r.covers, sizeof r.covers, "%s, %s to %s%s%s%s%s", v[i].area, from, to,
			         v[i].strata[0] ? " (stratified by " : "", v[i].strata, v[i].strata[0] ? ")" : "",
			         v[i].tactic[0] ? ", one tactic" : "");
			dip_html_samples_row(&h, "/useofforce/samples", &r);
		}
		dip_html_samples_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No samples have been drawn yet.</p>\n");
	}
	free(v);
	if (actor_has(rq->actor, ROLE_SCRUTINY)) {
		struct option opts[64];
		for (int i = 0; i < a.n; i++)
			opts[i] = (struct option){ a.v[i].area, a.v[i].area, NULL, 0 };
		const char *sv = req_form(rq, "strata");
		static const struct option strata[] = {
			{ "", "No: a simple random sample", NULL, 0 },
			{ "group", "By ethnic group", "Each group gets a share of the sample in proportion to its records.", 0 },
			{ "tactic", "By kind of force", "Restraint only, other equipment, taser and firearms each get a share in proportion to their records.", 0 },
		};
		dip_html_draw_begin(&h, rq, "/useofforce/samples", opts, (size_t)a.n, errs);
		form_date(&h, &(struct field){ .name = "from", .label = "First day", .value = req_form(rq, "from"), .errs = errs });
		form_date(&h, &(struct field){ .name = "to", .label = "Last day", .value = req_form(rq, "to"), .errs = errs });
		form_input(&h, &(struct field){ .name = "tactic", .label = "Only records with this tactic (optional)",
		                                .hint = "For example, taser_discharge. Leave blank for every record.",
		                                .value = req_form(rq, "tactic"), .width = "govuk-input--width-20", .errs = errs });
		dip_html_size_seed(&h, rq, errs);
		form_radios(&h, &(struct field){ .name = "strata", .label = "Stratify", .value = sv ? sv : "", .options = strata,
		                                 .noptions = 3, .errs = errs });
		form_button(&h, "Draw the sample", NULL);
		form_end(&h);
	}
	page_end(&h);
	return 0;
}

static int samples_list(struct req *rq, struct resp *rs) { return samples_page(rq, rs, NULL); }

static int samples_create(struct req *rq, struct resp *rs)
{
	const char *sv = req_form(rq, "strata");
	int strata = !sv || !*sv ? UOF_STRATA_NONE : !strcmp(sv, "group") ? UOF_STRATA_GROUP
	                                           : !strcmp(sv, "tactic") ? UOF_STRATA_TACTIC : -1;
	struct uof_sample_input in = { req_form(rq, "area"), req_form(rq, "from"), req_form(rq, "to"), req_form(rq, "tactic"),
		                       req_form(rq, "size"), req_form(rq, "seed"), strata, req_form(rq, "submit_key") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	if (!uof_sample_draw(rq->store, rq->actor, &in, &id, &errs, &e)) {
		regpage_redirect_id(rs, "/useofforce/samples/", id, "?done=drawn");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	return samples_page(rq, rs, &errs);
}

static const char *verdict_label(const char *v)
{
	return !strcmp(v, "proportionate") ? "Proportionate" : !strcmp(v, "not") ? "Not proportionate" : "Not enough information";
}

static int sample_page(struct req *rq, struct resp *rs, int err_pos, const struct errlist *errs)
{
	int64_t id = req_id(rq, "id");
	struct uof_sample s;
	struct uof_sample_item *it;
	size_t n;
	struct err e = { 0 };
	if (uof_sample_get(rq->store, rq->actor, id, &s, &it, &n, &e))
		return page_fail(rq, rs, &e);
	struct ss_sample_group g[SS_NGROUPS + 1];
	if (uof_sample_groups(rq->store, id, g, &e)) {
		free(it);
		return page_fail(rq, rs, &e);
	}
	char title[64];
	snprintf(title, sizeof title, "Body-worn video dip sample %lld", (long long)id);
	struct html h;
	if (errs && errs->n)
		rs->status = 400;
	page_begin_back(&h, rq, rs, errs && errs->n ? "Error: dip sample" : title, "/useofforce/samples");
	if (errs)
		form_error_summary(&h, errs);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "drawn"))
		banner_success(&h, "Sample drawn", "Watch each incident's body-worn video and record your assessment.");
	html_f(&h, "<span class=\"govuk-caption-l\">%s, %D to %D</span><h1 class=\"govuk-heading-l\">%s</h1>\n", s.area,
	       s.from, s.to, title);
	summary_begin(&h);
	summary_row(&h, "Records", "%I drawn (%I asked)%s%s", s.size, s.asked, s.strata[0] ? ", stratified by " : "",
	            !strcmp(s.strata, "tactic") ? "kind of force" : !strcmp(s.strata, "group") ? "ethnic group" : "");
	summary_row(&h, "Tactic", "%s", s.tactic[0] ? s.tactic : "Any");
	summary_row(&h, "Seed", "%s", s.seed);
	summary_row(&h, "Drawn", "%D by %s", s.drawn_at, s.drawn_by);
	summary_end(&h);
	static const char *const heads[4] = { "Proportionate", "Not proportionate", "Not enough information",
	                                       "Proportionate (95% interval)" };
	dip_html_groups(&h, g, uof_group_name, heads);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Incidents</h2>\n");
	int can = actor_has(rq->actor, ROLE_SCRUTINY);
	for (size_t i = 0; i < n; i++) {
		dip_html_record_begin(&h, it[i].position, s.size, "incident ", it[i].incident_ref);
		summary_begin(&h);
		summary_row(&h, "Date", "%D", it[i].date);
		summary_row(&h, "Tactics", "%s", it[i].tactics);
		summary_row(&h, "Reason", "%s", it[i].reason[0] ? it[i].reason : "Not recorded");
		summary_row(&h, "Outcome", "%s", it[i].outcome[0] ? it[i].outcome : "Not recorded");
		summary_row(&h, "Officer-perceived ethnic group", "%s",
		            uof_group_name(it[i].grp >= 0 && it[i].grp < SS_NGROUPS ? it[i].grp : SS_NOT_RECORDED));
		if (it[i].verdict[0])
			summary_row(&h, "Assessment", "%s%s%s", verdict_label(it[i].verdict), it[i].comment[0] ? ": " : "",
			            it[i].comment);
		summary_end(&h);
		if (can && uof_sample_may_assess(rq->store, rq->actor, id, it[i].position)) {
			char legend[96];
			snprintf(legend, sizeof legend, "Was the force used in record %d proportionate on the video?", it[i].position);
			dip_html_record_form(&h, rq, "/useofforce/samples", id, it[i].position, legend, verdict_opts,
			                     "Comment (needed unless proportionate)", it[i].verdict, it[i].comment,
			                     err_pos, errs);
		}
		dip_html_record_end(&h);
	}
	free(it);
	page_end(&h);
	return 0;
}

static int sample_show(struct req *rq, struct resp *rs) { return sample_page(rq, rs, 0, NULL); }

static int sample_assess_post(struct req *rq, struct resp *rs)
{
	static const struct dip_assess_page pg = { "/useofforce/samples", uof_sample_assess, sample_page };
	return dip_assess_post(rq, rs, &pg);
}

/* ---- JSON API: the same domain calls and role rules as the pages ---- */

static json_t *jtext(const char *s) { return *s ? json_string(s) : json_null(); }

static int api_report(struct req *rq, struct resp *rs)
{
	struct uareas a = { 0 };
	struct err e = { 0 };
	struct uof_query q;
	if (area_query(rq, &a, &q, &e))
		return api_fail(rq, rs, &e);
	struct uof_report r;
	if (uof_report(rq->store, rq->actor, &q, &r, &e))
		return api_fail(rq, rs, &e);
	json_t *rows = json_array();
	for (int i = 0; i < 7; i++) {
		int g = uof_order[i];
		const struct ss_row *x = &r.rows[g];
		int withheld = (r.hidden & (1u << g)) != 0;
		int has_pop = x->has_pop && (g == SS_TOTAL || g < SS_NOT_STATED);
		json_array_append_new(rows, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "group", uof_group_name(g),
		                                      "population", has_pop ? json_integer(x->pop) : json_null(), "people",
		                                      withheld ? json_null() : json_integer(x->c.searches), "rate_per_1000",
		                                      jtext(x->rate), "ratio_to_white", jtext(x->ratio), "ratio_ci_low",
		                                      jtext(x->ci_low), "ratio_ci_high", jtext(x->ci_high), "withheld",
		                                      withheld));
	}
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "area", q.area, "from", q.from, "to", q.to,
	                             "tactic", q.tactic ? q.tactic : "", "disclosure_controlled", r.suppressed, "k",
	                             r.suppressed ? json_integer(r.k) : json_null(), "rows", rows));
	return 0;
}

static int api_officers(struct req *rq, struct resp *rs)
{
	struct uareas a = { 0 };
	struct err e = { 0 };
	struct uof_query q;
	struct uof_officer *o;
	size_t n;
	int64_t min;
	double z;
	if (query_officers(rq, &a, &q, &o, &n, &min, &z, &e))
		return api_fail(rq, rs, &e);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char zm[24], zt[24];
		ss_fmt2(o[i].minority_z, zm);
		ss_fmt2(o[i].taser_z, zt);
		/* z-scores as numbers rounded as the page shows them (docs/API.md) */
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:I, s:o, s:b}", "staff_number",
		                                     o[i].staff_number, "name", o[i].name, "people", (json_int_t)o[i].people,
		                                     "known", (json_int_t)o[i].known, "not_white", (json_int_t)o[i].minority,
		                                     "not_white_z", *zm ? json_real(strtod(zm, NULL)) : json_null(), "taser",
		                                     (json_int_t)o[i].taser, "taser_z",
		                                     *zt ? json_real(strtod(zt, NULL)) : json_null(), "listed", o[i].listed));
	}
	free(o);
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:I, s:f, s:o}", "area", q.area, "from", q.from, "to", q.to,
	                             "min_people", (json_int_t)min, "z", z, "officers", arr));
	return 0;
}

/* ---- the dip samples as JSON (docs/API.md): uof_samples_list, as the
 * page; a bare array that api.c pages as the one envelope ---- */

static int api_samples(struct req *rq, struct resp *rs)
{
	struct uof_sample *v;
	size_t n;
	struct err e = { 0 };
	if (uof_samples_list(rq->store, rq->actor, &v, &n, &e))
		return api_fail(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id",
		                      (json_int_t)v[i].id, "area", v[i].area, "from", v[i].from, "to", v[i].to, "tactic",
		                      v[i].tactic, "strata", v[i].strata, "drawn_at", v[i].drawn_at, "drawn_by",
		                      v[i].drawn_by, "size", (json_int_t)v[i].size, "assessed", (json_int_t)v[i].assessed,
		                      "proportionate", (json_int_t)v[i].yes, "not_proportionate", (json_int_t)v[i].no,
		                      "not_enough_information", (json_int_t)v[i].nei);
		dip_wilson_json(o, v[i].yes, v[i].assessed);
		json_array_append_new(items, o);
	}
	free(v);
	resp_json(rs, 200, items);
	return 0;
}

const struct route useofforce_routes[] = {
	{ "GET", "/useofforce", uof_index, ACCESS_PAGE, UOF_VIEW_ROLES },
	{ "GET", "/useofforce/report", report_page, ACCESS_PAGE, UOF_VIEW_ROLES },
	{ "GET", "/useofforce/report.csv", report_csv_page, ACCESS_PAGE, UOF_VIEW_ROLES },
	{ "GET", "/useofforce/officers", officers_page, ACCESS_PAGE, ROLE_PSD },
	{ "GET", "/useofforce/samples", samples_list, ACCESS_PAGE, UOF_SAMPLE_READ_ROLES },
	{ "POST", "/useofforce/samples", samples_create, ACCESS_PAGE, ROLE_SCRUTINY },
	{ "GET", "/useofforce/samples/{id}", sample_show, ACCESS_PAGE, UOF_SAMPLE_READ_ROLES },
	{ "POST", "/useofforce/samples/{id}/assess", sample_assess_post, ACCESS_PAGE, ROLE_SCRUTINY },
	{ "GET", "/api/useofforce/report", api_report, ACCESS_API, UOF_VIEW_ROLES },
	{ "GET", "/api/useofforce/officers", api_officers, ACCESS_API, ROLE_PSD },
	{ "GET", "/api/useofforce/samples", api_samples, ACCESS_API, UOF_SAMPLE_READ_ROLES },
};
ROUTES_END(useofforce);
