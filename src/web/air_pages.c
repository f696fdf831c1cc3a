/* air_pages.c — the Annual Integrity Review on the web: rounds and their
 * tracking by wave and unit with the overdue list (admin, vetting, PSD),
 * opening a round (admin), the person's pre-filled return, the line
 * manager's team list and sign-off, and the home-page reminders. Every rule
 * lives in src/domain/air.c. */
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/air.h"
#include "web/air_pages.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "web/training_pages.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_label(const char *s) { return status_table_label(air_statuses, AIR_NSTATUS, s); }

static void status_tag(struct html *h, const char *s, int overdue)
{
	if (overdue)
		html_f(h, "<strong class=\"govuk-tag govuk-tag--red\">Overdue: %s</strong>", status_label(s));
	else
		govuk_tag(h, status_table_colour(air_statuses, AIR_NSTATUS, s), status_label(s));
}

/* ---- home reminders ---- */

void air_home(struct html *h, struct req *rq)
{
	struct air_home a;
	struct err e = { 0 };
	if (air_home_info(rq->store, rq->actor, &a, &e))
		return;
	char today[11];
	date_today(today);
	if (a.my_return && status_table_index(air_statuses, AIR_NSTATUS, a.my_status) == AIR_PENDING &&
	    strcmp(a.my_opens, today) <= 0) {
		html_f(h, "<div class=\"govuk-notification-banner\" role=\"region\" aria-labelledby=\"air-mine-title\">"
		          "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
		          "id=\"air-mine-title\">Annual integrity review</h2></div><div class=\"govuk-notification-banner__content\">"
		          "<p class=\"govuk-notification-banner__heading\">Your annual integrity review %s %D. "
		          "<a class=\"govuk-notification-banner__link\" href=\"/air/returns/%I\">Complete your review</a></p>"
		          "</div></div>",
		       a.my_overdue ? "was due on" : "is due by", a.my_due, a.my_return);
	}
	if (a.team_to_sign || a.team_overdue) {
		html_f(h, "<div class=\"govuk-inset-text\"><h2 class=\"govuk-heading-s\">Your team's integrity reviews</h2>"
		          "<p class=\"govuk-body\">%ld waiting for your sign-off; %ld overdue. "
		          "<a class=\"govuk-link\" href=\"/air/team\">See your team's reviews</a></p></div>",
		       a.team_to_sign, a.team_overdue);
	}
}

/* ---- rounds (trackers) ---- */

static int round_row(void *ctx, const struct air_round *r)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/air/rounds/%I\">%d</a>", r->id, r->year);
	table_cell(h, 0, "%s", !strcmp(r->waves_by, "unit") ? "By unit" : "By month");
	table_cell(h, 1, "%ld", r->people);
	table_cell(h, 1, "%ld", r->completed);
	table_cell(h, 1, "%ld", r->submitted);
	table_cell(h, 1, "%ld", r->overdue);
	table_row_end(h);
	return 0;
}

static void air_index_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (air_rounds_list(rq->store, rq->actor, round_row, &hr, &e)) {
		buf_release(&rows);
		page_fail(rq, rs, &e);
		return;
	}
	page_begin_errs(&h, rq, rs, errs, NULL, "Annual integrity review");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Annual integrity review</h1>");
	if (rows.n) {
		static const struct column cols[] = {
			{ "Year", NULL, 0 }, { "Waves", NULL, 0 }, { "People", NULL, 1 }, { "Completed", NULL, 1 },
			{ "Awaiting manager", NULL, 1 }, { "Overdue", NULL, 1 },
		};
		table_begin(&h, rq, "Rounds", cols, 6);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No review round has been opened yet.</p>");
	}
	buf_release(&rows);
	if (actor_has(rq->actor, ROLE_ADMIN)) {
		static const struct option by[] = {
			{ "unit", "By unit", "One wave per area or directorate, spread over the year", 0 },
			{ "month", "By month", "Each person in the month of their service anniversary", 0 },
		};
		html_f(&h, "<h2 class=\"govuk-heading-m\">Open a round</h2>");
		form_begin(&h, rq, "/air/rounds");
		form_input(&h, &(struct field){ .name = "year", .label = "Year", .width = "govuk-input--width-4",
		                                .inputmode = "numeric", .value = req_form(rq, "year"), .errs = errs });
		form_radios(&h, &(struct field){ .name = "waves_by", .label = "Roll it out", .value = req_form(rq, "waves_by"),
		                                 .options = by, .noptions = 2, .errs = errs });
		form_button(&h, "Open the round", NULL);
		form_end(&h);
	}
	page_end(&h);
}

static int air_index(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	air_index_page(rq, rs, &errs);
	return 0;
}

static int air_open(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *y = req_form(rq, "year");
	int year = 0;
	if (y && strlen(y) == 4 && strspn(y, "0123456789") == 4)
		year = atoi(y);
	int64_t id = 0;
	if (air_open_round(rq->store, rq->actor, year, req_form(rq, "waves_by"), &id, &errs, &e)) {
		if (e.code == ERR_INPUT || (e.code == ERR_CONFLICT && errs.n)) {
			air_index_page(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/air/rounds/", id, "?done=opened");
	return 0;
}

struct round_ctx {
	struct html *h;
	int64_t round_id;
};

static int wave_row(void *ctx, const struct air_wave *w)
{
	struct round_ctx *c = ctx;
	struct html *h = c->h;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/air/rounds/%I?wave=%I\">%d. %s</a>", c->round_id, w->id,
	           w->number, w->label);
	table_cell(h, 0, "%D", w->opens_on);
	table_cell(h, 0, "%D", w->due_on);
	table_cell(h, 1, "%ld", w->people);
	table_cell(h, 1, "%ld", w->pending);
	table_cell(h, 1, "%ld", w->submitted);
	table_cell(h, 1, "%ld", w->completed);
	table_cell(h, 1, "%ld", w->overdue);
	table_row_end(h);
	return 0;
}

static int unit_row(void *ctx, const struct air_unit_row *u)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%s", u->unit);
	table_cell(h, 1, "%ld", u->people);
	table_cell(h, 1, "%ld", u->completed);
	table_cell(h, 1, "%ld%%", u->people ? u->completed * 100 / u->people : 0L);
	table_cell(h, 1, "%ld", u->overdue);
	table_row_end(h);
	return 0;
}

static int air_round_page(struct req *rq, struct resp *rs)
{
	struct air_round r;
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (air_round_get(rq->store, rq->actor, id, &r, &e))
		return page_fail(rq, rs, &e);
	const char *wq = req_query(rq, "wave");
	int64_t wave = wq ? strtoll(wq, NULL, 10) : 0;
	if (wave < 0)
		wave = 0;
	struct buf waves, units;
	buf_init(&waves, 0);
	buf_init(&units, 0);
	struct html hw, hu, h;
	html_init(&hw, &waves);
	html_init(&hu, &units);
	struct round_ctx c = { &hw, id };
	if (air_waves_list(rq->store, rq->actor, id, wave_row, &c, &e) ||
	    air_units_progress(rq->store, rq->actor, id, wave, unit_row, &hu, &e)) {
		buf_release(&waves);
		buf_release(&units);
		return page_fail(rq, rs, &e);
	}
	char title[64];
	snprintf(title, sizeof title, "Annual integrity review %d", r.year);
	page_begin_back(&h, rq, rs, title, "/air");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "opened"))
		banner_success(&h, "Round opened", "Each person will see their review from their wave's opening date.");
	if (done && !strcmp(done, "closed"))
		banner_success(&h, "Round closed", "Its reviews no longer appear on home pages or team lists.");
	if (done && !strcmp(done, "joiners"))
		banner_success(&h, "Joiners added", "Everyone who joined since the round opened now has a review.");
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
	summary_begin(&h);
	summary_row(&h, "Rolled out", "%s", !strcmp(r.waves_by, "unit") ? "By unit" : "By month (service anniversary)");
	int open = status_table_index(air_round_statuses, AIR_ROUND_NSTATUS, r.status) == AIR_ROUND_OPEN;
	summary_row(&h, "Status", "%s", air_round_statuses[open ? AIR_ROUND_OPEN : AIR_ROUND_CLOSED].label);
	summary_row(&h, "People", "%ld", r.people);
	summary_row(&h, "Completed", "%ld (%ld%%)", r.completed, r.people ? r.completed * 100 / r.people : 0L);
	summary_row(&h, "Awaiting line manager", "%ld", r.submitted);
	summary_row(&h, "Not started", "%ld", r.pending);
	summary_row(&h, "Overdue", "%ld", r.overdue);
	summary_end(&h);
	if (r.overdue)
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/air/rounds/%I/overdue\">See the %ld "
		           "overdue review%s</a></p>", id, r.overdue, r.overdue == 1 ? "" : "s");
	static const struct column wcols[] = {
		{ "Wave", NULL, 0 }, { "Opens", NULL, 0 }, { "Due", NULL, 0 }, { "People", NULL, 1 },
		{ "Not started", NULL, 1 }, { "Awaiting manager", NULL, 1 }, { "Completed", NULL, 1 }, { "Overdue", NULL, 1 },
	};
	table_begin(&h, rq, "Completion by wave", wcols, 8);
	html_f(&h, "%R", buf_str(&waves));
	table_end(&h);
	static const struct column ucols[] = {
		{ "Unit", NULL, 0 }, { "People", NULL, 1 }, { "Completed", NULL, 1 }, { "Completion", NULL, 1 },
		{ "Overdue", NULL, 1 },
	};
	if (wave)
		html_f(&h, "<p class=\"govuk-body\">Units in one wave only. <a class=\"govuk-link\" href=\"/air/rounds/%I\">"
		           "Show every wave</a></p>", id);
	table_begin(&h, rq, "Completion by unit", ucols, 5);
	html_f(&h, "%R", buf_str(&units));
	table_end(&h);
	if (actor_has(rq->actor, ROLE_ADMIN) && open) {
		char action[64];
		snprintf(action, sizeof action, "/air/rounds/%lld/joiners", (long long)id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">People who joined since the round opened</h2>"
		           "<p class=\"govuk-body\">Give each of them a review in the wave the round's rule gives them.</p>");
		form_begin(&h, rq, action);
		form_button(&h, "Add joiners to this round", "secondary");
		form_end(&h);
		snprintf(action, sizeof action, "/air/rounds/%lld/close", (long long)id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Close the round</h2><p class=\"govuk-body\">Unfinished reviews "
		           "leave the home pages and team lists. The tracking stays here.</p>");
		form_begin(&h, rq, action);
		form_button(&h, "Close this round", "warning");
		form_end(&h);
	}
	buf_release(&waves);
	buf_release(&units);
	page_end(&h);
	return 0;
}

static int overdue_row(void *ctx, const struct air_return *x)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/air/returns/%I\">%s</a> (%s)", x->id, x->person_name,
	           x->staff_number);
	table_cell(h, 0, "%s", x->unit);
	table_cell(h, 0, "%s", x->wave_label);
	table_cell(h, 0, "%D", x->due_on);
	table_cell(h, 0, "%s", x->manager_name[0] ? x->manager_name : "None");
	table_cell(h, 0, "%s", status_label(x->status));
	table_row_end(h);
	return 0;
}

static int air_overdue(struct req *rq, struct resp *rs)
{
	struct air_round r;
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (air_round_get(rq->store, rq->actor, id, &r, &e))
		return page_fail(rq, rs, &e);
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	long total = 0;
	int page = req_page(rq);
	if (air_overdue_list(rq->store, rq->actor, id, page, 50, overdue_row, &hr, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	char title[64], back[40];
	snprintf(title, sizeof title, "Overdue integrity reviews %d", r.year);
	snprintf(back, sizeof back, "/air/rounds/%lld", (long long)id);
	page_begin_back(&h, rq, rs, title, back);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1><p class=\"govuk-body\"><strong>%ld</strong> overdue.</p>", title,
	       total);
	if (total) {
		static const struct column cols[] = {
			{ "Person", NULL, 0 }, { "Unit", NULL, 0 }, { "Wave", NULL, 0 }, { "Due", NULL, 0 },
			{ "Line manager", NULL, 0 }, { "Stage", NULL, 0 },
		};
		table_paged(&h, rq, &(struct list_view){ .caption = "Overdue reviews", LIST_COLS(cols),
		                                         .page = page, .per_page = 50, .total = total }, &rows);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int air_joiners(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	long added = 0;
	struct err e = { 0 };
	if (air_add_joiners(rq->store, rq->actor, id, &added, &e))
		return page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/air/rounds/", id, "?done=joiners");
	return 0;
}

static int air_close(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	if (air_close_round(rq->store, rq->actor, id, &e))
		return page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/air/rounds/", id, "?done=closed");
	return 0;
}

/* ---- the person's and the manager's pages ---- */

static int air_mine(struct req *rq, struct resp *rs)
{
	int64_t id = 0;
	struct err e = { 0 };
	if (air_return_mine(rq->store, rq->actor, &id, &e))
		return page_fail(rq, rs, &e);
	if (id) {
		regpage_redirect_id(rs, "/air/returns/", id, "");
		return 0;
	}
	struct html h;
	page_begin(&h, rq, rs, "Your annual integrity review");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Your annual integrity review</h1>"
	           "<p class=\"govuk-body\">There is no integrity review open for you at the moment.</p>");
	page_end(&h);
	return 0;
}

/* The team table: rows written directly so the status cell can hold a tag. */
struct team_ctx {
	struct html *h;
	long n;
};

static int team_row2(void *ctx, const struct air_return *x)
{
	struct team_ctx *t = ctx;
	struct html *h = t->h;
	t->n++;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
	          "href=\"/air/returns/%I\">%s</a> (%s)</td><td class=\"govuk-table__cell\">%d</td>"
	          "<td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">",
	       x->id, x->person_name, x->staff_number, x->year, x->due_on);
	status_tag(h, x->status, x->overdue);
	html_f(h, "</td></tr>");
	return 0;
}

static int air_team(struct req *rq, struct resp *rs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct team_ctx t = { &hr, 0 };
	struct err e = { 0 };
	if (air_team_list(rq->store, rq->actor, team_row2, &t, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "My team's integrity reviews");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "signed"))
		banner_success(&h, "Review signed off", "The records are updated and the clearance has been checked.");
	html_f(&h, "<h1 class=\"govuk-heading-l\">My team's integrity reviews</h1>");
	if (t.n) {
		static const struct column cols[] = {
			{ "Person", NULL, 0 }, { "Year", NULL, 0 }, { "Due", NULL, 0 }, { "Status", NULL, 0 },
		};
		table_begin(&h, rq, "Reviews open for your team", cols, 4);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">None of the people you line-manage has a review open.</p>");
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

/* ---- one return ---- */

static const char *reg_heading(const char *reg)
{
	if (!strcmp(reg, "gift")) return "Gifts and hospitality in the last 12 months";
	if (!strcmp(reg, "business_interest")) return "Business interests and secondary employment";
	if (!strcmp(reg, "association")) return "Notifiable associations";
	return "Changes of circumstances in the last 12 months";
}

static const char *reg_link(const char *reg)
{
	if (!strcmp(reg, "gift")) return "/gifts/";
	if (!strcmp(reg, "association")) return "/associations/";
	if (!strcmp(reg, "circumstance")) return "/circumstances/";
	return NULL;
}

struct items_ctx {
	struct html *h;
	struct req *rq;
	const struct errlist *errs;
	int form;
	char last[20];
	long n;
};

static const struct option response_opts[] = {
	{ "confirmed", "Still correct", NULL, 0 }, { "changed", "Changed", NULL, 0 }, { "ended", "Ended", NULL, 0 },
};

static int item_row(void *ctx, const struct air_item *it)
{
	struct items_ctx *c = ctx;
	struct html *h = c->h;
	if (strcmp(c->last, it->reg)) {
		html_f(h, "<h3 class=\"govuk-heading-s\">%s</h3>", reg_heading(it->reg));
		snprintf(c->last, sizeof c->last, "%s", it->reg);
	}
	c->n++;
	const char *link = reg_link(it->reg);
	if (c->form) {
		char rname[64], nname[64], legend[700];
		snprintf(rname, sizeof rname, "r_%s_%lld", it->reg, (long long)it->record_id);
		snprintf(nname, sizeof nname, "n_%s_%lld", it->reg, (long long)it->record_id);
		char day[48];
		date_display(it->date[0] ? it->date : "undated", day, sizeof day);
		snprintf(legend, sizeof legend, "%s: %s", day, it->summary);
		form_radios(h, &(struct field){ .name = rname, .label = legend, .value = req_form(c->rq, rname),
		                                .options = response_opts, .noptions = 3, .inline_ = 1, .errs = c->errs });
		form_input(h, &(struct field){ .name = nname, .label = "What has changed or ended (if anything)",
		                               .value = req_form(c->rq, nname), .errs = c->errs });
	} else {
		html_f(h, "<p class=\"govuk-body\">");
		if (link)
			html_f(h, "<a class=\"govuk-link\" href=\"%a%I\">%D</a> ", link, it->record_id, it->date);
		else
			html_f(h, "%D ", it->date);
		html_f(h, "%s", it->summary);
		if (it->response[0])
			html_f(h, "<br><strong class=\"govuk-tag %a\">%s</strong> %s",
			       !strcmp(it->response, "confirmed") ? "govuk-tag--green" : "govuk-tag--yellow",
			       !strcmp(it->response, "confirmed") ? "Still correct" : !strcmp(it->response, "changed") ? "Changed"
			                                                                                             : "Ended",
			       it->note);
		html_f(h, "</p>");
	}
	return 0;
}

/* ---- the task list: the person's own open return, one section at a time ---- */

static const char *sec_title(int sec)
{
	return sec == AIR_SEC_OTHER ? "Anything else that has changed" : reg_heading(air_section_names[sec]);
}

static int sec_shown(const struct air_tasks *t, int sec)
{
	return sec == AIR_SEC_OTHER || t->entries[sec] > 0;
}

static void task_list(struct html *h, const struct air_return *x, const struct air_tasks *t)
{
	int n = 0, done = 0;
	for (int i = 0; i < AIR_NSECTIONS; i++)
		if (sec_shown(t, i)) {
			n++;
			done += t->done[i];
		}
	html_f(h, "<h2 class=\"govuk-heading-m\">Your review</h2>"
	          "<p class=\"govuk-body\">You have completed %d of %d sections. Your answers are saved as you go.</p>"
	          "<ul class=\"govuk-task-list\">", done, n);
	for (int i = 0; i < AIR_NSECTIONS; i++) {
		if (!sec_shown(t, i))
			continue;
		html_f(h, "<li class=\"govuk-task-list__item govuk-task-list__item--with-link\">"
		          "<div class=\"govuk-task-list__name-and-hint\"><a class=\"govuk-link govuk-task-list__link\" "
		          "href=\"/air/returns/%I/sections/%a\" aria-describedby=\"task-%d-hint task-%d-status\">%s</a>",
		       x->id, air_section_names[i], i, i, sec_title(i));
		if (i == AIR_SEC_OTHER)
			html_f(h, "<div id=\"task-%d-hint\" class=\"govuk-task-list__hint\">Anything that could affect your "
			          "integrity or vetting</div>", i);
		else
			html_f(h, "<div id=\"task-%d-hint\" class=\"govuk-task-list__hint\">%ld %s</div>", i, t->entries[i],
			       t->entries[i] == 1 ? "entry" : "entries");
		html_f(h, "</div><div class=\"govuk-task-list__status\" id=\"task-%d-status\">", i);
		if (t->done[i])
			html_f(h, "Completed");
		else
			html_f(h, "<strong class=\"govuk-tag govuk-tag--blue\">%s</strong>",
			       t->started[i] ? "Incomplete" : "Not yet started");
		html_f(h, "</div></li>");
	}
	if (t->ready)
		html_f(h, "<li class=\"govuk-task-list__item govuk-task-list__item--with-link\">"
		          "<div class=\"govuk-task-list__name-and-hint\"><a class=\"govuk-link govuk-task-list__link\" "
		          "href=\"/air/returns/%I/check\" aria-describedby=\"task-check-status\">Check your answers and "
		          "submit</a></div><div class=\"govuk-task-list__status\" id=\"task-check-status\">"
		          "<strong class=\"govuk-tag govuk-tag--blue\">Not yet started</strong></div></li>",
		       x->id);
	else
		html_f(h, "<li class=\"govuk-task-list__item\"><div class=\"govuk-task-list__name-and-hint\">"
		          "<div>Check your answers and submit</div></div><div class=\"govuk-task-list__status "
		          "govuk-task-list__status--cannot-start-yet\">Cannot start yet</div></li>");
	html_f(h, "</ul>");
}

/* The value to show in a task-list form: what was just posted, else what was saved. */
static const char *answer(struct req *rq, const struct air_draft *d, const char *key)
{
	const char *v = req_form(rq, key);
	return v ? v : air_draft_get(d, key);
}

static int show_return(struct req *rq, struct resp *rs, const struct air_return *x, const struct errlist *errs)
{
	struct html h;
	char today[11], title[96], d[11];
	date_today(today);
	int own = rq->actor->person_id == x->person_id;
	int open = strcmp(x->opens_on, today) <= 0;
	int form = own && open && air_return_status(x) == AIR_PENDING;
	struct buf items;
	buf_init(&items, 0);
	struct html hi;
	html_init(&hi, &items);
	struct items_ctx ic = { &hi, rq, errs, form, "", 0 };
	struct err e = { 0 };
	if ((open || air_return_status(x) != AIR_PENDING) && air_items(rq->store, rq->actor, x, item_row, &ic, &e)) {
		buf_release(&items);
		return page_fail(rq, rs, &e);
	}
	snprintf(title, sizeof title, "%sAnnual integrity review %d", errs->n ? "Error: " : "", x->year);
	page_begin_back(&h, rq, rs, title, own ? "/" : air_may_sign(rq->actor, x) ? "/air/team" : "/air");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "submitted") && own) {
		char ref[REF_MAX];
		panel_confirm(&h, "Review submitted", air_return_ref(x->id, ref),
		              "Your line manager will now hold an integrity conversation with you and sign off your review.");
	}
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s (%s)</span><h1 class=\"govuk-heading-l\">%s</h1>", x->person_name,
	       x->staff_number, title + (errs->n ? 7 : 0));
	html_f(&h, "<p class=\"govuk-body\">");
	status_tag(&h, x->status, x->overdue);
	html_f(&h, "</p>");
	summary_begin(&h);
	summary_row(&h, "Unit", "%s", x->unit);
	summary_row(&h, "Wave", "%s", x->wave_label);
	summary_row(&h, "Opens", "%D", x->opens_on);
	summary_row(&h, "Due by", "%D", x->due_on);
	summary_row(&h, "Line manager", "%s", x->manager_name[0] ? x->manager_name : "None (the DCC signs off)");
	if (x->submitted_at[0])
		summary_row(&h, "Submitted", "%D", regpage_day(x->submitted_at, d));
	if (x->view.changes && x->anything_changed >= 0)
		summary_row(&h, "Anything else changed", "%s%s%s", x->anything_changed ? "Yes" : "No",
		            x->anything_changed ? ": " : "", x->changes);
	if (x->signed_at[0]) {
		if (x->view.conversation)
			summary_row(&h, "Integrity conversation", "%s", x->conversation);
		summary_row(&h, "Signed off by", "%s on %D", x->signed_by, regpage_day(x->signed_at, d));
		summary_row(&h, "Vetting clearance", "%s. %s", air_clearance_label(x->clearance_result), x->clearance_detail);
	}
	summary_end(&h);
	if (!open && air_return_status(x) == AIR_PENDING) {
		html_f(&h, "<p class=\"govuk-body\">This review opens on %D.</p>", x->opens_on);
	} else if (form && !errs->n) {
		struct air_tasks t;
		struct air_draft dr;
		struct err te = { 0 };
		if (air_tasks(rq->store, rq->actor, x, &t, &dr, &te) == 0) {
			html_f(&h, "<p class=\"govuk-body\">Check each of your current declarations and say whether it is "
			           "still correct. To add something new, declare it first (<a class=\"govuk-link\" "
			           "href=\"/gifts/new\">a gift or hospitality</a>, <a class=\"govuk-link\" "
			           "href=\"/associations/new\">a notifiable association</a>, <a class=\"govuk-link\" "
			           "href=\"/circumstances/new\">a change of circumstances</a>, or an application for a "
			           "business interest) and it will appear here.</p>");
			task_list(&h, x, &t);
			air_draft_free(&dr);
		}
	} else if (form) {
		char action[64];
		snprintf(action, sizeof action, "/air/returns/%lld/submit", (long long)x->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Your current declarations</h2>"
		           "<p class=\"govuk-body\">Check each entry and say whether it is still correct, has changed or has "
		           "ended. To add something new, declare it first (<a class=\"govuk-link\" href=\"/gifts/new\">a gift "
		           "or hospitality</a>, <a class=\"govuk-link\" href=\"/associations/new\">a notifiable association</a>, "
		           "<a class=\"govuk-link\" href=\"/circumstances/new\">a change of circumstances</a>, or an application "
		           "for a business interest) and it will appear here.</p>");
		form_begin(&h, rq, action);
		if (!ic.n)
			html_f(&h, "<p class=\"govuk-body\">You have no current declarations.</p>");
		html_f(&h, "%R", buf_str(&items));
		static const struct option yn[] = { { "yes", "Yes", NULL, 0 }, { "no", "No", NULL, 0 } };
		form_radios(&h, &(struct field){ .name = "anything_changed",
		                                 .label = "Has anything else changed in the last year that could affect your "
		                                          "integrity or vetting?",
		                                 .value = req_form(rq, "anything_changed"), .options = yn, .noptions = 2,
		                                 .inline_ = 1, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "changes", .maxlength = 2000, .label = "If yes, what has changed",
		                                   .value = req_form(rq, "changes"), .rows = 3, .errs = errs });
		form_button(&h, "Submit my review", NULL);
		form_end(&h);
	} else if (ic.n) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Declarations reviewed</h2>%R", buf_str(&items));
	}
	char back[48];
	snprintf(back, sizeof back, "/air/returns/%lld", (long long)x->id);
	training_air_section(&h, rq, x->person_id, back);
	if (air_return_status(x) == AIR_SUBMITTED && air_may_sign(rq->actor, x)) {
		char action[64];
		snprintf(action, sizeof action, "/air/returns/%lld/signoff", (long long)x->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Integrity conversation and sign-off</h2>");
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "conversation", .maxlength = 2000, .label = "Record of the integrity conversation",
		                                   .hint = "What you discussed, any concerns, and any advice or support agreed.",
		                                   .value = req_form(rq, "conversation"), .rows = 5, .errs = errs });
		form_button(&h, "Sign off the review", NULL);
		form_end(&h);
	}
	buf_release(&items);
	page_end(&h);
	return 0;
}

static int air_return_page(struct req *rq, struct resp *rs)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int rc;
	if (air_return_get(rq->store, rq->actor, req_id(rq, "id"), x, &e))
		rc = page_fail(rq, rs, &e);
	else
		rc = show_return(rq, rs, x, &errs);
	free(x);
	return rc;
}

static const char *lookup(void *ctx, const char *key)
{
	return req_form(ctx, key);
}

static int reshow(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct err e = { 0 };
	int rc;
	if (air_return_get(rq->store, rq->actor, id, x, &e))
		rc = page_fail(rq, rs, &e);
	else
		rc = show_return(rq, rs, x, errs);
	free(x);
	return rc;
}

static int air_submit_page(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (air_submit(rq->store, rq->actor, id, lookup, rq, &errs, &e)) {
		if (e.code == ERR_INPUT)
			return reshow(rq, rs, id, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/air/returns/", id, "?done=submitted");
	return 0;
}

/* ---- one section of the task list, and check your answers ---- */

/* The return for a task-list page: who's own, pending and open (else the
 * error page, or back to the return once it is submitted). */
static int own_return(struct req *rq, struct resp *rs, struct air_return *x, struct air_tasks *t,
                      struct air_draft *d)
{
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (air_return_get(rq->store, rq->actor, id, x, &e) == 0 && air_tasks(rq->store, rq->actor, x, t, d, &e) == 0)
		return 0;
	if (e.code == ERR_CONFLICT && x->id == id) {
		regpage_redirect_id(rs, "/air/returns/", id, "");
		return 1;
	}
	page_fail(rq, rs, &e);
	return 1;
}

struct section_ctx {
	struct html *list, *reveal;
	struct req *rq;
	const struct air_draft *d;
	const struct errlist *errs;
	const char *reg;
};

static int section_item(void *ctx, const struct air_item *it)
{
	struct section_ctx *c = ctx;
	if (strcmp(it->reg, c->reg))
		return 0;
	const char *link = reg_link(it->reg);
	html_f(c->list, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%D</dt>"
	                "<dd class=\"govuk-summary-list__value\">",
	       it->date[0] ? it->date : "undated");
	if (link)
		html_f(c->list, "<a class=\"govuk-link\" href=\"%a%I\">%s</a>", link, it->record_id, it->summary);
	else
		html_f(c->list, "%s", it->summary);
	html_f(c->list, "</dd></div>");
	char rname[64], nname[64], legend[700], day[48];
	snprintf(rname, sizeof rname, "r_%s_%lld", it->reg, (long long)it->record_id);
	snprintf(nname, sizeof nname, "n_%s_%lld", it->reg, (long long)it->record_id);
	date_display(it->date[0] ? it->date : "undated", day, sizeof day);
	snprintf(legend, sizeof legend, "%s: %s", day, it->summary);
	form_radios(c->reveal, &(struct field){ .name = rname, .label = legend, .value = answer(c->rq, c->d, rname),
	                                        .options = response_opts, .noptions = 3, .inline_ = 1, .errs = c->errs });
	form_input(c->reveal, &(struct field){ .name = nname, .label = "What has changed or ended (if anything)",
	                                       .value = answer(c->rq, c->d, nname), .errs = c->errs });
	return 0;
}

static int section_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct air_tasks t;
	struct air_draft d = { 0 };
	int sec = air_section_index(req_param(rq, "section"));
	if (sec < 0) {
		free(x);
		struct err e = { 0 };
		err_set(&e, ERR_NOTFOUND, "No such section");
		return page_fail(rq, rs, &e);
	}
	if (own_return(rq, rs, x, &t, &d)) {
		free(x);
		return 0;
	}
	struct html h;
	char title[160], back[48], action[80];
	snprintf(title, sizeof title, "%s%s", errs->n ? "Error: " : "", sec_title(sec));
	snprintf(back, sizeof back, "/air/returns/%lld", (long long)x->id);
	snprintf(action, sizeof action, "/air/returns/%lld/sections/%s", (long long)x->id, air_section_names[sec]);
	page_begin_back(&h, rq, rs, title, back);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">Annual integrity review %d</span>"
	           "<h1 class=\"govuk-heading-l\">%s</h1>", x->year, sec_title(sec));
	form_begin(&h, rq, action);
	if (sec == AIR_SEC_OTHER) {
		struct buf rb;
		buf_init(&rb, 0);
		struct html r;
		html_init(&r, &rb);
		form_textarea(&r, &(struct field){ .name = "changes", .maxlength = 2000, .label = "What has changed",
		                                   .value = answer(rq, &d, "changes"), .rows = 4, .errs = errs });
		static const struct option yn[] = { { "yes", "Yes", NULL, 0 }, { "no", "No", NULL, 0 } };
		const char *reveal[] = { buf_str(&rb), NULL };
		form_radios(&h, &(struct field){ .name = "anything_changed",
		                                 .label = "Has anything else changed in the last year that could affect your "
		                                          "integrity or vetting?",
		                                 .hint = "For example debts, a new partner or household member, contact "
		                                         "with someone involved in crime, or an arrest.",
		                                 .value = answer(rq, &d, "anything_changed"), .options = yn, .noptions = 2,
		                                 .reveal = reveal, .errs = errs });
		buf_release(&rb);
	} else {
		struct buf lb, rb;
		buf_init(&lb, 0);
		buf_init(&rb, 0);
		struct html l, r;
		html_init(&l, &lb);
		html_init(&r, &rb);
		struct section_ctx c = { &l, &r, rq, &d, errs, air_section_names[sec] };
		struct err e = { 0 };
		if (air_items(rq->store, rq->actor, x, section_item, &c, &e) == 0) {
			html_f(&h, "<dl class=\"govuk-summary-list\">%R</dl>", buf_str(&lb));
			char allkey[40], legend[120];
			snprintf(allkey, sizeof allkey, "all_%s", air_section_names[sec]);
			snprintf(legend, sizeof legend, "Are %s still as recorded?",
			         t.entries[sec] == 1 ? "this entry's details" : "all these entries");
			static const struct option all[] = { { "yes", "Yes, all still correct", NULL, 0 },
				                             { "no", "No, something has changed or ended", NULL, 0 } };
			const char *reveal[] = { NULL, buf_str(&rb) };
			form_radios(&h, &(struct field){ .name = allkey, .label = legend, .value = answer(rq, &d, allkey),
			                                 .options = all, .noptions = 2, .reveal = reveal, .errs = errs });
		}
		buf_release(&lb);
		buf_release(&rb);
	}
	form_button(&h, "Save and continue", NULL);
	form_end(&h);
	page_end(&h);
	air_draft_free(&d);
	free(x);
	return 0;
}

static int air_section_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return section_page(rq, rs, &errs);
}

static int air_section_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (air_section_save(rq->store, rq->actor, id, air_section_index(req_param(rq, "section")), lookup, rq, &errs,
	                     &e)) {
		if (e.code == ERR_INPUT)
			return section_page(rq, rs, &errs);
		return page_fail(rq, rs, &e);
	}
	regpage_redirect_id(rs, "/air/returns/", id, "");
	return 0;
}

struct check_ctx {
	struct html *h;
	const struct air_draft *d;
	const char *reg;
};

static int check_item(void *ctx, const struct air_item *it)
{
	struct check_ctx *c = ctx;
	if (strcmp(it->reg, c->reg))
		return 0;
	char key[64];
	snprintf(key, sizeof key, "r_%s_%lld", it->reg, (long long)it->record_id);
	const char *r = air_draft_get(c->d, key);
	snprintf(key, sizeof key, "n_%s_%lld", it->reg, (long long)it->record_id);
	const char *note = air_draft_get(c->d, key);
	html_f(c->h, "<div class=\"govuk-summary-list__row govuk-summary-list__row--no-actions\">"
	             "<dt class=\"govuk-summary-list__key\">%D: %s</dt><dd class=\"govuk-summary-list__value\">%s",
	       it->date[0] ? it->date : "undated", it->summary,
	       r && !strcmp(r, "changed") ? "Changed" : r && !strcmp(r, "ended") ? "Ended" : "Still correct");
	if (note && *note)
		html_f(c->h, ": %s", note);
	html_f(c->h, "</dd></div>");
	return 0;
}

static int air_check_page(struct req *rq, struct resp *rs)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct air_tasks t;
	struct air_draft d = { 0 };
	if (own_return(rq, rs, x, &t, &d)) {
		free(x);
		return 0;
	}
	if (!t.ready) {
		regpage_redirect_id(rs, "/air/returns/", x->id, "");
		air_draft_free(&d);
		free(x);
		return 0;
	}
	struct html h;
	char back[48], action[64];
	snprintf(back, sizeof back, "/air/returns/%lld", (long long)x->id);
	snprintf(action, sizeof action, "/air/returns/%lld/submit", (long long)x->id);
	page_begin_back(&h, rq, rs, "Check your answers before submitting your review", back);
	html_f(&h, "<span class=\"govuk-caption-l\">Annual integrity review %d</span>"
	           "<h1 class=\"govuk-heading-l\">Check your answers before submitting your review</h1>", x->year);
	for (int i = 0; i < AIR_NSECTIONS; i++) {
		if (!sec_shown(&t, i))
			continue;
		html_f(&h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
		           "<h2 class=\"govuk-summary-card__title\">%s</h2><ul class=\"govuk-summary-card__actions\">"
		           "<li class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"/air/returns/%I/sections/%a\">"
		           "Change<span class=\"govuk-visually-hidden\"> %s</span></a></li></ul></div>"
		           "<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
		       sec_title(i), x->id, air_section_names[i], sec_title(i));
		if (i == AIR_SEC_OTHER) {
			const char *any = air_draft_get(&d, "anything_changed");
			const char *changes = air_draft_get(&d, "changes");
			int yes = any && !strcmp(any, "yes");
			html_f(&h, "<div class=\"govuk-summary-list__row govuk-summary-list__row--no-actions\">"
			           "<dt class=\"govuk-summary-list__key\">Anything else changed</dt>"
			           "<dd class=\"govuk-summary-list__value\">%s%s%s</dd></div>",
			       yes ? "Yes" : "No", yes ? ": " : "", yes && changes ? changes : "");
		} else {
			struct check_ctx c = { &h, &d, air_section_names[i] };
			struct err e = { 0 };
			if (air_items(rq->store, rq->actor, x, check_item, &c, &e))
				html_f(&h, "<div class=\"govuk-summary-list__row\"><dd class=\"govuk-summary-list__value\">"
				           "The entries could not be read.</dd></div>");
		}
		html_f(&h, "</dl></div></div>");
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Now submit your review</h2>"
	           "<p class=\"govuk-body\">By submitting this review you confirm that, to the best of your knowledge, "
	           "your declarations are complete and correct, and that you have told us of anything that could affect "
	           "your integrity or your vetting.</p>");
	form_begin(&h, rq, action);
	form_button(&h, "Accept and submit", NULL);
	form_end(&h);
	page_end(&h);
	air_draft_free(&d);
	free(x);
	return 0;
}

static int air_signoff_page(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (air_signoff(rq->store, rq->actor, id, req_form(rq, "conversation"), &errs, &e)) {
		if (e.code == ERR_INPUT)
			return reshow(rq, rs, id, &errs);
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, "/air/team?done=signed");
	return 0;
}

/* ---- JSON API ---- */

static json_t *round_json(const struct air_round *r)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id", (json_int_t)r->id, "year", r->year,
	                 "waves_by", r->waves_by, "status", r->status, "people", (json_int_t)r->people, "not_started",
	                 (json_int_t)r->pending, "awaiting_manager", (json_int_t)r->submitted, "completed",
	                 (json_int_t)r->completed, "overdue", (json_int_t)r->overdue);
}

static int round_json_row(void *ctx, const struct air_round *r)
{
	json_array_append_new(ctx, round_json(r));
	return 0;
}

static int wave_json_row(void *ctx, const struct air_wave *w)
{
	json_array_append_new(ctx, json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id", (json_int_t)w->id,
	                                     "number", w->number, "label", w->label, "opens_on", w->opens_on, "due_on",
	                                     w->due_on, "people", (json_int_t)w->people, "not_started",
	                                     (json_int_t)w->pending, "awaiting_manager", (json_int_t)w->submitted,
	                                     "completed", (json_int_t)w->completed, "overdue", (json_int_t)w->overdue));
	return 0;
}

static int unit_json_row(void *ctx, const struct air_unit_row *u)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:I, s:I, s:I}", "unit_id", (json_int_t)u->unit_id, "unit",
	                                     u->unit, "people", (json_int_t)u->people, "completed",
	                                     (json_int_t)u->completed, "overdue", (json_int_t)u->overdue));
	return 0;
}

static int return_json_row(void *ctx, const struct air_return *x)
{
	json_array_append_new(ctx, regpage_record_json(&air_return_record, x));
	return 0;
}

static int api_rounds(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (air_rounds_list(rq->store, rq->actor, round_json_row, items, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int api_round(struct req *rq, struct resp *rs)
{
	struct air_round r;
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	json_t *waves = json_array(), *units = json_array();
	if (air_round_get(rq->store, rq->actor, id, &r, &e) || air_waves_list(rq->store, rq->actor, id, wave_json_row, waves, &e) ||
	    air_units_progress(rq->store, rq->actor, id, 0, unit_json_row, units, &e)) {
		json_decref(waves);
		json_decref(units);
		api_fail(rq, rs, &e);
		return 0;
	}
	json_t *j = round_json(&r);
	json_object_set_new(j, "waves", waves);
	json_object_set_new(j, "units", units);
	resp_json(rs, 200, j);
	return 0;
}

static int api_overdue(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	long total = 0;
	int page = req_page(rq), per_page = regpage_per_page(rq, 50);
	json_t *items = json_array();
	if (air_overdue_list(rq->store, rq->actor, req_id(rq, "id"), page, per_page, return_json_row, items, &total, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

static int api_team(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (air_team_list(rq->store, rq->actor, return_json_row, items, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return 0;
}

static int item_json_row(void *ctx, const struct air_item *it)
{
	json_array_append_new(ctx, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "register", it->reg, "record_id",
	                                     (json_int_t)it->record_id, "date", it->date, "summary", it->summary,
	                                     "response", it->response, "note", it->note));
	return 0;
}

static int api_return(struct req *rq, struct resp *rs)
{
	struct air_return *x = xmalloc(sizeof *x);
	struct err e = { 0 };
	json_t *items = json_array();
	if (air_return_get(rq->store, rq->actor, req_id(rq, "id"), x, &e) ||
	    air_items(rq->store, rq->actor, x, item_json_row, items, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
	} else {
		json_t *j = regpage_record_json(&air_return_record, x);
		json_object_set_new(j, "items", items);
		resp_json(rs, 200, j);
	}
	free(x);
	return 0;
}

const struct route air_routes[] = {
	{ "GET", "/air", air_index, ACCESS_PAGE, 0 },
	{ "POST", "/air/rounds", air_open, ACCESS_PAGE, 0 },
	{ "GET", "/air/rounds/{id}", air_round_page, ACCESS_PAGE, 0 },
	{ "GET", "/air/rounds/{id}/overdue", air_overdue, ACCESS_PAGE, 0 },
	{ "POST", "/air/rounds/{id}/joiners", air_joiners, ACCESS_PAGE, 0 },
	{ "POST", "/air/rounds/{id}/close", air_close, ACCESS_PAGE, 0 },
	{ "GET", "/air/mine", air_mine, ACCESS_PAGE, 0 },
	{ "GET", "/air/team", air_team, ACCESS_PAGE, 0 },
	{ "GET", "/air/returns/{id}", air_return_page, ACCESS_PAGE, 0 },
	{ "GET", "/air/returns/{id}/sections/{section}", air_section_get, ACCESS_PAGE, 0 },
	{ "POST", "/air/returns/{id}/sections/{section}", air_section_post, ACCESS_PAGE, 0 },
	{ "GET", "/air/returns/{id}/check", air_check_page, ACCESS_PAGE, 0 },
	{ "POST", "/air/returns/{id}/submit", air_submit_page, ACCESS_PAGE, 0 },
	{ "POST", "/air/returns/{id}/signoff", air_signoff_page, ACCESS_PAGE, 0 },
	{ "GET", "/api/air/rounds", api_rounds, ACCESS_API, 0 },
	{ "GET", "/api/air/rounds/{id}", api_round, ACCESS_API, 0 },
	{ "GET", "/api/air/rounds/{id}/overdue", api_overdue, ACCESS_API, 0 },
	{ "GET", "/api/air/team", api_team, ACCESS_API, 0 },
	{ "GET", "/api/air/returns/{id}", api_return, ACCESS_API, 0 },
};
ROUTES_END(air);
