/* complaints_pages.c — the complaints and conduct pages (docs/complaints.md):
 * PSD's start page with reflective practice reminders, a case with its
 * allegations, outcome, RPRP, proceedings and review forms, and the
 * bulletin page (the period beside the previous period and the same period
 * last year, the per-category chart) with CSV, XLSX and JSON. Every rule is
 * in src/domain/complaints*.c; these handlers only translate. */
#include "core/date.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/complaints.h"
#include "web/errmap.h"
#include "web/layout.h"
#include "web/pages.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct option outcome_opts[] = {
	{ "resolved_outside_schedule3", "Resolved outside Schedule 3" },
	{ "service_acceptable", "Service acceptable" },
	{ "service_not_acceptable", "Service not acceptable" },
	{ "unable_to_determine", "Unable to determine" },
	{ "no_further_action", "No further action" },
	{ "reflective_practice", "Reflective practice" },
	{ "management_action", "Management action" },
	{ "misconduct_meeting", "Misconduct meeting" },
	{ "gross_misconduct_hearing", "Gross misconduct hearing" },
	{ "withdrawn", "Withdrawn" },
	{ "discontinued", "Discontinued" },
};

static const char *dash(const char *s) { return s && *s ? s : "–"; }

/* ---- the period ---- */

/* from/to from the query, else the last full calendar quarter before today. */
static void read_period(const struct req *rq, char from[11], char to[11])
{
	const char *f = req_query(rq, "from"), *t = req_query(rq, "to");
	if (f && t) {
		snprintf(from, 11, "%s", f);
		snprintf(to, 11, "%s", t);
		return;
	}
	char today[11];
	date_today(today);
	cpl_last_quarter(today, from, to);
}

/* ---- the bulletin ---- */

static const char *measure_label(const char *m)
{
	static const char *const l[][2] = {
		{ "cases_logged", "Complaint cases logged" },
		{ "allegations_logged", "Allegations logged" },
		{ "employees", "Employees (headcount)" },
		{ "cases_per_1000_employees", "Cases per 1,000 employees" },
		{ "allegations_per_1000_employees", "Allegations per 1,000 employees" },
		{ "working_days_to_log", "Working days to log" },
		{ "working_days_to_contact", "Working days to contact the complainant" },
		{ "sch3_reason_pct", "Why logged under Schedule 3 (%)" },
		{ "allegations_by_category", "Allegations by category" },
		{ "allegations_finalised_by_outcome", "Allegations finalised, by outcome" },
		{ "working_days_to_finalise", "Working days to finalise (mean)" },
		{ "reviews_completed", "Reviews completed" },
		{ "reviews_upheld_pct", "Reviews upheld (%)" },
		{ "working_days_to_review", "Working days to complete a review (mean)" },
		{ "open_over_12_months", "Complaint cases open more than 12 months" },
	};
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		if (strcmp(l[i][0], m) == 0)
			return l[i][1];
	return m;
}

static void chart(struct html *h, const struct cpl_bulletin *b)
{
	int64_t max = 1;
	size_t n = 0;
	/* a withheld figure ("[c]") has no bar: its length would give it away */
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->rows[i].measure, "allegations_by_category") == 0) {
			n++;
			if (b->rows[i].base > max && strcmp(b->rows[i].value, "[c]"))
				max = b->rows[i].base;
		}
	const int W = 720, LW = 330, BH = 22, G = 8;
	int H = (int)n * (BH + G) + 10;
	html_f(h, "<svg class=\"probity-chart\" width=\"100%%\" viewBox=\"0 0 %d %d\" role=\"img\" "
	          "aria-labelledby=\"cat-t cat-d\"><title id=\"cat-t\">Allegations by category</title>"
	          "<desc id=\"cat-d\">A bar for each category of the active scheme, its length the number of "
	          "allegations; the same figures are in the table below.</desc>\n",
	       W, H);
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++) {
		const struct cpl_row *r = &b->rows[i];
		if (strcmp(r->measure, "allegations_by_category"))
			continue;
		int y = 5 + (int)k++ * (BH + G);
		int len = strcmp(r->value, "[c]") ? (int)(r->base * (W - LW - 60) / max) : 0;
		html_f(h, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"#0b0c0c\">%s</text>"
		          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1d70b8\"/>"
		          "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#0b0c0c\">%s</text>\n",
		       LW - 8, y + 15, r->group, LW, y, len, BH, LW + len + 6, y + 15, r->value);
	}
	html_f(h, "</svg>\n");
}

static int bulletin_page(struct req *rq, struct resp *rs)
{
	char from[11], to[11], pf[11], pt[11], yf[11], yt[11];
	struct cpl_bulletin now = { 0 }, prev = { 0 }, last = { 0 };
	struct err e = { 0 };
	read_period(rq, from, to);
	if (complaints_bulletin_view(rq->store, rq->actor, from, to, &now, &e))
		return page_fail(rq, rs, &e);
	long f = date_days(from), t = date_days(to);
	date_format(f - 1, pt);
	date_format(f - 1 - (t - f), pf);
	cpl_year_before(from, yf);
	cpl_year_before(to, yt);
	if (complaints_bulletin_view(rq->store, rq->actor, pf, pt, &prev, &e) ||
	    complaints_bulletin_view(rq->store, rq->actor, yf, yt, &last, &e)) {
		cpl_bulletin_release(&now);
		cpl_bulletin_release(&prev);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_back(&h, rq, rs, "Complaints bulletin", actor_has(rq->actor, CPL_AGG_ROLES) ? "/complaints" : "/");
	html_f(&h, "<span class=\"govuk-caption-l\">%s to %s</span><h1 class=\"govuk-heading-l\">Complaints bulletin</h1>\n",
	       from, to);
	form_begin_get(&h, "/complaints/bulletin");
	form_date(&h, &(struct field){ .name = "from", .label = "From", .value = from });
	form_date(&h, &(struct field){ .name = "to", .label = "To", .value = to });
	form_button(&h, "Show the figures", "secondary");
	form_end(&h);
	html_f(&h, "<p class=\"govuk-body\">The IOPC's bulletin measures, computed from today's data by the counting rules "
	           "in the documentation. A high rate per 1,000 employees can mean it is easy to complain rather than "
	           "worse behaviour.</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" "
	           "href=\"/complaints/bulletin.csv?from=%u&amp;to=%u\" download>Download (CSV)</a> · <a class=\"govuk-link\" "
	           "href=\"/complaints/bulletin.xlsx?from=%u&amp;to=%u\" download>Download (XLSX)</a> · <a class=\"govuk-link\" "
	           "href=\"/api/complaints/bulletin?from=%u&amp;to=%u\">JSON</a></p>\n",
	       from, to, from, to, from, to);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Allegations by category</h2>\n");
	chart(&h, &now);
	html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"All measures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
	           "All measures</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	           "<th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Group</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%s to %s</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Previous period<br>%s to %s</th>"
	           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">A year earlier<br>%s to %s</th>"
	           "</tr></thead><tbody class=\"govuk-table__body\">\n",
	       from, to, pf, pt, yf, yt);
	for (size_t i = 0; i < now.n; i++) {
		const struct cpl_row *r = &now.rows[i];
		html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
		           "<td class=\"govuk-table__cell\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
		           "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       measure_label(r->measure), r->group, dash(r->value), dash(i < prev.n ? prev.rows[i].value : ""),
		       dash(i < last.n ? last.rows[i].value : ""));
	}
	html_f(&h, "</tbody></table></div>\n");
	page_end(&h);
	cpl_bulletin_release(&now);
	cpl_bulletin_release(&prev);
	cpl_bulletin_release(&last);
	return 0;
}

static int bulletin_download(struct req *rq, struct resp *rs, int xlsx)
{
	char from[11], to[11];
	struct cpl_bulletin b;
	struct err e = { 0 };
	read_period(rq, from, to);
	if (complaints_bulletin_view(rq->store, rq->actor, from, to, &b, &e))
		return page_fail(rq, rs, &e);
	int rc = 0;
	if (!xlsx) {
		cpl_bulletin_csv(&b, &rs->body);
		rs->ctype = "text/csv; charset=utf-8";
		resp_header(rs, "Content-Disposition", "attachment; filename=\"complaints-bulletin.csv\"");
	} else {
		static const struct sheet_col cols[] = { { "measure", SHEET_TEXT }, { "group", SHEET_TEXT },
			                                 { "value", SHEET_NUMBER } };
		struct sheet *s = NULL;
		if (sheet_begin(&s, SHEET_XLSX, "Bulletin", cols, 3, &e)) {
			rc = page_fail(rq, rs, &e);
		} else {
			for (size_t i = 0; i < b.n; i++) {
				const char *cells[3] = { b.rows[i].measure, b.rows[i].group, b.rows[i].value };
				sheet_row(s, cells);
			}
			if (sheet_end(s, &rs->body, &e)) {
				rc = page_fail(rq, rs, &e);
			} else {
				rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
				resp_header(rs, "Content-Disposition", "attachment; filename=\"complaints-bulletin.xlsx\"");
			}
		}
	}
	cpl_bulletin_release(&b);
	return rc;
}

static int bulletin_csv(struct req *rq, struct resp *rs) { return bulletin_download(rq, rs, 0); }
static int bulletin_xlsx(struct req *rq, struct resp *rs) { return bulletin_download(rq, rs, 1); }

/* A bulletin figure ("160", "3.2") as a JSON number as shown, null when
 * there is nothing to show or it is withheld ("[c]": the row then says
 * "suppressed": true). */
static json_t *figure_json(const char *v)
{
	char *end;
	if (!*v)
		return json_null();
	if (!strchr(v, '.')) {
		long long n = strtoll(v, &end, 10);
		return *end ? json_null() : json_integer(n);
	}
	double d = strtod(v, &end);
	return *end ? json_null() : json_real(d);
}

static int api_bulletin(struct req *rq, struct resp *rs)
{
	char from[11], to[11];
	struct cpl_bulletin b;
	struct err e = { 0 };
	read_period(rq, from, to);
	if (complaints_bulletin_view(rq->store, rq->actor, from, to, &b, &e))
		return api_fail(rq, rs, &e);
	json_t *rows = json_array();
	for (size_t i = 0; i < b.n; i++)
		json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:b}", "measure", b.rows[i].measure, "group",
		                                      b.rows[i].group, "value", figure_json(b.rows[i].value), "suppressed",
		                                      strcmp(b.rows[i].value, "[c]") == 0));
	cpl_bulletin_release(&b);
	resp_json(rs, 200, json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "rows", rows));
	return 0;
}

/* ---- anonymised case summaries ---- */

static int on_summary(void *ctx, const struct cpl_summary *x)
{
	struct html *h = ctx;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
	          "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
	          "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
	       x->kind, x->received, dash(x->schedule3), dash(x->handling), dash(x->finalised), x->allegations);
	return 0;
}

static int summaries_page(struct req *rq, struct resp *rs)
{
	char from[11], to[11];
	struct err e = { 0 };
	long total = 0;
	int page = req_page(rq);
	read_period(rq, from, to);
	struct buf rows = BUF_INIT;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	if (complaints_case_summaries(rq->store, rq->actor, from, to, page, on_summary, &hr, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_back(&h, rq, rs, "Case summaries", "/complaints");
	html_f(&h, "<span class=\"govuk-caption-l\">Received %s to %s</span><h1 class=\"govuk-heading-l\">Case summaries</h1>\n"
	           "<p class=\"govuk-body\">Anonymised: no reference, no complainant, no officer or member of staff.</p>\n",
	       from, to);
	form_begin_get(&h, "/complaints/summaries");
	form_date(&h, &(struct field){ .name = "from", .label = "Received from", .value = from });
	form_date(&h, &(struct field){ .name = "to", .label = "Received to", .value = to });
	form_button(&h, "Show the cases", "secondary");
	form_end(&h);
	static const struct column cols[] = { { "Kind" }, { "Received" }, { "Schedule 3" }, { "Handling" },
		                              { "Finalised" }, { "Allegations and outcomes" } };
	list_table(&h, rq,
	           &(struct list_view){ .caption = "Cases", LIST_COLS(cols), .empty = "No cases were received in this period.",
	                                .page = page, .per_page = 50, .total = total },
	           &rows);
	page_end(&h);
	buf_release(&rows);
	return 0;
}

/* ---- PSD's start page ---- */

static int on_repeat(void *ctx, const char *staff_number, const char *name, int64_t n)
{
	struct html *h = ctx;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s"
	          "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%I</td></tr>\n",
	       staff_number, name, n);
	return 0;
}

struct due_ctx {
	struct html *h;
	int n;
	const struct req *rq;
};
static int on_due(void *ctx, const char *case_ref, const char *aref, const char *review_date)
{
	struct due_ctx *d = ctx;
	if (!d->n++)
		html_f(d->h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
	html_f(d->h, "<li><a class=\"govuk-link\" href=\"/complaints/case?ref=%u\">%s</a>, allegation %s: review due %s",
	       case_ref, case_ref, aref, review_date);
	/* the review held: marking it done clears it here and in the reminders */
	form_begin(d->h, d->rq, "/complaints/case/rprp/reviewed");
	form_hidden(d->h, "ref", case_ref);
	form_hidden(d->h, "rprp_allegation", aref);
	form_button(d->h, "Mark the review done", "secondary");
	form_end(d->h);
	html_f(d->h, "</li>\n");
	return 0;
}

struct learn_ctx {
	struct html *h;
	int n, link;
};
static int on_learning(void *ctx, int64_t id, const char *ref, const char *origin, const char *text,
                       const char *status, const char *due)
{
	struct learn_ctx *l = ctx;
	if (!l->n++)
		html_f(l->h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
	if (l->link)
		html_f(l->h, "<li><a class=\"govuk-link\" href=\"/findings/%I\">%s</a>", id, ref);
	else
		html_f(l->h, "<li>%s", ref);
	html_f(l->h, " (%s, %s%s%D): %s</li>\n", origin, status, *due ? ", due " : "", due, text);
	return 0;
}

/* ---- trends ---- */

static const struct option handling_labels[CPL_NHANDLING] = {
	{ "outside_schedule3", "Outside Schedule 3" },
	{ "otherwise", "Otherwise than by investigation" },
	{ "local_investigation", "Local investigation" },
	{ "directed_investigation", "Directed investigation" },
	{ "independent_investigation", "Independent investigation" },
};

/* A count cell: "[c]" when withheld, else the count. */
static const char *cell_n(const struct cpl_cell *c, char out[24])
{
	if (c->hidden)
		return "[c]";
	snprintf(out, 24, "%lld", (long long)c->n);
	return out;
}

static const char *cell_rate(const struct cpl_cell *c) { return c->hidden ? "[c]" : dash(c->rate); }

static void th(struct html *h, const char *text, int numeric)
{
	html_f(h, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>", numeric ? " govuk-table__header--numeric" : "",
	       text);
}

static void td_num(struct html *h, const char *text)
{
	html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>", text);
}

static void trends_tables(struct html *h, const struct cpl_trends *t)
{
	char n[24];
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Allegations by category and quarter\" "
	          "tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption "
	          "govuk-table__caption--m\">Allegations per 1,000 employees, by category and quarter logged</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
	th(h, "Category", 0);
	for (int i = 0; i < t->nq; i++)
		th(h, t->q[i].label, 1);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (size_t c = 0; c < t->ncat; c++) {
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>",
		       t->cat[c].name);
		for (int i = 0; i < t->nq; i++) {
			const struct cpl_cell *x = &t->by_cat[c][i];
			if (x->hidden)
				td_num(h, "[c]");
			else
				html_f(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s<br><span "
				          "class=\"govuk-body-s\">(%s)</span></td>",
				       dash(x->rate), cell_n(x, n));
		}
		html_f(h, "</tr>\n");
	}
	html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">Employees at the "
	          "quarter's end</th>");
	for (int i = 0; i < t->nq; i++) {
		snprintf(n, sizeof n, "%lld", (long long)t->employees[i]);
		td_num(h, n);
	}
	html_f(h, "</tr></tbody></table></div>\n");

	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"By area or directorate\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">By area or "
	          "directorate (the subject's unit)</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
	th(h, "Area or directorate", 0);
	th(h, "Employees", 1);
	th(h, "Allegations", 1);
	th(h, "Per 1,000 employees", 1);
	th(h, "Cases open over 12 months", 1);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (size_t g = 0; g < t->ngroup; g++) {
		const struct cpl_trend_group *x = &t->group[g];
		char emp[24], o[24];
		if (!x->employees && !x->alleg.n && !x->open12.n)
			continue; /* e.g. the force itself, where nobody works directly */
		snprintf(emp, sizeof emp, "%lld", (long long)x->employees);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", x->name);
		td_num(h, emp);
		td_num(h, cell_n(&x->alleg, n));
		td_num(h, cell_rate(&x->alleg));
		td_num(h, cell_n(&x->open12, o));
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");
	if (t->unknown_unit)
		html_f(h, "<p class=\"govuk-body-s\">%lld allegation%s had no subject with a unit and are not in this "
		          "table.</p>\n",
		       (long long)t->unknown_unit, t->unknown_unit == 1 ? "" : "s");

	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"By handling route\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">By "
	          "handling route: cases logged</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
	th(h, "Handling", 0);
	th(h, "Cases", 1);
	th(h, "Per 1,000 employees", 1);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (int i = 0; i < CPL_NHANDLING; i++) {
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>",
		       handling_labels[i].label);
		td_num(h, cell_n(&t->handling[i], n));
		td_num(h, cell_rate(&t->handling[i]));
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");

	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Timeliness in working days\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Timeliness "
	          "in working days</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
	th(h, "Measure", 0);
	th(h, "Cases", 1);
	th(h, "Median", 1);
	th(h, "90th percentile", 1);
	html_f(h, "</tr></thead><tbody class=\"govuk-table__body\">\n");
	for (size_t i = 0; i < sizeof t->time / sizeof t->time[0]; i++) {
		const struct cpl_timeliness *x = &t->time[i];
		char label[96];
		if (i < 2)
			snprintf(label, sizeof label, "%s", x->label);
		else
			snprintf(label, sizeof label, "Received to finalised: %s",
			         i - 2 < CPL_NHANDLING ? handling_labels[i - 2].label : "all routes");
		snprintf(n, sizeof n, "%lld", (long long)x->n);
		html_f(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%s</th>", label);
		td_num(h, n);
		td_num(h, x->hidden ? "[c]" : dash(x->median));
		td_num(h, x->hidden ? "[c]" : dash(x->p90));
		html_f(h, "</tr>\n");
	}
	html_f(h, "</tbody></table></div>\n");
	html_f(h, "<p class=\"govuk-body\">Complaint cases open more than 12 months on %D: <strong>%s</strong>.</p>\n", t->to,
	       cell_n(&t->open12, n));
}

/* to from the query, else today. */
static void read_to(const struct req *rq, char to[11])
{
	const char *t = req_query(rq, "to");
	if (t && *t)
		snprintf(to, 11, "%s", t);
	else
		date_today(to);
}

static int trends_page(struct req *rq, struct resp *rs)
{
	char to[11];
	struct cpl_trends t;
	struct err e = { 0 };
	read_to(rq, to);
	if (complaints_trends(rq->store, rq->actor, to, &t, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_back(&h, rq, rs, "Complaints trends", actor_has(rq->actor, CPL_AGG_ROLES) ? "/complaints" : "/");
	html_f(&h, "<span class=\"govuk-caption-l\">%s to %s</span><h1 class=\"govuk-heading-l\">Complaints trends</h1>\n",
	       t.q[0].label, t.q[t.nq - 1].label);
	form_begin_get(&h, "/complaints/trends");
	form_date(&h, &(struct field){ .name = "to", .label = "Up to", .hint = "The eight quarters ending on this date",
	                               .value = to });
	form_button(&h, "Show the trends", "secondary");
	form_end(&h);
	html_f(&h, "<p class=\"govuk-body\">Complaint cases only, counted by the bulletin's rules: allegations in the "
	           "quarter their case was logged, rates per 1,000 employees at the quarter's end, working days without "
	           "weekends and bank holidays.</p>\n");
	if (!t.exact)
		html_f(&h, "<p class=\"govuk-body\">[c]: fewer than %ld, or needed to protect such a figure: withheld so that "
		           "nobody can be identified.</p>\n",
		       t.k);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/complaints/trends.csv?to=%u\" download>"
	           "Download (CSV)</a></p>\n",
	       to);
	trends_tables(&h, &t);
	page_end(&h);
	cpl_trends_release(&t);
	return 0;
}

/* table,row,column,value: every figure on the page, withheld ones "[c]". */
static int trends_csv(struct req *rq, struct resp *rs)
{
	char to[11], n[24];
	struct cpl_trends t;
	struct err e = { 0 };
	read_to(rq, to);
	if (complaints_trends(rq->store, rq->actor, to, &t, &e))
		return page_fail(rq, rs, &e);
	struct sheet *sh = NULL;
	static const struct sheet_col cols[] = { { "table", SHEET_TEXT }, { "row", SHEET_TEXT }, { "column", SHEET_TEXT },
		                                 { "value", SHEET_TEXT } };
	if (sheet_begin(&sh, SHEET_CSV, "Trends", cols, 4, &e)) {
		cpl_trends_release(&t);
		return page_fail(rq, rs, &e);
	}
#define ROW(a, b, c, d) sheet_row(sh, (const char *[]){ (a), (b), (c), (d) })
	for (size_t c = 0; c < t.ncat; c++)
		for (int i = 0; i < t.nq; i++) {
			ROW("allegations", t.cat[c].name, t.q[i].label, cell_n(&t.by_cat[c][i], n));
			ROW("allegations_per_1000", t.cat[c].name, t.q[i].label, cell_rate(&t.by_cat[c][i]));
		}
	for (int i = 0; i < t.nq; i++) {
		snprintf(n, sizeof n, "%lld", (long long)t.employees[i]);
		ROW("employees", "all", t.q[i].label, n);
	}
	for (size_t g = 0; g < t.ngroup; g++) {
		ROW("allegations_by_area", t.group[g].name, "allegations", cell_n(&t.group[g].alleg, n));
		ROW("allegations_by_area", t.group[g].name, "per_1000", cell_rate(&t.group[g].alleg));
		ROW("allegations_by_area", t.group[g].name, "open_over_12_months", cell_n(&t.group[g].open12, n));
	}
	for (int i = 0; i < CPL_NHANDLING; i++) {
		ROW("cases_by_handling", cpl_handlings[i], "cases", cell_n(&t.handling[i], n));
		ROW("cases_by_handling", cpl_handlings[i], "per_1000", cell_rate(&t.handling[i]));
	}
	for (size_t i = 0; i < sizeof t.time / sizeof t.time[0]; i++) {
		const struct cpl_timeliness *x = &t.time[i];
		ROW("working_days", x->label, "median", x->hidden ? "[c]" : x->median);
		ROW("working_days", x->label, "p90", x->hidden ? "[c]" : x->p90);
	}
	ROW("open_over_12_months", "all", t.to, cell_n(&t.open12, n));
#undef ROW
	int rc = sheet_end(sh, &rs->body, &e);
	cpl_trends_release(&t);
	if (rc)
		return page_fail(rq, rs, &e);
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"complaints-trends.csv\"");
	return 0;
}

static int index_page(struct req *rq, struct resp *rs)
{
	struct html h;
	struct err e = { 0 };
	page_begin(&h, rq, rs, "Complaints and conduct");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Complaints and conduct</h1>\n"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/complaints/bulletin\">The complaints bulletin</a>: "
	           "the IOPC's measures for any period, beside the previous period and a year earlier.</p>\n"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/complaints/trends\">Trends</a>: allegations per "
	           "1,000 employees by category and quarter, by area and handling route; timeliness; cases open over a "
	           "year.</p>\n"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/complaints/summaries\">Case summaries</a>: "
	           "anonymised, for oversight.</p>\n");
	if (actor_has(rq->actor, ROLE_PSD))
		button_link(&h, "Record a new case", "/complaints/new", NULL);
	if (actor_has(rq->actor, ROLE_PSD | ROLE_PCC)) {
		form_begin_get(&h, "/complaints/case");
		form_input(&h, &(struct field){ .name = "ref", .label = "Open a case by its reference",
		                                .width = "govuk-input--width-20" });
		form_button(&h, "Open the case", "secondary");
		form_end(&h);
	}
	if (actor_has(rq->actor, ROLE_PSD)) {
		char today[11];
		date_today(today);
		struct due_ctx d = { &h, 0, rq };
		html_f(&h, "<h2 class=\"govuk-heading-m\">Reflective practice reviews due</h2>\n");
		if (complaints_rprp_due(rq->store, rq->actor, today, on_due, &d, &e)) {
			page_end(&h);
			return page_fail(rq, rs, &e);
		}
		if (d.n)
			html_f(&h, "</ul>\n");
		else
			html_f(&h, "<p class=\"govuk-body\">None due today.</p>\n");
	}
	if (actor_has(rq->actor, ROLE_PSD | ROLE_DCC)) {
		char today[11];
		date_today(today);
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Repeat subjects\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
		           "Repeat subjects: three or more allegations in the last 12 months</caption>"
		           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Staff number</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Allegations</th>"
		           "</tr></thead><tbody class=\"govuk-table__body\">\n");
		if (complaints_repeat_subjects(rq->store, rq->actor, today, on_repeat, &h, &e)) {
			page_end(&h);
			return page_fail(rq, rs, &e);
		}
		html_f(&h, "</tbody></table></div>\n");
	}
	page_end(&h);
	return 0;
}

/* ---- a new case ---- */

static int add_category(void *ctx, const char *name)
{
	optlist_add(ctx, name, name);
	return 0;
}

/* The active scheme's categories as options (free it); empty on a failure,
 * which the form's validation then reports. */
static struct optlist *category_options(struct req *rq)
{
	struct optlist *o = xcalloc(1, sizeof *o);
	struct err e = { 0 };
	complaints_categories(rq->store, add_category, o, &e);
	return o;
}

/* The new case form's answers (also what check your answers shows). */
static const struct option case_kinds[] = { { "complaint", "Complaint" }, { "conduct", "Conduct matter" },
	                               { "dsi", "Death or serious injury matter" } };
static const struct option case_yesno[] = { { "yes", "Yes, under Schedule 3" }, { "no", "No, outside Schedule 3" } };
static const struct option case_reasons[] = { { "complainant_wishes", "The complainant wishes it" },
	                                 { "authority_decides", "The appropriate authority decides" },
	                                 { "dissatisfied", "Dissatisfied after initial handling" } };
static const struct option case_handlings[] = { { "otherwise", "Otherwise than by investigation" },
	                                   { "local_investigation", "Local investigation" },
	                                   { "directed_investigation", "Directed investigation" },
	                                   { "independent_investigation", "Independent investigation" } };
static const struct option case_prefs[] = { { "email", "Email" }, { "phone", "Phone" }, { "post", "Post" },
	                               { "none", "No contact wanted" } };

static int new_page(struct req *rq, struct resp *rs, const struct errlist *errs, int status)
{
	struct optlist *cats = category_options(rq);
	struct html h;
	page_begin_back(&h, rq, rs, "Record a new case", "/complaints");
	rs->status = status;
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Record a new case</h1>\n");
	form_begin(&h, rq, "/complaints/check");
	form_radios(&h, &(struct field){ .name = "kind", .label = "Kind of case", .value = req_form(rq, "kind"),
	                                 .options = case_kinds, .noptions = 3, .errs = errs });
	form_date(&h, &(struct field){ .name = "received", .label = "Received on", .value = req_form(rq, "received"), .errs = errs });
	form_date(&h, &(struct field){ .name = "logged", .label = "Logged on (empty: today)", .value = req_form(rq, "logged"),
	                               .errs = errs });
	form_date(&h, &(struct field){ .name = "contacted", .label = "First contact with the complainant (if made)",
	                               .value = req_form(rq, "contacted"), .errs = errs });
	form_radios(&h, &(struct field){ .name = "schedule3", .label = "Complaints: handled under Schedule 3?",
	                                 .value = req_form(rq, "schedule3"), .options = case_yesno, .noptions = 2, .errs = errs });
	form_radios(&h, &(struct field){ .name = "sch3_reason", .label = "Why under Schedule 3",
	                                 .value = req_form(rq, "sch3_reason"), .options = case_reasons, .noptions = 3, .errs = errs });
	form_radios(&h, &(struct field){ .name = "handling", .label = "Handling (Schedule 3 complaints and conduct matters)",
	                                 .value = req_form(rq, "handling"), .options = case_handlings, .noptions = 4, .errs = errs });
	form_input(&h, &(struct field){ .name = "complainant_name", .label = "Complainant's name",
	                                .value = req_form(rq, "complainant_name"), .autocomplete = "off", .errs = errs });
	form_input(&h, &(struct field){ .name = "complainant_contact", .label = "Complainant's contact details",
	                                .value = req_form(rq, "complainant_contact"), .autocomplete = "off", .errs = errs });
	form_radios(&h, &(struct field){ .name = "contact_preference", .label = "How the complainant wants to be contacted",
	                                 .value = req_form(rq, "contact_preference"), .options = case_prefs, .noptions = 4,
	                                 .inline_ = 1, .errs = errs });
	form_select(&h, &(struct field){ .name = "category", .label = "Category of the first allegation",
	                                 .value = req_form(rq, "category"), .options = cats->o,
	                                 .noptions = cats->n, .errs = errs });
	form_input(&h, &(struct field){ .name = "subject", .label = "Staff number of the subject (if known)",
	                                .value = req_form(rq, "subject"), .width = "govuk-input--width-10", .errs = errs });
	form_button(&h, "Continue", NULL);
	form_end(&h);
	page_end(&h);
	free(cats);
	return 0;
}

static int new_show(struct req *rq, struct resp *rs) { return new_page(rq, rs, NULL, 200); }

/* The posted case (the form, or check your answers' hidden fields). */
static struct cpl_case_in posted_case(const struct req *rq)
{
	return (struct cpl_case_in){ req_form(rq, "kind"), req_form(rq, "received"), req_form(rq, "logged"),
		                     req_form(rq, "contacted"), req_form(rq, "schedule3"), req_form(rq, "sch3_reason"),
		                     req_form(rq, "handling"), req_form(rq, "complainant_name"),
		                     req_form(rq, "complainant_contact"), req_form(rq, "contact_preference"),
		                     req_form(rq, "category"), req_form(rq, "subject") };
}

/* Check your answers before the case is recorded (POST /complaints/check);
 * errors go back to the form. */
static int case_check(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct cpl_case_in in = posted_case(rq);
	if (complaints_case_check(rq->store, rq->actor, &in, &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return new_page(rq, rs, &errs, 400);
		return page_fail(rq, rs, &e);
	}
	int complaint = !strcmp(in.kind, "complaint"), s3 = complaint && !strcmp(in.schedule3, "yes");
	char received[48], logged[48], contacted[48];
	date_display(in.received, received, sizeof received);
	date_display(in.logged && *in.logged ? in.logged : "", logged, sizeof logged);
	date_display(in.contacted && *in.contacted ? in.contacted : "", contacted, sizeof contacted);
	struct cya_row rows[12];
	size_t n = 0;
	rows[n++] = (struct cya_row){ "Kind of case", option_label(case_kinds, 3, in.kind), "kind" };
	rows[n++] = (struct cya_row){ "Received on", received, "received-day" };
	rows[n++] = (struct cya_row){ "Logged on", *logged ? logged : "Today", "logged-day" };
	rows[n++] = (struct cya_row){ "First contact with the complainant", contacted, "contacted-day" };
	if (complaint)
		rows[n++] = (struct cya_row){ "Handled under Schedule 3", option_label(case_yesno, 2, in.schedule3), "schedule3" };
	if (s3)
		rows[n++] = (struct cya_row){ "Why under Schedule 3", option_label(case_reasons, 3, in.sch3_reason), "sch3_reason" };
	if (s3 || !complaint)
		rows[n++] = (struct cya_row){ "Handling", option_label(case_handlings, 4, in.handling), "handling" };
	rows[n++] = (struct cya_row){ "Complainant's name", in.complainant_name, "complainant_name" };
	rows[n++] = (struct cya_row){ "Complainant's contact details", in.complainant_contact, "complainant_contact" };
	if (complaint)
		rows[n++] = (struct cya_row){ "How the complainant wants to be contacted",
		                              option_label(case_prefs, 4, in.contact_preference), "contact_preference" };
	rows[n++] = (struct cya_row){ "Category of the first allegation", in.category, "category" };
	rows[n++] = (struct cya_row){ "Staff number of the subject", in.subject_staff_number, "subject" };
	static const char *const fields[] = { "kind", "received", "logged", "contacted", "schedule3", "sch3_reason",
		                              "handling", "complainant_name", "complainant_contact",
		                              "contact_preference", "category", "subject" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your answers before recording the case", .caption = "Record a new case",
		.rows = rows, .nrows = n, .fields = fields,
		.nfields = sizeof fields / sizeof fields[0], .change_action = "/complaints/new",
		.send_action = "/complaints/cases", .statement = NULL, .button = "Record the case" });
	return 0;
}

/* Change on check your answers: the form again, filled with the answers. */
static int case_change(struct req *rq, struct resp *rs) { return new_page(rq, rs, NULL, 200); }

static int case_create(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	char ref[32];
	struct cpl_case_in in = posted_case(rq);
	if (complaints_case_create(rq->store, rq->actor, &in, ref, &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return new_page(rq, rs, &errs, 400);
		return page_fail(rq, rs, &e);
	}
	struct buf u = BUF_INIT;
	buf_init(&u, 512);
	struct html h;
	html_init(&h, &u);
	html_f(&h, "/complaints/case?ref=%u&created=1", ref);
	resp_redirect(rs, buf_str(&u));
	buf_release(&u);
	return 0;
}

/* ---- a case ---- */

struct case_view {
	struct html *h;
	const struct req *rq;
	const char *ref;
	int psd;
};

static int on_allegation(void *ctx, const struct cpl_allegation *a)
{
	struct case_view *v = ctx;
	html_f(v->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
	             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
	             "<td class=\"govuk-table__cell\">%s%s</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
	       a->allegation_ref, v->psd ? dash(a->subject) : "(withheld)", a->category,
	       *a->outcome ? option_label(outcome_opts, sizeof outcome_opts / sizeof outcome_opts[0], a->outcome) : "Open",
	       a->has_rprp ? " (RPRP report recorded)" : "", dash(a->finalised));
	return 0;
}

static int on_proceeding(void *ctx, const struct cpl_proceeding *p)
{
	struct case_view *v = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	html_f(v->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s %s</td>"
	             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s%s</td>"
	             "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s %s</td></tr>\n",
	       p->kind, p->public_ ? "(public)" : "(private)", p->held_on, p->subject,
	       p->name_withheld ? " (name withheld)" : "", p->allegations, dash(p->finding), p->outcome);
	if (!*p->outcome) {
		char action[64];
		snprintf(action, sizeof action, "/complaints/proceedings/%s/decide", id);
		static const struct option findings[] = { { "misconduct", "Misconduct" },
			                                  { "gross_misconduct", "Gross misconduct" },
			                                  { "not_proven", "Not proven" } };
		static const struct option outcomes[] = {
			{ "written_warning", "Written warning" }, { "final_written_warning", "Final written warning" },
			{ "reduction_in_rank", "Reduction in rank" }, { "dismissal_without_notice", "Dismissal without notice" },
			{ "referral_to_rprp", "Referral to reflective practice" }, { "no_action", "No action" },
		};
		html_f(v->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"5\">");
		form_begin(v->h, v->rq, action);
		form_hidden(v->h, "ref", v->ref);
		form_select(v->h, &(struct field){ .name = "finding", .label = "Finding", .options = findings, .noptions = 3 });
		form_select(v->h, &(struct field){ .name = "outcome", .label = "Outcome", .options = outcomes, .noptions = 6 });
		form_button(v->h, "Record the outcome", "secondary");
		form_end(v->h);
		html_f(v->h, "</td></tr>\n");
	}
	return 0;
}

/* A summary row with a UK date, or a dash when there is none. */
static void date_row(struct html *h, const char *key, const char *d)
{
	if (*d)
		summary_row(h, key, "%D", d);
	else
		summary_row(h, key, "%s", dash(d));
}

static int case_page(struct req *rq, struct resp *rs, const struct errlist *errs, int status)
{
	const char *ref = req_query(rq, "ref");
	if (!ref)
		ref = req_form(rq, "ref");
	struct cpl_case c;
	struct err e = { 0 };
	if (complaints_case_get(rq->store, rq->actor, ref ? ref : "", &c, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	char title[96];
	snprintf(title, sizeof title, "Case %s", c.case_ref);
	page_begin_back(&h, rq, rs, title, "/complaints");
	rs->status = status;
	if (errs)
		form_error_summary(&h, errs);
	const char *done = req_query(rq, "done");
	if (done)
		banner_success(&h, "Saved", "The case has been updated.");
	if (req_query(rq, "created"))
		panel_confirm(&h, "Case recorded", c.case_ref, NULL);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>\n", c.kind, title);
	summary_begin(&h);
	date_row(&h, "Received", c.received);
	date_row(&h, "Logged", c.logged);
	date_row(&h, "First contact", c.contacted);
	summary_row(&h, "Schedule 3", "%s %s", dash(c.schedule3), c.sch3_reason);
	summary_row(&h, "Handling", "%s", dash(c.handling));
	date_row(&h, "Finalised", c.finalised);
	if (*c.complainant)
		summary_row(&h, "Complainant", "%s", c.complainant);
	summary_end(&h);
	struct case_view v = { &h, rq, c.case_ref, actor_has(rq->actor, ROLE_PSD) };
	html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Allegations\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
	           "Allegations</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	           "<th scope=\"col\" class=\"govuk-table__header\">Reference</th><th scope=\"col\" class=\"govuk-table__header\">Subject</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Category</th><th scope=\"col\" class=\"govuk-table__header\">Outcome</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Finalised</th></tr></thead><tbody class=\"govuk-table__body\">\n");
	if (complaints_case_allegations(rq->store, rq->actor, c.id, on_allegation, &v, &e)) {
		page_end(&h);
		return page_fail(rq, rs, &e);
	}
	html_f(&h, "</tbody></table></div>\n");
	if (v.psd) {
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Misconduct proceedings\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
		           "Misconduct proceedings</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Kind</th><th scope=\"col\" class=\"govuk-table__header\">Date</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Officer</th><th scope=\"col\" class=\"govuk-table__header\">Allegations heard</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Finding and outcome</th></tr></thead>"
		           "<tbody class=\"govuk-table__body\">\n");
		if (complaints_case_proceedings(rq->store, rq->actor, c.id, on_proceeding, &v, &e)) {
			page_end(&h);
			return page_fail(rq, rs, &e);
		}
		html_f(&h, "</tbody></table></div>\n");

		html_f(&h, "<h2 class=\"govuk-heading-m\">Add an allegation</h2>\n");
		struct optlist *cats = category_options(rq);
		form_begin(&h, rq, "/complaints/case/allegations");
		form_hidden(&h, "ref", c.case_ref);
		form_select(&h, &(struct field){ .name = "new_category", .label = "Category",
		                                 .value = req_form(rq, "new_category"), .options = cats->o, .noptions = cats->n,
		                                 .errs = errs });
		form_input(&h, &(struct field){ .name = "new_subject", .label = "Staff number of the subject (if known)",
		                                .value = req_form(rq, "new_subject"), .width = "govuk-input--width-10",
		                                .errs = errs });
		form_button(&h, "Add the allegation", "secondary");
		form_end(&h);
		free(cats);

		html_f(&h, "<h2 class=\"govuk-heading-m\">Record an allegation's outcome</h2>\n");
		form_begin(&h, rq, "/complaints/case/decide");
		form_hidden(&h, "ref", c.case_ref);
		form_input(&h, &(struct field){ .name = "allegation", .label = "Allegation reference", .value = req_form(rq, "allegation"),
		                                .width = "govuk-input--width-10", .errs = errs });
		form_radios(&h, &(struct field){ .name = "outcome", .label = "Outcome", .value = req_form(rq, "outcome"),
		                                 .options = outcome_opts, .noptions = sizeof outcome_opts / sizeof outcome_opts[0],
		                                 .errs = errs });
		form_date(&h, &(struct field){ .name = "finalised", .label = "Finalised on (leave empty if not yet)",
		                               .value = req_form(rq, "finalised"), .errs = errs });
		form_button(&h, "Save the outcome", NULL);
		form_end(&h);

		html_f(&h, "<h2 class=\"govuk-heading-m\">Reflective practice review report</h2>\n");
		form_begin(&h, rq, "/complaints/case/rprp");
		form_hidden(&h, "ref", c.case_ref);
		form_input(&h, &(struct field){ .name = "rprp_allegation", .label = "Allegation reference",
		                                .value = req_form(rq, "rprp_allegation"), .width = "govuk-input--width-10", .errs = errs });
		static const char *const tf[][2] = { { "summary_issue", "Summary of the issue" },
			                             { "summary_discussion", "Summary of the discussion" },
			                             { "actions", "Key actions, one a line, each starting with its deadline (YYYY-MM-DD)" },
			                             { "lessons_officer", "Lessons for the officer" },
			                             { "lessons_force", "Lessons for the force" } };
		for (size_t i = 0; i < 5; i++)
			form_textarea(&h, &(struct field){ .name = tf[i][0], .maxlength = 4000, .label = tf[i][1], .value = req_form(rq, tf[i][0]),
			                                   .rows = 3, .errs = errs });
		form_date(&h, &(struct field){ .name = "review_date", .label = "Review date (empty: in 12 months)",
		                               .value = req_form(rq, "review_date"), .errs = errs });
		form_button(&h, "Save the report", NULL);
		form_end(&h);

		html_f(&h, "<h2 class=\"govuk-heading-m\">Learning recommendations</h2>\n"
		           "<p class=\"govuk-body\">Tracked to completion in the inspection findings tracker (owner, "
		           "updates, board sign-off).</p>\n");
		struct learn_ctx lc = { &h, 0, complaints_learning_linkable(rq->actor) };
		if (complaints_learning(rq->store, rq->actor, c.case_ref, on_learning, &lc, &e)) {
			page_end(&h);
			return page_fail(rq, rs, &e);
		}
		if (lc.n)
			html_f(&h, "</ul>\n");
		static const struct option origins[] = { { "iopc", "The IOPC's" }, { "local", "Local (the force's own)" } };
		form_begin(&h, rq, "/complaints/case/learning");
		form_hidden(&h, "ref", c.case_ref);
		form_radios(&h, &(struct field){ .name = "origin", .label = "Whose recommendation", .value = req_form(rq, "origin"),
		                                 .options = origins, .noptions = 2, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "text", .label = "The recommendation", .value = req_form(rq, "text"),
		                                   .rows = 3, .maxlength = 4000, .errs = errs });
		form_input(&h, &(struct field){ .name = "owner", .label = "Staff number of its owner (optional)",
		                                .value = req_form(rq, "owner"), .width = "govuk-input--width-10", .errs = errs });
		form_date(&h, &(struct field){ .name = "due", .label = "Due date (optional)", .value = req_form(rq, "due"),
		                               .errs = errs });
		form_button(&h, "Record the recommendation", "secondary");
		form_end(&h);

		html_f(&h, "<h2 class=\"govuk-heading-m\">Arrange a misconduct meeting or hearing</h2>\n");
		static const struct option kinds[] = { { "meeting", "Misconduct meeting" }, { "hearing", "Misconduct hearing" },
			                               { "accelerated_hearing", "Accelerated hearing" } };
		static const struct option yesno[] = { { "1", "Yes" }, { "0", "No" } };
		form_begin(&h, rq, "/complaints/case/proceedings");
		form_hidden(&h, "ref", c.case_ref);
		form_radios(&h, &(struct field){ .name = "kind", .label = "Kind", .value = req_form(rq, "kind"), .options = kinds,
		                                 .noptions = 3, .errs = errs });
		form_date(&h, &(struct field){ .name = "held_on", .label = "Date", .value = req_form(rq, "held_on"), .errs = errs });
		form_input(&h, &(struct field){ .name = "venue", .label = "Venue", .value = req_form(rq, "venue"), .errs = errs });
		form_input(&h, &(struct field){ .name = "subject", .label = "Staff number of the officer or member of staff",
		                                .value = req_form(rq, "subject"), .width = "govuk-input--width-10", .errs = errs });
		form_textarea(&h, &(struct field){ .name = "allegations", .maxlength = 1000, .label = "The allegations heard, in summary",
		                                   .value = req_form(rq, "allegations"), .rows = 3, .errs = errs });
		form_radios(&h, &(struct field){ .name = "public", .label = "Held in public (the chair's decision)",
		                                 .value = req_form(rq, "public"), .options = yesno, .noptions = 2, .inline_ = 1,
		                                 .errs = errs });
		form_radios(&h, &(struct field){ .name = "withheld", .label = "The chair directs the officer's name be withheld",
		                                 .value = req_form(rq, "withheld"), .options = yesno, .noptions = 2, .inline_ = 1,
		                                 .errs = errs });
		form_button(&h, "Arrange it", NULL);
		form_end(&h);
	}
	static const struct option bodies[] = { { "lpb", "The PCC's office" }, { "iopc", "The IOPC" } };
	static const struct option results[] = { { "upheld", "Upheld" }, { "not_upheld", "Not upheld" } };
	html_f(&h, "<h2 class=\"govuk-heading-m\">Record a review's result</h2>\n");
	form_begin(&h, rq, "/complaints/case/review");
	form_hidden(&h, "ref", c.case_ref);
	form_radios(&h, &(struct field){ .name = "body", .label = "Review body", .value = req_form(rq, "body"), .options = bodies,
	                                 .noptions = 2, .errs = errs });
	form_date(&h, &(struct field){ .name = "completed", .label = "Completed on", .value = req_form(rq, "completed"),
	                               .errs = errs });
	form_radios(&h, &(struct field){ .name = "result", .label = "Result", .value = req_form(rq, "result"), .options = results,
	                                 .noptions = 2, .errs = errs });
	form_textarea(&h, &(struct field){ .name = "recommendations", .maxlength = 4000, .label = "Recommendations",
	                                   .value = req_form(rq, "recommendations"), .rows = 3, .errs = errs });
	form_button(&h, "Save the result", NULL);
	form_end(&h);
	page_end(&h);
	return 0;
}

static int case_show(struct req *rq, struct resp *rs) { return case_page(rq, rs, NULL, 200); }

/* After a POST: 303 back to the case, or the case with the errors (400), or the refusal. */
static int after(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e)
{
	if (!rc) {
		struct buf u = BUF_INIT;
		buf_init(&u, 512);
		struct html h;
		html_init(&h, &u);
		html_f(&h, "/complaints/case?ref=%u&done=1", req_form(rq, "ref") ? req_form(rq, "ref") : "");
		resp_redirect(rs, buf_str(&u));
		buf_release(&u);
		return 0;
	}
	if (e->code == ERR_INPUT && errs->n)
		return case_page(rq, rs, errs, 400);
	return page_fail(rq, rs, e);
}

static int case_decide(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = complaints_allegation_decide(rq->store, rq->actor, req_form(rq, "ref"), req_form(rq, "allegation"),
	                                      req_form(rq, "outcome"), req_form(rq, "finalised"), &errs, &e);
	return after(rq, rs, rc, &errs, &e);
}

static int case_allegation(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	char aref[16];
	int rc = complaints_allegation_add(rq->store, rq->actor, req_form(rq, "ref"), req_form(rq, "new_category"),
	                                   req_form(rq, "new_subject"), aref, &errs, &e);
	/* this form's fields are named apart from the proceedings form's on the same page */
	for (int i = 0; i < errs.n; i++)
		if (strcmp(errs.item[i].field, "category") == 0 || strcmp(errs.item[i].field, "subject") == 0) {
			char f[48];
			snprintf(f, sizeof f, "new_%s", errs.item[i].field);
			snprintf(errs.item[i].field, sizeof errs.item[i].field, "%s", f);
		}
	return after(rq, rs, rc, &errs, &e);
}

static int case_rprp(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct cpl_rprp r = { req_form(rq, "summary_issue"), req_form(rq, "summary_discussion"), req_form(rq, "actions"),
		              req_form(rq, "lessons_officer"), req_form(rq, "lessons_force"), req_form(rq, "review_date") };
	int rc = complaints_rprp_record(rq->store, rq->actor, req_form(rq, "ref"), req_form(rq, "rprp_allegation"), &r,
	                                &errs, &e);
	return after(rq, rs, rc, &errs, &e);
}

static int case_learning(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	char ref[48];
	int rc = complaints_learning_add(rq->store, rq->actor, req_form(rq, "ref"), req_form(rq, "origin"),
	                                 req_form(rq, "text"), req_form(rq, "owner"), req_form(rq, "due"), ref, &errs, &e);
	return after(rq, rs, rc, &errs, &e);
}

static int case_rprp_reviewed(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = complaints_rprp_reviewed(rq->store, rq->actor, req_form(rq, "ref"), req_form(rq, "rprp_allegation"), &e);
	return after(rq, rs, rc, &errs, &e);
}

static int case_proceedings(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *pub = req_form(rq, "public"), *wh = req_form(rq, "withheld");
	struct cpl_proceeding_in in = { req_form(rq, "kind"), req_form(rq, "held_on"), req_form(rq, "venue"),
		                        pub && strcmp(pub, "1") == 0, req_form(rq, "subject"),
		                        wh && strcmp(wh, "1") == 0, req_form(rq, "allegations") };
	int64_t id;
	int rc = complaints_proceeding_add(rq->store, rq->actor, req_form(rq, "ref"), &in, &id, &errs, &e);
	return after(rq, rs, rc, &errs, &e);
}

static int proceeding_decide(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = complaints_proceeding_decide(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "finding"),
	                                      req_form(rq, "outcome"), &errs, &e);
	return after(rq, rs, rc, &errs, &e);
}

static int case_review(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = complaints_review_decide(rq->store, rq->actor, req_form(rq, "ref"), req_form(rq, "body"),
	                                  req_form(rq, "completed"), req_form(rq, "result"),
	                                  req_form(rq, "recommendations"), &errs, &e);
	return after(rq, rs, rc, &errs, &e);
}

/* ---- category schemes (admin) ---- */

struct scheme_view {
	struct html *h;
	const struct req *rq;
	int64_t last;
};

static void scheme_close(struct scheme_view *v)
{
	if (v->last)
		html_f(v->h, "</ol>\n");
}

static int on_scheme(void *ctx, int64_t id, const char *name, int version, int active, const char *category)
{
	struct scheme_view *v = ctx;
	if (id != v->last) {
		scheme_close(v);
		v->last = id;
		html_f(v->h, "<h2 class=\"govuk-heading-m\">%s, version %d %s</h2>\n", name, version,
		       active ? "<strong class=\"govuk-tag govuk-tag--green\">Active</strong>" : "");
		if (!active) {
			char action[96];
			snprintf(action, sizeof action, "/admin/complaints/schemes/%lld/activate", (long long)id);
			form_begin(v->h, v->rq, action);
			form_button(v->h, "Make this the active scheme", "secondary");
			form_end(v->h);
		}
		html_f(v->h, "<ol class=\"govuk-list govuk-list--number\">\n");
	}
	if (category && *category)
		html_f(v->h, "<li>%s</li>\n", category);
	return 0;
}

static int schemes_page(struct req *rq, struct resp *rs, const struct errlist *errs, int status)
{
	struct err e = { 0 };
	struct html h;
	page_begin_errs(&h, rq, rs, errs, "/complaints", "Complaint category schemes");
	rs->status = status;
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Complaint category schemes</h1>\n"
	           "<p class=\"govuk-body\">Allegations are recorded against the active scheme's categories; the "
	           "bulletin lists them in its order. An allegation keeps the category it was recorded with.</p>\n");
	struct scheme_view v = { &h, rq, 0 };
	if (complaints_schemes(rq->store, rq->actor, on_scheme, &v, &e)) {
		page_end(&h);
		return page_fail(rq, rs, &e);
	}
	scheme_close(&v);
	if (actor_has(rq->actor, ROLE_ADMIN)) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Add a scheme version</h2>\n");
		form_begin(&h, rq, "/admin/complaints/schemes");
		form_input(&h, &(struct field){ .name = "name", .label = "Name", .value = req_form(rq, "name"), .errs = errs });
		form_input(&h, &(struct field){ .name = "based_on", .label = "A new version of scheme number (optional)",
		                                .value = req_form(rq, "based_on"), .width = "govuk-input--width-4",
		                                .errs = errs });
		form_textarea(&h, &(struct field){ .name = "categories", .label = "Categories, one a line, in order",
		                                   .value = req_form(rq, "categories"), .rows = 12, .errs = errs });
		form_button(&h, "Add the scheme", NULL);
		form_end(&h);
	}
	page_end(&h);
	return 0;
}

static int schemes_get(struct req *rq, struct resp *rs) { return schemes_page(rq, rs, NULL, 200); }

static int schemes_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	if (complaints_scheme_create(rq->store, rq->actor, req_form(rq, "name"), req_form(rq, "based_on"),
	                             req_form(rq, "categories"), &id, &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return schemes_page(rq, rs, &errs, 400);
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, "/admin/complaints/schemes");
	return 0;
}

static int scheme_activate(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (complaints_scheme_activate(rq->store, rq->actor, req_id(rq, "id"), &e))
		return page_fail(rq, rs, &e);
	resp_redirect(rs, "/admin/complaints/schemes");
	return 0;
}

/* ---- the start page's two lists as JSON (docs/API.md): the reflective
 * practice reviews due (PSD) and the repeat subjects (PSD, DCC), from the
 * page's domain calls, so the same rules and access log ---- */

static int json_due(void *ctx, const char *case_ref, const char *allegation_ref, const char *review_date)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s}", "case_reference", case_ref, "allegation_reference",
	                                     allegation_ref, "review_date", review_date));
	return 0;
}

static int api_rprp_due(struct req *rq, struct resp *rs)
{
	char today[11];
	date_today(today);
	struct err e = { 0 };
	json_t *items = json_array();
	if (complaints_rprp_due(rq->store, rq->actor, today, json_due, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

static int json_repeat(void *ctx, const char *staff_number, const char *name, int64_t allegations)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:I}", "staff_number", staff_number, "name", name,
	                                     "allegations", (json_int_t)allegations));
	return 0;
}

static int api_repeat_subjects(struct req *rq, struct resp *rs)
{
	char today[11];
	date_today(today);
	struct err e = { 0 };
	json_t *items = json_array();
	if (complaints_repeat_subjects(rq->store, rq->actor, today, json_repeat, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route complaints_routes[] = {
	{ "GET", "/complaints", index_page, ACCESS_PAGE, CPL_AGG_ROLES },
	{ "GET", "/complaints/bulletin", bulletin_page, ACCESS_PAGE, CPL_TREND_ROLES },
	{ "GET", "/complaints/bulletin.csv", bulletin_csv, ACCESS_PAGE, CPL_TREND_ROLES },
	{ "GET", "/complaints/bulletin.xlsx", bulletin_xlsx, ACCESS_PAGE, CPL_TREND_ROLES },
	{ "GET", "/complaints/summaries", summaries_page, ACCESS_PAGE, CPL_AGG_ROLES },
	{ "GET", "/complaints/trends", trends_page, ACCESS_PAGE, CPL_TREND_ROLES },
	{ "GET", "/complaints/trends.csv", trends_csv, ACCESS_PAGE, CPL_TREND_ROLES },
	{ "GET", "/complaints/new", new_show, ACCESS_PAGE, ROLE_PSD },
	{ "POST", "/complaints/cases", case_create, ACCESS_PAGE, ROLE_PSD },
	{ "POST", "/complaints/new", case_change, ACCESS_PAGE, ROLE_PSD },
	{ "POST", "/complaints/check", case_check, ACCESS_PAGE, ROLE_PSD },
	{ "GET", "/complaints/case", case_show, ACCESS_PAGE, 0 },
	{ "POST", "/complaints/case/decide", case_decide, ACCESS_PAGE, 0 },
	{ "POST", "/complaints/case/allegations", case_allegation, ACCESS_PAGE, ROLE_PSD },
	{ "POST", "/complaints/case/rprp", case_rprp, ACCESS_PAGE, 0 },
	{ "POST", "/complaints/case/rprp/reviewed", case_rprp_reviewed, ACCESS_PAGE, 0 },
	{ "POST", "/complaints/case/learning", case_learning, ACCESS_PAGE, 0 },
	{ "GET", "/admin/complaints/schemes", schemes_get, ACCESS_PAGE, ROLE_ADMIN | ROLE_PSD },
	{ "POST", "/admin/complaints/schemes", schemes_post, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/complaints/schemes/{id}/activate", scheme_activate, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/complaints/case/proceedings", case_proceedings, ACCESS_PAGE, 0 },
	{ "POST", "/complaints/case/review", case_review, ACCESS_PAGE, 0 },
	{ "POST", "/complaints/proceedings/{id}/decide", proceeding_decide, ACCESS_PAGE, 0 },
	{ "GET", "/api/complaints/bulletin", api_bulletin, ACCESS_API, CPL_TREND_ROLES },
	{ "GET", "/api/complaints/rprp-due", api_rprp_due, ACCESS_API, 0 },
	{ "GET", "/api/complaints/repeat-subjects", api_repeat_subjects, ACCESS_API, 0 },
};
ROUTES_END(complaints);
