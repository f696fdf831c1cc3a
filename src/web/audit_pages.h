/* audit_pages.h — the ICT audit panel on the home page (ACU only): how many
 * alerts await triage. */
#ifndef PROBITY_WEB_AUDIT_PAGES_H
#define PROBITY_WEB_AUDIT_PAGES_H

#include "web/layout.h"

void audit_home(struct html *h, struct req *rq);

#endif
