/* intel_pages.c — the counter-corruption unit's intelligence pages and API:
 * the dashboard, items (intake, lines of enquiry, the ICT audit check,
 * interventions, closure and its review), the quality sample, the queue of
 * anonymous reports, and /api/intel/items. Every rule and the need-to-know
 * check is in src/domain/intel.c and intel_reports.c; these pages only
 * call them and draw the answer. */
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/intel.h"
#include "domain/intel_reports.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An item's status tag, or a line's. */
static void tag(struct html *h, const char *status)
{
	govuk_tag(h, status_table_colour(intel_statuses, INTEL_NSTATUS, status),
	          status_table_label(intel_statuses, INTEL_NSTATUS, status));
}

static void line_tag(struct html *h, const char *status)
{
	govuk_tag(h, status_table_colour(intel_line_statuses, LINE_NSTATUS, status),
	          status_table_label(intel_line_statuses, LINE_NSTATUS, status));
}

/* ---- options from configuration ---- */

static void opts_codes(struct optlist *o, const struct intel_code *c)
{
	for (; c->key; c++)
		optlist_add(o, c->key, c->label);
}
static int opts_cat(void *ctx, const char *key, const char *name)
{
	optlist_add(ctx, key, name);
	return 0;
}

/* ---- dashboard ---- */

static int intel_home(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct intel_dash *d = xmalloc(sizeof *d);
	if (intel_dashboard(rq->store, rq->actor, d, &e)) {
		free(d);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Counter-corruption intelligence");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Counter-corruption intelligence</h1>\n<p class=\"govuk-body\">");
	button_link(&h, "Record intelligence", "/intel/items/new", NULL);
	html_f(&h, " ");
	button_link(&h, "Items", "/intel/items", "secondary");
	html_f(&h, " ");
	button_link(&h, "Anonymous reports", "/intel/reports", "secondary");
	html_f(&h, " ");
	button_link(&h, "Quality sample", "/intel/sample", "secondary");
	html_f(&h, "</p>\n");
	summary_begin(&h);
	summary_row(&h, "Items", "%ld (%ld open)", d->items, d->open);
	summary_row(&h, "Open items by age", "%ld under 30 days, %ld 30 to 89, %ld 90 to 179, %ld 180 days or more",
	            d->open_age[0], d->open_age[1], d->open_age[2], d->open_age[3]);
	summary_row(&h, "Lines of enquiry not pursued", "%ld, of which %ld without a rationale", d->not_pursued,
	            d->not_pursued_without_rationale);
	summary_row(&h, "Awaiting review", "%ld (the oldest for %ld days)", d->awaiting, d->awaiting_oldest_days);
	summary_row(&h, "Interventions due", "%ld within 14 days, %ld overdue", d->interventions_due,
	            d->interventions_overdue);
	summary_end(&h);
	struct column cols[INTEL_MONTHS + 2];
	cols[0] = (struct column){ "Category", NULL, 0 };
	for (int i = 0; i < INTEL_MONTHS; i++)
		cols[i + 1] = (struct column){ d->months[i] + 2, NULL, 1 };
	cols[INTEL_MONTHS + 1] = (struct column){ "Total", NULL, 1 };
	table_begin(&h, rq, "Items received by category and month (the last 12 months)", cols, INTEL_MONTHS + 2);
	for (int c = 0; c < INTEL_NCAT; c++) {
		long t = 0;
		table_row_begin(&h);
		table_cell(&h, 0, "%s", d->cat_name[c]);
		for (int i = 0; i < INTEL_MONTHS; i++) {
			table_cell(&h, 1, "%ld", d->by_cat_month[c][i]);
			t += d->by_cat_month[c][i];
		}
		table_cell(&h, 1, "%ld", t);
		table_row_end(&h);
	}
	table_end(&h);
	static const struct column scols[] = { { "Source", NULL, 0 }, { "Items", NULL, 1 } };
	table_begin(&h, rq, "Items by source (all time)", scols, 2);
	for (int i = 0; intel_sources[i].key; i++) {
		table_row_begin(&h);
		table_cell(&h, 0, "%s", intel_sources[i].label);
		table_cell(&h, 1, "%ld", d->by_source[i]);
		table_row_end(&h);
	}
	table_end(&h);
	page_end(&h);
	free(d);
	return 0;
}

/* ---- items list ---- */

static void row_html(struct html *h, const void *rec, const void *arg)
{
	const struct intel_row *r = rec;
	char back[REGPAGE_BACK_MAX];
	(void)arg;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
	          "href=\"/intel/items/%I%a\">%s</a></td><td class=\"govuk-table__cell\">%D</td>"
	          "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
	          "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
	       r->id, regpage_back_arg(h, back), r->reference, r->received, r->category_name, r->grade, intel_label(intel_sources, r->source_type));
	tag(h, r->status);
	html_f(h, "</td></tr>\n");
}

static void read_filter(struct req *rq, struct intel_filter *f)
{
	memset(f, 0, sizeof *f);
	f->category = req_query(rq, "category");
	f->status = req_query(rq, "status");
	f->from = req_query(rq, "from");
	f->to = req_query(rq, "to");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, 50);
}

static int items_list(struct req *rq, struct resp *rs)
{
	struct intel_filter f;
	struct err e = { 0 };
	long total = 0;
	read_filter(rq, &f);
	static const struct column cols[] = { { "Reference", NULL, 0 }, { "Received", NULL, 0 }, { "Category", NULL, 0 },
		                              { "Grade", NULL, 0 },     { "Source", NULL, 0 },   { "Status", NULL, 0 } };
	struct buf table;
	buf_init(&table, 0);
	if (regpage_list(&table, rq, &intel_register_def, INTEL_VISIBLE, &f, f.page, f.per_page,
	                 &(struct regpage_table){ .caption = "Items", .empty = "No items match.", .cols = cols,
	                                          .ncols = 6, .row = row_html },
	                 &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct optlist *cats = xcalloc(1, sizeof *cats), *sts = xcalloc(1, sizeof *sts);
	optlist_add(cats, "", "Any");
	intel_categories(rq->store, opts_cat, cats, &e);
	sts->n = regpage_status_options(sts->o, OPTLIST_MAX, "Any", intel_statuses, INTEL_NSTATUS);
	struct html h;
	page_begin(&h, rq, rs, "Intelligence items");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Intelligence items</h1>\n");
	form_begin_get(&h, "/intel/items");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "category", .label = "Category", .value = f.category, .options = cats->o,
	                                 .noptions = cats->n });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "status", .label = "Status", .value = f.status, .options = sts->o,
	                                 .noptions = sts->n });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "from", .label = "Received from", .value = f.from });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "to", .label = "Received to", .value = f.to });
	html_f(&h, "</div></div>\n");
	form_button(&h, "Filter", "secondary");
	form_end(&h);
	if (actor_has(rq->actor, ROLE_ACU))
		regpage_count_exports(&h, rq, total, "item", "/intel/items");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	free(cats);
	free(sts);
	return 0;
}

static int items_export(struct req *rq, struct resp *rs, int xlsx)
{
	struct intel_filter f;
	read_filter(rq, &f);
	return regpage_export(rq, rs, &intel_register_def, &f, xlsx, "intelligence-items");
}
static int items_csv(struct req *rq, struct resp *rs) { return items_export(rq, rs, 0); }
static int items_xlsx(struct req *rq, struct resp *rs) { return items_export(rq, rs, 1); }

/* ---- new item ---- */

/* The form's fields into an intel_input (the grade from its three parts). */
static void read_input(struct req *rq, struct intel_input *in, char grade[64])
{
	memset(in, 0, sizeof *in);
	in->received = req_form(rq, "received");
	in->source_type = req_form(rq, "source_type");
	in->grading_scheme = req_form(rq, "grading_scheme");
	const char *a = req_form(rq, "grade"), *b = req_form(rq, "grade_assessment"), *c = req_form(rq, "grade_handling");
	if (in->grading_scheme && strcmp(in->grading_scheme, "5x5x5") == 0)
		snprintf(grade, 64, "%s", req_form(rq, "legacy_grade") ? req_form(rq, "legacy_grade") : "");
	else if (a && b && c && *a && *b && *c)
		snprintf(grade, 64, "%s%s%s", a, b, c);
	else
		grade[0] = 0;
	in->grade = grade;
	in->category = req_form(rq, "category");
	in->category_reason = req_form(rq, "category_reason");
	in->subject_staff_numbers = req_form(rq, "subject_staff_numbers");
	in->summary = req_form(rq, "summary");
	in->sanitised = req_form(rq, "sanitised");
	const char *al = req_form(rq, "alert_id"), *rp = req_form(rq, "report_id");
	in->alert_id = al ? strtoll(al, NULL, 10) : 0;
	in->report_id = rp ? strtoll(rp, NULL, 10) : 0;
}

struct prefill {
	char received[11], source[24], category[24], subjects[64], alert_id[24], report_id[24];
	struct buf summary;
};

static int prefill_msg(void *ctx, const struct anon_msg *m)
{
	struct prefill *p = ctx;
	buf_printf(&p->summary, "%s (%s): %s\n\n", strcmp(m->author, "acu") == 0 ? "ACU" : "Reporter", m->day, m->body);
	return 0;
}

static void new_form(struct req *rq, struct resp *rs, const struct errlist *errs, const struct prefill *p)
{
	struct err e = { 0 };
	struct optlist *src = xcalloc(1, sizeof *src), *cats = xcalloc(1, sizeof *cats), *g1 = xcalloc(1, sizeof *g1),
	            *g2 = xcalloc(1, sizeof *g2), *g3 = xcalloc(1, sizeof *g3), *sch = xcalloc(1, sizeof *sch);
	optlist_add(src, "", "Select");
	opts_codes(src, intel_sources);
	optlist_add(cats, "", "Select");
	intel_categories(rq->store, opts_cat, cats, &e);
	optlist_add(g1, "", "Select");
	opts_codes(g1, intel_grade_source);
	optlist_add(g2, "", "Select");
	opts_codes(g2, intel_grade_assessment);
	optlist_add(g3, "", "Select");
	opts_codes(g3, intel_grade_handling);
	optlist_add(sch, "3x5x2", "3x5x2");
	optlist_add(sch, "5x5x5", "5x5x5 (a legacy grade, kept as recorded)");
	int post = strcmp(rq->method, "POST") == 0;
#define V(name, pre) (post ? req_form(rq, name) : (pre))
	struct html h;
	page_begin_errs(&h, rq, rs, errs, "/intel", "Record intelligence");
	if (errs->n)
		rs->status = 400;
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Record intelligence</h1>\n");
	form_begin(&h, rq, "/intel/items/check");
	form_hidden(&h, "alert_id", V("alert_id", p->alert_id));
	form_hidden(&h, "report_id", V("report_id", p->report_id));
	form_date(&h, &(struct field){ .name = "received", .label = "Date received", .value = V("received", p->received),
	                               .errs = errs });
	form_select(&h, &(struct field){ .name = "source_type", .label = "Source", .value = V("source_type", p->source),
	                                 .options = src->o, .noptions = src->n, .errs = errs });
	form_radios(&h, &(struct field){ .name = "grading_scheme", .label = "Grading scheme",
	                                 .value = V("grading_scheme", "3x5x2"), .options = sch->o, .noptions = sch->n,
	                                 .inline_ = 1, .errs = errs });
	form_select(&h, &(struct field){ .name = "grade", .label = "3x5x2: source evaluation",
	                                 .value = req_form(rq, "grade"), .options = g1->o, .noptions = g1->n,
	                                 .errs = errs });
	form_select(&h, &(struct field){ .name = "grade_assessment", .label = "3x5x2: intelligence assessment",
	                                 .value = req_form(rq, "grade_assessment"), .options = g2->o, .noptions = g2->n });
	form_select(&h, &(struct field){ .name = "grade_handling", .label = "3x5x2: handling code",
	                                 .value = req_form(rq, "grade_handling"), .options = g3->o, .noptions = g3->n });
	form_input(&h, &(struct field){ .name = "legacy_grade", .label = "5x5x5: the legacy grade as recorded",
	                                .hint = "Only for a legacy 5x5x5 grade, for example B2 4", .value = req_form(rq, "legacy_grade"),
	                                .width = "govuk-input--width-10" });
	form_select(&h, &(struct field){ .name = "category", .label = "National corruption category",
	                                 .value = V("category", p->category), .options = cats->o, .noptions = cats->n,
	                                 .errs = errs });
	form_input(&h, &(struct field){ .name = "category_reason", .label = "If Other: why no other category fits",
	                                .value = req_form(rq, "category_reason"), .errs = errs });
	form_input(&h, &(struct field){ .name = "subject_staff_numbers", .label = "Subjects' staff numbers",
	                                .hint = "Separate several with semicolons", .value = V("subject_staff_numbers", p->subjects),
	                                .width = "govuk-!-width-one-half", .errs = errs });
	form_textarea(&h, &(struct field){ .name = "summary", .maxlength = INTEL_TEXT_MAX, .label = "The intelligence as received (restricted)",
	                                   .value = V("summary", buf_str(&p->summary)), .rows = 8, .errs = errs });
	form_textarea(&h, &(struct field){ .name = "sanitised", .maxlength = INTEL_TEXT_MAX, .label = "Sanitised text (what may be shared)",
	                                   .hint = "Remove anything that could identify the source",
	                                   .value = V("sanitised", buf_str(&p->summary)), .rows = 6, .errs = errs });
#undef V
	form_button(&h, "Continue", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
	free(src);
	free(cats);
	free(g1);
	free(g2);
	free(g3);
	free(sch);
}

static int items_new(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct prefill p = { 0 };
	buf_init(&p.summary, 65536);
	date_today(p.received);
	const char *al = req_query(rq, "alert"), *rp = req_query(rq, "report");
	if (al && *al) {
		struct audit_alert_rec *a = xmalloc(sizeof *a);
		if (audit_alert_get(rq->store, rq->actor, strtoll(al, NULL, 10), a, &e)) {
			free(a);
			buf_release(&p.summary);
			return page_fail(rq, rs, &e);
		}
		snprintf(p.source, sizeof p.source, "ict_audit");
		snprintf(p.category, sizeof p.category, "systems");
		snprintf(p.subjects, sizeof p.subjects, "%s", a->user);
		snprintf(p.alert_id, sizeof p.alert_id, "%lld", (long long)a->id);
		buf_printf(&p.summary, "ICT audit alert %lld (rule R%d, %s): %s", (long long)a->id, a->rule, a->first_ts,
		           a->detail);
		free(a);
	} else if (rp && *rp) {
		struct anon_report_row row;
		if (anon_report_get(rq->store, rq->actor, strtoll(rp, NULL, 10), &row, prefill_msg, &p, &e)) {
			buf_release(&p.summary);
			return page_fail(rq, rs, &e);
		}
		snprintf(p.source, sizeof p.source, "anonymous");
		snprintf(p.category, sizeof p.category, "%s", row.category);
		snprintf(p.report_id, sizeof p.report_id, "%lld", (long long)row.id);
		snprintf(p.received, sizeof p.received, "%s", row.received);
	}
	new_form(rq, rs, &errs, &p);
	buf_release(&p.summary);
	return 0;
}

/* The category's name (its key when unknown). */
struct cat_name {
	const char *key;
	char name[128];
};
static int cat_name_of(void *ctx, const char *key, const char *name)
{
	struct cat_name *c = ctx;
	if (c->key && strcmp(c->key, key) == 0)
		snprintf(c->name, sizeof c->name, "%s", name);
	return 0;
}

/* The form again, filled with the posted answers (errs may be empty). */
static void form_again(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct prefill p = { 0 };
	buf_init(&p.summary, 16);
	new_form(rq, rs, errs, &p);
	buf_release(&p.summary);
}

/* Check your answers before the item is recorded (POST /intel/items/check);
 * errors go back to the form. */
static int items_check(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct intel_input in;
	char grade[64], day[48];
	read_input(rq, &in, grade);
	if (intel_item_check(rq->store, rq->actor, &in, &errs, &e)) {
		if (errs.n) {
			form_again(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	struct cat_name cat = { .key = in.category };
	snprintf(cat.name, sizeof cat.name, "%s", in.category ? in.category : "");
	intel_categories(rq->store, cat_name_of, &cat, &e);
	date_display(in.received, day, sizeof day);
	const struct cya_row rows[] = {
		{ "Date received", day, "received-day" },
		{ "Source", intel_label(intel_sources, in.source_type), "source_type" },
		{ "Grading scheme", in.grading_scheme, "grading_scheme" },
		{ "Grade", in.grade, strcmp(in.grading_scheme, "5x5x5") == 0 ? "legacy_grade" : "grade" },
		{ "National corruption category", cat.name, "category" },
		{ "Why no other category fits", in.category_reason, "category_reason" },
		{ "Subjects' staff numbers", in.subject_staff_numbers, "subject_staff_numbers" },
		{ "The intelligence as received", in.summary, "summary" },
		{ "Sanitised text", in.sanitised, "sanitised" },
	};
	static const char *const fields[] = { "alert_id", "report_id", "received", "source_type", "grading_scheme",
		                              "grade", "grade_assessment", "grade_handling", "legacy_grade", "category",
		                              "category_reason", "subject_staff_numbers", "summary", "sanitised" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your answers before recording the intelligence", .caption = "Record intelligence",
		.rows = rows, .nrows = sizeof rows / sizeof rows[0], .fields = fields,
		.nfields = sizeof fields / sizeof fields[0], .change_action = "/intel/items/new",
		.send_action = "/intel/items", .statement = NULL, .button = "Record the item" });
	return 0;
}

/* Change on check your answers: the form again, filled with the answers. */
static int items_change(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	form_again(rq, rs, &errs);
	return 0;
}

static int items_create(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct intel_input in;
	char grade[64], ref[16], loc[64];
	int64_t id;
	read_input(rq, &in, grade);
	if (intel_item_create(rq->store, rq->actor, &in, &errs, &id, ref, &e)) {
		if (errs.n) {
			struct prefill p = { 0 };
			buf_init(&p.summary, 16);
			new_form(rq, rs, &errs, &p);
			buf_release(&p.summary);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	snprintf(loc, sizeof loc, "/intel/items/%lld?done=created", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

/* ---- one item ---- */

struct show_ctx {
	struct html *h;
	const struct req *rq;
	int64_t item;
	int acu_open;
	const struct errlist *errs;
	int returns;
	int nopen_iv;
	struct { int64_t id; char kind[24]; } open_iv[16];
};

static int show_line(void *ctx, const struct intel_line *l)
{
	struct show_ctx *c = ctx;
	struct html *h = c->h;
	html_f(h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	          "<h3 class=\"govuk-summary-card__title\">%s</h3> ",
	       l->description);
	line_tag(h, l->status);
	html_f(h, "</div><div class=\"govuk-summary-card__content\">");
	summary_begin(h);
	summary_row(h, "Owner", "%s", l->owner);
	if (l->due[0])
		summary_row(h, "Due", "%D", l->due);
	if (l->rationale[0])
		summary_row(h, "Rationale for not pursuing", "%s", l->rationale);
	if (l->result[0])
		summary_row(h, "Result", "%R", "");
	summary_end(h);
	if (l->result[0])
		html_f(h, "<pre class=\"govuk-body-s\">%s</pre>\n", l->result);
	if (c->acu_open && status_table_index(intel_line_statuses, LINE_NSTATUS, l->status) == LINE_OPEN) {
		char action[96];
		snprintf(action, sizeof action, "/intel/items/%lld/lines/%lld", (long long)c->item, (long long)l->id);
		struct option st[2];
		regpage_status_options(st, 2, NULL, intel_line_statuses + LINE_PURSUED, 2);
		form_begin(h, c->rq, action);
		form_radios(h, &(struct field){ .name = "status", .label = "Outcome of this line", .options = st, .noptions = 2,
		                                .inline_ = 1 });
		form_textarea(h, &(struct field){ .name = "result", .maxlength = 8000, .label = "Result (if pursued)", .rows = 2 });
		form_textarea(h, &(struct field){ .name = "rationale", .maxlength = 2000, .label = "Rationale (required if not pursued)", .rows = 2 });
		form_button(h, "Update line", "secondary");
		form_end(h);
	}
	html_f(h, "</div></div>\n");
	return 0;
}

static int show_iv(void *ctx, const struct intel_intervention *v)
{
	struct show_ctx *c = ctx;
	table_row_begin(c->h);
	table_cell(c->h, 0, "%s", intel_label(intel_intervention_kinds, v->kind));
	table_cell(c->h, 0, "%s", v->owner);
	table_cell(c->h, 0, "%D", v->start_date);
	table_cell(c->h, 0, "%D", v->due_date);
	table_cell(c->h, 0, "%D", v->end_date);
	table_cell(c->h, 0, "%s", v->outcome);
	table_row_end(c->h);
	if (!v->end_date[0] && c->nopen_iv < 16) {
		c->open_iv[c->nopen_iv].id = v->id;
		snprintf(c->open_iv[c->nopen_iv].kind, sizeof c->open_iv[0].kind, "%s", v->kind);
		c->nopen_iv++;
	}
	return 0;
}

static int show_post(void *ctx, const struct intel_post *p)
{
	struct show_ctx *c = ctx;
	static const char *const labels[][2] = { { "proposal", "Closure proposed" }, { "return", "Returned with questions" },
		                                 { "reply", "Answer" }, { "approval", "Closure approved" },
		                                 { "reopen", "Reopened" } };
	const char *l = p->kind;
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i][0], p->kind) == 0)
			l = labels[i][1];
	if (strcmp(p->kind, "return") == 0)
		c->returns++;
	html_f(c->h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>%s</strong> "
	             "by %s, %s</p><p class=\"govuk-body\">%s</p></div>\n",
	       l, p->author, p->created_at, p->body);
	return 0;
}

struct rv_ctx {
	struct optlist o;
};
static int add_reviewer(void *ctx, const char *username, const char *name)
{
	struct rv_ctx *c = ctx;
	char l[100];
	snprintf(l, sizeof l, "%s (%s)", name, username);
	optlist_add(&c->o, username, l);
	return 0;
}

static int item_page(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs, const char *done)
{
	struct err e = { 0 };
	struct intel_item *it = xmalloc(sizeof *it);
	if (intel_item_get(rq->store, rq->actor, id, it, &e)) {
		free(it);
		return page_fail(rq, rs, &e);
	}
	int acu = actor_has(rq->actor, ROLE_ACU);
	int open = intel_item_status(it) == INTEL_OPEN;
	char base[64];
	snprintf(base, sizeof base, "/intel/items/%lld", (long long)id);
	struct html h;
	static const char *const lists[] = { "/intel/items", NULL };
	char back[REGPAGE_BACK_MAX];
	page_begin_errs(&h, rq, rs, errs, regpage_back(rq, lists, "/intel/items", back), "Intelligence item");
	if (errs && errs->n)
		rs->status = 400;
	if (done && strcmp(done, "created") == 0)
		panel_confirm(&h, "Item recorded", it->reference, NULL);
	else if (done)
		banner_success(&h, "Saved", NULL);
	if (errs)
		form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s ", it->reference,
	       it->category_name);
	tag(&h, it->status);
	html_f(&h, "</h1>\n");
	summary_begin(&h);
	summary_row(&h, "Received", "%D", it->received);
	summary_row(&h, "Source", "%s", intel_label(intel_sources, it->source_type));
	summary_row(&h, "Grade", "%s (%s)", it->grade, it->scheme);
	if (it->category_reason[0])
		summary_row(&h, "Why Other", "%s", it->category_reason);
	struct buf subj;
	buf_init(&subj, 4096);
	for (int i = 0; i < it->nsubjects; i++)
		buf_printf(&subj, "%s%s (%s)", i ? "; " : "", it->subjects[i].name, it->subjects[i].staff_number);
	summary_row(&h, "Subjects", "%s", it->nsubjects ? buf_str(&subj) : "none recorded");
	buf_release(&subj);
	summary_row(&h, "Owner", "%s", it->owner[0] ? it->owner : "none");
	if (it->reviewer[0])
		summary_row(&h, "Reviewer", "%s", it->reviewer);
	if (it->outcome[0])
		summary_row(&h, "Outcome", "%s (closed %D, approved by %s)", it->outcome, it->closed,
		            it->approver[0] ? it->approver : "not reviewed: imported");
	if (it->alert_id)
		summary_row(&h, "ICT alert", "%I", it->alert_id);
	if (it->report_id && acu)
		summary_row(&h, "Anonymous report", "<a class=\"govuk-link\" href=\"/intel/reports/%I\">Report %I</a>", it->report_id, it->report_id);
	summary_end(&h);
	if (acu)
		html_f(&h, "<h2 class=\"govuk-heading-m\">The intelligence as received (restricted)</h2>\n"
		           "<p class=\"govuk-body\">%s</p>\n",
		       it->original);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Sanitised text</h2>\n<p class=\"govuk-body\">%s</p>\n",
	       it->sanitised[0] ? it->sanitised : "None recorded.");

	struct show_ctx c = { &h, rq, id, acu && open, errs, 0, 0, { { 0, "" } } };
	html_f(&h, "<h2 class=\"govuk-heading-m\">Lines of enquiry</h2>\n");
	if (intel_lines_list(rq->store, rq->actor, id, show_line, &c, &e))
		goto fail;
	if (acu && open) {
		char action[96];
		html_f(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
		           "class=\"govuk-details__summary-text\">Add a line of enquiry</span></summary>"
		           "<div class=\"govuk-details__text\">\n");
		snprintf(action, sizeof action, "%s/lines", base);
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "description", .maxlength = 2000, .label = "Line of enquiry", .rows = 3, .errs = errs });
		form_date(&h, &(struct field){ .name = "due", .label = "Due by (optional)", .errs = errs });
		form_button(&h, "Add line", "secondary");
		form_end(&h);
		html_f(&h, "</div></details>\n<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
		           "class=\"govuk-details__summary-text\">Run an ICT audit check</span></summary>"
		           "<div class=\"govuk-details__text\">\n<p class=\"govuk-body\">Searches the audit trail: every "
		           "event the force's systems sent, as far back as it is kept. The search and its purpose (this "
		           "item) are access-logged; the result is kept with the line.</p>\n");
		snprintf(action, sizeof action, "%s/audit-check", base);
		static const struct option modes[] = {
			{ "user", "The accesses this person made (their staff number)", NULL, 0 },
			{ "subject", "Who looked up this person (their subject id, e.g. P1234567)", NULL, 0 },
			{ "record", "Who accessed this record (its record id)", NULL, 0 },
		};
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "mode", .label = "What to check", .options = modes, .noptions = 3,
		                                 .value = it->nsubjects ? "user" : NULL, .errs = errs });
		form_input(&h, &(struct field){ .name = "target", .label = "Staff number, subject id or record id",
		                                .value = it->nsubjects ? it->subjects[0].staff_number : NULL,
		                                .width = "govuk-input--width-20", .errs = errs });
		form_date(&h, &(struct field){ .name = "from", .label = "From", .errs = errs });
		form_date(&h, &(struct field){ .name = "to", .label = "To", .errs = errs });
		form_button(&h, "Run the check", "secondary");
		form_end(&h);
		html_f(&h, "</div></details>\n");
	}
	static const struct column ivcols[] = { { "Intervention", NULL, 0 }, { "Owner", NULL, 0 }, { "Start", NULL, 0 },
		                                { "Due", NULL, 0 },          { "Ended", NULL, 0 }, { "Outcome", NULL, 0 } };
	table_begin(&h, rq, "Interventions", ivcols, 6);
	if (intel_interventions_list(rq->store, rq->actor, id, show_iv, &c, &e))
		goto fail;
	table_end(&h);
	for (int i = 0; acu && open && i < c.nopen_iv; i++) {
		char action[96], label[128];
		snprintf(action, sizeof action, "%s/interventions/%lld", base, (long long)c.open_iv[i].id);
		snprintf(label, sizeof label, "Record the outcome of: %s", intel_label(intel_intervention_kinds, c.open_iv[i].kind));
		html_f(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
		           "class=\"govuk-details__summary-text\">%s</span></summary><div class=\"govuk-details__text\">\n",
		       label);
		form_begin(&h, rq, action);
		form_date(&h, &(struct field){ .name = "end_date", .label = "Ended on", .errs = errs });
		form_textarea(&h, &(struct field){ .name = "outcome", .maxlength = 2000, .label = "Outcome", .rows = 2, .errs = errs });
		form_button(&h, "Record outcome", "secondary");
		form_end(&h);
		html_f(&h, "</div></details>\n");
	}
	if (acu && open) {
		char action[96];
		struct optlist *k = xcalloc(1, sizeof *k);
		optlist_add(k, "", "Select");
		opts_codes(k, intel_intervention_kinds);
		snprintf(action, sizeof action, "%s/interventions", base);
		html_f(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
		           "class=\"govuk-details__summary-text\">Record an intervention</span></summary>"
		           "<div class=\"govuk-details__text\">\n");
		form_begin(&h, rq, action);
		form_select(&h, &(struct field){ .name = "kind", .label = "Intervention", .options = k->o, .noptions = k->n,
		                                 .errs = errs });
		form_date(&h, &(struct field){ .name = "start_date", .label = "Start", .errs = errs });
		form_date(&h, &(struct field){ .name = "due_date", .label = "Due (optional)", .errs = errs });
		form_button(&h, "Record intervention", "secondary");
		form_end(&h);
		html_f(&h, "</div></details>\n");
		free(k);
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Review</h2>\n");
	if (intel_thread_list(rq->store, rq->actor, id, show_post, &c, &e))
		goto fail;
	if (acu && open && (!it->owner_id || it->owner_id == rq->actor->account_id)) {
		struct rv_ctx *rv = xcalloc(1, sizeof *rv);
		char action[96];
		optlist_add(&rv->o, "", "Select");
		if (intel_reviewers(rq->store, it, add_reviewer, rv, &e)) {
			free(rv);
			goto fail;
		}
		snprintf(action, sizeof action, "%s/closure", base);
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "outcome", .maxlength = 2000, .label = "Propose closure: the outcome", .rows = 3,
		                                   .errs = errs });
		form_select(&h, &(struct field){ .name = "reviewer", .label = "Send to reviewer",
		                                 .hint = "Reviewers who own, created or are a subject of this item are not listed",
		                                 .options = rv->o.o, .noptions = rv->o.n, .errs = errs });
		form_button(&h, "Propose closure", NULL);
		form_end(&h);
		free(rv);
		if (c.returns) {
			snprintf(action, sizeof action, "%s/reply", base);
			form_begin(&h, rq, action);
			form_textarea(&h, &(struct field){ .name = "body", .maxlength = 4000, .label = "Answer the reviewer's questions", .rows = 3,
			                                   .errs = errs });
			form_button(&h, "Send answer", "secondary");
			form_end(&h);
		}
	}
	if (intel_may_review(rq->store, rq->actor, it)) {
		char action[96];
		static const struct option dec[] = { { "approve", "Approve the closure", NULL, 0 },
			                             { "return", "Return it with questions", NULL, 0 } };
		snprintf(action, sizeof action, "%s/review", base);
		html_f(&h, "<p class=\"govuk-body\">Proposed outcome: %s</p>\n", it->proposed_outcome);
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "decision", .label = "Your review", .options = dec, .noptions = 2,
		                                 .errs = errs });
		form_textarea(&h, &(struct field){ .name = "note", .maxlength = 4000, .label = "Questions or comments", .rows = 3, .errs = errs });
		form_button(&h, "Record review", NULL);
		form_end(&h);
	}
	if (acu && intel_item_status(it) == INTEL_CLOSED) {
		char action[96];
		snprintf(action, sizeof action, "%s/reopen", base);
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "reason", .maxlength = 2000, .label = "Reopen: why", .rows = 2, .errs = errs });
		form_button(&h, "Reopen", "warning");
		form_end(&h);
	}
	page_end(&h);
	free(it);
	return 0;
fail:
	free(it);
	return page_fail(rq, rs, &e);
}

static int items_show(struct req *rq, struct resp *rs)
{
	return item_page(rq, rs, req_id(rq, "id"), NULL, req_query(rq, "done"));
}

/* After a change: back to the item, or the item with the form's errors. */
static int after(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e)
{
	int64_t id = req_id(rq, "id");
	if (rc == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/intel/items/%lld?done=saved", (long long)id);
		resp_redirect(rs, loc);
		return 0;
	}
	if (errs->n)
		return item_page(rq, rs, id, errs, NULL);
	return page_fail(rq, rs, e);
}

#define ITEM_POST(name, call)                                          \
	static int name(struct req *rq, struct resp *rs)               \
	{                                                              \
		struct errlist errs = { 0 };                           \
		struct err e = { 0 };                                  \
		int64_t id = req_id(rq, "id");                         \
		int rc = call;                                         \
		return after(rq, rs, rc, &errs, &e);                   \
	}

ITEM_POST(line_add, intel_line_add(rq->store, rq->actor, id, req_form(rq, "description"), req_form(rq, "due"), &errs, &e))
ITEM_POST(line_update, intel_line_update(rq->store, rq->actor, id, req_id(rq, "lid"), req_form(rq, "status"),
                                         req_form(rq, "rationale"), req_form(rq, "result"), &errs, &e))
ITEM_POST(audit_check, intel_line_audit(rq->store, rq->actor, id, req_form(rq, "mode"), req_form(rq, "target"),
                                        req_form(rq, "from"), req_form(rq, "to"), &errs, &e))
ITEM_POST(iv_add, intel_intervention_add(rq->store, rq->actor, id, req_form(rq, "kind"), req_form(rq, "start_date"),
                                         req_form(rq, "due_date"), &errs, &e))
ITEM_POST(iv_end, intel_intervention_end(rq->store, rq->actor, id, req_id(rq, "vid"), req_form(rq, "end_date"),
                                         req_form(rq, "outcome"), &errs, &e))
ITEM_POST(closure, intel_propose_closure(rq->store, rq->actor, id, req_form(rq, "outcome"), req_form(rq, "reviewer"),
                                         &errs, &e))
ITEM_POST(review, intel_review(rq->store, rq->actor, id, req_form(rq, "decision"), req_form(rq, "note"), &errs, &e))
ITEM_POST(reply, intel_reply(rq->store, rq->actor, id, req_form(rq, "body"), &errs, &e))
ITEM_POST(reopen, intel_reopen(rq->store, rq->actor, id, req_form(rq, "reason"), &errs, &e))

/* ---- quality sample ---- */

struct sample_ctx {
	struct html *h;
	struct buf *csv;
};

static const char *yes(int v) { return v ? "yes" : "no"; }

static int sample_row(void *ctx, const struct intel_sample_row *r)
{
	struct sample_ctx *c = ctx;
	if (c->csv) {
		const char *f[] = { r->reference, r->closed, yes(r->categorised), yes(r->graded), yes(r->sanitised),
			            yes(r->rationales), yes(r->reviewed) };
		csv_line(c->csv, f, sizeof f / sizeof f[0]);
		return 0;
	}
	table_row_begin(c->h);
	html_f(c->h, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/intel/items/%I\">%s</a></td>", r->id,
	       r->reference);
	table_cell(c->h, 0, "%D", r->closed);
	table_cell(c->h, 0, "%s", yes(r->categorised));
	table_cell(c->h, 0, "%s (%s)", yes(r->graded), r->scheme);
	table_cell(c->h, 0, "%s", yes(r->sanitised));
	table_cell(c->h, 0, "%s", yes(r->rationales));
	table_cell(c->h, 0, "%s", yes(r->reviewed));
	table_row_end(c->h);
	return 0;
}

struct sample_args {
	char from[11], to[11];
	int n;
	unsigned long long seed;
};

static void sample_args(struct req *rq, struct sample_args *a)
{
	char today[11];
	date_today(today);
	const char *from = req_query(rq, "from"), *to = req_query(rq, "to"), *n = req_query(rq, "n"),
	           *seed = req_query(rq, "seed");
	date_format(date_days(today) - 365, a->from);
	snprintf(a->to, sizeof a->to, "%s", today);
	if (from && *from)
		snprintf(a->from, sizeof a->from, "%s", from);
	if (to && *to)
		snprintf(a->to, sizeof a->to, "%s", to);
	a->n = n && *n ? atoi(n) : 60;
	a->seed = seed && *seed ? strtoull(seed, NULL, 10) : 1;
}

static void share(struct html *h, const char *what, long pass, long n)
{
	summary_row(h, what, "%ld of %ld (%ld%%); %ld fail", pass, n, n ? (pass * 100 + n / 2) / n : 0L, n - pass);
}

static int sample_page(struct req *rq, struct resp *rs)
{
	struct sample_args a;
	struct err e = { 0 };
	struct intel_sample_sum sum;
	sample_args(rq, &a);
	struct html h;
	struct buf rows;
	buf_init(&rows, (size_t)4 << 20);
	struct html rh;
	html_init(&rh, &rows);
	struct sample_ctx c = { &rh, NULL };
	if (intel_sample(rq->store, rq->actor, a.from, a.to, a.n, a.seed, sample_row, &c, &sum, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	char n[16], seed[24];
	snprintf(n, sizeof n, "%d", a.n);
	snprintf(seed, sizeof seed, "%llu", a.seed);
	page_begin_back(&h, rq, rs, "Quality sample", "/intel");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Quality sample</h1>\n<p class=\"govuk-body\">The inspectors' check: a "
	           "random sample of closed items, each tested for a category, a grade, a sanitised text, a rationale on "
	           "every line not pursued, and a review by someone other than its owner. The same seed over the same "
	           "items draws the same sample.</p>\n");
	form_begin_get(&h, "/intel/sample");
	form_date(&h, &(struct field){ .name = "from", .label = "Closed from", .value = a.from });
	form_date(&h, &(struct field){ .name = "to", .label = "Closed to", .value = a.to });
	form_input(&h, &(struct field){ .name = "n", .label = "Sample size", .value = n, .width = "govuk-input--width-4",
	                                .inputmode = "numeric" });
	form_input(&h, &(struct field){ .name = "seed", .label = "Seed", .value = seed, .width = "govuk-input--width-10",
	                                .inputmode = "numeric" });
	form_button(&h, "Draw", "secondary");
	form_end(&h);
	summary_begin(&h);
	summary_row(&h, "Drawn", "%ld of %ld closed items", sum.n, sum.population);
	share(&h, "Categorised", sum.categorised, sum.n);
	share(&h, "Graded", sum.graded, sum.n);
	share(&h, "Sanitised text", sum.sanitised, sum.n);
	share(&h, "Every line not pursued has a rationale", sum.rationales, sum.n);
	share(&h, "Reviewed by someone other than the owner", sum.reviewed, sum.n);
	summary_end(&h);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/intel/sample.csv?from=%u&amp;to=%u&amp;n=%u&amp;"
	           "seed=%u\">Download as CSV</a></p>\n",
	       a.from, a.to, n, seed);
	static const struct column cols[] = { { "Item", NULL, 0 },    { "Closed", NULL, 0 },    { "Category", NULL, 0 },
		                              { "Grade", NULL, 0 },   { "Sanitised", NULL, 0 }, { "Rationales", NULL, 0 },
		                              { "Reviewed", NULL, 0 } };
	table_begin(&h, rq, "The sample", cols, 7);
	html_f(&h, "%R", buf_str(&rows));
	table_end(&h);
	page_end(&h);
	buf_release(&rows);
	return 0;
}

static int sample_csv(struct req *rq, struct resp *rs)
{
	struct sample_args a;
	struct err e = { 0 };
	struct intel_sample_sum sum;
	sample_args(rq, &a);
	buf_adds(&rs->body, "reference,closed,categorised,graded,sanitised,rationales,reviewed\n");
	struct sample_ctx c = { NULL, &rs->body };
	if (intel_sample(rq->store, rq->actor, a.from, a.to, a.n, a.seed, sample_row, &c, &sum, &e))
		return page_fail(rq, rs, &e);
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"intel-sample.csv\"");
	return 0;
}

/* ---- the anonymous reports' queue ---- */

static int report_row(void *ctx, const struct anon_report_row *r)
{
	struct html *h = ctx;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
	          "href=\"/intel/reports/%I\">Report %I</a></td>",
	       r->id, r->id);
	table_cell(h, 0, "%D", r->received);
	table_cell(h, 0, "%s", r->status);
	table_cell(h, 0, "%s", r->category_name[0] ? r->category_name : "not given");
	table_cell(h, 0, "%s", r->first_text);
	table_cell(h, 1, "%I", r->messages);
	table_cell(h, 0, "%s", strcmp(r->last_author, "reporter") == 0 ? "Reporter: awaiting our answer" : "Us");
	table_row_end(h);
	return 0;
}

static int reports_list(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct buf rows;
	buf_init(&rows, (size_t)4 << 20);
	struct html rh;
	html_init(&rh, &rows);
	if (anon_reports_list(rq->store, rq->actor, report_row, &rh, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_back(&h, rq, rs, "Anonymous reports", "/intel");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Anonymous reports</h1>\n<p class=\"govuk-body\">Reports sent through "
	           "the anonymous line (<a class=\"govuk-link\" href=\"/report\">/report</a>). Reporters come back with "
	           "their receipt to read your questions; they never see who read their report.</p>\n");
	static const struct column cols[] = { { "Report", NULL, 0 },   { "Received", NULL, 0 }, { "Status", NULL, 0 },
		                              { "Category", NULL, 0 }, { "Begins", NULL, 0 },  { "Messages", NULL, 1 },
		                              { "Last word", NULL, 0 } };
	table_begin(&h, rq, "Reports", cols, 7);
	html_f(&h, "%R", buf_str(&rows));
	table_end(&h);
	page_end(&h);
	buf_release(&rows);
	return 0;
}

static int show_anon_msg(void *ctx, const struct anon_msg *m)
{
	struct html *h = ctx;
	html_f(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>%s</strong>, "
	          "%s (message %I)%s</p><p class=\"govuk-body\">%s</p></div>\n",
	       strcmp(m->author, "acu") == 0 ? "Counter-corruption unit" : "Reporter", m->day, m->seq,
	       m->attachments ? ", with a picture" : "", m->body);
	return 0;
}

struct att_ctx {
	struct html *h;
	int64_t report;
};
static int show_att(void *ctx, int64_t id, int64_t seq)
{
	struct att_ctx *c = ctx;
	html_f(c->h, "<li><a class=\"govuk-link\" href=\"/intel/reports/%I/attachments/%I\">Picture %I (message %I)</a></li>\n",
	       c->report, id, id, seq);
	return 0;
}

static int report_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct err e = { 0 };
	struct anon_report_row row;
	int64_t id = req_id(rq, "id");
	struct buf thread;
	buf_init(&thread, (size_t)4 << 20);
	struct html th;
	html_init(&th, &thread);
	if (anon_report_get(rq->store, rq->actor, id, &row, show_anon_msg, &th, &e)) {
		buf_release(&thread);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	char action[64], conv[64];
	page_begin_errs(&h, rq, rs, errs, "/intel/reports", "Anonymous report");
	if (errs && errs->n)
		rs->status = 400;
	if (errs)
		form_error_summary(&h, errs);
	if (req_query(rq, "done"))
		banner_success(&h, "Your question has been added to the thread", NULL);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Anonymous report %I</h1>\n", row.id);
	summary_begin(&h);
	summary_row(&h, "Received", "%s", row.received);
	summary_row(&h, "Category suggested", "%s", row.category_name[0] ? row.category_name : "none");
	summary_row(&h, "Status", "%s", row.status);
	summary_end(&h);
	html_f(&h, "%R", buf_str(&thread));
	buf_release(&thread);
	html_f(&h, "<ul class=\"govuk-list\">\n");
	struct att_ctx ac = { &h, id };
	if (anon_attachments_list(rq->store, rq->actor, id, show_att, &ac, &e))
		return page_fail(rq, rs, &e);
	html_f(&h, "</ul>\n");
	snprintf(action, sizeof action, "/intel/reports/%lld/messages", (long long)id);
	form_begin(&h, rq, action);
	form_textarea(&h, &(struct field){ .name = "text", .maxlength = ANON_TEXT_MAX, .label = "Ask a question or answer", .rows = 4, .errs = errs });
	form_button(&h, "Send", "secondary");
	form_end(&h);
	if (row.item_id) {
		html_f(&h, "<p class=\"govuk-body\">Turned into <a class=\"govuk-link\" href=\"/intel/items/%I\">an "
		           "intelligence item</a>.</p>\n",
		       row.item_id);
	} else {
		snprintf(conv, sizeof conv, "/intel/items/new?report=%lld", (long long)id);
		button_link(&h, "Turn into an intelligence item", conv, NULL);
	}
	page_end(&h);
	return 0;
}

static int reports_show(struct req *rq, struct resp *rs) { return report_page(rq, rs, NULL); }

static int reports_message(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (anon_report_ask(rq->store, rq->actor, id, req_form(rq, "text"), &errs, &e)) {
		if (errs.n)
			return report_page(rq, rs, &errs);
		return page_fail(rq, rs, &e);
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/intel/reports/%lld?done=sent", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

static int reports_attachment(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	char ctype[16];
	void *data;
	size_t n;
	if (anon_attachment_get(rq->store, rq->actor, req_id(rq, "id"), req_id(rq, "aid"), ctype, &data, &n, &e))
		return page_fail(rq, rs, &e);
	buf_add(&rs->body, data, n);
	free(data);
	rs->ctype = strcmp(ctype, "image/png") == 0 ? "image/png" : "image/jpeg";
	return 0;
}

/* ---- API ---- */

static json_t *item_json(const struct intel_item *it)
{
	struct buf subj;
	buf_init(&subj, 4096);
	for (int i = 0; i < it->nsubjects; i++)
		buf_printf(&subj, "%s%s", i ? ";" : "", it->subjects[i].staff_number);
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)it->id,
	                      "reference", it->reference, "received", it->received, "source_type", it->source_type,
	                      "grading_scheme", it->scheme, "grade", it->grade, "category", it->category_name,
	                      "category_reason", it->category_reason, "subject_staff_numbers", buf_str(&subj), "summary",
	                      it->original, "sanitised", it->sanitised, "status", it->status, "closed", it->closed,
	                      "outcome", it->outcome, "owner", it->owner);
	buf_release(&subj);
	return j;
}

static int api_items(struct req *rq, struct resp *rs)
{
	struct intel_filter f;
	read_filter(rq, &f);
	return regpage_api_list(rq, rs, &intel_register_def, INTEL_VISIBLE, &f, f.page, f.per_page);
}

static int api_item(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct intel_item *it = xmalloc(sizeof *it);
	if (intel_item_get(rq->store, rq->actor, req_id(rq, "id"), it, &e)) {
		free(it);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, item_json(it));
	free(it);
	return 0;
}

/* POST /api/intel/items: a JSON object whose keys are the import's column
 * names; 422 naming every missing or invalid field. */
static int api_create(struct req *rq, struct resp *rs)
{
	static const char *const keys[] = { "reference", "received", "source_type", "grading_scheme", "grade",
		                            "category", "subject_staff_numbers", "summary", "status", "closed",
		                            "outcome", "sanitised", "category_reason", NULL };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	json_error_t je;
	json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		resp_json_error(rs, 400, "the body must be a JSON object whose keys are the import's column names");
		return 0;
	}
	const char *v[13] = { 0 };
	const char *k;
	json_t *val;
	json_object_foreach(j, k, val)
	{
		size_t i = 0;
		while (keys[i] && strcmp(keys[i], k))
			i++;
		if (!keys[i])
			errlist_add(&errs, "body", "Unknown field \"%.40s\"", k);
		else if (!json_is_string(val))
			errlist_add(&errs, keys[i], "%s must be a string", keys[i]);
		else
			v[i] = json_string_value(val);
	}
	struct intel_input in = { .reference = v[0], .received = v[1], .source_type = v[2], .grading_scheme = v[3],
		                  .grade = v[4], .category = v[5], .subject_staff_numbers = v[6], .summary = v[7],
		                  .status = v[8], .closed = v[9], .outcome = v[10], .sanitised = v[11],
		                  .category_reason = v[12] };
	int64_t id = 0;
	char ref[16];
	int rc = 0;
	if (errs.n) {
		/* name the other fields' problems too */
		struct errlist more = { 0 };
		intel_validate(rq->store, &in, 0, &more);
		for (int i = 0; i < more.n; i++)
			if (!errlist_get(&errs, more.item[i].field))
				errlist_add(&errs, more.item[i].field, "%s", more.item[i].msg);
		rc = -1;
	} else {
		rc = intel_item_create(rq->store, rq->actor, &in, &errs, &id, ref, &e);
	}
	if (rc && !errs.n) {
		json_decref(j);
		return api_fail(rq, rs, &e);
	}
	if (rc) {
		json_t *arr = json_array();
		for (int i = 0; i < errs.n; i++)
			json_array_append_new(arr, json_pack("{s:s,s:s}", "field", errs.item[i].field, "message",
			                                     errs.item[i].msg));
		/* the one error shape (web/errmap.h), naming the first field, with every field's problem */
		resp_json(rs, 422, json_pack("{s:{s:s,s:s,s:s,s:o}}", "error", "code", err_http_code(422), "message",
		                             errs.item[0].msg, "field", errs.item[0].field, "errors", arr));
		json_decref(j);
		return 0;
	}
	json_decref(j);
	resp_json(rs, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "reference", ref));
	return 0;
}

/* ---- the anonymous reports' queue as JSON (docs/API.md): anon_reports_list,
 * as the page (ACU, logged); a bare array that api.c pages ---- */

static int json_report(void *ctx, const struct anon_report_row *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b, s:s}", "id", (json_int_t)r->id, "received",
	                      r->received, "status", r->status, "category", r->category, "category_name",
	                      r->category_name, "messages", (json_int_t)r->messages, "awaiting_answer",
	                      strcmp(r->last_author, "reporter") == 0, "first_text", r->first_text);
	json_object_set_new(o, "item_id", r->item_id ? json_integer(r->item_id) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

static int api_reports(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (anon_reports_list(rq->store, rq->actor, json_report, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route intel_routes[] = {
	{ "GET", "/intel", intel_home, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/items", items_list, ACCESS_PAGE, ROLE_ACU | ROLE_REVIEWER },
	{ "GET", "/intel/items.csv", items_csv, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/items.xlsx", items_xlsx, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/items/new", items_new, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items", items_create, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/new", items_change, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/check", items_check, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/items/{id}", items_show, ACCESS_PAGE, ROLE_ACU | ROLE_REVIEWER },
	{ "POST", "/intel/items/{id}/lines", line_add, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/lines/{lid}", line_update, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/audit-check", audit_check, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/interventions", iv_add, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/interventions/{vid}", iv_end, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/closure", closure, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/review", review, ACCESS_PAGE, 0 },
	{ "POST", "/intel/items/{id}/reply", reply, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/items/{id}/reopen", reopen, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/sample", sample_page, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/sample.csv", sample_csv, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/reports", reports_list, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/reports/{id}", reports_show, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/intel/reports/{id}/messages", reports_message, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/intel/reports/{id}/attachments/{aid}", reports_attachment, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/api/intel/reports", api_reports, ACCESS_API, ROLE_ACU },
	{ "GET", "/api/intel/items", api_items, ACCESS_API, ROLE_ACU },
	{ "POST", "/api/intel/items", api_create, ACCESS_API, ROLE_ACU },
	{ "GET", "/api/intel/items/{id}", api_item, ACCESS_API, ROLE_ACU },
};
ROUTES_END(intel);
