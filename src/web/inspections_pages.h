/* inspections_pages.h — what the home page borrows from the inspections
 * pages: the "Inspections and scrutiny" section with each role's items
 * (updates overdue, reviews due for follow-up, responses past 56 days). */
#ifndef PROBITY_INSPECTIONS_PAGES_H
#define PROBITY_INSPECTIONS_PAGES_H

#include "web/html.h"
#include "web/http.h"

/* Writes nothing for an account without an inspections role. */
void inspections_home(struct html *h, const struct req *rq);

#endif
