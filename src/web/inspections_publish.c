/* inspections_publish.c — the published-site part for M11: each published
 * PCC response record (inspections/ID.html), each published panel review
 * (reviews/ID.html) and findings.csv (the findings of published records and
 * their status). It reads only the published_* domain queries, which return
 * published records without staff names, so a draft or a person's name
 * cannot reach the site. */
#include "core/csv.h"
#include "core/xalloc.h"
#include "domain/inspections.h"
#include "domain/reviews.h"
#include "web/publish.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct list_ctx {
	struct html *h;
	long n;
	int64_t *ids;
	size_t nids, cap;
};

static int add_id(struct list_ctx *c, int64_t id)
{
	if (c->nids == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		int64_t *p = xrealloc(c->ids, cap * sizeof *p);
		c->ids = p;
		c->cap = cap;
	}
	c->ids[c->nids++] = id;
	return 0;
}

static int index_response(void *ctx, const struct inspection *in)
{
	struct list_ctx *c = ctx;
	if (!c->n)
		html_f(c->h, "<h2 class=\"govuk-heading-l\">Inspection response records</h2>\n"
		             "<p class=\"govuk-body\">The Police and Crime Commissioner's comments on each inspection report, "
		             "with the chief constable's response and the force's latest update on every recommendation and "
		             "area for improvement.</p>\n<ul class=\"govuk-list\">\n");
	html_f(c->h, "<li><a class=\"govuk-link\" href=\"inspections/%I.html\">%s</a> "
	             "<span class=\"govuk-body-s\">(report published %D; comments published %D)</span></li>\n",
	       in->id, in->title, in->published, in->response_published_at);
	c->n++;
	return add_id(c, in->id);
}

static int index_review(void *ctx, const struct review *r)
{
	struct list_ctx *c = ctx;
	if (!c->n)
		html_f(c->h, "<h2 class=\"govuk-heading-l\">Independent panel reviews</h2>\n<ul class=\"govuk-list\">\n");
	html_f(c->h, "<li><a class=\"govuk-link\" href=\"reviews/%I.html\">%s</a> "
	             "<span class=\"govuk-body-s\">(published %D)</span></li>\n",
	       r->id, r->topic, r->published_at);
	c->n++;
	return add_id(c, r->id);
}

/* ---- one response record ---- */

struct rr_ctx {
	struct html *h;
	const char *kind;
	long n;
	char pillar[201];
};

static int rr_finding(void *ctx, const struct finding *f)
{
	struct rr_ctx *c = ctx;
	if (strcmp(f->kind, c->kind))
		return 0;
	if (strcmp(f->pillar, c->pillar) || !c->n) {
		/* "Pillar: Question" -> the pillar heading (when it changes), then the question */
		const char *colon = strstr(f->pillar, ": ");
		size_t pl = colon ? (size_t)(colon - f->pillar) : strlen(f->pillar);
		if (f->pillar[0] && (!c->n || strncmp(f->pillar, c->pillar, pl) || (c->pillar[pl] && c->pillar[pl] != ':'))) {
			char p[201];
			snprintf(p, sizeof p, "%.*s", (int)pl, f->pillar);
			html_f(c->h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", p);
		}
		if (colon)
			html_f(c->h, "<h4 class=\"govuk-heading-s govuk-!-font-weight-regular\">%s</h4>\n", colon + 2);
		snprintf(c->pillar, sizeof c->pillar, "%s", f->pillar);
	}
	c->n++;
	html_f(c->h, "<div class=\"govuk-!-margin-bottom-6\">\n<p class=\"govuk-body\"><strong>%s.</strong> ",
	       f->reference);
	html_f(c->h, "%s</p>\n", f->text);
	html_f(c->h, "<p class=\"govuk-body\"><strong class=\"govuk-tag\">%s</strong>%s%s</p>\n",
	       finding_status_label(f->status), f->caveat[0] ? " " : "", f->caveat);
	html_f(c->h, "<div class=\"govuk-inset-text\"><h5 class=\"govuk-heading-s\">Force update%s%D</h5>\n",
	       f->last_update_date[0] ? ", " : "", f->last_update_date);
	if (f->last_update[0])
		html_paragraphs(c->h, f->last_update);
	else
		html_f(c->h, "<p class=\"govuk-body\">No update yet.</p>\n");
	html_f(c->h, "</div>\n</div>\n");
	return 0;
}

static int pub_explanation(void *ctx, const struct response_explanation *x)
{
	struct html *h = ctx;
	html_f(h, "<h3 class=\"govuk-heading-s\">%s</h3>\n<p class=\"govuk-body\">%s</p>\n"
	          "<div class=\"govuk-inset-text\"><p class=\"govuk-body\"><strong>%s</strong>%s%D</p>\n",
	       x->reference, x->recommendation, explanation_action_label(x->action), x->proposed_date[0] ? ", by " : "",
	       x->proposed_date);
	html_paragraphs(h, x->text);
	html_f(h, "</div>\n");
	return 0;
}

struct pubver_ctx {
	struct html *h;
	int64_t id;
	int shown, n;
	int depth;
};

static int pub_version(void *ctx, const struct record_version *v)
{
	struct pubver_ctx *c = ctx;
	if (!c->n++)
		html_f(c->h, "<h2 class=\"govuk-heading-m\">Versions</h2>\n<ul class=\"govuk-list\">\n");
	if (v->version == c->shown)
		html_f(c->h, "<li>Version %d, published %D (this page)%s%s</li>\n", v->version, v->published_at,
		       v->note[0] ? ": " : "", v->note);
	else
		html_f(c->h, "<li><a class=\"govuk-link\" href=\"%s%I/v%I.html\">Version %d</a>, published %D%s%s</li>\n",
		       c->depth == 1 ? "" : "../", c->id, (int64_t)v->version, v->version, v->published_at,
		       v->note[0] ? ": " : "", v->note);
	return 0;
}

/* One version of a response record: version 0 is the current one, at
 * inspections/ID.html; each version N is kept at inspections/ID/vN.html. */
static int write_response_version(struct publish_ctx *ctx, int64_t id, int version, int *latest, struct err *e);

static int write_response(struct publish_ctx *ctx, int64_t id, struct err *e)
{
	int latest = 0;
	if (write_response_version(ctx, id, 0, &latest, e))
		return -1;
	for (int v = 1; v <= latest; v++)
		if (write_response_version(ctx, id, v, &latest, e))
			return -1;
	return 0;
}

static int write_response_version(struct publish_ctx *ctx, int64_t id, int version, int *latest, struct err *e)
{
	struct inspection *in = xmalloc(sizeof *in);
	struct response_record *r = xmalloc(sizeof *r);
	struct buf b;
	buf_init(&b, 0);
	int rc = -1;
	if (published_response_get(ctx->st, id, version, in, r, e))
		goto out;
	if (!version)
		*latest = r->version;
	int depth = version ? 2 : 1;
	struct html h;
	html_init(&h, &b);
	publish_page_begin(&h, in->title, depth);
	html_f(&h, "<span class=\"govuk-caption-l\">Inspection response record</span>\n"
	           "<h1 class=\"govuk-heading-l\">%s</h1>\n", in->title);
	html_f(&h, "<dl class=\"govuk-summary-list\">\n");
	static const char row[] = "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
	                          "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n";
	char vtext[64];
	snprintf(vtext, sizeof vtext, "%d%s", r->version, r->version == *latest ? "" : " (a later version exists)");
	/* the layout of the published records (seed 003) */
	html_f(&h, row, "Version", vtext);
	html_f(&h, row, "Force", r->force_name);
	html_f(&h, row, "Police and Crime Commissioner", r->pcc_name);
	html_f(&h, row, "Chief Constable", r->chief_constable);
	html_f(&h, row, "Title of inspection", in->title);
	html_f(&h, row, "Inspectorate", in->inspectorate);
	html_f(&h, "</dl>\n<h2 class=\"govuk-heading-m\">Summary of inspection</h2>\n");
	html_paragraphs(&h, in->summary[0] ? in->summary : "No summary.");
	html_f(&h, "<dl class=\"govuk-summary-list\">\n");
	html_f(&h, row, "Grade", in->grade[0] ? in->grade : "Not graded");
	static const char date_row[] = "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s"
	                               "</dt><dd class=\"govuk-summary-list__value\">%D</dd></div>\n";
	html_f(&h, date_row, "Report published", in->published);
	html_f(&h, date_row, "Comments due", in->deadline);
	html_f(&h, date_row, "Comments published", r->published_at);
	html_f(&h, "</dl>\n<p class=\"govuk-body-s\">The Commissioner's comments on an inspection report must be "
	           "published before the end of the period of 56 days beginning with the day on which the report is "
	           "published (section 55(5A), Police Act 1996): the publication day is day 1.</p>\n");
	static const struct { const char *kind, *title; } kinds[] = {
		{ "cause_of_concern", "Causes of concern" },
		{ "recommendation", "Recommendations" },
		{ "area_for_improvement", "Areas for improvement" },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct buf part;
		buf_init(&part, 0);
		struct html hp;
		html_init(&hp, &part);
		struct rr_ctx c = { &hp, kinds[k].kind, 0, "" };
		/* the findings as they were when this version was published */
		if (published_version_findings(ctx->st, id, r->version, rr_finding, &c, e)) {
			buf_release(&part);
			goto out;
		}
		if (k == 0 && !c.n) { /* causes of concern: only when the report has some */
			buf_release(&part);
			continue;
		}
		html_f(&h, "<h2 class=\"govuk-heading-m\">%s</h2>\n", kinds[k].title);
		if (c.n)
			html_f(&h, "%R", buf_str(&part));
		else
			html_f(&h, "<p class=\"govuk-body\">None.</p>\n");
		buf_release(&part);
		if (k == 1) { /* s.55(5B): the action on each recommendation, as published in this version */
			struct buf ex;
			buf_init(&ex, 0);
			struct html hx;
			html_init(&hx, &ex);
			if (published_explanations(ctx->st, id, r->version, pub_explanation, &hx, e)) {
				buf_release(&ex);
				goto out;
			}
			if (ex.n)
				html_f(&h, "<h2 class=\"govuk-heading-m\">Action on each recommendation</h2>\n%R", buf_str(&ex));
			buf_release(&ex);
		}
	}
	html_f(&h, "<h2 class=\"govuk-heading-m\">Commissioner's statement</h2>\n");
	html_paragraphs(&h, r->pcc_statement);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Chief Constable's response</h2>\n");
	html_paragraphs(&h, r->cc_response[0] ? r->cc_response : "No response recorded.");
	{
		struct pubver_ctx vc = { &h, id, r->version, 0, depth };
		if (published_versions(ctx->st, id, pub_version, &vc, e))
			goto out;
		if (vc.n)
			html_f(&h, "</ul>\n");
	}
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%sindex.html\">All published records</a></p>\n",
	       depth == 1 ? "../" : "../../");
	publish_page_end(&h);
	char rel[64];
	if (version)
		snprintf(rel, sizeof rel, "inspections/%lld/v%d.html", (long long)id, version);
	else
		snprintf(rel, sizeof rel, "inspections/%lld.html", (long long)id);
	if (b.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = publish_file(ctx, rel, &b, e);
out:
	free(in);
	free(r);
	buf_release(&b);
	return rc;
}

/* ---- one review ---- */

static int q_row(void *ctx, const struct review_question *q)
{
	struct html *h = ctx;
	html_f(h, "<h3 class=\"govuk-heading-s\">Question %d</h3>\n", q->number);
	html_paragraphs(h, q->question);
	html_f(h, "<div class=\"govuk-inset-text\"><h4 class=\"govuk-heading-s\">The force's response%s%D</h4>\n",
	       q->response_date[0] ? ", " : "", q->response_date);
	html_paragraphs(h, q->response[0] ? q->response : "Awaiting the force's response.");
	html_f(h, "</div>\n");
	return 0;
}

static int a_row(void *ctx, const struct review_action *a)
{
	struct html *h = ctx;
	html_f(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
	          "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%D</td>"
	          "<td class=\"govuk-table__cell\">%s</td></tr>\n",
	       a->action, a->owner, a->due[0] ? a->due : "Not set", a->done ? "Done" : "Open");
	return 0;
}

/* One finding the review examined: reference, inspection and status only. */
static int examined_row(void *ctx, int64_t finding_id, const char *reference, const char *inspection,
                        const char *status)
{
	(void)finding_id;
	html_f(ctx, "<li>%s: %s (%s)</li>\n", inspection, reference, finding_status_label(status));
	return 0;
}

/* One version of a review: 0 the current one at reviews/ID.html; each
 * version N kept at reviews/ID/vN.html. */
static int write_review_version(struct publish_ctx *ctx, int64_t id, int version, int *latest, struct err *e)
{
	struct review *r = xcalloc(1, sizeof *r);
	struct buf b;
	buf_init(&b, 0);
	int rc = -1;
	if (published_review_get(ctx->st, id, version, r, e))
		goto out;
	if (!version)
		*latest = r->version;
	int depth = version ? 2 : 1;
	const char *up = depth == 1 ? "../" : "../../";
	struct html h;
	html_init(&h, &b);
	publish_page_begin(&h, r->topic, depth);
	html_f(&h, "<span class=\"govuk-caption-l\">Independent panel review, version %d%s</span>\n"
	           "<h1 class=\"govuk-heading-l\">%s</h1>\n", r->version,
	       r->version == *latest ? "" : " (a later version exists)", r->topic);
	html_f(&h, "<h2 class=\"govuk-heading-m\">What we looked at and why it matters</h2>\n");
	html_paragraphs(&h, r->scope);
	html_f(&h, "<h2 class=\"govuk-heading-m\">How we did the review</h2>\n");
	html_paragraphs(&h, r->method);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Inspection findings we examined</h2>\n<ul class=\"govuk-list\">\n");
	/* The review is published (write_review is called only for published
	 * reviews), and a finding's reference and status are public. */
	if (review_findings(ctx->st, NULL, id, examined_row, &h, e))
		goto out;
	html_f(&h, "</ul>\n");
	html_f(&h, "<h2 class=\"govuk-heading-m\">What we found</h2>\n");
	html_paragraphs(&h, r->found);
	html_f(&h, "<h2 class=\"govuk-heading-m\">Questions and the force's responses</h2>\n");
	if (published_review_questions(ctx->st, id, r->version, q_row, &h, e))
		goto out;
	html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Follow-up actions\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">"
	           "Follow-up actions</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	           "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Owner</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
	           "<th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead>"
	           "<tbody class=\"govuk-table__body\">\n");
	if (published_review_actions(ctx->st, id, r->version, a_row, &h, e))
		goto out;
	html_f(&h, "</tbody></table></div>\n");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Further review</h2>\n<p class=\"govuk-body\">%D</p>\n",
	       r->further_review[0] ? r->further_review : "Not set");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Panel members</h2>\n");
	html_paragraphs(&h, r->members[0] ? r->members : "Not recorded");
	html_f(&h, "<p class=\"govuk-body-s\">First published %D; this version published %D.</p>\n", r->published_at,
	       r->updated_at);
	{
		struct pubver_ctx vc = { &h, id, r->version, 0, depth };
		if (published_review_versions(ctx->st, id, pub_version, &vc, e))
			goto out;
		if (vc.n)
			html_f(&h, "</ul>\n");
	}
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%sindex.html\">All published records</a></p>\n",
	       up);
	publish_page_end(&h);
	if (b.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	char rel[64];
	if (version)
		snprintf(rel, sizeof rel, "reviews/%lld/v%d.html", (long long)id, version);
	else
		snprintf(rel, sizeof rel, "reviews/%lld.html", (long long)id);
	rc = publish_file(ctx, rel, &b, e);
out:
	free(r);
	buf_release(&b);
	return rc;
}

static int write_review(struct publish_ctx *ctx, int64_t id, struct err *e)
{
	int latest = 0;
	if (write_review_version(ctx, id, 0, &latest, e))
		return -1;
	for (int v = 1; v <= latest; v++)
		if (write_review_version(ctx, id, v, &latest, e))
			return -1;
	return 0;
}

/* ---- findings.csv ---- */

static int csv_finding(void *ctx, const struct finding *f)
{
	struct buf *b = ctx;
	const char *cells[] = { f->inspection, f->inspection_published, f->kind, f->reference, f->pillar, f->text,
		                f->status, f->caveat, f->due, f->last_update_date, f->last_update };
	csv_line(b, cells, sizeof cells / sizeof cells[0]);
	return b->oom;
}

int publish_inspections(struct publish_ctx *ctx, struct err *e)
{
	struct buf sec;
	buf_init(&sec, 0);
	struct html h;
	html_init(&h, &sec);
	struct list_ctx rc_ = { &h, 0, NULL, 0, 0 }, rv = { &h, 0, NULL, 0, 0 };
	struct buf csv;
	buf_init(&csv, 0);
	int rc = -1;
	if (published_responses(ctx->st, index_response, &rc_, e))
		goto out;
	if (rc_.n)
		html_f(&h, "</ul>\n");
	if (published_reviews(ctx->st, index_review, &rv, e))
		goto out;
	if (rv.n)
		html_f(&h, "</ul>\n");
	for (size_t i = 0; i < rc_.nids; i++)
		if (write_response(ctx, rc_.ids[i], e))
			goto out;
	for (size_t i = 0; i < rv.nids; i++)
		if (write_review(ctx, rv.ids[i], e))
			goto out;
	buf_adds(&csv, "inspection,published,kind,reference,pillar,text,status,caveat,due,latest_update_date,"
	               "latest_update\n");
	if (published_findings(ctx->st, 0, csv_finding, &csv, e))
		goto out;
	if (csv.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (publish_file(ctx, "findings.csv", &csv, e))
		goto out;
	if (rc_.n)
		html_f(&h, "<h2 class=\"govuk-heading-m\">Open data</h2>\n<p class=\"govuk-body\">"
		           "<a class=\"govuk-link\" href=\"findings.csv\">Findings and their status (CSV)</a>: every "
		           "recommendation, area for improvement and cause of concern in the published response records, "
		           "with its status and the force's latest update.</p>\n");
	ctx->items += rc_.n + rv.n;
	buf_adds(ctx->index, buf_str(&sec));
	rc = 0;
out:
	free(rc_.ids);
	free(rv.ids);
	buf_release(&sec);
	buf_release(&csv);
	return rc;
}
