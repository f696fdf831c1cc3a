/* notify_pages.h — the "Things that need you" list other pages embed. */
#ifndef PROBITY_NOTIFY_PAGES_H
#define PROBITY_NOTIFY_PAGES_H

#include "web/html.h"
#include "web/http.h"

/* The home page's section: the ten newest notices and a link to the rest. */
void notify_home(struct html *h, struct req *rq);

#endif
