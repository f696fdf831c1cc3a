/* regpage.h — small helpers shared by the associations, circumstances and
 * AIR pages (associations_pages.c, circumstances_pages.c, air_pages.c). */
#ifndef PROBITY_REGPAGE_H
#define PROBITY_REGPAGE_H

#include "core/err.h"
#include "web/html.h"
#include "web/http.h"

/* The form's one-time submit key: the posted one when valid, else a new one. */
void regpage_submit_key(const struct req *rq, char key[65]);
/* Map a domain refusal to the right error page (403, 404, 409); -1 otherwise. */
int regpage_error(struct req *rq, struct resp *rs, const struct err *e);
/* The JSON error answer for a domain failure: 400, 403, 404, 409 or 500. */
void regpage_api_error(struct resp *rs, const struct err *e);
/* A link to path with the current query string (without page). */
void regpage_export_link(struct html *h, const struct req *rq, const char *path, const char *text);
/* The date part of an ISO timestamp. */
const char *regpage_day(const char *ts, char out[11]);

#endif
