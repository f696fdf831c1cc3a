/* training_publish.c — the training part of the transparency site (issue
 * 27's "published" figures): the share of each directorate up to date on
 * every course that applies to everyone (the Code of Ethics and integrity
 * training), as training/index.html and training/index.csv. The figures are
 * training_published's, withheld under disclosure control; no person, team
 * or date of completion leaves. */
#include "web/publish.h"
#include "core/date.h"
#include "core/sheet.h"
#include "domain/disclosure.h"
#include "domain/training.h"
#include <stdio.h>

struct pub_rows {
	struct html *h;
	struct sheet *csv;
	long n;
};

static int pub_row(void *ctx, const struct training_published *p)
{
	struct pub_rows *r = ctx;
	char people[24] = "[c]", share[24] = "[c]";
	if (p->shown) {
		snprintf(people, sizeof people, "%ld", p->people);
		snprintf(share, sizeof share, "%d", p->percent);
	}
	html_f(r->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
	             "%s</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s</td>"
	             "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%s%s</td></tr>\n",
	       p->directorate, p->course, people, share, p->shown ? "%" : "");
	r->n++;
	return sheet_row(r->csv, (const char *[]){ p->directorate, p->course, people, share });
}

int publish_training(struct publish_ctx *ctx, struct err *e)
{
	int rc = -1;
	char today[11];
	struct buf page = BUF_INIT, rows = BUF_INIT, csv = BUF_INIT;
	buf_init(&page, 0);
	buf_init(&rows, 0);
	buf_init(&csv, 0);
	struct html h, hr;
	html_init(&h, &page);
	html_init(&hr, &rows);
	date_today(today);
	static const struct sheet_col cols[] = { { "directorate", SHEET_TEXT }, { "course", SHEET_TEXT },
		                                 { "people", SHEET_TEXT }, { "percent_up_to_date", SHEET_TEXT } };
	struct pub_rows r = { &hr, NULL, 0 };
	if (sheet_begin(&r.csv, SHEET_CSV, "Training", cols, 4, e))
		goto out;
	if (training_published(ctx->st, NULL, today, pub_row, &r, e)) {
		sheet_free(r.csv);
		goto out;
	}
	if (sheet_end(r.csv, &csv, e)) /* frees the sheet */
		goto out;
	publish_page_begin(&h, "Integrity training", 1);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Integrity training</h1>\n"
	           "<p class=\"govuk-body\">The share of the people in each directorate who are up to date on %D with "
	           "each course every member of the force must take (the Code of Ethics and integrity training). A "
	           "figure based on fewer than %I people, or that would show how few are not up to date, is not shown "
	           "([c]).</p>\n",
	       today, (int64_t)disclosure_k(ctx->st));
	if (r.n) {
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Up to date by directorate\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">"
		           "Up to date by directorate</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Directorate</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Course</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">People</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Up to date</th>"
		           "</tr></thead><tbody class=\"govuk-table__body\">\n%R</tbody></table></div>\n"
		           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"index.csv\">These figures as CSV</a></p>\n",
		       buf_str(&rows));
	} else {
		html_f(&h, "<p class=\"govuk-body\">No courses apply to everyone yet.</p>\n");
	}
	publish_page_end(&h);
	if (page.oom || rows.oom || csv.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (publish_file(ctx, "training/index.html", &page, e) || publish_file(ctx, "training/index.csv", &csv, e))
		goto out;
	ctx->items += r.n;
	publish_index_link(ctx, "Integrity training", "training/index.html",
	                   "The share of each directorate up to date on the Code of Ethics and integrity training");
	rc = 0;
out:
	buf_release(&page);
	buf_release(&rows);
	buf_release(&csv);
	return rc;
}
