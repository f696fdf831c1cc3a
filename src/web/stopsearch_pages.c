/* stopsearch_pages.c — stop and search fairness in the browser and the API.
 *
 * Who sees what (the domain module enforces the same; docs/stop-search.md):
 *   /stopsearch, /stopsearch/report (+ .csv), /api/stopsearch/report and
 *   /api/stopsearch/trend: the aggregate analysis, no personal data —
 *   psd, governance (the analysts' view), scrutiny, dcc, pcc, admin;
 *   /stopsearch/officers: per-officer figures naming officers — psd only;
 *   /stopsearch/samples...: dip samples — scrutiny draws and assesses, psd and
 *   governance read. */
#include "domain/config.h"
#include "domain/stopsearch.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "web/stopsearch_view.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct area_row {
	char area[128], first[8], last[8];
	int64_t searches, force;
};
struct areas {
	struct area_row v[64];
	int n;
};

static int area_cb(void *ctx, const char *area, const char *first, const char *last, int64_t searches, int64_t force)
{
	struct areas *a = ctx;
	if (a->n >= 64)
		return 1;
	struct area_row *r = &a->v[a->n++];
	snprintf(r->area, sizeof r->area, "%s", area);
	snprintf(r->first, sizeof r->first, "%s", first);
	snprintf(r->last, sizeof r->last, "%s", last);
	r->searches = searches;
	r->force = force;
	return 0;
}

static const struct area_row *find_area(const struct areas *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (name && !strcmp(a->v[i].area, name))
			return &a->v[i];
	return NULL;
}

/* The query from the query string; an area without months means all its months. */
static void read_query(struct req *rq, const struct areas *a, struct ss_query *q)
{
	memset(q, 0, sizeof *q);
	q->area = req_query(rq, "area");
	q->from = req_query(rq, "from");
	q->to = req_query(rq, "to");
	const char *eth = req_query(rq, "ethnicity");
	q->officer = eth && !strcmp(eth, "officer");
	if (!q->area && a->n == 1)
		q->area = a->v[0].area;
	const struct area_row *r = find_area(a, q->area);
	if (r && (!q->from || !*q->from))
		q->from = r->first;
	if (r && (!q->to || !*q->to))
		q->to = r->last;
}

/* The force's areas, then the query string read against them (q points
 * into a). */
static int area_query(struct req *rq, struct areas *a, struct ss_query *q, struct err *e)
{
	if (ss_areas(rq->store, area_cb, a, e))
		return -1;
	read_query(rq, a, q);
	return 0;
}

static void query_form(struct html *h, const struct areas *a, const struct ss_query *q, const struct errlist *errs)
{
	struct option opts[64];
	for (int i = 0; i < a->n; i++)
		opts[i] = (struct option){ a->v[i].area, a->v[i].area, NULL, 0 };
	static const struct option eth[] = {
		{ "self", "Self-defined (what the person said)", NULL, 0 },
		{ "officer", "Officer-defined (what the officer recorded)", NULL, 0 },
	};
	form_begin_get(h, "/stopsearch/report");
	form_select(h, &(struct field){ .name = "area", .label = "Police force area", .value = q->area, .options = opts,
	                                .noptions = (size_t)a->n, .errs = errs });
	form_input(h, &(struct field){ .name = "from", .label = "First month", .hint = "For example, 2019-12",
	                               .value = q->from, .width = "govuk-input--width-5", .errs = errs });
	form_input(h, &(struct field){ .name = "to", .label = "Last month", .hint = "For example, 2020-02", .value = q->to,
	                               .width = "govuk-input--width-5", .errs = errs });
	form_radios(h, &(struct field){ .name = "ethnicity", .label = "Ethnicity from", .value = q->officer ? "officer" : "self",
	                                .options = eth, .noptions = 2, .errs = errs });
	form_button(h, "Show the report", NULL);
	form_end(h);
}

static int ss_index_page(struct req *rq, struct resp *rs, const struct ss_query *qin, const struct errlist *errs)
{
	struct areas a = { 0 };
	struct err e = { 0 };
	if (ss_areas(rq->store, area_cb, &a, &e))
		return page_fail(rq, rs, &e);
	struct ss_query q = { 0 };
	if (qin)
		q = *qin;
	else
		read_query(rq, &a, &q);
	struct html h;
	page_begin_errs(&h, rq, rs, errs, NULL, "Stop and search fairness");
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Stop and search fairness</h1>\n"
	           "<p class=\"govuk-body\">How often people of each ethnic group are searched compared with White people, "
	           "how often searches find what was looked for, and how that changes month by month. "
	           "<a class=\"govuk-link\" href=\"/stopsearch/about\">What the figures mean</a>.</p>\n");
	if (!a.n) {
		html_f(&h, "<div class=\"govuk-inset-text\">No stop and search records have been imported yet. An administrator "
		           "imports the data.police.uk files with <code>probity stopsearch import FILE --area NAME</code> and the "
		           "populations with <code>probity stopsearch population import FILE</code>.</div>\n");
	} else {
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Areas imported\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Areas imported</caption>"
		           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Area</th><th scope=\"col\" class=\"govuk-table__header\">Months</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Searches</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Of which the force's own records</th>"
		           "</tr></thead><tbody class=\"govuk-table__body\">\n");
		for (int i = 0; i < a.n; i++)
			html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
			           "href=\"/stopsearch/report?area=%u\">%s</a></td><td class=\"govuk-table__cell\">%s to %s</td>"
			           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
			           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td></tr>\n",
			       a.v[i].area, a.v[i].area, a.v[i].first, a.v[i].last, a.v[i].searches, a.v[i].force);
		html_f(&h, "</tbody></table></div>\n<h2 class=\"govuk-heading-m\">Choose a report</h2>\n");
		query_form(&h, &a, &q, errs);
	}
	if (actor_has(rq->actor, SS_SAMPLE_READ_ROLES))
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/stopsearch/samples\">Reasonable grounds dip samples</a></p>\n");
	page_end(&h);
	return 0;
}

static int ss_index(struct req *rq, struct resp *rs) { return ss_index_page(rq, rs, NULL, NULL); }

static void force_section(struct html *h, struct req *rq, const struct ss_query *q)
{
	struct ss_force_figures f;
	struct err e = { 0 };
	if (ss_force_figures(rq->store, rq->actor, q, &f, &e) || !f.records)
		return;
	html_f(h, "<h2 class=\"govuk-heading-m\">From the force's own records</h2>\n"
	          "<p class=\"govuk-body\">%I of the searches in this period come from the force's own records, which add the "
	          "suspected offence, the grounds, body-worn video and whether the item was found.</p>\n",
	       f.records);
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Find rate by suspected offence\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Find rate by suspected offence</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Suspected offence</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Searches</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Item found</th>"
	          "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find rate %%</th></tr></thead>"
	          "<tbody class=\"govuk-table__body\">\n");
	for (int i = 0; i < f.noff; i++) {
		char pct[24] = "";
		if (f.off[i].searches)
			ss_fmt2((double)ss_hundredths(f.off[i].found, f.off[i].searches, 100) / 100.0, pct);
		static const struct { const char *k, *label; } lab[] = {
			{ "possession", "Possession of a controlled drug" }, { "supply", "Possession with intent to supply, supply or production" },
			{ "weapon", "Offensive weapon" }, { "stolen", "Stolen property" }, { "going_equipped", "Going equipped" },
			{ "other", "Other" }, { "unknown", "Not recorded" },
		};
		const char *l = f.off[i].offence;
		for (size_t k = 0; k < sizeof lab / sizeof lab[0]; k++)
			if (!strcmp(l, lab[k].k))
				l = lab[k].label;
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		          "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       l, f.off[i].searches, f.off[i].found, pct);
	}
	html_f(h, "</tbody></table></div>\n");
	char poss[24] = "", grounds[24] = "", bwv[24] = "";
	if (f.drug_searches)
		ss_fmt2((double)ss_hundredths(f.drug_possession, f.drug_searches, 100) / 100.0, poss);
	ss_fmt2((double)ss_hundredths(f.grounds_recorded, f.records, 100) / 100.0, grounds);
	if (f.bwv_known)
		ss_fmt2((double)ss_hundredths(f.bwv_on, f.bwv_known, 100) / 100.0, bwv);
	summary_begin(h);
	summary_row(h, "Drug searches for possession only", "%I of %I drug searches (%s%%)", f.drug_possession,
	            f.drug_searches, *poss ? poss : "–");
	summary_row(h, "Grounds recorded", "%I of %I records have grounds written (%s%%); %I have none", f.grounds_recorded,
	            f.records, grounds, f.records - f.grounds_recorded);
	summary_row(h, "Body-worn video on", "%I of %I records that say (%s%%)", f.bwv_on, f.bwv_known, *bwv ? bwv : "–");
	summary_end(h);
	if (actor_has(rq->actor, ROLE_PSD)) {
		struct buf u = BUF_INIT;
		buf_init(&u, 1024);
		url_with(&u, rq, "x", NULL, NULL);
		const char *qs = strchr(buf_str(&u), '?');
		html_f(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/stopsearch/officers%a\">Officers far outside "
		          "their peers</a> (Professional Standards only)</p>\n",
		       qs ? qs : "");
		buf_release(&u);
	}
}

/* ---- the force's narrative ---- */

static int narrative_show(void *ctx, const struct ss_narrative *n)
{
	struct html *h = ctx;
	html_f(h, "<h3 class=\"govuk-heading-s\">Reasons for the disparities</h3>\n<p class=\"govuk-body probity-pre\">%s</p>\n"
	          "<h3 class=\"govuk-heading-s\">Action taken</h3>\n<p class=\"govuk-body probity-pre\">%s</p>\n"
	          "<p class=\"govuk-body-s\">Written by %s, %D.</p>\n",
	       n->reasons, n->action, *n->written_by ? n->written_by : "the system", n->written_at);
	return 0;
}

static void narrative_form(struct html *h, struct req *rq, const struct ss_query *q, const struct errlist *errs)
{
	form_begin(h, rq, "/stopsearch/narrative");
	form_hidden(h, "area", q->area);
	form_hidden(h, "from", q->from);
	form_hidden(h, "to", q->to);
	form_textarea(h, &(struct field){ .name = "reasons", .label = "The force's explanation of the reasons for the disparities",
	                                  .value = req_form(rq, "reasons"), .rows = 6, .maxlength = SS_NARRATIVE_MAX,
	                                  .errs = errs });
	form_textarea(h, &(struct field){ .name = "action", .label = "The action the force has taken",
	                                  .value = req_form(rq, "action"), .rows = 6, .maxlength = SS_NARRATIVE_MAX,
	                                  .errs = errs });
	form_button(h, "Save the narrative", NULL);
	form_end(h);
}

/* The narrative for exactly this period; governance gets the form. */
static void narrative_section(struct html *h, struct req *rq, const struct ss_query *q)
{
	struct err e = { 0 };
	html_f(h, "<h2 class=\"govuk-heading-m\" id=\"narrative\">The force's narrative for %s, %s to %s</h2>\n", q->area,
	       q->from, q->to);
	int n = ss_narratives(rq->store, rq->actor, q->area, q->from, q->to, narrative_show, h, &e);
	if (n == 0)
		html_f(h, "<p class=\"govuk-body\">Governance has not written a narrative for this period. It is published "
		          "with the figures.</p>\n");
	if (actor_has(rq->actor, ROLE_GOVERNANCE)) {
		html_f(h, "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\"><span "
		          "class=\"govuk-details__summary-text\">%s the narrative</span></summary><div class=\"govuk-details__text\">",
		       n == 0 ? " open" : "", n > 0 ? "Replace" : "Write");
		narrative_form(h, rq, q, NULL);
		html_f(h, "</div></details>\n");
	}
}

static int ss_narrative_post(struct req *rq, struct resp *rs)
{
	struct ss_query q = { req_form(rq, "area"), req_form(rq, "from"), req_form(rq, "to"), 0 };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!ss_narrative_save(rq->store, rq->actor, &q, req_form(rq, "reasons"), req_form(rq, "action"), &errs, &e)) {
		struct buf u = BUF_INIT;
		buf_init(&u, 512);
		buf_adds(&u, "/stopsearch/report?area=");
		url_encode(&u, q.area);
		buf_adds(&u, "&from=");
		url_encode(&u, q.from);
		buf_adds(&u, "&to=");
		url_encode(&u, q.to);
		buf_adds(&u, "#narrative");
		resp_redirect(rs, buf_str(&u));
		buf_release(&u);
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_errs(&h, rq, rs, &errs, "/stopsearch", "The force's narrative");
	form_error_summary(&h, &errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">The force's narrative for %s, %s to %s</h1>\n", q.area ? q.area : "",
	       q.from ? q.from : "", q.to ? q.to : "");
	narrative_form(&h, rq, &q, &errs);
	page_end(&h);
	return 0;
}

static int ss_report_page(struct req *rq, struct resp *rs)
{
	struct areas a = { 0 };
	struct err e = { 0 };
	struct ss_query q;
	if (area_query(rq, &a, &q, &e))
		return page_fail(rq, rs, &e);
	struct errlist errs = { 0 };
	if (ss_query_check(&q, &errs, &e))
		return ss_index_page(rq, rs, &q, &errs);
	struct ss_row rows[SS_NGROUPS + 1];
	struct ss_month *m = NULL;
	size_t nm = 0;
	if (ss_report(rq->store, rq->actor, &q, rows, &e) || ss_trend(rq->store, rq->actor, &q, &m, &nm, &e))
		return page_fail(rq, rs, &e);
	struct ss_finds fr;
	char psrc[101];
	if (ss_finds(rq->store, rq->actor, &q, 0, &fr, &e) || ss_population_source(rq->store, q.area, psrc, &e)) {
		free(m);
		return page_fail(rq, rs, &e);
	}
	char title[200];
	snprintf(title, sizeof title, "Stop and search: %s", q.area);
	struct html h;
	page_begin_back(&h, rq, rs, title, "/stopsearch");
	html_f(&h, "<span class=\"govuk-caption-l\">%s to %s · %s</span>\n<h1 class=\"govuk-heading-l\">%s</h1>\n", q.from,
	       q.to, ss_basis_label(q.officer), title);
	const struct ss_row *t = &rows[SS_TOTAL];
	char unk[24] = "";
	if (t->c.searches)
		ss_fmt2((double)ss_hundredths(rows[SS_NOT_STATED].c.searches + rows[SS_NOT_RECORDED].c.searches, t->c.searches, 100) / 100.0, unk);
	html_f(&h, "<p class=\"govuk-body\">%I searches. Rates are for the whole period (%d month%s), not per year. "
	           "Ethnicity was not stated or not recorded for %s%% of searches: those searches count in the total but in "
	           "no group, so every group's rate is a minimum.</p>\n",
	       t->c.searches, (int)nm, nm == 1 ? "" : "s", *unk ? unk : "0.00");
	if (!rows[SS_WHITE].has_pop)
		banner_important(&h, "There is no population for this area, so there are no rates or ratios. Import one with "
		                     "probity stopsearch population import.");
	ss_html_report(&h, rows, "Searches by ethnic group", 0);
	if (t->c.searches) {
		char cov[24];
		ss_fmt2((double)ss_hundredths(t->c.linked_known, t->c.searches, 100) / 100.0, cov);
		if (t->c.linked_known * 2 < t->c.searches)
			banner_important(&h, "The find rate is unreliable here: \"Outcome linked to object of search\" is blank for "
			                     "more than half of these searches, and a blank counts as not linked.");
		html_f(&h, "<p class=\"govuk-body\">Find rate coverage: \"Outcome linked to object of search\" is filled in for "
		           "%s%% of searches (%I of %I).</p>\n", cov, t->c.linked_known, t->c.searches);
	}
	ss_html_caveats(&h, rows, &fr, psrc);
	struct buf u = BUF_INIT;
	buf_init(&u, 2048);
	url_with(&u, rq, "x", NULL, NULL);
	const char *qs = strchr(buf_str(&u), '?');
	struct buf other = BUF_INIT;
	buf_init(&other, 2048);
	url_with(&other, rq, "ethnicity", q.officer ? "self" : "officer", NULL);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/stopsearch/report.csv%a\" download>Download this "
	           "table (CSV)</a> · <a class=\"govuk-link\" href=\"/api/stopsearch/report%a\">JSON</a> · "
	           "<a class=\"govuk-link\" href=\"%a\">Show by %s</a></p>\n",
	       qs ? qs : "", qs ? qs : "", buf_str(&other), q.officer ? "self-defined ethnicity" : "officer-defined ethnicity");
	buf_release(&u);
	buf_release(&other);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Month by month</h2>\n");
	ss_html_trend(&h, m, nm, "trend", 0);
	for (size_t i = 0; i < nm; i++) {
		char cap[64];
		snprintf(cap, sizeof cap, "All figures for %s", m[i].month);
		html_f(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
		           "<span class=\"govuk-details__summary-text\">%s</span></summary><div class=\"govuk-details__text\">",
		       cap);
		ss_html_report(&h, m[i].rows, cap, 0);
		html_f(&h, "</div></details>\n");
	}
	free(m);
	struct ss_year *yv = NULL;
	size_t ny = 0;
	if (!ss_years(rq->store, rq->actor, q.area, q.officer, &yv, &ny, &e)) {
		struct buf yb = BUF_INIT;
		buf_init(&yb, 512);
		buf_adds(&yb, "/stopsearch/report?area=");
		url_encode(&yb, q.area);
		if (q.officer)
			buf_adds(&yb, "&ethnicity=officer");
		ss_html_years(&h, yv, ny, buf_str(&yb));
		buf_release(&yb);
		free(yv);
	}
	ss_html_finds(&h, &fr);
	ss_finds_release(&fr);
	narrative_section(&h, rq, &q);
	force_section(&h, rq, &q);
	page_end(&h);
	return 0;
}

static int ss_report_csv_page(struct req *rq, struct resp *rs)
{
	struct areas a = { 0 };
	struct err e = { 0 };
	struct ss_query q;
	if (area_query(rq, &a, &q, &e))
		return page_fail(rq, rs, &e);
	struct ss_row rows[SS_NGROUPS + 1];
	if (ss_report(rq->store, rq->actor, &q, rows, &e))
		return page_fail(rq, rs, &e);
	ss_report_csv(rows, &rs->body);
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"stop-search-report.csv\"");
	return 0;
}

/* A rate as published ("11.42", two decimals) as a JSON number; null when none. */
static json_t *jstr(const char *s) { return *s ? json_real(strtod(s, NULL)) : json_null(); }

static json_t *rows_json(const struct ss_row rows[SS_NGROUPS + 1])
{
	static const char *const counts[] = { "searches", "arrests", "linked_outcomes", "drug_searches" };
	json_t *arr = json_array();
	for (int g = 0; g <= SS_NGROUPS; g++) {
		const struct ss_row *r = &rows[g];
		json_t *o = json_object();
		json_object_set_new(o, "group", json_string(r->group));
		json_object_set_new(o, "searches", json_integer(r->c.searches));
		json_object_set_new(o, "population", r->has_pop ? json_integer(r->pop) : json_null());
		json_object_set_new(o, "rate_per_1000", jstr(r->rate));
		json_object_set_new(o, "ratio_to_white", jstr(r->ratio));
		json_object_set_new(o, "ratio_ci_low", jstr(r->ci_low));
		json_object_set_new(o, "ratio_ci_high", jstr(r->ci_high));
		json_object_set_new(o, "arrests", json_integer(r->c.arrests));
		json_object_set_new(o, "arrest_rate_pct", jstr(r->arrest_pct));
		json_object_set_new(o, "linked_outcomes", json_integer(r->c.linked));
		json_object_set_new(o, "linked_outcome_rate_pct", jstr(r->linked_pct));
		json_object_set_new(o, "drug_searches", json_integer(r->c.drugs));
		json_object_set_new(o, "drug_linked_outcome_rate_pct", jstr(r->drug_pct));
		if (r->hidden) /* withheld by disclosure control: no count, not a zero */
			for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
				json_object_set_new(o, counts[i], json_null());
		json_object_set_new(o, "withheld", json_boolean(r->hidden));
		json_object_set_new(o, "not_comparable", json_boolean(r->not_comparable));
		json_array_append_new(arr, o);
	}
	return arr;
}

static int api_query(struct req *rq, struct resp *rs, struct ss_query *q)
{
	struct areas a = { 0 };
	struct err e = { 0 };
	if (area_query(rq, &a, q, &e)) {
		api_fail(rq, rs, &e);
		return 1;
	}
	struct errlist errs = { 0 };
	if (ss_query_check(q, &errs, &e)) {
		api_fail(rq, rs, &e);
		return 1;
	}
	return 0;
}

static int api_report(struct req *rq, struct resp *rs)
{
	struct ss_query q;
	int r = api_query(rq, rs, &q);
	if (r)
		return r < 0 ? -1 : 0;
	struct ss_row rows[SS_NGROUPS + 1];
	struct err e = { 0 };
	if (ss_report(rq->store, rq->actor, &q, rows, &e)) {
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:s, s:o}", "area", q.area, "from", q.from, "to", q.to, "ethnicity",
	                             q.officer ? "officer" : "self", "rows", rows_json(rows)));
	return 0;
}

static int api_trend(struct req *rq, struct resp *rs)
{
	struct ss_query q;
	int r = api_query(rq, rs, &q);
	if (r)
		return r < 0 ? -1 : 0;
	struct ss_month *m;
	size_t n;
	struct err e = { 0 };
	if (ss_trend(rq->store, rq->actor, &q, &m, &n, &e)) {
		api_fail(rq, rs, &e);
		return 0;
	}
	json_t *months = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(months, json_pack("{s:s, s:o}", "month", m[i].month, "rows", rows_json(m[i].rows)));
	free(m);
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:s, s:o}", "area", q.area, "from", q.from, "to", q.to, "ethnicity",
	                             q.officer ? "officer" : "self", "months", months));
	return 0;
}

/* ---- officers (PSD) ---- */

static int ss_officers_page(struct req *rq, struct resp *rs)
{
	struct areas a = { 0 };
	struct err e = { 0 };
	struct ss_query q;
	if (area_query(rq, &a, &q, &e))
		return page_fail(rq, rs, &e);
	struct ss_officer *o;
	size_t n;
	int64_t min;
	double z;
	if (ss_officers(rq->store, rq->actor, &q, &o, &n, &min, &z, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_back(&h, rq, rs, "Officers far outside their peers", "/stopsearch");
	html_f(&h, "<span class=\"govuk-caption-l\">%s, %s to %s · %s</span>\n"
	           "<h1 class=\"govuk-heading-l\">Officers far outside their peers</h1>\n"
	           "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
	           "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
	           "This list is for a supervisor's conversation, never a finding of misconduct. An officer's patrol area, "
	           "shift and role change who they meet.</strong></div>\n",
	       q.area, q.from, q.to, ss_basis_label(q.officer));
	html_f(&h, "<h2 class=\"govuk-heading-s\">Method</h2><p class=\"govuk-body\">From the force's own records in this area and "
	           "period. Only officers with at least %I searches are compared. For each officer, two comparisons with all "
	           "the other officers together (their peers): the share of the officer's searches (of known ethnicity) that "
	           "were of people who are not White, and the share that found the item searched for. Each gives a z-score: "
	           "the difference divided by the spread expected by chance for that many searches. An officer is listed when "
	           "the first is at least %d away from zero either way, or the find rate is at least %d below (about 1 in 370 "
	           "by chance alone). The ratios to White divide the officer's searches of each group per resident of the "
	           "group by their searches of White people per White resident (the area's populations).</p>\n",
	       min, (int)z, (int)z);
	html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Figures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%zu officers compared</caption>"
	           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	           "<th scope=\"col\" class=\"govuk-table__header\">Officer</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Searches</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Not White (of known)</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">z</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Ratio to White: Asian / Black / Mixed / Other</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Find rate %%</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">z</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Listed</th></tr></thead><tbody class=\"govuk-table__body\">\n",
	       n);
	for (size_t i = 0; i < n; i++) {
		char zf[24], zm[24], fr[24], rat[120];
		snprintf(rat, sizeof rat, "%s / %s / %s / %s", o[i].ratio[0][0] ? o[i].ratio[0] : "–",
		         o[i].ratio[1][0] ? o[i].ratio[1] : "–", o[i].ratio[2][0] ? o[i].ratio[2] : "–",
		         o[i].ratio[3][0] ? o[i].ratio[3] : "–");
		ss_fmt2(o[i].minority_z, zm);
		ss_fmt2(o[i].find_z, zf);
		ss_fmt2((double)ss_hundredths(o[i].found, o[i].searches, 100) / 100.0, fr);
		html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s%s%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%I of %I</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell\">%s</td></tr>\n",
		           o[i].name[0] ? o[i].name : "", o[i].name[0] ? ", " : "", o[i].staff_number, o[i].searches,
		           o[i].minority, o[i].known, zm, rat, fr, zf,
		           o[i].listed ? "Yes: for a supervisor conversation" : "No");
	}
	html_f(&h, "</tbody></table></div>\n");
	if (!n)
		html_f(&h, "<p class=\"govuk-body\">No officer has enough searches in this period to compare.</p>\n");
	free(o);
	page_end(&h);
	return 0;
}

/* ---- dip samples ---- */

static const struct option verdict_opts[] = {
	{ "yes", "Yes, reasonable grounds are recorded", NULL, 0 },
	{ "no", "No", NULL, 0 },
	{ "nei", "Not enough information to tell", NULL, 0 },
};


static int samples_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct ss_sample *v;
	size_t n;
	struct err e = { 0 };
	if (ss_samples_list(rq->store, rq->actor, &v, &n, &e))
		return page_fail(rq, rs, &e);
	struct areas a = { 0 };
	if (ss_areas(rq->store, area_cb, &a, &e)) {
		free(v);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_errs(&h, rq, rs, errs, "/stopsearch", "Reasonable grounds dip samples");
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Reasonable grounds dip samples</h1>\n"
	           "<p class=\"govuk-body\">A panel member reads the grounds written on a random sample of the force's own "
	           "search records and decides, for each, whether reasonable grounds are recorded. The result is the share "
	           "that were, with a 95%% Wilson interval: the range the share for all records is likely to be in.</p>\n");
	if (n) {
		dip_html_samples_begin(&h, "Reasonable grounds recorded");
		for (size_t i = 0; i < n; i++) {
			struct dip_list_row r = { .id = v[i].id, .drawn_at = v[i].drawn_at, .drawn_by = v[i].drawn_by,
				                  .assessed = v[i].assessed, .size = v[i].size, .yes = v[i].yes };
			snprintf(r.covers, sizeof r.covers, "%s, %s to %s%s", v[i].area, v[i].from, v[i].to,
			         v[i].stratified ? " (stratified)" : "");
			dip_html_samples_row(&h, "/stopsearch/samples", &r);
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
		static const struct option strat[] = { { "1", "Stratify by ethnic group", "Each self-defined group gets a share of the sample in proportion to its records.", 0 } };
		struct option st1 = strat[0];
		st1.checked = kvlist_has(&rq->form, "stratified", "1");
		dip_html_draw_begin(&h, rq, "/stopsearch/samples", opts, (size_t)a.n, errs);
		form_input(&h, &(struct field){ .name = "from", .label = "First month", .hint = "For example, 2019-12",
		                                .value = req_form(rq, "from"), .width = "govuk-input--width-5", .errs = errs });
		form_input(&h, &(struct field){ .name = "to", .label = "Last month", .hint = "For example, 2020-02",
		                                .value = req_form(rq, "to"), .width = "govuk-input--width-5", .errs = errs });
		dip_html_size_seed(&h, rq, errs);
		form_checkboxes(&h, &(struct field){ .name = "stratified", .label = "Stratify", .options = &st1, .noptions = 1,
		                                     .errs = errs });
		static const struct option inc[] = { { "1", "Also draw searches under powers that need no reasonable grounds",
			                               "Section 60 and section 47A searches are left out unless you tick this; "
			                               "the sample then says so.", 0 } };
		struct option in1 = inc[0];
		in1.checked = kvlist_has(&rq->form, "include_no_grounds", "1");
		form_checkboxes(&h, &(struct field){ .name = "include_no_grounds", .label = "Powers", .options = &in1,
		                                     .noptions = 1, .errs = errs });
		form_button(&h, "Draw the sample", NULL);
		form_end(&h);
	}
	page_end(&h);
	return 0;
}

static int ss_samples(struct req *rq, struct resp *rs) { return samples_page(rq, rs, NULL); }

static int ss_samples_create(struct req *rq, struct resp *rs)
{
	struct ss_sample_input in = { req_form(rq, "area"), req_form(rq, "from"), req_form(rq, "to"), req_form(rq, "size"),
		                      req_form(rq, "seed"), kvlist_has(&rq->form, "stratified", "1"),
		                      req_form(rq, "submit_key"), kvlist_has(&rq->form, "include_no_grounds", "1") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	if (!ss_sample_draw(rq->store, rq->actor, &in, &id, &errs, &e)) {
		regpage_redirect_id(rs, "/stopsearch/samples/", id, "?done=drawn");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	return samples_page(rq, rs, &errs);
}

static int sample_page(struct req *rq, struct resp *rs, int err_pos, const struct errlist *errs)
{
	int64_t id = req_id(rq, "id");
	struct ss_sample s;
	struct ss_sample_item *it;
	size_t n;
	struct err e = { 0 };
	if (ss_sample_get(rq->store, rq->actor, id, &s, &it, &n, &e))
		return page_fail(rq, rs, &e);
	struct ss_sample_group g[SS_NGROUPS + 1];
	if (ss_sample_groups(rq->store, id, g, &e)) {
		free(it);
		return page_fail(rq, rs, &e);
	}
	char title[64];
	snprintf(title, sizeof title, "Dip sample %lld", (long long)id);
	struct html h;
	page_begin_back(&h, rq, rs, errs && errs->n ? "Error: dip sample" : title, "/stopsearch/samples");
	if (errs)
		form_error_summary(&h, errs);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "drawn"))
		banner_success(&h, "Sample drawn", "Read each record's grounds and record your assessment.");
	html_f(&h, "<span class=\"govuk-caption-l\">%s, %s to %s</span><h1 class=\"govuk-heading-l\">%s</h1>\n", s.area,
	       s.from, s.to, title);
	summary_begin(&h);
	summary_row(&h, "Records", "%I drawn (%I asked)%s", s.size, s.asked, s.stratified ? ", stratified by self-defined ethnic group" : "");
	summary_row(&h, "Seed", "%s", s.seed);
	summary_row(&h, "Drawn", "%D by %s", s.drawn_at, s.drawn_by);
	summary_end(&h);
	static const char *const heads[4] = { "Yes", "No", "Not enough information",
	                                       "Reasonable grounds recorded (95% interval)" };
	dip_html_groups(&h, g, ss_group_label, heads);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Records</h2>\n");
	int can = actor_has(rq->actor, ROLE_SCRUTINY);
	for (size_t i = 0; i < n; i++) {
		dip_html_record_begin(&h, it[i].position, s.size, "", it[i].record_id);
		summary_begin(&h);
		summary_row(&h, "Date", "%D", it[i].date);
		summary_row(&h, "Legislation", "%s", it[i].legislation[0] ? it[i].legislation : "Not recorded");
		summary_row(&h, "Object of search", "%s", it[i].object[0] ? it[i].object : "Not recorded");
		summary_row(&h, "Suspected offence", "%s", it[i].offence);
		summary_row(&h, "Outcome", "%s", it[i].outcome[0] ? it[i].outcome : "Not recorded");
		summary_row(&h, "Self-defined ethnic group", "%s", ss_group_names[it[i].grp >= 0 && it[i].grp < SS_NGROUPS ? it[i].grp : SS_NOT_RECORDED]);
		summary_row(&h, "Grounds recorded", "%s", it[i].grounds[0] ? it[i].grounds : "(none written)");
		if (it[i].verdict[0])
			summary_row(&h, "Assessment", "%s%s%s",
			            !strcmp(it[i].verdict, "yes") ? "Reasonable grounds recorded" : !strcmp(it[i].verdict, "no") ? "No reasonable grounds recorded" : "Not enough information",
			            it[i].comment[0] ? ": " : "", it[i].comment);
		summary_end(&h);
		if (can && ss_sample_may_assess(rq->store, rq->actor, id, it[i].position)) {
			char legend[96];
			snprintf(legend, sizeof legend, "Are reasonable grounds recorded for record %d?", it[i].position);
			dip_html_record_form(&h, rq, "/stopsearch/samples", id, it[i].position, legend, verdict_opts,
			                     "Comment (needed for No or Not enough information)", it[i].verdict, it[i].comment,
			                     err_pos, errs);
		}
		dip_html_record_end(&h);
	}
	free(it);
	page_end(&h);
	return 0;
}

static int ss_sample_show(struct req *rq, struct resp *rs) { return sample_page(rq, rs, 0, NULL); }

static int ss_sample_assess_post(struct req *rq, struct resp *rs)
{
	static const struct dip_assess_page pg = { "/stopsearch/samples", ss_sample_assess, sample_page };
	return dip_assess_post(rq, rs, &pg);
}

static int ss_about(struct req *rq, struct resp *rs)
{
	struct html h;
	page_begin_back(&h, rq, rs, "What the stop and search figures mean", "/stopsearch");
	html_f(&h, "<h1 class=\"govuk-heading-l\">What the stop and search figures mean</h1>\n"
	           "<p class=\"govuk-body\"><strong>Rate per 1,000</strong>: searches of people in the group during the period, "
	           "divided by the number of people in the group living in the area (census), times 1,000. It is for the "
	           "period shown, not per year. Searches are not people: one person may be searched many times.</p>\n"
	           "<p class=\"govuk-body\"><strong>Times as likely as White</strong>: the group's rate divided by White "
	           "people's rate. 2.00 means twice as likely. The <strong>95%% interval</strong> is the range the ratio would "
	           "probably fall in if chance alone were at work (log method). A narrow interval far from 1 is a firm "
	           "difference; a wide one that includes 1 is not.</p>\n"
	           "<p class=\"govuk-body\"><strong>Arrest rate</strong>: searches ending in arrest, out of all the group's "
	           "searches. <strong>Find rate</strong>: searches whose outcome was linked to what was searched for, out of "
	           "all searches (a blank counts as not linked; some forces leave it blank often). <strong>Drug find rate</strong>: "
	           "the same for searches for controlled drugs.</p>\n"
	           "<p class=\"govuk-body\">Blank cells mean the figure cannot be worked out: no population, or nothing to "
	           "divide by. Not stated and Not recorded have no population, so no rate. The full explanation is in the "
	           "Probity documentation (docs/stop-search.md).</p>\n");
	page_end(&h);
	return 0;
}

/* ---- officers as JSON (docs/API.md): ss_officers, PSD, as the page; a
 * report (its area, period and thresholds with the officers), not a list ---- */

static int api_officers(struct req *rq, struct resp *rs)
{
	struct ss_query q;
	int r = api_query(rq, rs, &q);
	if (r)
		return r < 0 ? -1 : 0;
	struct ss_officer *o;
	size_t n;
	int64_t min;
	double z;
	struct err e = { 0 };
	if (ss_officers(rq->store, rq->actor, &q, &o, &n, &min, &z, &e))
		return api_fail(rq, rs, &e);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char zm[24], zf[24], fr[24];
		ss_fmt2(o[i].minority_z, zm);
		ss_fmt2(o[i].find_z, zf);
		ss_fmt2((double)ss_hundredths(o[i].found, o[i].searches, 100) / 100.0, fr);
		json_t *ratio = json_pack("{s:o, s:o, s:o, s:o}", "asian", jstr(o[i].ratio[0]), "black", jstr(o[i].ratio[1]),
		                          "mixed", jstr(o[i].ratio[2]), "other", jstr(o[i].ratio[3]));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:I, s:o, s:o, s:b}", "staff_number",
		                                     o[i].staff_number, "name", o[i].name, "searches",
		                                     (json_int_t)o[i].searches, "known", (json_int_t)o[i].known, "not_white",
		                                     (json_int_t)o[i].minority, "not_white_z", jstr(zm), "ratio_to_white",
		                                     ratio, "found", (json_int_t)o[i].found, "find_rate_pct", jstr(fr),
		                                     "find_z", jstr(zf), "listed", o[i].listed));
	}
	free(o);
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:s, s:I, s:f, s:o}", "area", q.area, "from", q.from, "to", q.to,
	                             "ethnicity", q.officer ? "officer" : "self", "min_searches", (json_int_t)min, "z", z,
	                             "officers", arr));
	return 0;
}

/* ---- the dip samples as JSON (docs/API.md): ss_samples_list, as the
 * page; a bare array that api.c pages as the one envelope ---- */

static int api_samples(struct req *rq, struct resp *rs)
{
	struct ss_sample *v;
	size_t n;
	struct err e = { 0 };
	if (ss_samples_list(rq->store, rq->actor, &v, &n, &e))
		return api_fail(rq, rs, &e);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id",
		                      (json_int_t)v[i].id, "area", v[i].area, "from", v[i].from, "to", v[i].to, "stratified",
		                      (int)v[i].stratified, "drawn_at", v[i].drawn_at, "drawn_by", v[i].drawn_by, "size",
		                      (json_int_t)v[i].size, "assessed", (json_int_t)v[i].assessed, "grounds_recorded",
		                      (json_int_t)v[i].yes, "grounds_not_recorded", (json_int_t)v[i].no,
		                      "not_enough_information", (json_int_t)v[i].nei);
		dip_wilson_json(o, v[i].yes, v[i].assessed);
		json_array_append_new(items, o);
	}
	free(v);
	resp_json(rs, 200, items);
	return 0;
}

const struct route stopsearch_routes[] = {
	{ "GET", "/stopsearch", ss_index, ACCESS_PAGE, SS_VIEW_ROLES },
	{ "GET", "/stopsearch/about", ss_about, ACCESS_PAGE, SS_VIEW_ROLES },
	{ "GET", "/stopsearch/report", ss_report_page, ACCESS_PAGE, SS_VIEW_ROLES },
	{ "GET", "/stopsearch/report.csv", ss_report_csv_page, ACCESS_PAGE, SS_VIEW_ROLES },
	{ "GET", "/stopsearch/officers", ss_officers_page, ACCESS_PAGE, ROLE_PSD },
	{ "GET", "/stopsearch/samples", ss_samples, ACCESS_PAGE, SS_SAMPLE_READ_ROLES },
	{ "POST", "/stopsearch/samples", ss_samples_create, ACCESS_PAGE, ROLE_SCRUTINY },
	{ "GET", "/stopsearch/samples/{id}", ss_sample_show, ACCESS_PAGE, SS_SAMPLE_READ_ROLES },
	{ "POST", "/stopsearch/samples/{id}/assess", ss_sample_assess_post, ACCESS_PAGE, ROLE_SCRUTINY },
	{ "POST", "/stopsearch/narrative", ss_narrative_post, ACCESS_PAGE, ROLE_GOVERNANCE },
	{ "GET", "/api/stopsearch/report", api_report, ACCESS_API, SS_VIEW_ROLES },
	{ "GET", "/api/stopsearch/trend", api_trend, ACCESS_API, SS_VIEW_ROLES },
	{ "GET", "/api/stopsearch/samples", api_samples, ACCESS_API, SS_SAMPLE_READ_ROLES },
	{ "GET", "/api/stopsearch/officers", api_officers, ACCESS_API, ROLE_PSD },
};
ROUTES_END(stopsearch);
