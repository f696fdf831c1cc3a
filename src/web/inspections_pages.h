/* inspections_pages.h — what the home page and the inspections JSON API
 * borrow from the inspections pages: the "Inspections and scrutiny" section
 * with each role's items (updates overdue, reviews due for follow-up,
 * responses past 56 days), and the findings list's query string. */
#ifndef PROBITY_INSPECTIONS_PAGES_H
#define PROBITY_INSPECTIONS_PAGES_H

#include "web/html.h"
#include "web/http.h"

struct finding_filter;

/* Rows per page of the inspections and findings lists, pages and API alike. */
#define INSPECTIONS_PER_PAGE 50

/* Writes nothing for an account without an inspections role. */
void inspections_home(struct html *h, const struct req *rq);

/* The findings list's filter from the query string (status, kind, q, view,
 * sort, page), for /findings and /api/findings alike. */
void findings_read_filter(const struct req *rq, struct finding_filter *f);

#endif
