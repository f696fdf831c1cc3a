/* audit_pages.c — ICT audit monitoring: the counter-corruption unit's triage
 * of audit alerts (ACU role only; the domain, src/domain/audit_alerts.c,
 * checks the role again and access-logs every view).
 *   /audit/alerts             the queue: filters, sort, paging, counts per rule and week
 *   /audit/alerts/{id}        one alert explained: rule, events, daily activity chart
 *   /audit/alerts/{id}/decision, /mute   decisions and mutes (POST)
 *   /audit/referrals          referrals for investigation
 *   /api/audit/alerts[/{id}]  JSON */
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "domain/people.h"
#include "web/audit_pages.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "web/pages.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct option rule_opts[] = {
	{ "", "Any rule", NULL, 0 },
	{ "1", "R1 association", NULL, 0 },
	{ "2", "R2 own or colleague's record", NULL, 0 },
	{ "3", "R3 vulnerable person, repeatedly", NULL, 0 },
	{ "4", "R4 volume spike", NULL, 0 },
	{ "5", "R5 watch list", NULL, 0 },
	{ "6", "R6 bulk printing or export", NULL, 0 },
};
static const struct option system_opts[] = {
	{ "", "Any system", NULL, 0 }, { "RMS", "RMS", NULL, 0 }, { "PNC", "PNC", NULL, 0 },
	{ "PND", "PND", NULL, 0 },     { "CAD", "CAD", NULL, 0 }, { "INTEL", "INTEL", NULL, 0 },
	{ "PROBITY", "Probity", NULL, 0 },
};
static const struct option device_opts[] = {
	{ "", "Any device", NULL, 0 }, { "desktop", "Desktop", NULL, 0 }, { "mobile", "Mobile", NULL, 0 },
};
static const struct option decision_opts[] = {
	{ "nfa", "No further action", "Give the reason in the note", 0 },
	{ "advice", "Advice given", "Record the advice in the note", 0 },
	{ "referred", "Refer for investigation", "Creates a referral; summarise what to investigate", 0 },
};

static const char *rule_short[7] = { "", "Association", "Own or colleague's record", "Vulnerable person",
	                             "Volume spike", "Watch list", "Bulk output" };

static const char *status_label(const char *s) { return status_table_label(alert_statuses, ALERT_NSTATUS, s); }
static const char *status_colour(const char *s) { return status_table_colour(alert_statuses, ALERT_NSTATUS, s); }

struct qfilter {
	struct audit_filter f;
	struct errlist errs;
};

static void read_filter(const struct req *rq, struct qfilter *x)
{
	memset(x, 0, sizeof *x);
	const char *r = req_query(rq, "rule");
	x->f.rule = r && r[0] >= '1' && r[0] <= '6' && !r[1] ? r[0] - '0' : 0;
	x->f.system = req_query(rq, "system");
	x->f.device = req_query(rq, "device");
	const char *u = req_query(rq, "unit");
	x->f.unit_id = u ? strtoll(u, NULL, 10) : 0;
	x->f.from = req_query(rq, "from");
	x->f.to = req_query(rq, "to");
	if (x->f.from && *x->f.from && !date_valid(x->f.from)) {
		errlist_add(&x->errs, "from", "The from date must be a real date");
		x->f.from = NULL;
	}
	if (x->f.to && *x->f.to && !date_valid(x->f.to)) {
		errlist_add(&x->errs, "to", "The to date must be a real date");
		x->f.to = NULL;
	}
	x->f.status = req_query(rq, "status");
	x->f.user = req_query(rq, "user");
	const char *m = req_query(rq, "muted");
	x->f.show_muted = m && !strcmp(m, "yes");
	x->f.sort = req_query(rq, "sort");
	x->f.page = req_page(rq);
	x->f.per_page = 50;
}

/* ---- the queue ---- */

static int row_html(void *ctx, const struct audit_alert_rec *a)
{
	struct html *h = ctx;
	char back[REGPAGE_BACK_MAX];
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/audit/alerts/%I%a\">A%I</a>", a->id, regpage_back_arg(h, back),
	           a->id);
	table_cell(h, 0, "R%d %s", a->rule, rule_short[a->rule]);
	table_cell(h, 0, "%s<br><span class=\"govuk-hint govuk-!-margin-0\">%s</span>", a->shown,
	           a->person_id ? a->person_name : "Not a member of staff in Probity");
	table_cell(h, 0, "%s", a->unit);
	if (strlen(a->key) == 13 && a->key[10] == 'T') { /* an hour, "YYYY-MM-DDTHH" in UTC: from then, in UK time */
		char hour[24];
		snprintf(hour, sizeof hour, "%s:00:00Z", a->key);
		table_cell(h, 0, "Hour from %D", hour);
	} else
		table_cell(h, 0, "%D", a->key); /* a subject, or a day as people read it */
	table_cell(h, 0, "%D", a->first_ts);
	table_cell(h, 0, "%s %s", a->system, a->device);
	table_cell(h, 0, GOVUK_TAG "%R%R", status_colour(a->status), status_label(a->status),
	           a->muted ? " <strong class=\"govuk-tag govuk-tag--grey\">Muted</strong>" : "",
	           a->pending ? " <strong class=\"govuk-tag govuk-tag--orange\">Awaiting countersignature</strong>" : "");
	table_cell(h, 0, "%s", a->assignee[0] ? a->assignee : "Nobody");
	table_row_end(h);
	return 0;
}

static const struct column queue_cols[] = {
	{ "Alert", NULL, 0 }, { "Rule", "rule", 0 }, { "User", "user", 0 }, { "Unit", NULL, 0 },
	{ "Subject, day or hour", NULL, 0 }, { "First event", "ts", 0 }, { "System, device", NULL, 0 },
	{ "Status", "status", 0 }, { "Assigned to", NULL, 0 },
};

static void filter_form(struct html *h, struct req *rq, struct qfilter *x)
{
	static const struct option muted_opt[] = { { "yes", "Include muted alerts", NULL, 0 } };
	struct option mo = muted_opt[0];
	mo.checked = x->f.show_muted;
	h->rq = rq; /* the query's date boxes, for their messages (views built into a side buffer) */
	struct option status_opts[ALERT_NSTATUS + 1];
	size_t nstatus = regpage_status_options(status_opts, ALERT_NSTATUS + 1, "Any status", alert_statuses,
	                                        ALERT_NSTATUS);
	form_error_summary(h, &x->errs);
	form_begin_get(h, "/audit/alerts");
	html_f(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "rule", .label = "Rule", .value = req_query(rq, "rule"),
	                                .options = rule_opts, .noptions = 7 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "system", .label = "System", .value = req_query(rq, "system"),
	                                .options = system_opts, .noptions = 7 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "device", .label = "Device", .value = req_query(rq, "device"),
	                                .options = device_opts, .noptions = 3 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	regpage_unit_select(h, rq);
	html_f(h, "</div></div><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_date(h, &(struct field){ .name = "from", .label = "From", .hint = "First event on or after",
	                              .value = req_query(rq, "from"), .errs = &x->errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_date(h, &(struct field){ .name = "to", .label = "To", .hint = "First event on or before",
	                              .value = req_query(rq, "to"), .errs = &x->errs });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(h, &(struct field){ .name = "status", .label = "Status", .value = req_query(rq, "status"),
	                                .options = status_opts, .noptions = nstatus });
	html_f(h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_input(h, &(struct field){ .name = "user", .label = "User", .hint = "Staff number, or a user code (U-…)",
	                               .value = req_query(rq, "user"), .width = "govuk-input--width-10" });
	html_f(h, "</div></div>");
	form_checkboxes(h, &(struct field){ .name = "muted", .label = "Muted alerts", .options = &mo, .noptions = 1 });
	html_f(h, "<div class=\"govuk-button-group\">");
	regpage_filter_buttons(h, rq, "/audit/alerts");
	html_f(h, "</div></form>");
}

/* Alerts per week (Monday to Sunday), from the per-day counts. */
struct weeks {
	long monday[64];
	long n[64];
	int count;
};

static int add_day(void *ctx, const char *day, long n)
{
	struct weeks *w = ctx;
	long d = date_days(day);
	long monday = d - ((d + 3) % 7 + 7) % 7;   /* 1970-01-01 was a Thursday */
	if (w->count && w->monday[w->count - 1] == monday) {
		w->n[w->count - 1] += n;
		return 0;
	}
	if (w->count == 64) {   /* keep the latest 64 weeks */
		memmove(w->monday, w->monday + 1, 63 * sizeof w->monday[0]);
		memmove(w->n, w->n + 1, 63 * sizeof w->n[0]);
		w->count = 63;
	}
	w->monday[w->count] = monday;
	w->n[w->count] = n;
	w->count++;
	return 0;
}

static int audit_queue(struct req *rq, struct resp *rs)
{
	struct qfilter x;
	read_filter(rq, &x);
	struct err e = { 0 };
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	hr.rq = rq;   /* the rows' links carry the filtered queue back (regpage_back_arg) */
	long total = 0, by_rule[7];
	struct weeks *w = xcalloc(1, sizeof *w);
	if (audit_alerts_list(rq->store, rq->actor, &x.f, row_html, &hr, &total, &e) ||
	    audit_alerts_counts(rq->store, rq->actor, &x.f, by_rule, add_day, w, &e)) {
		buf_release(&rows);
		free(w);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_errs(&h, rq, rs, &x.errs, NULL, "Audit alerts");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "decided"))
		banner_success(&h, "Decision recorded", "The alert's status has been updated.");
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Audit alerts</h1>");
	html_f(&h, "<p class=\"govuk-body\">Accesses to force systems that look like misuse, raised by rules R1 to R6. "
	           "<a class=\"govuk-link\" href=\"/audit/referrals\">Referrals for investigation</a></p>");
	filter_form(&h, rq, &x);
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
	static const struct column rc[] = { { "Rule", NULL, 0 }, { "Alerts", NULL, 1 } };
	table_begin(&h, rq, "Alerts per rule", rc, 2);
	for (int r = 1; r <= 6; r++) {
		table_row_begin(&h);
		table_cell(&h, 0, "R%d %s", r, rule_short[r]);
		table_cell(&h, 1, "%ld", by_rule[r]);
		table_row_end(&h);
	}
	table_end(&h);
	html_f(&h, "</div><div class=\"govuk-grid-column-one-half\">");
	static const struct column wc[] = { { "Week beginning", NULL, 0 }, { "Alerts", NULL, 1 } };
	if (w->count) {
		table_begin(&h, rq, "Alerts per week (the latest 12 weeks with any)", wc, 2);
		for (int i = w->count > 12 ? w->count - 12 : 0; i < w->count; i++) {
			char d[11];
			date_format(w->monday[i], d);
			table_row_begin(&h);
			table_cell(&h, 0, "%D", d);
			table_cell(&h, 1, "%ld", w->n[i]);
			table_row_end(&h);
		}
		table_end(&h);
	}
	html_f(&h, "</div></div>");
	html_f(&h, "<h2 class=\"govuk-heading-m\">%ld alert%s</h2>", total, total == 1 ? "" : "s");
	if (!x.f.show_muted) {      /* what the mutes hide, per rule */
		struct audit_filter all = x.f;
		long with[7], hidden = 0;
		all.show_muted = 1;
		if (audit_alerts_counts(rq->store, rq->actor, &all, with, NULL, NULL, &e) == 0) {
			for (int r = 1; r <= 6; r++)
				hidden += with[r] - by_rule[r];
			if (hidden) {
				html_f(&h, "<p class=\"govuk-body\">Hidden by mutes: %ld alert%s (", hidden, hidden == 1 ? "" : "s");
				for (int r = 1, first = 1; r <= 6; r++)
					if (with[r] - by_rule[r]) {
						html_f(&h, "%sR%d: %ld", first ? "" : ", ", r, with[r] - by_rule[r]);
						first = 0;
					}
				html_f(&h, "). Tick Include muted alerts to see them.</p>");
			}
		}
	}
	if (total)
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/audit/alerts.csv%R%a\">Download these "
		           "alerts (CSV)</a></p>", *rq->raw_query ? "?" : "", rq->raw_query);
	list_table(&h, rq, &(struct list_view){ .caption = "Alerts", LIST_COLS(queue_cols),
	                                        .empty = "No alerts match these filters.", .page = x.f.page,
	                                        .per_page = x.f.per_page, .total = total }, &rows);
	buf_release(&rows);
	free(w);
	page_end(&h);
	return 0;
}

/* ---- one alert ---- */

struct ev_ctx {
	struct html *h;
	int n;
};

static int event_row(void *ctx, const struct audit_event_rec *ev)
{
	struct ev_ctx *c = ctx;
	struct html *h = c->h;
	c->n++;
	table_row_begin(h);
	table_cell(h, 0, "%D", ev->ts);
	table_cell(h, 0, "%s", ev->system[0] ? ev->system : "not kept");
	table_cell(h, 0, "%s", ev->device);
	table_cell(h, 0, "%s", ev->action);
	table_cell(h, 0, "%s %s", ev->record_type, ev->record_id);
	table_cell(h, 0, "%s", ev->reason[0] ? ev->reason : (ev->system[0] ? "none given" : ""));
	table_cell(h, 0, "%s", ev->covered);
	table_row_end(h);
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell govuk-body-s\" colspan=\"7\">%s</td></tr>",
	       ev->detail);
	return 0;
}

#define CHART_DAYS 30

/* The user's events per day as a bar chart: SVG with a title and a
 * description, and the same numbers as a table. */
static void daily_chart(struct html *h, struct req *rq, const struct audit_alert_rec *a, const long *counts,
                        const char *last_day)
{
	long max = 1, sum = 0, last = date_days(last_day);
	for (int i = 0; i < CHART_DAYS; i++) {
		if (counts[i] > max)
			max = counts[i];
		sum += counts[i];
	}
	char first[11];
	date_format(last - CHART_DAYS + 1, first);
	html_f(h, "<h2 class=\"govuk-heading-m\">Recent activity</h2>");
	html_f(h, "<svg class=\"audit-chart\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 620 190\" "
	          "width=\"620\" height=\"190\" xmlns=\"http://www.w3.org/2000/svg\">");
	html_f(h, "<title id=\"chart-title\">Events per day by %s, %D to %D</title>", a->shown, first, last_day);
	html_f(h, "<desc id=\"chart-desc\">Bar chart of %ld events over %d days; the busiest day had %ld. The alert's "
	          "day is the last bar, in red. The same numbers are in the table below.</desc>",
	       sum, CHART_DAYS, max);
	html_f(h, "<line x1=\"40\" y1=\"160\" x2=\"610\" y2=\"160\" stroke=\"#0b0c0c\"/>");
	html_f(h, "<text x=\"36\" y=\"24\" text-anchor=\"end\" font-size=\"12\" fill=\"#0b0c0c\">%ld</text>", max);
	html_f(h, "<text x=\"36\" y=\"160\" text-anchor=\"end\" font-size=\"12\" fill=\"#0b0c0c\">0</text>");
	for (int i = 0; i < CHART_DAYS; i++) {
		long hgt = counts[i] * 140 / max;
		int x = 44 + i * 19;
		html_f(h, "<rect x=\"%d\" y=\"%ld\" width=\"15\" height=\"%ld\" fill=\"%s\"/>", x, 160 - hgt, hgt,
		       i == CHART_DAYS - 1 ? "#d4351c" : "#1d70b8");
	}
	html_f(h, "<text x=\"44\" y=\"178\" font-size=\"12\" fill=\"#0b0c0c\">%D</text>", first);
	html_f(h, "<text x=\"610\" y=\"178\" text-anchor=\"end\" font-size=\"12\" fill=\"#0b0c0c\">%D</text>", last_day);
	html_f(h, "</svg>");
	html_f(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
	          "<span class=\"govuk-details__summary-text\">Events per day as a table</span></summary>"
	          "<div class=\"govuk-details__text\">");
	static const struct column dc[] = { { "Day", NULL, 0 }, { "Events", NULL, 1 } };
	table_begin(h, rq, "Events per day", dc, 2);
	for (int i = 0; i < CHART_DAYS; i++) {
		char d[11];
		date_format(last - CHART_DAYS + 1 + i, d);
		table_row_begin(h);
		table_cell(h, 0, "%D", d);
		table_cell(h, 1, "%ld", counts[i]);
		table_row_end(h);
	}
	table_end(h);
	html_f(h, "</div></details>");
}

static int mute_row(void *ctx, const struct audit_mute_rec *m)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%D", m->from_date);
	table_cell(h, 0, "%D", m->until_date);
	table_cell(h, 0, "%s", m->reason);
	table_cell(h, 0, "%s", m->created_by);
	int ms = status_table_index(audit_mute_states, MUTE_NSTATE, m->state);
	table_cell(h, 0, "%s", ms == MUTE_PENDING || ms == MUTE_REJECTED ? audit_mute_states[ms].label
	                       : m->active ? audit_mute_states[MUTE_IN_FORCE].label
	                                   : "Not in force (expired or not yet begun)");
	table_row_end(h);
	return 0;
}

static int trail_row(void *ctx, const struct slice f[EV_NCOLS])
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell_slice_date(h, &f[EV_TS]); /* the UTC stamp in UK time */
	for (int i = 0; i < EV_NCOLS; i++)
		if (i != EV_RECORD_TYPE && i != EV_TS)
			table_cell_slice(h, &f[i]);
	table_row_end(h);
	return 0;
}

#define TRAIL_SHOWN 500

/* The stored events behind the alert, from the audit trail (the search is
 * access-logged as evidence for this alert). */
static void alert_trail(struct html *h, struct req *rq, const struct audit_alert_rec *a)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	long total = 0;
	struct err e = { 0 };
	static const char *const what[7] = {
		"", "Every access to this person by anyone in the 30 days up to the alert",
		"Every access to this person by anyone in the 30 days up to the alert",
		"Every access to this person by anyone in the 30 days up to the alert",
		"Every event of this user on the day", "Every access to this person by anyone in the 30 days up to the alert",
		"Every print and export of this user in the hour",
	};
	html_f(h, "<h2 class=\"govuk-heading-m\">Events in the audit trail</h2>");
	if (audit_alert_trail(rq->store, rq->actor, a, TRAIL_SHOWN, trail_row, &hr, &total, &e)) {
		html_f(h, "<p class=\"govuk-body\">The audit trail could not be read.</p>");
		buf_release(&rows);
		return;
	}
	html_f(h, "<p class=\"govuk-body\">%s: %ld event%s%s.</p>", what[a->rule], total, total == 1 ? "" : "s",
	       total > TRAIL_SHOWN ? " (the first 500 are shown; search the audit trail for all)" : "");
	if (total) {
		static const struct column tc[] = {
			{ "Time", NULL, 0 },   { "User", NULL, 0 },   { "System", NULL, 0 },  { "Device", NULL, 0 },
			{ "Action", NULL, 0 }, { "Record", NULL, 0 }, { "Subject", NULL, 0 }, { "Reason given", NULL, 0 },
		};
		table_begin(h, rq, "Events from the audit trail", tc, 8);
		html_f(h, "%R", buf_str(&rows));
		table_end(h);
	}
	buf_release(&rows);
}

static int decision_row(void *ctx, const struct audit_decision_rec *d)
{
	struct html *h = ctx;
	const char *st = status_table_label(audit_decision_states, DECISION_NSTATE, d->state);
	table_row_begin(h);
	table_cell(h, 0, "%D", d->decided_at);
	table_cell(h, 0, "%s", d->decided_by);
	table_cell(h, 0, "%s", status_label(d->decision));
	table_cell(h, 0, "%s", d->note);
	table_cell(h, 0, "%s%s%s", st, d->why[0] ? ": " : "", d->why);
	table_cell(h, 0, "%s%s%s%s%s", d->countersigned_by, d->countersigned_at[0] ? " on " : "", d->countersigned_at,
	           d->countersign_note[0] ? ". " : "", d->countersign_note);
	table_row_end(h);
	return 0;
}

/* Every decision on the alert, oldest first: a change is a new row. */
static void decision_history(struct html *h, struct req *rq, const struct audit_alert_rec *a)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (audit_decisions_list(rq->store, rq->actor, a->id, decision_row, &hr, &e) == 0 && rows.n) {
		static const struct column dc[] = { { "When", NULL, 0 },  { "By", NULL, 0 },    { "Decision", NULL, 0 },
			                            { "Note", NULL, 0 },  { "State", NULL, 0 }, { "Countersigned", NULL, 0 } };
		html_f(h, "<h2 class=\"govuk-heading-m\">Decision history</h2>");
		table_begin(h, rq, "Every decision on this alert, oldest first", dc, 6);
		html_f(h, "%R", buf_str(&rows));
		table_end(h);
	}
	buf_release(&rows);
}

static void show_page(struct req *rq, struct resp *rs, const struct audit_alert_rec *a, const struct errlist *errs,
                      const struct errlist *mute_errs, const struct errlist *reveal_errs)
{
	struct html h;
	char title[64], context[512] = "";
	struct err e = { 0 };
	int bad = errs->n || mute_errs->n || (reveal_errs && reveal_errs->n);
	snprintf(title, sizeof title, "%sAlert A%lld", bad ? "Error: " : "", (long long)a->id);
	static const char *const lists[] = { "/audit/alerts", NULL };
	char back[REGPAGE_BACK_MAX];
	page_begin_back(&h, rq, rs, title, regpage_back(rq, lists, "/audit/alerts", back));
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "revealed"))
		banner_success(&h, "User revealed", "Your reason is recorded; the reviewer role can see it.");
	if (done && !strcmp(done, "muted"))
		banner_success(&h, "Mute recorded", "New alerts of this rule for this user will be hidden from the queue until "
		                                    "the end date (once countersigned, where that is needed).");
	form_error_summary(&h, errs);
	form_error_summary(&h, mute_errs);
	if (reveal_errs)
		form_error_summary(&h, reveal_errs);
	html_f(&h, "<span class=\"govuk-caption-l\">R%d %s</span><h1 class=\"govuk-heading-l\">%s</h1>", a->rule,
	       rule_short[a->rule], title + (bad ? 7 : 0));
	html_f(&h, "<p class=\"govuk-body\">" GOVUK_TAG "%R</p>", status_colour(a->status),
	       status_label(a->status), a->muted ? " <strong class=\"govuk-tag govuk-tag--grey\">Muted</strong>" : "");
	html_f(&h, "<div class=\"govuk-inset-text\"><strong>The rule:</strong> %s</div>", audit_rule_plain[a->rule]);
	audit_alert_context(rq->store, a, context, sizeof context, &e);
	summary_begin(&h);
	if (a->person_id)
		summary_row(&h, "User", "%s%s%s%s%s%R", a->shown, a->person_name[0] ? " — " : "", a->person_name,
		            a->unit[0] ? ", " : "", a->unit,
		            a->chief_officer ? " <strong class=\"govuk-tag govuk-tag--purple\">Chief officer</strong>" : "");
	else
		summary_row(&h, "User", "%s <strong class=\"govuk-tag govuk-tag--red\">Not a member of staff in "
		                        "Probity</strong>", a->shown);
	summary_row(&h, "Assigned to", "%s", a->assignee[0] ? a->assignee : "Nobody");
	if (a->rule == AUDIT_R4) {
		summary_row(&h, "Day", "%D", a->key);
	} else if (a->rule == AUDIT_R6) { /* "YYYY-MM-DDTHH" in UTC: the hour from then, in UK time (as the list) */
		char hour[24];
		snprintf(hour, sizeof hour, "%.13s:00:00Z", a->key);
		summary_row(&h, "Hour", "The hour from %D", hour);
	} else
		summary_row(&h, "Subject (person id)", "%s", a->key);
	if (a->rule == AUDIT_R1)
		summary_row(&h, "Declared association", "%s", context[0] ? context : "The declaration is no longer on the register");
	if (a->rule == AUDIT_R2)
		summary_row(&h, "Whose record", "%s", context[0] ? context : "No member of staff has this person id now");
	if (a->rule == AUDIT_R3)
		summary_row(&h, "Vulnerable flag", "%s", context[0] ? context : "The flag has since been removed");
	if (a->rule == AUDIT_R4)
		summary_row(&h, "Search and view events that day", "%I", a->count);
	if (a->rule == AUDIT_R6)
		summary_row(&h, "Print and export events that hour", "%I", a->count);
	summary_row(&h, "First event", "%D", a->first_ts);
	summary_row(&h, "Why", "%s", a->detail);
	if (a->rule_params[0] && strcmp(a->rule_params, "-")) /* "-": a rule without settings */
		summary_row(&h, "Rule version", "%d (%s)", a->rule_version, a->rule_params);
	else
		summary_row(&h, "Rule version", "%d", a->rule_version);
	summary_row(&h, "Raised", "%D", a->created_at);
	if (status_table_index(alert_statuses, ALERT_NSTATUS, a->status) != ALERT_NEW)
		summary_row(&h, "Decision", "%s by %s on %D. %s", status_label(a->status), a->decided_by, a->decided_at,
		            a->decision_note);
	if (a->referral_id)
		summary_row(&h, "Referral", "R%I in the referral list", a->referral_id);
	summary_end(&h);
	if (a->code[0] && !a->revealed) {
		char act[64];
		snprintf(act, sizeof act, "/audit/alerts/%lld/reveal", (long long)a->id);
		html_f(&h, "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\"><span "
		           "class=\"govuk-details__summary-text\">Reveal who %s is</span></summary><div "
		           "class=\"govuk-details__text\"><p class=\"govuk-body\">The queue is pseudonymised. Revealing "
		           "shows you this alert's user by staff number and name; your reason is recorded and the reviewer "
		           "role can see every reveal.</p>",
		       reveal_errs && reveal_errs->n ? " open" : "", a->code);
		form_begin(&h, rq, act);
		form_textarea(&h, &(struct field){ .name = "reason", .maxlength = 500, .label = "Why do you need to know?",
		                                   .value = req_form(rq, "reason"), .rows = 2, .errs = reveal_errs });
		form_button(&h, "Reveal", "secondary");
		form_end(&h);
		html_f(&h, "</div></details>");
	} else if (a->code[0]) {
		html_f(&h, "<p class=\"govuk-body\">You revealed this alert's user (code %s); the reveal is recorded.</p>",
		       a->code);
	}
	decision_history(&h, rq, a);
	if (audit_may_mute(rq->store, rq->actor, a->user)) {
		char act[64];
		snprintf(act, sizeof act, "/audit/alerts/%lld/assign", (long long)a->id);
		form_begin(&h, rq, act);
		form_hidden(&h, "to", a->assignee[0] && !strcmp(a->assignee, rq->actor->username) ? "nobody" : "me");
		form_button(&h, a->assignee[0] && !strcmp(a->assignee, rq->actor->username) ? "Unassign" : "Assign to me",
		            "secondary");
		form_end(&h);
	}

	html_f(&h, "<h2 class=\"govuk-heading-m\">The events behind it</h2>");
	if (a->rule == AUDIT_R4 || a->rule == AUDIT_R6)
		html_f(&h, "<p class=\"govuk-body\">Volume rules count events; the table shows the event that crossed the "
		           "threshold, and the audit trail below shows them all.</p>");
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct ev_ctx c = { &hr, 0 };
	audit_alert_events(rq->store, rq->actor, a->id, event_row, &c, &e);
	static const struct column ec[] = {
		{ "Time", NULL, 0 }, { "System", NULL, 0 }, { "Device", NULL, 0 }, { "Action", NULL, 0 },
		{ "Record", NULL, 0 }, { "Reason given", NULL, 0 }, { "Covered by an assignment", NULL, 0 },
	};
	table_begin(&h, rq, "Events", ec, 7);
	html_f(&h, "%R", buf_str(&rows));
	table_end(&h);
	buf_release(&rows);
	alert_trail(&h, rq, a);

	long counts[CHART_DAYS];
	char day[11];
	snprintf(day, sizeof day, "%.10s", a->first_ts);
	if (date_valid(day) && audit_user_daily(rq->store, rq->actor, a->user, day, CHART_DAYS, counts, &e) == 0)
		daily_chart(&h, rq, a, counts, day);

	if (a->pending)
		html_f(&h, "<div class=\"govuk-inset-text\">A decision on this alert is awaiting countersignature by a "
		           "reviewer. It takes effect when countersigned.</div>");
	else if (audit_alert_may_decide(rq->store, rq->actor, a)) {
		char action[64];
		snprintf(action, sizeof action, "/audit/alerts/%lld/decision", (long long)a->id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Decision</h2>");
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "decision", .label = "Decision", .value = req_form(rq, "decision"),
		                                 .options = decision_opts, .noptions = 3, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "note", .maxlength = 2000, .label = "Note",
		                                   .hint = "The reason, the advice given, or what to investigate",
		                                   .value = req_form(rq, "note"), .rows = 3, .errs = errs });
		form_button(&h, "Record decision", NULL);
		form_end(&h);
	}
	/* the user's other alerts */
	struct qfilter of;
	memset(&of, 0, sizeof of);
	of.f.user = a->user;
	of.f.show_muted = 1;
	of.f.per_page = 20;
	of.f.page = 1;
	struct buf others;
	buf_init(&others, 0);
	struct html ho;
	html_init(&ho, &others);
	long nother = 0;
	if (audit_alerts_list(rq->store, rq->actor, &of.f, row_html, &ho, &nother, &e) == 0 && nother > 1) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">All alerts for %s (%ld)</h2>", a->shown, nother);
		table_begin(&h, rq, "Alerts for this user", queue_cols, sizeof queue_cols / sizeof queue_cols[0]);
		html_f(&h, "%R", buf_str(&others));
		table_end(&h);
	}
	buf_release(&others);
	if (!audit_may_mute(rq->store, rq->actor, a->user)) {
		page_end(&h);
		return;
	}
	char action[64];
	snprintf(action, sizeof action, "/audit/alerts/%lld/mute", (long long)a->id);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Mute this rule for this user</h2>"
	           "<p class=\"govuk-body\">Alerts of rule R%d for %s raised after the mute takes effect are still stored, "
	           "but hidden from the queue until the end date; alerts already raised stay in the queue. On rules R1, "
	           "R3 and R5, and for a chief officer, the mute takes effect when a reviewer countersigns it. The mute "
	           "ends by itself.</p>",
	       a->rule, a->shown);
	struct buf mutes;
	buf_init(&mutes, 0);
	struct html hm;
	html_init(&hm, &mutes);
	audit_mutes_list(rq->store, rq->actor, a->rule, a->user, mute_row, &hm, &e);
	if (mutes.n) {
		static const struct column mc[] = { { "From", NULL, 0 }, { "Until", NULL, 0 }, { "Reason", NULL, 0 },
			                            { "By", NULL, 0 }, { "State", NULL, 0 } };
		table_begin(&h, rq, "Mutes of this rule for this user", mc, 5);
		html_f(&h, "%R", buf_str(&mutes));
		table_end(&h);
	}
	buf_release(&mutes);
	form_begin(&h, rq, action);
	form_date(&h, &(struct field){ .name = "until", .label = "Mute until", .value = req_form(rq, "until"),
	                               .errs = mute_errs });
	form_textarea(&h, &(struct field){ .name = "mute_reason", .maxlength = 2000, .label = "Reason for muting",
	                                   .value = req_form(rq, "mute_reason"), .rows = 2, .errs = mute_errs });
	form_button(&h, "Mute", "secondary");
	form_end(&h);
	page_end(&h);
}

/* Fetch alert id and show its page with the decision and mute form errors
 * (the error page when refused). */
static int show_alert(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs,
                      const struct errlist *merrs, const struct errlist *rerrs)
{
	struct audit_alert_rec *a = xmalloc(sizeof *a);
	struct err e = { 0 };
	int rc = 0;
	if (audit_alert_get(rq->store, rq->actor, id, a, &e))
		rc = page_fail(rq, rs, &e);
	else
		show_page(rq, rs, a, errs, merrs, rerrs);
	free(a);
	return rc;
}

static int audit_alert_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 }, merrs = { 0 };
	return show_alert(rq, rs, req_id(rq, "id"), &errs, &merrs, NULL);
}

static int audit_alert_decide_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 }, merrs = { 0 };
	struct err e = { 0 };
	const char *d = req_form(rq, "decision");
	int k = status_table_index(alert_statuses, ALERT_NSTATUS, d);
	int decision = k == ALERT_NFA ? AUDIT_DECIDE_NFA : k == ALERT_ADVICE ? AUDIT_DECIDE_ADVICE
	               : k == ALERT_REFERRED ? AUDIT_DECIDE_REFER : 0;
	if (!audit_alert_decide(rq->store, rq->actor, id, decision, req_form(rq, "note"), &errs, &e)) {
		resp_redirect(rs, "/audit/alerts?done=decided");
		return 0;
	}
	if (e.code != ERR_INPUT || !errs.n)
		return page_fail(rq, rs, &e);
	return show_alert(rq, rs, id, &errs, &merrs, NULL);
}

static int audit_alert_mute_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 }, merrs = { 0 };
	struct err e = { 0 };
	struct audit_alert_rec *a = xmalloc(sizeof *a);
	int rc = 0;
	if (audit_alert_get(rq->store, rq->actor, id, a, &e)) {
		rc = page_fail(rq, rs, &e);
	} else if (!audit_mute(rq->store, rq->actor, a->rule, a->user, req_form(rq, "until"),
	                       req_form(rq, "mute_reason"), &merrs, &e)) {
		regpage_redirect_id(rs, "/audit/alerts/", id, "?done=muted");
	} else if (e.code != ERR_INPUT || !merrs.n) {
		rc = page_fail(rq, rs, &e);
	} else {
		show_page(rq, rs, a, &errs, &merrs, NULL);
	}
	free(a);
	return rc;
}

static int audit_alert_reveal_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 }, merrs = { 0 }, rerrs = { 0 };
	struct err e = { 0 };
	if (!audit_alert_reveal(rq->store, rq->actor, id, req_form(rq, "reason"), &e)) {
		regpage_redirect_id(rs, "/audit/alerts/", id, "?done=revealed");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	errlist_add(&rerrs, e.field[0] ? e.field : "reason", "%s", e.msg);
	rs->status = 400;
	return show_alert(rq, rs, id, &errs, &merrs, &rerrs);
}

static int reveal_row(void *ctx, const struct audit_reveal_rec *r)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%D", r->at);
	table_cell(h, 0, "%s", r->by);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/audit/alerts/%I\">A%I</a> (R%d)", r->alert_id, r->alert_id,
	           r->rule);
	table_cell(h, 0, "%s", r->user);
	table_cell(h, 0, "%s", r->reason);
	table_row_end(h);
	return 0;
}

/* The reviewer's view of the pseudonymised queue: who revealed whom, why. */
static int audit_reveals_page(struct req *rq, struct resp *rs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (audit_reveals_list(rq->store, rq->actor, reveal_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Reveals of pseudonymised users");
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Reveals of pseudonymised users</h1>"
	           "<p class=\"govuk-body\">Every time an analyst revealed who a pseudonymised alert is about, newest "
	           "first, with the reason they gave.</p>");
	static const struct column rc[] = { { "When", NULL, 0 }, { "Analyst", NULL, 0 }, { "Alert", NULL, 0 },
		                            { "User revealed", NULL, 0 }, { "Reason", NULL, 0 } };
	if (rows.n) {
		table_begin(&h, rq, "Reveals", rc, 5);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No user has been revealed.</p>");
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

/* ---- referrals ---- */

static int referral_row(void *ctx, const struct audit_referral_rec *r)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "R%I", r->id);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/audit/alerts/%I\">A%I</a> R%d %s", r->alert_id, r->alert_id,
	           r->rule, rule_short[r->rule >= 1 && r->rule <= 6 ? r->rule : 0]);
	table_cell(h, 0, "%s", r->user);
	table_cell(h, 0, "%s", r->summary);
	table_cell(h, 0, "%s", r->created_by);
	table_cell(h, 0, "%D", r->created_at);
	/* open: intake for counter-corruption intelligence */
	if (status_table_index(audit_referral_statuses, REFERRAL_NSTATUS, r->status) == REFERRAL_OPEN)
		html_f(h, "<td class=\"govuk-table__cell\">Open: <a class=\"govuk-link\" href=\"/intel/items/new?alert=%I\">"
		          "record as intelligence</a></td>",
		       r->alert_id);
	else
		table_cell(h, 0, "%s", "Recorded as intelligence");
	table_row_end(h);
	return 0;
}

static int audit_referrals(struct req *rq, struct resp *rs)
{
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct err e = { 0 };
	if (audit_referrals_list(rq->store, rq->actor, referral_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, "Referrals for investigation", "/audit/alerts");
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Referrals for investigation</h1>"
	           "<p class=\"govuk-body\">Alerts referred by the counter-corruption unit. Each is intake for "
	           "counter-corruption intelligence: record it as an item, pre-filled from the alert.</p>");
	if (!rows.n) {
		html_f(&h, "<p class=\"govuk-body\">No alert has been referred yet.</p>");
	} else {
		static const struct column cols[] = {
			{ "Referral", NULL, 0 }, { "Alert", NULL, 0 }, { "User", NULL, 0 }, { "Summary", NULL, 0 },
			{ "Referred by", NULL, 0 }, { "Referred at", NULL, 0 }, { "Status", NULL, 0 },
		};
		table_begin(&h, rq, "Referrals", cols, 7);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

/* ---- JSON ---- */

static json_t *alert_json(const struct audit_alert_rec *a)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:s, s:s, s:b, s:s, s:s}", "id",
	                 (json_int_t)a->id, "rule", (const char *[]){ "", "R1", "R2", "R3", "R4", "R5", "R6" }[a->rule],
	                 "rule_name", audit_rule_names[a->rule], "user", a->shown, "key", a->key, "first_ts", a->first_ts,
	                 "rule_version", a->rule_version, "system", a->system, "device", a->device, "count",
	                 (json_int_t)a->count, "detail", a->detail, "status", a->status, "muted", a->muted, "unit",
	                 a->unit, "created_at", a->created_at);
}

static int json_row(void *ctx, const struct audit_alert_rec *a)
{
	json_array_append_new(ctx, alert_json(a));
	return 0;
}

static int api_alerts(struct req *rq, struct resp *rs)
{
	struct qfilter x;
	read_filter(rq, &x);
	if (x.errs.n) {
		resp_json_error_field(rs, 400, x.errs.item[0].msg, x.errs.item[0].field);
		return 0;
	}
	x.f.per_page = regpage_per_page(rq, 50);
	struct err e = { 0 };
	long total = 0;
	json_t *items = json_array();
	if (audit_alerts_list(rq->store, rq->actor, &x.f, json_row, items, &total, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	long by_rule[7];
	if (audit_alerts_counts(rq->store, rq->actor, &x.f, by_rule, NULL, NULL, &e)) {
		json_decref(items);
		api_fail(rq, rs, &e);
		return 0;
	}
	json_t *counts = json_object();
	for (int r = 1; r <= 6; r++) {
		char k[4] = { 'R', (char)('0' + r), 0, 0 };
		json_object_set_new(counts, k, json_integer(by_rule[r]));
	}
	json_t *j = regpage_json_page(total, x.f.page, x.f.per_page, items);
	json_object_set_new(j, "counts_by_rule", counts);
	resp_json(rs, 200, j);
	return 0;
}

static int ev_json(void *ctx, const struct audit_event_rec *ev)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "ts", ev->ts, "system",
	                                     ev->system, "device", ev->device, "action", ev->action, "record_type",
	                                     ev->record_type, "record_id", ev->record_id, "reason", ev->reason,
	                                     "covered", ev->covered, "detail", ev->detail));
	return 0;
}

static int api_alert(struct req *rq, struct resp *rs)
{
	struct audit_alert_rec *a = xmalloc(sizeof *a);
	struct err e = { 0 };
	if (audit_alert_get(rq->store, rq->actor, req_id(rq, "id"), a, &e)) {
		api_fail(rq, rs, &e);
		free(a);
		return 0;
	}
	json_t *j = alert_json(a), *evs = json_array();
	audit_alert_events(rq->store, rq->actor, a->id, ev_json, evs, &e);
	json_object_set_new(j, "events", evs);
	json_object_set_new(j, "rule_plain", json_string(audit_rule_plain[a->rule]));
	resp_json(rs, 200, j);
	free(a);
	return 0;
}

static int audit_alert_assign_post(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	const char *to = req_form(rq, "to");
	if (audit_alert_assign(rq->store, rq->actor, id, to && !strcmp(to, "me"), &e))
		return page_fail(rq, rs, &e);
	regpage_redirect_id(rs, "/audit/alerts/", id, "");
	return 0;
}

/* The queue as CSV, under the same filters, every page. */
struct csvq {
	struct buf *b;
};

static void csv_text(struct buf *b, const char *s, int last)
{
	csv_cell(b, s);
	buf_addc(b, last ? '\n' : ',');
}

static int csv_alert(void *ctx, const struct audit_alert_rec *a)
{
	struct buf *b = ctx;
	char n[32], r[8];
	snprintf(n, sizeof n, "A%lld", (long long)a->id);
	snprintf(r, sizeof r, "R%d", a->rule);
	csv_text(b, n, 0);
	csv_text(b, r, 0);
	csv_text(b, rule_short[a->rule], 0);
	csv_text(b, a->shown, 0);
	csv_text(b, a->person_id ? a->person_name : "Not a member of staff in Probity", 0);
	csv_text(b, a->unit, 0);
	csv_text(b, a->key, 0);
	csv_text(b, a->first_ts, 0);
	csv_text(b, a->system, 0);
	csv_text(b, a->device, 0);
	csv_text(b, status_label(a->status), 0);
	csv_text(b, a->pending ? "yes" : "no", 0);
	csv_text(b, a->muted ? "yes" : "no", 0);
	csv_text(b, a->assignee, 1);
	return b->oom;
}

static int audit_alerts_csv_page(struct req *rq, struct resp *rs)
{
	struct qfilter x;
	read_filter(rq, &x);
	struct err e = { 0 };
	buf_adds(&rs->body, "alert,rule,rule_name,user,name,unit,subject_day_or_hour,first_event,system,device,status,"
	                    "awaiting_countersignature,muted,assigned_to\n");
	x.f.per_page = 500;
	for (x.f.page = 1;; x.f.page++) {
		long total = 0;
		if (audit_alerts_list(rq->store, rq->actor, &x.f, csv_alert, &rs->body, &total, &e)) {
			buf_reset(&rs->body);
			return page_fail(rq, rs, &e);
		}
		if ((long)x.f.page * 500 >= total)
			break;
	}
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"audit-alerts.csv\"");
	return 0;
}

/* ---- countersignature (reviewer role) ---- */

struct pend_ctx {
	struct html *h;
	struct req *rq;
	int n;
};

static int pending_item(void *ctx, const struct audit_pending_rec *p)
{
	struct pend_ctx *c = ctx;
	struct html *h = c->h;
	c->n++;
	html_f(h, "<h2 class=\"govuk-heading-m\">%s %I: R%d %s, user %s</h2>", !strcmp(p->kind, "mute") ? "Mute" : "Decision",
	       p->id, p->rule, rule_short[p->rule >= 1 && p->rule <= 6 ? p->rule : 0], p->user);
	summary_begin(h);
	if (p->alert_id)
		summary_row(h, "Alert", "A%I, %s", p->alert_id, p->key);
	summary_row(h, "Proposed", "%s", !strcmp(p->kind, "mute") ? "Mute the rule for this user" : status_label(p->what));
	if (p->until[0])
		summary_row(h, "Until", "%s", p->until);
	summary_row(h, "Reason given", "%s", p->note);
	summary_row(h, "By", "%s on %s", p->by, p->at);
	summary_row(h, "Why it needs countersignature", "%s", p->why);
	summary_end(h);
	char act[64];
	snprintf(act, sizeof act, "/audit/countersign");
	form_begin(h, c->rq, act);
	form_hidden(h, "kind", p->kind);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	form_hidden(h, "id", id);
	form_textarea(h, &(struct field){ .name = "cs_note", .maxlength = 2000, .label = "Note", .hint = "Required if you do not countersign",
	                                  .rows = 2 });
	html_f(h, "<div class=\"govuk-button-group\">"
	          "<button class=\"govuk-button\" data-module=\"govuk-button\" name=\"accept\" value=\"yes\">Countersign</button>"
	          "<button class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\" name=\"accept\" "
	          "value=\"no\">Do not countersign</button></div>");
	form_end(h);
	return 0;
}

static int countersign_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct buf body;
	buf_init(&body, 0);
	struct html hb;
	html_init(&hb, &body);
	struct pend_ctx c = { &hb, rq, 0 };
	struct err e = { 0 };
	if (audit_pending_list(rq->store, rq->actor, pending_item, &c, &e)) {
		buf_release(&body);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_errs(&h, rq, rs, errs, NULL, "Audit decisions to countersign");
	form_error_summary(&h, errs);
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "signed"))
		banner_success(&h, "Recorded", "Your countersignature (or refusal) has been recorded.");
	html_f(&h, "<span class=\"govuk-caption-l\">ICT audit monitoring</span>"
	           "<h1 class=\"govuk-heading-l\">Audit decisions to countersign</h1>"
	           "<p class=\"govuk-body\">No further action on rules R1, R3 and R5, mutes of those rules, and any "
	           "decision or mute about a chief officer take effect only when a reviewer countersigns them.</p>");
	if (!c.n)
		html_f(&h, "<p class=\"govuk-body\">Nothing is awaiting countersignature.</p>");
	html_f(&h, "%R", buf_str(&body));
	buf_release(&body);
	page_end(&h);
	return 0;
}

static int audit_countersign_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return countersign_page(rq, rs, &errs);
}

static int audit_countersign_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *id = req_form(rq, "id"), *acc = req_form(rq, "accept");
	if (!audit_countersign(rq->store, rq->actor, req_form(rq, "kind"), id ? strtoll(id, NULL, 10) : 0,
	                       acc && !strcmp(acc, "yes"), req_form(rq, "cs_note"), &errs, &e)) {
		resp_redirect(rs, "/audit/countersign?done=signed");
		return 0;
	}
	if (e.code != ERR_INPUT || !errs.n)
		return page_fail(rq, rs, &e);
	rs->status = 400;
	return countersign_page(rq, rs, &errs);
}

struct silent {
	struct html *h;
	int n;
};

/* A warning for each system and device silent for too long. */
static int silent_one(void *ctx, const struct audit_coverage_rec *c)
{
	struct silent *s = ctx;
	if (!c->silent)
		return 0;
	html_f(s->h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
	             "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
	             "</span>No audit events from %s (%s) for %I hours: the last arrived %D. "
	             "<a class=\"govuk-link\" href=\"/audit/coverage\">Audit coverage</a></strong></div>",
	       c->system, c->device, c->silent_hours, c->last_ts);
	s->n++;
	return 0;
}

/* A warning for each declared feed silent for longer than its interval. */
static int silent_feed(void *ctx, const struct audit_feed_rec *f)
{
	struct html *h = ctx;
	if (!f->silent)
		return 0;
	html_f(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
	          "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
	          "</span>The %s audit feed is silent: %s%D. <a class=\"govuk-link\" href=\"/audit/coverage\">Audit "
	          "coverage</a></strong></div>",
	       f->name, f->last_delivery[0] ? "its last delivery was " : "nothing has been received from it yet",
	       f->last_delivery);
	return 0;
}

void audit_home(struct html *h, struct req *rq)
{
	if (!actor_has(rq->actor, ROLE_ACU))
		return;
	struct audit_filter f;
	memset(&f, 0, sizeof f);
	f.status = "new";
	long by_rule[7], n = 0;
	struct err e = { 0 };
	if (audit_alerts_counts(rq->store, rq->actor, &f, by_rule, NULL, NULL, &e))
		return;
	for (int r = 1; r <= 6; r++)
		n += by_rule[r];
	html_f(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\"><a class=\"govuk-link\" "
	          "href=\"/audit/alerts?status=new\">%ld ICT audit alert%s to triage</a></p></div>",
	       n, n == 1 ? "" : "s");
	struct silent s = { h, 0 };
	audit_coverage(rq->store, rq->actor, 1, silent_one, &s, &e);
	audit_feeds_list(rq->store, rq->actor, silent_feed, h, &e);
}

/* ---- the referrals as JSON (docs/API.md): audit_referrals_list, as the page ---- */

static int json_referral(void *ctx, const struct audit_referral_rec *r)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:i, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
	                                     "alert_id", (json_int_t)r->alert_id, "rule", r->rule, "user", r->user,
	                                     "summary", r->summary, "status", r->status, "created_by", r->created_by,
	                                     "created_at", r->created_at));
	return 0;
}

static int api_referrals(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (audit_referrals_list(rq->store, rq->actor, json_referral, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

/* ---- what awaits countersignature, as JSON: audit_pending_list, as the
 * countersign page (the reviewer role; logged) ---- */

static int json_pending(void *ctx, const struct audit_pending_rec *p)
{
	json_t *o = json_pack("{s:s, s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", p->kind, "id",
	                      (json_int_t)p->id, "rule", p->rule, "user", p->user, "key", p->key, "what", p->what, "note",
	                      p->note, "proposed_by", p->by, "proposed_at", p->at, "why", p->why, "until", p->until);
	json_object_set_new(o, "alert_id", p->alert_id ? json_integer(p->alert_id) : json_null()); /* a mute: none */
	json_array_append_new(ctx, o);
	return 0;
}

static int api_pending(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (audit_pending_list(rq->store, rq->actor, json_pending, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route audit_routes[] = {
	{ "GET", "/audit/alerts", audit_queue, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/alerts/{id}", audit_alert_show, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/audit/alerts/{id}/decision", audit_alert_decide_post, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/audit/alerts/{id}/mute", audit_alert_mute_post, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/audit/alerts/{id}/assign", audit_alert_assign_post, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/alerts.csv", audit_alerts_csv_page, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/countersign", audit_countersign_get, ACCESS_PAGE, ROLE_REVIEWER },
	{ "POST", "/audit/countersign", audit_countersign_post, ACCESS_PAGE, ROLE_REVIEWER },
	{ "GET", "/audit/referrals", audit_referrals, ACCESS_PAGE, ROLE_ACU },
	{ "POST", "/audit/alerts/{id}/reveal", audit_alert_reveal_post, ACCESS_PAGE, ROLE_ACU },
	{ "GET", "/audit/reveals", audit_reveals_page, ACCESS_PAGE, ROLE_REVIEWER },
	{ "GET", "/api/audit/alerts", api_alerts, ACCESS_API, ROLE_ACU },
	{ "GET", "/api/audit/alerts/{id}", api_alert, ACCESS_API, ROLE_ACU },
	{ "GET", "/api/audit/referrals", api_referrals, ACCESS_API, ROLE_ACU },
	{ "GET", "/api/audit/countersign", api_pending, ACCESS_API, ROLE_REVIEWER },
};
ROUTES_END(audit);
