/* training_pages.c — training and policy acknowledgement on the web: the
 * person's own courses and the policies to acknowledge (one step), the line
 * manager's team, the force's compliance (filters, paging, CSV/XLSX) and its
 * figures by unit and by policy, attendance at a briefing, and the published
 * share by directorate. Every rule lives in src/domain/training.c. */
#include "web/training_pages.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/disclosure.h"
#include "domain/people.h"
#include "domain/training.h"
#include "web/errmap.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

/* ---- shared ---- */

struct filters {
	struct training_filter f;
	char course[24], unit[24];
};

static void read_filters(const struct req *rq, struct filters *x)
{
	memset(x, 0, sizeof *x);
	struct training_filter *f = &x->f;
	f->as_of = req_query(rq, "as_of");
	const char *c = req_query(rq, "course"), *u = req_query(rq, "unit");
	f->course_id = c ? strtoll(c, NULL, 10) : 0;
	f->unit_id = u ? strtoll(u, NULL, 10) : 0;
	f->status = req_query(rq, "status");
	const char *j = req_query(rq, "joiners");
	f->joiners = j && !strcmp(j, "1");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, PER_PAGE);
}

static void status_tag(struct html *h, const struct status_def *t, size_t n, const char *v)
{
	table_cell(h, 0, GOVUK_TAG, status_table_colour(t, n, v), status_table_label(t, n, v));
}

/* One row; arg non-NULL: with the person's columns. */
static void table_row(struct html *h, const void *rec, const void *arg)
{
	const struct training_row *r = rec;
	table_row_begin(h);
	if (arg) {
		table_cell(h, 0, "%s (%s)", r->name, r->staff_number);
		table_cell(h, 0, "%s", r->unit);
	}
	table_cell(h, 0, "%s%R", r->course, r->joiner ? " <strong class=\"govuk-tag govuk-tag--orange\">Joiner past window</strong>" : "");
	status_tag(h, training_statuses, TR_NSTATE, r->status);
	table_cell(h, 0, "%D", r->due[0] ? r->due : "-");
	table_cell(h, 0, "%D", r->last[0] ? r->last : "Never");
	table_row_end(h);
}

static const struct column cols_people[] = {
	{ "Person", NULL, 0 }, { "Unit", NULL, 0 }, { "Course", NULL, 0 },
	{ "Status", NULL, 0 }, { "Due", NULL, 0 }, { "Last completed", NULL, 0 },
};
static const struct column cols_own[] = {
	{ "Course", NULL, 0 }, { "Status", NULL, 0 }, { "Due by", NULL, 0 }, { "Last completed", NULL, 0 },
};

static int rows_table(struct buf *out, struct req *rq, enum training_scope scope, const struct training_filter *f,
                      const char *caption, const char *empty, long *total, struct err *e)
{
	int own = scope == TR_OWN;
	struct regpage_table t = {
		.caption = caption, .empty = empty, .cols = own ? cols_own : cols_people,
		.ncols = own ? sizeof cols_own / sizeof cols_own[0] : sizeof cols_people / sizeof cols_people[0],
		.row = table_row, .arg = own ? NULL : "people",
	};
	return regpage_list(out, rq, &training_register_def, scope, f, f->page, f->per_page, &t, total, e);
}

static const struct option status_opts[] = {
	{ "", "Any status", NULL, 0 }, { "outstanding", "Due or overdue", NULL, 0 },
	{ "overdue", "Overdue", NULL, 0 }, { "due", "Due", NULL, 0 }, { "complete", "Complete", NULL, 0 },
};

struct course_opts {
	struct option o[64];
	char ids[64][24];
	size_t n;
};

static int course_opt(void *ctx, const struct training_course *c)
{
	struct course_opts *x = ctx;
	if (x->n == 64)
		return 1;
	snprintf(x->ids[x->n], sizeof x->ids[0], "%lld", (long long)c->id);
	/* the name must outlive the callback: a copy, freed by course_opts_release */
	x->o[x->n] = (struct option){ x->ids[x->n], NULL, NULL, 0 };
	x->o[x->n].label = xstrdup(c->name);
	x->n++;
	return 0;
}

static void course_opts_release(struct course_opts *x)
{
	for (size_t i = 1; i < x->n; i++)
		free((char *)x->o[i].label);
}

/* "Any course" then the catalogue. */
static void course_opts_load(struct req *rq, struct course_opts *x, const char *any)
{
	memset(x, 0, sizeof *x);
	x->o[0] = (struct option){ "", any, NULL, 0 };
	x->n = 1;
	struct err e = { 0 };
	training_courses(rq->store, course_opt, x, &e);
}

/* ---- the person's own ---- */

static int policy_row(void *ctx, const struct policy_status *p)
{
	struct html *h = ((void **)ctx)[0];
	struct req *rq = ((void **)ctx)[1];
	const char *back = ((void **)ctx)[2];
	html_f(h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	          "<h3 class=\"govuk-summary-card__title\">%s, version %s</h3></div>"
	          "<div class=\"govuk-summary-card__content\">", p->policy, p->version);
	summary_begin(h);
	summary_row(h, "Published", "%D", p->published);
	if (p->summary[0])
		summary_row(h, "What changed", "%s", p->summary);
	summary_row(h, "Status", GOVUK_TAG, policy_statuses[p->state].colour, policy_statuses[p->state].label);
	if (p->state == POL_ACKNOWLEDGED)
		summary_row(h, "Acknowledged", "%D", p->acknowledged);
	else
		summary_row(h, "Acknowledge by", "%D", p->due);
	summary_end(h);
	if (p->state != POL_ACKNOWLEDGED) {
		char action[80], label[200];
		snprintf(action, sizeof action, "/training/policies/%lld/acknowledge", (long long)p->version_id);
		snprintf(label, sizeof label, "I have read and understood the %s policy", p->policy);
		form_begin(h, rq, action);
		if (back)
			form_hidden(h, "back", back);
		form_button(h, label, NULL);
		form_end(h);
	}
	html_f(h, "</div></div>");
	return 0;
}

static int training_mine(struct req *rq, struct resp *rs)
{
	struct training_filter f = { .page = 1, .per_page = -1 };
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (rows_table(&table, rq, TR_OWN, &f, "Your courses", "No courses apply to you today.", &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "My training and policies");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "acknowledged"))
		banner_success(&h, "Policy acknowledged", "Thank you. Your acknowledgement of this version is recorded.");
	html_f(&h, "<h1 class=\"govuk-heading-l\">My training and policies</h1>"
	           "<p class=\"govuk-body\">The courses you must complete and the integrity policies you must read, "
	           "with the dates they are due. Completions come from the learning system; tell the training lead "
	           "if one is missing.</p>%R", buf_str(&table));
	buf_release(&table);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Policies to read and acknowledge</h2>");
	void *ctx[3] = { &h, rq, NULL };
	if (policy_mine(rq->store, rq->actor, policy_row, ctx, &e))
		html_f(&h, "<p class=\"govuk-body\">%s</p>", err_public_msg(&e));
	page_end(&h);
	return 0;
}

static int training_acknowledge(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (policy_acknowledge(rq->store, rq->actor, req_id(rq, "id"), &e))
		return page_fail(rq, rs, &e);
	/* back only to an annual integrity review return (never an open redirect) */
	const char *back = req_form(rq, "back");
	int air = back && !strncmp(back, "/air/returns/", 13) && back[13] && strspn(back + 13, "0123456789") == strlen(back + 13);
	if (air) {
		char to[64];
		snprintf(to, sizeof to, "%s?done=acknowledged", back);
		resp_redirect(rs, to);
	} else {
		resp_redirect(rs, "/training?done=acknowledged");
	}
	return 0;
}

void training_air_section(struct html *h, struct req *rq, int64_t person_id, const char *back)
{
	const struct actor *a = rq->actor;
	int own = a->person_id && a->person_id == person_id;
	enum training_scope scope = own ? TR_OWN
	                            : person_manages(rq->store, a->person_id, person_id) ? TR_TEAM
	                            : actor_has(a, TRAINING_READERS) ? TR_FORCE
	                                                             : (enum training_scope)-1;
	if ((int)scope < 0)
		return;
	struct training_filter f = { .page = 1, .per_page = -1, .person_id = own ? 0 : person_id };
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (rows_table(&table, rq, scope, &f, "Courses", "No courses apply today.", &total, &e) == 0)
		html_f(h, "<h2 class=\"govuk-heading-m\">Training</h2>%R", buf_str(&table));
	buf_release(&table);
	if (!own)
		return;
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "acknowledged"))
		banner_success(h, "Policy acknowledged", "Your acknowledgement of this version is recorded.");
	html_f(h, "<h2 class=\"govuk-heading-m\">Policies to read and acknowledge</h2>");
	void *ctx[3] = { h, rq, (void *)back };
	if (policy_mine(rq->store, a, policy_row, ctx, &e))
		html_f(h, "<p class=\"govuk-body\">%s</p>", err_public_msg(&e));
}

void training_home(struct html *h, struct req *rq)
{
	if (!rq->actor->person_id)
		return;
	long due = 0, overdue = 0;
	struct err e = { 0 };
	if (training_own_counts(rq->store, rq->actor, &due, &overdue, &e) || (!due && !overdue))
		return;
	html_f(h, "<div class=\"govuk-inset-text\"><h2 class=\"govuk-heading-s\">Your training and policies</h2>"
	          "<p class=\"govuk-body\">%ld to do%s",
	       due + overdue, overdue ? ", " : "");
	if (overdue)
		html_f(h, "%ld overdue", overdue);
	html_f(h, ". <a class=\"govuk-link\" href=\"/training\">See what you must do and by when</a></p></div>");
}

/* ---- the manager's team ---- */

static int training_team(struct req *rq, struct resp *rs)
{
	struct filters x;
	read_filters(rq, &x);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (rows_table(&table, rq, TR_TEAM, &x.f, "Your team's training", "Nobody in your team matches.", &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "My team's training");
	html_f(&h, "<h1 class=\"govuk-heading-l\">My team's training</h1>"
	           "<p class=\"govuk-body\">The courses that apply to the people you line-manage, and when each is due.</p>");
	form_begin_get(&h, "/training/team");
	form_select(&h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                 .options = status_opts, .noptions = 5 });
	html_f(&h, "<div class=\"govuk-button-group\">");
	regpage_filter_buttons(&h, rq, "/training/team");
	html_f(&h, "</div></form><p class=\"govuk-body\">%ld course%s match.</p>%R", total, total == 1 ? "" : "s",
	       buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

/* ---- the force ---- */

static void subnav(struct html *h, const struct req *rq)
{
	html_f(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/training/compliance\">Everyone</a> · "
	          "<a class=\"govuk-link\" href=\"/training/units\">By unit</a> · "
	          "<a class=\"govuk-link\" href=\"/training/policies\">Policies</a> · "
	          "<a class=\"govuk-link\" href=\"/training/published\">Published figures</a>");
	if (actor_has(rq->actor, TRAINING_RECORDERS))
		html_f(h, " · <a class=\"govuk-link\" href=\"/training/attendance\">Record attendance</a>");
	html_f(h, "</p>");
}

static int training_compliance(struct req *rq, struct resp *rs)
{
	struct filters x;
	read_filters(rq, &x);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (rows_table(&table, rq, TR_FORCE, &x.f, "Training by person and course", "Nothing matches these filters.",
	               &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct course_opts co;
	course_opts_load(rq, &co, "Any course");
	struct html h;
	page_begin(&h, rq, rs, "Training compliance");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Training compliance</h1>");
	subnav(&h, rq);
	form_begin_get(&h, "/training/compliance");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "course", .label = "Course", .value = req_query(rq, "course"),
	                                 .options = co.o, .noptions = co.n });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                 .options = status_opts, .noptions = 5 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	regpage_unit_select(&h, rq);
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_input(&h, &(struct field){ .name = "as_of", .label = "As of", .hint = "YYYY-MM-DD, default today",
	                                .value = req_query(rq, "as_of"), .width = "govuk-input--width-10" });
	html_f(&h, "</div></div>");
	struct option joiners = { "1", "Only joiners past their window", "Never completed, and overdue from their start",
		                  req_query(rq, "joiners") && !strcmp(req_query(rq, "joiners"), "1") };
	form_checkboxes(&h, &(struct field){ .name = "joiners", .label = "Joiners", .options = &joiners, .noptions = 1 });
	html_f(&h, "<div class=\"govuk-button-group\">");
	regpage_filter_buttons(&h, rq, "/training/compliance");
	html_f(&h, "</div></form>");
	regpage_count_exports(&h, rq, total, "course record", "/training/compliance");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	course_opts_release(&co);
	page_end(&h);
	return 0;
}

static int compliance_export(struct req *rq, struct resp *rs, int xlsx)
{
	struct filters x;
	read_filters(rq, &x);
	return regpage_export(rq, rs, &training_register_def, &x.f, xlsx, "training-compliance");
}

static int training_compliance_csv_page(struct req *rq, struct resp *rs) { return compliance_export(rq, rs, 0); }
static int training_compliance_xlsx(struct req *rq, struct resp *rs) { return compliance_export(rq, rs, 1); }

static int unit_row(void *ctx, const struct training_unit_counts *c)
{
	struct html *h = ctx;
	long all = c->n[TR_COMPLETE] + c->n[TR_DUE] + c->n[TR_OVERDUE];
	table_row_begin(h);
	static const char dashes[] = "\u2014 \u2014 \u2014 \u2014 \u2014 ";
	int d = c->depth > 5 ? 5 : c->depth; /* each level one dash (4 bytes with its space) */
	table_cell(h, 0, "%s%s", dashes + sizeof dashes - 1 - (size_t)d * 4, c->unit);
	table_cell(h, 1, "%ld", all);
	table_cell(h, 1, "%ld", c->n[TR_COMPLETE]);
	table_cell(h, 1, "%ld", c->n[TR_DUE]);
	table_cell(h, 1, "%ld", c->n[TR_OVERDUE]);
	table_cell(h, 1, "%ld%%", all ? (c->n[TR_COMPLETE] * 100 + all / 2) / all : 0);
	table_row_end(h);
	return 0;
}

static int training_units(struct req *rq, struct resp *rs)
{
	const char *c = req_query(rq, "course");
	int64_t course = c ? strtoll(c, NULL, 10) : 0;
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (training_by_unit(rq->store, rq->actor, req_query(rq, "as_of"), course, unit_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct course_opts co;
	course_opts_load(rq, &co, "Every course");
	struct html h;
	page_begin(&h, rq, rs, "Training compliance by unit");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Training compliance by unit</h1>");
	subnav(&h, rq);
	form_begin_get(&h, "/training/units");
	form_select(&h, &(struct field){ .name = "course", .label = "Course", .value = c, .options = co.o,
	                                 .noptions = co.n });
	html_f(&h, "<div class=\"govuk-button-group\">");
	regpage_filter_buttons(&h, rq, "/training/units");
	html_f(&h, "</div></form><p class=\"govuk-body\">Each person counts once for each course that applies to "
	           "them; a unit's figures include its sub-units.</p>");
	static const struct column cols[] = {
		{ "Unit", NULL, 0 }, { "Courses", NULL, 1 }, { "Complete", NULL, 1 },
		{ "Due", NULL, 1 }, { "Overdue", NULL, 1 }, { "Complete (%)", NULL, 1 },
	};
	table_paged(&h, rq, &(struct list_view){ .caption = "Compliance by unit", LIST_COLS(cols), .page = 1,
	                                         .per_page = 500 }, &rows);
	buf_release(&rows);
	course_opts_release(&co);
	page_end(&h);
	return 0;
}

static int policy_summary_row(void *ctx, const struct policy_summary *p)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/training/policies/people?version=%I&amp;status=outstanding\">%s</a>",
	           p->version_id, p->policy);
	table_cell(h, 0, "%s", p->version);
	table_cell(h, 0, "%D", p->published);
	table_cell(h, 1, "%ld", p->people);
	table_cell(h, 1, "%ld", p->acknowledged);
	table_cell(h, 1, "%ld", p->people - p->acknowledged);
	table_cell(h, 1, "%ld", p->overdue);
	table_row_end(h);
	return 0;
}

static int training_policies(struct req *rq, struct resp *rs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (policy_summaries(rq->store, rq->actor, policy_summary_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Policy acknowledgement");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Policy acknowledgement</h1>");
	subnav(&h, rq);
	html_f(&h, "<p class=\"govuk-body\">The current version of each integrity policy and how many of the people "
	           "it applies to have acknowledged it. A new version asks everyone again.</p>");
	static const struct column cols[] = {
		{ "Policy", NULL, 0 }, { "Version", NULL, 0 }, { "Published", NULL, 0 }, { "Applies to", NULL, 1 },
		{ "Acknowledged", NULL, 1 }, { "Not yet", NULL, 1 }, { "Overdue", NULL, 1 },
	};
	table_paged(&h, rq, &(struct list_view){ .caption = "Current policy versions", LIST_COLS(cols), .page = 1, .per_page = 500 },
	            &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static void policy_people_row(struct html *h, const void *rec, const void *arg)
{
	(void)arg;
	const struct policy_row *r = rec;
	char d[11];
	table_row_begin(h);
	table_cell(h, 0, "%s (%s)", r->name, r->staff_number);
	table_cell(h, 0, "%s", r->unit);
	table_cell(h, 0, "%s, version %s", r->policy, r->version);
	status_tag(h, policy_statuses, POL_NSTATE, r->status);
	table_cell(h, 0, "%D", r->acknowledged[0] ? regpage_day(r->acknowledged, d) : r->due);
	table_row_end(h);
}

static void read_policy_filter(const struct req *rq, struct policy_filter *f)
{
	memset(f, 0, sizeof *f);
	const char *v = req_query(rq, "version"), *u = req_query(rq, "unit");
	f->version_id = v ? strtoll(v, NULL, 10) : 0;
	f->unit_id = u ? strtoll(u, NULL, 10) : 0;
	f->status = req_query(rq, "status");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, PER_PAGE);
}

static const struct option policy_status_opts[] = {
	{ "", "Any status", NULL, 0 }, { "outstanding", "Not yet acknowledged", NULL, 0 },
	{ "overdue", "Overdue", NULL, 0 }, { "due", "To acknowledge", NULL, 0 },
	{ "acknowledged", "Acknowledged", NULL, 0 },
};

static int training_policy_people(struct req *rq, struct resp *rs)
{
	struct policy_filter f;
	read_policy_filter(rq, &f);
	static const struct column cols[] = {
		{ "Person", NULL, 0 }, { "Unit", NULL, 0 }, { "Policy", NULL, 0 },
		{ "Status", NULL, 0 }, { "Acknowledged, or due by", NULL, 0 },
	};
	struct regpage_table t = { .caption = "People and policy versions", .empty = "Nobody matches these filters.",
		                   .cols = cols, .ncols = sizeof cols / sizeof cols[0], .row = policy_people_row };
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (regpage_list(&table, rq, &policy_register_def, 0, &f, f.page, f.per_page, &t, &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Who has acknowledged the policies");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Who has acknowledged the policies</h1>");
	subnav(&h, rq);
	form_begin_get(&h, "/training/policies/people");
	form_hidden(&h, "version", req_query(rq, "version") ? req_query(rq, "version") : "");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	form_select(&h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                 .options = policy_status_opts, .noptions = 5 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-half\">");
	regpage_unit_select(&h, rq);
	html_f(&h, "</div></div><div class=\"govuk-button-group\">");
	regpage_filter_buttons(&h, rq, "/training/policies/people");
	html_f(&h, "</div></form>");
	regpage_count_exports(&h, rq, total, "row", "/training/policies/people");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static int policy_people_export(struct req *rq, struct resp *rs, int xlsx)
{
	struct policy_filter f;
	read_policy_filter(rq, &f);
	return regpage_export(rq, rs, &policy_register_def, &f, xlsx, "policy-acknowledgement");
}

static int training_policy_people_csv(struct req *rq, struct resp *rs) { return policy_people_export(rq, rs, 0); }
static int training_policy_people_xlsx(struct req *rq, struct resp *rs) { return policy_people_export(rq, rs, 1); }

/* ---- attendance ---- */

static void attendance_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct course_opts co;
	course_opts_load(rq, &co, "Choose a course");
	struct html h;
	page_begin_back(&h, rq, rs, errs->n ? "Error: Record attendance" : "Record attendance", "/training/compliance");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Record attendance at a course or briefing</h1>");
	form_begin(&h, rq, "/training/attendance");
	form_select(&h, &(struct field){ .name = "course", .label = "Course or briefing", .value = req_form(rq, "course"),
	                                 .options = co.o, .noptions = co.n, .errs = errs });
	form_date(&h, &(struct field){ .name = "date", .label = "When was it held?", .hint = "For example, 27 11 2026",
	                               .value = req_form(rq, "date"), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "staff_numbers", .label = "Staff numbers of the people who attended",
	                                   .hint = "One per line, or separated by commas", .rows = 6,
	                                   .value = req_form(rq, "staff_numbers"), .errs = errs });
	form_button(&h, "Record attendance", NULL);
	form_end(&h);
	course_opts_release(&co);
	page_end(&h);
}

static int attendance_new(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (training_may_record(rq->store, rq->actor, &e))
		return page_fail(rq, rs, &e);
	struct errlist errs = { 0 };
	attendance_form(rq, rs, &errs);
	return 0;
}

static int attendance_create(struct req *rq, struct resp *rs)
{
	const char *c = req_form(rq, "course");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	long n = 0;
	if (training_record_attendance(rq->store, rq->actor, c ? strtoll(c, NULL, 10) : 0, req_form(rq, "date"),
	                               req_form(rq, "staff_numbers"), &n, &errs, &e)) {
		if (e.code != ERR_INPUT)
			return page_fail(rq, rs, &e);
		attendance_form(rq, rs, &errs);
		return 0;
	}
	struct html h;
	page_begin(&h, rq, rs, "Attendance recorded");
	html_f(&h, "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">"
	           "Attendance recorded</h1><div class=\"govuk-panel__body\">%ld new completion%s</div></div>"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/training/attendance\">Record another</a> or "
	           "<a class=\"govuk-link\" href=\"/training/compliance\">see compliance</a>.</p>",
	       n, n == 1 ? "" : "s");
	page_end(&h);
	return 0;
}

/* ---- published ---- */

static int published_row(void *ctx, const struct training_published *p)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%s", p->directorate);
	table_cell(h, 0, "%s", p->course);
	if (p->shown) {
		table_cell(h, 1, "%ld", p->people);
		table_cell(h, 1, "%d%%", p->percent);
	} else {
		table_cell(h, 1, "Withheld");
		table_cell(h, 1, "Withheld");
	}
	table_row_end(h);
	return 0;
}

static int training_published_page(struct req *rq, struct resp *rs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (training_published(rq->store, rq->actor, NULL, published_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Training up to date by directorate");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Training up to date by directorate</h1>"
	           "<p class=\"govuk-body\">The share of the people in each directorate who are up to date on each "
	           "course that applies to everyone (the Code of Ethics and integrity training). A figure based on "
	           "fewer than %ld people, or that would show how few are not up to date, is withheld.</p>",
	       disclosure_k(rq->store));
	static const struct column cols[] = {
		{ "Directorate", NULL, 0 }, { "Course", NULL, 0 }, { "People", NULL, 1 }, { "Up to date", NULL, 1 },
	};
	table_paged(&h, rq, &(struct list_view){ .caption = "Up to date by directorate", LIST_COLS(cols), .page = 1, .per_page = 500 },
	            &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

/* ---- JSON (docs/API.md): the same lists as the pages, same rules ---- */

static int api_rows(struct req *rq, struct resp *rs, enum training_scope scope)
{
	struct filters x;
	read_filters(rq, &x);
	return regpage_api_list(rq, rs, &training_register_def, scope, &x.f, x.f.page, x.f.per_page);
}

static int api_mine(struct req *rq, struct resp *rs) { return api_rows(rq, rs, TR_OWN); }
static int api_team(struct req *rq, struct resp *rs) { return api_rows(rq, rs, TR_TEAM); }
static int api_compliance(struct req *rq, struct resp *rs) { return api_rows(rq, rs, TR_FORCE); }

static int api_policy_people(struct req *rq, struct resp *rs)
{
	struct policy_filter f;
	read_policy_filter(rq, &f);
	return regpage_api_list(rq, rs, &policy_register_def, 0, &f, f.page, f.per_page);
}

/* The units' counts and the policies' summaries as JSON: training_by_unit
 * and policy_summaries, as their pages; bare arrays that api.c pages. */

static int json_unit(void *ctx, const struct training_unit_counts *c)
{
	long all = c->n[TR_COMPLETE] + c->n[TR_DUE] + c->n[TR_OVERDUE];
	json_t *o = json_pack("{s:I, s:s, s:i, s:i, s:i, s:i, s:i}", "unit_id", (json_int_t)c->unit_id, "unit", c->unit,
	                      "depth", c->depth, "courses", (int)all, "complete", (int)c->n[TR_COMPLETE], "due",
	                      (int)c->n[TR_DUE], "overdue", (int)c->n[TR_OVERDUE]);
	/* the page's whole percentage */
	json_object_set_new(o, "complete_pct", all ? json_integer((c->n[TR_COMPLETE] * 100 + all / 2) / all) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

static int api_units(struct req *rq, struct resp *rs)
{
	const char *c = req_query(rq, "course");
	struct err e = { 0 };
	json_t *items = json_array();
	if (training_by_unit(rq->store, rq->actor, req_query(rq, "as_of"), c ? strtoll(c, NULL, 10) : 0, json_unit, items,
	                     &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

static int json_policy(void *ctx, const struct policy_summary *p)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "version_id",
	                                     (json_int_t)p->version_id, "policy", p->policy, "version", p->version,
	                                     "published_on", p->published, "people", (int)p->people, "acknowledged",
	                                     (int)p->acknowledged, "outstanding", (int)(p->people - p->acknowledged),
	                                     "overdue", (int)p->overdue));
	return 0;
}

static int api_policies(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (policy_summaries(rq->store, rq->actor, json_policy, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route training_routes[] = {
	{ "GET", "/training", training_mine, ACCESS_PAGE, 0 },
	{ "POST", "/training/policies/{id}/acknowledge", training_acknowledge, ACCESS_PAGE, 0 },
	{ "GET", "/training/team", training_team, ACCESS_PAGE, 0 },
	{ "GET", "/training/compliance", training_compliance, ACCESS_PAGE, 0 },
	{ "GET", "/training/compliance.csv", training_compliance_csv_page, ACCESS_PAGE, 0 },
	{ "GET", "/training/compliance.xlsx", training_compliance_xlsx, ACCESS_PAGE, 0 },
	{ "GET", "/training/units", training_units, ACCESS_PAGE, 0 },
	{ "GET", "/training/policies", training_policies, ACCESS_PAGE, 0 },
	{ "GET", "/training/policies/people", training_policy_people, ACCESS_PAGE, 0 },
	{ "GET", "/training/policies/people.csv", training_policy_people_csv, ACCESS_PAGE, 0 },
	{ "GET", "/training/policies/people.xlsx", training_policy_people_xlsx, ACCESS_PAGE, 0 },
	{ "GET", "/training/attendance", attendance_new, ACCESS_PAGE, 0 },
	{ "POST", "/training/attendance", attendance_create, ACCESS_PAGE, 0 },
	{ "GET", "/training/published", training_published_page, ACCESS_PAGE, 0 },
	{ "GET", "/api/training/mine", api_mine, ACCESS_API, 0 },
	{ "GET", "/api/training/team", api_team, ACCESS_API, 0 },
	{ "GET", "/api/training/compliance", api_compliance, ACCESS_API, 0 },
	{ "GET", "/api/training/policies/people", api_policy_people, ACCESS_API, 0 },
	{ "GET", "/api/training/units", api_units, ACCESS_API, 0 },
	{ "GET", "/api/training/policies", api_policies, ACCESS_API, 0 },
};
ROUTES_END(training);
