/* inspections_pages.c — inspections and scrutiny on the web (M11): the
 * inspections list, an inspection with its judgments and findings, a finding
 * with its status history, updates and status change (with a confirmation
 * page), the dashboard, the findings import, the PCC response record and the
 * home page's items. The panel reviews' pages are in reviews_pages.c, the
 * JSON API in inspections_api.c. Every rule lives in
 * src/domain/inspections.c; these handlers translate. */
#include "web/inspections_pages.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/inspections.h"
#include "domain/people.h"
#include "domain/reviews.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "domain/evidence.h"
#include <ctype.h>
#include "web/publish.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE INSPECTIONS_PER_PAGE

static void tag(struct html *h, const char *status)
{
	int i = status_table_index(finding_status_defs, FINDING_NSTATUS, status);
	govuk_tag(h, i >= 0 ? finding_status_defs[i].colour : "purple", finding_status_label(status));
}

/* "Jane Doe, Head of PSD, Professional Standards" for those who see names;
 * otherwise the office: "Head of PSD, Professional Standards". */
static void owner_text(const struct finding *f, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", f->owner_name, f->owner_name[0] && (f->owner_post[0] || f->owner_unit[0]) ? ", " : "",
	         f->owner_post, f->owner_post[0] && f->owner_unit[0] ? ", " : "", f->owner_unit);
	if (!out[0])
		snprintf(out, n, "Not assigned");
}

static void days_text(long days_left, int published, char *out, size_t n)
{
	if (published)
		snprintf(out, n, "Comments published"); /* the PCC's, not the report */
	else if (days_left < 0)
		snprintf(out, n, "%ld day%s overdue", -days_left, days_left == -1 ? "" : "s");
	else
		snprintf(out, n, "%ld day%s left", days_left, days_left == 1 ? "" : "s");
}

static void deadline_tag(struct html *h, const struct inspection *in)
{
	char t[48];
	if (!in->deadline[0]) {   /* a learning source: no report, no response clock */
		html_f(h, "<strong class=\"govuk-tag govuk-tag--grey\">No response clock</strong>");
		return;
	}
	days_text(in->days_left, in->response_published, t, sizeof t);
	html_f(h, "<strong class=\"govuk-tag %a\">%s</strong>",
	       in->response_published ? "govuk-tag--green" : in->days_left < 0 ? "govuk-tag--red"
	                                                   : in->days_left <= 14 ? "govuk-tag--yellow" : "govuk-tag--blue",
	       t);
}

/* ---- the inspections list ---- */

static const struct option kind_opts[] = {
	{ "peel", "PEEL force inspection", NULL, 0 },
	{ "thematic", "National thematic", "Addressed to all forces", 0 },
	{ "other", "Other", NULL, 0 },
};
static const struct option kind_filter[] = {
	{ "", "Any kind", NULL, 0 }, { "peel", "PEEL force inspection", NULL, 0 },
	{ "thematic", "National thematic", NULL, 0 }, { "other", "Other", NULL, 0 },
};
static const struct option finding_kind_opts[] = {
	{ "recommendation", "Recommendation", NULL, 0 },
	{ "area_for_improvement", "Area for improvement", NULL, 0 },
	{ "cause_of_concern", "Cause of concern", NULL, 0 },
};

static int insp_row(void *ctx, const struct inspection *in)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/inspections/%I\">%s</a>", in->id, in->title);
	table_cell(h, 0, "%s", inspection_kind_label(in->kind));
	table_cell(h, 0, "%D", in->published);
	table_cell(h, 1, "%ld of %ld", in->findings_open, in->findings);
	table_cell(h, 0, "%D", in->deadline);
	html_f(h, "<td class=\"govuk-table__cell\">");
	deadline_tag(h, in);
	html_f(h, "</td>");
	table_row_end(h);
	return 0;
}

static void section_links(struct html *h, const struct req *rq)
{
	html_f(h, "<ul class=\"govuk-list govuk-!-margin-bottom-6\">"
	          "<li><a class=\"govuk-link\" href=\"/inspections\">Inspections</a></li>"
	          "<li><a class=\"govuk-link\" href=\"/findings?status=active\">Findings not yet signed off</a></li>"
	          "<li><a class=\"govuk-link\" href=\"/inspections/dashboard\">Dashboard</a></li>");
	if (actor_has(rq->actor, REVIEW_READ))
		html_f(h, "<li><a class=\"govuk-link\" href=\"/reviews\">Independent panel reviews</a></li>");
	if (actor_has(rq->actor, INSP_MANAGE))
		html_f(h, "<li><a class=\"govuk-link\" href=\"/findings/import\">Import findings</a></li>");
	html_f(h, "</ul>");
}

static int inspections_index(struct req *rq, struct resp *rs)
{
	static const struct column cols[] = {
		{ "Inspection", "title", 0 }, { "Kind", NULL, 0 }, { "Published", "published", 0 },
		{ "Findings open", NULL, 1 }, { "PCC comments due", NULL, 0 }, { "56-day clock", NULL, 0 },
	};
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct err e = { 0 };
	long total = 0;
	int page = req_page(rq);
	struct inspection_filter f = { req_query(rq, "q"), req_query(rq, "kind"), req_query(rq, "sort"), page,
	                               PER_PAGE };
	if (inspections_list(rq->store, rq->actor, &f, insp_row, &hr, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "Inspections");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "imported"))
		banner_success(&h, "Findings imported", NULL);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Inspections</h1>");
	section_links(&h, rq);
	if (actor_has(rq->actor, INSP_MANAGE))
		button_link(&h, "Add an inspection", "/inspections/new", "secondary");
	form_begin_get(&h, "/inspections");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	form_input(&h, &(struct field){ .name = "q", .label = "Title contains", .value = req_query(rq, "q") });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "kind", .label = "Kind", .value = req_query(rq, "kind"),
	                                 .options = kind_filter, .noptions = 4 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\"><div class=\"govuk-!-margin-top-6\">");
	form_button(&h, "Filter", "secondary");
	html_f(&h, "</div></div></div></form>");
	list_table(&h, rq, &(struct list_view){ .caption = "Inspection reports", LIST_COLS(cols),
	                                        .empty = "No inspections match.", .page = page, .per_page = PER_PAGE,
	                                        .total = total }, &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

/* ---- add or edit an inspection ---- */

/* The posted value of a field, else the stored one (cur may be NULL). */
static const char *val(const struct req *rq, const char *name, const char *stored)
{
	const char *v = req_form(rq, name);
	return v ? v : stored;
}

/* The form to add (cur NULL) or edit (cur the stored inspection) an inspection. */
static void inspection_form(struct req *rq, struct resp *rs, const struct inspection *cur, const struct errlist *errs)
{
	struct html h;
	char action[64], back[64], title[64];
	snprintf(action, sizeof action, cur ? "/inspections/%lld/edit" : "/inspections", cur ? (long long)cur->id : 0LL);
	snprintf(back, sizeof back, cur ? "/inspections/%lld" : "/inspections", cur ? (long long)cur->id : 0LL);
	snprintf(title, sizeof title, "%s%s", errs->n ? "Error: " : "", cur ? "Edit the inspection" : "Add an inspection");
	page_begin_back(&h, rq, rs, title, back);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", cur ? "Edit the inspection" : "Add an inspection");
	form_begin(&h, rq, action);
	form_input(&h, &(struct field){ .name = "title", .label = "Title of the report",
	                                .value = val(rq, "title", cur ? cur->title : NULL), .errs = errs });
	form_input(&h, &(struct field){ .name = "inspectorate", .label = "Inspectorate",
	                                .hint = "Leave blank for HM Inspectorate of Constabulary and Fire & Rescue Services",
	                                .value = val(rq, "inspectorate", cur ? cur->inspectorate : NULL), .errs = errs });
	form_radios(&h, &(struct field){ .name = "kind", .label = "Kind of inspection",
	                                 .value = val(rq, "kind", cur ? cur->kind : NULL), .options = kind_opts,
	                                 .noptions = 3, .errs = errs });
	form_date(&h, &(struct field){ .name = "published", .label = "Date the report was published",
	                               .hint = "The PCC's 56 days to publish comments start on this day",
	                               .value = val(rq, "published", cur ? cur->published : NULL), .errs = errs });
	form_date(&h, &(struct field){ .name = "fieldwork_from", .label = "Fieldwork started (optional)",
	                               .value = val(rq, "fieldwork_from", cur ? cur->fieldwork_from : NULL), .errs = errs });
	form_date(&h, &(struct field){ .name = "fieldwork_to", .label = "Fieldwork ended (optional)",
	                               .value = val(rq, "fieldwork_to", cur ? cur->fieldwork_to : NULL), .errs = errs });
	form_input(&h, &(struct field){ .name = "grade", .label = "Overall grade (optional)",
	                                .value = val(rq, "grade", cur ? cur->grade : NULL), .width = "govuk-input--width-20",
	                                .errs = errs });
	form_textarea(&h, &(struct field){ .name = "summary", .maxlength = 4000, .label = "Summary of the inspection",
	                                   .value = val(rq, "summary", cur ? cur->summary : NULL), .rows = 6, .errs = errs });
	form_button(&h, "Save inspection", NULL);
	form_end(&h);
	page_end(&h);
}

static int inspections_new(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	inspection_form(rq, rs, NULL, &errs);
	return 0;
}

/* Save the posted form as inspection id (0: a new one). */
static int inspection_post(struct req *rq, struct resp *rs, int64_t id)
{
	struct inspection_input in = {
		req_form(rq, "title"), req_form(rq, "inspectorate"), req_form(rq, "kind"), req_form(rq, "fieldwork_from"),
		req_form(rq, "fieldwork_to"), req_form(rq, "published"), req_form(rq, "summary"), req_form(rq, "grade"),
	};
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t out = 0;
	struct inspection *cur = NULL;
	int rc = 0;
	if (id) {
		cur = xmalloc(sizeof *cur);
		if (inspection_get(rq->store, rq->actor, id, cur, &e)) {
			free(cur);
			return page_fail(rq, rs, &e);
		}
	}
	if (inspection_save(rq->store, rq->actor, id, &in, &out, &errs, &e)) {
		if (e.code == ERR_INPUT)
			inspection_form(rq, rs, cur, &errs);
		else
			rc = page_fail(rq, rs, &e);
		free(cur);
		return rc;
	}
	free(cur);
	char loc[64];
	snprintf(loc, sizeof loc, "/inspections/%lld?done=%s", (long long)(id ? id : out), id ? "saved" : "created");
	resp_redirect(rs, loc);
	return 0;
}

static int inspections_create(struct req *rq, struct resp *rs)
{
	return inspection_post(rq, rs, 0);
}

static int inspections_edit(struct req *rq, struct resp *rs)
{
	struct inspection *cur = xmalloc(sizeof *cur);
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int rc = 0;
	if (inspection_get(rq->store, rq->actor, req_id(rq, "id"), cur, &e))
		rc = page_fail(rq, rs, &e);
	else
		inspection_form(rq, rs, cur, &errs);
	free(cur);
	return rc;
}

static int inspections_update(struct req *rq, struct resp *rs)
{
	return inspection_post(rq, rs, req_id(rq, "id"));
}

/* ---- one inspection ---- */

struct grade_opts {
	struct option o[32];
	char label[32][64];
	char value[32][64];
	size_t n;
};

static int add_grade(void *ctx, const char *scale, const char *grade)
{
	struct grade_opts *g = ctx;
	if (g->n >= 32)
		return 1;
	snprintf(g->label[g->n], sizeof g->label[g->n], "%s (%s)", grade,
	         !strcmp(scale, "peel-2021") ? "five-point scale, 2021 on" : "four-point scale, to 2021");
	g->label[g->n][0] = (char)toupper((unsigned char)g->label[g->n][0]); /* sentence case: "Requires improvement" */
	snprintf(g->value[g->n], sizeof g->value[g->n], "%s|%s", scale, grade);
	g->o[g->n] = (struct option){ g->value[g->n], g->label[g->n], NULL, 0 };
	g->n++;
	return 0;
}

static int judgment_row(void *ctx, const struct judgment *j)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%s", j->pillar);
	table_cell(h, 0, "%s", j->question[0] ? j->question : "(the pillar as a whole)");
	char grade[sizeof j->grade];
	snprintf(grade, sizeof grade, "%s", j->grade); /* the scale's grades are lower case: "requires improvement" */
	grade[0] = (char)toupper((unsigned char)grade[0]);
	table_cell(h, 0, "%s", grade);
	table_cell(h, 0, "%s", j->carried_over ? "Carried over from the previous inspection" : "");
	table_row_end(h);
	return 0;
}

struct ftable {
	struct html *h;
	int show_inspection;
};

/* The tracker's flags: what is late, as of today. */
static void tracker_flags(struct html *h, const struct finding *f)
{
	if (f->past_due)
		html_f(h, " <strong class=\"govuk-tag govuk-tag--red\">Past due %D</strong>", f->due);
	if (f->follow_up_due)
		html_f(h, " <strong class=\"govuk-tag govuk-tag--orange\">Follow-up due %D</strong>", f->follow_up);
	if (f->revisit_due)
		html_f(h, " <strong class=\"govuk-tag govuk-tag--orange\">Revisit due %D</strong>", f->revisit);
}

static int finding_row(void *ctx, const struct finding *f)
{
	struct ftable *t = ctx;
	struct html *h = t->h;
	char owner[600];
	owner_text(f, owner, sizeof owner);
	table_row_begin(h);
	char back[REGPAGE_BACK_MAX];
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/findings/%I%a\">%s</a>", f->id, regpage_back_arg(h, back),
	           f->reference);
	if (t->show_inspection)
		table_cell(h, 0, "%s", f->inspection);
	table_cell(h, 0, "%s%s", finding_kind_label(f->kind), f->national ? " (national)" : "");
	table_cell(h, 0, "%s", owner);
	table_cell(h, 0, "%D", f->due[0] ? f->due : "None");
	table_cell(h, 0, "%D", f->last_update_date[0] ? f->last_update_date : "None");
	html_f(h, "<td class=\"govuk-table__cell\">");
	tag(h, f->status);
	if (f->caveat[0])
		html_f(h, " <span class=\"govuk-body-s\">%s</span>", f->caveat);
	tracker_flags(h, f);
	html_f(h, "</td>");
	table_row_end(h);
	return 0;
}

static const struct column fcols_insp[] = {
	{ "Reference", "reference", 0 }, { "Kind", NULL, 0 }, { "Owner", "owner", 0 }, { "Due", "due", 0 },
	{ "Last update", NULL, 0 }, { "Status", "status", 0 },
};
static const struct column fcols_all[] = {
	{ "Reference", "reference", 0 }, { "Inspection", "inspection", 0 }, { "Kind", NULL, 0 }, { "Owner", "owner", 0 },
	{ "Due", "due", 0 }, { "Last update", NULL, 0 }, { "Status", "status", 0 },
};

enum insp_form { FORM_NONE, FORM_JUDGMENT, FORM_FINDING };

static int inspection_page(struct req *rq, struct resp *rs, int64_t id, enum insp_form which,
                           const struct errlist *errs)
{
	struct inspection *in = xmalloc(sizeof *in);
	struct err e = { 0 };
	if (inspection_get(rq->store, rq->actor, id, in, &e)) {
		free(in);
		return page_fail(rq, rs, &e);
	}
	struct buf jrows, frows;
	buf_init(&jrows, 0);
	buf_init(&frows, 0);
	struct html hj, hf, h;
	html_init(&hj, &jrows);
	html_init(&hf, &frows);
	struct ftable ft = { &hf, 0 };
	struct finding_filter ff = { .inspection_id = id, .sort = req_query(rq, "sort"), .per_page = -1 };
	long nf = 0;
	if (judgments_list(rq->store, rq->actor, id, judgment_row, &hj, &e) ||
	    findings_list(rq->store, rq->actor, &ff, finding_row, &ft, &nf, &e)) {
		free(in);
		buf_release(&jrows);
		buf_release(&frows);
		return page_fail(rq, rs, &e);
	}
	char title[340];
	snprintf(title, sizeof title, "%s%s", errs->n ? "Error: " : "", in->title);
	page_begin_back(&h, rq, rs, title, "/inspections");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "created"))
		banner_success(&h, "Inspection added", NULL);
	if (done && !strcmp(done, "saved"))
		banner_success(&h, "Inspection saved", NULL);
	if (done && !strcmp(done, "judgment"))
		banner_success(&h, "Judgment added", NULL);
	if (done && !strcmp(done, "finding"))
		banner_success(&h, "Finding added", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       inspection_kind_label(in->kind), in->title);
	if (actor_has(rq->actor, INSP_MANAGE))
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/inspections/%I/edit\">Edit the "
		           "inspection's details</a></p>", in->id);
	summary_begin(&h);
	summary_row(&h, "Inspectorate", "%s", in->inspectorate);
	summary_row(&h, "Report published", "%D", in->published);
	if (in->fieldwork_from[0])
		summary_row(&h, "Fieldwork", "%D to %D", in->fieldwork_from, in->fieldwork_to);
	summary_row(&h, "Grade", "%s", in->grade[0] ? in->grade : "Not graded");
	if (!in->deadline[0])
		summary_row(&h, "PCC comments due", "None: a learning source, not an inspection report");
	else {
		char t[48];
		days_text(in->days_left, in->response_published, t, sizeof t);
		summary_row(&h, "PCC comments due",
		            "%D (%s) — 56 days from publication, counted from the publication day. "
		            "<a class=\"govuk-link\" href=\"/inspections/%I/response\">Response record</a>",
		            in->deadline, t, in->id);
	}
	summary_end(&h);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Summary</h2>");
	html_paragraphs(&h, in->summary[0] ? in->summary : "No summary recorded.");
	static const struct column jcols[] = {
		{ "Pillar", NULL, 0 }, { "Question", NULL, 0 }, { "Grade", NULL, 0 }, { "", NULL, 0 },
	};
	html_f(&h, "<h2 class=\"govuk-heading-m\">Graded judgments</h2>");
	if (jrows.n) {
		table_begin(&h, rq, "Judgments", jcols, 4);
		html_f(&h, "%R", buf_str(&jrows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No graded judgments recorded.</p>");
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Findings (%ld)</h2>", nf);
	if (nf) {
		table_begin(&h, rq, "Findings", fcols_insp, sizeof fcols_insp / sizeof fcols_insp[0]);
		html_f(&h, "%R", buf_str(&frows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No findings recorded.</p>");
	}
	if (actor_has(rq->actor, INSP_MANAGE)) {
		const struct errlist *je = which == FORM_JUDGMENT ? errs : NULL, *fe = which == FORM_FINDING ? errs : NULL;
		char action[64];
		struct grade_opts *g = xcalloc(1, sizeof *g);
		grades_list(rq->store, add_grade, g, &e);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Add a graded judgment</h2>");
		snprintf(action, sizeof action, "/inspections/%lld/judgments", (long long)id);
		form_begin(&h, rq, action);
		form_input(&h, &(struct field){ .name = "pillar", .label = "Pillar", .hint = "For example, Legitimacy",
		                                .value = je ? req_form(rq, "pillar") : NULL, .errs = je });
		form_input(&h, &(struct field){ .name = "question", .label = "Question (optional)",
		                                .value = je ? req_form(rq, "question") : NULL, .errs = je });
		form_select(&h, &(struct field){ .name = "grade", .label = "Grade", .value = je ? req_form(rq, "grade") : NULL,
		                                 .options = g->o, .noptions = g->n, .errs = je });
		form_checkboxes(&h, &(struct field){ .name = "carried_over", .label = "Carried over",
		                                     .options = (const struct option[]){
		                                             { "yes", "Carried over from the previous inspection", NULL, 0 } },
		                                     .noptions = 1 });
		form_button(&h, "Add judgment", "secondary");
		form_end(&h);
		free(g);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Add a finding</h2>");
		snprintf(action, sizeof action, "/inspections/%lld/findings", (long long)id);
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "kind", .label = "Kind", .value = fe ? req_form(rq, "kind") : NULL,
		                                 .options = finding_kind_opts, .noptions = 3, .errs = fe });
		form_checkboxes(&h, &(struct field){ .name = "national", .label = "Addressed to",
		                                     .options = (const struct option[]){
		                                             { "yes", "All forces (a national recommendation)", NULL, 0 } },
		                                     .noptions = 1 });
		form_input(&h, &(struct field){ .name = "reference", .label = "Reference", .hint = "For example, AFI 3",
		                                .value = fe ? req_form(rq, "reference") : NULL, .width = "govuk-input--width-20",
		                                .errs = fe });
		form_textarea(&h, &(struct field){ .name = "text", .maxlength = 4000, .label = "Text of the finding",
		                                   .value = fe ? req_form(rq, "text") : NULL, .rows = 4, .errs = fe });
		/* finding_pillar: the judgment form above has its own "pillar" box (ids are unique on a page) */
		form_input(&h, &(struct field){ .name = "finding_pillar", .label = "Pillar or question (optional)",
		                                .value = fe ? req_form(rq, "finding_pillar") : NULL, .errs = fe });
		form_input(&h, &(struct field){ .name = "owner", .label = "Owner's staff number (optional)",
		                                .value = fe ? req_form(rq, "owner") : NULL, .width = "govuk-input--width-10",
		                                .errs = fe });
		form_date(&h, &(struct field){ .name = "due", .label = "Due date (optional)",
		                               .value = fe ? req_form(rq, "due") : NULL, .errs = fe });
		form_button(&h, "Add finding", "secondary");
		form_end(&h);
	}
	page_end(&h);
	free(in);
	buf_release(&jrows);
	buf_release(&frows);
	return 0;
}

static int inspections_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return inspection_page(rq, rs, req_id(rq, "id"), FORM_NONE, &errs);
}

static int inspections_add_judgment(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	char scale[64] = "", *grade = NULL;
	const char *sg = req_form(rq, "grade");
	if (sg) {
		snprintf(scale, sizeof scale, "%s", sg);
		grade = strchr(scale, '|');
		if (grade)
			*grade++ = 0;
	}
	struct judgment_input in = { req_form(rq, "pillar"), req_form(rq, "question"), scale, grade,
		                     req_form(rq, "carried_over") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (judgment_add(rq->store, rq->actor, id, &in, &errs, &e)) {
		if (e.code == ERR_INPUT)
			return inspection_page(rq, rs, id, FORM_JUDGMENT, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/inspections/", id, "?done=judgment");
	return 0;
}

static int inspections_add_finding(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id"), fid = 0;
	struct finding_input in = { req_form(rq, "kind"), req_form(rq, "national"), req_form(rq, "reference"),
		                    req_form(rq, "text"), req_form(rq, "finding_pillar"), req_form(rq, "owner"),
		                    req_form(rq, "due") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (finding_add(rq->store, rq->actor, id, &in, &fid, &errs, &e)) {
		for (int i = 0; i < errs.n; i++) /* the form's name for the box */
			if (!strcmp(errs.item[i].field, "pillar"))
				snprintf(errs.item[i].field, sizeof errs.item[i].field, "finding_pillar");
		if (e.code == ERR_INPUT)
			return inspection_page(rq, rs, id, FORM_FINDING, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/inspections/", id, "?done=finding");
	return 0;
}

/* ---- the findings list ---- */

void findings_read_filter(const struct req *rq, struct finding_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = req_query(rq, "status");
	f->kind = req_query(rq, "kind");
	f->q = req_query(rq, "q");
	const char *v = req_query(rq, "view");
	f->overdue = v && !strcmp(v, "overdue");
	f->continuing = v && !strcmp(v, "continuing");
	f->past_due = v && !strcmp(v, "past_due");
	f->follow_up_due = v && !strcmp(v, "follow_up");
	f->revisit_due = v && !strcmp(v, "revisit");
	f->sort = req_query(rq, "sort");
	f->page = req_page(rq);
	f->per_page = PER_PAGE;
}

static int findings_index(struct req *rq, struct resp *rs)
{
	struct option statuses[FINDING_NSTATUS + 2] = { { "", "Any status", NULL, 0 },
		                                        { "active", "Not yet signed off", NULL, 0 } };
	regpage_status_options(statuses + 2, FINDING_NSTATUS, NULL, finding_status_defs, FINDING_NSTATUS);
	static const struct option kinds[] = {
		{ "", "Any kind", NULL, 0 }, { "recommendation", "Recommendation", NULL, 0 },
		{ "area_for_improvement", "Area for improvement", NULL, 0 }, { "cause_of_concern", "Cause of concern", NULL, 0 },
	};
	static const struct option views[] = {
		{ "", "All", NULL, 0 }, { "overdue", "Updates overdue", NULL, 0 },
		{ "continuing", "Signed off with work continuing", NULL, 0 },
		{ "past_due", "Past their due date", NULL, 0 },
		{ "follow_up", "Follow-up date reached (work continuing)", NULL, 0 },
		{ "revisit", "Revisit date reached (non-compliant)", NULL, 0 },
	};
	struct finding_filter f;
	findings_read_filter(rq, &f);
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	hr.rq = rq;   /* the rows' links carry the filtered list back (regpage_back_arg) */
	struct ftable ft = { &hr, 1 };
	struct err e = { 0 };
	long total = 0;
	if (findings_list(rq->store, rq->actor, &f, finding_row, &ft, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "Findings");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Findings</h1>");
	section_links(&h, rq);
	form_begin_get(&h, "/findings");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_input(&h, &(struct field){ .name = "q", .label = "Text contains", .value = req_query(rq, "q") });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                 .options = statuses, .noptions = FINDING_NSTATUS + 2 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "kind", .label = "Kind", .value = req_query(rq, "kind"), .options = kinds,
	                                 .noptions = 4 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "view", .label = "Show", .value = req_query(rq, "view"), .options = views,
	                                 .noptions = sizeof views / sizeof views[0] });
	html_f(&h, "</div></div>");
	form_button(&h, "Filter", "secondary");
	html_f(&h, "</form><p class=\"govuk-body\"><strong>%ld</strong> finding%s match.</p>", total, total == 1 ? "" : "s");
	{
		/* the exports carry the filters: /findings.csv?<the same query> */
		struct buf u;
		buf_init(&u, 0);
		url_with(&u, rq, "page", NULL, NULL);
		const char *q = strchr(buf_str(&u), '?');
		html_f(&h, "<p class=\"govuk-body\">Download these findings: <a class=\"govuk-link\" href=\"/findings.csv%a\">"
		           "CSV</a> or <a class=\"govuk-link\" href=\"/findings.xlsx%a\">XLSX</a></p>",
		       q ? q : "", q ? q : "");
		buf_release(&u);
	}
	list_table(&h, rq, &(struct list_view){ .caption = "Findings", LIST_COLS(fcols_all), .page = f.page,
	                                        .per_page = PER_PAGE, .total = total }, &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int findings_export_common(struct req *rq, struct resp *rs, int xlsx)
{
	struct finding_filter f;
	findings_read_filter(rq, &f);
	struct err e = { 0 };
	if (findings_export(rq->store, rq->actor, &f, xlsx, &rs->body, &e)) {
		buf_reset(&rs->body);
		return page_fail(rq, rs, &e);
	}
	regpage_export_download(rs, "findings", xlsx);
	return 0;
}

static int findings_csv(struct req *rq, struct resp *rs) { return findings_export_common(rq, rs, 0); }
static int findings_xlsx(struct req *rq, struct resp *rs) { return findings_export_common(rq, rs, 1); }

/* ---- one finding ---- */

static int history_row(void *ctx, const struct status_change *c)
{
	struct html *h = ctx;
	char day[11];
	regpage_day(c->at, day);
	html_f(h, "<li class=\"govuk-!-margin-bottom-4\">");
	tag(h, c->status);
	html_f(h, " <span class=\"govuk-body-s\">%D%s%s</span>", day, c->by[0] ? " by " : "", c->by);
	if (c->board[0])
		html_f(h, "<br>Signed off by %s on %D%s%s", c->board, c->board_date, c->caveat[0] ? ": " : "", c->caveat);
	if (c->follow_up[0])
		html_f(h, "<br>Follow up on %D", c->follow_up);
	if (c->evidence[0])
		html_f(h, "<br>Evidence: %s", c->evidence);
	if (c->rationale[0])
		html_f(h, "<br>Rationale: %s<br>Risk accepted: %s<br>Revisit on %D", c->rationale, c->risk_accepted,
		       c->revisit);
	if (c->note[0])
		html_f(h, "<br>%s", c->note);
	html_f(h, "</li>");
	return 0;
}

static int update_row(void *ctx, const struct finding_update *u)
{
	struct html *h = ctx;
	html_f(h, "<div class=\"govuk-inset-text\"><h3 class=\"govuk-heading-s\">%D%s%s</h3>", u->date,
	       u->by[0] ? " — " : "", u->by);
	html_paragraphs(h, u->text);
	if (u->link[0])
		html_f(h, "<p class=\"govuk-body-s\">Related record: %s</p>", u->link);
	html_f(h, "</div>");
	return 0;
}

static int related_row(void *ctx, const struct finding *f)
{
	struct html *h = ctx;
	html_f(h, "<li><a class=\"govuk-link\" href=\"/findings/%I\">%s</a>, %s (", f->id, f->reference, f->inspection);
	html_f(h, "%s)</li>", finding_status_label(f->status));
	return 0;
}

static void status_fields(struct html *h, const struct req *rq, const struct finding *f, const struct errlist *errs)
{
	struct option opts[8];
	size_t n = 0;
	for (const char *const *s = finding_statuses; *s; s++) {
		if (!finding_may_move(rq->store, rq->actor, f, *s))
			continue;
		int k = status_table_index(finding_status_defs, FINDING_NSTATUS, *s);
		opts[n++] = (struct option){ *s, finding_status_label(*s),
			                     k == FINDING_SIGNED_OFF ? "By the board: give the board, its date and any caveat"
			                     : k == FINDING_PROPOSED_COMPLETE ? "Give the evidence"
			                     : k == FINDING_NON_COMPLIANT ? "Give the rationale, the risk accepted and a revisit date"
			                                                  : NULL, 0 };
	}
	if (!n) {
		html_f(h, "<p class=\"govuk-body\">No further status changes are possible for you.</p>");
		return;
	}
	char action[64];
	snprintf(action, sizeof action, "/findings/%lld/status", (long long)f->id);
	form_begin(h, rq, action);
	form_radios(h, &(struct field){ .name = "status", .label = "New status", .value = req_form(rq, "status"),
	                                .options = opts, .noptions = n, .errs = errs });
	form_textarea(h, &(struct field){ .name = "note", .maxlength = 1000, .label = "Note (optional)", .value = req_form(rq, "note"),
	                                  .rows = 2, .errs = errs });
	form_textarea(h, &(struct field){ .name = "evidence", .maxlength = 2000, .label = "Evidence (for proposed complete)",
	                                  .value = req_form(rq, "evidence"), .rows = 3, .errs = errs });
	form_input(h, &(struct field){ .name = "board", .label = "Board (for a sign-off)",
	                               .hint = "For example, Service Improvement and Performance Board",
	                               .value = req_form(rq, "board"), .errs = errs });
	form_date(h, &(struct field){ .name = "board_date", .label = "Date of the board's sign-off",
	                              .value = req_form(rq, "board_date"), .errs = errs });
	form_input(h, &(struct field){ .name = "caveat", .label = "Caveat (optional)",
	                               .hint = "For example, work continues", .value = req_form(rq, "caveat"),
	                               .errs = errs });
	form_date(h, &(struct field){ .name = "follow_up", .label = "Follow-up date (with a caveat)",
	                              .hint = "Signed off with work continuing: when the work is checked again",
	                              .value = req_form(rq, "follow_up"), .errs = errs });
	form_textarea(h, &(struct field){ .name = "rationale", .maxlength = 2000, .label = "Rationale (for non-compliant)",
	                                  .value = req_form(rq, "rationale"), .rows = 3, .errs = errs });
	form_textarea(h, &(struct field){ .name = "risk_accepted", .maxlength = 1000, .label = "Risk accepted (for non-compliant)",
	                                  .value = req_form(rq, "risk_accepted"), .rows = 2, .errs = errs });
	form_date(h, &(struct field){ .name = "revisit", .label = "Revisit on (for non-compliant)",
	                              .value = req_form(rq, "revisit"), .errs = errs });
	form_button(h, "Continue", NULL);
	form_end(h);
}

enum finding_form { FF_NONE, FF_UPDATE, FF_STATUS, FF_EVIDENCE };

/* ---- edit a finding's details, link related findings ---- */

static void finding_edit_form(struct req *rq, struct resp *rs, const struct finding *f, const char *owner,
                              const struct errlist *errs)
{
	struct html h;
	char action[64], back[64];
	snprintf(action, sizeof action, "/findings/%lld/edit", (long long)f->id);
	snprintf(back, sizeof back, "/findings/%lld", (long long)f->id);
	page_begin_errs(&h, rq, rs, errs, back, "Edit %s", f->reference);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Edit the finding</h1>",
	       f->inspection);
	form_begin(&h, rq, action);
	form_radios(&h, &(struct field){ .name = "kind", .label = "Kind", .value = val(rq, "kind", f->kind),
	                                 .options = finding_kind_opts, .noptions = 3, .errs = errs });
	int national = req_form(rq, "kind") ? req_form(rq, "national") != NULL : f->national;
	form_checkboxes(&h, &(struct field){ .name = "national", .label = "Addressed to",
	                                     .options = (const struct option[]){
	                                             { "yes", "All forces (a national recommendation)", NULL, national } },
	                                     .noptions = 1 });
	form_input(&h, &(struct field){ .name = "reference", .label = "Reference", .value = val(rq, "reference", f->reference),
	                                .width = "govuk-input--width-20", .errs = errs });
	form_textarea(&h, &(struct field){ .name = "text", .maxlength = 4000, .label = "Text of the finding", .value = val(rq, "text", f->text),
	                                   .rows = 5, .errs = errs });
	form_input(&h, &(struct field){ .name = "pillar", .label = "Pillar or question (optional)",
	                                .value = val(rq, "pillar", f->pillar), .errs = errs });
	form_input(&h, &(struct field){ .name = "owner", .label = "Owner's staff number (optional)",
	                                .value = val(rq, "owner", owner), .width = "govuk-input--width-10", .errs = errs });
	form_date(&h, &(struct field){ .name = "due", .label = "Due date (optional)", .value = val(rq, "due", f->due),
	                               .errs = errs });
	form_button(&h, "Save finding", NULL);
	form_end(&h);
	page_end(&h);
}

/* GET shows the form; POST saves it. */
static int findings_edit(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct finding *f = xmalloc(sizeof *f);
	struct err e = { 0 };
	struct errlist errs = { 0 };
	char owner[32];
	int rc = 0;
	if (finding_get(rq->store, rq->actor, id, f, &e) ||
	    finding_owner_staff_number(rq->store, rq->actor, id, owner, &e)) {
		rc = page_fail(rq, rs, &e);
	} else if (strcmp(rq->method, "POST") != 0) {
		finding_edit_form(rq, rs, f, owner, &errs);
	} else {
		struct finding_input in = { req_form(rq, "kind"), req_form(rq, "national"), req_form(rq, "reference"),
			                    req_form(rq, "text"), req_form(rq, "pillar"), req_form(rq, "owner"),
			                    req_form(rq, "due") };
		if (finding_edit(rq->store, rq->actor, id, &in, &errs, &e)) {
			if (e.code == ERR_INPUT)
				finding_edit_form(rq, rs, f, owner, &errs);
			else
				rc = page_fail(rq, rs, &e);
		} else {
			regpage_redirect_id(rs, "/findings/", id, "?done=saved");
		}
	}
	free(f);
	return rc;
}

struct link_opts {
	struct option o[400];
	char label[400][200];
	char value[400][24];
	size_t n;
	int64_t self;
};

static int add_link_opt(void *ctx, const struct finding *f)
{
	struct link_opts *l = ctx;
	if (f->id == l->self || l->n >= sizeof l->o / sizeof l->o[0])
		return 0;
	snprintf(l->label[l->n], sizeof l->label[l->n], "%.120s: %s", f->inspection, f->reference);
	snprintf(l->value[l->n], sizeof l->value[l->n], "%lld", (long long)f->id);
	l->o[l->n] = (struct option){ l->value[l->n], l->label[l->n], NULL, 0 };
	l->n++;
	return 0;
}

/* The "link a related finding" form on the finding page (managers). */
static int link_form(struct html *h, struct req *rq, int64_t id, struct err *e)
{
	struct link_opts *l = xcalloc(1, sizeof *l);
	struct finding_filter ff = { 0 };
	long total;
	ff.per_page = -1;
	ff.sort = "inspection";
	l->self = id;
	if (findings_list(rq->store, rq->actor, &ff, add_link_opt, l, &total, e)) {
		free(l);
		return -1;
	}
	if (l->n) {
		char action[64];
		snprintf(action, sizeof action, "/findings/%lld/links", (long long)id);
		form_begin(h, rq, action);
		form_select(h, &(struct field){ .name = "related", .label = "Link a related finding",
		                                .hint = "For example, a national recommendation that repeats an earlier one",
		                                .options = l->o, .noptions = l->n });
		form_input(h, &(struct field){ .name = "note", .label = "How they are related (optional)" });
		form_button(h, "Link finding", "secondary");
		form_end(h);
	}
	free(l);
	return 0;
}

static int findings_add_link(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	const char *rel = req_form(rq, "related");
	struct err e = { 0 };
	long long related = rel ? strtoll(rel, NULL, 10) : 0;
	if (related <= 0 || finding_link(rq->store, rq->actor, id, related, req_form(rq, "note"), &e)) {
		if (related <= 0)
			e.code = ERR_NOTFOUND;
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/findings/", id, "?done=linked");
	return 0;
}

/* ---- evidence files ---- */

struct evidence_ctx {
	struct html *h;
	int64_t finding_id;
	int download;
};

static int evidence_row(void *ctx, const struct evidence *ev)
{
	struct evidence_ctx *x = ctx;
	char size[32];
	if (ev->size >= 1024 * 1024)
		snprintf(size, sizeof size, "%.1f MB", (double)ev->size / (1024.0 * 1024.0));
	else
		snprintf(size, sizeof size, "%lld KB", (long long)((ev->size + 1023) / 1024));
	table_row_begin(x->h);
	if (x->download)
		table_cell(x->h, 0, "<a class=\"govuk-link\" href=\"/findings/%I/evidence/%I\">%s</a>", x->finding_id, ev->id,
		           ev->filename);
	else
		table_cell(x->h, 0, "%s", ev->filename);
	table_cell(x->h, 0, "%s", ev->description);
	table_cell(x->h, 1, "%s", size);
	char day[11];
	snprintf(day, sizeof day, "%s", ev->created_at);
	table_cell(x->h, 0, "%s", day);
	table_row_end(x->h);
	return 0;
}

/* The finding page's evidence: the files, and for managers an upload form. */
static int evidence_section(struct html *h, struct req *rq, int64_t id, const struct errlist *errs, struct err *e)
{
	static const struct column cols[] = {
		{ "File", NULL, 0 }, { "Description", NULL, 0 }, { "Size", NULL, 1 }, { "Added", NULL, 0 },
	};
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct evidence_ctx x = { &hr, id, evidence_may_download(rq->actor) };
	if (evidence_list(rq->store, rq->actor, id, evidence_row, &x, e)) {
		buf_release(&rows);
		return -1;
	}
	html_f(h, "<h2 class=\"govuk-heading-m\">Evidence</h2>");
	if (rows.n) {
		table_begin(h, rq, "Evidence files", cols, sizeof cols / sizeof cols[0]);
		html_f(h, "%R", buf_str(&rows));
		table_end(h);
		if (!x.download)
			html_f(h, "<p class=\"govuk-body-s\">Evidence files may hold personal data: governance, the DCC "
			          "and administrators can open them.</p>");
	} else {
		html_f(h, "<p class=\"govuk-body\">No evidence files.</p>");
	}
	buf_release(&rows);
	if (actor_has(rq->actor, INSP_MANAGE)) {
		char action[64];
		snprintf(action, sizeof action, "/findings/%lld/evidence", (long long)id);
		form_begin_upload(h, rq, action);
		form_file(h, &(struct field){ .name = "file", .label = "Attach a file",
		                              .hint = "PDF, PNG, JPEG, Word, Excel, PowerPoint, CSV or text; at most 5 MB",
		                              .errs = errs });
		form_input(h, &(struct field){ .name = "description", .label = "What it shows (optional)",
		                               .value = errs ? req_form(rq, "description") : NULL, .errs = errs });
		form_button(h, "Attach evidence", "secondary");
		form_end(h);
	}
	return 0;
}

static int finding_page(struct req *rq, struct resp *rs, int64_t id, enum finding_form which,
                        const struct errlist *errs);

static int findings_attach(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	const struct upload *u = req_file(rq, "file");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (evidence_attach(rq->store, rq->actor, id, u ? u->filename : NULL, u ? u->data : NULL, u ? u->len : 0,
	                    req_form(rq, "description"), NULL, &errs, &e)) {
		if (e.code == ERR_INPUT)
			return finding_page(rq, rs, id, FF_EVIDENCE, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/findings/", id, "?done=evidence");
	return 0;
}

static int findings_evidence_get(struct req *rq, struct resp *rs)
{
	struct evidence ev;
	struct err e = { 0 };
	if (evidence_get(rq->store, rq->actor, req_id(rq, "id"), req_id(rq, "evidence_id"), &ev, &rs->body, &e)) {
		buf_reset(&rs->body);
		return page_fail(rq, rs, &e);
	}
	char name[64], cd[96];
	evidence_download_name(&ev, rs->body.p, rs->body.n, name, sizeof name, &rs->ctype);
	snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", name);
	resp_header(rs, "Content-Disposition", cd);
	return 0;
}

static int finding_page(struct req *rq, struct resp *rs, int64_t id, enum finding_form which,
                        const struct errlist *errs)
{
	struct finding *f = xmalloc(sizeof *f);
	struct err e = { 0 };
	if (finding_get(rq->store, rq->actor, id, f, &e)) {
		free(f);
		return page_fail(rq, rs, &e);
	}
	struct buf hist, upd, rel;
	buf_init(&hist, 0);
	buf_init(&upd, 0);
	buf_init(&rel, 0);
	struct html hh, hu, hl, h;
	html_init(&hh, &hist);
	html_init(&hu, &upd);
	html_init(&hl, &rel);
	int rc = 0;
	if (finding_history(rq->store, rq->actor, id, history_row, &hh, &e) ||
	    finding_updates(rq->store, rq->actor, id, update_row, &hu, &e) ||
	    finding_related(rq->store, rq->actor, id, related_row, &hl, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	char owner[600], back[64], list_back[REGPAGE_BACK_MAX];
	static const char *const lists[] = { "/findings", NULL };
	snprintf(back, sizeof back, "/inspections/%lld", (long long)f->inspection_id);
	owner_text(f, owner, sizeof owner);
	page_begin_errs(&h, rq, rs, errs, regpage_back(rq, lists, back, list_back), "%s", f->reference);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "update"))
		banner_success(&h, "Update added", NULL);
	if (done && !strcmp(done, "status"))
		banner_success(&h, "Status changed", NULL);
	if (done && !strcmp(done, "evidence"))
		banner_success(&h, "Evidence attached", NULL);
	if (done && !strcmp(done, "saved"))
		banner_success(&h, "Finding saved", NULL);
	if (done && !strcmp(done, "linked"))
		banner_success(&h, "Related finding linked", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s: %s</h1>", f->inspection,
	       finding_kind_label(f->kind), f->reference);
	html_f(&h, "<p class=\"govuk-body\">");
	tag(&h, f->status);
	html_f(&h, "%s%s</p>", f->caveat[0] ? " " : "", f->caveat);
	html_paragraphs(&h, f->text);
	summary_begin(&h);
	summary_row(&h, "Addressed to", "%s", f->national ? "All forces (national)" : "This force");
	summary_row(&h, "Pillar or question", "%s", f->pillar[0] ? f->pillar : "Not recorded");
	summary_row(&h, "Owner", "%s", owner);
	summary_row(&h, "Due", "%D", f->due[0] ? f->due : "Not set");
	summary_row(&h, "Report published", "%D (%ld days ago)", f->inspection_published, f->age_days);
	if (f->revisit[0])
		summary_row(&h, "Revisit non-compliance on", "%D", f->revisit);
	summary_end(&h);
	if (actor_has(rq->actor, INSP_MANAGE))
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/findings/%I/edit\">Edit the finding's "
		           "details</a></p>", id);
	if (rel.n)
		html_f(&h, "<h2 class=\"govuk-heading-m\">Related findings</h2><ul class=\"govuk-list\">%R</ul>",
		       buf_str(&rel));
	if (actor_has(rq->actor, INSP_MANAGE) && link_form(&h, rq, id, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Force updates</h2>");
	if (upd.n)
		html_f(&h, "%R", buf_str(&upd));
	else
		html_f(&h, "<p class=\"govuk-body\">No updates yet.</p>");
	if (actor_has(rq->actor, INSP_MANAGE)) {
		const struct errlist *ue = which == FF_UPDATE ? errs : NULL;
		char action[64], key[65], today[11];
		date_today(today);
		regpage_submit_key(rq, key);
		snprintf(action, sizeof action, "/findings/%lld/updates", (long long)id);
		html_f(&h, "<h3 class=\"govuk-heading-s\">Add an update</h3>");
		form_begin(&h, rq, action);
		form_hidden(&h, "submit_key", key);
		form_date(&h, &(struct field){ .name = "date", .label = "Date of the update",
		                               .value = ue && req_form(rq, "date") ? req_form(rq, "date") : today,
		                               .errs = ue });
		form_textarea(&h, &(struct field){ .name = "text", .maxlength = 4000, .label = "Update", .value = ue ? req_form(rq, "text") : NULL,
		                                   .rows = 4, .errs = ue });
		form_input(&h, &(struct field){ .name = "link", .label = "Related record (optional)",
		                                .hint = "A reference or a link to another record, such as a board paper",
		                                .value = ue ? req_form(rq, "link") : NULL, .errs = ue });
		form_button(&h, "Add update", "secondary");
		form_end(&h);
	}
	if (evidence_section(&h, rq, id, which == FF_EVIDENCE ? errs : NULL, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Status history</h2><ul class=\"govuk-list\">%R</ul>", buf_str(&hist));
	if (actor_has(rq->actor, INSP_MANAGE)) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Change the status</h2>");
		status_fields(&h, rq, f, which == FF_STATUS ? errs : NULL);
	}
	page_end(&h);
out:
	free(f);
	buf_release(&hist);
	buf_release(&upd);
	buf_release(&rel);
	return rc;
}

static int findings_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return finding_page(rq, rs, req_id(rq, "id"), FF_NONE, &errs);
}

static int findings_add_update(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (finding_add_update(rq->store, rq->actor, id, req_form(rq, "date"), req_form(rq, "text"), req_form(rq, "link"),
	                       req_form(rq, "submit_key"), &errs, &e)) {
		if (e.code == ERR_INPUT)
			return finding_page(rq, rs, id, FF_UPDATE, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/findings/", id, "?done=update");
	return 0;
}

static const char *const status_form_fields[] = { "status", "note", "evidence", "board", "board_date", "caveat",
	                                          "rationale", "risk_accepted", "revisit", "follow_up", NULL };

/* POST /findings/{id}/status: checks the change and asks for confirmation;
 * with confirm=yes, makes it. */
static int findings_status(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct status_input in = { req_form(rq, "status"), req_form(rq, "note"), req_form(rq, "evidence"),
		                   req_form(rq, "board"), req_form(rq, "board_date"), req_form(rq, "caveat"),
		                   req_form(rq, "rationale"), req_form(rq, "risk_accepted"), req_form(rq, "revisit"),
		                   req_form(rq, "follow_up") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *confirm = req_form(rq, "confirm");
	int go = confirm && !strcmp(confirm, "yes");
	int r = go ? finding_set_status(rq->store, rq->actor, id, &in, &errs, &e)
	           : finding_check_status(rq->store, rq->actor, id, &in, &errs, &e);
	if (r) {
		if (e.code == ERR_INPUT)
			return finding_page(rq, rs, id, FF_STATUS, &errs);
		return page_fail(rq, rs, &e);
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/findings/%lld", (long long)id);
	if (go) {
		snprintf(loc, sizeof loc, "/findings/%lld?done=status", (long long)id);
		resp_redirect(rs, loc);
		return 0;
	}
	struct finding f;
	if (finding_get(rq->store, rq->actor, id, &f, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_back(&h, rq, rs, "Confirm the status change", loc);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Change %s from %s to %s?</h1>",
	       f.inspection, f.reference, finding_status_label(f.status), finding_status_label(in.status));
	summary_begin(&h);
	static const char *const labels[] = { "New status", "Note", "Evidence", "Board", "Board date", "Caveat",
		                              "Rationale", "Risk accepted", "Revisit on" };
	for (int i = 1; status_form_fields[i]; i++) {
		const char *v = req_form(rq, status_form_fields[i]);
		if (v && *v)
			summary_row(&h, labels[i], "%s", v);
	}
	summary_end(&h);
	html_f(&h, "<p class=\"govuk-body\">The change is recorded in the finding's history with your name and the time.</p>");
	snprintf(loc, sizeof loc, "/findings/%lld/status", (long long)id);
	form_begin(&h, rq, loc);
	for (int i = 0; status_form_fields[i]; i++)
		form_hidden(&h, status_form_fields[i], req_form(rq, status_form_fields[i]) ? req_form(rq, status_form_fields[i]) : "");
	form_hidden(&h, "confirm", "yes");
	html_f(&h, "<div class=\"govuk-button-group\">");
	form_button(&h, "Confirm the change", NULL);
	html_f(&h, "<a class=\"govuk-link\" href=\"/findings/%I\">Cancel</a></div>", id);
	form_end(&h);
	page_end(&h);
	return 0;
}

/* ---- dashboard ---- */

static int owner_row(void *ctx, const struct owner_load *o)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%s%s%s", o->office[0] ? o->office : "No owner", o->unit[0] ? ", " : "", o->unit);
	table_cell(h, 1, "%ld", o->open);
	table_cell(h, 1, "%ld", o->under_6m);
	table_cell(h, 1, "%ld", o->to_12m);
	table_cell(h, 1, "%ld", o->to_24m);
	table_cell(h, 1, "%ld", o->over_24m);
	table_row_end(h);
	return 0;
}

static int deadline_row(void *ctx, const struct inspection *in)
{
	struct html *h = ctx;
	if ((in->response_published && in->days_left < -365) || !in->deadline[0])
		return 0; /* long settled, or a learning source (no clock) */
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/inspections/%I/response\">%s</a>", in->id, in->title);
	table_cell(h, 0, "%D", in->published);
	table_cell(h, 0, "%D", in->deadline);
	html_f(h, "<td class=\"govuk-table__cell\">");
	deadline_tag(h, in);
	html_f(h, "</td>");
	table_row_end(h);
	return 0;
}

static int review_due_row(void *ctx, const struct review *r)
{
	struct html *h = ctx;
	html_f(h, "<li><a class=\"govuk-link\" href=\"/reviews/%I\">%s</a>: further review %D (%ld open action%s)</li>",
	       r->id, r->topic, r->further_review, r->actions_open, r->actions_open == 1 ? "" : "s");
	return 0;
}

static int dashboard(struct req *rq, struct resp *rs)
{
	struct insp_counts c;
	struct err e = { 0 };
	struct buf owners, deadlines, reviews;
	buf_init(&owners, 0);
	buf_init(&deadlines, 0);
	buf_init(&reviews, 0);
	struct html ho, hd, hr, h;
	html_init(&ho, &owners);
	html_init(&hd, &deadlines);
	html_init(&hr, &reviews);
	long total = 0;
	int rc = 0;
	if (inspections_counts(rq->store, rq->actor, &c, &e) ||
	    findings_by_owner(rq->store, rq->actor, owner_row, &ho, &e) ||
	    inspections_list(rq->store, rq->actor,
	                     &(struct inspection_filter){ .sort = "-published", .page = 1, .per_page = 20 }, deadline_row,
	                     &hd, &total, &e) ||
	    (actor_has(rq->actor, REVIEW_READ) && reviews_list(rq->store, rq->actor, 1, review_due_row, &hr, &e))) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	page_begin(&h, rq, rs, "Inspections dashboard");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Inspections dashboard</h1>");
	section_links(&h, rq);
	/* every row links to the list it counts */
	html_f(&h, "<ul class=\"govuk-list govuk-list--bullet\">"
	           "<li><a class=\"govuk-link\" href=\"/findings?status=active\">%ld finding%s not yet signed off</a></li>"
	           "<li><a class=\"govuk-link\" href=\"/findings?view=past_due\">%ld past their due date</a></li>"
	           "<li><a class=\"govuk-link\" href=\"/findings?view=overdue\">%ld with updates overdue</a></li>"
	           "<li><a class=\"govuk-link\" href=\"/findings?status=proposed_complete\">%ld proposed complete, for the "
	           "board</a></li>"
	           "<li><a class=\"govuk-link\" href=\"/findings?view=continuing\">%ld signed off with work continuing</a>"
	           " (<a class=\"govuk-link\" href=\"/findings?view=follow_up\">%ld follow-up date reached</a>)</li>"
	           "<li><a class=\"govuk-link\" href=\"/findings?status=non_compliant\">%ld non-compliant</a>"
	           " (<a class=\"govuk-link\" href=\"/findings?view=revisit\">%ld revisit date reached</a>)</li>"
	           "<li><a class=\"govuk-link\" href=\"#deadlines\">%ld response record%s past the 56-day deadline, %ld "
	           "due within 14 days</a></li>",
	       c.active, c.active == 1 ? "" : "s", c.past_due, c.overdue_updates, c.for_board, c.continuing,
	       c.follow_up_due, c.non_compliant, c.revisit_due, c.responses_overdue, c.responses_overdue == 1 ? "" : "s",
	       c.responses_due_soon);
	if (actor_has(rq->actor, REVIEW_READ))
		html_f(&h, "<li><a class=\"govuk-link\" href=\"/reviews?due=1\">%ld panel review%s due for follow-up</a>"
		           "</li><li><a class=\"govuk-link\" href=\"/reviews\">%ld panel question%s awaiting the force's "
		           "answer</a></li>",
		       c.reviews_due, c.reviews_due == 1 ? "" : "s", c.questions_open, c.questions_open == 1 ? "" : "s");
	html_f(&h, "</ul>");
	static const struct column ocols[] = {
		{ "Owner", NULL, 0 }, { "Open", NULL, 1 }, { "Under 6 months", NULL, 1 }, { "6 to 12 months", NULL, 1 },
		{ "1 to 2 years", NULL, 1 }, { "Over 2 years", NULL, 1 },
	};
	html_f(&h, "<h2 class=\"govuk-heading-m\">Open findings by owner and age</h2>");
	if (owners.n) {
		table_begin(&h, rq, "Findings not yet signed off, by owner and age since the report", ocols, 6);
		html_f(&h, "%R", buf_str(&owners));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No open findings.</p>");
	}
	static const struct column dcols[] = {
		{ "Inspection", NULL, 0 }, { "Published", NULL, 0 }, { "PCC comments due", NULL, 0 }, { "56-day clock", NULL, 0 },
	};
	html_f(&h, "<h2 class=\"govuk-heading-m\" id=\"deadlines\">PCC response deadlines</h2>");
	if (deadlines.n) {
		table_begin(&h, rq, "Recent inspections and the PCC's 56 days", dcols, 4);
		html_f(&h, "%R", buf_str(&deadlines));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No recent inspections.</p>");
	}
	if (actor_has(rq->actor, REVIEW_READ)) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Panel reviews due for follow-up</h2>");
		if (reviews.n)
			html_f(&h, "<ul class=\"govuk-list\">%R</ul>", buf_str(&reviews));
		else
			html_f(&h, "<p class=\"govuk-body\">None due.</p>");
	}
	page_end(&h);
out:
	buf_release(&owners);
	buf_release(&deadlines);
	buf_release(&reviews);
	return rc;
}

/* ---- import (a CSV file uploaded, or CSV pasted into the form) ---- */

static void import_form(struct req *rq, struct resp *rs, const char *error, const char *result)
{
	struct html h;
	struct errlist errs = { 0 };
	if (error)
		errlist_add(&errs, "csv", "%s", error);
	page_begin_back(&h, rq, rs, error ? "Error: Import findings" : "Import findings", "/inspections");
	form_error_summary(&h, &errs);
	if (result)
		banner_success(&h, "Import checked", result);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Import findings</h1>"
	           "<p class=\"govuk-body\">Upload the report's findings as a CSV file, or paste them, with the header "
	           "<code>%s</code>, optionally followed by <code>inspection_kind</code> (peel, thematic or other). The "
	           "import is all or nothing; importing the same rows again changes nothing, even after the inspection "
	           "was renamed.</p>",
	       FINDINGS_IMPORT_HEADER);
	form_begin_upload(&h, rq, "/findings/import");
	form_file(&h, &(struct field){ .name = "file", .label = "CSV file", .errs = &errs });
	form_textarea(&h, &(struct field){ .name = "csv", .label = "Or paste the CSV", .value = req_form(rq, "csv"),
	                                   .rows = 8, .errs = &errs });
	form_checkboxes(&h, &(struct field){ .name = "dry_run", .label = "Check only",
	                                     .options = (const struct option[]){
	                                             { "yes", "Check the rows without importing them", NULL,
	                                               req_form(rq, "dry_run") != NULL } },
	                                     .noptions = 1 });
	form_button(&h, "Import", NULL);
	form_end(&h);
	page_end(&h);
}

static int findings_import_page(struct req *rq, struct resp *rs)
{
	import_form(rq, rs, NULL, NULL);
	return 0;
}

static int findings_import_post(struct req *rq, struct resp *rs)
{
	const struct upload *u = req_file(rq, "file");
	const char *csv = req_form(rq, "csv"), *name = "pasted";
	size_t len = csv ? strlen(csv) : 0;
	if (u && u->len) { /* a file wins over the text box */
		csv = u->data;
		len = u->len;
		name = u->filename[0] ? u->filename : "upload.csv";
	}
	int dry = req_form(rq, "dry_run") != NULL;
	struct import_stats s;
	struct err e = { 0 };
	if (!csv || !len) {
		import_form(rq, rs, "Choose a CSV file or paste the CSV to import", NULL);
		return 0;
	}
	if (findings_import_mem(rq->store, rq->actor, name, csv, len, dry, &s, &e)) {
		if (e.code == ERR_INPUT) {
			import_form(rq, rs, e.msg, NULL);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	if (dry) {
		char msg[160];
		snprintf(msg, sizeof msg, "%ld rows: %ld would be created, %ld updated, %ld unchanged.", s.rows, s.created,
		         s.updated, s.unchanged);
		import_form(rq, rs, NULL, msg);
		return 0;
	}
	resp_redirect(rs, "/inspections?done=imported");
	return 0;
}

/* ---- the PCC response record ---- */

struct rr_ctx {
	struct html *h;
	const char *kind;
	long n;
	struct req *rq;             /* for every dated force update */
	char pillar[201];           /* the pillar heading shown last */
	char question[201];
	int failed;
	struct err e;
};

static int rr_update(void *ctx, const struct finding_update *u)
{
	struct html *h = ctx;
	html_f(h, "<div class=\"govuk-inset-text\"><h4 class=\"govuk-heading-s\">Force update, %D</h4>", u->date);
	html_paragraphs(h, u->text);
	html_f(h, "</div>");
	return 0;
}

/* Areas for improvement (and the others) grouped under their pillar and
 * question headings ("Effectiveness: Investigating crime"), as in the
 * published records; each with all its dated force updates, newest first. */
static int rr_finding(void *ctx, const struct finding *f)
{
	struct rr_ctx *c = ctx;
	if (strcmp(f->kind, c->kind))
		return 0;
	c->n++;
	char pillar[201], question[201] = "";
	snprintf(pillar, sizeof pillar, "%s", f->pillar);
	char *colon = strstr(pillar, ": ");
	if (colon) {
		snprintf(question, sizeof question, "%s", colon + 2);
		*colon = 0;
	}
	if (pillar[0] && strcmp(pillar, c->pillar)) {
		html_f(c->h, "<h3 class=\"govuk-heading-s govuk-!-margin-bottom-2\">%s</h3>", pillar);
		c->question[0] = 0;
	}
	if (question[0] && strcmp(question, c->question))
		html_f(c->h, "<h4 class=\"govuk-heading-s govuk-!-font-weight-regular\">%s</h4>", question);
	snprintf(c->pillar, sizeof c->pillar, "%s", pillar);
	snprintf(c->question, sizeof c->question, "%s", question);
	html_f(c->h, "<div class=\"govuk-!-margin-bottom-6\"><p class=\"govuk-body\"><strong>"
	             "<a class=\"govuk-link\" href=\"/findings/%I\">%s</a></strong>: %s</p><p class=\"govuk-body\">",
	       f->id, f->reference, f->text);
	tag(c->h, f->status);
	html_f(c->h, "</p>");
	struct buf ub;
	buf_init(&ub, 0);
	struct html hu;
	html_init(&hu, &ub);
	if (finding_updates(c->rq->store, c->rq->actor, f->id, rr_update, &hu, &c->e)) {
		buf_release(&ub);
		c->failed = 1;
		return 1;
	}
	html_f(c->h, "%R", ub.n ? buf_str(&ub) : "<p class=\"govuk-body\">No force update yet.</p>");
	buf_release(&ub);
	html_f(c->h, "</div>");
	return 0;
}

struct expl_ctx {
	struct html *h;
	const struct req *rq;
	const struct errlist *errs;
	int64_t id;
	int pcc;
};

static int expl_row(void *ctx, const struct response_explanation *x)
{
	struct expl_ctx *c = ctx;
	struct html *h = c->h;
	html_f(h, "<div class=\"govuk-!-margin-bottom-6\"><h3 class=\"govuk-heading-s\">%s</h3>"
	          "<p class=\"govuk-body\">%s</p>", x->reference, x->recommendation);
	if (x->action[0]) {
		html_f(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\"><strong>%s</strong>%s%D</p>",
		       explanation_action_label(x->action), x->proposed_date[0] ? ", by " : "", x->proposed_date);
		html_paragraphs(h, x->text);
		html_f(h, "</div>");
	} else {
		html_f(h, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--red\">Not explained yet</strong></p>");
	}
	if (c->pcc) {
		/* the posted form keeps its input and errors; the others show what is saved */
		char fid[24];
		snprintf(fid, sizeof fid, "%lld", (long long)x->finding_id);
		const char *posted = req_form(c->rq, "finding_id");
		int mine = posted && !strcmp(posted, fid);
		static const struct option acts[] = {
			{ "taken", "Action taken", NULL, 0 },
			{ "proposed", "Action proposed", "Give the date by which it will be taken", 0 },
			{ "none", "No action", "Explain why", 0 },
		};
		static const struct errlist none = { 0 };
		const struct errlist *fe = mine ? c->errs : &none;
		char action[96];
		snprintf(action, sizeof action, "/inspections/%lld/response/explain", (long long)c->id);
		html_f(h, "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\">"
		          "<span class=\"govuk-details__summary-text\">%s the explanation for %s</span></summary>"
		          "<div class=\"govuk-details__text\">",
		       mine && c->errs->n ? " open" : "", x->action[0] ? "Change" : "Write", x->reference);
		form_begin(h, c->rq, action);
		form_hidden(h, "finding_id", fid);
		form_radios(h, &(struct field){ .name = "action", .label = "Action on the recommendation",
		                                .value = mine ? req_form(c->rq, "action") : x->action, .options = acts,
		                                .noptions = 3, .errs = fe });
		form_date(h, &(struct field){ .name = "proposed_date", .label = "Date of the proposed action",
		                              .hint = "Only for an action proposed",
		                              .value = mine ? req_form(c->rq, "proposed_date") : x->proposed_date,
		                              .errs = fe });
		form_textarea(h, &(struct field){ .name = "text", .maxlength = 4000, .label = "Explanation",
		                                  .value = mine ? req_form(c->rq, "text") : x->text, .rows = 4,
		                                  .errs = fe });
		form_button(h, "Save the explanation", "secondary");
		form_end(h);
		html_f(h, "</div></details>");
	}
	html_f(h, "</div>");
	return 0;
}

/* s.55(5B): the PCC's explanation for each recommendation. */
static int explanations_section(struct html *h, struct req *rq, int64_t id, const struct errlist *errs,
                                struct err *e)
{
	struct expl_ctx c = { h, rq, errs, id, actor_has(rq->actor, ROLE_PCC) };
	struct buf b;
	buf_init(&b, 0);
	struct html hb;
	html_init(&hb, &b);
	c.h = &hb;
	int rc = response_explanations(rq->store, rq->actor, id, expl_row, &c, e);
	/* none: the Recommendations heading above already says "None", as the published record */
	if (!rc && b.n)
		html_f(h, "<h2 class=\"govuk-heading-m\">Action on each recommendation</h2>"
		          "<p class=\"govuk-body\">For each recommendation the Commissioner's comments explain the action "
		          "taken or proposed, or why none (s.55(5B) Police Act 1996).</p>%R",
		       buf_str(&b));
	buf_release(&b);
	return rc;
}

int version_row(void *ctx, const struct record_version *v)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 1, "%d", v->version);
	table_cell(h, 0, "%D", v->published_at);
	table_cell(h, 0, "%s", v->by[0] ? v->by : "—");
	table_cell(h, 0, "%s", v->note[0] ? v->note : v->version == 1 ? "First publication" : "");
	table_row_end(h);
	return 0;
}

static int versions_section(struct html *h, struct req *rq, int64_t id, struct err *e)
{
	struct buf b;
	buf_init(&b, 0);
	struct html hb;
	html_init(&hb, &b);
	int rc = response_versions(rq->store, rq->actor, id, version_row, &hb, e);
	if (!rc && b.n) {
		static const struct column cols[] = { { "Version", NULL, 1 }, { "Published", NULL, 0 },
			                              { "By", NULL, 0 }, { "What changed", NULL, 0 } };
		table_begin(h, rq, "Published versions", cols, 4);
		html_f(h, "%R", buf_str(&b));
		table_end(h);
	}
	buf_release(&b);
	return rc;
}

static int response_page(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs)
{
	struct inspection *in = xmalloc(sizeof *in);
	struct response_record *r = xmalloc(sizeof *r);
	struct err e = { 0 };
	struct buf parts[3];
	int rc = 0;
	for (int i = 0; i < 3; i++)
		buf_init(&parts[i], 0);
	if (inspection_get(rq->store, rq->actor, id, in, &e) || response_get(rq->store, rq->actor, id, r, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	static const char *const kinds[] = { "cause_of_concern", "recommendation", "area_for_improvement" };
	static const char *const titles[] = { "Causes of concern", "Recommendations", "Areas for improvement" };
	long counts[3];
	for (int k = 0; k < 3; k++) {
		struct html hp;
		html_init(&hp, &parts[k]);
		struct rr_ctx c = { &hp, kinds[k], 0, rq, "", "", 0, { 0 } };
		struct finding_filter ff = { .inspection_id = id, .per_page = -1 };
		long total;
		if (findings_list(rq->store, rq->actor, &ff, rr_finding, &c, &total, &e) || c.failed) {
			rc = page_fail(rq, rs, c.failed ? &c.e : &e);
			goto out;
		}
		counts[k] = c.n;
	}
	struct html h;
	char back[64], title[360];
	snprintf(back, sizeof back, "/inspections/%lld", (long long)id);
	snprintf(title, sizeof title, "%sResponse record: %s", errs->n ? "Error: " : "", in->title);
	page_begin_back(&h, rq, rs, title, back);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "saved"))
		banner_success(&h, "Response record saved", NULL);
	if (done && !strcmp(done, "published"))
		banner_success(&h, "Response record published", "It appears on the public site the next time it is published.");
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">Inspection response record%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       r->published ? "" : " (draft)", in->title);
	if (!r->published && in->days_left < 0)
		banner_important(&h, "The PCC's comments are past the 56-day deadline.");
	/* the layout of the published records (seed 003): Version, Force, PCC,
	 * Chief Constable, Title, Inspectorate, Summary, then Grade and the
	 * findings, then the two statements */
	summary_begin(&h);
	if (r->version)
		summary_row(&h, "Version", "%d%s", r->version,
		            r->changed ? " (this draft has changes not yet published)" : "");
	else
		summary_row(&h, "Version", "Draft, not yet published");
	summary_row(&h, "Force", "%s", r->force_name[0] ? r->force_name : "Not recorded");
	summary_row(&h, "Police and Crime Commissioner", "%s", r->pcc_name[0] ? r->pcc_name : "Not recorded");
	summary_row(&h, "Chief Constable", "%s", r->chief_constable[0] ? r->chief_constable : "Not recorded");
	summary_row(&h, "Title of inspection", "%s", in->title);
	summary_row(&h, "Inspectorate", "%s", in->inspectorate);
	summary_end(&h);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Summary of inspection</h2>");
	html_paragraphs(&h, in->summary[0] ? in->summary : "No summary recorded.");
	summary_begin(&h);
	summary_row(&h, "Grade", "%s", in->grade[0] ? in->grade : "Not graded");
	summary_row(&h, "Report published", "%D", in->published);
	{
		char t[48];
		days_text(in->days_left, r->published, t, sizeof t);
		summary_row(&h, "Comments due", "%D (%s). Rule: 56 days beginning with the day of publication: the "
		                                "publication day is day 1 (s.55(5A) Police Act 1996).", in->deadline, t);
	}
	if (!r->published && r->published_elsewhere[0])
		summary_row(&h, "Status", "Comments published outside Probity on %D%s", r->published_elsewhere,
		            strcmp(r->published_elsewhere, in->deadline) > 0 ? " (after the deadline)" : "");
	else
		summary_row(&h, "Status", "%s%D%s", r->published ? "Published on " : "Draft", r->published_at,
		            r->published && strcmp(r->published_at, in->deadline) > 0 ? " (after the deadline)" : "");
	summary_end(&h);
	if (actor_has(rq->actor, ROLE_PCC) && !r->published && !r->published_elsewhere[0]) {
		/* a historic report: the comments were published before Probity */
		char act[80];
		snprintf(act, sizeof act, "/inspections/%lld/response/elsewhere", (long long)id);
		html_f(&h, "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\"><span "
		          "class=\"govuk-details__summary-text\">The comments were already published outside Probity"
		          "</span></summary><div class=\"govuk-details__text\">",
		       errlist_get(errs, "published_elsewhere") ? " open" : "");
		form_begin(&h, rq, act);
		form_date(&h, &(struct field){ .name = "published_elsewhere", .label = "Date the comments were published",
		                               .hint = "For a historic report: this stops the 56-day clock",
		                               .value = req_form(rq, "published_elsewhere"), .errs = errs });
		form_button(&h, "Record the date", "secondary");
		form_end(&h);
		html_f(&h, "</div></details>");
	}
	for (int k = 0; k < 3; k++) {
		if (k == 0 && !counts[k])
			continue; /* causes of concern: only when the report has some */
		html_f(&h, "<h2 class=\"govuk-heading-m\">%s</h2>", titles[k]);
		if (counts[k])
			html_f(&h, "%R", buf_str(&parts[k]));
		else
			html_f(&h, "<p class=\"govuk-body\">None.</p>");
		if (k == 1 && explanations_section(&h, rq, id, errs, &e)) {
			rc = page_fail(rq, rs, &e);
			goto out;
		}
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Commissioner's statement</h2>");
	html_paragraphs(&h, r->pcc_statement[0] ? r->pcc_statement : "Not written yet.");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Chief Constable's response</h2>");
	html_paragraphs(&h, r->cc_response[0] ? r->cc_response : "Not written yet.");
	char action[64];
	snprintf(action, sizeof action, "/inspections/%lld/response", (long long)id);
	int pcc = actor_has(rq->actor, ROLE_PCC), force = actor_has(rq->actor, INSP_BOARD);
	if (pcc || force) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Edit the record</h2>");
		form_begin(&h, rq, action);
		if (force) {
			form_input(&h, &(struct field){ .name = "force_name", .label = "Force",
			                                .value = req_form(rq, "force_name") ? req_form(rq, "force_name") : r->force_name,
			                                .errs = errs });
			form_input(&h, &(struct field){ .name = "chief_constable", .label = "Chief Constable",
			                                .value = req_form(rq, "chief_constable") ? req_form(rq, "chief_constable")
			                                                                         : r->chief_constable,
			                                .errs = errs });
			form_textarea(&h, &(struct field){ .name = "cc_response", .maxlength = 8000, .label = "Chief Constable's response",
			                                   .value = req_form(rq, "cc_response") ? req_form(rq, "cc_response")
			                                                                        : r->cc_response,
			                                   .rows = 6, .errs = errs });
		}
		if (pcc) {
			form_input(&h, &(struct field){ .name = "pcc_name", .label = "Police and Crime Commissioner",
			                                .value = req_form(rq, "pcc_name") ? req_form(rq, "pcc_name") : r->pcc_name,
			                                .errs = errs });
			form_textarea(&h, &(struct field){ .name = "pcc_statement", .maxlength = 8000, .label = "Commissioner's statement",
			                                   .value = req_form(rq, "pcc_statement") ? req_form(rq, "pcc_statement")
			                                                                          : r->pcc_statement,
			                                   .rows = 6, .errs = errs });
		}
		form_button(&h, "Save", "secondary");
		form_end(&h);
		if (pcc && (!r->published || r->changed)) {
			snprintf(action, sizeof action, "/inspections/%lld/response/publish", (long long)id);
			html_f(&h, "<p class=\"govuk-body\">Publishing freezes this draft as version %d: it becomes part of "
			           "the public site and cannot be changed; later changes are published as a new version.</p>",
			       r->version + 1);
			button_link(&h, r->version ? "Publish the changes" : "Publish the response record", action, NULL);
		}
	}
	if (versions_section(&h, rq, id, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	page_end(&h);
out:
	free(in);
	free(r);
	for (int i = 0; i < 3; i++)
		buf_release(&parts[i]);
	return rc;
}

static int response_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return response_page(rq, rs, req_id(rq, "id"), &errs);
}

static int response_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct response_input in = { req_form(rq, "force_name"), req_form(rq, "pcc_name"), req_form(rq, "chief_constable"),
		                     req_form(rq, "pcc_statement"), req_form(rq, "cc_response") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (response_save(rq->store, rq->actor, id, &in, &errs, &e)) {
		if (e.code == ERR_INPUT)
			return response_page(rq, rs, id, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/inspections/", id, "/response?done=saved");
	return 0;
}

static void warning_list(struct html *h, const char *lead)
{
	html_f(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
	          "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
	          "</span>%s</strong></div><ul class=\"govuk-list govuk-list--bullet\">", lead);
}

void publish_confirm_page(struct req *rq, struct resp *rs, const struct publish_confirm *pc,
                          const struct errlist *problems, const struct errlist *errs)
{
	struct html h;
	page_begin_errs(&h, rq, rs, errs, pc->back, "%s: %s", pc->title, pc->name);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Publish version %d of the "
	           "%s</h1>", pc->name, pc->version + 1, pc->what);
	if (pc->notice && pc->notice[0]) {
		warning_list(&h, pc->notice_lead);
		html_f(&h, "%R</ul>", pc->notice);
	}
	if (problems->n) {
		if (pc->problems_lead)
			warning_list(&h, pc->problems_lead);
		else
			html_f(&h, "<ul class=\"govuk-list govuk-list--bullet\">");
		for (int i = 0; i < problems->n; i++)
			html_f(&h, "<li>%s</li>", problems->item[i].msg);
		html_f(&h, "</ul>");
		button_link(&h, pc->back_label, pc->back, "secondary");
	} else {
		if (pc->explain)
			html_f(&h, "<p class=\"govuk-body\">Version %d will be part of the public site with its number%s. It "
			           "cannot be changed once published: later changes are published as version %d.</p>",
			       pc->version + 1, pc->version ? "; earlier versions stay available at their own addresses" : "",
			       pc->version + 2);
		form_begin(&h, rq, pc->action);
		if (pc->version)
			form_textarea(&h, &(struct field){ .name = "note", .maxlength = 300, .label = "What changed since the last version",
			                                   .value = req_form(rq, "note"), .rows = 3, .errs = errs });
		form_button(&h, "Publish", NULL);
		form_end(&h);
	}
	page_end(&h);
}

int form_post_failed(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs, const struct err *e,
                     int (*page)(struct req *, struct resp *, int64_t, const struct errlist *))
{
	if (e->code != ERR_INPUT)
		return page_fail(rq, rs, e);
	int rc = page(rq, rs, id, errs);
	rs->status = 400;
	return rc;
}

/* The confirmation page before publication: what stops it, or the button. */
static int response_confirm_page(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs)
{
	struct inspection *in = xmalloc(sizeof *in);
	struct response_record *r = xmalloc(sizeof *r);
	struct errlist problems = { 0 };
	struct err e = { 0 };
	int rc = 0;
	if (inspection_get(rq->store, rq->actor, id, in, &e) || response_get(rq->store, rq->actor, id, r, &e) ||
	    response_check_publish(rq->store, rq->actor, id, NULL, &problems, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	char back[64], action[64];
	snprintf(back, sizeof back, "/inspections/%lld/response", (long long)id);
	snprintf(action, sizeof action, "/inspections/%lld/response/publish", (long long)id);
	publish_confirm_page(rq, rs,
	                     &(struct publish_confirm){ .title = "Publish the response record", .name = in->title,
	                                                .what = "response record", .version = r->version, .back = back,
	                                                .back_label = "Back to the response record", .action = action,
	                                                .problems_lead = "The record cannot be published yet:",
	                                                .explain = 1 },
	                     &problems, errs);
out:
	free(in);
	free(r);
	return rc;
}

static int response_publish_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return response_confirm_page(rq, rs, req_id(rq, "id"), &errs);
}

static int response_publish_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (response_publish(rq->store, rq->actor, id, req_form(rq, "note"), &errs, &e))
		return form_post_failed(rq, rs, id, &errs, &e, response_confirm_page);
	regpage_redirect_id(rs, "/inspections/", id, "/response?done=published");
	return 0;
}

static int response_elsewhere_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (response_published_elsewhere(rq->store, rq->actor, id, req_form(rq, "published_elsewhere"), &errs, &e))
		return form_post_failed(rq, rs, id, &errs, &e, response_page);
	regpage_redirect_id(rs, "/inspections/", id, "/response?done=saved");
	return 0;
}

static int response_explain_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	const char *fid = req_form(rq, "finding_id");
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (response_explain(rq->store, rq->actor, id, fid ? strtoll(fid, NULL, 10) : 0, req_form(rq, "action"),
	                     req_form(rq, "proposed_date"), req_form(rq, "text"), &errs, &e))
		return form_post_failed(rq, rs, id, &errs, &e, response_page);
	regpage_redirect_id(rs, "/inspections/", id, "/response?done=saved");
	return 0;
}

/* ---- home page items ---- */

void inspections_home(struct html *h, const struct req *rq)
{
	const struct actor *a = rq->actor;
	struct err e = { 0 };
	long mine = 0, mine_late = 0;
	/* the owner's own findings, whatever their role */
	if (!findings_owned_counts(rq->store, a, &mine, &mine_late, &e) && mine)
		html_f(h, "<div class=\"govuk-inset-text\">You own %ld inspection finding%s not yet signed off%s%ld%s.</div>",
		       mine, mine == 1 ? "" : "s", mine_late ? ": <strong>" : "", mine_late,
		       mine_late ? (mine_late == 1 ? " is past its due date</strong>" : " are past their due date</strong>")
		                 : "; none is past its due date");
	if (!actor_has(a, INSP_READ))
		return;
	struct insp_counts c;
	if (inspections_counts(rq->store, a, &c, &e))
		return;
	html_f(h, "<h2 class=\"govuk-heading-m\">Inspections and scrutiny</h2><ul class=\"govuk-list govuk-list--bullet\">");
	html_f(h, "<li><a class=\"govuk-link\" href=\"/inspections\">Inspections and their findings</a></li>");
	if (actor_has(a, INSP_MANAGE)) {
		html_f(h, "<li><a class=\"govuk-link\" href=\"/findings?view=overdue\">%ld finding%s with updates overdue</a></li>",
		       c.overdue_updates, c.overdue_updates == 1 ? "" : "s");
		html_f(h, "<li><a class=\"govuk-link\" href=\"/findings?view=past_due\">%ld finding%s past their due "
		          "date</a></li>", c.past_due, c.past_due == 1 ? "" : "s");
		html_f(h, "<li><a class=\"govuk-link\" href=\"/findings?status=proposed_complete\">%ld finding%s for the "
		          "board</a> (proposed complete)</li>", c.for_board, c.for_board == 1 ? "" : "s");
		if (c.follow_up_due || c.revisit_due)
			html_f(h, "<li><a class=\"govuk-link\" href=\"/findings?view=follow_up\">%ld follow-up date%s reached"
			          "</a>, <a class=\"govuk-link\" href=\"/findings?view=revisit\">%ld revisit date%s reached</a></li>",
			       c.follow_up_due, c.follow_up_due == 1 ? "" : "s", c.revisit_due, c.revisit_due == 1 ? "" : "s");
		html_f(h, "<li><a class=\"govuk-link\" href=\"/reviews\">%ld panel question%s awaiting the force's "
		          "answer</a></li>", c.questions_open, c.questions_open == 1 ? "" : "s");
		html_f(h, "<li><a class=\"govuk-link\" href=\"/findings?view=continuing\">%ld signed off with work "
		          "continuing</a></li>", c.continuing);
	}
	if (actor_has(a, ROLE_GOVERNANCE | ROLE_PCC | ROLE_DCC))
		html_f(h, "<li><a class=\"govuk-link\" href=\"/inspections/dashboard\">%ld PCC response record%s past the "
		          "56-day deadline</a>, %ld due within 14 days</li>",
		       c.responses_overdue, c.responses_overdue == 1 ? "" : "s", c.responses_due_soon);
	if (actor_has(a, REVIEW_READ))
		html_f(h, "<li><a class=\"govuk-link\" href=\"/reviews?due=1\">%ld panel review%s due for follow-up</a></li>",
		       c.reviews_due, c.reviews_due == 1 ? "" : "s");
	html_f(h, "<li><a class=\"govuk-link\" href=\"/inspections/dashboard\">Dashboard</a></li></ul>");
}

const struct route inspections_routes[] = {
	{ "GET", "/inspections", inspections_index, ACCESS_PAGE, INSP_READ },
	{ "GET", "/inspections/new", inspections_new, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/inspections", inspections_create, ACCESS_PAGE, INSP_MANAGE },
	{ "GET", "/inspections/dashboard", dashboard, ACCESS_PAGE, INSP_READ },
	{ "GET", "/inspections/{id}", inspections_show, ACCESS_PAGE, INSP_READ },
	{ "GET", "/inspections/{id}/edit", inspections_edit, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/inspections/{id}/edit", inspections_update, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/inspections/{id}/judgments", inspections_add_judgment, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/inspections/{id}/findings", inspections_add_finding, ACCESS_PAGE, INSP_MANAGE },
	{ "GET", "/inspections/{id}/response", response_show, ACCESS_PAGE, INSP_READ },
	{ "POST", "/inspections/{id}/response", response_post, ACCESS_PAGE, ROLE_PCC | INSP_BOARD },
	{ "GET", "/inspections/{id}/response/publish", response_publish_show, ACCESS_PAGE, ROLE_PCC },
	{ "POST", "/inspections/{id}/response/publish", response_publish_post, ACCESS_PAGE, ROLE_PCC },
	{ "POST", "/inspections/{id}/response/explain", response_explain_post, ACCESS_PAGE, ROLE_PCC },
	{ "POST", "/inspections/{id}/response/elsewhere", response_elsewhere_post, ACCESS_PAGE, ROLE_PCC },
	{ "GET", "/findings", findings_index, ACCESS_PAGE, INSP_READ },
	{ "GET", "/findings.csv", findings_csv, ACCESS_PAGE, INSP_READ },
	{ "GET", "/findings.xlsx", findings_xlsx, ACCESS_PAGE, INSP_READ },
	{ "GET", "/findings/import", findings_import_page, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/findings/import", findings_import_post, ACCESS_PAGE, INSP_MANAGE, HTTP_UPLOAD_MAX },
	{ "GET", "/findings/{id}", findings_show, ACCESS_PAGE, INSP_READ },
	{ "POST", "/findings/{id}/updates", findings_add_update, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/findings/{id}/evidence", findings_attach, ACCESS_PAGE, INSP_MANAGE, HTTP_UPLOAD_MAX },
	{ "GET", "/findings/{id}/edit", findings_edit, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/findings/{id}/edit", findings_edit, ACCESS_PAGE, INSP_MANAGE },
	{ "POST", "/findings/{id}/links", findings_add_link, ACCESS_PAGE, INSP_MANAGE },
	{ "GET", "/findings/{id}/evidence/{evidence_id}", findings_evidence_get, ACCESS_PAGE, INSP_READ },
	{ "POST", "/findings/{id}/status", findings_status, ACCESS_PAGE, INSP_MANAGE },
};
ROUTES_END(inspections);
