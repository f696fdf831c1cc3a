/* report_pages.c — the anonymous reporting line's pages: /report (send a
 * report, be shown a receipt once) and /report/reply (come back with the
 * receipt, read the questions, answer). No sign-in, no session, no cookie,
 * no request-log line (ACCESS_ANONYMOUS); the forms carry anon.h's form
 * token instead of the session's CSRF token. What is stored is in
 * domain/intel_reports.h. */
#include "core/xalloc.h"
#include "domain/anon.h"
#include "domain/config.h"
#include "domain/intel.h"
#include "domain/intel_reports.h"
#include "web/anon_page.h"
#include "web/layout.h"
#include "web/pages.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An answer: up to ANON_TEXT_MAX characters of UTF-8, percent-encoded, and the receipt and token. */
#define REPLY_BODY_MAX ((size_t)128 << 10)

void anon_page_token(struct html *h)
{
	char tok[ANON_TOKEN_SIZE];
	anon_form_token(tok);
	form_hidden(h, "ftok", tok);
}

/* The form token, then the rate limit (slot keyed by the address under a
 * daily secret, never stored). 0 when the request may go on; else rs is
 * filled. */
int anon_page_gate(struct req *rq, struct resp *rs, const char *what, int per_hour)
{
	if (!anon_form_token_ok(req_form(rq, "ftok"))) {
		page_error(rq, rs, 403);
		return -1;
	}
	char key[96];
	snprintf(key, sizeof key, "%s:%s", what, rq->client_ip);
	if (!anon_rate_allow(key, per_hour)) {
		struct html h;
		page_begin(&h, rq, rs, "Too many reports");
		rs->status = 429;
		html_f(&h, "<h1 class=\"govuk-heading-l\">Too many attempts from this connection</h1>\n"
		           "<p class=\"govuk-body\">Try again in an hour. Nothing you sent has been kept.</p>\n");
		page_end(&h);
		memset(key, 0, sizeof key);
		return -1;
	}
	memset(key, 0, sizeof key);
	return 0;
}

void anon_page_limits(struct html *h)
{
	html_f(h, "<h2 class=\"govuk-heading-m\">What this line keeps, and what it cannot protect</h2>\n"
	          "<ul class=\"govuk-list govuk-list--bullet\">\n"
	          "<li>We do not keep your name, your computer's address, your browser's details or the time you "
	          "wrote: only the day. No cookie is set and this page is not logged.</li>\n"
	          "<li>Pictures are stripped of their hidden details (camera, place, time) before they are kept. "
	          "Only JPEG and PNG pictures can be attached.</li>\n"
	          "<li>We cannot protect your own device (its browser history, a work computer that records what you "
	          "do), a network that records which sites you visit, or what your words themselves reveal about "
	          "you. Use a personal device on a private network if you can.</li>\n"
	          "<li>We will never e-mail or contact you: you come back here with your receipt.</li>\n</ul>\n");
}

struct cat_opts {
	struct option o[INTEL_NCAT + 1];
	char keys[INTEL_NCAT][24], names[INTEL_NCAT][96];
	size_t n;
};
static int add_cat(void *ctx, const char *key, const char *name)
{
	struct cat_opts *c = ctx;
	if (c->n < INTEL_NCAT + 1 && c->n >= 1) {
		snprintf(c->keys[c->n - 1], sizeof c->keys[0], "%s", key);
		snprintf(c->names[c->n - 1], sizeof c->names[0], "%s", name);
		c->o[c->n].value = c->keys[c->n - 1];
		c->o[c->n].label = c->names[c->n - 1];
		c->n++;
	}
	return 0;
}

static void report_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	struct err e = { 0 };
	struct cat_opts *c = xcalloc(1, sizeof *c);
	c->o[0].value = "";
	c->o[0].label = "I am not sure";
	c->n = 1;
	intel_categories(rq->store, add_cat, c, &e);
	page_begin_errs(&h, rq, rs, errs, NULL, "Report wrongdoing anonymously");
	if (errs->n)
		rs->status = 400;
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Report wrongdoing anonymously</h1>\n"
	           "<p class=\"govuk-body\">Tell the counter-corruption unit about corruption, abuse of position or "
	           "other wrongdoing by anyone working for the force. You do not need to sign in or give your name.</p>\n"
	           "<p class=\"govuk-body\">After you send it you will be shown a <strong>receipt</strong>: write it "
	           "down. With it you can come back to <a class=\"govuk-link\" href=\"/report/reply\">read our "
	           "questions and answer them</a>. Nobody can find your report without it, and we cannot show it again.</p>\n");
	anon_page_limits(&h);
	form_begin(&h, rq, "/report/check");
	anon_page_token(&h);
	html_f(&h, "<div class=\"govuk-character-count\" data-module=\"govuk-character-count\" data-maxlength=\"%d\">\n",
	       ANON_TEXT_MAX);
	form_textarea(&h, &(struct field){ .name = "text", .label = "What do you want to report?",
	                                   .hint = "Who, what, when and where, as far as you know. Leave out anything "
	                                           "that would identify you unless you want to.",
	                                   .value = req_form(rq, "text"), .rows = 10, .errs = errs });
	html_f(&h, "<div id=\"text-info\" class=\"govuk-hint govuk-character-count__message\">You can enter up to %d "
	           "characters</div></div>\n",
	       ANON_TEXT_MAX);
	form_select(&h, &(struct field){ .name = "category", .label = "What kind of wrongdoing is it? (optional)",
	                                 .value = req_form(rq, "category"), .options = c->o, .noptions = c->n,
	                                 .errs = errs });
	html_f(&h, "<p class=\"govuk-body\">You can attach a picture on the next page, where you check your "
	           "report before you send it.</p>\n");
	form_button(&h, "Continue", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
	free(c);
}

/* Check your answers before the report is sent (POST /report/check):
 * nothing is kept and nothing logged; the answers go on in the page's hidden
 * fields only, and the picture is chosen here (a file cannot be carried
 * between the steps without keeping it). errs: the send's picture errors. */
static void check_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct err e = { 0 };
	struct cat_opts *c = xcalloc(1, sizeof *c);
	c->n = 1;
	intel_categories(rq->store, add_cat, c, &e);
	const char *cat = req_form(rq, "category"), *label = "I am not sure";
	for (size_t i = 1; cat && *cat && i < c->n; i++)
		if (!strcmp(c->o[i].value, cat))
			label = c->o[i].label;
	const struct cya_row rows[] = {
		{ "What you want to report", req_form(rq, "text"), "text" },
		{ "What kind of wrongdoing it is", label, "category" },
	};
	static const char *const fields[] = { "ftok", "text", "category" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your report before sending it", .caption = "Report wrongdoing anonymously",
		.rows = rows, .nrows = sizeof rows / sizeof rows[0], .fields = fields,
		.nfields = sizeof fields / sizeof fields[0], .change_action = "/report/change", .send_action = "/report",
		.statement = "Nothing has been kept yet. When you send it you will be shown a receipt: write it down.",
		.button = "Send report",
		.upload = &(struct field){ .name = "file", .label = "Attach a picture (optional)",
		                           .hint = "JPEG or PNG, smaller than 4 MB. Hidden details are removed.",
		                           .errs = errs } });
	free(c);
}

static int report_check(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!anon_form_token_ok(req_form(rq, "ftok"))) {
		page_error(rq, rs, 403);
		return 0;
	}
	if (anon_report_check(rq->store, req_form(rq, "text"), req_form(rq, "category"), &errs, &e)) {
		if (errs.n) {
			report_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	check_page(rq, rs, &errs);
	return 0;
}

/* Change on the check page: the form again, filled with the answers. */
static int report_change(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	report_form(rq, rs, &errs);
	return 0;
}

static int report_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	report_form(rq, rs, &errs);
	return 0;
}

static int report_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	struct anon_file files[HTTP_FILES_MAX];
	size_t nf = 0;
	char receipt[ANON_RECEIPT_SIZE];
	if (anon_page_gate(rq, rs, "report", (int)config_int(rq->store, "anon.reports_per_hour", 10)))
		return 0;
	for (size_t i = 0; i < rq->nfiles; i++)
		if (strcmp(rq->files[i].name, "file") == 0 && rq->files[i].len) {
			files[nf].data = rq->files[i].data;
			files[nf].len = rq->files[i].len;
			nf++;
		}
	if (anon_report_submit(rq->store, req_form(rq, "text"), req_form(rq, "category"), files, nf, receipt, &errs,
	                       &e)) {
		if (errs.n && errlist_get(&errs, "file") && errs.n == 1) {
			check_page(rq, rs, &errs);   /* only the picture is wrong: choose another */
			return 0;
		}
		if (errs.n) {
			report_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, "Report sent");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
	           "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Report sent</h1>\n"
	           "<div class=\"govuk-panel__body\">Your receipt<br><strong class=\"probity-receipt\">%s</strong></div></div>\n"
	           "<p class=\"govuk-body\"><strong>Write this receipt down now.</strong> It is shown only once: we keep "
	           "it in a form nobody can read back, so we cannot show it again or find your report without it.</p>\n"
	           "<p class=\"govuk-body\">Come back in a few days to <a class=\"govuk-link\" href=\"/report/reply\">read "
	           "our questions and answer them</a>.</p>\n</div></div>\n",
	       receipt);
	page_end(&h);
	memset(receipt, 0, sizeof receipt);
	return 0;
}

void anon_page_receipt_form(struct req *rq, struct resp *rs, const struct errlist *errs, const struct anon_return *r)
{
	struct html h;
	page_begin_errs(&h, rq, rs, errs, NULL, "%s", r->title);
	if (errs->n)
		rs->status = 400;
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>\n", r->title);
	form_begin(&h, rq, r->action);
	anon_page_token(&h);
	form_input(&h, &(struct field){ .name = "receipt", .label = "Your receipt", .hint = r->hint,
	                                .autocomplete = "off", .inputmode = "numeric", .errs = errs });
	form_button(&h, "Continue", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
}

int anon_page_return(struct req *rq, struct resp *rs, const struct anon_return *r, int send)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id;
	if (anon_page_gate(rq, rs, r->bucket, 30))
		return 0;
	const char *receipt = req_form(rq, "receipt");
	if (r->open(rq->store, receipt, &id, &e)) {
		if (e.code != ERR_NOTFOUND)
			return page_fail(rq, rs, &e);
		errlist_add(&errs, "receipt", "%s", e.msg);
		anon_page_receipt_form(rq, rs, &errs, r);
		return 0;
	}
	if (send && r->reply(rq->store, id, req_form(rq, "text"), &errs, &e) && !errs.n)
		return page_fail(rq, rs, &e);
	return r->thread(rq, rs, id, receipt, &errs, send && !errs.n);
}

static int show_msg(void *ctx, const struct anon_msg *m)
{
	struct html *h = ctx;
	html_f(h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>%s</strong>, "
	          "%s%s</p><p class=\"govuk-body\">%s</p></div>\n",
	       strcmp(m->author, "acu") == 0 ? "The counter-corruption unit" : "You", m->day,
	       m->attachments ? " (with a picture)" : "", m->body);
	return 0;
}

struct thread_state { int acu; };
static int note_acu(void *ctx, const struct anon_msg *m)
{
	struct thread_state *t = ctx;
	if (strcmp(m->author, "acu") == 0)
		t->acu = 1;
	return 0;
}

/* The thread and the answer form, for the holder of receipt. */
static int thread_page(struct req *rq, struct resp *rs, int64_t id, const char *receipt, const struct errlist *errs,
                       int sent)
{
	struct html h;
	struct err e = { 0 };
	struct thread_state t = { 0 };
	if (anon_report_thread(rq->store, id, note_acu, &t, &e))
		return page_fail(rq, rs, &e);
	page_begin_errs(&h, rq, rs, errs, NULL, "Your report");
	if (errs->n)
		rs->status = 400;
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	if (sent)
		banner_success(&h, "Your answer has been sent", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Your report</h1>\n<p class=\"govuk-body\">%s</p>\n",
	       t.acu ? "Your report was received and the counter-corruption unit has answered."
	             : "Your report was received. There is no answer yet: come back in a few days.");
	if (anon_report_thread(rq->store, id, show_msg, &h, &e))
		return page_fail(rq, rs, &e);
	form_begin(&h, rq, "/report/reply/send");
	anon_page_token(&h);
	form_hidden(&h, "receipt", receipt);
	form_textarea(&h, &(struct field){ .name = "text", .maxlength = ANON_TEXT_MAX, .label = "Your answer", .rows = 6, .errs = errs });
	form_button(&h, "Send answer", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
	return 0;
}

static const struct anon_return report_return = {
	.bucket = "open",
	.title = "Read replies to your report",
	.action = "/report/reply",
	.hint = "The 28 digits you were shown when you sent your report",
	.open = anon_report_open,
	.reply = anon_report_reply,
	.thread = thread_page,
};

static int reply_get(struct req *rq, struct resp *rs)
{
	anon_page_receipt_form(rq, rs, &(struct errlist){ 0 }, &report_return);
	return 0;
}
static int reply_post(struct req *rq, struct resp *rs) { return anon_page_return(rq, rs, &report_return, 0); }
static int reply_send(struct req *rq, struct resp *rs) { return anon_page_return(rq, rs, &report_return, 1); }

const struct route report_routes[] = {
	{ "GET", "/report", report_get, ACCESS_ANONYMOUS, 0, 0 },
	{ "POST", "/report", report_post, ACCESS_ANONYMOUS, 0, HTTP_UPLOAD_MAX },
	{ "POST", "/report/check", report_check, ACCESS_ANONYMOUS, 0, REPLY_BODY_MAX },
	{ "POST", "/report/change", report_change, ACCESS_ANONYMOUS, 0, REPLY_BODY_MAX },
	{ "GET", "/report/reply", reply_get, ACCESS_ANONYMOUS, 0, 0 },
	{ "POST", "/report/reply", reply_post, ACCESS_ANONYMOUS, 0, REPLY_BODY_MAX },
	{ "POST", "/report/reply/send", reply_send, ACCESS_ANONYMOUS, 0, REPLY_BODY_MAX },
};
ROUTES_END(report);
