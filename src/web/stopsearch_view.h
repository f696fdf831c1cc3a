/* stopsearch_view.h — markup shared by the stop and search (and use of
 * force) pages and the published site: the report table, the trend charts (server-rendered,
 * accessible SVG with a title, a description and the data table beside it)
 * and small-number suppression for publication. */
#ifndef PROBITY_STOPSEARCH_VIEW_H
#define PROBITY_STOPSEARCH_VIEW_H

#include "domain/stopsearch.h"
#include "web/html.h"
#include <jansson.h>

/* Groups to suppress for publication: bit g set when group g (0..6) has
 * between 1 and min-1 searches; when exactly one group would be suppressed,
 * the next smallest group with searches is suppressed too, so it cannot be
 * worked out from the total. min <= 0 suppresses nothing. */
unsigned ss_suppress_mask(const struct ss_row rows[SS_NGROUPS + 1], int64_t min);

/* The report as a GOV.UK table; suppressed groups show "[c]". */
void ss_html_report(struct html *h, const struct ss_row rows[SS_NGROUPS + 1], const char *caption, unsigned suppress);

/* The trend: the rates chart, the ratio chart, and a data table for each.
 * id makes the SVG element ids unique on the page. min as ss_suppress_mask
 * (applied per month). */
void ss_html_trend(struct html *h, const struct ss_month *m, size_t n, const char *id, int64_t min);
/* The same for another count than searches (use of force): the words in
 * the headings, titles and descriptions. */
struct ss_trend_words {
	const char *things;  /* "searches" */
	const char *Things;  /* "Searches" */
	const char *Title;   /* "Stop and search" (… rate per 1,000 people) */
	const char *verb;    /* "search" (each group's … rate) */
	const char *verbed;  /* "searched" (as likely as White people to be …) */
};
extern const struct ss_trend_words ss_trend_searches;
void ss_html_trend_words(struct html *h, const struct ss_month *m, size_t n, const char *id, int64_t min,
                         const struct ss_trend_words *w);

/* An area's name as a file name for the published site: lower-case letters
 * and digits, other runs as one '-' ("area" when nothing is left). In
 * stopsearch_publish.c; use of force's part names its files the same way. */
void ss_slug(const char *s, char *out, size_t n);

/* The areas a published part covers (at most 64), each with its first and
 * last month or day; pub_areas_add returns 1 (stop) once full. */
struct pub_area {
	char area[128], first[11], last[11];
};
struct pub_areas {
	struct pub_area v[64];
	int n;
};
int pub_areas_add(struct pub_areas *a, const char *area, const char *first, const char *last);
/* Write an area's page and its table as CSV to the published site (rel,
 * relcsv), then release both buffers. -1 with e set when either could not
 * be written or ran out of memory (ERR_NOMEM). In stopsearch_publish.c. */
struct publish_ctx;
int pub_area_files(struct publish_ctx *ctx, const char *rel, struct buf *page, const char *relcsv, struct buf *csv,
                   struct err *e);

/* The find-rate tables (withheld rows not named, counted) and the drug
 * searches by group from the force's records. */
void ss_html_finds(struct html *h, const struct ss_finds *f);
/* The warnings that travel with the figures, internal and published alike:
 * the population source, find-rate coverage, ethnicity not stated,
 * "no further action" marked linked, officer- versus self-defined, and the
 * disclosure rule when applied. */
void ss_html_caveats(struct html *h, const struct ss_row rows[SS_NGROUPS + 1], const struct ss_finds *f,
                     const char *pop_source);

/* Year by year: each group's rate per 1,000 with its ratio to White, part
 * years flagged; base_href (a report URL with area and ethnicity, already
 * with a '?') adds the year selector's links, NULL on the published site. */
void ss_html_years(struct html *h, const struct ss_year *y, size_t n, const char *base_href);

/* The use of force report as a GOV.UK table, on its page and on the
 * published site alike: the CSV's rows and columns; withheld groups "[c]". */
struct uof_report;
void uof_html_report(struct html *h, const struct uof_report *r, const char *caption);

/* A dip sample's published result: per group (those with assessed records)
 * and all, the records assessed, the share judged yes (yes_label heads the
 * column) and its 95% Wilson interval; a group with 1 to k-1 assessed
 * records is withheld ([c]); the overall result is always shown. Stop and
 * search and use of force both publish through it. */
void dip_html_result(struct html *h, const char *caption, const struct ss_sample_group g[SS_NGROUPS + 1],
                     const char *yes_label, const char *(*group_name)(int), long k);
/* The published site's dip samples section of an area: intro (markup) heads
 * it before the first assessed sample (*shown counts them); then each
 * sample's result as dip_html_result draws it, its groups read by groups. */
struct dip_published {
	const char *intro;
	const char *yes_label;
	const char *(*group_name)(int);
	int (*groups)(struct store *st, int64_t id, struct ss_sample_group g[SS_NGROUPS + 1], struct err *e);
	long k;
};
void dip_html_published(struct html *h, struct store *st, const struct dip_published *p, int *shown, int64_t id,
                        const char *caption);

/* "74.00% (64.63% to 81.60%)": y of n with its 95% Wilson interval ("–"
 * when n is 0), as the samples lists show it. */
void dip_wilson_text(int64_t y, int64_t n, char *out, size_t sz);
/* The same as JSON numbers rounded as shown, set on o: "share" (percent)
 * and "interval" {"low", "high"} (percent), both null when n is 0. */
void dip_wilson_json(json_t *o, int64_t y, int64_t n);

/* The form assessing one dip-sample record: the three verdicts (opts, as
 * radios named "verdict"), a comment, posted to action with the position;
 * mine: the form being re-shown with errs (the posted values kept), else the
 * saved verdict and comment. */
struct req;
struct option;
void dip_html_assess_form(struct html *h, const struct req *rq, const char *action, int position, const char *legend,
                          const struct option *opts, const char *comment_label, const char *saved_verdict,
                          const char *saved_comment, int mine, const struct errlist *errs);

/* A dip sample's internal "Result by group" table: per group with assessed
 * records, and all, the assessed count, the three verdicts' counts and the
 * share judged yes with its 95% Wilson interval; heads[] names the yes, no,
 * not-enough-information and share columns. */
void dip_html_groups(struct html *h, const struct ss_sample_group g[SS_NGROUPS + 1], const char *(*group_name)(int),
                     const char *const heads[4]);

/* The assessment form for one record of a sample page: posted to
 * base/ID/assess#rPOS (base "/stopsearch/samples"), shown with the errors
 * when err_pos is this record's position. */
void dip_html_record_form(struct html *h, const struct req *rq, const char *base, int64_t id, int position,
                          const char *legend, const struct option *opts, const char *comment_label,
                          const char *saved_verdict, const char *saved_comment, int err_pos,
                          const struct errlist *errs);

/* POST base/{id}/assess: one kind's assess function, then back to the
 * record on the sample page (base/ID#rPOS), or the page re-shown with the
 * errors (an input error) or the error page. */
struct resp;
struct store;
struct actor;
struct dip_assess_page {
	const char *base;
	int (*assess)(struct store *st, const struct actor *who, int64_t sample_id, int position, const char *verdict,
	              const char *comment, struct errlist *errs, struct err *e);
	int (*page)(struct req *rq, struct resp *rs, int err_pos, const struct errlist *errs);
};
int dip_assess_post(struct req *rq, struct resp *rs, const struct dip_assess_page *pg);

/* The samples list, newest first: begin (yes_head heads the share
 * column), a row a sample (its page is base/ID), end. */
struct dip_list_row {
	int64_t id;
	const char *drawn_at, *drawn_by;
	char covers[320];            /* area, period and how it was drawn, as text */
	int64_t assessed, size, yes;
};
void dip_html_samples_begin(struct html *h, const char *yes_head);
void dip_html_samples_row(struct html *h, const char *base, const struct dip_list_row *r);
void dip_html_samples_end(struct html *h);

/* The samples page's "Draw a new sample" form up to the kind's own fields:
 * its heading, the form posted to base with a fresh submit key, and the
 * area select (areas[0..n)). dip_html_size_seed adds the size and seed
 * every kind asks for (dipsample.h's dip_size_seed checks them). */
void dip_html_draw_begin(struct html *h, const struct req *rq, const char *base, const struct option *areas,
                         size_t n, const struct errlist *errs);
void dip_html_size_seed(struct html *h, const struct req *rq, const struct errlist *errs);

/* One record's card on a sample page: "Record POS of SIZE: " what then ref
 * heads it (id rPOS, the assess form's anchor); its rows and form go
 * between begin and end. */
void dip_html_record_begin(struct html *h, int position, int64_t size, const char *what, const char *ref);
void dip_html_record_end(struct html *h);

/* ss_group_names[g], as the tables above take a group's name. */
const char *ss_group_label(int g);

/* "Self-defined ethnicity" or "Officer-defined ethnicity". */
const char *ss_basis_label(int officer);

#endif
