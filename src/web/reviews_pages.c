/* reviews_pages.c — the independent scrutiny panel's reviews on the web
 * (M11): the list, the review form, a review with its question-and-answer
 * thread, follow-up actions, linked findings and publication. Every rule
 * lives in src/domain/reviews.c; these handlers translate. */
#include "core/xalloc.h"
#include "domain/inspections.h"
#include "domain/reviews.h"
#include "web/inspections_pages.h"
#include "web/layout.h"
#include "web/publish.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- panel reviews ---- */

static int review_row(void *ctx, const struct review *r)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/reviews/%I\">%s</a>", r->id, r->topic);
	table_cell(h, 1, "%ld of %ld", r->answered, r->questions);
	table_cell(h, 1, "%ld", r->actions_open);
	table_cell(h, 0, "%D", r->further_review[0] ? r->further_review : "Not set");
	table_cell(h, 0, "%s", r->published ? "Published" : "Draft");
	table_row_end(h);
	return 0;
}

static int reviews_index(struct req *rq, struct resp *rs)
{
	static const struct column cols[] = {
		{ "Topic", NULL, 0 }, { "Questions answered", NULL, 1 }, { "Open actions", NULL, 1 },
		{ "Further review", NULL, 0 }, { "Status", NULL, 0 },
	};
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr, h;
	html_init(&hr, &rows);
	struct err e = { 0 };
	const char *due = req_query(rq, "due");
	if (reviews_list(rq->store, rq->actor, due && *due, review_row, &hr, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	page_begin(&h, rq, rs, "Independent panel reviews");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Independent panel reviews</h1>");
	if (actor_has(rq->actor, REVIEW_EDIT))
		button_link(&h, "Start a review", "/reviews/new", "secondary");
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reviews?due=1\">Due for follow-up</a> · "
	           "<a class=\"govuk-link\" href=\"/reviews\">All reviews</a></p>");
	if (rows.n) {
		table_begin(&h, rq, "Reviews", cols, 5);
		html_f(&h, "%R", buf_str(&rows));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No reviews.</p>");
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static void review_form(struct req *rq, struct resp *rs, const struct review *r, const struct errlist *errs)
{
	struct html h;
	char action[64], back[64];
	if (r) {
		snprintf(action, sizeof action, "/reviews/%lld", (long long)r->id);
		snprintf(back, sizeof back, "/reviews/%lld", (long long)r->id);
	} else {
		snprintf(action, sizeof action, "/reviews");
		snprintf(back, sizeof back, "/reviews");
	}
	const char *t = r ? "Edit the review" : "Start a review";
	page_begin_errs(&h, rq, rs, errs, back, "%s", t);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", t);
	form_begin(&h, rq, action);
#define V(name, cur) (req_form(rq, name) ? req_form(rq, name) : r ? (cur) : NULL)
	form_input(&h, &(struct field){ .name = "topic", .label = "Topic", .hint = "The question the review asks",
	                                .value = V("topic", r->topic), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "scope", .maxlength = 4000, .label = "What was looked at and why it matters",
	                                   .value = V("scope", r->scope), .rows = 4, .errs = errs });
	form_textarea(&h, &(struct field){ .name = "method", .maxlength = 4000, .label = "How the review was done",
	                                   .hint = "Meetings, presentations, documents, who attended and when",
	                                   .value = V("method", r->method), .rows = 4, .errs = errs });
	form_textarea(&h, &(struct field){ .name = "found", .maxlength = 4000, .label = "What was found", .value = V("found", r->found),
	                                   .rows = 5, .errs = errs });
	form_date(&h, &(struct field){ .name = "further_review", .label = "Date for further review (optional)",
	                               .value = V("further_review", r->further_review), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "members", .maxlength = 1000, .label = "Panel members who worked on it",
	                                   .hint = "One name per line", .value = V("members", r->members), .rows = 3,
	                                   .errs = errs });
#undef V
	form_button(&h, "Save review", NULL);
	form_end(&h);
	page_end(&h);
}

static int reviews_new(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	review_form(rq, rs, NULL, &errs);
	return 0;
}

static int reviews_save(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id"), out = 0;
	struct review_input in = { req_form(rq, "topic"), req_form(rq, "scope"), req_form(rq, "method"),
		                   req_form(rq, "found"), req_form(rq, "further_review"), req_form(rq, "members") };
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (review_save(rq->store, rq->actor, id, &in, &out, &errs, &e)) {
		if (e.code != ERR_INPUT)
			return page_fail(rq, rs, &e);
		struct review *r = NULL;
		if (id) {
			r = xmalloc(sizeof *r);
			if (review_get(rq->store, rq->actor, id, r, &e)) {
				free(r);
				return page_fail(rq, rs, &e);
			}
		}
		review_form(rq, rs, r, &errs);
		free(r);
		return 0;
	}
	regpage_redirect_id(rs, "/reviews/", out, "?done=saved");
	return 0;
}

static int reviews_edit(struct req *rq, struct resp *rs)
{
	struct review *r = xmalloc(sizeof *r);
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (!actor_has(rq->actor, REVIEW_EDIT)) {
		free(r);
		page_error(rq, rs, 403);
		return 0;
	}
	if (review_get(rq->store, rq->actor, req_id(rq, "id"), r, &e)) {
		free(r);
		return page_fail(rq, rs, &e);
	}
	review_form(rq, rs, r, &errs);
	free(r);
	return 0;
}

struct thread_ctx {
	struct html *h;
	const struct req *rq;
	int64_t review_id;
	int64_t err_question;
	const struct errlist *errs;
};

static int thread_row(void *ctx, const struct review_question *q)
{
	struct thread_ctx *t = ctx;
	struct html *h = t->h;
	char asked[11];
	regpage_day(q->asked_at, asked);
	html_f(h, "<div class=\"govuk-!-margin-bottom-6\" id=\"q%I\"><h3 class=\"govuk-heading-s\">Question %d "
	          "<span class=\"govuk-body-s\">(asked %D)</span></h3>",
	       q->id, q->number, asked);
	html_paragraphs(h, q->question);
	if (q->response[0]) {
		html_f(h, "<div class=\"govuk-inset-text\"><h4 class=\"govuk-heading-s\">The force's response, %D</h4>",
		       q->response_date);
		html_paragraphs(h, q->response);
		html_f(h, "</div>");
	} else if (actor_has(t->rq->actor, REVIEW_ANSWER)) {
		const struct errlist *errs = t->err_question == q->id ? t->errs : NULL;
		char action[96], name[32];
		snprintf(action, sizeof action, "/reviews/%lld/questions/%lld/answer", (long long)t->review_id,
		         (long long)q->id);
		snprintf(name, sizeof name, "response");
		form_begin(h, t->rq, action);
		form_textarea(h, &(struct field){ .name = name, .maxlength = 4000, .label = "The force's response",
		                                  .value = errs ? req_form(t->rq, "response") : NULL, .rows = 4,
		                                  .errs = errs });
		form_date(h, &(struct field){ .name = "response_date", .label = "Date of the response",
		                              .hint = "Leave blank for today",
		                              .value = errs ? req_form(t->rq, "response_date") : NULL, .errs = errs });
		form_button(h, "Answer", "secondary");
		form_end(h);
	} else {
		html_f(h, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--yellow\">Awaiting the force's "
		          "response</strong></p>");
	}
	html_f(h, "</div>");
	return 0;
}

struct actions_ctx {
	struct html *h;
	const struct req *rq;
	int64_t review_id;
};

static int action_row(void *ctx, const struct review_action *a)
{
	struct actions_ctx *c = ctx;
	table_row_begin(c->h);
	table_cell(c->h, 0, "%s", a->action);
	table_cell(c->h, 0, "%s", a->owner);
	table_cell(c->h, 0, "%D", a->due[0] ? a->due : "Not set");
	html_f(c->h, "<td class=\"govuk-table__cell\">");
	if (a->done) {
		html_f(c->h, "Done");
	} else if (actor_has(c->rq->actor, REVIEW_EDIT)) {
		char action[96];
		snprintf(action, sizeof action, "/reviews/%lld/actions/%lld/done", (long long)c->review_id,
		         (long long)a->id);
		form_begin(c->h, c->rq, action);
		form_button(c->h, "Mark done", "secondary");
		form_end(c->h);
	} else {
		html_f(c->h, "Open");
	}
	html_f(c->h, "</td>");
	table_row_end(c->h);
	return 0;
}

static int linked_row(void *ctx, int64_t id, const char *reference, const char *inspection, const char *status)
{
	struct html *h = ctx;
	html_f(h, "<li><a class=\"govuk-link\" href=\"/findings/%I\">%s</a>, %s (%s)</li>", id, reference, inspection,
	       finding_status_label(status));
	return 0;
}

enum review_form { RF_NONE, RF_QUESTION, RF_ANSWER, RF_ACTION, RF_FINDING };

static int review_page(struct req *rq, struct resp *rs, int64_t id, enum review_form which, int64_t qid,
                       const struct errlist *errs)
{
	struct review *r = xmalloc(sizeof *r);
	struct err e = { 0 };
	struct buf thread, acts, links;
	buf_init(&thread, 0);
	buf_init(&acts, 0);
	buf_init(&links, 0);
	struct html ht, ha, hl, h;
	html_init(&ht, &thread);
	html_init(&ha, &acts);
	html_init(&hl, &links);
	int rc = 0;
	struct thread_ctx tc = { &ht, rq, id, which == RF_ANSWER ? qid : 0, errs };
	struct actions_ctx ac = { &ha, rq, id };
	if (review_get(rq->store, rq->actor, id, r, &e) || review_questions(rq->store, rq->actor, id, thread_row, &tc, &e) ||
	    review_actions(rq->store, rq->actor, id, action_row, &ac, &e) ||
	    review_findings(rq->store, rq->actor, id, linked_row, &hl, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	page_begin_errs(&h, rq, rs, errs, "/reviews", "%s", r->topic);
	const char *done = req_query(rq, "done");
	if (done && *done)
		banner_success(&h, !strcmp(done, "published") ? "Review published" : "Review updated", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">Independent panel review%s</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       r->published ? "" : " (draft)", r->topic);
	int edit = actor_has(rq->actor, REVIEW_EDIT);
	if (edit) {
		char href[64];
		snprintf(href, sizeof href, "/reviews/%lld/edit", (long long)id);
		button_link(&h, "Edit the review", href, "secondary");
	}
	summary_begin(&h);
	summary_row(&h, "Further review", "%D", r->further_review[0] ? r->further_review : "Not set");
	if (r->further_done_on[0])
		summary_row(&h, "Further review held", "%D", r->further_done_on);
	summary_row(&h, "Panel members", "%s", r->members[0] ? r->members : "Not recorded");
	summary_row(&h, "Status", "%s%D", r->published ? "Published on " : "Draft", r->published_at);
	if (r->version)
		summary_row(&h, "Version", "%d%s", r->version, r->changed ? " (changes not yet published)" : "");
	summary_end(&h);
	if (edit && r->further_review[0] && !r->further_done_on[0]) {
		char act[64];
		snprintf(act, sizeof act, "/reviews/%lld/further-done", (long long)id);
		form_begin(&h, rq, act);
		form_button(&h, "Mark the further review held", "secondary");
		form_end(&h);
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">What was looked at and why it matters</h2>");
	html_paragraphs(&h, r->scope[0] ? r->scope : "Not recorded.");
	html_f(&h, "<h2 class=\"govuk-heading-m\">How the review was done</h2>");
	html_paragraphs(&h, r->method[0] ? r->method : "Not recorded.");
	html_f(&h, "<h2 class=\"govuk-heading-m\">What was found</h2>");
	html_paragraphs(&h, r->found[0] ? r->found : "Not recorded.");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Findings examined</h2>");
	if (links.n)
		html_f(&h, "<ul class=\"govuk-list\">%R</ul>", buf_str(&links));
	else
		html_f(&h, "<p class=\"govuk-body\">None linked.</p>");
	char action[64];
	if (edit) {
		const struct errlist *le = which == RF_FINDING ? errs : NULL;
		snprintf(action, sizeof action, "/reviews/%lld/findings", (long long)id);
		form_begin(&h, rq, action);
		form_input(&h, &(struct field){ .name = "finding", .label = "Link a finding by its number",
		                                .hint = "The number at the end of the finding's address, /findings/NUMBER",
		                                .value = le ? req_form(rq, "finding") : NULL, .width = "govuk-input--width-5",
		                                .inputmode = "numeric", .errs = le });
		form_button(&h, "Link finding", "secondary");
		form_end(&h);
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Questions and the force's responses</h2>");
	if (thread.n)
		html_f(&h, "%R", buf_str(&thread));
	else
		html_f(&h, "<p class=\"govuk-body\">No questions yet.</p>");
	if (edit) {
		const struct errlist *qe = which == RF_QUESTION ? errs : NULL;
		snprintf(action, sizeof action, "/reviews/%lld/questions", (long long)id);
		form_begin(&h, rq, action);
		form_textarea(&h, &(struct field){ .name = "question", .maxlength = 2000, .label = "Ask the force a question",
		                                   .value = qe ? req_form(rq, "question") : NULL, .rows = 3, .errs = qe });
		form_button(&h, "Ask", "secondary");
		form_end(&h);
	}
	static const struct column acols[] = {
		{ "Action", NULL, 0 }, { "Owner", NULL, 0 }, { "Due", NULL, 0 }, { "Status", NULL, 0 },
	};
	html_f(&h, "<h2 class=\"govuk-heading-m\">Follow-up actions</h2>");
	if (acts.n) {
		table_begin(&h, rq, "Follow-up actions", acols, 4);
		html_f(&h, "%R", buf_str(&acts));
		table_end(&h);
	} else {
		html_f(&h, "<p class=\"govuk-body\">No follow-up actions.</p>");
	}
	if (edit) {
		const struct errlist *ae = which == RF_ACTION ? errs : NULL;
		snprintf(action, sizeof action, "/reviews/%lld/actions", (long long)id);
		form_begin(&h, rq, action);
		form_input(&h, &(struct field){ .name = "action", .label = "Add a follow-up action",
		                                .value = ae ? req_form(rq, "action") : NULL, .errs = ae });
		form_input(&h, &(struct field){ .name = "owner", .label = "Owner",
		                                .hint = "An office, for example Head of Professional Standards",
		                                .value = ae ? req_form(rq, "owner") : NULL, .errs = ae });
		form_date(&h, &(struct field){ .name = "due", .label = "Due (optional)", .value = ae ? req_form(rq, "due") : NULL,
		                               .errs = ae });
		form_button(&h, "Add action", "secondary");
		form_end(&h);
		if (!r->published || r->changed) {
			snprintf(action, sizeof action, "/reviews/%lld/publish", (long long)id);
			html_f(&h, "<h2 class=\"govuk-heading-m\">Publish</h2><p class=\"govuk-body\">Publishing freezes the "
			           "review, its questions, the force's responses and the actions as version %d on the public "
			           "site; later changes are published as a new version.</p>", r->version + 1);
			button_link(&h, r->version ? "Publish the changes" : "Publish the review", action, NULL);
		}
	}
	{
		struct buf vb;
		buf_init(&vb, 0);
		struct html hv;
		html_init(&hv, &vb);
		if (review_versions(rq->store, rq->actor, id, version_row, &hv, &e)) {
			buf_release(&vb);
			rc = page_fail(rq, rs, &e);
			goto out;
		}
		if (vb.n) {
			static const struct column vcols[] = { { "Version", NULL, 1 }, { "Published", NULL, 0 },
				                               { "By", NULL, 0 }, { "What changed", NULL, 0 } };
			table_begin(&h, rq, "Published versions", vcols, 4);
			html_f(&h, "%R", buf_str(&vb));
			table_end(&h);
		}
		buf_release(&vb);
	}
	page_end(&h);
out:
	free(r);
	buf_release(&thread);
	buf_release(&acts);
	buf_release(&links);
	return rc;
}

static int reviews_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return review_page(rq, rs, req_id(rq, "id"), RF_NONE, 0, &errs);
}

static int review_done(struct resp *rs, int64_t id, const char *what)
{
	char loc[96];
	snprintf(loc, sizeof loc, "/reviews/%lld?done=%s", (long long)id, what);
	resp_redirect(rs, loc);
	return 0;
}

static int reviews_ask(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (review_ask(rq->store, rq->actor, id, req_form(rq, "question"), &errs, &e))
		return e.code == ERR_INPUT ? review_page(rq, rs, id, RF_QUESTION, 0, &errs) : page_fail(rq, rs, &e);
	return review_done(rs, id, "asked");
}

static int reviews_answer(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id"), qid = req_id(rq, "qid");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (review_answer(rq->store, rq->actor, id, qid, req_form(rq, "response"), req_form(rq, "response_date"), &errs,
	                  &e))
		return e.code == ERR_INPUT ? review_page(rq, rs, id, RF_ANSWER, qid, &errs) : page_fail(rq, rs, &e);
	return review_done(rs, id, "answered");
}

static int reviews_add_action(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (review_add_action(rq->store, rq->actor, id, req_form(rq, "action"), req_form(rq, "owner"), req_form(rq, "due"),
	                      &errs, &e))
		return e.code == ERR_INPUT ? review_page(rq, rs, id, RF_ACTION, 0, &errs) : page_fail(rq, rs, &e);
	return review_done(rs, id, "action");
}

static int reviews_action_done(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	if (review_action_done(rq->store, rq->actor, id, req_id(rq, "aid"), &e))
		return page_fail(rq, rs, &e);
	return review_done(rs, id, "action");
}

static int reviews_further_done(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	if (review_further_done(rq->store, rq->actor, id, &e))
		return page_fail(rq, rs, &e);
	return review_done(rs, id, "further");
}

static int reviews_link(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *v = req_form(rq, "finding");
	char *end = NULL;
	long long fid = v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || fid <= 0) {
		errlist_add(&errs, "finding", "Enter the finding's number, like 12");
		return review_page(rq, rs, id, RF_FINDING, 0, &errs);
	}
	if (review_link_finding(rq->store, rq->actor, id, (int64_t)fid, &e)) {
		if (e.code != ERR_INPUT)
			return page_fail(rq, rs, &e);
		errlist_add(&errs, "finding", "%s", e.msg);
		return review_page(rq, rs, id, RF_FINDING, 0, &errs);
	}
	return review_done(rs, id, "linked");
}

static int unanswered_row(void *ctx, const struct review_question *q)
{
	if (!q->response[0])
		html_f(ctx, "<li>Question %d: %s</li>", q->number, q->question);
	return 0;
}

/* The confirmation page before a review is published: the questions still
 * awaiting the force's answer, and what stops publication. */
static int review_publish_page(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs)
{
	struct review *r = xmalloc(sizeof *r);
	struct errlist problems = { 0 };
	struct err e = { 0 };
	struct buf qb;
	buf_init(&qb, 0);
	struct html hq;
	html_init(&hq, &qb);
	int rc = 0;
	if (review_get(rq->store, rq->actor, id, r, &e) ||
	    review_check_publish(rq->store, rq->actor, id, NULL, &problems, &e) ||
	    review_questions(rq->store, rq->actor, id, unanswered_row, &hq, &e)) {
		rc = page_fail(rq, rs, &e);
		goto out;
	}
	char back[64], action[64];
	snprintf(back, sizeof back, "/reviews/%lld", (long long)id);
	snprintf(action, sizeof action, "/reviews/%lld/publish", (long long)id);
	publish_confirm_page(rq, rs,
	                     &(struct publish_confirm){ .title = "Publish the review", .name = r->topic, .what = "review",
	                                                .version = r->version, .back = back,
	                                                .back_label = "Back to the review", .action = action,
	                                                .notice_lead = "These questions still await the force's answer; "
	                                                               "they are published as awaiting a response:",
	                                                .notice = buf_str(&qb) },
	                     &problems, errs);
out:
	free(r);
	buf_release(&qb);
	return rc;
}

static int reviews_publish_show(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	return review_publish_page(rq, rs, req_id(rq, "id"), &errs);
}

static int reviews_publish(struct req *rq, struct resp *rs)
{
	int64_t id = req_id(rq, "id");
	struct err e = { 0 };
	struct errlist errs = { 0 };
	if (review_publish(rq->store, rq->actor, id, req_form(rq, "note"), &errs, &e))
		return form_post_failed(rq, rs, id, &errs, &e, review_publish_page);
	return review_done(rs, id, "published");
}

/* ---- the list as JSON (docs/API.md): reviews_list, as the page ---- */

static int json_review(void *ctx, const struct review *r)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)r->id,
	                                     "topic", r->topic, "questions", (json_int_t)r->questions, "answered",
	                                     (json_int_t)r->answered, "actions_open", (json_int_t)r->actions_open,
	                                     "further_review", r->further_review, "further_done_on",
	                                     r->further_done_on, "published", r->published, "published_at",
	                                     r->published_at, "updated_at", r->updated_at));
	return 0;
}

static int api_reviews(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	json_t *items = json_array();
	const char *due = req_query(rq, "due");
	if (reviews_list(rq->store, rq->actor, due && *due, json_review, items, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, items);
	return 0;
}

const struct route reviews_routes[] = {
	{ "GET", "/reviews", reviews_index, ACCESS_PAGE, REVIEW_READ },
	{ "GET", "/reviews/new", reviews_new, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews", reviews_save, ACCESS_PAGE, REVIEW_EDIT },
	{ "GET", "/reviews/{id}", reviews_show, ACCESS_PAGE, REVIEW_READ },
	{ "POST", "/reviews/{id}", reviews_save, ACCESS_PAGE, REVIEW_EDIT },
	{ "GET", "/reviews/{id}/edit", reviews_edit, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews/{id}/questions", reviews_ask, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews/{id}/questions/{qid}/answer", reviews_answer, ACCESS_PAGE, REVIEW_ANSWER },
	{ "POST", "/reviews/{id}/actions", reviews_add_action, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews/{id}/actions/{aid}/done", reviews_action_done, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews/{id}/further-done", reviews_further_done, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews/{id}/findings", reviews_link, ACCESS_PAGE, REVIEW_EDIT },
	{ "GET", "/reviews/{id}/publish", reviews_publish_show, ACCESS_PAGE, REVIEW_EDIT },
	{ "POST", "/reviews/{id}/publish", reviews_publish, ACCESS_PAGE, REVIEW_EDIT },
	{ "GET", "/api/reviews", api_reviews, ACCESS_API, REVIEW_READ },
};
ROUTES_END(reviews);
