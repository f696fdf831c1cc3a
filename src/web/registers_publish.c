/* registers_publish.c — the registers' part of the public site (see
 * publish.h): chief officers' gifts and hospitality and business interests,
 * as DIR/registers/chief-officers.html and two open CSV files.
 *
 * Which entries appear (chief officers' only) is decided by the domain
 * (domain/registers_publish.h); this file lays them out. A private
 * individual who made an offer is not named. */
#include "core/csv.h"
#include "domain/gifts.h"
#include "domain/interests.h"
#include "domain/registers_publish.h"
#include "web/publish.h"
#include <stdio.h>
#include <string.h>

static const char *gift_kind(const char *k)
{
	return !strcmp(k, "gift") ? "Gift" : !strcmp(k, "hospitality") ? "Hospitality" : "Other";
}

/* One published row: a CSV line and a table row. */
struct rows {
	struct buf *csv;
	struct html h;
	long n;
};

static int gift_row(void *ctx, const struct published_gift *g)
{
	struct rows *x = ctx;
	char ref[REF_MAX], value[32];
	gift_ref(g->id, ref);
	snprintf(value, sizeof value, "%lld.%02lld", (long long)(g->value_pence / 100), (long long)(g->value_pence % 100));
	const char *by = g->offeror_org[0] ? g->offeror_org : "A private individual";
	int gs = status_table_index(gift_statuses, GIFT_NSTATUS, g->status);
	const char *decision = gs == GIFT_RECORDED ? "Recorded" : gs == GIFT_APPROVED ? "Approved" : "Refused";
	const char *cells[] = { ref, g->date_offered, g->chief_officer, g->role, by, gift_kind(g->kind),
		                g->description, value, g->accepted ? "yes" : "no", decision };
	csv_line(x->csv, cells, 10);
	html_f(&x->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
	              "<td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">%s<br><span "
	              "class=\"govuk-body-s\">%s</span></td><td class=\"govuk-table__cell\">%s</td>"
	              "<td class=\"govuk-table__cell\">%s: %s</td>"
	              "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%m</td>"
	              "<td class=\"govuk-table__cell\">%s</td></tr>\n",
	       ref, g->date_offered, g->chief_officer, g->role, by, gift_kind(g->kind), g->description, g->value_pence,
	       g->accepted ? "Accepted" : "Declined");
	x->n++;
	return 0;
}

static int interest_row(void *ctx, const struct published_interest *it)
{
	struct rows *x = ctx;
	char ref[REF_MAX], hours[16];
	interest_ref(it->id, ref);
	snprintf(hours, sizeof hours, "%d", it->hours_per_week);
	const char *status = interest_status_label(it->status);
	const char *cells[] = { ref, it->chief_officer, it->role, interest_kind_label(it->kind), it->organisation,
		                it->description, hours, it->start_date, status, it->conditions, it->end_date };
	csv_line(x->csv, cells, 11);
	html_f(&x->h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s<br><span "
	              "class=\"govuk-body-s\">%s</span></td><td class=\"govuk-table__cell\">%s</td>"
	              "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
	              "<td class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">%s%s%s</td></tr>\n",
	       it->chief_officer, it->role, interest_kind_label(it->kind), it->organisation, it->description,
	       it->start_date, status, it->conditions[0] ? ". Conditions: " : "", it->conditions);
	x->n++;
	return 0;
}

int publish_registers(struct publish_ctx *ctx, struct err *e)
{
	struct buf page, gcsv, icsv;
	buf_init(&page, 0);
	buf_init(&gcsv, 0);
	buf_init(&icsv, 0);
	struct html h;
	html_init(&h, &page);
	int rc = -1;
	long ngifts = 0, ninterests = 0;

	publish_page_begin(&h, "Chief officers' gifts, hospitality and business interests", 1);
	html_f(&h, "<h1 class=\"govuk-heading-xl\">Chief officers' gifts, hospitality and business interests</h1>\n"
	           "<p class=\"govuk-body-l\">Every offer of a gift or hospitality made to the force's chief officers, "
	           "accepted or declined, and their approved business interests.</p>\n"
	           "<p class=\"govuk-body\">Download as open data: <a class=\"govuk-link\" "
	           "href=\"chief-officers-gifts.csv\">gifts and hospitality (CSV)</a>, <a class=\"govuk-link\" "
	           "href=\"chief-officers-interests.csv\">business interests (CSV)</a>.</p>\n");

	/* Gifts and hospitality. */
	static const char *const gcols[] = { "reference", "date_offered", "chief_officer", "role", "offered_by", "kind",
		                             "description", "value", "accepted", "decision" };
	csv_line(&gcsv, gcols, 10);
	struct buf rows;
	buf_init(&rows, 0);
	struct rows x = { &gcsv, { 0 }, 0 };
	html_init(&x.h, &rows);
	if (registers_published_gifts(ctx->st, gift_row, &x, e)) {
		buf_release(&rows);
		goto out;
	}
	ngifts = x.n;
	html_f(&h, "<h2 class=\"govuk-heading-l\">Gifts and hospitality</h2>\n");
	if (ngifts == 0)
		html_f(&h, "<p class=\"govuk-body\">No offers to chief officers have been recorded.</p>\n");
	else
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Offers to chief officers\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%ld "
		           "offer%s</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Reference</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Chief officer</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Offered by</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Offer</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Accepted or declined</th></tr></thead>"
		           "<tbody class=\"govuk-table__body\">%R</tbody></table></div>\n",
		       ngifts, ngifts == 1 ? "" : "s", buf_str(&rows));
	buf_release(&rows);

	/* Business interests. */
	static const char *const icols[] = { "reference", "chief_officer", "role", "kind", "organisation", "description",
		                             "hours_per_week", "start_date", "status", "conditions", "end_date" };
	csv_line(&icsv, icols, 11);
	buf_init(&rows, 0);
	x = (struct rows){ &icsv, { 0 }, 0 };
	html_init(&x.h, &rows);
	if (registers_published_interests(ctx->st, interest_row, &x, e)) {
		buf_release(&rows);
		goto out;
	}
	ninterests = x.n;
	html_f(&h, "<h2 class=\"govuk-heading-l\">Business interests</h2>\n");
	if (ninterests == 0)
		html_f(&h, "<p class=\"govuk-body\">No chief officer holds an approved business interest.</p>\n");
	else
		html_f(&h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Business interests of chief officers\" tabindex=\"0\"><table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%ld "
		           "interest%s</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Chief officer</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Organisation</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Description</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Since</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead>"
		           "<tbody class=\"govuk-table__body\">%R</tbody></table></div>\n",
		       ninterests, ninterests == 1 ? "" : "s", buf_str(&rows));
	buf_release(&rows);
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"../index.html\">All published records</a></p>\n");
	publish_page_end(&h);
	if (page.oom || gcsv.oom || icsv.oom) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (publish_file(ctx, "registers/chief-officers.html", &page, e) ||
	    publish_file(ctx, "registers/chief-officers-gifts.csv", &gcsv, e) ||
	    publish_file(ctx, "registers/chief-officers-interests.csv", &icsv, e))
		goto out;
	/* The section of index.html. */
	struct buf sec;
	buf_init(&sec, 0);
	struct html hs;
	html_init(&hs, &sec);
	html_f(&hs, "<h2 class=\"govuk-heading-l\">Chief officers' gifts, hospitality and business interests</h2>\n"
	            "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"registers/chief-officers.html\">%ld offer%s of "
	            "gifts or hospitality and %ld business interest%s</a> of the force's chief officers. Open data: "
	            "<a class=\"govuk-link\" href=\"registers/chief-officers-gifts.csv\">gifts (CSV)</a>, "
	            "<a class=\"govuk-link\" href=\"registers/chief-officers-interests.csv\">interests (CSV)</a>.</p>\n",
	       ngifts, ngifts == 1 ? "" : "s", ninterests, ninterests == 1 ? "" : "s");
	buf_adds(ctx->index, buf_str(&sec));
	buf_release(&sec);
	ctx->items += ngifts + ninterests;
	rc = 0;
out:
	buf_release(&page);
	buf_release(&gcsv);
	buf_release(&icsv);
	return rc;
}
