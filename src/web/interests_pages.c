/* interests_pages.c — business interests and secondary employment on the
 * web and the JSON API: apply, my interests, awaiting my decision (line
 * manager, PSD, DCC appeals), my team's, one interest with the form for
 * whatever is next (recommend, decide, appeal, decide the appeal, review,
 * end), the force register with filters, sort, paging and CSV/XLSX export,
 * reviews due and overdue, and figures per period. Every rule lives in
 * src/domain/interests.c; these handlers translate between HTTP and it. */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/interests.h"
#include "domain/people.h"
#include "store/store.h"
#include "web/http.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const struct option kind_opts[] = {
	{ "second_job", "Second job", "Paid work for another employer", 0 },
	{ "own_business", "Own business", "Self-employed, or a business you own or run", 0 },
	{ "property_letting", "Property letting", "Renting out a property you own", 0 },
	{ "shareholding", "Shareholding", "Shares in a company, beyond an ordinary investment", 0 },
	{ "directorship", "Directorship", "Director, partner or trustee of an organisation", 0 },
	{ "voluntary", "Unpaid or voluntary role", NULL, 0 },
	{ "family_business", "Family member's business", "A business run by a relative that could affect your role", 0 },
};
static const struct option rec_opts[] = {
	{ "support", "Support", NULL, 0 },
	{ "do_not_support", "Do not support", NULL, 0 },
};
static const struct option decision_opts[] = {
	{ "approved", "Approve", NULL, 0 },
	{ "approved_with_conditions", "Approve with conditions", NULL, 0 },
	{ "refused", "Refuse", NULL, 0 },
};
static const struct option appeal_opts[] = {
	{ "upheld", "Uphold the decision", NULL, 0 },
	{ "overturned", "Overturn the decision", "A refusal becomes an approval; conditions are removed", 0 },
};
static const struct option review_opts[] = {
	{ "confirmed", "Confirm approval", "The next review is due in a year", 0 },
	{ "conditions_changed", "Change the conditions", NULL, 0 },
	{ "withdrawn", "Withdraw approval", NULL, 0 },
};

static const char *status_tag(const char *s) { return status_table_colour(interest_statuses, INTEREST_NSTATUS, s); }

/* ---- filters ---- */

struct filters {
	struct interest_filter f;
	struct errlist errs;
};

static void read_filters(const struct req *rq, struct filters *x)
{
	memset(x, 0, sizeof *x);
	struct interest_filter *f = &x->f;
	regpage_date_range(rq, &x->errs, &f->from, &f->to);
	const char *u = req_query(rq, "unit");
	f->unit_id = u ? strtoll(u, NULL, 10) : 0;
	if (f->unit_id < 0)
		f->unit_id = 0;
	f->organisation = req_query(rq, "organisation");
	f->kind = req_query(rq, "kind");
	f->status = req_query(rq, "status");
	f->sort = req_query(rq, "sort");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, PER_PAGE);
}

/* ---- tables ---- */

/* What a table shows beyond the reference, kind, organisation and status. */
struct table_opts {
	int show_person;
	int show_review;
	const char *today;
};

static void table_row(struct html *h, const void *rec, const void *arg)
{
	const struct interest *it = rec;
	const struct table_opts *t = arg;
	char ref[REF_MAX];
	table_row_begin(h);
	char back[REGPAGE_BACK_MAX];
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/interests/%I%a\">%s</a>", it->id, regpage_back_arg(h, back),
	           interest_ref(it->id, ref));
	if (t->show_person) {
		table_cell(h, 0, "<a class=\"govuk-link\" href=\"/people/%I/interests\">%s</a><br><span "
		           "class=\"govuk-body-s\">%s</span>",
		           it->person_id, it->person_name, it->unit);
	}
	table_cell(h, 0, "%s", interest_kind_label(it->kind));
	table_cell(h, 0, "%s", it->organisation);
	table_cell(h, 0, "%D", it->start_date);
	if (t->show_review) {
		int overdue = it->review_date[0] && strcmp(it->review_date, t->today) < 0;
		table_cell(h, 0, "%D%s", it->review_date[0] ? it->review_date : "None", overdue ? " (overdue)" : "");
	}
	table_cell(h, 0, GOVUK_TAG "%R", status_tag(it->status), interest_status_label(it->status),
	           interest_appeal_state(it) == APPEAL_PENDING
	                   ? " <strong class=\"govuk-tag govuk-tag--orange\">Appealed</strong>"
	                   : "");
	table_row_end(h);
}

static const struct column cols_person[] = {
	{ "Reference", NULL, 0 }, { "Name and unit", "person", 0 },
	{ "Kind", "kind", 0 },    { "Organisation", "organisation", 0 }, { "Start date", "start", 0 },
	{ "Review", "review", 0 }, { "Status", "status", 0 },
};
static const struct column cols_own[] = {
	{ "Reference", NULL, 0 }, { "Kind", "kind", 0 }, { "Organisation", "organisation", 0 },
	{ "Start date", "start", 0 }, { "Review", "review", 0 }, { "Status", "status", 0 },
};

static int interest_table(struct buf *out, struct req *rq, enum interest_scope scope, const struct interest_filter *f,
                          int show_person, const char *caption, const char *empty, long *total, struct err *e)
{
	char today[11];
	date_today(today);
	struct table_opts o = { show_person, 1, today };
	struct regpage_table t = {
		.caption = caption, .empty = empty, .cols = show_person ? cols_person : cols_own,
		.ncols = show_person ? sizeof cols_person / sizeof cols_person[0] : sizeof cols_own / sizeof cols_own[0],
		.row = table_row, .arg = &o,
	};
	return regpage_list(out, rq, &interests_register_def, scope, f, f->page, f->per_page, &t, total, e);
}

/* Beside a recommendation or decision: the person's ten newest business
 * interests with their outcomes, in the decider's scope. */
static void decision_history(struct html *h, struct req *rq, const struct interest *it, enum interest_scope scope)
{
	char today[11], caption[300], all[48];
	date_today(today);
	struct table_opts o = { 0, 1, today };
	struct interest_filter f = { .person_id = it->person_id, .sort = "-start", .page = 1, .per_page = 10 };
	snprintf(caption, sizeof caption, "%s's business interests, newest first", it->person_name);
	snprintf(all, sizeof all, "/people/%lld/interests", (long long)it->person_id);
	regpage_history(h, rq, &interests_register_def, scope, &f, 10,
	                &(struct regpage_table){ .caption = caption, .empty = "No other business interests.",
	                                         .cols = cols_own, .ncols = sizeof cols_own / sizeof cols_own[0],
	                                         .row = table_row, .arg = &o },
	                all);
}

static int list_page(struct req *rq, struct resp *rs, enum interest_scope scope, const char *title, const char *empty,
                     int show_person)
{
	struct filters x;
	read_filters(rq, &x);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (interest_table(&table, rq, scope, &x.f, show_person, title, empty, &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, title);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "decided"))
		banner_success(&h, "Decision recorded", "The applicant can now see it.");
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
	if (scope == INTERESTS_MINE) {
		html_f(&h, "<p class=\"govuk-body\">Police Regulations require you to apply before taking up any outside "
		           "employment or business interest, including one held by a relative that could affect your "
		           "work. Approvals are reviewed every year.</p>");
		button_link(&h, "Apply for a business interest", "/interests/new", NULL);
	}
	if (scope == INTERESTS_REVIEWS)
		html_f(&h, "<p class=\"govuk-body\">Approved interests whose annual review is overdue or due in the next 30 "
		           "days, oldest first.</p>");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static int interests_mine(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, INTERESTS_MINE, "My business interests", "You have not applied for any business interests.",
	                 0);
}

static int interests_awaiting(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, INTERESTS_AWAITING, "Business interests awaiting my decision",
	                 "Nothing is waiting for your decision.", 1);
}

static int interests_team(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, INTERESTS_TEAM, "My team's business interests", "Your team has no business interests.", 1);
}

static int interests_reviews(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, INTERESTS_REVIEWS, "Business interest reviews due", "No reviews are due.", 1);
}

/* ---- apply ---- */

static void new_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	char key[65];
	regpage_submit_key(rq, key);
	page_begin_errs(&h, rq, rs, errs, "/interests/mine", "Apply for a business interest");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Apply for a business interest</h1>"
	           "<p class=\"govuk-body\">Your line manager will comment on your application and Professional "
	           "Standards will decide it.</p>");
	form_begin(&h, rq, "/interests/check");
	form_hidden(&h, "submit_key", key);
	form_radios(&h, &(struct field){ .name = "kind", .label = "What kind of interest is it?",
	                                 .value = req_form(rq, "kind"), .options = kind_opts,
	                                 .noptions = sizeof kind_opts / sizeof kind_opts[0], .errs = errs });
	form_input(&h, &(struct field){ .name = "organisation", .label = "Organisation or business",
	                                .hint = "For a property letting, the property's address",
	                                .value = req_form(rq, "organisation"), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "description", .maxlength = 1000, .label = "Describe the interest and what you do",
	                                   .value = req_form(rq, "description"), .rows = 3, .errs = errs });
	form_input(&h, &(struct field){ .name = "hours_per_week", .label = "Hours a week",
	                                .hint = "Average hours a week, as a whole number. Enter 0 if none.",
	                                .value = req_form(rq, "hours_per_week"), .width = "govuk-input--width-3",
	                                .inputmode = "numeric", .errs = errs });
	form_date(&h, &(struct field){ .name = "start_date", .label = "Start date",
	                               .hint = "When it started or will start, for example 1 4 2026",
	                               .value = req_form(rq, "start_date"), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "conflict", .maxlength = 1000, .label = "How could it conflict with your police duties?",
	                                   .hint = "For example contact with people the police deal with, use of police "
	                                           "information, licensing in the force area, or tiredness from long "
	                                           "hours. If you think it could not, say why.",
	                                   .value = req_form(rq, "conflict"), .rows = 4, .errs = errs });
	form_button(&h, "Continue", NULL);
	form_end(&h);
	page_end(&h);
}

/* The blank form (GET), and Change on check your answers (POST): the form
 * again, filled with the answers. */
static int interests_new(struct req *rq, struct resp *rs)
{
	return page_staff_form(rq, rs, new_form);
}

static struct interest_input posted(struct req *rq)
{
	return (struct interest_input){
		.kind = req_form(rq, "kind"), .organisation = req_form(rq, "organisation"),
		.description = req_form(rq, "description"), .hours_per_week = req_form(rq, "hours_per_week"),
		.start_date = req_form(rq, "start_date"), .conflict = req_form(rq, "conflict"),
		.submit_key = req_form(rq, "submit_key"),
	};
}

/* Check your answers before the application is sent; errors go back to the form. */
static int interests_check(struct req *rq, struct resp *rs)
{
	struct interest_input in = posted(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (interest_check(rq->store, rq->actor, &in, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			new_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	char day[48];
	date_display(in.start_date, day, sizeof day);
	const struct cya_row rows[] = {
		{ "Kind", interest_kind_label(in.kind), "kind" },
		{ "Organisation or business", in.organisation, "organisation" },
		{ "The interest and what you do", in.description, "description" },
		{ "Hours a week", in.hours_per_week, "hours_per_week" },
		{ "Start date", day, "start_date-day" },
		{ "How it could conflict with your duties", in.conflict, "conflict" },
	};
	static const char *const fields[] = { "submit_key", "kind", "organisation", "description", "hours_per_week",
		                              "start_date", "conflict" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your answers before sending your application", .caption = "Apply for a business interest",
		.rows = rows, .nrows = sizeof rows / sizeof rows[0], .fields = fields,
		.nfields = sizeof fields / sizeof fields[0], .change_action = "/interests/new",
		.send_action = "/interests",
		.statement = "By sending this application you confirm that, to the best of your knowledge, the details "
		             "are correct and complete. Your line manager will comment on it and Professional Standards "
		             "will decide it.",
		.button = "Send application" });
	return 0;
}

static int interests_create(struct req *rq, struct resp *rs)
{
	struct interest_input in = posted(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	int rc = interest_apply(rq->store, rq->actor, &in, &id, &errs, &e);
	char where[64];
	snprintf(where, sizeof where, "/interests/%lld?done=applied", (long long)id);
	return page_staff_created(rq, rs, rc, &errs, &e, new_form, where);
}

/* ---- one interest ---- */

static const char *done_text(const char *done)
{
	if (!strcmp(done, "applied")) return "Application submitted";
	if (!strcmp(done, "recommended")) return "Recommendation recorded";
	if (!strcmp(done, "decided")) return "Decision recorded";
	if (!strcmp(done, "appealed")) return "Appeal submitted: the deputy chief constable will decide it";
	if (!strcmp(done, "appeal_decided")) return "Appeal decision recorded";
	if (!strcmp(done, "reviewed")) return "Review recorded";
	if (!strcmp(done, "ended")) return "Interest ended";
	return NULL;
}

static int review_item(void *ctx, const struct interest_review_row *r)
{
	struct html *h = ctx;
	char d[11];
	const char *o = r->outcome;
	html_f(h, "<li><strong>%D</strong>: %s by %s. %s%s%s</li>", regpage_day(r->reviewed_at, d),
	       !strcmp(o, "confirmed") ? "approval confirmed" : !strcmp(o, "withdrawn") ? "approval withdrawn"
	                                                                                : "conditions changed",
	       r->by, r->note, r->conditions[0] ? " New conditions: " : "", r->conditions);
	return 0;
}

static void reviews_history(struct html *h, struct req *rq, const struct interest *it)
{
	struct err e;
	struct buf items;
	buf_init(&items, 0);
	struct html hi;
	html_init(&hi, &items);
	if (interest_reviews_list(rq->store, it, review_item, &hi, &e) == 0 && items.n)
		html_f(h, "<h2 class=\"govuk-heading-m\">Reviews</h2><ul class=\"govuk-list\">%R</ul>", buf_str(&items));
	buf_release(&items);
}

static void show_page(struct req *rq, struct resp *rs, const struct interest *it, const struct errlist *errs)
{
	struct html h;
	char d1[11], d2[11], d3[11], d4[11], ref[REF_MAX], action[80];
	interest_ref(it->id, ref);
	int own = rq->actor->person_id == it->person_id;
	static const char *const lists[] = { "/interests/mine", "/interests/awaiting", "/interests/register", NULL };
	char back[REGPAGE_BACK_MAX];
	page_begin_errs(&h, rq, rs, errs, regpage_back(rq, lists, own ? "/interests/mine" : "/", back),
	                "Business interest %s", ref);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "applied") && own)
		panel_confirm(&h, "Application submitted", ref,
		              "Your line manager will comment on it and Professional Standards will decide it.");
	else if (done && done_text(done))
		banner_success(&h, done_text(done), NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       interest_kind_label(it->kind), it->organisation);
	html_f(&h, "<p class=\"govuk-body\">" GOVUK_TAG "%R</p>", status_tag(it->status), interest_status_label(it->status),
	       interest_appeal_state(it) == APPEAL_PENDING
	               ? " <strong class=\"govuk-tag govuk-tag--orange\">Appeal with the DCC</strong>"
	               : "");
	summary_begin(&h);
	summary_row(&h, "Reference", "%s", ref);
	summary_row(&h, "Applicant", "%s (%s), %s", it->person_name, it->staff_number, it->unit);
	summary_row(&h, "Kind", "%s", interest_kind_label(it->kind));
	summary_row(&h, "Organisation", "%s", it->organisation);
	summary_row(&h, "Description", "%s", it->description);
	summary_row(&h, "Hours a week", "%d", it->hours_per_week);
	summary_row(&h, "Start date", "%D", it->start_date);
	summary_row(&h, "Possible conflict", "%s", it->conflict[0] ? it->conflict : "Not recorded");
	if (it->manager_recommendation[0])
		summary_row(&h, "Line manager", "%s: %s on %D. %s", it->manager_name,
		            !strcmp(it->manager_recommendation, "support") ? "supports" : "does not support",
		            regpage_day(it->manager_at, d1), it->manager_comment);
	if (it->decision[0])
		summary_row(&h, "Professional Standards", "%s%s%D%s%s", interest_status_label(it->decision),
		            it->decided_at[0] ? " on " : "", regpage_day(it->decided_at, d2), it->psd_name[0] ? " by " : "",
		            it->psd_name);
	if (it->decision_reason[0])
		summary_row(&h, "Reason", "%s", it->decision_reason);
	if (it->conditions[0])
		summary_row(&h, "Conditions", "%s", it->conditions);
	if (it->appeal_status[0]) {
		summary_row(&h, "Appeal", "Against the %s, made on %D: %s", it->appeal_of, regpage_day(it->appealed_at, d3),
		            it->appeal_grounds);
		if (interest_appeal_state(it) != APPEAL_PENDING)
			summary_row(&h, "Appeal decision", "%s by %s on %D: %s",
			            status_table_label(interest_appeals, APPEAL_NSTATUS, it->appeal_status),
			            it->dcc_name, regpage_day(it->appeal_decided_at, d4), it->appeal_reason);
	}
	if (it->review_date[0])
		summary_row(&h, "Next review", "%D", it->review_date);
	if (it->end_date[0])
		summary_row(&h, "Ended", "%D%s%s", it->end_date, it->end_reason[0] ? ": " : "", it->end_reason);
	summary_end(&h);
	reviews_history(&h, rq, it);

	enum interest_step next = interest_next_step(rq->store, rq->actor, it);
	if (next == INTEREST_STEP_RECOMMEND)
		decision_history(&h, rq, it, INTERESTS_TEAM);
	else if (next == INTEREST_STEP_DECIDE || next == INTEREST_STEP_APPEAL_DECIDE || next == INTEREST_STEP_REVIEW)
		decision_history(&h, rq, it, INTERESTS_REGISTER);
	switch (next) {
	case INTEREST_STEP_RECOMMEND:
		snprintf(action, sizeof action, "/interests/%lld/recommend", (long long)it->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Your recommendation as line manager</h2>");
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "recommendation", .label = "Do you support the application?",
		                                 .value = req_form(rq, "recommendation"), .options = rec_opts, .noptions = 2,
		                                 .inline_ = 1, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "manager_comment", .maxlength = 1000, .label = "Comment",
		                                   .hint = "Required if you do not support it. PSD and the applicant will see it.",
		                                   .value = req_form(rq, "manager_comment"), .rows = 3, .errs = errs });
		form_button(&h, "Send to Professional Standards", NULL);
		form_end(&h);
		break;
	case INTEREST_STEP_DECIDE:
		snprintf(action, sizeof action, "/interests/%lld/decision", (long long)it->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Your decision for Professional Standards</h2>");
		form_begin(&h, rq, action);
	{ /* conditions and reason revealed under the answer that needs them */
		struct buf cb, rb;
		struct html hc, hr;
		buf_init(&cb, 1 << 16);
		buf_init(&rb, 1 << 16);
		html_init(&hc, &cb);
		html_init(&hr, &rb);
		form_textarea(&hc, &(struct field){ .name = "conditions", .maxlength = 1000, .label = "Conditions",
		                                    .hint = "Required when you approve with conditions",
		                                    .value = req_form(rq, "conditions"), .rows = 3, .errs = errs });
		form_textarea(&hr, &(struct field){ .name = "reason", .maxlength = 1000, .label = "Reason",
		                                    .hint = "Required when you refuse. The applicant will see it.",
		                                    .value = req_form(rq, "reason"), .rows = 3, .errs = errs });
		const char *reveal[3] = { NULL, buf_str(&cb), buf_str(&rb) }; /* decision_opts' order */
		form_radios(&h, &(struct field){ .name = "decision", .label = "Decision", .value = req_form(rq, "decision"),
		                                 .options = decision_opts, .noptions = 3, .reveal = reveal, .errs = errs });
		buf_release(&cb);
		buf_release(&rb);
	}
		form_button(&h, "Record decision", NULL);
		form_end(&h);
		break;
	case INTEREST_STEP_APPEAL:
		snprintf(action, sizeof action, "/interests/%lld/appeal", (long long)it->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Appeal against the %s</h2><p class=\"govuk-body\">The deputy chief "
		           "constable will decide your appeal. You can appeal once.</p>",
		       interest_status(it) == INTEREST_REFUSED ? "refusal" : "conditions");
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "grounds", .maxlength = 1000, .label = "Your grounds of appeal",
		                                   .value = req_form(rq, "grounds"), .rows = 4, .errs = errs });
		form_button(&h, "Submit appeal", NULL);
		form_end(&h);
		break;
	case INTEREST_STEP_APPEAL_DECIDE:
		snprintf(action, sizeof action, "/interests/%lld/appeal-decision", (long long)it->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Your decision on the appeal</h2>");
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "outcome", .label = "Outcome", .value = req_form(rq, "outcome"),
		                                 .options = appeal_opts, .noptions = 2, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "appeal_reason", .maxlength = 1000, .label = "Reason",
		                                   .value = req_form(rq, "appeal_reason"), .rows = 3, .errs = errs });
		form_button(&h, "Record appeal decision", NULL);
		form_end(&h);
		break;
	case INTEREST_STEP_REVIEW:
		snprintf(action, sizeof action, "/interests/%lld/review", (long long)it->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Annual review</h2>");
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "outcome", .label = "Outcome of the review",
		                                 .value = req_form(rq, "outcome"), .options = review_opts, .noptions = 3,
		                                 .errs = errs });
		form_textarea(&h, &(struct field){ .name = "review_conditions", .maxlength = 1000, .label = "New conditions",
		                                   .hint = "When you change the conditions. Leave blank to remove them.",
		                                   .value = req_form(rq, "review_conditions") ? req_form(rq, "review_conditions")
		                                                                              : it->conditions,
		                                   .rows = 3, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "note", .maxlength = 1000, .label = "Note",
		                                   .hint = "Required when you withdraw approval",
		                                   .value = req_form(rq, "note"), .rows = 3, .errs = errs });
		form_button(&h, "Record review", NULL);
		form_end(&h);
		break;
	case INTEREST_STEP_NONE:
		break;
	}
	if (interest_may_end(rq->actor, it)) {
		snprintf(action, sizeof action, "/interests/%lld/end", (long long)it->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">End this interest</h2><p class=\"govuk-body\">Tell us when you no "
		           "longer hold it.</p>");
		form_begin(&h, rq, action);
		form_date(&h, &(struct field){ .name = "end_date", .label = "Date it ended",
		                               .hint = "Leave blank for today", .value = req_form(rq, "end_date"),
		                               .errs = errs });
		form_input(&h, &(struct field){ .name = "end_reason", .label = "Reason (optional)",
		                                .value = req_form(rq, "end_reason"), .errs = errs });
		form_button(&h, "End interest", "warning");
		form_end(&h);
	}
	page_end(&h);
}

static int interests_show(struct req *rq, struct resp *rs)
{
	struct interest *it = xmalloc(sizeof *it);
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int rc = 0;
	if (interest_get(rq->store, rq->actor, req_id(rq, "id"), it, &e))
		rc = page_fail(rq, rs, &e);
	else
		show_page(rq, rs, it, &errs);
	free(it);
	return rc;
}

/* After an action: redirect on success, re-show the page with errors (200)
 * on invalid input, or the right error page. */
static int after_action(struct req *rq, struct resp *rs, int64_t id, int rc, const struct errlist *errs,
                        const struct err *e, const char *done)
{
	char loc[96];
	if (rc == 0) {
		snprintf(loc, sizeof loc, "/interests/%lld?done=%s", (long long)id, done);
		resp_redirect(rs, loc);
		return 0;
	}
	if (e->code != ERR_INPUT)
		return page_fail(rq, rs, e);
	struct interest *it = xmalloc(sizeof *it);
	struct err e2 = { 0 };
	int r = 0;
	if (interest_get(rq->store, rq->actor, id, it, &e2))
		r = page_fail(rq, rs, &e2);
	else
		show_page(rq, rs, it, errs);
	free(it);
	return r;
}

static int interests_recommend(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = interest_recommend(rq->store, rq->actor, id, req_form(rq, "recommendation"),
	                            req_form(rq, "manager_comment"), &errs, &e);
	return after_action(rq, rs, id, rc, &errs, &e, "recommended");
}

static int interests_decide(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = interest_decide(rq->store, rq->actor, id, req_form(rq, "decision"), req_form(rq, "conditions"),
	                         req_form(rq, "reason"), &errs, &e);
	return after_action(rq, rs, id, rc, &errs, &e, "decided");
}

static int interests_appeal(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = interest_appeal(rq->store, rq->actor, id, req_form(rq, "grounds"), &errs, &e);
	return after_action(rq, rs, id, rc, &errs, &e, "appealed");
}

static int interests_appeal_decide(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = interest_appeal_decide(rq->store, rq->actor, id, req_form(rq, "outcome"), req_form(rq, "appeal_reason"),
	                                &errs, &e);
	return after_action(rq, rs, id, rc, &errs, &e, "appeal_decided");
}

static int interests_review(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = interest_review(rq->store, rq->actor, id, req_form(rq, "outcome"), req_form(rq, "review_conditions"),
	                         req_form(rq, "note"), &errs, &e);
	return after_action(rq, rs, id, rc, &errs, &e, "reviewed");
}

static int interests_end(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = interest_end(rq->store, rq->actor, id, req_form(rq, "end_date"), req_form(rq, "end_reason"), &errs, &e);
	return after_action(rq, rs, id, rc, &errs, &e, "ended");
}

/* ---- the register ---- */

static void filter_form(struct html *h, struct req *rq, struct filters *x)
{
	/* Any kind, then the form's kinds without their hints. */
	struct option kinds[sizeof kind_opts / sizeof kind_opts[0] + 1] = { { "", "Any kind", NULL, 0 } };
	for (size_t i = 0; i < sizeof kind_opts / sizeof kind_opts[0]; i++)
		kinds[i + 1] = (struct option){ kind_opts[i].value, kind_opts[i].label, NULL, 0 };
	/* Any status, the two the list query adds (active, appealed), then each status. */
	struct option statuses[INTEREST_NSTATUS + 3] = { { "", "Any status", NULL, 0 },
		                                         { "active", "Applied for or approved", NULL, 0 } };
	size_t nstatuses = 2 + regpage_status_options(statuses + 2, INTEREST_NSTATUS, NULL, interest_statuses,
	                                              INTEREST_NSTATUS);
	statuses[nstatuses++] = (struct option){ "appealed", "Appealed", NULL, 0 };
	h->rq = rq; /* the query's date boxes, for their messages (views built into a side buffer) */
	form_error_summary(h, &x->errs);
	form_begin_get(h, "/interests/register");
	html_f(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_input(h, &(struct field){ .name = "organisation", .label = "Organisation", .hint = "Part of a name",
	                               .value = req_query(rq, "organisation") });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(h, &(struct field){ .name = "from", .label = "Started from", .hint = "Start date on or after",
	                              .value = req_query(rq, "from"), .errs = &x->errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(h, &(struct field){ .name = "to", .label = "Started to", .hint = "Start date on or before",
	                              .value = req_query(rq, "to"), .errs = &x->errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	regpage_unit_select(h, rq);
	html_f(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "kind", .label = "Kind", .value = req_query(rq, "kind"), .options = kinds,
	                                .noptions = sizeof kinds / sizeof kinds[0] });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                .options = statuses, .noptions = nstatuses });
	html_f(h, "</div><div class=\"govuk-grid-column-one-half\"><div class=\"govuk-button-group govuk-!-margin-top-6\">");
	regpage_filter_buttons(h, rq, "/interests/register");
	html_f(h, "</div></div></div></form>");
}

static int interests_register(struct req *rq, struct resp *rs)
{
	struct filters x;
	read_filters(rq, &x);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (interest_table(&table, rq, INTERESTS_REGISTER, &x.f, 1, "Business interests",
	                   "No business interests match these filters.", &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Business interests register");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Business interests register</h1>"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/interests/reviews\">Reviews due</a> · "
	           "<a class=\"govuk-link\" href=\"/interests/figures\">Figures</a></p>");
	filter_form(&h, rq, &x);
	regpage_count_exports(&h, rq, total, "interest", "/interests/register");
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static int export_common(struct req *rq, struct resp *rs, int xlsx)
{
	struct filters x;
	read_filters(rq, &x);
	return regpage_export(rq, rs, &interests_register_def, &x.f, xlsx, "business-interests");
}

static int interests_register_csv(struct req *rq, struct resp *rs) { return export_common(rq, rs, 0); }
static int interests_register_xlsx(struct req *rq, struct resp *rs) { return export_common(rq, rs, 1); }

/* ---- figures ---- */

static void figures_row(struct html *h, const char *label, const struct interest_figures *f)
{
	table_row_begin(h);
	table_cell(h, 0, "%s", label);
	table_cell(h, 1, "%ld", f->applications);
	table_cell(h, 1, "%ld", f->approved + f->approved_with_conditions);
	table_cell(h, 1, "%ld", f->approved_with_conditions);
	table_cell(h, 1, "%ld", f->refused);
	table_cell(h, 1, "%ld", f->appealed);
	table_cell(h, 1, "%ld", f->overturned);
	table_cell(h, 1, "%ld", f->withdrawn);
	table_cell(h, 1, "%ld", f->ended);
	table_row_end(h);
}

static int interests_figures_page(struct req *rq, struct resp *rs)
{
	static const struct column cols[] = {
		{ "Period", NULL, 0 },   { "Applications", NULL, 1 }, { "Approved", NULL, 1 },
		{ "With conditions", NULL, 1 }, { "Refused", NULL, 1 }, { "Appealed", NULL, 1 },
		{ "Overturned", NULL, 1 }, { "Withdrawn at review", NULL, 1 }, { "Ended", NULL, 1 },
	};
	struct errlist errs = { 0 };
	const char *from = req_query(rq, "from"), *to = req_query(rq, "to");
	if (from && *from && !date_valid(from)) {
		errlist_add(&errs, "from", "From must be a date like 2025-01-01");
		from = NULL;
	}
	if (to && *to && !date_valid(to)) {
		errlist_add(&errs, "to", "To must be a date like 2025-12-31");
		to = NULL;
	}
	struct err e = { 0 };
	struct interest_figures total;
	if (interests_figures(rq->store, rq->actor, from, to, &total, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_errs(&h, rq, rs, &errs, "/interests/register", "Business interests figures");
	form_error_summary(&h, &errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Business interests: figures</h1>");
	form_begin_get(&h, "/interests/figures");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "from", .label = "From", .value = from, .errs = &errs });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "to", .label = "To", .value = to, .errs = &errs });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\"><div class=\"govuk-!-margin-top-6\">");
	form_button(&h, "Show figures", "secondary");
	html_f(&h, "</div></div></div></form>");
	table_begin(&h, rq, "By quarter (applications by date made; decisions, appeals and reviews by date decided)",
	            cols, sizeof cols / sizeof cols[0]);
	/* The last six calendar quarters, newest first, then the chosen period. */
	char today[11];
	date_today(today);
	int y, m, d;
	date_parse(today, &y, &m, &d);
	int q = (m - 1) / 3;
	for (int i = 0; i < 6; i++) {
		char qf[11], qt[11], label[32];
		date_format(days_from_civil(y, q * 3 + 1, 1), qf);
		date_format(days_from_civil(q == 3 ? y + 1 : y, q == 3 ? 1 : q * 3 + 4, 1) - 1, qt);
		snprintf(label, sizeof label, "Q%d %d (%s to %s)", q + 1, y, qf + 5, qt + 5);
		struct interest_figures f;
		if (interests_figures(rq->store, rq->actor, qf, qt, &f, &e) == 0)
			figures_row(&h, label, &f);
		if (--q < 0) {
			q = 3;
			y--;
		}
	}
	char label[64];
	snprintf(label, sizeof label, "%s to %s", from && *from ? from : "the start", to && *to ? to : "today");
	html_f(&h, "<tr class=\"govuk-table__row\"><th class=\"govuk-table__header\" colspan=\"9\">Chosen period</th></tr>");
	figures_row(&h, label, &total);
	table_end(&h);
	page_end(&h);
	return 0;
}

/* ---- a person's interests ---- */

static int person_interests(struct req *rq, struct resp *rs)
{
	struct person p;
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	enum interest_scope scope;
	if (interest_holder_get(rq->store, rq->actor, id, &p, &e) ||
	    interests_person_scope(rq->store, rq->actor, &p, &scope, &e))
		return page_fail(rq, rs, &e);
	struct filters x;
	read_filters(rq, &x);
	x.f.person_id = p.id;
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (interest_table(&table, rq, scope, &x.f, 0, "Business interests", "No business interests.", &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	char title[256];
	snprintf(title, sizeof title, "%s %s: business interests", p.forenames, p.surname);
	page_begin_back(&h, rq, rs, title, "/interests/register");
	html_f(&h, "<span class=\"govuk-caption-l\">%s %s, %s</span><h1 class=\"govuk-heading-l\">%s %s</h1>", p.rank,
	       p.staff_number, p.unit, p.forenames, p.surname);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Business interests (%ld)</h2>%R", total, buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

/* ---- JSON API ---- */

static int api_list(struct req *rq, struct resp *rs, enum interest_scope scope)
{
	struct filters x;
	read_filters(rq, &x);
	if (x.errs.n) {
		resp_json_error_field(rs, 400, x.errs.item[0].msg, x.errs.item[0].field);
		return 0;
	}
	return regpage_api_list(rq, rs, &interests_register_def, scope, &x.f, x.f.page, x.f.per_page);
}

static int api_interests(struct req *rq, struct resp *rs) { return api_list(rq, rs, INTERESTS_REGISTER); }
static int api_interests_mine(struct req *rq, struct resp *rs) { return api_list(rq, rs, INTERESTS_MINE); }
static int api_interest(struct req *rq, struct resp *rs) { return regpage_api_item(rq, rs, &interests_register_def); }
static int api_interests_awaiting(struct req *rq, struct resp *rs) { return api_list(rq, rs, INTERESTS_AWAITING); }
static int api_interests_team(struct req *rq, struct resp *rs) { return api_list(rq, rs, INTERESTS_TEAM); }
static int api_interests_reviews(struct req *rq, struct resp *rs) { return api_list(rq, rs, INTERESTS_REVIEWS); }

/* A person's interests as JSON: the same checks as /people/{id}/interests. */
static int api_person_interests(struct req *rq, struct resp *rs)
{
	struct person p;
	struct err e = { 0 };
	enum interest_scope scope;
	if (interest_holder_get(rq->store, rq->actor, req_id(rq, "id"), &p, &e) ||
	    interests_person_scope(rq->store, rq->actor, &p, &scope, &e))
		return api_fail(rq, rs, &e);
	struct filters x;
	read_filters(rq, &x);
	if (x.errs.n) {
		resp_json_error_field(rs, 400, x.errs.item[0].msg, x.errs.item[0].field);
		return 0;
	}
	x.f.person_id = p.id;
	return regpage_api_list(rq, rs, &interests_register_def, scope, &x.f, x.f.page, x.f.per_page);
}

const struct route interests_routes[] = {
	{ "GET", "/interests/new", interests_new, ACCESS_PAGE, 0 },
	{ "POST", "/interests/new", interests_new, ACCESS_PAGE, 0 },
	{ "POST", "/interests/check", interests_check, ACCESS_PAGE, 0 },
	{ "POST", "/interests", interests_create, ACCESS_PAGE, 0 },
	{ "GET", "/interests/mine", interests_mine, ACCESS_PAGE, 0 },
	{ "GET", "/interests/awaiting", interests_awaiting, ACCESS_PAGE, ROLE_MANAGER | ROLE_PSD | ROLE_DCC },
	{ "GET", "/interests/team", interests_team, ACCESS_PAGE, ROLE_MANAGER },
	{ "GET", "/interests/register", interests_register, ACCESS_PAGE, 0 },
	{ "GET", "/interests/register.csv", interests_register_csv, ACCESS_PAGE, 0 },
	{ "GET", "/interests/register.xlsx", interests_register_xlsx, ACCESS_PAGE, 0 },
	{ "GET", "/interests/reviews", interests_reviews, ACCESS_PAGE, 0 },
	{ "GET", "/interests/figures", interests_figures_page, ACCESS_PAGE, 0 },
	{ "GET", "/interests/{id}", interests_show, ACCESS_PAGE, 0 },
	{ "POST", "/interests/{id}/recommend", interests_recommend, ACCESS_PAGE, 0 },
	{ "POST", "/interests/{id}/decision", interests_decide, ACCESS_PAGE, 0 },
	{ "POST", "/interests/{id}/appeal", interests_appeal, ACCESS_PAGE, 0 },
	{ "POST", "/interests/{id}/appeal-decision", interests_appeal_decide, ACCESS_PAGE, 0 },
	{ "POST", "/interests/{id}/review", interests_review, ACCESS_PAGE, 0 },
	{ "POST", "/interests/{id}/end", interests_end, ACCESS_PAGE, 0 },
	{ "GET", "/people/{id}/interests", person_interests, ACCESS_PAGE, 0 },
	{ "GET", "/api/interests", api_interests, ACCESS_API, 0 },
	{ "GET", "/api/interests/mine", api_interests_mine, ACCESS_API, 0 },
	{ "GET", "/api/interests/{id}", api_interest, ACCESS_API, 0 },
	{ "GET", "/api/interests/awaiting", api_interests_awaiting, ACCESS_API, ROLE_MANAGER | ROLE_PSD | ROLE_DCC },
	{ "GET", "/api/interests/team", api_interests_team, ACCESS_API, ROLE_MANAGER },
	{ "GET", "/api/interests/reviews", api_interests_reviews, ACCESS_API, 0 },
	{ "GET", "/api/people/{id}/interests", api_person_interests, ACCESS_API, 0 },
};
ROUTES_END(interests);
