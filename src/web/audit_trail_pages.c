/* audit_trail_pages.c — the counter-corruption unit's search of the audit
 * trail ("who looked at this person?", "what did this officer look at?"):
 * every stored event of every force system, by subject, record, user,
 * system, action, device and time, with a stated purpose that the domain
 * (src/domain/audit_trail.c) writes to the access log with the filters.
 *   /audit/trail       the search form and a page of results (50 a page)
 *   /audit/trail.csv   the same search as events.csv rows (a new logged search)
 *   /audit/coverage    per system and device, events per day and the last one
 *   /audit/quarantine  the events a feed sent that could not go through the
 *                      rules in time order (50 a page), released or dropped
 *                      (with a reason, after a confirmation page) through the
 *                      same domain functions as `probity audit quarantine` */
#include "core/csv.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct option system_opts[] = {
	{ "", "Any system", NULL, 0 }, { "RMS", "RMS", NULL, 0 }, { "PNC", "PNC", NULL, 0 },
	{ "PND", "PND", NULL, 0 },     { "CAD", "CAD", NULL, 0 }, { "INTEL", "INTEL", NULL, 0 },
	{ "PROBITY", "Probity", NULL, 0 },
};
static const struct option action_opts[] = {
	{ "", "Any action", NULL, 0 },     { "search", "Search", NULL, 0 }, { "view", "View", NULL, 0 },
	{ "update", "Update", NULL, 0 },   { "print", "Print", NULL, 0 },   { "export", "Export", NULL, 0 },
};
static const struct option device_opts[] = {
	{ "", "Any device", NULL, 0 }, { "desktop", "Desktop", NULL, 0 }, { "mobile", "Mobile", NULL, 0 },
};

struct tq {
	struct audit_trail_q q;
	const char *purpose;
	int asked;                 /* any filter or a purpose was given */
};

static const char *qv(const struct req *rq, const char *k)
{
	const char *v = req_query(rq, k);
	return v ? v : "";
}

static void read_q(const struct req *rq, struct tq *t)
{
	memset(t, 0, sizeof *t);
	t->q.subject = qv(rq, "subject");
	t->q.record = qv(rq, "record");
	t->q.user = qv(rq, "user");
	t->q.system = qv(rq, "system");
	t->q.action = qv(rq, "action");
	t->q.device = qv(rq, "device");
	t->q.from = qv(rq, "from");
	t->q.to = qv(rq, "to");
	t->purpose = qv(rq, "purpose");
	t->asked = *t->q.subject || *t->q.record || *t->q.user || *t->q.system || *t->q.action || *t->q.device ||
	           *t->q.from || *t->q.to || *t->purpose;
}

static int row_html(void *ctx, const struct slice f[EV_NCOLS])
{
	struct html *h = ctx;
	table_row_begin(h);
	for (int i = 0; i < EV_NCOLS; i++)
		if (i == EV_TS)
			table_cell_slice_date(h, &f[i]); /* the UTC stamp in UK time */
		else
			table_cell_slice(h, &f[i]);
	table_row_end(h);
	return 0;
}

static const struct column cols[] = {
	{ "Time", NULL, 0 },   { "User", NULL, 0 },        { "System", NULL, 0 },
	{ "Device", NULL, 0 }, { "Action", NULL, 0 },      { "Record type", NULL, 0 },
	{ "Record", NULL, 0 }, { "Subject", NULL, 0 },     { "Reason given", NULL, 0 },
};

static void search_form(struct html *h, const struct tq *t, const struct errlist *errs)
{
	form_begin_get(h, "/audit/trail");
	form_textarea(h, &(struct field){ .name = "purpose", .maxlength = 500, .label = "Purpose of the search",
	                                  .hint = "Why you are searching, for example the complaint, referral or "
	                                          "investigation it is for. It is recorded with your search.",
	                                  .value = t->purpose, .rows = 2, .errs = errs });
	html_f(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_input(h, &(struct field){ .name = "subject", .label = "Subject (person id)", .value = t->q.subject,
	                               .width = "govuk-!-width-full", .errs = errs });
	form_input(h, &(struct field){ .name = "record", .label = "Record id", .value = t->q.record,
	                               .width = "govuk-!-width-full", .errs = errs });
	form_input(h, &(struct field){ .name = "user", .label = "User (staff number)", .value = t->q.user,
	                               .width = "govuk-!-width-full", .errs = errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-third\">");
	form_select(h, &(struct field){ .name = "system", .label = "System", .value = t->q.system, .options = system_opts,
	                                .noptions = sizeof system_opts / sizeof system_opts[0], .errs = errs });
	form_select(h, &(struct field){ .name = "action", .label = "Action", .value = t->q.action, .options = action_opts,
	                                .noptions = sizeof action_opts / sizeof action_opts[0], .errs = errs });
	form_select(h, &(struct field){ .name = "device", .label = "Device", .value = t->q.device, .options = device_opts,
	                                .noptions = sizeof device_opts / sizeof device_opts[0], .errs = errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-third\">");
	form_input(h, &(struct field){ .name = "from", .label = "From", .hint = "A day, for example 2026-03-01, or a "
	                                                                        "time in UTC, for example "
	                                                                        "2026-03-01T09:00:00Z",
	                               .value = t->q.from, .width = "govuk-!-width-full", .errs = errs });
	form_input(h, &(struct field){ .name = "to", .label = "To", .hint = "A day or a time, as for From; a day "
	                                                                    "includes all of it",
	                               .value = t->q.to, .width = "govuk-!-width-full", .errs = errs });
	html_f(h, "</div></div>");
	form_button(h, "Search", NULL);
	form_end(h);
}

static void href_append(struct buf *b, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%s%s=", b->n ? "&" : "", k);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static int audit_trail_page(struct req *rq, struct resp *rs)
{
	struct tq t;
	read_q(rq, &t);
	struct errlist errs;
	memset(&errs, 0, sizeof errs);
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	long total = 0;
	int page = req_page(rq), searched = 0;
	struct err e = { 0 };
	if (t.asked) {
		t.q.offset = (long)(page - 1) * 50;
		t.q.limit = 50;
		if (audit_trail_query(rq->store, rq->actor, &t.q, t.purpose, row_html, &hr, &total, &e) == 0) {
			searched = 1;
		} else if (e.code == ERR_INPUT) {
			errlist_add(&errs, e.field[0] ? e.field : "purpose", "%s", e.msg);
			rs->status = 400;
		} else {
			buf_release(&rows);
			return page_fail(rq, rs, &e);
		}
	}
	struct html h;
	page_begin_errs(&h, rq, rs, &errs, NULL, "Search the audit trail");
	form_error_summary(&h, &errs);
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Search the audit trail</h1>"
	           "<p class=\"govuk-body\">Every access to a force system that Probity has taken in, kept for the "
	           "retention period: who looked at a person or a record, and what a user looked at. Each search is "
	           "recorded in the access log with its purpose and filters.</p>");
	search_form(&h, &t, &errs);
	if (searched) {
		struct buf href;
		buf_init(&href, 0);
		href_append(&href, "purpose", t.purpose);
		href_append(&href, "subject", t.q.subject);
		href_append(&href, "record", t.q.record);
		href_append(&href, "user", t.q.user);
		href_append(&href, "system", t.q.system);
		href_append(&href, "action", t.q.action);
		href_append(&href, "device", t.q.device);
		href_append(&href, "from", t.q.from);
		href_append(&href, "to", t.q.to);
		html_f(&h, "<h2 class=\"govuk-heading-m\">%ld event%s</h2>", total, total == 1 ? "" : "s");
		if (total)
			html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/audit/trail.csv?%s\">Download "
			           "these events (CSV)</a></p>",
			       buf_str(&href));
		list_table(&h, rq, &(struct list_view){ .caption = "Events", LIST_COLS(cols),
		                                        .empty = "No stored event matches this search.", .page = page,
		                                        .per_page = 50, .total = total }, &rows);
		buf_release(&href);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int csv_row(void *ctx, const struct slice f[EV_NCOLS])
{
	struct buf *b = ctx;
	char cell[8200];
	for (int i = 0; i < EV_NCOLS; i++) {
		snprintf(cell, sizeof cell, "%.*s", (int)f[i].n, f[i].p);
		if (i)
			buf_addc(b, ',');
		csv_cell(b, cell);
	}
	buf_addc(b, '\n');
	return b->oom;
}

static int audit_trail_csv(struct req *rq, struct resp *rs)
{
	struct tq t;
	read_q(rq, &t);
	struct err e = { 0 };
	buf_adds(&rs->body, AUDIT_EVENTS_HEADER "\n");
	if (audit_trail_query(rq->store, rq->actor, &t.q, t.purpose, csv_row, &rs->body, NULL, &e)) {
		buf_reset(&rs->body);
		return page_fail(rq, rs, &e);
	}
	if (rs->body.oom) {
		buf_reset(&rs->body);
		err_set(&e, ERR_INPUT, "Too many events for one download: narrow the search");
		return page_fail(rq, rs, &e);
	}
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"audit-events.csv\"");
	return 0;
}

/* ---- the search as JSON (docs/API.md) ----
 * The same domain call as the page: the counter-corruption unit only, a
 * stated purpose required (400 naming "purpose" without one) and written to
 * the access log with the filters. Paged here (the trail can hold millions
 * of events); changed_since is the event's time, so it narrows "from" and
 * the domain pages as usual. */

static const char *const ev_keys[EV_NCOLS] = { "ts",          "user",      "system",  "device", "action",
	                                       "record_type", "record_id", "subject", "reason" };

static int row_json(void *ctx, const struct slice f[EV_NCOLS])
{
	json_t *o = json_object();
	for (int i = 0; i < EV_NCOLS; i++)
		json_object_set_new(o, ev_keys[i], json_stringn(f[i].p, f[i].n));
	json_array_append_new(ctx, o);
	return 0;
}

static int api_trail(struct req *rq, struct resp *rs)
{
	struct tq t;
	read_q(rq, &t);
	if (rq->api_whole) {
		if (!*t.q.from || strcmp(rq->api_since, t.q.from) > 0)
			t.q.from = rq->api_since;
		rq->api_whole = 0; /* the domain pages: since is now its from */
	}
	int page = req_page(rq), per_page = regpage_per_page(rq, 50);
	t.q.offset = (long)(page - 1) * per_page;
	t.q.limit = per_page;
	long total = 0;
	struct err e = { 0 };
	json_t *items = json_array();
	if (audit_trail_query(rq->store, rq->actor, &t.q, t.purpose, row_json, items, &total, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

/* ---- coverage ---- */

static int coverage_row(void *ctx, const struct audit_coverage_rec *c)
{
	struct html *h = ctx;
	int64_t max = 1;
	for (int d = 0; d < c->days; d++)
		if (c->per_day[d] > max)
			max = c->per_day[d];
	table_row_begin(h);
	table_cell(h, 0, "%s", c->system);
	table_cell(h, 0, "%s", c->device);
	table_cell(h, 0, "%D%R", c->last_ts,
	           c->silent ? " <strong class=\"govuk-tag govuk-tag--red\">Silent</strong>" : "");
	table_cell(h, 1, "%I", c->total);
	table_cell(h, 1, "%d", c->empty_days);
	/* events per day as a small bar chart, with its numbers in the title */
	html_f(h, "<td class=\"govuk-table__cell\"><svg role=\"img\" width=\"%d\" height=\"24\" viewBox=\"0 0 %d 24\" "
	          "xmlns=\"http://www.w3.org/2000/svg\"><title>Events per day from %D, %s %s: ",
	       c->days * 3, c->days * 3, c->first_day, c->system, c->device);
	for (int d = 0; d < c->days; d++)
		html_f(h, "%s%I", d ? ", " : "", c->per_day[d]);
	html_f(h, "</title>");
	for (int d = 0; d < c->days; d++) {
		int bh = c->per_day[d] ? (int)(1 + c->per_day[d] * 23 / max) : 0;
		if (bh)
			html_f(h, "<rect x=\"%d\" y=\"%d\" width=\"2\" height=\"%d\" fill=\"#1d70b8\"/>", d * 3, 24 - bh, bh);
	}
	html_f(h, "</svg></td>");
	table_row_end(h);
	return 0;
}

static int feed_row(void *ctx, const struct audit_feed_rec *f)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%s", f->name);
	int64_t iv = f->interval_seconds;
	const char *unit = iv % 3600 == 0 ? "hour" : iv % 60 == 0 ? "minute" : "second";
	int64_t k = iv % 3600 == 0 ? iv / 3600 : iv % 60 == 0 ? iv / 60 : iv;
	if (iv)
		table_cell(h, 0, "%I %s%s", k, unit, k == 1 ? "" : "s");
	else
		table_cell(h, 0, "Not set");
	table_cell(h, 0, "%D", f->last_delivery[0] ? f->last_delivery : "Nothing received yet");
	table_cell(h, 0, "%D", f->last_event[0] ? f->last_event : "None yet");
	table_cell(h, 1, "%I", f->events);
	table_cell(h, 0, "%R", f->silent ? "<strong class=\"govuk-tag govuk-tag--red\">Silent</strong>"
	                                 : "<strong class=\"govuk-tag govuk-tag--green\">Delivering</strong>");
	table_row_end(h);
	return 0;
}

static int audit_coverage_page(struct req *rq, struct resp *rs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct err e = { 0 };
	struct buf feeds;
	buf_init(&feeds, 0);
	struct html hf;
	html_init(&hf, &feeds);
	if (audit_coverage(rq->store, rq->actor, AUDIT_COVERAGE_MAX_DAYS, coverage_row, &hr, &e) ||
	    audit_feeds_list(rq->store, rq->actor, feed_row, &hf, &e)) {
		buf_release(&rows);
		buf_release(&feeds);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Audit coverage");
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Audit coverage</h1>"
	           "<p class=\"govuk-body\">Every force system and device whose audit events Probity receives: events "
	           "per day over the last %d days and the last event received. A system and device silent for longer "
	           "than the expected interval (setting audit.silence_hours) is marked Silent.</p>",
	       AUDIT_COVERAGE_MAX_DAYS);
	static const struct column cc[] = { { "System", NULL, 0 },        { "Device", NULL, 0 },
		                            { "Last event received", NULL, 0 }, { "Events", NULL, 1 },
		                            { "Days without events", NULL, 1 }, { "Events per day", NULL, 0 } };
	if (rows.n) {
		table_begin(&h, rq, "Systems and devices monitored", cc, 6);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No audit events have been received yet.</p>");
	}
	buf_release(&rows);
	static const struct column fc[] = { { "Feed", NULL, 0 },          { "Expected every", NULL, 0 },
		                            { "Last delivery", NULL, 0 }, { "Latest event time", NULL, 0 },
		                            { "Events", NULL, 1 },        { "State", NULL, 0 } };
	if (feeds.n) {
		table_begin(&h, rq, "Declared feeds", fc, 6);
		html_f(&h, "%R", buf_str(&feeds));
		table_end(&h);
		struct audit_merge_status ms;
		if (audit_merge_status(rq->store, rq->actor, &ms, &e) == 0) {
			if (ms.holding[0])
				html_f(&h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
				           "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
				           "<span class=\"govuk-visually-hidden\">Warning</span>Feed %s has sent nothing yet and "
				           "holds the watermark back: %I %s and no alert is raised from "
				           "them until it delivers.</strong></div>",
				       ms.holding, ms.waiting,
				       ms.waiting == 1 ? "event from other feeds waits" : "events from other feeds wait");
			else if (ms.watermark[0])
				html_f(&h, "<p class=\"govuk-body\">Watermark (the earliest latest event across the declared "
				           "feeds): %s. The rules have taken every event up to %s; %I %s for the "
				           "watermark.</p>",
				       ms.watermark, ms.clock[0] ? ms.clock : "none yet", ms.waiting,
				       ms.waiting == 1 ? "event waits" : "events wait");
			if (ms.quarantined)
				html_f(&h, "<p class=\"govuk-body\">%I %s in quarantine (too late for the rules or "
				           "dated in the future): <a class=\"govuk-link\" href=\"/audit/quarantine\">review "
				           "the quarantine</a>.</p>",
				       ms.quarantined, ms.quarantined == 1 ? "event is" : "events are");
		}
	}
	buf_release(&feeds);
	page_end(&h);
	return 0;
}

/* ---- the quarantine ---- */

#define Q_PER_PAGE 50

static int quarantine_row(void *ctx, const struct audit_quarantine_rec *q)
{
	struct html *h = ctx;
	char act[80];
	table_row_begin(h);
	table_cell(h, 0, "Q%I", q->id);
	table_cell(h, 0, "%s", q->feed);
	table_cell(h, 0, "%s%s%s", !strcmp(q->why, "future") ? "In the future" : !strcmp(q->why, "late") ? "Too late"
	                                                                                                   : q->why,
	           q->detail[0] ? ": " : "", q->detail);
	table_cell(h, 0, "%D", q->f[EV_TS]);
	table_cell(h, 0, "%D", q->received_at);
	table_cell(h, 0, "%s on %s (%s): %s %s %s", q->f[EV_USER], q->f[EV_SYSTEM], q->f[EV_DEVICE], q->f[EV_ACTION],
	           q->f[EV_RECORD_TYPE], q->f[EV_RECORD_ID]);
	html_f(h, "<td class=\"govuk-table__cell\">");
	snprintf(act, sizeof act, "/audit/quarantine/%lld/release", (long long)q->id);
	form_begin(h, h->rq, act);
	form_button(h, "Release", "secondary");
	form_end(h);
	html_f(h, "<a class=\"govuk-link\" href=\"/audit/quarantine/%I/drop\">Drop<span class=\"govuk-visually-hidden\"> "
	          "event Q%I</span></a></td>",
	       q->id, q->id);
	table_row_end(h);
	return 0;
}

static int quarantine_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	hr.rq = rq;
	struct err e = { 0 };
	long total = 0;
	int page = req_page(rq);
	if (audit_quarantine_page(rq->store, rq->actor, (long)(page - 1) * Q_PER_PAGE, Q_PER_PAGE, quarantine_row, &hr,
	                          &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_errs(&h, rq, rs, errs, "/audit/coverage", "Quarantined audit events");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "released"))
		banner_success(&h, "Event released", "It goes through the rules with the other feeds' events at the next "
		                                     "merge.");
	else if (done && !strcmp(done, "dropped"))
		banner_success(&h, "Event dropped", "The access log keeps its fields and the reason given.");
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Quarantined audit events</h1>"
	           "<p class=\"govuk-body\">Events a feed sent that could not go through the rules in time order: too "
	           "late (before the rules' clock) or dated too far in the future (a device with a wrong clock). They "
	           "wait here instead of moving the clock. Release one when it can go through the rules (an event "
	           "whose time has now come); drop one, with a reason, when it is wrong. Both are recorded in the "
	           "access log.</p>");
	static const struct column qcols[] = { { "Event", NULL, 0 },    { "Feed", NULL, 0 },
		                              { "Reason", NULL, 0 },   { "Event time", NULL, 0 },
		                              { "Received", NULL, 0 }, { "What", NULL, 0 },
		                              { "Action", NULL, 0 } };
	list_table(&h, rq, &(struct list_view){ .caption = "Quarantined events", LIST_COLS(qcols),
	                                        .empty = "No event is in quarantine.", .page = page,
	                                        .per_page = Q_PER_PAGE, .total = total }, &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int audit_quarantine_get_page(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return quarantine_page(rq, rs, &errs);
}

static int audit_quarantine_release_post(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (!audit_quarantine_release(rq->store, rq->actor, req_id(rq, "id"), &e)) {
		resp_redirect(rs, "/audit/quarantine?done=released");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	struct errlist errs = { 0 };
	errlist_add(&errs, "", "%s", e.msg);
	rs->status = 400;
	return quarantine_page(rq, rs, &errs);
}

static int drop_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct audit_quarantine_rec *q = xmalloc(sizeof *q);
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (audit_quarantine_get(rq->store, rq->actor, id, q, &e)) {
		free(q);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	char act[80];
	page_begin_errs(&h, rq, rs, errs, "/audit/quarantine", "Drop quarantined event Q%lld", (long long)id);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Drop quarantined event Q%I?</h1>",
	       id);
	summary_begin(&h);
	summary_row(&h, "Feed", "%s", q->feed);
	summary_row(&h, "Why it is in quarantine", "%s%s%s", q->why, q->detail[0] ? ": " : "", q->detail);
	summary_row(&h, "Event time", "%D", q->f[EV_TS]);
	summary_row(&h, "Received", "%D", q->received_at);
	summary_row(&h, "User", "%s", q->f[EV_USER]);
	summary_row(&h, "System and device", "%s (%s)", q->f[EV_SYSTEM], q->f[EV_DEVICE]);
	summary_row(&h, "Action", "%s %s %s", q->f[EV_ACTION], q->f[EV_RECORD_TYPE], q->f[EV_RECORD_ID]);
	summary_row(&h, "Subject", "%s", q->f[EV_SUBJECT]);
	summary_end(&h);
	html_f(&h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
	           "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
	           "</span>A dropped event never goes through the rules and is not kept in the audit trail; the access "
	           "log keeps its fields and your reason.</strong></div>");
	snprintf(act, sizeof act, "/audit/quarantine/%lld/drop", (long long)id);
	form_begin(&h, rq, act);
	form_textarea(&h, &(struct field){ .name = "reason", .maxlength = 500, .label = "Why is it dropped?",
	                                   .hint = "For example: a duplicate of another event, or a test record",
	                                   .value = req_form(rq, "reason"), .rows = 3, .errs = errs });
	form_button(&h, "Drop the event", "warning");
	form_end(&h);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/audit/quarantine\">Cancel</a></p>");
	page_end(&h);
	free(q);
	return 0;
}

static int audit_quarantine_drop_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return drop_page(rq, rs, &errs);
}

static int audit_quarantine_drop_post(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	const char *reason = req_form(rq, "reason");
	if (!audit_quarantine_drop(rq->store, rq->actor, req_id(rq, "id"), reason && *reason ? reason : NULL, &e)) {
		resp_redirect(rs, "/audit/quarantine?done=dropped");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	struct errlist errs = { 0 };
	errlist_add(&errs, "reason", "%s", e.msg);
	rs->status = 400;
	return drop_page(rq, rs, &errs);
}

const struct route audit_trail_routes[] = {
	{ "GET", "/audit/trail", audit_trail_page, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/trail.csv", audit_trail_csv, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/coverage", audit_coverage_page, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/api/audit/trail", api_trail, ACCESS_API, ROLE_ACU },
	{ "GET", "/audit/quarantine", audit_quarantine_get_page, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/audit/quarantine/{id}/release", audit_quarantine_release_post, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/quarantine/{id}/drop", audit_quarantine_drop_get, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/audit/quarantine/{id}/drop", audit_quarantine_drop_post, ACCESS_PAGE, ROLE_ACU },
};
ROUTES_END(audit_trail);
