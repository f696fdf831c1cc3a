/* risk_pages.c — the tactical risk picture on the web (docs/risk.md): the
 * people at Warning and Critical, one person's picture with every source
 * and every indicator's evidence, the tasking meetings (agenda, attendees,
 * decisions, interventions), an intervention and its outcome, learning
 * what works, and the indicators as configured. Every rule — who may see,
 * who may decide, what is withheld — lives in src/domain/risk.c. */
#include "core/date.h"
#include "domain/risk.h"
#include "web/layout.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const NOT_A_FINDING =
	"Nothing on this page is a finding. An indicator is a reason to look, drawn from records Probity holds; "
	"a person decides what, if anything, it means.";

static void level_tag(struct html *h, const char *level)
{
	govuk_tag(h, !strcmp(level, "critical") ? "red" : !strcmp(level, "warning") ? "orange" : "grey",
	          risk_level_label(level));
}

static const char *reason_label(const char *r)
{
	if (!strcmp(r, "critical")) return "At Critical";
	if (!strcmp(r, "new_warning")) return "Newly at Warning";
	if (!strcmp(r, "review_due")) return "Intervention due for review";
	return "Added by the chair";
}

/* The record an item points to, when this viewer has a page for it. */
static void item_link(struct html *h, const struct req *rq, const struct risk_item *it)
{
	const char *t = it->type;
	int acu = actor_has(rq->actor, ROLE_ACU), psd = actor_has(rq->actor, ROLE_PSD);
	if (!strcmp(t, "gift") && psd)
		html_f(h, "<a class=\"govuk-link\" href=\"/gifts/%I\">%s</a>", it->id, it->label);
	else if (!strcmp(t, "interest") && psd)
		html_f(h, "<a class=\"govuk-link\" href=\"/interests/%I\">%s</a>", it->id, it->label);
	else if (!strcmp(t, "association"))
		html_f(h, "<a class=\"govuk-link\" href=\"/associations/%I\">%s</a>", it->id, it->label);
	else if (!strcmp(t, "circumstance") && psd)
		html_f(h, "<a class=\"govuk-link\" href=\"/circumstances/%I\">%s</a>", it->id, it->label);
	else if (!strcmp(t, "alert") && acu)
		html_f(h, "<a class=\"govuk-link\" href=\"/audit/alerts/%I\">%s</a>", it->id, it->label);
	else if ((!strcmp(t, "intel") || !strcmp(t, "intel_intervention")) && acu)
		html_f(h, "<a class=\"govuk-link\" href=\"/intel/items/%I\">%s</a>", it->id, it->label);
	else if ((!strcmp(t, "allegation") || !strcmp(t, "proceeding")) && psd)
		html_f(h, "<a class=\"govuk-link\" href=\"/complaints/case?ref=%u\">%s</a>", it->ref, it->label);
	else if (!strcmp(t, "intervention"))
		html_f(h, "<a class=\"govuk-link\" href=\"/risk/interventions/%I\">%s</a>", it->id, it->label);
	else if (!strcmp(t, "decision"))
		html_f(h, "<a class=\"govuk-link\" href=\"/risk/meetings/%I\">%s</a>", it->id, it->label);
	else
		html_f(h, "%s", it->label);
}

/* ---- the people at Warning and Critical ---- */

struct list_ctx { struct html *h; long n; };

static int list_row(void *ctx, const struct risk_row *r)
{
	struct list_ctx *x = ctx;
	struct html *h = x->h;
	x->n++;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/risk/people/%I\">%s</a> (%s)", r->person_id, r->name,
	           r->staff_number);
	table_cell(h, 0, "%s", r->unit);
	table_cell(h, 1, "%d", r->score);
	table_cell(h, 0, GOVUK_TAG, !strcmp(r->level, "critical") ? "red" : "orange", risk_level_label(r->level));
	table_cell(h, 1, "%d", r->percentile);
	table_cell(h, 0, "%s", r->indicators);
	table_row_end(h);
	return 0;
}

static int index_page(struct req *rq, struct resp *rs)
{
	const char *lvl = req_query(rq, "level") ? req_query(rq, "level") : "warning";
	const char *as_of = req_query(rq, "as_of");
	struct html h;
	struct buf rows = BUF_INIT;
	struct html hr;
	struct err e = { 0 };
	buf_init(&rows, 1 << 24);
	html_init(&hr, &rows);
	struct list_ctx x = { &hr, 0 };
	if (risk_scores(rq->store, rq->actor, as_of, lvl, list_row, &x, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "Tactical risk picture");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Tactical risk picture</h1>\n");
	banner_important(&h, NOT_A_FINDING);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/risk/meetings\">Tasking meetings</a> · "
	           "<a class=\"govuk-link\" href=\"/risk/learning\">What interventions found</a> · "
	           "<a class=\"govuk-link\" href=\"/risk/indicators\">How the indicators work</a> · "
	           "<a class=\"govuk-link\" href=\"/risk/report.csv?level=%u\">Download this list (CSV)</a></p>\n", lvl);
	form_begin_get(&h, "/risk");
	static const struct option lv[] = { { "warning", "Warning and Critical", NULL, 0 },
		                            { "critical", "Critical only", NULL, 0 }, { "", "Everyone", NULL, 0 } };
	form_select(&h, &(struct field){ .name = "level", .label = "Show", .value = lvl, .options = lv, .noptions = 3 });
	form_button(&h, "Show", "secondary");
	form_end(&h);
	static const struct column cols[] = { { "Person", NULL, 0 }, { "Unit", NULL, 0 }, { "Score", NULL, 1 },
		                              { "Level", NULL, 0 }, { "Peer percentile", NULL, 1 },
		                              { "Indicators that hold", NULL, 0 } };
	list_table(&h, rq, &(struct list_view){ .caption = "People by score", LIST_COLS(cols),
	                                        .empty = "Nobody is at this level.", .page = 1, .per_page = 1000000,
	                                        .total = x.n }, &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int csv_send(struct req *rq, struct resp *rs, int rc, const struct err *e, const char *file)
{
	if (rc) {
		buf_reset(&rs->body);
		return req_is_api(rq) ? api_fail(rq, rs, e) : page_fail(rq, rs, e);
	}
	char cd[96];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", file);
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", cd);
	return 0;
}

static int report_csv(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	const char *lvl = req_query(rq, "level") ? req_query(rq, "level") : "";
	int rc = risk_report_csv(rq->store, rq->actor, req_query(rq, "as_of"), lvl, &rs->body, &e);
	return csv_send(rq, rs, rc, &e, "risk-report.csv");
}

/* ---- one person's picture ---- */

static int person_page(struct req *rq, struct resp *rs)
{
	struct risk_picture p;
	struct err e = { 0 };
	struct risk_config c;
	if (risk_picture(rq->store, rq->actor, req_id(rq, "id"), req_query(rq, "as_of"), &p, &e))
		return page_fail(rq, rs, &e);
	risk_config_load(rq->store, &c);
	struct html h;
	char title[256];
	snprintf(title, sizeof title, "Risk picture: %s", p.name);
	page_begin_back(&h, rq, rs, title, "/risk");
	html_f(&h, "<span class=\"govuk-caption-l\">Risk picture</span>\n<h1 class=\"govuk-heading-l\">%s</h1>\n", p.name);
	banner_important(&h, NOT_A_FINDING);
	summary_begin(&h);
	summary_row(&h, "Staff number", "%s", p.staff_number);
	summary_row(&h, "Rank or grade", "%s", p.rank);
	summary_row(&h, "Unit", "%s", p.unit);
	summary_row(&h, "Post", "%s", *p.post ? p.post : "Not recorded");
	summary_row(&h, "Line manager", "%s", *p.manager ? p.manager : "Not recorded");
	summary_row(&h, "Vetting against the post", "%s%s%s", *p.post_level ? "Post requires " : "No level recorded for the post",
	            p.post_level, "");
	summary_row(&h, "Clearance in force", "%s", *p.clearance ? p.clearance : "None");
	summary_row(&h, "As of", "%D", p.as_of);
	summary_end(&h);

	html_f(&h, "<h2 class=\"govuk-heading-m\">Score %d ", p.score);
	level_tag(&h, p.level);
	html_f(&h, "</h2>\n<p class=\"govuk-body\">The sum of the weights of the indicators that hold. Warning at %d, "
	           "Critical at %d. Higher than %d%% of %d peers (same rank or grade, same kind of unit), so a busy role "
	           "is not mistaken for a risky one.</p>\n",
	       c.warning, c.critical, p.percentile, p.peers);
	if (!p.nhits)
		html_f(&h, "<p class=\"govuk-body\">No indicator holds.</p>\n");
	for (size_t i = 0; i < p.nhits; i++) {
		const struct risk_hit *x = &p.hits[i];
		const struct risk_indicator *ind = &c.ind[x->ind];
		html_f(&h, "<h3 class=\"govuk-heading-s\">%s (weight %d)</h3>\n<p class=\"govuk-body\">Rule: %s. "
		           "Source: %s.</p>\n", ind->def->name, x->weight, ind->rule, ind->def->source);
		if (x->hidden) {
			html_f(&h, "<p class=\"govuk-body\">This indicator holds. Its evidence is visible to the "
			           "anti-corruption unit only.</p>\n");
			continue;
		}
		html_f(&h, "<ul class=\"govuk-list govuk-list--bullet\">\n");
		for (size_t k = 0; k < x->nev; k++) {
			html_f(&h, "<li>%D: ", x->ev[k].date);
			item_link(&h, rq, &x->ev[k]);
			html_f(&h, "</li>\n");
		}
		html_f(&h, "</ul>\n");
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Every source</h2>\n");
	for (int i = 0; i < RISK_NSRC; i++) {
		const struct risk_source *s = &p.src[i];
		html_f(&h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", s->title);
		if (s->hidden) {
			html_f(&h, "<p class=\"govuk-body\">%s: visible to the anti-corruption unit only.</p>\n", s->title);
			continue;
		}
		html_f(&h, "<p class=\"govuk-hint\">%s %zu record%s.</p>\n", s->note, s->n, s->n == 1 ? "" : "s");
		if (!s->n)
			continue;
		html_f(&h, "<ul class=\"govuk-list\">\n");
		for (size_t k = 0; k < s->n; k++) {
			html_f(&h, "<li>%D: ", s->items[k].date);
			item_link(&h, rq, &s->items[k]);
			html_f(&h, "</li>\n");
		}
		html_f(&h, "</ul>\n");
	}
	char href[64];
	snprintf(href, sizeof href, "/risk/interventions/new?person_id=%lld", (long long)p.person_id);
	button_link(&h, "Record an intervention", href, NULL);
	risk_picture_release(&p);
	page_end(&h);
	return 0;
}

/* ---- interventions ---- */

static void kind_options(struct option *o, size_t *n)
{
	*n = 0;
	for (const struct risk_code *k = risk_intervention_kinds; k->key; k++)
		o[(*n)++] = (struct option){ k->key, k->label, NULL, 0 };
}

static void intervention_form(struct html *h, const struct req *rq, const char *person_id, const char *meeting_id,
                              const struct errlist *errs)
{
	struct option kinds[16];
	size_t nk;
	kind_options(kinds, &nk);
	form_begin(h, rq, "/risk/interventions");
	form_hidden(h, "person_id", person_id);
	form_hidden(h, "meeting_id", meeting_id ? meeting_id : "0");
	form_select(h, &(struct field){ .name = "kind", .label = "Intervention", .value = req_form(rq, "kind"),
	                                .options = kinds, .noptions = nk, .errs = errs });
	form_textarea(h, &(struct field){ .name = "detail", .label = "What it involves (optional)",
	                                  .value = req_form(rq, "detail"), .maxlength = 1000, .rows = 3, .errs = errs });
	form_input(h, &(struct field){ .name = "owner", .label = "Owner",
	                               .hint = "The user name of the ACU or PSD member who owns it",
	                               .value = req_form(rq, "owner"), .width = "govuk-input--width-20", .errs = errs });
	form_date(h, &(struct field){ .name = "due_date", .label = "Due date", .value = req_form(rq, "due_date"),
	                              .errs = errs });
	form_date(h, &(struct field){ .name = "review_date", .label = "Review date",
	                              .hint = "When the person's indicators are looked at again",
	                              .value = req_form(rq, "review_date"), .errs = errs });
	form_button(h, "Record the intervention", NULL);
	form_end(h);
}

static int intervention_new(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	const char *person = req_form(rq, "person_id") ? req_form(rq, "person_id") : req_query(rq, "person_id");
	const char *meeting = req_form(rq, "meeting_id") ? req_form(rq, "meeting_id") : req_query(rq, "meeting_id");
	struct html h;
	page_begin_back(&h, rq, rs, errs->n ? "Error: Record an intervention" : "Record an intervention", "/risk");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Record an intervention</h1>\n");
	intervention_form(&h, rq, person ? person : "0", meeting, errs);
	page_end(&h);
	return 0;
}

static int intervention_new_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return intervention_new(rq, rs, &errs);
}

static int intervention_create(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct risk_intervention_input in = {
		.person_id = strtoll(req_form(rq, "person_id") ? req_form(rq, "person_id") : "0", NULL, 10),
		.meeting_id = strtoll(req_form(rq, "meeting_id") ? req_form(rq, "meeting_id") : "0", NULL, 10),
		.kind = req_form(rq, "kind"), .detail = req_form(rq, "detail"), .owner = req_form(rq, "owner"),
		.due_date = req_form(rq, "due_date"), .review_date = req_form(rq, "review_date"),
	};
	int64_t id = 0;
	if (risk_intervention_add(rq->store, rq->actor, &in, &id, &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return intervention_new(rq, rs, &errs);
		return page_fail(rq, rs, &e);
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/risk/interventions/%lld?done=created", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

static int intervention_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct risk_intervention v;
	struct err e = { 0 };
	if (risk_intervention_get(rq->store, rq->actor, req_id(rq, "id"), &v, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_back(&h, rq, rs, errs->n ? "Error: Intervention" : "Intervention", "/risk");
	form_error_summary(&h, errs);
	if (req_query(rq, "done"))
		banner_success(&h, "Intervention saved", NULL);
	html_f(&h, "<span class=\"govuk-caption-l\">Intervention %I</span>\n<h1 class=\"govuk-heading-l\">%s</h1>\n", v.id,
	       risk_code_label(risk_intervention_kinds, v.kind));
	summary_begin(&h);
	summary_row(&h, "Person", "<a class=\"govuk-link\" href=\"/risk/people/%I\">%s</a> (%s)", v.person_id, v.person,
	            v.staff_number);
	summary_row(&h, "What it involves", "%s", *v.detail ? v.detail : "Not given");
	summary_row(&h, "Owner", "%s", v.owner);
	summary_row(&h, "Due", "%D", v.due_date);
	summary_row(&h, "Review", "%D", v.review_date);
	summary_row(&h, "Score when recorded", "%d (%s)", v.score_at_start,
	            *v.indicators_at_start ? v.indicators_at_start : "no indicator");
	summary_row(&h, "Status", "%s", !strcmp(v.status, "open") ? "Open" : !strcmp(v.status, "completed")
	                                                                   ? "Completed" : "Not completed");
	if (strcmp(v.status, "open")) {
		summary_row(&h, "Outcome", "%s", v.outcome);
		summary_row(&h, "Concern substantiated", "%s", !strcmp(v.substantiated, "yes") ? "Yes" : "No");
		summary_row(&h, "Score at review", "%d (%s)", v.score_at_review,
		            *v.indicators_at_review ? v.indicators_at_review : "no indicator");
		summary_row(&h, "Closed", "%D by %s", v.closed_on, v.closed_by);
	}
	summary_end(&h);
	if (v.meeting_id)
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/risk/meetings/%I\">The meeting that "
		           "decided it</a></p>\n", v.meeting_id);
	if (risk_may_close(rq->store, rq->actor, &v)) {
		char action[64];
		snprintf(action, sizeof action, "/risk/interventions/%lld/close", (long long)v.id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Record the outcome</h2>\n");
		form_begin(&h, rq, action);
		static const struct option st_opts[] = { { "completed", "Completed", NULL, 0 },
			                                 { "not_completed", "Not completed", NULL, 0 } };
		static const struct option yn[] = { { "yes", "Yes", NULL, 0 }, { "no", "No", NULL, 0 } };
		form_radios(&h, &(struct field){ .name = "status", .label = "Was the intervention completed?",
		                                 .value = req_form(rq, "status"), .options = st_opts, .noptions = 2,
		                                 .inline_ = 1, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "outcome", .label = "Outcome", .value = req_form(rq, "outcome"),
		                                   .maxlength = 2000, .errs = errs });
		form_radios(&h, &(struct field){ .name = "substantiated", .label = "Was the concern substantiated?",
		                                 .hint = "For example an upheld allegation, a misconduct outcome or "
		                                         "intelligence developed",
		                                 .value = req_form(rq, "substantiated"), .options = yn, .noptions = 2,
		                                 .inline_ = 1, .errs = errs });
		form_button(&h, "Record the outcome", NULL);
		form_end(&h);
	}
	page_end(&h);
	return 0;
}

static int intervention_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return intervention_page(rq, rs, &errs);
}

static int intervention_close(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (risk_intervention_close(rq->store, rq->actor, id, req_form(rq, "status"), req_form(rq, "outcome"),
	                            req_form(rq, "substantiated"), &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return intervention_page(rq, rs, &errs);
		return page_fail(rq, rs, &e);
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/risk/interventions/%lld?done=closed", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

/* ---- meetings ---- */

static int meeting_row(void *ctx, const struct risk_meeting_row *m)
{
	struct list_ctx *x = ctx;
	x->n++;
	table_row_begin(x->h);
	table_cell(x->h, 0, "<a class=\"govuk-link\" href=\"/risk/meetings/%I\">%D</a>", m->id, m->held_on);
	table_cell(x->h, 0, "%s", m->chair);
	table_cell(x->h, 1, "%ld", m->agenda);
	table_cell(x->h, 1, "%ld", m->decisions);
	table_cell(x->h, 1, "%ld", m->interventions);
	table_row_end(x->h);
	return 0;
}

static int meetings_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct buf rows = BUF_INIT;
	struct html h, hr;
	struct err e = { 0 };
	buf_init(&rows, 1 << 22);
	html_init(&hr, &rows);
	struct list_ctx x = { &hr, 0 };
	if (risk_meetings_list(rq->store, rq->actor, meeting_row, &x, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, errs->n ? "Error: Tasking meetings" : "Tasking meetings", "/risk");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Tasking meetings</h1>\n<p class=\"govuk-body\">A regular meeting of "
	           "the anti-corruption unit, professional standards, vetting, HR and welfare and occupational health to "
	           "review the people the indicators point to and track interventions.</p>\n");
	static const struct column cols[] = { { "Held", NULL, 0 }, { "Chair", NULL, 0 }, { "On the agenda", NULL, 1 },
		                              { "Decisions", NULL, 1 }, { "Interventions", NULL, 1 } };
	list_table(&h, rq, &(struct list_view){ .caption = "Meetings", LIST_COLS(cols), .empty = "No meetings yet.",
	                                        .page = 1, .per_page = 100000, .total = x.n }, &rows);
	buf_release(&rows);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Hold a meeting</h2>\n<p class=\"govuk-body\">You will chair it. Its "
	           "agenda is built from the indicators on that date; you can add and remove people.</p>\n");
	form_begin(&h, rq, "/risk/meetings");
	form_date(&h, &(struct field){ .name = "held_on", .label = "Date of the meeting", .value = req_form(rq, "held_on"),
	                               .errs = errs });
	form_button(&h, "Build the agenda", NULL);
	form_end(&h);
	page_end(&h);
	return 0;
}

static int meetings_index(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return meetings_page(rq, rs, &errs);
}

static int meetings_create(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	if (risk_meeting_create(rq->store, rq->actor, req_form(rq, "held_on"), &id, &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return meetings_page(rq, rs, &errs);
		return page_fail(rq, rs, &e);
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/risk/meetings/%lld?done=created", (long long)id);
	resp_redirect(rs, loc);
	return 0;
}

struct mctx { struct html *h; const struct req *rq; const struct risk_meeting *m; long n; };

static int agenda_row(void *ctx, const struct risk_agenda_row *a)
{
	struct mctx *x = ctx;
	struct html *h = x->h;
	x->n++;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/risk/people/%I?as_of=%u\">%s</a> (%s)%s", a->person_id,
	           x->m->held_on, a->name, a->staff_number, a->removed ? " — removed" : "");
	table_cell(h, 0, "%s", reason_label(a->reason));
	table_cell(h, 1, "%d", a->score);
	table_cell(h, 0, "%s", *a->indicators ? a->indicators : "None now");
	if (x->m->is_chair) {
		char action[96];
		snprintf(action, sizeof action, "/risk/meetings/%lld/agenda/%lld/%s", (long long)x->m->id,
		         (long long)a->id, a->removed ? "restore" : "remove");
		struct buf b = BUF_INIT;
		struct html hb;
		buf_init(&b, 4096);
		html_init(&hb, &b);
		form_begin(&hb, x->rq, action);
		html_f(&hb, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
		            "data-module=\"govuk-button\">%s<span class=\"govuk-visually-hidden\"> %s</span></button>",
		       a->removed ? "Restore" : "Remove", a->name);
		form_end(&hb);
		table_cell(h, 0, "%R", buf_str(&b));
		buf_release(&b);
	} else
		table_cell(h, 0, "%s", "");
	table_row_end(h);
	return 0;
}

static int attendee_row(void *ctx, const struct risk_attendee *a)
{
	struct mctx *x = ctx;
	x->n++;
	html_f(x->h, "<li>%s — %s</li>\n", a->name, risk_code_label(risk_departments, a->department));
	return 0;
}

static int decision_row(void *ctx, const struct risk_decision *d)
{
	struct mctx *x = ctx;
	x->n++;
	summary_row(x->h, d->person, "%s <span class=\"govuk-hint\">(%s)</span>", d->decision, d->decided_by);
	return 0;
}

static int iv_row(void *ctx, const struct risk_intervention *v)
{
	struct mctx *x = ctx;
	x->n++;
	table_row_begin(x->h);
	table_cell(x->h, 0, "<a class=\"govuk-link\" href=\"/risk/interventions/%I\">%s</a>", v->id,
	           risk_code_label(risk_intervention_kinds, v->kind));
	table_cell(x->h, 0, "%s (%s)", v->person, v->staff_number);
	table_cell(x->h, 0, "%s", v->owner);
	table_cell(x->h, 0, "%D", v->due_date);
	table_cell(x->h, 0, "%D", v->review_date);
	table_cell(x->h, 0, "%s%s", v->status, !strcmp(v->substantiated, "yes") ? ", substantiated" : "");
	table_row_end(x->h);
	return 0;
}

static int agenda_option(void *ctx, const struct risk_agenda_row *a)
{
	struct { struct option *o; char (*lab)[240]; char (*val)[24]; size_t n; } *x = ctx;
	if (a->removed || x->n >= 200)
		return 0;
	snprintf(x->val[x->n], 24, "%lld", (long long)a->person_id);
	snprintf(x->lab[x->n], 240, "%s (%s)", a->name, a->staff_number);
	x->o[x->n] = (struct option){ x->val[x->n], x->lab[x->n], NULL, 0 };
	x->n++;
	return 0;
}

static int meeting_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct risk_meeting *m = calloc(1, sizeof *m);
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (!m || risk_meeting_get(rq->store, rq->actor, id, m, &e)) {
		free(m);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	char title[64];
	snprintf(title, sizeof title, "%sTasking meeting", errs->n ? "Error: " : "");
	page_begin_back(&h, rq, rs, title, "/risk/meetings");
	form_error_summary(&h, errs);
	if (req_query(rq, "done"))
		banner_success(&h, "Saved", NULL);
	html_f(&h, "<span class=\"govuk-caption-l\">Tasking meeting chaired by %s</span>\n"
	           "<h1 class=\"govuk-heading-l\">%D</h1>\n", m->chair, m->held_on);
	banner_important(&h, NOT_A_FINDING);
	/* the agenda */
	struct buf rows = BUF_INIT;
	struct html hr;
	buf_init(&rows, 1 << 22);
	html_init(&hr, &rows);
	struct mctx x = { &hr, rq, m, 0 };
	if (risk_agenda_list(rq->store, rq->actor, id, agenda_row, &x, &e))
		goto fail;
	static const struct column cols[] = { { "Person", NULL, 0 }, { "Why on the agenda", NULL, 0 },
		                              { "Score", NULL, 1 }, { "Indicators that held", NULL, 0 },
		                              { "Change", NULL, 0 } };
	list_table(&h, rq, &(struct list_view){ .caption = "Agenda: people", LIST_COLS(cols),
	                                        .empty = "Nobody met the thresholds.", .page = 1, .per_page = 100000,
	                                        .total = x.n }, &rows);
	buf_release(&rows);
	char action[96];
	if (m->is_chair) {
		snprintf(action, sizeof action, "/risk/meetings/%lld/agenda", (long long)id);
		form_begin(&h, rq, action);
		form_input(&h, &(struct field){ .name = "staff_number", .label = "Add a person to the agenda",
		                                .hint = "Their staff number", .width = "govuk-input--width-10",
		                                .value = req_form(rq, "staff_number"), .errs = errs });
		form_button(&h, "Add to the agenda", "secondary");
		form_end(&h);
	}
	/* what is new since the last meeting */
	html_f(&h, "<h2 class=\"govuk-heading-m\">New since %D</h2>\n", m->since);
	html_f(&h, "<p class=\"govuk-hint\">Counts under %ld are withheld (disclosure control).</p>\n", m->k);
	if (m->intel_hidden)
		html_f(&h, "<p class=\"govuk-body\">New intelligence by category: visible to the anti-corruption unit "
		           "only.</p>\n");
	else {
		static const struct column ic[] = { { "Intelligence category", NULL, 0 }, { "New items", NULL, 1 } };
		table_begin(&h, rq, "New intelligence by category", ic, 2);
		for (int i = 0; i < m->nintel; i++) {
			table_row_begin(&h);
			table_cell(&h, 0, "%s", m->intel_cat[i]);
			if (m->intel_hide[i])
				table_cell(&h, 1, "%s", "withheld");
			else
				table_cell(&h, 1, "%ld", m->intel_n[i]);
			table_row_end(&h);
		}
		table_end(&h);
	}
	static const struct column ac[] = { { "ICT audit rule", NULL, 0 }, { "New alerts", NULL, 1 } };
	if (m->nalerts) {
		table_begin(&h, rq, "New ICT alerts by rule", ac, 2);
		for (int i = 0; i < m->nalerts; i++) {
			table_row_begin(&h);
			table_cell(&h, 0, "R%d", m->alert_rule[i]);
			if (m->alert_hide[i])
				table_cell(&h, 1, "%s", "withheld");
			else
				table_cell(&h, 1, "%ld", m->alert_n[i]);
			table_row_end(&h);
		}
		table_end(&h);
	} else
		html_f(&h, "<p class=\"govuk-body\">No new ICT alerts.</p>\n");
	/* attendees */
	html_f(&h, "<h2 class=\"govuk-heading-m\">Attendees</h2>\n<ul class=\"govuk-list\">\n");
	x.h = &h;
	x.n = 0;
	if (risk_attendees_list(rq->store, rq->actor, id, attendee_row, &x, &e))
		goto fail;
	html_f(&h, "</ul>\n");
	if (!x.n)
		html_f(&h, "<p class=\"govuk-body\">None recorded.</p>\n");
	if (m->is_chair) {
		struct option deps[8];
		size_t nd = 0;
		for (const struct risk_code *d = risk_departments; d->key; d++)
			deps[nd++] = (struct option){ d->key, d->label, NULL, 0 };
		snprintf(action, sizeof action, "/risk/meetings/%lld/attendees", (long long)id);
		form_begin(&h, rq, action);
		form_input(&h, &(struct field){ .name = "name", .label = "Attendee's name", .value = req_form(rq, "name"),
		                                .width = "govuk-input--width-20", .errs = errs });
		form_select(&h, &(struct field){ .name = "department", .label = "Department",
		                                 .value = req_form(rq, "department"), .options = deps, .noptions = nd,
		                                 .errs = errs });
		form_button(&h, "Add the attendee", "secondary");
		form_end(&h);
	}
	/* the chair's notes */
	html_f(&h, "<h2 class=\"govuk-heading-m\">Notes</h2>\n");
	if (m->is_chair) {
		snprintf(action, sizeof action, "/risk/meetings/%lld/notes", (long long)id);
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "notes", .label = "Notes of the meeting",
		                                   .value = req_form(rq, "notes") ? req_form(rq, "notes") : m->notes,
		                                   .maxlength = 4000, .rows = 4, .errs = errs });
		form_button(&h, "Save the notes", "secondary");
		form_end(&h);
	} else
		html_f(&h, "<p class=\"govuk-body\">%s</p>\n", *m->notes ? m->notes : "None recorded.");
	/* decisions */
	html_f(&h, "<h2 class=\"govuk-heading-m\">Decisions</h2>\n");
	summary_begin(&h);
	x.n = 0;
	if (risk_decisions_list(rq->store, rq->actor, id, decision_row, &x, &e))
		goto fail;
	summary_end(&h);
	if (!x.n)
		html_f(&h, "<p class=\"govuk-body\">No decisions yet.</p>\n");
	struct option *opts = calloc(200, sizeof *opts);
	char(*lab)[240] = calloc(200, sizeof *lab);
	char(*val)[24] = calloc(200, sizeof *val);
	struct { struct option *o; char (*lab)[240]; char (*val)[24]; size_t n; } ox = { opts, lab, val, 0 };
	if (opts && lab && val && !risk_agenda_list(rq->store, rq->actor, id, agenda_option, &ox, &e) && ox.n) {
		snprintf(action, sizeof action, "/risk/meetings/%lld/decisions", (long long)id);
		form_begin(&h, rq, action);
		form_select(&h, &(struct field){ .name = "person_id", .label = "Person", .value = req_form(rq, "person_id"),
		                                 .options = opts, .noptions = ox.n, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "decision", .label = "Decision", .value = req_form(rq, "decision"),
		                                   .maxlength = 2000, .rows = 3, .errs = errs });
		form_button(&h, "Record the decision", "secondary");
		form_end(&h);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Record an intervention decided here</h2>\n");
		char mid[24];
		snprintf(mid, sizeof mid, "%lld", (long long)id);
		struct option kinds[16];
		size_t nk;
		kind_options(kinds, &nk);
		form_begin(&h, rq, "/risk/interventions");
		form_hidden(&h, "meeting_id", mid);
		form_select(&h, &(struct field){ .name = "person_id", .label = "Person for the intervention",
		                                 .options = opts, .noptions = ox.n });
		form_select(&h, &(struct field){ .name = "kind", .label = "Intervention", .options = kinds, .noptions = nk });
		form_input(&h, &(struct field){ .name = "owner", .label = "Owner", .hint = "User name (ACU or PSD)",
		                                .width = "govuk-input--width-20" });
		form_date(&h, &(struct field){ .name = "due_date", .label = "Due date" });
		form_date(&h, &(struct field){ .name = "review_date", .label = "Review date" });
		form_button(&h, "Record the intervention", "secondary");
		form_end(&h);
	}
	free(opts);
	free(lab);
	free(val);
	/* interventions */
	html_f(&h, "<h2 class=\"govuk-heading-m\">Interventions decided at this meeting</h2>\n");
	buf_init(&rows, 1 << 22);
	html_init(&hr, &rows);
	x.h = &hr;
	x.n = 0;
	if (risk_interventions_list(rq->store, rq->actor, id, 0, 0, iv_row, &x, &e))
		goto fail;
	static const struct column vc[] = { { "Intervention", NULL, 0 }, { "Person", NULL, 0 }, { "Owner", NULL, 0 },
		                            { "Due", NULL, 0 }, { "Review", NULL, 0 }, { "Status", NULL, 0 } };
	list_table(&h, rq, &(struct list_view){ .caption = "Interventions", LIST_COLS(vc), .empty = "None yet.",
	                                        .page = 1, .per_page = 100000, .total = x.n }, &rows);
	buf_release(&rows);
	free(m);
	page_end(&h);
	return 0;
fail:
	buf_release(&rows);
	free(m);
	return page_fail(rq, rs, &e);
}

static int meeting_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return meeting_page(rq, rs, &errs);
}

/* After a change to a meeting: back to it, or the page with the errors, or the refusal. */
static int meeting_after(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e)
{
	if (rc) {
		if (e->code == ERR_INPUT && errs->n)
			return meeting_page(rq, rs, errs);
		return page_fail(rq, rs, e);
	}
	char loc[64];
	snprintf(loc, sizeof loc, "/risk/meetings/%lld?done=saved", (long long)req_id(rq, "id"));
	resp_redirect(rs, loc);
	return 0;
}

static int meeting_agenda_add(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = risk_agenda_add(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "staff_number"), &errs, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

static int agenda_change(struct req *rq, struct resp *rs, int remove)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = risk_agenda_remove(rq->store, rq->actor, req_id(rq, "id"), req_id(rq, "aid"), remove, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}
static int meeting_agenda_remove(struct req *rq, struct resp *rs) { return agenda_change(rq, rs, 1); }
static int meeting_agenda_restore(struct req *rq, struct resp *rs) { return agenda_change(rq, rs, 0); }

static int meeting_attendee(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = risk_attendee_add(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "department"),
	                           req_form(rq, "name"), &errs, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

static int meeting_notes(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = risk_meeting_notes(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "notes"), &errs, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

static int meeting_decision(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t person = strtoll(req_form(rq, "person_id") ? req_form(rq, "person_id") : "0", NULL, 10);
	int rc = risk_decision_add(rq->store, rq->actor, req_id(rq, "id"), person, req_form(rq, "decision"), &errs, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

/* ---- learning what works ---- */

static void learn_cell(struct html *h, long n, int hide)
{
	if (hide)
		table_cell(h, 1, "%s", "withheld");
	else
		table_cell(h, 1, "%ld", n);
}

static void period(const struct req *rq, char from[11], char to[11])
{
	const char *f = req_query(rq, "from"), *t = req_query(rq, "to");
	if (t && *t)
		snprintf(to, 11, "%s", t);
	else
		date_today(to);
	if (f && *f)
		snprintf(from, 11, "%s", f);
	else {
		long d = date_days(to);
		date_format(d < 0 ? 0 : d - 365, from);
	}
}

static int learning_page(struct req *rq, struct resp *rs)
{
	char from[11], to[11];
	period(rq, from, to);
	struct risk_learning l;
	struct err e = { 0 };
	if (risk_learning(rq->store, rq->actor, from, to, &l, &e))
		return page_fail(rq, rs, &e);
	struct html h;
	page_begin_back(&h, rq, rs, "What interventions found", "/risk");
	html_f(&h, "<h1 class=\"govuk-heading-l\">What interventions found</h1>\n<p class=\"govuk-body\">For the "
	           "meetings held from %D to %D: how many people each indicator put on an agenda, how many then had an "
	           "intervention, and how many concerns were later substantiated (an intervention closed as "
	           "substantiated, an upheld allegation or a misconduct finding). Precision is substantiated ÷ flagged: "
	           "the share of flags that found real risk. Counts under %ld people are withheld.</p>\n",
	       l.from, l.to, l.k);
	form_period(&h, "/risk/learning", from, to);
	static const struct column cols[] = { { "Indicator", NULL, 0 }, { "People flagged", NULL, 1 },
		                              { "With an intervention", NULL, 1 }, { "Substantiated", NULL, 1 },
		                              { "Precision", NULL, 1 } };
	table_begin(&h, rq, "By indicator", cols, 5);
	for (int i = 0; i <= RISK_NIND; i++) {
		const struct risk_learning_row *r = i < RISK_NIND ? &l.ind[i] : &l.any;
		table_row_begin(&h);
		table_cell(&h, 0, "%s", i < RISK_NIND ? risk_defs[i].name : "Any indicator");
		learn_cell(&h, r->flagged, r->hide_flagged);
		learn_cell(&h, r->intervened, r->hide_intervened);
		learn_cell(&h, r->substantiated, r->hide_substantiated);
		if (r->precision_pct < 0)
			table_cell(&h, 1, "%s", "–");
		else
			table_cell(&h, 1, "%d%%", r->precision_pct);
		table_row_end(&h);
	}
	table_end(&h);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/risk/learning.csv?from=%u&amp;to=%u\">"
	           "Download the pack (CSV)</a></p>\n", from, to);
	page_end(&h);
	return 0;
}

static int learning_csv(struct req *rq, struct resp *rs)
{
	char from[11], to[11];
	period(rq, from, to);
	struct err e = { 0 };
	int rc = risk_learning_csv(rq->store, rq->actor, from, to, &rs->body, &e);
	return csv_send(rq, rs, rc, &e, "risk-learning.csv");
}

/* ---- the indicators as configured ---- */

static int indicators_page(struct req *rq, struct resp *rs)
{
	struct risk_config c;
	risk_config_load(rq->store, &c);
	struct html h;
	page_begin_back(&h, rq, rs, "How the risk indicators work", "/risk");
	html_f(&h, "<h1 class=\"govuk-heading-l\">How the risk indicators work</h1>\n<p class=\"govuk-body\">A "
	           "person's score is the sum of the weights of the indicators that hold. Warning at %d or more, "
	           "Critical at %d or more. Settings version %lld; an administrator changes them on "
	           "<a class=\"govuk-link\" href=\"/risk/settings\">the settings page</a> or with "
	           "<code>probity risk set</code>.</p>\n",
	       c.warning, c.critical, (long long)c.version);
	static const struct column cols[] = { { "Indicator", NULL, 0 }, { "Source", NULL, 0 }, { "Rule", NULL, 0 },
		                              { "Weight", NULL, 1 }, { "On", NULL, 0 } };
	table_begin(&h, rq, "Indicators in configuration order", cols, 5);
	for (int i = 0; i < RISK_NIND; i++) {
		table_row_begin(&h);
		table_cell(&h, 0, "%s%s", c.ind[i].def->name, c.ind[i].def->acu_only ? " (ACU-only evidence)" : "");
		table_cell(&h, 0, "%s", c.ind[i].def->source);
		table_cell(&h, 0, "%s", c.ind[i].rule);
		table_cell(&h, 1, "%d", c.ind[i].weight);
		table_cell(&h, 0, "%s", c.ind[i].on ? "Yes" : "No");
		table_row_end(&h);
	}
	table_end(&h);
	page_end(&h);
	return 0;
}

/* ---- the settings form (administrators) ---- */

static const char *const setting_fields[] = { "on", "weight", "window_days", "threshold" };
static const char *const top_settings[] = { "level.warning", "level.critical", "meeting_days", "psd_sees_acu_only" };

/* One setting's input: the value in force, or what the user typed after an error. */
static void setting_input(struct html *h, const struct req *rq, const char *key, int now,
                          const struct errlist *errs)
{
	char label[160], num[16];
	risk_setting_label(key, label, sizeof label);
	snprintf(num, sizeof num, "%d", now);
	const char *v = !strcmp(rq->method, "POST") ? req_form(rq, key) : num;
	const char *dot = strrchr(key, '.');
	if ((dot && !strcmp(dot, ".on")) || !strcmp(key, "psd_sees_acu_only")) {
		static const struct option yn[] = { { "1", "Yes", NULL, 0 }, { "0", "No", NULL, 0 } };
		form_radios(h, &(struct field){ .name = key, .label = label, .value = v, .options = yn, .noptions = 2,
		                                .inline_ = 1, .errs = errs });
		return;
	}
	form_input(h, &(struct field){ .name = key, .label = label, .value = v, .width = "govuk-input--width-5",
	                               .inputmode = "numeric", .errs = errs });
}

static int settings_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct risk_config c;
	risk_config_load(rq->store, &c);
	struct html h;
	page_begin_errs(&h, rq, rs, errs, "/risk/indicators", "Risk indicator settings");
	if (req_query(rq, "done"))
		banner_success(&h, "Settings saved", req_query(rq, "n") ? "A new settings version is in force." :
		                                                           "Nothing was changed.");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Risk indicator settings</h1>\n<p class=\"govuk-body\">Version %lld. "
	           "Saving makes a new numbered version of the settings you changed (what, by whom, when); a "
	           "person's score is the sum of the weights of the indicators that hold.</p>\n",
	       (long long)c.version);
	form_begin(&h, rq, "/risk/settings");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Levels and meetings</h2>\n");
	int tops[] = { c.warning, c.critical, c.meeting_days, c.psd_sees_acu_only };
	for (size_t i = 0; i < sizeof top_settings / sizeof top_settings[0]; i++)
		setting_input(&h, rq, top_settings[i], tops[i], errs);
	for (int i = 0; i < RISK_NIND; i++) {
		const struct risk_indicator *r = &c.ind[i];
		html_f(&h, "<h2 class=\"govuk-heading-m\">%s</h2>\n<p class=\"govuk-body\">Now: %s.</p>\n", r->def->name,
		       r->rule);
		int vals[] = { r->on, r->weight, r->window_days, r->threshold };
		for (size_t f = 0; f < 4; f++) {
			char key[96];
			snprintf(key, sizeof key, "%s.%s", r->def->key, setting_fields[f]);
			setting_input(&h, rq, key, vals[f], errs);
		}
	}
	form_button(&h, "Save the settings", NULL);
	form_end(&h);
	page_end(&h);
	return 0;
}

static int settings_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return settings_page(rq, rs, &errs);
}

static int settings_post(struct req *rq, struct resp *rs)
{
	char keys[4 * RISK_NIND][96];
	const char *kv[2 * (4 * RISK_NIND + 4) + 1];
	size_t n = 0;
	for (size_t i = 0; i < sizeof top_settings / sizeof top_settings[0]; i++) {
		kv[n++] = top_settings[i];
		kv[n++] = req_form(rq, top_settings[i]);
	}
	for (int i = 0; i < RISK_NIND; i++)
		for (size_t f = 0; f < 4; f++) {
			char *k = keys[i * 4 + f];
			snprintf(k, sizeof keys[0], "%s.%s", risk_defs[i].key, setting_fields[f]);
			kv[n++] = k;
			kv[n++] = req_form(rq, k);
		}
	kv[n] = NULL;
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int changed = 0;
	if (risk_settings_update(rq->store, rq->actor, kv, &changed, &errs, &e)) {
		if (e.code == ERR_INPUT && errs.n)
			return settings_page(rq, rs, &errs);
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, changed ? "/risk/settings?done=saved&n=1" : "/risk/settings?done=saved");
	return 0;
}

/* ---- what interventions found, as JSON: risk_learning, as the page (a
 * report; a withheld count is null with "withheld" naming it) ---- */

static json_t *learn_json(const char *key, const char *name, const struct risk_learning_row *r)
{
	json_t *o = json_pack("{s:s?, s:s}", "indicator", key, "name", name), *withheld = json_array();
	json_object_set_new(o, "flagged", r->hide_flagged ? json_null() : json_integer(r->flagged));
	json_object_set_new(o, "intervened", r->hide_intervened ? json_null() : json_integer(r->intervened));
	json_object_set_new(o, "substantiated", r->hide_substantiated ? json_null() : json_integer(r->substantiated));
	json_object_set_new(o, "precision_pct", r->precision_pct < 0 ? json_null() : json_integer(r->precision_pct));
	if (r->hide_flagged)
		json_array_append_new(withheld, json_string("flagged"));
	if (r->hide_intervened)
		json_array_append_new(withheld, json_string("intervened"));
	if (r->hide_substantiated)
		json_array_append_new(withheld, json_string("substantiated"));
	json_object_set_new(o, "withheld", withheld);
	return o;
}

static int api_learning(struct req *rq, struct resp *rs)
{
	char from[11], to[11];
	period(rq, from, to);
	struct risk_learning l;
	struct err e = { 0 };
	if (risk_learning(rq->store, rq->actor, from, to, &l, &e))
		return api_fail(rq, rs, &e);
	json_t *rows = json_array();
	for (int i = 0; i < RISK_NIND; i++)
		json_array_append_new(rows, learn_json(risk_defs[i].key, risk_defs[i].name, &l.ind[i]));
	resp_json(rs, 200, json_pack("{s:s, s:s, s:I, s:o, s:o}", "from", l.from, "to", l.to, "k", (json_int_t)l.k,
	                             "indicators", rows, "any", learn_json(NULL, "Any indicator", &l.any)));
	return 0;
}

/* ---- the tasking meetings as JSON (docs/API.md): risk_meetings_list, as
 * the page ---- */

static int json_meeting(void *ctx, const struct risk_meeting_row *m)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)m->id, "held_on",
	                                     m->held_on, "chair", m->chair, "agenda", (json_int_t)m->agenda, "decisions",
	                                     (json_int_t)m->decisions, "interventions", (json_int_t)m->interventions));
	return 0;
}

static int api_meetings(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	if (risk_meetings_list(rq->store, rq->actor, json_meeting, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route risk_routes[] = {
	{ "GET", "/risk", index_page, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/risk/report.csv", report_csv, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/api/risk", report_csv, ACCESS_API, ROLE_ACU },
	{ "GET", "/risk/indicators", indicators_page, ACCESS_PAGE, RISK_ROLES | ROLE_ADMIN },
	{ "GET", "/risk/settings", settings_get, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/risk/settings", settings_post, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/risk/people/{id}", person_page, ACCESS_PAGE, 0 },
	{ "GET", "/risk/interventions/new", intervention_new_get, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/interventions", intervention_create, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/risk/interventions/{id}", intervention_show, ACCESS_PAGE, 0 },
	{ "POST", "/risk/interventions/{id}/close", intervention_close, ACCESS_PAGE, 0 },
	{ "GET", "/risk/meetings", meetings_index, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings", meetings_create, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/risk/meetings/{id}", meeting_show, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings/{id}/agenda", meeting_agenda_add, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings/{id}/agenda/{aid}/remove", meeting_agenda_remove, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings/{id}/agenda/{aid}/restore", meeting_agenda_restore, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings/{id}/attendees", meeting_attendee, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings/{id}/decisions", meeting_decision, ACCESS_PAGE, RISK_ROLES },
	{ "POST", "/risk/meetings/{id}/notes", meeting_notes, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/risk/learning", learning_page, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/risk/learning.csv", learning_csv, ACCESS_PAGE, RISK_ROLES },
	{ "GET", "/api/risk/meetings", api_meetings, ACCESS_API, RISK_ROLES },
	{ "GET", "/api/risk/learning", api_learning, ACCESS_API, RISK_ROLES },
};
ROUTES_END(risk);
