/* registers_publish.c — the registers' part of the public site (see
 * publish.h): chief officers' gifts and hospitality and business interests,
 * as DIR/registers/chief-officers.html and two open CSV files.
 *
 * Only chief officers' entries appear: gifts flagged publishable (set when a
 * chief officer declares, or on import for a chief officer) and business
 * interests held by people with chief_officer = 1. No other person's data is
 * read. Offers are published once decided (accepted or declined, as the
 * Specified Information Order asks); a private individual who made an offer
 * is not named. Interests are published once approved (and stay, marked
 * ended or withdrawn); applications and refusals are not published. */
#include "core/csv.h"
#include "store/store.h"
#include "domain/gifts.h"
#include "domain/interests.h"
#include "web/publish.h"
#include <stdio.h>
#include <string.h>

#define GIFTS_SQL \
	"SELECT g.id, g.date_offered, p.forenames || ' ' || p.surname, COALESCE(po.title, p.rank), g.offeror_org, " \
	"g.kind, g.description, g.value_pence, g.accepted, g.status FROM gifts g JOIN people p ON p.id = g.person_id " \
	"LEFT JOIN posts po ON po.id = p.post_id WHERE g.publishable = 1 AND g.status IN ('approved', 'refused', 'recorded') " \
	"ORDER BY g.date_offered DESC, g.id DESC"

#define INTERESTS_SQL \
	"SELECT b.id, p.forenames || ' ' || p.surname, COALESCE(po.title, p.rank), b.kind, b.organisation, b.description, " \
	"b.hours_per_week, b.start_date, b.status, b.conditions, b.end_date FROM business_interests b " \
	"JOIN people p ON p.id = b.person_id LEFT JOIN posts po ON po.id = p.post_id WHERE p.chief_officer = 1 " \
	"AND b.status IN ('approved', 'approved_with_conditions', 'withdrawn', 'ended') " \
	"ORDER BY p.surname, p.forenames, b.start_date DESC, b.id"

static void csv_line(struct buf *b, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		csv_cell(b, cells[i]);
	}
	buf_addc(b, '\n');
}

static const char *gift_kind(const char *k)
{
	return !strcmp(k, "gift") ? "Gift" : !strcmp(k, "hospitality") ? "Hospitality" : "Other";
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
	struct stmt *s = NULL;

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
	if (store_query(ctx->st, &s, e, GIFTS_SQL, ""))
		goto out;
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	int x;
	while ((x = stmt_next(s, e)) == 1) {
		char ref[24], value[32];
		gift_ref(stmt_int(s, 0), ref);
		int64_t pence = stmt_int(s, 7);
		snprintf(value, sizeof value, "%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
		const char *org = stmt_text(s, 4);
		const char *by = *org ? org : "A private individual";
		const char *status = stmt_text(s, 9);
		const char *decision = !strcmp(status, "recorded") ? "Recorded" : !strcmp(status, "approved") ? "Approved"
		                                                                                          : "Refused";
		const char *cells[] = { ref, stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3), by, gift_kind(stmt_text(s, 5)),
			                stmt_text(s, 6), value, stmt_int(s, 8) ? "yes" : "no", decision };
		csv_line(&gcsv, cells, 10);
		html_f(&hr, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
		            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s<br><span "
		            "class=\"govuk-body-s\">%s</span></td><td class=\"govuk-table__cell\">%s</td>"
		            "<td class=\"govuk-table__cell\">%s: %s</td>"
		            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%m</td>"
		            "<td class=\"govuk-table__cell\">%s</td></tr>\n",
		       ref, stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3), by, gift_kind(stmt_text(s, 5)),
		       stmt_text(s, 6), pence, stmt_int(s, 8) ? "Accepted" : "Declined");
		ngifts++;
	}
	stmt_done(s);
	s = NULL;
	if (x < 0) {
		buf_release(&rows);
		goto out;
	}
	html_f(&h, "<h2 class=\"govuk-heading-l\">Gifts and hospitality</h2>\n");
	if (ngifts == 0)
		html_f(&h, "<p class=\"govuk-body\">No offers to chief officers have been recorded.</p>\n");
	else
		html_f(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%ld "
		           "offer%s</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Reference</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Chief officer</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Offered by</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Offer</th>"
		           "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Accepted or declined</th></tr></thead>"
		           "<tbody class=\"govuk-table__body\">%R</tbody></table>\n",
		       ngifts, ngifts == 1 ? "" : "s", buf_str(&rows));
	buf_release(&rows);

	/* Business interests. */
	static const char *const icols[] = { "reference", "chief_officer", "role", "kind", "organisation", "description",
		                             "hours_per_week", "start_date", "status", "conditions", "end_date" };
	csv_line(&icsv, icols, 11);
	if (store_query(ctx->st, &s, e, INTERESTS_SQL, ""))
		goto out;
	buf_init(&rows, 0);
	html_init(&hr, &rows);
	while ((x = stmt_next(s, e)) == 1) {
		char ref[24], hours[16];
		interest_ref(stmt_int(s, 0), ref);
		snprintf(hours, sizeof hours, "%lld", (long long)stmt_int(s, 6));
		const char *status = interest_status_label(stmt_text(s, 8));
		const char *cells[] = { ref, stmt_text(s, 1), stmt_text(s, 2), interest_kind_label(stmt_text(s, 3)),
			                stmt_text(s, 4), stmt_text(s, 5), hours, stmt_text(s, 7), status, stmt_text(s, 9),
			                stmt_text(s, 10) };
		csv_line(&icsv, cells, 11);
		html_f(&hr, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s<br><span "
		            "class=\"govuk-body-s\">%s</span></td><td class=\"govuk-table__cell\">%s</td>"
		            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
		            "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s%s%s</td></tr>\n",
		       stmt_text(s, 1), stmt_text(s, 2), interest_kind_label(stmt_text(s, 3)), stmt_text(s, 4),
		       stmt_text(s, 5), stmt_text(s, 7), status, stmt_text(s, 9)[0] ? ". Conditions: " : "",
		       stmt_text(s, 9));
		ninterests++;
	}
	stmt_done(s);
	s = NULL;
	if (x < 0) {
		buf_release(&rows);
		goto out;
	}
	html_f(&h, "<h2 class=\"govuk-heading-l\">Business interests</h2>\n");
	if (ninterests == 0)
		html_f(&h, "<p class=\"govuk-body\">No chief officer holds an approved business interest.</p>\n");
	else
		html_f(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">%ld "
		           "interest%s</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		           "<th scope=\"col\" class=\"govuk-table__header\">Chief officer</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Organisation</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Description</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Since</th>"
		           "<th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead>"
		           "<tbody class=\"govuk-table__body\">%R</tbody></table>\n",
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
	stmt_done(s);
	buf_release(&page);
	buf_release(&gcsv);
	buf_release(&icsv);
	return rc;
}
