/* anon_page.h — the page side of an anonymous route (ACCESS_ANONYMOUS),
 * shared by the anonymous reporting line (report_pages.c) and anonymous
 * ethics dilemmas (ethics_pages.c): anon.h's cookie-free form token, the
 * address-free rate limit, and the plain words on what the route keeps and
 * what it cannot protect. Defined in report_pages.c. */
#ifndef PROBITY_ANON_PAGE_H
#define PROBITY_ANON_PAGE_H

#include "web/html.h"
#include "web/http.h"

/* The hidden form token field (in place of the session's CSRF token). */
void anon_page_token(struct html *h);
/* The form token, then the rate limit (what: the route's bucket). 0 when
 * the request may go on; else rs holds a 403 or a 429 page. */
int anon_page_gate(struct req *rq, struct resp *rs, const char *what, int per_hour);
/* "What this line keeps, and what it cannot protect". */
void anon_page_limits(struct html *h);

#endif
