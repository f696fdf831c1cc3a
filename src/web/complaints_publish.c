/* complaints_publish.c — the conduct part of `probity publish` (the parts
 * mechanism of web/publish.h), answering the panel's question of how the
 * public is told about behaviour falling short of standards: conduct/
 * index.html with the plain-English page on how to complain (editable text,
 * config complaints.public_text), the last full quarter's bulletin figures
 * with small numbers withheld (disclosure.h), notices of public misconduct
 * hearings and their outcomes (kept at least complaints.hearing_retention_days
 * after first publication, then removed), and conduct/bulletin.csv. Never a
 * complainant's detail, never a private hearing or a misconduct meeting; an
 * officer's name only where the chair has not directed it be withheld. */
#include "core/date.h"
#include "domain/complaints.h"
#include "domain/disclosure.h"
#include "web/publish.h"
#include <stdio.h>
#include <string.h>

static const char *kind_label(const char *k)
{
	return strcmp(k, "accelerated_hearing") == 0 ? "Accelerated misconduct hearing" : "Gross misconduct hearing";
}

static const char *words(const char *v)
{
	static const char *const l[][2] = {
		{ "misconduct", "Misconduct proven" },
		{ "gross_misconduct", "Gross misconduct proven" },
		{ "not_proven", "Not proven" },
		{ "written_warning", "Written warning" },
		{ "final_written_warning", "Final written warning" },
		{ "reduction_in_rank", "Reduction in rank" },
		{ "dismissal_without_notice", "Dismissal without notice" },
		{ "referral_to_rprp", "Referred to reflective practice" },
		{ "no_action", "No further action" },
	};
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		if (strcmp(l[i][0], v) == 0)
			return l[i][1];
	return v;
}

struct hearings {
	struct html *h;
	struct buf *outcomes; /* the outcomes section, written after the notices */
	int notices, nout;
	long *items;
};

static void hearing_summary(struct html *h, const struct cpl_hearing *x)
{
	char officer[280];
	if (*x->name)
		snprintf(officer, sizeof officer, "%s%s%s", x->rank, *x->rank ? " " : "", x->name);
	else
		snprintf(officer, sizeof officer, "Name withheld by direction of the chair");
	html_f(h, "<dl class=\"govuk-summary-list\">"
	          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Date</dt>"
	          "<dd class=\"govuk-summary-list__value\">%D</dd></div>"
	          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Venue</dt>"
	          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
	          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Officer</dt>"
	          "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
	          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Allegations</dt>"
	          "<dd class=\"govuk-summary-list__value\">%s</dd></div>",
	       x->held_on, x->venue, officer, x->allegations);
}

static int on_hearing(void *ctx, const struct cpl_hearing *x, int is_outcome)
{
	struct hearings *s = ctx;
	if (!is_outcome) {
		if (!s->notices++)
			html_f(s->h, "<h2 class=\"govuk-heading-m\">Notices of public misconduct hearings</h2>\n");
		html_f(s->h, "<h3 class=\"govuk-heading-s\">%s on %D</h3>\n", kind_label(x->kind), x->held_on);
		hearing_summary(s->h, x);
		html_f(s->h, "</dl>\n");
	} else {
		struct html o;
		html_init(&o, s->outcomes);
		s->nout++;
		html_f(&o, "<h3 class=\"govuk-heading-s\">%s on %D</h3>\n", kind_label(x->kind), x->held_on);
		hearing_summary(&o, x);
		html_f(&o, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Finding</dt>"
		           "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
		           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Outcome</dt>"
		           "<dd class=\"govuk-summary-list__value\">%s</dd></div>"
		           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Outcome published</dt>"
		           "<dd class=\"govuk-summary-list__value\">%D</dd></div></dl>\n",
		       words(x->finding), words(x->outcome), x->outcome_published);
	}
	(*s->items)++;
	return 0;
}

int publish_complaints(struct publish_ctx *ctx, struct err *e)
{
	int rc = -1;
	char today[11], from[11], to[11], text[8192];
	struct cpl_bulletin b = { 0 };
	struct buf page = BUF_INIT, outcomes = BUF_INIT, csv = BUF_INIT;
	buf_init(&page, 0);
	buf_init(&outcomes, 0);
	buf_init(&csv, 0);
	struct html h;
	html_init(&h, &page);
	date_today(today);
	cpl_last_quarter(today, from, to);
	if (complaints_public_text(ctx->st, text, sizeof text, e) ||
	    complaints_bulletin_public(ctx->st, from, to, &b, e))
		goto out;
	publish_page_begin(&h, "Complaints and police conduct", 1);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Complaints and police conduct</h1>\n"
	           "<h2 class=\"govuk-heading-m\">How to complain, and how complaints and misconduct are dealt with</h2>\n");
	html_paragraphs(&h, text);
	struct hearings hs = { &h, &outcomes, 0, 0, &ctx->items };
	if (complaints_public_hearings(ctx->st, today, on_hearing, &hs, e))
		goto out;
	if (!hs.notices)
		html_f(&h, "<h2 class=\"govuk-heading-m\">Notices of public misconduct hearings</h2>\n"
		           "<p class=\"govuk-body\">No public hearings are arranged at present.</p>\n");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Outcomes of public misconduct hearings</h2>\n");
	if (hs.nout)
		buf_adds(&page, buf_str(&outcomes));
	else
		html_f(&h, "<p class=\"govuk-body\">No outcomes to show.</p>\n");
	html_f(&h, "<p class=\"govuk-body\">Each outcome stays on this page for at least 28 days after it is first "
	           "published.</p>\n");
	html_f(&h, "<h2 class=\"govuk-heading-m\">Complaints figures, %D to %D</h2>\n"
	           "<p class=\"govuk-body\">The measures of the Independent Office for Police Conduct's quarterly bulletin, "
	           "computed by the force. A figure based on fewer than %I people or cases is not shown ([c]), and where "
	           "one figure is hidden another may be too, so it cannot be worked out from a total. A high number of "
	           "complaints per 1,000 employees can mean it is easy to complain rather than worse behaviour.</p>\n"
	           "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Complaints measures\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
	           "Complaints measures</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	           "<th scope=\"col\" class=\"govuk-table__header\">Measure</th><th scope=\"col\" class=\"govuk-table__header\">"
	           "Group</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th></tr>"
	           "</thead><tbody class=\"govuk-table__body\">\n",
	       from, to, disclosure_k(ctx->st));
	for (size_t i = 0; i < b.n; i++)
		html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
		           "%s</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td></tr>\n",
		       b.rows[i].measure, b.rows[i].group, *b.rows[i].value ? b.rows[i].value : "–");
	html_f(&h, "</tbody></table></div>\n<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"bulletin.csv\">These figures "
	           "as CSV</a></p>\n");
	publish_page_end(&h);
	cpl_bulletin_csv(&b, &csv);
	if (page.oom || outcomes.oom || csv.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (publish_file(ctx, "conduct/index.html", &page, e) || publish_file(ctx, "conduct/bulletin.csv", &csv, e))
		goto out;
	publish_index_link(ctx, "Complaints and police conduct", "conduct/index.html",
	                   "How to complain, public misconduct hearings and their outcomes, and the complaints figures");
	rc = 0;
out:
	cpl_bulletin_release(&b);
	buf_release(&page);
	buf_release(&outcomes);
	buf_release(&csv);
	return rc;
}
