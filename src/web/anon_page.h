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

/* A route by which the anonymous sender comes back with the receipt: its
 * receipt page and what opening and answering do. */
struct store;
struct err;
struct anon_return {
	const char *bucket;              /* anon_page_gate's rate-limit bucket */
	const char *title, *action, *hint; /* the receipt page: title, where it posts, what the 28 digits were for */
	int (*open)(struct store *st, const char *receipt, int64_t *id, struct err *e);
	int (*reply)(struct store *st, int64_t id, const char *text, struct errlist *errs, struct err *e);
	/* the thread and the answer form; sent: an answer was just sent */
	int (*thread)(struct req *rq, struct resp *rs, int64_t id, const char *receipt, const struct errlist *errs,
	              int sent);
};
/* The page asking for the receipt; re-shown with errs (400) when it did
 * not open. */
void anon_page_receipt_form(struct req *rq, struct resp *rs, const struct errlist *errs, const struct anon_return *r);
/* POST of the receipt (send 0) or of an answer with it (send 1): the gate,
 * the receipt (an unknown one re-shows the receipt page with the error),
 * the answer, then the thread. */
int anon_page_return(struct req *rq, struct resp *rs, const struct anon_return *r, int send);

#endif
