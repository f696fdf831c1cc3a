/* ethics_pages.c — the ethics panel on the web: ask the panel (named or
 * confidential, with check-your-answers and a reference; or anonymously,
 * with a receipt, on an ACCESS_ANONYMOUS route sharing the reporting line's
 * form token and rate limit), "my dilemmas" with the panel's questions and
 * advice, the panel's queue, item, triage, advice and case-study forms,
 * meetings (agenda, attendance and quorum, minutes, actions), membership,
 * the force's response to advice, case studies, and the measures. Every
 * rule and need-to-know check is in src/domain/ethics.c. */
#include "web/ethics_pages.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/config.h"
#include "domain/disclosure.h"
#include "domain/ethics.h"
#include "web/anon_page.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_BODY_MAX ((size_t)64 << 10)

/* ---- shared pieces ---- */

struct prin {
	struct option o[ETHICS_NPRIN_MAX];
	char keys[ETHICS_NPRIN_MAX][40], names[ETHICS_NPRIN_MAX][96];
	size_t n;
	const struct req *rq;
};
static int add_prin(void *ctx, const char *key, const char *name)
{
	struct prin *p = ctx;
	if (p->n < ETHICS_NPRIN_MAX) {
		snprintf(p->keys[p->n], sizeof p->keys[0], "%s", key);
		snprintf(p->names[p->n], sizeof p->names[0], "%s", name);
		p->o[p->n].value = p->keys[p->n];
		p->o[p->n].label = p->names[p->n];
		p->o[p->n].checked = kvlist_has(&p->rq->form, "principles", key);
		p->n++;
	}
	return 0;
}

static const struct option urgency_opts[] = {
	{ "routine", "Routine", "The panel considers it at its next meeting (it meets every quarter)", 0 },
	{ "quick", "Quick-time", "A decision is needed within days: the chair and two members advise", 0 },
};
static const struct option mode_opts[] = {
	{ "named", "Named", "The panel knows who asked", 0 },
	{ "confidential", "Confidential", "Only the chair knows who asked; the panel does not", 0 },
};

/* The principles posted, into keys[] (borrowed from rq). */
static size_t posted_principles(const struct req *rq, const char **keys, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rq->form.n; i++)
		if (strcmp(rq->form.v[i].k, "principles") == 0) {
			if (n == max)
				return max + 1;
			keys[n++] = rq->form.v[i].v;
		}
	return n;
}

static void read_new(const struct req *rq, struct ethics_new *in, const char **keys)
{
	size_t n = posted_principles(rq, keys, ETHICS_NPRIN_MAX);
	in->situation = req_form(rq, "situation");
	in->principles = keys;
	in->nprinciples = n > ETHICS_NPRIN_MAX ? ETHICS_NPRIN_MAX + 1 : n;
	in->urgency = req_form(rq, "urgency");
	in->mode = req_form(rq, "mode");
	in->submit_key = req_form(rq, "submit_key");
}

static const char *status_colour(const char *s)
{
	if (strcmp(s, "advised") == 0)
		return "green";
	if (strcmp(s, "scheduled") == 0 || strcmp(s, "quick_time") == 0)
		return "blue";
	if (strcmp(s, "redirected") == 0 || strcmp(s, "declined") == 0)
		return "grey";
	return "yellow";
}

/* The status as the raiser reads it, with the meeting's date. */
static void status_text(struct html *h, const struct ethics_row *r)
{
	if (strcmp(r->status, "scheduled") == 0 && r->meeting_on[0])
		html_f(h, "Scheduled for the meeting on %D", r->meeting_on);
	else
		html_f(h, "%s", ethics_status_label(r->status));
	if (r->case_id)
		html_f(h, "; published as a case study");
}

/* ---- asking: the form, check your answers, the confirmation ---- */

static void raise_form(struct req *rq, struct resp *rs, const struct errlist *errs, int anon)
{
	struct html h;
	struct err e = { 0 };
	struct prin *p = xcalloc(1, sizeof *p);
	char key[65];
	const char *title = anon ? "Ask the ethics panel anonymously" : "Ask the ethics panel";
	char t[96];
	p->rq = rq;
	ethics_principles(rq->store, add_prin, p, &e);
	regpage_submit_key(rq, key);
	snprintf(t, sizeof t, "%s%s", errs->n ? "Error: " : "", title);
	if (anon)
		page_begin(&h, rq, rs, t);
	else
		page_begin_back(&h, rq, rs, t, "/ethics");
	if (errs->n)
		rs->status = 400;
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>\n"
	           "<p class=\"govuk-body\">The ethics panel is an independent chair and volunteers from across the "
	           "force. It gives advice on ethical dilemmas: situations where the right thing to do is not clear. "
	           "It does not investigate people. For a grievance or a report of corruption, the panel will tell you "
	           "where to go instead.</p>\n",
	       title);
	if (anon) {
		html_f(&h, "<p class=\"govuk-body\">After you send it you will be shown a <strong>receipt</strong>: write it "
		           "down. With it you can come back to <a class=\"govuk-link\" href=\"/ethics/anonymous/reply\">read "
		           "the panel's questions and advice</a>.</p>\n");
		anon_page_limits(&h);
		form_begin(&h, rq, "/ethics/anonymous");
		anon_page_token(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">You can also <a class=\"govuk-link\" href=\"/ethics/anonymous\">ask "
		           "anonymously</a>: nothing about you is kept, and you come back with a receipt.</p>\n");
		form_begin(&h, rq, "/ethics/ask");
		form_hidden(&h, "submit_key", key);
	}
	form_hidden(&h, "step", "check");
	form_textarea(&h, &(struct field){ .name = "situation", .label = "What is the situation?",
	                                   .hint = "In your own words: what happened or may happen, and what you are "
	                                           "unsure about. Leave out names unless they are needed.",
	                                   .value = req_form(rq, "situation"), .rows = 10, .maxlength = ETHICS_TEXT_MAX,
	                                   .errs = errs });
	form_checkboxes(&h, &(struct field){ .name = "principles", .label = "Which principles of the Code of Ethics "
	                                                                  "does it touch?",
	                                     .hint = "Select all that apply", .options = p->o, .noptions = p->n,
	                                     .errs = errs });
	form_radios(&h, &(struct field){ .name = "urgency", .label = "How soon do you need an answer?",
	                                 .value = req_form(rq, "urgency"), .options = urgency_opts, .noptions = 2,
	                                 .errs = errs });
	if (!anon)
		form_radios(&h, &(struct field){ .name = "mode", .label = "Who should know you asked?",
		                                 .value = req_form(rq, "mode"), .options = mode_opts, .noptions = 2,
		                                 .errs = errs });
	form_button(&h, "Continue", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
	free(p);
}

/* Check your answers: the answers, hidden, with "Send" and "Change". */
static void check_page(struct req *rq, struct resp *rs, const struct ethics_new *in, int anon)
{
	struct html h;
	struct err e = { 0 };
	struct prin *p = xcalloc(1, sizeof *p);
	const char *action = anon ? "/ethics/anonymous" : "/ethics/ask";
	p->rq = rq;
	ethics_principles(rq->store, add_prin, p, &e);
	page_begin(&h, rq, rs, "Check your answers before asking the panel");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
	           "<h1 class=\"govuk-heading-l\">Check your answers before asking the panel</h1>\n");
	summary_begin(&h);
	summary_row(&h, "The situation", "%s", in->situation);
	html_f(&h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Principles</dt>"
	           "<dd class=\"govuk-summary-list__value\">");
	for (size_t i = 0, k = 0; i < p->n; i++)
		if (p->o[i].checked)
			html_f(&h, "%s%s", k++ ? ", " : "", p->o[i].label);
	html_f(&h, "</dd></div>\n");
	summary_row(&h, "How soon", "%s", option_label(urgency_opts, 2, in->urgency));
	summary_row(&h, "Who knows you asked", "%s",
	            anon ? "Nobody: anonymous" : option_label(mode_opts, 2, in->mode));
	summary_end(&h);
	/* both buttons post the same hidden answers; step says which */
	for (int send = 1; send >= 0; send--) {
		form_begin(&h, rq, action);
		if (anon)
			anon_page_token(&h);
		else
			form_hidden(&h, "submit_key", in->submit_key);
		form_hidden(&h, "step", send ? "send" : "edit");
		form_hidden(&h, "situation", in->situation);
		for (size_t i = 0; i < in->nprinciples; i++)
			form_hidden(&h, "principles", in->principles[i]);
		form_hidden(&h, "urgency", in->urgency);
		if (!anon)
			form_hidden(&h, "mode", in->mode);
		if (send) {
			html_f(&h, "<h2 class=\"govuk-heading-m\">Now send your dilemma</h2>\n");
			form_button(&h, "Send to the ethics panel", NULL);
		} else {
			form_button(&h, "Change your answers", "secondary");
		}
		form_end(&h);
	}
	html_f(&h, "</div></div>\n");
	page_end(&h);
	free(p);
}

static int ask_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	raise_form(rq, rs, &errs, 0);
	return 0;
}

/* The raise form's steps before sending, named and anonymous alike: "edit"
 * goes back to the form; anything but "send" checks the answers (the form
 * with its errors, or check your answers). 1 when the step was answered. */
static int raise_step(struct req *rq, struct resp *rs, const struct ethics_new *in, const char *step, int anon)
{
	struct errlist errs = { 0 };
	if (step && strcmp(step, "edit") == 0) {
		raise_form(rq, rs, &errs, anon);
		return 1;
	}
	if (step && strcmp(step, "send") == 0)
		return 0;
	if (ethics_validate(rq->store, in, anon, &errs))
		raise_form(rq, rs, &errs, anon);
	else
		check_page(rq, rs, in, anon);
	return 1;
}

/* Sending failed: the form again with the problems, or the error page. */
static int raise_failed(struct req *rq, struct resp *rs, const struct errlist *errs, const struct err *e, int anon)
{
	if (!errs->n)
		return page_fail(rq, rs, e);
	raise_form(rq, rs, errs, anon);
	return 0;
}

static int ask_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct ethics_new in;
	const char *keys[ETHICS_NPRIN_MAX + 1];
	int64_t id;
	char ref[ETHICS_REF_SIZE];
	read_new(rq, &in, keys);
	if (raise_step(rq, rs, &in, req_form(rq, "step"), 0))
		return 0;
	if (ethics_raise(rq->store, rq->actor, &in, &id, &errs, &e))
		return raise_failed(rq, rs, &errs, &e, 0);
	ethics_ref(id, ref);
	struct html h;
	page_begin(&h, rq, rs, "Dilemma sent");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
	           "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Dilemma sent</h1>\n"
	           "<div class=\"govuk-panel__body\">Your reference<br><strong>%s</strong></div></div>\n"
	           "<h2 class=\"govuk-heading-m\">What happens next</h2>\n"
	           "<p class=\"govuk-body\">The chair reads every dilemma and decides whether the panel considers it at "
	           "its next meeting, answers it quick-time, or points you somewhere better placed to help. You will "
	           "see its status, any questions and the panel's advice in <a class=\"govuk-link\" "
	           "href=\"/ethics/mine/%I\">your dilemma</a> and on your home page.</p>\n</div></div>\n",
	       ref, id);
	page_end(&h);
	return 0;
}

static int anon_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	raise_form(rq, rs, &errs, 1);
	return 0;
}

static int anon_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct ethics_new in;
	const char *keys[ETHICS_NPRIN_MAX + 1];
	const char *step = req_form(rq, "step");
	char receipt[ANON_RECEIPT_SIZE];
	int send = step && strcmp(step, "send") == 0;
	if (anon_page_gate(rq, rs, send ? "ethics" : "ethics-check", send ? (int)config_int(rq->store, "anon.reports_per_hour", 10) : 60))
		return 0;
	read_new(rq, &in, keys);
	in.mode = "anonymous";
	in.submit_key = NULL;
	if (raise_step(rq, rs, &in, step, 1))
		return 0;
	if (ethics_raise_anon(rq->store, &in, receipt, &errs, &e))
		return raise_failed(rq, rs, &errs, &e, 1);
	struct html h;
	page_begin(&h, rq, rs, "Dilemma sent");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
	           "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Dilemma sent</h1>\n"
	           "<div class=\"govuk-panel__body\">Your receipt<br><strong class=\"probity-receipt\">%s</strong></div></div>\n"
	           "<p class=\"govuk-body\"><strong>Write this receipt down now.</strong> It is shown only once: we keep "
	           "it in a form nobody can read back, so we cannot show it again or find your dilemma without it.</p>\n"
	           "<p class=\"govuk-body\">Come back to <a class=\"govuk-link\" href=\"/ethics/anonymous/reply\">read the "
	           "panel's questions and advice</a>. The panel meets every quarter; a quick-time dilemma is answered "
	           "within days.</p>\n</div></div>\n",
	       receipt);
	page_end(&h);
	memset(receipt, 0, sizeof receipt);
	return 0;
}

/* ---- the thread (the raiser's side, named or with a receipt) ---- */

static int show_msg(void *ctx, const struct ethics_msg *m)
{
	struct html *h = ctx;
	html_f(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>%s</strong>, "
	          "%D</p><p class=\"govuk-body probity-pre\">%s</p></div>\n",
	       strcmp(m->author, "panel") == 0 ? "The ethics panel" : "You", m->day, m->body);
	return 0;
}

static void raiser_summary(struct html *h, const struct ethics_row *r)
{
	summary_begin(h);
	summary_row(h, "Reference", "%s", r->ref);
	summary_row(h, "Asked on", "%D", r->raised_on);
	html_f(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status</dt>"
	          "<dd class=\"govuk-summary-list__value\">");
	status_text(h, r);
	html_f(h, "</dd></div>\n");
	if (r->feedback_due[0])
		summary_row(h, "Advice due back by", "%D", r->feedback_due);
	summary_row(h, "Principles", "%s", r->principles);
	summary_row(h, "Your situation", "%s", r->situation);
	summary_end(h);
}

struct thread_page {
	const char *title, *action, *receipt;
	int anon, sent;
};

static int thread_page(struct req *rq, struct resp *rs, const struct ethics_row *r, const struct thread_page *tp,
                       const struct errlist *errs, int (*load)(struct req *, int64_t, struct html *, struct err *))
{
	struct html h;
	struct err e = { 0 };
	page_begin_back(&h, rq, rs, errs->n ? "Error: Your dilemma" : "Your dilemma",
	                tp->anon ? "/ethics/anonymous/reply" : "/ethics/mine");
	if (errs->n)
		rs->status = 400;
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	if (tp->sent)
		banner_success(&h, "Your answer has been sent to the panel", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Your dilemma</h1>\n");
	raiser_summary(&h, r);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Questions and advice</h2>\n");
	if (load(rq, r->id, &h, &e))
		return page_fail(rq, rs, &e);
	if (!tp->anon && !r->intel_ref[0]) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">The counter-corruption unit</h2>\n");
		if (r->acu_consent_on[0])
			html_f(&h, "<p class=\"govuk-body\">You agreed on %D that the panel may pass your concern to the "
			           "counter-corruption unit.</p>\n", r->acu_consent_on);
		else {
			char act[64];
			html_f(&h, "<p class=\"govuk-body\">If the panel thinks your dilemma is a corruption concern, it "
			           "can pass it to the counter-corruption unit, with your name, only if you agree.</p>\n");
			snprintf(act, sizeof act, "/ethics/mine/%lld/acu-consent", (long long)r->id);
			form_begin(&h, rq, act);
			form_button(&h, "I agree to my concern going to the counter-corruption unit", "secondary");
			form_end(&h);
		}
	} else if (r->intel_ref[0])
		html_f(&h, "<p class=\"govuk-body\">The panel has passed your concern to the counter-corruption unit.</p>\n");
	form_begin(&h, rq, tp->action);
	if (tp->anon) {
		anon_page_token(&h);
		form_hidden(&h, "receipt", tp->receipt);
	}
	form_textarea(&h, &(struct field){ .name = "text", .label = "Answer the panel or add something",
	                                   .rows = 6, .maxlength = ETHICS_TEXT_MAX, .errs = errs });
	form_button(&h, "Send answer", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
	return 0;
}

static int load_mine(struct req *rq, int64_t id, struct html *h, struct err *e)
{
	struct ethics_row *r = xmalloc(sizeof *r);
	int rc = ethics_mine_get(rq->store, rq->actor, id, r, show_msg, h, e);
	free(r);
	return rc;
}

static int mine_item(struct req *rq, struct resp *rs, const struct errlist *errs, int sent)
{
	struct err e = { 0 };
	struct ethics_row *r = xmalloc(sizeof *r);
	int64_t id = req_id(rq, "id");
	char action[64];
	int rc;
	/* the row first (logged as a view), then the thread inside the page */
	if (ethics_mine_get(rq->store, rq->actor, id, r, NULL, NULL, &e)) {
		free(r);
		return page_fail(rq, rs, &e);
	}
	snprintf(action, sizeof action, "/ethics/mine/%lld/reply", (long long)id);
	struct thread_page tp = { .action = action, .sent = sent };
	rc = thread_page(rq, rs, r, &tp, errs, load_mine);
	free(r);
	return rc;
}

static int mine_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return mine_item(rq, rs, &errs, req_query(rq, "sent") != NULL);
}

static int mine_reply(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (ethics_mine_reply(rq->store, rq->actor, id, req_form(rq, "text"), &errs, &e)) {
		if (errs.n)
			return mine_item(rq, rs, &errs, 0);
		return page_fail(rq, rs, &e);
	}
	char to[64];
	snprintf(to, sizeof to, "/ethics/mine/%lld?sent=1", (long long)id);
	resp_redirect(rs, to);
	return 0;
}

struct rows_ctx {
	struct html *h;
	struct buf *b;
	struct html bh;
	long n;
	int panel;
	const struct req *rq;
};

static int mine_row(void *ctx, const struct ethics_row *r)
{
	struct rows_ctx *c = ctx;
	c->n++;
	table_row_begin(&c->bh);
	table_cell(&c->bh, 0, "<a class=\"govuk-link\" href=\"/ethics/mine/%I\">%s</a>", r->id, r->ref);
	table_cell(&c->bh, 0, "%D", r->raised_on);
	table_cell(&c->bh, 0, "%s", r->principles);
	table_cell(&c->bh, 0, GOVUK_TAG, status_colour(r->status), ethics_status_label(r->status));
	table_cell(&c->bh, 0, "%D", r->meeting_on[0] ? r->meeting_on : r->feedback_due);
	table_row_end(&c->bh);
	return 0;
}

static int mine_list(struct req *rq, struct resp *rs)
{
	static const struct column cols[] = { { "Reference", NULL, 0 }, { "Asked on", NULL, 0 }, { "Principles", NULL, 0 },
		                              { "Status", NULL, 0 }, { "Meeting or advice due", NULL, 0 } };
	struct html h;
	struct err e = { 0 };
	struct buf b;
	struct rows_ctx c = { 0 };
	buf_init(&b, 0);
	html_init(&c.bh, &b);
	if (ethics_mine(rq->store, rq->actor, mine_row, &c, &e)) {
		buf_release(&b);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, "My dilemmas", "/ethics");
	html_f(&h, "<h1 class=\"govuk-heading-l\">My dilemmas</h1>\n"
	           "<p class=\"govuk-body\">Dilemmas you asked the ethics panel with your name or in confidence. "
	           "Anonymous ones are opened with their receipt on <a class=\"govuk-link\" "
	           "href=\"/ethics/anonymous/reply\">the anonymous page</a>.</p>\n");
	list_table(&h, rq,
	           &(struct list_view){ .caption = "Your dilemmas", LIST_COLS(cols),
	                                .empty = "You have not asked the panel anything yet.", .page = 1,
	                                .per_page = (int)(c.n ? c.n : 1), .total = c.n },
	           &b);
	button_link(&h, "Ask the ethics panel", "/ethics/ask", NULL);
	page_end(&h);
	buf_release(&b);
	return 0;
}

/* ---- the anonymous raiser's return ---- */

static int load_anon(struct req *rq, int64_t id, struct html *h, struct err *e)
{
	struct ethics_row *r = xmalloc(sizeof *r);
	int rc = ethics_anon_get(rq->store, id, r, show_msg, h, e);
	free(r);
	return rc;
}

/* The opened dilemma's thread and answer form. */
static int anon_thread(struct req *rq, struct resp *rs, int64_t id, const char *receipt, const struct errlist *errs,
                       int sent)
{
	struct err e = { 0 };
	struct ethics_row *r = xmalloc(sizeof *r);
	if (ethics_anon_get(rq->store, id, r, NULL, NULL, &e)) {
		free(r);
		return page_fail(rq, rs, &e);
	}
	struct thread_page tp = { .action = "/ethics/anonymous/reply/send", .receipt = receipt, .anon = 1, .sent = sent };
	int rc = thread_page(rq, rs, r, &tp, errs, load_anon);
	free(r);
	return rc;
}

static const struct anon_return ethics_return = {
	.bucket = "ethics-open",
	.title = "Read the panel's answer",
	.action = "/ethics/anonymous/reply",
	.hint = "The 28 digits you were shown when you asked the panel",
	.open = ethics_anon_open,
	.reply = ethics_anon_reply,
	.thread = anon_thread,
};

static int reply_get(struct req *rq, struct resp *rs)
{
	anon_page_receipt_form(rq, rs, &(struct errlist){ 0 }, &ethics_return);
	return 0;
}
static int reply_post(struct req *rq, struct resp *rs) { return anon_page_return(rq, rs, &ethics_return, 0); }
static int reply_send(struct req *rq, struct resp *rs) { return anon_page_return(rq, rs, &ethics_return, 1); }

/* ---- the hub and the home page ---- */

static int hub(struct req *rq, struct resp *rs)
{
	struct html h;
	struct err e = { 0 };
	int panel = actor_has(rq->actor, ROLE_ETHICS_PANEL);
	page_begin(&h, rq, rs, "Ask the ethics panel");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Ask the ethics panel</h1>\n"
	           "<p class=\"govuk-body-l\">Not sure what the right thing to do is? Ask the force's ethics panel: an "
	           "independent chair and volunteers from every part of the force. Your line manager is one person "
	           "to ask; the panel is another.</p>\n<ul class=\"govuk-list\">\n"
	           "<li><a class=\"govuk-link\" href=\"/ethics/ask\">Ask the panel with your name, or in confidence</a></li>\n"
	           "<li><a class=\"govuk-link\" href=\"/ethics/anonymous\">Ask the panel anonymously</a> (no sign-in, "
	           "nothing about you kept; you come back with a receipt)</li>\n"
	           "<li><a class=\"govuk-link\" href=\"/ethics/mine\">My dilemmas</a>: status, questions and advice</li>\n"
	           "<li><a class=\"govuk-link\" href=\"/ethics/cases\">What would you do?</a> Case studies from the panel</li>\n"
	           "<li><a class=\"govuk-link\" href=\"/ethics/meetings\">The panel's meetings</a> and the open part of "
	           "their minutes</li>\n</ul>\n");
	if (panel || actor_has(rq->actor, ROLE_SCRUTINY | ROLE_ADMIN | ROLE_GOVERNANCE)) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">For the panel</h2>\n<ul class=\"govuk-list\">\n");
		if (panel)
			html_f(&h, "<li><a class=\"govuk-link\" href=\"/ethics/panel\">Dilemmas</a>%s</li>\n",
			       ethics_is_chair(rq->store, rq->actor, &e) == 1 ? " (you are the chair: triage)" : "");
		if (panel || actor_has(rq->actor, ROLE_ADMIN))
			html_f(&h, "<li><a class=\"govuk-link\" href=\"/ethics/members\">Membership, terms and attendance</a></li>\n");
		if (panel || actor_has(rq->actor, ROLE_GOVERNANCE))
			html_f(&h, "<li><a class=\"govuk-link\" href=\"/ethics/force\">Advice to the force and its response</a></li>\n");
		if (actor_has(rq->actor, ROLE_ETHICS_PANEL | ROLE_SCRUTINY | ROLE_ADMIN))
			html_f(&h, "<li><a class=\"govuk-link\" href=\"/ethics/measures\">Measures of impact</a></li>\n");
		html_f(&h, "</ul>\n");
	}
	page_end(&h);
	return 0;
}

struct home_ctx { struct html *h; int n; };
static int home_row(void *ctx, const struct ethics_row *r)
{
	struct home_ctx *c = ctx;
	if (c->n++ == 0)
		html_f(c->h, "<h2 class=\"govuk-heading-m\">Your questions to the ethics panel</h2>\n<ul class=\"govuk-list\">\n");
	if (c->n > 5)
		return 0;
	html_f(c->h, "<li><a class=\"govuk-link\" href=\"/ethics/mine/%I\">%s</a>: ", r->id, r->ref);
	status_text(c->h, r);
	html_f(c->h, "</li>\n");
	return 0;
}

void ethics_home(struct html *h, struct req *rq)
{
	struct err e = { 0 };
	struct home_ctx c = { h, 0 };
	if (ethics_mine(rq->store, rq->actor, home_row, &c, &e) == 0 && c.n)
		html_f(h, "</ul>\n");
}

/* ---- the panel: queue and item ---- */

static int panel_row(void *ctx, const struct ethics_row *r)
{
	struct rows_ctx *c = ctx;
	c->n++;
	table_row_begin(&c->bh);
	if (r->conflicted)
		table_cell(&c->bh, 0, "%s (you declared a conflict)", r->ref);
	else
		table_cell(&c->bh, 0, "<a class=\"govuk-link\" href=\"/ethics/panel/%I\">%s</a>", r->id, r->ref);
	table_cell(&c->bh, 0, "%D", r->raised_on);
	table_cell(&c->bh, 0, "%s", r->mode);
	table_cell(&c->bh, 0, "%s", strcmp(r->urgency, "quick") == 0 ? "Quick-time" : "Routine");
	table_cell(&c->bh, 0, "%s", r->conflicted ? "" : r->principles);
	table_cell(&c->bh, 0, GOVUK_TAG, status_colour(r->status), ethics_status_label(r->status));
	table_cell(&c->bh, 0, "%D", r->meeting_on);
	table_row_end(&c->bh);
	return 0;
}

static const struct option status_filter[] = {
	{ "", "All", NULL, 0 }, { "received", "Received: awaiting triage", NULL, 0 },
	{ "scheduled", "Scheduled", NULL, 0 }, { "quick_time", "Quick-time", NULL, 0 },
	{ "advised", "Advice given", NULL, 0 }, { "redirected", "Redirected", NULL, 0 },
	{ "declined", "Declined", NULL, 0 },
};

static int panel_list(struct req *rq, struct resp *rs)
{
	static const struct column cols[] = { { "Reference", NULL, 0 }, { "Asked on", NULL, 0 }, { "Mode", NULL, 0 },
		                              { "Urgency", NULL, 0 }, { "Principles", NULL, 0 }, { "Status", NULL, 0 },
		                              { "Meeting", NULL, 0 } };
	struct html h;
	struct err e = { 0 };
	struct buf b;
	struct rows_ctx c = { 0 };
	const char *status = req_query(rq, "status");
	buf_init(&b, 0);
	html_init(&c.bh, &b);
	if (ethics_panel_list(rq->store, rq->actor, status, panel_row, &c, &e)) {
		buf_release(&b);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, "The panel's dilemmas", "/ethics");
	html_f(&h, "<h1 class=\"govuk-heading-l\">The panel's dilemmas</h1>\n");
	form_begin_get(&h, "/ethics/panel");
	form_select(&h, &(struct field){ .name = "status", .label = "Status", .value = status, .options = status_filter,
	                                 .noptions = sizeof status_filter / sizeof status_filter[0] });
	form_button(&h, "Filter", "secondary");
	form_end(&h);
	list_table(&h, rq,
	           &(struct list_view){ .caption = "Dilemmas", LIST_COLS(cols), .empty = "No dilemmas match.", .page = 1,
	                                .per_page = (int)(c.n ? c.n : 1), .total = c.n },
	           &b);
	html_f(&h, "<p class=\"govuk-body\">Download the register (dates, routes and outcomes; no names or words): ");
	regpage_export_link(&h, rq, "/ethics/panel.csv", "CSV");
	html_f(&h, " or ");
	regpage_export_link(&h, rq, "/ethics/panel.xlsx", "Excel (XLSX)");
	html_f(&h, "</p>\n");
	page_end(&h);
	buf_release(&b);
	return 0;
}

static int panel_msg(void *ctx, const struct ethics_msg *m)
{
	struct html *h = ctx;
	html_f(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>%s</strong>, "
	          "%D</p><p class=\"govuk-body probity-pre\">%s</p></div>\n",
	       strcmp(m->author, "panel") == 0 ? "The panel" : "The person who asked", m->day, m->body);
	return 0;
}

struct meet_opts {
	struct option o[64];
	char v[64][24], l[64][64];
	size_t n;
};
static int add_meeting_opt(void *ctx, const struct ethics_meeting *m)
{
	struct meet_opts *o = ctx;
	if (o->n < 64 && m->items < (int)64) {
		snprintf(o->v[o->n], sizeof o->v[0], "%lld", (long long)m->id);
		snprintf(o->l[o->n], sizeof o->l[0], "%s (%d on the agenda)", m->held_on, m->items);
		o->o[o->n].value = o->v[o->n];
		o->o[o->n].label = o->l[o->n];
		o->n++;
	}
	return 0;
}

static const struct option triage_opts[] = {
	{ "schedule", "Consider it at a meeting", NULL, 0 },
	{ "quick", "Answer it quick-time", "The chair and two members advise within days", 0 },
	{ "redirect", "Redirect it", "For example a grievance, or a corruption concern for the counter-corruption unit", 0 },
	{ "decline", "Decline it", NULL, 0 },
};

static int panel_item(struct req *rq, struct resp *rs, const struct errlist *errs, const char *done)
{
	struct html h;
	struct err e = { 0 };
	struct ethics_row *r = xmalloc(sizeof *r);
	struct buf tb;
	struct html th;
	int64_t id = req_id(rq, "id");
	char base[64], act[96];
	int chair = ethics_is_chair(rq->store, rq->actor, &e) == 1;
	buf_init(&tb, 0);
	html_init(&th, &tb);
	if (ethics_panel_get(rq->store, rq->actor, id, r, panel_msg, &th, &e)) {
		free(r);
		buf_release(&tb);
		return page_fail(rq, rs, &e);
	}
	snprintf(base, sizeof base, "/ethics/panel/%lld", (long long)id);
	page_begin_back(&h, rq, rs, errs->n ? "Error: Dilemma" : "Dilemma", "/ethics/panel");
	if (errs->n)
		rs->status = 400;
	if (done)
		banner_success(&h, done, NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Dilemma</h1>\n", r->ref);
	summary_begin(&h);
	summary_row(&h, "Asked on", "%D", r->raised_on);
	summary_row(&h, "Asked by", "%s",
	            r->raiser[0] ? r->raiser
	                         : strcmp(r->mode, "anonymous") == 0 ? "Anonymous" : "Confidential: known to the chair");
	summary_row(&h, "Urgency", "%s", strcmp(r->urgency, "quick") == 0 ? "Quick-time" : "Routine");
	summary_row(&h, "Principles", "%s", r->principles);
	html_f(&h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status</dt>"
	           "<dd class=\"govuk-summary-list__value\">");
	status_text(&h, r);
	html_f(&h, "</dd></div>\n");
	if (r->triage_note[0])
		summary_row(&h, "Reason given", "%s%s%s", r->triage_note, r->redirect_to[0] ? " — to: " : "", r->redirect_to);
	if (r->feedback_due[0])
		summary_row(&h, "Advice due back by", "%D", r->feedback_due);
	if (r->force_advice[0])
		summary_row(&h, "Advice to the force", "%s", r->force_advice);
	if (r->force_response[0])
		summary_row(&h, "The force's response", "%s. %s", r->force_response, r->force_reason);
	summary_end(&h);
	html_f(&h, "<h2 class=\"govuk-heading-m\">The situation</h2>\n<p class=\"govuk-body probity-pre\">%s</p>\n",
	       r->situation);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Questions and advice</h2>\n%R", buf_str(&tb));
	if (!tb.n)
		html_f(&h, "<p class=\"govuk-body\">Nothing yet.</p>\n");
	/* the chair's triage */
	if (chair && (strcmp(r->status, "received") == 0 || strcmp(r->status, "scheduled") == 0)) {
		struct meet_opts *mo = xcalloc(1, sizeof *mo);
		struct buf mb;
		struct html mh;
		char mid[24];
		ethics_meetings(rq->store, rq->actor, add_meeting_opt, mo, &e);
		buf_init(&mb, 0);
		html_init(&mh, &mb);
		snprintf(mid, sizeof mid, "%lld", (long long)r->meeting_id);
		form_select(&mh, &(struct field){ .name = "meeting_id", .label = "Which meeting?",
		                                  .value = req_form(rq, "meeting_id") ? req_form(rq, "meeting_id") : mid,
		                                  .options = mo->o, .noptions = mo->n, .errs = errs });
		struct buf rb;
		struct html rh;
		buf_init(&rb, 0);
		html_init(&rh, &rb);
		form_input(&rh, &(struct field){ .name = "redirect_to", .label = "Where should it go instead?",
		                                 .value = req_form(rq, "redirect_to"), .errs = errs });
		const char *reveal[4] = { buf_str(&mb), NULL, buf_str(&rb), NULL };
		html_f(&h, "<h2 class=\"govuk-heading-m\">Triage</h2>\n");
		snprintf(act, sizeof act, "%s/triage", base);
		form_begin(&h, rq, act);
		form_radios(&h, &(struct field){ .name = "action", .label = "What happens to this dilemma?",
		                                 .value = req_form(rq, "action"), .options = triage_opts, .noptions = 4,
		                                 .reveal = reveal, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "note", .label = "Reason, for the person who asked",
		                                   .hint = "Needed when you redirect or decline", .rows = 3,
		                                   .value = req_form(rq, "note"), .maxlength = 1000, .errs = errs });
		form_button(&h, "Save triage", NULL);
		form_end(&h);
		buf_release(&mb);
		buf_release(&rb);
		free(mo);
	}
	if (ethics_may_advise(rq->store, rq->actor, r)) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Record the panel's advice</h2>\n");
		snprintf(act, sizeof act, "%s/advice", base);
		form_begin(&h, rq, act);
		form_textarea(&h, &(struct field){ .name = "advice", .label = "The advice, in plain words",
		                                   .hint = "This is what the person who asked will read", .rows = 8,
		                                   .value = req_form(rq, "advice"), .maxlength = ETHICS_TEXT_MAX,
		                                   .errs = errs });
		form_date(&h, &(struct field){ .name = "feedback_due", .label = "Advice to go back by",
		                               .value = req_form(rq, "feedback_due"), .errs = errs });
		form_textarea(&h, &(struct field){ .name = "force_advice", .label = "Advice to the force (optional)",
		                                   .hint = "A policy, training or practice the force should look at",
		                                   .rows = 4, .value = req_form(rq, "force_advice"),
		                                   .maxlength = ETHICS_TEXT_MAX, .errs = errs });
		form_button(&h, "Give advice", NULL);
		form_end(&h);
	}
	if (chair && strcmp(r->status, "advised") == 0 && !r->case_id) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Publish as a case study</h2>\n"
		           "<p class=\"govuk-body\">Write the situation again in words that identify nobody. The published "
		           "case study holds only the title, your wording, the principles and (if you choose) the advice.</p>\n");
		snprintf(act, sizeof act, "%s/publish", base);
		form_begin(&h, rq, act);
		form_input(&h, &(struct field){ .name = "title", .label = "Title", .value = req_form(rq, "title"),
		                                .errs = errs });
		form_textarea(&h, &(struct field){ .name = "case_situation", .label = "The situation, anonymised",
		                                   .rows = 6, .value = req_form(rq, "case_situation"),
		                                   .maxlength = ETHICS_TEXT_MAX, .errs = errs });
		static const struct option inc[] = { { "yes", "Include the panel's advice", NULL, 1 } };
		form_checkboxes(&h, &(struct field){ .name = "include_advice", .label = "Advice", .options = inc,
		                                     .noptions = 1 });
		form_button(&h, "Publish", NULL);
		form_end(&h);
	} else if (r->case_id) {
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/ethics/cases/%I\">Published as a case "
		           "study</a></p>\n",
		       r->case_id);
	}
	if (r->intel_ref[0])
		html_f(&h, "<p class=\"govuk-body\">Passed to the counter-corruption unit as %s.</p>\n", r->intel_ref);
	else if (chair) {
		int anon = strcmp(r->mode, "anonymous") == 0;
		html_f(&h, "<h2 class=\"govuk-heading-m\">Pass a corruption concern to the counter-corruption unit</h2>\n");
		if (!anon && !r->acu_consent_on[0])
			html_f(&h, "<p class=\"govuk-body\">Only with the consent of the person who raised it: ask them in a "
			           "question; they give it on their dilemma's page.</p>\n");
		else {
			html_f(&h, "<p class=\"govuk-body\">%s</p>\n",
			       anon ? "It was raised anonymously: the unit gets only what you write here, and nothing that "
			              "could identify the person who raised it."
			            : "The person who raised it has consented. The unit gets their words and name, and what "
			              "you write here as the version that may be shared.");
			snprintf(act, sizeof act, "%s/acu", base);
			form_begin(&h, rq, act);
			form_textarea(&h, &(struct field){ .name = "sanitised", .label = "The concern, sanitised",
			                                   .rows = 5, .value = req_form(rq, "sanitised"), .maxlength = 4000,
			                                   .errs = errs });
			form_button(&h, "Pass to the counter-corruption unit", "secondary");
			form_end(&h);
		}
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Ask the person who asked</h2>\n");
	snprintf(act, sizeof act, "%s/ask", base);
	form_begin(&h, rq, act);
	form_textarea(&h, &(struct field){ .name = "text", .label = "Your question", .rows = 4,
	                                   .maxlength = ETHICS_TEXT_MAX, .errs = errs });
	form_button(&h, "Send question", "secondary");
	form_end(&h);
	html_f(&h, "<h2 class=\"govuk-heading-m\">A conflict of interest?</h2>\n"
	           "<p class=\"govuk-body\">If you know the people involved, or it is about you, declare a conflict: you "
	           "will no longer see this dilemma or its discussion.</p>\n");
	snprintf(act, sizeof act, "%s/conflict", base);
	form_begin(&h, rq, act);
	form_button(&h, "Declare a conflict", "warning");
	form_end(&h);
	page_end(&h);
	free(r);
	buf_release(&tb);
	return 0;
}

static int panel_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	const char *d = req_query(rq, "done");
	return panel_item(rq, rs, &errs,
	                  !d ? NULL
	                     : strcmp(d, "triage") == 0 ? "Triage saved"
	                     : strcmp(d, "advice") == 0 ? "Advice given: the person who asked can read it now"
	                     : strcmp(d, "ask") == 0     ? "Question sent"
	                     : strcmp(d, "publish") == 0 ? "Case study published"
	                     : strcmp(d, "acu") == 0     ? "Passed to the counter-corruption unit"
	                                                 : NULL);
}

static int after(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e,
                 const char *done)
{
	char to[96];
	if (rc) {
		if (errs->n)
			return panel_item(rq, rs, errs, NULL);
		return page_fail(rq, rs, e);
	}
	snprintf(to, sizeof to, "/ethics/panel/%lld?done=%s", (long long)req_id(rq, "id"), done);
	resp_redirect(rs, to);
	return 0;
}

static int panel_triage(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *mid = req_form(rq, "meeting_id");
	int rc = ethics_triage(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "action"),
	                       mid ? strtoll(mid, NULL, 10) : 0, req_form(rq, "note"), req_form(rq, "redirect_to"), &errs,
	                       &e);
	return after(rq, rs, rc, &errs, &e, "triage");
}

static int panel_advice(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = ethics_advise(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "advice"),
	                       req_form(rq, "feedback_due"), req_form(rq, "force_advice"), &errs, &e);
	return after(rq, rs, rc, &errs, &e, "advice");
}

static int panel_ask(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = ethics_ask(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "text"), &errs, &e);
	return after(rq, rs, rc, &errs, &e, "ask");
}

static int panel_publish(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t cid;
	int rc = ethics_case_publish(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "title"),
	                             req_form(rq, "case_situation"), kvlist_has(&rq->form, "include_advice", "yes"), &cid,
	                             &errs, &e);
	return after(rq, rs, rc, &errs, &e, "publish");
}

static int panel_acu(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	char ref[16];
	int rc = ethics_pass_to_acu(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "sanitised"), ref, &errs, &e);
	return after(rq, rs, rc, &errs, &e, "acu");
}

static int mine_consent(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	char to[64];
	int64_t id = req_id(rq, "id");
	if (ethics_acu_consent(rq->store, rq->actor, id, &e))
		return page_fail(rq, rs, &e);
	snprintf(to, sizeof to, "/ethics/mine/%lld", (long long)id);
	resp_redirect(rs, to);
	return 0;
}

static int panel_conflict(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (ethics_declare_conflict(rq->store, rq->actor, req_id(rq, "id"), &e))
		return page_fail(rq, rs, &e);
	resp_redirect(rs, "/ethics/panel?done=conflict");
	return 0;
}

/* ---- advice to the force ---- */

static const struct option response_opts[] = {
	{ "accepted", "Accepted", NULL, 0 }, { "partly", "Partly accepted", NULL, 0 },
	{ "not_accepted", "Not accepted", NULL, 0 },
};

struct force_ctx { struct html *h; const struct req *rq; int gov; long n; };
static int force_row(void *ctx, const struct ethics_row *r)
{
	struct force_ctx *c = ctx;
	struct html *h = c->h;
	char action[64];
	c->n++;
	html_f(h, "<h2 class=\"govuk-heading-m\">%s</h2>\n", r->ref);
	summary_begin(h);
	summary_row(h, "Advised on", "%D", r->advised_on);
	summary_row(h, "Principles", "%s", r->principles);
	summary_row(h, "Advice to the force", "%s", r->force_advice);
	summary_row(h, "Response", "%s", r->force_response[0] ? option_label(response_opts, 3, r->force_response)
	                                                       : "Awaiting the force's response");
	if (r->force_reason[0])
		summary_row(h, "Reasons", "%s", r->force_reason);
	if (r->force_change[0])
		summary_row(h, "Change made", "%s", r->force_change);
	if (r->force_done_on[0])
		summary_row(h, "Completed on", "%D", r->force_done_on);
	if (r->force_finding_id && ethics_force_trackable(c->rq->actor))
		summary_row(h, "Tracked to completion", "<a class=\"govuk-link\" href=\"/findings/%I\">finding %s</a> (%s)",
		            r->force_finding_id, r->ref, r->force_finding_status);
	else if (r->force_finding_id)
		summary_row(h, "Tracked to completion", "in the findings tracker (%s)", r->force_finding_status);
	summary_end(h);
	if (c->gov && !r->force_done_on[0]) {
		snprintf(action, sizeof action, "/ethics/force/%lld", (long long)r->id);
		form_begin(h, c->rq, action);
		form_radios(h, &(struct field){ .name = "response", .label = "The force's response", .options = response_opts,
		                                .noptions = 3, .value = r->force_response, .inline_ = 1 });
		form_textarea(h, &(struct field){ .name = "reason", .label = "Reasons", .rows = 3, .value = r->force_reason,
		                                  .maxlength = 1000 });
		form_textarea(h, &(struct field){ .name = "change", .label = "The resulting change", .rows = 3,
		                                  .value = r->force_change, .maxlength = 1000 });
		form_date(h, &(struct field){ .name = "done_on", .label = "Change completed on (leave blank if not yet)" });
		form_button(h, "Save the response", "secondary");
		form_end(h);
	}
	return 0;
}

static int force_list(struct req *rq, struct resp *rs)
{
	struct html h;
	struct err e = { 0 };
	struct buf b;
	struct html bh;
	buf_init(&b, 0);
	html_init(&bh, &b);
	struct force_ctx c = { &bh, rq, actor_has(rq->actor, ROLE_GOVERNANCE), 0 };
	if (ethics_force_list(rq->store, rq->actor, force_row, &c, &e)) {
		buf_release(&b);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, "Advice to the force", "/ethics");
	if (req_query(rq, "done"))
		banner_success(&h, "The force's response is saved", NULL);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Advice to the force</h1>\n"
	           "<p class=\"govuk-body\">Where the panel's advice is for the force (a policy, training, a practice), "
	           "the force's response and any change are recorded here until the change is complete.</p>\n%R",
	       buf_str(&b));
	if (!c.n)
		html_f(&h, "<p class=\"govuk-body\">The panel has given no advice to the force yet.</p>\n");
	page_end(&h);
	buf_release(&b);
	return 0;
}

static int force_respond(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (ethics_force_respond(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "response"), req_form(rq, "reason"),
	                         req_form(rq, "change"), req_form(rq, "done_on"), &errs, &e)) {
		if (errs.n) {
			struct html h;
			page_begin_back(&h, rq, rs, "Error: Advice to the force", "/ethics/force");
			rs->status = 400;
			form_error_summary(&h, &errs);
			html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/ethics/force\">Back to the advice "
			           "to the force</a></p>\n");
			page_end(&h);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	resp_redirect(rs, "/ethics/force?done=1");
	return 0;
}

/* ---- meetings ---- */

static int meeting_row(void *ctx, const struct ethics_meeting *m)
{
	struct rows_ctx *c = ctx;
	c->n++;
	table_row_begin(&c->bh);
	table_cell(&c->bh, 0, "<a class=\"govuk-link\" href=\"/ethics/meetings/%I\">%D</a>", m->id, m->held_on);
	table_cell(&c->bh, 1, "%d", m->items);
	if (c->panel) {
		table_cell(&c->bh, 1, "%d", m->present);
		table_cell(&c->bh, 0, GOVUK_TAG, m->quorum_met ? "green" : "red", m->quorum_met ? "Quorate" : "Not quorate");
	}
	table_row_end(&c->bh);
	return 0;
}

static void meetings_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	static const struct column pcols[] = { { "Date", NULL, 0 }, { "Dilemmas", NULL, 1 }, { "Present", NULL, 1 },
		                               { "Quorum", NULL, 0 } };
	struct html h;
	struct err e = { 0 };
	struct buf b;
	struct rows_ctx c = { 0 };
	c.panel = actor_has(rq->actor, ROLE_ETHICS_PANEL);
	buf_init(&b, 0);
	html_init(&c.bh, &b);
	if (ethics_meetings(rq->store, rq->actor, meeting_row, &c, &e)) {
		buf_release(&b);
		page_fail(rq, rs, &e);
		return;
	}
	page_begin_back(&h, rq, rs, errs->n ? "Error: The ethics panel's meetings" : "The ethics panel's meetings",
	                "/ethics");
	if (errs->n)
		rs->status = 400;
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">The ethics panel's meetings</h1>\n");
	list_table(&h, rq,
	           &(struct list_view){ .caption = "Meetings", .cols = pcols, .ncols = c.panel ? 4 : 2,
	                                .empty = "No meetings yet.", .page = 1, .per_page = (int)(c.n ? c.n : 1),
	                                .total = c.n },
	           &b);
	if (ethics_is_chair(rq->store, rq->actor, &e) == 1) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Add a meeting</h2>\n");
		form_begin(&h, rq, "/ethics/meetings");
		form_date(&h, &(struct field){ .name = "held_on", .label = "Date of the meeting",
		                               .value = req_form(rq, "held_on"), .errs = errs });
		form_button(&h, "Add meeting", NULL);
		form_end(&h);
	}
	page_end(&h);
	buf_release(&b);
}

/* A page with a form (meetings, members): shown on GET with no errors; after
 * a POST the domain refused, shown again with its errors, or the error
 * page when the refusal is not about the form's fields. */
typedef void (*form_page_fn)(struct req *rq, struct resp *rs, const struct errlist *errs);
static int form_page_get(struct req *rq, struct resp *rs, form_page_fn page)
{
	struct errlist errs = { 0 };
	page(rq, rs, &errs);
	return 0;
}
static int form_page_refused(struct req *rq, struct resp *rs, form_page_fn page, const struct errlist *errs,
                             const struct err *e)
{
	if (!errs->n)
		return page_fail(rq, rs, e);
	page(rq, rs, errs);
	return 0;
}

static int meetings_get(struct req *rq, struct resp *rs) { return form_page_get(rq, rs, meetings_page); }

static int meetings_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	char to[64];
	if (ethics_meeting_create(rq->store, rq->actor, req_form(rq, "held_on"), &id, &errs, &e))
		return form_page_refused(rq, rs, meetings_page, &errs, &e);
	snprintf(to, sizeof to, "/ethics/meetings/%lld", (long long)id);
	resp_redirect(rs, to);
	return 0;
}

static int agenda_row(void *ctx, const struct ethics_row *r)
{
	struct rows_ctx *c = ctx;
	c->n++;
	table_row_begin(&c->bh);
	if (r->conflicted)
		table_cell(&c->bh, 0, "%s (you declared a conflict: you step out for this item)", r->ref);
	else
		table_cell(&c->bh, 0, "<a class=\"govuk-link\" href=\"/ethics/panel/%I\">%s</a>", r->id, r->ref);
	table_cell(&c->bh, 0, "%s", r->conflicted ? "" : r->principles);
	table_cell(&c->bh, 0, GOVUK_TAG, status_colour(r->status), ethics_status_label(r->status));
	table_row_end(&c->bh);
	return 0;
}

struct att_ctx { struct html *h; int chair; };
static int att_row(void *ctx, int64_t id, const char *name, int independent, int present)
{
	struct att_ctx *c = ctx;
	if (c->chair)
		html_f(c->h, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
		             "id=\"member-%I\" name=\"member\" type=\"checkbox\" value=\"%I\"%R><label "
		             "class=\"govuk-label govuk-checkboxes__label\" for=\"member-%I\">%s%s</label></div>\n",
		       id, id, present ? " checked" : "", id, name, independent ? " (independent)" : "");
	else if (present)
		html_f(c->h, "<li>%s%s</li>\n", name, independent ? " (independent)" : "");
	return 0;
}

static int action_row(void *ctx, const struct ethics_action *a)
{
	struct rows_ctx *c = ctx;
	c->n++;
	table_row_begin(&c->bh);
	table_cell(&c->bh, 1, "%I", a->num);
	table_cell(&c->bh, 0, "%s", a->text);
	table_cell(&c->bh, 0, "%s", a->owner);
	table_cell(&c->bh, 0, "%D", a->due_on);
	if (a->done_on[0])
		table_cell(&c->bh, 0, "Done %D", a->done_on);
	else if (c->panel) { /* the chair: a done button */
		struct buf fb;
		struct html fh;
		char act[64];
		buf_init(&fb, 0);
		html_init(&fh, &fb);
		snprintf(act, sizeof act, "/ethics/actions/%lld/done", (long long)a->id);
		form_begin(&fh, c->rq, act);
		form_button(&fh, "Mark done", "secondary");
		form_end(&fh);
		table_cell(&c->bh, 0, "%R", buf_str(&fb));
		buf_release(&fb);
	} else
		table_cell(&c->bh, 0, "Open");
	table_row_end(&c->bh);
	return 0;
}

static void meeting_page(struct req *rq, struct resp *rs, const struct errlist *errs, const char *done)
{
	struct html h;
	struct err e = { 0 };
	struct ethics_meeting *m = xmalloc(sizeof *m);
	int64_t id = req_id(rq, "id");
	int chair = ethics_is_chair(rq->store, rq->actor, &e) == 1;
	char base[64], act[96];
	if (ethics_meeting_get(rq->store, rq->actor, id, m, &e)) {
		free(m);
		page_fail(rq, rs, &e);
		return;
	}
	snprintf(base, sizeof base, "/ethics/meetings/%lld", (long long)id);
	page_begin_back(&h, rq, rs, errs->n ? "Error: Ethics panel meeting" : "Ethics panel meeting", "/ethics/meetings");
	if (errs->n)
		rs->status = 400;
	if (done)
		banner_success(&h, done, NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">Ethics panel</span><h1 class=\"govuk-heading-l\">Meeting of %D</h1>\n",
	       m->held_on);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Minutes: the open part</h2>\n<p class=\"govuk-body probity-pre\">%s</p>\n",
	       m->open_minutes[0] ? m->open_minutes : "Not yet written.");
	if (m->closed_visible) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Quorum</h2>\n<p class=\"govuk-body\">");
		govuk_tag(&h, m->quorum_met ? "green" : "red", m->quorum_met ? "Quorate" : "Not quorate");
		html_f(&h, " %d present, %d of them independent (at least %d present, %d independent, are needed).</p>\n",
		       m->present, m->independents, m->quorum, m->quorum_independent);
		html_f(&h, "<h2 class=\"govuk-heading-m\">Minutes: the closed part (panel only)</h2>\n"
		           "<p class=\"govuk-body probity-pre\">%s</p>\n",
		       m->closed_minutes[0] ? m->closed_minutes : "Not yet written.");
		/* agenda */
		static const struct column acols[] = { { "Dilemma", NULL, 0 }, { "Principles", NULL, 0 },
			                               { "Status", NULL, 0 } };
		struct buf b;
		struct rows_ctx c = { 0 };
		buf_init(&b, 0);
		html_init(&c.bh, &b);
		if (ethics_agenda(rq->store, rq->actor, id, agenda_row, &c, &e) == 0)
			list_table(&h, rq,
			           &(struct list_view){ .caption = "Agenda", LIST_COLS(acols),
			                                .empty = "Nothing on the agenda yet.", .page = 1,
			                                .per_page = (int)(c.n ? c.n : 1), .total = c.n },
			           &b);
		buf_release(&b);
		/* attendance */
		struct att_ctx ac = { &h, chair };
		html_f(&h, "<h2 class=\"govuk-heading-m\">Members present</h2>\n");
		if (chair) {
			snprintf(act, sizeof act, "%s/attendance", base);
			form_begin(&h, rq, act);
			html_f(&h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend "
			           "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Who was present?</legend>"
			           "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">\n");
		} else {
			html_f(&h, "<ul class=\"govuk-list\">\n");
		}
		ethics_attendance(rq->store, rq->actor, id, att_row, &ac, &e);
		if (chair) {
			html_f(&h, "</div></fieldset></div>\n");
			form_button(&h, "Save who was present", "secondary");
			form_end(&h);
		} else {
			html_f(&h, "</ul>\n");
		}
		/* actions */
		static const struct column xcols[] = { { "Number", NULL, 1 }, { "Action", NULL, 0 }, { "Owner", NULL, 0 },
			                               { "Due", NULL, 0 }, { "Done", NULL, 0 } };
		struct buf xb;
		struct rows_ctx xc = { 0 };
		buf_init(&xb, 0);
		html_init(&xc.bh, &xb);
		xc.panel = chair;
		xc.rq = rq;
		if (ethics_actions(rq->store, rq->actor, id, action_row, &xc, &e) == 0)
			list_table(&h, rq,
			           &(struct list_view){ .caption = "Action log", LIST_COLS(xcols),
			                                .empty = "No actions recorded.", .page = 1,
			                                .per_page = (int)(xc.n ? xc.n : 1), .total = xc.n },
			           &xb);
		buf_release(&xb);
		if (chair) {
			html_f(&h, "<h2 class=\"govuk-heading-m\">Add an action</h2>\n");
			snprintf(act, sizeof act, "%s/actions", base);
			form_begin(&h, rq, act);
			form_input(&h, &(struct field){ .name = "action_text", .label = "Action",
			                                .value = req_form(rq, "action_text"), .errs = errs });
			form_input(&h, &(struct field){ .name = "owner", .label = "Owner", .value = req_form(rq, "owner"),
			                                .errs = errs });
			form_date(&h, &(struct field){ .name = "due_on", .label = "Due", .value = req_form(rq, "due_on"),
			                               .errs = errs });
			form_button(&h, "Add action", "secondary");
			form_end(&h);
			html_f(&h, "<h2 class=\"govuk-heading-m\">Write the minutes</h2>\n");
			snprintf(act, sizeof act, "%s/minutes", base);
			form_begin(&h, rq, act);
			form_textarea(&h, &(struct field){ .name = "open_minutes", .label = "Open part",
			                                   .hint = "Every member of the workforce can read this", .rows = 6,
			                                   .value = req_form(rq, "open_minutes") ? req_form(rq, "open_minutes")
			                                                                         : m->open_minutes,
			                                   .maxlength = ETHICS_TEXT_MAX, .errs = errs });
			form_textarea(&h, &(struct field){ .name = "closed_minutes", .label = "Closed part",
			                                   .hint = "The panel only", .rows = 6,
			                                   .value = req_form(rq, "closed_minutes") ? req_form(rq, "closed_minutes")
			                                                                           : m->closed_minutes,
			                                   .maxlength = ETHICS_TEXT_MAX, .errs = errs });
			form_button(&h, "Save the minutes", "secondary");
			form_end(&h);
		}
	}
	page_end(&h);
	free(m);
}

static int meeting_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	meeting_page(rq, rs, &errs, req_query(rq, "done") ? "Saved" : NULL);
	return 0;
}

static int meeting_after(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e)
{
	char to[80];
	if (rc) {
		if (errs->n) {
			meeting_page(rq, rs, errs, NULL);
			return 0;
		}
		return page_fail(rq, rs, e);
	}
	snprintf(to, sizeof to, "/ethics/meetings/%lld?done=1", (long long)req_id(rq, "id"));
	resp_redirect(rs, to);
	return 0;
}

static int meeting_attendance(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t ids[256];
	size_t n = 0;
	for (size_t i = 0; i < rq->form.n && n < 256; i++)
		if (strcmp(rq->form.v[i].k, "member") == 0)
			ids[n++] = strtoll(rq->form.v[i].v, NULL, 10);
	int rc = ethics_attendance_set(rq->store, rq->actor, req_id(rq, "id"), ids, n, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

static int meeting_minutes(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = ethics_minutes_set(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "open_minutes"),
	                            req_form(rq, "closed_minutes"), &errs, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

static int meeting_action(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int rc = ethics_action_add(rq->store, rq->actor, req_id(rq, "id"), req_form(rq, "action_text"),
	                           req_form(rq, "owner"), req_form(rq, "due_on"), &errs, &e);
	return meeting_after(rq, rs, rc, &errs, &e);
}

static int action_done(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	if (ethics_action_done(rq->store, rq->actor, req_id(rq, "id"), &e))
		return page_fail(rq, rs, &e);
	resp_redirect(rs, "/ethics/meetings?done=1");
	return 0;
}

/* ---- membership ---- */

static int member_row(void *ctx, const struct ethics_member *m)
{
	struct rows_ctx *c = ctx;
	c->n++;
	table_row_begin(&c->bh);
	table_cell(&c->bh, 0, "%s%s", m->name, m->chair ? " (chair)" : "");
	table_cell(&c->bh, 0, "%s", m->independent ? "Independent" : "Force");
	table_cell(&c->bh, 0, "%D", m->term_start);
	table_cell(&c->bh, 0, "%D", m->term_end[0] ? m->term_end : "");
	if (m->tenure_warning)
		table_cell(&c->bh, 0, "%D " GOVUK_TAG, m->tenure_ends, "orange", "Maximum tenure near or passed");
	else
		table_cell(&c->bh, 0, "%D", m->tenure_ends);
	table_cell(&c->bh, 1, "%d of %d", m->attended, m->meetings);
	table_row_end(&c->bh);
	return 0;
}

static void members_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	static const struct column cols[] = { { "Member", NULL, 0 }, { "Membership", NULL, 0 }, { "Term from", NULL, 0 },
		                              { "Term to", NULL, 0 }, { "Maximum tenure ends", NULL, 0 },
		                              { "Meetings attended (12 months)", NULL, 1 } };
	struct html h;
	struct err e = { 0 };
	struct buf b;
	struct rows_ctx c = { 0 };
	buf_init(&b, 0);
	html_init(&c.bh, &b);
	if (ethics_members(rq->store, rq->actor, member_row, &c, &e)) {
		buf_release(&b);
		page_fail(rq, rs, &e);
		return;
	}
	page_begin_back(&h, rq, rs, errs->n ? "Error: The ethics panel's members" : "The ethics panel's members", "/ethics");
	if (errs->n)
		rs->status = 400;
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">The ethics panel's members</h1>\n");
	list_table(&h, rq,
	           &(struct list_view){ .caption = "Members", LIST_COLS(cols), .empty = "No members yet.", .page = 1,
	                                .per_page = (int)(c.n ? c.n : 1), .total = c.n },
	           &b);
	if (actor_has(rq->actor, ROLE_ADMIN) || ethics_is_chair(rq->store, rq->actor, &e) == 1) {
		static const struct option flags[] = { { "independent", "Independent member", NULL, 0 },
			                               { "chair", "Chair", NULL, 0 } };
		html_f(&h, "<h2 class=\"govuk-heading-m\">Add a member or change a term</h2>\n");
		form_begin(&h, rq, "/ethics/members");
		form_input(&h, &(struct field){ .name = "username", .label = "User name", .value = req_form(rq, "username"),
		                                .errs = errs });
		form_checkboxes(&h, &(struct field){ .name = "flags", .label = "Membership", .options = flags, .noptions = 2 });
		form_date(&h, &(struct field){ .name = "term_start", .label = "Term starts", .value = req_form(rq, "term_start"),
		                               .errs = errs });
		form_date(&h, &(struct field){ .name = "term_end", .label = "Term ends (optional)",
		                               .value = req_form(rq, "term_end"), .errs = errs });
		form_button(&h, "Save member", NULL);
		form_end(&h);
	}
	page_end(&h);
	buf_release(&b);
}

static int members_get(struct req *rq, struct resp *rs) { return form_page_get(rq, rs, members_page); }

static int members_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (ethics_member_set(rq->store, rq->actor, req_form(rq, "username"), kvlist_has(&rq->form, "flags", "independent"),
	                      kvlist_has(&rq->form, "flags", "chair"), req_form(rq, "term_start"), req_form(rq, "term_end"),
	                      &errs, &e))
		return form_page_refused(rq, rs, members_page, &errs, &e);
	resp_redirect(rs, "/ethics/members");
	return 0;
}

/* ---- case studies ---- */

static int case_row(void *ctx, const struct ethics_case *c)
{
	struct rows_ctx *x = ctx;
	x->n++;
	html_f(&x->bh, "<li><a class=\"govuk-link\" href=\"/ethics/cases/%I\">%s</a> <span class=\"govuk-body-s\">(%s; "
	               "published %D)</span></li>\n",
	       c->id, c->title, c->principles, c->published_on);
	return 0;
}

static int cases_list(struct req *rq, struct resp *rs)
{
	struct html h;
	struct err e = { 0 };
	struct buf b;
	struct rows_ctx c = { 0 };
	buf_init(&b, 0);
	html_init(&c.bh, &b);
	if (ethics_cases(rq->store, rq->actor, case_row, &c, &e)) {
		buf_release(&b);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, "What would you do?", "/ethics");
	html_f(&h, "<h1 class=\"govuk-heading-l\">What would you do?</h1>\n<p class=\"govuk-body\">Dilemmas the ethics "
	           "panel has considered, written so that nobody can be identified, and the panel's advice.</p>\n");
	if (c.n)
		html_f(&h, "<ul class=\"govuk-list\">\n%R</ul>\n", buf_str(&b));
	else
		html_f(&h, "<p class=\"govuk-body\">No case studies have been published yet.</p>\n");
	page_end(&h);
	buf_release(&b);
	return 0;
}

static int case_show(struct req *rq, struct resp *rs)
{
	struct html h;
	struct err e = { 0 };
	struct ethics_case *c = xmalloc(sizeof *c);
	char act[64];
	if (ethics_case_get(rq->store, rq->actor, req_id(rq, "id"), c, &e)) {
		free(c);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, c->title, "/ethics/cases");
	if (req_query(rq, "thanks"))
		banner_success(&h, "Thank you for your answer", NULL);
	html_f(&h, "<span class=\"govuk-caption-l\">What would you do?</span><h1 class=\"govuk-heading-l\">%s</h1>\n"
	           "<p class=\"govuk-body-s\">Principles: %s. Published %D.</p>\n"
	           "<h2 class=\"govuk-heading-m\">The situation</h2><p class=\"govuk-body probity-pre\">%s</p>\n",
	       c->title, c->principles, c->published_on, c->situation);
	if (c->advice[0])
		html_f(&h, "<h2 class=\"govuk-heading-m\">The panel's advice</h2><p class=\"govuk-body probity-pre\">%s</p>\n",
		       c->advice);
	if (ethics_is_chair(rq->store, rq->actor, &e) == 1) {
		snprintf(act, sizeof act, "/ethics/cases/%lld/public", (long long)c->id);
		html_f(&h, "<p class=\"govuk-body\">%s</p>\n",
		       c->public ? "This case study is also on the public site." : "This case study is on the internal site only.");
		form_begin(&h, rq, act);
		form_hidden(&h, "public", c->public ? "0" : "1");
		form_button(&h, c->public ? "Take it off the public site" : "Put it on the public site too", "secondary");
		form_end(&h);
	}
	snprintf(act, sizeof act, "/ethics/cases/%lld/helped", (long long)c->id);
	static const struct option yn[] = { { "yes", "Yes", NULL, 0 }, { "no", "No", NULL, 0 } };
	form_begin(&h, rq, act);
	form_radios(&h, &(struct field){ .name = "helped", .label = "Did this help you?", .options = yn, .noptions = 2,
	                                 .inline_ = 1 });
	form_button(&h, "Send", "secondary");
	form_end(&h);
	page_end(&h);
	free(c);
	return 0;
}

/* A case study's two-way switch posted as field (on or off, anything else
 * a 400): set(…, on) on the case, then back to it (then: its query). */
struct case_switch {
	const char *field, *on, *off, *then;
	int (*set)(struct store *st, const struct actor *who, int64_t id, int on, struct err *e);
};

static int case_switch_post(struct req *rq, struct resp *rs, const struct case_switch *sw)
{
	struct err e = { 0 };
	const char *v = req_form(rq, sw->field);
	char to[64];
	if (!v || (strcmp(v, sw->on) && strcmp(v, sw->off))) {
		page_error(rq, rs, 400);
		return 0;
	}
	if (sw->set(rq->store, rq->actor, req_id(rq, "id"), strcmp(v, sw->on) == 0, &e))
		return page_fail(rq, rs, &e);
	snprintf(to, sizeof to, "/ethics/cases/%lld%s", (long long)req_id(rq, "id"), sw->then);
	resp_redirect(rs, to);
	return 0;
}

static int case_public(struct req *rq, struct resp *rs)
{
	static const struct case_switch sw = { "public", "1", "0", "", ethics_case_set_public };
	return case_switch_post(rq, rs, &sw);
}

static int case_helped(struct req *rq, struct resp *rs)
{
	static const struct case_switch sw = { "helped", "yes", "no", "?thanks=1", ethics_case_helped };
	return case_switch_post(rq, rs, &sw);
}

/* ---- measures ---- */

struct mrow { char measure[40], group[96], value[64]; };
struct mrows { struct mrow *v; size_t n, cap; };
static int collect(void *ctx, const char *measure, const char *group, const char *value)
{
	struct mrows *m = ctx;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	snprintf(m->v[m->n].measure, sizeof m->v[0].measure, "%s", measure);
	snprintf(m->v[m->n].group, sizeof m->v[0].group, "%s", group);
	snprintf(m->v[m->n].value, sizeof m->v[0].value, "%s", value);
	m->n++;
	return 0;
}

static const char *measure_label(const char *m)
{
	static const char *const l[][2] = {
		{ "raised", "Dilemmas raised, by quarter and mode" },
		{ "advised", "Dilemmas with advice given" },
		{ "days_to_advice_median", "Days from asking to advice (median)" },
		{ "days_to_advice_p90", "Days from asking to advice (90th percentile)" },
		{ "answer_returned", "Dilemmas answered (advice, redirect or decline)" },
		{ "answer_returned_pct", "Share of dilemmas answered (%)" },
		{ "theme", "Themes: principles by quarter" },
		{ "force_advice", "Advice to the force, by the force's response" },
		{ "force_change_made", "Advice to the force with the change completed" },
		{ "case_studies", "Case studies: published, reads, answers" },
		{ "attendance", "Members present, by meeting" },
		{ "quorum_met", "Quorum met, by meeting" },
		{ "meetings", "Meetings held and quorate" },
	};
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		if (strcmp(l[i][0], m) == 0)
			return l[i][1];
	return m;
}

static void read_period(const struct req *rq, char from[11], char to[11])
{
	const char *f = req_query(rq, "from"), *t = req_query(rq, "to");
	char today[11];
	date_today(today);
	snprintf(to, 11, "%s", t && date_valid(t) ? t : today);
	if (f && date_valid(f))
		snprintf(from, 11, "%s", f);
	else
		date_format(date_days(to) - 730, from);
}

/* One measure's bar chart (numeric values only) and its table. */
static void measure_block(struct html *h, const struct mrows *m, size_t a, size_t b, int idx)
{
	double max = 0;
	int bars = 0;
	for (size_t i = a; i < b; i++) {
		char *end;
		double v = strtod(m->v[i].value, &end);
		if (m->v[i].value[0] && !*end) {
			bars++;
			if (v > max)
				max = v;
		}
	}
	html_f(h, "<h2 class=\"govuk-heading-m\">%s</h2>\n", measure_label(m->v[a].measure));
	if (bars > 0 && max > 0) {
		const int W = 720, LW = 260, BH = 18, G = 6;
		int H = (int)(b - a) * (BH + G) + 10, k = 0;
		html_f(h, "<svg class=\"probity-chart\" width=\"100%%\" viewBox=\"0 0 %d %d\" role=\"img\" "
		          "aria-labelledby=\"m%d-t m%d-d\"><title id=\"m%d-t\">%s</title><desc id=\"m%d-d\">A bar for each "
		          "group, its length the value; withheld values have no bar. The same figures are in the table "
		          "below.</desc>\n",
		       W, H, idx, idx, idx, measure_label(m->v[a].measure), idx);
		for (size_t i = a; i < b; i++, k++) {
			char *end;
			double v = strtod(m->v[i].value, &end);
			int y = 5 + k * (BH + G);
			int len = (m->v[i].value[0] && !*end) ? (int)(v * (W - LW - 70) / max) : 0;
			html_f(h, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">%s</text>"
			          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1d70b8\"/>"
			          "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#0b0c0c\">%s</text>\n",
			       LW - 6, y + 13, m->v[i].group, LW, y, len, BH, LW + len + 6, y + 13,
			       m->v[i].value[0] ? m->v[i].value : "withheld");
		}
		html_f(h, "</svg>\n");
	}
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Measures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">%s</caption>"
	          "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
	          "class=\"govuk-table__header\">Group</th><th scope=\"col\" class=\"govuk-table__header "
	          "govuk-table__header--numeric\">Value</th></tr></thead><tbody class=\"govuk-table__body\">\n",
	       measure_label(m->v[a].measure));
	for (size_t i = a; i < b; i++)
		html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
		          "govuk-table__cell--numeric\">%s</td></tr>\n",
		       m->v[i].group, m->v[i].value[0] ? m->v[i].value : "withheld (fewer than k)");
	html_f(h, "</tbody></table></div>\n");
}

static int measures_page(struct req *rq, struct resp *rs)
{
	struct html h;
	struct err e = { 0 };
	struct mrows m = { 0 };
	char from[11], to[11];
	read_period(rq, from, to);
	if (ethics_measures(rq->store, rq->actor, from, to, collect, &m, &e)) {
		free(m.v);
		return page_fail(rq, rs, &e);
	}
	page_begin_back(&h, rq, rs, "Ethics panel: measures of impact", "/ethics");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Measures of impact</h1>\n"
	           "<p class=\"govuk-body\">Dilemmas asked from %D to %D. A count of dilemmas based on fewer than %ld, and "
	           "the figures worked from it, are withheld so that nobody can be picked out. The measures are defined in "
	           "the ethics guide.</p>\n"
	           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/ethics/measures.csv?from=%u&amp;to=%u\">Download "
	           "these figures (CSV)</a></p>\n",
	       from, to, disclosure_k(rq->store), from, to);
	form_period(&h, "/ethics/measures", from, to);
	for (size_t a = 0, idx = 0; a < m.n; idx++) {
		size_t b = a + 1;
		while (b < m.n && strcmp(m.v[b].measure, m.v[a].measure) == 0)
			b++;
		measure_block(&h, &m, a, b, (int)idx);
		a = b;
	}
	page_end(&h);
	free(m.v);
	return 0;
}

static int measures_csv(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	char from[11], to[11];
	read_period(rq, from, to);
	if (ethics_measures_csv(rq->store, rq->actor, from, to, &rs->body, &e))
		return page_fail(rq, rs, &e);
	rs->ctype = "text/csv; charset=utf-8";
	resp_header(rs, "Content-Disposition", "attachment; filename=\"ethics-measures.csv\"");
	return 0;
}

/* ---- the panel's register: CSV/XLSX and JSON (domain/register.h) ---- */

static void reg_filter(const struct req *rq, struct ethics_register_filter *f)
{
	f->status = req_query(rq, "status") ? req_query(rq, "status") : "";
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, 50);
}

static int reg_export(struct req *rq, struct resp *rs, int xlsx)
{
	struct ethics_register_filter f;
	reg_filter(rq, &f);
	return regpage_export(rq, rs, &ethics_register_def, &f, xlsx, "ethics-dilemmas");
}
static int reg_csv(struct req *rq, struct resp *rs) { return reg_export(rq, rs, 0); }
static int reg_xlsx(struct req *rq, struct resp *rs) { return reg_export(rq, rs, 1); }

static int reg_api_list(struct req *rq, struct resp *rs)
{
	struct ethics_register_filter f;
	reg_filter(rq, &f);
	return regpage_api_list(rq, rs, &ethics_register_def, ETHICS_REGISTER, &f, f.page, f.per_page);
}
static int reg_api_item(struct req *rq, struct resp *rs) { return regpage_api_item(rq, rs, &ethics_register_def); }

/* ---- the other lists as JSON (docs/API.md): the same domain calls as the
 * pages, so the same need-to-know and the same access-log rows; each
 * answers a bare array that api.c pages as the one envelope ---- */

struct api_rows {
	json_t *items;
	int trackable; /* the viewer may open the findings tracker */
	int panel;     /* the viewer is on the panel: meetings' attendance and quorum */
};

static int api_mine_row(void *ctx, const struct ethics_row *r)
{
	struct api_rows *x = ctx;
	json_array_append_new(x->items,
	                      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
	                                "reference", r->ref, "raised_on", r->raised_on, "mode", r->mode, "urgency",
	                                r->urgency, "principles", r->principles, "status", r->status, "meeting_on",
	                                r->meeting_on, "advised_on", r->advised_on, "feedback_due", r->feedback_due));
	return 0;
}

static int api_panel_row(void *ctx, const struct ethics_row *r)
{
	struct api_rows *x = ctx;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->id, "reference",
	                      r->ref, "raised_on", r->raised_on, "mode", r->mode, "urgency", r->urgency, "status",
	                      r->status, "meeting_on", r->meeting_on, "advised_on", r->advised_on, "conflicted",
	                      r->conflicted);
	/* as the queue shows it: a conflicted member sees the reference alone */
	json_object_set_new(o, "principles", r->conflicted ? json_null() : json_string(r->principles));
	json_array_append_new(x->items, o);
	return 0;
}

static int api_force_row(void *ctx, const struct ethics_row *r)
{
	struct api_rows *x = ctx;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "reference",
	                      r->ref, "advised_on", r->advised_on, "principles", r->principles, "advice_to_force",
	                      r->force_advice, "response", r->force_response, "reasons", r->force_reason, "change",
	                      r->force_change, "done_on", r->force_done_on);
	json_t *f = json_null();
	if (r->force_finding_id)
		f = json_pack("{s:o, s:s}", "id", x->trackable ? json_integer(r->force_finding_id) : json_null(),
		              "status", r->force_finding_status);
	json_object_set_new(o, "finding", f);
	json_array_append_new(x->items, o);
	return 0;
}

static int api_case_row(void *ctx, const struct ethics_case *c)
{
	struct api_rows *x = ctx;
	json_array_append_new(x->items, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)c->id, "title", c->title,
	                                          "principles", c->principles, "published_on", c->published_on));
	return 0;
}

static int api_meeting_row(void *ctx, const struct ethics_meeting *m)
{
	struct api_rows *x = ctx;
	json_t *o = json_pack("{s:I, s:s, s:i}", "id", (json_int_t)m->id, "held_on", m->held_on, "dilemmas", m->items);
	/* attendance and quorum for the panel only, as the page */
	json_object_set_new(o, "present", x->panel ? json_integer(m->present) : json_null());
	json_object_set_new(o, "quorum_met", x->panel ? json_boolean(m->quorum_met) : json_null());
	json_array_append_new(x->items, o);
	return 0;
}

static int api_member_row(void *ctx, const struct ethics_member *m)
{
	struct api_rows *x = ctx;
	json_array_append_new(x->items,
	                      json_pack("{s:I, s:s, s:b, s:b, s:s, s:s, s:s, s:b, s:i, s:i}", "id", (json_int_t)m->id,
	                                "name", m->name, "chair", m->chair, "independent", m->independent, "term_start",
	                                m->term_start, "term_end", m->term_end, "tenure_ends", m->tenure_ends,
	                                "tenure_warning", m->tenure_warning, "attended_12_months", m->attended,
	                                "meetings_12_months", m->meetings));
	return 0;
}

static int api_answer(struct req *rq, struct resp *rs, int rc, struct api_rows *x, const struct err *e)
{
	if (rc) {
		json_decref(x->items);
		return api_fail(rq, rs, e);
	}
	resp_json(rs, 200, x->items);
	return 0;
}

static int api_mine(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct api_rows x = { json_array(), 0, 0 };
	return api_answer(rq, rs, ethics_mine(rq->store, rq->actor, api_mine_row, &x, &e), &x, &e);
}

static int api_panel(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct api_rows x = { json_array(), 0, 0 };
	const char *status = req_query(rq, "status");
	return api_answer(rq, rs, ethics_panel_list(rq->store, rq->actor, status, api_panel_row, &x, &e), &x, &e);
}

static int api_force(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct api_rows x = { json_array(), ethics_force_trackable(rq->actor), 0 };
	return api_answer(rq, rs, ethics_force_list(rq->store, rq->actor, api_force_row, &x, &e), &x, &e);
}

static int api_meetings(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct api_rows x = { json_array(), 0, actor_has(rq->actor, ROLE_ETHICS_PANEL) };
	return api_answer(rq, rs, ethics_meetings(rq->store, rq->actor, api_meeting_row, &x, &e), &x, &e);
}

static int api_members(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct api_rows x = { json_array(), 0, 0 };
	return api_answer(rq, rs, ethics_members(rq->store, rq->actor, api_member_row, &x, &e), &x, &e);
}

static int api_cases(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct api_rows x = { json_array(), 0, 0 };
	return api_answer(rq, rs, ethics_cases(rq->store, rq->actor, api_case_row, &x, &e), &x, &e);
}

const struct route ethics_routes[] = {
	{ "GET", "/ethics", hub, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/ask", ask_get, ACCESS_PAGE, 0, 0 },
	{ "POST", "/ethics/ask", ask_post, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/mine", mine_list, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/mine/{id}", mine_show, ACCESS_PAGE, 0, 0 },
	{ "POST", "/ethics/mine/{id}/reply", mine_reply, ACCESS_PAGE, 0, 0 },
	{ "POST", "/ethics/mine/{id}/acu-consent", mine_consent, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/anonymous", anon_get, ACCESS_ANONYMOUS, 0, 0 },
	{ "POST", "/ethics/anonymous", anon_post, ACCESS_ANONYMOUS, 0, ANSWER_BODY_MAX },
	{ "GET", "/ethics/anonymous/reply", reply_get, ACCESS_ANONYMOUS, 0, 0 },
	{ "POST", "/ethics/anonymous/reply", reply_post, ACCESS_ANONYMOUS, 0, ANSWER_BODY_MAX },
	{ "POST", "/ethics/anonymous/reply/send", reply_send, ACCESS_ANONYMOUS, 0, ANSWER_BODY_MAX },
	{ "GET", "/ethics/panel", panel_list, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "GET", "/ethics/panel.csv", reg_csv, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/panel.xlsx", reg_xlsx, ACCESS_PAGE, 0, 0 },
	{ "GET", "/api/ethics/dilemmas", reg_api_list, ACCESS_API, 0, 0 },
	{ "GET", "/api/ethics/dilemmas/{id}", reg_api_item, ACCESS_API, 0, 0 },
	{ "GET", "/ethics/panel/{id}", panel_show, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/panel/{id}/triage", panel_triage, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/panel/{id}/advice", panel_advice, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/panel/{id}/ask", panel_ask, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/panel/{id}/publish", panel_publish, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/panel/{id}/conflict", panel_conflict, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/panel/{id}/acu", panel_acu, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "GET", "/ethics/force", force_list, ACCESS_PAGE, ROLE_GOVERNANCE | ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/force/{id}", force_respond, ACCESS_PAGE, ROLE_GOVERNANCE, 0 },
	{ "GET", "/ethics/meetings", meetings_get, ACCESS_PAGE, 0, 0 },
	{ "POST", "/ethics/meetings", meetings_post, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "GET", "/ethics/meetings/{id}", meeting_show, ACCESS_PAGE, 0, 0 },
	{ "POST", "/ethics/meetings/{id}/attendance", meeting_attendance, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/meetings/{id}/minutes", meeting_minutes, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/meetings/{id}/actions", meeting_action, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/actions/{id}/done", action_done, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "GET", "/ethics/members", members_get, ACCESS_PAGE, ROLE_ETHICS_PANEL | ROLE_ADMIN, 0 },
	{ "POST", "/ethics/members", members_post, ACCESS_PAGE, ROLE_ETHICS_PANEL | ROLE_ADMIN, 0 },
	{ "GET", "/ethics/cases", cases_list, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/cases/{id}", case_show, ACCESS_PAGE, 0, 0 },
	{ "POST", "/ethics/cases/{id}/public", case_public, ACCESS_PAGE, ROLE_ETHICS_PANEL, 0 },
	{ "POST", "/ethics/cases/{id}/helped", case_helped, ACCESS_PAGE, 0, 0 },
	{ "GET", "/ethics/measures", measures_page, ACCESS_PAGE, ROLE_ETHICS_PANEL | ROLE_SCRUTINY | ROLE_ADMIN, 0 },
	{ "GET", "/ethics/measures.csv", measures_csv, ACCESS_PAGE, ROLE_ETHICS_PANEL | ROLE_SCRUTINY | ROLE_ADMIN, 0 },
	{ "GET", "/api/ethics/mine", api_mine, ACCESS_API, 0, 0 },
	{ "GET", "/api/ethics/panel", api_panel, ACCESS_API, ROLE_ETHICS_PANEL, 0 },
	{ "GET", "/api/ethics/force", api_force, ACCESS_API, ROLE_GOVERNANCE | ROLE_ETHICS_PANEL, 0 },
	{ "GET", "/api/ethics/cases", api_cases, ACCESS_API, 0, 0 },
	{ "GET", "/api/ethics/meetings", api_meetings, ACCESS_API, 0, 0 },
	{ "GET", "/api/ethics/members", api_members, ACCESS_API, ROLE_ETHICS_PANEL | ROLE_ADMIN, 0 },
};
ROUTES_END(ethics);
