/* associations_pages.c — the notifiable associations register on the web:
 * declare, my associations, one association (PSD assessment form; the
 * declarer can record that it ended), and the PSD/ACU register with filters,
 * sort, paging, reviews due and CSV export. Every rule lives in
 * src/domain/associations.c. */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/associations.h"
#include "domain/config.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const struct option cat_opts[] = {
	{ "criminal_record", "Has a criminal record", NULL, 0 },
	{ "under_investigation", "Is under investigation", "By the police or another agency", 0 },
	{ "journalist", "Is a journalist", NULL, 0 },
	{ "private_investigator", "Is a private investigator", NULL, 0 },
	{ "former_officer", "Is a former officer", "Dismissed, or left while under investigation", 0 },
	{ "organised_crime", "Is linked to organised crime", NULL, 0 },
	{ "family_link", "Is a family member of someone in these groups", NULL, 0 },
	{ "other", "Other", "Any other association that could compromise you or the force", 0 },
};
static const struct option risk_opts[] = {
	{ "low", "Low", NULL, 0 }, { "medium", "Medium", NULL, 0 }, { "high", "High", NULL, 0 },
};

/* ---- declare ---- */

static void new_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	char key[65];
	regpage_submit_key(rq, key);
	page_begin_errs(&h, rq, rs, errs, "/associations/mine", "Declare a notifiable association");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Declare a notifiable association</h1>"
	           "<p class=\"govuk-body\">Tell Professional Standards about anyone you associate with who could "
	           "compromise you or the force. Only Professional Standards and the Anti-Corruption Unit will see "
	           "this declaration; your line manager will not.</p>");
	form_begin(&h, rq, "/associations/check");
	form_hidden(&h, "submit_key", key);
	form_input(&h, &(struct field){ .name = "associate_name", .label = "Their full name",
	                                .value = req_form(rq, "associate_name"), .errs = errs });
	form_input(&h, &(struct field){ .name = "associate_ref", .label = "Their person id in force systems (optional)",
	                                .hint = "If you know it, for example P1234567", .width = "govuk-input--width-10",
	                                .value = req_form(rq, "associate_ref"), .errs = errs });
	form_radios(&h, &(struct field){ .name = "category", .label = "Why is this association notifiable?",
	                                 .value = req_form(rq, "category"), .options = cat_opts,
	                                 .noptions = sizeof cat_opts / sizeof cat_opts[0], .errs = errs });
	form_textarea(&h, &(struct field){ .name = "relationship", .maxlength = 500, .label = "Your relationship with them",
	                                   .hint = "For example, school friend, brother-in-law, neighbour",
	                                   .value = req_form(rq, "relationship"), .rows = 2, .errs = errs });
	form_input(&h, &(struct field){ .name = "contact_frequency", .label = "How often are you in contact?",
	                                .hint = "For example, weekly, a few times a year, at family events",
	                                .value = req_form(rq, "contact_frequency"), .errs = errs });
	form_date(&h, &(struct field){ .name = "began_on", .label = "When did the association begin?",
	                               .hint = "An approximate date is fine, for example 1 9 2015",
	                               .value = req_form(rq, "began_on"), .errs = errs });
	form_button(&h, "Continue", NULL);
	form_end(&h);
	page_end(&h);
}

/* The blank form (GET), and Change on check your answers (POST): the form
 * again, filled with the answers. */
static int assoc_new(struct req *rq, struct resp *rs)
{
	return page_staff_form(rq, rs, new_form);
}

static struct association_input posted(struct req *rq)
{
	return (struct association_input){
		.associate_name = req_form(rq, "associate_name"), .associate_ref = req_form(rq, "associate_ref"),
		.category = req_form(rq, "category"), .relationship = req_form(rq, "relationship"),
		.contact_frequency = req_form(rq, "contact_frequency"), .began_on = req_form(rq, "began_on"),
		.submit_key = req_form(rq, "submit_key"),
	};
}

/* Check your answers before the declaration is sent; errors go back to the form. */
static int assoc_check(struct req *rq, struct resp *rs)
{
	struct association_input in = posted(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (association_check(rq->store, rq->actor, &in, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			new_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	char day[48];
	date_display(in.began_on, day, sizeof day);
	const struct cya_row rows[] = {
		{ "Their full name", in.associate_name, "associate_name" },
		{ "Person id in force systems", in.associate_ref, "associate_ref" },
		{ "Why it is notifiable", association_category_label(in.category), "category" },
		{ "Your relationship with them", in.relationship, "relationship" },
		{ "How often you are in contact", in.contact_frequency, "contact_frequency" },
		{ "When it began", day, "began_on-day" },
	};
	static const char *const fields[] = { "submit_key", "associate_name", "associate_ref", "category",
		                              "relationship", "contact_frequency", "began_on" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your answers before sending your declaration", .caption = "Declare a notifiable association",
		.rows = rows, .nrows = sizeof rows / sizeof rows[0], .fields = fields,
		.nfields = sizeof fields / sizeof fields[0], .change_action = "/associations/new",
		.send_action = "/associations",
		.statement = "By sending this declaration you confirm that, to the best of your knowledge, the details "
		             "are correct and complete. Only Professional Standards and the Anti-Corruption Unit will see it.",
		.button = "Send declaration" });
	return 0;
}

static int assoc_create(struct req *rq, struct resp *rs)
{
	struct association_input in = posted(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	int rc = association_declare(rq->store, rq->actor, &in, &id, &errs, &e);
	char where[64];
	snprintf(where, sizeof where, "/associations/%lld?done=declared", (long long)id);
	return page_staff_created(rq, rs, rc, &errs, &e, new_form, where);
}

/* ---- lists ---- */

struct filters {
	struct association_filter f;
};

static void read_filters(const struct req *rq, struct filters *x)
{
	memset(x, 0, sizeof *x);
	struct association_filter *f = &x->f;
	f->category = req_query(rq, "category");
	f->risk = req_query(rq, "risk");
	f->status = req_query(rq, "status");
	f->q = req_query(rq, "q");
	const char *d = req_query(rq, "due");
	f->due = d && !strcmp(d, "1");
	f->sort = req_query(rq, "sort");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, PER_PAGE);
}

/* One row; arg non-NULL in the register (with the declarer's column). */
static void table_row(struct html *h, const void *rec, const void *arg)
{
	const struct association *a = rec;
	char ref[REF_MAX];
	table_row_begin(h);
	char back[REGPAGE_BACK_MAX];
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/associations/%I%a\">%s</a>", a->id, regpage_back_arg(h, back),
	           association_ref(a->id, ref));
	table_cell(h, 0, "%D", a->declared_on);
	if (arg)
		table_cell(h, 0, "%s (%s)", a->person_name, a->staff_number);
	table_cell(h, 0, "%s%s%s", a->associate_name, a->associate_ref[0] ? ", " : "", a->associate_ref);
	table_cell(h, 0, "%s", association_category_label(a->category));
	const struct status_def *shown = association_shown_status(a);
	table_cell(h, 0, GOVUK_TAG, shown->colour, shown->label);
	table_cell(h, 0, "%D", a->review_date[0] ? a->review_date : "-");
	table_row_end(h);
}

static const struct column cols_reg[] = {
	{ "Reference", NULL, 0 }, { "Declared", "declared", 0 }, { "Declared by", "person", 0 },
	{ "Associate", "name", 0 }, { "Category", NULL, 0 }, { "Risk", "risk", 0 }, { "Review", "review", 0 },
};
static const struct column cols_own[] = {
	{ "Reference", NULL, 0 }, { "Declared", "declared", 0 }, { "Associate", "name", 0 },
	{ "Category", NULL, 0 }, { "Status", "risk", 0 }, { "Review", "review", 0 },
};

static int assoc_table(struct buf *out, struct req *rq, enum assoc_scope scope, const struct association_filter *f,
                       const char *empty, long *total, struct err *e)
{
	int reg = scope == ASSOC_REGISTER;
	struct regpage_table t = {
		.caption = reg ? "Notifiable associations" : "My notifiable associations", .empty = empty,
		.cols = reg ? cols_reg : cols_own,
		.ncols = reg ? sizeof cols_reg / sizeof cols_reg[0] : sizeof cols_own / sizeof cols_own[0],
		.row = table_row, .arg = reg ? "register" : NULL,
	};
	return regpage_list(out, rq, &associations_register_def, scope, f, f->page, f->per_page, &t, total, e);
}

static int assoc_mine(struct req *rq, struct resp *rs)
{
	struct filters x;
	read_filters(rq, &x);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (assoc_table(&table, rq, ASSOC_MINE, &x.f, "You have not declared any notifiable associations.", &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "My notifiable associations");
	html_f(&h, "<h1 class=\"govuk-heading-l\">My notifiable associations</h1>");
	button_link(&h, "Declare a notifiable association", "/associations/new", NULL);
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static void filter_form(struct html *h, struct req *rq)
{
	struct option cats[9];
	cats[0] = (struct option){ "", "Any category", NULL, 0 };
	for (int i = 0; i < 8; i++)
		cats[i + 1] = (struct option){ cat_opts[i].value, association_category_label(cat_opts[i].value), NULL, 0 };
	struct option risks[ASSOC_NRISK + 2] = { { "", "Any risk", NULL, 0 }, { "none", "Not yet assessed", NULL, 0 } };
	regpage_status_options(risks + 2, ASSOC_NRISK, NULL, association_risks, ASSOC_NRISK);
	struct option statuses[ASSOC_NSTATUS + 1];
	regpage_status_options(statuses, ASSOC_NSTATUS + 1, "Any status", association_statuses, ASSOC_NSTATUS);
	form_begin_get(h, "/associations/register");
	html_f(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_input(h, &(struct field){ .name = "q", .label = "Search", .hint = "Associate, person id or declarer",
	                               .value = req_query(rq, "q") });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "category", .label = "Category", .value = req_query(rq, "category"),
	                                .options = cats, .noptions = 9 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "risk", .label = "Risk", .value = req_query(rq, "risk"),
	                                .options = risks, .noptions = ASSOC_NRISK + 2 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                .options = statuses, .noptions = ASSOC_NSTATUS + 1 });
	html_f(h, "</div></div>");
	static const struct option due_opt[] = { { "1", "Only reviews due in the next 30 days or overdue", NULL, 0 } };
	struct option due = due_opt[0];
	due.checked = req_query(rq, "due") && !strcmp(req_query(rq, "due"), "1");
	form_checkboxes(h, &(struct field){ .name = "due", .label = "Reviews", .options = &due, .noptions = 1 });
	html_f(h, "<div class=\"govuk-button-group\">");
	regpage_filter_buttons(h, rq, "/associations/register");
	html_f(h, "</div></form>");
}

static int assoc_register(struct req *rq, struct resp *rs)
{
	struct filters x;
	read_filters(rq, &x);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0, due = 0;
	if (assoc_table(&table, rq, ASSOC_REGISTER, &x.f, "No associations match these filters.", &total, &e) ||
	    associations_reviews_due(rq->store, rq->actor, &due, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Notifiable associations register");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Notifiable associations register</h1>");
	if (due)
		html_f(&h, "<div class=\"govuk-inset-text\"><a class=\"govuk-link\" href=\"/associations/register?due=1&amp;"
		           "sort=review\">%ld review%s due</a> in the next 30 days or overdue.</div>",
		       due, due == 1 ? " is" : "s are");
	filter_form(&h, rq);
	regpage_count_exports(&h, rq, total, "association", "/associations/register");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static int assoc_export(struct req *rq, struct resp *rs, int xlsx)
{
	struct filters x;
	read_filters(rq, &x);
	return regpage_export(rq, rs, &associations_register_def, &x.f, xlsx, "associations");
}

static int assoc_register_csv(struct req *rq, struct resp *rs) { return assoc_export(rq, rs, 0); }
static int assoc_register_xlsx(struct req *rq, struct resp *rs) { return assoc_export(rq, rs, 1); }

/* ---- one association ---- */

static int air_note_row(void *ctx, int year, const char *response, const char *note)
{
	summary_row(ctx, "Annual integrity review", "%d: %s. %s", year, !strcmp(response, "ended") ? "Ended" : "Changed",
	            note);
	return 0;
}

/* The suggested next review: today plus associations.review_months (default 12). */
static void default_review(struct req *rq, char out[11])
{
	char today[11];
	date_today(today);
	int y, m, d;
	date_parse(today, &y, &m, &d);
	int64_t months = config_int(rq->store, "associations.review_months", 12);
	if (months < 1 || months > 120)
		months = 12;
	long total = (long)y * 12 + (m - 1) + (long)months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (d > 28)
		d = 28;
	date_format(days_from_civil(y, m, d), out);
}

static void show_page(struct req *rq, struct resp *rs, const struct association *a, const struct errlist *errs)
{
	struct html h;
	char title[64], d[11], ref[REF_MAX];
	snprintf(title, sizeof title, "%sAssociation %s", errs->n ? "Error: " : "", association_ref(a->id, ref));
	int own = rq->actor->person_id == a->person_id;
	static const char *const lists[] = { "/associations/mine", "/associations/register", NULL };
	char back[REGPAGE_BACK_MAX];
	page_begin_back(&h, rq, rs, title,
	                regpage_back(rq, lists, own ? "/associations/mine" : "/associations/register", back));
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "declared") && own)
		panel_confirm(&h, "Association declared", ref,
		              "Professional Standards will assess it and tell you of any advice.");
	if (done && !strcmp(done, "assessed"))
		banner_success(&h, "Assessment recorded", "The declarer can now see the advice and the review date.");
	if (done && !strcmp(done, "ended"))
		banner_success(&h, "Association ended", "The register now shows this association as ended.");
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">Notifiable association</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       title + (errs->n ? 7 : 0));
	const struct status_def *shown = association_shown_status(a);
	html_f(&h, "<p class=\"govuk-body\">" GOVUK_TAG "</p>", shown->colour, shown->label);
	summary_begin(&h);
	summary_row(&h, "Declared by", "%s (%s), %s", a->person_name, a->staff_number, a->unit);
	summary_row(&h, "Declared on", "%D", a->declared_on);
	summary_row(&h, "Associate", "%s", a->associate_name);
	summary_row(&h, "Person id in force systems", "%s", a->associate_ref[0] ? a->associate_ref : "Not known");
	summary_row(&h, "Category", "%s", association_category_label(a->category));
	summary_row(&h, "Relationship", "%s", a->relationship);
	summary_row(&h, "How often in contact", "%s", a->contact_frequency);
	summary_row(&h, "Began", "%D", a->began_on);
	if (a->risk[0]) {
		summary_row(&h, "Risk", "%s", a->risk);
		summary_row(&h, "Advice or conditions", "%s", a->advice[0] ? a->advice : "None");
		summary_row(&h, "Next review", "%D", a->review_date);
		summary_row(&h, "Assessed by", "%s on %D", a->assessed_by, regpage_day(a->assessed_at, d));
	}
	struct err e = { 0 };
	association_air_notes(rq->store, a->id, air_note_row, &h, &e);
	summary_end(&h);
	char action[80];
	if (association_may_assess(rq->store, rq->actor, a)) {
		char caption[300];
		snprintf(caption, sizeof caption, "%s's notifiable associations, newest first", a->person_name);
		struct association_filter f = { .person_id = a->person_id, .sort = "-declared", .page = 1, .per_page = 10 };
		regpage_history(&h, rq, &associations_register_def, ASSOC_REGISTER, &f, 10,
		                &(struct regpage_table){ .caption = caption, .empty = "No other associations.",
		                                         .cols = cols_own, .ncols = sizeof cols_own / sizeof cols_own[0],
		                                         .row = table_row },
		                "/associations/register");
		snprintf(action, sizeof action, "/associations/%lld/assessment", (long long)a->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">%s</h2>", a->risk[0] ? "Reassess" : "Assess");
		form_begin(&h, rq, action);
		const char *rv = req_form(rq, "risk");
		form_radios(&h, &(struct field){ .name = "risk", .label = "Risk", .value = rv ? rv : a->risk,
		                                 .options = risk_opts, .noptions = 3, .inline_ = 1, .errs = errs });
		const char *av = req_form(rq, "advice");
		form_textarea(&h, &(struct field){ .name = "advice", .maxlength = 1000, .label = "Advice or conditions",
		                                   .hint = "Required for a medium or high risk. The declarer will see it.",
		                                   .value = av ? av : a->advice, .rows = 3, .errs = errs });
		const char *dv = req_form(rq, "review_date");
		char suggested[11];
		default_review(rq, suggested);
		form_date(&h, &(struct field){ .name = "review_date", .label = "Review date",
		                               .hint = "Suggested from the review interval (setting associations.review_months)",
		                               .value = dv ? dv : a->review_date[0] ? a->review_date : suggested,
		                               .errs = errs });
		form_button(&h, "Record assessment", NULL);
		form_end(&h);
	}
	if ((own || actor_has(rq->actor, ROLE_PSD)) && association_status(a) != ASSOC_ENDED) {
		snprintf(action, sizeof action, "/associations/%lld/end", (long long)a->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">The association has ended</h2>");
		form_begin(&h, rq, action);
		form_input(&h, &(struct field){ .name = "note", .label = "What happened (optional)",
		                                .value = req_form(rq, "note") });
		form_button(&h, "Record that it has ended", "secondary");
		form_end(&h);
	}
	page_end(&h);
}

/* Fetch association id and show its page with errs (the error page when refused). */
static int show_association(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs)
{
	struct association *a = xmalloc(sizeof *a);
	struct err e = { 0 };
	int rc = 0;
	if (association_get(rq->store, rq->actor, id, a, &e))
		rc = page_fail(rq, rs, &e);
	else
		show_page(rq, rs, a, errs);
	free(a);
	return rc;
}

static int assoc_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return show_association(rq, rs, req_id(rq, "id"), &errs);
}

static int assoc_assess(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!association_assess(rq->store, rq->actor, id, req_form(rq, "risk"), req_form(rq, "advice"),
	                        req_form(rq, "review_date"), &errs, &e)) {
		regpage_redirect_id(rs, "/associations/", id, "?done=assessed");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	return show_association(rq, rs, id, &errs);
}

static int assoc_end(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	const char *note = req_form(rq, "note");
	if (note && strlen(note) > 250)
		note = NULL;
	if (association_end(rq->store, rq->actor, id, note, &e))
		return page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/associations/", id, "?done=ended");
	return 0;
}

/* ---- JSON API ---- */

static int api_list(struct req *rq, struct resp *rs, enum assoc_scope scope)
{
	struct filters x;
	read_filters(rq, &x);
	return regpage_api_list(rq, rs, &associations_register_def, scope, &x.f, x.f.page, x.f.per_page);
}

static int api_register(struct req *rq, struct resp *rs) { return api_list(rq, rs, ASSOC_REGISTER); }
static int api_mine(struct req *rq, struct resp *rs) { return api_list(rq, rs, ASSOC_MINE); }
static int api_one(struct req *rq, struct resp *rs) { return regpage_api_item(rq, rs, &associations_register_def); }

const struct route associations_routes[] = {
	{ "GET", "/associations/new", assoc_new, ACCESS_PAGE, 0 },
	{ "POST", "/associations/new", assoc_new, ACCESS_PAGE, 0 },
	{ "POST", "/associations/check", assoc_check, ACCESS_PAGE, 0 },
	{ "POST", "/associations", assoc_create, ACCESS_PAGE, 0 },
	{ "GET", "/associations/mine", assoc_mine, ACCESS_PAGE, 0 },
	{ "GET", "/associations/register", assoc_register, ACCESS_PAGE, 0 },
	{ "GET", "/associations/register.csv", assoc_register_csv, ACCESS_PAGE, 0 },
	{ "GET", "/associations/register.xlsx", assoc_register_xlsx, ACCESS_PAGE, 0 },
	{ "GET", "/associations/{id}", assoc_show, ACCESS_PAGE, 0 },
	{ "POST", "/associations/{id}/assessment", assoc_assess, ACCESS_PAGE, 0 },
	{ "POST", "/associations/{id}/end", assoc_end, ACCESS_PAGE, 0 },
	{ "GET", "/api/associations", api_register, ACCESS_API, 0 },
	{ "GET", "/api/associations/mine", api_mine, ACCESS_API, 0 },
	{ "GET", "/api/associations/{id}", api_one, ACCESS_API, 0 },
};
ROUTES_END(associations);
