/* gifts_pages.c — the gifts and hospitality register on the web and the
 * JSON API: declare, my declarations, awaiting my decision, my team's, one
 * declaration with its decision form, the PSD register with filters, sort,
 * paging and CSV/XLSX export, a person's history, and the policy settings.
 * Every rule (who may see or decide what) lives in src/domain/gifts.c;
 * these handlers only translate between HTTP and the domain. */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/gifts.h"
#include "domain/people.h"
#include "web/api.h"
#include "web/http.h"
#include "web/cache.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const struct option kind_opts[] = {
	{ "gift", "Gift", NULL, 0 },
	{ "hospitality", "Hospitality", "For example a meal, tickets or travel", 0 },
	{ "other", "Other", "For example a discount or a loan", 0 },
};
static const struct option accepted_opts[] = {
	{ "yes", "Accepted", NULL, 0 },
	{ "no", "Declined", NULL, 0 },
};
static const struct option decision_opts[] = {
	{ "approved", "Approve", NULL, 0 },
	{ "refused", "Refuse", NULL, 0 },
};

static const char *kind_label(const char *k)
{
	return !strcmp(k, "gift") ? "Gift" : !strcmp(k, "hospitality") ? "Hospitality" : "Other";
}

static const char *offeror_of(const struct gift *g)
{
	return g->offeror_org[0] ? g->offeror_org : g->offeror_person;
}

/* ---- filters from the query string ---- */

struct filters {
	struct gift_filter f;
	struct errlist errs;
};

static void read_filters(const struct req *rq, struct filters *x)
{
	memset(x, 0, sizeof *x);
	struct gift_filter *f = &x->f;
	f->accepted = -1;
	regpage_date_range(rq, &x->errs, &f->from, &f->to);
	const char *u = req_query(rq, "unit");
	f->unit_id = u ? strtoll(u, NULL, 10) : 0;
	if (f->unit_id < 0)
		f->unit_id = 0;
	f->offeror = req_query(rq, "offeror");
	const char *b = req_query(rq, "band");
	f->value_band = b ? atoi(b) : 0;
	if (f->value_band < 0 || f->value_band >= GIFT_VALUE_BANDS)
		f->value_band = 0;
	const char *a = req_query(rq, "accepted");
	if (a && !strcmp(a, "yes")) f->accepted = 1;
	if (a && !strcmp(a, "no")) f->accepted = 0;
	f->status = req_query(rq, "status");
	f->sort = req_query(rq, "sort");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, PER_PAGE);
}

/* ---- the table of declarations ---- */

/* One row; arg non-NULL to show the declarer and their unit. */
static void table_row(struct html *h, const void *rec, const void *arg)
{
	const struct gift *g = rec;
	char ref[REF_MAX];
	table_row_begin(h);
	char back[REGPAGE_BACK_MAX];
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/gifts/%I%a\">%s</a>", g->id, regpage_back_arg(h, back),
	           gift_ref(g->id, ref));
	table_cell(h, 0, "%D", g->date_offered);
	if (arg) {
		table_cell(h, 0, "<a class=\"govuk-link\" href=\"/people/%I/gifts\">%s</a>", g->person_id, g->person_name);
		table_cell(h, 0, "%s", g->unit);
	}
	table_cell(h, 0, "%s", offeror_of(g));
	table_cell(h, 0, "%s", kind_label(g->kind));
	table_cell(h, 1, "%m", g->value_pence);
	table_cell(h, 0, "%s", g->accepted ? "Accepted" : "Declined");
	table_cell(h, 0, GOVUK_TAG, status_table_colour(gift_statuses, GIFT_NSTATUS, g->status), gift_status_label(g->status));
	table_row_end(h);
}

static const struct column cols_person[] = {
	{ "Reference", NULL, 0 }, { "Date offered", "date", 0 }, { "Declared by", "person", 0 },
	{ "Unit", NULL, 0 }, { "Offered by", "offeror", 0 }, { "Kind", NULL, 0 }, { "Value", "value", 1 },
	{ "Offer", NULL, 0 }, { "Status", "status", 0 },
};
static const struct column cols_own[] = {
	{ "Reference", NULL, 0 }, { "Date offered", "date", 0 }, { "Offered by", "offeror", 0 },
	{ "Kind", NULL, 0 }, { "Value", "value", 1 }, { "Offer", NULL, 0 }, { "Status", "status", 0 },
};


/* Query scope with f and write the table (or the empty text) with paging
 * into out, so the caller can put the count above it. *total is the number
 * of matching rows. Returns gifts_list's status, with e set. */
static int gift_table(struct buf *out, struct req *rq, enum gift_scope scope, const struct gift_filter *f,
                      int show_person, const char *caption, const char *empty, long *total, struct err *e)
{
	struct regpage_table t = {
		.caption = caption, .empty = empty, .cols = show_person ? cols_person : cols_own,
		.ncols = show_person ? sizeof cols_person / sizeof cols_person[0] : sizeof cols_own / sizeof cols_own[0],
		.row = table_row, .arg = show_person ? "person" : NULL,
	};
	return regpage_list(out, rq, &gifts_register_def, scope, f, f->page, f->per_page, &t, total, e);
}

/* Map a domain refusal to the right page. */
static int domain_error(struct req *rq, struct resp *rs, const struct err *e)
{
	return page_fail(rq, rs, e);
}

/* List one scope as a page: heading, the table or an empty state, paging. */
static int list_page(struct req *rq, struct resp *rs, enum gift_scope scope, const char *title, const char *empty,
                     int show_person)
{
	struct filters x;
	read_filters(rq, &x);
	struct html h;
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (gift_table(&table, rq, scope, &x.f, show_person, title, empty, &total, &e)) {
		buf_release(&table);
		return domain_error(rq, rs, &e);
	}
	page_begin(&h, rq, rs, title);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "decided"))
		banner_success(&h, "Decision recorded", "The declarer can now see your decision.");
	else if (done && !strcmp(done, "to_psd"))
		banner_success(&h, "Approval recorded",
		               "Its value is over the threshold, so it has gone to Professional Standards for the final "
		               "decision. The declarer will see the outcome when they decide.");
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
	if (scope == GIFTS_MINE)
		button_link(&h, "Declare a gift or hospitality", "/gifts/new", NULL);
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static int gifts_mine(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, GIFTS_MINE, "My declarations", "You have not declared any gifts or hospitality yet.", 0);
}

static int gifts_awaiting(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, GIFTS_AWAITING, "Awaiting my decision", "Nothing is waiting for your decision.", 1);
}

static int gifts_team(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, GIFTS_TEAM, "My team's declarations", "Your team has not declared anything.", 1);
}

/* ---- declare ---- */

static void new_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	char key[65];
	regpage_submit_key(rq, key);
	page_begin_errs(&h, rq, rs, errs, "/gifts/mine", "Declare a gift or hospitality");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Declare a gift or hospitality</h1>"
	           "<p class=\"govuk-body\">Declare every offer, whether you accepted it or not. "
	           "Your line manager will review any offer you accepted.</p>");
	form_begin(&h, rq, "/gifts/check");
	form_hidden(&h, "submit_key", key);
	form_radios(&h, &(struct field){ .name = "accepted", .label = "Did you accept the offer?",
	                                 .value = req_form(rq, "accepted"), .options = accepted_opts, .noptions = 2,
	                                 .inline_ = 1, .errs = errs });
	form_radios(&h, &(struct field){ .name = "kind", .label = "What was offered?", .value = req_form(rq, "kind"),
	                                 .options = kind_opts, .noptions = 3, .errs = errs });
	form_date(&h, &(struct field){ .name = "date_offered", .label = "Date offered",
	                               .hint = "For example, 27 3 2026", .value = req_form(rq, "date_offered"),
	                               .errs = errs });
	form_input(&h, &(struct field){ .name = "offeror_org", .label = "Organisation that made the offer",
	                                .hint = "Leave blank if it was a private individual",
	                                .value = req_form(rq, "offeror_org"), .errs = errs });
	form_input(&h, &(struct field){ .name = "offeror_person", .label = "Person who made the offer",
	                                .hint = "Needed if you left the organisation blank",
	                                .value = req_form(rq, "offeror_person"), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "description", .maxlength = 1000, .label = "Describe what was offered",
	                                   .value = req_form(rq, "description"), .rows = 3, .errs = errs });
	form_input(&h, &(struct field){ .name = "value", .label = "Estimated value",
	                                .hint = "In pounds and pence. Enter 0 if it had no monetary value.",
	                                .value = req_form(rq, "value"), .prefix = "\xC2\xA3",
	                                .width = "govuk-input--width-10", .inputmode = "decimal", .errs = errs });
	form_textarea(&h, &(struct field){ .name = "reason", .maxlength = 1000, .label = "Why did you accept or decline it?",
	                                   .value = req_form(rq, "reason"), .rows = 3, .errs = errs });
	form_textarea(&h, &(struct field){ .name = "relationship", .maxlength = 500,
	                                   .label = "Business relationship with the offeror (optional)",
	                                   .hint = "For example, a supplier, a bidder for a contract, or a party to a case",
	                                   .value = req_form(rq, "relationship"), .rows = 2, .errs = errs });
	form_button(&h, "Continue", NULL);
	form_end(&h);
	page_end(&h);
}

static int gifts_new(struct req *rq, struct resp *rs)
{
	return page_staff_form(rq, rs, new_form);
}

static struct gift_input posted_gift(struct req *rq)
{
	return (struct gift_input){
		.date_offered = req_form(rq, "date_offered"), .offeror_org = req_form(rq, "offeror_org"),
		.offeror_person = req_form(rq, "offeror_person"), .kind = req_form(rq, "kind"),
		.description = req_form(rq, "description"), .value = req_form(rq, "value"),
		.accepted = req_form(rq, "accepted"), .reason = req_form(rq, "reason"),
		.relationship = req_form(rq, "relationship"), .submit_key = req_form(rq, "submit_key"),
	};
}

static const char *opt_label(const struct option *o, size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(o[i].value, v))
			return o[i].label;
	return v;
}

/* Check your answers before the declaration is sent (POST /gifts/check);
 * errors go back to the form. */
static int gifts_check(struct req *rq, struct resp *rs)
{
	struct gift_input in = posted_gift(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (gift_check(rq->store, rq->actor, &in, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			new_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	char day[48], value[48];
	date_display(in.date_offered, day, sizeof day);
	snprintf(value, sizeof value, "\xC2\xA3%s", in.value);
	const struct cya_row rows[] = {
		{ "Accepted or declined", opt_label(accepted_opts, 2, in.accepted), "accepted" },
		{ "What was offered", opt_label(kind_opts, 3, in.kind), "kind" },
		{ "Date offered", day, "date_offered-day" },
		{ "Organisation", in.offeror_org, "offeror_org" },
		{ "Person", in.offeror_person, "offeror_person" },
		{ "Description", in.description, "description" },
		{ "Estimated value", value, "value" },
		{ "Why you accepted or declined it", in.reason, "reason" },
		{ "Business relationship", in.relationship, "relationship" },
	};
	static const char *const fields[] = { "submit_key", "accepted", "kind", "date_offered", "offeror_org",
		                              "offeror_person", "description", "value", "reason", "relationship" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your answers before sending your declaration", .caption = "Declare a gift or hospitality",
		.rows = rows, .nrows = sizeof rows / sizeof rows[0], .fields = fields,
		.nfields = sizeof fields / sizeof fields[0], .change_action = "/gifts/new",
		.send_action = "/gifts",
		.statement = "By sending this declaration you confirm that, to the best of your knowledge, the details "
		             "are correct and complete.",
		.button = "Send declaration" });
	return 0;
}

/* Change on check your answers: the form again, filled with the answers. */
static int gifts_change(struct req *rq, struct resp *rs)
{
	return page_staff_form(rq, rs, new_form);
}

static int gifts_create(struct req *rq, struct resp *rs)
{
	struct gift_input in = posted_gift(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	if (gift_declare(rq->store, rq->actor, &in, &id, &errs, &e)) {
		if (e.code == ERR_INPUT) { /* re-shown with errors: 400 (form_error_summary) */
			new_form(rq, rs, &errs);
			return 0;
		}
		if (e.code == ERR_DENIED) {
			page_error(rq, rs, 403);
			return 0;
		}
		return -1;
	}
	regpage_redirect_id(rs, "/gifts/", id, "?done=declared");
	return 0;
}

/* Beside a decision: the person's ten newest declarations with their
 * outcomes (this one included), in the decider's scope (PSD the register, a
 * line manager their team). */
static void decision_history(struct html *h, struct req *rq, const struct gift *g)
{
	struct gift_filter f = { .accepted = -1, .person_id = g->person_id, .sort = "-date", .page = 1, .per_page = 10 };
	char caption[300], all[48];
	snprintf(caption, sizeof caption, "%s's gifts and hospitality, newest first", g->person_name);
	snprintf(all, sizeof all, "/people/%lld/gifts", (long long)g->person_id);
	regpage_history(h, rq, &gifts_register_def, gift_status(g) == GIFT_AWAITING_PSD ? GIFTS_REGISTER : GIFTS_TEAM,
	                &f, 10, &(struct regpage_table){ .caption = caption, .empty = "No other declarations.",
	                                                 .cols = cols_own, .ncols = sizeof cols_own / sizeof cols_own[0],
	                                                 .row = table_row },
	                all);
}

/* The lists a declaration's page goes back to, and its decision returns to. */
static const char *const lists[] = { "/gifts/mine", "/gifts/awaiting", "/gifts/team", "/gifts/register", NULL };

static void show_page(struct req *rq, struct resp *rs, const struct gift *g, const struct errlist *errs)
{
	struct html h;
	char d1[11], d2[11];
	char title[64], ref[REF_MAX];
	snprintf(title, sizeof title, "%sDeclaration %s", errs->n ? "Error: " : "", gift_ref(g->id, ref));
	char back[REGPAGE_BACK_MAX];
	page_begin_back(&h, rq, rs, title,
	                regpage_back(rq, lists, rq->actor->person_id == g->person_id ? "/gifts/mine" : "/", back));
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "declared") && rq->actor->person_id == g->person_id) {
		int now = gift_status(g);
		panel_confirm(&h, "Declaration submitted", ref,
		              now == GIFT_AWAITING_PSD ? "It has gone to Professional Standards for a decision."
		              : now == GIFT_RECORDED    ? "You declined the offer, so there is nothing to decide: it is "
		                                          "recorded in the register."
		                                        : "Your line manager has been asked to review it.");
	}
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       kind_label(g->kind), title + (errs->n ? 7 : 0));
	html_f(&h, "<p class=\"govuk-body\">");
	govuk_tag(&h, status_table_colour(gift_statuses, GIFT_NSTATUS, g->status), gift_status_label(g->status));
	html_f(&h, "</p>");
	summary_begin(&h);
	summary_row(&h, "Declared by", "%s (%s), %s", g->person_name, g->staff_number, g->unit);
	summary_row(&h, "Date offered", "%D", g->date_offered);
	summary_row(&h, "Offered by", "%s%s%s", g->offeror_org, g->offeror_org[0] && g->offeror_person[0] ? ", " : "",
	            g->offeror_person);
	summary_row(&h, "What was offered", "%s", g->description);
	summary_row(&h, "Estimated value", "%m", g->value_pence);
	summary_row(&h, "Accepted or declined", "%s", g->accepted ? "Accepted" : "Declined");
	summary_row(&h, "Reason", "%s", g->reason);
	if (g->relationship[0])
		summary_row(&h, "Business relationship", "%s", g->relationship);
	summary_row(&h, "Declared on", "%D", g->created_at[0] ? g->created_at : "Imported from the earlier register");
	if (g->manager_decision[0])
		summary_row(&h, "Line manager", "%s: %s on %D. %s", g->manager_name,
		            !strcmp(g->manager_decision, "approved") ? "approved" : "refused", regpage_day(g->manager_at, d1),
		            g->manager_comment);
	if (g->psd_decision[0])
		summary_row(&h, "Professional Standards", "%s: %s on %D. %s", g->psd_name,
		            !strcmp(g->psd_decision, "approved") ? "approved" : "refused", regpage_day(g->psd_at, d2),
		            g->psd_comment);
	if (g->publishable)
		summary_row(&h, "Publication", "%s", "A chief officer's declaration: published in the public register");
	summary_end(&h);
	if (gift_may_decide(rq->store, rq->actor, g)) {
		decision_history(&h, rq, g);
		char path[64];
		snprintf(path, sizeof path, "/gifts/%lld/decision", (long long)g->id);
		struct buf action;
		buf_init(&action, 0);
		regpage_back_on(&action, rq, lists, path); /* the decision returns to the list it came from */
		html_f(&h, "<h2 class=\"govuk-heading-m\">Your decision%s</h2>",
		       gift_status(g) == GIFT_AWAITING_PSD ? " for Professional Standards" : " as line manager");
		form_begin(&h, rq, buf_str(&action));
		buf_release(&action);
		form_radios(&h, &(struct field){ .name = "decision", .label = "Decision", .value = req_form(rq, "decision"),
		                                 .options = decision_opts, .noptions = 2, .inline_ = 1, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "comment", .maxlength = 1000, .label = "Comment",
		                                   .hint = "Required when you refuse. The declarer will see it.",
		                                   .value = req_form(rq, "comment"), .rows = 3, .errs = errs });
		form_button(&h, "Record decision", NULL);
		form_end(&h);
	}
	page_end(&h);
}

/* Fetch gift id and show its page with errs (the error page when refused). */
static int show_gift(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs)
{
	struct gift *g = xmalloc(sizeof *g);
	struct err e = { 0 };
	int rc = 0;
	if (gift_get(rq->store, rq->actor, id, g, &e))
		rc = domain_error(rq, rs, &e);
	else
		show_page(rq, rs, g, errs);
	free(g);
	return rc;
}

static int gifts_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return show_gift(rq, rs, req_id(rq, "id"), &errs);
}

static int gifts_decide(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int next = -1;
	if (!gift_decide_next(rq->store, rq->actor, id, req_form(rq, "decision"), req_form(rq, "comment"), &next, &errs,
	                      &e)) {
		struct buf to;
		buf_init(&to, 0);
		regpage_back_done(&to, rq, lists, "/gifts/awaiting", next == GIFT_AWAITING_PSD ? "to_psd" : "decided");
		resp_redirect(rs, buf_str(&to));
		buf_release(&to);
		return 0;
	}
	if (e.code != ERR_INPUT)
		return domain_error(rq, rs, &e);
	return show_gift(rq, rs, id, &errs);
}

/* ---- the PSD register ---- */

static void filter_form(struct html *h, struct req *rq, struct filters *x)
{
	static const char *const band_values[GIFT_VALUE_BANDS] = { "0", "1", "2", "3", "4" };
	struct option bands[GIFT_VALUE_BANDS];
	for (int i = 0; i < GIFT_VALUE_BANDS; i++)
		bands[i] = (struct option){ band_values[i], gift_value_band_label(i), NULL, 0 };
	static const struct option acc[] = {
		{ "", "Any offer", NULL, 0 }, { "yes", "Accepted", NULL, 0 }, { "no", "Declined", NULL, 0 },
	};
	struct option statuses[GIFT_NSTATUS + 1];
	size_t nstatuses = regpage_status_options(statuses, GIFT_NSTATUS + 1, "Any status", gift_statuses, GIFT_NSTATUS);
	h->rq = rq; /* the query's date boxes, for their messages (views built into a side buffer) */
	form_error_summary(h, &x->errs);
	form_begin_get(h, "/gifts/register");
	html_f(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_input(h, &(struct field){ .name = "offeror", .label = "Offered by", .hint = "Part of a name",
	                               .value = req_query(rq, "offeror") });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(h, &(struct field){ .name = "from", .label = "From", .hint = "Date offered on or after",
	                              .value = req_query(rq, "from"), .errs = &x->errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(h, &(struct field){ .name = "to", .label = "To", .hint = "Date offered on or before",
	                              .value = req_query(rq, "to"), .errs = &x->errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	regpage_unit_select(h, rq);
	html_f(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "band", .label = "Value", .value = req_query(rq, "band"),
	                                .options = bands, .noptions = GIFT_VALUE_BANDS });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "accepted", .label = "Offer", .value = req_query(rq, "accepted"),
	                                .options = acc, .noptions = 3 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                .options = statuses, .noptions = nstatuses });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\"><div class=\"govuk-button-group "
	          "govuk-!-margin-top-6\">");
	regpage_filter_buttons(h, rq, "/gifts/register");
	html_f(h, "</div></div></div>");
	html_f(h, "</form>");
}

/* The register's content below the heading: filters, count, exports, the
 * table. It depends only on the query string and the database, so it is
 * cached (src/web/cache.h) under the gifts change counter; the route's role
 * check has already run. */
static int register_content(struct req *rq, struct buf *out, struct err *e)
{
	struct filters x;
	read_filters(rq, &x);
	struct html h;
	html_init(&h, out);
	filter_form(&h, rq, &x);
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	int about = 0; /* a filtered count over a large register is estimated */
	x.f.estimated = &about;
	if (gift_table(&table, rq, GIFTS_REGISTER, &x.f, 1, "Declarations", "No declarations match these filters.",
	               &total, e)) {
		buf_release(&table);
		return -1;
	}
	regpage_count_exports_about(&h, rq, total, about, "declaration", "/gifts/register");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	return 0;
}

/* A register view served from the cache is logged as gifts_list logs it. */
static int register_viewed(struct req *rq, struct err *e)
{
	struct filters x;
	read_filters(rq, &x);
	return gifts_list_log(rq->store, rq->actor, GIFTS_REGISTER, &x.f, e);
}

static int gifts_register(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct buf content;
	buf_init(&content, 0);
	if (cache_fragment_logged(rq, "/gifts/register", "gifts", &content, register_content, register_viewed, &e)) {
		buf_release(&content);
		return domain_error(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Gifts and hospitality register");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Gifts and hospitality register</h1>%R", buf_str(&content));
	buf_release(&content);
	page_end(&h);
	return 0;
}

static int export_common(struct req *rq, struct resp *rs, int xlsx)
{
	struct filters x;
	read_filters(rq, &x);
	return regpage_export(rq, rs, &gifts_register_def, &x.f, xlsx, "gifts-register");
}

static int gifts_register_csv(struct req *rq, struct resp *rs) { return export_common(rq, rs, 0); }
static int gifts_register_xlsx(struct req *rq, struct resp *rs) { return export_common(rq, rs, 1); }

/* ---- a person's history (PSD) ---- */

static int person_gifts(struct req *rq, struct resp *rs)
{
	struct person p;
	struct err e = { 0 };
	enum gift_scope scope;
	if (person_get(rq->store, rq->actor, req_id(rq, "id"), &p, &e) ||
	    gifts_person_scope(rq->store, rq->actor, &p, &scope, &e))
		return domain_error(rq, rs, &e);
	struct filters x;
	read_filters(rq, &x);
	x.f.person_id = p.id;
	struct html h;
	char title[256];
	snprintf(title, sizeof title, "%s %s: gifts and hospitality", p.forenames, p.surname);
	page_begin_back(&h, rq, rs, title, "/gifts/register");
	html_f(&h, "<span class=\"govuk-caption-l\">%s %s, %s</span><h1 class=\"govuk-heading-l\">%s %s</h1>", p.rank,
	       p.staff_number, p.unit, p.forenames, p.surname);
	summary_begin(&h);
	summary_row(&h, "Post", "%s", p.post[0] ? p.post : "Not recorded");
	summary_row(&h, "Line manager", "%s", p.manager_name[0] ? p.manager_name : "None");
	summary_row(&h, "Joined", "%D", p.start_date);
	if (p.leave_date[0])
		summary_row(&h, "Left", "%D", p.leave_date);
	summary_end(&h);
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (gift_table(&table, rq, scope, &x.f, 0, "Declarations", "No declarations.", &total, &e)) {
		buf_release(&table);
		return domain_error(rq, rs, &e);
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Declarations (%ld)</h2>%R", total, buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

/* ---- settings (admin) ---- */

static void settings_form(struct req *rq, struct resp *rs, const struct errlist *errs, int saved)
{
	struct html h;
	char psd[32], fallback[32];
	int64_t v = config_int(rq->store, "gifts.psd_threshold_pence", 5000);
	snprintf(fallback, sizeof fallback, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
	const char *posted = req_form(rq, "psd_threshold");
	snprintf(psd, sizeof psd, "%s", posted ? posted : fallback);
	page_begin_errs(&h, rq, rs, errs, "/", "Gifts policy settings");
	if (saved)
		banner_success(&h, "Settings saved", "New declarations follow the new threshold.");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Gifts policy settings</h1>");
	form_begin(&h, rq, "/gifts/settings");
	form_input(&h, &(struct field){ .name = "psd_threshold", .label = "PSD decision threshold",
	                                .hint = "Offers worth more than this go on to Professional Standards after "
	                                        "the line manager approves them.",
	                                .value = psd, .prefix = "\xC2\xA3", .width = "govuk-input--width-10",
	                                .inputmode = "decimal", .errs = errs });
	form_button(&h, "Save settings", NULL);
	form_end(&h);
	page_end(&h);
}

static int gifts_settings(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	const char *done = req_query(rq, "done");
	settings_form(rq, rs, &errs, done && !strcmp(done, "saved"));
	return 0;
}

static int gifts_settings_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t pence;
	const char *v = req_form(rq, "psd_threshold");
	if (!v || money_parse(v, 100000000, &pence)) {
		errlist_add(&errs, "psd_threshold", "Enter an amount in pounds and pence, like 50.00");
		settings_form(rq, rs, &errs, 0);
		return 0;
	}
	char num[32];
	snprintf(num, sizeof num, "%lld", (long long)pence);
	if (config_set(rq->store, rq->actor, "gifts.psd_threshold_pence", num, &e))
		return domain_error(rq, rs, &e);
	resp_redirect(rs, "/gifts/settings?done=saved");
	return 0;
}

/* ---- JSON API ---- */

static int api_list(struct req *rq, struct resp *rs, enum gift_scope scope)
{
	struct filters x;
	read_filters(rq, &x);
	if (x.errs.n) {
		resp_json_error_field(rs, 400, x.errs.item[0].msg, x.errs.item[0].field);
		return 0;
	}
	return regpage_api_list(rq, rs, &gifts_register_def, scope, &x.f, x.f.page, x.f.per_page);
}

static int json_row(void *ctx, const void *g)
{
	json_array_append_new(ctx, regpage_record_json(gifts_register_def.record, g));
	return 0;
}

/* The register as JSON: the same for every account allowed it (the route
 * checks the role), so it is cached like the page. */
static int api_register_json(struct req *rq, struct buf *out, struct err *e)
{
	struct filters x;
	read_filters(rq, &x);
	if (x.errs.n)
		return err_field(e, ERR_INPUT, x.errs.item[0].field, "%s", x.errs.item[0].msg);
	long total = 0;
	json_t *items = json_array();
	if (gifts_register_def.list(rq->store, rq->actor, GIFTS_REGISTER, &x.f, 0, json_row, items, &total, e)) {
		json_decref(items);
		return -1;
	}
	/* final (the envelope depends on nothing but the query string, in the key) */
	if (api_write(rq, 200, regpage_json_page(total, x.f.page, x.f.per_page, items), out))
		return err_set(e, ERR_NOMEM, "out of memory");
	return 0;
}

static int api_gifts(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (cache_fragment_logged(rq, "/api/gifts", "gifts", &rs->body, api_register_json, register_viewed, &e)) {
		buf_reset(&rs->body);
		api_fail(rq, rs, &e);
		return 0;
	}
	rs->ctype = "application/json";
	rs->api_done = 1;
	return 0;
}
static int api_gifts_mine(struct req *rq, struct resp *rs) { return api_list(rq, rs, GIFTS_MINE); }
static int api_gifts_awaiting(struct req *rq, struct resp *rs) { return api_list(rq, rs, GIFTS_AWAITING); }

static int api_gift(struct req *rq, struct resp *rs) { return regpage_api_item(rq, rs, &gifts_register_def); }
static int api_gifts_team(struct req *rq, struct resp *rs) { return api_list(rq, rs, GIFTS_TEAM); }

/* A person's declarations as JSON: the same checks as /people/{id}/gifts
 * (person_get, then the caller's scope for that person). */
static int api_person_gifts(struct req *rq, struct resp *rs)
{
	struct person p;
	struct err e = { 0 };
	enum gift_scope scope;
	if (person_get(rq->store, rq->actor, req_id(rq, "id"), &p, &e) ||
	    gifts_person_scope(rq->store, rq->actor, &p, &scope, &e))
		return api_fail(rq, rs, &e);
	struct filters x;
	read_filters(rq, &x);
	if (x.errs.n) {
		resp_json_error_field(rs, 400, x.errs.item[0].msg, x.errs.item[0].field);
		return 0;
	}
	x.f.person_id = p.id;
	return regpage_api_list(rq, rs, &gifts_register_def, scope, &x.f, x.f.page, x.f.per_page);
}

const struct route gifts_routes[] = {
	{ "GET", "/gifts/new", gifts_new, ACCESS_PAGE, 0 },
	{ "POST", "/gifts/new", gifts_change, ACCESS_PAGE, 0 },
	{ "POST", "/gifts/check", gifts_check, ACCESS_PAGE, 0 },
	{ "POST", "/gifts", gifts_create, ACCESS_PAGE, 0 },
	{ "GET", "/gifts/mine", gifts_mine, ACCESS_PAGE, 0 },
	{ "GET", "/gifts/awaiting", gifts_awaiting, ACCESS_PAGE, ROLE_MANAGER | ROLE_PSD },
	{ "GET", "/gifts/team", gifts_team, ACCESS_PAGE, ROLE_MANAGER },
	{ "GET", "/gifts/register", gifts_register, ACCESS_PAGE, ROLE_PSD | ROLE_ADMIN },
	{ "GET", "/gifts/register.csv", gifts_register_csv, ACCESS_PAGE, ROLE_PSD | ROLE_ADMIN },
	{ "GET", "/gifts/register.xlsx", gifts_register_xlsx, ACCESS_PAGE, ROLE_PSD | ROLE_ADMIN },
	{ "GET", "/gifts/settings", gifts_settings, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/gifts/settings", gifts_settings_save, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/gifts/{id}", gifts_show, ACCESS_PAGE, 0 },
	{ "POST", "/gifts/{id}/decision", gifts_decide, ACCESS_PAGE, 0 },
	{ "GET", "/people/{id}/gifts", person_gifts, ACCESS_PAGE, 0 },
	{ "GET", "/api/gifts", api_gifts, ACCESS_API, ROLE_PSD | ROLE_ADMIN },
	{ "GET", "/api/gifts/mine", api_gifts_mine, ACCESS_API, 0 },
	{ "GET", "/api/gifts/awaiting", api_gifts_awaiting, ACCESS_API, 0 },
	{ "GET", "/api/gifts/{id}", api_gift, ACCESS_API, 0 },
	{ "GET", "/api/gifts/team", api_gifts_team, ACCESS_API, ROLE_MANAGER },
	{ "GET", "/api/people/{id}/gifts", api_person_gifts, ACCESS_API, 0 },
};
ROUTES_END(gifts);
