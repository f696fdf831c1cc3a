/* notify_pages.c — "Things that need you": the list on every home page and
 * at /notifications (with the choice of e-mail timing), and the
 * administrator's page of reminder windows and the e-mail outbox. Every
 * notice and rule comes from domain/notify.h; this file only draws them. */
#include "web/notify_pages.h"
#include "domain/notify.h"
#include "domain/notify_mail.h"
#include "web/layout.h"
#include <stdio.h>
#include <string.h>

struct draw {
	struct html *h;
	long shown;
};

static int draw_notice(void *ctx, const struct notice *n)
{
	struct draw *d = ctx;
	struct html *h = d->h;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
	const char *title = n->team ? "Overdue in your team: " : "";
	if (n->href[0])
		html_f(h, "<a class=\"govuk-link\" href=\"%a\">%s%s</a>", n->href, title,
		       n->team ? n->kind->noun : n->kind->title);
	else
		html_f(h, "%s%s", title, n->team ? n->kind->noun : n->kind->title);
	html_f(h, "</td><td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">", n->due);
	if (n->overdue > 0)
		html_f(h, GOVUK_TAG " %ld day%s", "red", "Overdue", n->overdue, n->overdue == 1 ? "" : "s");
	else
		html_f(h, GOVUK_TAG, "blue", "To do");
	html_f(h, "</td></tr>\n");
	d->shown++;
	return 0;
}

/* The table of notices (at most limit); 0, or -1 when it could not be read. */
static int notices_table(struct html *h, struct req *rq, int limit, long *total, long *overdue)
{
	struct err e = { 0 };
	struct buf rows;
	buf_init(&rows, 0);
	struct html rh;
	html_init(&rh, &rows);
	struct draw d = { &rh, 0 };
	int rc = notify_list(rq->store, rq->actor, limit, draw_notice, &d, total, overdue, &e);
	if (!rc && *total) {
		html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Things that need you\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
		          "Things that need you, newest first</caption><thead class=\"govuk-table__head\">"
		          "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Task</th>"
		          "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
		          "<th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead>"
		          "<tbody class=\"govuk-table__body\">\n%R</tbody></table></div>\n",
		       buf_str(&rows));
	}
	buf_release(&rows);
	return rc;
}

void notify_home(struct html *h, struct req *rq)
{
	if (!rq->actor || !rq->actor->account_id)
		return;
	long total = 0, overdue = 0;
	html_f(h, "<h2 class=\"govuk-heading-m\" id=\"things-that-need-you\">Things that need you</h2>\n");
	if (notices_table(h, rq, 10, &total, &overdue)) {
		html_f(h, "<p class=\"govuk-body\">This list cannot be shown just now.</p>\n");
		return;
	}
	if (!total)
		html_f(h, "<p class=\"govuk-body\">Nothing needs you just now.</p>\n");
	else if (total > 10)
		html_f(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/notifications\">See all %ld things that "
		          "need you</a> (%ld overdue).</p>\n", total, overdue);
	else
		html_f(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/notifications\">Choose when you get "
		          "e-mails about these</a>.</p>\n");
}

static const struct option timing_options[] = {
	{ "immediate", "When something new needs me", NULL, 0 },
	{ "daily", "Once a day", NULL, 0 },
	{ "weekly", "Once a week", "Overdue tasks are still sent every day.", 0 },
};

static void notifications_page(struct req *rq, struct resp *rs, const struct errlist *errs, int saved)
{
	struct html h;
	struct err e = { 0 };
	char timing[12];
	if (notify_pref_get(rq->store, rq->actor, timing, &e)) {
		page_fail(rq, rs, &e);
		return;
	}
	const char *posted = req_form(rq, "timing");
	page_begin_back(&h, rq, rs, errs->n ? "Error: Things that need you" : "Things that need you", "/");
	if (saved)
		banner_success(&h, "Your choice is saved", "E-mails about things that need you follow it from now on.");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Things that need you</h1>\n"
	           "<p class=\"govuk-body\">Newest first. A task leaves this list when it is done.</p>\n");
	long total = 0, overdue = 0;
	if (notices_table(&h, rq, 500, &total, &overdue))
		html_f(&h, "<p class=\"govuk-body\">This list cannot be shown just now.</p>\n");
	else if (!total)
		html_f(&h, "<p class=\"govuk-body\">Nothing needs you just now.</p>\n");
	else if (total > 500)
		html_f(&h, "<p class=\"govuk-body\">The newest 500 of %ld are shown.</p>\n", total);
	html_f(&h, "<h2 class=\"govuk-heading-m\">E-mails</h2>\n"
	           "<p class=\"govuk-body\">E-mails give only how many things need you and of what kind, with a link "
	           "here: never a name or anything from a record.</p>\n");
	form_begin(&h, rq, "/notifications/preferences");
	form_radios(&h, &(struct field){ .name = "timing", .label = "How often do you want e-mails?",
	                                 .value = posted ? posted : timing, .options = timing_options,
	                                 .noptions = sizeof timing_options / sizeof timing_options[0], .errs = errs });
	form_button(&h, "Save", NULL);
	form_end(&h);
	page_end(&h);
}

static int notifications(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	const char *done = req_query(rq, "done");
	notifications_page(rq, rs, &errs, done && !strcmp(done, "saved"));
	return 0;
}

static int preferences_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (notify_pref_set(rq->store, rq->actor, req_form(rq, "timing"), &errs, &e)) {
		if (errs.n) {
			notifications_page(rq, rs, &errs, 0);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, "/notifications?done=saved");
	return 0;
}

/* ---- administrator: windows and the outbox ---- */

static int draw_failure(void *ctx, int64_t id, const char *rcpt, long attempts, const char *error,
                        const char *created_at)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 1, "%I", id);
	table_cell(h, 0, "%s", rcpt);
	table_cell(h, 1, "%ld", attempts);
	table_cell(h, 0, "%s", error);
	table_cell(h, 0, "%D", created_at);
	table_row_end(h);
	return 0;
}

static void admin_page(struct req *rq, struct resp *rs, const struct errlist *errs, int saved)
{
	struct html h;
	struct err e = { 0 };
	struct notify_outbox_counts c;
	struct buf fails;
	buf_init(&fails, 0);
	struct html fh;
	html_init(&fh, &fails);
	if (notify_outbox_status(rq->store, rq->actor, &c, draw_failure, &fh, &e)) {
		buf_release(&fails);
		page_fail(rq, rs, &e);
		return;
	}
	page_begin_back(&h, rq, rs, errs->n ? "Error: Reminders and e-mail" : "Reminders and e-mail", "/");
	if (saved)
		banner_success(&h, "Reminder window saved", "Reminders follow it from the next run.");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Reminders and e-mail</h1>\n"
	           "<h2 class=\"govuk-heading-m\">Outbox</h2>\n"
	           "<p class=\"govuk-body\">%ld queued, %ld being sent, %ld sent, %ld failed.</p>\n",
	       c.queued, c.sending, c.sent, c.failed);
	static const struct column fcols[] = { { "Message", NULL, 1 }, { "To", NULL, 0 }, { "Attempts", NULL, 1 },
		                               { "Last error", NULL, 0 }, { "Queued", NULL, 0 } };
	if (fails.n) {
		table_begin(&h, rq, "Failed and retrying messages", fcols, sizeof fcols / sizeof fcols[0]);
		html_f(&h, "%R", buf_str(&fails));
		table_end(&h);
	} else
		html_f(&h, "<p class=\"govuk-body\">No message has failed.</p>\n");
	buf_release(&fails);
	static const struct column kcols[] = { { "Reminder", NULL, 0 }, { "Days before due", NULL, 1 },
		                               { "Due after (days)", NULL, 1 }, { "Escalate after overdue (days)", NULL, 1 } };
	table_begin(&h, rq, "Reminder windows", kcols, sizeof kcols / sizeof kcols[0]);
	struct option opts[64];
	int nopt = 0;
	for (int k = 0; k < notify_nkinds && nopt < 64; k++) {
		struct notify_window w;
		notify_window_get(rq->store, &notify_kinds[k], &w);
		table_row_begin(&h);
		table_cell(&h, 0, "%s", notify_kinds[k].title);
		table_cell(&h, 1, "%d", w.before_days);
		table_cell(&h, 1, "%d", w.due_days);
		table_cell(&h, 1, "%d", w.escalate_days);
		table_row_end(&h);
		opts[nopt++] = (struct option){ notify_kinds[k].key, notify_kinds[k].title, NULL, 0 };
	}
	table_end(&h);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Change a reminder window</h2>\n");
	form_begin(&h, rq, "/admin/notifications");
	form_select(&h, &(struct field){ .name = "kind", .label = "Reminder", .value = req_form(rq, "kind"),
	                                 .options = opts, .noptions = (size_t)nopt, .errs = errs });
	form_input(&h, &(struct field){ .name = "before_days", .label = "Days before the due date",
	                                .hint = "Dated tasks (reviews, expiries, follow-ups) appear this many days before "
	                                        "they are due.",
	                                .value = req_form(rq, "before_days"), .inputmode = "numeric",
	                                .width = "govuk-input--width-4", .errs = errs });
	form_input(&h, &(struct field){ .name = "escalate_days", .label = "Days overdue before the line manager is told",
	                                .hint = "0: never. Only the kind of task is named to the line manager.",
	                                .value = req_form(rq, "escalate_days"), .inputmode = "numeric",
	                                .width = "govuk-input--width-4", .errs = errs });
	form_button(&h, "Save", NULL);
	form_end(&h);
	page_end(&h);
}

static int admin_notifications(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	const char *done = req_query(rq, "done");
	admin_page(rq, rs, &errs, done && !strcmp(done, "saved"));
	return 0;
}

static int admin_window_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (notify_window_set(rq->store, rq->actor, req_form(rq, "kind"), req_form(rq, "before_days"),
	                      req_form(rq, "escalate_days"), &errs, &e)) {
		if (errs.n) {
			admin_page(rq, rs, &errs, 0);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, "/admin/notifications?done=saved");
	return 0;
}

/* ---- the list as JSON (docs/API.md): notify_list, as the page (logged
 * as one list row); a bare array that api.c pages as the one envelope ---- */

static int json_notice(void *ctx, const struct notice *n)
{
	json_t *o = json_pack("{s:s, s:s, s:b, s:s, s:s, s:I}", "kind", n->kind->key, "title",
	                      n->team ? n->kind->noun : n->kind->title, "team", n->team, "due", n->due, "since",
	                      n->since, "overdue_days", (json_int_t)n->overdue);
	json_object_set_new(o, "record_id", n->record_id ? json_integer(n->record_id) : json_null());
	json_object_set_new(o, "href", n->href[0] ? json_string(n->href) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

static int api_notifications(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	long total = 0, overdue = 0;
	json_t *items = json_array();
	if (notify_list(rq->store, rq->actor, 0, json_notice, items, &total, &overdue, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route notify_routes[] = {
	{ "GET", "/notifications", notifications, ACCESS_PAGE, 0 },
	{ "POST", "/notifications/preferences", preferences_save, ACCESS_PAGE, 0 },
	{ "GET", "/admin/notifications", admin_notifications, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/notifications", admin_window_save, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/api/notifications", api_notifications, ACCESS_API, 0 },
};
ROUTES_END(notify);
