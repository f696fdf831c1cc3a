/* regpage.h — small helpers shared by the pages files (first written for the
 * associations, circumstances and AIR pages; the registers' filter bars, error
 * mapping and export links of the other pages use them too). */
#ifndef PROBITY_REGPAGE_H
#define PROBITY_REGPAGE_H

#include "core/err.h"
#include "web/html.h"
#include "web/http.h"
#include "web/layout.h"
#include <jansson.h>
#include <stdint.h>

/* The form's one-time submit key: the posted one when valid, else a new one. */
void regpage_submit_key(const struct req *rq, char key[65]);
/* Map a domain refusal to the right error page (403, 404, 409); -1 otherwise. */
int regpage_error(struct req *rq, struct resp *rs, const struct err *e);
/* The JSON error answer for a domain failure: 400, 403, 404, 409 or 500. */
void regpage_api_error(struct resp *rs, const struct err *e);
/* A link to path with the current query string (without page). */
void regpage_export_link(struct html *h, const struct req *rq, const char *path, const char *text);
/* A register's count and export links: <p>N nouns match. Download: CSV or
 * Excel (XLSX)</p>, linking to path.csv and path.xlsx with the current filters. */
void regpage_count_exports(struct html *h, const struct req *rq, long total, const char *noun, const char *path);
/* Make rs a download: Content-Type ctype (a literal, as resp needs) and
 * Content-Disposition attachment; filename="STEM-YYYY-MM-DD.EXT" (today). */
void regpage_download(struct resp *rs, const char *ctype, const char *stem, const char *ext);
/* regpage_download as a register export: the XLSX type and .xlsx when xlsx,
 * else CSV. */
void regpage_export_download(struct resp *rs, const char *stem, int xlsx);
/* A page of a JSON list: {"total", "page", "per_page", "items"} (takes items). */
json_t *regpage_json_page(long total, int page, int per_page, json_t *items);
/* ?per_page=N when 1..500, else dflt. */
int regpage_per_page(const struct req *rq, int dflt);
/* Redirect (303) to prefix, the id in decimal, then suffix, e.g.
 * ("/gifts/", 12, "?done=created") to /gifts/12?done=created. */
void regpage_redirect_id(struct resp *rs, const char *prefix, int64_t id, const char *suffix);
/* The UK date (YYYY-MM-DD) of a UTC ISO timestamp; show it with %D. */
const char *regpage_day(const char *ts, char out[11]);

/* The buttons of a register's GET filter form: the current sort kept as a
 * hidden field, "Apply filters" and a "Clear filters" link to clear_href. The
 * caller opens and closes the button group around them. */
void regpage_filter_buttons(struct html *h, const struct req *rq, const char *clear_href);

/* The filter bars' unit <select> (name "unit", keeping ?unit=): "All units"
 * (0), then every unit indented by depth so the hierarchy shows. */
void regpage_unit_select(struct html *h, const struct req *rq);

#endif
