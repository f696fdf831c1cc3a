/* regpage.h — small helpers shared by the pages files (first written for the
 * associations, circumstances and AIR pages; the registers' filter bars, error
 * mapping and export links of the other pages use them too). */
#ifndef PROBITY_REGPAGE_H
#define PROBITY_REGPAGE_H

#include "core/err.h"
#include "domain/register.h"
#include "domain/status.h"
#include "web/html.h"
#include "web/http.h"
#include "web/layout.h"
#include <jansson.h>
#include <stdint.h>

/* The form's one-time submit key: the posted one when valid, else a new one. */
void regpage_submit_key(const struct req *rq, char key[65]);
/* A link to path with the current query string (without page). */
void regpage_export_link(struct html *h, const struct req *rq, const char *path, const char *text);
/* A register's count and export links: <p>N nouns match. Download: CSV or
 * Excel (XLSX)</p>, linking to path.csv and path.xlsx with the current filters. */
void regpage_count_exports(struct html *h, const struct req *rq, long total, const char *noun, const char *path);
/* The same, "About N …" when about (the count is an estimate). */
void regpage_count_exports_about(struct html *h, const struct req *rq, long total, int about, const char *noun,
                                 const char *path);
/* Make rs a download: Content-Type ctype (a literal, as resp needs) and
 * Content-Disposition attachment; filename="STEM-YYYY-MM-DD.EXT" (today). */
void regpage_download(struct resp *rs, const char *ctype, const char *stem, const char *ext);
/* regpage_download as a register export: the XLSX type and .xlsx when xlsx,
 * else CSV. */
void regpage_export_download(struct resp *rs, const char *stem, int xlsx);
/* A page of a JSON list: {"total", "page", "per_page", "items"} (takes items). */
json_t *regpage_json_page(long total, int page, int per_page, json_t *items);
/* ?per_page=N when 1..500, else dflt; -1 (every row) when the API asks for
 * the whole list to filter by changed_since (web/api.h). */
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

/* A register's From and To filters (each a GOV.UK date input, joined into
 * the query's "from" and "to"): a date that is not real, or a To before
 * From, is named in errs and that filter left out (NULL). */
void regpage_date_range(const struct req *rq, struct errlist *errs, const char **from, const char **to);
/* A status filter's options into out (room for cap): ("", any) unless any
 * is NULL, then one per status of t[0..n) with its filter label. Returns
 * how many. */
size_t regpage_status_options(struct option *out, size_t cap, const char *any, const struct status_def *t, size_t n);

/* ---- a register's read side (domain/register.h) ---- */

/* rec as a JSON object: "id", "reference", then every field with a JSON key
 * in field-list order ("a.b" nests b in object a). */
json_t *regpage_record_json(const struct record_def *d, const void *rec);
/* Answer a JSON list of scope for filter: {"total", "page", "per_page",
 * "items"}; a refusal or failure through api_fail (web/errmap.h). */
int regpage_api_list(struct req *rq, struct resp *rs, const struct register_def *r, int scope, const void *filter,
                     int page, int per_page);
/* Answer the record whose id is the path's {id} as JSON, through r->get's
 * need-to-know check. */
int regpage_api_item(struct req *rq, struct resp *rs, const struct register_def *r);
/* Answer the register's rows for filter as a download STEM-DATE.csv (xlsx 0;
 * with a UTF-8 byte-order mark unless ?bom=0) or .xlsx, streamed (resp.stream:
 * the first run checks the role, the second writes the rows); a refusal
 * through page_fail. */
int regpage_export(struct req *rq, struct resp *rs, const struct register_def *r, const void *filter, int xlsx,
                   const char *stem);

/* ---- back links that return to the filtered list ----
 * A register list's rows link to a record with ?back= the list's own path
 * and query (its filters, sort and page); the record's page takes that as
 * its back link only when it names one of that page's own list paths
 * followed by nothing but a percent-encoded query string, so back= can
 * never send anyone elsewhere (no other site, no //host, no javascript:). */
#define REGPAGE_BACK_MAX 600
/* In a row of regpage_list's table (paged lists: regpage_list sets h->rq):
 * "?back=" and the list's path and query, encoded for a link's href after
 * the record's path; "" elsewhere or when too long. Returns out. */
const char *regpage_back_arg(const struct html *h, char out[REGPAGE_BACK_MAX]);
/* A record page's back link: the request's back= when it is one of lists
 * (NULL-terminated paths, e.g. "/gifts/register") with at most a query
 * string of letters, digits and -._~%=&+ after a '?'; else dflt. Returns
 * out or dflt. */
const char *regpage_back(const struct req *rq, const char *const *lists, const char *dflt,
                         char out[REGPAGE_BACK_MAX]);
/* A record page's form that returns to the list: path (the form's action)
 * with the request's back= carried on when regpage_back accepts it. */
void regpage_back_on(struct buf *out, const struct req *rq, const char *const *lists, const char *path);
/* Where that form's POST redirects when it succeeds: the request's back=
 * list (as regpage_back checks it), else dflt (a path without a query),
 * with done=DONE added for the list's banner. */
void regpage_back_done(struct buf *out, const struct req *rq, const char *const *lists, const char *dflt,
                       const char *done);

/* One table row (table_row_begin ... table_row_end) for rec; arg as given. */
typedef void (*regpage_row_fn)(struct html *h, const void *rec, const void *arg);
/* What a list's table shows around its rows (list_table in layout.h). */
struct regpage_table {
	const char *caption;
	const char *empty;                 /* when nothing matches; NULL: nothing */
	const struct column *cols;
	size_t ncols;
	regpage_row_fn row;
	const void *arg;                   /* passed to row */
	int unpaged;                       /* the first per_page rows only, no page or sort
	                                    * links (a short list on another record's page) */
};
/* List scope for filter and append its table (or the empty text) with
 * paging for page and per_page to out; *total is every match. */
int regpage_list(struct buf *out, struct req *rq, const struct register_def *r, int scope, const void *filter,
                 int page, int per_page, const struct regpage_table *t, long *total, struct err *e);
/* A person's declarations beside a decision on one of them: the first
 * per_page rows of scope and filter (the decider's own list scope, so the
 * view is logged like any list and shows nothing they could not list),
 * unpaged and unsorted, then a link to all_href when there are more. Nothing
 * when the list fails. */
void regpage_history(struct html *h, struct req *rq, const struct register_def *r, int scope, const void *filter,
                     int per_page, const struct regpage_table *t, const char *all_href);

#endif
