/* ethics_publish.c — the ethics part of the transparency site: the "What
 * would you do?" case studies the chair has put on the public site, as
 * ethics/index.html. Only the fields chosen for publication leave (the
 * title, the chair's anonymised situation, the principles, any advice
 * included): never the dilemma, its raiser, the panel's discussion or the
 * "did this help you?" answers. */
#include "web/publish.h"
#include "domain/ethics.h"
#include <stdio.h>

struct pub_cases {
	struct html *h;
	long n;
};

static int pub_case(void *ctx, const struct ethics_case *c)
{
	struct pub_cases *p = ctx;
	html_f(p->h, "<h2 class=\"govuk-heading-m\">%s</h2>\n<p class=\"govuk-body-s\">Principles: %s. Published %D.</p>\n"
	             "<h3 class=\"govuk-heading-s\">The situation</h3>\n",
	       c->title, c->principles, c->published_on);
	html_paragraphs(p->h, c->situation);
	if (c->advice[0]) {
		html_f(p->h, "<h3 class=\"govuk-heading-s\">The panel's advice</h3>\n");
		html_paragraphs(p->h, c->advice);
	}
	p->n++;
	return 0;
}

int publish_ethics(struct publish_ctx *ctx, struct err *e)
{
	int rc = -1;
	struct buf page = BUF_INIT, body = BUF_INIT;
	buf_init(&page, 0);
	buf_init(&body, 0);
	struct html h, hb;
	html_init(&h, &page);
	html_init(&hb, &body);
	struct pub_cases p = { &hb, 0 };
	if (ethics_public_cases(ctx->st, pub_case, &p, e))
		goto out;
	publish_page_begin(&h, "What would you do? Ethical dilemmas", 1);
	html_f(&h, "<span class=\"govuk-caption-l\">The force's ethics panel</span>\n"
	           "<h1 class=\"govuk-heading-l\">What would you do?</h1>\n"
	           "<p class=\"govuk-body\">Officers and staff ask the force's ethics panel (an independent chair and "
	           "volunteers) for advice when the right thing to do is not clear. These are some of their dilemmas, "
	           "written so that nobody can be identified, with the panel's advice.</p>\n");
	if (p.n)
		html_f(&h, "%R", buf_str(&body));
	else
		html_f(&h, "<p class=\"govuk-body\">No case studies have been published yet.</p>\n");
	publish_page_end(&h);
	if (page.oom || body.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (publish_file(ctx, "ethics/index.html", &page, e))
		goto out;
	ctx->items += p.n;
	publish_index_link(ctx, "Ethical dilemmas", "ethics/index.html",
	                   "What would you do? Dilemmas the ethics panel advised on");
	rc = 0;
out:
	buf_release(&page);
	buf_release(&body);
	return rc;
}
