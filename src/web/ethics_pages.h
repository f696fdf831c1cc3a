/* ethics_pages.h — what the home page shows of the ethics panel: the
 * signed-in person's own dilemmas and their status (ethics_pages.c). */
#ifndef PROBITY_ETHICS_PAGES_H
#define PROBITY_ETHICS_PAGES_H

#include "web/html.h"
#include "web/http.h"

void ethics_home(struct html *h, struct req *rq);

#endif
