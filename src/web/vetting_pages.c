/* vetting_pages.c — vetting (M5) on the web: the vetting unit's start page,
 * compliance against posts (with per-unit counts and CSV export), a person's
 * clearances, the work queue over tasks.h, applications with their stages
 * and blind decision form, equality data entry (write-only), appeals to the
 * DCC, timeliness, leavers for the barred and advisory lists, the levels as
 * configuration, and the JSON API. Every rule lives in src/domain/vetting.c;
 * nothing here reads equality data (the report is vetting_report_pages.c). */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/auth.h"
#include "domain/config.h"
#include "domain/people.h"
#include "domain/tasks.h"
#include "domain/vetting.h"
#include "web/http.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "web/vetting_pages.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

/* The end of a form post that re-shows its page on invalid input: when rc is
 * non-zero, reshow with errs (ERR_INPUT) or the error page; else redirect to loc. */
static int post_done(struct req *rq, struct resp *rs, int rc, const struct err *e,
                     void (*reshow)(struct req *, struct resp *, const struct errlist *), const struct errlist *errs,
                     const char *loc)
{
	if (rc) {
		if (e->code == ERR_INPUT) {
			reshow(rq, rs, errs);
			return 0;
		}
		return page_fail(rq, rs, e);
	}
	resp_redirect(rs, loc);
	return 0;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- options ---- */

struct level_opts {
	struct option o[64];
	char labels[64][140];
	char codes[64][16];
	size_t n;
};

static int add_level(void *ctx, const struct vetting_level *l)
{
	struct level_opts *x = ctx;
	if (x->n >= 64)
		return 1;
	snprintf(x->codes[x->n], sizeof x->codes[x->n], "%s", l->code);
	snprintf(x->labels[x->n], sizeof x->labels[x->n], "%s (%s)", l->code, l->name);
	x->o[x->n] = (struct option){ x->codes[x->n], x->labels[x->n], NULL, 0 };
	x->n++;
	return 0;
}

static void level_options(struct req *rq, struct level_opts *x, int with_blank)
{
	struct err e;
	memset(x, 0, sizeof *x);
	if (with_blank) {
		x->o[0] = (struct option){ "", "Select a level", NULL, 0 };
		x->n = 1;
	}
	vetting_levels_list(rq->store, add_level, x, &e);
}

static const struct option kind_opts[] = {
	{ "recruit", "Recruit", NULL, 0 }, { "transferee", "Transferee", "From another force", 0 },
	{ "internal", "Internal move", "A member of the force moving to a post that needs a higher level", 0 },
	{ "contractor", "Contractor", NULL, 0 }, { "volunteer", "Volunteer", NULL, 0 },
};
static const struct option outcome_opts[] = {
	{ "granted", "Granted", NULL, 0 },
	{ "granted_with_conditions", "Granted with conditions", "Risk mitigation, set out below", 0 },
	{ "refused", "Refused", NULL, 0 },
	{ "withdrawn", "Withdrawn", "The applicant withdrew, or the application was discontinued", 0 },
};
static const struct option stage_opts[] = {
	{ "initial", "Initial vetting checks", NULL, 0 },
	{ "full", "Full vetting", NULL, 0 },
};
static const struct option ground_opts[] = {
	{ "", "Not refused", NULL, 0 },
	{ "convictions_cautions", "Convictions or cautions", NULL, 0 },
	{ "non_conviction_information", "Non-conviction information", NULL, 0 },
	{ "financial", "Financial", NULL, 0 },
	{ "associations", "Associations", NULL, 0 },
	{ "honesty", "Honesty of the application", "For example deliberate non-disclosure", 0 },
	{ "other", "Other", NULL, 0 },
};
static const struct option status_opts[] = {
	{ "active", "Active", NULL, 0 }, { "lapsed", "Lapsed", NULL, 0 },
	{ "withdrawn", "Withdrawn", NULL, 0 }, { "suspended", "Suspended", NULL, 0 },
};

/* ---- start page ---- */

static int vetting_home(struct req *rq, struct resp *rs)
{
	struct html h;
	long refresh = vetting_refresh_count(rq->store, rq->actor);
	struct vetting_counts n;
	struct err e = { 0 };
	if (vetting_counts_get(rq->store, rq->actor, &n, &e))
		return page_fail(rq, rs, &e);
	page_begin(&h, rq, rs, "Vetting");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Vetting</h1>\n<ul class=\"govuk-list govuk-list--spaced\">\n");
	html_f(&h, "<li><a class=\"govuk-link\" href=\"/vetting/compliance\">Compliance</a>: %ld people need their "
	           "vetting refreshed</li>\n", refresh);
	html_f(&h, "<li><a class=\"govuk-link\" href=\"/vetting/tasks\">Work queue</a>: %ld open tasks</li>\n", n.open_tasks);
	html_f(&h, "<li><a class=\"govuk-link\" href=\"/vetting/applications?status=open\">Applications</a>: %I awaiting "
	           "a decision</li>\n", n.open_apps);
	html_f(&h, "<li><a class=\"govuk-link\" href=\"/vetting/appeals\">Appeals</a>: %ld awaiting the DCC</li>\n", n.open_appeals);
	html_f(&h, "<li><a class=\"govuk-link\" href=\"/vetting/leavers\">Leavers for the barred and advisory lists</a>: "
	           "%ld not yet notified</li>\n", n.unnotified_leavers);
	html_f(&h, "<li><a class=\"govuk-link\" href=\"/vetting/timeliness\">Timeliness</a></li>\n"
	           "<li><a class=\"govuk-link\" href=\"/vetting/disproportionality\">Disproportionality monitoring</a></li>\n"
	           "<li><a class=\"govuk-link\" href=\"/vetting/levels\">Vetting levels</a></li>\n</ul>\n");
	page_end(&h);
	return 0;
}

/* ---- compliance ---- */

struct ctable {
	struct html *h;
};

static int compliance_row(void *ctx, const struct compliance_row *c)
{
	struct html *h = ((struct ctable *)ctx)->h;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/vetting/people/%I\">%s</a> (%s)", c->person_id, c->name,
	           c->staff_number);
	table_cell(h, 0, "%s", c->unit);
	table_cell(h, 0, "%s", c->post);
	table_cell(h, 0, "%s", c->required);
	table_cell(h, 0, GOVUK_TAG, status_table_colour(vetting_issues, VET_NISSUE, c->issue),
	           vetting_issue_label(c->issue));
	table_cell(h, 0, "%s", c->level[0] ? c->level : "None");
	table_cell(h, 0, "%D", c->expiry);
	table_row_end(h);
	return 0;
}

static int unit_row(void *ctx, const struct compliance_unit *u)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/vetting/compliance?unit=%I\">%s</a>", u->unit_id,
	           u->unit[0] ? u->unit : "No unit");
	table_cell(h, 1, "%ld", u->below);
	table_cell(h, 1, "%ld", u->expiring);
	table_cell(h, 1, "%ld", u->lapsed);
	table_row_end(h);
	return 0;
}

static int64_t query_id(const struct req *rq, const char *k)
{
	const char *v = req_query(rq, k);
	long long n = v ? strtoll(v, NULL, 10) : 0;
	return n > 0 ? (int64_t)n : 0;
}

static const char *issue_filter(const struct req *rq)
{
	const char *i = req_query(rq, "issue");
	return status_table_index(vetting_issues, VET_NISSUE, i) >= 0 ? i : "";
}

static int vetting_compliance_page(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct buf rows, units;
	buf_init(&rows, 0);
	buf_init(&units, 0);
	struct html hr, hu, h;
	html_init(&hr, &rows);
	html_init(&hu, &units);
	struct ctable t = { &hr };
	long total = 0;
	int page = req_page(rq);
	const char *issue = issue_filter(rq);
	int64_t unit = query_id(rq, "unit");
	if (vetting_compliance(rq->store, rq->actor, issue, unit, page, PER_PAGE, compliance_row, &t, &total, &e) ||
	    vetting_compliance_units(rq->store, rq->actor, unit_row, &hu, &e)) {
		buf_release(&rows);
		buf_release(&units);
		return page_fail(rq, rs, &e);
	}
	int64_t days = config_int(rq->store, "vetting.expiring_days", 90);
	page_begin(&h, rq, rs, "Vetting compliance");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Vetting compliance</h1>\n<p class=\"govuk-body\">People in post whose "
	           "clearance is below their post's requirement, expires within %I days, or has lapsed. A higher level "
	           "in the same family meets a lower requirement.</p>\n", days);
	static const struct option issues[] = {
		{ "", "Any issue", NULL, 0 }, { "below_post", "Below post requirement", NULL, 0 },
		{ "expiring", "Expiring soon", NULL, 0 }, { "lapsed", "Lapsed", NULL, 0 },
	};
	form_begin_get(&h, "/vetting/compliance");
	form_select(&h, &(struct field){ .name = "issue", .label = "Issue", .value = issue, .options = issues,
	                                 .noptions = 4 });
	if (unit) {
		char u[24];
		snprintf(u, sizeof u, "%lld", (long long)unit);
		form_hidden(&h, "unit", u);
	}
	form_button(&h, "Apply filter", "secondary");
	form_end(&h);
	struct buf q;
	buf_init(&q, 0);
	url_with(&q, rq, "page", NULL, NULL);
	const char *qs = strchr(buf_str(&q), '?');
	html_f(&h, "<p class=\"govuk-body\"><strong>%ld</strong> issue%s%s. <a class=\"govuk-link\" "
	           "href=\"/vetting/compliance.csv%a\">Download CSV</a>%s</p>\n", total, total == 1 ? "" : "s",
	       unit ? " in this unit" : "", qs ? qs : "", unit ? "" : "");
	if (unit)
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/vetting/compliance\">All units</a></p>");
	buf_release(&q);
	if (total == 0) {
		html_f(&h, "<p class=\"govuk-body\">Nobody matches.</p>\n");
	} else {
		static const struct column cols[] = { { "Person", NULL, 0 }, { "Unit", NULL, 0 }, { "Post", NULL, 0 },
			                              { "Post requires", NULL, 0 }, { "Issue", NULL, 0 },
			                              { "Clearance", NULL, 0 }, { "Expiry", NULL, 0 } };
		table_paged(&h, rq, &(struct list_view){ .caption = "People needing attention", LIST_COLS(cols),
		                                         .page = page, .per_page = PER_PAGE, .total = total }, &rows);
	}
	char months[12][8];
	long counts[12];
	if (vetting_renewal_forecast(rq->store, rq->actor, months, counts, &e) == 0) {
		struct column fcols[12];
		for (int i = 0; i < 12; i++)
			fcols[i] = (struct column){ months[i], NULL, 1 };
		html_f(&h, "<h2 class=\"govuk-heading-m\">Renewals due in the next 12 months</h2>\n");
		table_begin(&h, rq, "Active clearances of people in post expiring each month", fcols, 12);
		table_row_begin(&h);
		for (int i = 0; i < 12; i++)
			table_cell(&h, 1, "%ld", counts[i]);
		table_row_end(&h);
		table_end(&h);
	}
	static const struct column ucols[] = { { "Unit", NULL, 0 }, { "Below post", NULL, 1 },
		                               { "Expiring", NULL, 1 }, { "Lapsed", NULL, 1 } };
	html_f(&h, "<h2 class=\"govuk-heading-m\">By unit</h2>\n");
	table_begin(&h, rq, "Issues by unit", ucols, 4);
	html_f(&h, "%R", buf_str(&units));
	table_end(&h);
	buf_release(&rows);
	buf_release(&units);
	page_end(&h);
	return 0;
}

static int vetting_compliance_csv_page(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (vetting_compliance_csv(rq->store, rq->actor, issue_filter(rq), query_id(rq, "unit"), &rs->body, &e)) {
		buf_reset(&rs->body);
		return page_fail(rq, rs, &e);
	}
	regpage_export_download(rs, "vetting-compliance", 0);
	return 0;
}

/* ---- a person's clearances ---- */

struct cl_ctx {
	struct html *h;
	struct req *rq;
	long n;
};

static int clearance_item(void *ctx, const struct clearance *c)
{
	struct cl_ctx *x = ctx;
	struct html *h = x->h;
	char action[64];
	snprintf(action, sizeof action, "/vetting/clearances/%lld", (long long)c->id);
	html_f(h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
	          "<h2 class=\"govuk-summary-card__title\">%s — %s " GOVUK_TAG "</h2></div>"
	          "<div class=\"govuk-summary-card__content\">", c->level, c->level_name,
	       status_table_colour(clearance_statuses, CLR_NSTATUS, c->status),
	       status_table_label(clearance_statuses, CLR_NSTATUS, c->status));
	summary_begin(h);
	summary_row(h, "Granted", "%D", c->granted);
	summary_row(h, "Expiry", "%D", c->expiry[0] ? c->expiry : "No fixed expiry");
	summary_row(h, "Aftercare notes", "%s", c->aftercare[0] ? c->aftercare : "None");
	summary_end(h);
	if (!clearance_may_change(x->rq->store, x->rq->actor, c->person_id)) {
		html_f(h, "</div></div>\n");
		x->n++;
		return 0;
	}
	char sid[24], fid[40], eid[40], aid[40];
	snprintf(sid, sizeof sid, "status-%lld", (long long)c->id);
	snprintf(fid, sizeof fid, "%lld", (long long)c->person_id);
	snprintf(eid, sizeof eid, "expiry-%lld", (long long)c->id);
	snprintf(aid, sizeof aid, "aftercare-%lld", (long long)c->id);
	html_f(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
	          "<span class=\"govuk-details__summary-text\">Change status, expiry or aftercare</span></summary>"
	          "<div class=\"govuk-details__text\">");
	form_begin(h, x->rq, action);
	form_hidden(h, "person_id", fid);
	html_f(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">Status</label>"
	          "<select class=\"govuk-select\" id=\"%a\" name=\"status\">", sid, sid);
	for (size_t i = 0; i < 4; i++)
		html_f(h, "<option value=\"%a\"%s>%s</option>", status_opts[i].value,
		       !strcmp(status_opts[i].value, c->status) ? " selected" : "", status_opts[i].label);
	html_f(h, "</select></div>");
	form_date(h, &(struct field){ .name = "expiry", .id = eid, .label = "Expiry", .value = c->expiry });
	html_f(h, "<div class=\"govuk-form-group govuk-character-count\" data-module=\"govuk-character-count\" "
	          "data-maxlength=\"2000\"><label class=\"govuk-label\" for=\"%a\">Aftercare notes</label>"
	          "<textarea class=\"govuk-textarea govuk-js-character-count\" id=\"%a\" name=\"aftercare\" rows=\"3\" "
	          "aria-describedby=\"%a-info\">%s</textarea><div id=\"%a-info\" class=\"govuk-hint "
	          "govuk-character-count__message\">You can enter up to 2000 characters</div></div>",
	       aid, aid, aid, c->aftercare, aid);
	form_button(h, "Save changes", "secondary");
	form_end(h);
	html_f(h, "</div></details></div></div>\n");
	x->n++;
	return 0;
}

static void person_page(struct req *rq, struct resp *rs, const struct person *p, const struct errlist *errs)
{
	struct html h;
	char title[256];
	snprintf(title, sizeof title, "%s%s %s: vetting", errs->n ? "Error: " : "", p->forenames, p->surname);
	struct buf cards;
	buf_init(&cards, 0);
	struct html hc;
	html_init(&hc, &cards);
	struct cl_ctx x = { &hc, rq, 0 };
	struct err e = { 0 };
	clearances_for_person(rq->store, rq->actor, p->id, clearance_item, &x, &e);
	char req_level[16];
	vetting_post_level(rq->store, p->id, req_level);
	page_begin_back(&h, rq, rs, title, "/vetting/compliance");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "added"))
		banner_success(&h, "Clearance recorded", NULL);
	if (done && !strcmp(done, "updated"))
		banner_success(&h, "Clearance updated", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s %s, %s</span><h1 class=\"govuk-heading-l\">%s %s</h1>\n", p->rank,
	       p->staff_number, p->unit, p->forenames, p->surname);
	summary_begin(&h);
	summary_row(&h, "Post", "%s", p->post[0] ? p->post : "Not recorded");
	summary_row(&h, "Post requires", "%s", req_level[0] ? req_level : "No vetting level set");
	if (p->leave_date[0])
		summary_row(&h, "Left", "%D", p->leave_date);
	summary_end(&h);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Clearances</h2>\n");
	if (!x.n)
		html_f(&h, "<p class=\"govuk-body\">No clearances recorded.</p>\n");
	html_f(&h, "%R", buf_str(&cards));
	buf_release(&cards);
	if (!clearance_may_change(rq->store, rq->actor, p->id)) {
		html_f(&h, "<p class=\"govuk-body\">Another vetting officer records and changes these clearances "
		           "(separation of duties).</p>\n");
		page_end(&h);
		return;
	}
	struct level_opts lo;
	level_options(rq, &lo, 1);
	char action[64];
	snprintf(action, sizeof action, "/vetting/people/%lld/clearances", (long long)p->id);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Record a clearance</h2>\n");
	form_begin(&h, rq, action);
	form_select(&h, &(struct field){ .name = "level", .label = "Level", .value = req_form(rq, "level"),
	                                 .options = lo.o, .noptions = lo.n, .errs = errs });
	form_date(&h, &(struct field){ .name = "granted", .label = "Date granted", .value = req_form(rq, "granted"),
	                               .errs = errs });
	form_date(&h, &(struct field){ .name = "expiry", .label = "Expiry date (optional)",
	                               .hint = "Leave blank to use the level's renewal period",
	                               .value = req_form(rq, "expiry"), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "aftercare", .maxlength = 2000, .label = "Aftercare notes (optional)",
	                                   .value = req_form(rq, "aftercare"), .rows = 3, .errs = errs });
	form_button(&h, "Record clearance", NULL);
	form_end(&h);
	page_end(&h);
}

static int vetting_person(struct req *rq, struct resp *rs)
{
	struct person p;
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (!actor_has(rq->actor, VETTING_WORK)) {
		e.code = ERR_DENIED;
		return page_fail(rq, rs, &e);
	}
	if (person_get(rq->store, rq->actor, req_id(rq, "id"), &p, &e))
		return page_fail(rq, rs, &e);
	person_page(rq, rs, &p, &errs);
	return 0;
}

static int vetting_clearance_add(struct req *rq, struct resp *rs)
{
	struct person p;
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int64_t id = req_id(rq, "id"), cid;
	if (clearance_add(rq->store, rq->actor, id, req_form(rq, "level"), req_form(rq, "granted"),
	                  req_form(rq, "expiry"), req_form(rq, "aftercare"), &cid, &errs, &e)) {
		if (e.code != ERR_INPUT)
			return page_fail(rq, rs, &e);
		if (person_get(rq->store, rq->actor, id, &p, &e))
			return page_fail(rq, rs, &e);
		person_page(rq, rs, &p, &errs);
		return 0;
	}
	regpage_redirect_id(rs, "/vetting/people/", id, "?done=added");
	return 0;
}

static int vetting_clearance_update(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int64_t person = strtoll(nz(req_form(rq, "person_id")), NULL, 10);
	if (clearance_update(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "status"), req_form(rq, "expiry"),
	                     req_form(rq, "aftercare"), &errs, &e)) {
		if (e.code == ERR_INPUT) {
			struct person p;
			if (person_get(rq->store, rq->actor, person, &p, &e))
				return page_fail(rq, rs, &e);
			person_page(rq, rs, &p, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/vetting/people/", person, "?done=updated");
	return 0;
}

/* ---- work queue ---- */

static int task_row(void *ctx, const struct vetting_task *t)
{
	struct cl_ctx *x = ctx;
	struct html *h = x->h;
	table_row_begin(h);
	table_cell(h, 0, "%D", t->created_at);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/vetting/people/%I\">%s</a> (%s)", t->person_id, t->person_name,
	           t->staff_number);
	table_cell(h, 0, "%s", t->kind);
	table_cell(h, 0, "%s", t->detail);
	if (task_may_close(x->rq->store, x->rq->actor, t)) {
		char action[64], fid[32];
		snprintf(action, sizeof action, "/vetting/tasks/%lld/close", (long long)t->id);
		snprintf(fid, sizeof fid, "outcome-%lld", (long long)t->id);
		html_f(h, "<td class=\"govuk-table__cell\">");
		form_begin(h, x->rq, action);
		html_f(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">Outcome</label>"
		          "<input class=\"govuk-input\" id=\"%a\" name=\"outcome\" type=\"text\"></div>", fid, fid);
		form_button(h, "Close task", "secondary");
		form_end(h);
		html_f(h, "</td>");
	} else if (task_status(t) != TASK_OPEN) {
		table_cell(h, 0, "Closed %D: %s", t->closed_at, t->outcome);
	} else {
		table_cell(h, 0, "%s", "Open: for another officer (separation of duties)");
	}
	table_row_end(h);
	x->n++;
	return 0;
}

static int vetting_tasks_page(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	const char *status = req_query(rq, "status");
	if (!status || (*status && status_table_index(task_statuses, TASK_NSTATUS, status) < 0))
		status = "open";
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct cl_ctx x = { &hr, rq, 0 };
	long total = 0;
	int page = req_page(rq);
	if (tasks_list(rq->store, rq->actor, status, page, PER_PAGE, task_row, &x, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "Vetting work queue");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "closed"))
		banner_success(&h, "Task closed", NULL);
	if (done && !strcmp(done, "error"))
		banner_important(&h, "Enter the outcome (up to 1000 characters) to close a task.");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Vetting work queue</h1>\n<p class=\"govuk-body\">Tasks raised by the "
	           "Annual Integrity Review and by declared changes of circumstances. Showing %s tasks: "
	           "<a class=\"govuk-link\" href=\"/vetting/tasks?status=open\">open</a>, "
	           "<a class=\"govuk-link\" href=\"/vetting/tasks?status=closed\">closed</a>, "
	           "<a class=\"govuk-link\" href=\"/vetting/tasks?status=\">all</a>.</p>\n",
	       *status ? status : "all");
	if (!total) {
		html_f(&h, "<p class=\"govuk-body\">No tasks.</p>\n");
	} else {
		static const struct column cols[] = { { "Raised", NULL, 0 }, { "Person", NULL, 0 }, { "Kind", NULL, 0 },
			                              { "Detail", NULL, 0 }, { "Outcome", NULL, 0 } };
		table_paged(&h, rq, &(struct list_view){ .caption = "Tasks", LIST_COLS(cols),
		                                         .page = page, .per_page = PER_PAGE, .total = total }, &rows);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int vetting_task_close(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (task_close(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "outcome"), &errs, &e)) {
		if (e.code == ERR_INPUT) {
			resp_redirect(rs, "/vetting/tasks?done=error");
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, "/vetting/tasks?done=closed");
	return 0;
}

/* ---- applications ---- */

static int app_row(void *ctx, const struct vetting_app *a)
{
	struct html *h = ((struct cl_ctx *)ctx)->h;
	table_row_begin(h);
	char back[REGPAGE_BACK_MAX];
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/vetting/applications/%I%a\">%s</a>", a->id,
	           regpage_back_arg(h, back), a->ref);
	table_cell(h, 0, "%s", a->applicant_name[0] ? a->applicant_name : "(imported)");
	table_cell(h, 0, "%s", vetting_kind_label(a->kind));
	table_cell(h, 0, "%s", a->level);
	table_cell(h, 0, "%D", a->received);
	table_cell(h, 0, "%s", a->stage[0] == 'f' ? "Full vetting" : "Initial checks");
	const char *label, *colour;
	vapp_outcome_shown(a, &label, &colour);
	table_cell(h, 0, GOVUK_TAG, colour, label);
	table_row_end(h);
	return 0;
}

static int list_apps(struct req *rq, struct resp *rs, const char *status, const char *title)
{
	struct err e = { 0 };
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	hr.rq = rq;   /* the rows' links carry the filtered list back (regpage_back_arg) */
	struct cl_ctx x = { &hr, rq, 0 };
	long total = 0;
	int page = req_page(rq);
	if (vapps_list(rq->store, rq->actor, status, page, PER_PAGE, app_row, &x, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, title);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>\n", title);
	if (actor_has(rq->actor, VETTING_WORK)) {
		button_link(&h, "Record a new application", "/vetting/applications/new", NULL);
		html_f(&h, "<p class=\"govuk-body\">Show: <a class=\"govuk-link\" href=\"/vetting/applications?status=open\">"
		           "awaiting a decision</a>, <a class=\"govuk-link\" href=\"/vetting/applications?status=refused\">"
		           "refused</a>, <a class=\"govuk-link\" href=\"/vetting/applications?status=appealed\">appealed</a>, "
		           "<a class=\"govuk-link\" href=\"/vetting/applications\">all</a>.</p>\n");
	}
	html_f(&h, "<p class=\"govuk-body\"><strong>%ld</strong> application%s.</p>\n", total, total == 1 ? "" : "s");
	if (total) {
		static const struct column cols[] = { { "Reference", NULL, 0 }, { "Applicant", NULL, 0 },
			                              { "Kind", NULL, 0 }, { "Level", NULL, 0 }, { "Received", NULL, 0 },
			                              { "Stage", NULL, 0 }, { "Outcome", NULL, 0 } };
		table_paged(&h, rq, &(struct list_view){ .caption = title, LIST_COLS(cols),
		                                         .page = page, .per_page = PER_PAGE, .total = total }, &rows);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int vetting_apps(struct req *rq, struct resp *rs)
{
	const char *s = req_query(rq, "status");
	return list_apps(rq, rs, s ? s : "", "Vetting applications");
}

static int vetting_appeals(struct req *rq, struct resp *rs)
{
	return list_apps(rq, rs, "appealed", "Vetting appeals");
}

static void app_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	char key[65];
	regpage_submit_key(rq, key);
	struct level_opts lo;
	level_options(rq, &lo, 1);
	page_begin_errs(&h, rq, rs, errs, "/vetting/applications", "Record a vetting application");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Record a vetting application</h1>\n<p class=\"govuk-body\">Equality "
	           "information is recorded separately, after this, and is never shown to the decision maker.</p>\n");
	form_begin(&h, rq, "/vetting/applications");
	form_hidden(&h, "submit_key", key);
	form_input(&h, &(struct field){ .name = "applicant_name", .label = "Applicant's name",
	                                .value = req_form(rq, "applicant_name"), .errs = errs });
	form_radios(&h, &(struct field){ .name = "kind", .label = "Kind of applicant", .value = req_form(rq, "kind"),
	                                 .options = kind_opts, .noptions = 5, .errs = errs });
	form_input(&h, &(struct field){ .name = "staff_number", .label = "Staff number (internal applicants)",
	                                .value = req_form(rq, "staff_number"), .width = "govuk-input--width-10",
	                                .errs = errs });
	form_select(&h, &(struct field){ .name = "level", .label = "Level sought", .value = req_form(rq, "level"),
	                                 .options = lo.o, .noptions = lo.n, .errs = errs });
	form_input(&h, &(struct field){ .name = "post", .label = "Post (optional)", .value = req_form(rq, "post"),
	                                .errs = errs });
	form_date(&h, &(struct field){ .name = "received", .label = "Date received", .value = req_form(rq, "received"),
	                               .errs = errs });
	form_date(&h, &(struct field){ .name = "initial_done", .label = "Initial checks completed (optional)",
	                               .value = req_form(rq, "initial_done"), .errs = errs });
	form_date(&h, &(struct field){ .name = "full_started", .label = "Full vetting started (optional)",
	                               .value = req_form(rq, "full_started"), .errs = errs });
	form_button(&h, "Record application", NULL);
	form_end(&h);
	page_end(&h);
}

static int vetting_app_new(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	app_form(rq, rs, &errs);
	return 0;
}

static int vetting_app_create(struct req *rq, struct resp *rs)
{
	struct vapp_input in = {
		.applicant_name = req_form(rq, "applicant_name"), .staff_number = req_form(rq, "staff_number"),
		.kind = req_form(rq, "kind"), .level = req_form(rq, "level"), .post = req_form(rq, "post"),
		.received = req_form(rq, "received"), .initial_done = req_form(rq, "initial_done"),
		.full_started = req_form(rq, "full_started"), .submit_key = req_form(rq, "submit_key"),
	};
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	if (vapp_create(rq->store, rq->actor, &in, &id, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			app_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/vetting/applications/", id, "?done=created");
	return 0;
}

/* The decision page: everything the decision maker needs and nothing about
 * the applicant's protected characteristics. */
static void app_page(struct req *rq, struct resp *rs, const struct vetting_app *a, const struct errlist *errs)
{
	struct html h;
	char action[96];
	int work = vapp_may_work(rq->store, rq->actor, a);
	static const char *const lists[] = { "/vetting/applications", "/vetting/appeals", NULL };
	char back[REGPAGE_BACK_MAX];
	page_begin_errs(&h, rq, rs, errs,
	                regpage_back(rq, lists,
	                             actor_has(rq->actor, VETTING_WORK) ? "/vetting/applications" : "/vetting/appeals", back),
	                "Application %s", a->ref);
	const char *done = req_query(rq, "done");
	if (done) {
		const char *msg = !strcmp(done, "created") ? "Application recorded" : !strcmp(done, "decided") ? "Decision recorded"
		                  : !strcmp(done, "equality") ? "Equality information recorded"
		                  : !strcmp(done, "appeal") ? "Appeal recorded" : !strcmp(done, "appeal_decided") ? "Appeal decided"
		                  : "Saved";
		banner_success(&h, msg, NULL);
	}
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s, %s</span><h1 class=\"govuk-heading-l\">Application %s</h1>\n",
	       vetting_kind_label(a->kind), a->level, a->ref);
	const char *shown, *colour;
	vapp_outcome_shown(a, &shown, &colour);
	html_f(&h, "<p class=\"govuk-body\">" GOVUK_TAG "</p>\n", colour, shown);
	summary_begin(&h);
	summary_row(&h, "Applicant", "%s", a->applicant_name[0] ? a->applicant_name : "(imported record)");
	summary_row(&h, "Kind", "%s", vetting_kind_label(a->kind));
	summary_row(&h, "Level sought", "%s", a->level);
	summary_row(&h, "Post", "%s", a->post[0] ? a->post : "Not recorded");
	summary_row(&h, "Received", "%D", a->received);
	summary_row(&h, "Initial checks completed", "%D", a->initial_done[0] ? a->initial_done : "Not yet");
	summary_row(&h, "Full vetting started", "%D", a->full_started[0] ? a->full_started : "Not yet");
	summary_row(&h, "Stage reached", "%s", a->stage[0] == 'f' ? "Full vetting" : "Initial vetting checks");
	if (a->outcome[0]) {
		summary_row(&h, "Decided", "%D%s%s", a->decided, a->decided_by[0] ? " by " : "", a->decided_by);
		if (a->ground[0])
			summary_row(&h, "Grounds for refusal", "%s", vetting_ground_label(a->ground));
		if (a->conditions[0])
			summary_row(&h, "Conditions", "%s", a->conditions);
		summary_row(&h, "Rationale", "%s", a->rationale[0] ? a->rationale : "Not recorded");
	}
	summary_end(&h);
	if (work && !a->outcome[0]) {
		snprintf(action, sizeof action, "/vetting/applications/%lld/stages", (long long)a->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Stages</h2>\n");
		form_begin(&h, rq, action);
		form_date(&h, &(struct field){ .name = "initial_done", .label = "Initial checks completed",
		                               .value = req_form(rq, "initial_done") ? req_form(rq, "initial_done") : a->initial_done,
		                               .errs = errs });
		form_date(&h, &(struct field){ .name = "full_started", .label = "Full vetting started",
		                               .value = req_form(rq, "full_started") ? req_form(rq, "full_started") : a->full_started,
		                               .errs = errs });
		form_button(&h, "Save stages", "secondary");
		form_end(&h);
		snprintf(action, sizeof action, "/vetting/applications/%lld/decision", (long long)a->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Decision</h2>\n");
		form_begin(&h, rq, action);
		struct buf cb; /* conditions revealed under "Granted with conditions" */
		struct html hc;
		buf_init(&cb, 1 << 16);
		html_init(&hc, &cb);
		form_textarea(&hc, &(struct field){ .name = "conditions", .maxlength = 2000, .label = "Conditions",
		                                    .hint = "The risk mitigation the grant depends on",
		                                    .value = req_form(rq, "conditions"), .rows = 3, .errs = errs });
		const char *reveal[4] = { NULL, buf_str(&cb), NULL, NULL }; /* outcome_opts' order */
		form_radios(&h, &(struct field){ .name = "outcome", .label = "Outcome", .value = req_form(rq, "outcome"),
		                                 .options = outcome_opts, .noptions = 4, .reveal = reveal, .errs = errs });
		buf_release(&cb);
		form_radios(&h, &(struct field){ .name = "stage", .label = "Stage reached",
		                                 .value = req_form(rq, "stage") ? req_form(rq, "stage") : a->stage,
		                                 .options = stage_opts, .noptions = 2, .inline_ = 1, .errs = errs });
		form_select(&h, &(struct field){ .name = "ground", .label = "Grounds for refusal",
		                                 .value = req_form(rq, "ground"), .options = ground_opts, .noptions = 7,
		                                 .errs = errs });
		form_textarea(&h, &(struct field){ .name = "rationale", .maxlength = 4000, .label = "Rationale",
		                                   .hint = "The reasons for the decision, as they will be recorded",
		                                   .value = req_form(rq, "rationale"), .rows = 5, .errs = errs });
		form_date(&h, &(struct field){ .name = "decided", .label = "Date of decision",
		                               .value = req_form(rq, "decided"), .errs = errs });
		form_button(&h, "Record decision", NULL);
		form_end(&h);
	}
	if (work) {
		html_f(&h, "<p class=\"govuk-body\">Equality information %s. The applicant (through a one-time link) or "
		           "equality monitoring enters it, never the vetting unit, and it is not shown here.</p>\n",
		       vapp_equality_recorded(rq->store, a->id) ? "has been recorded" : "has not been recorded");
		char lhref[96];
		snprintf(lhref, sizeof lhref, "/vetting/applications/%lld/equality-link", (long long)a->id);
		form_begin(&h, rq, lhref);
		form_button(&h, "Create a one-time equality link for the applicant", "secondary");
		form_end(&h);
	}
	if (status_table_index(vetting_outcomes, VET_NOUTCOME, a->outcome) == VET_REFUSED || a->appeal_id) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Appeal</h2>\n");
		if (a->appeal_id) {
			summary_begin(&h);
			summary_row(&h, "Received", "%D", a->appeal_received);
			summary_row(&h, "Grounds of appeal", "%s", a->appeal_grounds);
			summary_row(&h, "Outcome", "%s", a->appeal_outcome[0] ? (!strcmp(a->appeal_outcome, "upheld")
			                                                         ? "Refusal upheld" : "Refusal overturned")
			                                                      : "Awaiting the deputy chief constable");
			if (a->appeal_outcome[0]) {
				summary_row(&h, "Reason", "%s", a->appeal_reason);
				summary_row(&h, "Decided", "%D by %s", a->appeal_decided, a->appeal_by);
			}
			summary_end(&h);
			if (vapp_may_decide_appeal(rq->store, rq->actor, a)) {
				static const struct option ao[] = { { "upheld", "Uphold the refusal", NULL, 0 },
					                            { "overturned", "Overturn the refusal", NULL, 0 } };
				snprintf(action, sizeof action, "/vetting/applications/%lld/appeal/decision", (long long)a->id);
				form_begin(&h, rq, action);
				form_radios(&h, &(struct field){ .name = "appeal_outcome", .label = "Appeal decision",
				                                 .value = req_form(rq, "appeal_outcome"), .options = ao,
				                                 .noptions = 2, .errs = errs });
				form_textarea(&h, &(struct field){ .name = "reason", .maxlength = 4000, .label = "Reason",
				                                   .value = req_form(rq, "reason"), .rows = 4, .errs = errs });
				form_date(&h, &(struct field){ .name = "appeal_decided", .label = "Date of the appeal decision",
				                               .value = req_form(rq, "appeal_decided"), .errs = errs });
				form_button(&h, "Record appeal decision", NULL);
				form_end(&h);
			}
		} else if (work) {
			snprintf(action, sizeof action, "/vetting/applications/%lld/appeal", (long long)a->id);
			html_f(&h, "<p class=\"govuk-body\">An applicant may appeal a refusal in writing; the deputy chief "
			           "constable decides.</p>\n");
			form_begin(&h, rq, action);
			form_date(&h, &(struct field){ .name = "appeal_received", .label = "Date the appeal was received",
			                               .value = req_form(rq, "appeal_received"), .errs = errs });
			form_textarea(&h, &(struct field){ .name = "grounds", .maxlength = 4000, .label = "Grounds of appeal",
			                                   .value = req_form(rq, "grounds"), .rows = 4, .errs = errs });
			form_button(&h, "Record appeal", "secondary");
			form_end(&h);
		}
	}
	page_end(&h);
}

static int show_app(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct vetting_app *a = xmalloc(sizeof *a);
	struct err e = { 0 };
	if (vapp_get(rq->store, rq->actor, req_id(rq, "id"), a, &e)) {
		free(a);
		return page_fail(rq, rs, &e);
	}
	app_page(rq, rs, a, errs);
	free(a);
	return 0;
}

static int vetting_app_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return show_app(rq, rs, &errs);
}

static int vetting_app_stages(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (vapp_stages(rq->store, rq->actor, id, req_form(rq, "initial_done"), req_form(rq, "full_started"), &errs, &e))
		return e.code == ERR_INPUT ? show_app(rq, rs, &errs) : page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/vetting/applications/", id, "?done=stages");
	return 0;
}

static int vetting_app_decide(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	struct vapp_decision d = { req_form(rq, "outcome"), req_form(rq, "stage"), req_form(rq, "ground"),
		                   req_form(rq, "conditions"), req_form(rq, "rationale"), req_form(rq, "decided") };
	if (vapp_decide(rq->store, rq->actor, id, &d, &errs, &e))
		return e.code == ERR_INPUT ? show_app(rq, rs, &errs) : page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/vetting/applications/", id, "?done=decided");
	return 0;
}

static int vetting_app_appeal(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (vapp_appeal_lodge(rq->store, rq->actor, id, req_form(rq, "appeal_received"), req_form(rq, "grounds"), &errs,
	                      &e))
		return e.code == ERR_INPUT ? show_app(rq, rs, &errs) : page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/vetting/applications/", id, "?done=appeal");
	return 0;
}

static int vetting_app_appeal_decide(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (vapp_appeal_decide(rq->store, rq->actor, id, req_form(rq, "appeal_outcome"), req_form(rq, "reason"),
	                       req_form(rq, "appeal_decided"), &errs, &e))
		return e.code == ERR_INPUT ? show_app(rq, rs, &errs) : page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/vetting/applications/", id, "?done=appeal_decided");
	return 0;
}

/* Equality information: a write-only form, GOV.UK radios built from the
 * domain's scheme (vetting_equality_options: ethnicity's 19 census groups
 * under their five headings), each question with "Prefer not to say"; a
 * question left unanswered is "Not declared". It never shows stored values. */
struct eq_radios {
	struct html *h;
	const char *name, *value;
	int n;
};

static void eq_radio(void *ctx, const char *heading, const char *value, const char *label)
{
	struct eq_radios *r = ctx;
	if (heading)
		html_f(r->h, "%s<p class=\"govuk-body govuk-!-font-weight-bold govuk-!-margin-top-4 govuk-!-margin-bottom-2\">"
		             "%s</p>\n<div class=\"govuk-radios govuk-radios--small\" data-module=\"govuk-radios\">\n",
		       r->n ? "</div>\n" : "", heading);
	else if (!r->n)
		html_f(r->h, "<div class=\"govuk-radios govuk-radios--small\" data-module=\"govuk-radios\">\n");
	r->n++;
	char id[64];
	snprintf(id, sizeof id, "%s-%d", r->name, r->n);
	html_f(r->h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%a\" name=\"%a\" "
	             "type=\"radio\" value=\"%a\"%s><label class=\"govuk-label govuk-radios__label\" for=\"%a\">%s</label>"
	             "</div>\n", id, r->name, value, r->value && !strcmp(r->value, value) ? " checked" : "", id, label);
}

static void eq_question(struct html *h, struct req *rq, int c, const struct errlist *errs)
{
	const char *name = dp_characteristics[c], *err = errlist_get(errs, name);
	html_f(h, "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" aria-describedby=\"%a-hint\">"
	          "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">%s</legend>"
	          "<div id=\"%a-hint\" class=\"govuk-hint\">Leave unanswered if the applicant did not say.</div>\n",
	       err ? " govuk-form-group--error" : "", name, dp_characteristic_labels[c], name);
	if (err)
		html_f(h, "<p id=\"%a-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:"
		          "</span> %s</p>\n", name, err);
	struct eq_radios r = { h, name, req_form(rq, name), 0 };
	vetting_equality_options(c, eq_radio, &r);
	html_f(h, "</div>\n</fieldset></div>\n");
}

static void equality_form(struct req *rq, struct resp *rs, const char *action, int applicant,
                          const struct errlist *errs)
{
	struct html h;
	page_begin_errs(&h, rq, rs, errs, NULL, "Equality information");
	form_error_summary(&h, errs);
	if (applicant)
		html_f(&h, "<h1 class=\"govuk-heading-l\">Equality monitoring</h1>\n<p class=\"govuk-body\">The force "
		           "monitors whether its vetting decisions are fair to every group. Your answers are kept apart from "
		           "your application: the vetting unit and whoever decides your application never see them, and "
		           "they are only counted, with others, in the equality report. Every question is optional. This "
		           "link works once.</p>\n");
	else
		html_f(&h, "<h1 class=\"govuk-heading-l\">Equality information</h1>\n<p class=\"govuk-body\">Enter what "
		           "the applicant declared on their equality monitoring form. It is stored apart from the "
		           "application, is never shown to the vetting unit or the decision maker and is read only, in "
		           "aggregate, by equality reporting. Saving replaces anything recorded before; what was recorded "
		           "is not shown again.</p>\n");
	if (applicant) {
		html_f(&h, "<form method=\"post\" action=\"%a\" novalidate>\n", action);
	} else {
		form_begin(&h, rq, action);
	}
	for (int c = 0; c < DP_NCHAR; c++)
		eq_question(&h, rq, c, errs);
	form_button(&h, applicant ? "Send my answers" : "Save equality information", NULL);
	form_end(&h);
	page_end(&h);
}

static void equality_action(char *out, size_t n, int64_t id)
{
	snprintf(out, n, "/vetting/applications/%lld/equality", (long long)id);
}

/* The applicant's one-time link: GET shows the form, POST stores the
 * answers and uses the link up. No account; the token is the secret. */
static int equality_link_form(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	char action[96];
	const char *token = req_param(rq, "token");
	if (vapp_equality_link_check(rq->store, token, &e))
		return page_fail(rq, rs, &e);
	snprintf(action, sizeof action, "/equality/%s", token);
	equality_form(rq, rs, action, 1, &errs);
	return 0;
}

static int equality_link_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *token = req_param(rq, "token");
	const char *v[DP_NCHAR];
	for (int i = 0; i < DP_NCHAR; i++)
		v[i] = req_form(rq, dp_characteristics[i]);
	if (vapp_equality_by_link(rq->store, token, v, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			char action[96];
			snprintf(action, sizeof action, "/equality/%s", token);
			rs->status = 400;
			equality_form(rq, rs, action, 1, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Thank you");
	html_f(&h, "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Thank you"
	           "</h1><div class=\"govuk-panel__body\">Your answers have been recorded</div></div>\n"
	           "<p class=\"govuk-body\">They are kept apart from your application. You can close this page.</p>\n");
	page_end(&h);
	return 0;
}

/* The vetting unit creates the link and sees its address once. */
static int equality_link_create(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	char token[TOKEN_HEX], expires[11];
	if (vapp_equality_link(rq->store, rq->actor, id, token, expires, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	char back[96];
	snprintf(back, sizeof back, "/vetting/applications/%lld", (long long)id);
	const char *host = req_header(rq, "Host");
	page_begin_back(&h, rq, rs, "Equality link created", back);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Equality link created</h1>\n<p class=\"govuk-body\">Send this "
	           "address to the applicant. It works once, without an account, until %s. It is shown only now; "
	           "creating another replaces it.</p>\n<p class=\"govuk-body govuk-!-font-weight-bold\">"
	           "<code>%s%s/equality/%s</code></p>\n", expires, host && *host ? "http://" : "", host ? host : "", token);
	page_end(&h);
	return 0;
}

static int vetting_equality_form(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!vapp_exists(rq->store, req_id(rq, "id"))) {
		page_error(rq, rs, 404);
		return 0;
	}
	if (vapp_equality_may_enter(rq->store, rq->actor, req_id(rq, "id"), &e))
		return page_fail(rq, rs, &e);
	char action[96];
	equality_action(action, sizeof action, req_id(rq, "id"));
	equality_form(rq, rs, action, 0, &errs);
	return 0;
}

static int vetting_equality_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	const char *v[DP_NCHAR];
	for (int i = 0; i < DP_NCHAR; i++)
		v[i] = req_form(rq, dp_characteristics[i]);
	if (vapp_equality_set(rq->store, rq->actor, id, v, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			char action[96];
			equality_action(action, sizeof action, id);
			rs->status = 400;
			equality_form(rq, rs, action, 0, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Equality information recorded");
	html_f(&h, "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Equality "
	           "information recorded</h1><div class=\"govuk-panel__body\">Application %lld</div></div>\n"
	           "<p class=\"govuk-body\">It is kept apart from the application and counted only in the equality "
	           "report.</p>\n", (long long)id);
	page_end(&h);
	return 0;
}

/* ---- timeliness ---- */

static void days_text(double d, char *out, size_t n)
{
	snprintf(out, n, "%.1f", d);
}

static int timeliness_row(void *ctx, const struct timeliness_row *t)
{
	struct html *h = ctx;
	char m[16], p[16];
	days_text(t->median, m, sizeof m);
	days_text(t->p90, p, sizeof p);
	table_row_begin(h);
	table_cell(h, 0, "%s", t->month);
	table_cell(h, 0, "%s", t->level);
	table_cell(h, 0, "%s", t->stage[0] == 'f' ? "Full vetting" : "Initial checks");
	table_cell(h, 1, "%ld", t->n);
	table_cell(h, 1, "%s", m);
	table_cell(h, 1, "%s", p);
	table_row_end(h);
	return 0;
}

static int vetting_timeliness_page(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	char from[11], to[11];
	date_today(to);
	date_format(date_days(to) - 365, from);
	const char *qf = req_query(rq, "from"), *qt = req_query(rq, "to");
	if (qf && date_valid(qf))
		snprintf(from, sizeof from, "%s", qf);
	if (qt && date_valid(qt))
		snprintf(to, sizeof to, "%s", qt);
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	if (vetting_timeliness(rq->store, rq->actor, from, to, timeliness_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "Vetting timeliness");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Vetting timeliness</h1>\n<p class=\"govuk-body\">Days from receiving "
	           "an application to its decision (withdrawals excluded), by month of decision, level and the stage "
	           "reached: the median and the 90th percentile (linear interpolation).</p>\n");
	form_begin_get(&h, "/vetting/timeliness");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "from", .label = "Decided from", .value = from });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(&h, &(struct field){ .name = "to", .label = "Decided to", .value = to });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter govuk-!-margin-top-6\">");
	form_button(&h, "Show", "secondary");
	html_f(&h, "</div></div>");
	form_end(&h);
	if (!rows.n) {
		html_f(&h, "<p class=\"govuk-body\">No decisions in this period.</p>\n");
	} else {
		static const struct column cols[] = { { "Month", NULL, 0 }, { "Level", NULL, 0 }, { "Stage", NULL, 0 },
			                              { "Decisions", NULL, 1 }, { "Median days", NULL, 1 },
			                              { "90th percentile days", NULL, 1 } };
		table_begin(&h, rq, "Days to decision", cols, 6);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

/* ---- leavers ---- */

static int leaver_row(void *ctx, const struct vetting_leaver *l)
{
	struct cl_ctx *x = ctx;
	struct html *h = x->h;
	table_row_begin(h);
	table_cell(h, 0, "%s (%s)", l->name, l->staff_number);
	table_cell(h, 0, "%s", !strcmp(l->reason, "dismissed") ? "Dismissed" : "Left under investigation");
	table_cell(h, 0, "%s", !strcmp(l->list, "barred") ? "Barred list" : "Advisory list");
	table_cell(h, 0, "%D", l->left_on);
	if (l->notified_on[0]) {
		table_cell(h, 0, "%D", l->notified_on);
	} else if (!leaver_may_update(x->rq->store, x->rq->actor, l)) {
		table_cell(h, 0, "%s", "Not yet: for another officer (separation of duties)");
	} else {
		char action[64], fid[32];
		snprintf(action, sizeof action, "/vetting/leavers/%lld/notified", (long long)l->id);
		snprintf(fid, sizeof fid, "notified-%lld", (long long)l->id);
		html_f(h, "<td class=\"govuk-table__cell\">");
		form_begin(h, x->rq, action);
		form_date(h, &(struct field){ .name = "notified_on", .id = fid, .label = "Date notified" });
		form_button(h, "Record notification", "secondary");
		form_end(h);
		html_f(h, "</td>");
	}
	table_cell(h, 0, "%s", l->notes);
	table_row_end(h);
	x->n++;
	return 0;
}

static void leavers_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	static const struct option reasons[] = { { "dismissed", "Dismissed", NULL, 0 },
		                                 { "left_under_investigation", "Left under investigation", NULL, 0 } };
	static const struct option lists[] = { { "barred", "Barred list", NULL, 0 },
		                               { "advisory", "Advisory list", NULL, 0 } };
	struct err e = { 0 };
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct cl_ctx x = { &hr, rq, 0 };
	if (leavers_list(rq->store, rq->actor, leaver_row, &x, &e)) {
		buf_release(&rows);
		page_fail(rq, rs, &e);
		return;
	}
	page_begin_errs(&h, rq, rs, errs, NULL, "Leavers for the barred and advisory lists");
	const char *done = req_query(rq, "done");
	if (done)
		banner_success(&h, !strcmp(done, "notified") ? "Notification recorded" : "Leaver recorded", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Leavers for the barred and advisory lists</h1>\n<p class=\"govuk-body\">"
	           "Officers and staff dismissed, or who left while under investigation, are notified to the national "
	           "barred list or advisory list. Those not yet notified are listed first.</p>\n");
	if (!x.n) {
		html_f(&h, "<p class=\"govuk-body\">Nobody recorded.</p>\n");
	} else {
		static const struct column cols[] = { { "Person", NULL, 0 }, { "Reason", NULL, 0 }, { "List", NULL, 0 },
			                              { "Left", NULL, 0 }, { "Notified", NULL, 0 }, { "Notes", NULL, 0 } };
		table_begin(&h, rq, "Leavers", cols, 6);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	}
	buf_release(&rows);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Record a leaver</h2>\n");
	form_begin(&h, rq, "/vetting/leavers");
	form_input(&h, &(struct field){ .name = "staff_number", .label = "Staff number", .width = "govuk-input--width-10",
	                                .value = req_form(rq, "staff_number"), .errs = errs });
	form_radios(&h, &(struct field){ .name = "reason", .label = "Reason", .value = req_form(rq, "reason"),
	                                 .options = reasons, .noptions = 2, .errs = errs });
	form_radios(&h, &(struct field){ .name = "list", .label = "List", .value = req_form(rq, "list"),
	                                 .options = lists, .noptions = 2, .inline_ = 1, .errs = errs });
	form_date(&h, &(struct field){ .name = "left_on", .label = "Date they left", .value = req_form(rq, "left_on"),
	                               .errs = errs });
	form_textarea(&h, &(struct field){ .name = "notes", .maxlength = 1000, .label = "Notes (optional)", .value = req_form(rq, "notes"),
	                                   .rows = 2, .errs = errs });
	form_button(&h, "Record leaver", NULL);
	form_end(&h);
	page_end(&h);
}

static int vetting_leavers(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	leavers_page(rq, rs, &errs);
	return 0;
}

static int vetting_leaver_add(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = leaver_add(rq->store, rq->actor, req_form(rq, "staff_number"), req_form(rq, "reason"),
	                    req_form(rq, "list"), req_form(rq, "left_on"), req_form(rq, "notes"), &errs, &e);
	return post_done(rq, rs, rc, &e, leavers_page, &errs, "/vetting/leavers?done=added");
}

static int vetting_leaver_notified(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = leaver_notified(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "notified_on"), &errs, &e);
	return post_done(rq, rs, rc, &e, leavers_page, &errs, "/vetting/leavers?done=notified");
}

/* ---- levels (admin edits; the vetting unit reads) ---- */

static int level_row(void *ctx, const struct vetting_level *l)
{
	struct cl_ctx *x = ctx;
	struct html *h = x->h;
	table_row_begin(h);
	table_cell(h, 0, "%s", l->code);
	table_cell(h, 0, "%s", l->name);
	table_cell(h, 0, "%s", !strcmp(l->family, "police") ? "Police vetting" : "National security vetting");
	table_cell(h, 1, "%d", l->rank);
	table_cell(h, 1, "%d", l->renewal_months);
	if (actor_has(x->rq->actor, ROLE_ADMIN)) {
		char action[64], id[40], rk[16], rn[16];
		snprintf(action, sizeof action, "/vetting/levels/%s", l->code);
		snprintf(rk, sizeof rk, "%d", l->rank);
		snprintf(rn, sizeof rn, "%d", l->renewal_months);
		html_f(h, "<td class=\"govuk-table__cell\"><details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
		          "<span class=\"govuk-details__summary-text\">Change %s</span></summary><div class=\"govuk-details__text\">",
		       l->code);
		form_begin(h, x->rq, action);
		form_hidden(h, "family", l->family);
		snprintf(id, sizeof id, "name-%s", l->code);
		html_f(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">Name</label>"
		          "<input class=\"govuk-input\" id=\"%a\" name=\"name\" value=\"%a\"></div>", id, id, l->name);
		snprintf(id, sizeof id, "rank-%s", l->code);
		html_f(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">Rank</label>"
		          "<input class=\"govuk-input govuk-input--width-3\" id=\"%a\" name=\"rank\" value=\"%a\"></div>", id, id, rk);
		snprintf(id, sizeof id, "renewal-%s", l->code);
		html_f(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">Renewal (months)</label>"
		          "<input class=\"govuk-input govuk-input--width-3\" id=\"%a\" name=\"renewal\" value=\"%a\"></div>", id, id, rn);
		form_button(h, "Save", "secondary");
		form_end(h);
		html_f(h, "</div></details></td>");
	}
	table_row_end(h);
	return 0;
}

static void levels_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	static const struct option fam[] = { { "police", "Police vetting", NULL, 0 },
		                             { "national_security", "National security vetting", NULL, 0 } };
	struct err e = { 0 };
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct cl_ctx x = { &hr, rq, 0 };
	vetting_levels_list(rq->store, level_row, &x, &e);
	int admin = actor_has(rq->actor, ROLE_ADMIN);
	page_begin_errs(&h, rq, rs, errs, NULL, "Vetting levels");
	if (req_query(rq, "done"))
		banner_success(&h, "Saved", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Vetting levels</h1>\n<p class=\"govuk-body\">A clearance meets a post's "
	           "requirement when it is in the same family with the same or a higher rank. Renewal periods set the "
	           "default expiry of a new clearance (0: no fixed renewal).</p>\n");
	static const struct column cols[] = { { "Code", NULL, 0 }, { "Name", NULL, 0 }, { "Family", NULL, 0 },
		                              { "Rank", NULL, 1 }, { "Renewal (months)", NULL, 1 }, { "Change", NULL, 0 } };
	table_begin(&h, rq, "Levels", cols, admin ? 6 : 5);
	html_f(&h, "%R", buf_str(&rows));
	table_end(&h);
	buf_release(&rows);
	if (admin) {
		char days[24], under[24];
		snprintf(days, sizeof days, "%lld", (long long)config_int(rq->store, "vetting.expiring_days", 90));
		snprintf(under, sizeof under, "%lld", (long long)config_int(rq->store, "vetting.suppress_under", 10));
		html_f(&h, "<h2 class=\"govuk-heading-m\">Settings</h2>\n");
		form_begin(&h, rq, "/vetting/settings");
		form_input(&h, &(struct field){ .name = "expiring_days", .label = "Expiring soon window (days)",
		                                .hint = "Compliance lists clearances expiring within this many days",
		                                .width = "govuk-input--width-4", .inputmode = "numeric",
		                                .value = req_form(rq, "expiring_days") ? req_form(rq, "expiring_days") : days,
		                                .errs = errs });
		form_input(&h, &(struct field){ .name = "suppress_under", .label = "Smallest group to publish",
		                                .hint = "In the published disproportionality report, groups with fewer "
		                                        "decided applications show c",
		                                .width = "govuk-input--width-4", .inputmode = "numeric",
		                                .value = req_form(rq, "suppress_under") ? req_form(rq, "suppress_under") : under,
		                                .errs = errs });
		form_button(&h, "Save settings", "secondary");
		form_end(&h);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Add a level</h2>\n");
		form_begin(&h, rq, "/vetting/levels");
		form_input(&h, &(struct field){ .name = "code", .label = "Code", .width = "govuk-input--width-10",
		                                .value = req_form(rq, "code"), .errs = errs });
		form_input(&h, &(struct field){ .name = "name", .label = "Name", .value = req_form(rq, "name"), .errs = errs });
		form_radios(&h, &(struct field){ .name = "family", .label = "Family", .value = req_form(rq, "family"),
		                                 .options = fam, .noptions = 2, .errs = errs });
		form_input(&h, &(struct field){ .name = "rank", .label = "Rank", .width = "govuk-input--width-3",
		                                .value = req_form(rq, "rank"), .errs = errs });
		form_input(&h, &(struct field){ .name = "renewal", .label = "Renewal period in months",
		                                .width = "govuk-input--width-3", .value = req_form(rq, "renewal"), .errs = errs });
		form_button(&h, "Add level", NULL);
		form_end(&h);
	}
	page_end(&h);
}

static int vetting_levels(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	levels_page(rq, rs, &errs);
	return 0;
}

static int level_post(struct req *rq, struct resp *rs, int create)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *code = create ? req_form(rq, "code") : req_param(rq, "code");
	int rc = vetting_level_save(rq->store, rq->actor, create, code, req_form(rq, "name"), req_form(rq, "family"),
	                            req_form(rq, "rank"), req_form(rq, "renewal"), &errs, &e);
	return post_done(rq, rs, rc, &e, levels_page, &errs, "/vetting/levels?done=saved");
}

static int vetting_settings_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *d = req_form(rq, "expiring_days"), *u = req_form(rq, "suppress_under");
	char *end;
	long dv = d && *d ? strtol(d, &end, 10) : -1;
	if (!d || !*d || *end || dv < 1 || dv > 730)
		errlist_add(&errs, "expiring_days", "Enter a whole number of days from 1 to 730");
	long uv = u && *u ? strtol(u, &end, 10) : -1;
	if (!u || !*u || *end || uv < 1 || uv > 1000)
		errlist_add(&errs, "suppress_under", "Enter a whole number from 1 to 1000");
	if (errs.n) {
		levels_page(rq, rs, &errs);
		return 0;
	}
	char a[24], b[24];
	snprintf(a, sizeof a, "%ld", dv);
	snprintf(b, sizeof b, "%ld", uv);
	if (config_set(rq->store, rq->actor, "vetting.expiring_days", a, &e) ||
	    config_set(rq->store, rq->actor, "vetting.suppress_under", b, &e))
		return page_fail(rq, rs, &e);
	resp_redirect(rs, "/vetting/levels?done=saved");
	return 0;
}

static int vetting_level_create(struct req *rq, struct resp *rs) { return level_post(rq, rs, 1); }
static int vetting_level_update(struct req *rq, struct resp *rs) { return level_post(rq, rs, 0); }

/* ---- JSON API (the same blind view as the pages) ---- */

static json_t *app_json(const struct vetting_app *a)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
	                      (json_int_t)a->id, "reference", a->ref, "applicant_name", a->applicant_name, "applicant_kind",
	                      a->kind, "level", a->level, "post", a->post, "received", a->received, "initial_done",
	                      a->initial_done, "full_started", a->full_started, "stage_reached", a->stage, "outcome",
	                      a->outcome, "decided", a->decided, "refusal_ground", a->ground, "conditions", a->conditions,
	                      "rationale", a->rationale);
	if (j && a->appeal_id)
		json_object_set_new(j, "appeal", json_pack("{s:s, s:s, s:s, s:s, s:s}", "received", a->appeal_received,
		                                           "grounds", a->appeal_grounds, "outcome", a->appeal_outcome,
		                                           "reason", a->appeal_reason, "decided", a->appeal_decided));
	return j;
}

static int json_app_row(void *ctx, const struct vetting_app *a)
{
	json_array_append_new(ctx, app_json(a));
	return 0;
}

static int api_apps(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	long total = 0;
	json_t *items = json_array();
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	if (vapps_list(rq->store, rq->actor, nz(req_query(rq, "status")), page, per_page, json_app_row, items, &total,
	               &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

static int api_app(struct req *rq, struct resp *rs)
{
	struct vetting_app *a = xmalloc(sizeof *a);
	struct err e = { 0 };
	if (vapp_get(rq->store, rq->actor, req_id(rq, "id"), a, &e)) {
		free(a);
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, app_json(a));
	free(a);
	return 0;
}

static int json_compliance_row(void *ctx, const struct compliance_row *c)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "person_id",
	                                     (json_int_t)c->person_id, "staff_number", c->staff_number, "name", c->name,
	                                     "unit", c->unit, "post", c->post, "post_requires", c->required, "issue",
	                                     c->issue, "clearance", c->level, "expiry", c->expiry));
	return 0;
}

static int api_compliance(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	long total = 0;
	json_t *items = json_array();
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	if (vetting_compliance(rq->store, rq->actor, issue_filter(rq), query_id(rq, "unit"), page, per_page,
	                       json_compliance_row, items, &total, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

/* ---- the work queue and the leavers as JSON (docs/API.md): the pages'
 * domain calls (tasks_list, leavers_list), so the same rules and access log */

static int json_task(void *ctx, const struct vetting_task *t)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "id",
	                                     (json_int_t)t->id, "person_id", (json_int_t)t->person_id, "staff_number",
	                                     t->staff_number, "name", t->person_name, "kind", t->kind, "source",
	                                     t->source, "source_id", (json_int_t)t->source_id, "detail", t->detail,
	                                     "status", t->status, "outcome", t->outcome, "created_at", t->created_at,
	                                     "closed_at", t->closed_at));
	return 0;
}

static int api_tasks(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	const char *status = req_query(rq, "status");
	if (!status)
		status = "open"; /* as the page */
	if (*status && status_table_index(task_statuses, TASK_NSTATUS, status) < 0) {
		resp_json_error_field(rs, 400, "status must be open, closed or empty (all)", "status");
		return 0;
	}
	long total = 0;
	json_t *items = json_array();
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	if (tasks_list(rq->store, rq->actor, status, page, per_page, json_task, items, &total, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

static int json_leaver(void *ctx, const struct vetting_leaver *l)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)l->id,
	                                     "person_id", (json_int_t)l->person_id, "staff_number", l->staff_number,
	                                     "name", l->name, "reason", l->reason, "list", l->list, "left_on",
	                                     l->left_on, "notified_on", l->notified_on, "notes", l->notes));
	return 0;
}

static int api_leavers(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (leavers_list(rq->store, rq->actor, json_leaver, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

/* Timeliness as JSON: vetting_timeliness, as the page (its internal
 * report roles); one item per month, level and stage. A date that is not
 * one is refused here (the page falls back to the last year). */
static int json_timeliness(void *ctx, const struct timeliness_row *t)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:i, s:f, s:f}", "month", t->month, "level", t->level,
	                                     "stage", t->stage[0] == 'f' ? "full" : "initial", "decisions", (int)t->n,
	                                     "median_days", round(t->median * 10.0) / 10.0, "p90_days",
	                                     round(t->p90 * 10.0) / 10.0));
	return 0;
}

static int api_timeliness(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	char from[11], to[11];
	date_today(to);
	date_format(date_days(to) - 365, from);
	const char *qf = req_query(rq, "from"), *qt = req_query(rq, "to");
	if ((qf && !date_valid(qf)) || (qt && !date_valid(qt))) {
		resp_json_error_field(rs, 400, "from and to must be dates (YYYY-MM-DD)", qf && !date_valid(qf) ? "from" : "to");
		return 0;
	}
	if (qf)
		snprintf(from, sizeof from, "%s", qf);
	if (qt)
		snprintf(to, sizeof to, "%s", qt);
	json_t *items = json_array();
	if (vetting_timeliness(rq->store, rq->actor, from, to, json_timeliness, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route vetting_routes[] = {
	{ "GET", "/vetting", vetting_home, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/compliance", vetting_compliance_page, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/compliance.csv", vetting_compliance_csv_page, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/people/{id}", vetting_person, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/people/{id}/clearances", vetting_clearance_add, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/clearances/{id}", vetting_clearance_update, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/tasks", vetting_tasks_page, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/tasks/{id}/close", vetting_task_close, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/applications", vetting_apps, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/applications/new", vetting_app_new, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/applications", vetting_app_create, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/applications/{id}", vetting_app_show, ACCESS_PAGE, VETTING_WORK | ROLE_DCC },
	{ "POST", "/vetting/applications/{id}/stages", vetting_app_stages, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/applications/{id}/decision", vetting_app_decide, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/vetting/applications/{id}/equality", vetting_equality_form, ACCESS_PAGE, 0 },
	{ "POST", "/vetting/applications/{id}/equality", vetting_equality_save, ACCESS_PAGE, 0 },
	{ "POST", "/vetting/applications/{id}/equality-link", equality_link_create, ACCESS_PAGE, VETTING_WORK },
	{ "GET", "/equality/{token}", equality_link_form, ACCESS_PUBLIC, 0 },
	{ "POST", "/equality/{token}", equality_link_save, ACCESS_PUBLIC, 0 },
	{ "POST", "/vetting/applications/{id}/appeal", vetting_app_appeal, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/applications/{id}/appeal/decision", vetting_app_appeal_decide, ACCESS_PAGE, ROLE_DCC },
	{ "GET", "/vetting/appeals", vetting_appeals, ACCESS_PAGE, VETTING_WORK | ROLE_DCC },
	{ "GET", "/vetting/timeliness", vetting_timeliness_page, ACCESS_PAGE, VETTING_REPORT_INTERNAL },
	{ "GET", "/vetting/leavers", vetting_leavers, ACCESS_PAGE, VETTING_WORK | ROLE_PSD },
	{ "POST", "/vetting/leavers", vetting_leaver_add, ACCESS_PAGE, VETTING_WORK | ROLE_PSD },
	{ "POST", "/vetting/leavers/{id}/notified", vetting_leaver_notified, ACCESS_PAGE, VETTING_WORK | ROLE_PSD },
	{ "GET", "/vetting/levels", vetting_levels, ACCESS_PAGE, VETTING_WORK },
	{ "POST", "/vetting/levels", vetting_level_create, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/vetting/levels/{code}", vetting_level_update, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/vetting/settings", vetting_settings_save, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/api/vetting/applications", api_apps, ACCESS_API, VETTING_WORK | ROLE_DCC },
	{ "GET", "/api/vetting/applications/{id}", api_app, ACCESS_API, VETTING_WORK | ROLE_DCC },
	{ "GET", "/api/vetting/compliance", api_compliance, ACCESS_API, VETTING_WORK },
	{ "GET", "/api/vetting/tasks", api_tasks, ACCESS_API, VETTING_WORK },
	{ "GET", "/api/vetting/leavers", api_leavers, ACCESS_API, VETTING_WORK | ROLE_PSD },
	{ "GET", "/api/vetting/timeliness", api_timeliness, ACCESS_API, VETTING_REPORT_INTERNAL },
};
ROUTES_END(vetting);

/* ---- the home page's cards ---- */

static void card(struct html *h, const char *href, const char *title, const char *text)
{
	html_f(h, "<div class=\"govuk-grid-column-one-third probity-card\">\n<h2 class=\"govuk-heading-m\"><a class=\"govuk-link "
	          "govuk-link--no-visited-state\" href=\"%a\">%s</a></h2>\n<p class=\"govuk-body\">%s</p>\n</div>\n",
	       href, title, text);
}

void vetting_home_card(struct html *h, struct req *rq)
{
	const struct actor *a = rq->actor;
	if (!actor_has(a, VETTING_REPORT_ANY))
		return;
	html_f(h, "<div class=\"govuk-grid-row probity-cards\">\n");
	if (actor_has(a, VETTING_WORK)) {
		long n = vetting_refresh_count(rq->store, a);
		char title[96];
		snprintf(title, sizeof title, "%ld %s their vetting refreshed", n, n == 1 ? "person needs" : "people need");
		card(h, "/vetting/compliance", title,
		     "Clearances below the post's requirement, expiring soon or lapsed; counts by unit and an export.");
		card(h, "/vetting", "Vetting", "Applications and blind decisions, the work queue, appeals, timeliness, "
		                               "leavers for the barred list, levels.");
	}
	if (actor_has(a, ROLE_DCC))
		card(h, "/vetting/appeals", "Vetting appeals", "Appeals against vetting refusals, for your decision.");
	card(h, "/vetting/disproportionality", "Vetting disproportionality",
	     actor_has(a, VETTING_REPORT_INTERNAL) ? "Refusal rates by protected characteristic, stage and grounds."
	                                           : "The published report: refusal rates by group, small groups suppressed.");
	html_f(h, "</div>\n");
}
